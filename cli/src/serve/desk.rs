//! The vendor's desk: every open request across all customers, the one whose clock falls
//! due next first, with where that clock stands (covered-core's `status::next_clock`);
//! who handles a request (its assignee) and the vendor staff's internal notes on it.
//!
//! Sorting and counting 20,000 open requests by asking the engine about each on every
//! call would be slow, so every write of a request also writes its desk keys
//! (`migrations/0004_desk.sql`): the due of its next clock and the minutes from which that
//! clock is at risk and breached, as the core computes them from the request's record
//! ([`Keeper`]). A request whose status the lifecycle does not mark open has none and is
//! not on the desk. The rows of a page are judged again by the core at the caller's now.
//! Keys are written with the data they were computed on (a digest of the data
//! directory): a server started on changed data computes them again ([`backfill`]).
//!
//! Internal notes are events of kind [`NOTE`]; `Store::events` never returns them, so no
//! answer built from it reaches a customer with one; [`notes`] reads them for the
//! vendor's staff.

use super::AppState;
use super::audit::{Entry, Peer};
use super::auth::{self, Principal};
use super::engine;
use super::error::ApiError;
use super::input;
use super::rate::Counted;
use super::routes::{caller, changer, json_body, visible_request};
use super::store::{Event, RequestRow, Store};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use covered_core::contract::{DataSet, RequestStatus};
use covered_core::status::{self, NextClock};
use serde_json::{Value, json};
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

type St = State<Arc<AppState>>;
type ApiResult = Result<Response, ApiError>;

/// The kind of an internal note's event.
pub const NOTE: &str = "note";
/// The kind of an assignment's event (its body: the new assignee's login, or none).
pub const ASSIGNED: &str = "assigned";
/// The desk key of an open request with no clock left to run (all stopped, or none:
/// paid work): after every request with one.
pub const NO_CLOCK: i64 = i64::MAX;
/// Rows a page holds by default, and at most.
const PAGE: u32 = 50;
const PAGE_MAX: u32 = 500;

/// The desk's routes (merged into `/api`).
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/desk", get(desk))
        .route("/requests/{id}/assign", post(assign))
        .route("/requests/{id}/notes", post(add_note))
}

// ------------------------------------------------------------------ keys

/// A request's desk keys: Unix milliseconds of its next clock's due and of the minutes
/// from which that clock is at risk and breached; all `None` when it is not open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    pub due_ms: Option<i64>,
    pub risk_ms: Option<i64>,
    pub breach_ms: Option<i64>,
    pub clock: Option<String>,
}

/// Writes a request's desk keys with every write of it (`Store::submit`, `Store::update`).
#[derive(Clone)]
pub struct Keeper {
    data: Arc<DataSet>,
    /// A digest of the data directory the keys are computed on.
    pub fingerprint: String,
}

impl std::fmt::Debug for Keeper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keeper")
            .field("fingerprint", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

/// The next clock of `r` as the core has it at `now`: `None` when no clock runs.
fn next_clock(
    data: &DataSet,
    r: &RequestRow,
    now: covered_core::civil::DateTime,
) -> Result<Option<NextClock>, ApiError> {
    let lc = engine::lifecycle(data)?;
    let Some(contract) = data.contract(&r.filing.contract) else {
        return Ok(None);
    };
    let clocks = status::request_clocks(
        &data.catalog,
        contract,
        &engine::request_of_row(lc, r),
        Some(&r.record),
        now,
    )
    .map_err(|e| ApiError::internal("deadlines", e))?;
    Ok(status::next_clock(
        &data.catalog.settings,
        r.submitted,
        &clocks,
    ))
}

impl Keeper {
    /// A keeper for `data`, read from the files `files` (path → text).
    pub fn new<'a>(
        data: Arc<DataSet>,
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        let mut all = String::new();
        for (path, text) in files {
            all.push_str(path);
            all.push('\0');
            all.push_str(text);
            all.push('\0');
        }
        Keeper {
            data,
            fingerprint: auth::digest(&all),
        }
    }

    /// The desk keys of `r` as its record stands when it was last written.
    ///
    /// # Errors
    ///
    /// 500 when the catalog has no lifecycle or its calendars can't run a clock.
    pub fn keys(&self, r: &RequestRow) -> Result<Keys, ApiError> {
        let data = &*self.data;
        let lc = engine::lifecycle(data)?;
        if lc.kind(&r.record.status) != RequestStatus::Open {
            return Ok(Keys::default());
        }
        let at = engine::local(data, r.updated_ms)?;
        let Some(next) = next_clock(data, r, at)? else {
            return Ok(Keys {
                due_ms: Some(NO_CLOCK),
                ..Keys::default()
            });
        };
        let ms = |t: Option<covered_core::civil::DateTime>| {
            t.map(|t| engine::millis(data, t)).transpose()
        };
        Ok(Keys {
            due_ms: Some(engine::millis(data, next.clock.due)?),
            risk_ms: ms(next.at_risk_from)?,
            breach_ms: ms(next.breached_from)?,
            clock: Some(next.clock.clock),
        })
    }

    /// Writes `r`'s desk keys in `tx`.
    ///
    /// # Errors
    ///
    /// As for [`Keeper::keys`], or a database error.
    pub async fn write(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        r: &RequestRow,
    ) -> Result<(), ApiError> {
        let k = self.keys(r)?;
        write_keys(&mut **tx, &r.id, &k, &self.fingerprint)
            .await
            .map_err(|e| ApiError::internal("desk", e))
    }
}

async fn write_keys<'e, E>(ex: E, id: &str, k: &Keys, fingerprint: &str) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "UPDATE requests SET desk_due_ms = $1, desk_risk_ms = $2, desk_breach_ms = $3, \
         desk_clock = $4, desk_data = $5 WHERE id = $6",
    )
    .bind(k.due_ms)
    .bind(k.risk_ms)
    .bind(k.breach_ms)
    .bind(k.clock.clone())
    .bind(fingerprint)
    .bind(id)
    .execute(ex)
    .await?;
    Ok(())
}

/// Computes the desk keys of every request written on other data than the keeper's (or
/// before the desk existed): at start, before the server answers. Returns how many.
///
/// # Errors
///
/// A database error.
pub async fn backfill(store: &Store, keeper: &Keeper) -> Result<usize, String> {
    let stale: BTreeSet<String> =
        sqlx::query("SELECT id FROM requests WHERE desk_data IS NULL OR desk_data <> $1")
            .bind(&keeper.fingerprint)
            .fetch_all(store.reader())
            .await
            .map_err(|e| e.to_string())?
            .iter()
            .map(|r| r.try_get::<String, _>("id"))
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?;
    if stale.is_empty() {
        return Ok(0);
    }
    let lc = engine::lifecycle(&keeper.data).map_err(|e| e.message)?;
    let open: Vec<String> = lc
        .statuses
        .iter()
        .filter(|s| s.kind == RequestStatus::Open)
        .map(|s| s.id.clone())
        .collect();
    let rows = store.requests_in(&open).await.map_err(|e| e.to_string())?;
    let mut tx = store.begin().await.map_err(|e| e.to_string())?;
    let mut done = 0;
    for r in rows.iter().filter(|r| stale.contains(&r.id)) {
        // A request whose clocks can't be computed stays on the desk, last.
        let k = keeper.keys(r).unwrap_or(Keys {
            due_ms: Some(NO_CLOCK),
            ..Keys::default()
        });
        write_keys(&mut *tx, &r.id, &k, &keeper.fingerprint)
            .await
            .map_err(|e| e.to_string())?;
        done += 1;
    }
    // The rest are not open: off the desk.
    let off = sqlx::query(
        "UPDATE requests SET desk_due_ms = NULL, desk_risk_ms = NULL, desk_breach_ms = NULL, \
         desk_clock = NULL, desk_data = $1 WHERE desk_data IS NULL OR desk_data <> $2",
    )
    .bind(&keeper.fingerprint)
    .bind(&keeper.fingerprint)
    .execute(&mut *tx)
    .await
    .map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(done + usize::try_from(off.rows_affected()).unwrap_or(0))
}

// ------------------------------------------------------------------ the desk

/// Which open requests, from the query string.
struct Filter {
    contracts: Option<Vec<String>>,
    severity: Option<String>,
    status: Option<String>,
    /// `Some(None)`: unassigned.
    assignee: Option<Option<String>>,
    at_risk: bool,
}

/// The SQL condition and its values for `f` (values from `$first` on).
fn condition(f: &Filter, binds: &mut Vec<Bind>) -> String {
    let mut sql = String::from("r.desk_due_ms IS NOT NULL");
    let mark = |binds: &mut Vec<Bind>, b: Bind| {
        binds.push(b);
        format!("${}", binds.len())
    };
    if let Some(cs) = &f.contracts {
        let marks: Vec<String> = cs
            .iter()
            .map(|c| mark(binds, Bind::Text(c.clone())))
            .collect();
        sql.push_str(&format!(" AND r.contract IN ({})", marks.join(", ")));
    }
    if let Some(s) = &f.severity {
        let m = mark(binds, Bind::Text(s.clone()));
        sql.push_str(&format!(" AND r.severity = {m}"));
    }
    if let Some(s) = &f.status {
        let m = mark(binds, Bind::Text(s.clone()));
        sql.push_str(&format!(" AND r.status = {m}"));
    }
    match &f.assignee {
        Some(Some(a)) => {
            let m = mark(binds, Bind::Text(a.clone()));
            sql.push_str(&format!(" AND r.assignee = {m}"));
        }
        Some(None) => sql.push_str(" AND r.assignee IS NULL"),
        None => {}
    }
    sql
}

#[derive(Debug, Clone)]
enum Bind {
    Text(String),
    Int(i64),
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    binds: &'q [Bind],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for b in binds {
        q = match b {
            Bind::Text(s) => q.bind(s.as_str()),
            Bind::Int(i) => q.bind(*i),
        };
    }
    q
}

fn bad(field: &str, message: impl Into<String>) -> ApiError {
    ApiError::field(field, message)
}

/// `GET /api/desk`: the open requests, next due first, with counts; vendor staff only.
async fn desk(
    State(st): St,
    headers: HeaderMap,
    Query(q): Query<BTreeMap<String, String>>,
) -> ApiResult {
    let p = caller(&st, &headers).await?;
    if !p.is_vendor() {
        return Err(ApiError::forbidden("the desk is for the vendor's staff"));
    }
    let known = [
        "contract", "customer", "tier", "severity", "status", "assignee", "at_risk", "limit",
        "cursor",
    ];
    if let Some(unknown) = q.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(bad(
            unknown,
            format!("unknown parameter (expected {})", known.join(", ")),
        ));
    }
    let data = &st.data;
    let lc = engine::lifecycle(data)?;
    let given = |k: &str| q.get(k).map(String::as_str).filter(|v| !v.is_empty());
    // Contracts: of one contract, one customer, one tier — each narrows the last.
    let mut contracts: Option<Vec<String>> = None;
    let mut narrow = |only: Vec<String>| {
        contracts = Some(match contracts.take() {
            None => only,
            Some(cs) => cs.into_iter().filter(|c| only.contains(c)).collect(),
        });
    };
    if let Some(c) = given("contract") {
        if data.contract(c).is_none() || !p.sees_contract(c) {
            return Err(bad("contract", format!("{c:?} is not a contract")));
        }
        narrow(vec![c.to_owned()]);
    }
    if let Some(i) = given("customer") {
        let Some(cs) = st.institutions.get(i) else {
            return Err(bad("customer", format!("{i:?} is not a customer")));
        };
        narrow(cs.clone());
    }
    if let Some(t) = given("tier") {
        if data.catalog.tier(t).is_none() {
            return Err(bad("tier", format!("{t:?} is not a tier of the catalog")));
        }
        narrow(
            data.contracts
                .iter()
                .filter(|c| c.tier == t)
                .map(|c| c.id.clone())
                .collect(),
        );
    }
    if let Some(s) = given("severity")
        && data.catalog.severity(s).is_none()
    {
        return Err(bad(
            "severity",
            format!("{s:?} is not a severity of the catalog"),
        ));
    }
    if let Some(s) = given("status")
        && (lc.status(s).is_none() || lc.kind(s) != RequestStatus::Open)
    {
        return Err(bad(
            "status",
            "expected one of the lifecycle's open statuses",
        ));
    }
    let at_risk = match given("at_risk") {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(bad("at_risk", "expected true or false")),
    };
    let limit = match given("limit") {
        None => PAGE,
        Some(s) => s
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=PAGE_MAX).contains(n))
            .ok_or_else(|| bad("limit", format!("expected a whole number 1–{PAGE_MAX}")))?,
    };
    let cursor = match given("cursor") {
        None => None,
        Some(c) => Some(
            c.split_once('.')
                .and_then(|(ms, id)| Some((ms.parse::<i64>().ok()?, id.to_owned())))
                .ok_or_else(|| bad("cursor", "expected the next_cursor of a previous page"))?,
        ),
    };
    let filter = Filter {
        contracts,
        severity: given("severity").map(str::to_owned),
        status: given("status").map(str::to_owned),
        assignee: given("assignee").map(|a| (a != "none").then(|| a.to_owned())),
        at_risk,
    };
    let now_ms = st.clock.now_ms();
    let now = engine::local(data, now_ms)?;
    // The minute the core judges at, as the stored keys are minutes.
    let minute_ms = engine::millis(data, now)?;

    // Counts of the filtered set (before `at_risk`, which is one of them).
    let mut binds = Vec::new();
    let cond = condition(&filter, &mut binds);
    binds.push(Bind::Int(minute_ms));
    let m = binds.len();
    let counts = bind_all(
        sqlx::query(&format!(
            "SELECT COUNT(*) AS total, \
             COALESCE(SUM(CASE WHEN r.desk_breach_ms <= ${m} THEN 1 ELSE 0 END), 0) AS breached, \
             COALESCE(SUM(CASE WHEN r.desk_risk_ms <= ${m} AND r.desk_breach_ms > ${m} THEN 1 ELSE 0 END), 0) AS at_risk, \
             COALESCE(SUM(CASE WHEN r.assignee IS NULL THEN 1 ELSE 0 END), 0) AS unassigned \
             FROM requests r WHERE {cond}"
        )),
        &binds,
    )
    .fetch_one(st.store.reader())
    .await
    .map_err(|e| ApiError::internal("desk", e))?;
    let count = |k: &str| {
        counts
            .try_get::<i64, _>(k)
            .map_err(|e| ApiError::internal("desk", e))
    };
    let counts = json!({
        "open": count("total")?, "at_risk": count("at_risk")?,
        "breached": count("breached")?, "unassigned": count("unassigned")?,
    });

    // The page.
    let mut binds = Vec::new();
    let mut cond = condition(&filter, &mut binds);
    if filter.at_risk {
        binds.push(Bind::Int(minute_ms));
        cond.push_str(&format!(" AND r.desk_risk_ms <= ${}", binds.len()));
    }
    if let Some((ms, id)) = &cursor {
        binds.push(Bind::Int(*ms));
        let a = binds.len();
        binds.push(Bind::Int(*ms));
        let b = binds.len();
        binds.push(Bind::Text(id.clone()));
        let c = binds.len();
        cond.push_str(&format!(
            " AND (r.desk_due_ms > ${a} OR (r.desk_due_ms = ${b} AND r.id > ${c}))"
        ));
    }
    let fetch = limit.saturating_add(1);
    let rows = bind_all(
        sqlx::query(&format!(
            "SELECT r.id, r.desk_due_ms, r.assignee, a.name AS assignee_name FROM requests r \
             LEFT JOIN accounts a ON a.login = r.assignee \
             WHERE {cond} ORDER BY r.desk_due_ms, r.id LIMIT {fetch}"
        )),
        &binds,
    )
    .fetch_all(st.store.reader())
    .await
    .map_err(|e| ApiError::internal("desk", e))?;
    let more = rows.len() > limit as usize;
    let mut page = Vec::new();
    let mut next_cursor = None;
    for row in rows.iter().take(limit as usize) {
        let e = |e| ApiError::internal("desk", e);
        let id: String = row.try_get("id").map_err(e)?;
        let due_ms: i64 = row.try_get("desk_due_ms").map_err(e)?;
        let assignee: Option<String> = row.try_get("assignee").map_err(e)?;
        let assignee_name: Option<String> = row.try_get("assignee_name").map_err(e)?;
        next_cursor = Some(format!("{due_ms}.{id}"));
        page.push((id, assignee, assignee_name));
    }
    let ids: Vec<String> = page.iter().map(|(id, ..)| id.clone()).collect();
    let mut found: BTreeMap<String, RequestRow> = st
        .store
        .requests_by_id(&ids)
        .await
        .map_err(|e| ApiError::internal("desk", e))?
        .into_iter()
        .map(|r| (r.id.clone(), r))
        .collect();
    let mut items = Vec::new();
    for (id, assignee, assignee_name) in page {
        if let Some(r) = found.remove(&id) {
            items.push(item_json(&st, &r, assignee, assignee_name, now)?);
        }
    }
    let staff = staff(&st.store).await?;
    Ok((
        StatusCode::OK,
        json_body(&json!({
            "now": now,
            "counts": counts,
            "requests": items,
            "next_cursor": if more { next_cursor } else { None },
            "staff": staff,
        })),
    )
        .into_response())
}

/// One row of the desk: the request, its customer, and its next clock as the core has it
/// at `now`.
fn item_json(
    st: &AppState,
    r: &RequestRow,
    assignee: Option<String>,
    assignee_name: Option<String>,
    now: covered_core::civil::DateTime,
) -> Result<Value, ApiError> {
    let data = &st.data;
    let lc = engine::lifecycle(data)?;
    let contract = data.contract(&r.filing.contract);
    let next = next_clock(data, r, now)?;
    let next = next.map(|n| {
        json!({
            "id": n.clock.clock, "name": n.clock.name, "due": n.clock.due,
            "state": n.clock.state, "state_name": n.clock.state.text(),
            "minutes_left": n.clock.minutes_left, "paused_since": n.clock.paused_since,
        })
    });
    Ok(json!({
        "id": r.id,
        "contract": r.filing.contract,
        "customer": contract.map(|c| &c.institution),
        "tier": contract.map(|c| &c.tier),
        "sr": r.sr,
        "title": r.filing.title,
        "category": r.filing.category,
        "category_name": data.catalog.category(&r.filing.category).map(|c| &c.name),
        "severity": r.severity,
        "severity_name": r.severity.as_deref().and_then(|s| data.catalog.severity(s)).map(|s| &s.name),
        "status": r.record.status,
        "status_name": lc.status(&r.record.status).map(|s| &s.name),
        "submitted": r.submitted,
        "assignee": assignee.map(|login| json!({"login": login, "name": assignee_name})),
        "next_clock": next,
    }))
}

/// The vendor's staff, who may be assigned a request.
pub async fn staff(store: &Store) -> Result<Vec<Value>, ApiError> {
    Ok(
        sqlx::query("SELECT login, name FROM accounts WHERE role = 'vendor' ORDER BY login")
            .fetch_all(store.reader())
            .await
            .map_err(|e| ApiError::internal("staff", e))?
            .iter()
            .filter_map(|r| {
                let login: String = r.try_get("login").ok()?;
                let name: String = r.try_get("name").ok()?;
                Some(json!({"login": login, "name": name}))
            })
            .collect(),
    )
}

// ------------------------------------------------------------------ assignee, notes

/// Who handles request `id`: login and name; `None` when nobody.
///
/// # Errors
///
/// A database error.
pub async fn assignee(store: &Store, id: &str) -> Result<Option<(String, String)>, ApiError> {
    let row = sqlx::query(
        "SELECT r.assignee, a.name FROM requests r LEFT JOIN accounts a ON a.login = r.assignee \
         WHERE r.id = $1",
    )
    .bind(id)
    .fetch_optional(store.reader())
    .await
    .map_err(|e| ApiError::internal("assignee", e))?;
    let Some(row) = row else { return Ok(None) };
    let login: Option<String> = row
        .try_get("assignee")
        .map_err(|e| ApiError::internal("assignee", e))?;
    let name: Option<String> = row
        .try_get("name")
        .map_err(|e| ApiError::internal("assignee", e))?;
    Ok(login.map(|l| {
        let n = name.unwrap_or_else(|| l.clone());
        (l, n)
    }))
}

/// The assignee as the caller may see it: login and name for the vendor's staff, the
/// name only for a customer.
pub fn assignee_json(p: &Principal, a: Option<&(String, String)>) -> Value {
    match a {
        None => Value::Null,
        Some((login, name)) if p.is_vendor() => json!({"login": login, "name": name}),
        Some((_, name)) => json!({"name": name}),
    }
}

/// The internal notes on request `id`, oldest first: for the vendor's staff only.
///
/// # Errors
///
/// A database error.
pub async fn notes(store: &Store, id: &str) -> Result<Vec<Event>, ApiError> {
    sqlx::query(
        "SELECT id, request, at, at_ms, account, kind, status, body FROM events \
         WHERE request = $1 AND kind = $2 ORDER BY at_ms, id",
    )
    .bind(id)
    .bind(NOTE)
    .fetch_all(store.reader())
    .await
    .map_err(|e| ApiError::internal("notes", e))?
    .iter()
    .map(|r| {
        Ok(Event {
            id: r.try_get("id")?,
            request: r.try_get("request")?,
            at: r.try_get("at")?,
            at_ms: r.try_get("at_ms")?,
            account: r.try_get("account")?,
            kind: r.try_get("kind")?,
            status: r.try_get("status")?,
            body: r.try_get("body")?,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()
    .map_err(|e| ApiError::internal("notes", e))
}

/// Records `event` on its request (with the assignee changed to `assignee` when `Some`),
/// under the request's contract lock as every change of a request is made.
async fn record(
    st: &AppState,
    event: &Event,
    assignee: Option<Option<&str>>,
    audit: Entry,
) -> Result<(), ApiError> {
    let e = |x| ApiError::internal("desk", x);
    let mut tx = st.store.begin().await.map_err(e)?;
    let contract: Option<String> = sqlx::query("SELECT contract FROM requests WHERE id = $1")
        .bind(&event.request)
        .fetch_optional(&mut *tx)
        .await
        .map_err(e)?
        .map(|r| r.try_get("contract"))
        .transpose()
        .map_err(e)?;
    let Some(contract) = contract else {
        return Err(ApiError::not_found("request"));
    };
    sqlx::query("UPDATE contract_state SET last_sr = last_sr WHERE contract = $1")
        .bind(&contract)
        .execute(&mut *tx)
        .await
        .map_err(e)?;
    if let Some(a) = assignee {
        sqlx::query("UPDATE requests SET assignee = $1 WHERE id = $2")
            .bind(a)
            .bind(&event.request)
            .execute(&mut *tx)
            .await
            .map_err(e)?;
    }
    super::store::insert_event(&mut tx, event)
        .await
        .map_err(e)?;
    // Its audit entry, last in the transaction as every change's.
    let audit = audit.detail(json!({"event": event.id}));
    super::audit::record(&mut tx, audit).await.map_err(e)?;
    tx.commit().await.map_err(e)
}

fn event(
    st: &AppState,
    p: &Principal,
    id: &str,
    kind: &str,
    body: Option<String>,
) -> Result<Event, ApiError> {
    let now_ms = st.clock.now_ms();
    Ok(Event {
        id: auth::random_id(),
        request: id.to_owned(),
        at: engine::local(&st.data, now_ms)?.to_string(),
        at_ms: now_ms,
        account: p.account.login.clone(),
        kind: kind.to_owned(),
        status: None,
        body,
    })
}

/// `POST /api/requests/{id}/assign` `{"assignee": login | null}`: vendor staff only.
async fn assign(
    State(st): St,
    peer: Peer,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Body,
) -> ApiResult {
    let p = changer(&st, &headers).await?;
    let row = visible_request(&st, &p, &id).await?;
    if !p.is_vendor() {
        return Err(ApiError::forbidden(
            "only the vendor's staff assign requests",
        ));
    }
    let o = input::object(&headers, body, &["assignee"]).await?;
    if !o.0.contains_key("assignee") {
        return Err(bad(
            "assignee",
            "missing (a vendor staff login, or null for nobody)",
        ));
    }
    let login = o.opt_string("assignee", 64)?;
    if let Some(l) = &login {
        let found = st
            .store
            .account(l)
            .await
            .map_err(|e| ApiError::internal("assign", e))?;
        if !found.is_some_and(|(a, _)| a.role == super::store::Role::Vendor) {
            return Err(bad(
                "assignee",
                format!("{l:?} is not a login of the vendor's staff"),
            )
            .with_code("not_vendor_staff"));
        }
    }
    let ev = event(&st, &p, &id, ASSIGNED, login.clone())?;
    let entry = Entry::new(&st, &p.account.login, "request.assigned", &peer)
        .request(&row)
        .detail(json!({"to": login}));
    record(&st, &ev, Some(login.as_deref()), entry).await?;
    let a = assignee(&st.store, &id).await?;
    Ok((
        StatusCode::OK,
        json_body(&json!({"request": id, "assignee": assignee_json(&p, a.as_ref())})),
    )
        .into_response())
}

/// `POST /api/requests/{id}/notes` `{"body"}`: an internal note, vendor staff only.
async fn add_note(
    State(st): St,
    peer: Peer,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Body,
) -> ApiResult {
    let p = changer(&st, &headers).await?;
    let row = visible_request(&st, &p, &id).await?;
    if !p.is_vendor() {
        return Err(ApiError::forbidden(
            "internal notes are for the vendor's staff",
        ));
    }
    if let Some(refused) = st.rates.refuse(Counted::Comment, &p.account.login) {
        return Ok(refused);
    }
    let o = input::object(&headers, body, &["body"]).await?;
    let text = o.text("body", 5_000)?;
    if text.trim().is_empty() {
        return Err(bad("body", "empty"));
    }
    let entry = Entry::new(&st, &p.account.login, "request.note", &peer)
        .request(&row)
        .detail(json!({"chars": text.chars().count()}));
    let ev = event(&st, &p, &id, NOTE, Some(text))?;
    record(&st, &ev, None, entry).await?;
    let notes = notes(&st.store, &id).await?;
    let items: Vec<Value> = notes
        .iter()
        .map(|n| json!({"at": n.at, "by": n.account, "kind": n.kind, "body": n.body}))
        .collect();
    Ok((
        StatusCode::CREATED,
        json_body(&json!({"request": id, "notes": items})),
    )
        .into_response())
}
