//! A database of schema 1 — the first release's tables only, `0001_init.sql` applied and
//! recorded as the migrator records it — holding accounts, a session, requests and their
//! events, brought up to date by today's server as it starts: what was there reads as
//! it was, the old session still works, and what later schemas added (the lifecycle's
//! rating, the desk, the audit trail, the outbox, the timeline) works on the old rows.
//! On SQLite, and on PostgreSQL when `COVERED_TEST_DATABASE_URL` is set.
//!
//! The rows are made by today's server on a scratch database (so that their JSON
//! columns — answers, deadlines, verdict — are what a server writes), then cut down to
//! schema 1's columns and inserted into the schema-1 database.

use crate::support::{self, Client, Kind, TestDb, as_user, fault, stats_report};
use axum::http::StatusCode;
use serde_json::{Value, json};
use sqlx::Row;

/// Schema 1's columns of each table copied, and which of them are integers.
const TABLES: [(&str, &str, &[&str]); 7] = [
    ("institutions", "id, name", &[]),
    ("institution_contracts", "institution, contract", &[]),
    (
        "accounts",
        "login, name, role, institution, branch, password_hash, created_ms",
        &["created_ms"],
    ),
    (
        "sessions",
        "token_hash, account, csrf, created_ms, expires_ms",
        &["created_ms", "expires_ms"],
    ),
    ("contract_state", "contract, last_sr", &[]),
    (
        "requests",
        "id, contract, sr, account, idempotency_key, body_hash, branch, product, version, \
         category, requester, title, details, answers, wanted_by, paid, coverage, severity, \
         status, rework, submitted, submitted_ms, responded, resolved, closed, waiting_since, \
         pauses, deadlines, verdict, catalog_version, contract_version, updated_ms",
        &["paid", "rework", "submitted_ms", "updated_ms"],
    ),
    (
        "events",
        "id, request, at, at_ms, account, kind, status, body",
        &["at_ms"],
    ),
];

async fn pool(db: &TestDb) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    let url = match db.kind {
        Kind::Sqlite => format!("{}?mode=rwc", db.url),
        Kind::Postgres => db.url.clone(),
    };
    sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .unwrap()
}

/// What the old server had: requests filed, changed and commented on, and a session.
struct Old {
    db: TestDb,
    /// The requests as the server that wrote them listed them.
    listed: Vec<Value>,
    fault_id: String,
    resolved_id: String,
    /// hanbit's session on the old server (cookie, CSRF token).
    session: (String, String),
}

async fn make_old(kind: Kind) -> Option<Old> {
    let fresh = || async {
        match kind {
            Kind::Sqlite => Some(TestDb::sqlite()),
            Kind::Postgres => TestDb::postgres().await,
        }
    };
    let scratch = fresh().await?;
    let server = support::server(&scratch).await;
    let me = as_user(&server, "hanbit").await;
    let vendor = as_user(&server, "vendor").await;
    let f = me
        .post("/api/requests", &fault("hanbit-city", "옛 장애"))
        .await;
    assert_eq!(f.status, StatusCode::CREATED, "{}", f.text);
    let fault_id = f.body["id"].as_str().unwrap().to_owned();
    server.clock().advance_minutes(20);
    let r = vendor
        .post(
            &format!("/api/requests/{fault_id}/comments"),
            &json!({"body": "원격으로 확인 중입니다"}),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.text);
    let r = vendor
        .post(
            &format!("/api/requests/{fault_id}/status"),
            &json!({"status": "in_progress"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let s = me.post("/api/requests", &stats_report("옛 통계")).await;
    assert_eq!(s.status, StatusCode::CREATED, "{}", s.text);
    let mut minor = fault("hanbit-city", "옛 해결");
    minor["answers"] = json!({"impact": "minor"});
    let m = me.post("/api/requests", &minor).await;
    assert_eq!(m.status, StatusCode::CREATED, "{}", m.text);
    let resolved_id = m.body["id"].as_str().unwrap().to_owned();
    server.clock().advance_minutes(30);
    let r = vendor
        .post(
            &format!("/api/requests/{resolved_id}/status"),
            &json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let listed = me.get("/api/requests").await.body["requests"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(listed.len(), 3);
    let session = (me.cookie.clone().unwrap(), me.csrf.clone().unwrap());
    server.close().await;

    // Schema 1, as the migrator leaves it after its first migration.
    let db = fresh().await?;
    let old = pool(&db).await;
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, \
         name TEXT NOT NULL, applied_ms BIGINT NOT NULL)",
    )
    .execute(&old)
    .await
    .unwrap();
    sqlx::raw_sql(include_str!("../src/serve/migrations/0001_init.sql"))
        .execute(&old)
        .await
        .unwrap();
    sqlx::query("INSERT INTO schema_migrations (version, name, applied_ms) VALUES (1, 'init', 0)")
        .execute(&old)
        .await
        .unwrap();
    let from = pool(&scratch).await;
    for (table, columns, integers) in TABLES {
        let rows = sqlx::query(&format!("SELECT {columns} FROM {table}"))
            .fetch_all(&from)
            .await
            .unwrap();
        let names: Vec<&str> = columns.split(", ").collect();
        let marks: Vec<String> = (1..=names.len()).map(|i| format!("${i}")).collect();
        let insert = format!(
            "INSERT INTO {table} ({columns}) VALUES ({})",
            marks.join(", ")
        );
        for r in &rows {
            let mut q = sqlx::query(&insert);
            for n in &names {
                q = if integers.contains(n) {
                    q.bind(r.try_get::<Option<i64>, _>(*n).unwrap())
                } else {
                    q.bind(r.try_get::<Option<String>, _>(*n).unwrap())
                };
            }
            q.execute(&old).await.unwrap();
        }
    }
    from.close().await;
    old.close().await;
    scratch.cleanup().await;
    Some(Old {
        db,
        listed,
        fault_id,
        resolved_id,
        session,
    })
}

async fn schema_one_is_brought_up_to_date(kind: Kind) {
    let Some(old) = make_old(kind).await else {
        return;
    };
    let server = support::server(&old.db).await;
    // Every migration since is recorded.
    let p = pool(&old.db).await;
    let versions: Vec<i64> = sqlx::query("SELECT version FROM schema_migrations ORDER BY version")
        .fetch_all(&p)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get("version").unwrap())
        .collect();
    assert_eq!(
        versions,
        (1..=support::process::migrations()).collect::<Vec<i64>>(),
        "{kind:?}"
    );
    p.close().await;

    // The session made before the upgrade still works; the password too.
    let mut kept = Client::new(&server);
    kept.cookie = Some(old.session.0.clone());
    kept.csrf = Some(old.session.1.clone());
    let s = kept.get("/api/session").await;
    assert_eq!(s.status, StatusCode::OK, "{kind:?}: {}", s.text);
    assert_eq!(s.body["login"], "hanbit");
    let me = as_user(&server, "hanbit").await;
    let vendor = as_user(&server, "vendor").await;

    // The requests read as they were written.
    let listed = me.get("/api/requests").await.body["requests"]
        .as_array()
        .unwrap()
        .clone();
    let filed = |v: &[Value]| {
        let mut out: Vec<Value> = v.iter().map(support::process::filed).collect();
        out.sort_by_key(|r| r["id"].as_str().unwrap().to_owned());
        out
    };
    assert_eq!(filed(&listed), filed(&old.listed), "{kind:?}");
    let got = me.get(&format!("/api/requests/{}", old.fault_id)).await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.text);
    assert_eq!(got.body["status"], "in_progress");
    assert_eq!(got.body["severity"], "critical");
    let events = got.body["events"].as_array().unwrap();
    assert!(
        events
            .iter()
            .any(|e| e["kind"] == "comment" && e["body"] == "원격으로 확인 중입니다"),
        "{kind:?}: {events:?}"
    );
    assert!(
        events
            .iter()
            .any(|e| e["kind"] == "status" && e["status"] == "in_progress"),
        "{kind:?}: {events:?}"
    );
    // Schema 1 kept no time of the status: it reads as since the submission.
    assert_eq!(got.body["status_since"], got.body["submitted"]);
    let timeline = me
        .get(&format!("/api/requests/{}/timeline", old.fault_id))
        .await;
    assert_eq!(timeline.status, StatusCode::OK, "{}", timeline.text);

    // The quota counts the old report: the history file's 2 and it use up the 3.
    let quota = me.get("/api/contracts/hanbit-city/quota").await;
    let line = quota.body["quotas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["category"] == "stats_report")
        .unwrap()
        .clone();
    assert_eq!(line["remaining"], 0, "{kind:?}: {}", quota.text);
    let over = me.post("/api/requests", &stats_report("한도 넘음")).await;
    assert_eq!(
        over.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        over.text
    );
    // A new request continues the SR numbers.
    let new = me
        .post("/api/requests", &fault("hanbit-city", "새 장애"))
        .await;
    assert_eq!(new.status, StatusCode::CREATED, "{}", new.text);
    let old_srs: Vec<String> = old
        .listed
        .iter()
        .map(|r| r["sr"].as_str().unwrap().to_owned())
        .collect();
    let sr = new.body["sr"].as_str().unwrap().to_owned();
    assert!(
        old_srs.iter().all(|o| *o < sr),
        "{kind:?}: {sr} after {old_srs:?}"
    );

    // The desk (schema 4) has the old open fault, its keys computed at start.
    let desk = vendor.get("/api/desk").await;
    assert_eq!(desk.status, StatusCode::OK, "{}", desk.text);
    assert!(
        desk.body["requests"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == old.fault_id.as_str()),
        "{kind:?}: {}",
        desk.text
    );
    // The lifecycle moves it on, and the customer rates the old resolved one (schema 2).
    let r = vendor
        .post(
            &format!("/api/requests/{}/status", old.fault_id),
            &json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{kind:?}: {}", r.text);
    let r = me
        .post(
            &format!("/api/requests/{}/rating", old.resolved_id),
            &json!({"rating": 5}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{kind:?}: {}", r.text);
    // The scheduler (schema 3's outbox) runs over them.
    server.run_due().await.unwrap();
    // The audit trail (schema 6) starts with the upgrade and its chain is whole.
    let audit = vendor.get("/api/audit").await;
    assert_eq!(audit.status, StatusCode::OK, "{}", audit.text);
    covered_cli::serve::audit::verify(&old.db.url)
        .await
        .unwrap_or_else(|_| panic!("{kind:?}: the audit chain does not verify"));
    server.close().await;
    old.db.cleanup().await;
}

#[tokio::test]
async fn a_schema_1_database_with_data_is_brought_up_to_date_and_reads_as_it_was() {
    schema_one_is_brought_up_to_date(Kind::Sqlite).await;
    schema_one_is_brought_up_to_date(Kind::Postgres).await;
}
