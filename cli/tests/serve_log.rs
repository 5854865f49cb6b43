//! The real `covered serve`'s request log on stderr: one line per request answered, as
//! JSON with `--log-format json` or as text, with the request's id (sent back as
//! `X-Request-Id`), route, status, latency and account — and never a password, a session
//! cookie or a request body; `RUST_LOG` turns it down.

use crate::support::{self, TestDb, http};
use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A server started with `args` and `RUST_LOG` (None: unset), its stderr's lines.
struct Logged {
    child: Child,
    addr: std::net::SocketAddr,
    lines: mpsc::Receiver<String>,
}

impl Logged {
    fn start(db: &TestDb, rust_log: Option<&str>, args: &[&str]) -> Logged {
        let mut command = Command::new(env!("CARGO_BIN_EXE_covered"));
        command
            .args(["serve", "--port", "0", "--now", "2026-11-23T10:00:00"])
            .args(["--db", &db.url])
            .arg("--data")
            .arg(support::data_dir())
            .arg("--accounts")
            .arg(support::accounts_file())
            .args(args)
            .current_dir(support::repo())
            .env_remove("DATABASE_URL")
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(filter) = rust_log {
            command.env("RUST_LOG", filter);
        }
        let mut child = command.spawn().unwrap();
        let mut out = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let addr = loop {
            let line = out.next().expect("the server stopped").unwrap();
            if let Some(rest) = line.strip_prefix("listening on http://") {
                break rest.trim_end_matches('/').parse().unwrap();
            }
        };
        std::thread::spawn(move || for _ in out {});
        let (tx, lines) = mpsc::channel();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(err).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Logged { child, addr, lines }
    }

    /// The lines written within `wait` of now (the last request's line is written as it
    /// is answered, a moment after the client has its answer).
    fn lines_within(&self, wait: Duration) -> Vec<String> {
        let mut got = Vec::new();
        while let Ok(line) = self.lines.recv_timeout(wait) {
            got.push(line);
        }
        got
    }
}

impl Drop for Logged {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn every_request_is_one_json_line_with_its_id_route_status_and_account_and_no_secrets() {
    let db = TestDb::sqlite();
    let server = Logged::start(&db, None, &["--log-format", "json"]);
    let mut c = http::Conn::open(server.addr).await.unwrap();
    let password = support::password("hanbit");
    let session = http::login(&mut c, "hanbit", &password).await.unwrap();
    let cookie_value = session.cookie.split_once('=').unwrap().1.to_owned();
    let list = c
        .send(
            "GET",
            "/api/requests",
            &[("cookie", &session.cookie), ("x-request-id", "trace-me-42")],
            None,
        )
        .await
        .unwrap();
    assert_eq!(list.status, 200, "{}", list.body);
    // The client's own id is kept and sent back.
    assert_eq!(list.request_id.as_deref(), Some("trace-me-42"));
    let missing = c
        .send(
            "GET",
            "/api/requests/SR-2099-9999",
            &[("cookie", &session.cookie)],
            None,
        )
        .await
        .unwrap();
    assert_eq!(missing.status, 404);
    let new_id = missing
        .request_id
        .clone()
        .expect("an id for a request without one");
    assert_eq!(new_id.len(), 36, "a UUID: {new_id}");
    let page = c.send("GET", "/healthz", &[], None).await.unwrap();
    assert_eq!(page.status, 200);

    let lines = server.lines_within(Duration::from_millis(1500));
    let answered: Vec<serde_json::Value> = lines
        .iter()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["fields"]["message"] == "answered")
        .collect();
    assert_eq!(answered.len(), 4, "one line per request: {lines:#?}");
    let by_route = |route: &str| {
        answered
            .iter()
            .find(|v| v["span"]["route"] == route)
            .unwrap_or_else(|| panic!("no line for {route}: {lines:#?}"))
    };
    let login = by_route("/api/login");
    assert_eq!(login["fields"]["status"], 200);
    assert_eq!(login["span"]["method"], "POST");
    assert_eq!(login["span"]["account"], "hanbit", "{login}");
    assert_eq!(login["level"], "INFO");
    let listed = by_route("/api/requests");
    assert_eq!(listed["span"]["id"], "trace-me-42");
    assert_eq!(listed["span"]["account"], "hanbit");
    assert!(
        listed["fields"]["latency_ms"].as_f64().is_some(),
        "{listed}"
    );
    assert!(listed["timestamp"].is_string());
    // The route's pattern, not the path with the id.
    let one = by_route("/api/requests/{id}");
    assert_eq!(one["fields"]["status"], 404);
    assert_eq!(one["span"]["id"], new_id.as_str());
    let health = by_route("/healthz");
    assert!(health["span"].get("account").is_none(), "{health}");

    let all = lines.join("\n");
    for secret in [
        password.as_str(),
        cookie_value.as_str(),
        session.csrf.as_str(),
        "SR-2099-9999",
    ] {
        assert!(!all.contains(secret), "the log holds {secret:?}:\n{all}");
    }
    db.cleanup().await;
}

#[tokio::test]
async fn the_text_log_names_the_page_and_rust_log_turns_it_down() {
    let db = TestDb::sqlite();
    let server = Logged::start(&db, None, &[]);
    let mut c = http::Conn::open(server.addr).await.unwrap();
    let page = c.send("GET", "/no-such-page", &[], None).await.unwrap();
    assert_ne!(page.status, 0);
    let lines = server.lines_within(Duration::from_millis(1500));
    let line = lines
        .iter()
        .find(|l| l.contains("answered"))
        .unwrap_or_else(|| panic!("no request line: {lines:#?}"));
    assert!(line.contains("INFO"), "{line}");
    assert!(line.contains("path=/no-such-page"), "{line}");
    assert!(line.contains(&format!("status={}", page.status)), "{line}");
    assert!(
        line.contains(&format!("id={}", page.request_id.unwrap())),
        "{line}"
    );
    drop(server);

    let quiet = Logged::start(&db, Some("warn"), &[]);
    let mut c = http::Conn::open(quiet.addr).await.unwrap();
    assert_eq!(
        c.send("GET", "/healthz", &[], None).await.unwrap().status,
        200
    );
    let lines = quiet.lines_within(Duration::from_millis(1000));
    assert!(
        lines.iter().all(|l| !l.contains("answered")),
        "RUST_LOG=warn still logs requests: {lines:#?}"
    );
    drop(quiet);

    // A filter that is not one is refused before the server starts.
    let out = Command::new(env!("CARGO_BIN_EXE_covered"))
        .args(["serve", "--port", "0", "--db", &db.url])
        .current_dir(support::repo())
        .env("RUST_LOG", "covered=loud")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("RUST_LOG"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db.cleanup().await;
}
