//! The JSON API under `/api` (its document: `GET /api/openapi.json`, see `openapi.rs`).
//! Every handler finds the caller first, answers only about contracts and requests the
//! caller may see (the same 404 for "not there" and "not yours"), checks the CSRF token
//! on every state-changing call, and leaves every judgement to the core (`engine.rs`).

use super::AppState;
use super::auth::{self, Principal};
use super::engine::{self, Status, Submission};
use super::error::ApiError;
use super::input::{self, Obj};
use super::store::{Event, HistoryRow, ListFilter, RequestRow, Role, Submitted};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use covered_core::civil::DateTime;
use covered_core::contract::{Contract, YearMonth};
use covered_core::{api, credits, kpi, quota, submission};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;

type St = State<Arc<AppState>>;
type ApiResult = Result<Response, ApiError>;

/// The API's routes (mounted at `/api`).
pub fn api() -> Router<Arc<AppState>> {
    Router::new()
        .route("/session", get(session))
        .route("/login", post(login))
        .route("/logout", post(logout))
        .route("/dataset", get(dataset))
        .route("/contracts", get(contracts))
        .route("/contracts/{id}", get(contract))
        .route("/contracts/{id}/quota", get(contract_quota))
        .route("/contracts/{id}/credits", get(contract_credits))
        .route("/contracts/{id}/kpi", get(contract_kpi))
        .route("/contracts/{id}/check", post(contract_check))
        .route("/requests", get(list_requests).post(create_request))
        .route("/requests/{id}", get(get_request))
        .route("/requests/{id}/comments", post(add_comment))
        .route("/requests/{id}/status", post(change_status))
        .route("/openapi.json", get(openapi))
        .fallback(|| async { ApiError::not_found("API endpoint") })
}

/// A JSON body with the headers every API answer carries.
pub fn json_body(v: &Value) -> impl IntoResponse + use<> {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        v.to_string(),
    )
}

fn json_response(status: StatusCode, v: &Value) -> Response {
    (status, json_body(v)).into_response()
}

fn to_value<T: Serialize>(v: &T) -> Result<Value, ApiError> {
    serde_json::to_value(v).map_err(|e| ApiError::internal("serialise", e))
}

/// The caller, from the session cookie.
async fn caller(st: &AppState, headers: &HeaderMap) -> Result<Principal, ApiError> {
    let token = auth::session_token(headers).ok_or_else(ApiError::unauthenticated)?;
    let token_hash = auth::digest(&token);
    let now = st.clock.now_ms();
    let (account, csrf) = match st.sessions.get(&token_hash, now) {
        Some(found) => found,
        None => {
            let found = st
                .store
                .session(&token_hash, now)
                .await
                .map_err(|e| ApiError::internal("session", e))?;
            let (account, csrf, expires_ms) = found.ok_or_else(ApiError::unauthenticated)?;
            st.sessions
                .put(&token_hash, &account, &csrf, expires_ms, now);
            (account, csrf)
        }
    };
    Ok(caller_of(st, account, csrf, token_hash))
}

/// The caller of a state-changing call: a session, the same origin and the CSRF token.
async fn changer(st: &AppState, headers: &HeaderMap) -> Result<Principal, ApiError> {
    auth::check_origin(headers)?;
    let p = caller(st, headers).await?;
    p.check_csrf(headers)?;
    Ok(p)
}

fn principal_json(p: &Principal) -> Value {
    json!({
        "login": p.account.login,
        "name": p.account.name,
        "role": p.account.role.as_str(),
        "institution": p.account.institution,
        "branch": p.account.branch,
        "contracts": p.contracts,
        "csrf_token": p.csrf,
    })
}

async fn session(State(st): St, headers: HeaderMap) -> ApiResult {
    let p = caller(&st, &headers).await?;
    Ok(json_response(StatusCode::OK, &principal_json(&p)))
}

async fn login(State(st): St, headers: HeaderMap, body: Body) -> ApiResult {
    auth::check_origin(&headers)?;
    let o = input::object(&headers, body, &["login", "password"]).await?;
    let login = o.string("login", 64)?;
    let password = match o.0.get("password") {
        Some(Value::String(s)) if s.len() <= 256 => s.clone(),
        Some(Value::String(_)) => return Err(ApiError::field("password", "longer than 256 bytes")),
        Some(other) => {
            return Err(ApiError::field(
                "password",
                format!("expected a string, found {}", input::kind(other)),
            ));
        }
        None => {
            return Err(ApiError::field(
                "password",
                "missing (a string is required)",
            ));
        }
    };
    if let Some(until) = st.login_throttle.refused_until(&login, st.clock.now_ms()) {
        let minutes = ((until - st.clock.now_ms()).max(0) + 59_999) / 60_000;
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            format!(
                "{} wrong passwords for this login; try again in {minutes} min",
                auth::THROTTLE_FAILURES
            ),
        )
        .with_field("password"));
    }
    let found = st
        .store
        .account(&login)
        .await
        .map_err(|e| ApiError::internal("login", e))?;
    let hash = found
        .as_ref()
        .map_or_else(|| st.dummy_hash.clone(), |(_, h)| h.clone());
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash))
        .await
        .unwrap_or(false);
    let Some((account, _)) = found.filter(|_| ok) else {
        st.login_throttle.failed(&login, st.clock.now_ms());
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "bad_credentials",
            "wrong login or password",
        )
        .with_field("password"));
    };
    st.login_throttle.succeeded(&account.login);
    let token = auth::random_hex(32);
    let csrf = auth::random_hex(32);
    let now = st.clock.now_ms();
    let token_hash = auth::digest(&token);
    st.store
        .create_session(
            &token_hash,
            &account.login,
            &csrf,
            now,
            now.saturating_add(auth::SESSION_MS),
        )
        .await
        .map_err(|e| ApiError::internal("login", e))?;
    let p = caller_of(&st, account, csrf, token_hash);
    let mut res = json_response(StatusCode::OK, &principal_json(&p));
    if let Some(c) = auth::set_cookie(
        &token,
        auth::SESSION_MS / 1000,
        auth::over_tls(&headers, st.tls),
    ) {
        res.headers_mut().insert(header::SET_COOKIE, c);
    }
    Ok(res)
}

fn caller_of(
    st: &AppState,
    account: super::store::Account,
    csrf: String,
    token_hash: String,
) -> Principal {
    let contracts = match account.role {
        Role::Vendor => st.data.contracts.iter().map(|c| c.id.clone()).collect(),
        Role::Customer => account
            .institution
            .as_ref()
            .and_then(|i| st.institutions.get(i))
            .cloned()
            .unwrap_or_default(),
    };
    Principal {
        account,
        contracts,
        csrf,
        token_hash,
    }
}

async fn logout(State(st): St, headers: HeaderMap) -> ApiResult {
    let p = changer(&st, &headers).await?;
    st.store
        .delete_session(&p.token_hash)
        .await
        .map_err(|e| ApiError::internal("logout", e))?;
    st.sessions.forget(&p.token_hash);
    let mut res = json_response(StatusCode::OK, &json!({"logged_out": true}));
    if let Some(c) = auth::set_cookie("", 0, auth::over_tls(&headers, st.tls)) {
        res.headers_mut().insert(header::SET_COOKIE, c);
    }
    Ok(res)
}

/// The contract `id` when the caller may see it (else 404, as for an unknown id).
fn visible_contract<'a>(
    st: &'a AppState,
    p: &Principal,
    id: &str,
) -> Result<&'a Contract, ApiError> {
    st.data
        .contract(id)
        .filter(|_| p.sees_contract(id))
        .ok_or_else(|| ApiError::not_found("contract"))
}

/// The data set files the caller may see, as the portal loads them.
async fn dataset(State(st): St, headers: HeaderMap) -> ApiResult {
    let p = caller(&st, &headers).await?;
    Ok(json_response(
        StatusCode::OK,
        &st.published.view(&p.contracts),
    ))
}

async fn contracts(State(st): St, headers: HeaderMap) -> ApiResult {
    let p = caller(&st, &headers).await?;
    let mut s = api::summary(&st.data);
    s.contracts.retain(|c| p.sees_contract(&c.id));
    Ok(json_response(StatusCode::OK, &to_value(&s)?))
}

async fn contract(State(st): St, headers: HeaderMap, Path(id): Path<String>) -> ApiResult {
    let p = caller(&st, &headers).await?;
    visible_contract(&st, &p, &id)?;
    let s = api::summary(&st.data);
    let c = s
        .contracts
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| ApiError::not_found("contract"))?;
    Ok(json_response(StatusCode::OK, &to_value(&c)?))
}

/// The contract's whole history: its data file's requests and the stored ones.
async fn full_history(
    st: &AppState,
    contract: &str,
) -> Result<Vec<covered_core::contract::PastRequest>, ApiError> {
    let rows: Vec<HistoryRow> = st
        .store
        .history(contract)
        .await
        .map_err(|e| ApiError::internal("history", e))?;
    Ok(engine::history(&st.data, contract, &rows))
}

async fn contract_quota(State(st): St, headers: HeaderMap, Path(id): Path<String>) -> ApiResult {
    let p = caller(&st, &headers).await?;
    let c = visible_contract(&st, &p, &id)?;
    let history = full_history(&st, &id).await?;
    let now = engine::local(&st.data, st.clock.now_ms())?;
    let lines = quota::quota_status(&st.data.catalog, c, &history, now.date());
    Ok(json_response(
        StatusCode::OK,
        &json!({"contract": id, "today": now.date(), "quotas": to_value(&lines)?}),
    ))
}

async fn contract_credits(
    State(st): St,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<BTreeMap<String, String>>,
) -> ApiResult {
    let p = caller(&st, &headers).await?;
    let c = visible_contract(&st, &p, &id)?;
    let month = match q.get("month") {
        Some(m) => m.clone(),
        None => {
            let now = engine::local(&st.data, st.clock.now_ms())?;
            YearMonth::of(now.date()).to_string()
        }
    };
    let Some(m) = YearMonth::parse(&month) else {
        return Err(ApiError::field(
            "month",
            format!("expected a month YYYY-MM, found {month:?}"),
        ));
    };
    let history = full_history(&st, &id).await?;
    let statement =
        credits::month_statement(&st.data.catalog, c, &history, st.data.outages(&id), m)
            .map_err(|e| ApiError::field("month", e.to_string()))?;
    Ok(json_response(StatusCode::OK, &to_value(&statement)?))
}

async fn contract_kpi(
    State(st): St,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<BTreeMap<String, String>>,
) -> ApiResult {
    let p = caller(&st, &headers).await?;
    let c = visible_contract(&st, &p, &id)?;
    let day = |name: &str| match q.get(name) {
        Some(s) => input::date(name, s),
        None => Err(ApiError::field(name, "missing (a date YYYY-MM-DD)")),
    };
    let (from, to) = (day("from")?, day("to")?);
    let history = full_history(&st, &id).await?;
    let report = kpi::report(
        &st.data.catalog,
        c,
        &history,
        st.data.outages(&id),
        from,
        to,
    )
    .map_err(|e| ApiError::field("to", e.to_string()))?;
    Ok(json_response(StatusCode::OK, &to_value(&report)?))
}

/// A submission's fields (as documented in the OpenAPI table).
const SUBMISSION_FIELDS: &[&str] = super::openapi::SUBMISSION;

/// Reads a submission's fields; a branch account's branch is the default and the only
/// one it may file for.
fn read_submission(o: &Obj, p: &Principal, full: bool) -> Result<Submission, ApiError> {
    let branch = match (o.opt_string("branch", 64)?, &p.account.branch) {
        (Some(b), Some(mine)) if &b != mine => {
            return Err(ApiError::field(
                "branch",
                format!("this account files requests for branch {mine:?} only"),
            ));
        }
        (Some(b), _) if !b.is_empty() => Some(b),
        (_, mine) => mine.clone(),
    };
    Ok(Submission {
        branch,
        product: o.string("product", 64)?,
        version: o.string("version", 64)?,
        category: o.string("category", 64)?,
        answers: o.object("answers")?,
        requester: if full {
            o.string("requester", 100)?
        } else {
            o.opt_string("requester", 100)?.unwrap_or_default()
        },
        title: if full {
            o.string("title", 200)?
        } else {
            o.opt_string("title", 200)?.unwrap_or_default()
        },
        details: o.opt_string("details", 10_000)?.unwrap_or_default(),
        wanted_by: o.opt_date("wanted_by")?,
        paid: o.bool("paid")?,
    })
}

async fn contract_check(
    State(st): St,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Body,
) -> ApiResult {
    let p = changer(&st, &headers).await?;
    let c = visible_contract(&st, &p, &id)?;
    let fields: Vec<&str> = SUBMISSION_FIELDS
        .iter()
        .copied()
        .filter(|f| *f != "contract")
        .collect();
    let o = input::object(&headers, body, &fields).await?;
    let s = read_submission(&o, &p, false)?;
    let rows = st
        .store
        .history(&id)
        .await
        .map_err(|e| ApiError::internal("history", e))?;
    let now = engine::local(&st.data, st.clock.now_ms())?;
    let v = engine::judge(&st.data, c, &s, &rows, now)?;
    Ok(json_response(StatusCode::OK, &to_value(&v)?))
}

async fn create_request(State(st): St, headers: HeaderMap, body: Body) -> ApiResult {
    let p = changer(&st, &headers).await?;
    let key = match headers.get("idempotency-key") {
        None => None,
        Some(v) => match v.to_str() {
            Ok(k) if !k.is_empty() && k.len() <= 200 => Some(k.to_owned()),
            _ => {
                return Err(ApiError::field(
                    "Idempotency-Key",
                    "1 to 200 visible ASCII characters",
                ));
            }
        },
    };
    let o = input::object(&headers, body, SUBMISSION_FIELDS).await?;
    let contract_id = o.string("contract", 64)?;
    let Some(contract) = st
        .data
        .contract(&contract_id)
        .filter(|_| p.sees_contract(&contract_id))
    else {
        return Err(ApiError::field(
            "contract",
            format!("{contract_id:?} is not one of your contracts"),
        )
        .with_code("unknown_contract"));
    };
    let s = read_submission(&o, &p, true)?;
    let body_hash = auth::digest(&Value::Object(o.0.clone()).to_string());
    let now_ms = st.clock.now_ms();
    let now = engine::local(&st.data, now_ms)?;
    let data = &st.data;
    let file_ids = st.file_ids.get(&contract_id);
    let login = p.account.login.clone();
    let submitted = st
        .store
        .submit(
            &contract_id,
            &p.account.login,
            key.as_deref(),
            &body_hash,
            &st.limited,
            |rows, last_sr| {
                let verdict = engine::judge(data, contract, &s, rows, now)?;
                let paid = engine::admit(&verdict, s.paid)?;
                let sr = submission::next_sr_number(
                    std::iter::once(last_sr)
                        .chain(file_ids.into_iter().flatten().map(String::as_str)),
                    now.year(),
                );
                let coverage = to_value(&verdict.coverage.status)?
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                Ok(RequestRow {
                    id: auth::random_id(),
                    contract: contract_id.clone(),
                    sr,
                    account: login,
                    idempotency_key: key.clone(),
                    body_hash: body_hash.clone(),
                    branch: s.branch.clone(),
                    product: s.product.clone(),
                    version: s.version.clone(),
                    category: s.category.clone(),
                    requester: s.requester.clone(),
                    title: s.title.clone(),
                    details: s.details.clone(),
                    answers: Value::Object(s.answers.clone()).to_string(),
                    wanted_by: s.wanted_by.map(|d| d.to_string()),
                    paid,
                    coverage,
                    severity: verdict.severity.as_ref().map(|x| x.id.clone()),
                    status: Status::Received.as_str().to_owned(),
                    rework: false,
                    submitted: now.to_string(),
                    submitted_ms: now_ms,
                    responded: None,
                    resolved: None,
                    closed: None,
                    waiting_since: None,
                    pauses: "[]".to_owned(),
                    deadlines: to_value(&verdict.deadlines)?.to_string(),
                    verdict: to_value(&verdict)?.to_string(),
                    catalog_version: verdict.catalog_version.clone(),
                    contract_version: verdict.contract_version.clone(),
                    updated_ms: now_ms,
                })
            },
        )
        .await?;
    let (row, replayed) = match submitted {
        Submitted::New(r) => (r, false),
        Submitted::Replayed(r) => (r, true),
    };
    let events = if replayed {
        events_of(&st, &row).await?
    } else {
        vec![submitted_event(&row)]
    };
    let names = names_of(&st, &events).await;
    let mut res = full_response(
        StatusCode::CREATED,
        request_json(&st, &row, now)?,
        &row,
        &events,
        &names,
    );
    if let Ok(loc) = HeaderValue::from_str(&format!("/api/requests/{}", row.id)) {
        res.headers_mut().insert(header::LOCATION, loc);
    }
    if replayed {
        res.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(res)
}

async fn list_requests(
    State(st): St,
    headers: HeaderMap,
    Query(q): Query<BTreeMap<String, String>>,
) -> ApiResult {
    let p = caller(&st, &headers).await?;
    if let Some(unknown) = q
        .keys()
        .find(|k| !["contract", "status", "limit", "offset"].contains(&k.as_str()))
    {
        return Err(ApiError::field(
            unknown.clone(),
            "unknown parameter (expected contract, status, limit, offset)",
        ));
    }
    let only: Vec<String> = match q.get("contract") {
        Some(c) => {
            visible_contract(&st, &p, c)?;
            vec![c.clone()]
        }
        None => p.contracts.clone(),
    };
    if let Some(s) = q.get("status")
        && Status::parse(s).is_none()
    {
        return Err(ApiError::field("status", status_list_message(s)));
    }
    let number = |name: &str, default: u32, max: u32| match q.get(name) {
        None => Ok(default),
        Some(s) => s
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= max)
            .ok_or_else(|| ApiError::field(name, format!("expected a whole number 0–{max}"))),
    };
    let limit = number("limit", 100, 500)?;
    let offset = number("offset", 0, u32::MAX)?;
    let rows = st
        .store
        .requests(&ListFilter {
            contracts: Some(&only),
            branch: p.account.branch.as_deref(),
            status: q.get("status").map(String::as_str),
            limit,
            offset,
        })
        .await
        .map_err(|e| ApiError::internal("list", e))?;
    let now = engine::local(&st.data, st.clock.now_ms())?;
    let items = rows
        .iter()
        .map(|r| request_json(&st, r, now))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(json_response(StatusCode::OK, &json!({ "requests": items })))
}

fn status_list_message(s: &str) -> String {
    format!(
        "{s:?} is not a status (known: {})",
        engine::STATUSES
            .iter()
            .map(|x| x.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The request `id` when the caller may see it (else 404).
async fn visible_request(st: &AppState, p: &Principal, id: &str) -> Result<RequestRow, ApiError> {
    let row = st
        .store
        .request(id)
        .await
        .map_err(|e| ApiError::internal("request", e))?;
    row.filter(|r| p.sees_request(&r.contract, r.branch.as_deref()))
        .ok_or_else(|| ApiError::not_found("request"))
}

/// The submission as an event (it is stored as the request row itself).
fn submitted_event(row: &RequestRow) -> Event {
    Event {
        id: String::new(),
        request: row.id.clone(),
        at: row.submitted.clone(),
        at_ms: row.submitted_ms,
        account: row.account.clone(),
        kind: "submitted".to_owned(),
        status: Some(Status::Received.as_str().to_owned()),
        body: None,
    }
}

/// Every event of a request, its submission first.
async fn events_of(st: &AppState, row: &RequestRow) -> Result<Vec<Event>, ApiError> {
    let stored = st
        .store
        .events(&row.id)
        .await
        .map_err(|e| ApiError::internal("events", e))?;
    Ok(std::iter::once(submitted_event(row))
        .chain(stored)
        .collect())
}

async fn get_request(State(st): St, headers: HeaderMap, Path(id): Path<String>) -> ApiResult {
    let p = caller(&st, &headers).await?;
    let row = visible_request(&st, &p, &id).await?;
    let events = events_of(&st, &row).await?;
    let now = engine::local(&st.data, st.clock.now_ms())?;
    let names = names_of(&st, &events).await;
    Ok(full_response(
        StatusCode::OK,
        request_json(&st, &row, now)?,
        &row,
        &events,
        &names,
    ))
}

async fn add_comment(
    State(st): St,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Body,
) -> ApiResult {
    let p = changer(&st, &headers).await?;
    let row = visible_request(&st, &p, &id).await?;
    let o = input::object(&headers, body, &["body"]).await?;
    let text = o.string("body", 5_000)?;
    let now_ms = st.clock.now_ms();
    let now = engine::local(&st.data, now_ms)?;
    let event = Event {
        id: auth::random_id(),
        request: row.id.clone(),
        at: now.to_string(),
        at_ms: now_ms,
        account: p.account.login.clone(),
        kind: "comment".to_owned(),
        status: None,
        body: Some(text),
    };
    st.store
        .add_event(&event, now_ms)
        .await
        .map_err(|e| ApiError::internal("comment", e))?;
    let names = Names::from([(p.account.login.clone(), p.account.name.clone())]);
    Ok(json_response(
        StatusCode::CREATED,
        &event_json(&event, &names),
    ))
}

fn parse_time(s: &str) -> Option<DateTime> {
    s.parse().ok()
}

async fn change_status(
    State(st): St,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Body,
) -> ApiResult {
    let p = changer(&st, &headers).await?;
    visible_request(&st, &p, &id).await?;
    if !p.is_vendor() {
        return Err(ApiError::forbidden(
            "only the vendor's staff change a request's status",
        ));
    }
    let o = input::object(&headers, body, &["status", "note"]).await?;
    let wanted = o.string("status", 40)?;
    let Some(to) = Status::parse(&wanted) else {
        return Err(ApiError::field("status", status_list_message(&wanted)));
    };
    let note = o.opt_string("note", 5_000)?.filter(|n| !n.is_empty());
    let now_ms = st.clock.now_ms();
    let now = engine::local(&st.data, now_ms)?;
    let data = &st.data;
    let login = p.account.login.clone();
    let row = st
        .store
        .update(&id, |mut r| {
            let from = Status::parse(&r.status)
                .ok_or_else(|| ApiError::internal("status", format!("stored {:?}", r.status)))?;
            if !from.next().contains(&to) {
                let allowed: Vec<&str> = from.next().iter().map(|s| s.as_str()).collect();
                return Err(ApiError::field(
                    "status",
                    format!(
                        "a request that is {} can't become {} (allowed: {})",
                        from.as_str(),
                        to.as_str(),
                        if allowed.is_empty() {
                            "none".to_owned()
                        } else {
                            allowed.join(", ")
                        }
                    ),
                )
                .with_code("invalid_transition")
                .with_status(StatusCode::CONFLICT));
            }
            let stamp = now.to_string();
            if from == Status::Received && r.responded.is_none() {
                r.responded = Some(stamp.clone());
            }
            let mut pauses_changed = false;
            if from == Status::WaitingOnCustomer
                && let Some(since) = r.waiting_since.take()
            {
                if parse_time(&since).is_some_and(|s| s < now) {
                    let mut ps = engine::pauses(&r.pauses);
                    ps.push((since, stamp.clone()));
                    r.pauses = to_value(&ps)?.to_string();
                }
                pauses_changed = true;
            }
            match to {
                Status::WaitingOnCustomer => r.waiting_since = Some(stamp.clone()),
                Status::Resolved => r.resolved = Some(stamp.clone()),
                Status::Closed => r.closed = Some(stamp.clone()),
                Status::InProgress if from == Status::Resolved => {
                    r.rework = true;
                    r.resolved = None;
                }
                _ => {}
            }
            if pauses_changed {
                let deadlines = recompute(data, &r, None)?;
                if let Some(d) = deadlines {
                    r.deadlines = d.to_string();
                }
            }
            r.status = to.as_str().to_owned();
            r.updated_ms = now_ms;
            let event = Event {
                id: auth::random_id(),
                request: r.id.clone(),
                at: stamp,
                at_ms: now_ms,
                account: login,
                kind: "status".to_owned(),
                status: Some(to.as_str().to_owned()),
                body: note,
            };
            Ok((r, event))
        })
        .await?;
    let events = events_of(&st, &row).await?;
    let names = names_of(&st, &events).await;
    Ok(full_response(
        StatusCode::OK,
        request_json(&st, &row, now)?,
        &row,
        &events,
        &names,
    ))
}

/// The request's deadlines recomputed by the core with its pauses (and, while it waits on
/// the customer, the pause so far up to `open_until`); `None` when it has no severity or
/// its contract is gone from the data.
fn recompute(
    data: &covered_core::contract::DataSet,
    r: &RequestRow,
    open_until: Option<DateTime>,
) -> Result<Option<Value>, ApiError> {
    let (Some(contract), Some(severity), Some(received)) = (
        data.contract(&r.contract),
        r.severity.as_deref(),
        parse_time(&r.submitted),
    ) else {
        return Ok(None);
    };
    let mut pauses: Vec<(DateTime, DateTime)> = engine::pauses(&r.pauses)
        .iter()
        .filter_map(|(f, t)| Some((parse_time(f)?, parse_time(t)?)))
        .collect();
    if let (Some(until), Some(since)) =
        (open_until, r.waiting_since.as_deref().and_then(parse_time))
        && since < until
    {
        pauses.push((since, until));
    }
    let d = engine::deadlines(data, contract, severity, received, &pauses)?;
    Ok(Some(to_value(&d)?))
}

/// An event as the API shows it: `by` is the account's login, `by_name` its display
/// name (for the people reading the request's record).
fn event_json(e: &Event, names: &Names) -> Value {
    json!({
        "at": e.at, "by": e.account, "by_name": names.get(&e.account), "kind": e.kind,
        "status": e.status, "body": e.body,
    })
}

/// Display names by login.
type Names = std::collections::BTreeMap<String, String>;

/// The display names of the accounts behind `events` (an account since removed has none).
async fn names_of(st: &AppState, events: &[Event]) -> Names {
    let mut names = Names::new();
    for e in events {
        if !names.contains_key(&e.account)
            && let Ok(Some((account, _))) = st.store.account(&e.account).await
        {
            names.insert(e.account.clone(), account.name);
        }
    }
    names
}

/// A stored request as the API shows it in lists. While it waits on the customer, its
/// deadlines are shown as they stand with the pause so far.
fn request_json(st: &AppState, r: &RequestRow, now: DateTime) -> Result<Value, ApiError> {
    let parse = |s: &str| serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
    let deadlines = if r.waiting_since.is_some() {
        recompute(&st.data, r, Some(now))?.unwrap_or_else(|| parse(&r.deadlines))
    } else {
        parse(&r.deadlines)
    };
    let pauses: Vec<Value> = engine::pauses(&r.pauses)
        .into_iter()
        .map(|(f, t)| json!({"from": f, "to": t}))
        .collect();
    let next: Vec<&str> = Status::parse(&r.status)
        .map(|s| s.next().iter().map(|x| x.as_str()).collect())
        .unwrap_or_default();
    Ok(json!({
        "id": r.id,
        "contract": r.contract,
        "sr": r.sr,
        "submitted_by": r.account,
        "branch": r.branch,
        "product": r.product,
        "version": r.version,
        "category": r.category,
        "requester": r.requester,
        "title": r.title,
        "details": r.details,
        "answers": parse(&r.answers),
        "wanted_by": r.wanted_by,
        "paid": r.paid,
        "coverage": r.coverage,
        "severity": r.severity,
        "status": r.status,
        "next_statuses": next,
        "rework": r.rework,
        "submitted": r.submitted,
        "responded": r.responded,
        "resolved": r.resolved,
        "closed": r.closed,
        "waiting_since": r.waiting_since,
        "clocks_paused": r.waiting_since.is_some(),
        "pauses": pauses,
        "deadlines": deadlines,
        "catalog_version": r.catalog_version,
        "contract_version": r.contract_version,
    }))
}

/// The full view of a request: the list view plus its stored verdict (spliced in as the
/// JSON text it was stored as, not parsed again) and its events.
fn full_response(
    status: StatusCode,
    view: Value,
    r: &RequestRow,
    events: &[Event],
    names: &Names,
) -> Response {
    let mut text = view.to_string();
    let events = Value::Array(events.iter().map(|e| event_json(e, names)).collect()).to_string();
    let verdict_ok = serde_json::from_str::<serde::de::IgnoredAny>(&r.verdict).is_ok();
    if text.ends_with('}') && verdict_ok {
        text.pop();
        text.push_str(",\"verdict\":");
        text.push_str(&r.verdict);
        text.push_str(",\"events\":");
        text.push_str(&events);
        text.push('}');
    }
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}

async fn openapi() -> Response {
    json_response(StatusCode::OK, &super::openapi::document())
}
