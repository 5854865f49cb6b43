//! A resolved request the customer leaves unanswered closes by itself: the notification
//! policy's `close_unanswered` (the library's: from `resolved` to `closed` after 7
//! calendar days). The scheduler's pass at that time makes the lifecycle's move with
//! an outbox row, an event on the request and an audit entry by `system`, once; a
//! request the customer reopened or confirmed first is left as they left it. On SQLite,
//! and on PostgreSQL when `COVERED_TEST_DATABASE_URL` is set.

use crate::support::{Client, as_user, fault, on_both};
use axum::http::StatusCode;
use serde_json::{Value, json};

/// 2026-11-`day` at `hh:mm` in Seoul.
fn on(day: u32, hh: u32, mm: u32) -> covered_core::civil::Timestamp {
    format!("2026-11-{day:02}T{hh:02}:{mm:02}:00+09:00")
        .parse()
        .unwrap()
}

/// 2026-12-`day` at `hh:mm` in Seoul.
fn in_december(day: u32, hh: u32, mm: u32) -> covered_core::civil::Timestamp {
    format!("2026-12-{day:02}T{hh:02}:{mm:02}:00+09:00")
        .parse()
        .unwrap()
}

async fn file(c: &Client, title: &str) -> String {
    let r = c.post("/api/requests", &fault("hanbit-city", title)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body["id"].as_str().unwrap().to_owned()
}

async fn post_ok(c: &Client, path: &str, body: Value) {
    let r = c.post(path, &body).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.text);
}

async fn status_of(c: &Client, id: &str) -> Value {
    let r = c.get(&format!("/api/requests/{id}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body
}

/// The keys of request `id`'s outbox rows of kind `close`.
async fn closes(vendor: &Client, id: &str) -> Vec<Value> {
    let r = vendor
        .get(&format!("/api/outbox?request={id}&limit=500"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body["outbox"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["kind"] == "close")
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resolution_left_unanswered_for_a_week_closes_by_itself_once() {
    on_both(|server, _| async move {
        let clock = server.clock().clone();
        let mut hanbit = as_user(&server, "hanbit").await;
        let mut vendor = as_user(&server, "vendor").await;
        // Three faults filed Monday 2026-11-23 at 10:00, resolved at 12:00.
        let quiet = file(&hanbit, "대출 반납 불가").await;
        let reopened = file(&hanbit, "검색 결과 없음").await;
        let confirmed = file(&hanbit, "예약 알림 누락").await;
        clock.set(on(23, 12, 0));
        for id in [&quiet, &reopened, &confirmed] {
            post_ok(
                &vendor,
                &format!("/api/requests/{id}/status"),
                json!({"status": "resolved"}),
            )
            .await;
        }
        let t = vendor.get(&format!("/api/requests/{quiet}/timeline")).await;
        // (A critical fault's incident report falls due before it, a day after the
        // restore.)
        let close = t.body["upcoming"]
            .as_array()
            .and_then(|up| up.iter().find(|e| e["key"] == format!("{quiet}/close")))
            .unwrap_or_else(|| panic!("the close is to come: {}", t.text));
        assert_eq!(close["at"], "2026-11-30T12:00:00");

        // Wednesday: the library reopens one and rates and confirms another.
        clock.set(on(25, 9, 0));
        // (Sessions don't last days: log in again after each jump of the clock.)
        hanbit = as_user(&server, "hanbit").await;
        post_ok(
            &hanbit,
            &format!("/api/requests/{reopened}/status"),
            json!({"status": "in_progress", "note": "다시 발생했습니다"}),
        )
        .await;
        post_ok(
            &hanbit,
            &format!("/api/requests/{confirmed}/rating"),
            json!({"rating": 5}),
        )
        .await;
        post_ok(
            &hanbit,
            &format!("/api/requests/{confirmed}/status"),
            json!({"status": "closed"}),
        )
        .await;

        // A minute before the week is out, nothing closes.
        clock.set(on(30, 11, 59));
        server.run_due().await.unwrap();
        (hanbit, vendor) = (
            as_user(&server, "hanbit").await,
            as_user(&server, "vendor").await,
        );
        assert_eq!(status_of(&vendor, &quiet).await["status"], "resolved");
        assert!(closes(&vendor, &quiet).await.is_empty());

        // At the week's end the pass closes the one left unanswered.
        clock.set(on(30, 12, 0));
        server.run_due().await.unwrap();
        let r = status_of(&hanbit, &quiet).await;
        assert_eq!(r["status"], "closed", "{r}");
        assert_eq!(r["status_name"]["ko"], "종료");
        assert_eq!(r["closed"], "2026-11-30T12:00:00");
        assert_eq!(
            r["resolved"], "2026-11-23T12:00:00",
            "its clocks stay stopped"
        );
        let events = r["events"].as_array().unwrap();
        let last = events.last().unwrap();
        assert_eq!(last["kind"], "status", "{r}");
        assert_eq!(last["status"], "closed");
        assert_eq!(last["by"], "system");
        assert_eq!(last["at"], "2026-11-30T12:00:00");
        let body = last["body"].as_str().unwrap();
        assert!(body.contains("7일 동안 답이 없어 자동 종료"), "{body}");
        assert!(
            body.contains("Closed automatically: no answer within 7 days"),
            "{body}"
        );
        let rows = closes(&vendor, &quiet).await;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["key"], format!("{quiet}/close"));
        assert_eq!(rows[0]["at"], "2026-11-30T12:00:00");
        assert_eq!(rows[0]["event"]["to"], "closed");
        assert_eq!(rows[0]["event"]["after_days"], 7);
        // The audit trail has it, by `system`, as a status change.
        let audit = vendor.get(&format!("/api/requests/{quiet}/audit")).await;
        assert_eq!(audit.status, StatusCode::OK, "{}", audit.text);
        let entries = audit.body["audit"].as_array().unwrap();
        let e = entries.last().unwrap();
        assert_eq!(e["who"], "system", "{}", audit.text);
        assert_eq!(e["kind"], "request.status");
        assert_eq!(e["detail"]["from"], "resolved");
        assert_eq!(e["detail"]["to"], "closed");
        assert_eq!(e["detail"]["automatic"], "close_unanswered");
        // No one logs in as the account the server's changes are recorded under.
        let login = Client::new(&server)
            .post("/api/login", &json!({"login": "system", "password": ""}))
            .await;
        assert_eq!(login.status, StatusCode::UNAUTHORIZED, "{}", login.text);

        // The customer's answers stood: reopened stays in progress, confirmed stays the
        // customer's close; neither has a close row.
        let r = status_of(&vendor, &reopened).await;
        assert_eq!(r["status"], "in_progress");
        assert!(closes(&vendor, &reopened).await.is_empty());
        let r = status_of(&vendor, &confirmed).await;
        assert_eq!(r["status"], "closed");
        assert_eq!(r["closed"], "2026-11-25T09:00:00");
        assert_eq!(
            r["events"].as_array().unwrap().last().unwrap()["by"],
            "hanbit"
        );
        assert!(closes(&vendor, &confirmed).await.is_empty());

        // More passes, and a week later, repeat nothing.
        let count = |v: &Value| v["events"].as_array().unwrap().len();
        let before = count(&status_of(&vendor, &quiet).await);
        for _ in 0..2 {
            server.run_due().await.unwrap();
        }
        clock.set(in_december(8, 12, 0));
        server.run_due().await.unwrap();
        let vendor = as_user(&server, "vendor").await;
        assert_eq!(count(&status_of(&vendor, &quiet).await), before);
        assert_eq!(closes(&vendor, &quiet).await.len(), 1);
        let audit = vendor.get(&format!("/api/requests/{quiet}/audit")).await;
        let by_system = audit.body["audit"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["who"] == "system")
            .count();
        assert_eq!(by_system, 1);
    })
    .await;
}
