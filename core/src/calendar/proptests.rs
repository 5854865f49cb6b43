//! Property tests of the clock: its laws, and agreement with a slow reference that
//! walks window by window with jiff's own date arithmetic, on random calendars with
//! random closed days and pauses.

// Tests fail by panicking; the reference panics on impossible test data.
#![allow(clippy::expect_used, clippy::panic)]

use crate::i18n::Text;
use crate::map::Map;

use crate::civil::{Date, DateTime, Time};
use proptest::prelude::*;

use super::*;

// ---- the slow reference ----------------------------------------------------------------

/// Business intervals of one date, pauses cut out, in order.
fn pieces(cal: &Calendar, date: Date, pauses: &[Pause]) -> Vec<(DateTime, DateTime)> {
    if cal.closed().contains_key(&date) {
        return Vec::new();
    }
    let tomorrow = date.tomorrow().expect("date");
    let at = |minutes: u16| -> DateTime {
        if minutes == 1440 {
            tomorrow.to_datetime(Time::midnight())
        } else {
            let time = Time::new((minutes / 60) as i8, (minutes % 60) as i8, 0, 0).expect("time");
            date.to_datetime(time)
        }
    };
    let mut out: Vec<(DateTime, DateTime)> = cal
        .weekly()
        .windows(date.weekday())
        .iter()
        .map(|w| (at(w.open()), at(w.close())))
        .collect();
    for pause in pauses {
        out = out
            .into_iter()
            .flat_map(|(a, b)| {
                let mut kept = Vec::new();
                if pause.from() > a {
                    kept.push((a, b.min(pause.from())));
                }
                if pause.to() < b {
                    kept.push((a.max(pause.to()), b));
                }
                kept.into_iter().filter(|(x, y)| x < y)
            })
            .collect();
    }
    out
}

fn minutes(a: DateTime, b: DateTime) -> i64 {
    a.minutes_until(b)
}

fn plus(a: DateTime, minutes: i64) -> DateTime {
    a.checked_add_minutes(minutes).expect("datetime")
}

/// A window-by-window walk: `minutes` business minutes after `start`.
fn ref_add(cal: &Calendar, start: DateTime, n: i64, pauses: &[Pause]) -> Option<DateTime> {
    let mut date = start.date();
    let mut rem = n;
    while date <= MAX_DATE {
        for (a, b) in pieces(cal, date, pauses) {
            let a = a.max(start);
            if b <= a {
                continue;
            }
            if rem <= minutes(a, b) {
                return Some(plus(a, rem));
            }
            rem -= minutes(a, b);
        }
        date = date.tomorrow().expect("date");
    }
    None
}

/// Business minutes in `[start, end)` outside pauses.
fn ref_elapsed(cal: &Calendar, start: DateTime, end: DateTime, pauses: &[Pause]) -> i64 {
    let mut date = start.date();
    let mut total = 0;
    while date <= end.date() {
        for (a, b) in pieces(cal, date, pauses) {
            let (a, b) = (a.max(start), b.min(end));
            if a < b {
                total += minutes(a, b);
            }
        }
        date = date.tomorrow().expect("date");
    }
    total
}

/// Business days by the documented rule, pauses extending by their business minutes.
fn ref_days(cal: &Calendar, start: DateTime, n: i64, pauses: &[Pause]) -> Option<DateTime> {
    let business = |date: Date| !pieces(cal, date, &[]).is_empty();
    let mut date = start.date();
    if n == 0 {
        while !business(date) {
            date = date.tomorrow().ok()?;
        }
    } else {
        let mut count = 0;
        while count < n {
            date = date.tomorrow().ok()?;
            count += i64::from(business(date));
        }
    }
    let unpaused = date.to_datetime(start.time());
    let paused = ref_elapsed(cal, start, unpaused, &[]) - ref_elapsed(cal, start, unpaused, pauses);
    if paused == 0 {
        Some(unpaused)
    } else {
        ref_add(cal, unpaused, paused, pauses)
    }
}

// ---- strategies ---------------------------------------------------------------------------

fn base() -> DateTime {
    crate::civil::date(2025, 1, 1).at(0, 0, 0, 0)
}

/// One day's windows: sorted cut points paired up, edges 00:00 and 24:00 likely.
fn day_windows() -> impl Strategy<Value = Vec<Window>> {
    let point = prop_oneof![
        Just(0u16),
        Just(1440u16),
        0u16..=1440,
        (0u16..=48).prop_map(|h| h * 30)
    ];
    prop::collection::btree_set(point, 0..=6).prop_map(|points: std::collections::BTreeSet<u16>| {
        let points: Vec<u16> = points.into_iter().collect();
        points
            .chunks_exact(2)
            .filter_map(|pair| match pair {
                [a, b] => Window::new(*a, *b).ok(),
                _ => None,
            })
            .collect()
    })
}

fn calendar() -> impl Strategy<Value = Calendar> {
    let days = prop::array::uniform7(day_windows());
    let closed = prop::collection::btree_map(
        0i64..730,
        prop::sample::select(vec!["설날", "추석", "창립기념일"]),
        0..40,
    );
    (days, closed).prop_map(|(mut days, closed)| {
        if days.iter().all(Vec::is_empty)
            && let Some(monday) = days.first_mut()
        {
            *monday = vec![Window::new(480, 1080).expect("window")];
        }
        let weekly = WeeklyHours::new(days).expect("sorted windows");
        let start = base().date().day_number();
        let closed: Map<Date, Text> = closed
            .into_iter()
            .map(|(offset, name)| {
                (
                    Date::from_day_number(start + offset).expect("date"),
                    Text::same(name),
                )
            })
            .collect();
        Calendar::new(Zone::seoul(), weekly, closed).expect("calendar")
    })
}

fn start() -> impl Strategy<Value = DateTime> {
    (0i64..365 * 1440).prop_map(|m| plus(base(), m))
}

/// Pauses as (offset from the start, length) in minutes; may start before it.
fn pause_spans() -> impl Strategy<Value = Vec<(i64, i64)>> {
    prop::collection::vec((-3000i64..40_000, 1i64..8000), 0..4)
}

fn to_pauses(start: DateTime, spans: &[(i64, i64)]) -> Vec<Pause> {
    spans
        .iter()
        .map(|(offset, len)| {
            let from = plus(start, *offset);
            Pause::new(from, plus(from, *len)).expect("pause")
        })
        .collect()
}

/// An amount of minutes up to about 60 weeks of the calendar's business time.
fn amount(cal: &Calendar, raw: u32) -> i64 {
    let week = cal.weekly().minutes_per_week();
    match raw % 3 {
        0 => i64::from(raw) % 120,
        1 => i64::from(raw) % (week * 2 + 1),
        _ => i64::from(raw) % (week * 60 + 1),
    }
}

fn paused_at(t: DateTime, pauses: &[Pause]) -> bool {
    pauses.iter().any(|p| p.from() <= t && t < p.to())
}

/// Sum of the minutes a trace counted.
fn traced_minutes(trace: &Trace) -> i64 {
    trace
        .steps()
        .iter()
        .map(|step| match step {
            Step::Counted { minutes, .. } => *minutes,
            Step::SkippedWeeks { amount, .. } => *amount,
            _ => 0,
        })
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn calendar_add_matches_the_reference(cal in calendar(), start in start(), raw in any::<u32>(), spans in pause_spans()) {
        let n = amount(&cal, raw);
        let pauses = to_pauses(start, &spans);
        let got = cal.add_minutes(start, n, &pauses).map(|d| d.due).ok();
        prop_assert_eq!(got, ref_add(&cal, start, n, &pauses));
    }

    /// The trace-free due of the string API is `add_minutes`'s due, and `None` exactly
    /// where `add_minutes` is an error (negative amounts, dues past the last date).
    #[test]
    fn calendar_due_after_is_the_clocks_due(cal in calendar(), start in start(), raw in any::<u32>(), late in any::<bool>()) {
        let n = match raw % 7 {
            0 => -i64::from(raw % 100) - 1,
            _ => amount(&cal, raw),
        };
        // Near the last supported date the due may fall past it.
        let start = if late { plus(start, (MAX_DATE.day_number() - 400 - base().date().day_number()) * 1440) } else { start };
        let full = cal.add_minutes(start, n, &[]).ok().map(|d| d.due);
        prop_assert_eq!(cal.due_after(start, n), full);
        // With the per-day totals of the string API's calendars: the same dues, inside
        // the span they cover and past it.
        let totalled = cal.clone().with_day_totals();
        prop_assert_eq!(totalled.due_after(start, n), full);
        prop_assert_eq!(full, if n < 0 { None } else { ref_add(&cal, start, n, &[]) });
    }

    #[test]
    fn calendar_days_match_the_reference(cal in calendar(), start in start(), raw in 0i64..400, spans in pause_spans()) {
        let pauses = to_pauses(start, &spans);
        let got = cal.add_business_days(start, raw, &pauses).map(|d| d.due).ok();
        prop_assert_eq!(got, ref_days(&cal, start, raw, &pauses));
    }

    #[test]
    fn calendar_elapsed_matches_the_reference(cal in calendar(), start in start(), len in 0i64..500_000, spans in pause_spans()) {
        let pauses = to_pauses(start, &spans);
        let end = plus(start, len);
        let elapsed = cal.elapsed(start, end, &pauses).expect("elapsed");
        prop_assert_eq!(elapsed.minutes, ref_elapsed(&cal, start, end, &pauses));
        prop_assert_eq!(traced_minutes(&elapsed.trace), elapsed.minutes);
        prop_assert_eq!(elapsed.trace.steps().last(), Some(&Step::End { at: end, minutes: elapsed.minutes }));
    }

    #[test]
    fn calendar_due_is_in_business_time_or_on_a_closing_edge(cal in calendar(), start in start(), raw in any::<u32>(), spans in pause_spans()) {
        let n = amount(&cal, raw);
        let pauses = to_pauses(start, &spans);
        let deadline = cal.add_minutes(start, n, &pauses).expect("deadline");
        let due = deadline.due;
        prop_assert!(due >= start);
        if n == 0 {
            prop_assert!(cal.is_open(due) && !paused_at(due, &pauses));
        } else {
            // The last counted minute is business time; the due is it or its closing edge.
            let last = plus(due, -1);
            prop_assert!(cal.is_open(last) && !paused_at(last, &pauses));
        }
        prop_assert_eq!(deadline.trace.steps().first(), Some(&Step::Start { at: start }));
        prop_assert_eq!(deadline.trace.steps().last(), Some(&Step::Due { at: due }));
        prop_assert!(traced_minutes(&deadline.trace) <= n);
    }

    #[test]
    fn calendar_add_is_associative(cal in calendar(), start in start(), a in any::<u32>(), b in any::<u32>(), spans in pause_spans()) {
        let (a, b) = (amount(&cal, a), amount(&cal, b).max(1));
        let pauses = to_pauses(start, &spans);
        let first = cal.add_minutes(start, a, &pauses).expect("first").due;
        let both = cal.add_minutes(first, b, &pauses).expect("both").due;
        prop_assert_eq!(both, cal.add_minutes(start, a + b, &pauses).expect("sum").due);
    }

    #[test]
    fn calendar_elapsed_undoes_add(cal in calendar(), start in start(), raw in any::<u32>(), spans in pause_spans()) {
        let n = amount(&cal, raw);
        let pauses = to_pauses(start, &spans);
        let due = cal.add_minutes(start, n, &pauses).expect("deadline").due;
        prop_assert_eq!(cal.elapsed(start, due, &pauses).expect("elapsed").minutes, n);
    }

    #[test]
    fn calendar_business_days_keep_the_clock_time(cal in calendar(), start in start(), n in 0i64..400) {
        let due = cal.add_business_days(start, n, &[]).expect("deadline").due;
        prop_assert_eq!(due.time(), start.time());
        prop_assert!(due >= start);
        prop_assert!(n == 0 && due == start || cal.is_business_day(due.date()));
    }

    #[test]
    fn calendar_day_numbers_agree_with_jiff(offset in prop_oneof![-30_000i64..90_000, -4_500_000i64..3_100_000]) {
        let epoch = jiff::civil::date(1970, 1, 1);
        let date = epoch.checked_add(jiff::Span::new().days(offset)).ok()
            .map(|d| crate::civil::date(d.year(), d.month(), d.day()));
        prop_assert_eq!(Date::from_day_number(offset), date);
        if let Some(date) = date {
            prop_assert_eq!(date.day_number(), offset);
        }
    }
}
