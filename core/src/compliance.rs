//! SLA compliance of past requests: each clock's due under a tier, recomputed with the
//! deadlines engine, against when the clock actually stopped.
//!
//! When a clock stops, from a history record, as the catalog's clock says (`stops`):
//! - a first-reply clock (`response`) stops at `responded`;
//! - every other clock (`restore`, `first_analysis`, …) stops at `restored`, or at
//!   `completed` when `restored` is not recorded.
//!
//! Dues are computed with the record's pauses (waiting on the customer). Cancelled and
//! refused requests, requests without a severity, and paid work (paid requests and
//! change-request categories, which run on their own quoted schedule) are not
//! measured.

use crate::calendar::CalendarError;
use crate::civil::DateTime;
use crate::contract::{Catalog, ClockStop, Id, PastRequest, RequestKind, RequestStatus, Tier};
use crate::i18n::Text;
use crate::sla;
use serde::Serialize;

/// When `clock` stopped for `request`, per the module's rules.
pub fn stopped_at(catalog: &Catalog, request: &PastRequest, clock: &str) -> Option<DateTime> {
    let stops = catalog
        .clocks
        .iter()
        .find(|c| c.id == clock)
        .map_or(ClockStop::Resolution, |c| c.stops);
    match stops {
        ClockStop::FirstReply => request.responded,
        ClockStop::Resolution => request.restored.or(request.completed),
    }
}

/// How one clock of one request came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Stopped on or before its due.
    Met,
    /// Stopped after its due, or still running past it at the time of the report.
    Breached,
    /// Still running and not yet due at the time of the report.
    Running,
    /// The history does not say when it stopped.
    NotMeasured,
}

/// One clock of one past request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClockCheck {
    /// Clock id.
    pub clock: Id,
    /// Clock name.
    pub name: Text,
    /// The target in words.
    pub within: Text,
    /// The calendar it ran on.
    pub calendar: Id,
    /// When it was due.
    pub due: DateTime,
    /// When it stopped, if recorded.
    pub stopped: Option<DateTime>,
    /// How it came out.
    pub outcome: Outcome,
    /// Wall-clock minutes past the due (breached clocks that stopped).
    pub late_minutes: Option<i64>,
}

/// Whether `request` runs no clocks at all: paid work (a change request, or filed as
/// paid) and cancelled or refused requests.
pub(crate) fn has_no_clocks(catalog: &Catalog, request: &PastRequest) -> bool {
    request.paid
        || catalog
            .category(&request.category)
            .is_some_and(|c| c.kind == RequestKind::ChangeRequest)
        || matches!(
            request.status,
            RequestStatus::Cancelled | RequestStatus::Refused
        )
}

/// Every clock of `request` under `tier`, judged at `as_of` (a still-running clock
/// past its due at `as_of` is breached; without `as_of` it is [`Outcome::Running`]).
/// Empty for cancelled or refused requests, requests without a severity, and paid
/// work.
///
/// # Errors
///
/// When a calendar can't run a clock.
pub fn check(
    catalog: &Catalog,
    tier: &Tier,
    request: &PastRequest,
    as_of: Option<DateTime>,
) -> Result<Vec<ClockCheck>, CalendarError> {
    if has_no_clocks(catalog, request) {
        return Ok(Vec::new());
    }
    let Some(severity) = &request.severity else {
        return Ok(Vec::new());
    };
    let dues = sla::deadlines(
        catalog,
        tier,
        severity,
        request.submitted,
        &request.pauses,
        None,
    )?;
    Ok(dues
        .into_iter()
        .map(|d| {
            let stopped = stopped_at(catalog, request, &d.clock);
            let (outcome, late_minutes) = match stopped {
                Some(s) if s <= d.due => (Outcome::Met, None),
                Some(s) => (Outcome::Breached, Some(d.due.minutes_until(s))),
                None if request.status == RequestStatus::Open => match as_of {
                    Some(now) if now > d.due => (Outcome::Breached, None),
                    _ => (Outcome::Running, None),
                },
                None => (Outcome::NotMeasured, None),
            };
            ClockCheck {
                clock: d.clock,
                name: d.name,
                within: d.within_text,
                calendar: d.calendar,
                due: d.due,
                stopped,
                outcome,
                late_minutes,
            }
        })
        .collect())
}
