//! covered-core's string entry points against workclock, side by side in one process:
//! the same 100,000 deadlines on each of three Korean calendars, ISO-8601 local start
//! in, ISO-8601 due with offset out, parsing and formatting included on both sides.
//!
//! - covered: [`api::calendar`] once, then [`api::due`] per deadline;
//! - workclock 0.1.4 (on jiff 0.2): a `Schedule` built once, then per deadline the start
//!   read with jiff (`civil::DateTime` parsed, `TimeZone::to_timestamp`), `Schedule::add`,
//!   and the due written with `Timestamp::display_with_offset`.
//!
//! The calendars, all in Asia/Seoul and closed on the Korean public holidays of
//! 2026–2028 as covered's built-in table lists them (the same dates given to both):
//! Mon–Fri 09:00–18:00; Mon–Fri 09:00–12:00 and 13:00–18:00 (workclock: a work day with
//! a lunch `Break`); every day 06:00–22:00 (16×7).
//!
//! The workload, from a fixed seed (the generator and the mix of `tests/bench/deadlines.mjs`):
//! starts on whole minutes over 2026–2027 — a quarter inside business hours, a quarter on
//! a holiday, a quarter exactly on an opening or closing time, a quarter anywhere
//! (nights, weekends) — and 30 to 1,620 business minutes, one in eight a whole number of
//! business days, so many deadlines end exactly on a closing time.
//!
//! Every answer of the two is compared: any difference is printed (how many, the first
//! few) and makes the bench exit non-zero. Timings are the median of
//! `COVERED_BENCH_RUNS` (default 7) passes over all deadlines, the two libraries taking
//! turns, after a warm-up pass each, in the bench thread's on-CPU time where Linux
//! gives it (so a busy shared machine slows both less unevenly), else wall-clock time.
//! The path `api::due` took before it had a trace-free due — the full clock with its
//! trace, then `Zone::format` — is timed beside them (`full-clock`).
//! `COVERED_BENCH_COUNT=n` runs the first n. Printed: one `peer …` line per calendar,
//! then `budget: … pass|FAIL` lines (timings are never failures; `cargo xtask bench`
//! collects them into BENCHMARKS.md).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;

use covered_core::api;
use covered_core::calendar::holidays::korean_public_holidays;
use covered_core::civil::{Date, date};
use jiff::civil::{Time, time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use jiff_02 as jiff;
use workclock::{Break, Holidays, Schedule, Weekdays, WorkDay};

/// The seed of `tests/bench/deadlines.mjs`.
const SEED: u32 = 20_260_101;
const DAYS: i64 = 730; // 2026-01-01 … 2027-12-31
const MIN_MINUTES: u32 = 30;
const MAX_MINUTES: u32 = 1620;

/// mulberry32, as in `tests/bench/deadlines.mjs`.
struct Random(u32);

impl Random {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x6d2b_79f5);
        let mut t = self.0;
        t = (t ^ (t >> 15)).wrapping_mul(t | 1);
        t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
        f64::from(t ^ (t >> 14)) / 4_294_967_296.0
    }

    fn pick(&mut self, n: usize) -> usize {
        // Truncation is the point: a uniform index below n.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let i = (self.next() * n as f64) as usize;
        i
    }
}

/// One calendar of the workload.
struct Spec {
    name: &'static str,
    /// Windows (minutes of the day) of Monday … Sunday.
    windows: [&'static [(u32, u32)]; 7],
}

const OFFICE: &[(u32, u32)] = &[(9 * 60, 18 * 60)];
const LUNCH: &[(u32, u32)] = &[(9 * 60, 12 * 60), (13 * 60, 18 * 60)];
const LONG: &[(u32, u32)] = &[(6 * 60, 22 * 60)];

const SPECS: [Spec; 3] = [
    Spec {
        name: "Mon–Fri 09:00–18:00",
        windows: [OFFICE, OFFICE, OFFICE, OFFICE, OFFICE, &[], &[]],
    },
    Spec {
        name: "Mon–Fri 09:00–12:00, 13:00–18:00",
        windows: [LUNCH, LUNCH, LUNCH, LUNCH, LUNCH, &[], &[]],
    },
    Spec {
        name: "16×7 (every day 06:00–22:00)",
        windows: [LONG; 7],
    },
];

fn hhmm(m: u32) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

fn weekday(d: Date) -> usize {
    usize::try_from(d.weekday().to_monday_zero_offset()).unwrap()
}

impl Spec {
    fn covered_json(&self, holidays: &[Date]) -> String {
        let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let weekly: Vec<String> = days
            .iter()
            .zip(self.windows)
            .map(|(d, ws)| {
                let ws: Vec<String> = ws
                    .iter()
                    .map(|&(a, b)| format!("[\"{}\",\"{}\"]", hhmm(a), hhmm(b)))
                    .collect();
                format!("\"{d}\":[{}]", ws.join(","))
            })
            .collect();
        let holidays: Vec<String> = holidays.iter().map(|d| format!("\"{d}\"")).collect();
        format!(
            "{{\"timezone\":\"Asia/Seoul\",\"weekly\":{{{}}},\"holidays\":[{}]}}",
            weekly.join(","),
            holidays.join(",")
        )
    }

    /// The same calendar as workclock rules: one work day from the first opening to the
    /// last closing on the days with windows, the gaps between windows as breaks.
    fn workclock(&self, holidays: &[Date]) -> Schedule {
        let t = |m: u32| -> Time {
            time(
                i8::try_from(m / 60).unwrap(),
                i8::try_from(m % 60).unwrap(),
                0,
                0,
            )
        };
        let days: Weekdays = jiff::civil::Weekday::Monday
            .cycle_forward()
            .take(7)
            .zip(self.windows)
            .filter(|(_, ws)| !ws.is_empty())
            .map(|(d, _)| d)
            .collect();
        let ws = self.windows.iter().find(|ws| !ws.is_empty()).unwrap();
        let (open, close) = (ws[0].0, ws[ws.len() - 1].1);
        let mut builder = Schedule::builder()
            .time_zone("Asia/Seoul")
            .rule(WorkDay::new(t(open), t(close), days));
        for pair in ws.windows(2) {
            builder = builder.rule(Break::new(t(pair[0].1), t(pair[1].0), days));
        }
        let dates = holidays
            .iter()
            .map(|d| jiff::civil::date(d.year(), d.month(), d.day()));
        builder.rule(Holidays::new(dates)).build().unwrap()
    }

    fn day_minutes(&self) -> u32 {
        self.windows
            .iter()
            .find(|ws| !ws.is_empty())
            .map_or(0, |ws| ws.iter().map(|(a, b)| b - a).sum())
    }

    /// The starts and durations, deterministic.
    fn workload(&self, count: usize, holidays: &[Date]) -> Vec<(String, i64)> {
        let mut random = Random(SEED);
        let first = date(2026, 1, 1);
        let all: Vec<Date> = (0..DAYS)
            .map(|n| first.checked_add_days(n).unwrap())
            .collect();
        let business: Vec<Date> = all
            .iter()
            .copied()
            .filter(|d| !self.windows[weekday(*d)].is_empty() && !holidays.contains(d))
            .collect();
        let closed: Vec<Date> = all
            .iter()
            .copied()
            .filter(|d| holidays.contains(d))
            .collect();
        let at = |d: Date, m: u32| format!("{d}T{}:00", hhmm(m));
        let day = self.day_minutes();
        let whole_days = (MAX_MINUTES / day).min(3) as usize;
        (0..count)
            .map(|i| {
                let start = match i % 4 {
                    0 => {
                        let d = business[random.pick(business.len())];
                        let ws = self.windows[weekday(d)];
                        let mut m = random.pick(day as usize) as u32;
                        let mut minute = 0;
                        for &(a, b) in ws {
                            if m < b - a {
                                minute = a + m;
                                break;
                            }
                            m -= b - a;
                        }
                        at(d, minute)
                    }
                    1 => at(closed[random.pick(closed.len())], random.pick(1440) as u32),
                    2 => {
                        let d = all[random.pick(all.len())];
                        // The edges of that weekday's windows, or of the calendar's.
                        let ws = match self.windows[weekday(d)] {
                            [] => self.windows.iter().find(|ws| !ws.is_empty()).unwrap(),
                            ws => ws,
                        };
                        let edges: Vec<u32> = ws.iter().flat_map(|&(a, b)| [a, b]).collect();
                        at(d, edges[random.pick(edges.len())])
                    }
                    _ => at(all[random.pick(all.len())], random.pick(1440) as u32),
                };
                let minutes = if random.next() < 1.0 / 8.0 {
                    day * (1 + random.pick(whole_days) as u32)
                } else {
                    MIN_MINUTES + random.pick((MAX_MINUTES - MIN_MINUTES + 1) as usize) as u32
                };
                (start, i64::from(minutes))
            })
            .collect()
    }
}

/// workclock with the string in and out: jiff reads the local start in the zone,
/// workclock adds, jiff writes the due with its offset.
fn via_workclock(s: &Schedule, tz: &TimeZone, start: &str, minutes: i64) -> String {
    let run = || -> Result<String, Box<dyn std::error::Error>> {
        let local: jiff::civil::DateTime = start.parse()?;
        let at = tz.to_timestamp(local)?;
        let due: Timestamp = s.add(at, SignedDuration::from_mins(minutes))?;
        Ok(due.display_with_offset(tz.to_offset(due)).to_string())
    };
    run().unwrap_or_else(|e| format!("error: {e}"))
}

fn via_covered(c: &covered_core::calendar::Calendar, start: &str, minutes: i64) -> String {
    api::due(c, start, minutes).unwrap_or_else(|e| format!("error: {e:?}"))
}

/// The string API's path before it had a trace-free due (and still the one that gives
/// its errors): the full clock, trace and all, and `Zone::format`.
fn via_full_clock(c: &covered_core::calendar::Calendar, start: &str, minutes: i64) -> String {
    let zone = c.zone();
    let at = zone.parse_local(start).unwrap();
    let due = c.add_minutes(at, minutes, &[]).unwrap().due;
    zone.format(due).unwrap()
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// Nanoseconds this thread has run on a CPU (Linux's `/proc/thread-self/schedstat`), so
/// that time the shared machine gives to other processes is not counted; `None`
/// elsewhere.
fn cpu_ns() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

/// Nanoseconds per deadline of one pass (on-CPU time when the system tells it, else
/// wall-clock time), and its answers.
fn pass(inputs: &[(String, i64)], mut f: impl FnMut(&str, i64) -> String) -> (f64, Vec<String>) {
    let mut out = Vec::with_capacity(inputs.len());
    let (cpu, wall) = (cpu_ns(), Instant::now());
    for (start, minutes) in inputs {
        out.push(f(black_box(start), black_box(*minutes)));
    }
    let wall = wall.elapsed().as_secs_f64() * 1e9;
    let ns = match (cpu, cpu_ns()) {
        (Some(a), Some(b)) => b - a,
        _ => wall,
    };
    (ns / inputs.len() as f64, black_box(out))
}

struct Figures {
    covered: f64,
    full_clock: f64,
    workclock: f64,
    identical: usize,
    count: usize,
}

fn run(spec: &Spec, holidays: &[Date], count: usize, runs: usize) -> Figures {
    let inputs = spec.workload(count, holidays);
    let cal = api::calendar(&spec.covered_json(holidays)).unwrap();
    let schedule = spec.workclock(holidays);
    let tz = TimeZone::get("Asia/Seoul").unwrap();

    // Warm-up, and the answers compared.
    let (_, ours) = pass(&inputs, |s, m| via_covered(&cal, s, m));
    let (_, theirs) = pass(&inputs, |s, m| via_workclock(&schedule, &tz, s, m));
    let mut identical = 0;
    let mut shown = 0;
    for (((start, minutes), a), b) in inputs.iter().zip(&ours).zip(&theirs) {
        if a == b {
            identical += 1;
        } else if shown < 10 {
            shown += 1;
            println!(
                "peer differ: {} · {start} + {minutes} min: covered {a}, workclock {b}",
                spec.name
            );
        }
    }

    let (_, full) = pass(&inputs, |s, m| via_full_clock(&cal, s, m));
    assert!(
        full == ours,
        "{}: the full clock and api::due differ",
        spec.name
    );

    let (mut ts_ours, mut ts_full, mut ts_theirs) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        ts_ours.push(pass(&inputs, |s, m| via_covered(&cal, s, m)).0);
        ts_full.push(pass(&inputs, |s, m| via_full_clock(&cal, s, m)).0);
        ts_theirs.push(pass(&inputs, |s, m| via_workclock(&schedule, &tz, s, m)).0);
    }
    Figures {
        covered: median(ts_ours),
        full_clock: median(ts_full),
        workclock: median(ts_theirs),
        identical,
        count: inputs.len(),
    }
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; a filter argument is not supported.
    let env = |k: &str, default: usize| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let count = env("COVERED_BENCH_COUNT", 100_000);
    let runs = env("COVERED_BENCH_RUNS", 7).max(1);
    let holidays: Vec<Date> = (2026..=2028)
        .flat_map(|y| korean_public_holidays(y).unwrap())
        .map(|h| h.date)
        .collect();

    let clock = if cpu_ns().is_some() {
        "on-CPU time"
    } else {
        "wall-clock time"
    };
    println!(
        "peer run: {count} deadlines per calendar, median {clock} of {runs} passes each, workclock 0.1.4 on jiff 0.2"
    );
    let mut all_identical = true;
    let mut main = None;
    for spec in &SPECS {
        let f = run(spec, &holidays, count, runs);
        println!(
            "peer {:<34} covered {:>8.1} ns  workclock {:>8.1} ns  ratio {:>5.1}×  identical {}/{}  full-clock {:.1} ns",
            spec.name,
            f.covered,
            f.workclock,
            f.workclock / f.covered,
            f.identical,
            f.count,
            f.full_clock
        );
        all_identical &= f.identical == f.count;
        main.get_or_insert(f);
    }
    let main = main.unwrap();
    let verdict = |ok: bool| if ok { "pass" } else { "FAIL" };
    let ratio = main.workclock / main.covered;
    println!(
        "budget: deadline via the string API ({}): {:.0} ns ≤ 150 {}",
        SPECS[0].name,
        main.covered,
        verdict(main.covered <= 150.0)
    );
    println!(
        "budget: covered vs workclock ({}): {ratio:.1}× ≥ 5 {}",
        SPECS[0].name,
        verdict(ratio >= 5.0)
    );
    if all_identical {
        ExitCode::SUCCESS
    } else {
        println!("peer: the answers differ (see the `peer differ` lines)");
        ExitCode::FAILURE
    }
}
