//! The outbox of `covered serve`: the scheduler, running as `serve` runs it, writes each
//! timed event of a request (covered-core's warnings, breaches and escalation steps)
//! when the server's clock passes its time, exactly once; a pause moves them later, the
//! first reply stops the response clock's. The per-request timeline shows them, the
//! outbox listing is the vendor's only. On SQLite, and on PostgreSQL when
//! `COVERED_TEST_DATABASE_URL` is set.

use crate::support::{Client, Kind, as_user, fault, on_both};
use axum::http::StatusCode;
use covered_cli::serve::Server;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// Monday 2026-11-23 at `hh:mm` in Seoul.
fn at(hh: u32, mm: u32) -> covered_core::civil::Timestamp {
    format!("2026-11-23T{hh:02}:{mm:02}:00+09:00")
        .parse()
        .unwrap()
}

/// The outbox's keys (without the request id), as the vendor lists them.
async fn keys(vendor: &Client, request: &str) -> Vec<String> {
    let r = vendor
        .get(&format!("/api/outbox?request={request}&limit=500"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body["outbox"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let k = o["key"].as_str().unwrap();
            k.strip_prefix(&format!("{request}/")).unwrap().to_owned()
        })
        .collect()
}

/// Waits (up to 20 s) until the outbox of `request` holds `want`, in this order.
async fn wait_for(vendor: &Client, request: &str, want: &[&str]) {
    let started = Instant::now();
    loop {
        let got = keys(vendor, request).await;
        if got == want {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the outbox holds {got:?}, not {want:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Serves `server` on a loopback port, as `covered serve` does (the scheduler with it),
/// until the returned sender is dropped or sent to.
fn serve(server: &Server) -> tokio::sync::oneshot::Sender<()> {
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let s = server.clone();
    tokio::spawn(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        s.serve(listener, async move {
            let _ = rx.await;
        })
        .await
        .unwrap();
    });
    tx
}

async fn move_to(c: &Client, id: &str, to: &str, note: Option<&str>) {
    let r = c
        .post(
            &format!("/api/requests/{id}/status"),
            &json!({"status": to, "note": note}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scheduler_writes_each_warning_and_escalation_once_when_it_falls_due() {
    on_both(|server, kind| async move {
        let stop = serve(&server);
        let clock = server.clock().clone();
        let hanbit = as_user(&server, "hanbit").await;
        let vendor = as_user(&server, "vendor").await;
        // hanbit-city is Gold (24×7): a critical fault filed at 10:00 is to be answered by
        // 11:00 and restored by 18:00; its escalation steps come at 10:30 and 11:00.
        let filed = hanbit
            .post("/api/requests", &fault("hanbit-city", "대출 반납 불가"))
            .await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
        let id = filed.body["id"].as_str().unwrap().to_owned();
        let t = vendor.get(&format!("/api/requests/{id}/timeline")).await;
        assert_eq!(t.status, StatusCode::OK, "{}", t.text);
        assert_eq!(t.body["next"]["key"], format!("{id}/escalation/1"));
        assert_eq!(t.body["next"]["at"], "2026-11-23T10:30:00");
        assert!(keys(&vendor, &id).await.is_empty());

        // Past the response clock's 50 % and the first escalation step.
        clock.set(at(10, 31));
        wait_for(&vendor, &id, &["escalation/1", "warning/response/50"]).await;
        // Past 75 %.
        clock.set(at(10, 46));
        let three = ["escalation/1", "warning/response/50", "warning/response/75"];
        wait_for(&vendor, &id, &three).await;
        // More passes, alongside the scheduler's, write nothing twice.
        for _ in 0..3 {
            server.run_due().await.unwrap();
        }
        assert_eq!(keys(&vendor, &id).await, three);

        // What a row says: the warning in words, the step's action from the data, ready
        // for delivery.
        let list = vendor.get(&format!("/api/outbox?request={id}")).await;
        let rows = list.body["outbox"].as_array().unwrap().clone();
        let warning = &rows[1];
        assert_eq!(warning["kind"], "warning");
        assert_eq!(warning["clock"], "response");
        assert_eq!(warning["percent"], 50);
        assert_eq!(warning["at"], "2026-11-23T10:30:00");
        assert_eq!(warning["delivery"], "pending");
        assert_eq!(warning["event"]["text"]["ko"], "응답 시간 50% 경과");
        let step = &rows[0];
        assert_eq!(step["kind"], "escalation");
        assert_eq!(step["step"], 1);
        assert_eq!(
            step["event"]["action"]["en"],
            "Report to the CTO and call the vendor's emergency support"
        );
        assert_eq!(step["event"]["notify"], json!(["vendor"]));
        let pending = vendor.get("/api/outbox?delivery=pending&limit=500").await;
        assert_eq!(pending.body["outbox"].as_array().unwrap().len(), 3);
        let sent = vendor.get("/api/outbox?delivery=sent").await;
        assert_eq!(sent.body["outbox"], json!([]));

        // The outbox is the vendor's: customers are refused it.
        let refused = hanbit.get("/api/outbox").await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
        let bad = vendor.get("/api/outbox?delivery=lost").await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);

        // The vendor asks the library for logs at 10:50: the first reply stops the
        // response clock (no breach at 11:00), and the clocks stand still.
        clock.set(at(10, 50));
        move_to(
            &vendor,
            &id,
            "waiting_on_customer",
            Some("로그를 보내 주세요"),
        )
        .await;
        clock.set(at(11, 30));
        server.run_due().await.unwrap();
        assert_eq!(
            keys(&vendor, &id).await,
            three,
            "nothing falls due while paused"
        );
        // The library answers at 11:30: a 40-minute pause moves step 2 to 11:40.
        hanbit
            .post(
                &format!("/api/requests/{id}/status"),
                &json!({"status": "in_progress"}),
            )
            .await;
        let t = vendor.get(&format!("/api/requests/{id}/timeline")).await;
        assert_eq!(t.body["next"]["key"], format!("{id}/escalation/2"));
        assert_eq!(t.body["next"]["at"], "2026-11-23T11:40:00");
        clock.set(at(11, 41));
        let four = [
            "escalation/1",
            "warning/response/50",
            "warning/response/75",
            "escalation/2",
        ];
        wait_for(&vendor, &id, &four).await;

        // The timeline: the request's life and its outbox events, in time order.
        let t = vendor.get(&format!("/api/requests/{id}/timeline")).await;
        let kinds: Vec<&str> = t.body["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "received",
                "escalation",
                "warning",
                "warning",
                "answered",
                "status",
                "paused",
                "status",
                "escalation"
            ],
            "{}",
            t.text
        );
        assert_eq!(t.body["next"]["key"], format!("{id}/warning/restore/50"));
        // The customer sees what concerns them: not the vendor's internal step 1, but
        // step 2, which briefs their executives.
        let theirs = hanbit.get(&format!("/api/requests/{id}/timeline")).await;
        assert_eq!(theirs.status, StatusCode::OK, "{}", theirs.text);
        let steps: Vec<&Value> = theirs.body["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "escalation")
            .collect();
        assert_eq!(steps.len(), 1, "{}", theirs.text);
        assert_eq!(steps[0]["step"], 2);
        // Another library's staff don't see it at all.
        let bada = as_user(&server, "bada").await;
        let r = bada.get(&format!("/api/requests/{id}/timeline")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text);

        // Resolved at 12:00: nothing more, ever.
        clock.set(at(12, 0));
        move_to(&vendor, &id, "resolved", None).await;
        clock.set(at(21, 0));
        server.run_due().await.unwrap();
        assert_eq!(keys(&vendor, &id).await, four);
        let _ = stop.send(());
        if kind == Kind::Postgres {
            // The PostgreSQL half ran too.
            eprintln!("outbox test ran on PostgreSQL");
        }
    })
    .await;
}
