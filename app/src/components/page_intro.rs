//! A page's heading and the sentence that says what the page is for.

use leptos::prelude::*;

use crate::i18n::{UiText, use_i18n};

/// The top of a page.
#[component]
pub fn PageIntro(
    /// The page's `<h1>`.
    title: UiText,
    /// One sentence under the heading: what the page does for its reader.
    summary: UiText,
    /// Leave the heading off paper: the page prints a form with its own title.
    #[prop(optional)]
    form_prints_title: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1 class:no-print=form_prints_title>{i18n.text(title)}</h1>
        <p class="lead">{i18n.text(summary)}</p>
    }
}
