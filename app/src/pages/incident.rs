//! `/sr/{contract}/{sr}/incident`: the incident report of a fault the notification policy
//! wants one for (`GET`/`PUT /api/requests/{id}/incident`) — summary, impact, cause, the
//! timeline of actions by time (prefilled by the server from the request's events), the
//! restore time and the follow-up. Vendor staff write it, within the time the policy
//! sets after the restore (the server warns the desk when it is late); the customer reads
//! it once it is filed. Printed, it is one A4 document.

use leptos::prelude::*;
use serde_json::{Value, json};

use crate::i18n::{UiText, use_i18n};
use crate::server::{self, Backend, Session};
use crate::state::{carry, use_portal};

/// The `/sr/{contract}/{sr}/incident` page.
#[component]
pub fn IncidentPage() -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let location = crate::router::use_location();
    let key = move || match location.route() {
        crate::router::Route::Incident { contract, sr } => Some((contract, sr)),
        _ => None,
    };
    view! {
        <crate::pages::Styled>
        {move || {
            let Some((contract, sr)) = key() else { return ().into_any() };
            let back = carry(&format!("/sr/{contract}/{sr}"));
            let title = format!("{sr} · {}", i18n.t(UiText::IncidentTitle));
            view! {
                <p class="no-print"><a href=back data-testid="incident-back">{i18n.text(PageText::Back)}</a></p>
                <h1 id="page-h" tabindex="-1">{title}</h1>
                {match portal.backend.get() {
                    Backend::Server(Some(s)) => view! { <Report session=s contract=contract sr=sr/> }.into_any(),
                    Backend::Server(None) => crate::pages::later(crate::pages::login_view()),
                    Backend::Probing => view! { <p class="muted" role="status">{i18n.t(UiText::Loading)}</p> }.into_any(),
                    Backend::Browser => view! {
                        <p class="alert" role="alert" data-testid="incident-no-server">{i18n.text(PageText::NoServer)}</p>
                    }.into_any(),
                }}
            }.into_any()
        }}
        </crate::pages::Styled>
    }
}

/// One line of the timeline as it is edited.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    /// Stable while the list is edited (the key of its row).
    n: u32,
    at: RwSignal<String>,
    text: RwSignal<String>,
}

/// The report's fields as they are edited.
#[derive(Clone, Copy)]
struct Fields {
    summary: RwSignal<String>,
    impact: RwSignal<String>,
    cause: RwSignal<String>,
    restored_at: RwSignal<String>,
    follow_up: RwSignal<String>,
    timeline: RwSignal<Vec<Line>>,
    next_n: StoredValue<u32>,
    /// The page's owner: a line's signals live as long as the page, whoever makes the
    /// line (a click, the server's answer), not as long as the view that drew it.
    owner: StoredValue<Option<Owner>>,
}

impl Fields {
    fn new() -> Fields {
        Fields {
            summary: RwSignal::new(String::new()),
            impact: RwSignal::new(String::new()),
            cause: RwSignal::new(String::new()),
            restored_at: RwSignal::new(String::new()),
            follow_up: RwSignal::new(String::new()),
            timeline: RwSignal::new(Vec::new()),
            next_n: StoredValue::new(0),
            owner: StoredValue::new(Owner::current()),
        }
    }

    fn line(self, at: String, text: String) -> Line {
        let n = self.next_n.get_value();
        self.next_n.set_value(n + 1);
        let make = move || Line {
            n,
            at: RwSignal::new(at),
            text: RwSignal::new(text),
        };
        match self.owner.get_value() {
            Some(owner) => owner.with(make),
            None => make(),
        }
    }

    /// Fills the fields from a report (or the server's draft of one).
    fn fill(self, r: &Value) {
        let s = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
        self.summary.set(s("summary"));
        self.impact.set(s("impact"));
        self.cause.set(s("cause"));
        self.restored_at.set(minutes(&s("restored_at")));
        self.follow_up.set(s("follow_up"));
        let lines = r
            .get("timeline")
            .and_then(Value::as_array)
            .map(|all| {
                all.iter()
                    .map(|l| {
                        let t = |k: &str| l.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
                        self.line(minutes(&t("at")), t("text"))
                    })
                    .collect()
            })
            .unwrap_or_default();
        self.timeline.set(lines);
    }

    fn body(self) -> Value {
        let restored = self.restored_at.get_untracked();
        json!({
            "summary": self.summary.get_untracked(),
            "impact": self.impact.get_untracked(),
            "cause": self.cause.get_untracked(),
            "timeline": self.timeline.get_untracked().iter().map(|l| json!({
                "at": l.at.get_untracked(),
                "text": l.text.get_untracked(),
            })).collect::<Vec<_>>(),
            "restored_at": if restored.is_empty() { Value::Null } else { Value::from(restored) },
            "follow_up": self.follow_up.get_untracked(),
        })
    }
}

/// A local date-time to the minute, as `datetime-local` inputs take it.
fn minutes(s: &str) -> String {
    s.get(..16).unwrap_or(s).to_owned()
}

#[component]
fn Report(session: Session, contract: String, sr: String) -> impl IntoView {
    let i18n = use_i18n();
    let vendor = session.role == "vendor";
    let id = RwSignal::new(None::<String>);
    let answer = RwSignal::new(None::<Result<Value, String>>);
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let f = Fields::new();
    let csrf = StoredValue::new(session.csrf_token.clone());

    wasm_bindgen_futures::spawn_local(async move {
        let request = match server::request_by_sr(&contract, &sr).await {
            Ok(Some(r)) => r,
            Ok(None) => return answer.set(Some(Err(i18n.t(PageText::NotFound).to_owned()))),
            Err(e) => return answer.set(Some(Err(e))),
        };
        let Some(rid) = request.get("id").and_then(Value::as_str).map(str::to_owned) else {
            return;
        };
        let got =
            match server::call("GET", &format!("/api/requests/{rid}/incident"), None, &[]).await {
                Ok(a) if a.ok() => Ok(a.body),
                Ok(a) => Err(a.error_in(i18n.lang())),
                Err(e) => Err(e),
            };
        if let Ok(body) = &got {
            // The report as filed, else the server's draft of it.
            if let Some(r) = body
                .get("report")
                .filter(|r| !r.is_null())
                .or_else(|| body.get("draft"))
            {
                f.fill(r);
            }
        }
        id.set(Some(rid));
        answer.set(Some(got));
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(rid) = id.get_untracked() else {
            return;
        };
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        saved.set(false);
        let body = f.body();
        let token = csrf.get_value();
        let lang = i18n.lang();
        wasm_bindgen_futures::spawn_local(async move {
            match server::call(
                "PUT",
                &format!("/api/requests/{rid}/incident"),
                Some(&body),
                &[("X-CSRF-Token", &token)],
            )
            .await
            {
                Ok(a) if a.ok() => {
                    problem.set(None);
                    answer.set(Some(Ok(a.body)));
                    saved.set(true);
                }
                // What was typed stays as it was typed.
                Ok(a) => problem.set(Some(a.error_in(lang))),
                Err(e) => problem.set(Some(e)),
            }
            sending.set(false);
        });
    };

    let ready = Memo::new(move |_| answer.with(|a| matches!(a, Some(Ok(_)))));
    let filed = Memo::new(move |_| {
        answer.with(|a| matches!(a, Some(Ok(b)) if b.get("report").is_some_and(|r| !r.is_null())))
    });
    let area = move |id: &'static str, label: PageText, value: RwSignal<String>, rows: u32| {
        view! {
            <div class="field">
                <label for=id>{i18n.text(label)}</label>
                <textarea id=id data-testid=id rows=rows prop:value=move || value.get()
                    on:input=move |ev| { value.set(event_target_value(&ev)); saved.set(false); }></textarea>
            </div>
        }
    };

    view! {
        {move || match answer.get() {
            None => view! { <p class="muted" role="status">{i18n.t(UiText::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert" data-testid="incident-problem">{e}</p> }.into_any(),
            Some(Ok(body)) => {
                let required = body.get("required").and_then(Value::as_bool).unwrap_or(false);
                let report = body.get("report").filter(|r| !r.is_null()).cloned();
                // When it is due, as the server words it ("24 h after the restore", "by …").
                let due = body.get("due_text").and_then(|t| t.get(match i18n.lang() {
                    covered_core::i18n::Lang::Ko => "ko",
                    covered_core::i18n::Lang::En => "en",
                })).and_then(Value::as_str).map(str::to_owned);
                let overdue = body.get("overdue").and_then(Value::as_bool).unwrap_or(false);
                let state = match (&report, required) {
                    (Some(r), _) => {
                        let by = r.get("author_name").and_then(Value::as_str).unwrap_or("").to_owned();
                        let at = r.get("updated_at_iso").and_then(Value::as_str).map(|d| minutes(d).replace('T', " ")).unwrap_or_default();
                        i18n.t(PageText::Filed).replace("{by}", &by).replace("{at}", &at)
                    }
                    (None, false) => i18n.t(PageText::NotRequired).to_owned(),
                    (None, true) => match due {
                        Some(d) if overdue => format!("{} {d}", i18n.t(PageText::Overdue)),
                        Some(d) => format!("{} {d}", i18n.t(PageText::Due)),
                        None => i18n.t(PageText::Due).to_owned(),
                    },
                };
                let alert = report.is_none() && overdue;
                view! {
                    <p class=if alert { "alert" } else { "lead" } data-testid="incident-state">{state}</p>
                    {(!vendor && report.is_none()).then(|| view! {
                        <p data-testid="incident-not-yet">{i18n.t(PageText::NotYet)}</p>
                    })}
                }.into_any()
            }
        }}
        {move || {
            // Drawn once the answer is in, and not again when a save answers: what is
            // typed stays where it is, the focus too.
            if !ready.get() || (!vendor && !filed.get()) {
                return ().into_any();
            }
            if !vendor {
                return view! { <ReadOnly f=f/> }.into_any();
            }
            view! {
                <form class="incident" on:submit=save data-testid="incident-form">
                    {area("i-summary", PageText::Summary, f.summary, 3)}
                    {area("i-impact", PageText::Impact, f.impact, 3)}
                    {area("i-cause", PageText::Cause, f.cause, 3)}
                    <fieldset class="incident__timeline">
                        <legend>{i18n.text(PageText::Timeline)}</legend>
                        <ol class="plain" data-testid="i-timeline">
                            <For each=move || f.timeline.get() key=|l| l.n let:line>
                                {
                                    let n = line.n;
                                    let at_id = format!("i-at-{n}");
                                    let text_id = format!("i-text-{n}");
                                    let at = line.at;
                                    let text = line.text;
                                    view! {
                                        <li class="incident__line" data-testid="i-line">
                                            <div class="field">
                                                <label for=at_id.clone()>{i18n.text(PageText::At)}</label>
                                                <input id=at_id type="datetime-local" data-testid="i-at" prop:value=move || at.get()
                                                    on:input=move |ev| { at.set(event_target_value(&ev)); saved.set(false); }/>
                                            </div>
                                            <div class="field">
                                                <label for=text_id.clone()>{i18n.text(PageText::Action)}</label>
                                                <input id=text_id type="text" data-testid="i-text" prop:value=move || text.get()
                                                    on:input=move |ev| { text.set(event_target_value(&ev)); saved.set(false); }/>
                                            </div>
                                            <button type="button" class="button button--small no-print" data-testid="i-remove"
                                                on:click=move |_| f.timeline.update(|all| all.retain(|l| l.n != n))>
                                                {i18n.text(PageText::Remove)}
                                            </button>
                                        </li>
                                    }
                                }
                            </For>
                        </ol>
                        <button type="button" class="button no-print" data-testid="i-add"
                            on:click=move |_| {
                                let line = f.line(String::new(), String::new());
                                let n = line.n;
                                f.timeline.update(|all| all.push(line));
                                request_animation_frame(move || {
                                    use wasm_bindgen::JsCast;
                                    if let Some(e) = document().get_element_by_id(&format!("i-at-{n}"))
                                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                                        let _ = e.focus();
                                    }
                                });
                            }>{i18n.text(PageText::AddLine)}</button>
                    </fieldset>
                    <div class="field">
                        <label for="i-restored">{i18n.text(PageText::Restored)}</label>
                        <input id="i-restored" data-testid="i-restored" type="datetime-local"
                            prop:value=move || f.restored_at.get()
                            on:input=move |ev| { f.restored_at.set(event_target_value(&ev)); saved.set(false); }/>
                    </div>
                    {area("i-follow-up", PageText::FollowUp, f.follow_up, 3)}
                    <p class="hint muted no-print">{i18n.text(PageText::Logs)}</p>
                    <p class="no-print">
                        <button type="submit" class="button button--primary" data-testid="i-save" disabled=move || sending.get()>
                            {i18n.text(PageText::Save)}
                        </button>
                        " "
                        <button type="button" class="button" data-testid="i-print" on:click=|_| { let _ = window().print(); }>
                            {i18n.text(PageText::Print)}
                        </button>
                    </p>
                    <p role="status" data-testid="i-saved">{move || saved.get().then(|| i18n.t(PageText::Saved))}</p>
                    {move || problem.get().map(|e| view! { <p class="error" role="alert" data-testid="i-problem">{e}</p> })}
                </form>
            }.into_any()
        }}
    }
}

/// The filed report as the customer reads it.
#[component]
fn ReadOnly(f: Fields) -> impl IntoView {
    let i18n = use_i18n();
    let part = move |label: PageText, value: RwSignal<String>| {
        view! {
            <h2>{i18n.text(label)}</h2>
            <p class="incident__text">{move || value.get()}</p>
        }
    };
    view! {
        <article class="incident" data-testid="incident-report">
            {part(PageText::Summary, f.summary)}
            {part(PageText::Impact, f.impact)}
            {part(PageText::Cause, f.cause)}
            <h2>{i18n.text(PageText::Timeline)}</h2>
            <ol class="plain">
                {move || f.timeline.get().into_iter().map(|l| view! {
                    <li><time>{l.at.get_untracked().replace('T', " ")}</time>" — "{l.text.get_untracked()}</li>
                }).collect_view()}
            </ol>
            <h2>{i18n.text(PageText::Restored)}</h2>
            <p>{move || f.restored_at.get().replace('T', " ")}</p>
            {part(PageText::FollowUp, f.follow_up)}
            <p class="no-print">
                <button type="button" class="button" data-testid="i-print" on:click=|_| { let _ = window().print(); }>
                    {i18n.text(PageText::Print)}
                </button>
            </p>
        </article>
    }
}

crate::i18n::words! {
    /// The words only this page says, in both languages: they load with its code.
    enum PageText {
        Back => ("← 요청으로 돌아가기", "← Back to the request"),
        NoServer => (
            "장애 보고서는 서버(covered serve)에서 열린 포털에서만 쓸 수 있습니다.",
            "Incident reports need the portal served by covered serve.",
        ),
        NotFound => ("그 번호의 요청이 없습니다.", "There is no request with that number."),
        NotRequired => (
            "이 요청에는 장애 보고서가 필요하지 않습니다. 작성해 두면 고객도 볼 수 있습니다.",
            "This request needs no incident report; one written here is shown to the customer too.",
        ),
        Due => ("작성 기한:", "Due:"),
        Overdue => ("작성 기한이 지났습니다:", "Overdue, it was due:"),
        Filed => ("{at} {by} 작성", "Filed by {by} at {at}"),
        NotYet => (
            "업체가 아직 장애 보고서를 작성하지 않았습니다. 작성되면 여기에서 볼 수 있습니다.",
            "The vendor has not filed the incident report yet; it will be shown here.",
        ),
        Summary => ("장애 개요", "Summary"),
        Impact => ("영향 범위", "Impact"),
        Cause => ("원인 분석", "Cause"),
        Timeline => ("대응 경과 (시간대별 주요 조치)", "Timeline of actions"),
        At => ("일시", "When"),
        Action => ("조치", "Action"),
        Remove => ("이 줄 지우기", "Remove this line"),
        AddLine => ("조치 추가", "Add an action"),
        Restored => ("복구 시각", "Restored at"),
        FollowUp => ("후속 조치·재발 방지 대책", "Follow-up and prevention"),
        Logs => (
            "관련 로그는 요청 페이지에서 첨부 파일로 붙입니다.",
            "Attach the related logs to the request on its page.",
        ),
        Save => ("보고서 저장", "Save the report"),
        Saved => ("저장했습니다. 고객도 볼 수 있습니다.", "Saved; the customer can read it now."),
        Print => ("인쇄 (A4)", "Print (A4)"),
    }
}
