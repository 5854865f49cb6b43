//! Contract status: period, tier, limited services left and expiry.

use leptos::prelude::*;

use crate::components::PageIntro;
use crate::i18n::UiText;

/// The `/status` page.
#[component]
pub fn StatusPage() -> impl IntoView {
    view! { <PageIntro title=UiText::StatusTitle summary=UiText::StatusSummary/> }
}
