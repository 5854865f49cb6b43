//! Loading and validating a data directory as its history grows: the library sample
//! with `history/hanbit-city.json` grown by generated requests to 10,000 and to
//! 1,000,000. Loading must scale linearly: the time per request at a million
//! within 1.5× that at ten thousand.
//!
//! Prints one `load: N requests …` line per size (the best of 5 runs at ten thousand,
//! of 3 at a million: on a shared machine one load of a million took 2.8 to 11.8 s),
//! which `cargo xtask bench` reads.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fmt::Write as _;
use std::time::{Duration, Instant};

#[path = "../tests/common/mod.rs"]
mod common;

/// Request types of the sample, cycled through (limited and unlimited ones, incidents
/// with a severity, service requests with a wanted-by date).
const CATEGORIES: [(&str, Option<&str>); 5] = [
    ("usage_question", None),
    ("stats_report", None),
    ("program_error", Some("medium")),
    ("fault", Some("critical")),
    ("data_fix", None),
];

/// The sample's history file with `n` completed requests spread over the contract
/// year added before its closing bracket (its own requests stay: outages name them).
fn history(sample: &str, n: usize) -> String {
    let end = sample
        .rfind(']')
        .expect("the sample history ends with its requests");
    let mut text = String::with_capacity(n * 260 + sample.len());
    text.push_str(sample[..end].trim_end());
    for i in 0..n {
        let (category, severity) = CATEGORIES[i % CATEGORIES.len()];
        // 2026-03-02 .. 2027-02-26: day of the contract year and a time of day.
        let day = 1 + (i * 7) % 360;
        let (month, dom) = month_day(day);
        let year = if month >= 3 { 2026 } else { 2027 };
        let hour = 9 + i % 8;
        text.push(',');
        write!(
            text,
            r#"{{"id": "SR-G-{i:07}", "category": "{category}", "submitted": "{year}-{month:02}-{dom:02}T{hour:02}:10:00", "responded": "{year}-{month:02}-{dom:02}T{hour:02}:40:00", "completed": "{year}-{month:02}-{dom:02}T{hour:02}:55:00", "status": "completed", "title": "generated request {i}""#
        )
        .unwrap();
        if let Some(s) = severity {
            write!(text, r#", "severity": "{s}""#).unwrap();
        }
        text.push('}');
    }
    text.push_str(&sample[end..]);
    text
}

/// Month and day of month of the `day`-th day (0-based) after 1 March, within a year
/// of 28-day months for simplicity (every date exists).
fn month_day(day: usize) -> (usize, usize) {
    let month = 3 + day / 28;
    let month = if month > 12 { month - 12 } else { month };
    (month, 1 + day % 28)
}

/// The best time of `runs` loads of the sample with an `n`-request history.
fn time_load(n: usize, runs: usize) -> Duration {
    const FILE: &str = "history/hanbit-city.json";
    let mut files = common::sample_files("library");
    let sample = files.get(FILE).cloned().unwrap_or_default();
    let own = common::sample("library").history("hanbit-city").len();
    files.insert(FILE.to_owned(), history(&sample, n - own));
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let started = Instant::now();
        let data = covered_core::contract::load(&files)
            .unwrap_or_else(|p| panic!("the generated history does not load:\n{p}"));
        let took = started.elapsed();
        assert_eq!(data.history("hanbit-city").len(), n);
        best = best.min(took);
    }
    best
}

fn main() {
    // `cargo test --benches` runs this as a test: one small size is enough there.
    let sizes: &[(usize, usize)] = if std::env::args().any(|a| a == "--bench") {
        &[(10_000, 5), (1_000_000, 3)]
    } else {
        &[(1_000, 1)]
    };
    for &(n, runs) in sizes {
        let took = time_load(n, runs);
        let per_request_us = took.as_secs_f64() * 1e6 / n as f64;
        println!(
            "load: {n} requests in {:.3} s ({per_request_us:.3} µs a request, best of {runs})",
            took.as_secs_f64()
        );
    }
}
