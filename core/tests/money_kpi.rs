//! Availability, service credits, fees and quotes, KPIs, the package comparison and
//! the history replay — every number of docs/domain.md §7–§9, one `check` helper per area.

use covered_core::availability::{self, Exclusion};
use covered_core::civil::DateTime;
use covered_core::contract::{
    Billing, CreditSchedule, DataSet, Outage, PastRequest, YearMonth, load,
};
use covered_core::credits::{self, CapKind, LineKind};
use covered_core::fees::{self, RateSource};
use covered_core::kpi::KpiReport;
use covered_core::map::Map;
use covered_core::money::{Amount, Rounding, thousand_won};
use covered_core::replay::ReplayCoverage;
use covered_core::{Problems, api};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::common::sample_files;
use std::str::FromStr;

// ---------------------------------------------------------------- helpers

fn loaded(files: &Map<String, String>) -> DataSet {
    load(files).unwrap_or_else(|p| panic!("data does not load:\n{p}"))
}

fn library() -> DataSet {
    loaded(&sample_files("library"))
}

fn cloud() -> DataSet {
    loaded(&sample_files("cloud"))
}

fn edit(files: &mut Map<String, String>, file: &str, f: impl FnOnce(&mut Value)) {
    let mut v: Value =
        serde_json::from_str(files.get(file).map_or("null", String::as_str)).unwrap();
    f(&mut v);
    files.insert(file.to_owned(), v.to_string());
}

fn problems_of(files: &Map<String, String>) -> Vec<String> {
    match load(files) {
        Ok(_) => Vec::new(),
        Err(Problems(ps)) => ps.iter().map(ToString::to_string).collect(),
    }
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn dt(s: &str) -> DateTime {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn ym(s: &str) -> YearMonth {
    YearMonth::parse(s).unwrap_or_else(|| panic!("{s} is not a month"))
}

fn outage(start: DateTime, end: DateTime) -> Outage {
    Outage {
        id: None,
        start,
        end,
        planned_announced: false,
        force_majeure: false,
        customer_fault: false,
        third_party: false,
        note: None,
        request: None,
    }
}

/// An outage of `seconds` from the first of `month`.
fn outage_in(month: &str, seconds: i64) -> Outage {
    let start = ym(month).first_day().at(0, 0, 0, 0);
    outage(start, start.checked_add_seconds(seconds).unwrap())
}

// ---------------------------------------------------------------- availability (§7)

#[track_caller]
fn check_availability(month: &str, outage_seconds: i64, period_minutes: i64, percent: &str) {
    let outages: Vec<Outage> = if outage_seconds > 0 {
        vec![outage_in(month, outage_seconds)]
    } else {
        vec![]
    };
    let a = availability::month(&outages, ym(month)).unwrap();
    assert_eq!(a.period_minutes, period_minutes, "minutes in {month}");
    assert_eq!(
        a.percent,
        d(percent),
        "availability of {month} with {outage_seconds} s out"
    );
}

#[test]
fn availability_is_100_times_one_minus_outage_over_minutes_in_the_month() {
    check_availability("2026-10", 0, 44_640, "100");
    check_availability("2026-10", 690 * 60, 44_640, "98.4543");
    check_availability("2026-11", 432 * 60, 43_200, "99");
    check_availability("2026-11", 2_160 * 60, 43_200, "95");
    check_availability("2026-02", 403 * 60, 40_320, "99.0005");
    check_availability("2028-02", 0, 41_760, "100");
    // Seconds count: 43 min 12 s in a 30-day month is exactly 99.9 %.
    check_availability("2026-11", 2_592, 43_200, "99.9");
}

#[test]
fn excluded_outages_are_listed_with_their_reason_and_do_not_count() {
    let mut planned = outage(dt("2026-10-18T01:00:00"), dt("2026-10-18T05:00:00"));
    planned.planned_announced = true;
    let mut force = outage(dt("2026-10-19T01:00:00"), dt("2026-10-19T02:00:00"));
    force.force_majeure = true;
    let mut customer = outage(dt("2026-10-20T01:00:00"), dt("2026-10-20T02:00:00"));
    customer.customer_fault = true;
    let mut carrier = outage(dt("2026-10-21T01:00:00"), dt("2026-10-21T02:00:00"));
    carrier.third_party = true;
    let real = outage(dt("2026-10-22T01:00:00"), dt("2026-10-22T01:30:00"));
    let a = availability::month(&[planned, force, customer, carrier, real], ym("2026-10")).unwrap();
    assert_eq!(a.outage_minutes, d("30"));
    let why: Vec<Vec<Exclusion>> = a
        .outages
        .iter()
        .map(|o| o.excluded_because.clone())
        .collect();
    assert_eq!(
        why,
        [
            vec![Exclusion::PlannedAnnounced],
            vec![Exclusion::ForceMajeure],
            vec![Exclusion::CustomerFault],
            vec![Exclusion::ThirdParty],
            vec![],
        ]
    );
    assert_eq!(a.explain.en, "100 × (1 − 30 min ÷ 44,640 min) = 99.9328 %");
}

#[test]
fn an_outage_across_a_month_border_counts_in_each_month_for_its_part() {
    let data = library();
    let o = data.outages("national-sample");
    let april = availability::month(o, ym("2026-04")).unwrap();
    let may = availability::month(o, ym("2026-05")).unwrap();
    assert_eq!(
        (april.outage_minutes, may.outage_minutes),
        (d("60"), d("120"))
    );
    assert!(
        april.outages[0]
            .text
            .en
            .contains("its part inside the period")
    );
    // August's outage is force majeure: excluded.
    assert_eq!(
        availability::month(o, ym("2026-08")).unwrap().percent,
        d("100")
    );
}

#[test]
fn seoul_2012_819_minutes_of_outage() {
    // 002 reports "2012년 총 장애시간 : 819분 (가동시간/284700h*100 = 99.71%)".
    let year = availability::over(
        &[outage(dt("2012-06-01T00:00:00"), dt("2012-06-01T13:39:00"))],
        dt("2012-01-01T00:00:00"),
        dt("2013-01-01T00:00:00"),
    )
    .unwrap();
    // By docs/domain.md §7's formula over the whole (leap) year: 366 × 1,440 = 527,040 minutes.
    assert_eq!(year.period_minutes, 527_040);
    assert_eq!(year.outage_minutes, d("819"));
    assert_eq!(year.percent, d("99.8446"));
    // The document's own figure comes from its own denominator, 284,700: read as
    // minutes, 100 × (1 − 819 ÷ 284,700) = 99.7123 → "99.71 %". 284,700 is exactly
    // 365 × 13 × 60, i.e. 13 service hours a day over a 365-day year, in minutes —
    // although the document labels it "h" and 2012 had 366 days. Read as hours
    // (284,700 h ≈ 32.5 years) the same outage would give 99.9952 %. The document
    // does not say which service hours it meant, so we reproduce, not reinterpret.
    assert_eq!(365 * 13 * 60, 284_700);
    let theirs = availability::percent(d("819"), d("284700")).unwrap();
    assert_eq!(theirs.round_dp(2), d("99.71"));
    assert_eq!(theirs.round_dp(4), d("99.7123"));
    let as_hours = availability::percent(d("13.65"), d("284700")).unwrap();
    assert_eq!(as_hours.round_dp(4), d("99.9952"));
}

#[test]
fn public_cloud_targets_99_9_and_99_5_are_met_exactly_at_the_edge() {
    let at = |secs| availability::month(&[outage_in("2026-11", secs)], ym("2026-11")).unwrap();
    // IaaS/PaaS ask 99.9 %: 43.2 min a 30-day month; SaaS 99.5 %: 216 min.
    assert!(at(2_592).is_at_least(d("99.9")));
    assert!(at(2_593).is_below(d("99.9")));
    assert!(at(216 * 60).is_at_least(d("99.5")));
    assert!(at(216 * 60 + 1).is_below(d("99.5")));
}

// ---------------------------------------------------------------- credit bands (§7)

fn schedule(data: &DataSet, id: &str) -> CreditSchedule {
    data.catalog
        .credit_schedule(id)
        .cloned()
        .unwrap_or_else(|| panic!("no schedule {id}"))
}

/// The band percent a schedule gives for `outage_seconds` out of a 30-day month.
#[track_caller]
fn check_band(schedule: &CreditSchedule, outage_seconds: i64, want: Option<&str>) {
    let a = availability::month(&[outage_in("2026-11", outage_seconds)], ym("2026-11")).unwrap();
    let got = credits::band_for(schedule, &a).map(|b| b.percent);
    assert_eq!(
        got,
        want.map(d),
        "{} at {} % ({outage_seconds} s out)",
        schedule.id,
        a.exact_percent()
    );
}

const MIN: i64 = 60;

#[test]
fn handbook_below_99_is_5_percent_below_98_is_10_and_exactly_99_is_nothing() {
    let h = schedule(&library(), "handbook");
    check_band(&h, 0, None);
    check_band(&h, 431 * MIN, None); // 99.0023 %
    check_band(&h, 432 * MIN, None); // exactly 99.0 %: not below 99.0
    check_band(&h, 432 * MIN + 1, Some("5")); // a second below
    check_band(&h, 864 * MIN, Some("5")); // exactly 98.0 %: not below 98.0
    check_band(&h, 864 * MIN + 1, Some("10"));
    check_band(&h, 2_160 * MIN, Some("10")); // 95 %
    check_band(&h, 43_200 * MIN, Some("10")); // 0 %
    assert_eq!(h.caps.per_month, Some(d("50")));
    assert_eq!(h.caps.per_contract_year, Some(d("25")));
    assert_eq!(h.triggers[0].percent, d("15"));
    assert_eq!(h.triggers[0].severities, ["critical"]);
}

#[test]
fn cloud_a_b_c_bands_at_their_edges() {
    let data = cloud();
    let (a, b, c) = (
        schedule(&data, "cloud-a"),
        schedule(&data, "cloud-b"),
        schedule(&data, "cloud-c"),
    );
    // 99.9 % = 2,592 s, 99.0 % = 432 min, 95.0 % = 2,160 min, 99.95 % = 1,296 s,
    // 99.5 % = 216 min (of a 30-day month).
    for (s, below_95) in [(&a, "100"), (&b, "50")] {
        check_band(s, 2_592, None); // exactly 99.9 %
        check_band(s, 2_593, Some("10"));
        check_band(s, 432 * MIN, Some("10")); // exactly 99.0 %: in 99.0–99.9
        check_band(s, 432 * MIN + 1, Some("25"));
        check_band(s, 2_160 * MIN, Some("25")); // exactly 95.0 %: in 95.0–99.0
        check_band(s, 2_160 * MIN + 1, Some(below_95));
    }
    check_band(&c, 1_296, None); // exactly 99.95 %
    check_band(&c, 1_297, Some("10"));
    check_band(&c, 2_592, Some("10")); // exactly 99.9 %
    check_band(&c, 2_593, Some("20"));
    check_band(&c, 216 * MIN, Some("20")); // exactly 99.5 %
    check_band(&c, 216 * MIN + 1, Some("30"));
    assert_eq!(format!("{:?}", b.basis), "ThreeMonthAverageFee");
}

// ---------------------------------------------------------------- credit statements (§7)

#[track_caller]
fn check_month(
    data: &DataSet,
    contract: &str,
    month: &str,
    lines: &[(&str, &str, &str)],
    credit: &str,
) {
    let s = api::credits_month(data, contract, month).unwrap_or_else(|p| panic!("{p}"));
    let got: Vec<(String, String, String)> = s
        .lines
        .iter()
        .map(|l| {
            (
                l.id.clone(),
                l.percent.to_string(),
                l.amount.amount.to_string(),
            )
        })
        .collect();
    let want: Vec<(String, String, String)> = lines
        .iter()
        .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned()))
        .collect();
    assert_eq!(got, want, "{contract} {month} lines");
    assert_eq!(
        s.credit.amount,
        d(credit),
        "{contract} {month}: {}",
        s.explain.en
    );
}

#[test]
fn monthly_statements_on_the_sample_data() {
    let lib = library();
    // Gold, ₩28,500,000 a year → ₩2,375,000 a month. October: 690 counted minutes
    // (planned maintenance and a carrier outage excluded) → 98.4543 % → 5 %; the
    // critical fault SR-2026-0180 was restored 210 minutes after its 8 h due → 15 %.
    check_month(
        &lib,
        "hanbit-city",
        "2026-10",
        &[
            ("band", "5", "118750"),
            ("critical_restore_overrun", "15", "356250"),
        ],
        "475000",
    );
    // September: 210 minutes → 99.5139 %, restored within 8 h → nothing.
    check_month(&lib, "hanbit-city", "2026-09", &[], "0");
    let c = cloud();
    // Cloud A on ₩36,000,000 a year: 880 minutes in August → 98.0287 % → 25 % of ₩3,000,000.
    check_month(
        &c,
        "acme-shop",
        "2026-08",
        &[("band", "25", "750000")],
        "750000",
    );
    // Cloud C, multi-zone: 30 minutes in September → 99.9306 % → 10 % of ₩20,000,000.
    check_month(
        &c,
        "bitnet-bank",
        "2026-09",
        &[("band", "10", "2000000")],
        "2000000",
    );
    // Cloud B: 2,340 minutes in June → 94.5833 % → 50 % of the 3-month average fee
    // (₩2,200,000 + ₩2,600,000 + ₩3,300,000) ÷ 3 = ₩2,700,000.
    check_month(
        &c,
        "haneul-mall",
        "2026-06",
        &[("band", "50", "1350000")],
        "1350000",
    );
    let s = api::credits_month(&c, "haneul-mall", "2026-06").unwrap();
    assert_eq!(s.basis.amount, d("2700000"));
    assert_eq!(s.month_fee.amount, d("3300000"));
}

#[test]
fn statements_name_what_they_cannot_do() {
    let lib = library();
    let err = |r: Result<credits::MonthStatement, Problems>| {
        r.err().map(|p| p.to_string()).unwrap_or_default()
    };
    assert_eq!(
        err(api::credits_month(&lib, "yetgil-city", "2024-05")),
        "input: $.month: contract \"yetgil-city\" names no credit schedule (add \"credit_schedule\": <id> to it)"
    );
    assert_eq!(
        err(api::credits_month(&lib, "hanbit-city", "2025-05")),
        "input: $.month: 2025-05 is outside the contract period 2026-03-01 – 2027-02-28"
    );
    assert_eq!(
        err(api::credits_month(&lib, "hanbit-city", "2026-13")),
        "input: $.month: expected a month YYYY-MM, found \"2026-13\""
    );
    assert!(
        err(api::credits_month(&lib, "nobody", "2026-10"))
            .starts_with("input: $.contract: \"nobody\" is not a contract")
    );
}

/// hanbit-city with outages and critical faults made up so that March earns only its
/// band and April–September each earn 10 % + 3 × 15 % = 55 %.
fn capped_files() -> Map<String, String> {
    let mut files = sample_files("library");
    let mut outages = Vec::new();
    let mut requests = Vec::new();
    for m in 3..=9 {
        // 1,000 minutes: < 98 % in any month → 10 %.
        outages.push(json!({"start": format!("2026-{m:02}-05T00:00:00"), "end": format!("2026-{m:02}-05T16:40:00")}));
        if m == 3 {
            continue;
        }
        for i in 0..3 {
            let day = 10 + i;
            // Restored after 10 h; gold's critical restore target is 8 h → 120 min late.
            requests.push(json!({"id": format!("SR-X-{m}-{i}"), "category": "fault", "severity": "critical",
                "submitted": format!("2026-{m:02}-{day}T01:00:00"), "responded": format!("2026-{m:02}-{day}T01:10:00"),
                "restored": format!("2026-{m:02}-{day}T11:00:00"), "completed": format!("2026-{m:02}-{day}T12:00:00"),
                "status": "completed"}));
        }
    }
    files.insert(
        "outages/hanbit-city.json".to_owned(),
        json!({"schema_version": 1, "contract": "hanbit-city", "outages": outages}).to_string(),
    );
    files.insert(
        "history/hanbit-city.json".to_owned(),
        json!({"schema_version": 1, "contract": "hanbit-city", "requests": requests}).to_string(),
    );
    files
}

#[test]
fn a_credit_that_hits_both_the_month_cap_and_the_contract_year_cap() {
    let data = loaded(&capped_files());
    let year = api::credits_year(&data, "hanbit-city", 2026).unwrap();
    let credits: Vec<(String, String, String)> = year
        .months
        .iter()
        .map(|m| {
            (
                m.month.to_string(),
                m.gross.amount.to_string(),
                m.credit.amount.to_string(),
            )
        })
        .collect();
    let want = [
        ("2026-03", "237500", "237500"),   // 10 % only
        ("2026-04", "1306250", "1187500"), // 55 % → month cap 50 % of ₩2,375,000
        ("2026-05", "1306250", "1187500"),
        ("2026-06", "1306250", "1187500"),
        ("2026-07", "1306250", "1187500"),
        ("2026-08", "1306250", "1187500"), // ₩6,175,000 granted so far
        ("2026-09", "1306250", "950000"), // both caps: ₩1,187,500 by the month, ₩950,000 left of the year's
        ("2026-10", "0", "0"),
    ];
    for (i, (m, g, c)) in want.iter().enumerate() {
        assert_eq!(
            credits[i],
            ((*m).to_owned(), (*g).to_owned(), (*c).to_owned())
        );
    }
    // The contract-year cap: 25 % of ₩28,500,000 = ₩7,125,000, reached exactly.
    assert_eq!(year.total.amount, d("7125000"));
    let sep = &year.months[6];
    let caps: Vec<(CapKind, bool, String)> = sep
        .caps
        .iter()
        .map(|c| (c.cap, c.applied, c.room.amount.to_string()))
        .collect();
    assert_eq!(
        caps,
        [
            (CapKind::Month, true, "1187500".to_owned()),
            (CapKind::ContractYear, true, "950000".to_owned())
        ]
    );
    assert_eq!(
        sep.caps[1].granted_before.as_ref().map(|a| a.amount),
        Some(d("6175000"))
    );
    assert_eq!(sep.caps[1].limit.amount, d("7125000"));
    let per_line: Vec<LineKind> = sep.lines.iter().map(|l| l.kind).collect();
    assert_eq!(
        per_line,
        [
            LineKind::Band,
            LineKind::Trigger,
            LineKind::Trigger,
            LineKind::Trigger
        ]
    );
    assert!(
        sep.explain
            .en
            .ends_with("(₩6,175,000 granted before, ₩950,000 left) — applied; credit ₩950,000"),
        "{}",
        sep.explain.en
    );
    // The monthly statement of September applies the year cap the same way.
    assert_eq!(
        api::credits_month(&data, "hanbit-city", "2026-09")
            .unwrap()
            .credit
            .amount,
        d("950000")
    );
}

#[test]
fn a_trigger_paid_per_month_pays_once_however_many_overran() {
    let mut files = capped_files();
    edit(&mut files, "catalog.json", |v| {
        v["credit_schedules"][0]["triggers"][0]["per"] = json!("month")
    });
    let data = loaded(&files);
    let s = api::credits_month(&data, "hanbit-city", "2026-04").unwrap();
    assert_eq!(s.lines.len(), 2);
    assert_eq!(s.lines[1].overruns.len(), 3);
    assert_eq!(s.credit.amount, d("593750")); // 25 % of ₩2,375,000
}

// ---------------------------------------------------------------- credit data validation

#[test]
fn credit_schedules_are_validated_with_paths() {
    let mut files = sample_files("library");
    edit(&mut files, "catalog.json", |v| {
        v["credit_schedules"][0]["bands"]
            .as_array_mut()
            .unwrap()
            .push(json!({"at_least": "97", "below": "98.5", "percent": "7"}));
        v["credit_schedules"][0]["bands"]
            .as_array_mut()
            .unwrap()
            .push(json!({"at_least": "99.5", "below": "99.1", "percent": "101"}));
        v["credit_schedules"][0]["triggers"][0]["clock"] = json!("lunch");
        v["credit_schedules"][0]["basis"] = json!("yearly_fee");
    });
    assert_eq!(
        problems_of(&files),
        [
            "catalog.json: $.credit_schedules[0].basis: \"yearly_fee\" is not one of: monthly_fee, three_month_average_fee",
            "catalog.json: $.credit_schedules[0].bands[2]: overlaps the band at $.credit_schedules[0].bands[0] (each availability must fall in one band at most)",
            "catalog.json: $.credit_schedules[0].bands[2]: overlaps the band at $.credit_schedules[0].bands[1] (each availability must fall in one band at most)",
            "catalog.json: $.credit_schedules[0].bands[3].percent: expected a number between 0 and 100, found 101",
            "catalog.json: $.credit_schedules[0].bands[3].at_least: 99.5 is not below 99.1",
            "catalog.json: $.credit_schedules[0].triggers[0].clock: \"lunch\" is not one of: response, restore",
        ]
    );
}

#[test]
fn outages_monthly_fees_and_schedule_references_are_validated_with_paths() {
    let mut files = sample_files("library");
    edit(&mut files, "contracts/saesol-univ.json", |v| {
        v["credit_schedule"] = json!("platinum-plus")
    });
    edit(&mut files, "contracts/bada-county.json", |v| {
        v["fee"]["monthly"] = json!({"2026-13": "1", "2026-02": "-5"})
    });
    edit(&mut files, "outages/hanbit-city.json", |v| {
        v["outages"][0]["end"] = json!("2026-09-14T01:00:00");
        v["outages"][1]["planned"] = json!(true);
    });
    // (The rejected bada-county contract also leaves its history and cases dangling.)
    let got: Vec<String> = problems_of(&files)
        .into_iter()
        .filter(|p| p.starts_with("contracts/") || p.starts_with("outages/"))
        .collect();
    assert_eq!(
        got,
        [
            "contracts/bada-county.json: $.fee.monthly[\"2026-02\"]: -5 is below the minimum 0",
            "contracts/bada-county.json: $.fee.monthly[\"2026-13\"]: expected a month YYYY-MM, found \"2026-13\"",
            "contracts/saesol-univ.json: $.credit_schedule: \"platinum-plus\" is not a credit schedule of the catalog (known: handbook)",
            "outages/hanbit-city.json: $.outages[0].end: 2026-09-14T01:00:00 is not after the start 2026-09-14T02:10:00",
            "outages/hanbit-city.json: $.outages[1].planned: unknown field (expected one of: id, start, end, planned_announced, force_majeure, customer_fault, third_party, note, request)",
        ]
    );
    let mut files = sample_files("library");
    edit(&mut files, "outages/hanbit-city.json", |v| {
        v["outages"][2]["request"] = json!("SR-0000")
    });
    edit(&mut files, "index.json", |v| {
        v["outages"]
            .as_array_mut()
            .unwrap()
            .push(json!("outages/nowhere.json"))
    });
    assert_eq!(
        problems_of(&files),
        [
            "index.json: $.outages[2]: names \"outages/nowhere.json\", which does not exist",
            "outages/hanbit-city.json: $.outages[2].request: \"SR-0000\" is not a request in the history of \"hanbit-city\"",
        ]
    );
}

#[test]
fn the_manifest_lists_every_file_a_client_must_fetch() {
    let files = sample_files("cloud");
    let listed = covered_core::contract::manifest_files(files.get("index.json").unwrap()).unwrap();
    assert_eq!(
        listed,
        [
            "catalog.json",
            "contracts/acme-shop.json",
            "contracts/bitnet-bank.json",
            "contracts/haneul-mall.json",
            "outages/acme-shop.json",
            "outages/bitnet-bank.json",
            "outages/haneul-mall.json",
        ]
    );
    // What it lists is enough to answer requests; only validation also reads the cases.
    let mut needed: covered_core::map::Map<String, String> = listed
        .iter()
        .map(|f| (f.clone(), files.get(f).unwrap().clone()))
        .collect();
    needed.insert(
        "index.json".to_owned(),
        files.get("index.json").unwrap().clone(),
    );
    assert!(covered_core::contract::load_for_requests(&needed).is_ok());
    assert!(covered_core::contract::load(&needed).is_err());
}

// ---------------------------------------------------------------- money (§8)

#[track_caller]
fn check_fee(licence: &str, rate: &str, billing: Billing, annual: &str, vat: &str, bills: &[&str]) {
    let o = fees::fee_option(d(licence), d(rate), RateSource::Given, billing, d("0.10")).unwrap();
    assert_eq!(
        o.annual.net.amount,
        d(annual),
        "annual fee of {licence} at {rate}"
    );
    assert_eq!(o.annual.vat.amount, d(vat), "VAT");
    assert_eq!(o.annual.total.amount, d(annual) + d(vat));
    let got: Vec<Decimal> = o.instalments.iter().map(|i| i.net.amount).collect();
    let want: Vec<Decimal> = bills.iter().map(|b| d(b)).collect();
    assert_eq!(got, want, "instalments");
    let sum: Decimal = got.iter().sum();
    assert_eq!(sum, d(annual), "instalments add up to the year");
}

#[test]
fn annual_fee_is_licence_times_rate_billed_yearly_or_quarterly_with_vat_apart() {
    // 001 §3: licence ₩100,000,000 at the industry's 15–20 % → ₩15,000,000–₩20,000,000 a year.
    check_fee(
        "100000000",
        "0.15",
        Billing::Annual,
        "15000000",
        "1500000",
        &["15000000"],
    );
    check_fee(
        "100000000",
        "0.20",
        Billing::Annual,
        "20000000",
        "2000000",
        &["20000000"],
    );
    // hanbit-city: ₩150,000,000 at 19 % = ₩28,500,000.
    check_fee(
        "150000000",
        "0.19",
        Billing::Quarterly,
        "28500000",
        "2850000",
        &["7125000", "7125000", "7125000", "7125000"],
    );
    // Not divisible by four: the last quarter takes the remainder.
    check_fee(
        "10000001",
        "1",
        Billing::Quarterly,
        "10000001",
        "1000000",
        &["2500000", "2500000", "2500000", "2500001"],
    );
    // Rounded to the won, half up: 33,333,333 × 0.15 = 4,999,999.95 → 5,000,000; VAT truncated.
    check_fee(
        "33333333",
        "0.15",
        Billing::Annual,
        "5000000",
        "500000",
        &["5000000"],
    );
    check_fee(
        "1234567",
        "0.17",
        Billing::Annual,
        "209876",
        "20987",
        &["209876"],
    );
}

#[test]
fn the_guideline_rate_is_difficulty_score_times_5_percent_plus_10() {
    let lib = library();
    let rule = lib.catalog.pricing.difficulty_rate.unwrap();
    for (score, rate) in [("0", "0.10"), ("1", "0.15"), ("1.8", "0.19"), ("2", "0.20")] {
        assert_eq!(
            fees::difficulty_rate(d(score), &rule).unwrap(),
            d(rate),
            "score {score}"
        );
    }
    let q = api::quote(
        &lib,
        r#"{"kind": "fee", "licence": "100000000", "difficulty": "1.8"}"#,
    )
    .unwrap();
    let v = serde_json::to_value(&q).unwrap();
    assert_eq!(v["options"][0]["annual"]["net"]["amount"], "19000000");
    assert_eq!(
        v["options"][0]["explain"]["en"],
        "difficulty score 1.8 × 5 % + 10 % = 19 %; licence ₩100,000,000 × 19 % = ₩19,000,000 a year (VAT 10 % ₩1,900,000 on top, ₩20,900,000 in all)"
    );
}

#[test]
fn tier_fee_ranges_bronze_to_platinum() {
    let lib = library();
    let q = api::quote(
        &lib,
        r#"{"kind": "fee", "licence": "100000000", "tier": "gold", "billing": "quarterly"}"#,
    )
    .unwrap();
    let v = serde_json::to_value(&q).unwrap();
    let nets: Vec<&str> = (0..3)
        .map(|i| v["options"][i]["annual"]["net"]["amount"].as_str().unwrap())
        .collect();
    assert_eq!(nets, ["18000000", "19000000", "20000000"]);
    assert_eq!(
        v["options"][0]["instalments"][3]["total"]["won"],
        "₩4,950,000"
    );
    for (tier, lo, hi) in [
        ("bronze", "10000000", "15000000"),
        ("silver", "15000000", "18000000"),
        ("gold", "18000000", "20000000"),
        ("platinum", "20000000", "25000000"),
    ] {
        let t = lib.catalog.tier(tier).unwrap();
        let r = fees::tier_range(d("100000000"), t, Billing::Annual, d("0.10")).unwrap();
        assert_eq!(
            (r[0].annual.net.amount, r[2].annual.net.amount),
            (d(lo), d(hi)),
            "{tier}"
        );
    }
}

#[test]
fn a_change_request_is_development_days_times_rate_plus_test_days() {
    let lib = library();
    let p = &lib.catalog.pricing;
    // 4 person-days × ₩450,000 + (4 × 0.3 =) 1.2 test person-days × ₩350,000.
    let q = fees::change_request(p, d("4"), None).unwrap();
    assert_eq!(
        (q.development.amount, q.test.amount, q.price.net.amount),
        (d("1800000"), d("420000"), d("2220000"))
    );
    assert_eq!(
        (q.price.vat.amount, q.price.total.amount),
        (d("222000"), d("2442000"))
    );
    assert_eq!(q.test_person_days, d("1.2"));
    // Test person-days given.
    let q = fees::change_request(p, d("4"), Some(d("1"))).unwrap();
    assert_eq!(q.price.net.amount, d("2150000"));
    assert!(!q.test_derived);
    // The cloud catalog has one day rate for both.
    let c = cloud();
    let q = fees::change_request(&c.catalog.pricing, d("5"), None).unwrap();
    assert_eq!(q.price.net.amount, d("3600000")); // 5 × 600,000 + 1 × 600,000
}

#[test]
fn a_temporary_upgrade_costs_200000_won_an_hour() {
    let lib = library();
    let q = api::quote(
        &lib,
        r#"{"kind": "temporary_upgrade", "tier": "bronze", "hours": "5"}"#,
    )
    .unwrap();
    let v = serde_json::to_value(&q).unwrap();
    assert_eq!(v["kind"], "temporary_upgrade");
    assert_eq!(v["hourly"]["won"], "₩200,000");
    assert_eq!(v["price"]["net"]["amount"], "1000000");
    assert_eq!(v["price"]["total"]["won"], "₩1,100,000");
    let err = api::quote(
        &lib,
        r#"{"kind": "temporary_upgrade", "tier": "gold", "hours": "5"}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("input: $.tier: \"gold\" offers no temporary upgrade"),
        "{err}"
    );
}

#[test]
fn quote_input_problems_name_their_path() {
    let lib = library();
    let err = api::quote(
        &lib,
        r#"{"kind": "fee", "licence": "-1", "tier": "diamond", "colour": 1}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "input: $.colour: unknown field (expected one of: kind, licence, tier, rate, difficulty, billing)\n\
         input: $.licence: -1 is below the minimum 0\n\
         input: $.tier: \"diamond\" is not a tier (known: bronze, silver, gold, platinum)"
    );
    let err = api::quote(&lib, r#"{"kind": "estimate"}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "input: $.kind: \"estimate\" is not one of: fee, change_request, temporary_upgrade"
    );
    let c = cloud();
    let err = api::quote(&c, r#"{"kind": "fee", "licence": "1", "difficulty": "2"}"#).unwrap_err();
    assert!(
        err.to_string().contains("no `pricing.difficulty_rate`"),
        "{err}"
    );
    // Amounts past the decimal range are problems, not panics.
    let err = api::quote(
        &lib,
        r#"{"kind": "fee", "licence": "79228162514264337593543950335", "rate": "2"}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "input: $: the amount is too large to compute"
    );
}

#[test]
fn korean_displays_in_won_and_thousand_won() {
    let a = Amount::new(d("415412000"));
    assert_eq!(
        (a.won.as_str(), a.thousand_won.as_str()),
        ("₩415,412,000", "415,412천원")
    );
    assert_eq!(
        thousand_won(d("1234567"), Rounding::ThousandWonDown),
        "1,234천원"
    );
    assert_eq!(
        thousand_won(d("1234567"), Rounding::ThousandWon),
        "1,235천원"
    );
}

// ---------------------------------------------------------------- KPIs (§9)

fn kpi_files() -> Map<String, String> {
    let mut files = sample_files("library");
    let r = |id: &str, cat: &str, sev: &str, sub: &str, extra: Value| {
        let mut v = json!({"id": id, "category": cat, "severity": sev, "submitted": sub});
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        v
    };
    let requests = vec![
        r(
            "A",
            "usage_question",
            "low",
            "2026-11-02T09:00:00",
            json!({"status": "completed", "responded": "2026-11-02T09:30:00", "completed": "2026-11-02T12:00:00", "wanted_by": "2026-11-03"}),
        ),
        r(
            "B",
            "stats_query",
            "low",
            "2026-11-03T10:00:00",
            json!({"status": "completed", "responded": "2026-11-03T10:20:00", "completed": "2026-11-05T09:00:00", "wanted_by": "2026-11-04"}),
        ),
        r(
            "C",
            "homepage_edit",
            "low",
            "2026-11-04T10:00:00",
            json!({"status": "completed", "responded": "2026-11-04T10:10:00", "completed": "2026-11-04T15:00:00", "wanted_by": "2026-11-10", "rework": true, "complaint": true}),
        ),
        r(
            "D",
            "fault",
            "critical",
            "2026-11-10T01:00:00",
            json!({"status": "completed", "responded": "2026-11-10T01:30:00", "restored": "2026-11-10T10:00:00", "completed": "2026-11-10T11:00:00"}),
        ),
        r(
            "E",
            "remote_support",
            "low",
            "2026-11-20T10:00:00",
            json!({"status": "open"}),
        ),
        r(
            "F",
            "patch",
            "low",
            "2026-10-28T09:00:00",
            json!({"status": "completed", "completed": "2026-11-02T09:00:00"}),
        ),
        r(
            "G",
            "usage_question",
            "low",
            "2026-11-05T09:00:00",
            json!({"status": "cancelled"}),
        ),
        r(
            "H",
            "performance_tuning",
            "low",
            "2026-11-12T09:00:00",
            json!({"status": "refused"}),
        ),
        r(
            "I",
            "stats_query",
            "low",
            "2026-11-25T10:00:00",
            json!({"status": "open", "responded": "2026-11-25T11:00:00"}),
        ),
    ];
    files.insert(
        "history/hanbit-city.json".to_owned(),
        json!({"schema_version": 1, "contract": "hanbit-city", "requests": requests}).to_string(),
    );
    files.insert(
        "outages/hanbit-city.json".to_owned(),
        json!({"schema_version": 1, "contract": "hanbit-city", "outages": [
            {"start": "2026-11-10T01:00:00", "end": "2026-11-10T10:00:00"},
            {"start": "2026-11-15T02:00:00", "end": "2026-11-15T02:30:00"},
            {"start": "2026-11-16T02:00:00", "end": "2026-11-16T06:00:00", "planned_announced": true}]})
        .to_string(),
    );
    files
}

#[track_caller]
fn check_kpi(
    r: &KpiReport,
    id: &str,
    num: &str,
    den: Option<&str>,
    value: Option<&str>,
    num_ids: &[&str],
) {
    let k = r
        .kpis
        .iter()
        .chain(r.sla.iter().map(|c| &c.kpi))
        .find(|k| k.id == id)
        .unwrap_or_else(|| panic!("no KPI {id}"));
    assert_eq!(k.numerator, d(num), "{id} numerator: {}", k.explain.en);
    assert_eq!(
        k.denominator,
        den.map(d),
        "{id} denominator: {}",
        k.explain.en
    );
    assert_eq!(k.value, value.map(d), "{id} value: {}", k.explain.en);
    if !num_ids.is_empty() {
        assert_eq!(k.numerator_ids, num_ids, "{id} numerator ids");
    }
}

#[test]
fn kpis_count_the_requests_filed_since_the_data_file_and_their_complaints() {
    // The status page passes the data file's history with the requests filed since
    // (`kpi_of`): one more handled on time counts among the satisfied, and a rating
    // that is a complaint takes a request out of them.
    let data = loaded(&kpi_files());
    let mut history = data.history("hanbit-city").to_vec();
    let a = history.iter().find(|r| r.id == "A").unwrap().clone();
    history.push(PastRequest {
        id: "SR-NEW".into(),
        ..a
    });
    let r = api::kpi_of(&data, "hanbit-city", &history, "2026-11-01", "2026-11-30").unwrap();
    check_kpi(&r, "csi", "2", Some("8"), Some("25"), &["A", "SR-NEW"]);
    history.last_mut().unwrap().complaint = true;
    let r = api::kpi_of(&data, "hanbit-city", &history, "2026-11-01", "2026-11-30").unwrap();
    check_kpi(&r, "csi", "1", Some("8"), Some("12.5"), &["A"]);
}

#[test]
fn kpis_with_numerators_and_denominators_a_person_can_check() {
    let data = loaded(&kpi_files());
    let r = api::kpi(&data, "hanbit-city", "2026-11-01", "2026-11-30").unwrap();
    assert_eq!(r.period_minutes, 43_200);
    // CSI: received A B C D E H I (G cancelled, F received in October); only A was
    // handled on time with no complaint (B missed its wanted date, C has a complaint,
    // D missed its restore, E and I are open, H was refused).
    check_kpi(&r, "csi", "1", Some("7"), Some("14.29"), &["A"]);
    // SR on-time: SRs completed in November with a wanted date: A, B, C; F has none.
    check_kpi(&r, "sr_on_time", "2", Some("3"), Some("66.67"), &["A", "C"]);
    // Rework: SRs completed in November A B C F, rework on C.
    check_kpi(&r, "rework_rate", "1", Some("4"), Some("25"), &["C"]);
    // Completion: to handle A B C D E F I (F open at the start), completed A B C D F.
    check_kpi(&r, "completion_rate", "5", Some("7"), Some("71.43"), &[]);
    check_kpi(&r, "backlog", "2", None, Some("2"), &["E", "I"]);
    // Outages: 540 + 30 counted minutes (the planned 240 excluded).
    check_kpi(&r, "mttr", "570", Some("2"), Some("285"), &[]);
    // MTBF = (43,200 − 570) ÷ 2.
    check_kpi(&r, "mtbf", "42630", Some("2"), Some("21315"), &[]);
    // Response: A B C D I met, E never answered and past due at the period's end.
    check_kpi(
        &r,
        "sla_response",
        "5",
        Some("6"),
        Some("83.33"),
        &["A", "B", "C", "D", "I"],
    );
    // Restore (3 business days on Gold's 24×7 for low, 8 h for critical): A B C met;
    // D restored 60 min late; E and I still open past due.
    check_kpi(
        &r,
        "sla_restore",
        "3",
        Some("6"),
        Some("50"),
        &["A", "B", "C"],
    );
    check_kpi(&r, "sla_compliance", "8", Some("12"), Some("66.67"), &[]);
    let d_breach = &r.sla[1].breaches[0];
    assert_eq!(
        (d_breach.request.as_str(), d_breach.late_minutes),
        ("D", Some(60))
    );
    let mtbf = r.kpis.iter().find(|k| k.id == "mtbf").unwrap();
    assert_eq!(
        mtbf.explain.en,
        "up-time 42,630 min ÷ 2 outages = 21,315 min"
    );
    assert_eq!(
        mtbf.formula.en,
        "(minutes in the period − total outage minutes) ÷ outages"
    );
    assert_eq!(r.months.len(), 1);
}

#[test]
fn kpis_without_a_denominator_are_undefined_not_zero() {
    let data = library();
    let r = api::kpi(&data, "bada-county", "2026-01-01", "2026-01-31").unwrap();
    check_kpi(&r, "csi", "0", Some("0"), None, &[]);
    check_kpi(&r, "mttr", "0", Some("0"), None, &[]);
    let err = api::kpi(&data, "bada-county", "2026-02-01", "2026-01-31").unwrap_err();
    assert_eq!(
        err.to_string(),
        "input: $.to: 2026-01-31 is before the start 2026-02-01"
    );
    let err = api::kpi(&data, "bada-county", "2026-02-30", "2026-03-01").unwrap_err();
    assert_eq!(
        err.to_string(),
        "input: $.from: expected a date YYYY-MM-DD, found \"2026-02-30\""
    );
}

#[test]
fn kpis_of_the_sample_history() {
    let r = api::kpi(&library(), "hanbit-city", "2026-03-01", "2026-11-30").unwrap();
    check_kpi(
        &r,
        "rework_rate",
        "2",
        Some("8"),
        Some("25"),
        &["SR-2026-0131", "SR-2026-0191"],
    );
    check_kpi(
        &r,
        "backlog",
        "2",
        None,
        Some("2"),
        &["SR-2026-0163", "SR-2026-0198"],
    );
    check_kpi(
        &r,
        "mttr",
        "900",
        Some("2"),
        Some("450"),
        &["OUT-2026-09-14", "OUT-2026-10-07"],
    );
}

// ---------------------------------------------------------------- comparison

#[test]
fn every_tier_side_by_side_for_a_critical_incident_on_friday_night() {
    let lib = library();
    let c = api::compare(
        &lib,
        Some("100000000"),
        "critical",
        "2026-11-20T22:30:00",
        Some("hanbit-city"),
        None,
    )
    .unwrap();
    let row = |t: &covered_core::compare::TierColumn| {
        (
            t.tier.clone(),
            t.current,
            t.window_label.clone(),
            t.open_at_received,
            t.deadlines
                .iter()
                .map(|d| d.due_at.clone())
                .collect::<Vec<_>>(),
            t.fee.options.first().map(|o| o.annual.net.amount),
            t.fee.options.last().map(|o| o.annual.net.amount),
            t.features
                .iter()
                .filter(|f| f.included)
                .map(|f| f.id.clone())
                .collect::<Vec<_>>(),
            t.temporary_upgrade.as_ref().map(|u| u.hourly.amount),
        )
    };
    let got: Vec<_> = c.tiers.iter().map(row).collect();
    let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        got[0],
        (
            "bronze".into(),
            false,
            "10×5".into(),
            false,
            s(&["2026-11-23T12:00:00+09:00", "2026-11-24T22:30:00+09:00"]),
            Some(d("10000000")),
            Some(d("15000000")),
            s(&[]),
            Some(d("200000"))
        )
    );
    assert_eq!(
        got[2],
        (
            "gold".into(),
            true,
            "24×7".into(),
            true,
            s(&["2026-11-20T23:30:00+09:00", "2026-11-21T06:30:00+09:00"]),
            Some(d("18000000")),
            Some(d("20000000")),
            s(&["periodic_inspection"]),
            None
        )
    );
    assert_eq!(
        got[3],
        (
            "platinum".into(),
            false,
            "24×7".into(),
            true,
            s(&["2026-11-20T23:00:00+09:00", "2026-11-21T02:30:00+09:00"]),
            Some(d("20000000")),
            Some(d("25000000")),
            s(&["tam", "periodic_inspection", "tuning"]),
            None
        )
    );
    // Bronze and Silver are closed on Friday night: the upgrade's due times are shown.
    let up: Vec<String> = c.tiers[0]
        .upgraded_deadlines
        .iter()
        .map(|d| d.due_at.clone())
        .collect();
    assert_eq!(
        up,
        ["2026-11-21T02:30:00+09:00", "2026-11-22T22:30:00+09:00"]
    );
    assert_eq!(
        c.tiers[1].fee.text.en,
        "₩15,000,000 – ₩18,000,000 a year (15–18 %, VAT on top)"
    );
    assert_eq!(
        c.tiers[3].onsite_visits.as_ref().map(|t| t.en.as_str()),
        Some("regular")
    );
    // Without --licence, the contract's licence amount is used.
    let c = api::compare(
        &lib,
        None,
        "low",
        "2026-11-23T10:00:00",
        Some("hanbit-city"),
        None,
    )
    .unwrap();
    assert_eq!(c.licence.amount, d("150000000"));
    let err = api::compare(&lib, Some("1"), "p1", "2026-11-23T10:00:00", None, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "input: $.severity: \"p1\" is not a severity (known: critical, high, medium, low)"
    );
}

#[test]
fn the_managed_service_response_sla_of_the_cloud_checklist() {
    // General questions 4 h in business hours (weekdays 09:00–17:00), work requests
    // 4 h around the clock, faults 1 h around the clock.
    let c = cloud();
    for (severity, due) in [
        ("general", "2026-11-23T16:00:00+09:00"), // Monday 11:00 + 4 h, lunch excluded
        ("work", "2026-11-23T15:00:00+09:00"),
        ("fault", "2026-11-23T12:00:00+09:00"),
    ] {
        let cmp = api::compare(&c, Some("0"), severity, "2026-11-23T11:00:00", None, None).unwrap();
        let response = cmp.tiers[0]
            .deadlines
            .iter()
            .find(|d| d.clock == "response")
            .unwrap();
        assert_eq!(response.due_at, due, "{severity}");
    }
}

// ---------------------------------------------------------------- replay

#[test]
fn the_sample_history_replayed_under_every_tier() {
    let r = api::replay(&library(), "hanbit-city").unwrap();
    let rows: Vec<(String, bool, u32, u32, u32, i64, Decimal)> = r
        .tiers
        .iter()
        .map(|t| {
            (
                t.tier.clone(),
                t.current,
                t.covered,
                t.not_covered,
                t.paid,
                t.out_of_scope.upgrade_hours,
                t.out_of_scope.total.amount,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            // Bronze lacks periodic inspection (SR-2026-0170) and tuning (SR-2026-0194); the
            // two night-time critical faults need 4 + 10 upgrade hours at ₩200,000.
            ("bronze".into(), false, 13, 2, 1, 14, d("10847500")),
            ("silver".into(), false, 13, 2, 1, 12, d("10447500")),
            // Gold: tuning refused (2.5 person-days → ₩1,387,500) plus the paid CR (₩6,660,000).
            ("gold".into(), true, 14, 1, 1, 0, d("8047500")),
            // Platinum includes tuning: only the paid CR remains.
            ("platinum".into(), false, 15, 0, 1, 0, d("6660000")),
        ]
    );
    let line = |tier: usize, id: &str| {
        r.tiers[tier]
            .requests
            .iter()
            .find(|l| l.request == id)
            .unwrap()
            .clone()
    };
    assert_eq!(line(3, "SR-2026-0194").coverage, ReplayCoverage::Covered);
    assert_eq!(
        line(2, "SR-2026-0194").clause.as_deref(),
        Some("001 §3 패키지 구성")
    );
    assert_eq!(line(0, "SR-2026-0170").coverage, ReplayCoverage::NotCovered);
    assert_eq!(r.tiers[0].out_of_scope.unpriced, ["SR-2026-0170"]);
    // SR-2026-0180 arrived Wednesday 22:05: Bronze's window opens 08:00, it was
    // restored 09:35 → 9 h 55 min → 10 started hours.
    assert_eq!(line(0, "SR-2026-0180").upgrade_hours, Some(10));
    // The critical fault of Wednesday 22:05: Platinum would have promised its restore
    // by 02:05, 4 h before Gold's 06:05 (the replay does not judge the vendor's past
    // pace against either promise).
    let restore = |tier: usize| {
        line(tier, "SR-2026-0180")
            .dues
            .iter()
            .find(|c| c.clock == "restore")
            .unwrap()
            .clone()
    };
    assert_eq!(restore(3).due.to_string(), "2026-10-08T02:05:00");
    assert_eq!(restore(3).current_due, Some(restore(2).due));
    assert_eq!(restore(3).sooner_minutes, Some(240));
}

// ---------------------------------------------------------------- never panic

mod never_panic {
    use super::*;
    use crate::common::{any_json, mutate};
    use proptest::prelude::*;

    fn exercise(data: &DataSet) {
        for c in &data.contracts {
            let _ = api::credits_year(data, &c.id, 2026);
            let _ = api::credits_month(data, &c.id, "2026-10");
            let _ = api::kpi(data, &c.id, "2026-01-01", "2026-12-31");
            let _ = api::replay(data, &c.id);
            let _ = api::compare(
                data,
                None,
                "critical",
                "2026-11-20T22:30:00",
                Some(&c.id),
                Some("quarterly"),
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

        #[test]
        fn random_edits_of_credit_data_never_panic(pick in 0usize..6, seed in any::<u64>(), new in any_json()) {
            let mut files = sample_files("library");
            let names = ["catalog.json", "outages/hanbit-city.json", "outages/national-sample.json",
                         "history/hanbit-city.json", "contracts/hanbit-city.json", "contracts/national-sample.json"];
            let name = names[pick];
            let mut v: Value = serde_json::from_str(files.get(name).unwrap()).unwrap();
            let target = match name {
                "catalog.json" => &mut v["credit_schedules"],
                n if n.starts_with("outages/") => &mut v["outages"],
                n if n.starts_with("history/") => &mut v["requests"],
                _ => &mut v["fee"],
            };
            mutate(target, seed, new);
            files.insert(name.to_owned(), v.to_string());
            if let Ok(data) = load(&files) {
                exercise(&data);
            }
        }

        #[test]
        fn random_quote_inputs_never_panic(kind in 0usize..3, seed in any::<u64>(), new in any_json()) {
            let data = library();
            let mut q = [
                json!({"kind": "fee", "licence": "150000000", "tier": "gold", "difficulty": "1.8", "rate": "0.19", "billing": "quarterly"}),
                json!({"kind": "change_request", "person_days": "4", "test_person_days": "1"}),
                json!({"kind": "temporary_upgrade", "tier": "bronze", "hours": "5"}),
            ][kind].clone();
            mutate(&mut q, seed, new);
            let _ = api::quote(&data, &q.to_string());
        }

        #[test]
        fn random_arguments_never_panic(a in "[0-9a-z:\\-T,]{0,20}", b in "[0-9a-z:\\-T]{0,20}") {
            let data = library();
            let _ = api::credits_month(&data, "hanbit-city", &a);
            let _ = api::kpi(&data, "hanbit-city", &a, &b);
            let _ = api::compare(&data, Some(&a), "critical", &b, None, None);
            let _ = api::compare(&data, Some("1"), &a, "2026-11-20T22:30:00", Some("hanbit-city"), Some(&b));
        }
    }
}
