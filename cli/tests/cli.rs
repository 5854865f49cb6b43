//! The built `covered` binary on the sample data: every subcommand answers with real
//! values, and exit codes follow the contract (0 ok, 1 invalid, 2 usage).

use crate::support::{ok, run};
use std::path::PathBuf;

fn data(vendor: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../public/data")
        .join(vendor)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn validate_both_sample_directories() {
    let v = ok(&["validate", &data("library")], "");
    assert_eq!(
        (
            v["ok"].as_bool(),
            v["vendor"].as_str(),
            v["cases"]["failed"].as_u64()
        ),
        (Some(true), Some("libsoft"), Some(0))
    );
    assert_eq!(v["contracts"], 6);
    let v = ok(&["validate", &data("cloud")], "");
    assert_eq!(
        (v["ok"].as_bool(), v["contracts"].as_u64()),
        (Some(true), Some(3))
    );
}

#[test]
fn check_a_request_of_four_person_days() {
    let req = r#"{"branch": "main", "product": "DLi", "version": "8", "category": "stats_query",
                 "answers": {"person_days": 4, "security_risk": false}}"#;
    let v = ok(
        &[
            "check",
            &data("library"),
            "--contract",
            "hanbit-city",
            "--now",
            "2026-11-23T10:00:00",
        ],
        req,
    );
    assert_eq!(v["coverage"]["status"], "not_covered");
    assert_eq!(v["coverage"]["alternatives"][0]["kind"], "change_request");
    assert_eq!(v["deadlines"][0]["due_at"], "2026-11-24T10:00:00+09:00");
}

#[test]
fn deadline_and_holidays() {
    let v = ok(
        &["deadline", "--data", &data("library")],
        r#"{"calendar": "office-10x5", "start": "2026-11-20T17:40:00", "minutes": 40}"#,
    );
    assert_eq!(v["due"], "2026-11-23T08:20:00+09:00");
    let v = ok(&["holidays", "2026"], "");
    let days: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["date"].as_str())
        .collect();
    assert!(
        days.contains(&"2026-01-01") && days.contains(&"2026-09-25"),
        "{days:?}"
    );
}

#[test]
fn holidays_and_a_calendars_closed_days_as_ics_for_calendar_apps() {
    // The public holidays: one all-day event each, as a calendar app imports them.
    let (code, out, err) = run(&["holidays", "2026", "--ics"], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("BEGIN:VCALENDAR\r\n") && out.trim_end().ends_with("END:VCALENDAR"));
    let public = ok(&["holidays", "2026"], "");
    assert_eq!(
        out.matches("BEGIN:VEVENT").count(),
        public.as_array().unwrap().len()
    );
    assert!(out.contains("SUMMARY:추석\r\n"), "{out}");
    // A calendar of the data: its holidays and the vendor's closures, named after it.
    let dir = data("library");
    let days = ok(
        &[
            "holidays",
            "2026",
            "--data",
            &dir,
            "--calendar",
            "office-10x5",
        ],
        "",
    );
    let days = days.as_array().unwrap();
    let (code, out, err) = run(
        &[
            "holidays",
            "2026",
            "--ics",
            "--data",
            &dir,
            "--calendar",
            "office-10x5",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.matches("BEGIN:VEVENT").count(), days.len());
    assert!(out.contains("X-WR-CALNAME:평일 08:00–18:00"), "{out}");
    assert!(out.contains("UID:2026-01-01-office-10x5@covered"), "{out}");
    // Usage mistakes exit 2, saying what was wrong.
    let (code, _, err) = run(
        &["holidays", "2026", "--data", &dir, "--calendar", "night"],
        "",
    );
    // A calendar the data does not have, as a contract it does not have: exit 1.
    assert_eq!(code, 1);
    assert!(
        err.contains("no calendar \"night\" (known: always-24x7"),
        "{err}"
    );
    let (code, _, err) = run(&["holidays", "2026", "--calendar", "office-10x5"], "");
    assert_eq!(code, 2);
    assert!(err.contains("--data and --calendar go together"), "{err}");
}

#[test]
fn credits_for_a_month_and_a_contract_year() {
    let v = ok(
        &[
            "credits",
            &data("library"),
            "--contract",
            "hanbit-city",
            "--month",
            "2026-10",
        ],
        "",
    );
    assert_eq!(v["availability"]["percent"], "98.4543");
    assert_eq!(v["lines"][0]["amount"]["won"], "₩118,750");
    assert_eq!(v["lines"][1]["id"], "critical_restore_overrun");
    assert_eq!(v["credit"]["won"], "₩475,000");
    assert_eq!(v["credit"]["thousand_won"], "475천원");
    let v = ok(
        &[
            "credits",
            &data("cloud"),
            "--contract",
            "haneul-mall",
            "--year",
            "2026",
        ],
        "",
    );
    assert_eq!(v["months"].as_array().map(Vec::len), Some(12));
    assert_eq!(v["total"]["amount"], "1350000");
}

#[test]
fn quotes_of_each_kind() {
    let lib = data("library");
    let v = ok(
        &["quote", &lib],
        r#"{"kind": "fee", "licence": "150000000", "tier": "gold", "billing": "quarterly"}"#,
    );
    assert_eq!(v["options"][0]["annual"]["net"]["won"], "₩27,000,000");
    assert_eq!(v["options"][2]["annual"]["total"]["won"], "₩33,000,000");
    assert_eq!(
        v["options"][1]["instalments"][0]["net"]["won"],
        "₩7,125,000"
    );
    let v = ok(
        &["quote", &lib],
        r#"{"kind": "change_request", "person_days": "4"}"#,
    );
    assert_eq!(v["price"]["total"]["won"], "₩2,442,000");
    let v = ok(
        &["quote", &lib],
        r#"{"kind": "temporary_upgrade", "tier": "silver", "hours": "3"}"#,
    );
    assert_eq!(v["price"]["net"]["won"], "₩600,000");
}

#[test]
fn kpis_compare_and_replay() {
    let lib = data("library");
    let v = ok(
        &[
            "kpi",
            &lib,
            "--contract",
            "hanbit-city",
            "--from",
            "2026-03-01",
            "--to",
            "2026-11-30",
        ],
        "",
    );
    let mttr = v["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == "mttr")
        .unwrap()
        .clone();
    assert_eq!(
        (
            mttr["numerator"].as_str(),
            mttr["denominator"].as_str(),
            mttr["value"].as_str()
        ),
        (Some("900"), Some("2"), Some("450"))
    );
    let v = ok(
        &[
            "compare",
            &lib,
            "--licence",
            "100000000",
            "--severity",
            "critical",
            "--at",
            "2026-11-20T22:30:00",
        ],
        "",
    );
    assert_eq!(
        v["tiers"][3]["deadlines"][0]["due_at"],
        "2026-11-20T23:00:00+09:00"
    );
    assert_eq!(
        v["tiers"][0]["fee"]["text"]["ko"],
        "연 ₩10,000,000 – ₩15,000,000 (10–15%, 부가세 별도)"
    );
    let v = ok(&["replay", &lib, "--contract", "hanbit-city"], "");
    assert_eq!(v["tiers"][3]["covered"], 15);
    assert_eq!(
        v["tiers"][0]["out_of_scope"]["upgrade"]["won"],
        "₩2,800,000"
    );
}

#[test]
fn exit_codes_usage_2_invalid_1() {
    let lib = data("library");
    assert_eq!(
        run(&["credits", &lib, "--contract", "hanbit-city"], "").0,
        2
    );
    assert_eq!(
        run(
            &[
                "kpi",
                &lib,
                "--contract",
                "hanbit-city",
                "--from",
                "2026-01-01"
            ],
            ""
        )
        .0,
        2
    );
    assert_eq!(run(&["replay", &lib, "--colour", "red"], "").0, 2);
    let (code, _, err) = run(
        &[
            "credits",
            &lib,
            "--contract",
            "hanbit-city",
            "--month",
            "2020-01",
        ],
        "",
    );
    assert_eq!(
        (code, err.trim()),
        (
            1,
            "input: $.month: 2020-01 is outside the contract period 2026-03-01 – 2027-02-28"
        )
    );
    let (code, _, err) = run(&["quote", &lib], r#"{"kind": "fee"}"#);
    assert_eq!(code, 1);
    assert!(err.contains("input: $: missing field `licence`"), "{err}");
}
