//! Each account's calendar feed: `GET /api/calendar/<token>.ics`, an iCalendar file a
//! calendar app fetches without a session, holding one event per SLA clock still running
//! of the requests the account follows — a customer's: the open requests of its
//! contracts it may see; vendor staff's: the open requests assigned to them (the desk's
//! assignee) — at the due covered-core computes for it now (the SR page's and the
//! desk's), and each of its contracts' last day (the renewal) as an all-day event, in the
//! account's language. UIDs are stable (`{request}/{clock}@covered`,
//! `{contract}/end@covered`), so a calendar app updates what it has rather than adding.
//!
//! The token (32 random bytes, base64url) is the feed's only key: `POST
//! /api/settings/calendar` makes one (replacing the account's last) and shows it once,
//! `DELETE` revokes it; only its SHA-256 is stored and the feed is looked up by it, so an
//! unknown token is a plain 404 that says nothing of the others.

use super::AppState;
use super::audit::{self, Entry, Peer};
use super::engine;
use super::error::ApiError;
use super::routes::{caller_of, changer, json_response};
use super::store::{ListFilter, RequestRow, Role};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use covered_core::contract::RequestStatus;
use covered_core::i18n::Lang;
use covered_core::{notify, timed};
use icalendar::{Calendar, Component};
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::Row;
use std::sync::Arc;

type St = State<Arc<AppState>>;

/// The feed's routes (under `/api`).
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/settings/calendar", post(create).delete(revoke))
        .route("/calendar/{file}", get(feed))
}

/// The hex SHA-256 of a feed token: what the database keeps.
fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new token: 32 random bytes, base64url without padding (43 characters).
fn new_token() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Whether `login` has a feed (`GET /api/settings`'s `calendar`).
///
/// # Errors
///
/// A database error.
pub async fn has_feed(st: &AppState, login: &str) -> Result<bool, ApiError> {
    let row = sqlx::query("SELECT account FROM calendar_feeds WHERE account = $1")
        .bind(login)
        .fetch_optional(st.store.reader())
        .await
        .map_err(|e| ApiError::internal("calendar", e))?;
    Ok(row.is_some())
}

/// `POST /api/settings/calendar`: a new feed token for the caller, replacing any other;
/// `201 {"calendar_url"}` (absolute with `--portal-url`, else relative). Its only
/// showing: the server keeps its hash.
async fn create(State(st): St, peer: Peer, headers: HeaderMap) -> Result<Response, ApiError> {
    let p = changer(&st, &headers).await?;
    let token = new_token();
    let login = &p.account.login;
    let replaced = has_feed(&st, login).await?;
    let e = |e: sqlx::Error| ApiError::internal("calendar", e);
    let mut tx = st.store.begin().await.map_err(e)?;
    sqlx::query(
        "INSERT INTO calendar_feeds (account, token_hash, created_ms) VALUES ($1, $2, $3) \
         ON CONFLICT (account) DO UPDATE SET token_hash = excluded.token_hash, \
         created_ms = excluded.created_ms",
    )
    .bind(login)
    .bind(token_hash(&token))
    .bind(st.clock.now_ms())
    .execute(&mut *tx)
    .await
    .map_err(e)?;
    let action = if replaced { "replaced" } else { "created" };
    let entry = Entry::new(&st, login, "account.calendar", &peer).detail(json!({"feed": action}));
    audit::record(&mut tx, entry).await.map_err(e)?;
    tx.commit().await.map_err(e)?;
    let url = format!("{}/api/calendar/{token}.ics", st.portal);
    Ok(json_response(
        StatusCode::CREATED,
        &json!({ "calendar_url": url }),
    ))
}

/// `DELETE /api/settings/calendar`: the caller's feed revoked (its URL answers 404 from
/// now on); 204, whether or not there was one.
async fn revoke(State(st): St, peer: Peer, headers: HeaderMap) -> Result<Response, ApiError> {
    let p = changer(&st, &headers).await?;
    let login = &p.account.login;
    let e = |e: sqlx::Error| ApiError::internal("calendar", e);
    let mut tx = st.store.begin().await.map_err(e)?;
    let gone = sqlx::query("DELETE FROM calendar_feeds WHERE account = $1")
        .bind(login)
        .execute(&mut *tx)
        .await
        .map_err(e)?;
    if gone.rows_affected() > 0 {
        let entry =
            Entry::new(&st, login, "account.calendar", &peer).detail(json!({"feed": "revoked"}));
        audit::record(&mut tx, entry).await.map_err(e)?;
    }
    tx.commit().await.map_err(e)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /api/calendar/<token>.ics`: the feed of the account the token belongs to.
async fn feed(State(st): St, Path(file): Path<String>) -> Result<Response, ApiError> {
    let not_found = || ApiError::not_found("calendar");
    let token = file.strip_suffix(".ics").ok_or_else(not_found)?;
    let row = sqlx::query("SELECT account FROM calendar_feeds WHERE token_hash = $1")
        .bind(token_hash(token))
        .fetch_optional(st.store.reader())
        .await
        .map_err(|e| ApiError::internal("calendar", e))?
        .ok_or_else(not_found)?;
    let login: String = row
        .try_get("account")
        .map_err(|e| ApiError::internal("calendar", e))?;
    let (account, _) = st
        .store
        .account(&login)
        .await
        .map_err(|e| ApiError::internal("calendar", e))?
        .ok_or_else(not_found)?;
    let lang = st
        .store
        .contact(&login)
        .await
        .ok()
        .and_then(|c| Lang::parse(&c.language))
        .unwrap_or_default();
    let p = caller_of(&st, account, String::new(), String::new());
    let rows = followed(&st, &p).await?;
    let text = ics(&st, &p.contracts, &rows, lang)?;
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "private, max-age=300"),
        ],
        text,
    )
        .into_response())
}

/// The open requests the account follows: a customer's, those of its contracts (and
/// branch) it may see; vendor staff's, those assigned to them.
async fn followed(st: &AppState, p: &super::auth::Principal) -> Result<Vec<RequestRow>, ApiError> {
    let lc = engine::lifecycle(&st.data)?;
    let e = |e: sqlx::Error| ApiError::internal("calendar", e);
    let rows = if p.account.role == Role::Vendor {
        let ids: Vec<String> = sqlx::query("SELECT id FROM requests WHERE assignee = $1")
            .bind(&p.account.login)
            .fetch_all(st.store.reader())
            .await
            .map_err(e)?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<Result<_, _>>()
            .map_err(e)?;
        st.store.requests_by_id(&ids).await.map_err(e)?
    } else {
        let f = ListFilter {
            contracts: Some(&p.contracts),
            branch: p.account.branch.as_deref(),
            status: None,
            limit: 10_000,
            offset: 0,
        };
        st.store.requests(&f).await.map_err(e)?
    };
    let mut rows: Vec<RequestRow> = rows
        .into_iter()
        .filter(|r| p.sees_request(&r.filing.contract, r.filing.branch.as_deref()))
        .filter(|r| lc.kind(&r.record.status) == RequestStatus::Open)
        .collect();
    rows.sort_by(|a, b| (a.submitted, &a.id).cmp(&(b.submitted, &b.id)));
    Ok(rows)
}

/// The feed's text: each running clock of `rows` at its due, then each of `contracts`'
/// last day.
fn ics(
    st: &AppState,
    contracts: &[String],
    rows: &[RequestRow],
    lang: Lang,
) -> Result<String, ApiError> {
    let data = &st.data;
    let now = engine::local(data, st.clock.now_ms())?;
    let mut cal = Calendar::new();
    cal.name(match lang {
        Lang::Ko => "Covered 기한",
        Lang::En => "Covered deadlines",
    });
    for r in rows {
        let Some(contract) = data.contract(&r.filing.contract) else {
            continue;
        };
        let clocks = engine::clocks(
            data,
            contract,
            r.severity.as_deref(),
            r.submitted,
            &r.record,
            now,
        )?;
        let link = format!(
            "{}{}",
            st.portal,
            notify::sr_path(&r.filing.contract, &r.sr)
        );
        for c in clocks.iter().filter(|c| c.stopped.is_none()) {
            let d = &c.deadline;
            let Some(mut event) = crate::ics::at_instant(engine::millis(data, d.due)?) else {
                continue;
            };
            let summary = timed::calendar_due(&contract.institution, &r.sr, &d.name);
            let event = event
                .uid(&format!("{}/{}@covered", r.id, d.clock))
                .summary(summary.get(lang))
                .description(&format!("{}\n{link}", r.filing.title))
                .url(&link)
                .done();
            cal.push(event);
        }
    }
    for id in contracts {
        let Some(c) = data.contract(id) else {
            continue;
        };
        let Some(mut event) = crate::ics::all_day(c.end) else {
            continue;
        };
        let summary = timed::calendar_contract_end(&c.institution);
        let event = event
            .uid(&format!("{id}/end@covered"))
            .summary(summary.get(lang))
            .done();
        cal.push(event);
    }
    Ok(cal.done().to_string())
}
