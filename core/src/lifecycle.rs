//! A request's life after it is filed, as the catalog's `lifecycle` defines it: the
//! statuses, the moves between them and who may make each, what the SLA clocks do in
//! each status, reopening as rework, and the customer's rating.
//!
//! [`apply`] is the one place a request moves: it takes a request's [`Record`] and an
//! [`Action`] by an [`Actor`] at a time, and returns the new record with the events the
//! action caused, or a typed [`Refusal`]. [`clocks`] says where each SLA clock of a
//! record stands. `covered serve`, the portal and the JS API call them; none of them
//! keeps a status list of its own.

use crate::calendar::{CalendarError, Pause};
use crate::civil::DateTime;
use crate::contract::{Catalog, ClockStop, Id, PastRequest, RequestStatus, Tier};
use crate::i18n::Text;
use crate::sla::{self, DeadlineAnswer};
use serde::{Deserialize, Serialize};

pub use crate::contract::lifecycle::{Actor, Clocks, Lifecycle, Move, SatisfactionRule, StatusDef};

impl Lifecycle {
    /// A new record for a request filed at `at`.
    pub fn start(&self, at: DateTime) -> Record {
        let paused = self
            .status(&self.initial)
            .is_some_and(|s| s.clocks == Clocks::Pause);
        Record {
            status: self.initial.clone(),
            since: at,
            responded: None,
            resolved: None,
            closed: None,
            paused_since: paused.then_some(at),
            pauses: Vec::new(),
            rework: false,
            satisfaction: None,
        }
    }

    /// `entry` (a filed request's identity: id, category, submission, severity…) with
    /// what `record` says of its life: how it counts, when it was answered and
    /// completed, its pauses, rework and complaint.
    pub fn past_request(&self, record: &Record, mut entry: PastRequest) -> PastRequest {
        entry.status = self.kind(&record.status);
        entry.completed = match entry.status {
            RequestStatus::Completed => record.resolved.or(Some(record.since)),
            _ => None,
        };
        entry.responded = record.responded;
        entry.rework = record.rework;
        entry.complaint = record
            .satisfaction
            .as_ref()
            .is_some_and(|s| self.is_complaint(s));
        entry.pauses = record.pauses.clone();
        entry
    }

    /// Whether `s` counts as a complaint for CSI.
    pub fn is_complaint(&self, s: &Satisfaction) -> bool {
        s.complaint
            || s.rating
                .is_some_and(|r| r <= self.satisfaction.complaint_at_or_below)
    }
}

/// The customer's word on a resolved request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Satisfaction {
    /// The rating, 1 to the lifecycle's scale.
    #[serde(default)]
    pub rating: Option<u8>,
    /// What they said.
    #[serde(default)]
    pub comment: Option<String>,
    /// A complaint, whatever the rating.
    #[serde(default)]
    pub complaint: bool,
    /// When they said it.
    pub at: DateTime,
}

/// Where a filed request stands: what [`apply`] reads and returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "RequestRecord"))]
pub struct Record {
    /// Status id.
    pub status: Id,
    /// When it entered that status.
    pub since: DateTime,
    /// The vendor's first reply (a move or a comment): the first-reply clocks stop here.
    #[serde(default)]
    pub responded: Option<DateTime>,
    /// When its clocks stopped (the last resolution; cleared when reopened).
    #[serde(default)]
    pub resolved: Option<DateTime>,
    /// When it reached a status with no move out.
    #[serde(default)]
    pub closed: Option<DateTime>,
    /// Since when its clocks stand still, while they do.
    #[serde(default)]
    pub paused_since: Option<DateTime>,
    /// Finished stretches of standing still.
    #[serde(default)]
    pub pauses: Vec<Pause>,
    /// Reopened after its resolution (rework).
    #[serde(default)]
    pub rework: bool,
    /// The customer's rating or complaint.
    #[serde(default)]
    pub satisfaction: Option<Satisfaction>,
}

impl Record {
    /// The pauses with the one still running closed at `now`.
    pub fn pauses_until(&self, now: DateTime) -> Vec<Pause> {
        let mut out = self.pauses.clone();
        if let Some(since) = self.paused_since
            && let Ok(p) = Pause::new(since, now)
        {
            out.push(p);
        }
        out
    }
}

/// What is done to a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// Move it to status `to`, with an optional note.
    Move {
        /// Target status id.
        to: Id,
        /// Why.
        #[serde(default)]
        note: Option<String>,
    },
    /// A comment on it (the vendor's first one is the first reply).
    Reply,
    /// The customer rates the resolution.
    Rate {
        /// 1 to the lifecycle's scale.
        rating: u8,
        /// What they said.
        #[serde(default)]
        comment: Option<String>,
    },
    /// The customer complains about the handling.
    Complain {
        /// What about.
        comment: String,
    },
}

/// Something an action caused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Event {
    /// The status changed.
    Moved {
        /// Status before.
        from: Id,
        /// Status after.
        to: Id,
    },
    /// The vendor replied for the first time: the first-reply clocks stopped.
    Responded,
    /// The clocks stopped running (waiting on the customer).
    Paused,
    /// The clocks run again after standing still for `minutes` wall-clock minutes.
    Resumed {
        /// Wall-clock minutes the pause lasted.
        minutes: i64,
    },
    /// The request is resolved: every clock has stopped.
    Resolved,
    /// It reached a status with no move out.
    Closed,
    /// A resolved request was reopened; `rework` when within the data's period.
    Reopened {
        /// Counts as rework.
        rework: bool,
    },
    /// The customer rated it.
    Rated {
        /// The rating.
        rating: u8,
        /// It counts as a complaint.
        complaint: bool,
    },
    /// The customer complained.
    Complained,
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "LifecycleRefusal"))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Refusal {
    /// The catalog defines no lifecycle (`$.lifecycle`): requests can't be filed.
    NoLifecycle,
    /// The record's status is not in the lifecycle (the data changed under it).
    UnknownStatus {
        /// The stored status.
        status: Id,
    },
    /// The target is not a status of the lifecycle.
    NotAStatus {
        /// What was asked for.
        to: Id,
        /// Every status.
        known: Vec<Id>,
    },
    /// No such move from the request's status, or not by this actor.
    NotAllowed {
        /// Status now.
        from: Id,
        /// What was asked for.
        to: Id,
        /// Who asked.
        by: Actor,
        /// The statuses `by` may move it to.
        allowed: Vec<Id>,
    },
    /// The move needs a note.
    NoteRequired {
        /// What was asked for.
        to: Id,
    },
    /// Too long after the resolution to reopen: file a new request.
    ReopenPeriodOver {
        /// When it was resolved.
        resolved: DateTime,
        /// The period, in calendar days.
        days: u32,
    },
    /// Only the customer rates or complains.
    CustomerOnly,
    /// Ratings are for resolved requests.
    NotResolved {
        /// Status now.
        status: Id,
    },
    /// The rating is outside 1 to the scale.
    RatingOutOfRange {
        /// What was given.
        rating: u8,
        /// The best rating.
        scale: u8,
    },
}

impl Refusal {
    /// The code as the API names it (`not_allowed`).
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::NoLifecycle => "no_lifecycle",
            Refusal::UnknownStatus { .. } => "unknown_status",
            Refusal::NotAStatus { .. } => "not_a_status",
            Refusal::NotAllowed { .. } => "not_allowed",
            Refusal::NoteRequired { .. } => "note_required",
            Refusal::ReopenPeriodOver { .. } => "reopen_period_over",
            Refusal::CustomerOnly => "customer_only",
            Refusal::NotResolved { .. } => "not_resolved",
            Refusal::RatingOutOfRange { .. } => "rating_out_of_range",
        }
    }

    /// The refusal in words (the lifecycle's names for the statuses it mentions).
    pub fn text(&self, lc: Option<&Lifecycle>) -> Text {
        use crate::words::{self, Param};
        let name = |id: &str| {
            lc.and_then(|l| l.status(id))
                .map_or_else(|| Text::same(id), |s| s.name.clone())
        };
        let names = |ids: &[Id]| {
            let ko: Vec<String> = ids.iter().map(|i| name(i).ko).collect();
            let en: Vec<String> = ids.iter().map(|i| name(i).en).collect();
            if ids.is_empty() {
                Text::new("없음", "none")
            } else {
                Text::new(ko.join(", "), en.join(", "))
            }
        };
        let code = self.code();
        match self {
            Refusal::NoLifecycle | Refusal::CustomerOnly => words::text(code, &[]),
            Refusal::UnknownStatus { status } => {
                words::text(code, &[("status", Param::Str(status))])
            }
            Refusal::NotAStatus { to, known } => {
                let known = names(known);
                words::text(
                    code,
                    &[("to", Param::Str(to)), ("known_names", Param::Name(&known))],
                )
            }
            Refusal::NotAllowed {
                from,
                to,
                by,
                allowed,
            } => {
                let (from, to, allowed) = (name(from), name(to), names(allowed));
                let by = match by {
                    Actor::Customer => &words::CUSTOMER,
                    Actor::Vendor => &words::VENDOR,
                };
                words::text(
                    code,
                    &[
                        ("by", Param::Word(by)),
                        ("from_name", Param::Name(&from)),
                        ("to_name", Param::Name(&to)),
                        ("allowed_names", Param::Name(&allowed)),
                    ],
                )
            }
            Refusal::NoteRequired { to } => {
                let to = name(to);
                words::text(code, &[("to_name", Param::Name(&to))])
            }
            Refusal::ReopenPeriodOver { resolved, days } => {
                let resolved = resolved.to_string();
                words::text(
                    code,
                    &[
                        ("resolved", Param::Str(&resolved)),
                        ("days", Param::Count(*days)),
                    ],
                )
            }
            Refusal::NotResolved { status } => {
                let status = name(status);
                words::text(code, &[("status_name", Param::Name(&status))])
            }
            Refusal::RatingOutOfRange { rating, scale } => words::text(
                code,
                &[
                    ("rating", Param::Count(u32::from(*rating))),
                    ("scale", Param::Count(u32::from(*scale))),
                ],
            ),
        }
    }
}

/// A record after an action, with what the action caused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Applied {
    /// The new record.
    pub record: Record,
    /// What happened, in order.
    pub events: Vec<Event>,
}

/// Applies `action` by `by` at `at` to `record` under the catalog's lifecycle.
///
/// # Errors
///
/// A [`Refusal`] saying why the action can't be taken; `record` is unchanged.
pub fn apply(
    catalog: &Catalog,
    record: &Record,
    action: &Action,
    by: Actor,
    at: DateTime,
) -> Result<Applied, Refusal> {
    let lc = catalog.lifecycle.as_ref().ok_or(Refusal::NoLifecycle)?;
    let from = lc
        .status(&record.status)
        .ok_or_else(|| Refusal::UnknownStatus {
            status: record.status.clone(),
        })?;
    let mut next = record.clone();
    let mut events = Vec::new();
    match action {
        Action::Move { to, note } => {
            let mv = find_move(lc, from, to, by)?;
            if mv.note_required && note.as_deref().is_none_or(|n| n.trim().is_empty()) {
                return Err(Refusal::NoteRequired { to: to.clone() });
            }
            if mv.reopen
                && let (Some(resolved), Some(days)) = (record.resolved, lc.rework_within_days)
                && resolved
                    .date()
                    .checked_add_days(i64::from(days))
                    .is_some_and(|last| at.date() > last)
            {
                return Err(Refusal::ReopenPeriodOver { resolved, days });
            }
            if by == Actor::Vendor {
                respond(&mut next, &mut events, at);
            }
            let target = lc.status(to).ok_or_else(|| Refusal::NotAStatus {
                to: to.clone(),
                known: lc.statuses.iter().map(|s| s.id.clone()).collect(),
            })?;
            enter(lc, &mut next, &mut events, from, target, mv.reopen, at);
        }
        Action::Reply => {
            if by == Actor::Vendor {
                respond(&mut next, &mut events, at);
            }
        }
        Action::Rate { rating, comment } => {
            rateable(from, by)?;
            let scale = lc.satisfaction.scale;
            if *rating == 0 || *rating > scale {
                return Err(Refusal::RatingOutOfRange {
                    rating: *rating,
                    scale,
                });
            }
            let complaint = record.satisfaction.as_ref().is_some_and(|s| s.complaint);
            let s = Satisfaction {
                rating: Some(*rating),
                comment: comment.clone().filter(|c| !c.trim().is_empty()),
                complaint,
                at,
            };
            events.push(Event::Rated {
                rating: *rating,
                complaint: lc.is_complaint(&s),
            });
            next.satisfaction = Some(s);
        }
        Action::Complain { comment } => {
            if by != Actor::Customer {
                return Err(Refusal::CustomerOnly);
            }
            let mut s = record.satisfaction.clone().unwrap_or(Satisfaction {
                rating: None,
                comment: None,
                complaint: false,
                at,
            });
            s.complaint = true;
            s.comment = Some(comment.clone()).filter(|c| !c.trim().is_empty());
            s.at = at;
            next.satisfaction = Some(s);
            events.push(Event::Complained);
        }
    }
    Ok(Applied {
        record: next,
        events,
    })
}

fn find_move<'a>(
    lc: &'a Lifecycle,
    from: &'a StatusDef,
    to: &str,
    by: Actor,
) -> Result<&'a Move, Refusal> {
    if lc.status(to).is_none() {
        return Err(Refusal::NotAStatus {
            to: to.to_owned(),
            known: lc.statuses.iter().map(|s| s.id.clone()).collect(),
        });
    }
    lc.moves_from(&from.id, by)
        .find(|m| m.to == to)
        .ok_or_else(|| Refusal::NotAllowed {
            from: from.id.clone(),
            to: to.to_owned(),
            by,
            allowed: lc.moves_from(&from.id, by).map(|m| m.to.clone()).collect(),
        })
}

fn rateable(from: &StatusDef, by: Actor) -> Result<(), Refusal> {
    if by != Actor::Customer {
        return Err(Refusal::CustomerOnly);
    }
    if from.kind != RequestStatus::Completed {
        return Err(Refusal::NotResolved {
            status: from.id.clone(),
        });
    }
    Ok(())
}

fn respond(next: &mut Record, events: &mut Vec<Event>, at: DateTime) {
    if next.responded.is_none() {
        next.responded = Some(at);
        events.push(Event::Responded);
    }
}

fn enter(
    lc: &Lifecycle,
    next: &mut Record,
    events: &mut Vec<Event>,
    from: &StatusDef,
    to: &StatusDef,
    reopen: bool,
    at: DateTime,
) {
    events.push(Event::Moved {
        from: from.id.clone(),
        to: to.id.clone(),
    });
    match (next.paused_since, to.clocks) {
        (Some(since), clocks) if clocks != Clocks::Pause => {
            next.paused_since = None;
            if let Ok(p) = Pause::new(since, at) {
                next.pauses.push(p);
            }
            events.push(Event::Resumed {
                minutes: since.minutes_until(at),
            });
        }
        (None, Clocks::Pause) => {
            next.paused_since = Some(at);
            events.push(Event::Paused);
        }
        _ => {}
    }
    if to.clocks == Clocks::Stop && from.clocks != Clocks::Stop {
        next.resolved = Some(at);
        events.push(Event::Resolved);
    } else if to.clocks != Clocks::Stop && from.clocks == Clocks::Stop {
        next.rework |= reopen;
        next.resolved = None;
        events.push(Event::Reopened { rework: reopen });
    }
    next.status = to.id.clone();
    next.since = at;
    let terminal = lc.moves.iter().all(|m| m.from != to.id);
    if terminal && next.closed.is_none() {
        next.closed = Some(at);
        events.push(Event::Closed);
    } else if !terminal {
        next.closed = None;
    }
}

/// What a request's severity and contract say about its clocks.
#[derive(Debug, Clone, Copy)]
pub struct Timing<'a> {
    /// The contract's tier.
    pub tier: &'a Tier,
    /// The request's severity id.
    pub severity: &'a str,
    /// When it was received (filed).
    pub received: DateTime,
}

/// Where one SLA clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    /// Running, not yet due.
    Running,
    /// Standing still (waiting on the customer).
    Paused,
    /// Running past its due.
    Overdue,
    /// Stopped on or before its due.
    Met,
    /// Stopped after its due.
    Missed,
}

/// One SLA clock of a record.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClockAnswer {
    /// The deadline, recomputed with the record's pauses (the running one up to now).
    #[serde(flatten)]
    pub deadline: DeadlineAnswer,
    /// Where it stands.
    pub state: ClockState,
    /// When it stopped.
    pub stopped: Option<DateTime>,
}

/// Every SLA clock of `record` at `now`: due times pushed back by its pauses (the
/// running one up to `now`), stopped at the vendor's first reply or at the resolution
/// as each clock's `stops` says.
///
/// # Errors
///
/// When a calendar can't run a clock.
pub fn clocks(
    catalog: &Catalog,
    timing: Timing<'_>,
    record: &Record,
    now: DateTime,
) -> Result<Vec<ClockAnswer>, CalendarError> {
    let pauses = record.pauses_until(now);
    let dues = sla::deadlines(
        catalog,
        timing.tier,
        timing.severity,
        timing.received,
        &pauses,
        None,
    )?;
    Ok(dues
        .into_iter()
        .map(|d| {
            let stops = catalog
                .clocks
                .iter()
                .find(|c| c.id == d.clock)
                .map_or(ClockStop::Resolution, |c| c.stops);
            let stopped = match stops {
                ClockStop::FirstReply => record.responded.or(record.resolved),
                ClockStop::Resolution => record.resolved,
            };
            let state = match stopped {
                Some(s) if s <= d.due => ClockState::Met,
                Some(_) => ClockState::Missed,
                None if now > d.due => ClockState::Overdue,
                None if record.paused_since.is_some() => ClockState::Paused,
                None => ClockState::Running,
            };
            ClockAnswer {
                deadline: d,
                state,
                stopped,
            }
        })
        .collect())
}

/// A local date-time member (`YYYY-MM-DDTHH:MM[:SS]`), when present.
fn opt_time(
    cx: &mut crate::json::Ctx,
    m: crate::json::Obj<'_>,
    path: &str,
    k: &str,
) -> Option<DateTime> {
    let s = cx.opt_str(m, path, k)?;
    match s.parse() {
        Ok(t) => Some(t),
        Err(e) => {
            let code = crate::problem::Code::NotDateTime {
                value: s,
                reason: e.reason().to_owned(),
            };
            cx.report(&crate::json::key(path, k), code);
            None
        }
    }
}

fn req_time(
    cx: &mut crate::json::Ctx,
    m: crate::json::Obj<'_>,
    path: &str,
    k: &str,
) -> Option<DateTime> {
    if !m.contains_key(k) {
        let field = k.to_owned();
        cx.report(path, crate::problem::Code::MissingField { field });
        return None;
    }
    opt_time(cx, m, path, k)
}

fn finish<T>(cx: crate::json::Ctx, value: Option<T>) -> Result<T, crate::Problems> {
    match value {
        Some(v) if cx.problems.is_empty() => Ok(v),
        _ => Err(crate::Problems(cx.problems)),
    }
}

/// An optional record inside a larger document (`#[serde(deserialize_with)]`), read by
/// [`Record::from_json`]: the engine's reader, with its JSON paths, rather than a second,
/// derived one (the portal's first load carries every deserializer it has).
///
/// # Errors
///
/// The record's problems, as one message.
pub fn opt_record<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Record>, D::Error> {
    match Option::<serde_json::Value>::deserialize(d)? {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(v) => Record::from_json(&v, "record")
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

impl Record {
    /// A record from its JSON (as [`Record`] serialises), every problem named with its
    /// JSON path in `file`.
    ///
    /// # Errors
    ///
    /// The problems found.
    pub fn from_json(v: &serde_json::Value, file: &str) -> Result<Record, crate::Problems> {
        let mut cx = crate::json::Ctx::new(file);
        let record = read_record(&mut cx, v);
        finish(cx, record)
    }
}

fn read_record(cx: &mut crate::json::Ctx, v: &serde_json::Value) -> Option<Record> {
    let m = cx.object(
        v,
        "$",
        &[
            "status",
            "since",
            "responded",
            "resolved",
            "closed",
            "paused_since",
            "pauses",
            "rework",
            "satisfaction",
        ],
    )?;
    let status = cx.req_str(m, "$", "status");
    let since = req_time(cx, m, "$", "since");
    let mut pauses = Vec::new();
    for (i, p) in cx.opt_array(m, "$", "pauses").iter().enumerate() {
        let at = crate::json::idx("$.pauses", i);
        let Some(pm) = cx.object(p, &at, &["from", "to"]) else {
            continue;
        };
        if let (Some(from), Some(to)) = (req_time(cx, pm, &at, "from"), req_time(cx, pm, &at, "to"))
        {
            match Pause::new(from, to) {
                Ok(p) => pauses.push(p),
                Err(e) => cx.report(&at, crate::problem::Code::Calendar(e)),
            }
        }
    }
    let satisfaction = match m.get("satisfaction") {
        None | Some(serde_json::Value::Null) => None,
        Some(s) => read_satisfaction(cx, s),
    };
    Some(Record {
        status: status?,
        since: since?,
        responded: opt_time(cx, m, "$", "responded"),
        resolved: opt_time(cx, m, "$", "resolved"),
        closed: opt_time(cx, m, "$", "closed"),
        paused_since: opt_time(cx, m, "$", "paused_since"),
        pauses,
        rework: cx.opt_bool(m, "$", "rework", false),
        satisfaction,
    })
}

fn read_satisfaction(cx: &mut crate::json::Ctx, v: &serde_json::Value) -> Option<Satisfaction> {
    let at = "$.satisfaction";
    let sm = cx.object(v, at, &["rating", "comment", "complaint", "at"])?;
    let rating = cx
        .opt_count(sm, at, "rating")
        .and_then(|r| u8::try_from(r).ok());
    Some(Satisfaction {
        rating,
        comment: cx.opt_str(sm, at, "comment"),
        complaint: cx.opt_bool(sm, at, "complaint", false),
        at: req_time(cx, sm, at, "at")?,
    })
}

impl Action {
    /// An action from its JSON (`{"action": "move", "to", "note"}`, `{"action":
    /// "reply"}`, `{"action": "rate", "rating", "comment"}`, `{"action": "complain",
    /// "comment"}`), every problem named with its JSON path in `file`.
    ///
    /// # Errors
    ///
    /// The problems found.
    pub fn from_json(v: &serde_json::Value, file: &str) -> Result<Action, crate::Problems> {
        let mut cx = crate::json::Ctx::new(file);
        let action = read_action(&mut cx, v);
        finish(cx, action)
    }
}

fn read_action(cx: &mut crate::json::Ctx, v: &serde_json::Value) -> Option<Action> {
    let m = cx.object(v, "$", &["action", "to", "note", "rating", "comment"])?;
    let kind = cx
        .req(m, "$", "action")
        .and_then(|a| cx.one_of(a, "$.action", &["move", "reply", "rate", "complain"]))?;
    match kind.as_str() {
        "move" => Some(Action::Move {
            to: cx.req_str(m, "$", "to")?,
            note: cx.opt_str(m, "$", "note"),
        }),
        "reply" => Some(Action::Reply),
        "rate" => {
            let rating = cx
                .req(m, "$", "rating")
                .and_then(|r| cx.count(r, "$.rating"))?;
            Some(Action::Rate {
                rating: u8::try_from(rating).unwrap_or(u8::MAX),
                comment: cx.opt_str(m, "$", "comment"),
            })
        }
        _ => Some(Action::Complain {
            comment: cx.req_str(m, "$", "comment")?,
        }),
    }
}
