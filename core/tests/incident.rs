//! The incident report on the library sample: which requests need one (the notification
//! policy's `incident_report`: critical faults), due 24 h after the restore and not
//! before it, its timed event gone once it is filed, the draft's timeline from the
//! request's life, and the policy's problems named by file and path.

use crate::common;
use covered_core::civil::DateTime;
use covered_core::contract::notify::Recipient;
use covered_core::i18n::{Lang, Text};
use covered_core::incident::{self, Happened, Happening, Subject};
use covered_core::lifecycle::{self, Action, Actor, Record};
use covered_core::timed::{self, What};

fn when(day: i8, hour: i8, minute: i8) -> DateTime {
    covered_core::civil::date(2026, 11, day).at(hour, minute, 0, 0)
}

fn act(data: &covered_core::contract::DataSet, r: &Record, a: Action, at: DateTime) -> Record {
    lifecycle::apply(&data.catalog, r, &a, Actor::Vendor, at)
        .unwrap()
        .record
}

fn to(status: &str, note: Option<&str>) -> Action {
    Action::Move {
        to: status.to_owned(),
        note: note.map(str::to_owned),
    }
}

fn fault(severity: &str, submitted: DateTime) -> covered_core::contract::PastRequest {
    covered_core::contract::PastRequest {
        id: "sr-1".to_owned(),
        category: "fault".to_owned(),
        title: None,
        submitted,
        completed: None,
        status: covered_core::contract::RequestStatus::Open,
        paid: false,
        severity: Some(severity.to_owned()),
        responded: None,
        wanted_by: None,
        rework: false,
        complaint: false,
        restored: None,
        person_days: None,
        pauses: Vec::new(),
    }
}

#[test]
fn a_critical_fault_needs_a_report_24_hours_after_its_restore_and_not_before() {
    let data = common::sample("library");
    let policy = data.notifications.as_ref().unwrap();
    let lc = data.catalog.lifecycle.as_ref().unwrap();
    let filed = when(23, 10, 0);
    let open = lc.start(filed);
    let r = fault("critical", filed);

    // Before the restore: required, not yet due.
    let before = incident::requirement(
        &data.catalog,
        policy,
        Some("critical"),
        &open,
        false,
        when(25, 10, 0),
    );
    assert!(before.required);
    assert_eq!(before.due, None);
    assert!(!before.overdue);
    assert_eq!(before.text.ko, "복구 후 24시간 이내 작성");
    assert_eq!(before.text.en, "due 24 h after the restore");
    let none = timed::report_event(&data.catalog, policy, &r, &open, false, when(30, 0, 0));
    assert_eq!(none, None, "no report event before the restore");

    // Restored at 14:20: due the next day at 14:20.
    let rec = act(&data, &open, to("in_progress", None), when(23, 10, 20));
    let rec = act(&data, &rec, to("resolved", None), when(23, 14, 20));
    let due = incident::requirement(
        &data.catalog,
        policy,
        Some("critical"),
        &rec,
        false,
        when(24, 14, 19),
    );
    assert_eq!(due.due, Some(when(24, 14, 20)));
    assert_eq!(due.due_iso.as_deref(), Some("2026-11-24T14:20:00+09:00"));
    assert!(!due.overdue);
    assert_eq!(
        due.text.en,
        "due by 2026-11-24 14:20 (24 h after the restore)"
    );
    let late = incident::requirement(
        &data.catalog,
        policy,
        Some("critical"),
        &rec,
        false,
        when(24, 14, 20),
    );
    assert!(late.overdue);

    // The timed event: not due a minute before, due at the time, told to the desk.
    let e = timed::report_event(&data.catalog, policy, &r, &rec, false, when(24, 14, 19)).unwrap();
    assert_eq!(e.key, "sr-1/report");
    assert_eq!(e.at, when(24, 14, 20));
    assert!(!e.due);
    let e = timed::report_event(&data.catalog, policy, &r, &rec, false, when(24, 14, 20)).unwrap();
    assert!(e.due);
    assert_eq!(
        e.what,
        What::Report {
            restored: when(23, 14, 20),
            within_hours: 24,
            due: when(24, 14, 20),
            notify: vec![Recipient::Vendor],
        }
    );
    assert_eq!(e.text.ko, "장애 보고서 기한 초과 (복구 후 24시간)");
    // It joins the request's other events in time order.
    let c = data.contract("hanbit-city").unwrap();
    let all = timed::events(&data.catalog, policy, c, &r, &rec, when(24, 14, 20))
        .unwrap()
        .with(Some(e));
    let keys: Vec<&str> = all.events.iter().map(|e| e.key.as_str()).collect();
    let report = keys.iter().position(|k| *k == "sr-1/report").unwrap();
    // (The unanswered resolution's close, a week after it, comes later.)
    assert_eq!(keys.get(report + 1..), Some(&["sr-1/close"][..]));
    assert_eq!(all.next.map(|e| e.key), Some("sr-1/close".to_owned()));

    // Filed: no event, never overdue.
    let filed_now = timed::report_event(&data.catalog, policy, &r, &rec, true, when(30, 0, 0));
    assert_eq!(filed_now, None);
    let after = incident::requirement(
        &data.catalog,
        policy,
        Some("critical"),
        &rec,
        true,
        when(30, 0, 0),
    );
    assert!(after.required && !after.overdue);

    // A high-severity fault needs none.
    let high = incident::requirement(
        &data.catalog,
        policy,
        Some("high"),
        &rec,
        false,
        when(30, 0, 0),
    );
    assert!(!high.required);
    assert_eq!(high.due, None);
    assert_eq!(high.text.en, "no incident report required");
    let r = fault("high", filed);
    assert_eq!(
        timed::report_event(&data.catalog, policy, &r, &rec, false, when(30, 0, 0)),
        None
    );
}

#[test]
fn the_draft_lists_the_faults_life_by_time_and_its_restore() {
    let data = common::sample("library");
    let lc = data.catalog.lifecycle.as_ref().unwrap();
    let filed = when(23, 10, 0);
    let rec = lc.start(filed);
    let rec = act(
        &data,
        &rec,
        to("waiting_on_customer", Some("로그를 보내 주세요")),
        when(23, 10, 50),
    );
    let rec = act(&data, &rec, to("in_progress", None), when(23, 11, 30));
    let rec = act(
        &data,
        &rec,
        to("resolved", Some("DB 커넥션 풀 재설정")),
        when(23, 14, 20),
    );
    let action = Text::new("CTO 보고", "Report to the CTO");
    // The happenings arrive in any order; the draft sorts them.
    let happened = [
        Happened {
            at: when(23, 14, 20),
            what: Happening::Moved {
                to: "resolved",
                note: Some("DB 커넥션 풀 재설정"),
            },
        },
        Happened {
            at: when(23, 10, 30),
            what: Happening::Escalated {
                step: 1,
                action: &action,
            },
        },
        Happened {
            at: when(23, 10, 50),
            what: Happening::Moved {
                to: "waiting_on_customer",
                note: Some("로그를 보내 주세요"),
            },
        },
        Happened {
            at: when(23, 11, 30),
            what: Happening::Moved {
                to: "in_progress",
                note: Some("  "),
            },
        },
    ];
    let subject = Subject {
        sr: "SR-2026-0001",
        title: "대출 반납 불가",
        details: "대출 반납이 되지 않습니다",
        severity: Some("critical"),
        product: "DLi",
        version: "8",
        received: filed,
    };
    let d = incident::draft(&data.catalog, &subject, &rec, &happened, Lang::Ko);
    let lines: Vec<(String, &str)> = d
        .timeline
        .iter()
        .map(|l| (l.at.to_minute_string(), l.text.as_str()))
        .collect();
    let s = |a: &str| a.to_owned();
    assert_eq!(
        lines,
        vec![
            (
                s("2026-11-23T10:00"),
                "장애 접수: SR-2026-0001 대출 반납 불가"
            ),
            (s("2026-11-23T10:30"), "에스컬레이션 1단계: CTO 보고"),
            (s("2026-11-23T10:50"), "최초 응답"),
            (
                s("2026-11-23T10:50"),
                "상태 변경: 고객 확인 대기 — 로그를 보내 주세요"
            ),
            (s("2026-11-23T11:30"), "상태 변경: 처리 중"),
            (
                s("2026-11-23T14:20"),
                "상태 변경: 해결 — DB 커넥션 풀 재설정"
            ),
        ]
    );
    assert_eq!(d.restored_at, Some(when(23, 14, 20)));
    assert_eq!(d.summary, "대출 반납 불가\n대출 반납이 되지 않습니다");
    assert!(d.impact.starts_with("심각도: 긴급 (P1)"), "{}", d.impact);
    assert_eq!((d.cause.as_str(), d.follow_up.as_str()), ("", ""));
    // As the API writes it: times to the minute.
    let v = serde_json::to_value(&d).unwrap();
    assert_eq!(v["restored_at"], "2026-11-23T14:20");
    assert_eq!(v["timeline"][0]["at"], "2026-11-23T10:00");
    // In English.
    let en = incident::draft(&data.catalog, &subject, &rec, &happened, Lang::En);
    assert_eq!(
        en.timeline[0].text,
        "fault received: SR-2026-0001 대출 반납 불가"
    );
    assert_eq!(en.timeline[1].text, "escalation step 1: Report to the CTO");
}

#[test]
fn the_report_policy_is_checked_against_the_catalog() {
    use serde_json::json;
    let load = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut files = common::sample_files("library");
        let mut v: serde_json::Value =
            serde_json::from_str(files.get("notifications.json").unwrap()).unwrap();
        edit(&mut v);
        files.insert("notifications.json".to_owned(), v.to_string());
        covered_core::contract::load(&files)
    };
    // Absent: no reports required.
    let d = load(&|v| {
        v.as_object_mut().unwrap().remove("incident_report");
    })
    .unwrap();
    assert_eq!(d.notifications.unwrap().incident_report, None);

    let problems = load(&|v| {
        v["incident_report"] = json!({
            "severities": ["critical", "urgent", "critical"],
            "within_hours": 0,
            "notify": ["desk"],
            "to": 1,
        });
    })
    .unwrap_err();
    let got: Vec<(String, String, String)> = problems
        .0
        .iter()
        .map(|p| (p.file.clone(), p.path.clone(), p.code.code().to_owned()))
        .collect();
    let f = |p: &str, c: &str| ("notifications.json".to_owned(), p.to_owned(), c.to_owned());
    assert_eq!(
        got,
        vec![
            f("$.incident_report.to", "unknown_field"),
            f("$.incident_report.severities[1]", "unknown_ref"),
            f("$.incident_report.severities[2]", "duplicate_id"),
            f("$.incident_report.within_hours", "out_of_range"),
            f("$.incident_report.notify[0]", "not_one_of"),
        ],
        "{problems}"
    );
    let missing = load(&|v| v["incident_report"] = json!({"severities": []})).unwrap_err();
    let got: Vec<(&str, String)> = missing
        .0
        .iter()
        .map(|p| (p.path.as_str(), p.message.clone()))
        .collect();
    assert_eq!(got.len(), 3, "{missing}");
    assert_eq!(got[0].0, "$.incident_report.severities");
    assert!(got[0].1.contains("critical"), "{}", got[0].1);
    // A missing member is named at its object, by name.
    assert_eq!(
        got[1],
        (
            "$.incident_report",
            "missing field `within_hours`".to_owned()
        )
    );
    assert_eq!(
        got[2],
        ("$.incident_report", "missing field `notify`".to_owned())
    );
}
