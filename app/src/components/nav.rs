//! The main navigation: the home page and every section of the portal.

use leptos::prelude::*;

use crate::i18n::{UiText, use_i18n};
use crate::pages::SECTIONS;
use crate::router::use_location;
use crate::state::carry;

/// Links to the home page and each of [`SECTIONS`]; the current one is marked with
/// `aria-current="page"`.
#[component]
pub fn MainNav() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let current = move |href: &'static str| move || location.is_current(href).then_some("page");
    let sections = SECTIONS.map(|section| {
        view! {
            <li>
                <a href=carry(section.href) aria-current=current(section.href)>{i18n.text(section.title)}</a>
            </li>
        }
    });
    view! {
        <nav class="main-nav" aria-label=i18n.text(UiText::MainNavLabel)>
            <ul>
                <li>
                    <a href=carry("/") aria-current=current("/")>{i18n.text(UiText::NavHome)}</a>
                </li>
                {sections}
            </ul>
        </nav>
    }
}
