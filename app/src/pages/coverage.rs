//! Coverage self-check: is a request covered, what is left this year, how fast it is handled.

use leptos::prelude::*;

use crate::components::PageIntro;
use crate::i18n::UiText;

/// The `/coverage` page.
#[component]
pub fn CoveragePage() -> impl IntoView {
    view! { <PageIntro title=UiText::CoverageTitle summary=UiText::CoverageSummary/> }
}
