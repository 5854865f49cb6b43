//! `/audit`: the audit trail for the vendor's staff (`GET /api/audit`) — every login,
//! submission, status change, comment, assignment, rating, attachment and account change,
//! newest last as the server's hash chain keeps them; filters by account, kind, customer
//! (contract) and period; 50 a page; the same rows as CSV (`/api/audit.csv`). Whether the
//! chain holds is `covered audit verify`'s to say, on the server.

use std::sync::Arc;

use covered_core::contract::DataSet;
use leptos::prelude::*;
use serde_json::Value;

use crate::i18n::{UiText, use_i18n};
use crate::pages::with_data;
use crate::server::{self, Backend};
use crate::state::{carry, use_portal};

/// Rows a page.
const PAGE: u64 = 50;

/// The `/audit` page.
#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    view! {
        <crate::pages::Styled>
        <h1 id="page-h" tabindex="-1">{i18n.text(UiText::AuditTitle)}</h1>
        <p class="lead">{i18n.text(PageText::Summary)}</p>
        {with_data(move |data| {
            match (portal.backend.get(), portal.session()) {
                (_, Some(s)) if s.role == "vendor" => view! { <Trail data=data/> }.into_any(),
                (Backend::Server(_), _) => view! {
                    <p class="alert" role="alert" data-testid="audit-refused">{i18n.text(PageText::VendorOnly)}</p>
                }.into_any(),
                _ => view! {
                    <p class="alert" role="alert" data-testid="audit-no-server">{i18n.text(PageText::NoServer)}</p>
                }.into_any(),
            }
        })}
        </crate::pages::Styled>
    }
}

/// `v`'s text field `k`.
fn text(v: &Value, k: &str) -> String {
    match v.get(k) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

#[component]
fn Trail(data: Arc<DataSet>) -> impl IntoView {
    let i18n = use_i18n();
    // One request's entries when the SR page links here (`?request=<id>`).
    let request = RwSignal::new(crate::state::query_param("request").unwrap_or_default());
    let account = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let contract = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let offset = RwSignal::new(0u64);
    let answer = RwSignal::new(None::<Result<Value, String>>);
    let asked = StoredValue::new(0u32);

    // The filters as the API takes them (without the page).
    let filters = Memo::new(move |_| {
        [
            ("request", request.get()),
            ("account", account.get()),
            ("kind", kind.get()),
            ("contract", contract.get()),
            ("from", from.get()),
            ("to", to.get()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v.trim())))
        .collect::<Vec<_>>()
        .join("&")
    });
    // A change of filter starts again at the first page.
    Effect::new(move |_| {
        filters.track();
        offset.set(0);
    });
    Effect::new(move |_| {
        let q = format!("{}&limit={PAGE}&offset={}", filters.get(), offset.get());
        let n = asked.get_value().wrapping_add(1);
        asked.set_value(n);
        wasm_bindgen_futures::spawn_local(async move {
            let got = match server::call("GET", &format!("/api/audit?{q}"), None, &[]).await {
                Ok(a) if a.ok() => Ok(a.body),
                Ok(a) => Err(a.error_in(i18n.lang())),
                Err(e) => Err(e),
            };
            // Only the answer to the latest question is shown.
            if asked.get_value() == n {
                answer.set(Some(got));
            }
        });
    });

    let lang = move || i18n.lang();
    let institution = {
        let data = data.clone();
        move |id: &str| {
            data.contract(id)
                .map_or_else(|| id.to_owned(), |c| c.institution.get(lang()).to_owned())
        }
    };
    let contracts: Vec<(String, String)> = data
        .contracts
        .iter()
        .map(|c| (c.id.clone(), c.id.clone()))
        .collect();
    let field =
        move |id: &'static str, label: PageText, value: RwSignal<String>, kind: &'static str| {
            view! {
                <div class="field desk-filters__field">
                    <label for=id>{i18n.text(label)}</label>
                    <input id=id data-testid=id type=kind prop:value=move || value.get()
                        on:change=move |ev| value.set(event_target_value(&ev))/>
                </div>
            }
        };
    let csv = move || {
        let q = filters.get();
        if q.is_empty() {
            "/api/audit.csv".to_owned()
        } else {
            format!("/api/audit.csv?{q}")
        }
    };

    view! {
        <form class="desk-filters" role="search" aria-label=move || i18n.t(PageText::Filters)
            on:submit=|ev| ev.prevent_default()>
            {field("a-account", PageText::Account, account, "text")}
            {field("a-kind", PageText::Kind, kind, "text")}
            <div class="field desk-filters__field">
                <label for="a-contract">{i18n.text(PageText::Customer)}</label>
                <select id="a-contract" data-testid="a-contract" prop:value=move || contract.get()
                    on:change=move |ev| contract.set(event_target_value(&ev))>
                    <option value="">{i18n.text(PageText::All)}</option>
                    {contracts.into_iter().map(|(id, _)| {
                        let name = institution(&id);
                        view! { <option value=id.clone()>{format!("{name} ({id})")}</option> }
                    }).collect_view()}
                </select>
            </div>
            {field("a-from", PageText::From, from, "date")}
            {field("a-to", PageText::To, to, "date")}
        </form>
        {move || (!request.get().is_empty()).then(|| view! {
            <p data-testid="audit-one-request">{i18n.t(PageText::OneRequest)}" "
                <button type="button" class="button button--small" on:click=move |_| request.set(String::new())>{i18n.t(PageText::AllRequests)}</button>
            </p>
        })}
        <p><a class="button" href=csv download="audit.csv" data-testid="audit-csv">{i18n.text(PageText::Csv)}</a></p>
        {move || match answer.get() {
            None => view! { <p class="muted" role="status">{i18n.t(UiText::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert" data-testid="audit-problem">{e}</p> }.into_any(),
            Some(Ok(body)) => {
                let total = body.get("total").and_then(Value::as_u64).unwrap_or(0);
                let rows = body.get("audit").and_then(Value::as_array).cloned().unwrap_or_default();
                let first = offset.get_untracked();
                let last = first + rows.len() as u64;
                let inst = institution.clone();
                view! {
                    <p role="status" data-testid="audit-count">{
                        i18n.t(PageText::Count)
                            .replace("{total}", &total.to_string())
                            .replace("{first}", &(first + u64::from(!rows.is_empty())).to_string())
                            .replace("{last}", &last.to_string())
                    }</p>
                    {rows.is_empty().then(|| view! { <p data-testid="audit-empty">{i18n.t(PageText::Empty)}</p> })}
                    <div class="table-scroll">
                    <table class="audit cards-on-phone" data-testid="audit-list">
                        <thead><tr>
                            <th scope="col">"#"</th>
                            <th scope="col">{i18n.t(PageText::When)}</th>
                            <th scope="col">{i18n.t(PageText::Account)}</th>
                            <th scope="col">{i18n.t(PageText::Kind)}</th>
                            <th scope="col">{i18n.t(PageText::Request)}</th>
                            <th scope="col">{i18n.t(PageText::Where)}</th>
                            <th scope="col">{i18n.t(PageText::Detail)}</th>
                        </tr></thead>
                        <tbody>
                        {rows.into_iter().map(|r| {
                            let contract = text(&r, "contract");
                            let sr = text(&r, "sr");
                            let request = (!sr.is_empty()).then(|| {
                                let href = carry(&format!("/sr/{contract}/{sr}"));
                                view! { <a href=href>{format!("{} · {sr}", inst(&contract))}</a> }
                            });
                            let at = text(&r, "at");
                            let at = at.get(..16).unwrap_or(&at).replace('T', " ");
                            let l = move |w: PageText| i18n.t(w);
                            view! {
                                <tr data-testid="audit-row" data-kind=text(&r, "kind")>
                                    <th scope="row">{format!("#{}", text(&r, "seq"))}</th>
                                    <td data-label=l(PageText::When)>{at}</td>
                                    <td data-label=l(PageText::Account) data-testid="audit-who">{text(&r, "who")}</td>
                                    <td data-label=l(PageText::Kind)><code>{text(&r, "kind")}</code></td>
                                    <td data-label=l(PageText::Request)>{request}</td>
                                    <td data-label=l(PageText::Where)>{text(&r, "ip")}</td>
                                    <td data-label=l(PageText::Detail) class="audit__detail">{text(&r, "detail")}</td>
                                </tr>
                            }
                        }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                    <p class="pager">
                        <button type="button" class="button" data-testid="audit-previous" disabled=first == 0
                            on:click=move |_| offset.update(|o| *o = o.saturating_sub(PAGE))>{i18n.t(PageText::Previous)}</button>
                        " "
                        <button type="button" class="button" data-testid="audit-next" disabled={last >= total}
                            on:click=move |_| offset.update(|o| *o += PAGE)>{i18n.t(PageText::Next)}</button>
                    </p>
                }.into_any()
            }
        }}
    }
}

crate::i18n::words! {
    /// The words only this page says, in both languages: they load with its code.
    enum PageText {
        Summary => (
            "로그인, 접수, 상태 변경, 의견, 담당자 지정, 평가, 첨부, 계정 변경이 누가·언제·어디서 했는지와 함께 순서대로 남습니다. 기록은 해시로 이어져 있어 고치거나 지운 줄이 드러납니다.",
            "Every login, submission, status change, comment, assignment, rating, attachment and account change, with who, when and from where, in order. The entries are hash-chained, so an edited or deleted row shows.",
        ),
        VendorOnly => (
            "감사 기록은 업체 직원만 볼 수 있습니다. 업체 직원 계정으로 로그인하세요.",
            "The audit trail is for the vendor's staff only. Log in with a vendor staff account.",
        ),
        NoServer => (
            "감사 기록은 서버(covered serve)에서 열린 포털에서만 볼 수 있습니다.",
            "The audit trail needs the portal served by covered serve.",
        ),
        Filters => ("감사 기록 거르기", "Filter the audit trail"),
        Account => ("계정", "Account"),
        Kind => ("종류", "Kind"),
        Customer => ("고객 (계약)", "Customer (contract)"),
        All => ("전체", "All"),
        From => ("시작일", "From"),
        To => ("종료일", "To"),
        Csv => ("CSV로 내보내기", "Export as CSV"),
        Count => ("{total}건 중 {first}–{last}", "{first}–{last} of {total}"),
        Empty => ("조건에 맞는 기록이 없습니다.", "No entry matches."),
        When => ("일시", "When"),
        Request => ("요청", "Request"),
        Where => ("접속 위치", "From where"),
        Detail => ("내용", "Detail"),
        OneRequest => ("한 요청의 기록만 보고 있습니다.", "Showing one request's entries."),
        AllRequests => ("모든 요청 보기", "Show every request"),
        Previous => ("이전 페이지", "Previous page"),
        Next => ("다음 페이지", "Next page"),
    }
}
