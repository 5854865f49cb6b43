//! Table-driven tests of the calendar and its clock: one `check_*` helper per
//! operation, terse constructors, a row per rule.

// Tests fail by panicking; the constructors below panic on malformed test data.
#![allow(clippy::expect_used, clippy::panic)]

use crate::i18n::Text;
use crate::map::Map;

use crate::civil::{Date, DateTime};

use super::*;

// ---- terse constructors ------------------------------------------------------------

/// `dt("2025-10-02 17:40")`.
fn dt(s: &str) -> DateTime {
    s.replace(' ', "T")
        .parse()
        .unwrap_or_else(|e| panic!("bad test date-time {s:?}: {e}"))
}

/// `d("2025-10-06")`.
fn d(s: &str) -> Date {
    s.parse()
        .unwrap_or_else(|e| panic!("bad test date {s:?}: {e}"))
}

/// A Seoul calendar from per-weekday windows (Mon..Sun) and closed days.
fn cal(days: [&str; 7], closed: &[(&str, &str)]) -> Calendar {
    let weekly = WeeklyHours::parse(days).expect("test hours");
    let closed = closed
        .iter()
        .map(|(date, name)| (d(date), Text::same(*name)))
        .collect();
    Calendar::new(Zone::seoul(), weekly, closed).expect("test calendar")
}

const WEEKDAY_8_18: [&str; 7] = [
    "08:00-18:00",
    "08:00-18:00",
    "08:00-18:00",
    "08:00-18:00",
    "08:00-18:00",
    "",
    "",
];

/// 10×5: Mon–Fri 08:00–18:00, no closed days.
fn office() -> Calendar {
    cal(WEEKDAY_8_18, &[])
}

/// 10×5 with the 2025 autumn holidays: Fri 3 Oct to Thu 9 Oct closed but the weekend.
fn autumn() -> Calendar {
    cal(
        WEEKDAY_8_18,
        &[
            ("2025-10-03", "개천절"),
            ("2025-10-06", "추석"),
            ("2025-10-07", "추석"),
            ("2025-10-08", "대체공휴일"),
            ("2025-10-09", "한글날"),
        ],
    )
}

/// The brief's example: 10×5 with Monday 6 Oct 2025 closed for 추석.
fn example() -> Calendar {
    cal(WEEKDAY_8_18, &[("2025-10-06", "추석")])
}

/// Lunch breaks Mon–Fri, a half day on Saturday.
fn lunch() -> Calendar {
    let day = "08:00-12:00, 13:00-18:00";
    cal([day, day, day, day, day, "09:00-13:00", ""], &[])
}

/// 24×7, with Fri 3 Oct 2025 closed.
fn always() -> Calendar {
    let weekly = WeeklyHours::always();
    let closed = Map::from([(d("2025-10-03"), Text::same("개천절"))]);
    Calendar::new(Zone::seoul(), weekly, closed).expect("test calendar")
}

/// Night shifts every day, 22:00–24:00 running on into 00:00–06:00.
fn nights() -> Calendar {
    let day = "00:00-06:00, 22:00-24:00";
    cal([day; 7], &[])
}

/// 18×7 to midnight: 06:00–24:00 every day.
fn late() -> Calendar {
    cal(["06:00-24:00"; 7], &[])
}

fn pauses(spans: &[(&str, &str)]) -> Vec<Pause> {
    spans
        .iter()
        .map(|(a, b)| Pause::new(dt(a), dt(b)).expect("test pause"))
        .collect()
}

// ---- helpers -------------------------------------------------------------------------

#[track_caller]
fn check_add(cal: &Calendar, start: &str, minutes: i64, paused: &[(&str, &str)], due: &str) {
    let got = cal
        .add_minutes(dt(start), minutes, &pauses(paused))
        .map(|deadline| deadline.due);
    assert_eq!(
        got,
        Ok(dt(due)),
        "{start} + {minutes} min, pauses {paused:?}"
    );
}

#[track_caller]
fn check_days(cal: &Calendar, start: &str, days: i64, paused: &[(&str, &str)], due: &str) {
    let got = cal
        .add_business_days(dt(start), days, &pauses(paused))
        .map(|deadline| deadline.due);
    assert_eq!(
        got,
        Ok(dt(due)),
        "{start} + {days} business days, pauses {paused:?}"
    );
}

#[track_caller]
fn check_elapsed(cal: &Calendar, start: &str, end: &str, paused: &[(&str, &str)], minutes: i64) {
    let got = cal
        .elapsed(dt(start), dt(end), &pauses(paused))
        .map(|elapsed| elapsed.minutes);
    assert_eq!(got, Ok(minutes), "{start} to {end}, pauses {paused:?}");
}

/// The rendered trace of an `add_minutes`.
#[track_caller]
fn check_trace(
    cal: &Calendar,
    start: &str,
    minutes: i64,
    paused: &[(&str, &str)],
    lang: Lang,
    expected: &str,
) {
    let deadline = cal
        .add_minutes(dt(start), minutes, &pauses(paused))
        .expect("deadline");
    assert_eq!(deadline.trace.render(lang), expected);
}

/// The rendered trace of an `add_business_days`.
#[track_caller]
fn check_days_trace(
    cal: &Calendar,
    start: &str,
    days: i64,
    paused: &[(&str, &str)],
    expected: &str,
) {
    let deadline = cal
        .add_business_days(dt(start), days, &pauses(paused))
        .expect("deadline");
    assert_eq!(deadline.trace.render(Lang::En), expected);
}

/// The rendered trace of an `elapsed`.
#[track_caller]
fn check_elapsed_trace(
    cal: &Calendar,
    start: &str,
    end: &str,
    paused: &[(&str, &str)],
    expected: &str,
) {
    let elapsed = cal
        .elapsed(dt(start), dt(end), &pauses(paused))
        .expect("elapsed");
    assert_eq!(elapsed.trace.render(Lang::En), expected);
}

// ---- adding business minutes ---------------------------------------------------------

// 2025-11-03 is a Monday; 11-07 a Friday.

#[test]
fn calendar_add_minutes_inside_and_at_the_edges() {
    let c = office();
    check_add(&c, "2025-11-03 10:00", 60, &[], "2025-11-03 11:00");
    // A positive duration ending exactly at a closing time is due then, not next morning.
    check_add(&c, "2025-11-03 17:00", 60, &[], "2025-11-03 18:00");
    check_add(&c, "2025-11-03 08:00", 600, &[], "2025-11-03 18:00");
    check_add(&c, "2025-11-03 08:00", 601, &[], "2025-11-04 08:01");
    // Starting exactly at the closing time is outside: the clock starts next morning.
    check_add(&c, "2025-11-03 18:00", 60, &[], "2025-11-04 09:00");
    check_add(&c, "2025-11-03 07:00", 30, &[], "2025-11-03 08:30");
    check_add(&c, "2025-11-03 23:59", 1, &[], "2025-11-04 08:01");
    // Seconds are dropped: 17:59:59 counts as 17:59.
    check_add(&c, "2025-11-03 17:59:59", 1, &[], "2025-11-03 18:00");
}

#[test]
fn calendar_add_zero_minutes() {
    let c = office();
    // From inside: the start itself.
    check_add(&c, "2025-11-03 10:00", 0, &[], "2025-11-03 10:00");
    check_add(&c, "2025-11-03 08:00", 0, &[], "2025-11-03 08:00");
    // From outside: the next opening.
    check_add(&c, "2025-11-03 07:00", 0, &[], "2025-11-03 08:00");
    check_add(&c, "2025-11-03 18:00", 0, &[], "2025-11-04 08:00");
    check_add(&c, "2025-11-08 10:00", 0, &[], "2025-11-10 08:00");
}

#[test]
fn calendar_add_minutes_across_weekends_and_holidays() {
    check_add(&office(), "2025-11-07 17:40", 40, &[], "2025-11-10 08:20");
    check_add(&office(), "2025-11-08 10:00", 60, &[], "2025-11-10 09:00");
    check_add(&office(), "2025-11-07 20:00", 600, &[], "2025-11-10 18:00");
    // The brief's example: Sat–Mon closed (Monday 추석).
    check_add(&example(), "2025-10-03 17:40", 240, &[], "2025-10-07 11:40");
    // Fri 3 Oct to Thu 9 Oct 2025 closed.
    check_add(&autumn(), "2025-10-02 17:40", 240, &[], "2025-10-10 11:40");
    check_add(&autumn(), "2025-10-03 10:00", 0, &[], "2025-10-10 08:00");
    check_add(&autumn(), "2025-10-06 12:00", 600, &[], "2025-10-10 18:00");
}

#[test]
fn calendar_add_minutes_lunch_breaks_and_half_days() {
    let c = lunch();
    check_add(&c, "2025-11-03 11:30", 60, &[], "2025-11-03 13:30");
    check_add(&c, "2025-11-03 11:30", 30, &[], "2025-11-03 12:00");
    check_add(&c, "2025-11-03 12:00", 0, &[], "2025-11-03 13:00");
    check_add(&c, "2025-11-03 12:30", 10, &[], "2025-11-03 13:10");
    check_add(&c, "2025-11-03 08:00", 540, &[], "2025-11-03 18:00");
    // Friday evening into the Saturday half day, and past it to Monday.
    check_add(&c, "2025-11-07 17:00", 120, &[], "2025-11-08 10:00");
    check_add(&c, "2025-11-08 12:00", 120, &[], "2025-11-10 09:00");
    check_add(&c, "2025-11-08 13:00", 0, &[], "2025-11-10 08:00");
    // Touching windows run on as one.
    let touching = cal(["08:00-12:00, 12:00-18:00", "", "", "", "", "", ""], &[]);
    check_add(&touching, "2025-11-03 11:00", 120, &[], "2025-11-03 13:00");
    check_add(&touching, "2025-11-03 12:00", 0, &[], "2025-11-03 12:00");
}

#[test]
fn calendar_add_minutes_round_the_clock() {
    let c = always();
    check_add(&c, "2025-11-07 23:00", 120, &[], "2025-11-08 01:00");
    check_add(&c, "2025-11-08 00:00", 0, &[], "2025-11-08 00:00");
    check_add(&c, "2025-11-03 10:00", 3 * 10_080, &[], "2025-11-24 10:00");
    check_add(
        &c,
        "2025-11-03 10:00",
        3 * 10_080 + 1,
        &[],
        "2025-11-24 10:01",
    );
    // A closed day stops even 24×7.
    check_add(&c, "2025-10-02 23:00", 120, &[], "2025-10-04 01:00");
    check_add(&c, "2025-10-02 23:00", 60, &[], "2025-10-03 00:00");
}

#[test]
fn calendar_add_minutes_across_midnight_windows() {
    // 24:00 followed by 00:00 is continuous.
    check_add(&nights(), "2025-11-03 23:00", 120, &[], "2025-11-04 01:00");
    check_add(&nights(), "2025-11-03 23:00", 60, &[], "2025-11-04 00:00");
    check_add(&nights(), "2025-11-04 00:00", 0, &[], "2025-11-04 00:00");
    check_add(&nights(), "2025-11-04 06:00", 1, &[], "2025-11-04 22:01");
    // A window closing at 24:00 with nothing at 00:00 closes.
    check_add(&late(), "2025-11-03 23:30", 60, &[], "2025-11-04 06:30");
    check_add(&late(), "2025-11-03 23:30", 30, &[], "2025-11-04 00:00");
}

#[test]
fn calendar_add_minutes_long_spans_jump_exactly() {
    let c = autumn();
    // 5 business days exactly; one more minute takes the jump path.
    check_add(&office(), "2025-11-03 10:00", 3000, &[], "2025-11-10 10:00");
    check_add(&office(), "2025-11-03 10:00", 3001, &[], "2025-11-10 10:01");
    // Across the autumn holidays: the week of 29 Sep – 3 Oct has 4 business days,
    // 6–10 Oct has 1.
    check_add(&c, "2025-09-29 08:00", 3000, &[], "2025-10-10 18:00");
    check_add(&c, "2025-09-29 08:00", 3600, &[], "2025-10-13 18:00");
    check_add(&c, "2025-09-29 08:00", 3601, &[], "2025-10-14 08:01");
    // 250 business days of 600 minutes from Wed 1 Jan 2025 with no holidays: the
    // 250th business day is Tue 16 Dec, and the clock ends on its closing time.
    check_add(
        &office(),
        "2025-01-01 08:00",
        150_000,
        &[],
        "2025-12-16 18:00",
    );
}

#[test]
fn calendar_add_minutes_with_pauses() {
    let c = office();
    // A pause inside a window stops the clock.
    check_add(
        &c,
        "2025-11-03 10:00",
        120,
        &[("2025-11-03 10:30", "2025-11-03 11:00")],
        "2025-11-03 12:30",
    );
    // Outside windows it changes nothing.
    check_add(
        &c,
        "2025-11-03 10:00",
        600,
        &[("2025-11-03 19:00", "2025-11-04 07:00")],
        "2025-11-04 10:00",
    );
    // Straddling the closing time: the clock resumes at the pause's end next morning.
    check_add(
        &c,
        "2025-11-03 17:00",
        120,
        &[("2025-11-03 17:30", "2025-11-04 09:00")],
        "2025-11-04 10:30",
    );
    // Overlapping and unsorted pauses are merged: 10:30–11:30.
    let overlapping = [
        ("2025-11-03 10:45", "2025-11-03 11:30"),
        ("2025-11-03 10:30", "2025-11-03 11:00"),
    ];
    check_add(
        &c,
        "2025-11-03 10:00",
        120,
        &overlapping,
        "2025-11-03 13:00",
    );
    // Starting inside a pause: the clock starts when it ends.
    check_add(
        &c,
        "2025-11-03 10:00",
        60,
        &[("2025-11-03 09:00", "2025-11-03 11:00")],
        "2025-11-03 12:00",
    );
    check_add(
        &c,
        "2025-11-03 10:00",
        0,
        &[("2025-11-03 09:00", "2025-11-03 11:00")],
        "2025-11-03 11:00",
    );
    // A pause starting at the due changes nothing.
    check_add(
        &c,
        "2025-11-03 10:00",
        60,
        &[("2025-11-03 11:00", "2025-11-03 12:00")],
        "2025-11-03 11:00",
    );
    // Pauses shorter than a minute vanish with the seconds.
    check_add(
        &c,
        "2025-11-03 10:00",
        60,
        &[("2025-11-03 10:30:10", "2025-11-03 10:30:50")],
        "2025-11-03 11:00",
    );
    // Pauses before the start change nothing.
    check_add(
        &c,
        "2025-11-03 10:00",
        60,
        &[("2025-10-01 09:00", "2025-10-02 11:00")],
        "2025-11-03 11:00",
    );
    // A long pause stops a long clock: 2 weeks of business time paused.
    check_add(
        &c,
        "2025-11-03 08:00",
        6000,
        &[("2025-11-10 08:00", "2025-11-24 08:00")],
        "2025-11-28 18:00",
    );
}

// ---- adding business days ------------------------------------------------------------

#[test]
fn calendar_add_business_days() {
    let c = office();
    check_days(&c, "2025-11-03 10:00", 1, &[], "2025-11-04 10:00");
    check_days(&c, "2025-11-07 17:00", 1, &[], "2025-11-10 17:00");
    // From a non-business day the first business day reached is day 1.
    check_days(&c, "2025-11-08 10:00", 1, &[], "2025-11-10 10:00");
    check_days(&c, "2025-11-09 10:00", 2, &[], "2025-11-11 10:00");
    // The clock time is kept outside the window.
    check_days(&c, "2025-11-07 20:00", 1, &[], "2025-11-10 20:00");
    check_days(&c, "2025-11-03 07:00", 1, &[], "2025-11-04 07:00");
    // Zero days.
    check_days(&c, "2025-11-03 10:00", 0, &[], "2025-11-03 10:00");
    check_days(&c, "2025-11-03 20:00", 0, &[], "2025-11-03 20:00");
    check_days(&c, "2025-11-08 10:00", 0, &[], "2025-11-10 10:00");
    // Whole weeks and the jump path.
    check_days(&c, "2025-11-03 10:00", 5, &[], "2025-11-10 10:00");
    check_days(&c, "2025-11-03 10:00", 6, &[], "2025-11-11 10:00");
    check_days(&c, "2025-11-08 10:00", 6, &[], "2025-11-17 10:00");
    check_days(&c, "2025-01-01 10:00", 250, &[], "2025-12-17 10:00");
    // Holidays are not business days.
    check_days(&autumn(), "2025-10-02 10:00", 1, &[], "2025-10-10 10:00");
    check_days(&autumn(), "2025-10-04 10:00", 0, &[], "2025-10-10 10:00");
    check_days(&autumn(), "2025-09-26 10:00", 5, &[], "2025-10-10 10:00");
    check_days(&autumn(), "2025-09-26 10:00", 6, &[], "2025-10-13 10:00");
    check_days(&lunch(), "2025-11-07 10:00", 1, &[], "2025-11-08 10:00");
    check_days(&always(), "2025-10-02 10:00", 1, &[], "2025-10-04 10:00");
}

#[test]
fn calendar_add_business_days_with_pauses() {
    let c = office();
    // 60 paused minutes before the unpaused due extend it by 60 business minutes.
    check_days(
        &c,
        "2025-11-03 10:00",
        1,
        &[("2025-11-03 11:00", "2025-11-03 12:00")],
        "2025-11-04 11:00",
    );
    // Pauses outside business time extend nothing.
    check_days(
        &c,
        "2025-11-03 10:00",
        1,
        &[("2025-11-03 19:00", "2025-11-04 07:00")],
        "2025-11-04 10:00",
    );
    // An unpaused due outside the window: the extension starts at the next opening.
    check_days(
        &c,
        "2025-11-07 20:00",
        1,
        &[("2025-11-10 10:00", "2025-11-10 10:30")],
        "2025-11-11 08:30",
    );
    // A pause in the extension stops it too; the second pause starts at the unpaused due.
    let both = [
        ("2025-11-03 11:00", "2025-11-03 12:00"),
        ("2025-11-04 10:00", "2025-11-04 11:00"),
    ];
    check_days(&c, "2025-11-03 10:00", 1, &both, "2025-11-04 12:00");
    // A pause straddling the unpaused due counts before it and stops the extension after.
    check_days(
        &c,
        "2025-11-03 10:00",
        1,
        &[("2025-11-04 09:00", "2025-11-04 11:00")],
        "2025-11-04 12:00",
    );
}

// ---- elapsed business minutes ----------------------------------------------------------

#[test]
fn calendar_elapsed() {
    let c = office();
    check_elapsed(&c, "2025-11-03 10:00", "2025-11-03 11:00", &[], 60);
    check_elapsed(&c, "2025-11-07 17:40", "2025-11-10 08:20", &[], 40);
    check_elapsed(&c, "2025-11-08 10:00", "2025-11-09 10:00", &[], 0);
    check_elapsed(&c, "2025-11-03 10:00", "2025-11-03 10:00", &[], 0);
    check_elapsed(&c, "2025-11-03 06:00", "2025-11-03 20:00", &[], 600);
    check_elapsed(
        &c,
        "2025-11-03 10:00",
        "2025-11-03 12:00",
        &[("2025-11-03 10:30", "2025-11-03 11:00")],
        90,
    );
    check_elapsed(
        &c,
        "2025-11-03 10:00",
        "2025-11-04 10:00",
        &[("2025-11-03 19:00", "2025-11-04 07:00")],
        600,
    );
    check_elapsed(
        &c,
        "2025-11-03 10:00",
        "2025-11-03 12:00",
        &[("2025-11-03 11:00", "2025-11-04 12:00")],
        60,
    );
    check_elapsed(&c, "2025-01-01 08:00", "2025-12-17 08:00", &[], 150_000);
    check_elapsed(&lunch(), "2025-11-03 11:00", "2025-11-03 14:00", &[], 120);
    check_elapsed(
        &always(),
        "2025-11-03 00:00",
        "2025-11-10 00:00",
        &[],
        10_080,
    );
    check_elapsed(&always(), "2025-10-02 23:00", "2025-10-04 01:00", &[], 120);
    check_elapsed(&nights(), "2025-11-03 23:00", "2025-11-04 01:00", &[], 120);
    check_elapsed(&autumn(), "2025-10-02 17:40", "2025-10-10 11:40", &[], 240);
}

// ---- queries ------------------------------------------------------------------------

#[test]
fn calendar_queries() {
    let c = autumn();
    assert!(c.is_business_day(d("2025-10-02")));
    assert!(!c.is_business_day(d("2025-10-03")));
    assert!(!c.is_business_day(d("2025-10-04")));
    assert!(c.is_open(dt("2025-10-02 08:00")));
    assert!(c.is_open(dt("2025-10-02 17:59")));
    assert!(!c.is_open(dt("2025-10-02 18:00")));
    assert!(!c.is_open(dt("2025-10-03 10:00")));
    assert_eq!(
        c.next_opening(dt("2025-10-02 18:00")),
        Ok(dt("2025-10-10 08:00"))
    );
    assert_eq!(
        c.next_opening(dt("2025-10-02 10:00")),
        Ok(dt("2025-10-02 10:00"))
    );
    assert_eq!(office().weekly().minutes_per_week(), 3000);
    assert_eq!(lunch().weekly().days_per_week(), 6);
}

// ---- errors ---------------------------------------------------------------------------

#[test]
fn calendar_errors() {
    let c = office();
    let start = dt("2025-11-03 10:00");
    assert_eq!(
        c.add_minutes(start, -1, &[]).map(|d| d.due),
        Err(CalendarError::NegativeDuration {
            amount: -1,
            unit: Unit::Minutes
        })
    );
    assert_eq!(
        c.add_business_days(start, -2, &[]).map(|d| d.due),
        Err(CalendarError::NegativeDuration {
            amount: -2,
            unit: Unit::BusinessDays
        })
    );
    let empty = WeeklyHours::parse(["", "", "", "", "", "", ""]).expect("empty hours");
    assert_eq!(
        Calendar::new(Zone::seoul(), empty, Map::new()),
        Err(CalendarError::NoBusinessTime)
    );
    assert_eq!(
        c.elapsed(start, dt("2025-11-03 09:59"), &[])
            .map(|e| e.minutes),
        Err(CalendarError::EndBeforeStart {
            start,
            end: dt("2025-11-03 09:59")
        })
    );
    assert_eq!(
        Pause::new(start, start),
        Err(CalendarError::InvalidPause {
            from: start,
            to: start
        })
    );
    // Out of range: inputs, and clocks that would run past 2200-12-31.
    let late = dt("2201-01-01 10:00");
    assert_eq!(
        c.add_minutes(late, 1, &[]).map(|d| d.due),
        Err(CalendarError::DateOutOfRange { value: late })
    );
    let early = dt("1899-12-31 10:00");
    assert_eq!(
        c.elapsed(early, start, &[]).map(|e| e.minutes),
        Err(CalendarError::DateOutOfRange { value: early })
    );
    let near_end = dt("2200-12-30 10:00");
    let beyond = Err(CalendarError::ClockBeyondRange { start: near_end });
    assert_eq!(c.add_minutes(near_end, 100_000, &[]).map(|d| d.due), beyond);
    assert_eq!(
        c.add_minutes(near_end, i64::MAX, &[]).map(|d| d.due),
        beyond
    );
    assert_eq!(
        c.add_minutes(start, i64::MAX, &[]).map(|d| d.due),
        Err(CalendarError::ClockBeyondRange { start })
    );
    assert_eq!(c.add_business_days(near_end, 5, &[]).map(|d| d.due), beyond);
    assert_eq!(
        c.add_business_days(near_end, i64::MAX, &[]).map(|d| d.due),
        beyond
    );
    assert_eq!(
        c.add_business_days(start, i64::MAX / 2, &[]).map(|d| d.due),
        Err(CalendarError::ClockBeyondRange { start })
    );
    // A pause that never ends leaves the clock nowhere to go.
    let forever = pauses(&[("2025-11-03 11:00", "9999-01-01 00:00")]);
    assert_eq!(
        c.add_minutes(start, 120, &forever).map(|d| d.due),
        Err(CalendarError::ClockBeyondRange { start })
    );
    assert_eq!(
        c.elapsed(start, dt("2200-12-31 23:59"), &forever)
            .map(|e| e.minutes),
        Ok(60)
    );
    // Closed for ever after: the clock stops at the end of the range, not in a loop.
    let mut closed = Map::new();
    let mut day = d("2200-01-01");
    while day <= MAX_DATE {
        closed.insert(day, Text::same("closure"));
        day = day.tomorrow().expect("date");
    }
    let closing = Calendar::new(Zone::seoul(), WeeklyHours::always(), closed).expect("calendar");
    let dec = dt("2199-12-31 23:00");
    assert_eq!(
        closing.add_minutes(dec, 120, &[]).map(|d| d.due),
        Err(CalendarError::ClockBeyondRange { start: dec })
    );
    assert_eq!(
        closing.next_opening(dt("2200-06-01 00:00")),
        Err(CalendarError::ClockBeyondRange {
            start: dt("2200-06-01 00:00")
        })
    );
}

#[test]
fn calendar_window_and_hours_errors() {
    let invalid_time = |v: &str| {
        Err(CalendarError::InvalidTime {
            value: v.to_owned(),
        })
    };
    let invalid_window = |v: &str| {
        Err(CalendarError::InvalidWindow {
            value: v.to_owned(),
        })
    };
    assert_eq!(Window::parse("8:00-18:00"), invalid_time("8:00"));
    assert_eq!(Window::parse("08:00-24:30"), invalid_time("24:30"));
    assert_eq!(Window::parse("08:00-12:60"), invalid_time("12:60"));
    assert_eq!(Window::parse("08:00-1800"), invalid_time("1800"));
    assert_eq!(Window::parse("18:00-08:00"), invalid_window("18:00-08:00"));
    assert_eq!(Window::parse("24:00-24:00"), invalid_window("24:00-24:00"));
    assert_eq!(Window::parse("08:00"), invalid_window("08:00"));
    assert_eq!(Window::new(600, 600), invalid_window("10:00-10:00"));
    assert_eq!(Window::new(0, 1441), invalid_window("00:00-24:01"));
    let w = Window::parse("22:00–24:00").expect("window");
    assert_eq!((w.open(), w.close(), w.minutes()), (1320, 1440, 120));
    assert_eq!(parse_time_of_day("24:00"), Ok(1440));

    let err = WeeklyHours::parse(["", "", "08:00-12:00, 11:00-18:00", "", "", "", ""]);
    assert_eq!(
        err.map_err(|e| e.to_string()),
        Err("Wed windows 08:00–12:00 and 11:00–18:00 overlap".to_owned())
    );
    let err = WeeklyHours::parse(["13:00-18:00, 08:00-12:00", "", "", "", "", "", ""]);
    assert_eq!(
        err.map_err(|e| e.to_string()),
        Err(
            "Mon windows 13:00–18:00 and 08:00–12:00 are out of order: list them by opening time"
                .to_owned()
        )
    );
    let err = WeeklyHours::parse(["", "", "", "", "", "", "09:00-25:00"]);
    assert_eq!(
        err.map_err(|e| e.to_string()),
        Err(
            "Sun hours: invalid time of day \"25:00\": expected HH:MM from 00:00 to 24:00"
                .to_owned()
        )
    );
    assert_eq!(
        CalendarError::NoBusinessTime.to_string(),
        "the weekly hours have no window, so the clock can never run"
    );
    assert_eq!(
        CalendarError::DateOutOfRange {
            value: dt("2201-01-01 10:00")
        }
        .to_string(),
        "2201-01-01T10:00:00 is outside the supported range 1900-01-01 to 2200-12-31"
    );
    assert_eq!(
        CalendarError::NegativeDuration {
            amount: -3,
            unit: Unit::BusinessDays
        }
        .to_string(),
        "negative duration of -3 business days: durations must be zero or more"
    );
}

// ---- zones -----------------------------------------------------------------------------

#[test]
fn calendar_zones_parse() {
    assert_eq!(Zone::parse("Asia/Seoul"), Ok(Zone::seoul()));
    assert_eq!(Zone::parse("UTC"), Ok(Zone::utc()));
    assert_eq!(
        Zone::parse("+09:00").map(|z| z.name().to_owned()),
        Ok("+09:00".to_owned())
    );
    assert_eq!(
        Zone::parse("-05:30").map(|z| z.name().to_owned()),
        Ok("-05:30".to_owned())
    );
    assert_eq!(
        Zone::parse("+09").map(|z| z.name().to_owned()),
        Ok("+09:00".to_owned())
    );
    let posix = "CET-1CEST,M3.5.0,M10.5.0/3";
    assert_eq!(
        Zone::parse(posix).map(|z| z.name().to_owned()),
        Ok(posix.to_owned())
    );
    for bad in ["Europe/Berlin", "", "+9:00", "KST", "+26:00", "seoul"] {
        assert_eq!(
            Zone::parse(bad),
            Err(CalendarError::UnknownZone {
                value: bad.to_owned()
            }),
            "{bad:?}"
        );
    }
    assert_eq!(
        Zone::parse("Europe/Berlin").map_err(|e| e.to_string()),
        Err("unknown time zone \"Europe/Berlin\": expected \"Asia/Seoul\", \"UTC\", a fixed offset like \"+09:00\" or a POSIX TZ string like \"CET-1CEST,M3.5.0,M10.5.0/3\"".to_owned())
    );
}

#[test]
fn calendar_zones_read_and_write_iso() {
    let seoul = Zone::seoul();
    let local = dt("2025-10-02 17:40");
    for input in [
        "2025-10-02T17:40",
        "2025-10-02 17:40",
        "2025-10-02T17:40:00",
        "2025-10-02T17:40:00+09:00",
        "2025-10-02T08:40:00Z",
        "2025-10-02T09:40:00+01:00",
    ] {
        assert_eq!(seoul.parse_local(input), Ok(local), "{input}");
    }
    assert_eq!(
        seoul.format(local),
        Ok("2025-10-02T17:40:00+09:00".to_owned())
    );
    let utc = Zone::utc();
    assert_eq!(
        utc.parse_local("2025-10-02T17:40:00+09:00"),
        Ok(dt("2025-10-02 08:40"))
    );
    assert_eq!(
        utc.format(dt("2025-10-02 08:40")),
        Ok("2025-10-02T08:40:00+00:00".to_owned())
    );
    let fixed = Zone::parse("-05:30").expect("zone");
    assert_eq!(
        fixed.parse_local("2025-10-02T12:00Z"),
        Ok(dt("2025-10-02 06:30"))
    );
    assert_eq!(
        fixed.format(dt("2025-10-02 06:30")),
        Ok("2025-10-02T06:30:00-05:30".to_owned())
    );
    // A POSIX zone with daylight saving: CEST in summer, CET in winter.
    let berlin = Zone::parse("CET-1CEST,M3.5.0,M10.5.0/3").expect("zone");
    assert_eq!(
        berlin.parse_local("2025-07-01T10:00Z"),
        Ok(dt("2025-07-01 12:00"))
    );
    assert_eq!(
        berlin.parse_local("2025-01-15T10:00Z"),
        Ok(dt("2025-01-15 11:00"))
    );
    assert_eq!(
        berlin.format(dt("2025-07-01 12:00")),
        Ok("2025-07-01T12:00:00+02:00".to_owned())
    );
    assert_eq!(
        berlin.format(dt("2025-01-15 11:00")),
        Ok("2025-01-15T11:00:00+01:00".to_owned())
    );
    let instant = seoul.to_timestamp(local).expect("timestamp");
    assert_eq!(instant.to_string(), "2025-10-02T08:40:00Z");
    assert_eq!(berlin.to_local(instant), dt("2025-10-02 10:40"));

    for bad in [
        "2025-10-02",
        "2025-10-02T17",
        "2025-10-02T17:40[Asia/Seoul]",
        "2025-10-02T17:40:00+09:00[Asia/Seoul]",
        "2025-02-30T10:00",
        "2025-10-02T25:00",
        "yesterday",
        "20251002T1740",
        "2025-10-02T17:40 ",
    ] {
        assert!(
            matches!(seoul.parse_local(bad), Err(CalendarError::InvalidDateTime { ref value, .. }) if value == bad),
            "{bad:?} should be rejected"
        );
    }
}

// ---- traces ----------------------------------------------------------------------------

#[test]
fn calendar_trace_the_brief_example() {
    check_trace(
        &example(),
        "2025-10-03 17:40",
        240,
        &[],
        Lang::En,
        "received Fri 17:40 · window closes 18:00 · 20 min counted · closed Sat–Mon (추석) · opens Tue 08:00 · due Tue 11:40",
    );
    check_trace(
        &example(),
        "2025-10-03 17:40",
        240,
        &[],
        Lang::Ko,
        "접수 (금) 17:40 · 18:00 업무 종료 · 20분 산입 · 토–월 휴무 (추석) · (화) 08:00 업무 시작 · (화) 11:40 기한",
    );
}

#[test]
fn calendar_trace_steps() {
    let deadline = example()
        .add_minutes(dt("2025-10-03 17:40"), 240, &[])
        .expect("deadline");
    assert_eq!(
        deadline.trace.steps(),
        [
            Step::Start {
                at: dt("2025-10-03 17:40")
            },
            Step::WindowCloses {
                at: dt("2025-10-03 18:00")
            },
            Step::Counted {
                from: dt("2025-10-03 17:40"),
                to: dt("2025-10-03 18:00"),
                minutes: 20
            },
            Step::Closed {
                from_date: d("2025-10-04"),
                to_date: d("2025-10-06"),
                reasons: vec![Text::same("추석")]
            },
            Step::Opens {
                at: dt("2025-10-07 08:00")
            },
            Step::Due {
                at: dt("2025-10-07 11:40")
            },
        ]
    );
    let json = serde_json::to_value(&deadline).expect("json");
    assert_eq!(
        json.pointer("/trace/1"),
        Some(&serde_json::json!({"step": "window_closes", "at": "2025-10-03T18:00:00"}))
    );
    assert_eq!(
        json.pointer("/trace/3"),
        Some(
            &serde_json::json!({"step": "closed", "from_date": "2025-10-04", "to_date": "2025-10-06", "reasons": [{"ko": "추석", "en": "추석"}]})
        )
    );
    assert_eq!(
        json.pointer("/due"),
        Some(&serde_json::json!("2025-10-07T11:40:00"))
    );
    // Alone, a step shows its full date.
    assert_eq!(
        Step::Start {
            at: dt("2025-10-03 17:40")
        }
        .render(Lang::En),
        "received Fri 3 Oct 2025 17:40"
    );
    assert_eq!(
        Step::Start {
            at: dt("2025-10-03 17:40")
        }
        .render(Lang::Ko),
        "접수 2025년 10월 3일 (금) 17:40"
    );
}

#[test]
fn calendar_trace_dates_beyond_a_week_and_holiday_names() {
    check_trace(
        &autumn(),
        "2025-10-02 17:40",
        240,
        &[],
        Lang::En,
        "received Thu 17:40 · window closes 18:00 · 20 min counted · closed Fri–Thu 9 Oct (개천절, 추석, 대체공휴일, 한글날) · opens Fri 10 Oct 08:00 · due Fri 10 Oct 11:40",
    );
    check_trace(
        &autumn(),
        "2025-10-02 17:40",
        240,
        &[],
        Lang::Ko,
        "접수 (목) 17:40 · 18:00 업무 종료 · 20분 산입 · 금–10월 9일 (목) 휴무 (개천절, 추석, 대체공휴일, 한글날) · 10월 10일 (금) 08:00 업무 시작 · 10월 10일 (금) 11:40 기한",
    );
    // Into another year.
    check_trace(
        &office(),
        "2025-12-31 17:00",
        120,
        &[],
        Lang::En,
        "received Wed 17:00 · window closes 18:00 · 60 min counted · opens Thu 08:00 · due Thu 09:00",
    );
    check_trace(
        &office(),
        "2025-12-26 17:00",
        3660,
        &[],
        Lang::En,
        "received Fri 17:00 · 1 full week and 3 days to Mon 5 Jan 2026 17:00: 3,600 min counted · due Mon 5 Jan 2026 18:00",
    );
}

#[test]
fn calendar_trace_names_holidays_on_weekends_too() {
    let c = cal(
        WEEKDAY_8_18,
        &[("2026-10-03", "개천절"), ("1800-01-01", "out of range")],
    );
    check_trace(
        &c,
        "2026-10-02 17:40",
        240,
        &[],
        Lang::En,
        "received Fri 17:40 · window closes 18:00 · 20 min counted · closed Sat–Sun (개천절) · opens Mon 08:00 · due Mon 11:40",
    );
    assert!(!c.is_business_day(d("1800-01-01")));
}

#[test]
fn calendar_trace_lunch_midnight_and_round_the_clock() {
    check_trace(
        &lunch(),
        "2025-11-03 11:30",
        60,
        &[],
        Lang::En,
        "received Mon 11:30 · window closes 12:00 · 30 min counted · opens Mon 13:00 · due Mon 13:30",
    );
    check_trace(
        &nights(),
        "2025-11-03 23:00",
        120,
        &[],
        Lang::En,
        "received Mon 23:00 · due Tue 01:00",
    );
    check_trace(
        &late(),
        "2025-11-03 23:30",
        60,
        &[],
        Lang::En,
        "received Mon 23:30 · window closes 24:00 · 30 min counted · opens Tue 06:00 · due Tue 06:30",
    );
    check_trace(
        &always(),
        "2025-11-03 10:00",
        3 * 10_080 + 60,
        &[],
        Lang::En,
        "received Mon 10:00 · 3 full weeks to Mon 24 Nov 10:00: 30,240 min counted · due Mon 24 Nov 11:00",
    );
    check_trace(
        &always(),
        "2025-10-02 23:00",
        120,
        &[],
        Lang::Ko,
        "접수 (목) 23:00 · 24:00 업무 종료 · 60분 산입 · 금 휴무 (개천절) · (토) 00:00 업무 시작 · (토) 01:00 기한",
    );
}

#[test]
fn calendar_trace_long_spans_are_one_step() {
    check_trace(
        &office(),
        "2025-01-01 08:00",
        150_000,
        &[],
        Lang::En,
        "received Wed 08:00 · 49 full weeks and 6 days to Tue 16 Dec 08:00: 149,400 min counted · due Tue 16 Dec 18:00",
    );
    let with_holidays = cal(
        WEEKDAY_8_18,
        &[
            ("2025-03-03", "대체공휴일"),
            ("2025-05-05", "어린이날"),
            ("2025-06-07", "토요일"),
        ],
    );
    check_trace(
        &with_holidays,
        "2025-01-01 08:00",
        150_000,
        &[],
        Lang::Ko,
        "접수 (수) 08:00 · 12월 18일 (목) 08:00까지 50주 1일: 149,400분 산입 (휴무 2일 제외) · 12월 18일 (목) 18:00 기한",
    );
    check_days_trace(
        &office(),
        "2025-01-01 10:00",
        250,
        &[],
        "received Wed 10:00 · 49 full weeks and 6 days to Tue 16 Dec 10:00: 249 business days counted · business day 250: Wed 17 Dec · due Wed 17 Dec 10:00",
    );
    check_elapsed_trace(
        &office(),
        "2025-01-01 08:00",
        "2025-12-17 08:00",
        &[],
        "received Wed 08:00 · 49 full weeks and 6 days to Tue 16 Dec 08:00: 149,400 min counted · window closes 18:00 · 600 min counted · until Wed 17 Dec 08:00: 150,000 min in total",
    );
}

#[test]
fn calendar_trace_pauses() {
    check_trace(
        &office(),
        "2025-11-03 10:00",
        120,
        &[("2025-11-03 10:30", "2025-11-03 11:00")],
        Lang::En,
        "received Mon 10:00 · paused Mon 10:30–11:00 (30 min stopped) · 30 min counted · resumes Mon 11:00 · due Mon 12:30",
    );
    check_trace(
        &office(),
        "2025-11-03 10:00",
        120,
        &[("2025-11-03 10:30", "2025-11-03 11:00")],
        Lang::Ko,
        "접수 (월) 10:00 · (월) 10:30–11:00 고객 대기로 정지 (30분) · 30분 산입 · (월) 11:00 재개 · (월) 12:30 기한",
    );
    check_trace(
        &office(),
        "2025-11-07 17:00",
        120,
        &[
            ("2025-11-07 17:30", "2025-11-10 09:00"),
            ("2025-11-08 10:00", "2025-11-08 11:00"),
        ],
        Lang::En,
        "received Fri 17:00 · paused Fri 17:30–Mon 09:00 (90 min stopped) · 30 min counted · resumes Mon 09:00 · due Mon 10:30",
    );
    check_trace(
        &office(),
        "2025-11-07 17:00",
        120,
        &[("2025-11-08 10:00", "2025-11-08 11:00")],
        Lang::En,
        "received Fri 17:00 · window closes 18:00 · 60 min counted · closed Sat–Sun · paused Sat 10:00–11:00 (outside business time) · opens Mon 08:00 · due Mon 09:00",
    );
    check_days_trace(
        &office(),
        "2025-11-07 17:00",
        1,
        &[("2025-11-10 10:00", "2025-11-10 10:30")],
        "received Fri 17:00 · closed Sat–Sun · business day 1: Mon · paused Mon 10:00–10:30 (30 min stopped) · extended from Mon 17:00 by 30 paused min · due Mon 17:30",
    );
    check_days_trace(
        &office(),
        "2025-11-03 10:00",
        1,
        &[("2025-11-04 09:00", "2025-11-04 11:00")],
        "received Mon 10:00 · business day 1: Tue · paused Tue 09:00–10:00 (60 min stopped) · extended from Tue 10:00 by 60 paused min · paused Tue 10:00–11:00 (60 min stopped) · resumes Tue 11:00 · due Tue 12:00",
    );
    check_elapsed_trace(
        &office(),
        "2025-11-07 17:40",
        "2025-11-10 08:20",
        &[],
        "received Fri 17:40 · window closes 18:00 · 20 min counted · closed Sat–Sun · opens Mon 08:00 · 20 min counted · until Mon 08:20: 40 min in total",
    );
    check_elapsed_trace(
        &office(),
        "2025-11-08 10:00",
        "2025-11-08 12:00",
        &[],
        "received Sat 10:00 · closed Sat · until Sat 12:00: 0 min in total",
    );
}
