//! `/sr/:contract/:sr`: one submitted request's SR form, on its own page so that it can
//! be bookmarked, shared within the library and printed (A4).

use leptos::prelude::*;
use serde_json::{Value, json};

use crate::components::{ClockBadge, ClockDue, PageIntro, SrForm};
use crate::i18n::{UiText, use_i18n};
use crate::pages::with_data;
use crate::router::{Route, use_location};
use crate::server::{self, Session};
use crate::state::{carry, use_portal};
use covered_core::status::request_clocks;

/// The `/sr/:contract/:sr` page.
#[component]
pub fn SrPage() -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let location = use_location();
    view! {
        <PageIntro title=UiText::SrFormTitle summary=UiText::SrSummary form_prints_title=true/>
        {with_data(move |data| {
            let data = data.clone();
            view! {
                {move || {
                    let Route::Sr { contract, sr } = location.route() else {
                        return ().into_any();
                    };
                    let found = portal.submissions.with(|all| all.iter().find(|s| s.contract == contract && s.sr == sr).cloned());
                    match found {
                        Some(s) => {
                            // With a server: its record of the request, and the status in it.
                            let record = RwSignal::new(None::<Value>);
                            let words = Signal::derive(move || {
                                record.with(|r| r.as_ref().and_then(|r| r.get("status")?.as_str().map(str::to_owned)))
                                    .map(|s| server::status_words(&s, i18n.lang()))
                            });
                            // Its clocks now: due, met or breached, or the time left.
                            let clocks = data
                                .contract(&s.contract)
                                .and_then(|c| request_clocks(&data.catalog, c, &s.to_past_request(), portal.now(&data)).ok())
                                .unwrap_or_default();
                            view! {
                                <SrForm s=s.clone() data=data.clone() server_status=words/>
                                {(!clocks.is_empty()).then(|| view! {
                                    <section class="panel no-print" aria-labelledby="sr-clocks">
                                        <h2 id="sr-clocks">{i18n.text(UiText::DeadlinesHeading)}</h2>
                                        <ul class="plain" data-testid="sr-clocks">
                                            {clocks.into_iter().map(|c| {
                                                let id = c.clock.clone();
                                                view! { <li data-clock=id><ClockDue clock=c.clone()/>" "<ClockBadge clock=c/></li> }
                                            }).collect_view()}
                                        </ul>
                                    </section>
                                })}
                                {portal.session().map(|session| view! { <ServerRecord session=session contract=s.contract.clone() sr=s.sr.clone() record=record/> })}
                            }.into_any()
                        }
                        None => view! {
                            <p class="alert" role="alert" data-testid="sr-missing">{i18n.text(UiText::SrNotFound)}</p>
                        }.into_any(),
                    }
                }}
                <p class="no-print"><a href=carry("/request")>{i18n.text(UiText::SrBackToRequests)}</a></p>
            }.into_any()
        })}
    }
}

/// With `covered serve`: the request as the server keeps it — its status, the events so
/// far, a comment box, and for vendor staff the status changes the workflow allows.
#[component]
fn ServerRecord(
    session: Session,
    contract: String,
    sr: String,
    /// Filled with the server's record of the request (`GET /api/requests/{id}`).
    record: RwSignal<Option<Value>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problem = RwSignal::new(None::<String>);
    let comment = RwSignal::new(String::new());
    let reload = move |contract: String, sr: String| {
        wasm_bindgen_futures::spawn_local(async move {
            match server::request_by_sr(&contract, &sr).await {
                Ok(r) => record.set(r),
                Err(e) => problem.set(Some(e)),
            }
        });
    };
    reload(contract.clone(), sr.clone());
    let key = StoredValue::new((contract, sr));
    let session = StoredValue::new(session);
    let act = move |what: &'static str, body: Value| {
        let Some(id) = record.with_untracked(|r| {
            r.as_ref()
                .and_then(|r| r.get("id")?.as_str().map(str::to_owned))
        }) else {
            return;
        };
        let s = session.get_value();
        let (contract, sr) = key.get_value();
        wasm_bindgen_futures::spawn_local(async move {
            match server::act(&s, &id, what, &body).await {
                Ok(()) => {
                    problem.set(None);
                    if what == "comments" {
                        comment.set(String::new());
                    }
                    reload(contract, sr);
                }
                Err(e) => problem.set(Some(e)),
            }
        });
    };
    let text = |r: &Value, k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let vendor = session.with_value(|s| s.role == "vendor");
    view! {
        <section class="panel no-print" aria-labelledby="record-h" data-testid="server-record">
            <h2 id="record-h">{i18n.text(UiText::ServerRecord)}</h2>
            {move || record.get().map(|r| {
                let status = text(&r, "status");
                let next: Vec<String> = r.get("next_statuses").and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect())
                    .unwrap_or_default();
                let events: Vec<Value> = r.get("events").and_then(Value::as_array).cloned().unwrap_or_default();
                view! {
                    <p>
                        {i18n.text(UiText::SrStatus)}": "
                        <strong data-testid="server-status">{let s = status.clone(); move || server::status_words(&s, i18n.lang())}</strong>
                    </p>
                    <ol class="events" data-testid="events">
                        {events.into_iter().map(|e| {
                            let at = text(&e, "at").replace('T', " ");
                            let by = Some(text(&e, "by_name")).filter(|n| !n.is_empty()).unwrap_or_else(|| text(&e, "by"));
                            let body = text(&e, "body");
                            let st = text(&e, "status");
                            let kind = text(&e, "kind");
                            view! {
                                <li>
                                    <span class="muted">{at.get(..16).unwrap_or(&at).to_owned()}" · "{by}" · "</span>
                                    {move || if kind == "comment" { body.clone() } else { server::status_words(&st, i18n.lang()) }}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    {vendor.then(|| view! {
                        <p class="history__actions">
                            {next.into_iter().map(|n| {
                                let label = n.clone();
                                view! {
                                    <button type="button" class="button" data-testid=format!("to-{n}")
                                        on:click=move |_| act("status", json!({"status": n.clone()}))>
                                        {move || format!("→ {}", server::status_words(&label, i18n.lang()))}
                                    </button>
                                }
                            }).collect_view()}
                        </p>
                    })}
                }
            })}
            <form on:submit=move |ev| { ev.prevent_default(); let b = comment.get_untracked(); if !b.trim().is_empty() { act("comments", json!({"body": b})); } }>
                <div class="field">
                    <label for="comment">{i18n.text(UiText::CommentLabel)}</label>
                    <textarea id="comment" data-testid="comment" rows="2"
                        prop:value=move || comment.get()
                        on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </div>
                <button type="submit" class="button" data-testid="comment-send">{i18n.text(UiText::CommentSend)}</button>
            </form>
            {move || problem.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
    }
}
