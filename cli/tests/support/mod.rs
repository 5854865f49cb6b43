//! Helpers for the server's tests: a fresh database (SQLite in a temporary folder, or a
//! new database on the PostgreSQL of `COVERED_TEST_DATABASE_URL`), a server on the
//! sample data with a clock the test sets, and a client that keeps the session cookie
//! and CSRF token.

#![allow(dead_code)]

pub mod http;
pub mod process;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use covered_cli::serve::{Clock, Config, Limits, Server};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use tower::ServiceExt;

/// The variable naming the PostgreSQL server the suite also runs against.
pub const PG_VAR: &str = "COVERED_TEST_DATABASE_URL";

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn data_dir() -> PathBuf {
    repo().join("public/data/library")
}

/// The sample's published checkers: hanbit-city's.
pub fn widgets_file() -> PathBuf {
    repo().join("cli/demo/library-widgets.json")
}

pub fn accounts_file() -> PathBuf {
    repo().join("cli/demo/library-accounts.json")
}

/// A name no other test in any process uses.
pub fn unique(tag: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "{tag}_{}_{nanos}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// A new temporary folder.
pub fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("covered-test-{}", unique(tag)));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

/// A fresh, empty database; removed (best effort) on drop.
#[derive(Debug)]
pub struct TestDb {
    pub url: String,
    pub kind: Kind,
    dir: Option<PathBuf>,
    pg_admin: Option<(String, String)>,
}

impl TestDb {
    /// A SQLite file in a new temporary folder.
    pub fn sqlite() -> TestDb {
        let dir = temp_dir("sqlite");
        TestDb {
            url: format!("sqlite://{}", dir.join("covered.db").display()),
            kind: Kind::Sqlite,
            dir: Some(dir),
            pg_admin: None,
        }
    }

    /// A new database on the PostgreSQL server of `COVERED_TEST_DATABASE_URL`; `None`
    /// when it is unset — and a failure when it is unset on CI, so that CI never skips
    /// the PostgreSQL half silently.
    pub async fn postgres() -> Option<TestDb> {
        let Some(admin) = std::env::var(PG_VAR).ok().filter(|u| !u.is_empty()) else {
            assert!(
                std::env::var_os("CI").is_none(),
                "{PG_VAR} is not set on CI: `cargo xtask test` starts PostgreSQL and sets it"
            );
            eprintln!("note: {PG_VAR} is not set, so this test ran on SQLite only");
            return None;
        };
        use sqlx::Connection;
        let name = unique("covered_test");
        let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
        sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
        let base = admin.split('?').next().unwrap();
        let (server, _) = base.rsplit_once('/').unwrap();
        Some(TestDb {
            url: format!("{server}/{name}"),
            kind: Kind::Postgres,
            dir: None,
            pg_admin: Some((admin, name)),
        })
    }

    /// Drops the database (PostgreSQL) after the test's connections are closed.
    pub async fn cleanup(self) {
        if let Some((admin, name)) = &self.pg_admin {
            use sqlx::Connection;
            if let Ok(mut conn) = sqlx::PgConnection::connect(admin).await {
                let _ = sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await;
                let _ = conn.close().await;
            }
        }
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

impl Drop for TestDb {
    /// Removes the SQLite folder even when the test failed.
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Monday 2026-11-23 10:00 in Seoul: every sample contract but yetgil-city's is in force.
pub fn monday_10() -> covered_core::civil::Timestamp {
    "2026-11-23T10:00:00+09:00".parse().unwrap()
}

/// A server on the sample data with its demo accounts and a manual clock at `monday_10`.
pub async fn server(db: &TestDb) -> Server {
    server_with(db, Limits::default()).await
}

/// The default limits without the per-account rates, for tests that file many requests
/// from one account at once (the rates have their own test).
pub fn unlimited() -> Limits {
    Limits {
        submissions_per_minute: 0,
        comments_per_minute: 0,
        ..Limits::default()
    }
}

/// [`server`] with other timeouts and caps.
pub async fn server_with(db: &TestDb, limits: Limits) -> Server {
    Server::open(Config {
        data_dir: data_dir(),
        site_dir: None,
        db_url: db.url.clone(),
        accounts: Some(accounts_file()),
        widgets: Some(widgets_file()),
        clock: Clock::manual(monday_10()),
        tls: false,
        limits,
        mail: Default::default(),
    })
    .await
    .unwrap()
}

/// A response: status, headers and JSON body (`Null` when the body is not JSON).
#[derive(Debug)]
pub struct Res {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Res {
    /// The error's `code` and `field`.
    pub fn error(&self) -> (String, Option<String>) {
        let e = &self.body["error"];
        (
            e["code"].as_str().unwrap_or_default().to_owned(),
            e["field"].as_str().map(str::to_owned),
        )
    }
}

/// A client of the in-process router that keeps its session cookie and CSRF token.
#[derive(Debug, Clone)]
pub struct Client {
    router: Router,
    pub cookie: Option<String>,
    pub csrf: Option<String>,
    /// The address the server sees the calls come from (none: unknown, as in process).
    pub peer: Option<std::net::SocketAddr>,
}

impl Client {
    pub fn new(server: &Server) -> Client {
        Client {
            router: server.router(),
            cookie: None,
            csrf: None,
            peer: None,
        }
    }

    /// A client whose calls come from `ip`.
    pub fn from_ip(server: &Server, ip: &str) -> Client {
        Client {
            peer: Some(std::net::SocketAddr::new(ip.parse().unwrap(), 50_000)),
            ..Client::new(server)
        }
    }

    /// Sends a request; `body` is sent as JSON text as given.
    pub async fn raw(
        &self,
        method: &str,
        path: &str,
        body: Option<String>,
        headers: &[(&str, &str)],
    ) -> Res {
        let mut b = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).unwrap())
            .uri(path)
            .header("host", "127.0.0.1:8080");
        if let Some(c) = &self.cookie {
            b = b.header("cookie", c.as_str());
        }
        if body.is_some() {
            b = b.header("content-type", "application/json");
        }
        if method != "GET"
            && let Some(t) = &self.csrf
        {
            b = b.header("x-csrf-token", t.as_str());
        }
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        let mut req = b
            .body(body.map(Body::from).unwrap_or_else(Body::empty))
            .unwrap();
        if let Some(peer) = self.peer {
            req.extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
        }
        self.send(req).await
    }

    /// Sends `req` to the server in process and reads the answer.
    async fn send(&self, req: Request<Body>) -> Res {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Res {
            status,
            headers,
            body,
            text,
        }
    }

    /// POSTs `body` with another content type and the CSRF token `csrf`.
    pub async fn raw_with_type(
        &self,
        path: &str,
        body: &str,
        content_type: &str,
        csrf: &str,
    ) -> Res {
        let mut b = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header("host", "127.0.0.1:8080")
            .header("content-type", content_type)
            .header("x-csrf-token", csrf);
        if let Some(c) = &self.cookie {
            b = b.header("cookie", c.as_str());
        }
        let req = b.body(Body::from(body.to_owned())).unwrap();
        self.send(req).await
    }

    /// POSTs raw `bytes` (a file) with the session's CSRF token.
    pub async fn post_bytes(&self, path: &str, bytes: Vec<u8>) -> Res {
        let mut b = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header("host", "127.0.0.1:8080")
            .header("content-type", "application/octet-stream");
        if let Some(c) = &self.cookie {
            b = b.header("cookie", c.as_str());
        }
        if let Some(t) = &self.csrf {
            b = b.header("x-csrf-token", t.as_str());
        }
        let req = b.body(Body::from(bytes)).unwrap();
        self.send(req).await
    }

    /// GETs `path` and keeps the body's bytes as they are.
    pub async fn get_bytes(&self, path: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
        let mut b = Request::builder()
            .method(Method::GET)
            .uri(path)
            .header("host", "127.0.0.1:8080");
        if let Some(c) = &self.cookie {
            b = b.header("cookie", c.as_str());
        }
        let res = self
            .router
            .clone()
            .oneshot(b.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let (status, headers) = (res.status(), res.headers().clone());
        let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, headers, bytes.to_vec())
    }

    pub async fn get(&self, path: &str) -> Res {
        self.raw("GET", path, None, &[]).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Res {
        self.raw("POST", path, Some(body.to_string()), &[]).await
    }

    /// Logs in; panics unless it works.
    pub async fn login(server: &Server, login: &str, password: &str) -> Client {
        let mut c = Client::new(server);
        let r = c
            .post(
                "/api/login",
                &serde_json::json!({"login": login, "password": password}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "login {login}: {}", r.text);
        let set = r.headers["set-cookie"].to_str().unwrap();
        c.cookie = Some(set.split(';').next().unwrap().to_owned());
        c.csrf = Some(r.body["csrf_token"].as_str().unwrap().to_owned());
        c
    }
}

/// The demo password of `login`.
pub fn password(login: &str) -> String {
    match login {
        "hanbit-riverside" => "demo-riverside".to_owned(),
        other => format!("demo-{other}"),
    }
}

/// Logs `login` in with its demo password.
pub async fn as_user(server: &Server, login: &str) -> Client {
    Client::login(server, login, &password(login)).await
}

/// A fault that stops the whole system (critical), on `contract`'s first product.
pub fn fault(contract: &str, title: &str) -> Value {
    let (branch, product, version) = match contract {
        "hanbit-city" => ("main", "DLi", "8"),
        "bada-county" => ("main", "DLi", "7"),
        "saesol-univ" => ("central", "DLi", "25"),
        "pureun-district" => ("main", "DLi", "8"),
        "national-sample" => ("main", "DLi", "8"),
        other => panic!("no sample product for {other}"),
    };
    serde_json::json!({
        "contract": contract, "branch": branch, "product": product, "version": version,
        "category": "fault", "answers": {"impact": "whole_system", "cause": "process_stopped"},
        "requester": "김사서", "title": title, "details": "대출 반납이 되지 않습니다"
    })
}

/// A new statistics report for hanbit-city (limited to 3 a contract year).
pub fn stats_report(title: &str) -> Value {
    serde_json::json!({
        "contract": "hanbit-city", "branch": "main", "product": "DLi", "version": "8",
        "category": "stats_report", "answers": {"person_days": 1, "security_risk": false},
        "requester": "김사서", "title": title
    })
}

/// Starts the `covered` binary on `db` with the sample data and demo accounts, its
/// clock started at the local time `now`, in `cwd`, with `extra` options; returns it and
/// the address it listens on (its output is drained so that it never blocks).
pub fn spawn_server(
    db: &str,
    cwd: &Path,
    now: &str,
    extra: &[&str],
) -> (std::process::Child, std::net::SocketAddr) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_covered"))
        .args(["serve", "--port", "0", "--now", now, "--db", db])
        .arg("--data")
        .arg(data_dir())
        .arg("--accounts")
        .arg(accounts_file())
        .arg("--widgets")
        .arg(widgets_file())
        .args(extra)
        .current_dir(cwd)
        .env_remove("DATABASE_URL")
        // No request log: the attack tests make thousands of requests.
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("the server stopped before listening")
            .unwrap();
        if let Some(rest) = line.strip_prefix("listening on http://") {
            break rest.trim_end_matches('/').parse().unwrap();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (child, addr)
}

/// Runs `scenario` on SQLite, then on PostgreSQL when it is configured.
pub async fn on_both<F, Fut>(scenario: F)
where
    F: Fn(Server, Kind) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    on_both_with(Limits::default(), scenario).await;
}

/// [`on_both`] with a server of other timeouts and caps.
pub async fn on_both_with<F, Fut>(limits: Limits, scenario: F)
where
    F: Fn(Server, Kind) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let db = TestDb::sqlite();
    let s = server_with(&db, limits.clone()).await;
    assert_eq!(s.backend(), covered_cli::serve::Backend::Sqlite);
    scenario(s.clone(), Kind::Sqlite).await;
    s.close().await;
    db.cleanup().await;
    if let Some(db) = TestDb::postgres().await {
        let s = server_with(&db, limits).await;
        assert_eq!(s.backend(), covered_cli::serve::Backend::Postgres);
        scenario(s.clone(), Kind::Postgres).await;
        s.close().await;
        db.cleanup().await;
    }
}

/// Runs `covered args…` with `stdin` (without `DATABASE_URL`); returns (exit code,
/// stdout, stderr).
pub fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_covered"))
        .args(args)
        .env_remove("DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs a command that must succeed and parses its JSON.
#[track_caller]
pub fn ok(args: &[&str], stdin: &str) -> serde_json::Value {
    let (code, out, err) = run(args, stdin);
    assert_eq!(code, 0, "covered {args:?} failed:\n{err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"))
}
