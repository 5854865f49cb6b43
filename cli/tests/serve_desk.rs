//! The vendor's desk (`GET /api/desk`): open requests across customers, the next due
//! first, with counts that agree with covered-core's verdict on every row as time runs,
//! filters and pages; who handles a request; internal notes no customer ever gets.

use crate::support::{Client, as_user, fault, on_both};
use axum::http::StatusCode;
use covered_cli::serve::openapi::OPERATIONS;
use serde_json::{Value, json};

fn with(mut body: Value, impact: &str) -> Value {
    body["answers"]["impact"] = json!(impact);
    body
}

async fn desk(client: &Client, query: &str) -> Value {
    let r = client.get(&format!("/api/desk{query}")).await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.text);
    r.body
}

fn rows(d: &Value) -> Vec<Value> {
    d["requests"].as_array().unwrap().clone()
}

fn ids(d: &Value) -> Vec<String> {
    rows(d)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn file(client: &Client, body: &Value) -> String {
    let r = client.post("/api/requests", body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_desk_lists_open_requests_next_due_first_with_counts_filters_and_pages() {
    on_both(|server, _kind| async move {
        let hanbit = as_user(&server, "hanbit").await;
        let bada = as_user(&server, "bada").await;
        let saesol = as_user(&server, "saesol").await;
        let vendor = as_user(&server, "vendor").await;
        let slow = file(&bada, &with(fault("bada-county", "바다 경미"), "minor")).await;
        let mid = file(
            &saesol,
            &with(fault("saesol-univ", "새솔 일부"), "some_functions"),
        )
        .await;
        let critical = file(&hanbit, &fault("hanbit-city", "한빛 전체 장애")).await;

        // Customers have no desk.
        let r = hanbit.get("/api/desk").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);

        let all = desk(&vendor, "").await;
        assert_eq!(all["counts"]["open"], 3, "{all}");
        assert_eq!(all["counts"]["unassigned"], 3);
        let list = rows(&all);
        let dues: Vec<&str> = list
            .iter()
            .map(|r| r["next_clock"]["due"].as_str().unwrap())
            .collect();
        let mut sorted = dues.clone();
        sorted.sort();
        assert_eq!(dues, sorted, "next due first: {all}");
        assert_eq!(
            ids(&all)[0],
            critical,
            "the critical request is due first: {all}"
        );
        assert_eq!(list.len(), 3);
        let top = &list[0];
        assert_eq!(top["contract"], "hanbit-city");
        assert!(
            top["customer"]["ko"].as_str().unwrap().contains("한빛"),
            "{top}"
        );
        assert!(top["sr"].as_str().unwrap().starts_with("SR-"), "{top}");
        assert_eq!(top["severity"], "critical");
        assert_eq!(top["status"], "received");
        assert!(top["status_name"]["ko"].is_string(), "{top}");
        assert!(top["category_name"]["en"].is_string(), "{top}");
        assert_eq!(top["assignee"], Value::Null);
        assert_eq!(top["next_clock"]["state"], "on_track");

        // Filters.
        assert_eq!(
            ids(&desk(&vendor, "?contract=bada-county").await),
            vec![slow.clone()]
        );
        assert_eq!(
            ids(&desk(&vendor, "?customer=saesol").await),
            vec![mid.clone()]
        );
        assert_eq!(
            ids(&desk(&vendor, "?tier=gold").await),
            vec![critical.clone()]
        );
        assert_eq!(
            ids(&desk(&vendor, "?severity=critical").await),
            vec![critical.clone()]
        );
        let bronze = desk(&vendor, "?tier=bronze").await;
        assert_eq!(bronze["counts"]["open"], 1, "{bronze}");
        assert_eq!(desk(&vendor, "?status=received").await["counts"]["open"], 3);
        assert_eq!(
            desk(&vendor, "?status=in_progress").await["counts"]["open"],
            0
        );
        for bad in [
            "?status=resolved",
            "?tier=tin",
            "?severity=x",
            "?at_risk=maybe",
            "?limit=0",
            "?cursor=x",
            "?who=me",
        ] {
            let r = vendor.get(&format!("/api/desk{bad}")).await;
            assert_eq!(
                r.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{bad}: {}",
                r.text
            );
        }

        // Pages of one: the same order, then no cursor.
        let mut paged = Vec::new();
        let mut query = "?limit=1".to_owned();
        loop {
            let page = desk(&vendor, &query).await;
            assert_eq!(
                page["counts"]["open"], 3,
                "counts are the filtered set's, not the page's"
            );
            paged.extend(ids(&page));
            match page["next_cursor"].as_str() {
                Some(c) => query = format!("?limit=1&cursor={c}"),
                None => break,
            }
        }
        assert_eq!(paged, ids(&all));

        // As time runs, the counts agree with the core's verdict on each row.
        let mut seen_risk = false;
        let mut seen_breach = false;
        for _ in 0..40 {
            let d = desk(&vendor, "").await;
            let state = |s: &str| {
                rows(&d)
                    .iter()
                    .filter(|r| r["next_clock"]["state"] == s)
                    .count()
            };
            assert_eq!(d["counts"]["at_risk"], state("at_risk"), "{d}");
            assert_eq!(d["counts"]["breached"], state("breached"), "{d}");
            let risky = desk(&vendor, "?at_risk=true").await;
            assert_eq!(
                rows(&risky).len(),
                state("at_risk") + state("breached"),
                "{risky}"
            );
            assert!(
                rows(&risky)
                    .iter()
                    .all(|r| r["next_clock"]["state"] != "on_track")
            );
            seen_risk |= state("at_risk") > 0;
            seen_breach |= state("breached") > 0;
            server.clock().advance_minutes(7);
        }
        assert!(
            seen_risk && seen_breach,
            "the run saw a clock at risk and one breached"
        );

        // A request that is no longer open leaves the desk.
        for to in ["in_progress", "resolved"] {
            let r = vendor
                .post(
                    &format!("/api/requests/{critical}/status"),
                    &json!({"status": to, "note": "조치 완료"}),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{to}: {}", r.text);
        }
        let after = desk(&vendor, "").await;
        assert_eq!(after["counts"]["open"], 2, "{after}");
        assert!(!ids(&after).contains(&critical));
        let moved = desk(&vendor, "?status=in_progress").await;
        assert_eq!(moved["counts"]["open"], 0);
    })
    .await;
}

#[tokio::test]
async fn assignment_is_shown_to_the_customer_and_internal_notes_never_are() {
    on_both(|server, _kind| async move {
        let hanbit = as_user(&server, "hanbit").await;
        let vendor = as_user(&server, "vendor").await;
        let id = file(&hanbit, &fault("hanbit-city", "담당자 지정")).await;
        let other = file(&hanbit, &with(fault("hanbit-city", "아직 미지정"), "minor")).await;

        // Only vendor staff assign, and only to vendor staff.
        let r = hanbit
            .post(
                &format!("/api/requests/{id}/assign"),
                &json!({"assignee": "vendor"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
        let r = vendor
            .post(
                &format!("/api/requests/{id}/assign"),
                &json!({"assignee": "hanbit"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        assert_eq!(r.error().0, "not_vendor_staff");
        let r = vendor
            .post(&format!("/api/requests/{id}/assign"), &json!({}))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        let r = vendor
            .post(
                &format!("/api/requests/{id}/assign"),
                &json!({"assignee": "vendor"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(r.body["assignee"]["login"], "vendor");

        let d = desk(&vendor, "").await;
        assert_eq!(d["counts"]["unassigned"], 1, "{d}");
        assert_eq!(
            ids(&desk(&vendor, "?assignee=vendor").await),
            vec![id.clone()]
        );
        assert_eq!(
            ids(&desk(&vendor, "?assignee=none").await),
            vec![other.clone()]
        );
        let row = rows(&d)
            .into_iter()
            .find(|r| r["id"] == id.as_str())
            .unwrap();
        assert_eq!(
            row["assignee"],
            json!({"login": "vendor", "name": "리브소프트 지원팀"})
        );

        // The customer sees who handles it, by name.
        let seen = hanbit.get(&format!("/api/requests/{id}")).await;
        assert_eq!(
            seen.body["assignee"],
            json!({"name": "리브소프트 지원팀"}),
            "{}",
            seen.text
        );

        // Internal notes: vendor staff only, to write and to read.
        let secret = "INTERNAL-내부메모-7731";
        let r = hanbit
            .post(
                &format!("/api/requests/{id}/notes"),
                &json!({"body": "고객 메모"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
        let r = vendor
            .post(
                &format!("/api/requests/{id}/notes"),
                &json!({"body": secret}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        // A status change's note is for the customer.
        let said = "고객에게 보이는 사유";
        let r = vendor
            .post(
                &format!("/api/requests/{id}/status"),
                &json!({"status": "in_progress", "note": said}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert!(
            r.text.contains(secret),
            "the vendor's answer carries the note"
        );

        let v = vendor.get(&format!("/api/requests/{id}")).await;
        let kinds: Vec<&str> = v.body["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert!(kinds.contains(&"note"), "{kinds:?}");
        let t = vendor.get(&format!("/api/requests/{id}/timeline")).await;
        assert!(t.text.contains(secret), "{}", t.text);

        let c = hanbit.get(&format!("/api/requests/{id}")).await;
        assert!(c.text.contains(said), "{}", c.text);
        assert!(!c.text.contains(secret), "{}", c.text);
        // No endpoint gives the customer the note: every GET, with the request's id.
        for op in OPERATIONS.iter().filter(|o| o.method == "GET") {
            let path = op.path.replace(
                "{id}",
                if op.path.starts_with("/api/contracts/") {
                    "hanbit-city"
                } else {
                    &id
                },
            );
            let query = match op.path {
                "/api/contracts/{id}/credits" => "?month=2026-11",
                "/api/contracts/{id}/kpi" => "?from=2026-01-01&to=2026-12-31",
                _ => "",
            };
            let r = hanbit.get(&format!("{path}{query}")).await;
            assert!(
                !r.text.contains(secret),
                "{path} gave the customer the note: {}",
                r.text
            );
        }
        // Nor the customer's answer to a change of its own.
        let r = hanbit
            .post(
                &format!("/api/requests/{id}/comments"),
                &json!({"body": "감사합니다"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        assert!(!r.text.contains(secret), "{}", r.text);

        // Unassigned again.
        let r = vendor
            .post(
                &format!("/api/requests/{id}/assign"),
                &json!({"assignee": null}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(desk(&vendor, "").await["counts"]["unassigned"], 2);
        assert_eq!(
            hanbit.get(&format!("/api/requests/{id}")).await.body["assignee"],
            Value::Null
        );
    })
    .await;
}
