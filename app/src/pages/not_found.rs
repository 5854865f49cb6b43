//! The page for an address the portal does not know.

use leptos::prelude::*;

use crate::components::PageIntro;
use crate::i18n::{UiText, use_i18n};
use crate::state::carry;

/// Shown for any unknown path.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageIntro title=UiText::NotFoundTitle summary=UiText::NotFoundSummary/>
        <p>
            <a href=carry("/")>{i18n.text(UiText::BackHome)}</a>
        </p>
    }
}
