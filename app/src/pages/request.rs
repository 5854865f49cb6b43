//! Submit a request: a guided form with the verdict and deadlines shown as you answer.

use leptos::prelude::*;

use crate::components::PageIntro;
use crate::i18n::UiText;

/// The `/request` page.
#[component]
pub fn RequestPage() -> impl IntoView {
    view! { <PageIntro title=UiText::RequestTitle summary=UiText::RequestSummary/> }
}
