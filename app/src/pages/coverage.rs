//! Coverage self-check: is a request covered, what is left this year, how fast it is handled.
//!
//! The check lives in the address: `?contract=…&branch=…&product=…&version=…&category=…&answers={json}`
//! (plus `now` and `data`), so a filled-in check can be shared as a link.

use std::sync::Arc;

use covered_core::contract::DataSet;
use leptos::prelude::*;

use crate::components::{PageIntro, Part, RequestFields, VerdictBar, VerdictView};
use crate::form::{Draft, Questions, live_verdict};
use crate::i18n::UiText;
use crate::pages::with_data;
use crate::state::{query_param, use_portal};
use covered_core::coverage::Status;

/// The request the address describes (`contract`, `branch`, `product`, `version`,
/// `category`, `answers`): the self-check's own address, and what it hands to the
/// request form.
pub(crate) fn draft_from_url() -> Draft {
    let get = |k| query_param(k).unwrap_or_default();
    Draft {
        contract: get("contract"),
        branch: get("branch"),
        product: get("product"),
        version: get("version"),
        category: get("category"),
        answers: query_param("answers")
            .and_then(|a| serde_json::from_str(&a).ok())
            .unwrap_or_default(),
        ..Draft::default()
    }
}

/// `path?…` with the carried parameters and the request `d`.
fn address(path: &str, d: &Draft) -> String {
    let Ok(params) = web_sys::UrlSearchParams::new() else {
        return path.to_owned();
    };
    for k in ["data", "now", "lang"] {
        if let Some(v) = query_param(k) {
            params.set(k, &v);
        }
    }
    params.set("contract", &d.contract);
    params.set("branch", &d.branch);
    params.set("product", &d.product);
    params.set("version", &d.version);
    params.set("category", &d.category);
    if !d.answers.is_empty() {
        params.set(
            "answers",
            &serde_json::to_string(&d.answers).unwrap_or_default(),
        );
    }
    format!("{path}?{}", String::from(params.to_string()))
}

fn write_url(d: &Draft) {
    let url = address("/coverage", d);
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The `/coverage` page.
#[component]
pub fn CoveragePage() -> impl IntoView {
    view! {
        <PageIntro title=UiText::CoverageTitle summary=UiText::CoverageSummary/>
        {with_data(|data| view! { <CoverageCheck data=data/> }.into_any())}
    }
}

#[component]
fn CoverageCheck(data: Arc<DataSet>) -> impl IntoView {
    crate::state::mark("covered:page");
    let portal = use_portal();
    let mut initial = draft_from_url();
    initial.fill_defaults(&data);
    let draft = RwSignal::new(initial);
    // The address follows the form once the user changes something (a bare
    // `/coverage` stays bare until then). It is written after the next frame, once for
    // the keys typed by then: the browser takes milliseconds to replace the address, and
    // the verdict is on screen first. Gone to another page by then, the draft is gone
    // with the check, and that page's address stays.
    let writing = std::rc::Rc::new(std::cell::Cell::new(false));
    Effect::new(move |seen: Option<()>| {
        draft.track();
        if seen.is_some() && !writing.replace(true) {
            let writing = writing.clone();
            request_animation_frame(move || {
                set_timeout(
                    move || {
                        writing.set(false);
                        if !draft.is_disposed() {
                            draft.with_untracked(write_url);
                        }
                    },
                    std::time::Duration::ZERO,
                );
            });
        }
    });
    let live = live_verdict(portal, draft);
    let questions = Questions::of(live, draft);
    let i18n = crate::i18n::use_i18n();
    let data_v = data.clone();
    let bar_open = RwSignal::new(false);
    view! {
        <div class="check">
            <form class="check__form" on:submit=|ev| ev.prevent_default()>
                <RequestFields data=data draft=draft questions=questions
                    parts=vec![Part::Who, Part::Product, Part::Category, Part::Questions]/>
            </form>
            // On a phone the verdict comes after the whole form: its line stays in sight.
            <div class="verdict-bar no-print" data-testid="verdict-bar">
                {move || live.get().and_then(|l| l.verdict.ok()).map(|v| view! { <VerdictBar verdict=v open=bar_open/> })}
            </div>
            <div class="check__result" data-testid="result"
                data-recompute-ms=move || live.get().map(|l| l.millis_text())>
                {move || live.get().map(|l| {
                    let only_answers = l.only_refused_answers();
                    match l.verdict {
                        Ok(v) => view! { <VerdictView verdict=v data=data_v.clone()/> }.into_any(),
                        Err(_) if only_answers => view! {
                            <p class="alert" data-testid="fix-answers">{i18n.text(crate::i18n::UiText::FixAnswers)}</p>
                        }.into_any(),
                        Err(p) => view! { <ul class="problems">{p.0.iter().map(|p| {
                            let (place, p) = (format!("{}: {}: ", p.file, p.path), p.clone());
                            view! { <li>{place}{move || p.text(i18n.lang())}</li> }
                        }).collect_view()}</ul> }.into_any(),
                    }
                })}
                // Outside the contract (its period, branch or products) there is nothing to
                // ask for under it: the alternatives above say what would be.
                {move || live.with(|l| l.as_ref().is_some_and(|l| l.verdict.as_ref().is_ok_and(|v| v.coverage.status != Status::OutsideContract)))
                    .then(|| view! {
                    <p class="no-print">
                        <a class="button button--primary" data-testid="continue-to-request"
                            href=move || format!("{}&{FROM_CHECK}=1", address("/request", &draft.get()))>
                            {i18n.text(crate::i18n::UiText::ContinueToRequest)}
                        </a>
                    </p>
                })}
            </div>
        </div>
    }
}

/// The parameter that tells the request form its request comes from the self-check.
pub(crate) const FROM_CHECK: &str = "from_check";
