//! Native cost of the engine: deadlines of growing length (their cost must not grow
//! with the length: a 250-business-day deadline at most 3× a 1-hour one), a full
//! verdict, quota status over a 100,000-request history (from the index built when it
//! is loaded, and by passing over it), and loading the sample data.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use covered_core::calendar::{Calendar, WeeklyHours, Window, Zone, holidays};
use covered_core::civil::{DateTime, date};
use covered_core::contract::DataSet;
use covered_core::i18n::Text;
use covered_core::map::Map;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

#[path = "../tests/common/mod.rs"]
mod common;

fn office() -> Calendar {
    let closed: Map<_, _> = holidays::all_korean_public_holidays()
        .iter()
        .map(|h| (h.date, Text::new(h.name_ko, h.name_en)))
        .collect();
    let hours = WeeklyHours::weekdays(Window::parse("08:00-18:00").unwrap());
    Calendar::new(Zone::seoul(), hours, closed).unwrap()
}

fn sample() -> DataSet {
    common::sample("library")
}

/// 48 request times spread over two weeks around 추석 2025 (every 7 hours: inside
/// and outside the window, weekends, holidays) — a typical mix, not one lucky start.
fn starts() -> Vec<DateTime> {
    let first: DateTime = date(2025, 9, 29).at(9, 15, 0, 0);
    (0..48i64)
        .map(|i| first.checked_add_minutes(7 * 60 * i).unwrap())
        .collect()
}

fn deadlines(c: &mut Criterion) {
    let cal = office();
    let starts = starts();
    let mut g = c.benchmark_group("deadline (48 starts)");
    g.bench_function("1 hour", |b| {
        b.iter(|| {
            for s in &starts {
                black_box(cal.add_minutes(black_box(*s), 60, &[]).unwrap());
            }
        })
    });
    g.bench_function("3 business days", |b| {
        b.iter(|| {
            for s in &starts {
                black_box(cal.add_business_days(black_box(*s), 3, &[]).unwrap());
            }
        })
    });
    g.bench_function("250 business days", |b| {
        b.iter(|| {
            for s in &starts {
                black_box(cal.add_business_days(black_box(*s), 250, &[]).unwrap());
            }
        })
    });
    g.bench_function("150,000 business minutes", |b| {
        b.iter(|| {
            for s in &starts {
                black_box(cal.add_minutes(black_box(*s), 150_000, &[]).unwrap());
            }
        })
    });
    g.finish();
}

fn verdicts(c: &mut Criterion) {
    // What the portal and the widget do first: read and validate the whole data set.
    let files = common::sample_files("library");
    c.bench_function("load the sample data set (library)", |b| {
        b.iter(|| covered_core::contract::load(black_box(&files)).unwrap())
    });
    let data = sample();
    let now: DateTime = "2026-11-20T22:30:00".parse().unwrap();
    let request = r#"{"branch":"main","product":"DLi","version":"8","category":"stats_report",
        "answers":{"person_days":1,"security_risk":false}}"#;
    c.bench_function("full verdict (parse request + evaluate)", |b| {
        b.iter(|| covered_core::api::check(&data, "hanbit-city", black_box(request), now).unwrap())
    });
    // Quota status over a 100,000-request history: the sample history of hanbit-city
    // repeated under new ids, loaded (which indexes it), then asked as the string API
    // does; and the same lines by passing over the history, as the wasm builds count.
    let mut files = files.clone();
    let path = "history/hanbit-city.json";
    let mut history: serde_json::Value = serde_json::from_str(files.get(path).unwrap()).unwrap();
    let base = history["requests"].as_array().unwrap().clone();
    let requests = history["requests"].as_array_mut().unwrap();
    for i in base.len()..100_000 {
        let mut r = base[i % base.len()].clone();
        r["id"] = format!("SR-{i}").into();
        requests.push(r);
    }
    files.insert(path.to_owned(), history.to_string());
    let data = covered_core::contract::load(&files).unwrap();
    assert_eq!(data.history("hanbit-city").len(), 100_000);
    let contract = data.contract("hanbit-city").unwrap();
    let plain = || {
        covered_core::quota::quota_status(
            &data.catalog,
            contract,
            black_box(data.history("hanbit-city")),
            now.date(),
        )
    };
    assert_eq!(
        covered_core::api::quota(&data, "hanbit-city", now).unwrap(),
        plain()
    );
    c.bench_function("quota status over 100,000 requests", |b| {
        b.iter(|| covered_core::api::quota(black_box(&data), "hanbit-city", now).unwrap())
    });
    c.bench_function(
        "quota status over 100,000 requests (pass over the history)",
        |b| b.iter(plain),
    );
}

criterion_group!(benches, deadlines, verdicts);
criterion_main!(benches);
