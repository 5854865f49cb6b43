//! SLA clocks: the response, restore and any further deadline of a request, computed on
//! the calendar each target runs on, with a trace a person can follow; and the
//! escalation times of its severity.

use crate::calendar::{Calendar, CalendarError, Deadline, Pause, Trace};
use crate::civil::DateTime;
use crate::contract::{Catalog, ClockOn, Id, Span, Tier};
use crate::i18n::{Lang, Text};
use serde::Serialize;

/// One computed deadline.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeadlineAnswer {
    /// Clock id (`response`, `restore`, …).
    pub clock: Id,
    /// Clock name.
    pub name: Text,
    /// The target.
    pub within: Span,
    /// The target in words (`4시간` / `4 h`).
    pub within_text: Text,
    /// The calendar it ran on.
    pub calendar: Id,
    /// That calendar's name.
    pub calendar_name: Text,
    /// When it is due (local time).
    pub due: DateTime,
    /// When it is due, ISO-8601 with the calendar's offset.
    pub due_at: String,
    /// The steps of the clock.
    pub trace: Trace,
    /// The steps in words.
    pub explain: Text,
    /// Why the target is what it is.
    pub why: Option<Text>,
}

/// One escalation step with its time.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EscalationAnswer {
    /// When it happens (local time).
    pub at: DateTime,
    /// When it happens, ISO-8601 with the calendar's offset.
    pub at_iso: String,
    /// After how long.
    pub after: Span,
    /// What happens.
    pub action: Text,
}

/// Runs a span on a calendar from `start`.
///
/// # Errors
///
/// When the calendar has no business time or the due lies out of range.
pub fn run(
    calendar: &Calendar,
    start: DateTime,
    span: Span,
    pauses: &[Pause],
) -> Result<Deadline, CalendarError> {
    match span {
        Span::Minutes(m) => calendar.add_minutes(start, i64::from(m), pauses),
        Span::Hours(h) => calendar.add_minutes(start, i64::from(h).saturating_mul(60), pauses),
        Span::BusinessDays(d) => calendar.add_business_days(start, i64::from(d), pauses),
    }
}

/// The calendar id a target runs on for `tier`, or `upgrade` when a temporary
/// upgrade replaces the tier's window.
fn calendar_id<'a>(on: &'a ClockOn, tier: &'a Tier, upgrade: Option<&'a str>) -> &'a str {
    match on {
        ClockOn::Tier => upgrade.unwrap_or(&tier.calendar),
        ClockOn::Calendar(id) => id,
    }
}

/// Every clock's deadline for a request of `severity` under `tier`, received at
/// `received`. With `upgrade`, targets that run on the tier's window run on that
/// calendar instead (the temporary 24-hour upgrade).
///
/// # Errors
///
/// When a calendar can't run the clock (no business time, out of range).
pub fn deadlines(
    catalog: &Catalog,
    tier: &Tier,
    severity: &str,
    received: DateTime,
    pauses: &[Pause],
    upgrade: Option<&str>,
) -> Result<Vec<DeadlineAnswer>, CalendarError> {
    let mut out = Vec::with_capacity(catalog.clocks.len());
    for clock in &catalog.clocks {
        let Some(target) = catalog.target(severity, &tier.id, &clock.id) else {
            continue;
        };
        let cal_id = calendar_id(&target.on, tier, upgrade);
        let Some(def) = catalog.calendars.get(cal_id) else {
            continue;
        };
        let d = run(&def.calendar, received, target.within, pauses)?;
        out.push(DeadlineAnswer {
            clock: clock.id.clone(),
            name: clock.name.clone(),
            within: target.within,
            within_text: Text::new(target.within.label(Lang::Ko), target.within.label(Lang::En)),
            calendar: cal_id.to_owned(),
            calendar_name: def.name.clone(),
            due: d.due,
            due_at: def
                .calendar
                .zone()
                .format(d.due)
                .unwrap_or_else(|_| d.due.to_string()),
            explain: Text::new(d.trace.render(Lang::Ko), d.trace.render(Lang::En)),
            trace: d.trace,
            why: target.why.clone(),
        });
    }
    Ok(out)
}

/// The escalation steps of `severity`, with their times.
///
/// # Errors
///
/// When a calendar can't run the clock.
pub fn escalations(
    catalog: &Catalog,
    tier: &Tier,
    severity: &str,
    received: DateTime,
    pauses: &[Pause],
) -> Result<Vec<EscalationAnswer>, CalendarError> {
    let mut out = Vec::new();
    for e in catalog
        .escalations
        .iter()
        .filter(|e| e.severity == severity)
    {
        let cal_id = calendar_id(&e.on, tier, None);
        let Some(def) = catalog.calendars.get(cal_id) else {
            continue;
        };
        let d = run(&def.calendar, received, e.after, pauses)?;
        out.push(EscalationAnswer {
            at_iso: def
                .calendar
                .zone()
                .format(d.due)
                .unwrap_or_else(|_| d.due.to_string()),
            at: d.due,
            after: e.after,
            action: e.action.clone(),
        });
    }
    Ok(out)
}
