//! The banner on every page: product name, tagline, language switch and navigation.

use leptos::prelude::*;

use crate::components::{AccountLine, LangSwitch, MainNav};
use crate::i18n::{UiText, use_i18n};
use crate::state::carry;

/// The site header.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <div class="site-header__bar">
                // Not marked as the current page: the navigation's home link is.
                <a href=carry("/") class="brand">
                    <span class="brand__name">"Covered"</span>
                    <span class="brand__tagline">{i18n.text(UiText::ProductTagline)}</span>
                </a>
                <AccountLine/>
                <LangSwitch/>
            </div>
            <MainNav/>
        </header>
    }
}
