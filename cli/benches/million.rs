//! A million stored requests: the answers a caller waits for — a submission, the request
//! list (a customer's and the vendor's), a contract's quota and its KPIs — timed over
//! HTTP on a store of 1,000,000 requests over 1,000 contracts, against the same store
//! nearly empty; on SQLite always, on PostgreSQL too when `COVERED_BENCH_DATABASE_URL`
//! (or `COVERED_TEST_DATABASE_URL`) names a server (a fresh database is made on it).
//! Prints one `million …` line per figure and a `budget: … pass|FAIL` line for each
//! (within 2× of the empty store's p99); nothing is asserted on the times.
//!
//! ```sh
//! cargo bench -p covered-cli --bench million
//! ```
//!
//! The data: the library sample with 1,000 contracts added (`bench-0000` …
//! `bench-0999`, copies of national-sample, the platinum contract, under other ids),
//! written into a temporary data directory the server loads. The rows: three requests
//! filed through the API on `bench-0000` (a critical fault, a minor fault, a statistics
//! report — a category with an annual limit, whose stored rows every submission to the
//! contract reads), then copied by one `INSERT … SELECT` over a generated series, each
//! copy with its own id, SR number, contract (`i % 1000`: 1,000 a contract) and time of
//! filing spread over the ten months before the clock; 999,000 closed, 1,000 open. One
//! more contract, `bench-1000`, gets no copies: the figures marked "(quiet contract)"
//! are its submission, quota and KPIs, which show what the store's size alone costs
//! (those of `bench-0000` also read its own 1,000 requests). A
//! copy's stored verdict is `{}` (lists and histories never read it; kept whole it would
//! make the SQLite file several gigabytes); it has no events.
//!
//! Bounds: `COVERED_MILLION_ROWS` (default 1,000,000), `COVERED_MILLION_SUBMISSIONS`
//! (default 200) and `COVERED_MILLION_READS` (default 100 of each read).

#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used
)]

#[path = "../tests/support/http.rs"]
mod http;

use covered_cli::serve::{Clock, Config, Server};
use http::{Conn, Session};
use sqlx::Row;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const CONTRACTS: usize = 1_000;
const NOW: &str = "2026-11-23T10:00:00+09:00";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The sample with 1,000 more contracts, and an accounts file for them.
fn data_dir(dir: &Path) -> (PathBuf, PathBuf) {
    let src = repo().join("public/data/library");
    let data = dir.join("data");
    copy_dir(&src, &data);
    let template: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(src.join("contracts/national-sample.json")).unwrap(),
    )
    .unwrap();
    let mut index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(src.join("index.json")).unwrap()).unwrap();
    let mut ids = Vec::new();
    for n in 0..=CONTRACTS {
        let id = format!("bench-{n:04}");
        let mut c = template.clone();
        c["id"] = serde_json::json!(id);
        c["institution"] = serde_json::json!({"ko": format!("벤치도서관 {n}"), "en": format!("Bench Library {n}")});
        std::fs::write(
            data.join(format!("contracts/{id}.json")),
            serde_json::to_string(&c).unwrap(),
        )
        .unwrap();
        index["contracts"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!(format!("contracts/{id}.json")));
        ids.push(id);
    }
    std::fs::write(data.join("index.json"), index.to_string()).unwrap();
    let accounts = dir.join("accounts.json");
    let file = serde_json::json!({
        "schema_version": 1,
        "institutions": [{"id": "bench", "name": "벤치도서관", "contracts": ["bench-0000", "bench-1000"]}],
        "accounts": [
            {"login": "vendor", "name": "리브소프트 지원팀", "role": "vendor", "password": "demo-vendor"},
            {"login": "bench", "name": "벤치 사서", "role": "customer", "institution": "bench", "password": "demo-bench"}
        ]
    });
    std::fs::write(&accounts, file.to_string()).unwrap();
    (data, accounts)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn config(db_url: &str, data: &Path, accounts: &Path) -> Config {
    Config {
        data_dir: data.to_owned(),
        site_dir: None,
        db_url: db_url.to_owned(),
        accounts: Some(accounts.to_owned()),
        widgets: None,
        clock: Clock::manual(NOW.parse().unwrap()),
        tls: false,
        // The store's size is measured, not the per-account rates.
        limits: covered_cli::serve::Limits {
            submissions_per_minute: 0,
            comments_per_minute: 0,
            ..Default::default()
        },
        mail: Default::default(),
    }
}

/// The API alone on a free port (no scheduler: its passes are not what is timed).
async fn serve(server: &Server) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let router = server.router();
    tokio::spawn(async move {
        use axum::serve::ListenerExt;
        let listener = listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    (addr, stop)
}

fn submission(contract: &str, title: &str, impact: &str) -> String {
    serde_json::json!({
        "contract": contract, "branch": "main", "product": "DLi", "version": "8",
        "category": "fault", "answers": {"impact": impact, "cause": "process_stopped"},
        "requester": "벤치", "title": title
    })
    .to_string()
}

async fn post(c: &mut Conn, s: &Session, body: &str) -> (u16, String) {
    let r = c
        .send(
            "POST",
            "/api/requests",
            &[("cookie", &s.cookie), ("x-csrf-token", &s.csrf)],
            Some(body),
        )
        .await
        .unwrap();
    (r.status, r.body)
}

/// The three requests every copy is made from.
async fn templates(addr: std::net::SocketAddr) {
    let mut c = Conn::open(addr).await.unwrap();
    let s = http::login(&mut c, "bench", "demo-bench").await.unwrap();
    let stats = serde_json::json!({
        "contract": "bench-0000", "branch": "main", "product": "DLi", "version": "8",
        "category": "stats_report", "answers": {"person_days": 1, "security_risk": false},
        "requester": "벤치", "title": "월별 통계"
    })
    .to_string();
    for body in [
        submission("bench-0000", "장애 원본", "whole_system"),
        submission("bench-0000", "경미 원본", "minor"),
        stats,
    ] {
        let (status, text) = post(&mut c, &s, &body).await;
        assert_eq!(status, 201, "{text}");
    }
}

/// Copies the three stored requests into `rows` rows by one `INSERT … SELECT`.
async fn seed(db_url: &str, postgres: bool, rows: usize) -> Duration {
    sqlx::any::install_default_drivers();
    let url = if postgres {
        db_url.to_owned()
    } else {
        format!("{db_url}?mode=rwc")
    };
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .unwrap();
    let started = Instant::now();
    sqlx::raw_sql(
        "CREATE TABLE bench_t AS SELECT * FROM requests WHERE contract = 'bench-0000' \
         AND title IN ('장애 원본', '경미 원본', '월별 통계')",
    )
    .execute(&pool)
    .await
    .unwrap();
    let columns: Vec<String> = {
        use sqlx::Column;
        let r = sqlx::query("SELECT * FROM bench_t")
            .fetch_all(&pool)
            .await
            .unwrap();
        assert_eq!(r.len(), 3, "the three templates");
        r[0].columns().iter().map(|c| c.name().to_owned()).collect()
    };
    let now_ms: i64 = NOW
        .parse::<covered_core::civil::Timestamp>()
        .unwrap()
        .as_millisecond();
    // Minutes before now: the open ones over the last ten hours, the rest over ten
    // months; closed 90 minutes after filing.
    let ago = format!(
        "(CASE WHEN s.i < {CONTRACTS} THEN s.i % 600 + 1 ELSE (s.i * 7) % (300 * 24 * 60) + 720 END)"
    );
    let ms = format!("({now_ms} - {ago} * CAST(60000 AS BIGINT))");
    let local = |ms: &str| {
        if postgres {
            format!(
                "to_char(to_timestamp(({ms}) / 1000) AT TIME ZONE 'Asia/Seoul', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
            )
        } else {
            format!("strftime('%Y-%m-%dT%H:%M:%S', ({ms}) / 1000, 'unixepoch', '+9 hours')")
        }
    };
    let open = format!("s.i < {CONTRACTS}");
    let done = format!(
        "CASE WHEN {open} THEN NULL ELSE {} END",
        local(&format!("{ms} + 5400000"))
    );
    let pad = |e: &str, w: usize| {
        if postgres {
            format!("lpad(({e})::text, {w}, '0')")
        } else {
            format!("printf('%0{w}d', {e})")
        }
    };
    let exprs: Vec<String> = columns
        .iter()
        .map(|c| {
            let e = match c.as_str() {
                "id" => format!("'bench' || {}", pad("s.i", 7)),
                "contract" => format!("'bench-' || {}", pad(&format!("s.i % {CONTRACTS}"), 4)),
                "sr" => format!("'B-' || {}", pad("s.i", 7)),
                "idempotency_key" | "assignee" | "satisfaction" | "desk_clock" => "NULL".to_owned(),
                "desk_due_ms" | "desk_risk_ms" | "desk_breach_ms" => {
                    "CAST(NULL AS BIGINT)".to_owned()
                }
                "submitted" | "status_since" => local(&ms),
                "submitted_ms" | "updated_ms" => ms.clone(),
                "status" => format!("CASE WHEN {open} THEN 'received' ELSE 'closed' END"),
                "responded" | "resolved" | "closed" => done.clone(),
                "verdict" => "'{}'".to_owned(),
                // Computed again at start for the open ones; the closed are off the desk.
                "desk_data" => format!("CASE WHEN {open} THEN NULL ELSE t.desk_data END"),
                other => format!("t.{other}"),
            };
            if e.starts_with("t.") {
                e
            } else {
                format!("{e} AS {c}")
            }
        })
        .collect();
    let series = if postgres {
        format!("generate_series(0, {}) AS s(i)", rows - 1)
    } else {
        "s".to_owned()
    };
    let with = if postgres {
        String::new()
    } else {
        format!(
            "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {}) ",
            rows - 1
        )
    };
    let sql = format!(
        "INSERT INTO requests ({}) {with}SELECT {} FROM {series} \
         JOIN (SELECT ROW_NUMBER() OVER (ORDER BY id) - 1 AS k, * FROM bench_t) t ON t.k = s.i % 3",
        columns.join(", "),
        exprs.join(", ")
    );
    sqlx::raw_sql(&sql).execute(&pool).await.unwrap();
    sqlx::raw_sql("DROP TABLE bench_t")
        .execute(&pool)
        .await
        .unwrap();
    // What autovacuum or a long-running SQLite would have: statistics for the planner.
    let analyze = if postgres {
        "VACUUM ANALYZE"
    } else {
        "ANALYZE"
    };
    sqlx::raw_sql(analyze).execute(&pool).await.unwrap();
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM requests")
        .fetch_one(&pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    assert!(n as usize >= rows, "{n} rows");
    pool.close().await;
    started.elapsed()
}

/// p50 and p99 of `lat`, in milliseconds.
fn percentiles(lat: &mut [Duration]) -> (f64, f64) {
    lat.sort();
    let pct = |p: f64| {
        let i = ((lat.len() as f64 * p).ceil() as usize).clamp(1, lat.len()) - 1;
        lat[i].as_secs_f64() * 1e3
    };
    (pct(0.50), pct(0.99))
}

/// What is timed: a submission to a contract, or a read as one of the accounts.
#[derive(Clone, Copy)]
enum Figure {
    Submit(&'static str),
    Read(&'static str, &'static str),
}

const FIGURES: [(&str, Figure); 8] = [
    ("submission", Figure::Submit("bench-0000")),
    (
        "list (customer)",
        Figure::Read("bench", "/api/requests?limit=50"),
    ),
    (
        "list (vendor)",
        Figure::Read("vendor", "/api/requests?limit=50"),
    ),
    (
        "quota",
        Figure::Read("bench", "/api/contracts/bench-0000/quota"),
    ),
    (
        "KPI",
        Figure::Read(
            "bench",
            "/api/contracts/bench-0000/kpi?from=2026-01-01&to=2026-11-23",
        ),
    ),
    ("submission (quiet contract)", Figure::Submit("bench-1000")),
    (
        "quota (quiet contract)",
        Figure::Read("bench", "/api/contracts/bench-1000/quota"),
    ),
    (
        "KPI (quiet contract)",
        Figure::Read(
            "bench",
            "/api/contracts/bench-1000/kpi?from=2026-01-01&to=2026-11-23",
        ),
    ),
];

/// Each of [`FIGURES`]' (p50, p99) in ms.
async fn measure(addr: std::net::SocketAddr, tag: &str) -> Vec<(f64, f64)> {
    let submissions = env_number("COVERED_MILLION_SUBMISSIONS", 200);
    let reads = env_number("COVERED_MILLION_READS", 100);
    let mut out = Vec::new();
    let mut c = Conn::open(addr).await.unwrap();
    let bench = http::login(&mut c, "bench", "demo-bench").await.unwrap();
    let mut cv = Conn::open(addr).await.unwrap();
    let vendor = http::login(&mut cv, "vendor", "demo-vendor").await.unwrap();
    for (_, figure) in FIGURES {
        let mut lat = Vec::new();
        match figure {
            Figure::Submit(contract) => {
                for i in 0..submissions {
                    let impact = if i % 2 == 0 { "whole_system" } else { "minor" };
                    let body = submission(contract, &format!("{tag} {i}"), impact);
                    let t = Instant::now();
                    let (status, text) = post(&mut c, &bench, &body).await;
                    lat.push(t.elapsed());
                    assert_eq!(status, 201, "{text}");
                }
            }
            Figure::Read(who, path) => {
                let (conn, s) = if who == "vendor" {
                    (&mut cv, &vendor)
                } else {
                    (&mut c, &bench)
                };
                for _ in 0..reads {
                    let t = Instant::now();
                    let r = conn
                        .send("GET", path, &[("cookie", &s.cookie)], None)
                        .await
                        .unwrap();
                    lat.push(t.elapsed());
                    assert_eq!(r.status, 200, "{path}: {}", r.body);
                }
            }
        }
        out.push(percentiles(&mut lat));
    }
    out
}

async fn run(backend: &str, db_url: String, data: &Path, accounts: &Path) {
    let rows = env_number("COVERED_MILLION_ROWS", 1_000_000);
    let postgres = db_url.starts_with("postgres");
    let server = Server::open(config(&db_url, data, accounts)).await.unwrap();
    let (addr, stop) = serve(&server).await;
    templates(addr).await;
    let empty = measure(addr, "빈 저장소").await;
    let _ = stop.send(());
    server.close().await;

    let seeded = seed(&db_url, postgres, rows).await;
    let started = Instant::now();
    let server = Server::open(config(&db_url, data, accounts)).await.unwrap();
    let opened = started.elapsed();
    let (addr, stop) = serve(&server).await;
    let full = measure(addr, "백만").await;
    let _ = stop.send(());
    server.close().await;
    println!(
        "million {backend} seeded {rows} requests over {CONTRACTS} contracts in {:.1} s; \
         the server opened on them in {:.1} s",
        seeded.as_secs_f64(),
        opened.as_secs_f64()
    );
    let names = FIGURES.iter().map(|(n, _)| *n);
    for (name, (&(p50, p99), &(e50, e99))) in names.zip(full.iter().zip(&empty)) {
        println!(
            "million {backend} {:<28} p50 {p50:>7.2} ms  p99 {p99:>7.2} ms   empty_p50 {e50:>7.2} ms  empty_p99 {e99:>7.2} ms",
            name.replace(' ', "_")
        );
        // Within 2× of the empty store, with a floor of 1 ms for answers too quick to
        // compare.
        let met = p99 <= 2.0 * e99.max(1.0);
        println!(
            "budget: {backend} {name} p99 at {rows} requests within 2× of empty: {p99:.2} ms vs {e99:.2} ms {}",
            if met { "pass" } else { "FAIL" }
        );
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let dir = std::env::temp_dir().join(format!("covered-million-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (data, accounts) = data_dir(&dir);
        run(
            "SQLite",
            format!("sqlite://{}", dir.join("million.db").display()),
            &data,
            &accounts,
        )
        .await;
        let _ = std::fs::remove_file(dir.join("million.db"));
        let pg = std::env::var("COVERED_BENCH_DATABASE_URL")
            .or_else(|_| std::env::var("COVERED_TEST_DATABASE_URL"))
            .ok()
            .filter(|u| !u.is_empty());
        match pg {
            None => println!(
                "million PostgreSQL: skipped (set COVERED_BENCH_DATABASE_URL=postgres://… to run it)"
            ),
            Some(admin) => {
                use sqlx::Connection;
                let name = format!("covered_million_{}", std::process::id());
                let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
                sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .await
                    .unwrap();
                let base = admin.split('?').next().unwrap();
                let (server, _) = base.rsplit_once('/').unwrap();
                run("PostgreSQL", format!("{server}/{name}"), &data, &accounts).await;
                let _ = sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await;
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    });
}
