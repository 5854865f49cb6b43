//! The vendor's desk at size: 100,000 stored requests (20,000 of them open) written
//! straight into the database — on SQLite always, on PostgreSQL too when
//! `COVERED_BENCH_DATABASE_URL` (or `COVERED_TEST_DATABASE_URL`) names a server (a fresh
//! database is made on it) — then a real server's API on 127.0.0.1 (which computes the
//! desk's keys of the rows it did not write as it starts; its scheduler is not started)
//! and vendor staff asking for the desk's first page, `COVERED_DESK_READS` times (default
//! 200), one after the other; prints p50 and p99.
//!
//! ```sh
//! cargo bench -p covered-cli --bench desk
//! ```
//!
//! The rows are copies of requests filed through the API (a critical fault of each
//! customer, a minor one), each with its own id and SR number and a time of filing
//! spread over the days before the clock: 80,000 closed, 20,000 open (received or in
//! progress), so that the desk's clocks are on track, at risk and breached.

#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used
)]

#[path = "../tests/support/http.rs"]
mod http;

use covered_cli::serve::{Clock, Config, Server};
use covered_core::civil::DateTime;
use http::Conn;
use sqlx::Row;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const TOTAL: usize = 100_000;
const OPEN: usize = 20_000;
const NOW: &str = "2026-11-23T10:00:00+09:00";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn config(db_url: &str) -> Config {
    Config {
        data_dir: repo().join("public/data/library"),
        site_dir: None,
        db_url: db_url.to_owned(),
        accounts: Some(repo().join("cli/demo/library-accounts.json")),
        widgets: None,
        clock: Clock::manual(NOW.parse().unwrap()),
        tls: false,
        limits: Default::default(),
        mail: Default::default(),
    }
}

/// Serves `server` on a free port until the sender is dropped or sent to.
async fn serve(
    server: &Server,
) -> (
    std::net::SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<Result<(), String>>,
) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let s = server.clone();
    let serving = tokio::spawn(async move {
        s.serve(listener, async {
            let _ = stopped.await;
        })
        .await
    });
    (addr, stop, serving)
}

const CUSTOMERS: [(&str, &str, &str, &str, &str); 5] = [
    ("hanbit", "hanbit-city", "main", "DLi", "8"),
    ("bada", "bada-county", "main", "DLi", "7"),
    ("saesol", "saesol-univ", "central", "DLi", "25"),
    ("pureun", "pureun-district", "main", "DLi", "8"),
    ("national", "national-sample", "main", "DLi", "8"),
];

/// The integer columns of `requests` (every other is text).
const INTEGERS: [&str; 7] = [
    "paid",
    "rework",
    "submitted_ms",
    "updated_ms",
    "desk_due_ms",
    "desk_risk_ms",
    "desk_breach_ms",
];

#[derive(Clone, Debug)]
enum Cell {
    Text(Option<String>),
    Int(Option<i64>),
}

async fn seed(db_url: &str) {
    // Templates, filed through the API as a library would.
    let server = Server::open(config(db_url)).await.unwrap();
    let (addr, stop, serving) = serve(&server).await;
    for (login, contract, branch, product, version) in CUSTOMERS {
        let mut c = Conn::open(addr).await.unwrap();
        let s = http::login(&mut c, login, &format!("demo-{login}"))
            .await
            .unwrap();
        for impact in ["whole_system", "minor"] {
            let body = format!(
                r#"{{"contract":"{contract}","branch":"{branch}","product":"{product}","version":"{version}","category":"fault","answers":{{"impact":"{impact}","cause":"process_stopped"}},"requester":"벤치","title":"데스크 {impact}"}}"#
            );
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
        }
    }
    let _ = stop.send(());
    serving.await.unwrap().unwrap();

    // Copies, straight into the table.
    sqlx::any::install_default_drivers();
    let url = if db_url.starts_with("postgres") {
        db_url.to_owned()
    } else {
        format!("{db_url}?mode=rwc")
    };
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let templates = sqlx::query("SELECT * FROM requests ORDER BY id")
        .fetch_all(&pool)
        .await
        .unwrap();
    let columns: Vec<String> = {
        use sqlx::Column;
        templates[0]
            .columns()
            .iter()
            .map(|c| c.name().to_owned())
            .collect()
    };
    let rows: Vec<Vec<Cell>> = templates
        .iter()
        .map(|r| {
            columns
                .iter()
                .map(|c| {
                    if INTEGERS.contains(&c.as_str()) {
                        Cell::Int(r.try_get(c.as_str()).unwrap())
                    } else {
                        Cell::Text(r.try_get(c.as_str()).unwrap())
                    }
                })
                .collect()
        })
        .collect();
    let at = |name: &str| columns.iter().position(|c| c == name).unwrap();
    let now: DateTime = "2026-11-23T10:00:00".parse().unwrap();
    let now_ms: i64 = NOW
        .parse::<covered_core::civil::Timestamp>()
        .unwrap()
        .as_millisecond();
    let per = 200;
    let started = Instant::now();
    let mut tx = pool.begin().await.unwrap();
    for chunk in (0..TOTAL).collect::<Vec<_>>().chunks(per) {
        let mut sql = format!("INSERT INTO requests ({}) VALUES ", columns.join(", "));
        let mut n = 0;
        let mut values: Vec<Cell> = Vec::new();
        for (k, &i) in chunk.iter().enumerate() {
            let mut row = rows[i % rows.len()].clone();
            let open = i % (TOTAL / OPEN) == 0;
            // Filed minutes before now: open ones over the last five days, the rest over
            // the year before.
            let ago = if open {
                (i as i64 * 7) % (5 * 24 * 60)
            } else {
                (i as i64 * 11) % (300 * 24 * 60) + 6 * 24 * 60
            };
            let submitted = now.checked_add_minutes(-ago).unwrap();
            let done = submitted.checked_add_minutes(90).unwrap().to_string();
            let text = |s: &str| Cell::Text(Some(s.to_owned()));
            row[at("id")] = text(&format!("bench{i:06}"));
            row[at("sr")] = text(&format!("B-{i:06}"));
            row[at("idempotency_key")] = Cell::Text(None);
            row[at("submitted")] = text(&submitted.to_string());
            row[at("submitted_ms")] = Cell::Int(Some(now_ms - ago * 60_000));
            row[at("updated_ms")] = Cell::Int(Some(now_ms - ago * 60_000));
            row[at("status_since")] = text(&submitted.to_string());
            if open {
                row[at("status")] = text(if i % 3 == 0 {
                    "in_progress"
                } else {
                    "received"
                });
            } else {
                row[at("status")] = text("closed");
                row[at("responded")] = text(&done);
                row[at("resolved")] = text(&done);
                row[at("closed")] = text(&done);
            }
            for c in ["desk_due_ms", "desk_risk_ms", "desk_breach_ms"] {
                row[at(c)] = Cell::Int(None);
            }
            for c in ["desk_clock", "desk_data", "assignee"] {
                row[at(c)] = Cell::Text(None);
            }
            let marks: Vec<String> = (0..row.len())
                .map(|_| {
                    n += 1;
                    format!("${n}")
                })
                .collect();
            if k > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            sql.push_str(&marks.join(", "));
            sql.push(')');
            values.extend(row);
        }
        let mut q = sqlx::query(&sql);
        for v in &values {
            q = match v {
                Cell::Text(t) => q.bind(t.clone()),
                Cell::Int(i) => q.bind(*i),
            };
        }
        q.execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
    if db_url.starts_with("postgres") {
        // What autovacuum does to a table after 100,000 inserts, here at once rather than
        // a minute later: statistics for the planner, the visibility map for index-only
        // scans.
        sqlx::raw_sql("VACUUM ANALYZE requests")
            .execute(&pool)
            .await
            .unwrap();
    }
    pool.close().await;
    println!(
        "desk seeded {TOTAL} requests ({OPEN} open) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

async fn run(backend: &str, db_url: String) {
    seed(&db_url).await;
    let started = Instant::now();
    let server = Server::open(config(&db_url)).await.unwrap();
    let opened = started.elapsed();
    // The API alone: the scheduler's passes over 20,000 open requests (its outbox's
    // first catch-up writes every warning and breach already due) are its own cost, not
    // the desk's.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let router = server.router();
    let serving = tokio::spawn(async move {
        use axum::serve::ListenerExt;
        // Nagle off, as `covered serve` has it.
        let listener = listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
            .map_err(|e| e.to_string())
    });
    let mut c = Conn::open(addr).await.unwrap();
    let s = http::login(&mut c, "vendor", "demo-vendor").await.unwrap();
    let reads = std::env::var("COVERED_DESK_READS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200usize);
    let mut lat: Vec<Duration> = Vec::new();
    let mut first = String::new();
    for i in 0..reads {
        let t = Instant::now();
        let r = c
            .send("GET", "/api/desk?limit=50", &[("cookie", &s.cookie)], None)
            .await
            .unwrap();
        lat.push(t.elapsed());
        assert_eq!(r.status, 200, "{}", r.body);
        if i == 0 {
            first = r.body;
        }
    }
    let v: serde_json::Value = serde_json::from_str(&first).unwrap();
    let open = v["counts"]["open"].as_i64().unwrap();
    assert!(open >= OPEN as i64, "{}", v["counts"]);
    assert_eq!(v["requests"].as_array().unwrap().len(), 50);
    lat.sort();
    let pct = |p: f64| {
        let i = ((lat.len() as f64 * p).ceil() as usize).clamp(1, lat.len()) - 1;
        lat[i].as_secs_f64() * 1e3
    };
    println!(
        "desk {backend:<10} first page {reads:>4} reads   p50 {:>6.2} ms   p99 {:>6.2} ms   (open {open}, at risk {}, breached {}; keys of the copied rows computed at start in {:.1} s)",
        pct(0.50),
        pct(0.99),
        v["counts"]["at_risk"],
        v["counts"]["breached"],
        opened.as_secs_f64()
    );
    let _ = stop.send(());
    serving.await.unwrap().unwrap();
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let dir = std::env::temp_dir().join(format!("covered-desk-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        run(
            "SQLite",
            format!("sqlite://{}", dir.join("desk.db").display()),
        )
        .await;
        let _ = std::fs::remove_dir_all(&dir);
        let pg = std::env::var("COVERED_BENCH_DATABASE_URL")
            .or_else(|_| std::env::var("COVERED_TEST_DATABASE_URL"))
            .ok()
            .filter(|u| !u.is_empty());
        match pg {
            None => println!(
                "desk PostgreSQL: skipped (set COVERED_BENCH_DATABASE_URL=postgres://… to run it)"
            ),
            Some(admin) => {
                use sqlx::Connection;
                let name = format!("covered_desk_{}", std::process::id());
                let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
                sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS {name}"))
                    .execute(&mut conn)
                    .await
                    .unwrap();
                sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .await
                    .unwrap();
                let base = admin.split('?').next().unwrap();
                let (server, _) = base.rsplit_once('/').unwrap();
                run("PostgreSQL", format!("{server}/{name}")).await;
                let _ = sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await;
            }
        }
    });
}
