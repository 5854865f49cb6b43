//! What one account can't do to the others through `covered serve`: write text that
//! hides or reverses what people are shown, flood a request with comments or the store
//! with requests, or post from another origin — on SQLite and PostgreSQL.

use crate::support::{Client, as_user, fault, on_both, on_both_with};
use axum::http::StatusCode;
use covered_cli::serve::Limits;
use serde_json::json;

async fn count(client: &Client) -> usize {
    let r = client.get("/api/requests").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body["requests"].as_array().unwrap().len()
}

#[track_caller]
fn refused_text(r: &crate::support::Res, field: &str, what: &str) {
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
    assert_eq!(
        r.error(),
        ("invalid_text".to_owned(), Some(field.to_owned())),
        "{}",
        r.text
    );
    let message = r.body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains(what), "{message}");
}

#[tokio::test]
async fn text_with_control_or_bidirectional_characters_is_refused_naming_the_field_and_the_character()
 {
    on_both(|server, _kind| async move {
        let hanbit = as_user(&server, "hanbit").await;
        // A title that reads "exe.txt" but is "txt.exe", a NUL, a line break in a title.
        for (title, what) in [
            ("보고서\u{202e}txt.exe", "U+202E, a bidirectional control"),
            ("널\u{0}문자", "U+0000, a control character"),
            ("두 줄\n제목", "U+000A, a line break"),
        ] {
            let r = hanbit
                .post("/api/requests", &fault("hanbit-city", title))
                .await;
            refused_text(&r, "title", what);
        }
        let mut answer = fault("hanbit-city", "답에 숨은 글자");
        answer["answers"]["note"] = json!("\u{2066}숨김\u{2069}");
        let r = hanbit.post("/api/requests", &answer).await;
        refused_text(&r, "answers.note", "U+2066");
        assert_eq!(count(&hanbit).await, 0, "nothing refused is stored");

        // Details and comments keep their lines and tabs; a comment with a control
        // character is refused, and the request keeps only what was taken.
        let mut lines = fault("hanbit-city", "여러 줄 설명");
        lines["details"] = json!("첫째 줄\n\t둘째 줄");
        let r = hanbit.post("/api/requests", &lines).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        assert_eq!(r.body["details"], "첫째 줄\n\t둘째 줄");
        let id = r.body["id"].as_str().unwrap().to_owned();
        let comments = format!("/api/requests/{id}/comments");
        let r = hanbit
            .post(&comments, &json!({"body": "벨\u{7} 소리"}))
            .await;
        refused_text(&r, "body", "U+0007");
        let r = hanbit
            .post(&comments, &json!({"body": "\u{202d}강제 방향"}))
            .await;
        refused_text(&r, "body", "character 1");
        let r = hanbit
            .post(&comments, &json!({"body": "보통 댓글\n둘째 줄"}))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let got = hanbit.get(&format!("/api/requests/{id}")).await;
        let bodies: Vec<&str> = got.body["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["body"].as_str())
            .collect();
        assert_eq!(bodies, ["보통 댓글\n둘째 줄"], "{}", got.text);
    })
    .await;
}

#[tokio::test]
async fn an_account_over_its_rate_is_told_when_to_try_again_and_others_are_not_held() {
    let limits = Limits {
        submissions_per_minute: 3,
        comments_per_minute: 4,
        ..Limits::default()
    };
    on_both_with(limits, |server, _kind| async move {
        let hanbit = as_user(&server, "hanbit").await;
        let mut ids = Vec::new();
        for i in 0..3 {
            let r = hanbit
                .post("/api/requests", &fault("hanbit-city", &format!("장애 {i}")))
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
            ids.push(r.body["id"].as_str().unwrap().to_owned());
        }
        let r = hanbit
            .post("/api/requests", &fault("hanbit-city", "넷째"))
            .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text);
        assert_eq!(r.error().0, "rate_limited", "{}", r.text);
        assert_eq!(r.headers["content-type"], "application/json");
        let wait: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=20).contains(&wait), "Retry-After {wait}");
        assert_eq!(count(&hanbit).await, 3, "the refused request is not stored");
        // Another account of another institution files meanwhile.
        let bada = as_user(&server, "bada").await;
        let r = bada
            .post("/api/requests", &fault("bada-county", "바다 장애"))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);

        // 200 comments at once: the first 4 are taken, the rest refused, the record
        // holds 4; another account still comments on the same request.
        let comments = format!("/api/requests/{}/comments", ids[0]);
        let long = "가".repeat(5_000);
        let mut taken = 0;
        for _ in 0..200 {
            let r = hanbit.post(&comments, &json!({"body": long})).await;
            match r.status {
                StatusCode::CREATED => taken += 1,
                StatusCode::TOO_MANY_REQUESTS => assert_eq!(r.error().0, "rate_limited"),
                other => panic!("{other}: {}", r.text),
            }
        }
        assert_eq!(taken, 4);
        let vendor = as_user(&server, "vendor").await;
        let r = vendor
            .post(&comments, &json!({"body": "확인했습니다"}))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let got = hanbit.get(&format!("/api/requests/{}", ids[0])).await;
        let events = got.body["events"].as_array().unwrap();
        assert_eq!(
            events.iter().filter(|e| e["kind"] == "comment").count(),
            5,
            "{}",
            got.text
        );
    })
    .await;
}

#[tokio::test]
async fn a_post_from_another_scheme_or_port_is_another_origin() {
    on_both(|server, _kind| async move {
        let hanbit = as_user(&server, "hanbit").await;
        let body = fault("hanbit-city", "출처 확인").to_string();
        // The test client reaches the server as http://127.0.0.1:8080.
        for origin in [
            "https://127.0.0.1:8080",
            "http://127.0.0.1:8081",
            "http://127.0.0.1",
            "http://127.0.0.1:8080.evil.example",
            "null",
        ] {
            let r = hanbit
                .raw(
                    "POST",
                    "/api/requests",
                    Some(body.clone()),
                    &[("origin", origin)],
                )
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{origin}: {}", r.text);
            assert_eq!(r.error(), ("csrf".to_owned(), Some("Origin".to_owned())));
        }
        assert_eq!(count(&hanbit).await, 0);
        let r = hanbit
            .raw(
                "POST",
                "/api/requests",
                Some(body.clone()),
                &[("origin", "http://127.0.0.1:8080")],
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        // Behind a proxy that ends TLS, the browser's origin is https.
        let r = hanbit
            .raw(
                "POST",
                "/api/requests",
                Some(body.clone()),
                &[
                    ("origin", "https://127.0.0.1:8080"),
                    ("x-forwarded-proto", "https"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    })
    .await;
}
