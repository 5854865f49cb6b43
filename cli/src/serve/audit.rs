//! The audit trail: who did what, when and from where, as a hash chain in the `audit`
//! table (migration 0006).
//!
//! Every change appends its row with [`record`] inside the change's own transaction, so
//! a change never commits without its row, and a refused or failed change leaves none.
//! [`record`] first moves the single `audit_head` row on (a row lock on PostgreSQL,
//! SQLite has one writer), so concurrent appends queue up and the chain has no forks.
//! Each row's `hash` is BLAKE2b-256 over a length-prefixed encoding of its fields and
//! the previous row's hash; [`verify`] (`covered audit verify`) walks the chain and
//! names the first row that no longer fits.
//!
//! To audit a new kind of change, build an [`Entry`] in the handler and append it in
//! the transaction that makes the change:
//!
//! ```text
//! audit::record(&mut tx, Entry::new(st, &p.account.login, "request.assigned", &peer)
//!     .request(&row).detail(json!({"to": login}))).await?;
//! ```

use super::AppState;
use super::error::ApiError;
use super::routes::{caller, json_body};
use super::store::RequestRow;
use axum::Router;
use axum::extract::{ConnectInfo, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use blake2::digest::consts::U32;
use blake2::{Blake2b, Digest};
use covered_core::calendar::Zone;
use covered_core::civil::{DateTime, Timestamp};
use serde_json::{Value, json};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The `prev_hash` of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Where a call came from: the peer address of its TCP connection (`ConnectInfo`,
/// which `covered serve` records for every connection). `None` when the router is
/// called in process (tests). No header is trusted for it: `X-Forwarded-For` is
/// anyone's to send, and the server has no trusted-proxy option.
#[derive(Debug, Clone, Copy, Default)]
pub struct Peer(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Peer, Self::Rejection> {
        Ok(Peer(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip().to_canonical()),
        ))
    }
}

/// One audit row before it is chained: who, when, what, from where.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The account's login; for a failed login, the login tried; `system` for the
    /// accounts file.
    pub who: String,
    /// What: `login`, `login.failed`, `logout`, `request.submitted`, `request.status`,
    /// `request.comment`, `request.rating`, `request.complaint`, `account.created`,
    /// `institution.changed`, …
    pub kind: String,
    /// Local ISO time with offset, by the server's clock.
    pub at: String,
    /// The same instant in Unix milliseconds.
    pub at_ms: i64,
    /// The request, its contract and SR number, when it is about one.
    pub request: Option<String>,
    pub contract: Option<String>,
    pub sr: Option<String>,
    /// A small JSON object (never a password or a token).
    pub detail: Value,
    /// The client's address.
    pub ip: Option<String>,
}

impl Entry {
    /// An entry at the server's clock's now.
    pub fn new(st: &AppState, who: &str, kind: &str, peer: &Peer) -> Entry {
        let zone = super::engine::zone(&st.data.catalog);
        let mut e = Entry::at_time(st.clock.now_ms(), &zone, who, kind);
        e.ip = peer.0.map(|ip| ip.to_string());
        e
    }

    /// An entry at `at_ms`, written in `zone`'s local time (to the second, with its
    /// offset).
    pub fn at_time(at_ms: i64, zone: &Zone, who: &str, kind: &str) -> Entry {
        let at = Timestamp::from_millisecond(at_ms.div_euclid(1000).saturating_mul(1000))
            .ok()
            .and_then(|ts| zone.format(zone.to_local(ts)).ok())
            .unwrap_or_else(|| at_ms.to_string());
        Entry {
            who: who.to_owned(),
            kind: kind.to_owned(),
            at,
            at_ms,
            request: None,
            contract: None,
            sr: None,
            detail: json!({}),
            ip: None,
        }
    }

    /// About request `r` (its id, contract and SR number).
    pub fn request(mut self, r: &RequestRow) -> Entry {
        self.request = Some(r.id.clone());
        self.contract = Some(r.filing.contract.clone());
        self.sr = Some(r.sr.clone());
        self
    }

    /// With `detail` (an object; its keys are added to those already there).
    pub fn detail(mut self, detail: Value) -> Entry {
        match (&mut self.detail, detail) {
            (Value::Object(mine), Value::Object(more)) => mine.extend(more),
            (mine, other) => *mine = other,
        }
        self
    }

    /// A submission's entry, once the request is judged and numbered.
    pub fn submitted(self, r: &RequestRow) -> Entry {
        self.request(r).detail(json!({
            "category": r.filing.category,
            "branch": r.filing.branch,
            "coverage": r.coverage,
            "severity": r.severity,
            "paid": r.filing.paid,
            "status": r.record.status,
        }))
    }

    /// A change's entry: the request as it now is, the status it left when it moved,
    /// and the event it stored.
    pub fn changed(self, before: &str, after: &RequestRow, event_id: &str) -> Entry {
        let mut e = self.request(after);
        if before != after.record.status {
            e = e.detail(json!({"from": before, "to": after.record.status}));
        }
        e.detail(json!({"event": event_id}))
    }
}

/// The chain's hash of a row: BLAKE2b-256 (hex) over a versioned, length-prefixed
/// encoding of every field and `prev_hash`, so that no two rows encode alike.
pub fn hash(seq: i64, e: &Entry, detail: &str, prev_hash: &str) -> String {
    let mut h = Blake2b::<U32>::new();
    h.update(b"covered-audit/1\n");
    let mut field = |v: Option<&str>| match v {
        None => h.update([0u8]),
        Some(s) => {
            h.update([1u8]);
            h.update((s.len() as u64).to_be_bytes());
            h.update(s.as_bytes());
        }
    };
    field(Some(&seq.to_string()));
    field(Some(&e.at));
    field(Some(&e.at_ms.to_string()));
    field(Some(&e.who));
    field(Some(&e.kind));
    field(e.request.as_deref());
    field(e.contract.as_deref());
    field(e.sr.as_deref());
    field(Some(detail));
    field(e.ip.as_deref());
    field(Some(prev_hash));
    h.finalize()
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            use std::fmt::Write;
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Appends `entry` to the chain inside `tx`, the transaction of the change it records
/// (call it last in the transaction: it holds the chain's head until commit). Returns
/// its sequence number.
///
/// # Errors
///
/// A database error (the caller rolls its change back with it).
pub async fn record(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    entry: Entry,
) -> Result<i64, sqlx::Error> {
    let head = sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
        .fetch_one(&mut **tx)
        .await?;
    let seq: i64 = head.try_get("seq")?;
    let prev: String = head.try_get("hash")?;
    let detail = entry.detail.to_string();
    let hash = hash(seq, &entry, &detail, &prev);
    sqlx::query(
        "INSERT INTO audit (seq, at, at_ms, who, kind, request, contract, sr, detail, ip, \
         prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(seq)
    .bind(&entry.at)
    .bind(entry.at_ms)
    .bind(&entry.who)
    .bind(&entry.kind)
    .bind(entry.request.clone())
    .bind(entry.contract.clone())
    .bind(entry.sr.clone())
    .bind(&detail)
    .bind(entry.ip.clone())
    .bind(&prev)
    .bind(&hash)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&hash)
        .execute(&mut **tx)
        .await?;
    Ok(seq)
}

/// Appends `entry` in a transaction of its own: for what changes nothing else (a failed
/// login).
///
/// # Errors
///
/// A database error (500).
pub async fn append(st: &AppState, entry: Entry) -> Result<i64, ApiError> {
    let e = |e: sqlx::Error| ApiError::internal("audit", e);
    let mut tx = st.store.begin().await.map_err(e)?;
    let seq = record(&mut tx, entry).await.map_err(e)?;
    tx.commit().await.map_err(e)?;
    Ok(seq)
}

// --- reading ---

/// A stored row.
#[derive(Debug, Clone)]
struct Stored {
    seq: i64,
    entry: Entry,
    detail: String,
    prev_hash: String,
    hash: String,
}

const COLUMNS: &str =
    "seq, at, at_ms, who, kind, request, contract, sr, detail, ip, prev_hash, hash";

fn stored_of(r: &AnyRow) -> Result<Stored, sqlx::Error> {
    let detail: String = r.try_get("detail")?;
    Ok(Stored {
        seq: r.try_get("seq")?,
        entry: Entry {
            who: r.try_get("who")?,
            kind: r.try_get("kind")?,
            at: r.try_get("at")?,
            at_ms: r.try_get("at_ms")?,
            request: r.try_get("request")?,
            contract: r.try_get("contract")?,
            sr: r.try_get("sr")?,
            detail: serde_json::from_str(&detail).unwrap_or(Value::Null),
            ip: r.try_get("ip")?,
        },
        detail,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

fn row_json(s: &Stored) -> Value {
    let e = &s.entry;
    json!({
        "seq": s.seq, "at": e.at, "at_ms": e.at_ms, "who": e.who, "kind": e.kind,
        "request": e.request, "contract": e.contract, "sr": e.sr, "detail": e.detail,
        "ip": e.ip, "prev_hash": s.prev_hash, "hash": s.hash,
    })
}

/// Which rows a listing shows.
#[derive(Debug, Default)]
struct Filter {
    request: Option<String>,
    who: Option<String>,
    kind: Option<String>,
    contract: Option<String>,
    /// `at_ms` at or after.
    from_ms: Option<i64>,
    /// `at_ms` before.
    to_ms: Option<i64>,
}

enum Bind {
    Text(String),
    Int(i64),
}

impl Filter {
    /// ` WHERE …` with its values.
    fn clause(&self) -> (String, Vec<Bind>) {
        let mut sql = String::from(" WHERE 1 = 1");
        let mut binds = Vec::new();
        for (column, v) in [
            ("request", &self.request),
            ("who", &self.who),
            ("kind", &self.kind),
            ("contract", &self.contract),
        ] {
            if let Some(v) = v {
                binds.push(Bind::Text(v.clone()));
                sql.push_str(&format!(" AND {column} = ${}", binds.len()));
            }
        }
        if let Some(ms) = self.from_ms {
            binds.push(Bind::Int(ms));
            sql.push_str(&format!(" AND at_ms >= ${}", binds.len()));
        }
        if let Some(ms) = self.to_ms {
            binds.push(Bind::Int(ms));
            sql.push_str(&format!(" AND at_ms < ${}", binds.len()));
        }
        (sql, binds)
    }
}

fn bound<'q>(
    sql: &'q str,
    binds: &'q [Bind],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let mut q = sqlx::query(sql);
    for b in binds {
        q = match b {
            Bind::Text(s) => q.bind(s.as_str()),
            Bind::Int(i) => q.bind(*i),
        };
    }
    q
}

/// Rows by sequence number (`limit` `None`: all), and how many match in all.
async fn rows(
    st: &AppState,
    f: &Filter,
    limit: Option<u32>,
    offset: u32,
) -> Result<(Vec<Stored>, i64), ApiError> {
    let e = |e: sqlx::Error| ApiError::internal("audit", e);
    let (clause, binds) = f.clause();
    let count_sql = format!("SELECT COUNT(*) AS n FROM audit{clause}");
    let total: i64 = bound(&count_sql, &binds)
        .fetch_one(st.store.read_pool())
        .await
        .and_then(|r| r.try_get("n"))
        .map_err(e)?;
    let mut sql = format!("SELECT {COLUMNS} FROM audit{clause} ORDER BY seq");
    if let Some(l) = limit {
        sql.push_str(&format!(" LIMIT {l} OFFSET {offset}"));
    }
    let rows = bound(&sql, &binds)
        .fetch_all(st.store.read_pool())
        .await
        .map_err(e)?
        .iter()
        .map(stored_of)
        .collect::<Result<Vec<_>, _>>()
        .map_err(e)?;
    Ok((rows, total))
}

// --- the API ---

type St = State<Arc<AppState>>;

/// The audit routes (mounted at `/api`): vendor staff only.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/audit", get(list))
        .route("/audit.csv", get(csv))
        .route("/requests/{id}/audit", get(of_request))
}

async fn vendor(st: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let p = caller(st, headers).await?;
    if p.is_vendor() {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "the audit trail is for the vendor's staff",
        ))
    }
}

/// A query's filters, each checked (unknown parameters named).
fn filter(
    st: &AppState,
    q: &BTreeMap<String, String>,
    paged: bool,
) -> Result<(Filter, u32, u32), ApiError> {
    let mut known = vec!["request", "account", "kind", "contract", "from", "to"];
    if paged {
        known.extend(["limit", "offset"]);
    }
    if let Some(unknown) = q.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(ApiError::field(
            unknown.clone(),
            format!("unknown parameter (expected {})", known.join(", ")),
        ));
    }
    let zone = super::engine::zone(&st.data.catalog);
    let instant = |name: &str, end: bool| -> Result<Option<i64>, ApiError> {
        let Some(s) = q.get(name) else {
            return Ok(None);
        };
        let local = if s.len() == 10 {
            // A whole day: `from` its start, `to` its end.
            let d = super::input::date(name, s)?;
            let d = if end {
                d.tomorrow()
                    .map_err(|e| ApiError::field(name, e.to_string()))?
            } else {
                d
            };
            d.to_datetime(covered_core::civil::Time::MIDNIGHT)
        } else {
            zone.parse_local(s).map_err(|e| {
                ApiError::field(
                    name,
                    format!("expected a date YYYY-MM-DD or a date-time YYYY-MM-DDTHH:MM[:SS]: {e}"),
                )
            })?
        };
        let local: DateTime = local;
        zone.to_timestamp(local)
            .map(|t| Some(t.as_millisecond()))
            .map_err(|e| ApiError::field(name, e.to_string()))
    };
    let number = |name: &str, default: u32, max: u32| match q.get(name) {
        None => Ok(default),
        Some(s) => s
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= max)
            .ok_or_else(|| ApiError::field(name, format!("expected a whole number 0–{max}"))),
    };
    let f = Filter {
        request: q.get("request").cloned(),
        who: q.get("account").cloned(),
        kind: q.get("kind").cloned(),
        contract: q.get("contract").cloned(),
        from_ms: instant("from", false)?,
        to_ms: instant("to", true)?,
    };
    Ok((
        f,
        number("limit", 100, 500)?,
        number("offset", 0, u32::MAX)?,
    ))
}

/// `GET /api/audit`: the trail by sequence number, filtered and paged.
async fn list(
    State(st): St,
    headers: HeaderMap,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, ApiError> {
    vendor(&st, &headers).await?;
    let (f, limit, offset) = filter(&st, &q, true)?;
    let (found, total) = rows(&st, &f, Some(limit), offset).await?;
    let items: Vec<Value> = found.iter().map(row_json).collect();
    Ok((
        StatusCode::OK,
        json_body(&json!({"audit": items, "total": total, "limit": limit, "offset": offset})),
    )
        .into_response())
}

/// `GET /api/requests/{id}/audit`: one request's entries (404 for an unknown request).
async fn of_request(
    State(st): St,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    vendor(&st, &headers).await?;
    let known = st
        .store
        .request(&id)
        .await
        .map_err(|e| ApiError::internal("request", e))?;
    if known.is_none() {
        return Err(ApiError::not_found("request"));
    }
    let f = Filter {
        request: Some(id.clone()),
        ..Filter::default()
    };
    let (found, _) = rows(&st, &f, None, 0).await?;
    let items: Vec<Value> = found.iter().map(row_json).collect();
    Ok((
        StatusCode::OK,
        json_body(&json!({"request": id, "audit": items})),
    )
        .into_response())
}

/// The CSV columns of `GET /api/audit.csv`.
pub const CSV_COLUMNS: [&str; 12] = [
    "seq",
    "at",
    "at_ms",
    "who",
    "kind",
    "request",
    "contract",
    "sr",
    "ip",
    "detail",
    "prev_hash",
    "hash",
];

/// `GET /api/audit.csv`: the same rows and filters, every match, as CSV.
async fn csv(
    State(st): St,
    headers: HeaderMap,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, ApiError> {
    vendor(&st, &headers).await?;
    let (f, _, _) = filter(&st, &q, false)?;
    let (found, _) = rows(&st, &f, None, 0).await?;
    let mut out = String::new();
    covered_core::csv::line(&mut out, &CSV_COLUMNS);
    for s in &found {
        let e = &s.entry;
        let cells = [
            s.seq.to_string(),
            e.at.clone(),
            e.at_ms.to_string(),
            e.who.clone(),
            e.kind.clone(),
            e.request.clone().unwrap_or_default(),
            e.contract.clone().unwrap_or_default(),
            e.sr.clone().unwrap_or_default(),
            e.ip.clone().unwrap_or_default(),
            s.detail.clone(),
            s.prev_hash.clone(),
            s.hash.clone(),
        ];
        covered_core::csv::line(&mut out, &cells);
    }
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"audit.csv\"",
            ),
        ],
        out,
    )
        .into_response())
}

// --- `covered audit verify` ---

/// Why `covered audit` failed.
#[derive(Debug)]
pub enum Failure {
    /// Bad usage or a database that can't be read (exit 2).
    Usage(String),
    /// The chain is broken (exit 1).
    Broken(String),
}

/// `covered audit verify`: walks the chain of the database at `url`.
///
/// # Errors
///
/// [`Failure`].
pub fn verify_main(url: &str) -> Result<String, Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Usage(format!("cannot start the runtime: {e}")))?;
    runtime.block_on(verify(url))
}

/// A read-only connection URL for `url`.
fn read_only(url: &str) -> Result<String, Failure> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(url.to_owned());
    }
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let path = rest.split('?').next().unwrap_or(rest);
    if rest.contains("://") || path.is_empty() {
        return Err(Failure::Usage(format!(
            "--db {url:?}: expected postgres://…, sqlite://<file> or a file path"
        )));
    }
    if !std::path::Path::new(path).is_file() {
        return Err(Failure::Usage(format!("--db {url}: no such database file")));
    }
    Ok(format!("sqlite://{path}?mode=ro"))
}

fn what(s: &Stored) -> String {
    let e = &s.entry;
    let mut w = format!("{}, {} by {}", e.at, e.kind, e.who);
    if let Some(sr) = &e.sr {
        w.push_str(&format!(" on {sr}"));
    }
    w
}

/// Walks the chain of the database at `url`.
///
/// # Errors
///
/// [`Failure::Broken`] naming the first entry that does not fit; [`Failure::Usage`] for
/// a database that can't be read.
pub async fn verify(url: &str) -> Result<String, Failure> {
    sqlx::any::install_default_drivers();
    let conn_url = read_only(url)?;
    let shown = super::store::redact(url);
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(&conn_url)
        .await
        .map_err(|e| Failure::Usage(format!("cannot open {shown}: {e}")))?;
    let result = walk(&pool, &shown).await;
    pool.close().await;
    result
}

async fn walk(pool: &sqlx::AnyPool, shown: &str) -> Result<String, Failure> {
    let unreadable = |e: sqlx::Error| {
        Failure::Usage(format!(
            "{shown}: cannot read the audit trail ({e}); a database from before schema 6 \
             has none: start covered serve on it once"
        ))
    };
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_optional(pool)
        .await
        .map_err(unreadable)?;
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM audit ORDER BY seq"))
        .fetch_all(pool)
        .await
        .map_err(unreadable)?;
    let mut prev: Option<Stored> = None;
    let mut count: i64 = 0;
    for r in &rows {
        let s = stored_of(r).map_err(unreadable)?;
        let expected = prev.as_ref().map_or(1, |p| p.seq.saturating_add(1));
        let ok_before = prev.as_ref().map_or(0, |p| p.seq);
        if s.seq != expected {
            return Err(Failure::Broken(format!(
                "audit trail broken at entry {expected}: it is missing (deleted) — entry {ok_before} \
                 is followed by entry {} ({}); entries 1–{ok_before} are intact",
                s.seq,
                what(&s)
            )));
        }
        if hash(s.seq, &s.entry, &s.detail, &s.prev_hash) != s.hash {
            return Err(Failure::Broken(format!(
                "audit trail broken at entry {} ({}): its fields do not match its hash (the entry \
                 was altered); entries 1–{ok_before} are intact",
                s.seq,
                what(&s)
            )));
        }
        let prev_hash = prev.as_ref().map_or(GENESIS, |p| p.hash.as_str());
        if s.prev_hash != prev_hash {
            let message = match &prev {
                Some(p) => format!(
                    "audit trail broken at entry {} ({}): entry {} records another hash for it \
                     (entry {} was altered and its hash recomputed, or moved); entries 1–{} are \
                     intact",
                    p.seq,
                    what(p),
                    s.seq,
                    p.seq,
                    p.seq.saturating_sub(1)
                ),
                None => format!(
                    "audit trail broken at entry {} ({}): the first entry does not start the \
                     chain (entries before it were removed)",
                    s.seq,
                    what(&s)
                ),
            };
            return Err(Failure::Broken(message));
        }
        count = count.saturating_add(1);
        prev = Some(s);
    }
    let (head_seq, head_hash): (i64, String) = match &head {
        Some(h) => (
            h.try_get("seq").map_err(unreadable)?,
            h.try_get("hash").map_err(unreadable)?,
        ),
        None => {
            return Err(Failure::Broken(
                "audit trail broken: its head row (audit_head) is missing".to_owned(),
            ));
        }
    };
    let (last_seq, last_hash) = prev
        .as_ref()
        .map_or((0, GENESIS), |p| (p.seq, p.hash.as_str()));
    if head_seq != last_seq || head_hash != last_hash {
        return Err(Failure::Broken(if head_seq > last_seq {
            format!(
                "audit trail broken at entry {}: it is missing (deleted) — the trail ends at entry \
                 {last_seq} but {head_seq} were written; entries 1–{last_seq} are intact",
                last_seq.saturating_add(1)
            )
        } else {
            format!(
                "audit trail broken at entry {last_seq}: the head (audit_head: entry {head_seq}) \
                 does not match the last entry (it was altered or added outside the server)"
            )
        }));
    }
    Ok(format!(
        "{count} entries, chain intact\nlast hash {last_hash}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_and_the_previous_hash_change_the_hash() {
        let zone = Zone::seoul();
        let e = Entry::at_time(1_795_400_000_750, &zone, "vendor", "login");
        let base = hash(1, &e, "{}", GENESIS);
        assert_eq!(base.len(), 64);
        let mut other = e.clone();
        other.who = "vendo".into();
        other.kind = "rlogin".into();
        assert_ne!(hash(1, &other, "{}", GENESIS), base);
        let mut none_vs_empty = e.clone();
        none_vs_empty.ip = Some(String::new());
        assert_ne!(hash(1, &none_vs_empty, "{}", GENESIS), base);
        assert_ne!(hash(2, &e, "{}", GENESIS), base);
        assert_ne!(hash(1, &e, "{ }", GENESIS), base);
        assert_ne!(hash(1, &e, "{}", &base), base);
        assert_eq!(e.at, "2026-11-23T11:13:20+09:00", "local, to the second");
    }
}
