//! The home page: what Covered is, for whom, and where each section is.

use leptos::prelude::*;

use crate::i18n::{UiText, use_i18n};
use crate::pages::SECTIONS;
use crate::state::{Load, carry, use_portal};
use covered_core::contract::Terms;

/// The `/` page.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let lang = move || i18n.lang();
    let loaded = move || match portal.data.get() {
        Load::Ready(data) => Some(data),
        _ => None,
    };
    // The customer's staff as the vendor's data calls them ("도서관 담당자" for the
    // library sample); neutral words until the data is in.
    let staff = move || {
        loaded().map_or_else(
            || Terms::default().staff.get(lang()).to_owned(),
            |d| d.catalog.terms.staff.get(lang()).to_owned(),
        )
    };
    let data_from = move || {
        loaded().map(|d| {
            i18n.t(UiText::DataFrom)
                .replace("{vendor}", d.catalog.vendor_name.get(lang()))
                .replace("{version}", &d.catalog.version)
        })
    };
    let audiences = view! {
        <li><strong data-testid="audience-staff">{staff}</strong>" — "{i18n.text(UiText::AudienceStaffNeed)}</li>
        <li><strong>{i18n.text(UiText::AudienceCustomers)}</strong>" — "{i18n.text(UiText::AudienceCustomersNeed)}</li>
        <li><strong>{i18n.text(UiText::AudienceSales)}</strong>" — "{i18n.text(UiText::AudienceSalesNeed)}</li>
    };
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
        <p class="muted" data-testid="data-from">{data_from}</p>
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
