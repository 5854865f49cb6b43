//! The main navigation: the home page and every section of the portal.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{UiText, use_i18n};
use crate::pages::SECTIONS;
use crate::state::carry;

/// Links to the home page and each of [`SECTIONS`]; the router marks the current one
/// with `aria-current="page"`.
#[component]
pub fn MainNav() -> impl IntoView {
    let i18n = use_i18n();
    let sections = SECTIONS.map(|section| {
        view! {
            <li>
                <A href=carry(section.href)>{i18n.text(section.title)}</A>
            </li>
        }
    });
    view! {
        <nav class="main-nav" aria-label=i18n.text(UiText::MainNavLabel)>
            <ul>
                <li>
                    <A href=carry("/") exact=true>{i18n.text(UiText::NavHome)}</A>
                </li>
                {sections}
            </ul>
        </nav>
    }
}
