//! Incident reports on `covered serve`: a critical fault, once restored, needs a report
//! within 24 hours (the library's notification policy); the vendor's staff get a draft
//! prefilled from the fault's life and file the report, customers read it once filed;
//! a late report is written to the outbox once, by the scheduler's pass, though the
//! request is no longer open. On SQLite, and on PostgreSQL when
//! `COVERED_TEST_DATABASE_URL` is set.

use crate::support::{as_user, fault, on_both};
use axum::http::StatusCode;
use serde_json::{Value, json};

/// 2026-11-`day` at `hh:mm` in Seoul.
fn at(day: u32, hh: u32, mm: u32) -> covered_core::civil::Timestamp {
    format!("2026-11-{day:02}T{hh:02}:{mm:02}:00+09:00")
        .parse()
        .unwrap()
}

async fn move_to(c: &crate::support::Client, id: &str, to: &str, note: Option<&str>) {
    let r = c
        .post(
            &format!("/api/requests/{id}/status"),
            &json!({"status": to, "note": note}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

async fn put(c: &crate::support::Client, id: &str, body: &Value) -> crate::support::Res {
    c.raw(
        "PUT",
        &format!("/api/requests/{id}/incident"),
        Some(body.to_string()),
        &[],
    )
    .await
}

/// The outbox's keys of `request`, without the request id.
async fn outbox_keys(vendor: &crate::support::Client, request: &str) -> Vec<String> {
    let r = vendor
        .get(&format!("/api/outbox?request={request}&limit=500"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body["outbox"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let k = o["key"].as_str().unwrap();
            k.strip_prefix(&format!("{request}/")).unwrap().to_owned()
        })
        .collect()
}

fn report(at1: &str) -> Value {
    json!({
        "summary": "DLi 대출·반납 전체 중단",
        "impact": "한빛시립도서관 본관 전체 대출·반납 불가 (약 4시간)",
        "cause": "DB 커넥션 풀 고갈",
        "timeline": [
            {"at": "2026-11-23T10:00", "text": "장애 접수"},
            {"at": at1, "text": "로그 요청"},
            {"at": "2026-11-23T14:20", "text": "커넥션 풀 재설정 후 복구"},
        ],
        "follow_up": "커넥션 풀 모니터링 경보 추가",
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restored_critical_fault_needs_a_report_in_24_hours_that_customers_read_once_filed() {
    on_both(|server, _kind| async move {
        let clock = server.clock().clone();
        let hanbit = as_user(&server, "hanbit").await;
        let bada = as_user(&server, "bada").await;
        let vendor = as_user(&server, "vendor").await;
        let filed = hanbit
            .post("/api/requests", &fault("hanbit-city", "대출 반납 불가"))
            .await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
        assert_eq!(filed.body["severity"], "critical");
        let id = filed.body["id"].as_str().unwrap().to_owned();
        let sr = filed.body["sr"].as_str().unwrap().to_owned();
        let path = format!("/api/requests/{id}/incident");

        // Before the restore: required, not yet due.
        let g = vendor.get(&path).await;
        assert_eq!(g.status, StatusCode::OK, "{}", g.text);
        assert_eq!(g.body["required"], true);
        assert_eq!(g.body["due_at"], Value::Null);
        assert_eq!(g.body["due_text"]["en"], "due 24 h after the restore");
        assert_eq!(g.body["overdue"], false);

        // The first escalation step falls due at 10:30; the vendor asks for logs at 10:50
        // (the first reply), writes itself an internal note, the library answers at 11:30,
        // and the vendor restores the service at 14:20.
        clock.set(at(23, 10, 31));
        server.run_due().await.unwrap();
        clock.set(at(23, 10, 50));
        move_to(
            &vendor,
            &id,
            "waiting_on_customer",
            Some("로그를 보내 주세요"),
        )
        .await;
        let note = vendor
            .post(
                &format!("/api/requests/{id}/notes"),
                &json!({"body": "내부: DB 재시작 검토"}),
            )
            .await;
        assert_eq!(note.status, StatusCode::CREATED, "{}", note.text);
        clock.set(at(23, 11, 30));
        move_to(&hanbit, &id, "in_progress", None).await;
        clock.set(at(23, 14, 20));
        move_to(&vendor, &id, "resolved", Some("DB 커넥션 풀 재설정")).await;

        // Required, due 24 h after the restore; the draft holds the fault's life.
        let g = vendor.get(&path).await;
        assert_eq!(g.status, StatusCode::OK, "{}", g.text);
        assert_eq!(g.body["required"], true);
        assert_eq!(g.body["within_hours"], 24);
        assert_eq!(g.body["due_at"], "2026-11-24T14:20:00");
        assert_eq!(g.body["due_at_iso"], "2026-11-24T14:20:00+09:00");
        assert_eq!(g.body["overdue"], false);
        assert_eq!(g.body["report"], Value::Null);
        let draft = &g.body["draft"];
        assert_eq!(draft["restored_at"], "2026-11-23T14:20");
        let lines: Vec<(String, String)> = draft["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["at"].as_str().unwrap().to_owned(),
                    l["text"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let l = |a: &str, t: &str| (a.to_owned(), t.to_owned());
        assert_eq!(
            lines,
            vec![
                l(
                    "2026-11-23T10:00",
                    &format!("장애 접수: {sr} 대출 반납 불가")
                ),
                l(
                    "2026-11-23T10:30",
                    "에스컬레이션 1단계: CTO 보고 및 벤더 긴급 지원 요청"
                ),
                l("2026-11-23T10:50", "최초 응답"),
                l(
                    "2026-11-23T10:50",
                    "상태 변경: 고객 확인 대기 — 로그를 보내 주세요"
                ),
                l("2026-11-23T11:30", "상태 변경: 처리 중"),
                // Moved 40 minutes later by the wait (written with the resolution).
                l(
                    "2026-11-23T11:40",
                    "에스컬레이션 2단계: 고객사 임원 브리핑; 복구 미완료 시 자동 에스컬레이션"
                ),
                l("2026-11-23T14:20", "상태 변경: 해결 — DB 커넥션 풀 재설정"),
            ]
        );
        assert!(!g.text.contains("DB 재시작 검토"), "no internal note in it");
        assert_eq!(
            draft["summary"],
            "대출 반납 불가\n대출 반납이 되지 않습니다"
        );
        let en = vendor.get(&format!("{path}?lang=en")).await;
        assert_eq!(en.body["draft"]["timeline"][2]["text"], "first reply");
        // A customer sees that one is due, never the draft; another customer nothing.
        let c = hanbit.get(&path).await;
        assert_eq!(c.status, StatusCode::OK, "{}", c.text);
        assert_eq!(c.body["required"], true);
        assert_eq!(c.body["report"], Value::Null);
        assert_eq!(c.body["draft"], Value::Null);
        assert_eq!(bada.get(&path).await.status, StatusCode::NOT_FOUND);

        // 25 hours after the restore, a pass writes the late report once, though the
        // request is resolved (no longer open); the next pass writes nothing.
        clock.set(at(24, 15, 20));
        server.run_due().await.unwrap();
        // (A day later: the sessions have lapsed.)
        let vendor = as_user(&server, "vendor").await;
        let hanbit = as_user(&server, "hanbit").await;
        let count = |keys: &[String]| keys.iter().filter(|k| *k == "report").count();
        assert_eq!(count(&outbox_keys(&vendor, &id).await), 1);
        server.run_due().await.unwrap();
        assert_eq!(count(&outbox_keys(&vendor, &id).await), 1);
        let row = vendor.get(&format!("/api/outbox?request={id}")).await;
        let late = row.body["outbox"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["kind"] == "report")
            .unwrap()
            .clone();
        assert_eq!(late["at"], "2026-11-24T14:20:00");
        assert_eq!(late["event"]["notify"], json!(["vendor"]));
        assert_eq!(
            late["event"]["text"]["ko"],
            "장애 보고서 기한 초과 (복구 후 24시간)"
        );
        let g = vendor.get(&path).await;
        assert_eq!(g.body["overdue"], true);
        // It tells only the vendor: the customer's timeline leaves it out.
        let t = hanbit.get(&format!("/api/requests/{id}/timeline")).await;
        assert!(
            !t.body["timeline"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["kind"] == "report"),
            "{}",
            t.text
        );

        // A bad line is named with its index; a customer may not file one.
        let bad = put(&vendor, &id, &report("2026-11-23 25:00")).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
        assert_eq!(bad.error().1.as_deref(), Some("timeline[1].at"));
        let mut empty = report("2026-11-23T10:50");
        empty["timeline"][2]["text"] = json!(" ");
        let bad = put(&vendor, &id, &empty).await;
        assert_eq!(
            bad.error().1.as_deref(),
            Some("timeline[2].text"),
            "{}",
            bad.text
        );
        let refused = put(&hanbit, &id, &report("2026-11-23T10:50")).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
        assert_eq!(vendor.get(&path).await.body["report"], Value::Null);

        // Filed: the customer reads it, it is no longer overdue, and it is on record.
        let ok = put(&vendor, &id, &report("2026-11-23T10:50")).await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
        assert_eq!(ok.body["overdue"], false);
        assert_eq!(ok.body["report"]["author"], "vendor");
        assert_eq!(ok.body["report"]["author_name"], "리브소프트 지원팀");
        assert_eq!(
            ok.body["report"]["updated_at_iso"],
            "2026-11-24T15:20:00+09:00"
        );
        let c = hanbit.get(&path).await;
        assert_eq!(c.body["report"]["cause"], "DB 커넥션 풀 고갈");
        assert_eq!(c.body["report"]["restored_at"], "2026-11-23T14:20");
        assert_eq!(c.body["report"]["timeline"][1]["at"], "2026-11-23T10:50");
        assert_eq!(c.body["draft"], Value::Null);
        let seen = hanbit.get(&format!("/api/requests/{id}")).await;
        let kinds: Vec<&str> = seen.body["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds.last(), Some(&"incident_report"), "{kinds:?}");
        // Saved again: updated, one more entry.
        clock.set(at(24, 16, 0));
        let mut again = report("2026-11-23T10:50");
        again["follow_up"] = json!("경보 추가, 월간 점검 항목에 커넥션 풀 포함");
        let ok = put(&vendor, &id, &again).await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
        assert_eq!(
            hanbit.get(&path).await.body["report"]["follow_up"],
            "경보 추가, 월간 점검 항목에 커넥션 풀 포함"
        );
        let audit = vendor
            .get(&format!("/api/audit?kind=incident.report&request={id}"))
            .await;
        assert_eq!(audit.status, StatusCode::OK, "{}", audit.text);
        let entries = audit.body["audit"].as_array().unwrap();
        assert_eq!(entries.len(), 2, "{}", audit.text);
        assert!(
            entries
                .iter()
                .all(|e| e["who"] == "vendor" && e["sr"] == sr.as_str())
        );
        server.run_due().await.unwrap();
        assert_eq!(count(&outbox_keys(&vendor, &id).await), 1);

        // A medium fault needs no report: none is due, and none can be filed.
        let mut medium = fault("hanbit-city", "일부 통계 화면 오류");
        medium["answers"]["impact"] = json!("some_functions");
        let m = hanbit.post("/api/requests", &medium).await;
        assert_eq!(m.status, StatusCode::CREATED, "{}", m.text);
        assert_eq!(m.body["severity"], "medium");
        let mid = m.body["id"].as_str().unwrap().to_owned();
        move_to(&vendor, &mid, "resolved", None).await;
        let g = vendor.get(&format!("/api/requests/{mid}/incident")).await;
        assert_eq!(g.body["required"], false);
        assert_eq!(g.body["due_text"]["en"], "no incident report required");
        let refused = put(&vendor, &mid, &report("2026-11-24T16:00")).await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text);
        assert_eq!(refused.error().0, "report_not_required");
    })
    .await;
}
