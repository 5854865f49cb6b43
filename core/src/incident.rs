//! The incident report (장애 보고서): after a fault of a severity the notification policy
//! names (`notifications.json`'s `incident_report`) is restored, the vendor writes a
//! report within a number of hours — its summary (장애 개요), impact (영향범위), cause
//! (원인 분석), the actions by time (대응 경과), the restore time (복구 시간) and the
//! follow-up (후속 조치, 재발 방지대책).
//!
//! [`requirement`] says whether a request needs one and by when (the resolution plus
//! `within_hours`, in wall-clock hours; before the resolution it is not yet due);
//! [`draft`] prefills a report from the request's life, for the vendor to finish. The
//! timed event of a late report is [`crate::timed::report_event`]. Pure: the caller
//! passes the time and whether the report was filed.

use crate::civil::DateTime;
use crate::contract::notify::{IncidentReportPolicy, Notifications};
use crate::contract::{Catalog, Id};
use crate::i18n::{Lang, Text};
use crate::lifecycle::Record;
use crate::words::{self, Param};
use serde::{Serialize, Serializer};

/// When the report of a request of `severity`, living as `record` says, is due under
/// `policy`: `within_hours` after its resolution (in the catalog's zone, so that a
/// change of offset in between counts as the clock on the wall does). `None` when the
/// policy asks none of its severity, or before it is resolved.
pub fn due(
    catalog: &Catalog,
    policy: &IncidentReportPolicy,
    severity: Option<&str>,
    record: &Record,
) -> Option<DateTime> {
    if !policy.applies_to(severity) {
        return None;
    }
    let restored = record.resolved?;
    let zone = crate::contract::catalog_zone(catalog);
    let seconds = i64::from(policy.within_hours).checked_mul(3600)?;
    match zone.to_timestamp(restored) {
        Ok(t) => {
            let later = crate::civil::Timestamp::new(
                t.as_second().checked_add(seconds)?,
                t.subsec_nanosecond(),
            )
            .ok()?;
            Some(zone.to_local(later))
        }
        Err(_) => restored.checked_add_seconds(seconds),
    }
}

/// Whether a request needs an incident report, and by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Requirement {
    /// The policy asks a report of its severity.
    pub required: bool,
    /// How many hours after the restore it is due (`None` when not required).
    pub within_hours: Option<u32>,
    /// When it is due (local time): `None` when not required or not yet restored.
    pub due: Option<DateTime>,
    /// The same, ISO-8601 with the zone's offset.
    pub due_iso: Option<String>,
    /// Due and not filed by `now`.
    pub overdue: bool,
    /// When it is due, in words (`복구 후 24시간 이내`, `due by 2026-11-24 14:00 …`).
    pub text: Text,
}

/// How the due of a report is said.
pub const NOT_REQUIRED: [&str; 2] = ["장애 보고서 대상 아님", "no incident report required"];
/// See [`NOT_REQUIRED`].
pub const DUE_AFTER_RESTORE: [&str; 2] = [
    "복구 후 {within_hours}시간 이내 작성",
    "due {within_hours} h after the restore",
];
/// See [`NOT_REQUIRED`].
pub const DUE_BY: [&str; 2] = [
    "{due}까지 작성 (복구 후 {within_hours}시간)",
    "due by {due} ({within_hours} h after the restore)",
];

/// Whether the request (of `severity`, living as `record` says) needs a report under
/// `policy`, by when, and whether it is overdue at `now` (never once `filed`).
pub fn requirement(
    catalog: &Catalog,
    policy: &Notifications,
    severity: Option<&str>,
    record: &Record,
    filed: bool,
    now: DateTime,
) -> Requirement {
    let Some(p) = policy
        .incident_report
        .as_ref()
        .filter(|p| p.applies_to(severity))
    else {
        return Requirement {
            required: false,
            within_hours: None,
            due: None,
            due_iso: None,
            overdue: false,
            text: words::own_text(NOT_REQUIRED, &[]),
        };
    };
    let due = due(catalog, p, severity, record);
    let hours = ("within_hours", Param::Count(p.within_hours));
    let text = match due {
        Some(d) => {
            let shown = d.to_minute_string().replacen('T', " ", 1);
            words::own_text(DUE_BY, &[hours, ("due", Param::Str(&shown))])
        }
        None => words::own_text(DUE_AFTER_RESTORE, &[hours]),
    };
    let zone = crate::contract::catalog_zone(catalog);
    Requirement {
        required: true,
        within_hours: Some(p.within_hours),
        due,
        due_iso: due.and_then(|d| zone.format(d).ok()),
        overdue: !filed && due.is_some_and(|d| now >= d),
        text,
    }
}

/// One line of a report's timeline: what was done at a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineEntry {
    /// When (local time, to the minute: `2026-11-23T10:00`).
    #[serde(serialize_with = "minute")]
    pub at: DateTime,
    /// What.
    pub text: String,
}

/// An incident report: filed, or a draft to finish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// 장애 개요: what happened.
    pub summary: String,
    /// 영향범위: who and what it stopped.
    pub impact: String,
    /// 원인 분석: why.
    pub cause: String,
    /// 대응 경과: the actions by time.
    pub timeline: Vec<TimelineEntry>,
    /// 복구 시간: when it was restored (local time, to the minute).
    #[serde(serialize_with = "opt_minute")]
    pub restored_at: Option<DateTime>,
    /// 후속 조치, 재발 방지대책: what follows, and how it is kept from happening again.
    pub follow_up: String,
}

fn minute<S: Serializer>(t: &DateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.to_minute_string())
}

fn opt_minute<S: Serializer>(t: &Option<DateTime>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&t.to_minute_string()),
        None => s.serialize_none(),
    }
}

/// The request a report is about, as filed.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// SR number.
    pub sr: &'a str,
    /// Its title.
    pub title: &'a str,
    /// What the customer wrote.
    pub details: &'a str,
    /// Its severity id.
    pub severity: Option<&'a str>,
    /// Product id and version.
    pub product: &'a str,
    /// See `product`.
    pub version: &'a str,
    /// When it was received.
    pub received: DateTime,
}

/// Something that happened to the request, for the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Happening<'a> {
    /// Its status changed to `to`, with the vendor's or the customer's note.
    Moved {
        /// The new status id.
        to: &'a str,
        /// The note given with the move.
        note: Option<&'a str>,
    },
    /// An escalation step fell due (the outbox holds it).
    Escalated {
        /// The step's number.
        step: u32,
        /// What it does.
        action: &'a Text,
    },
}

/// A [`Happening`] at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Happened<'a> {
    /// When.
    pub at: DateTime,
    /// What.
    pub what: Happening<'a>,
}

/// How a draft's lines are said.
pub const RECEIVED: [&str; 2] = ["장애 접수: {sr} {title}", "fault received: {sr} {title}"];
/// See [`RECEIVED`].
pub const FIRST_REPLY: [&str; 2] = ["최초 응답", "first reply"];
/// See [`RECEIVED`].
pub const MOVED: [&str; 2] = ["상태 변경: {status}", "status: {status}"];
/// See [`RECEIVED`].
pub const MOVED_WITH_NOTE: [&str; 2] =
    ["상태 변경: {status} — {note}", "status: {status} — {note}"];
/// See [`RECEIVED`].
pub const IMPACT: [&str; 2] = [
    "심각도: {severity}\n제품: {product} {version}",
    "Severity: {severity}\nProduct: {product} {version}",
];

/// A report prefilled from the request's life, in `lang`: the summary from its title
/// and details, the impact from its severity and product, the timeline from its
/// receipt, the first reply (`record.responded`), each status change with its note and
/// each escalation step that fell due (`happened`, in any order), and the restore time
/// (the resolution). The cause and the follow-up are the vendor's to write.
pub fn draft(
    catalog: &Catalog,
    subject: &Subject<'_>,
    record: &Record,
    happened: &[Happened<'_>],
    lang: Lang,
) -> Report {
    let say = |t: Text| t.get(lang).to_owned();
    let status_name = |id: &str| -> Text {
        catalog
            .lifecycle
            .as_ref()
            .and_then(|l| l.status(id))
            .map_or_else(|| Text::same(id), |s| s.name.clone())
    };
    // (when, order among equal times, line)
    let mut lines: Vec<(DateTime, u8, String)> = vec![(
        subject.received,
        0,
        say(words::own_text(
            RECEIVED,
            &[
                ("sr", Param::Str(subject.sr)),
                ("title", Param::Str(subject.title)),
            ],
        )),
    )];
    if let Some(at) = record.responded {
        lines.push((at, 1, say(words::own_text(FIRST_REPLY, &[]))));
    }
    for h in happened {
        let text = match &h.what {
            Happening::Moved { to, note } => {
                let name = status_name(to);
                match note.map(str::trim).filter(|n| !n.is_empty()) {
                    Some(n) => words::own_text(
                        MOVED_WITH_NOTE,
                        &[("status", Param::Name(&name)), ("note", Param::Str(n))],
                    ),
                    None => words::own_text(MOVED, &[("status", Param::Name(&name))]),
                }
            }
            Happening::Escalated { step, action } => words::own_text(
                crate::timed::ESCALATION_STEP,
                &[
                    ("step", Param::Count(*step)),
                    ("action", Param::Name(action)),
                ],
            ),
        };
        lines.push((h.at, 2, say(text)));
    }
    crate::sort::sort_by_key(&mut lines, |l| (l.0, l.1));
    let summary = match subject.details.trim() {
        "" => subject.title.to_owned(),
        d => format!("{}\n{d}", subject.title),
    };
    let severity: Text = subject
        .severity
        .map(|s| {
            catalog
                .severity(s)
                .map_or_else(|| Text::same(s), |d| d.name.clone())
        })
        .unwrap_or_else(|| Text::same("-"));
    let impact = say(words::own_text(
        IMPACT,
        &[
            ("severity", Param::Name(&severity)),
            ("product", Param::Str(subject.product)),
            ("version", Param::Str(subject.version)),
        ],
    ));
    Report {
        summary,
        impact,
        cause: String::new(),
        timeline: lines
            .into_iter()
            .map(|(at, _, text)| TimelineEntry { at, text })
            .collect(),
        restored_at: record.resolved,
        follow_up: String::new(),
    }
}

/// The ids a report's policy names, for messages (`critical`).
pub fn severities(policy: &Notifications) -> Vec<Id> {
    policy
        .incident_report
        .as_ref()
        .map(|p| p.severities.clone())
        .unwrap_or_default()
}
