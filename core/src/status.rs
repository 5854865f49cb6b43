//! A contract at a glance for the status page: days to renewal (with the warning), and
//! the open requests' clocks with their state (on track, at risk, paused, breached, met).
//! A request filed through the portal carries its lifecycle [`Record`]: its clocks are
//! then [`lifecycle::clocks`]' — paused while it waits on the customer, stopped at the
//! first reply or the resolution — not guessed from its status.

use crate::calendar::CalendarError;
use crate::civil::{Date, DateTime};
use crate::compliance::{self, Outcome};
use crate::contract::{Catalog, Contract, Id, PastRequest, RequestStatus, Settings};
use crate::i18n::Text;
use crate::lifecycle::{self, Record, Timing};
use crate::submission::Submission;
use rust_decimal::Decimal;
use serde::Serialize;

/// Where a contract stands against its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Renewal {
    /// Days from today to the last covered day (negative once ended).
    pub days_left: i64,
    /// Within the catalog's `renewal_warning_days` of the end, or past it.
    pub warn: bool,
    /// The contract has ended (or was terminated).
    pub ended: bool,
    /// Days from today to the first covered day (0 once it has started).
    pub days_to_start: i64,
    /// The day its figures (limits, indicators) are shown as of: today while it runs,
    /// its last covered day once it has ended, its first before it starts.
    pub as_of: Date,
}

/// Days to renewal and whether to warn, `settings.renewal_warning_days` ahead.
pub fn renewal(settings: &Settings, contract: &Contract, today: Date) -> Renewal {
    let end = contract
        .terminated_on
        .map_or(contract.end, |t| t.min(contract.end));
    let days_left = today.days_until(end);
    Renewal {
        days_left,
        warn: days_left <= i64::from(settings.renewal_warning_days),
        ended: days_left < 0,
        days_to_start: today.days_until(contract.start).max(0),
        as_of: today.max(contract.start).min(end),
    }
}

/// The state of one clock of an open request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    /// Running, with time to spare.
    OnTrack,
    /// Running, with less than the catalog's `at_risk_share` of its time left.
    AtRisk,
    /// Past its due (still running, or stopped late).
    Breached,
    /// Stopped in time.
    Met,
    /// Standing still: the request waits on the customer.
    Paused,
}

impl ClockState {
    /// Display name.
    pub fn text(self) -> Text {
        match self {
            ClockState::OnTrack => Text::new("정상 진행", "On track"),
            ClockState::AtRisk => Text::new("기한 임박", "At risk"),
            ClockState::Breached => Text::new("기한 초과", "Breached"),
            ClockState::Met => Text::new("기한 내 완료", "Met"),
            ClockState::Paused => Text::new("일시 정지", "Paused"),
        }
    }
}

/// One clock of an open request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpenClock {
    /// Clock id.
    pub clock: Id,
    /// Clock name.
    pub name: Text,
    /// When it is due.
    pub due: DateTime,
    /// Its state at `now`.
    pub state: ClockState,
    /// Wall-clock minutes to the due (negative once past): from `now` while it runs or
    /// stands still, from when it stopped once it has.
    pub minutes_left: i64,
    /// When it stopped (the first reply or the resolution), once it has.
    pub stopped: Option<DateTime>,
    /// Since when it stands still, while it does.
    pub paused_since: Option<DateTime>,
}

/// An open request with its clocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpenRequest {
    /// SR number.
    pub id: Id,
    /// Title.
    pub title: Option<String>,
    /// Category name.
    pub category: Text,
    /// Severity id.
    pub severity: Option<Id>,
    /// When it was submitted.
    pub submitted: DateTime,
    /// Its clocks.
    pub clocks: Vec<OpenClock>,
}

/// The state of a clock submitted at `submitted`, due at `due`, at `now`: at risk once
/// less than `settings.at_risk_share` of its time is left.
pub fn clock_state(
    settings: &Settings,
    submitted: DateTime,
    due: DateTime,
    now: DateTime,
) -> ClockState {
    if now > due {
        return ClockState::Breached;
    }
    let total = submitted.minutes_until(due).max(1);
    let left = now.minutes_until(due);
    if Decimal::from(left) < settings.at_risk_share * Decimal::from(total) {
        ClockState::AtRisk
    } else {
        ClockState::OnTrack
    }
}

/// The first minute at which a running clock submitted at `submitted` and due at `due` is
/// at risk by [`clock_state`] (less than `settings.at_risk_share` of its time left): from
/// then until its due, [`clock_state`] says [`ClockState::AtRisk`], and from the minute
/// after its due [`ClockState::Breached`] (see [`breached_from`]). For a store to count
/// and filter requests by where they stand without asking the engine for each one.
pub fn at_risk_from(settings: &Settings, submitted: DateTime, due: DateTime) -> DateTime {
    let total = submitted.minutes_until(due).max(1);
    // At risk once the whole minutes left are below share × total, that is at most
    // ⌈share × total⌉ − 1 of them.
    let share = (settings.at_risk_share * Decimal::from(total)).ceil();
    let most_left = i64::try_from(share).unwrap_or(i64::MAX).saturating_sub(1);
    let due = due.to_minute();
    due.checked_add_minutes(most_left.saturating_neg())
        .unwrap_or(due)
        .min(breached_from(due))
}

/// The first minute at which a clock due at `due` that is still running is breached by
/// [`clock_state`] (`now > due`).
pub fn breached_from(due: DateTime) -> DateTime {
    let minute = due.to_minute();
    minute.checked_add_minutes(1).unwrap_or(minute)
}

/// The clock of an open request that falls due next, with when its state will change if
/// nothing happens to the request: the vendor's desk sorts by [`NextClock::clock`]'s due
/// and counts requests at risk and breached by these times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NextClock {
    /// The clock, as [`request_clocks`] has it at `now`.
    pub clock: OpenClock,
    /// From when it is at risk (or breached), while it runs; `None` while it stands
    /// still (a paused clock is not at risk) unless already breached.
    pub at_risk_from: Option<DateTime>,
    /// From when it is breached; `None` while it stands still unless already breached.
    pub breached_from: Option<DateTime>,
}

/// Of `clocks` (one request's, from [`request_clocks`]), the one not yet stopped that is
/// due first; `None` when every clock has stopped (or there are none).
pub fn next_clock(
    settings: &Settings,
    submitted: DateTime,
    clocks: &[OpenClock],
) -> Option<NextClock> {
    let next = clocks
        .iter()
        .filter(|c| c.stopped.is_none())
        .min_by_key(|c| (c.due, c.clock.clone()))?;
    let (at_risk_from, breached_from) = match next.state {
        ClockState::Paused => (None, None),
        ClockState::Breached => (
            Some(self::breached_from(next.due)),
            Some(self::breached_from(next.due)),
        ),
        _ => (
            Some(self::at_risk_from(settings, submitted, next.due)),
            Some(self::breached_from(next.due)),
        ),
    };
    Some(NextClock {
        clock: next.clone(),
        at_risk_from,
        breached_from,
    })
}

/// The open requests of `history` and of the requests `filed` through the portal under
/// `contract`'s tier, newest first, with each clock's state at `now`.
///
/// # Errors
///
/// When a calendar can't run a clock.
pub fn open_requests(
    catalog: &Catalog,
    contract: &Contract,
    history: &[PastRequest],
    filed: &[Submission],
    now: DateTime,
) -> Result<Vec<OpenRequest>, CalendarError> {
    let mut out = Vec::new();
    let past = history.iter().map(|r| (r.clone(), None));
    let filed = filed
        .iter()
        .filter(|s| s.filing.contract == contract.id)
        .map(|s| (s.to_past_request(catalog), s.record.as_ref()));
    for (r, record) in past.chain(filed) {
        if r.status != RequestStatus::Open {
            continue;
        }
        let clocks = request_clocks(catalog, contract, &r, record, now)?;
        out.push(OpenRequest {
            category: catalog
                .category(&r.category)
                .map_or_else(|| Text::same(r.category.clone()), |c| c.name.clone()),
            id: r.id,
            title: r.title,
            severity: r.severity,
            submitted: r.submitted,
            clocks,
        });
    }
    crate::sort::sort_by_key(&mut out, |r| std::cmp::Reverse(r.submitted));
    Ok(out)
}

/// The clocks of one request under `contract`'s tier at `now`: met or breached once
/// stopped, paused while it waits on the customer, else running with how much time is
/// left. With its lifecycle `record` (a request filed through the portal), the record
/// says where each clock stands ([`lifecycle::clocks`]); without one (the history's),
/// its recorded times do. Paid work and cancelled or refused requests have none.
///
/// # Errors
///
/// When a calendar can't run a clock.
pub fn request_clocks(
    catalog: &Catalog,
    contract: &Contract,
    request: &PastRequest,
    record: Option<&Record>,
    now: DateTime,
) -> Result<Vec<OpenClock>, CalendarError> {
    let Some(tier) = catalog.tier(&contract.tier) else {
        return Ok(Vec::new());
    };
    let running = |due: DateTime| clock_state(&catalog.settings, request.submitted, due, now);
    if let (Some(record), Some(severity)) = (record, &request.severity) {
        if compliance::has_no_clocks(catalog, request) {
            return Ok(Vec::new());
        }
        let timing = Timing {
            tier,
            severity,
            received: request.submitted,
        };
        return Ok(lifecycle::clocks(catalog, timing, record, now)?
            .into_iter()
            .map(|c| {
                let due = c.deadline.due;
                let state = match c.state {
                    lifecycle::ClockState::Met => ClockState::Met,
                    lifecycle::ClockState::Missed | lifecycle::ClockState::Overdue => {
                        ClockState::Breached
                    }
                    lifecycle::ClockState::Paused => ClockState::Paused,
                    lifecycle::ClockState::Running => running(due),
                };
                OpenClock {
                    state,
                    minutes_left: c.stopped.unwrap_or(now).minutes_until(due),
                    stopped: c.stopped,
                    paused_since: (state == ClockState::Paused)
                        .then_some(record.paused_since)
                        .flatten(),
                    clock: c.deadline.clock,
                    name: c.deadline.name,
                    due,
                }
            })
            .collect());
    }
    Ok(compliance::check(catalog, tier, request, Some(now))?
        .into_iter()
        .map(|c| OpenClock {
            state: match c.outcome {
                Outcome::Met => ClockState::Met,
                Outcome::Breached => ClockState::Breached,
                Outcome::Running | Outcome::NotMeasured => running(c.due),
            },
            minutes_left: c.stopped.unwrap_or(now).minutes_until(c.due),
            stopped: c.stopped,
            paused_since: None,
            clock: c.clock,
            name: c.name,
            due: c.due,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::civil::datetime;

    fn library() -> crate::contract::DataSet {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/data/library/");
        let index = std::fs::read_to_string(format!("{dir}index.json")).unwrap_or_default();
        let mut files = crate::map::Map::new();
        for f in crate::contract::manifest_files(&index).unwrap_or_default() {
            let text = std::fs::read_to_string(format!("{dir}{f}")).unwrap_or_default();
            files.insert(f, text);
        }
        files.insert("index.json".to_owned(), index);
        crate::contract::load_for_requests(&files).unwrap_or_else(|p| unreachable!("{p}"))
    }

    #[test]
    fn at_risk_from_and_breached_from_agree_with_clock_state_minute_by_minute() {
        let submitted = datetime(2026, 11, 23, 9, 0, 0, 0);
        for share in [0i64, 1, 25, 33, 50, 99, 100] {
            let settings = Settings {
                at_risk_share: Decimal::new(share, 2),
                ..Settings::default()
            };
            for total in [0i64, 1, 2, 3, 7, 60, 61, 97, 480, 1441] {
                let Some(due) = submitted.checked_add_minutes(total) else {
                    unreachable!("in range")
                };
                let risk = at_risk_from(&settings, submitted, due);
                let breach = breached_from(due);
                for m in -2..=total + 3 {
                    let Some(now) = submitted.checked_add_minutes(m) else {
                        unreachable!("in range")
                    };
                    let by_times = if now >= breach {
                        ClockState::Breached
                    } else if now >= risk {
                        ClockState::AtRisk
                    } else {
                        ClockState::OnTrack
                    };
                    assert_eq!(
                        by_times,
                        clock_state(&settings, submitted, due, now),
                        "share {share} %, total {total} min, at minute {m}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_next_clock_is_the_first_due_of_those_not_stopped() {
        let settings = Settings::default();
        let at = |h, m| datetime(2026, 11, 23, h, m, 0, 0);
        let clock = |id: &str, due, state, stopped| OpenClock {
            clock: id.into(),
            name: Text::same(id),
            due,
            state,
            minutes_left: 0,
            stopped,
            paused_since: None,
        };
        let clocks = [
            clock("response", at(9, 30), ClockState::Met, Some(at(9, 10))),
            clock("restore", at(13, 0), ClockState::OnTrack, None),
            clock("resolve", at(18, 0), ClockState::OnTrack, None),
        ];
        let next = next_clock(&settings, at(9, 0), &clocks);
        assert_eq!(
            next.as_ref().map(|n| n.clock.clock.as_str()),
            Some("restore")
        );
        assert_eq!(next.as_ref().and_then(|n| n.breached_from), Some(at(13, 1)));
        let paused = [clock("restore", at(13, 0), ClockState::Paused, None)];
        let next = next_clock(&settings, at(9, 0), &paused);
        assert_eq!(
            next.map(|n| (n.at_risk_from, n.breached_from)),
            Some((None, None))
        );
        let stopped = [clock(
            "response",
            at(9, 30),
            ClockState::Met,
            Some(at(9, 10)),
        )];
        assert_eq!(next_clock(&settings, at(9, 0), &stopped), None);
    }

    #[test]
    fn renewal_warns_from_60_days_before_the_end() {
        let data = library();
        let Some(c) = data.contract("hanbit-city") else {
            unreachable!("hanbit-city is in the sample")
        };
        // hanbit-city ends on 2027-02-28.
        let table = [
            (crate::civil::date(2026, 11, 23), 97, false, false),
            (crate::civil::date(2026, 12, 29), 61, false, false),
            (crate::civil::date(2026, 12, 30), 60, true, false),
            (crate::civil::date(2027, 2, 28), 0, true, false),
            (crate::civil::date(2027, 3, 1), -1, true, true),
        ];
        for (today, days, warn, ended) in table {
            let r = renewal(&data.catalog.settings, c, today);
            assert_eq!(
                (r.days_left, r.warn, r.ended),
                (days, warn, ended),
                "on {today}"
            );
        }
    }

    #[test]
    fn a_contract_outside_its_period_is_shown_as_of_its_first_or_last_day() {
        let data = library();
        let Some(c) = data.contract("hanbit-city") else {
            unreachable!("hanbit-city is in the sample")
        };
        // hanbit-city runs from 2026-03-01 to 2027-02-28.
        let table = [
            (
                crate::civil::date(2026, 2, 12),
                17,
                crate::civil::date(2026, 3, 1),
            ),
            (
                crate::civil::date(2026, 11, 23),
                0,
                crate::civil::date(2026, 11, 23),
            ),
            (
                crate::civil::date(2028, 1, 5),
                0,
                crate::civil::date(2027, 2, 28),
            ),
        ];
        for (today, to_start, as_of) in table {
            let r = renewal(&data.catalog.settings, c, today);
            assert_eq!((r.days_to_start, r.as_of), (to_start, as_of), "on {today}");
        }
    }

    #[test]
    fn open_requests_of_the_sample_are_breached_at_the_report_time() {
        let data = library();
        let Some(c) = data.contract("hanbit-city") else {
            unreachable!("hanbit-city is in the sample")
        };
        let open = open_requests(
            &data.catalog,
            c,
            data.history("hanbit-city"),
            &[],
            datetime(2026, 11, 23, 10, 0, 0, 0),
        )
        .unwrap_or_default();
        let first = open.first().map(|o| o.id.as_str());
        assert_eq!(first, Some("SR-2026-0198"), "newest first");
        let states: Vec<ClockState> = open
            .first()
            .map(|o| o.clocks.iter().map(|c| c.state).collect())
            .unwrap_or_default();
        assert_eq!(states, vec![ClockState::Breached, ClockState::Breached]);
    }

    #[test]
    fn a_filed_request_s_clocks_follow_its_record() {
        use crate::lifecycle::{Action, Actor};
        let data = library();
        let (Some(c), Some(lc)) = (data.contract("hanbit-city"), &data.catalog.lifecycle) else {
            unreachable!("hanbit-city and a lifecycle are in the sample")
        };
        let at = |h, m| datetime(2026, 11, 23, h, m, 0, 0);
        let Some(mut req) = data
            .history("hanbit-city")
            .iter()
            .find(|r| {
                r.severity.is_some()
                    && !r.paid
                    && compliance::check(
                        &data.catalog,
                        data.catalog.tier(&c.tier).unwrap_or_else(|| unreachable!()),
                        r,
                        None,
                    )
                    .is_ok_and(|v| v.len() == 2)
            })
            .cloned()
        else {
            unreachable!("a request with two clocks in the sample")
        };
        req.submitted = at(10, 0);
        req.status = RequestStatus::Open;
        let filed = lc.start(at(10, 0));
        let moved = |rec: &crate::lifecycle::Record, to: &str, when| {
            let action = Action::Move {
                to: to.to_owned(),
                note: Some("로그 파일을 보내 주세요".to_owned()),
            };
            crate::lifecycle::apply(&data.catalog, rec, &action, Actor::Vendor, when)
                .map(|a| a.record)
                .unwrap_or_else(|r| unreachable!("{r:?}"))
        };
        let states = |rec: &crate::lifecycle::Record, now| {
            request_clocks(&data.catalog, c, &req, Some(rec), now)
                .unwrap_or_default()
                .into_iter()
                .map(|c| (c.state, c.paused_since))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            states(&filed, at(10, 5)),
            vec![(ClockState::OnTrack, None), (ClockState::OnTrack, None)]
        );
        // Waiting on the customer from 10:30: the reply stopped the response clock in
        // time; the restore clock stands still since then, however long it waits.
        let waiting = moved(&filed, "waiting_on_customer", at(10, 30));
        let paused = vec![
            (ClockState::Met, None),
            (ClockState::Paused, Some(at(10, 30))),
        ];
        assert_eq!(states(&waiting, at(11, 0)), paused);
        assert_eq!(states(&waiting, datetime(2026, 12, 20, 9, 0, 0, 0)), paused);
        // Resolved: every clock stopped, met; never "on track" again.
        let resumed = moved(&waiting, "in_progress", at(11, 0));
        let resolved = moved(&resumed, "resolved", at(11, 10));
        assert_eq!(
            states(&resolved, datetime(2026, 12, 20, 9, 0, 0, 0)),
            vec![(ClockState::Met, None), (ClockState::Met, None)]
        );
    }

    #[test]
    fn clock_states() {
        let s = datetime(2026, 11, 23, 10, 0, 0, 0);
        let due = datetime(2026, 11, 23, 18, 0, 0, 0); // 8 h
        let table = [
            (datetime(2026, 11, 23, 10, 0, 0, 0), ClockState::OnTrack),
            (datetime(2026, 11, 23, 16, 0, 0, 0), ClockState::OnTrack), // 2 h = 1/4 left
            (datetime(2026, 11, 23, 16, 1, 0, 0), ClockState::AtRisk),
            (datetime(2026, 11, 23, 18, 0, 0, 0), ClockState::AtRisk),
            (datetime(2026, 11, 23, 18, 1, 0, 0), ClockState::Breached),
        ];
        let settings = Settings::default();
        for (now, want) in table {
            assert_eq!(clock_state(&settings, s, due, now), want, "at {now}");
        }
        // A vendor that warns earlier: at risk with half the time left.
        let early = Settings {
            at_risk_share: Decimal::new(5, 1),
            ..Settings::default()
        };
        let at = |h, m| datetime(2026, 11, 23, h, m, 0, 0);
        assert_eq!(clock_state(&early, s, due, at(14, 0)), ClockState::OnTrack);
        assert_eq!(clock_state(&early, s, due, at(14, 1)), ClockState::AtRisk);
    }

    #[test]
    fn the_renewal_warning_follows_the_catalog() {
        let data = library();
        let Some(c) = data.contract("hanbit-city") else {
            unreachable!("hanbit-city is in the sample")
        };
        // hanbit-city ends on 2027-02-28; a vendor that warns 90 days ahead.
        let settings = Settings {
            renewal_warning_days: 90,
            ..Settings::default()
        };
        let warn = |today| renewal(&settings, c, today).warn;
        assert!(!warn(crate::civil::date(2026, 11, 29)), "91 days left");
        assert!(warn(crate::civil::date(2026, 11, 30)), "90 days left");
    }
}
