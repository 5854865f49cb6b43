//! Closed days from iCalendar files: a data directory whose catalog names `.ics` files
//! validates, serves and publishes as the same directory with the days written as JSON,
//! a broken file is named with its line, and `covered holidays --ics` reads back.

use crate::support;
use crate::support::{ok, run};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A copy of the library sample whose catalog is changed by `edit`, with `extra` files.
fn sample_with(tag: &str, edit: impl FnOnce(&mut Value), extra: &[(&str, &str)]) -> PathBuf {
    let dir = support::temp_dir(tag);
    copy_dir(&support::data_dir(), &dir);
    let path = dir.join("catalog.json");
    let mut catalog: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut catalog);
    std::fs::write(&path, serde_json::to_string_pretty(&catalog).unwrap()).unwrap();
    for (name, text) in extra {
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

/// The vendor's closures as a calendar app exports them: Workers' Day as one all-day
/// event a year, 창립기념일 as a timed event from midnight to midnight, the year-end
/// closure as one all-day event of three days.
const CLOSURES_ICS: &str = "BEGIN:VCALENDAR\r\n\
VERSION:2.0\r\n\
PRODID:-//Sample Library Solutions//Closures//KO\r\n\
BEGIN:VEVENT\r\n\
DTSTART;VALUE=DATE:20240501\r\n\
SUMMARY:근로자의 날 (업체 휴무)\r\n\
DESCRIPTION:Workers' Day (vendor closed)\r\n\
END:VEVENT\r\n\
BEGIN:VEVENT\r\n\
DTSTART;VALUE=DATE:20250501\r\n\
DTEND;VALUE=DATE:20250502\r\n\
SUMMARY:근로자의 날 (업체 휴무)\r\n\
DESCRIPTION:Workers' Day (vendor closed)\r\n\
END:VEVENT\r\n\
BEGIN:VEVENT\r\n\
UID:founding-2026@libsoft.example\r\n\
DTSTART;TZID=Asia/Seoul:20261019T000000\r\n\
DTEND;TZID=Asia/Seoul:20261020T000000\r\n\
SUMMARY:창립기념일\r\n\
DESCRIPTION:Founding day\r\n\
END:VEVENT\r\n\
BEGIN:VEVENT\r\n\
UID:year-end-2026@libsoft.example\r\n\
DTSTART;VALUE=DATE:20261229\r\n\
DTEND;VALUE=DATE:20270101\r\n\
SUMMARY:연말 휴무\r\n\
DESCRIPTION:Year-end closure\r\n\
END:VEVENT\r\n\
END:VCALENDAR\r\n";

/// The same closures as the catalog's JSON.
fn closures_json() -> Value {
    let day = |date: &str, ko: &str, en: &str| json!({"date": date, "name": {"ko": ko, "en": en}});
    let workers = |date| {
        day(
            date,
            "근로자의 날 (업체 휴무)",
            "Workers' Day (vendor closed)",
        )
    };
    json!([
        workers("2024-05-01"),
        workers("2025-05-01"),
        day("2026-10-19", "창립기념일", "Founding day"),
        day("2026-12-29", "연말 휴무", "Year-end closure"),
        day("2026-12-30", "연말 휴무", "Year-end closure"),
        day("2026-12-31", "연말 휴무", "Year-end closure"),
    ])
}

fn as_json(tag: &str) -> PathBuf {
    sample_with(tag, |c| c["closures"] = closures_json(), &[])
}

fn as_ics(tag: &str) -> PathBuf {
    sample_with(
        tag,
        |c| c["closures"] = json!("closures.ics"),
        &[("closures.ics", CLOSURES_ICS)],
    )
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

#[test]
fn a_catalog_naming_an_ics_file_gives_the_deadlines_of_the_same_days_in_json() {
    let (json_dir, ics_dir) = (as_json("ics-json"), as_ics("ics-ics"));
    let (a, b) = (
        ok(&["validate", &s(&json_dir)], ""),
        ok(&["validate", &s(&ics_dir)], ""),
    );
    assert_eq!(a, b);
    assert_eq!(b["ok"], true);
    // Friday 17:40 + 40 business minutes: Monday 2026-10-19 is 창립기념일, so Tuesday.
    let clocks = [
        (
            r#"{"calendar": "office-10x5", "start": "2026-10-16T17:40:00", "minutes": 40}"#,
            Some("2026-10-20T08:20:00+09:00"),
        ),
        (
            r#"{"calendar": "office-10x5", "start": "2026-12-28T17:00:00", "minutes": 120}"#,
            Some("2027-01-04T09:00:00+09:00"),
        ),
        (
            r#"{"calendar": "office-10x5", "start": "2026-12-24T10:00:00", "business_days": 3}"#,
            None,
        ),
        (
            r#"{"calendar": "extended-16x7", "start": "2026-10-19T10:00:00", "minutes": 60}"#,
            Some("2026-10-19T11:00:00+09:00"),
        ),
    ];
    for (clock, due) in clocks {
        let from_json = ok(&["deadline", "--data", &s(&json_dir)], clock);
        let from_ics = ok(&["deadline", "--data", &s(&ics_dir)], clock);
        assert_eq!(from_json, from_ics, "{clock}");
        if let Some(due) = due {
            assert_eq!(from_ics["due"], due, "{clock}");
        }
    }
    let closed = |dir: &Path| {
        ok(
            &[
                "holidays",
                "2026",
                "--data",
                &s(dir),
                "--calendar",
                "office-10x5",
            ],
            "",
        )
    };
    let days = closed(&ics_dir);
    assert_eq!(closed(&json_dir), days);
    assert!(
        days.as_array().unwrap().contains(&json!(
            {"date": "2026-12-30", "name_ko": "연말 휴무", "name_en": "Year-end closure"}
        )),
        "{days}"
    );
}

#[test]
fn a_broken_ics_file_is_named_with_its_line_and_validate_exits_1() {
    let broken = "BEGIN:VCALENDAR\r\n\
VERSION:2.0\r\n\
BEGIN:VEVENT\r\n\
DTSTART;VALUE=DATE:20261301\r\n\
SUMMARY:창립기념일\r\n\
END:VEVENT\r\n\
BEGIN:VEVENT\r\n\
DTSTART:20261231T140000\r\n\
DTEND:20261231T180000\r\n\
SUMMARY:종무식\r\n\
END:VEVENT\r\n\
BEGIN:VEVENT\r\n\
DTSTART;VALUE=DATE:20260511\r\n\
RRULE:FREQ=YEARLY\r\n\
SUMMARY:창립기념일\r\n\
END:VEVENT\r\n\
END:VCALENDAR\r\n";
    let dir = sample_with(
        "ics-broken",
        |c| c["closures"] = json!("closures.ics"),
        &[("closures.ics", broken)],
    );
    let (code, _, err) = run(&["validate", &s(&dir)], "");
    assert_eq!(code, 1, "{err}");
    for line in [
        "closures.ics: line 4: DTSTART \"20261301\": not a date (YYYYMMDD) or a date-time (YYYYMMDDTHHMMSS)",
        "closures.ics: line 8: DTSTART \"20261231T140000\": a closure from 14:00; closed days are whole days: make it an all-day event",
        "closures.ics: line 14: RRULE \"FREQ=YEARLY\": repeating events are not read; give each closure as an event of its own",
    ] {
        assert!(err.contains(line), "{line}\nnot in:\n{err}");
    }
    // Only the file's own problems: its name stands for no days, not for a wrong type.
    assert!(!err.contains("$.closures"), "{err}");
    // A name of a file that is not there is a problem of the catalog, where it is named.
    let dir = sample_with(
        "ics-missing",
        |c| c["calendars"][1]["holidays"] = json!("extended.ics"),
        &[],
    );
    let (code, _, err) = run(&["validate", &s(&dir)], "");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "catalog.json: $.calendars[1].holidays: names \"extended.ics\", which does not exist"
        ),
        "{err}"
    );
}

#[test]
fn covered_holidays_ics_reads_back_as_the_same_days() {
    // The public holidays, as `covered holidays 2026 --ics` writes them, as a calendar's
    // holidays: its closed days of 2026 are those holidays, names and all.
    let (code, public_ics, err) = run(&["holidays", "2026", "--ics"], "");
    assert_eq!(code, 0, "{err}");
    let dir = sample_with(
        "ics-roundtrip",
        |c| c["calendars"][1]["holidays"] = json!("kr-2026.ics"),
        &[("kr-2026.ics", &public_ics)],
    );
    let back = ok(
        &[
            "holidays",
            "2026",
            "--data",
            &s(&dir),
            "--calendar",
            "extended-16x7",
        ],
        "",
    );
    let public: Vec<Value> = ok(&["holidays", "2026"], "")
        .as_array()
        .unwrap()
        .iter()
        .map(|h| json!({"date": h["date"], "name_ko": h["name_ko"], "name_en": h["name_en"]}))
        .collect();
    assert!(public.len() > 10, "{public:?}");
    assert_eq!(back, Value::Array(public));
    // A calendar's closed days written with --data and --calendar, read into another
    // calendar: the same days again (holidays and the vendor's closures alike).
    let sample = s(&support::data_dir());
    let office = ok(
        &[
            "holidays",
            "2026",
            "--data",
            &sample,
            "--calendar",
            "office-10x5",
        ],
        "",
    );
    let (code, office_ics, err) = run(
        &[
            "holidays",
            "2026",
            "--ics",
            "--data",
            &sample,
            "--calendar",
            "office-10x5",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let dir = sample_with(
        "ics-roundtrip-office",
        |c| c["calendars"][2]["holidays"] = json!({"add": "office.ics"}),
        &[("office.ics", &office_ics)],
    );
    let (code, _, err) = run(&["validate", &s(&dir)], "");
    assert_eq!(code, 0, "{err}");
    let back = ok(
        &[
            "holidays",
            "2026",
            "--data",
            &s(&dir),
            "--calendar",
            "always-24x7",
        ],
        "",
    );
    assert_eq!(back, office);
}

#[tokio::test]
async fn the_server_sends_the_resolved_catalog_and_publish_writes_it_for_static_hosting() {
    use covered_cli::serve::{Clock, Config, Limits, Server};
    let ics_dir = as_ics("ics-serve");
    let db = support::TestDb::sqlite();
    let server = Server::open(Config {
        data_dir: ics_dir.clone(),
        site_dir: None,
        db_url: db.url.clone(),
        accounts: Some(support::accounts_file()),
        widgets: None,
        clock: Clock::manual(support::monday_10()),
        tls: false,
        limits: Limits::default(),
        mail: Default::default(),
    })
    .await
    .unwrap();
    let vendor = support::as_user(&server, "vendor").await;
    let res = vendor.get("/api/dataset").await;
    assert_eq!(res.status, axum::http::StatusCode::OK, "{}", res.text);
    let catalog: Value =
        serde_json::from_str(res.body["files"]["catalog.json"].as_str().unwrap()).unwrap();
    assert_eq!(catalog["closures"], closures_json());
    // What the portal loads from it: the closures close the calendar.
    let files: covered_core::map::Map<String, String> = res.body["files"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect();
    let set = covered_core::contract::load(&files).unwrap();
    let office = &set.catalog.calendars.get("office-10x5").unwrap().calendar;
    let founding = covered_core::civil::date(2026, 10, 19);
    assert_eq!(
        office.closed().get(&founding).map(|n| n.en.as_str()),
        Some("Founding day")
    );
    db.cleanup().await;

    // `covered publish`: a copy for static hosting, its catalog with the days in it.
    let out = support::temp_dir("ics-published");
    // Over a data set of a built site: its bundle and gzipped copies are the old files'.
    std::fs::write(out.join("bundle.json"), "{}").unwrap();
    std::fs::write(out.join("catalog.json.gz"), "old").unwrap();
    let (code, stdout, stderr) = run(&["publish", &s(&ics_dir), &s(&out)], "");
    assert_eq!(code, 0, "{stderr}");
    let said: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(said["calendars_resolved"], true, "{stdout}");
    let published: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("catalog.json")).unwrap()).unwrap();
    assert_eq!(published["closures"], closures_json());
    assert!(out.join("contracts/hanbit-city.json").is_file());
    assert!(!out.join("bundle.json").exists() && !out.join("catalog.json.gz").exists());
    let reloaded = covered_cli::data::load_dir(&s(&out)).unwrap();
    assert_eq!(reloaded.contracts.len(), set.contracts.len());
    // Not into the data directory itself, whose catalog would lose its references.
    let err = covered_cli::data::publish(&s(&ics_dir), &s(&ics_dir)).unwrap_err();
    assert!(
        err.to_string().contains("publish into another directory"),
        "{err}"
    );
}
