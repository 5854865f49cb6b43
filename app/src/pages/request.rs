//! Submit a request: a five-step wizard whose draft is saved as the user types, ending
//! in an SR number and a printable SR form (docs/domain.md §10).

use std::sync::Arc;

use covered_core::admission::{self, Admission, RefusalCode};
use covered_core::contract::DataSet;
use covered_core::coverage::Alternative;
use covered_core::i18n::format_datetime;
use covered_core::money::won;
use covered_core::submission::{Submission, from_csv, merge, next_sr_number, to_csv};
use leptos::prelude::*;

use crate::components::{PageIntro, Part, RequestFields, SrForm, VerdictView, status_text};
use crate::form::{Draft, Questions, live_verdict};
use crate::i18n::{UiText, use_i18n};
use crate::pages::coverage::{FROM_CHECK, draft_from_url};
use crate::pages::with_data;
use crate::server::{self, Session, Unfiled};
use crate::state::{carry, query_param, use_portal};

const DRAFT: &str = "request";
const STEPS: [PageText; 5] = [
    PageText::StepWho,
    PageText::StepProduct,
    PageText::StepType,
    PageText::StepDetails,
    PageText::StepReview,
];

/// The `/request` page.
#[component]
pub fn RequestPage() -> impl IntoView {
    // Drafts and filed requests are saved as they change.
    crate::state::preload_store();
    view! {
        <PageIntro title=UiText::RequestTitle summary=UiText::RequestSummary form_prints_title=true/>
        {with_data(|data| view! { <Wizard data=data/> }.into_any())}
    }
}

#[component]
fn Wizard(data: Arc<DataSet>) -> impl IntoView {
    let portal = use_portal();
    let i18n = use_i18n();
    let mut initial: Draft = portal
        .drafts
        .get_untracked()
        .get(DRAFT)
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .unwrap_or_default();
    // Arriving from the self-check ("이 내용으로 요청 접수"): its request, with what was
    // already typed here (requester, title, details) kept; the address then forgets it,
    // so that a reload keeps what is typed next.
    if query_param(FROM_CHECK).is_some() {
        let from = draft_from_url();
        initial.contract = from.contract;
        initial.branch = from.branch;
        initial.product = from.product;
        initial.version = from.version;
        initial.category = from.category;
        initial.answers = from.answers;
        initial.step = if initial.requester.trim().is_empty() {
            0
        } else {
            3
        };
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&carry("/request")),
            );
        }
    }
    initial.fill_defaults(&data);
    let draft = RwSignal::new(initial);
    // Save the draft on every change.
    Effect::new(move || {
        let d = draft.get();
        if let Ok(v) = serde_json::to_value(&d) {
            portal.drafts.update(|m| {
                m.insert(DRAFT.to_owned(), v);
            });
            portal.save();
        }
    });
    // Logged in under `covered serve`: the requester is the account's name unless one
    // was typed.
    Effect::new(move || {
        if let Some(s) = portal.session()
            && draft.with_untracked(|d| d.requester.trim().is_empty())
        {
            draft.update(|d| d.requester = s.name);
        }
    });
    let submitted = RwSignal::new(None::<Submission>);
    // Files to attach once the request is filed (under `covered serve`): the browser
    // can't keep them in the draft, so a reload asks for them again.
    let files = RwSignal::new_local(Vec::<web_sys::File>::new());
    let files_problem = RwSignal::new(None::<String>);
    let files_sent = RwSignal::new(0usize);
    let live = live_verdict(portal, draft);
    let verdict = move || live.get().and_then(|l| l.verdict.ok());
    let questions = Questions::of(live, draft);
    let tried = questions.tried;
    let step = move || draft.with(|d| d.step.min(4));
    let step_ok = move || {
        let d = draft.get();
        match d.step {
            0 => !d.requester.trim().is_empty(),
            3 => !d.title.trim().is_empty() && questions.missing.get().is_empty(),
            _ => true,
        }
    };
    // The server's refusal of what this page judged could be filed (a limited service
    // used up meanwhile): its reasons, and whether it would keep it as paid work.
    let server_refused = RwSignal::new(None::<Unfiled>);
    let next = move |_| {
        if step_ok() {
            tried.set(false);
            draft.update(|d| d.step = (d.step + 1).min(4));
            focus_id("step-h");
        } else {
            tried.set(true);
        }
    };
    // On 다음 and 이전 the focus goes to the new step's heading, so that reading goes on
    // from there.
    let back = move |_| {
        server_refused.set(None);
        draft.update(|d| d.step = d.step.saturating_sub(1));
        focus_id("step-h");
    };
    let data2 = data.clone();
    let sending = RwSignal::new(false);
    let send_problem = RwSignal::new(None::<String>);
    let server_offers_paid = move || {
        server_refused.with(|r| {
            matches!(
                r,
                Some(Unfiled::Refused {
                    paid_offered: true,
                    ..
                })
            )
        })
    };
    // covered-core's admission of the request as asked (at no charge) — the rule the
    // server applies to what it is sent: filed, refused, or refused with a paid change
    // request offered, which the person then chooses or not.
    let admitted = move || {
        match server_refused.get() {
            Some(Unfiled::Refused {
                paid_offered: true, ..
            }) => return Some(Ask::PaidOrBack),
            Some(Unfiled::Refused { .. }) => return Some(Ask::Refused(RefusalCode::NotCovered)),
            _ => {}
        }
        verdict().map(|v| match admission::admit(&v, false) {
            Admission::Refused(r) if r.change_request_offered => Ask::PaidOrBack,
            Admission::Refused(r) => Ask::Refused(r.code),
            Admission::Free | Admission::Paid => Ask::Submit,
        })
    };
    // The change request's quote, as the verdict's alternative gives it.
    let quote = move || {
        if let Some(Unfiled::Refused { quote, .. }) = server_refused.get() {
            return quote;
        }
        verdict().and_then(|v| {
            v.coverage.alternatives.iter().find_map(|a| match a {
                Alternative::ChangeRequest { estimate, .. } => *estimate,
                _ => None,
            })
        })
    };
    let data_sent = data.clone();
    // Served by `covered serve`: the server judges it again, numbers and keeps it.
    let send = move |session: Session, d: Draft, paid: bool| {
        let key = if d.pending_key.is_empty() {
            let k = server::new_key();
            draft.update(|x| x.pending_key = k.clone());
            k
        } else {
            d.pending_key.clone()
        };
        let body = serde_json::to_value(d.filing(paid)).unwrap_or_default();
        sending.set(true);
        let data = data_sent.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match server::submit(&session, &key, &body).await {
                Ok((s, id)) => {
                    // The files chosen go with it, one after the other; the first
                    // refusal stops the rest and names the file.
                    files_problem.set(None);
                    files_sent.set(0);
                    let chosen = files.get_untracked();
                    files.set(Vec::new());
                    for f in &chosen {
                        match server::attach(&session, &id, None, f, i18n.lang()).await {
                            Ok(()) => files_sent.update(|n| *n += 1),
                            Err(e) => {
                                files_problem.set(Some(format!("{}: {e}", f.name())));
                                break;
                            }
                        }
                    }
                    send_problem.set(None);
                    server_refused.set(None);
                    portal.submissions.update(|all| {
                        all.retain(|x| !(x.filing.contract == s.filing.contract && x.sr == s.sr));
                        all.push(s.clone());
                    });
                    submitted.set(Some(s));
                    let next = d.next(&data);
                    questions.category.set(next.category.clone());
                    draft.set(next);
                    focus_id("sr-submitted");
                }
                Err(refused @ Unfiled::Refused { .. }) => {
                    send_problem.set(None);
                    server_refused.set(Some(refused));
                    // Count what the server counts, so that the verdict shown agrees.
                    portal.refresh_requests().await;
                    focus_id("server-refused");
                }
                Err(Unfiled::Failed(e)) => send_problem.set(Some(e)),
            }
            sending.set(false);
        });
    };
    // `paid`: the person chose to file it as the paid change request offered.
    let submit = move |paid: bool| {
        let Some(v) = verdict() else { return };
        let d = draft.get_untracked();
        if sending.get_untracked() {
            return;
        }
        // Paid work as the server offered it after refusing the request, else as
        // covered-core admits the verdict here.
        let paid = if paid && server_offers_paid() {
            true
        } else {
            let admission = admission::admit(&v, paid);
            if !admission.is_filed() {
                return;
            }
            admission.is_paid()
        };
        if let Some(session) = portal.backend.with_untracked(|b| b.session().cloned()) {
            send(session, d, paid);
            return;
        }
        let subs = portal.submissions.get_untracked();
        let sr = next_sr_number(
            data2
                .history(&d.contract)
                .iter()
                .map(|p| p.id.as_str())
                .chain(
                    subs.iter()
                        .filter(|s| s.filing.contract == d.contract)
                        .map(|s| s.sr.as_str()),
                ),
            v.now.year(),
        );
        let s = Submission::filed(
            sr,
            d.filing(paid),
            v.now,
            v.severity.as_ref().map(|s| s.id.clone()),
            data2.catalog.lifecycle.as_ref().map(|lc| lc.start(v.now)),
        );
        portal.submissions.update(|all| all.push(s.clone()));
        submitted.set(Some(s));
        let next = d.next(&data2);
        questions.category.set(next.category.clone());
        draft.set(next);
        focus_id("sr-submitted");
    };
    // A required field left empty is said once the person has left it, or tried to go on.
    let touched_requester = RwSignal::new(false);
    let touched_title = RwSignal::new(false);
    let err = move |show: bool| {
        show.then(|| view! { <p class="error" role="alert">{i18n.t(PageText::ErrRequired)}</p> })
    };
    let no_requester = move || {
        (tried.get() || touched_requester.get()) && draft.with(|d| d.requester.trim().is_empty())
    };
    let no_title =
        move || (tried.get() || touched_title.get()) && draft.with(|d| d.title.trim().is_empty());
    let submit_paid = submit.clone();
    let data_form = data.clone();
    let data_print = data.clone();
    view! {
        {move || submitted.get().map(|s| view! { <SrForm s=s data=data_print.clone() just_submitted=true/> })}
        {move || (files_sent.get() > 0).then(|| view! {
            <p class="no-print" role="status" data-testid="files-sent">{i18n.t(PageText::FilesSent).replace("{n}", &files_sent.get().to_string())}</p>
        })}
        {move || files_problem.get().map(|e| view! {
            <p class="error" role="alert" data-testid="files-problem">{i18n.t(PageText::FilesRefused)}" "{e}</p>
        })}
        <History/>
        <form class="wizard" on:submit=|ev| ev.prevent_default() data-testid="wizard" data-step=step>
            <ol class="steps">
                {STEPS.iter().enumerate().map(|(i, t)| view! {
                    <li aria-current=move || (step() as usize == i).then_some("step")>{move || format!("{}. {}", i + 1, i18n.t(*t))}</li>
                }).collect_view()}
            </ol>
            <h2 id="step-h" tabindex="-1" data-testid="step-heading">{move || format!("{} — {}", i18n.t(PageText::StepOf).replace("{n}", &(step() + 1).to_string()), STEPS.get(usize::from(step())).map_or("", |t| i18n.t(*t)))}</h2>
            <p class="muted">{i18n.text(PageText::DraftSaved)}</p>
            // Every step is drawn once and shown in its turn: what is typed changes the
            // draft, never the fields, so the focused field is never replaced.
            <div class:step--hidden=move || step() != 0>
                        <RequestFields data=data_form.clone() draft=draft questions=questions parts=vec![Part::Who]/>
                        <div class="field">
                            <label for="f-requester">{i18n.t(UiText::FieldRequester)}<span class="req">" ("{i18n.t(UiText::Required)}")"</span></label>
                            <input id="f-requester" data-testid="f-requester" type="text" autocomplete="name"
                                prop:value=move || draft.get().requester
                                aria-invalid=move || no_requester().to_string() on:blur=move |_| touched_requester.set(true)
                                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.requester = v); }/>
                            {move || err(no_requester())}
                        </div>
            </div>
            <div class:step--hidden=move || step() != 1>
                <RequestFields data=data_form.clone() draft=draft questions=questions parts=vec![Part::Product]/>
            </div>
            <div class:step--hidden=move || step() != 2>
                <RequestFields data=data_form.clone() draft=draft questions=questions parts=vec![Part::Category]/>
            </div>
            <div class:step--hidden=move || step() != 3>
                        <div class="field">
                            <label for="f-title">{i18n.t(UiText::FieldTitle)}<span class="req">" ("{i18n.t(UiText::Required)}")"</span></label>
                            <input id="f-title" data-testid="f-title" type="text"
                                prop:value=move || draft.get().title
                                aria-invalid=move || no_title().to_string() on:blur=move |_| touched_title.set(true)
                                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.title = v); }/>
                            {move || err(no_title())}
                        </div>
                        <div class="field">
                            <label for="f-details">{i18n.t(UiText::FieldDetails)}</label>
                            <textarea id="f-details" data-testid="f-details" rows="4"
                                prop:value=move || draft.get().details
                                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.details = v); }></textarea>
                        </div>
                        <div class="field">
                            <label for="f-wanted">{i18n.t(UiText::FieldWanted)}</label>
                            <input id="f-wanted" data-testid="f-wanted" type="date"
                                prop:value=move || draft.get().wanted_by
                                on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| d.wanted_by = v); }/>
                        </div>
                        {move || portal.session().is_some().then(|| view! {
                            <div class="field">
                                <label for="f-files">{i18n.t(PageText::Files)}</label>
                                <input type="file" id="f-files" data-testid="f-files" multiple
                                    accept="image/png,image/jpeg,application/pdf,application/zip,text/plain,.log,.txt,.csv"
                                    on:change=move |ev| {
                                        use wasm_bindgen::JsCast;
                                        let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                                        let chosen: Vec<web_sys::File> = input
                                            .as_ref()
                                            .and_then(web_sys::HtmlInputElement::files)
                                            .map(|l| (0..l.length()).filter_map(|i| l.item(i)).collect())
                                            .unwrap_or_default();
                                        if let Some(i) = input { i.set_value(""); }
                                        files.update(|all| all.extend(chosen));
                                    }/>
                                <p class="muted hint">{i18n.t(PageText::FilesHint)}</p>
                                {move || {
                                    let names: Vec<String> = files.with(|fs| fs.iter().map(web_sys::File::name).collect());
                                    (!names.is_empty()).then(|| view! {
                                        <ul class="plain" data-testid="f-files-chosen">
                                            {names.into_iter().enumerate().map(|(i, name)| {
                                                let label = i18n.t(PageText::FileRemove).replace("{name}", &name);
                                                view! {
                                                    <li>{name}" "
                                                        <button type="button" class="button button--small" aria-label=label
                                                            on:click=move |_| files.update(|all| { if i < all.len() { all.remove(i); } })>
                                                            {i18n.t(PageText::Remove)}
                                                        </button>
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    })
                                }}
                            </div>
                        })}
                        <RequestFields data=data_form.clone() draft=draft questions=questions parts=vec![Part::Questions]/>
                        {move || (tried.get() && !questions.missing.get().is_empty()).then(|| view! { <p class="error" role="alert">{i18n.t(PageText::ErrAnswers)}</p> })}
            </div>
            {move || (step() == 4).then(|| verdict().map(|v| view! { <VerdictView verdict=v data=data_form.clone()/> }))}
            {move || server_refused.get().map(|r| {
                let Unfiled::Refused { reasons, .. } = r else { return ().into_any() };
                view! {
                    <div class="alert" role="alert" id="server-refused" tabindex="-1" data-testid="server-refused">
                        <p><strong>{i18n.t(PageText::ServerRefused)}</strong></p>
                        <ul>{reasons.into_iter().map(|t| view! { <li>{t.get(i18n.lang()).to_owned()}</li> }).collect_view()}</ul>
                    </div>
                }.into_any()
            })}
            {move || (step() == 4).then(admitted).flatten().map(|ask| match ask {
                Ask::PaidOrBack => view! {
                    <div class="alert" role="group" aria-labelledby="paid-choice-h" data-testid="paid-choice">
                        <p id="paid-choice-h">{move || i18n.t(PageText::PaidChoice)}</p>
                        <button type="button" class="button button--primary" data-testid="submit-paid"
                            on:click={let submit = submit_paid.clone(); move |_| submit(true)} disabled=move || sending.get()>
                            {move || quote().map_or_else(|| i18n.t(PageText::SubmitPaidNoQuote).to_owned(), |q| i18n.t(PageText::SubmitPaid).replace("{amount}", &won(q)))}
                        </button>
                        " "
                        <button type="button" class="button" data-testid="back-not-filed" on:click=back>{move || i18n.t(PageText::BackNotFiled)}</button>
                    </div>
                }.into_any(),
                Ask::Refused(code) => view! {
                    <p class="error" role="alert" data-testid="submit-refused">{i18n.text(match code {
                        RefusalCode::MissingAnswer => PageText::RefusedMissing,
                        RefusalCode::NotCovered => PageText::RefusedNotCovered,
                        RefusalCode::OutsideContract => PageText::RefusedOutside,
                    })}</p>
                }.into_any(),
                Ask::Submit => ().into_any(),
            })}
            // 다음 (or 접수하기) first, so that Tab goes on to it from the last field; 이전
            // is still drawn on the left.
            <div class="wizard__buttons">
                {move || if step() < 4 {
                    Some(view! { <button type="button" class="button button--primary" data-testid="next" on:click=next>{i18n.t(PageText::Next)}</button> }.into_any())
                } else {
                    (admitted() == Some(Ask::Submit)).then(|| {
                        let submit = submit.clone();
                        view! { <button type="button" class="button button--primary" data-testid="submit" on:click=move |_| submit(false) disabled=move || sending.get()>{i18n.t(PageText::Submit)}</button> }.into_any()
                    })
                }}
                <button type="button" class="button" data-testid="back" on:click=back disabled=move || step() == 0>{i18n.text(PageText::Back)}</button>
            </div>
            {move || send_problem.get().map(|e| view! {
                <p class="error" role="alert" data-testid="submit-problem">{i18n.t(PageText::SubmitFailed)}" "{e}</p>
            })}
        </form>
    }
}

/// What the review step asks of the person, from covered-core's admission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ask {
    /// Filed as it is: 접수하기.
    Submit,
    /// Not covered, a paid change request offered: file it as that, or go back.
    PaidOrBack,
    /// Not filed at all, for this reason.
    Refused(RefusalCode),
}

/// Moves the focus to the element `id` (once the page is drawn): a step's heading, the
/// announcement of the request just filed.
fn focus_id(id: &'static str) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(e) = document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = e.focus();
        }
    });
}

/// The requests kept in this browser: count, export as JSON or CSV, import JSON.
#[component]
fn History() -> impl IntoView {
    let portal = use_portal();
    let i18n = use_i18n();
    let message = RwSignal::new(None::<String>);
    let data_url = |mime: &str, text: &str| {
        format!(
            "data:{mime};charset=utf-8,{}",
            String::from(js_sys::encode_uri_component(text))
        )
    };
    let json_href = move || {
        let store = crate::state::Store {
            schema_version: crate::state::STORE_VERSION,
            requests: portal.submissions.get(),
            drafts: Default::default(),
        };
        data_url(
            "application/json",
            &serde_json::to_string_pretty(&store).unwrap_or_default(),
        )
    };
    // A byte-order mark so that spreadsheet programs read the Korean as UTF-8.
    let csv_href = move || {
        data_url(
            "text/csv",
            &format!("\u{feff}{}", to_csv(&portal.submissions.get())),
        )
    };
    let on_file = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(file) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        wasm_bindgen_futures::spawn_local(async move {
            let name = file.name();
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default();
            // A spreadsheet's CSV or our JSON export: told apart by the first character.
            let is_json = text
                .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
                .starts_with(['{', '[']);
            let parsed = if is_json {
                serde_json::from_str::<serde_json::Value>(&text)
                    .map_err(|e| format!("{name}: {e}"))
                    .and_then(|v| crate::state::migrate(v).map_err(|e| format!("{name}: {e}")))
                    .map(|store| store.requests)
            } else {
                from_csv(&name, &text).map_err(|p| p.to_string())
            };
            match parsed {
                Ok(requests) => {
                    let mut n = 0;
                    portal.submissions.update(|all| n = merge(all, requests));
                    portal.save();
                    message.set(Some(
                        i18n.t(PageText::Imported).replace("{n}", &n.to_string()),
                    ));
                }
                Err(e) => message.set(Some(format!("{} {e}", i18n.t(PageText::ImportFailed)))),
            }
        });
    };
    view! {
        <section class="panel history" aria-labelledby="hist-h" data-testid="history">
            <h2 id="hist-h">{move || i18n.t(if portal.session().is_some() { PageText::SharedHistory } else { PageText::HistoryHeading })}</h2>
            <p data-testid="history-count">{move || i18n.t(PageText::HistoryCount).replace("{n}", &portal.submissions.with(Vec::len).to_string())}</p>
            {move || {
                let mut all = portal.submissions.get();
                (!all.is_empty()).then(|| {
                    // Newest first.
                    all.sort_by_key(|s| std::cmp::Reverse(s.submitted));
                    view! {
                        <div class="table-scroll">
                            <table class="data-table history__list" data-testid="history-list">
                                <thead>
                                    <tr>
                                        <th scope="col">{i18n.text(UiText::SrNumber)}</th>
                                        <th scope="col">{i18n.text(UiText::FieldTitle)}</th>
                                        <th scope="col">{i18n.text(UiText::SrDate)}</th>
                                        <th scope="col">{i18n.text(UiText::SrStatus)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {all.into_iter().map(|r| {
                                        let href = carry(&format!("/sr/{}/{}", r.filing.contract, r.sr));
                                        let submitted = r.submitted;
                                        let status = status_text(r.status);
                                        let key = (r.filing.contract.clone(), r.sr.clone());
                                        let local_status = r.record.as_ref().map(|rec| rec.status.clone());
                                        // The server's word when it keeps the request.
                                        let shown = move || {
                                            portal.server_statuses.with(|m| m.get(&key).cloned())
                                                .or_else(|| local_status.clone())
                                                .and_then(|s| portal.data.with(|d| match d {
                                                    crate::state::Load::Ready(d) => Some(server::status_words(&d.catalog, &s, i18n.lang())),
                                                    _ => None,
                                                }))
                                                .unwrap_or_else(|| i18n.t(status).to_owned())
                                        };
                                        view! {
                                            <tr>
                                                <td><a href=href>{r.sr.clone()}</a></td>
                                                <td>{r.filing.title.clone()}</td>
                                                <td>{move || format_datetime(submitted, i18n.lang())}</td>
                                                <td data-testid="history-status">{shown}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                })
            }}
            <p class="history__actions">
                <a class="button" data-testid="export-json" href=json_href download="covered-requests.json">{i18n.text(PageText::ExportJson)}</a>
                <a class="button" data-testid="export-csv" href=csv_href download="covered-requests.csv">{i18n.text(PageText::ExportCsv)}</a>
                // Importing adds to this browser's store: not offered while the server's
                // requests are shown.
                <Show when=move || portal.session().is_none()>
                    <input id="import-json" data-testid="import-json" class="sr-only" type="file" accept="application/json,.json,text/csv,.csv" on:change=on_file/>
                    <label class="button" for="import-json">{i18n.text(PageText::ImportJson)}</label>
                </Show>
            </p>
            {move || message.get().map(|m| view! { <p role="status" data-testid="import-message">{m}</p> })}
        </section>
    }
}

crate::i18n::words! {
    /// The words only this page says, in both languages: they load with its code.
    enum PageText {
        ServerRefused => (
            "접수하는 순간 서버가 다시 판정한 결과, 이 요청은 지원 대상이 아닙니다 (이 화면을 연 뒤 같은 기관의 다른 요청이 접수되었을 수 있습니다):",
            "When it was filed, the server judged it again: this request is not covered (another request of your institution may have been filed since this page opened):",
        ),
        PaidChoice => (
            "이 요청은 계약으로 지원되지 않습니다. 견적 금액을 내는 유상 변경요청으로 접수하거나, 접수하지 않고 돌아가 내용을 고칠 수 있습니다.",
            "This request is not covered by the contract. File it as a paid change request at the quoted price, or go back without filing it.",
        ),
        SubmitPaid => (
            "유상 변경요청으로 접수 — 견적 {amount} (부가세 별도)",
            "File as a paid change request — quote {amount} (before VAT)",
        ),
        SubmitPaidNoQuote => (
            "유상 변경요청으로 접수 (견적은 검토 후 안내)",
            "File as a paid change request (quoted after review)",
        ),
        BackNotFiled => ("접수하지 않고 돌아가기", "Go back without filing"),
        StepWho => ("기관과 요청자", "Institution and requester"),
        StepProduct => ("제품", "Product"),
        StepType => ("요청 유형", "Request type"),
        StepDetails => ("내용과 심각도 질문", "Details and severity questions"),
        StepReview => ("확인", "Review"),
        StepOf => ("단계 {n} / 5", "Step {n} of 5"),
        Next => ("다음", "Next"),
        Back => ("이전", "Back"),
        Submit => ("접수하기", "Submit"),
        ErrRequired => ("이 항목을 입력하세요.", "Fill in this field."),
        ErrAnswers => (
            "필수 질문에 모두 답하세요.",
            "Answer every required question.",
        ),
        RefusedMissing => (
            "필수 질문에 모두 답해야 접수할 수 있습니다.",
            "Answer every required question before submitting.",
        ),
        RefusedNotCovered => (
            "지원 대상이 아니며 유상 변경요청으로도 접수할 수 없는 요청입니다.",
            "This request is not covered and can't be filed as a paid change request either.",
        ),
        RefusedOutside => (
            "계약 범위 밖의 요청이라 접수할 수 없습니다. 계약 기간, 분관, 제품을 확인하세요.",
            "This request is outside the contract and can't be filed: check the period, the site and the product.",
        ),
        DraftSaved => (
            "입력 내용은 이 브라우저에 자동 저장됩니다.",
            "What you type is saved in this browser as you go.",
        ),
        SubmitFailed => ("접수되지 않았습니다:", "Not submitted:"),
        Files => ("첨부 파일 (선택)", "Files (optional)"),
        FilesHint => (
            "화면 캡처(PNG·JPEG), PDF, ZIP, 텍스트 로그 — 파일당 10 MB, 5개까지. 접수할 때 함께 보냅니다. 새로 고치면 다시 골라야 합니다.",
            "Screenshots (PNG, JPEG), PDF, ZIP, text logs — up to 10 MB each, 5 in all. Sent when the request is filed; after a reload, choose them again.",
        ),
        FileRemove => ("{name} 빼기", "Remove {name}"),
        Remove => ("빼기", "Remove"),
        FilesSent => ("첨부 파일 {n}개를 함께 보냈습니다.", "{n} attached file(s) sent with it."),
        FilesRefused => ("요청은 접수되었지만 파일을 붙이지 못했습니다:", "The request was filed, but a file was not attached:"),
        SharedHistory => (
            "기관의 요청 (서버에 저장됨)",
            "Your institution's requests (kept on the server)",
        ),
        HistoryHeading => (
            "이 브라우저에서 접수한 요청",
            "Requests submitted in this browser",
        ),
        HistoryCount => ("{n}건", "{n} requests"),
        ExportJson => ("JSON으로 내보내기", "Export as JSON"),
        ExportCsv => ("CSV로 내보내기", "Export as CSV"),
        ImportJson => ("JSON·CSV 가져오기", "Import JSON or CSV"),
        Imported => ("{n}건을 가져왔습니다.", "Imported {n} requests."),
        ImportFailed => ("가져오지 못했습니다:", "Could not import:"),
    }
}
