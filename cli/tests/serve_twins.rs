//! Two real `covered serve` processes on one database, started together: submissions
//! through both to one limited category admit exactly the year's limit free and refuse
//! the rest; SR numbers stay unique; an Idempotency-Key retried on the other server —
//! or sent to both at once — gives the one request; a session made on one is valid on
//! the other; and when one is killed with SIGKILL under load, every request either
//! acknowledged is stored, and those cut off, retried on the survivor, are stored once.
//! On PostgreSQL when `COVERED_TEST_DATABASE_URL` is set, and on one SQLite file.

use crate::support::{
    self,
    http::{Conn, Session},
    process::{self, Served},
};
use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A new banner image for national-sample: 5 a contract year, none used yet.
fn banner(title: &str) -> String {
    serde_json::json!({
        "contract": "national-sample", "branch": "main", "product": "DLi", "version": "8",
        "category": "banner", "answers": {"person_days": 1, "security_risk": false},
        "requester": "배너 담당", "title": title
    })
    .to_string()
}

async fn submit(addr: SocketAddr, s: &Session, body: &str, key: &str) -> (u16, serde_json::Value) {
    let mut c = Conn::open(addr).await.unwrap();
    let r = c
        .send(
            "POST",
            "/api/requests",
            &[
                ("cookie", &s.cookie),
                ("x-csrf-token", &s.csrf),
                ("idempotency-key", key),
            ],
            Some(body),
        )
        .await
        .unwrap();
    (r.status, serde_json::from_str(&r.body).unwrap_or_default())
}

/// What the load's submitters saw.
#[derive(Debug, Default)]
struct Seen {
    acked: Vec<(String, String)>,
    in_flight: Vec<String>,
    /// Acknowledged by each server (0: the one killed).
    by: [usize; 2],
}

fn fault_body(key: &str) -> String {
    serde_json::json!({
        "contract": "hanbit-city", "branch": "main", "product": "DLi", "version": "8",
        "category": "fault", "answers": {"impact": "whole_system"},
        "requester": "쌍둥이", "title": format!("두 서버 {key}")
    })
    .to_string()
}

async fn submitter(addr: SocketAddr, server: usize, s: Session, n: usize, seen: Arc<Mutex<Seen>>) {
    let Ok(mut conn) = Conn::open(addr).await else {
        return;
    };
    for i in 0.. {
        let key = format!("twin-{server}-{n}-{i}");
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
                Some(&fault_body(&key)),
            )
            .await;
        let mut g = seen.lock().unwrap();
        g.in_flight.retain(|k| k != &key);
        match r {
            Ok(r) if r.status == 201 => {
                let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
                g.acked.push((key, v["id"].as_str().unwrap().to_owned()));
                g.by[server] += 1;
                // The survivor's submitters stop once the other has been killed a while.
                if server == 1 && g.by[1] >= 400 {
                    return;
                }
            }
            Ok(r) => panic!("submission refused: {} {}", r.status, r.body),
            Err(_) => {
                g.in_flight.push(key);
                return;
            }
        }
    }
}

async fn two_servers(db: &str, what: &str) {
    let cwd = support::temp_dir("twins");
    let started = Instant::now();
    // Both at once on the new database: they migrate and seed it together.
    let (a, b) = {
        let (d1, c1) = (db.to_owned(), cwd.clone());
        let (d2, c2) = (db.to_owned(), cwd.clone());
        let one = std::thread::spawn(move || Served::start(&d1, &c1));
        let two = std::thread::spawn(move || Served::start(&d2, &c2));
        (one.join().unwrap(), two.join().unwrap())
    };
    let up = started.elapsed();

    // A session made on one server is valid on the other.
    let (_, national) = a.login("national").await;
    let mut on_b = Conn::open(b.addr).await.unwrap();
    let r = on_b
        .send("GET", "/api/session", &[("cookie", &national.cookie)], None)
        .await
        .unwrap();
    assert_eq!(
        r.status, 200,
        "{what}: a session made on A, on B: {}",
        r.body
    );
    assert!(r.body.contains("\"national\""), "{}", r.body);
    let r = on_b
        .send(
            "GET",
            "/api/contracts/national-sample/quota",
            &[("cookie", &national.cookie)],
            None,
        )
        .await
        .unwrap();
    let quota: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let limit = quota["quotas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["category"] == "banner")
        .unwrap()["remaining"]
        .as_u64()
        .unwrap() as usize;
    assert_eq!(limit, 5, "{what}: {quota}");

    // Twelve banner requests at once, six through each server.
    let limited_started = Instant::now();
    let tasks: Vec<_> = (0..12)
        .map(|i| {
            let addr = if i % 2 == 0 { a.addr } else { b.addr };
            let s = national.clone();
            tokio::spawn(async move {
                submit(
                    addr,
                    &s,
                    &banner(&format!("배너 {i}")),
                    &format!("banner-{i}"),
                )
                .await
            })
        })
        .collect();
    let mut free = Vec::new();
    let mut refused = 0;
    for t in tasks {
        let (status, v) = t.await.unwrap();
        match status {
            201 => {
                assert_eq!(v["paid"], false, "{v}");
                free.push(v);
            }
            422 => {
                assert_eq!(v["error"]["code"], "not_covered", "{v}");
                refused += 1;
            }
            other => panic!("{what}: banner answered {other}: {v}"),
        }
    }
    let limited_took = limited_started.elapsed();
    assert_eq!(
        free.len(),
        limit,
        "{what}: exactly the year's limit admitted free"
    );
    assert_eq!(refused, 12 - limit);
    // Offered as paid change requests, the refused ones go in, outside the limit.
    let mut paid: serde_json::Value = serde_json::from_str(&banner("유상 배너")).unwrap();
    paid["paid"] = serde_json::json!(true);
    let (status, v) = submit(b.addr, &national, &paid.to_string(), "banner-paid").await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["coverage"], "not_covered");

    // Changes of the same requests through both at once: a move on A, a comment on B.
    let (_, va) = a.login("vendor").await;
    let (_, vb) = b.login("vendor").await;
    let post = |addr: SocketAddr, s: Session, path: String, body: String| async move {
        let mut c = Conn::open(addr).await.unwrap();
        let h = [
            ("cookie", s.cookie.as_str()),
            ("x-csrf-token", s.csrf.as_str()),
        ];
        let r = c.send("POST", &path, &h, Some(&body)).await.unwrap();
        (r.status, r.body)
    };
    for v in &free {
        let id = v["id"].as_str().unwrap();
        let (x, y) = tokio::join!(
            post(
                a.addr,
                va.clone(),
                format!("/api/requests/{id}/status"),
                r#"{"status":"in_progress"}"#.to_owned()
            ),
            post(
                b.addr,
                vb.clone(),
                format!("/api/requests/{id}/comments"),
                r#"{"body":"두 서버에서 동시에"}"#.to_owned()
            )
        );
        assert_eq!(x.0, 200, "{what}: the move on A: {}", x.1);
        assert!(
            (200..300).contains(&y.0),
            "{what}: the comment on B: {}",
            y.1
        );
    }

    // The same key: first on A, retried on B; and sent to both at once.
    let body = fault_body("same-key");
    let (_, hanbit) = b.login("hanbit").await;
    let (s1, first) = submit(a.addr, &hanbit, &body, "retry-across").await;
    let (s2, again) = submit(b.addr, &hanbit, &body, "retry-across").await;
    assert_eq!((s1, s2), (201, 201), "{first} {again}");
    assert_eq!(
        first["id"], again["id"],
        "{what}: the retry on B stored a second request"
    );
    let mut raced = Vec::new();
    for i in 0..6 {
        let key = format!("both-at-once-{i}");
        let body = fault_body(&key);
        let (x, y) = tokio::join!(
            submit(a.addr, &hanbit, &body, &key),
            submit(b.addr, &hanbit, &body, &key)
        );
        assert_eq!((x.0, y.0), (201, 201), "{what}: {} {}", x.1, y.1);
        assert_eq!(x.1["id"], y.1["id"], "{what}: key {key} stored twice");
        raced.push(x.1["id"].clone());
    }

    // Under load through both, A is killed.
    let seen = Arc::new(Mutex::new(Seen::default()));
    let mut tasks = Vec::new();
    for n in 0..3 {
        tasks.push(tokio::spawn(submitter(
            a.addr,
            0,
            hanbit.clone(),
            n,
            Arc::clone(&seen),
        )));
        tasks.push(tokio::spawn(submitter(
            b.addr,
            1,
            hanbit.clone(),
            n,
            Arc::clone(&seen),
        )));
    }
    let load_started = Instant::now();
    while seen.lock().unwrap().by[0] < 150 && load_started.elapsed() < Duration::from_secs(180) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let killed_at = load_started.elapsed();
    a.kill();
    for t in tasks {
        t.await.unwrap();
    }
    let load_took = load_started.elapsed();
    let (acked, in_flight, by) = {
        let g = seen.lock().unwrap();
        (g.acked.clone(), g.in_flight.clone(), g.by)
    };
    assert!(by[0] >= 150, "{what}: only {} acknowledged by A", by[0]);
    let (mut c, s) = b.login("hanbit").await;
    let stored = process::all_requests(&mut c, &s).await;
    for (key, id) in &acked {
        assert!(
            stored.contains_key(id),
            "{what}: acknowledged {id} ({key}) lost"
        );
    }
    for key in &in_flight {
        let (status, _) = submit(b.addr, &s, &fault_body(key), key).await;
        assert_eq!(status, 201, "{what}: retry of {key}");
    }
    let stored = process::all_requests(&mut c, &s).await;
    // hanbit's: the retried one, the raced ones, and every key of the load once.
    assert_eq!(
        stored.len(),
        1 + raced.len() + acked.len() + in_flight.len(),
        "{what}: {} acknowledged, {} in flight",
        acked.len(),
        in_flight.len()
    );
    // SR numbers are unique per contract, over both servers' submissions.
    let (mut cv, vendor) = b.login("vendor").await;
    let every = process::all_requests(&mut cv, &vendor).await;
    let mut srs = BTreeSet::new();
    for r in every.values() {
        let key = (r["contract"].to_string(), r["sr"].to_string());
        assert!(srs.insert(key.clone()), "{what}: SR {key:?} issued twice");
    }
    let free_srs: BTreeSet<String> = free.iter().map(|v| v["sr"].to_string()).collect();
    assert_eq!(free_srs.len(), free.len());
    b.stop();
    println!(
        "two servers on {what}: both up in {:.1} s; 12 banner requests at once (limit {limit}): \
         {} free, {refused} refused, in {:.0} ms; load: {} acknowledged by A before its SIGKILL \
         at {:.1} s, {} by B, {} cut off and retried, {} stored in all, in {:.1} s; {} SR numbers, \
         all unique",
        up.as_secs_f64(),
        free.len(),
        limited_took.as_secs_f64() * 1e3,
        by[0],
        killed_at.as_secs_f64(),
        by[1],
        in_flight.len(),
        stored.len(),
        load_took.as_secs_f64(),
        srs.len()
    );
    let _ = std::fs::remove_dir_all(&cwd);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_database_keep_the_limit_the_numbers_and_every_acknowledged_request() {
    if let Some(db) = support::TestDb::postgres().await {
        two_servers(&db.url, "PostgreSQL").await;
        db.cleanup().await;
    }
    let db = support::TestDb::sqlite();
    two_servers(&db.url, "one SQLite file").await;
    db.cleanup().await;
}
