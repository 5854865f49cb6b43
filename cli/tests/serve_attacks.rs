//! The attacks one customer login can make on `covered serve`, re-run against the real
//! binary over loopback: each gets its bounded, documented answer, and meanwhile another
//! client (from another address) is answered — its p99 and the server's memory after each
//! attack are printed as `budget:` lines (timings and memory on a shared machine are
//! never pass/fail); the answers themselves are asserted. Attackers use other loopback
//! addresses (127.0.0.2, …), as clients elsewhere would.

use crate::support::http::{self, Conn, Session, connect_from};
use crate::support::{self, TestDb};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The server's resident memory, in MB (Linux).
fn rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Another client: asks for its session every 20 ms until stopped; the times taken.
struct Probe {
    stop: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<Vec<Duration>>,
}

impl Probe {
    async fn start(addr: SocketAddr, session: &Session) -> Probe {
        let stop = Arc::new(AtomicBool::new(false));
        let cookie = session.cookie.clone();
        let flag = Arc::clone(&stop);
        let mut conn = Conn::open(addr).await.unwrap();
        let task = tokio::spawn(async move {
            let mut took = Vec::new();
            while !flag.load(Ordering::Relaxed) {
                let started = Instant::now();
                let r = conn
                    .send("GET", "/api/session", &[("cookie", &cookie)], None)
                    .await;
                match r {
                    Ok(r) if r.status == 200 => took.push(started.elapsed()),
                    Ok(r) => panic!("the other client was answered {}: {}", r.status, r.body),
                    // A connection the server closed as idle: open another.
                    Err(_) => conn = Conn::open(addr).await.unwrap(),
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            took
        });
        Probe { stop, task }
    }

    /// Stops and prints the attack's budget lines.
    async fn report(self, attack: &str, pid: u32, baseline_mb: f64) {
        // A second more of answers after the attack's own calls.
        tokio::time::sleep(Duration::from_secs(1)).await;
        self.stop.store(true, Ordering::Relaxed);
        let mut took = self.task.await.unwrap();
        took.sort();
        let p99 = took
            .get((took.len() * 99 / 100).min(took.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default();
        let ms = p99.as_secs_f64() * 1000.0;
        let mb = rss_mb(pid);
        println!(
            "budget: attack {attack}: another client's p99 {ms:.1} ms over {} answers (≤ 100 ms): {}",
            took.len(),
            if ms <= 100.0 { "pass" } else { "FAIL" }
        );
        println!(
            "budget: attack {attack}: server memory {mb:.0} MB after it (≤ 2 × {baseline_mb:.0} MB): {}",
            if mb <= 2.0 * baseline_mb {
                "pass"
            } else {
                "FAIL"
            }
        );
    }
}

/// A server process, killed when dropped.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn parse(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or(Value::Null)
}

fn code(body: &str) -> String {
    parse(body)["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn as_user(addr: SocketAddr, from: &str, login: &str) -> (Conn, Session) {
    let mut conn = Conn::open_from(addr, from).await.unwrap();
    let s = http::login(&mut conn, login, &support::password(login))
        .await
        .unwrap();
    (conn, s)
}

fn headers(s: &Session) -> [(&str, &str); 2] {
    [
        ("cookie", s.cookie.as_str()),
        ("x-csrf-token", s.csrf.as_str()),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn each_attack_gets_its_bounded_answer_while_another_client_is_answered() {
    let db = TestDb::sqlite();
    let cwd = support::temp_dir("attacks");
    let (child, addr) = support::spawn_server(
        &db.url,
        &cwd,
        "2026-11-23T10:00:00",
        &[
            "--header-timeout",
            "2",
            "--body-timeout",
            "2",
            "--max-connections-per-address",
            "100",
        ],
    );
    let pid = child.id();
    // Killed however the test ends, so that no server outlives it.
    let server = KillOnDrop(child);
    let (_, other) = as_user(addr, "127.0.0.1", "saesol").await;
    let (_, hs) = as_user(addr, "127.0.0.9", "hanbit").await;
    let baseline = rss_mb(pid);
    println!("attacks: server memory at the start {baseline:.0} MB");

    // 1. KPI over ten thousand years, four at once: refused at once, nothing computed.
    let probe = Probe::start(addr, &other).await;
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let hs = hs.clone();
        tasks.push(tokio::spawn(async move {
            let mut c = Conn::open_from(addr, "127.0.0.9").await.unwrap();
            let started = Instant::now();
            let r = c
                .send(
                    "GET",
                    "/api/contracts/hanbit-city/kpi?from=0001-01-01&to=9999-12-30",
                    &headers(&hs),
                    None,
                )
                .await
                .unwrap();
            (r, started.elapsed())
        }));
    }
    for t in tasks {
        let (r, took) = t.await.unwrap();
        assert_eq!(r.status, 422, "{}", r.body);
        assert_eq!(parse(&r.body)["error"]["field"], "from", "{}", r.body);
        assert!(r.body.len() < 2_000, "{} bytes", r.body.len());
        println!(
            "attacks: 1. the ten-thousand-year KPI refused in {} ms",
            took.as_millis()
        );
    }
    probe.report("1 (KPI span)", pid, baseline).await;

    // 2. Connections that never finish their head (400 from one address, over its cap
    //    of 100) and bodies that never arrive: closed, or answered 408, within the
    //    timeouts; the other client is answered throughout.
    let probe = Probe::start(addr, &other).await;
    let mut stalled = Vec::new();
    for _ in 0..400 {
        if let Ok(mut s) = connect_from(addr, "127.0.0.2").await {
            let _ = s
                .write_all(b"GET /api/session HTTP/1.1\r\nHost: x\r\nX-Half: ")
                .await;
            stalled.push(s);
        }
    }
    let mut bodies = Vec::new();
    for _ in 0..20 {
        let mut s = connect_from(addr, "127.0.0.4").await.unwrap();
        let head = format!(
            "POST /api/contracts/hanbit-city/check HTTP/1.1\r\nHost: {addr}\r\nCookie: {}\r\nX-CSRF-Token: {}\r\n\
             Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"title\":",
            hs.cookie, hs.csrf
        );
        s.write_all(head.as_bytes()).await.unwrap();
        bodies.push(s);
    }
    tokio::time::sleep(Duration::from_secs(4)).await;
    let mut closed = 0;
    for s in &mut stalled {
        let mut buf = [0u8; 512];
        if matches!(
            tokio::time::timeout(Duration::from_millis(200), s.read(&mut buf)).await,
            Ok(Ok(0) | Err(_))
        ) {
            closed += 1;
        }
    }
    assert_eq!(
        closed,
        stalled.len(),
        "every half-sent head is closed after the timeout"
    );
    for s in &mut bodies {
        let mut got = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(2), s.read_to_end(&mut got)).await;
        let text = String::from_utf8_lossy(&got);
        assert!(text.starts_with("HTTP/1.1 408"), "{text}");
        assert!(text.contains("application/json"), "{text}");
    }
    drop((stalled, bodies));
    probe
        .report("2 (connections that stall)", pid, baseline)
        .await;

    // 3. Forty wrong passwords at once for one login from one address: each counted
    //    before any is checked, so at most the three free attempts are checked (401)
    //    and the rest told to wait (429).
    let probe = Probe::start(addr, &other).await;
    let mut tasks = Vec::new();
    for _ in 0..40 {
        tasks.push(tokio::spawn(async move {
            let mut c = Conn::open_from(addr, "127.0.0.3").await.unwrap();
            c.send(
                "POST",
                "/api/login",
                &[],
                Some(r#"{"login":"hanbit","password":"guess"}"#),
            )
            .await
            .unwrap()
        }));
    }
    let mut checked = 0;
    for t in tasks {
        let r = t.await.unwrap();
        match r.status {
            401 => checked += 1,
            429 => assert!(matches!(
                code(&r.body).as_str(),
                "too_many_attempts" | "busy"
            )),
            other => panic!("{other}: {}", r.body),
        }
    }
    assert!(
        checked <= 3,
        "{checked} of 40 parallel guesses were checked"
    );
    probe.report("3 (parallel guesses)", pid, baseline).await;

    // 4. A hundred logins at once with unknown names: at most --max-hashes passwords
    //    are checked at a time, the rest answered 429; memory comes back down.
    let probe = Probe::start(addr, &other).await;
    let mut tasks = Vec::new();
    for i in 0..100 {
        tasks.push(tokio::spawn(async move {
            let mut c = Conn::open_from(addr, "127.0.0.5").await.unwrap();
            let body = format!(r#"{{"login":"nobody{i}","password":"x"}}"#);
            c.send("POST", "/api/login", &[], Some(&body))
                .await
                .unwrap()
        }));
    }
    for t in tasks {
        let r = t.await.unwrap();
        assert!(matches!(r.status, 401 | 429), "{}: {}", r.status, r.body);
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    probe
        .report("4 (logins without a session)", pid, baseline)
        .await;

    // 5. The guesses of 3. did not lock the account: its owner logs in from elsewhere.
    let probe = Probe::start(addr, &other).await;
    let mut owner = Conn::open_from(addr, "127.0.0.6").await.unwrap();
    assert!(
        http::login(&mut owner, "hanbit", "demo-hanbit")
            .await
            .is_ok()
    );
    probe
        .report("5 (locking the owner out)", pid, baseline)
        .await;

    // 6. A title that would run in a spreadsheet is stored as text and a NUL or a
    //    right-to-left override is refused naming the field.
    let probe = Probe::start(addr, &other).await;
    let mut hanbit = Conn::open_from(addr, "127.0.0.9").await.unwrap();
    for (title, status) in [
        ("=HYPERLINK(\"http://evil.example\",\"열기\")", 201),
        ("널\u{0}문자", 422),
        ("보고서\u{202e}txt.exe", 422),
    ] {
        let body = support::fault("hanbit-city", title).to_string();
        let r = hanbit
            .send("POST", "/api/requests", &headers(&hs), Some(&body))
            .await
            .unwrap();
        assert_eq!(r.status, status, "{title:?}: {}", r.body);
        if status == 422 {
            assert_eq!(code(&r.body), "invalid_text", "{}", r.body);
            assert_eq!(parse(&r.body)["error"]["field"], "title");
        }
    }
    probe.report("6 (text)", pid, baseline).await;

    // 7. Error shapes: a path that is not UTF-8, a method the route has not, a route
    //    that is not there, a body too large — each the JSON error, with its status in
    //    the OpenAPI document.
    let probe = Probe::start(addr, &other).await;
    let doc = Conn::open(addr)
        .await
        .unwrap()
        .send("GET", "/api/openapi.json", &[], None)
        .await
        .unwrap();
    let doc = parse(&doc.body);
    let big = format!("{{\"title\":\"{}\"}}", "x".repeat(70_000));
    for (method, path, body, status) in [
        ("GET", "/api/requests/%FF%FE", None, 400),
        ("DELETE", "/api/contracts", None, 405),
        ("GET", "/api/no-such-thing", None, 404),
        ("POST", "/api/requests", Some(big.as_str()), 413),
    ] {
        let mut c = Conn::open_from(addr, "127.0.0.8").await.unwrap();
        let r = c.send(method, path, &headers(&hs), body).await.unwrap();
        assert_eq!(r.status, status, "{method} {path}: {}", r.body);
        assert_eq!(
            parse(&r.body)["error"]["status"],
            status,
            "{method} {path}: {}",
            r.body
        );
    }
    let login_429 = &doc["paths"]["/login"]["post"]["responses"]["429"];
    assert!(login_429.is_object(), "429 of login undocumented");
    let submit_429 = &doc["paths"]["/requests"]["post"]["responses"]["429"];
    assert!(submit_429.is_object(), "429 of a submission undocumented");
    probe.report("7 (error shapes)", pid, baseline).await;

    // 8. A branch account's KPI names no other branch's request; two hundred comments
    //    of 5,000 characters at once: the account's rate takes 30, the rest 429.
    let probe = Probe::start(addr, &other).await;
    let (mut riverside, rs) = as_user(addr, "127.0.0.7", "hanbit-riverside").await;
    let mut hanbit = Conn::open_from(addr, "127.0.0.9").await.unwrap();
    let list = hanbit
        .send("GET", "/api/requests", &headers(&hs), None)
        .await
        .unwrap();
    let main = parse(&list.body)["requests"][0].clone();
    let main_sr = main["sr"].as_str().unwrap().to_owned();
    let kpi = riverside
        .send(
            "GET",
            "/api/contracts/hanbit-city/kpi?from=2026-03-01&to=2027-02-28",
            &headers(&rs),
            None,
        )
        .await
        .unwrap();
    assert_eq!(kpi.status, 200, "{}", kpi.body);
    assert!(!kpi.body.contains(&main_sr), "{main_sr} in {}", kpi.body);
    let path = format!("/api/requests/{}/comments", main["id"].as_str().unwrap());
    let long = json!({ "body": "가".repeat(5_000) }).to_string();
    let (mut taken, mut limited) = (0, 0);
    for _ in 0..200 {
        let r = hanbit
            .send("POST", &path, &headers(&hs), Some(&long))
            .await
            .unwrap();
        match r.status {
            201 => taken += 1,
            429 => {
                assert_eq!(code(&r.body), "rate_limited");
                limited += 1;
            }
            other => panic!("{other}: {}", r.body),
        }
    }
    // 30 at once, and one more each 2 s while the 200 are sent.
    assert!((30..=36).contains(&taken), "{taken} comments taken");
    assert_eq!(taken + limited, 200);
    probe.report("8 (comment flood)", pid, baseline).await;

    drop(server);
    db.cleanup().await;
}
