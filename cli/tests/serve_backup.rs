//! `covered backup` and `covered restore`: a backup taken while a real `covered serve`
//! takes submissions holds every request acknowledged before it began, with the same
//! contents; restored into a new file, a server started on it shows them. A restore
//! checks what it is given and never replaces a database unasked. PostgreSQL is
//! refused with the commands of its own tools.

use crate::support::{self, http::Conn, http::Session, process};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Submits faults until `stop`; pushes the id of each `201` with when it was answered.
async fn submitter(
    addr: std::net::SocketAddr,
    s: Session,
    n: usize,
    stop: Arc<AtomicBool>,
    acked: Arc<Mutex<Vec<(Instant, String)>>>,
) {
    let mut conn = Conn::open(addr).await.unwrap();
    let mut i = 0;
    while !stop.load(Ordering::SeqCst) {
        let body = serde_json::json!({
            "contract": "hanbit-city", "branch": "main", "product": "DLi", "version": "8",
            "category": "fault", "answers": {"impact": if i % 2 == 0 { "whole_system" } else { "minor" }},
            "requester": format!("백업 {n}"), "title": format!("백업 중 접수 {n}-{i}"),
            "details": format!("{n}번 제출자의 {i}번째 요청")
        })
        .to_string();
        let r = conn
            .send(
                "POST",
                "/api/requests",
                &[("cookie", &s.cookie), ("x-csrf-token", &s.csrf)],
                Some(&body),
            )
            .await
            .unwrap();
        assert_eq!(r.status, 201, "{}", r.body);
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        acked
            .lock()
            .unwrap()
            .push((Instant::now(), v["id"].as_str().unwrap().to_owned()));
        i += 1;
    }
}

fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_load_restores_every_acknowledged_request() {
    let db = support::TestDb::sqlite();
    let dir = support::temp_dir("backup");
    let served = process::Served::start(&db.url, &dir);
    let (_, session) = served.login("hanbit").await;
    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(Mutex::new(Vec::new()));
    let tasks: Vec<_> = (0..4)
        .map(|n| {
            tokio::spawn(submitter(
                served.addr,
                session.clone(),
                n,
                Arc::clone(&stop),
                Arc::clone(&acked),
            ))
        })
        .collect();
    let started = Instant::now();
    while acked.lock().unwrap().len() < 100 && started.elapsed() < Duration::from_secs(120) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // The backup, while the four submitters go on.
    let file = dir.join("backups/covered-backup.db");
    let backup_began = Instant::now();
    let out = {
        let (url, file) = (db.url.clone(), file.display().to_string());
        tokio::task::spawn_blocking(move || process::covered(&["backup", &file, "--db", &url]))
            .await
            .unwrap()
    };
    let backup_ended = Instant::now();
    assert!(out.status.success(), "backup: {}", text(&out));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["integrity"], "ok", "{summary}");
    assert_eq!(
        summary["schema_version"].as_i64(),
        Some(process::migrations()),
        "the backup has the whole schema: {summary}"
    );
    // Some more after it, then the load stops.
    let more = acked.lock().unwrap().len() + 20;
    while acked.lock().unwrap().len() < more && started.elapsed() < Duration::from_secs(180) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    stop.store(true, Ordering::SeqCst);
    for t in tasks {
        t.await.unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    let before: Vec<&String> = acked
        .iter()
        .filter(|(at, _)| *at < backup_began)
        .map(|(_, id)| id)
        .collect();
    let during = acked
        .iter()
        .filter(|(at, _)| *at >= backup_began && *at <= backup_ended)
        .count();
    // The original's requests, as the running server has them.
    let (mut c, s) = served.login("hanbit").await;
    let original = process::all_requests(&mut c, &s).await;
    assert_eq!(original.len(), acked.len(), "the original lost some");
    served.stop();

    // Restored into a new file: refused over it a second time without --force.
    let restored_db = dir.join("restored/covered.db");
    let restored_url = format!("sqlite://{}", restored_db.display());
    let file_text = file.display().to_string();
    let out = process::covered(&["restore", &file_text, "--db", &restored_url]);
    assert!(out.status.success(), "restore: {}", text(&out));
    let restored_summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(restored_summary["replaced"], false);
    assert_eq!(restored_summary["requests"], summary["requests"]);
    let again = process::covered(&["restore", &file_text, "--db", &restored_url]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    assert!(
        text(&again).contains("holds a database") && text(&again).contains("--force"),
        "{}",
        text(&again)
    );
    let forced = process::covered(&["restore", &file_text, "--db", &restored_url, "--force"]);
    assert!(forced.status.success(), "{}", text(&forced));
    let forced: serde_json::Value = serde_json::from_slice(&forced.stdout).unwrap();
    assert_eq!(forced["replaced"], true);
    // Its audit trail's chain is whole.
    let verify = process::covered(&["audit", "verify", "--db", &restored_url]);
    assert!(verify.status.success(), "audit verify: {}", text(&verify));

    let served = process::Served::start(&restored_url, &dir);
    let (mut c, s) = served.login("hanbit").await;
    let restored = process::all_requests(&mut c, &s).await;
    served.stop();
    let missing: Vec<&&String> = before
        .iter()
        .filter(|id| !restored.contains_key(id.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} requests acknowledged before the backup are not in it: {missing:?}",
        missing.len(),
        before.len()
    );
    assert_eq!(
        restored.len() as i64,
        summary["requests"].as_i64().unwrap(),
        "the restored server shows what the backup counted"
    );
    for (id, r) in &restored {
        let o = original
            .get(id)
            .unwrap_or_else(|| panic!("{id} is in the backup but was never stored"));
        assert_eq!(process::filed(r), process::filed(o), "request {id}");
    }
    println!(
        "backup under load: {} acknowledged before it, {during} during it ({:.0} ms), {} after; \
         the backup holds {} ({} bytes)",
        before.len(),
        (backup_ended - backup_began).as_secs_f64() * 1e3,
        acked.len() - before.len() - during,
        restored.len(),
        summary["bytes"]
    );
    let _ = std::fs::remove_dir_all(&dir);
    db.cleanup().await;
}

#[tokio::test]
async fn restore_refuses_what_is_not_a_covered_database() {
    let dir = support::temp_dir("restore-refuses");
    let target = format!("sqlite://{}", dir.join("new.db").display());
    // Not SQLite at all.
    let junk = dir.join("junk.db");
    std::fs::write(&junk, "not a database").unwrap();
    let out = process::covered(&["restore", &junk.display().to_string(), "--db", &target]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("not a SQLite database"),
        "{}",
        text(&out)
    );
    // SQLite, but not Covered's.
    let other = dir.join("other.db");
    {
        use sqlx::Connection;
        let mut c =
            sqlx::SqliteConnection::connect(&format!("sqlite://{}?mode=rwc", other.display()))
                .await
                .unwrap();
        sqlx::raw_sql("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x')")
            .execute(&mut c)
            .await
            .unwrap();
        c.close().await.unwrap();
    }
    let out = process::covered(&["restore", &other.display().to_string(), "--db", &target]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("not a Covered database"),
        "{}",
        text(&out)
    );
    // A truncated copy of a real one.
    let db = support::TestDb::sqlite();
    support::server(&db).await.close().await;
    let path = db.url.trim_start_matches("sqlite://");
    let backup = dir.join("whole.db");
    let out = process::covered(&["backup", &backup.display().to_string(), "--db", path]);
    assert!(out.status.success(), "{}", text(&out));
    let bytes = std::fs::read(&backup).unwrap();
    let cut = dir.join("cut.db");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let out = process::covered(&["restore", &cut.display().to_string(), "--db", &target]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("refused"), "{}", text(&out));
    assert!(
        !dir.join("new.db").exists(),
        "a refused restore wrote the target"
    );
    // A backup never replaces a file.
    let out = process::covered(&["backup", &backup.display().to_string(), "--db", path]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("exists"), "{}", text(&out));
    db.cleanup().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn postgresql_is_refused_with_its_own_tools_named() {
    let url = match support::TestDb::postgres().await {
        Some(db) => {
            let u = db.url.clone();
            db.cleanup().await;
            u
        }
        None => "postgres://covered:secret@127.0.0.1:5432/covered".to_owned(),
    };
    let out = process::covered(&["backup", "/tmp/never-written.dump", "--db", &url]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("pg_dump --format=custom"),
        "{}",
        text(&out)
    );
    assert!(!text(&out).contains("secret"), "the password is shown");
    let out = process::covered(&["restore", "/tmp/never-read.dump", "--db", &url]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("pg_restore"), "{}", text(&out));
    assert!(!std::path::Path::new("/tmp/never-written.dump").exists());
}
