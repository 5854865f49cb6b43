//! A filed request's timed events: the warnings at each SLA clock's thresholds (the
//! notification policy's `warn_at`, or a clock's own; 100 % is the breach) and the
//! escalation steps of its severity (the catalog's `$.escalations`, told to whom the
//! policy says), each at the time its calendar and the request's pauses give, as the
//! request's lifecycle [`Record`] stands.
//!
//! [`events`] is pure: it takes `now` and says which events are due and which one comes
//! next. A pause moves the events after it later (a running pause counts up to `now`,
//! so nothing after it falls due while the request waits on the customer); a clock that
//! stopped fires nothing from then on, and a resolved request no further escalation.
//! Each event has a stable [`TimedEvent::key`] — the request, the clock or step, the
//! threshold — so whoever acts on them (`covered serve`'s outbox) acts once.

use crate::calendar::CalendarError;
use crate::civil::DateTime;
use crate::compliance;
use crate::contract::notify::{Notifications, Recipient};
use crate::contract::{Catalog, ClockOn, Contract, Id, PastRequest, Span};
use crate::i18n::Text;
use crate::lifecycle::{self, Record, Timing};
use crate::sla;
use crate::words::{self, Param};
use serde::Serialize;

/// What a timed event is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum What {
    /// A share of a running clock's time has elapsed.
    Warning {
        /// Clock id.
        clock: Id,
        /// Clock name.
        clock_name: Text,
        /// The threshold, in percent of the clock's time (below 100).
        percent: u8,
        /// When the clock is due.
        due: DateTime,
    },
    /// A clock ran past its due (its 100 % threshold).
    Breach {
        /// Clock id.
        clock: Id,
        /// Clock name.
        clock_name: Text,
        /// When it was due.
        due: DateTime,
    },
    /// An escalation step of the request's severity.
    Escalation {
        /// The step's number among its severity's steps, from 1.
        step: u32,
        /// After how long.
        after: Span,
        /// What happens (the catalog's words).
        action: Text,
        /// Who is told.
        notify: Vec<Recipient>,
    },
    /// The incident report of a restored fault was not filed in time
    /// (`notifications.json`'s `incident_report`; see [`crate::incident`]).
    Report {
        /// When the fault was restored (the resolution).
        restored: DateTime,
        /// How many hours after it the report was due.
        within_hours: u32,
        /// When it was due.
        due: DateTime,
        /// Who is told.
        notify: Vec<Recipient>,
    },
}

/// One timed event of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimedEvent {
    /// Stable across recomputations: `{request}/warning/{clock}/{percent}`,
    /// `{request}/breach/{clock}`, `{request}/escalation/{step}` or `{request}/report`.
    pub key: String,
    /// When it happens (local time).
    pub at: DateTime,
    /// When it happens, ISO-8601 with the calendar's offset.
    pub at_iso: String,
    /// It has happened by `now`.
    pub due: bool,
    /// What it is.
    #[serde(flatten)]
    pub what: What,
    /// What it is, in words.
    pub text: Text,
}

/// A request's timed events at `now`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Events {
    /// Every event that has happened or will, by time (then key); events that can no
    /// longer happen (after their clock stopped, or after the resolution) are left out.
    pub events: Vec<TimedEvent>,
    /// The first event not yet due. While the request waits on the customer its time
    /// is as if it resumed at `now`: it moves later as long as the pause lasts.
    pub next: Option<TimedEvent>,
    /// The request waits on the customer: its clocks stand still.
    pub paused: bool,
}

impl Events {
    /// No events (paid work, cancelled or refused requests, no severity or tier).
    pub fn none() -> Events {
        Events {
            events: Vec::new(),
            next: None,
            paused: false,
        }
    }

    /// The events due by `now`.
    pub fn due(&self) -> impl Iterator<Item = &TimedEvent> {
        self.events.iter().filter(|e| e.due)
    }
}

/// The timed events of `request` (filed under `contract`, living as `record` says) at
/// `now`: each clock's warnings and breach at the thresholds of `policy`, and its
/// severity's escalation steps, told to whom `policy` says. None
/// for paid work, cancelled or refused requests, or without a severity or tier.
///
/// A warning at `p` % falls where `p` % of the clock's business minutes from receipt
/// to due (pauses excluded) have run, on the clock's calendar; the breach at the due
/// itself, due once `now` is past it (a clock stopped at its due is met). An event
/// falls due at its time, unless its clock stopped first (the first reply stops a
/// response clock; the resolution every clock) or, for an escalation step, the request
/// was resolved first.
///
/// # Errors
///
/// When a calendar can't run a clock.
pub fn events(
    catalog: &Catalog,
    policy: &Notifications,
    contract: &Contract,
    request: &PastRequest,
    record: &Record,
    now: DateTime,
) -> Result<Events, CalendarError> {
    let (Some(tier), Some(severity)) = (catalog.tier(&contract.tier), &request.severity) else {
        return Ok(Events::none());
    };
    if compliance::has_no_clocks(catalog, request) {
        return Ok(Events::none());
    }
    let timing = Timing {
        tier,
        severity,
        received: request.submitted,
    };
    let pauses = record.pauses_until(now);
    let id = &request.id;
    let mut out = Vec::new();
    for c in lifecycle::clocks(catalog, timing, record, now)? {
        let d = &c.deadline;
        let Some(def) = catalog.calendars.get(&d.calendar) else {
            continue;
        };
        let cal = &def.calendar;
        let total = cal.elapsed(timing.received, d.due, &pauses)?.minutes;
        for &p in policy.warn_at(&d.clock) {
            let (at, what, key) = if p >= 100 {
                let what = What::Breach {
                    clock: d.clock.clone(),
                    clock_name: d.name.clone(),
                    due: d.due,
                };
                (d.due, what, format!("{id}/breach/{}", d.clock))
            } else {
                let share = total
                    .saturating_mul(i64::from(p))
                    .saturating_add(99)
                    .div_euclid(100);
                let at = cal
                    .add_minutes(timing.received, share, &pauses)?
                    .due
                    .min(d.due);
                let what = What::Warning {
                    clock: d.clock.clone(),
                    clock_name: d.name.clone(),
                    percent: p,
                    due: d.due,
                };
                (at, what, format!("{id}/warning/{}/{p}", d.clock))
            };
            // A clock stopped at (or before) the event's time fires it no more.
            if c.stopped.is_some_and(|s| s <= at) {
                continue;
            }
            let due = match what {
                What::Breach { .. } => now > at,
                _ => now >= at,
            };
            out.push(event(cal.zone(), key, at, due, what));
        }
    }
    let steps = catalog
        .escalations
        .iter()
        .filter(|e| e.severity == *severity);
    for (n, step) in (1u32..).zip(steps) {
        let cal_id = match &step.on {
            ClockOn::Calendar(c) => c.as_str(),
            ClockOn::Tier => tier.calendar.as_str(),
        };
        let Some(def) = catalog.calendars.get(cal_id) else {
            continue;
        };
        let at = sla::run(&def.calendar, timing.received, step.after, &pauses)?.due;
        if record.resolved.is_some_and(|r| r <= at) {
            continue;
        }
        let what = What::Escalation {
            step: n,
            after: step.after,
            action: step.action.clone(),
            notify: policy.notify(severity, n).to_vec(),
        };
        let key = format!("{id}/escalation/{n}");
        out.push(event(def.calendar.zone(), key, at, now >= at, what));
    }
    crate::sort::sort_by_key(&mut out, |e| (e.at, e.key.clone()));
    let next = out.iter().find(|e| !e.due).cloned();
    Ok(Events {
        events: out,
        next,
        paused: record.paused_since.is_some(),
    })
}

/// The incident report's timed event of `request` at `now`: due when the report the
/// policy asks of its severity is not filed `within_hours` after the restore (the
/// resolution). `None` when the policy asks none of it, before its resolution, or once
/// the report is `filed` (the caller knows; this stays pure). Key `{request}/report`.
pub fn report_event(
    catalog: &Catalog,
    policy: &Notifications,
    request: &PastRequest,
    record: &Record,
    filed: bool,
    now: DateTime,
) -> Option<TimedEvent> {
    if filed {
        return None;
    }
    let p = policy.incident_report.as_ref()?;
    let zone = crate::contract::catalog_zone(catalog);
    let due = crate::incident::due(catalog, p, request.severity.as_deref(), record)?;
    let restored = record.resolved?;
    let what = What::Report {
        restored,
        within_hours: p.within_hours,
        due,
        notify: p.notify.clone(),
    };
    let key = format!("{}/report", request.id);
    Some(event(&zone, key, due, now >= due, what))
}

impl Events {
    /// These events with `e` among them (by time, then key), the next one again.
    pub fn with(mut self, e: Option<TimedEvent>) -> Events {
        if let Some(e) = e {
            self.events.push(e);
            crate::sort::sort_by_key(&mut self.events, |e| (e.at, e.key.clone()));
            self.next = self.events.iter().find(|e| !e.due).cloned();
        }
        self
    }
}

fn event(
    zone: &crate::calendar::Zone,
    key: String,
    at: DateTime,
    due: bool,
    what: What,
) -> TimedEvent {
    TimedEvent {
        text: text(&what),
        at_iso: zone.format(at).unwrap_or_else(|_| at.to_string()),
        key,
        at,
        due,
        what,
    }
}

/// How an event is said: a warning, a breach, an escalation step (Korean, English).
/// Only the server says these, so they live here, not with the engine's words.
pub const CLOCK_WARNING: [&str; 2] = [
    "{clock_name} 시간 {percent}% 경과",
    "{percent} % of the {clock_name} time elapsed",
];
/// See [`CLOCK_WARNING`].
pub const CLOCK_BREACH: [&str; 2] = ["{clock_name} 기한 초과", "{clock_name} deadline breached"];
/// See [`CLOCK_WARNING`].
pub const ESCALATION_STEP: [&str; 2] = [
    "에스컬레이션 {step}단계: {action}",
    "escalation step {step}: {action}",
];

/// See [`CLOCK_WARNING`].
pub const REPORT_OVERDUE: [&str; 2] = [
    "장애 보고서 기한 초과 (복구 후 {within_hours}시간)",
    "incident report overdue ({within_hours} h after the restore)",
];

/// An event in words (`응답 시간 50% 경과`, `escalation step 1: …`).
pub fn text(what: &What) -> Text {
    match what {
        What::Warning {
            clock_name,
            percent,
            ..
        } => words::own_text(
            CLOCK_WARNING,
            &[
                ("clock_name", Param::Name(clock_name)),
                ("percent", Param::Count(u32::from(*percent))),
            ],
        ),
        What::Breach { clock_name, .. } => {
            words::own_text(CLOCK_BREACH, &[("clock_name", Param::Name(clock_name))])
        }
        What::Escalation { step, action, .. } => words::own_text(
            ESCALATION_STEP,
            &[
                ("step", Param::Count(*step)),
                ("action", Param::Name(action)),
            ],
        ),
        What::Report { within_hours, .. } => words::own_text(
            REPORT_OVERDUE,
            &[("within_hours", Param::Count(*within_hours))],
        ),
    }
}
