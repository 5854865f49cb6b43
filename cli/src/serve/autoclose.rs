//! The close of a request the customer left unanswered (the notification policy's
//! `close_unanswered`, covered-core's `timed` event `{request}/close`): when the
//! scheduler finds it due, it makes the lifecycle's move the core names
//! (`timed::closing`) through the same change as a caller's (`routes::apply_action`), in
//! one transaction with the event's outbox row, the request's event (by [`SYSTEM`], its
//! body the core's words) and its audit entry (who: [`SYSTEM`], last). It reads the
//! request again under the change's locks: a customer who confirmed or reopened it
//! first has answered, and nothing is closed. Once made, the request has left the status
//! the close waits in, so the core computes no close again: a restart neither loses nor
//! repeats it (and its outbox key is unique).

use super::AppState;
use super::audit::Entry;
use super::engine;
use super::error::ApiError;
use super::routes::{Change, apply_action};
use axum::http::StatusCode;
use covered_core::civil::DateTime;
use covered_core::timed::{self, What};
use serde_json::json;

/// The account the server's own changes are recorded under (events and audit entries).
pub const SYSTEM: &str = "system";

/// The code of the refusal that ends a close the request no longer calls for.
const NOT_DUE: &str = "close_not_due";

/// The account [`SYSTEM`] for the events the server writes itself (an event names an
/// account): a customer account of no institution, whose password hash no password
/// matches, so no one logs in as it; added once.
async fn system_account(st: &AppState, now_ms: i64) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO accounts (login, name, role, institution, branch, password_hash, created_ms) \
         VALUES ($1, $2, 'customer', NULL, NULL, '!', $3) ON CONFLICT (login) DO NOTHING",
    )
    .bind(SYSTEM)
    .bind("자동 처리 (system)")
    .bind(now_ms)
    .execute(st.store.writer())
    .await
    .map_err(|e| ApiError::internal("close", e))?;
    Ok(())
}

/// Closes request `id` if, read again in the change's transaction, its close has fallen
/// due at `now`: `Ok(true)` when it did, `Ok(false)` when it is not (any more) due.
///
/// # Errors
///
/// A database error, or the lifecycle's refusal of the move (data changed under it).
pub async fn close(st: &AppState, id: &str, now: DateTime, now_ms: i64) -> Result<bool, ApiError> {
    let data = &st.data;
    let Some(policy) = &data.notifications else {
        return Ok(false);
    };
    system_account(st, now_ms).await?;
    let zone = engine::zone(&data.catalog);
    let audit = Entry::at_time(now_ms, &zone, SYSTEM, "request.status")
        .detail(json!({"automatic": "close_unanswered"}));
    let done = st
        .store
        .update(id, audit, |r| {
            let not_due = || ApiError::new(StatusCode::CONFLICT, NOT_DUE, "not due");
            let (action, by) =
                timed::closing(&data.catalog, policy, &r.record, now).ok_or_else(not_due)?;
            let events = engine::timed_events(data, &r, now)?;
            let close = events
                .due()
                .find(|e| matches!(e.what, What::Close { .. }))
                .ok_or_else(not_due)?;
            let row = engine::outbox_row(data, &r, close, now_ms)?;
            let body = match &action {
                covered_core::lifecycle::Action::Move { note, .. } => note.clone(),
                _ => None,
            };
            let change = Change {
                by,
                account: SYSTEM.to_owned(),
                kind: "status",
                body,
            };
            let (r, event, mut due, _) = apply_action(data, r, &action, change, now, now_ms)?;
            due.push(row);
            Ok((r, event, due))
        })
        .await;
    match done {
        Ok(_) => Ok(true),
        Err(e) if e.code == NOT_DUE || e.status == StatusCode::NOT_FOUND => Ok(false),
        Err(e) => Err(e),
    }
}
