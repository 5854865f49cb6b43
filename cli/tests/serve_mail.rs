//! `covered serve`'s email, end to end through a real SMTP server on loopback (Python's
//! aiosmtpd, `support/smtp_sink.py`): the submission, status-change, warning, comment
//! and resolution notices arrive with the SR number and the data's Korean words; a
//! relay that is down leads to retries, and delivery once it is up again; a customer
//! who keeps only the resolution notice gets only that; and a server restarted on the
//! same database sends nothing twice.
//!
//! aiosmtpd comes from Debian's `python3-aiosmtpd` (`cargo xtask test` installs it);
//! without it this test fails and says so.

use crate::support::{self, TestDb, as_user, fault};
use axum::http::StatusCode;
use covered_cli::serve::mail::MailConfig;
use covered_cli::serve::{Clock, Config, Server};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const DESK: &str = "desk@libsoft.example";
const HANBIT: &str = "hanbit@hanbit.library.example";

/// Monday 2026-11-23 at `hh:mm` in Seoul.
fn at(hh: u32, mm: u32) -> covered_core::civil::Timestamp {
    format!("2026-11-23T{hh:02}:{mm:02}:00+09:00")
        .parse()
        .unwrap()
}

/// A Python that has aiosmtpd: Debian's (where `python3-aiosmtpd` puts it), else the
/// `python3` on PATH. Fails the test, saying how to install it, when none has.
fn python() -> String {
    for p in ["/usr/bin/python3", "python3"] {
        let ok = Command::new(p)
            .args(["-c", "import aiosmtpd"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return p.to_owned();
        }
    }
    panic!(
        "aiosmtpd is not installed, and the mail test needs a real SMTP server: run \
         `cargo xtask test` (which installs Debian's python3-aiosmtpd), or \
         `apt-get install python3-aiosmtpd` (or `pip install aiosmtpd`)"
    );
}

/// The SMTP server: writes each message it receives to `dir` as JSON.
struct Sink {
    child: Child,
}

impl Sink {
    fn start(dir: &Path, port: u16) -> Sink {
        let script = support::repo().join("cli/tests/support/smtp_sink.py");
        let mut child = Command::new(python())
            .arg(script)
            .arg(dir)
            .arg(port.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP server did not start");
        Sink { child }
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The messages received so far, in order.
fn received(dir: &Path) -> Vec<Value> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect()
}

/// Waits (up to 30 s) for a message to `to` whose subject has `subject`.
async fn wait_for(dir: &Path, to: &str, subject: &str) -> Value {
    let started = Instant::now();
    loop {
        if let Some(m) = received(dir)
            .into_iter()
            .find(|m| m["to"] == json!([to]) && m["subject"].as_str().unwrap().contains(subject))
        {
            return m;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no message to {to} about {subject:?}; received: {:#?}",
            received(dir)
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn open(db: &TestDb, port: u16) -> Server {
    Server::open(Config {
        data_dir: support::data_dir(),
        site_dir: None,
        db_url: db.url.clone(),
        accounts: Some(support::accounts_file()),
        widgets: None,
        clock: Clock::manual(at(10, 0)),
        tls: false,
        limits: Default::default(),
        mail: MailConfig {
            smtp: Some(format!("smtp://127.0.0.1:{port}")),
            from: "covered@libsoft.example".to_owned(),
            desk: Some(DESK.to_owned()),
            portal: "https://portal.example/".to_owned(),
        },
    })
    .await
    .unwrap()
}

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

async fn move_to(c: &support::Client, id: &str, to: &str, note: Option<&str>) {
    let r = c
        .post(
            &format!("/api/requests/{id}/status"),
            &json!({"status": to, "note": note}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

/// The vendor's list of the request's messages.
async fn mail_of(vendor: &support::Client, id: &str) -> Vec<Value> {
    let r = vendor
        .get(&format!("/api/mail?request={id}&limit=500"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body["mail"].as_array().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notices_arrive_by_smtp_are_retried_while_the_relay_is_down_and_never_sent_twice() {
    scenario(TestDb::sqlite()).await;
    if let Some(db) = TestDb::postgres().await {
        scenario(db).await;
    }
}

async fn scenario(db: TestDb) {
    let dir = support::temp_dir("smtp");
    let port = free_port();
    let sink = Sink::start(&dir, port);
    let server = open(&db, port).await;
    let stop = serve(&server);
    let clock = server.clock().clone();
    let hanbit = as_user(&server, "hanbit").await;
    let vendor = as_user(&server, "vendor").await;

    // The submission: to the requester and the desk, in Korean, with the SR number,
    // the verdict and the deadlines from the data's words.
    let filed = hanbit
        .post("/api/requests", &fault("hanbit-city", "대출 반납 불가"))
        .await;
    assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
    let id = filed.body["id"].as_str().unwrap().to_owned();
    let sr = filed.body["sr"].as_str().unwrap().to_owned();
    let m = wait_for(&dir, HANBIT, &format!("[{sr}] 요청이 접수되었습니다")).await;
    assert_eq!(m["from"], "covered@libsoft.example");
    let body = m["body"].as_str().unwrap();
    assert!(body.contains("김사서 님, 요청이 접수되었습니다."), "{body}");
    assert!(body.contains("판정: 계약 범위 내"), "{body}");
    assert!(body.contains("2026-11-23 11:00"), "{body}");
    assert!(
        body.contains(&format!("https://portal.example/sr/hanbit-city/{sr}")),
        "{body}"
    );
    wait_for(&dir, DESK, &format!("[{sr}] 요청이 접수되었습니다")).await;

    // Past the response clock's 50 % (10:30) and the first escalation step: the
    // warning to the desk, the step to whom it names (the vendor: the desk).
    clock.set(at(10, 31));
    let m = wait_for(&dir, DESK, &format!("[{sr}] 응답 시간 50% 경과")).await;
    assert!(
        m["body"]
            .as_str()
            .unwrap()
            .contains("응답 기한(2026-11-23 11:00)"),
        "{m}"
    );
    wait_for(&dir, DESK, &format!("[{sr}] 1단계 에스컬레이션")).await;

    // A status change with the vendor's note: to the requester only (the desk made it; the
    // first reply stops the response clock).
    move_to(
        &vendor,
        &id,
        "in_progress",
        Some("원인을 확인하고 있습니다"),
    )
    .await;
    let m = wait_for(&dir, HANBIT, &format!("[{sr}] 상태 변경: 처리 중")).await;
    assert!(
        m["body"]
            .as_str()
            .unwrap()
            .contains("메모: 원인을 확인하고 있습니다"),
        "{m}"
    );

    // The relay goes down: a comment's notice fails, is kept pending and retried.
    sink.stop();
    let comment = vendor
        .post(
            &format!("/api/requests/{id}/comments"),
            &json!({"body": "로그 파일을 확인했습니다"}),
        )
        .await;
    assert_eq!(comment.status, StatusCode::CREATED, "{}", comment.text);
    let started = Instant::now();
    let failed = loop {
        let rows = mail_of(&vendor, &id).await;
        if let Some(c) = rows
            .iter()
            .find(|m| m["kind"] == "comment" && m["attempts"].as_i64() >= Some(1))
        {
            break c.clone();
        }
        assert!(started.elapsed() < Duration::from_secs(30), "{rows:#?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(failed["delivery"], "pending", "{failed}");
    assert_eq!(failed["to"], HANBIT);
    assert!(failed["last_error"].is_string(), "{failed}");
    // The retry waits by the server's clock: once it is up and the back-off has
    // passed, the message goes.
    let sink = Sink::start(&dir, port);
    clock.set(at(10, 33));
    let m = wait_for(&dir, HANBIT, &format!("[{sr}] 새 댓글")).await;
    assert!(
        m["body"]
            .as_str()
            .unwrap()
            .contains("로그 파일을 확인했습니다"),
        "{m}"
    );

    // The library keeps only the resolution notice: a status change tells it nothing,
    // the resolution (with the satisfaction link) still does.
    let put = hanbit
        .raw(
            "PUT",
            "/api/settings",
            Some(json!({"notify": "resolution"}).to_string()),
            &[],
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text);
    assert_eq!(put.body["notify"], "resolution");
    assert_eq!(hanbit.get("/api/settings").await.body["email"], HANBIT);
    move_to(
        &vendor,
        &id,
        "waiting_on_customer",
        Some("재현 절차를 알려 주세요"),
    )
    .await;
    move_to(&vendor, &id, "resolved", Some("서비스를 재시작했습니다")).await;
    let m = wait_for(&dir, HANBIT, &format!("[{sr}] 요청이 해결되었습니다")).await;
    let body = m["body"].as_str().unwrap();
    assert!(body.contains("처리에 만족하셨는지 알려 주세요"), "{body}");
    assert!(
        body.contains(&format!("https://portal.example/sr/hanbit-city/{sr}")),
        "{body}"
    );
    assert!(
        !received(&dir)
            .iter()
            .any(|m| m["subject"].as_str().unwrap().contains("고객 확인 대기")),
        "a status notice went to a customer who turned them off"
    );

    // Every message written is sent (the sender may still be on the last ones), once.
    let started = Instant::now();
    let rows = loop {
        let rows = mail_of(&vendor, &id).await;
        if rows.iter().all(|m| m["delivery"] == "sent") {
            break rows;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "{rows:#?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let started = Instant::now();
    while received(&dir).len() < rows.len() && started.elapsed() < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let got = received(&dir);
    assert_eq!(got.len(), rows.len(), "{got:#?}");
    // Customers don't see the mail.
    assert_eq!(hanbit.get("/api/mail").await.status, StatusCode::FORBIDDEN);

    // A restart on the same database, with more passes: nothing is sent again.
    let _ = stop.send(());
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.close().await;
    let again = open(&db, port).await;
    again.clock().set(at(10, 40));
    for _ in 0..3 {
        again.run_due().await.unwrap();
        again.send_mail().await.unwrap();
    }
    assert_eq!(received(&dir).len(), got.len(), "{:#?}", received(&dir));
    let ids: std::collections::BTreeSet<String> = got
        .iter()
        .map(|m| m["message_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), got.len(), "a message was sent twice");
    again.close().await;
    sink.stop();
    db.cleanup().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// Copies the sample data to a new folder, with `edit` applied to its notifications.
fn data_with(edit: impl Fn(&mut Value)) -> PathBuf {
    let dir = support::temp_dir("notices");
    let src = support::data_dir();
    let status = Command::new("cp")
        .arg("-r")
        .arg(src.join("."))
        .arg(&dir)
        .status()
        .unwrap();
    assert!(status.success());
    let path = dir.join("mail.json");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut v);
    std::fs::write(&path, v.to_string()).unwrap();
    dir
}

#[tokio::test]
async fn bad_templates_are_refused_naming_the_file_the_path_and_what_was_expected() {
    let dir = data_with(|v| {
        v["messages"]["status"]["subject"]["ko"] = json!("[{sr}] {percnt}");
        v["messages"]["warning"]["to"] = json!(["boss"]);
    });
    let out = Command::new(env!("CARGO_BIN_EXE_covered"))
        .arg("validate")
        .arg(&dir)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("mail.json: $.messages.status.subject.ko: {percnt} is not one of: {sr}"),
        "{err}"
    );
    assert!(
        err.contains(
            "mail.json: $.messages.warning.to[0]: \"boss\" is not one of: requester, desk"
        ),
        "{err}"
    );
    let db = TestDb::sqlite();
    let e = Server::open(Config {
        data_dir: dir.clone(),
        site_dir: None,
        db_url: db.url.clone(),
        accounts: None,
        widgets: None,
        clock: Clock::manual(at(10, 0)),
        tls: false,
        limits: Default::default(),
        mail: MailConfig::default(),
    })
    .await
    .unwrap_err();
    assert!(e.contains("mail.json: $.messages.status.subject.ko"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}
