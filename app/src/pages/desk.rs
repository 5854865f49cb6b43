//! `/desk`: the vendor's desk — every open request across the customers, the one whose
//! clock falls due next first, with the counts of the filtered set (`GET /api/desk`;
//! where each clock stands is covered-core's answer on the server). Filters by contract
//! (customer), tier, severity, status, assignee and at risk; pages from the server.
//! Vendor staff only: anyone else is told so and offered a login.

use std::sync::Arc;

use covered_core::contract::{DataSet, RequestStatus};
use covered_core::i18n::{Lang, Text};
use covered_core::status::{ClockState, OpenClock};
use leptos::prelude::*;
use serde_json::Value;

use crate::components::{ClockBadge, ClockDue};
use crate::i18n::{UiText, use_i18n};
use crate::pages::with_data;
use crate::server::{self, Backend};
use crate::state::{carry, use_portal};

/// The `/desk` page.
#[component]
pub fn DeskPage() -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    view! {
        <crate::pages::Styled>
        <h1>{i18n.text(UiText::DeskTitle)}</h1>
        <p class="lead">{i18n.text(PageText::Summary)}</p>
        {with_data(move |data| {
            match (portal.backend.get(), portal.session()) {
                (_, Some(s)) if s.role == "vendor" => view! { <Desk data=data/> }.into_any(),
                (Backend::Server(_), _) => view! {
                    <div class="alert" role="alert" data-testid="desk-refused">
                        <p>{i18n.text(PageText::VendorOnly)}</p>
                        <p>
                            <button type="button" class="button" data-testid="desk-login"
                                on:click=move |_| portal.log_out()>{i18n.text(PageText::LoginAsVendor)}</button>
                        </p>
                    </div>
                }.into_any(),
                _ => view! {
                    <p class="alert" role="alert" data-testid="desk-no-server">{i18n.text(PageText::NoServer)}</p>
                }.into_any(),
            }
        })}
        </crate::pages::Styled>
    }
}

/// A text of the API (`{"ko", "en"}`) in `lang`.
fn local(v: &Value, lang: Lang) -> String {
    let key = match lang {
        Lang::Ko => "ko",
        Lang::En => "en",
    };
    v.get(key)
        .and_then(Value::as_str)
        .or_else(|| v.as_str())
        .unwrap_or("")
        .to_owned()
}

/// The core's clock as the desk's row gives it.
fn clock_of(v: &Value) -> Option<OpenClock> {
    let state = match v.get("state")?.as_str()? {
        "on_track" => ClockState::OnTrack,
        "at_risk" => ClockState::AtRisk,
        "breached" => ClockState::Breached,
        "met" => ClockState::Met,
        "paused" => ClockState::Paused,
        _ => return None,
    };
    let name = v.get("name")?;
    Some(OpenClock {
        clock: v.get("id")?.as_str()?.to_owned(),
        name: Text::new(local(name, Lang::Ko), local(name, Lang::En)),
        due: v.get("due")?.as_str()?.parse().ok()?,
        state,
        minutes_left: v.get("minutes_left")?.as_i64()?,
        stopped: None,
        paused_since: v
            .get("paused_since")
            .and_then(Value::as_str)
            .and_then(|s| s.parse().ok()),
    })
}

/// A `<select>` bound to `value`, its first option "all".
#[component]
fn Pick(
    id: &'static str,
    label: PageText,
    value: RwSignal<String>,
    options: Signal<Vec<(String, String)>>,
    #[prop(optional)] all: Option<PageText>,
) -> impl IntoView {
    let i18n = use_i18n();
    let all = all.unwrap_or(PageText::All);
    view! {
        <div class="field desk-filters__field">
            <label for=id>{i18n.text(label)}</label>
            <select id=id data-testid=id on:change=move |ev| value.set(event_target_value(&ev))
                prop:value=move || value.get()>
                <option value="">{i18n.text(all)}</option>
                {move || options.get().into_iter().map(|(v, text)| {
                    let selected = value.get_untracked() == v;
                    view! { <option value=v selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn Desk(data: Arc<DataSet>) -> impl IntoView {
    let i18n = use_i18n();
    let contract = RwSignal::new(String::new());
    let tier = RwSignal::new(String::new());
    let severity = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let assignee = RwSignal::new(String::new());
    let at_risk = RwSignal::new(false);
    // The cursors of the pages before this one, and this one's.
    let before = RwSignal::new(Vec::<Option<String>>::new());
    let cursor = RwSignal::new(None::<String>);
    let answer = RwSignal::new(None::<Result<Value, String>>);
    let asked = StoredValue::new(0u32);

    let query = Memo::new(move |_| {
        let mut q = vec![("limit".to_owned(), "50".to_owned())];
        for (k, s) in [
            ("contract", contract),
            ("tier", tier),
            ("severity", severity),
            ("status", status),
            ("assignee", assignee),
        ] {
            let v = s.get();
            if !v.is_empty() {
                q.push((k.to_owned(), v));
            }
        }
        if at_risk.get() {
            q.push(("at_risk".to_owned(), "true".to_owned()));
        }
        q.iter()
            .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v)))
            .collect::<Vec<_>>()
            .join("&")
    });
    // A change of filter starts again at the first page.
    Effect::new(move |_| {
        query.track();
        before.set(Vec::new());
        cursor.set(None);
    });
    Effect::new(move |_| {
        let mut q = query.get();
        if let Some(c) = cursor.get() {
            q.push_str("&cursor=");
            q.push_str(&String::from(js_sys::encode_uri_component(&c)));
        }
        let n = asked.get_value().wrapping_add(1);
        asked.set_value(n);
        wasm_bindgen_futures::spawn_local(async move {
            let got = match server::call("GET", &format!("/api/desk?{q}"), None, &[]).await {
                Ok(a) if a.ok() => Ok(a.body),
                Ok(a) => Err(a.error_text()),
                Err(e) => Err(e),
            };
            // Only the answer to the latest question is shown.
            if asked.get_value() == n {
                answer.set(Some(got));
            }
        });
    });

    let lang = move || i18n.lang();
    let d = data.clone();
    let contracts = Signal::derive(move || {
        d.contracts
            .iter()
            .map(|c| {
                (
                    c.id.clone(),
                    format!("{} ({})", c.institution.get(lang()), c.id),
                )
            })
            .collect()
    });
    let d = data.clone();
    let tiers = Signal::derive(move || {
        d.catalog
            .tiers
            .iter()
            .map(|t| (t.id.clone(), t.name.get(lang()).to_owned()))
            .collect()
    });
    let d = data.clone();
    let severities = Signal::derive(move || {
        d.catalog
            .severities
            .iter()
            .map(|s| (s.id.clone(), s.name.get(lang()).to_owned()))
            .collect()
    });
    let d = data.clone();
    let statuses = Signal::derive(move || {
        d.catalog
            .lifecycle
            .iter()
            .flat_map(|lc| lc.statuses.iter())
            .filter(|s| s.kind == RequestStatus::Open)
            .map(|s| (s.id.clone(), s.name.get(lang()).to_owned()))
            .collect()
    });
    let staff = Signal::derive(move || {
        let mut out = vec![("none".to_owned(), i18n.t(PageText::Unassigned).to_owned())];
        answer.with(|a| {
            if let Some(Ok(v)) = a {
                for s in v
                    .get("staff")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let login = s.get("login").and_then(Value::as_str).unwrap_or("");
                    let name = s.get("name").and_then(Value::as_str).unwrap_or(login);
                    out.push((login.to_owned(), name.to_owned()));
                }
            }
        });
        out
    });

    let count = move |k: &'static str| {
        move || {
            answer.with(|a| match a {
                Some(Ok(v)) => v
                    .get("counts")
                    .and_then(|c| c.get(k))
                    .and_then(Value::as_i64)
                    .map_or_else(String::new, |n| n.to_string()),
                _ => String::new(),
            })
        }
    };

    view! {
        <form class="panel desk-filters" data-testid="desk-filters" on:submit=|ev| ev.prevent_default()>
            <Pick id="desk-contract" label=PageText::Customer value=contract options=contracts/>
            <Pick id="desk-tier" label=PageText::Tier value=tier options=tiers/>
            <Pick id="desk-severity" label=PageText::Severity value=severity options=severities/>
            <Pick id="desk-status" label=PageText::Status value=status options=statuses/>
            <Pick id="desk-assignee" label=PageText::Assignee value=assignee options=staff/>
            <div class="field desk-filters__field">
                <label class="choice">
                    <input type="checkbox" id="desk-at-risk" data-testid="desk-at-risk"
                        prop:checked=move || at_risk.get()
                        on:change=move |ev| at_risk.set(event_target_checked(&ev))/>
                    {i18n.text(PageText::AtRiskOnly)}
                </label>
            </div>
        </form>
        <dl class="desk-counts" data-testid="desk-counts" aria-live="polite">
            <div><dt>{i18n.text(PageText::CountOpen)}</dt><dd data-testid="count-open">{count("open")}</dd></div>
            <div><dt>{i18n.local(ClockState::AtRisk.text())}</dt><dd data-testid="count-at-risk">{count("at_risk")}</dd></div>
            <div><dt>{i18n.local(ClockState::Breached.text())}</dt><dd data-testid="count-breached">{count("breached")}</dd></div>
            <div><dt>{i18n.text(PageText::CountUnassigned)}</dt><dd data-testid="count-unassigned">{count("unassigned")}</dd></div>
        </dl>
        {move || match answer.get() {
            None => view! { <p class="muted" role="status">{i18n.text(UiText::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert" data-testid="desk-problem">{e}</p> }.into_any(),
            Some(Ok(v)) => {
                let rows: Vec<Value> = v.get("requests").and_then(Value::as_array).cloned().unwrap_or_default();
                let next = v.get("next_cursor").and_then(Value::as_str).map(str::to_owned);
                let empty = rows.is_empty();
                view! {
                    {empty.then(|| view! { <p class="muted" data-testid="desk-empty">{i18n.text(PageText::Empty)}</p> })}
                    <ol class="desk-list" data-testid="desk-list">
                        {rows.into_iter().map(|r| view! { <Row r=r/> }).collect_view()}
                    </ol>
                    <p class="desk-pages">
                        {move || (!before.with(Vec::is_empty)).then(|| view! {
                            <button type="button" class="button" data-testid="desk-previous" on:click=move |_| {
                                let mut b = before.get_untracked();
                                let c = b.pop().flatten();
                                before.set(b);
                                cursor.set(c);
                            }>{i18n.text(PageText::Previous)}</button>
                        })}
                        " "
                        {next.map(|n| view! {
                            <button type="button" class="button" data-testid="desk-next" on:click=move |_| {
                                before.update(|b| b.push(cursor.get_untracked()));
                                cursor.set(Some(n.clone()));
                            }>{i18n.text(PageText::Next)}</button>
                        })}
                    </p>
                }.into_any()
            }
        }}
    }
}

/// One open request: customer and SR number (a link to its SR page), what it is, who
/// handles it, and its next clock.
#[component]
fn Row(r: Value) -> impl IntoView {
    let i18n = use_i18n();
    let text = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let words = |k: &str| r.get(k).cloned().unwrap_or(Value::Null);
    let (contract, sr) = (text("contract"), text("sr"));
    let href = carry(&format!("/sr/{contract}/{sr}"));
    let customer = words("customer");
    let (category, severity, status) = (
        words("category_name"),
        words("severity_name"),
        words("status_name"),
    );
    let assignee = r
        .get("assignee")
        .and_then(|a| a.get("name"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let clock = r.get("next_clock").and_then(clock_of);
    let state = clock
        .as_ref()
        .map(|c| format!("{:?}", c.state))
        .unwrap_or_default();
    let title = text("title");
    view! {
        <li class="desk-row" data-testid="desk-row" data-sr=sr.clone() data-contract=contract.clone() data-state=state>
            <p class="desk-row__head">
                <a href=href data-testid="desk-link">
                    {move || local(&customer, i18n.lang())}" · "<strong>{sr.clone()}</strong>
                </a>
            </p>
            <p class="desk-row__title">{title}</p>
            <p class="desk-row__facts">
                <span>{move || local(&severity, i18n.lang())}</span>" · "
                <span>{move || local(&category, i18n.lang())}</span>" · "
                <span data-testid="desk-status">{move || local(&status, i18n.lang())}</span>" · "
                <span data-testid="desk-assignee">{i18n.text(PageText::Assignee)}": "
                    {match assignee {
                        Some(a) => a.into_any(),
                        None => i18n.text(PageText::Unassigned).into_any(),
                    }}
                </span>
            </p>
            <p class="desk-row__clock">
                {match clock {
                    Some(c) => view! { <ClockDue clock=c.clone()/>" "<ClockBadge clock=c/> }.into_any(),
                    None => i18n.text(PageText::NoClock).into_any(),
                }}
            </p>
        </li>
    }
}

crate::i18n::words! {
    /// The words only this page says, in both languages: they load with its code.
    enum PageText {
        Summary => (
            "모든 고객의 처리 중인 요청을 가장 먼저 기한이 닥치는 순서로 봅니다.",
            "Every customer's open requests, the one due soonest first.",
        ),
        VendorOnly => (
            "이 페이지는 업체 직원만 볼 수 있습니다. 업체 직원 계정으로 로그인하세요.",
            "This page is for the vendor's staff only. Log in with a vendor staff account.",
        ),
        LoginAsVendor => ("업체 직원 계정으로 로그인", "Log in as vendor staff"),
        NoServer => (
            "데스크는 서버(covered serve)에서 열린 포털에서만 쓸 수 있습니다.",
            "The desk needs the portal served by covered serve.",
        ),
        All => ("전체", "All"),
        Customer => ("고객 (계약)", "Customer (contract)"),
        Tier => ("등급", "Tier"),
        Severity => ("심각도", "Severity"),
        Status => ("상태", "Status"),
        Assignee => ("담당자", "Assignee"),
        Unassigned => ("미지정", "Unassigned"),
        AtRiskOnly => ("기한 임박·초과만", "At risk or breached only"),
        CountOpen => ("처리 중", "Open"),
        CountUnassigned => ("미지정", "Unassigned"),
        Empty => ("조건에 맞는 요청이 없습니다.", "No open request matches."),
        NoClock => ("진행 중인 SLA 시계 없음", "No SLA clock running"),
        Previous => ("이전 페이지", "Previous page"),
        Next => ("다음 페이지", "Next page"),
    }
}
