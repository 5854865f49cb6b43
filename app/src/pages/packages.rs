//! Package comparison: Bronze to Platinum side by side.

use leptos::prelude::*;

use crate::components::PageIntro;
use crate::i18n::UiText;

/// The `/packages` page.
#[component]
pub fn PackagesPage() -> impl IntoView {
    view! { <PageIntro title=UiText::PackagesTitle summary=UiText::PackagesSummary/> }
}
