//! The home page: what Covered is, for whom, and where each section is.

use leptos::prelude::*;
use leptos_router::components::A;

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
                <strong>{move || i18n.t(who)}</strong>
                " — "
                {move || i18n.t(need)}
            </li>
        }
    });
    let cards = SECTIONS.map(|section| {
        view! {
            <li class="card">
                <h3>
                    <A href=carry(section.href)>{move || i18n.t(section.title)}</A>
                </h3>
                <p>{move || i18n.t(section.summary)}</p>
            </li>
        }
    });
    view! {
        <h1>{move || i18n.t(UiText::ProductTagline)}</h1>
        <p class="lead">{move || i18n.t(UiText::HomeLead)}</p>
        <section aria-labelledby="audience-heading">
            <h2 id="audience-heading">{move || i18n.t(UiText::AudienceHeading)}</h2>
            <ul class="audiences">{audiences}</ul>
        </section>
        <section aria-labelledby="pages-heading">
            <h2 id="pages-heading">{move || i18n.t(UiText::PagesHeading)}</h2>
            <ul class="cards">{cards}</ul>
        </section>
    }
}
