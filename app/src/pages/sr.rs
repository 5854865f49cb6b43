//! `/sr/:contract/:sr`: one submitted request's SR form, on its own page so that it can
//! be bookmarked, shared within the library and printed (A4).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::components::{PageIntro, SrForm};
use crate::i18n::{UiText, use_i18n};
use crate::pages::with_data;
use crate::state::{carry, use_portal};

/// The `/sr/:contract/:sr` page.
#[component]
pub fn SrPage() -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let params = use_params_map();
    view! {
        <PageIntro title=UiText::SrFormTitle summary=UiText::RequestSummary/>
        {with_data(move |data| {
            let data = data.clone();
            view! {
                {move || {
                    let (contract, sr) = params.with(|p| (p.get("contract").unwrap_or_default(), p.get("sr").unwrap_or_default()));
                    let found = portal.submissions.with(|all| all.iter().find(|s| s.contract == contract && s.sr == sr).cloned());
                    match found {
                        Some(s) => view! { <SrForm s=s data=data.clone()/> }.into_any(),
                        None => view! {
                            <p class="alert" role="alert" data-testid="sr-missing">{move || i18n.t(UiText::SrNotFound)}</p>
                        }.into_any(),
                    }
                }}
                <p class="no-print"><A href=carry("/request")>{move || i18n.t(UiText::SrBackToRequests)}</A></p>
            }.into_any()
        })}
    }
}
