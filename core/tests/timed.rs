//! A filed request's timed events on the library sample: the warnings at each clock's
//! thresholds and the escalation steps, on the business calendars, moved by pauses and
//! stopped by the first reply and the resolution; and the notification policy (its
//! `warn_at`, who each step tells) checked.

use crate::common;
use covered_core::civil::DateTime;
use covered_core::contract::notify::Recipient;
use covered_core::contract::{DataSet, PastRequest, RequestStatus};
use covered_core::lifecycle::{self, Action, Actor, Record};
use covered_core::timed::{self, Events, What};

fn when(year: i16, month: i8, day: i8, hour: i8, minute: i8) -> DateTime {
    covered_core::civil::date(year, month, day).at(hour, minute, 0, 0)
}

fn fault(id: &str, submitted: DateTime) -> PastRequest {
    PastRequest {
        id: id.to_owned(),
        category: "fault".to_owned(),
        title: None,
        submitted,
        completed: None,
        status: RequestStatus::Open,
        paid: false,
        severity: Some("critical".to_owned()),
        responded: None,
        wanted_by: None,
        rework: false,
        complaint: false,
        restored: None,
        person_days: None,
        pauses: Vec::new(),
    }
}

fn events_of(
    data: &DataSet,
    contract: &str,
    r: &PastRequest,
    rec: &Record,
    now: DateTime,
) -> Events {
    let c = data.contract(contract).unwrap();
    let policy = data.notifications.as_ref().unwrap();
    timed::events(&data.catalog, policy, c, r, rec, now).unwrap()
}

/// (key without the request, time, due) of every event.
fn table(e: &Events) -> Vec<(String, DateTime, bool)> {
    e.events
        .iter()
        .map(|t| {
            let (_, k) = t.key.split_once('/').unwrap();
            (k.to_owned(), t.at, t.due)
        })
        .collect()
}

fn act(data: &DataSet, r: &Record, a: Action, at: DateTime) -> Record {
    lifecycle::apply(&data.catalog, r, &a, Actor::Vendor, at)
        .unwrap()
        .record
}

#[test]
fn a_friday_night_critical_fault_warns_on_monday_and_escalates_that_night() {
    let data = common::sample("library");
    let lc = data.catalog.lifecycle.as_ref().unwrap();
    // bada-county is Bronze: its clocks run on weekdays 08:00–18:00; the critical
    // escalation steps on 24×7. Filed Friday 2026-11-27 at 22:00.
    let filed = when(2026, 11, 27, 22, 0);
    let r = fault("sr-1", filed);
    let rec = lc.start(filed);
    let e = events_of(&data, "bada-county", &r, &rec, when(2026, 11, 27, 22, 10));
    let s = |k: &str| k.to_owned();
    assert_eq!(
        table(&e),
        vec![
            (s("escalation/1"), when(2026, 11, 27, 22, 30), false),
            (s("escalation/2"), when(2026, 11, 27, 23, 0), false),
            // Response 4 business hours from Monday 08:00.
            (s("warning/response/50"), when(2026, 11, 30, 10, 0), false),
            (s("warning/response/75"), when(2026, 11, 30, 11, 0), false),
            (s("breach/response"), when(2026, 11, 30, 12, 0), false),
            // Restore 2 business days: Tuesday 22:00, 1 200 business minutes away.
            (s("warning/restore/50"), when(2026, 11, 30, 18, 0), false),
            (s("warning/restore/75"), when(2026, 12, 1, 13, 0), false),
            (s("breach/restore"), when(2026, 12, 1, 22, 0), false),
        ]
    );
    let next = e.next.as_ref().unwrap();
    assert_eq!(next.key, "sr-1/escalation/1");
    assert_eq!(next.at_iso, "2026-11-27T22:30:00+09:00");
    match &next.what {
        What::Escalation {
            step,
            action,
            notify,
            ..
        } => {
            assert_eq!(*step, 1);
            assert_eq!(
                action.en,
                "Report to the CTO and call the vendor's emergency support"
            );
            assert_eq!(
                notify,
                &vec![Recipient::Vendor],
                "the vendor's desk unless told"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        next.text.ko,
        "에스컬레이션 1단계: CTO 보고 및 벤더 긴급 지원 요청"
    );

    // Monday 10:30: both steps and the response's 50 % warning are due.
    let e = events_of(&data, "bada-county", &r, &rec, when(2026, 11, 30, 10, 30));
    let due: Vec<&str> = e.due().map(|t| t.key.as_str()).collect();
    assert_eq!(
        due,
        [
            "sr-1/escalation/1",
            "sr-1/escalation/2",
            "sr-1/warning/response/50"
        ]
    );
    assert_eq!(e.next.as_ref().unwrap().key, "sr-1/warning/response/75");
    assert_eq!(e.events[2].text.en, "50 % of the Response time elapsed");
    // The breach is due once the due has passed, not at the due itself.
    let at_due = events_of(&data, "bada-county", &r, &rec, when(2026, 11, 30, 12, 0));
    assert!(
        !at_due
            .events
            .iter()
            .any(|t| t.key.ends_with("breach/response") && t.due)
    );
    let after = events_of(&data, "bada-county", &r, &rec, when(2026, 11, 30, 12, 1));
    assert!(
        after
            .events
            .iter()
            .any(|t| t.key.ends_with("breach/response") && t.due)
    );

    // The vendor answers at 10:45: the response clock fires nothing more; restore runs on.
    let answered = act(
        &data,
        &rec,
        Action::Move {
            to: "in_progress".into(),
            note: None,
        },
        when(2026, 11, 30, 10, 45),
    );
    let e = events_of(
        &data,
        "bada-county",
        &r,
        &answered,
        when(2026, 11, 30, 12, 30),
    );
    let keys: Vec<&str> = e.events.iter().map(|t| t.key.as_str()).collect();
    assert!(keys.contains(&"sr-1/warning/response/50"), "{keys:?}");
    assert!(!keys.contains(&"sr-1/warning/response/75"), "{keys:?}");
    assert!(!keys.contains(&"sr-1/breach/response"), "{keys:?}");
    assert_eq!(e.next.as_ref().unwrap().key, "sr-1/warning/restore/50");

    // Resolved Monday 17:00: nothing after it.
    let resolved = act(
        &data,
        &answered,
        Action::Move {
            to: "resolved".into(),
            note: None,
        },
        when(2026, 11, 30, 17, 0),
    );
    let e = events_of(&data, "bada-county", &r, &resolved, when(2026, 12, 3, 9, 0));
    // Nothing after it but the close of a resolution left unanswered, a week later.
    let next = e.next.as_ref().unwrap();
    assert_eq!(next.key, "sr-1/close");
    assert!(
        e.events
            .iter()
            .all(|t| t.at < when(2026, 11, 30, 17, 0) || t.key == "sr-1/close")
    );
    assert_eq!(e.events.len(), 4);
}

#[test]
fn a_resolution_left_unanswered_closes_a_week_later_and_an_answer_stops_it() {
    let data = common::sample("library");
    let lc = data.catalog.lifecycle.as_ref().unwrap();
    let policy = data.notifications.as_ref().unwrap();
    let filed = when(2026, 11, 23, 10, 0);
    let r = fault("sr-4", filed);
    let rec = lc.start(filed);
    let resolved = act(
        &data,
        &rec,
        Action::Move {
            to: "resolved".into(),
            note: None,
        },
        when(2026, 11, 24, 16, 30),
    );
    let close = |e: &Events| {
        e.events
            .iter()
            .find(|t| t.key == "sr-4/close")
            .map(|t| (t.at, t.at_iso.clone(), t.due, t.text.clone()))
    };
    // Seven calendar days later, at the same time of day (weekends count).
    let e = events_of(
        &data,
        "hanbit-city",
        &r,
        &resolved,
        when(2026, 12, 1, 16, 29),
    );
    let (at, iso, due, text) = close(&e).unwrap();
    assert_eq!(at, when(2026, 12, 1, 16, 30));
    assert_eq!(iso, "2026-12-01T16:30:00+09:00");
    assert!(!due);
    assert_eq!(e.next.as_ref().unwrap().key, "sr-4/close");
    assert_eq!(text.ko, "7일 동안 답이 없어 자동 종료");
    assert_eq!(text.en, "Closed automatically: no answer within 7 days");
    assert!(timed::closing(&data.catalog, policy, &resolved, when(2026, 12, 1, 16, 29)).is_none());

    // Due at its minute: the move is the lifecycle's, by the customer, and it closes.
    let now = when(2026, 12, 1, 16, 30);
    let e = events_of(&data, "hanbit-city", &r, &resolved, now);
    assert!(close(&e).unwrap().2);
    let (action, by) = timed::closing(&data.catalog, policy, &resolved, now).unwrap();
    assert_eq!(by, Actor::Customer);
    let closed = lifecycle::apply(&data.catalog, &resolved, &action, by, now).unwrap();
    assert_eq!(closed.record.status, "closed");
    assert_eq!(closed.record.closed, Some(now));
    // Closed, it has no close to come.
    let e = events_of(
        &data,
        "hanbit-city",
        &r,
        &closed.record,
        when(2026, 12, 20, 9, 0),
    );
    assert!(close(&e).is_none());

    // Reopened by the customer on day 3 and resolved again on day 5: the week runs
    // from the new resolution.
    let reopened = lifecycle::apply(
        &data.catalog,
        &resolved,
        &Action::Move {
            to: "in_progress".into(),
            note: Some("다시 발생했습니다".into()),
        },
        Actor::Customer,
        when(2026, 11, 27, 9, 0),
    )
    .unwrap()
    .record;
    let e = events_of(&data, "hanbit-city", &r, &reopened, when(2026, 12, 5, 9, 0));
    assert!(close(&e).is_none(), "{:?}", table(&e));
    assert!(timed::closing(&data.catalog, policy, &reopened, when(2026, 12, 5, 9, 0)).is_none());
    let again = act(
        &data,
        &reopened,
        Action::Move {
            to: "resolved".into(),
            note: None,
        },
        when(2026, 11, 29, 11, 0),
    );
    let e = events_of(&data, "hanbit-city", &r, &again, when(2026, 12, 5, 9, 0));
    assert_eq!(close(&e).unwrap().0, when(2026, 12, 6, 11, 0));

    // Confirmed (rated and closed) by the customer before the week is out: none.
    let rated = lifecycle::apply(
        &data.catalog,
        &resolved,
        &Action::Rate {
            rating: 5,
            comment: None,
        },
        Actor::Customer,
        when(2026, 11, 25, 9, 0),
    )
    .unwrap()
    .record;
    let confirmed = lifecycle::apply(
        &data.catalog,
        &rated,
        &Action::Move {
            to: "closed".into(),
            note: None,
        },
        Actor::Customer,
        when(2026, 11, 25, 9, 1),
    )
    .unwrap()
    .record;
    let e = events_of(
        &data,
        "hanbit-city",
        &r,
        &confirmed,
        when(2026, 12, 9, 9, 0),
    );
    assert!(close(&e).is_none());
    assert!(timed::closing(&data.catalog, policy, &confirmed, when(2026, 12, 9, 9, 0)).is_none());

    // Paid work closes too: the close needs no clock.
    let mut paid = fault("sr-5", filed);
    paid.paid = true;
    let e = events_of(
        &data,
        "hanbit-city",
        &paid,
        &resolved,
        when(2026, 12, 9, 9, 0),
    );
    assert_eq!(
        table(&e),
        vec![("close".to_owned(), when(2026, 12, 1, 16, 30), true)]
    );
}

#[test]
fn a_pause_moves_the_warnings_later_and_nothing_falls_due_while_it_lasts() {
    let data = common::sample("library");
    let lc = data.catalog.lifecycle.as_ref().unwrap();
    // hanbit-city is Gold: 24×7, critical response 1 h and restore 8 h.
    let filed = when(2026, 11, 23, 10, 0);
    let r = fault("sr-2", filed);
    let rec = lc.start(filed);
    let restore_50 = |e: &Events| {
        e.events
            .iter()
            .find(|t| t.key == "sr-2/warning/restore/50")
            .map(|t| (t.at, t.due))
    };
    let e = events_of(&data, "hanbit-city", &r, &rec, filed);
    assert_eq!(restore_50(&e), Some((when(2026, 11, 23, 14, 0), false)));

    // Waiting on the customer from 11:00 (the first reply: the response clock stops).
    let waiting = act(
        &data,
        &rec,
        Action::Move {
            to: "waiting_on_customer".into(),
            note: Some("로그를 보내 주세요".into()),
        },
        when(2026, 11, 23, 11, 0),
    );
    // At 15:00, still waiting: the 50 % warning is four hours' pause later, not due.
    let e = events_of(
        &data,
        "hanbit-city",
        &r,
        &waiting,
        when(2026, 11, 23, 15, 0),
    );
    assert!(e.paused);
    assert_eq!(restore_50(&e), Some((when(2026, 11, 23, 18, 0), false)));
    // Even much later, while the pause lasts, no event after it starts falls due.
    let e = events_of(&data, "hanbit-city", &r, &waiting, when(2026, 11, 25, 9, 0));
    assert!(
        e.due().all(|t| t.at <= when(2026, 11, 23, 11, 0)),
        "{:?}",
        table(&e)
    );
    assert!(e.next.as_ref().unwrap().at > when(2026, 11, 25, 9, 0));

    // The customer answers at 12:00: an hour's pause, the warning at 15:00.
    let resumed = act(
        &data,
        &waiting,
        Action::Move {
            to: "in_progress".into(),
            note: None,
        },
        when(2026, 11, 23, 12, 0),
    );
    let e = events_of(
        &data,
        "hanbit-city",
        &r,
        &resumed,
        when(2026, 11, 23, 15, 0),
    );
    assert!(!e.paused);
    assert_eq!(restore_50(&e), Some((when(2026, 11, 23, 15, 0), true)));
    // The escalation steps fell due before the pause (10:30, 11:00) and stay where they
    // were; the response clock stopped at 11:00, its due: its 75 % (10:45) fired, its
    // breach never does.
    let keys: Vec<&str> = e.due().map(|t| t.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "sr-2/escalation/1",
            "sr-2/warning/response/50",
            "sr-2/warning/response/75",
            "sr-2/escalation/2",
            "sr-2/warning/restore/50",
        ]
    );
    assert!(!e.events.iter().any(|t| t.key == "sr-2/breach/response"));
}

#[test]
fn paid_work_and_cancelled_requests_have_no_events() {
    let data = common::sample("library");
    let lc = data.catalog.lifecycle.as_ref().unwrap();
    let filed = when(2026, 11, 23, 10, 0);
    let mut r = fault("sr-3", filed);
    r.paid = true;
    let e = events_of(
        &data,
        "hanbit-city",
        &r,
        &lc.start(filed),
        when(2026, 11, 24, 10, 0),
    );
    assert_eq!(e, Events::none());
}

/// Loads the library sample with its notification policy edited by `edit`: `Ok` with
/// the policy, or the (path, code) of every problem.
fn policy_with(
    edit: impl FnOnce(&mut serde_json::Value),
) -> Result<covered_core::contract::notify::Notifications, Vec<(String, String)>> {
    let mut files = common::sample_files("library");
    let text = files.get("notifications.json").unwrap();
    let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
    edit(&mut v);
    files.insert("notifications.json".to_owned(), v.to_string());
    covered_core::contract::load(&files)
        .map(|d| d.notifications.unwrap())
        .map_err(|p| {
            p.0.iter()
                .map(|p| {
                    assert_eq!(p.file, "notifications.json");
                    (p.path.clone(), p.code.code().to_owned())
                })
                .collect()
        })
}

#[test]
fn warning_thresholds_and_who_is_told_are_checked_in_the_notification_policy() {
    use serde_json::json;
    // A clock's own thresholds, the policy's, and who an escalation step tells.
    let p = policy_with(|v| {
        v["warn_at"] = json!([25, 100]);
        v["clocks"] = json!({"response": {"warn_at": [80]}});
        v["escalations"] = json!([
            {"severity": "critical", "step": 1, "notify": ["vendor", "cto@libsoft.example", "vendor"]},
            {"severity": "high", "step": 1, "notify": ["customer"]},
        ]);
    })
    .unwrap();
    assert_eq!(p.warn_at("response"), [80]);
    assert_eq!(p.warn_at("restore"), [25, 100]);
    assert_eq!(
        p.notify("critical", 1),
        [
            Recipient::Vendor,
            Recipient::Address("cto@libsoft.example".to_owned())
        ],
        "each told once"
    );
    assert_eq!(
        p.notify("critical", 2),
        [Recipient::Vendor],
        "unnamed: the desk"
    );
    assert_eq!(p.notify("high", 1), [Recipient::Customer]);

    let s = |a: &str, b: &str| (a.to_owned(), b.to_owned());
    assert_eq!(
        policy_with(|v| {
            v["warn_at"] = json!([50, 50, 120]);
            v["clocks"] =
                json!({"response": {"warn_at": [0, "half"]}, "repair": {"warn_at": [50]}});
            v["escalations"] = json!([
                {"severity": "critical", "step": 1, "notify": ["cto"]},
                {"severity": "critical", "step": 2, "notify": []},
                {"severity": "critical", "step": 3, "notify": ["vendor"]},
                {"severity": "urgent", "step": 1, "notify": ["vendor"]},
                {"severity": "high", "step": 1, "notify": ["vendor"]},
                {"severity": "high", "step": 1, "notify": ["customer"]},
            ]);
        }),
        Err(vec![
            s("$.warn_at[1]", "not_increasing"),
            s("$.warn_at[2]", "above_maximum"),
            s("$.clocks.repair", "unknown_field"),
            s("$.clocks.response.warn_at[0]", "below_minimum"),
            s("$.clocks.response.warn_at[1]", "expected_count"),
            s("$.escalations[0].notify[0]", "not_one_of"),
            s("$.escalations[1].notify", "at_least_one_of"),
            s("$.escalations[2].step", "out_of_range"),
            s("$.escalations[3].severity", "unknown_ref"),
            s("$.escalations[5].step", "duplicate_id"),
        ])
    );

    // The close of a request left unanswered: statuses of the lifecycle, a move it
    // allows, at least a day; absent, none.
    let p = policy_with(|v| {
        v.as_object_mut().unwrap().remove("close_unanswered");
    })
    .unwrap();
    assert!(p.close_unanswered.is_none());
    let p = policy_with(|_| {}).unwrap();
    let c = p.close_unanswered.unwrap();
    assert_eq!(
        (c.from.as_str(), c.to.as_str(), c.after_days),
        ("resolved", "closed", 7)
    );
    for (close, problems) in [
        (
            json!({"from": "done", "to": "closed", "after_days": 0}),
            vec![
                s("$.close_unanswered.from", "unknown_ref"),
                s("$.close_unanswered.after_days", "below_minimum"),
            ],
        ),
        (
            json!({"from": "resolved", "to": "cancelled", "after_days": 7}),
            vec![s("$.close_unanswered.to", "not_one_of")],
        ),
        (
            json!({"from": "resolved", "to": "closed"}),
            vec![s("$.close_unanswered", "missing_field")],
        ),
        (
            json!({"from": "resolved", "to": "closed", "after_days": 7, "at": "09:00"}),
            vec![s("$.close_unanswered.at", "unknown_field")],
        ),
    ] {
        assert_eq!(
            policy_with(|v| v["close_unanswered"] = close.clone()),
            Err(problems),
            "{close}"
        );
    }
    // The problem names the move's options in words.
    let mut files = common::sample_files("library");
    let text = files.get("notifications.json").unwrap();
    let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
    v["close_unanswered"] = json!({"from": "resolved", "to": "cancelled", "after_days": 7});
    files.insert("notifications.json".to_owned(), v.to_string());
    let problems = covered_core::contract::load(&files).unwrap_err();
    let shown = problems.to_string();
    assert!(shown.contains("notifications.json"), "{shown}");
    assert!(shown.contains("$.close_unanswered.to"), "{shown}");
    assert!(shown.contains("closed, in_progress"), "{shown}");

    // Judging a request needs no policy: the browser's loader neither needs the file
    // nor reads it.
    let mut files = common::sample_files("library");
    files.remove("notifications.json");
    let d = covered_core::contract::load_for_requests(&files).unwrap();
    assert!(d.notifications.is_none());
    let problems = covered_core::contract::load(&files).unwrap_err();
    assert_eq!(problems.0[0].path, "$.notifications", "{problems}");
}
