//! The load run of `covered serve`: a real server on 127.0.0.1 and keep-alive
//! clients submitting requests, then reading them, bounded in count and in time; prints
//! throughput and p50/p99 latency. On SQLite always; on PostgreSQL too when
//! `COVERED_BENCH_DATABASE_URL` (or `COVERED_TEST_DATABASE_URL`) names a server — a
//! fresh database is created on it for the run.
//!
//! ```sh
//! cargo bench -p covered-cli --bench load
//! COVERED_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench -p covered-cli --bench load
//! ```
//!
//! Bounds: `COVERED_LOAD_SUBMISSIONS` (default 5,000), `COVERED_LOAD_READS` (default
//! 10,000), `COVERED_LOAD_CLIENTS` (default 16) and 30 s per phase at most.

#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used
)]

#[path = "../tests/support/http.rs"]
mod http;

use covered_cli::serve::{Clock, Config, Limits, Server};
use http::{Conn, Session};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const PHASE_LIMIT: Duration = Duration::from_secs(30);

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The customers that submit, with a fault on one of their products.
const TENANTS: [(&str, &str, &str, &str, &str); 5] = [
    ("hanbit", "hanbit-city", "main", "DLi", "8"),
    ("bada", "bada-county", "main", "DLi", "7"),
    ("saesol", "saesol-univ", "central", "DLi", "25"),
    ("pureun", "pureun-district", "main", "DLi", "8"),
    ("national", "national-sample", "main", "DLi", "8"),
];

#[derive(Debug, Default)]
struct Phase {
    latencies: Vec<Duration>,
    elapsed: Duration,
    failures: usize,
}

impl Phase {
    fn report(&mut self, name: &str, backend: &str) {
        self.latencies.sort();
        let n = self.latencies.len();
        let pct = |p: f64| {
            let i = ((n as f64 * p).ceil() as usize).clamp(1, n.max(1)) - 1;
            self.latencies.get(i).copied().unwrap_or_default()
        };
        println!(
            "load {backend:<10} {name:<11} {n:>6} in {:>6.2} s = {:>7.0}/s   p50 {:>6.2} ms   p99 {:>6.2} ms{}",
            self.elapsed.as_secs_f64(),
            n as f64 / self.elapsed.as_secs_f64().max(1e-9),
            pct(0.50).as_secs_f64() * 1e3,
            pct(0.99).as_secs_f64() * 1e3,
            if self.failures > 0 {
                format!("   ({} failed)", self.failures)
            } else {
                String::new()
            }
        );
    }
}

async fn run(backend: &str, db_url: String) {
    let server = Server::open(Config {
        data_dir: repo().join("public/data/library"),
        site_dir: None,
        db_url,
        accounts: Some(repo().join("cli/demo/library-accounts.json")),
        widgets: None,
        clock: Clock::starting_at("2026-11-23T10:00:00+09:00".parse().unwrap()),
        tls: false,
        // Throughput, not the per-account rates: a few accounts send thousands.
        limits: Limits {
            submissions_per_minute: 0,
            comments_per_minute: 0,
            ..Limits::default()
        },
        mail: Default::default(),
    })
    .await
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let s2 = server.clone();
    let serving = tokio::spawn(async move {
        s2.serve(listener, async {
            let _ = stopped.await;
        })
        .await
    });

    let clients = env_number("COVERED_LOAD_CLIENTS", 16);
    let mut sessions: Vec<(Session, usize)> = Vec::new();
    for (t, (login, ..)) in TENANTS.iter().enumerate() {
        let mut c = Conn::open(addr).await.unwrap();
        sessions.push((
            http::login(&mut c, login, &format!("demo-{login}"))
                .await
                .unwrap(),
            t,
        ));
    }

    // Submissions.
    let total = env_number("COVERED_LOAD_SUBMISSIONS", 5_000);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (session, tenant) = sessions[c % sessions.len()].clone();
        let next = Arc::clone(&next);
        tasks.push(tokio::spawn(async move {
            let (_, contract, branch, product, version) = TENANTS[tenant];
            let mut conn = Conn::open(addr).await.unwrap();
            let mut lat = Vec::new();
            let mut ids = Vec::new();
            let mut failures = 0;
            while next.fetch_add(1, Ordering::Relaxed) < total && started.elapsed() < PHASE_LIMIT {
                let body = format!(
                    r#"{{"contract":"{contract}","branch":"{branch}","product":"{product}","version":"{version}","category":"fault","answers":{{"impact":"whole_system","cause":"process_stopped"}},"requester":"부하 시험","title":"부하 {c}-{}"}}"#,
                    lat.len()
                );
                let t = Instant::now();
                let r = conn
                    .send(
                        "POST",
                        "/api/requests",
                        &[("cookie", &session.cookie), ("x-csrf-token", &session.csrf)],
                        Some(&body),
                    )
                    .await
                    .unwrap();
                lat.push(t.elapsed());
                if r.status == 201 {
                    let id = r.location.as_deref().unwrap().trim_start_matches("/api/requests/");
                    ids.push((id.to_owned(), tenant));
                } else {
                    failures += 1;
                }
            }
            (lat, ids, failures)
        }));
    }
    let mut submit = Phase::default();
    let mut ids: Vec<(String, usize)> = Vec::new();
    for t in tasks {
        let (lat, mut got, failures) = t.await.unwrap();
        submit.latencies.extend(lat);
        ids.append(&mut got);
        submit.failures += failures;
    }
    submit.elapsed = started.elapsed();
    submit.report("submissions", backend);

    // Reads: one request by id, and every tenth read the newest 20 of the list.
    let total = env_number("COVERED_LOAD_READS", 10_000);
    let ids = Arc::new(ids);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let ids = Arc::clone(&ids);
        let next = Arc::clone(&next);
        let sessions = sessions.clone();
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::open(addr).await.unwrap();
            let mut lat = Vec::new();
            let mut failures = 0;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total || started.elapsed() >= PHASE_LIMIT || ids.is_empty() {
                    break;
                }
                let (id, tenant) = &ids[(i * 7919 + c) % ids.len()];
                let session = &sessions[*tenant].0;
                let path = if i % 10 == 9 {
                    "/api/requests?limit=20".to_owned()
                } else {
                    format!("/api/requests/{id}")
                };
                let t = Instant::now();
                let r = conn
                    .send("GET", &path, &[("cookie", &session.cookie)], None)
                    .await
                    .unwrap();
                lat.push(t.elapsed());
                if r.status != 200 {
                    failures += 1;
                }
            }
            (lat, failures)
        }));
    }
    let mut reads = Phase::default();
    for t in tasks {
        let (lat, failures) = t.await.unwrap();
        reads.latencies.extend(lat);
        reads.failures += failures;
    }
    reads.elapsed = started.elapsed();
    reads.report("reads", backend);

    let _ = stop.send(());
    serving.await.unwrap().unwrap();
}

fn main() {
    // `cargo bench` passes `--bench`; a filter that is not ours means another bench.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let dir = std::env::temp_dir().join(format!("covered-load-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        println!(
            "load run: {} clients on 127.0.0.1, {} cores",
            env_number("COVERED_LOAD_CLIENTS", 16),
            std::thread::available_parallelism().map_or(0, |n| n.get())
        );
        run(
            "SQLite",
            format!("sqlite://{}", dir.join("load.db").display()),
        )
        .await;
        let _ = std::fs::remove_dir_all(&dir);
        let pg = std::env::var("COVERED_BENCH_DATABASE_URL")
            .or_else(|_| std::env::var("COVERED_TEST_DATABASE_URL"))
            .ok()
            .filter(|u| !u.is_empty());
        match pg {
            None => println!(
                "load PostgreSQL: skipped (set COVERED_BENCH_DATABASE_URL=postgres://… to run it)"
            ),
            Some(admin) => {
                use sqlx::Connection;
                let name = format!("covered_load_{}", std::process::id());
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
