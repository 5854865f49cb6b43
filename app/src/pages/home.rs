//! The home page: what Covered is, for whom, and where each section is.

use leptos::prelude::*;

use crate::i18n::{UiText, use_i18n};
use crate::pages::SECTIONS;
use crate::state::carry;

/// The `/` page.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let audiences = [
        (UiText::AudienceStaff, UiText::AudienceStaffNeed),
        (UiText::AudienceCustomers, UiText::AudienceCustomersNeed),
        (UiText::AudienceSales, UiText::AudienceSalesNeed),
    ]
    .map(|(who, need)| {
        view! {
            <li>
                <strong>{i18n.text(who)}</strong>
                " — "
                {i18n.text(need)}
            </li>
        }
    });
    let cards = SECTIONS.map(|section| {
        view! {
            <li class="card">
                <h3>
                    <a href=carry(section.href)>{i18n.text(section.title)}</a>
                </h3>
                <p>{i18n.text(section.summary)}</p>
            </li>
        }
    });
    view! {
        <h1>{i18n.text(UiText::ProductTagline)}</h1>
        <p class="lead">{i18n.text(UiText::HomeLead)}</p>
        <section aria-labelledby="audience-heading">
            <h2 id="audience-heading">{i18n.text(UiText::AudienceHeading)}</h2>
            <ul class="audiences">{audiences}</ul>
        </section>
        <section aria-labelledby="pages-heading">
            <h2 id="pages-heading">{i18n.text(UiText::PagesHeading)}</h2>
            <ul class="cards" data-testid="sections">{cards}</ul>
        </section>
    }
}
