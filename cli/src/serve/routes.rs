//! The JSON API under `/api` (its document: `GET /api/openapi.json`, see `openapi.rs`).
//! Every handler finds the caller first, answers only about contracts and requests the
//! caller may see (the same 404 for "not there" and "not yours"), checks the CSRF token
//! on every state-changing call, and leaves every judgement to the core (`engine.rs`).

use super::AppState;
use super::audit::{self, Entry, Peer};
use super::auth::{self, Principal};
use super::engine;
use super::error::ApiError;
use super::input::{self, Obj};
use super::rate::Counted;
use super::store::{
    Event, HistoryRow, ListFilter, OutboxFilter, OutboxRow, RequestRow, Role, Submitted,
};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use covered_core::civil::DateTime;
use covered_core::contract::{Contract, YearMonth};
use covered_core::filing::Filing;
use covered_core::lifecycle::{self, Action, Actor, Refusal};
use covered_core::sla::DeadlineAnswer;
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
        .route("/requests/{id}/rating", post(rate_request))
        .route("/requests/{id}/complaint", post(complain))
        .route(
            "/requests/{id}/timeline",
            get(super::timeline::request_timeline),
        )
        .route("/outbox", get(list_outbox))
        .merge(super::desk::routes())
        .merge(super::incident::routes())
        .merge(super::calendar::routes())
        .merge(super::widget::routes())
        .route("/mail", get(super::mail::list_mail))
        .route(
            "/settings",
            get(super::mail::get_settings).put(super::mail::put_settings),
        )
        .route("/openapi.json", get(openapi))
        .fallback(|| async { ApiError::not_found("API endpoint") })
}

/// The header that stamps every API answer with the server's clock: milliseconds since
/// the Unix epoch, as the server reads its clock (`--now` shifts it). The portal keeps its
/// offset from the browser's clock, so that it judges and counts down at the server's time.
pub const SERVER_TIME: &str = "x-server-time";

/// Stamps an API answer with [`SERVER_TIME`].
pub async fn stamp_time(State(st): St, mut res: Response) -> Response {
    if let Ok(v) = HeaderValue::from_str(&st.clock.now_ms().to_string()) {
        res.headers_mut().insert(SERVER_TIME, v);
    }
    res
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

pub(super) fn json_response(status: StatusCode, v: &Value) -> Response {
    (status, json_body(v)).into_response()
}

pub(super) fn to_value<T: Serialize>(v: &T) -> Result<Value, ApiError> {
    serde_json::to_value(v).map_err(|e| ApiError::internal("serialise", e))
}

/// The caller, from the session cookie.
pub(super) async fn caller(st: &AppState, headers: &HeaderMap) -> Result<Principal, ApiError> {
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
    super::log::account(&account.login);
    Ok(caller_of(st, account, csrf, token_hash))
}

/// The caller of a state-changing call: a session, the same origin and the CSRF token.
pub(super) async fn changer(st: &AppState, headers: &HeaderMap) -> Result<Principal, ApiError> {
    auth::check_origin(headers, st.tls, &st.portal)?;
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

async fn login(State(st): St, peer: Peer, headers: HeaderMap, body: Body) -> ApiResult {
    auth::check_origin(&headers, st.tls, &st.portal)?;
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
    // At most --max-hashes passwords are checked at once (argon2 takes about 19 MB
    // each); the others are told to come back in a moment, before anything is counted.
    let Ok(turn) = Arc::clone(&st.hashes).try_acquire_owned() else {
        return Ok(retry_after(
            ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "busy",
                "the server is checking as many passwords as it can; try again in a moment",
            ),
            1000,
        ));
    };
    // The attempt is counted before its password is checked, in the database, so that
    // parallel attempts, restarts and other servers on the database all count.
    let ip = peer.0.map_or_else(|| "-".to_owned(), |a| a.to_string());
    let (pair, addr) = auth::buckets(&login, &ip);
    let now = st.clock.now_ms();
    for bucket in [&addr, &pair] {
        let refused = st
            .store
            .count_attempt(bucket, now)
            .await
            .map_err(|e| ApiError::internal("login", e))?;
        if let Some(until) = refused {
            drop(turn);
            let refused = Entry::new(&st, &login, "login.failed", &peer);
            audit::append(&st, refused.detail(json!({"reason": "throttled"}))).await?;
            let wait_ms = until.saturating_sub(now).max(1000);
            return Ok(retry_after(
                ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    "too_many_attempts",
                    format!(
                        "too many wrong passwords from this address lately; try again in {} s",
                        wait_ms.saturating_add(999) / 1000
                    ),
                )
                .with_field("password"),
                wait_ms,
            ));
        }
    }
    let found = st
        .store
        .account(&login)
        .await
        .map_err(|e| ApiError::internal("login", e))?;
    let hash = found
        .as_ref()
        .map_or_else(|| st.dummy_hash.clone(), |(_, h)| h.clone());
    let ok = tokio::task::spawn_blocking(move || {
        let _turn = turn;
        auth::verify_password(&password, &hash)
    })
    .await
    .unwrap_or(false);
    let reason = if found.is_none() {
        "unknown_login"
    } else {
        "wrong_password"
    };
    let Some((account, _)) = found.filter(|_| ok) else {
        let failed = Entry::new(&st, &login, "login.failed", &peer);
        audit::append(&st, failed.detail(json!({"reason": reason}))).await?;
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "bad_credentials",
            "wrong login or password",
        )
        .with_field("password"));
    };
    super::log::account(&account.login);
    st.store
        .attempt_succeeded(&pair, &addr, st.clock.now_ms())
        .await
        .map_err(|e| ApiError::internal("login", e))?;
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
            Entry::new(&st, &account.login, "login", &peer),
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

/// A 429 or 503 that says when to try again (`Retry-After`, whole seconds, at least 1).
fn retry_after(e: ApiError, wait_ms: i64) -> Response {
    let seconds = (wait_ms.max(1).saturating_add(999) / 1000).max(1);
    let mut res = e.into_response();
    if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

pub(super) fn caller_of(
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

async fn logout(State(st): St, peer: Peer, headers: HeaderMap) -> ApiResult {
    let p = changer(&st, &headers).await?;
    st.store
        .delete_session(
            &p.token_hash,
            Entry::new(&st, &p.account.login, "logout", &peer),
        )
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
pub(super) async fn full_history(
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

/// The history a caller's KPI and credits are counted over: the data's history (the
/// institution's, kept by the vendor without a branch) and the stored requests the
/// caller may see — for a branch account only its branch's, so that no other branch's
/// request (its SR number, its clocks) is in the answer. Quotas count the whole
/// contract's ([`full_history`]): a limit is the contract's.
async fn visible_history(
    st: &AppState,
    p: &Principal,
    contract: &str,
) -> Result<Vec<covered_core::contract::PastRequest>, ApiError> {
    let mut rows: Vec<HistoryRow> = st
        .store
        .history(contract)
        .await
        .map_err(|e| ApiError::internal("history", e))?;
    rows.retain(|r| p.sees_request(contract, r.branch.as_deref()));
    Ok(engine::history(&st.data, contract, &rows))
}

async fn contract_quota(State(st): St, headers: HeaderMap, Path(id): Path<String>) -> ApiResult {
    let p = caller(&st, &headers).await?;
    visible_contract(&st, &p, &id)?;
    let history = full_history(&st, &id).await?;
    let now = engine::local(&st.data, st.clock.now_ms())?;
    let shared = Arc::clone(&st);
    let body = heavy(&st, move || {
        let c = shared
            .data
            .contract(&id)
            .ok_or_else(|| ApiError::not_found("contract"))?;
        let lines = quota::quota_status(&shared.data.catalog, c, &history, now.date());
        Ok(json!({"contract": id, "today": now.date(), "quotas": to_value(&lines)?}))
    })
    .await?;
    Ok(json_response(StatusCode::OK, &body))
}

async fn contract_credits(
    State(st): St,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<BTreeMap<String, String>>,
) -> ApiResult {
    let p = caller(&st, &headers).await?;
    visible_contract(&st, &p, &id)?;
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
    let history = visible_history(&st, &p, &id).await?;
    let shared = Arc::clone(&st);
    // One month, and only a month of the contract's period (the core refuses others).
    let body = heavy(&st, move || {
        let c = shared
            .data
            .contract(&id)
            .ok_or_else(|| ApiError::not_found("contract"))?;
        let statement = credits::month_statement(
            &shared.data.catalog,
            c,
            &history,
            shared.data.outages(&id),
            m,
        )
        .map_err(|e| ApiError::field("month", e.to_string()))?;
        to_value(&statement)
    })
    .await?;
    Ok(json_response(StatusCode::OK, &body))
}

/// The longest KPI period one call may ask for, in days (five years, with a leap day).
pub const MAX_KPI_DAYS: i64 = 5 * 365 + 2;

/// Checks a KPI period against the contract's: `from` no earlier than its start, `to`
/// no later than its end, and at most [`MAX_KPI_DAYS`] days in all, so that no call
/// makes the server walk centuries of days.
///
/// # Errors
///
/// 422 naming `from` or `to` and the bound.
fn kpi_period(
    c: &Contract,
    from: covered_core::civil::Date,
    to: covered_core::civil::Date,
) -> Result<(), ApiError> {
    if from < c.start {
        return Err(ApiError::field(
            "from",
            format!(
                "{from} is before the contract's start {}; a KPI period lies within the contract's period ({} to {})",
                c.start, c.start, c.end
            ),
        ));
    }
    if to > c.end {
        return Err(ApiError::field(
            "to",
            format!(
                "{to} is after the contract's end {}; a KPI period lies within the contract's period ({} to {})",
                c.end, c.start, c.end
            ),
        ));
    }
    if from.days_until(to) >= MAX_KPI_DAYS {
        return Err(ApiError::field(
            "to",
            format!(
                "a KPI period is at most {MAX_KPI_DAYS} days (five years); {from} to {to} is longer"
            ),
        ));
    }
    Ok(())
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
    if to >= from {
        kpi_period(c, from, to)?;
    }
    let history = visible_history(&st, &p, &id).await?;
    let shared = Arc::clone(&st);
    let body = heavy(&st, move || {
        let c = shared
            .data
            .contract(&id)
            .ok_or_else(|| ApiError::not_found("contract"))?;
        let report = kpi::report(
            &shared.data.catalog,
            c,
            &history,
            shared.data.outages(&id),
            from,
            to,
        )
        .map_err(|e| ApiError::field("to", e.to_string()))?;
        to_value(&report)
    })
    .await?;
    Ok(json_response(StatusCode::OK, &body))
}

/// Runs the engine's heavy work (a KPI report, a credit statement, quotas) on the
/// blocking pool, at most [`super::Limits::engine_jobs`] at once (the others wait for a
/// turn), so that the async workers keep answering other clients meanwhile.
///
/// # Errors
///
/// The work's own error, or 500 when it panicked.
pub(super) async fn heavy<T: Send + 'static>(
    st: &AppState,
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let permit = Arc::clone(&st.heavy)
        .acquire_owned()
        .await
        .map_err(|e| ApiError::internal("engine", e))?;
    tokio::task::spawn_blocking(move || {
        let _turn = permit;
        work()
    })
    .await
    .map_err(|e| ApiError::internal("engine", e))?
}

/// A submission's fields (as documented in the OpenAPI table).
const SUBMISSION_FIELDS: &[&str] = super::openapi::SUBMISSION;

/// Reads a submission's fields; a branch account's branch is the default and the only
/// one it may file for.
/// The request as filed under `contract`, read from the body (`full`: the SR form's
/// words are required, as for a submission rather than a check).
fn read_submission(o: &Obj, p: &Principal, contract: &str, full: bool) -> Result<Filing, ApiError> {
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
    Ok(Filing {
        contract: contract.to_owned(),
        branch,
        product: o.string("product", 64)?,
        version: o.string("version", 64)?,
        category: o.string("category", 64)?,
        answers: {
            let answers = o.object("answers")?;
            input::clean_answers(&answers)?;
            answers.into_iter().collect()
        },
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
        details: o.opt_text("details", 10_000)?.unwrap_or_default(),
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
    let s = read_submission(&o, &p, &id, false)?;
    let rows = st
        .store
        .history(&id)
        .await
        .map_err(|e| ApiError::internal("history", e))?;
    let now = engine::local(&st.data, st.clock.now_ms())?;
    let v = engine::judge(&st.data, c, &s, &rows, now)?;
    Ok(json_response(StatusCode::OK, &to_value(&v)?))
}

async fn create_request(State(st): St, peer: Peer, headers: HeaderMap, body: Body) -> ApiResult {
    let p = changer(&st, &headers).await?;
    if let Some(refused) = st.rates.refuse(Counted::Submission, &p.account.login) {
        return Ok(refused);
    }
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
    let s = read_submission(&o, &p, &contract_id, true)?;
    let body_hash = auth::digest(&Value::Object(o.0.clone()).to_string());
    let now_ms = st.clock.now_ms();
    let now = engine::local(&st.data, now_ms)?;
    let data = &st.data;
    let lc = engine::lifecycle(data)?;
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
            Entry::new(&st, &p.account.login, "request.submitted", &peer)
                .detail(json!({"idempotency_key": key.is_some()})),
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
                let mut filing = s.clone();
                filing.paid = paid;
                Ok(RequestRow {
                    id: auth::random_id(),
                    sr,
                    account: login,
                    idempotency_key: key.clone(),
                    body_hash: body_hash.clone(),
                    filing,
                    coverage,
                    severity: verdict.severity.as_ref().map(|x| x.id.clone()),
                    submitted: now,
                    submitted_ms: now_ms,
                    record: lc.start(now),
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
    if !replayed {
        st.changed.notify_one();
    }
    let events = if replayed {
        events_of(&st, &row, &p).await?
    } else {
        vec![submitted_event(&row, &lc.initial)]
    };
    let names = names_of(&st, &events).await;
    let mut res = full_response(
        StatusCode::CREATED,
        request_json(&st, &row, now, actor(&p))?,
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
    if let Some(s) = q.get("status") {
        let lc = engine::lifecycle(&st.data)?;
        if lc.status(s).is_none() {
            let known = lc.statuses.iter().map(|d| d.id.clone()).collect();
            let r = Refusal::NotAStatus {
                to: s.clone(),
                known,
            };
            return Err(engine::refused(Some(lc), &r));
        }
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
        .map(|r| request_json(&st, r, now, actor(&p)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(json_response(StatusCode::OK, &json!({ "requests": items })))
}

/// The request `id` when the caller may see it (else 404).
pub(super) async fn visible_request(
    st: &AppState,
    p: &Principal,
    id: &str,
) -> Result<RequestRow, ApiError> {
    let row = st
        .store
        .request(id)
        .await
        .map_err(|e| ApiError::internal("request", e))?;
    row.filter(|r| p.sees_request(&r.filing.contract, r.filing.branch.as_deref()))
        .ok_or_else(|| ApiError::not_found("request"))
}

/// The submission as an event (it is stored as the request row itself).
fn submitted_event(row: &RequestRow, initial: &str) -> Event {
    Event {
        id: String::new(),
        request: row.id.clone(),
        at: row.submitted.to_string(),
        at_ms: row.submitted_ms,
        account: row.account.clone(),
        kind: "submitted".to_owned(),
        status: Some(initial.to_owned()),
        body: None,
    }
}

/// Every event of a request, its submission first; for the vendor's staff with their
/// internal notes among them.
pub(super) async fn events_of(
    st: &AppState,
    row: &RequestRow,
    p: &Principal,
) -> Result<Vec<Event>, ApiError> {
    let mut stored = st
        .store
        .events(&row.id)
        .await
        .map_err(|e| ApiError::internal("events", e))?;
    if p.is_vendor() {
        stored.extend(super::desk::notes(&st.store, &row.id).await?);
        stored.sort_by(|a, b| (a.at_ms, &a.id).cmp(&(b.at_ms, &b.id)));
    }
    let initial = engine::lifecycle(&st.data)?.initial.as_str();
    Ok(std::iter::once(submitted_event(row, initial))
        .chain(stored)
        .collect())
}

async fn get_request(State(st): St, headers: HeaderMap, Path(id): Path<String>) -> ApiResult {
    let p = caller(&st, &headers).await?;
    let row = visible_request(&st, &p, &id).await?;
    let events = events_of(&st, &row, &p).await?;
    let now = engine::local(&st.data, st.clock.now_ms())?;
    let names = names_of(&st, &events).await;
    let mut view = request_json(&st, &row, now, actor(&p))?;
    with_assignee(&st, &p, &mut view, &row.id).await?;
    Ok(full_response(StatusCode::OK, view, &row, &events, &names))
}

/// Adds who handles the request to its view (`assignee`: the name; for the vendor's
/// staff the login too, and `staff`: who may be assigned).
async fn with_assignee(
    st: &AppState,
    p: &Principal,
    view: &mut Value,
    id: &str,
) -> Result<(), ApiError> {
    let a = super::desk::assignee(&st.store, id).await?;
    let staff = if p.is_vendor() {
        Some(super::desk::staff(&st.store).await?)
    } else {
        None
    };
    if let Value::Object(m) = view {
        m.insert(
            "assignee".to_owned(),
            super::desk::assignee_json(p, a.as_ref()),
        );
        if let Some(staff) = staff {
            m.insert("staff".to_owned(), Value::Array(staff));
        }
    }
    Ok(())
}

/// Who the caller is to the lifecycle.
fn actor(p: &Principal) -> Actor {
    if p.is_vendor() {
        Actor::Vendor
    } else {
        Actor::Customer
    }
}

async fn add_comment(
    State(st): St,
    peer: Peer,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Body,
) -> ApiResult {
    // Who, and the CSRF and origin checks, before anything in the body is read.
    let p = changer(&st, &headers).await?;
    if let Some(refused) = st.rates.refuse(Counted::Comment, &p.account.login) {
        return Ok(refused);
    }
    let o = input::object(&headers, body, &["body"]).await?;
    let text = o.text("body", 5_000)?;
    let entry = Entry::new(&st, &p.account.login, "request.comment", &peer)
        .detail(json!({"chars": text.chars().count()}));
    act(
        &st,
        p,
        &id,
        Action::Reply,
        "comment",
        Some(text),
        StatusCode::CREATED,
        entry,
    )
    .await
}

async fn change_status(
    State(st): St,
    peer: Peer,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Body,
) -> ApiResult {
    // Who, and the CSRF and origin checks, before anything in the body is read.
    let p = changer(&st, &headers).await?;
    let o = input::object(&headers, body, &["status", "note"]).await?;
    let to = o.string("status", 40)?;
    let note = o.opt_text("note", 5_000)?.filter(|n| !n.trim().is_empty());
    let action = Action::Move {
        to,
        note: note.clone(),
    };
    let entry = Entry::new(&st, &p.account.login, "request.status", &peer)
        .detail(json!({"note": note.is_some()}));
    act(&st, p, &id, action, "status", note, StatusCode::OK, entry).await
}

async fn rate_request(
    State(st): St,
    peer: Peer,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Body,
) -> ApiResult {
    // Who, and the CSRF and origin checks, before anything in the body is read.
    let p = changer(&st, &headers).await?;
    let o = input::object(&headers, body, &["rating", "comment"]).await?;
    let rating = o.integer("rating", 1, 100)?;
    let comment = o
        .opt_text("comment", 5_000)?
        .filter(|n| !n.trim().is_empty());
    let rating = u8::try_from(rating).map_err(|_| ApiError::field("rating", "1 to 100"))?;
    let action = Action::Rate {
        rating,
        comment: comment.clone(),
    };
    let entry = Entry::new(&st, &p.account.login, "request.rating", &peer)
        .detail(json!({"rating": rating, "comment": comment.is_some()}));
    act(
        &st,
        p,
        &id,
        action,
        "rating",
        comment,
        StatusCode::OK,
        entry,
    )
    .await
}

async fn complain(
    State(st): St,
    peer: Peer,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Body,
) -> ApiResult {
    // Who, and the CSRF and origin checks, before anything in the body is read.
    let p = changer(&st, &headers).await?;
    let o = input::object(&headers, body, &["comment"]).await?;
    let comment = o.text("comment", 5_000)?;
    let action = Action::Complain {
        comment: comment.clone(),
    };
    let entry = Entry::new(&st, &p.account.login, "request.complaint", &peer);
    act(
        &st,
        p,
        &id,
        action,
        "complaint",
        Some(comment),
        StatusCode::OK,
        entry,
    )
    .await
}

/// Applies `action` to request `id` by the caller through the core's lifecycle, stores
/// the new record with its deadlines and an event of `kind` (with `body`), and answers
/// with the request as it now stands and what the action caused (`effects`); `audit`
/// is recorded with it.
#[allow(clippy::too_many_arguments)]
async fn act(
    st: &AppState,
    p: Principal,
    id: &str,
    action: Action,
    kind: &str,
    body: Option<String>,
    status: StatusCode,
    audit: Entry,
) -> ApiResult {
    visible_request(st, &p, id).await?;
    let by = actor(&p);
    let now_ms = st.clock.now_ms();
    let now = engine::local(&st.data, now_ms)?;
    let data = &st.data;
    let login = p.account.login.clone();
    let mut effects = Vec::new();
    let row = st
        .store
        .update(id, audit, |r| {
            let (r, event, due, caused) = apply_action(
                data,
                r,
                &action,
                Change {
                    by,
                    account: login,
                    kind,
                    body,
                },
                now,
                now_ms,
            )?;
            effects = caused;
            Ok((r, event, due))
        })
        .await?;
    st.changed.notify_one();
    let events = events_of(st, &row, &p).await?;
    let names = names_of(st, &events).await;
    let mut view = request_json(st, &row, now, by)?;
    with_assignee(st, &p, &mut view, &row.id).await?;
    if let Value::Object(m) = &mut view {
        m.insert("effects".to_owned(), to_value(&effects)?);
    }
    Ok(full_response(status, view, &row, &events, &names))
}

/// Who makes a change of a request and how it is recorded: the lifecycle's actor, the
/// account its event names, the event's kind (`status`, `comment`, …) and body.
pub(super) struct Change<'a> {
    pub by: Actor,
    pub account: String,
    pub kind: &'a str,
    pub body: Option<String>,
}

/// The one way a stored request changes (a caller's action, or the scheduler's close of
/// a request left unanswered): `action` applied to row `r` through the core's
/// lifecycle at `now`, its deadlines recomputed when its pauses changed, the event that
/// records it, the outbox rows of what fell due before it (but a due close, which only
/// the scheduler makes: a change that comes first answers it), and what the action
/// caused.
///
/// # Errors
///
/// The lifecycle's refusal, or a deadline the core can't compute.
pub(super) fn apply_action(
    data: &covered_core::contract::DataSet,
    mut r: RequestRow,
    action: &Action,
    change: Change<'_>,
    now: DateTime,
    now_ms: i64,
) -> Result<(RequestRow, Event, Vec<OutboxRow>, Vec<lifecycle::Event>), ApiError> {
    let lc = engine::lifecycle(data)?;
    let applied = lifecycle::apply(&data.catalog, &r.record, action, change.by, now)
        .map_err(|e| engine::refused(Some(lc), &e))?;
    // What fell due before the change, written with it.
    // (An event that can't be computed is logged and leaves the change be.)
    let due = match engine::timed_events(data, &r, now) {
        Ok(events) => events
            .due()
            .filter(|e| !matches!(e.what, covered_core::timed::What::Close { .. }))
            .map(|e| engine::outbox_row(data, &r, e, now_ms))
            .collect::<Result<Vec<_>, _>>()?,
        Err(_) => Vec::new(),
    };
    let pauses_changed = applied.record.pauses != r.record.pauses;
    r.record = applied.record;
    if pauses_changed && let Some(contract) = data.contract(&r.filing.contract) {
        let d = engine::deadlines(
            data,
            contract,
            r.severity.as_deref(),
            r.submitted,
            &r.record,
            now,
        )?;
        r.deadlines = to_value(&d)?.to_string();
    }
    r.updated_ms = now_ms;
    let event = Event {
        id: auth::random_id(),
        request: r.id.clone(),
        at: now.to_string(),
        at_ms: now_ms,
        account: change.account,
        kind: change.kind.to_owned(),
        status: matches!(action, Action::Move { .. }).then(|| r.record.status.clone()),
        body: change.body,
    };
    Ok((r, event, due, applied.events))
}

/// An event as the API shows it: `id` (what a file attached to a comment names; none
/// for the submission), `by` the account's login, `by_name` its display name (for the
/// people reading the request's record).
fn event_json(e: &Event, names: &Names) -> Value {
    json!({
        "id": (!e.id.is_empty()).then_some(&e.id), "at": e.at, "by": e.account, "by_name": names.get(&e.account), "kind": e.kind,
        "status": e.status, "body": e.body,
    })
}

/// Display names by login.
pub(super) type Names = std::collections::BTreeMap<String, String>;

/// The display names of the accounts behind `events` (an account since removed has none).
pub(super) async fn names_of(st: &AppState, events: &[Event]) -> Names {
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

/// A stored request as the API shows it in lists: its status with the lifecycle's
/// name for it, the moves the caller (`by`) may make, and each SLA clock where it
/// stands now (pauses so far counted; stopped at the first reply or the resolution).
fn request_json(
    st: &AppState,
    r: &RequestRow,
    now: DateTime,
    by: Actor,
) -> Result<Value, ApiError> {
    let parse = |s: &str| serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
    let lc = engine::lifecycle(&st.data)?;
    let rec = &r.record;
    let clocks = match st.data.contract(&r.filing.contract) {
        Some(c) => engine::clocks(&st.data, c, r.severity.as_deref(), r.submitted, rec, now)?,
        None => Vec::new(),
    };
    let deadlines: Vec<&DeadlineAnswer> = clocks.iter().map(|c| &c.deadline).collect();
    let deadlines = if clocks.is_empty() {
        parse(&r.deadlines)
    } else {
        to_value(&deadlines)?
    };
    let pauses: Vec<Value> = rec
        .pauses
        .iter()
        .map(|p| json!({"from": p.from(), "to": p.to()}))
        .collect();
    let moves: Vec<Value> = lc
        .moves_from(&rec.status, by)
        .map(|m| {
            json!({
                "to": m.to,
                "name": m.name.clone().or_else(|| lc.status(&m.to).map(|s| s.name.clone())),
                "note_required": m.note_required,
                "reopen": m.reopen,
            })
        })
        .collect();
    let next: Vec<&str> = lc
        .moves_from(&rec.status, by)
        .map(|m| m.to.as_str())
        .collect();
    let status = lc.status(&rec.status);
    Ok(json!({
        "id": r.id,
        "contract": r.filing.contract,
        "sr": r.sr,
        "submitted_by": r.account,
        "branch": r.filing.branch,
        "product": r.filing.product,
        "version": r.filing.version,
        "category": r.filing.category,
        "requester": r.filing.requester,
        "title": r.filing.title,
        "details": r.filing.details,
        "answers": r.filing.answers,
        "wanted_by": r.filing.wanted_by,
        "paid": r.filing.paid,
        "coverage": r.coverage,
        "severity": r.severity,
        "status": rec.status,
        "status_name": status.map(|s| &s.name),
        "status_kind": lc.kind(&rec.status),
        "status_since": rec.since,
        "next_statuses": next,
        "moves": moves,
        "rework": rec.rework,
        "submitted": r.submitted,
        "responded": rec.responded,
        "resolved": rec.resolved,
        "closed": rec.closed,
        "waiting_since": rec.paused_since,
        "clocks_paused": rec.paused_since.is_some(),
        "pauses": pauses,
        "deadlines": deadlines,
        "clocks": clocks,
        "satisfaction": rec.satisfaction,
        "record": rec,
        "complaint": rec.satisfaction.as_ref().is_some_and(|s| lc.is_complaint(s)),
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

/// The outbox, for the vendor's staff only: every warning, breach and escalation step
/// written, by time (contract, request, delivery, limit ≤ 500, offset).
async fn list_outbox(
    State(st): St,
    headers: HeaderMap,
    Query(q): Query<BTreeMap<String, String>>,
) -> ApiResult {
    let p = caller(&st, &headers).await?;
    if !p.is_vendor() {
        return Err(ApiError::forbidden("the outbox is for the vendor's staff"));
    }
    let known = ["contract", "request", "delivery", "limit", "offset"];
    if let Some(unknown) = q.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(ApiError::field(
            unknown.clone(),
            "unknown parameter (expected contract, request, delivery, limit, offset)",
        ));
    }
    let only: Vec<String> = match q.get("contract") {
        Some(c) => {
            visible_contract(&st, &p, c)?;
            vec![c.clone()]
        }
        None => p.contracts.clone(),
    };
    if let Some(d) = q.get("delivery")
        && !["pending", "sent", "failed"].contains(&d.as_str())
    {
        return Err(ApiError::field(
            "delivery",
            "expected pending, sent or failed",
        ));
    }
    let number = |name: &str, default: u32, max: u32| match q.get(name) {
        None => Ok(default),
        Some(s) => s
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= max)
            .ok_or_else(|| ApiError::field(name, format!("expected a whole number 0–{max}"))),
    };
    let rows = st
        .store
        .outbox(&OutboxFilter {
            contracts: &only,
            request: q.get("request").map(String::as_str),
            delivery: q.get("delivery").map(String::as_str),
            limit: number("limit", 100, 500)?,
            offset: number("offset", 0, u32::MAX)?,
        })
        .await
        .map_err(|e| ApiError::internal("outbox", e))?;
    let items: Vec<Value> = rows.iter().map(super::timeline::outbox_json).collect();
    Ok(json_response(StatusCode::OK, &json!({ "outbox": items })))
}

async fn openapi() -> Response {
    json_response(StatusCode::OK, &super::openapi::document())
}
