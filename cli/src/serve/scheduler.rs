//! The scheduler: acts on the times covered-core computes. At each timed event's time
//! (a clock's warning or breach, an escalation step — `covered_core::timed`), by the
//! server's clock, it writes the event to the outbox; at the close of a request the
//! customer left unanswered, it makes the close with its outbox row (`autoclose.rs`). Every pass recomputes each open
//! request's events from its record as it stands, so a pause moves them later and a
//! stopped clock or a resolution drops them; each is written under the core's stable
//! key, unique in the table, so an event is written exactly once — after a restart,
//! after SIGKILL between two transactions, or by two servers on one database.
//!
//! Between passes it waits until the next event's time (reading the clock four times a
//! second, so that `--now` and the tests' clock are followed), until a request is filed
//! or changes (at most one such pass a second), or at most [`RESCAN`]. A status change
//! writes what fell due before it itself (`routes::act`), so no change overtakes a pass.
//!
//! A late incident report (`incident.rs`) is looked for among the restored requests
//! whose report is neither filed nor written late yet, whatever their status: a resolved
//! request's status is no longer open.

use super::AppState;
use super::autoclose;
use super::engine;
use super::error::ApiError;
use covered_core::contract::RequestStatus;
use covered_core::timed::{TimedEvent, What};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The longest wait between two passes.
const RESCAN: Duration = Duration::from_secs(30);
/// How often the clock is read while waiting.
const POLL: Duration = Duration::from_millis(250);
/// The shortest gap between two passes that a change (rather than an event's time)
/// brings on: under a load of submissions, at most one pass a second.
const AFTER_CHANGE: Duration = Duration::from_secs(1);
/// How many requests' due events one transaction writes.
const BATCH: usize = 50;

/// What one pass did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    /// Outbox rows added.
    pub written: u64,
    /// When (Unix ms) the next event falls due, if any is to come.
    pub next_ms: Option<i64>,
}

/// One pass: every open request's events recomputed at the clock's now, the due ones
/// not yet in the outbox written, [`BATCH`] requests a transaction.
///
/// # Errors
///
/// A database error (a request whose events can't be computed is skipped and logged).
pub async fn run_due(st: &AppState) -> Result<Pass, ApiError> {
    let now_ms = st.clock.now_ms();
    let now = engine::local(&st.data, now_ms)?;
    let lc = engine::lifecycle(&st.data)?;
    let mut open: Vec<String> = lc
        .statuses
        .iter()
        .filter(|s| s.kind == RequestStatus::Open)
        .map(|s| s.id.clone())
        .collect();
    // A request the policy closes when left unanswered waits in a status of its own
    // (`resolved`: not open, its clocks stopped) until then.
    if let Some(c) = st
        .data
        .notifications
        .as_ref()
        .and_then(|p| p.close_unanswered.as_ref())
        && !open.contains(&c.from)
    {
        open.push(c.from.clone());
    }
    let rows = st
        .store
        .requests_in(&open)
        .await
        .map_err(|e| ApiError::internal("scheduler", e))?;
    let mut next_ms: Option<i64> = None;
    let mut due: Vec<(String, Vec<String>)> = Vec::new();
    let mut closes: Vec<String> = Vec::new();
    for r in &rows {
        let events = match engine::timed_events(&st.data, r, now) {
            Ok(e) => e,
            Err(_) => continue,
        };
        if let Some(n) = &events.next {
            // A breach is due once its minute has passed.
            let after = if matches!(n.what, What::Breach { .. }) {
                60_000
            } else {
                0
            };
            if let Ok(ms) = engine::millis(&st.data, n.at) {
                let ms = ms.saturating_add(after);
                next_ms = Some(next_ms.map_or(ms, |m| m.min(ms)));
            }
        }
        // A due close is a change of the request, made below with its outbox row.
        if events.due().any(is_close) {
            closes.push(r.id.clone());
        }
        let keys: Vec<String> = events
            .due()
            .filter(|e| !is_close(e))
            .map(|e| e.key.clone())
            .collect();
        if !keys.is_empty() {
            due.push((r.id.clone(), keys));
        }
    }
    let ids: Vec<String> = due.iter().map(|(id, _)| id.clone()).collect();
    let written = st
        .store
        .outbox_keys(&ids)
        .await
        .map_err(|e| ApiError::internal("scheduler", e))?;
    let todo: Vec<String> = due
        .into_iter()
        .filter(|(_, keys)| keys.iter().any(|k| !written.contains(k)))
        .map(|(id, _)| id)
        .collect();
    let mut added = 0;
    for batch in todo.chunks(BATCH) {
        added += st
            .store
            .write_due(batch, |row| {
                // Recomputed from the row as the transaction reads it.
                let Ok(events) = engine::timed_events(&st.data, row, now) else {
                    return Ok(Vec::new());
                };
                events
                    .due()
                    .filter(|e| !is_close(e))
                    .map(|e| engine::outbox_row(&st.data, row, e, now_ms))
                    .collect()
            })
            .await?;
    }
    for id in &closes {
        if autoclose::close(st, id, now, now_ms).await? {
            added += 1;
        }
    }
    let (reports, report_next) = super::incident::run_due(st, now_ms, now).await?;
    if let Some(ms) = report_next {
        next_ms = Some(next_ms.map_or(ms, |m| m.min(ms)));
    }
    Ok(Pass {
        written: added + reports,
        next_ms,
    })
}

/// The close of a request left unanswered (`autoclose.rs` makes it).
fn is_close(e: &TimedEvent) -> bool {
    matches!(e.what, What::Close { .. })
}

/// Runs passes until the task is aborted (when the server stops).
pub async fn run(st: Arc<AppState>) {
    loop {
        let started = Instant::now();
        let next_ms = match run_due(&st).await {
            Ok(pass) => pass.next_ms,
            // Logged already; try again after a while.
            Err(_) => None,
        };
        loop {
            if next_ms.is_some_and(|n| st.clock.now_ms() >= n) || started.elapsed() >= RESCAN {
                break;
            }
            let changed = tokio::select! {
                () = st.changed.notified() => true,
                () = tokio::time::sleep(POLL) => false,
            };
            if changed {
                tokio::time::sleep(AFTER_CHANGE.saturating_sub(started.elapsed())).await;
                break;
            }
        }
    }
}
