//! Each account's calendar feed: a customer makes one (`POST /api/settings/calendar`),
//! files a request, and a calendar app — no cookie — fetches `…/<token>.ics`: one event
//! per running clock at the due the API reports, the SR number in its summary, the
//! contract's last day as an all-day event. Another customer's feed never shows this
//! contract; vendor staff's shows what is assigned to them; a new token retires the old
//! one; a revoked feed is a 404. On SQLite, and on PostgreSQL when
//! `COVERED_TEST_DATABASE_URL` is set.

use crate::support::{Client, as_user, fault, on_both};
use axum::http::StatusCode;
use covered_core::civil::Timestamp;
use serde_json::{Value, json};

/// The feed's events, each a list of (property with its parameters, value), from an
/// iCalendar text with its folded lines unfolded (RFC 5545 3.1).
fn events(text: &str) -> Vec<Vec<(String, String)>> {
    let unfolded = text.replace("\r\n ", "").replace("\r\n\t", "");
    let mut out = Vec::new();
    let mut current: Option<Vec<(String, String)>> = None;
    for line in unfolded.split("\r\n") {
        match line {
            "BEGIN:VEVENT" => current = Some(Vec::new()),
            "END:VEVENT" => out.extend(current.take()),
            _ => {
                if let (Some(c), Some((k, v))) = (current.as_mut(), line.split_once(':')) {
                    c.push((k.to_owned(), v.to_owned()));
                }
            }
        }
    }
    out
}

fn prop<'a>(event: &'a [(String, String)], name: &str) -> Option<&'a str> {
    event
        .iter()
        .find(|(k, _)| k == name || k.starts_with(&format!("{name};")))
        .map(|(_, v)| v.as_str())
}

fn by_uid<'a>(all: &'a [Vec<(String, String)>], uid: &str) -> Option<&'a [(String, String)]> {
    all.iter()
        .find(|e| prop(e, "UID") == Some(uid))
        .map(Vec::as_slice)
}

/// An ISO time with its offset as iCalendar's UTC form (`20261123T020000Z`).
fn utc(iso: &str) -> String {
    let ts: Timestamp = iso.parse().unwrap();
    let z = covered_core::calendar::Zone::utc();
    let s = z.format(z.to_local(ts)).unwrap();
    // 2026-11-23T02:00:00+00:00
    let digits: String = s[..19].chars().filter(|c| *c != '-' && *c != ':').collect();
    format!("{digits}Z")
}

/// Fetches a feed as a calendar app does: no cookie.
async fn fetch(anyone: &Client, url: &str) -> (StatusCode, String, Option<String>) {
    let (status, headers, bytes) = anyone.get_bytes(url).await;
    let text = String::from_utf8(bytes).unwrap();
    if status == StatusCode::OK {
        assert_eq!(headers["content-type"], "text/calendar; charset=utf-8");
        assert!(
            headers["cache-control"]
                .to_str()
                .unwrap()
                .starts_with("private")
        );
    }
    let cc = headers
        .get("cache-control")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, text, cc)
}

async fn new_feed(c: &Client) -> String {
    let r = c.post("/api/settings/calendar", &json!({})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let url = r.body["calendar_url"].as_str().unwrap().to_owned();
    assert!(
        url.starts_with("/api/calendar/") && url.ends_with(".ics"),
        "{url}"
    );
    // 32 random bytes, base64url: 43 characters.
    let token = &url["/api/calendar/".len()..url.len() - 4];
    assert_eq!(token.len(), 43, "{url}");
    url
}

async fn calendar_setting(c: &Client) -> Value {
    let r = c.get("/api/settings").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body["calendar"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_private_calendar_feed_shows_the_dues_of_what_the_account_follows() {
    on_both(|server, _| async move {
        let anyone = Client::new(&server);
        let hanbit = as_user(&server, "hanbit").await;
        let bada = as_user(&server, "bada").await;
        let vendor = as_user(&server, "vendor").await;
        assert_eq!(calendar_setting(&hanbit).await, false);
        // Without a session or the CSRF token, no feed is made.
        let r = anyone.post("/api/settings/calendar", &json!({})).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text);
        let url = new_feed(&hanbit).await;
        assert_eq!(calendar_setting(&hanbit).await, true);

        let filed = hanbit
            .post("/api/requests", &fault("hanbit-city", "대출 반납 불가"))
            .await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text);
        let id = filed.body["id"].as_str().unwrap().to_owned();
        let sr = filed.body["sr"].as_str().unwrap().to_owned();
        let r = hanbit.get(&format!("/api/requests/{id}")).await;
        let clocks = r.body["clocks"].as_array().unwrap().clone();
        assert!(!clocks.is_empty(), "{}", r.text);

        let (status, text, _) = fetch(&anyone, &url).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
        let all = events(&text);
        for c in &clocks {
            let clock = c["clock"].as_str().unwrap();
            let e = by_uid(&all, &format!("{id}/{clock}@covered"))
                .unwrap_or_else(|| panic!("no event for {clock}: {text}"));
            assert_eq!(
                prop(e, "DTSTART"),
                Some(utc(c["due_at"].as_str().unwrap()).as_str()),
                "{text}"
            );
            let summary = prop(e, "SUMMARY").unwrap();
            assert!(summary.contains(&sr), "{summary}");
            let name = c["name"]["ko"].as_str().unwrap();
            assert!(summary.contains(&format!("{name} 기한")), "{summary}");
            assert!(
                prop(e, "URL")
                    .unwrap()
                    .ends_with(&format!("/sr/hanbit-city/{sr}"))
            );
        }
        let response = by_uid(&all, &format!("{id}/response@covered")).unwrap();
        assert!(
            prop(response, "SUMMARY")
                .unwrap()
                .starts_with("한빛시립도서관 "),
            "{text}"
        );
        let contract = hanbit.get("/api/contracts/hanbit-city").await;
        let end = contract.body["contract"]["end"]
            .as_str()
            .or_else(|| contract.body["end"].as_str())
            .unwrap_or_else(|| panic!("{}", contract.text))
            .replace('-', "");
        let renewal = by_uid(&all, "hanbit-city/end@covered").unwrap();
        assert_eq!(prop(renewal, "DTSTART"), Some(end.as_str()), "{text}");
        assert!(prop(renewal, "SUMMARY").unwrap().contains("계약 만료"));

        // A reply stops the response clock: the next fetch leaves it out.
        let r = vendor
            .post(
                &format!("/api/requests/{id}/comments"),
                &json!({"body": "확인 중입니다"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let (_, text, _) = fetch(&anyone, &url).await;
        let all = events(&text);
        assert!(
            by_uid(&all, &format!("{id}/response@covered")).is_none(),
            "{text}"
        );
        assert!(
            by_uid(&all, &format!("{id}/restore@covered")).is_some(),
            "{text}"
        );

        // Another library's feed never shows this contract.
        let theirs = new_feed(&bada).await;
        let (status, text, _) = fetch(&anyone, &theirs).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!text.contains(&id) && !text.contains(&sr), "{text}");
        assert!(!text.contains("hanbit-city"), "{text}");

        // Vendor staff's: what is assigned to them, in their language.
        let r = vendor
            .raw(
                "PUT",
                "/api/settings",
                Some(json!({"language": "en"}).to_string()),
                &[],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let staff = new_feed(&vendor).await;
        let (_, text, _) = fetch(&anyone, &staff).await;
        assert!(!text.contains(&id), "not assigned yet: {text}");
        let r = vendor
            .post(
                &format!("/api/requests/{id}/assign"),
                &json!({"assignee": "vendor"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let (_, text, _) = fetch(&anyone, &staff).await;
        let all = events(&text);
        let restore = by_uid(&all, &format!("{id}/restore@covered")).unwrap();
        assert!(
            prop(restore, "SUMMARY").unwrap().ends_with(" due"),
            "{text}"
        );

        // A new token retires the old one.
        let rotated = new_feed(&hanbit).await;
        assert_ne!(rotated, url);
        let (status, _, _) = fetch(&anyone, &url).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, _) = fetch(&anyone, &rotated).await;
        assert_eq!(status, StatusCode::OK);
        // Made-up tokens are refused alike.
        for bad in [
            "/api/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics",
            "/api/calendar/nothing",
        ] {
            let (status, _, _) = fetch(&anyone, bad).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{bad}");
        }

        // Revoked: 404, and the settings say so.
        let r = hanbit
            .raw("DELETE", "/api/settings/calendar", None, &[])
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
        let (status, _, _) = fetch(&anyone, &rotated).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(calendar_setting(&hanbit).await, false);

        // Each change is in the audit trail.
        let r = vendor
            .get("/api/audit?kind=account.calendar&account=hanbit&limit=50")
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let feeds: Vec<&str> = r.body["audit"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["detail"]["feed"].as_str().unwrap())
            .collect();
        let mut sorted = feeds.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, ["created", "replaced", "revoked"], "{}", r.text);
    })
    .await;
}
