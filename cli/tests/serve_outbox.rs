//! The outbox of `covered serve`: the scheduler, running as `serve` runs it, writes each
//! timed event of a request (covered-core's warnings, breaches and escalation steps)
//! when the server's clock passes its time, exactly once; a pause moves them later, the
//! first reply stops the response clock's. The per-request timeline shows them, the
//! outbox listing is the vendor's only. And the real binary, SIGKILLed during a burst of
//! due events and restarted on the same database, leaves each written exactly once. On
//! SQLite, and on PostgreSQL when `COVERED_TEST_DATABASE_URL` is set.

use crate::support::http::{self, Conn};
use crate::support::{self, Client, Kind, as_user, fault, on_both};
use axum::http::StatusCode;
use covered_cli::serve::Server;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::process::{Child, Command};
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

/// Starts the `covered` binary on `db` with its clock started at `now`; returns it and
/// the address it listens on. A burst of submissions: no per-account rate limit (tested
/// in serve_abuse.rs).
fn start(db: &str, cwd: &std::path::Path, now: &str) -> (Child, SocketAddr) {
    support::spawn_server(
        db,
        cwd,
        now,
        &[
            "--submissions-per-minute",
            "0",
            "--comments-per-minute",
            "0",
        ],
    )
}

/// (rows, distinct keys) in the outbox, read from the database itself.
async fn outbox_rows(pool: &sqlx::AnyPool) -> (i64, i64) {
    use sqlx::Row;
    let r = sqlx::query("SELECT COUNT(*) AS n, COUNT(DISTINCT event_key) AS k FROM outbox")
        .fetch_one(pool)
        .await;
    match r {
        Ok(r) => (r.try_get("n").unwrap(), r.try_get("k").unwrap()),
        // Before the server has created the table.
        Err(_) => (0, 0),
    }
}

/// How many requests the kill test files, and the events each has by 19:00.
const FILED: usize = 240;
const EACH: i64 = 8;

async fn file_faults(addr: SocketAddr, n: usize) -> Vec<String> {
    let mut c = Conn::open(addr).await.unwrap();
    let s = http::login(&mut c, "hanbit", "demo-hanbit").await.unwrap();
    let tasks: Vec<_> = (0..4)
        .map(|t| {
            let s = s.clone();
            tokio::spawn(async move {
                let mut c = Conn::open(addr).await.unwrap();
                let mut ids = Vec::new();
                for i in 0..n / 4 {
                    let body = fault("hanbit-city", &format!("장애 {t}-{i}")).to_string();
                    let r = c
                        .send(
                            "POST",
                            "/api/requests",
                            &[("cookie", &s.cookie), ("x-csrf-token", &s.csrf)],
                            Some(&body),
                        )
                        .await
                        .unwrap();
                    assert_eq!(r.status, 201, "{}", r.body);
                    let v: Value = serde_json::from_str(&r.body).unwrap();
                    ids.push(v["id"].as_str().unwrap().to_owned());
                }
                ids
            })
        })
        .collect();
    let mut ids = Vec::new();
    for t in tasks {
        ids.extend(t.await.unwrap());
    }
    ids
}

async fn kill_during_a_burst(db: &str) {
    sqlx::any::install_default_drivers();
    let cwd = support::temp_dir("outbox-kill");
    // Critical faults filed on Monday at 10:00 (nothing is due for half an hour) …
    let (mut child, addr) = start(db, &cwd, "2026-11-23T10:00:00");
    let ids = file_faults(addr, FILED).await;
    child.kill().unwrap();
    child.wait().unwrap();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(db)
        .await
        .unwrap();
    assert_eq!(outbox_rows(&pool).await, (0, 0));
    let total = i64::try_from(ids.len()).unwrap() * EACH;

    // … and the server back at 19:00: every step, warning and breach of each is due at
    // once. SIGKILL as soon as the first of them are written.
    let (mut child, _) = start(db, &cwd, "2026-11-23T19:00:00");
    let started = Instant::now();
    while outbox_rows(&pool).await.0 == 0 && started.elapsed() < Duration::from_secs(120) {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let (at_kill, distinct) = outbox_rows(&pool).await;
    assert_eq!(at_kill, distinct, "a key written twice");
    assert!(at_kill > 0, "nothing written in 120 s");
    if at_kill == total {
        eprintln!("note: the burst was over before the kill ({total} rows)");
    } else {
        eprintln!("killed mid-burst: {at_kill} of {total} rows written");
    }

    // Restarted on the same database, it writes the rest, and nothing twice.
    let (mut child, addr) = start(db, &cwd, "2026-11-23T19:00:00");
    let started = Instant::now();
    while outbox_rows(&pool).await.0 < total && started.elapsed() < Duration::from_secs(120) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // A little longer: more passes must add nothing.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(outbox_rows(&pool).await, (total, total));
    // Through the API: every request has each of its events exactly once.
    let mut c = Conn::open(addr).await.unwrap();
    let s = http::login(&mut c, "vendor", "demo-vendor").await.unwrap();
    let auth = [("cookie", s.cookie.as_str())];
    let mut keys = std::collections::BTreeMap::<String, Vec<String>>::new();
    let mut offset = 0;
    loop {
        let r = c
            .send(
                "GET",
                &format!("/api/outbox?contract=hanbit-city&limit=500&offset={offset}"),
                &auth,
                None,
            )
            .await
            .unwrap();
        assert_eq!(r.status, 200, "{}", r.body);
        let v: Value = serde_json::from_str(&r.body).unwrap();
        let rows = v["outbox"].as_array().unwrap();
        for o in rows {
            let (req, k) = o["key"].as_str().unwrap().split_once('/').unwrap();
            keys.entry(req.to_owned()).or_default().push(k.to_owned());
        }
        offset += 500;
        if rows.len() < 500 {
            break;
        }
    }
    let mut want: Vec<String> = [
        "escalation/1",
        "escalation/2",
        "warning/response/50",
        "warning/response/75",
        "breach/response",
        "warning/restore/50",
        "warning/restore/75",
        "breach/restore",
    ]
    .map(str::to_owned)
    .to_vec();
    want.sort();
    assert_eq!(keys.len(), ids.len());
    for id in &ids {
        let mut got = keys.get(id).cloned().unwrap_or_default();
        got.sort();
        assert_eq!(got, want, "request {id}");
    }
    pool.close().await;
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    assert!(child.wait().unwrap().success());
    let _ = std::fs::remove_dir_all(&cwd);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_a_burst_of_due_events_leaves_each_written_exactly_once() {
    let db = support::TestDb::sqlite();
    kill_during_a_burst(&db.url).await;
    db.cleanup().await;
    if let Some(db) = support::TestDb::postgres().await {
        kill_during_a_burst(&db.url).await;
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_change_writes_what_fell_due_before_it_even_when_the_scheduler_lags() {
    on_both(|server, _kind| async move {
        // No scheduler runs here: only the router.
        let clock = server.clock().clone();
        let hanbit = as_user(&server, "hanbit").await;
        let vendor = as_user(&server, "vendor").await;
        let filed = hanbit
            .post("/api/requests", &fault("hanbit-city", "스케줄러 지연"))
            .await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
        let id = filed.body["id"].as_str().unwrap().to_owned();
        // Resolved at 10:40, past step 1 and the 50 % warning, before the next pass.
        clock.set(at(10, 40));
        move_to(&vendor, &id, "resolved", None).await;
        assert_eq!(
            keys(&vendor, &id).await,
            ["escalation/1", "warning/response/50"]
        );
        // The pass that follows adds nothing: the rest can no longer happen.
        clock.set(at(19, 0));
        assert_eq!(server.run_due().await.unwrap(), 0);
        assert_eq!(
            keys(&vendor, &id).await,
            ["escalation/1", "warning/response/50"]
        );
    })
    .await;
}
