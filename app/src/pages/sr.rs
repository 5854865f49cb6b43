//! `/sr/:contract/:sr`: one submitted request's SR form, on its own page so that it can
//! be bookmarked, shared within the library and printed (A4).

use std::sync::Arc;

use covered_core::contract::DataSet;
use covered_core::i18n::Lang;
use covered_core::lifecycle::{self, Action, Actor, Record};
use covered_core::submission::Submission;
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
    // A rating or a move of a request kept in the browser is saved.
    crate::state::preload_store();
    let i18n = use_i18n();
    let portal = use_portal();
    let location = use_location();
    view! {
        <PageIntro title=UiText::SrFormTitle summary=UiText::SrSummary form_prints_title=true/>
        {with_data(move |data| {
            let data = data.clone();
            // The request as the portal knows it, redrawn only when it changes (a move
            // made here, the server's record of it read again).
            let found = Memo::new(move |_| {
                let Route::Sr { contract, sr } = location.route() else {
                    return None;
                };
                portal.submissions.with(|all| all.iter().find(|s| s.filing.contract == contract && s.sr == sr).cloned())
            });
            view! {
                {move || {
                    let Route::Sr { .. } = location.route() else {
                        return ().into_any();
                    };
                    match found.get() {
                        Some(s) => {
                            // With a server: its record of the request, and the status in it.
                            let record = RwSignal::new(None::<Value>);
                            let data_words = data.clone();
                            let words = Signal::derive(move || {
                                let catalog = &data_words.catalog;
                                record.with(|r| r.as_ref().and_then(|r| r.get("status")?.as_str().map(str::to_owned)))
                                    .map(|s| server::status_words(catalog, &s, i18n.lang()))
                            });
                            // Its clocks now — running with the time left, paused since when,
                            // met or breached — as covered-core reads its record: the server's
                            // once that is in (a move made on this page stops or pauses them),
                            // else as this browser keeps it.
                            let data_clocks = data.clone();
                            let s_clocks = s.clone();
                            let paid = s.filing.paid;
                            let clocks = move || {
                                let data = &data_clocks;
                                let mut s = s_clocks.clone();
                                record.with(|r| {
                                    if let Some(r) = r
                                        && let Ok(rec) = Record::from_json(r.get("record").unwrap_or(&Value::Null), "record")
                                    {
                                        if let Some(lc) = &data.catalog.lifecycle {
                                            s.status = lc.kind(&rec.status);
                                        }
                                        s.record = Some(rec);
                                    }
                                });
                                data.contract(&s.filing.contract)
                                    .and_then(|c| request_clocks(&data.catalog, c, &s.to_past_request(&data.catalog), s.record.as_ref(), portal.now(data)).ok())
                                    .unwrap_or_default()
                            };
                            view! {
                                <SrForm s=s.clone() data=data.clone() server_status=words/>
                                {move || {
                                    let clocks = clocks();
                                    // Paid work runs no contract clocks (covered-core's rule):
                                    // the page says so where the deadlines would be, on paper too.
                                    (!clocks.is_empty() || paid).then(|| view! {
                                        <section class="panel" aria-labelledby="sr-clocks">
                                            <h2 id="sr-clocks">{i18n.text(UiText::DeadlinesHeading)}</h2>
                                            {paid.then(|| view! { <p data-testid="sr-no-clocks">{i18n.text(PageText::PaidNoClocks)}</p> })}
                                            {(!clocks.is_empty()).then(|| view! {
                                                <ul class="plain" data-testid="sr-clocks">
                                                    {clocks.into_iter().map(|c| {
                                                        let id = c.clock.clone();
                                                        view! { <li data-clock=id><ClockDue clock=c.clone()/>" "<ClockBadge clock=c/></li> }
                                                    }).collect_view()}
                                                </ul>
                                            })}
                                        </section>
                                    })
                                }}
                                {match portal.session() {
                                    Some(session) => view! { <ServerRecord session=session data=data.clone() contract=s.filing.contract.clone() sr=s.sr.clone() record=record/> }.into_any(),
                                    None => view! { <LocalRecord data=data.clone() s=s.clone()/> }.into_any(),
                                }}
                            }.into_any()
                        }
                        None => view! {
                            <p class="alert" role="alert" data-testid="sr-missing">{i18n.text(PageText::SrNotFound)}</p>
                        }.into_any(),
                    }
                }}
                <p class="no-print"><a href=carry("/request")>{i18n.text(PageText::SrBackToRequests)}</a></p>
            }.into_any()
        })}
    }
}

/// Without a server: the request's place in the catalog's lifecycle as this browser
/// keeps it, and the moves the lifecycle gives the customer (cancelling it, say),
/// applied by covered-core and saved with the request.
#[component]
fn LocalRecord(data: Arc<DataSet>, s: Submission) -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let (Some(lc), true) = (data.catalog.lifecycle.clone(), s.record.is_some()) else {
        return ().into_any();
    };
    let note = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let ids = StoredValue::new((s.filing.contract.clone(), s.sr.clone()));
    let current = Memo::new(move |_| {
        let (contract, sr) = ids.get_value();
        portal.submissions.with(|all| {
            all.iter()
                .find(|x| x.filing.contract == contract && x.sr == sr)
                .and_then(|x| x.record.clone())
        })
    });
    let data = StoredValue::new(data);
    let lc = StoredValue::new(lc);
    let apply = move |to: String| {
        let Some(rec) = current.get_untracked() else {
            return;
        };
        let n = note.get_untracked();
        let action = Action::Move {
            to,
            note: (!n.trim().is_empty()).then_some(n),
        };
        let now = data.with_value(|d| portal.now(d));
        let result =
            data.with_value(|d| lifecycle::apply(&d.catalog, &rec, &action, Actor::Customer, now));
        match result {
            Ok(applied) => {
                let kind = lc.with_value(|l| l.kind(&applied.record.status));
                let (contract, sr) = ids.get_value();
                portal.submissions.update(|all| {
                    if let Some(x) = all
                        .iter_mut()
                        .find(|x| x.filing.contract == contract && x.sr == sr)
                    {
                        x.record = Some(applied.record);
                        x.status = kind;
                    }
                });
                portal.save();
                note.set(String::new());
                problem.set(None);
            }
            Err(refusal) => {
                let text = lc.with_value(|l| refusal.text(Some(l)));
                problem.set(Some(text.get(i18n.lang()).to_owned()));
            }
        }
    };
    view! {
        <section class="panel no-print" aria-labelledby="local-h" data-testid="local-record">
            <h2 id="local-h">{i18n.text(PageText::ServerRecord)}</h2>
            {move || current.get().map(|rec| {
                let status = rec.status.clone();
                let moves: Vec<(String, covered_core::Text)> = lc.with_value(|l| {
                    l.moves_from(&rec.status, Actor::Customer)
                        .map(|m| {
                            let name = m.name.clone()
                                .or_else(|| l.status(&m.to).map(|st| st.name.clone()))
                                .unwrap_or_else(|| covered_core::Text::same(m.to.clone()));
                            (m.to.clone(), name)
                        })
                        .collect()
                });
                let any = !moves.is_empty();
                view! {
                    <p>
                        {i18n.text(UiText::SrStatus)}": "
                        <strong data-testid="local-status">{move || data.with_value(|d| server::status_words(&d.catalog, &status, i18n.lang()))}</strong>
                    </p>
                    {any.then(|| view! {
                        <div class="field">
                            <label for="local-note">{i18n.text(PageText::MoveNote)}</label>
                            <textarea id="local-note" data-testid="local-note" rows="2"
                                prop:value=move || note.get()
                                on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                        </div>
                    })}
                    <p class="history__actions">
                        {moves.into_iter().map(|(to, name)| {
                            let target = to.clone();
                            view! {
                                <button type="button" class="button" data-testid=format!("local-to-{to}")
                                    on:click=move |_| apply(target.clone())>
                                    {move || format!("→ {}", name.get(i18n.lang()))}
                                </button>
                            }
                        }).collect_view()}
                    </p>
                }
            })}
            {move || problem.get().map(|e| view! { <p class="error" role="alert" data-testid="local-problem">{e}</p> })}
            <p class="muted hint" data-testid="attach-static">{i18n.text(PageText::AttachStatic)}</p>
        </section>
    }
    .into_any()
}

/// With `covered serve`: the request as the server keeps it — its status (the
/// catalog lifecycle's name), the events so far with the notes on them, a comment box,
/// the moves the lifecycle gives the caller (customer or vendor staff), and once it is
/// resolved the customer's rating or complaint.
#[component]
fn ServerRecord(
    session: Session,
    data: Arc<DataSet>,
    contract: String,
    sr: String,
    /// Filled with the server's record of the request (`GET /api/requests/{id}`).
    record: RwSignal<Option<Value>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problem = RwSignal::new(None::<String>);
    let comment = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let rating = RwSignal::new(0u8);
    let said = RwSignal::new(String::new());
    // The request's timeline, once read: what happened with the warnings and escalation
    // steps among it, and what is to come.
    let timeline = RwSignal::new(None::<Value>);
    // The files attached to it and its comments (name, type, size, where to get it).
    let files = RwSignal::new(Vec::<Value>::new());
    let sending_files = RwSignal::new(false);
    // Files chosen to go with the next comment (sent once the comment is posted).
    let comment_files = RwSignal::new_local(Vec::<web_sys::File>::new());
    // The request's incident report, when the policy wants one or one was written.
    let incident = RwSignal::new(None::<Value>);
    let internal = RwSignal::new(String::new());
    let assign_to = RwSignal::new(String::new());
    let portal = use_portal();
    let reload = move |contract: String, sr: String| {
        wasm_bindgen_futures::spawn_local(async move {
            match server::request_by_sr(&contract, &sr).await {
                Ok(r) => {
                    // The portal's list follows, so that the status page and the
                    // request list say what this page says.
                    if let Some(new) = r.as_ref().and_then(server::submission_of) {
                        let status = r
                            .as_ref()
                            .and_then(|r| r.get("status")?.as_str().map(str::to_owned));
                        let stale = portal.submissions.with_untracked(|all| {
                            all.iter().any(|x| {
                                x.filing.contract == new.filing.contract
                                    && x.sr == new.sr
                                    && *x != new
                            })
                        });
                        if stale {
                            portal.submissions.update(|all| {
                                if let Some(x) = all.iter_mut().find(|x| {
                                    x.filing.contract == new.filing.contract && x.sr == new.sr
                                }) {
                                    *x = new.clone();
                                }
                            });
                        }
                        if let Some(status) = status {
                            portal.server_statuses.update(|m| {
                                m.insert((new.filing.contract.clone(), new.sr.clone()), status);
                            });
                        }
                    }
                    let id = r
                        .as_ref()
                        .and_then(|r| r.get("id")?.as_str().map(str::to_owned));
                    record.set(r);
                    if let Some(id) = id {
                        match server::timeline(&id).await {
                            Ok(t) => timeline.set(Some(t)),
                            Err(e) => problem.set(Some(e)),
                        }
                        match server::attachments(&id).await {
                            Ok(a) => files.set(a),
                            Err(e) => problem.set(Some(e)),
                        }
                        if let Ok(a) =
                            server::call("GET", &format!("/api/requests/{id}/incident"), None, &[])
                                .await
                            && a.ok()
                        {
                            incident.set(Some(a.body));
                        }
                    }
                }
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
        let lang = i18n.lang();
        wasm_bindgen_futures::spawn_local(async move {
            match server::act(&s, &id, what, &body, lang).await {
                Ok(now) => {
                    problem.set(None);
                    // The files chosen for a comment go with the comment just posted
                    // (the newest comment event of this account).
                    let chosen = comment_files.get_untracked();
                    if what == "comments" && !chosen.is_empty() {
                        let event = now
                            .get("events")
                            .and_then(Value::as_array)
                            .and_then(|all| {
                                all.iter().rev().find(|e| {
                                    e.get("kind").and_then(Value::as_str) == Some("comment")
                                        && e.get("by").and_then(Value::as_str)
                                            == Some(s.login.as_str())
                                })
                            })
                            .and_then(|e| e.get("id")?.as_str().map(str::to_owned));
                        sending_files.set(true);
                        for f in &chosen {
                            if let Err(e) = server::attach(&s, &id, event.as_deref(), f, lang).await
                            {
                                problem.set(Some(format!("{}: {e}", f.name())));
                                break;
                            }
                        }
                        sending_files.set(false);
                        comment_files.set(Vec::new());
                    }
                    match what {
                        "comments" => comment.set(String::new()),
                        "status" => note.set(String::new()),
                        "notes" => internal.set(String::new()),
                        "assign" => {}
                        _ => said.set(String::new()),
                    }
                    reload(contract, sr);
                }
                Err(e) => problem.set(Some(e)),
            }
        });
    };
    // Each file chosen, one after the other; the first refusal stops the rest.
    let attach = move |list: Vec<web_sys::File>| {
        let Some(id) = record.with_untracked(|r| {
            r.as_ref()
                .and_then(|r| r.get("id")?.as_str().map(str::to_owned))
        }) else {
            return;
        };
        let s = session.get_value();
        let (contract, sr) = key.get_value();
        let lang = i18n.lang();
        sending_files.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            problem.set(None);
            for f in list {
                if let Err(e) = server::attach(&s, &id, None, &f, lang).await {
                    problem.set(Some(format!("{}: {e}", f.name())));
                    break;
                }
            }
            sending_files.set(false);
            reload(contract, sr);
        });
    };
    let text = |r: &Value, k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let local = |v: &Value, lang: Lang| {
        v.get(match lang {
            Lang::Ko => "ko",
            Lang::En => "en",
        })
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned()
    };
    let vendor = session.with_value(|s| s.role == "vendor");
    let lc = data.catalog.lifecycle.clone();
    let scale = lc.as_ref().map_or(5, |l| l.satisfaction.scale);
    let data = StoredValue::new(data);
    let words =
        move |id: &str| data.with_value(|d| server::status_words(&d.catalog, id, i18n.lang()));
    view! {
        <section class="panel no-print" aria-labelledby="record-h" data-testid="server-record">
            <h2 id="record-h">{i18n.text(PageText::ServerRecord)}</h2>
            // Each in its own view, so that their answers arriving redraw only them (not
            // the form being filled in below).
            {move || {
                let (contract, sr) = key.get_value();
                incident.get().filter(|i| {
                    i.get("required").and_then(Value::as_bool) == Some(true)
                        || i.get("report").is_some_and(|r| !r.is_null())
                }).map(|i| {
                    let filed = i.get("report").is_some_and(|r| !r.is_null());
                    let late = i.get("overdue").and_then(Value::as_bool) == Some(true);
                    let state = if filed { PageText::IncidentFiled } else if late { PageText::IncidentLate } else { PageText::IncidentDue };
                    // The customer is shown the link once there is a report to read.
                    (vendor || filed).then(|| view! {
                        <p data-testid="incident-link">
                            <a href=carry(&format!("/sr/{contract}/{sr}/incident"))>{i18n.text(PageText::Incident)}</a>
                            " "<span class=if late && !filed { "badge badge--not" } else { "badge" }>{i18n.text(state)}</span>
                        </p>
                    })
                })
            }}
            {move || vendor.then(|| {
                record.with(|r| r.as_ref().map(|r| text(r, "id"))).map(|rid| view! {
                    <p><a href=carry(&format!("/audit?request={rid}")) data-testid="request-audit">{i18n.text(PageText::AuditOfRequest)}</a></p>
                })
            })}
            {move || record.get().map(|r| {
                let status = text(&r, "status");
                let paused = r.get("clocks_paused").and_then(Value::as_bool).unwrap_or(false);
                let completed = text(&r, "status_kind") == "completed";
                let rated = r.get("satisfaction").is_some_and(|s| !s.is_null());
                let moves: Vec<Value> = r.get("moves").and_then(Value::as_array).cloned().unwrap_or_default();
                // The timeline once read (it holds the events, and the warnings and
                // escalation steps among them), else the record's events.
                let events: Vec<Value> = timeline
                    .with(|t| t.as_ref().and_then(|t| t.get("timeline")?.as_array().cloned()))
                    .or_else(|| r.get("events").and_then(Value::as_array).cloned())
                    .unwrap_or_default();
                let upcoming: Vec<Value> = timeline
                    .with(|t| t.as_ref().and_then(|t| t.get("upcoming")?.as_array().cloned()))
                    .unwrap_or_default();
                let any_move = !moves.is_empty();
                let handler = r.get("assignee").and_then(|a| a.get("name")).and_then(Value::as_str).map(str::to_owned);
                let staff: Vec<(String, String)> = r.get("staff").and_then(Value::as_array).into_iter().flatten()
                    .filter_map(|s| Some((s.get("login")?.as_str()?.to_owned(), s.get("name")?.as_str()?.to_owned())))
                    .collect();
                assign_to.set(r.get("assignee").and_then(|a| a.get("login")).and_then(Value::as_str).unwrap_or("").to_owned());
                view! {
                    <p data-testid="sr-assignee">
                        {i18n.text(PageText::Assignee)}": "
                        <strong>{match handler { Some(n) => n.into_any(), None => i18n.text(PageText::Unassigned).into_any() }}</strong>
                    </p>
                    {vendor.then(|| view! {
                        <form class="field" on:submit=move |ev| {
                            ev.prevent_default();
                            let a = assign_to.get_untracked();
                            act("assign", json!({"assignee": (!a.is_empty()).then_some(a)}));
                        }>
                            <label for="assign-to">{i18n.text(PageText::Assignee)}</label>
                            <select id="assign-to" data-testid="assign-to" prop:value=move || assign_to.get()
                                on:change=move |ev| assign_to.set(event_target_value(&ev))>
                                <option value="">{i18n.text(PageText::Unassigned)}</option>
                                {staff.into_iter().map(|(login, name)| {
                                    let selected = assign_to.get_untracked() == login;
                                    view! { <option value=login selected=selected>{name}</option> }
                                }).collect_view()}
                            </select>
                            " "
                            <button type="submit" class="button" data-testid="assign-send">{i18n.text(PageText::AssignSend)}</button>
                        </form>
                    })}
                    <p>
                        {i18n.text(UiText::SrStatus)}": "
                        <strong data-testid="server-status">{let s = status.clone(); move || words(&s)}</strong>
                        {paused.then(|| view! { " " <span class="badge" data-testid="clocks-paused">{i18n.text(PageText::ClocksPaused)}</span> })}
                    </p>
                    <ol class="events" data-testid="events">
                        // (The resolution is said by the status change that made it.)
                        {events.into_iter().filter(|e| !matches!(e.get("kind").and_then(Value::as_str), Some("resolved"))).map(|e| {
                            let at = text(&e, "at").replace('T', " ");
                            let said_by_core = e.get("event").and_then(|v| v.get("text")).cloned();
                            let delivery = vendor.then(|| text(&e, "delivery")).filter(|d| !d.is_empty());
                            let until = text(&e, "until").replace('T', " ");
                            let by = Some(text(&e, "by_name")).filter(|n| !n.is_empty()).unwrap_or_else(|| text(&e, "by"));
                            let body = text(&e, "body");
                            let st = text(&e, "status");
                            let kind = text(&e, "kind");
                            let kind_attr = kind.clone();
                            let rating_of = r.get("satisfaction").and_then(|s| s.get("rating")).and_then(Value::as_u64);
                            view! {
                                <li data-kind=kind_attr>
                                    <span class="muted">{at.get(..16).unwrap_or(&at).to_owned()}" · "{(!by.is_empty()).then(|| format!("{by} · "))}</span>
                                    {move || match kind.as_str() {
                                        "comment" => body.clone(),
                                        "warning" | "breach" | "escalation" | "report" => {
                                            let t = said_by_core.as_ref().map(|t| local(t, i18n.lang())).unwrap_or_default();
                                            match &delivery {
                                                Some(d) => format!("{t} ({})", i18n.t(match d.as_str() {
                                                    "sent" => PageText::Sent,
                                                    "failed" => PageText::SendFailed,
                                                    _ => PageText::NotSent,
                                                })),
                                                None => t,
                                            }
                                        }
                                        "answered" => i18n.t(PageText::Answered).to_owned(),
                                        "paused" if until.is_empty() => i18n.t(PageText::Paused).to_owned(),
                                        "paused" => format!("{} ~ {}", i18n.t(PageText::Paused), until.get(..16).unwrap_or(&until)),
                                        "rating" => {
                                            let head = i18n.t(PageText::RatedAs)
                                                .replace("{n}", &rating_of.unwrap_or(0).to_string())
                                                .replace("{scale}", &scale.to_string());
                                            if body.is_empty() { head } else { format!("{head} — {body}") }
                                        }
                                        "complaint" => format!("{}: {body}", i18n.t(PageText::ComplaintLabel)),
                                        "note" => format!("{}: {body}", i18n.t(PageText::InternalNote)),
                                        "assigned" => i18n.t(PageText::Assigned).to_owned(),
                                        "incident_report" => i18n.t(PageText::IncidentWritten).to_owned(),
                                        _ if body.is_empty() => words(&st),
                                        _ => format!("{} — {body}", words(&st)),
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    {(!upcoming.is_empty()).then(|| view! {
                        <details class="upcoming" data-testid="upcoming">
                            <summary>{i18n.text(PageText::Upcoming)}" ("{upcoming.len()}")"</summary>
                            <ul class="plain">
                                {upcoming.into_iter().map(|e| {
                                    let at = text(&e, "at").replace('T', " ");
                                    let said = e.get("text").cloned().unwrap_or(Value::Null);
                                    let kind = text(&e, "kind");
                                    view! {
                                        <li data-kind=kind>
                                            <span class="muted">{at.get(..16).unwrap_or(&at).to_owned()}" · "</span>
                                            {move || local(&said, i18n.lang())}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </details>
                    })}
                    {any_move.then(|| view! {
                        <div class="field">
                            <label for="move-note">{i18n.text(PageText::MoveNote)}</label>
                            <textarea id="move-note" data-testid="move-note" rows="2"
                                prop:value=move || note.get()
                                on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                        </div>
                    })}
                    <p class="history__actions">
                        {moves.into_iter().map(|m| {
                            let to = text(&m, "to");
                            let name = m.get("name").cloned().unwrap_or(Value::Null);
                            let target = to.clone();
                            view! {
                                <button type="button" class="button" data-testid=format!("to-{to}")
                                    on:click=move |_| {
                                        let n = note.get_untracked();
                                        let n = (!n.trim().is_empty()).then_some(n);
                                        act("status", json!({"status": target.clone(), "note": n}));
                                    }>
                                    {move || format!("→ {}", local(&name, i18n.lang()))}
                                </button>
                            }
                        }).collect_view()}
                    </p>
                    {(completed && !vendor && !rated).then(|| view! {
                        <fieldset class="rating" data-testid="rate">
                            <legend>{i18n.text(PageText::RateHeading)}</legend>
                            <div role="radiogroup" aria-label=move || i18n.t(PageText::RatingLabel)>
                                {(1..=scale).map(|n| view! {
                                    <label class="choice">
                                        <input type="radio" name="rating" value=n.to_string() data-testid=format!("rating-{n}")
                                            prop:checked=move || rating.get() == n
                                            on:change=move |_| rating.set(n)/>
                                        {n.to_string()}
                                    </label>
                                }).collect_view()}
                            </div>
                            <div class="field">
                                <label for="rating-comment">{i18n.text(PageText::RatingComment)}</label>
                                <textarea id="rating-comment" data-testid="rating-comment" rows="2"
                                    prop:value=move || said.get()
                                    on:input=move |ev| said.set(event_target_value(&ev))></textarea>
                            </div>
                            <button type="button" class="button" data-testid="rate-send"
                                on:click=move |_| {
                                    let c = said.get_untracked();
                                    act("rating", json!({"rating": rating.get_untracked(), "comment": c}));
                                }>{i18n.text(PageText::RateSend)}</button>
                            " "
                            <button type="button" class="button" data-testid="complain-send"
                                on:click=move |_| {
                                    let c = said.get_untracked();
                                    act("complaint", json!({"comment": c}));
                                }>{i18n.text(PageText::ComplainSend)}</button>
                        </fieldset>
                    })}
                }
            })}
            <div class="field attachments">
                <h3>{i18n.text(PageText::Files)}</h3>
                {move || {
                    let list = files.get();
                    (!list.is_empty()).then(|| view! {
                        <ul class="plain" data-testid="attachments">
                            {list.into_iter().map(|a| {
                                let href = text(&a, "href");
                                let name = text(&a, "name");
                                let save_as = name.clone();
                                let kb = a.get("size").and_then(Value::as_u64).unwrap_or(0).div_ceil(1024);
                                view! { <li><a href=href download=save_as data-testid="attachment">{name}</a>" "<span class="muted">{format!("({kb} KB)")}</span></li> }
                            }).collect_view()}
                        </ul>
                    })
                }}
                <label for="attach">{i18n.text(PageText::Attach)}</label>
                <input type="file" id="attach" data-testid="attach" multiple
                    accept="image/png,image/jpeg,application/pdf,application/zip,text/plain,.log,.txt,.csv"
                    prop:disabled=move || sending_files.get()
                    on:change=move |ev| {
                        use wasm_bindgen::JsCast;
                        let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                        // Taken out of the input before it is emptied (which empties its list).
                        let chosen: Vec<web_sys::File> = input
                            .as_ref()
                            .and_then(web_sys::HtmlInputElement::files)
                            .map(|l| (0..l.length()).filter_map(|i| l.item(i)).collect())
                            .unwrap_or_default();
                        if let Some(i) = input { i.set_value(""); }
                        if !chosen.is_empty() {
                            attach(chosen);
                        }
                    }/>
                <p class="muted hint">{i18n.text(PageText::AttachHint)}</p>
            </div>
            {vendor.then(|| view! {
                <form on:submit=move |ev| { ev.prevent_default(); let b = internal.get_untracked(); if !b.trim().is_empty() { act("notes", json!({"body": b})); } }>
                    <div class="field">
                        <label for="internal-note">{i18n.text(PageText::InternalNoteLabel)}</label>
                        <textarea id="internal-note" data-testid="internal-note" rows="2"
                            prop:value=move || internal.get()
                            on:input=move |ev| internal.set(event_target_value(&ev))></textarea>
                    </div>
                    <button type="submit" class="button" data-testid="internal-note-send">{i18n.text(PageText::InternalNoteSend)}</button>
                </form>
            })}
            <form on:submit=move |ev| { ev.prevent_default(); let b = comment.get_untracked(); if !b.trim().is_empty() { act("comments", json!({"body": b})); } }>
                <div class="field">
                    <label for="comment">{i18n.text(PageText::CommentLabel)}</label>
                    <textarea id="comment" data-testid="comment" rows="2"
                        prop:value=move || comment.get()
                        on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </div>
                <div class="field">
                    <label for="comment-files">{i18n.text(PageText::CommentFiles)}</label>
                    <input type="file" id="comment-files" data-testid="comment-files" multiple
                        accept="image/png,image/jpeg,application/pdf,application/zip,text/plain,.log,.txt,.csv"
                        prop:disabled=move || sending_files.get()
                        on:change=move |ev| {
                            use wasm_bindgen::JsCast;
                            let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                            let chosen: Vec<web_sys::File> = input
                                .as_ref()
                                .and_then(web_sys::HtmlInputElement::files)
                                .map(|l| (0..l.length()).filter_map(|i| l.item(i)).collect())
                                .unwrap_or_default();
                            comment_files.set(chosen);
                        }/>
                    {move || {
                        let names: Vec<String> = comment_files.with(|fs| fs.iter().map(web_sys::File::name).collect());
                        (!names.is_empty()).then(|| view! {
                            <p class="muted hint" data-testid="comment-files-chosen">{i18n.text(PageText::CommentFilesChosen)}" "{names.join(", ")}</p>
                        })
                    }}
                </div>
                <button type="submit" class="button" data-testid="comment-send">{i18n.text(PageText::CommentSend)}</button>
            </form>
            {move || problem.get().map(|e| view! { <p class="error" role="alert" data-testid="record-problem">{e}</p> })}
        </section>
    }
}

crate::i18n::words! {
    /// The words only this page says, in both languages: they load with its code.
    enum PageText {
        SrNotFound => (
            "이 브라우저에는 그 번호의 요청이 없습니다. 요청 기록을 가져오면 볼 수 있습니다.",
            "This browser holds no request with that number. Import the request history to see it.",
        ),
        SrBackToRequests => ("요청 접수로 돌아가기", "Back to requests"),
        PaidNoClocks => (
            "유상 변경요청에는 계약의 처리 기한(SLA)이 적용되지 않습니다. 일정과 금액은 견적으로 정합니다.",
            "The contract's deadlines (SLA) do not apply to a paid change request: its schedule and price are set by the quote.",
        ),
        ServerRecord => ("처리 기록", "Handling record"),
        CommentLabel => ("의견 남기기", "Add a comment"),
        CommentSend => ("의견 등록", "Post the comment"),
        MoveNote => ("상태 변경 사유", "Note for the status change"),
        ClocksPaused => ("SLA 시계 정지 중", "SLA clocks paused"),
        RateHeading => ("처리 결과 평가", "Rate how it was handled"),
        RatingLabel => ("평점", "Rating"),
        RatingComment => ("의견 (선택)", "Comment (optional)"),
        RateSend => ("평가 보내기", "Send the rating"),
        RatedAs => ("평점 {n}/{scale}", "Rated {n} of {scale}"),
        ComplaintLabel => ("불만 내용", "What went wrong"),
        ComplainSend => ("불만 접수", "File a complaint"),
        Answered => ("첫 응답", "First reply"),
        Files => ("첨부 파일", "Attached files"),
        Attach => ("파일 첨부", "Attach files"),
        AttachHint => (
            "화면 캡처(PNG·JPEG), PDF, ZIP, 텍스트 로그 — 파일당 10 MB, 5개까지",
            "Screenshots (PNG, JPEG), PDF, ZIP, text logs — up to 10 MB each, 5 in all",
        ),
        AttachStatic => (
            "파일 첨부는 공급사 서버로 접수한 요청에만 할 수 있습니다. 이 브라우저에 보관한 요청에는 파일을 붙일 수 없습니다.",
            "Files can only be attached to requests filed with the vendor's server; a request kept in this browser can't carry files.",
        ),
        Paused => ("고객 회신 대기 — SLA 시계 정지", "Waiting on the customer — SLA clocks paused"),
        Upcoming => ("예정된 경고·에스컬레이션", "Warnings and escalation steps to come"),
        Sent => ("발송됨", "sent"),
        NotSent => ("발송 대기", "not sent yet"),
        SendFailed => ("발송 실패", "sending failed"),
        Assignee => ("담당자", "Assignee"),
        Unassigned => ("미지정", "Unassigned"),
        AssignSend => ("담당자 지정", "Assign"),
        Assigned => ("담당자가 바뀌었습니다", "Assignee changed"),
        InternalNote => ("내부 메모", "Internal note"),
        InternalNoteLabel => ("내부 메모 (업체 직원만 봄)", "Internal note (vendor staff only)"),
        InternalNoteSend => ("메모 등록", "Add the note"),
        CommentFiles => ("의견에 붙일 파일 (선택)", "Files to go with the comment (optional)"),
        CommentFilesChosen => ("의견과 함께 보낼 파일:", "To be sent with the comment:"),
        Incident => ("장애 보고서", "Incident report"),
        IncidentDue => ("작성 필요", "to be written"),
        IncidentLate => ("작성 기한 지남", "overdue"),
        IncidentFiled => ("작성됨", "filed"),
        IncidentWritten => ("장애 보고서 작성", "Incident report written"),
        AuditOfRequest => ("이 요청의 감사 기록", "This request's audit trail"),
    }
}
