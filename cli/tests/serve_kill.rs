//! Durability of the real `covered serve`: submissions are hammered at it, it is killed
//! with SIGKILL in the middle, and after a restart on the same database every request
//! that had been acknowledged with `201` is there — and a submission that was in flight,
//! retried with its idempotency key, is stored once. On SQLite always, and on
//! PostgreSQL when `COVERED_TEST_DATABASE_URL` is set.

use crate::support;
use crate::support::http::{self, Conn, Session};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Starts the binary on `db`; returns it and the address it listens on.
fn start(db: &str, cwd: &std::path::Path) -> (Child, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_covered"))
        .args([
            "serve",
            "--port",
            "0",
            "--now",
            "2026-11-23T10:00:00",
            "--db",
            db,
            // A load run: no per-account rate limit (their own test is serve_abuse.rs).
            "--submissions-per-minute",
            "0",
            "--comments-per-minute",
            "0",
        ])
        .arg("--data")
        .arg(support::data_dir())
        .arg("--accounts")
        .arg(support::accounts_file())
        .current_dir(cwd)
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut before = String::new();
    let addr = loop {
        let line = lines
            .next()
            .expect("the server stopped before listening")
            .unwrap();
        if let Some(rest) = line.strip_prefix("listening on http://") {
            break rest.trim_end_matches('/').parse().unwrap();
        }
        before.push_str(&line);
        before.push('\n');
    };
    // It says where its data and database are, and prints the demo logins.
    for want in [
        "6 contracts",
        "demo logins",
        "vendor",
        "demo-vendor",
        "hanbit-riverside",
    ] {
        assert!(before.contains(want), "{want:?} not in:\n{before}");
    }
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, addr)
}

/// What one submitter saw.
#[derive(Debug, Default)]
struct Seen {
    /// (key, id) of every 201.
    acked: Vec<(String, String)>,
    /// The key of a submission sent but not answered when the server died.
    in_flight: Vec<String>,
}

async fn submitter(addr: SocketAddr, s: Session, n: usize, seen: Arc<Mutex<Seen>>) {
    let Ok(mut conn) = Conn::open(addr).await else {
        return;
    };
    for i in 0.. {
        let key = format!("kill-{n}-{i}");
        let body = serde_json::json!({
            "contract": "hanbit-city", "branch": "main", "product": "DLi", "version": "8",
            "category": "fault", "answers": {"impact": "whole_system"},
            "requester": "부하", "title": format!("부하 {n}-{i}")
        })
        .to_string();
        seen.lock().unwrap().in_flight.push(key.clone());
        let r = conn
            .send(
                "POST",
                "/api/requests",
                &[
                    ("cookie", &s.cookie),
                    ("x-csrf-token", &s.csrf),
                    ("idempotency-key", &key),
                ],
                Some(&body),
            )
            .await;
        let mut g = seen.lock().unwrap();
        g.in_flight.retain(|k| k != &key);
        match r {
            Ok(r) if r.status == 201 => {
                let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
                g.acked.push((key, v["id"].as_str().unwrap().to_owned()));
            }
            Ok(r) => panic!("submission refused: {} {}", r.status, r.body),
            Err(_) => {
                // The server died with this one unanswered.
                g.in_flight.push(key);
                return;
            }
        }
    }
}

async fn kill_during_load(db: &str) {
    let cwd = support::temp_dir("kill");
    let (mut child, addr) = start(db, &cwd);
    let mut c = Conn::open(addr).await.unwrap();
    let session = http::login(&mut c, "hanbit", "demo-hanbit").await.unwrap();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let tasks: Vec<_> = (0..8)
        .map(|n| tokio::spawn(submitter(addr, session.clone(), n, Arc::clone(&seen))))
        .collect();
    // Let the load run until enough requests are acknowledged, then kill -9. The limit
    // only catches a server that stopped answering: a busy machine may take its time.
    let started = Instant::now();
    while seen.lock().unwrap().acked.len() < 300 && started.elapsed() < Duration::from_secs(180) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    for t in tasks {
        t.await.unwrap();
    }
    let (acked, in_flight) = {
        let g = seen.lock().unwrap();
        (g.acked.clone(), g.in_flight.clone())
    };
    assert!(
        acked.len() >= 300,
        "only {} acknowledged before the kill",
        acked.len()
    );

    let (mut child, addr) = start(db, &cwd);
    let mut c = Conn::open(addr).await.unwrap();
    let s = http::login(&mut c, "hanbit", "demo-hanbit").await.unwrap();
    let auth = [
        ("cookie", s.cookie.as_str()),
        ("x-csrf-token", s.csrf.as_str()),
    ];
    for (key, id) in &acked {
        let r = c
            .send("GET", &format!("/api/requests/{id}"), &auth, None)
            .await
            .unwrap();
        assert_eq!(
            r.status, 200,
            "acknowledged request {id} ({key}) lost: {}",
            r.body
        );
    }
    // A submission cut off by the kill, retried with its key, is stored exactly once.
    let mut retried = Vec::new();
    for key in &in_flight {
        let n = key.trim_start_matches("kill-");
        let (task, i) = n.split_once('-').unwrap();
        let body = serde_json::json!({
            "contract": "hanbit-city", "branch": "main", "product": "DLi", "version": "8",
            "category": "fault", "answers": {"impact": "whole_system"},
            "requester": "부하", "title": format!("부하 {task}-{i}")
        })
        .to_string();
        let mut h = auth.to_vec();
        h.push(("idempotency-key", key));
        let r = c
            .send("POST", "/api/requests", &h, Some(&body))
            .await
            .unwrap();
        assert_eq!(r.status, 201, "{}", r.body);
        let again = c
            .send("POST", "/api/requests", &h, Some(&body))
            .await
            .unwrap();
        let id = |t: &str| serde_json::from_str::<serde_json::Value>(t).unwrap()["id"].clone();
        assert_eq!(id(&r.body), id(&again.body), "retry of {key} stored twice");
        retried.push(id(&r.body));
    }
    let mut total = 0;
    let mut offset = 0;
    loop {
        let r = c
            .send(
                "GET",
                &format!("/api/requests?limit=500&offset={offset}"),
                &auth,
                None,
            )
            .await
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        let n = v["requests"].as_array().unwrap().len();
        total += n;
        offset += 500;
        if n < 500 {
            break;
        }
    }
    // Every key sent is stored exactly once: acknowledged ones, and the in-flight ones
    // either committed before the kill or stored by their retry.
    assert_eq!(
        total,
        acked.len() + in_flight.len(),
        "{} acknowledged, {} in flight ({} retried)",
        acked.len(),
        in_flight.len(),
        retried.len()
    );
    // SIGTERM stops it cleanly.
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "after SIGTERM: {status}");
    let _ = std::fs::remove_dir_all(&cwd);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_a_load_run_loses_no_acknowledged_request() {
    let db = support::TestDb::sqlite();
    kill_during_load(&db.url).await;
    db.cleanup().await;
    if let Some(db) = support::TestDb::postgres().await {
        kill_during_load(&db.url).await;
        db.cleanup().await;
    }
}
