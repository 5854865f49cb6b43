//! A filed request's life on the sample vendors' lifecycles: who may move it where,
//! what the clocks do, reopening as rework, ratings and complaints.

use crate::common;
use covered_core::civil::DateTime;
use covered_core::contract::{Catalog, RequestStatus};
use covered_core::lifecycle::{
    self, Action, Actor, Applied, ClockState, Event, Record, Refusal, Timing,
};

fn when(year: i16, month: i8, day: i8, hour: i8, minute: i8) -> DateTime {
    covered_core::civil::date(year, month, day).at(hour, minute, 0, 0)
}

fn mv(to: &str) -> Action {
    Action::Move {
        to: to.to_owned(),
        note: None,
    }
}

fn noted(to: &str, note: &str) -> Action {
    Action::Move {
        to: to.to_owned(),
        note: Some(note.to_owned()),
    }
}

fn step(catalog: &Catalog, r: &Record, a: Action, by: Actor, at: DateTime) -> Applied {
    lifecycle::apply(catalog, r, &a, by, at).unwrap_or_else(|e| panic!("{a:?}: {e:?}"))
}

#[test]
fn the_library_lifecycle_moves_a_request_and_its_clocks() {
    let data = common::sample("library");
    let catalog = &data.catalog;
    let lc = catalog
        .lifecycle
        .as_ref()
        .expect("the sample has a lifecycle");
    let filed = when(2026, 11, 2, 9, 0); // a Monday
    let r = lc.start(filed);
    assert_eq!(r.status, "received");

    // The customer can only cancel a request just filed.
    let refused = lifecycle::apply(catalog, &r, &mv("in_progress"), Actor::Customer, filed);
    match refused {
        Err(Refusal::NotAllowed { allowed, .. }) => assert_eq!(allowed, vec!["cancelled"]),
        other => panic!("{other:?}"),
    }
    // Waiting on the customer needs a note saying what is needed.
    let at = when(2026, 11, 2, 10, 0);
    assert_eq!(
        lifecycle::apply(catalog, &r, &mv("waiting_on_customer"), Actor::Vendor, at),
        Err(Refusal::NoteRequired {
            to: "waiting_on_customer".into()
        })
    );
    let a = step(
        catalog,
        &r,
        noted("waiting_on_customer", "로그 파일을 보내 주세요"),
        Actor::Vendor,
        at,
    );
    assert_eq!(
        a.events,
        vec![
            Event::Responded,
            Event::Moved {
                from: "received".into(),
                to: "waiting_on_customer".into()
            },
            Event::Paused
        ]
    );
    assert_eq!(a.record.responded, Some(at));
    assert_eq!(a.record.paused_since, Some(at));

    // The customer answers two hours later: the clocks run again, pushed back.
    let back = when(2026, 11, 2, 12, 0);
    let b = step(catalog, &a.record, mv("in_progress"), Actor::Customer, back);
    assert_eq!(
        b.events,
        vec![
            Event::Moved {
                from: "waiting_on_customer".into(),
                to: "in_progress".into()
            },
            Event::Resumed { minutes: 120 }
        ]
    );
    assert_eq!(b.record.pauses.len(), 1);
    assert_eq!(b.record.paused_since, None);

    let contract = data
        .contracts
        .iter()
        .find(|c| c.tier == "gold")
        .expect("a gold contract");
    let tier = catalog.tier(&contract.tier).expect("tier");
    let timing = Timing {
        tier,
        severity: "high",
        received: filed,
    };
    let unpaused = lifecycle::clocks(catalog, timing, &r, back).expect("clocks");
    let paused = lifecycle::clocks(catalog, timing, &b.record, back).expect("clocks");
    let restore = |c: &[lifecycle::ClockAnswer]| {
        c.iter()
            .find(|c| c.deadline.clock == "restore")
            .expect("restore")
            .clone()
    };
    assert!(restore(&paused).deadline.due > restore(&unpaused).deadline.due);
    let response = paused
        .iter()
        .find(|c| c.deadline.clock == "response")
        .expect("response");
    assert_eq!(response.state, ClockState::Met);
    assert_eq!(response.stopped, Some(at));
    assert_eq!(restore(&paused).state, ClockState::Running);
    // While it waits, its clocks say so.
    let waiting =
        lifecycle::clocks(catalog, timing, &a.record, when(2026, 11, 2, 11, 0)).expect("clocks");
    assert_eq!(restore(&waiting).state, ClockState::Paused);

    // Resolved, then reopened within the period: rework.
    let done = when(2026, 11, 3, 9, 0);
    let c = step(catalog, &b.record, mv("resolved"), Actor::Vendor, done);
    assert_eq!(c.record.resolved, Some(done));
    assert_eq!(lc.kind(&c.record.status), RequestStatus::Completed);
    let solved =
        lifecycle::clocks(catalog, timing, &c.record, when(2026, 12, 1, 9, 0)).expect("clocks");
    assert!(matches!(
        restore(&solved).state,
        ClockState::Met | ClockState::Missed
    ));
    assert_eq!(
        lifecycle::apply(
            catalog,
            &c.record,
            &mv("in_progress"),
            Actor::Customer,
            when(2026, 11, 10, 9, 0)
        ),
        Err(Refusal::NoteRequired {
            to: "in_progress".into()
        })
    );
    let d = step(
        catalog,
        &c.record,
        noted("in_progress", "같은 오류가 다시 납니다"),
        Actor::Customer,
        when(2026, 11, 10, 9, 0),
    );
    assert!(d.record.rework);
    assert_eq!(d.record.resolved, None);
    assert!(d.events.contains(&Event::Reopened { rework: true }));
    // Too late to reopen: a new request.
    let late = lifecycle::apply(
        catalog,
        &c.record,
        &noted("in_progress", "again"),
        Actor::Customer,
        when(2026, 12, 4, 9, 0),
    );
    assert_eq!(
        late,
        Err(Refusal::ReopenPeriodOver {
            resolved: done,
            days: 30
        })
    );

    // Closed: no move out, the event says so.
    let e = step(
        catalog,
        &c.record,
        mv("closed"),
        Actor::Customer,
        when(2026, 11, 4, 9, 0),
    );
    assert!(e.events.contains(&Event::Closed));
    assert_eq!(e.record.closed, Some(when(2026, 11, 4, 9, 0)));
}

#[test]
fn ratings_count_as_complaints_at_the_datas_threshold() {
    let data = common::sample("library");
    let catalog = &data.catalog;
    let lc = catalog.lifecycle.as_ref().expect("lifecycle");
    let at = when(2026, 11, 2, 9, 0);
    let open = lc.start(at);
    assert_eq!(
        lifecycle::apply(
            catalog,
            &open,
            &Action::Rate {
                rating: 5,
                comment: None
            },
            Actor::Customer,
            at
        ),
        Err(Refusal::NotResolved {
            status: "received".into()
        })
    );
    let resolved = step(catalog, &open, mv("resolved"), Actor::Vendor, at).record;
    assert_eq!(
        lifecycle::apply(
            catalog,
            &resolved,
            &Action::Rate {
                rating: 5,
                comment: None
            },
            Actor::Vendor,
            at
        ),
        Err(Refusal::CustomerOnly)
    );
    assert_eq!(
        lifecycle::apply(
            catalog,
            &resolved,
            &Action::Rate {
                rating: 6,
                comment: None
            },
            Actor::Customer,
            at
        ),
        Err(Refusal::RatingOutOfRange {
            rating: 6,
            scale: 5
        })
    );
    for (rating, complaint) in [(1, true), (2, true), (3, false), (5, false)] {
        let a = step(
            catalog,
            &resolved,
            Action::Rate {
                rating,
                comment: Some("감사합니다".into()),
            },
            Actor::Customer,
            at,
        );
        assert_eq!(a.events, vec![Event::Rated { rating, complaint }]);
        let s = a.record.satisfaction.expect("rated");
        assert_eq!(lc.is_complaint(&s), complaint, "rating {rating}");
    }
    let c = step(
        catalog,
        &resolved,
        Action::Complain {
            comment: "연락이 늦었습니다".into(),
        },
        Actor::Customer,
        at,
    );
    assert!(lc.is_complaint(c.record.satisfaction.as_ref().expect("complained")));
    // A good rating after a complaint keeps the complaint.
    let d = step(
        catalog,
        &c.record,
        Action::Rate {
            rating: 5,
            comment: None,
        },
        Actor::Customer,
        at,
    );
    assert_eq!(
        d.events,
        vec![Event::Rated {
            rating: 5,
            complaint: true
        }]
    );
}

#[test]
fn the_cloud_vendor_has_its_own_statuses() {
    let data = common::sample("cloud");
    let catalog = &data.catalog;
    let lc = catalog.lifecycle.as_ref().expect("lifecycle");
    let at = when(2026, 11, 2, 9, 0);
    let r = lc.start(at);
    assert_eq!(r.status, "new");
    match lifecycle::apply(catalog, &r, &mv("in_progress"), Actor::Vendor, at) {
        Err(e @ Refusal::NotAStatus { .. }) => {
            let t = e.text(Some(lc));
            assert!(
                t.en.contains("New, Open, Pending, Solved, Withdrawn"),
                "{}",
                t.en
            );
        }
        other => panic!("{other:?}"),
    }
    let solved = step(catalog, &r, mv("solved"), Actor::Vendor, at).record;
    // Only the customer reopens here, and only within a week.
    assert!(matches!(
        lifecycle::apply(catalog, &solved, &mv("open"), Actor::Vendor, at),
        Err(Refusal::NotAllowed { .. })
    ));
    let reopened = step(
        catalog,
        &solved,
        mv("open"),
        Actor::Customer,
        when(2026, 11, 9, 9, 0),
    );
    assert!(reopened.record.rework);
    assert!(matches!(
        lifecycle::apply(
            catalog,
            &solved,
            &mv("open"),
            Actor::Customer,
            when(2026, 11, 10, 9, 0)
        ),
        Err(Refusal::ReopenPeriodOver { days: 7, .. })
    ));
    // A 6 of 10 is a complaint for this vendor.
    let rated = step(
        catalog,
        &solved,
        Action::Rate {
            rating: 6,
            comment: None,
        },
        Actor::Customer,
        at,
    );
    assert_eq!(
        rated.events,
        vec![Event::Rated {
            rating: 6,
            complaint: true
        }]
    );
}

#[test]
fn a_record_survives_a_round_trip_through_json() {
    let data = common::sample("library");
    let catalog = &data.catalog;
    let lc = catalog.lifecycle.as_ref().expect("lifecycle");
    let r = lc.start(when(2026, 11, 2, 9, 0));
    let a = step(
        catalog,
        &r,
        noted("waiting_on_customer", "?"),
        Actor::Vendor,
        when(2026, 11, 2, 10, 0),
    );
    let b = step(
        catalog,
        &a.record,
        mv("in_progress"),
        Actor::Customer,
        when(2026, 11, 2, 11, 0),
    );
    let text = serde_json::to_string(&b.record).expect("json");
    let back: Record = serde_json::from_str(&text).expect("read back");
    assert_eq!(back, b.record);
    assert!(
        serde_json::from_str::<Record>(&text.replace("11:00", "09:00")).is_err(),
        "a pause ending before it starts is refused"
    );
}

#[test]
fn a_history_rating_counts_as_a_complaint_at_the_datas_threshold() {
    let data = common::sample("library");
    let history = |rating: u32| {
        serde_json::json!({"schema_version": 1, "contract": "hanbit-city", "requests": [
            {"id": "SR-2026-0500", "category": "usage_question", "severity": "low",
             "status": "completed", "submitted": "2026-11-02T10:00:00",
             "responded": "2026-11-02T10:30:00", "completed": "2026-11-02T11:00:00",
             "rating": rating}
        ]})
        .to_string()
    };
    for (rating, complaint) in [(1, true), (2, true), (3, false), (5, false)] {
        let (_, requests) = covered_core::contract::load_history_json(
            "history/hanbit-city.json",
            &history(rating),
            &data.catalog,
        )
        .expect("loads");
        assert_eq!(requests[0].complaint, complaint, "rating {rating}");
    }
    let problems = covered_core::contract::load_history_json(
        "history/hanbit-city.json",
        &history(6),
        &data.catalog,
    )
    .expect_err("6 is off the scale");
    assert_eq!(problems.0[0].path, "$.requests[0].rating");
    assert!(
        problems.0[0].message.contains("between 1 and 5"),
        "{}",
        problems.0[0].message
    );
}

#[test]
fn a_filed_request_keeps_its_record_in_the_browsers_store() {
    let data = common::sample("library");
    let lc = data.catalog.lifecycle.as_ref().expect("lifecycle");
    let filing = covered_core::filing::Filing {
        contract: "hanbit-city".into(),
        branch: Some("main".into()),
        product: "DLi".into(),
        version: "8".into(),
        category: "usage_question".into(),
        answers: Default::default(),
        requester: "김사서".into(),
        title: "대출 화면".into(),
        details: String::new(),
        wanted_by: None,
        paid: false,
    };
    let at = when(2026, 11, 2, 9, 0);
    let r = step(
        &data.catalog,
        &lc.start(at),
        noted("waiting_on_customer", "?"),
        Actor::Vendor,
        at,
    );
    let s = covered_core::submission::Submission::filed(
        "SR-2026-0900".into(),
        filing.clone(),
        at,
        Some("low".into()),
        Some(r.record.clone()),
    );
    assert_eq!(s.filing, filing);
    let text = serde_json::to_string(&s).expect("json");
    let back: covered_core::submission::Submission =
        serde_json::from_str(&text).expect("read back");
    assert_eq!(back, s);
    let broken = text.replace(
        "\"paused_since\":\"2026-11-02T09:00:00\"",
        "\"paused_since\":\"soon\"",
    );
    assert_ne!(broken, text);
    let e = serde_json::from_str::<covered_core::submission::Submission>(&broken)
        .expect_err("a broken record");
    assert!(e.to_string().contains("record: $.paused_since"), "{e}");
}
