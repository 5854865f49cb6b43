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
    /// The customer left the request unanswered for the policy's period
    /// (`close_unanswered`): it moves on by itself.
    Close {
        /// The status it waited in.
        from: Id,
        /// The status it moves to.
        to: Id,
        /// That status's name.
        to_name: Text,
        /// After how many calendar days.
        after_days: u32,
    },
}

/// One timed event of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimedEvent {
    /// Stable across recomputations: `{request}/warning/{clock}/{percent}`,
    /// `{request}/breach/{clock}`, `{request}/escalation/{step}`, `{request}/report` or
    /// `{request}/close`.
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
    let mut out = Vec::new();
    if let Some(e) = close_event(catalog, policy, &request.id, record, now) {
        out.push(e);
    }
    let (Some(tier), Some(severity)) = (catalog.tier(&contract.tier), &request.severity) else {
        return Ok(finish(out, record));
    };
    if compliance::has_no_clocks(catalog, request) {
        return Ok(finish(out, record));
    }
    let timing = Timing {
        tier,
        severity,
        received: request.submitted,
    };
    let pauses = record.pauses_until(now);
    let id = &request.id;
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
    Ok(finish(out, record))
}

/// The events by time (then key), with the first not yet due.
fn finish(mut out: Vec<TimedEvent>, record: &Record) -> Events {
    crate::sort::sort_by_key(&mut out, |e| (e.at, e.key.clone()));
    let next = out.iter().find(|e| !e.due).cloned();
    Events {
        events: out,
        next,
        paused: record.paused_since.is_some(),
    }
}

/// The policy's close of a request left unanswered, while the request is in the status
/// it waits in: at the policy's number of calendar days after it entered that status
/// (the same time of day, in the catalog's zone); none once it has left it (the
/// customer confirmed or reopened it, or the close was made).
fn close_event(
    catalog: &Catalog,
    policy: &Notifications,
    id: &str,
    record: &Record,
    now: DateTime,
) -> Option<TimedEvent> {
    let c = policy.close_unanswered.as_ref()?;
    if record.status != c.from {
        return None;
    }
    let date = record
        .since
        .date()
        .checked_add_days(i64::from(c.after_days))?;
    let at = DateTime::from_parts(date, record.since.time());
    let to_name = catalog
        .lifecycle
        .as_ref()
        .and_then(|lc| lc.status(&c.to))
        .map_or_else(|| Text::same(&c.to), |s| s.name.clone());
    let what = What::Close {
        from: c.from.clone(),
        to: c.to.clone(),
        to_name,
        after_days: c.after_days,
    };
    let zone = crate::contract::catalog_zone(catalog);
    Some(event(&zone, format!("{id}/close"), at, now >= at, what))
}

/// The move the policy's close makes on `record` at `now`, when it has fallen due:
/// the lifecycle's move to the policy's status, by the customer when the lifecycle lets
/// the customer make it (the close stands for the confirmation they did not give), else
/// by the vendor, with the close's words as its note. Apply it with
/// [`lifecycle::apply`], like any move.
pub fn closing(
    catalog: &Catalog,
    policy: &Notifications,
    record: &Record,
    now: DateTime,
) -> Option<(lifecycle::Action, lifecycle::Actor)> {
    let e = close_event(catalog, policy, "", record, now).filter(|e| e.due)?;
    let What::Close { to, .. } = &e.what else {
        return None;
    };
    let lc = catalog.lifecycle.as_ref()?;
    let mv = lc
        .moves
        .iter()
        .find(|m| m.from == record.status && m.to == *to)?;
    let by = if mv.by.contains(&lifecycle::Actor::Customer) {
        lifecycle::Actor::Customer
    } else {
        lifecycle::Actor::Vendor
    };
    let note = format!("{} / {}", e.text.ko, e.text.en);
    let action = lifecycle::Action::Move {
        to: to.clone(),
        note: Some(note),
    };
    Some((action, by))
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

/// See [`CLOCK_WARNING`].
pub const CLOSE_UNANSWERED: [&str; 2] = [
    "{after_days}일 동안 답이 없어 자동 {to_name}",
    "{to_name} automatically: no answer within {after_days} days",
];

/// How a calendar feed names a request's clock due (`covered serve`'s
/// `/api/calendar/<token>.ics`): the customer, the SR number, the clock.
pub const CALENDAR_DUE: [&str; 2] = [
    "{customer} {sr} · {clock_name} 기한",
    "{customer} {sr} · {clock_name} due",
];
/// How a calendar feed names a contract's last day.
pub const CALENDAR_CONTRACT_END: [&str; 2] = [
    "{customer} 유지보수 계약 만료 (갱신)",
    "{customer} maintenance contract ends (renewal)",
];

/// A request's clock due in a calendar's words (`한빛시립도서관 SR-2026-0001 · 응답 기한`).
pub fn calendar_due(customer: &Text, sr: &str, clock_name: &Text) -> Text {
    words::own_text(
        CALENDAR_DUE,
        &[
            ("customer", Param::Name(customer)),
            ("sr", Param::Str(sr)),
            ("clock_name", Param::Name(clock_name)),
        ],
    )
}

/// A contract's last day in a calendar's words.
pub fn calendar_contract_end(customer: &Text) -> Text {
    words::own_text(
        CALENDAR_CONTRACT_END,
        &[("customer", Param::Name(customer))],
    )
}

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
        What::Close {
            to_name,
            after_days,
            ..
        } => words::own_text(
            CLOSE_UNANSWERED,
            &[
                ("to_name", Param::Name(to_name)),
                ("after_days", Param::Count(*after_days)),
            ],
        ),
    }
}
