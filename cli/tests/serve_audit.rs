//! The audit trail of `covered serve`: what a login, a submission, a status change, a
//! comment, a rating and a logout write — in order, with who, when (the pinned clock)
//! and from where (the TCP peer of a real loopback connection); vendor staff only;
//! concurrent submissions leave one unbroken chain; `covered audit verify` passes on an
//! untouched log and names the first altered row after an UPDATE or a DELETE made
//! directly in the database. On SQLite, and on PostgreSQL when
//! `COVERED_TEST_DATABASE_URL` is set.

use crate::support::http::{self, Conn, Session};
use crate::support::{self, Client, TestDb, as_user, fault};
use axum::http::StatusCode;
use covered_cli::serve::{Server, audit};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::process::Command;

/// Every database the suite runs on: SQLite, and PostgreSQL when configured.
async fn databases() -> Vec<TestDb> {
    let mut dbs = vec![TestDb::sqlite()];
    if let Some(pg) = TestDb::postgres().await {
        dbs.push(pg);
    }
    dbs
}

/// Serves `server` on a loopback port as `covered serve` does; the address and a sender
/// that stops it.
async fn serve(server: &Server) -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let s = server.clone();
    tokio::spawn(async move {
        s.serve(listener, async move {
            let _ = rx.await;
        })
        .await
        .unwrap();
    });
    (addr, tx)
}

/// Monday 2026-11-23 at `hh:mm` in Seoul.
fn at(hh: u32, mm: u32) -> covered_core::civil::Timestamp {
    format!("2026-11-23T{hh:02}:{mm:02}:00+09:00")
        .parse()
        .unwrap()
}

/// POSTs `body` as the session's caller over `conn`; the status and JSON body.
async fn post(conn: &mut Conn, s: &Session, path: &str, body: &Value) -> (u16, Value) {
    let r = conn
        .send(
            "POST",
            path,
            &[("cookie", &s.cookie), ("x-csrf-token", &s.csrf)],
            Some(&body.to_string()),
        )
        .await
        .unwrap();
    let v = serde_json::from_str(&r.body).unwrap_or(Value::Null);
    (r.status, v)
}

/// Runs `covered audit verify --db <url>`: exit code, stdout, stderr.
fn verify(url: &str) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_covered"))
        .args(["audit", "verify", "--db", url])
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The vendor's view of the trail (every entry, up to 500) with `query`.
async fn trail(vendor: &Client, query: &str) -> Vec<Value> {
    let r = vendor.get(&format!("/api/audit?limit=500&{query}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body["audit"].as_array().unwrap().clone()
}

/// A direct connection to the test database, for what only someone with database
/// access could do.
async fn raw_db(url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_action_is_recorded_in_order_with_who_when_and_from_where() {
    for db in databases().await {
        let server = support::server(&db).await;
        let (addr, stop) = serve(&server).await;
        let clock = server.clock().clone();
        let mut conn = Conn::open(addr).await.unwrap();

        // A wrong password, then the right one, at 10:00.
        let bad = http::login(&mut conn, "hanbit", "Guess-7731").await;
        assert!(bad.is_err(), "a wrong password logged in");
        let hanbit = http::login(&mut conn, "hanbit", "demo-hanbit")
            .await
            .unwrap();
        // The library files a fault at 10:01.
        clock.set(at(10, 1));
        let (status, filed) = post(
            &mut conn,
            &hanbit,
            "/api/requests",
            &fault("hanbit-city", "대출 반납 불가"),
        )
        .await;
        assert_eq!(status, 201, "{filed}");
        let id = filed["id"].as_str().unwrap().to_owned();
        let sr = filed["sr"].as_str().unwrap().to_owned();
        // The vendor takes it on at 10:05, comments, and resolves it at 10:20.
        let mut vconn = Conn::open(addr).await.unwrap();
        clock.set(at(10, 5));
        let vendor = http::login(&mut vconn, "vendor", "demo-vendor")
            .await
            .unwrap();
        let status_path = format!("/api/requests/{id}/status");
        let (status, body) = post(
            &mut vconn,
            &vendor,
            &status_path,
            &json!({"status": "in_progress"}),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let (status, body) = post(
            &mut vconn,
            &vendor,
            &format!("/api/requests/{id}/comments"),
            &json!({"body": "원인을 찾았습니다"}),
        )
        .await;
        assert_eq!(status, 201, "{body}");
        clock.set(at(10, 20));
        let (status, body) = post(
            &mut vconn,
            &vendor,
            &status_path,
            &json!({"status": "resolved"}),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        // The library rates it at 10:30 and logs out.
        clock.set(at(10, 30));
        let (status, body) = post(
            &mut conn,
            &hanbit,
            &format!("/api/requests/{id}/rating"),
            &json!({"rating": 5}),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let (status, body) = post(&mut conn, &hanbit, "/api/logout", &json!({})).await;
        assert_eq!(status, 200, "{body}");

        // What the trail holds after the accounts file's entries, in order.
        let reader = as_user(&server, "vendor").await;
        let all = trail(&reader, "").await;
        let seqs: Vec<i64> = all.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
        assert_eq!(seqs, (1..=all.len() as i64).collect::<Vec<_>>());
        let seeded = all.iter().take_while(|e| e["who"] == "system").count();
        assert!(
            all[..seeded]
                .iter()
                .any(|e| e["kind"] == "account.created" && e["detail"]["login"] == "hanbit"),
            "the accounts file's accounts are recorded: {:?}",
            &all[..seeded]
        );
        let got: Vec<(String, String, String, Value)> = all[seeded..]
            .iter()
            .map(|e| {
                (
                    e["kind"].as_str().unwrap().to_owned(),
                    e["who"].as_str().unwrap().to_owned(),
                    e["at"].as_str().unwrap().to_owned(),
                    e["ip"].clone(),
                )
            })
            .collect();
        let ip = json!("127.0.0.1");
        let want = [
            ("login.failed", "hanbit", "10:00", &ip),
            ("login", "hanbit", "10:00", &ip),
            ("request.submitted", "hanbit", "10:01", &ip),
            ("login", "vendor", "10:05", &ip),
            ("request.status", "vendor", "10:05", &ip),
            ("request.comment", "vendor", "10:05", &ip),
            ("request.status", "vendor", "10:20", &ip),
            ("request.rating", "hanbit", "10:30", &ip),
            ("logout", "hanbit", "10:30", &ip),
            // The reader's own login, in process: no peer address.
            ("login", "vendor", "10:30", &Value::Null),
        ];
        let want: Vec<(String, String, String, Value)> = want
            .iter()
            .map(|(k, w, t, ip)| {
                (
                    (*k).to_owned(),
                    (*w).to_owned(),
                    format!("2026-11-23T{t}:00+09:00"),
                    (*ip).clone(),
                )
            })
            .collect();
        assert_eq!(got, want, "{:?}", db.kind);
        let e = |i: usize| &all[seeded + i];
        assert_eq!(e(0)["detail"]["reason"], "wrong_password");
        assert_eq!(e(1)["at_ms"], at(10, 0).as_millisecond());
        assert_eq!(e(2)["request"], id.as_str());
        assert_eq!(e(2)["sr"], sr.as_str());
        assert_eq!(e(2)["contract"], "hanbit-city");
        assert_eq!(e(2)["detail"]["severity"], "critical");
        assert_eq!(e(4)["detail"]["from"], "received");
        assert_eq!(e(4)["detail"]["to"], "in_progress");
        assert_eq!(e(5)["detail"]["chars"], 9);
        assert_eq!(e(6)["detail"]["to"], "resolved");
        assert_eq!(e(7)["detail"]["rating"], 5);
        // Each entry chains to the one before it.
        for pair in all.windows(2) {
            assert_eq!(pair[1]["prev_hash"], pair[0]["hash"]);
        }
        // No password or token is in the trail.
        let text = reader.get("/api/audit?limit=500").await.text;
        for secret in [
            "demo-hanbit",
            "demo-vendor",
            "Guess-7731",
            &hanbit.csrf,
            &vendor.csrf,
        ] {
            assert!(!text.contains(secret), "the trail holds {secret:?}");
        }
        let token = hanbit.cookie.split('=').nth(1).unwrap();
        assert!(!text.contains(token), "the trail holds a session token");

        // Filters: one request, one account, one kind, a time range; paging.
        let of_request = trail(&reader, &format!("request={id}")).await;
        let kinds: Vec<&str> = of_request
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "request.submitted",
                "request.status",
                "request.comment",
                "request.status",
                "request.rating"
            ]
        );
        let per_request = reader.get(&format!("/api/requests/{id}/audit")).await;
        assert_eq!(per_request.status, StatusCode::OK, "{}", per_request.text);
        assert_eq!(per_request.body["audit"], json!(of_request));
        let logins = trail(&reader, "kind=login&account=hanbit").await;
        assert_eq!(logins.len(), 1);
        assert_eq!(logins[0]["who"], "hanbit");
        let window = trail(&reader, "from=2026-11-23T10:04&to=2026-11-23T10:21").await;
        let kinds: Vec<&str> = window.iter().map(|e| e["kind"].as_str().unwrap()).collect();
        assert_eq!(
            kinds,
            [
                "login",
                "request.status",
                "request.comment",
                "request.status"
            ]
        );
        let page = reader
            .get("/api/audit?limit=2&offset=1&account=hanbit")
            .await;
        assert_eq!(page.body["total"], 5);
        let page_kinds: Vec<&str> = page.body["audit"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(page_kinds, ["login", "request.submitted"]);
        let bad = reader.get("/api/audit?since=yesterday").await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
        assert_eq!(bad.error().1.as_deref(), Some("since"));
        let bad = reader.get("/api/audit?from=monday").await;
        assert_eq!(bad.error().1.as_deref(), Some("from"), "{}", bad.text);
        let unknown = reader.get("/api/requests/nope/audit").await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);

        // Customers are refused every audit endpoint.
        let customer = as_user(&server, "hanbit").await;
        for path in [
            "/api/audit".to_owned(),
            "/api/audit.csv".to_owned(),
            format!("/api/requests/{id}/audit"),
        ] {
            let r = customer.get(&path).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}: {}", r.text);
            assert!(!r.text.contains("login.failed"), "{path}: {}", r.text);
        }

        // The CSV export: a login tried as a formula is neutralised.
        let mut evil = Conn::open(addr).await.unwrap();
        assert!(
            http::login(&mut evil, "=cmd|' /C calc'!A0", "p")
                .await
                .is_err()
        );
        let csv = reader.get("/api/audit.csv?kind=login.failed").await;
        assert_eq!(csv.status, StatusCode::OK, "{}", csv.text);
        assert!(
            csv.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        let lines: Vec<&str> = csv.text.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 3, "{}", csv.text);
        assert!(lines[0].starts_with("seq,at,at_ms,who,kind,"));
        assert!(
            lines[2].contains(",'=cmd|' /C calc'!A0,login.failed,"),
            "{}",
            lines[2]
        );
        assert!(lines[1].contains(",hanbit,login.failed,"), "{}", lines[1]);

        // The log as written verifies.
        let (code, out, err) = verify(&db.url);
        assert_eq!(code, 0, "{out}{err}");
        assert!(
            out.starts_with(&format!("{} entries, chain intact", all.len() + 2)),
            "{out}"
        );
        let _ = stop.send(());
        server.close().await;
        db.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_submissions_leave_one_unbroken_chain() {
    // Every failed login is checked (none told to come back for want of a turn).
    let limits = covered_cli::serve::Limits {
        max_hashes: 64,
        ..covered_cli::serve::Limits::default()
    };
    for db in databases().await {
        let server = support::server_with(&db, limits.clone()).await;
        let hanbit = as_user(&server, "hanbit").await;
        let bada = as_user(&server, "bada").await;
        let mut tasks = Vec::new();
        for i in 0..24 {
            let (c, contract) = if i % 2 == 0 {
                (hanbit.clone(), "hanbit-city")
            } else {
                (bada.clone(), "bada-county")
            };
            let s = server.clone();
            tasks.push(tokio::spawn(async move {
                let r = c
                    .post("/api/requests", &fault(contract, &format!("동시 접수 {i}")))
                    .await;
                assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
                // A failed login alongside each: appends that change nothing else.
                let f = Client::from_ip(&s, &format!("10.0.2.{i}"))
                    .post(
                        "/api/login",
                        &json!({"login": format!("nobody-{i}"), "password": "x"}),
                    )
                    .await;
                assert_eq!(f.status, StatusCode::UNAUTHORIZED, "{}", f.text);
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let vendor = as_user(&server, "vendor").await;
        let all = trail(&vendor, "").await;
        let submitted = all
            .iter()
            .filter(|e| e["kind"] == "request.submitted")
            .count();
        assert_eq!(submitted, 24);
        let seqs: Vec<i64> = all.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
        assert_eq!(seqs, (1..=all.len() as i64).collect::<Vec<_>>());
        for pair in all.windows(2) {
            assert_eq!(
                pair[1]["prev_hash"], pair[0]["hash"],
                "a fork after {}",
                pair[0]["seq"]
            );
        }
        let (code, out, err) = verify(&db.url);
        assert_eq!(code, 0, "{out}{err}");
        assert!(
            out.starts_with(&format!("{} entries, chain intact", all.len())),
            "{out}"
        );
        server.close().await;
        db.cleanup().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_names_the_first_row_altered_or_deleted_in_the_database() {
    for db in databases().await {
        let server = support::server(&db).await;
        let hanbit = as_user(&server, "hanbit").await;
        let vendor = as_user(&server, "vendor").await;
        server.clock().advance_minutes(3);
        let r = hanbit
            .post("/api/requests", &fault("hanbit-city", "검증"))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let id = r.body["id"].as_str().unwrap().to_owned();
        server.clock().advance_minutes(2);
        let r = vendor
            .post(
                &format!("/api/requests/{id}/status"),
                &json!({"status": "in_progress"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let r = vendor
            .post(
                &format!("/api/requests/{id}/comments"),
                &json!({"body": "확인"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let all = trail(&vendor, "").await;
        let n = all.len();
        server.close().await;

        let (code, out, err) = verify(&db.url);
        assert_eq!(code, 0, "{out}{err}");
        assert_eq!(
            out.lines().next(),
            Some(format!("{n} entries, chain intact").as_str())
        );

        let pool = raw_db(&db.url).await;
        let status = all.iter().find(|e| e["kind"] == "request.status").unwrap();
        let seq = status["seq"].as_i64().unwrap();
        let sr = status["sr"].as_str().unwrap();
        // Someone with the database edits who moved the request.
        sqlx::query("UPDATE audit SET who = 'hanbit' WHERE seq = $1")
            .bind(seq)
            .execute(&pool)
            .await
            .unwrap();
        let (code, out, err) = verify(&db.url);
        assert_eq!(code, 1, "{out}{err}");
        assert!(
            err.contains(&format!(
                "entry {seq} (2026-11-23T10:05:00+09:00, request.status by hanbit on {sr})"
            )) && err.contains("altered"),
            "{err}"
        );
        // Put back, it verifies again.
        sqlx::query("UPDATE audit SET who = 'vendor' WHERE seq = $1")
            .bind(seq)
            .execute(&pool)
            .await
            .unwrap();
        assert_eq!(verify(&db.url).0, 0);
        // Editing a row and recomputing its own hash breaks the next row's link to it.
        let row = &all[(seq - 1) as usize];
        let forged = audit::Entry {
            who: "hanbit".to_owned(),
            kind: row["kind"].as_str().unwrap().to_owned(),
            at: row["at"].as_str().unwrap().to_owned(),
            at_ms: row["at_ms"].as_i64().unwrap(),
            request: row["request"].as_str().map(str::to_owned),
            contract: row["contract"].as_str().map(str::to_owned),
            sr: row["sr"].as_str().map(str::to_owned),
            detail: row["detail"].clone(),
            ip: None,
        };
        let detail = row["detail"].to_string();
        let rehashed = audit::hash(seq, &forged, &detail, row["prev_hash"].as_str().unwrap());
        sqlx::query("UPDATE audit SET who = 'hanbit', hash = $1 WHERE seq = $2")
            .bind(&rehashed)
            .bind(seq)
            .execute(&pool)
            .await
            .unwrap();
        let (code, out, err) = verify(&db.url);
        assert_eq!(code, 1, "{out}{err}");
        assert!(
            err.contains(&format!(
                "broken at entry {seq} (2026-11-23T10:05:00+09:00, request.status by hanbit"
            )),
            "{err}"
        );
        sqlx::query("UPDATE audit SET who = 'vendor', hash = $1 WHERE seq = $2")
            .bind(row["hash"].as_str().unwrap())
            .bind(seq)
            .execute(&pool)
            .await
            .unwrap();
        assert_eq!(verify(&db.url).0, 0);
        // Deleting the status change's row: the gap is named.
        sqlx::query("DELETE FROM audit WHERE seq = $1")
            .bind(seq)
            .execute(&pool)
            .await
            .unwrap();
        let (code, out, err) = verify(&db.url);
        assert_eq!(code, 1, "{out}{err}");
        assert!(
            err.contains(&format!("broken at entry {seq}: it is missing (deleted)")),
            "{err}"
        );
        assert!(
            err.contains(&format!("followed by entry {} (", seq + 1)),
            "{err}"
        );
        // Deleting the last row is seen too (the head knows how many were written).
        let pool2 = pool.clone();
        let restore = all[(seq - 1) as usize].clone();
        sqlx::query(
            "INSERT INTO audit (seq, at, at_ms, who, kind, request, contract, sr, detail, ip, \
             prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(seq)
        .bind(restore["at"].as_str().unwrap())
        .bind(restore["at_ms"].as_i64().unwrap())
        .bind(restore["who"].as_str().unwrap())
        .bind(restore["kind"].as_str().unwrap())
        .bind(restore["request"].as_str())
        .bind(restore["contract"].as_str())
        .bind(restore["sr"].as_str())
        .bind(restore["detail"].to_string())
        .bind(restore["ip"].as_str())
        .bind(restore["prev_hash"].as_str().unwrap())
        .bind(restore["hash"].as_str().unwrap())
        .execute(&pool2)
        .await
        .unwrap();
        assert_eq!(verify(&db.url).0, 0, "the row put back verifies");
        sqlx::query("DELETE FROM audit WHERE seq = $1")
            .bind(n as i64)
            .execute(&pool)
            .await
            .unwrap();
        let (code, out, err) = verify(&db.url);
        assert_eq!(code, 1, "{out}{err}");
        assert!(
            err.contains(&format!("broken at entry {n}: it is missing (deleted)")),
            "{err}"
        );
        // A database that can't be read is a usage error, naming it.
        let (code, _, err) = verify("/nonexistent/covered.db");
        assert_eq!(code, 2);
        assert!(err.contains("no such database file"), "{err}");
        pool.close().await;
        db.cleanup().await;
    }
}
