//! One error shape everywhere under `/api`: every answer that is not a success — an
//! unknown endpoint, a method a route does not answer, a body too large, not JSON or not
//! sent as JSON, a path that does not decode, a throttled login, a body that never
//! arrives, a server at its cap — is `{"error": {"status", "code", "message", "field"}}`
//! with `Content-Type: application/json`, on the real HTTP stack over loopback, sent as
//! raw bytes. The shape does not depend on the database, so this runs on SQLite.

use crate::support::{TestDb, server_with};
use covered_cli::serve::{Limits, Server};
use serde_json::Value;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// An answer as read off the wire.
#[derive(Debug)]
struct Wire {
    status: u16,
    /// Header names in lower case.
    headers: BTreeMap<String, String>,
    body: String,
    /// Everything as sent, for messages.
    text: String,
}

/// Writes `request` (a whole HTTP/1.1 request, `Connection: close`) on a new connection
/// and reads until the server closes it (at most 10 s).
async fn exchange(addr: SocketAddr, request: &[u8]) -> Wire {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut got = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut got)).await;
    assert!(read.is_ok(), "no answer within 10 s to {request:?}");
    parse(&got)
}

/// An answer's status, headers and body.
fn parse(got: &[u8]) -> Wire {
    let text = String::from_utf8_lossy(got).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {text:?}"));
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Wire {
        status,
        headers,
        body: body.to_owned(),
        text: text.clone(),
    }
}

/// A request with `head_lines` (each ending in CRLF) and `body`, closing the connection.
fn request(method: &str, path: &[u8], head_lines: &str, body: &[u8]) -> Vec<u8> {
    let mut r = Vec::new();
    r.extend_from_slice(method.as_bytes());
    r.push(b' ');
    r.extend_from_slice(path);
    r.extend_from_slice(
        format!(
            " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{head_lines}content-length: {}\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    );
    r.extend_from_slice(body);
    r
}

/// Asserts the answer is the API's JSON error with `status` and `code`; returns it.
#[track_caller]
fn json_error(w: &Wire, status: u16, code: &str) -> Value {
    assert_eq!(w.status, status, "{}", w.text);
    assert_eq!(
        w.headers.get("content-type").map(String::as_str),
        Some("application/json"),
        "{}",
        w.text
    );
    let v: Value = serde_json::from_str(&w.body).unwrap_or_else(|e| panic!("{e}: {}", w.text));
    let e = &v["error"];
    assert_eq!(e["status"], status, "{}", w.text);
    assert_eq!(e["code"], code, "{}", w.text);
    assert!(
        e["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{}",
        w.text
    );
    assert!(e["field"].is_null() || e["field"].is_string(), "{}", w.text);
    v
}

/// Serves `server` on a loopback port until the returned sender is used or dropped.
async fn serving(
    server: &Server,
) -> (
    SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<Result<(), String>>,
) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = server.clone();
    let handle = tokio::spawn(async move {
        server
            .serve(listener, async {
                let _ = stopped.await;
            })
            .await
    });
    (addr, stop, handle)
}

const JSON: &str = "content-type: application/json\r\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_refusal_under_api_is_the_json_error_with_its_status() {
    let db = TestDb::sqlite();
    let limits = Limits {
        body_timeout: Duration::from_millis(800),
        ..Limits::default()
    };
    let server = server_with(&db, limits).await;
    let (addr, stop, handle) = serving(&server).await;

    // No such endpoint.
    let w = exchange(addr, &request("GET", b"/api/no-such-thing", "", b"")).await;
    json_error(&w, 404, "not_found");
    let w = exchange(addr, &request("GET", b"/api/requests/x/nothing", "", b"")).await;
    json_error(&w, 404, "not_found");

    // A method the route does not answer: 405 with the methods it does.
    let w = exchange(addr, &request("DELETE", b"/api/session", "", b"")).await;
    json_error(&w, 405, "method_not_allowed");
    assert_eq!(w.headers.get("allow").map(String::as_str), Some("GET,HEAD"));
    let w = exchange(addr, &request("PATCH", b"/api/requests", JSON, b"{}")).await;
    json_error(&w, 405, "method_not_allowed");
    let allow = w.headers.get("allow").cloned().unwrap_or_default();
    assert!(
        allow.contains("GET") && allow.contains("POST"),
        "{}",
        w.text
    );

    // Bodies: too large, not JSON, not sent as JSON, no content type at all.
    let big = format!(r#"{{"login":"{}"}}"#, "x".repeat(70 * 1024));
    let w = exchange(addr, &request("POST", b"/api/login", JSON, big.as_bytes())).await;
    let e = json_error(&w, 413, "body_too_large");
    assert_eq!(e["error"]["field"], "body");
    let w = exchange(addr, &request("POST", b"/api/login", JSON, b"{\"login\":")).await;
    json_error(&w, 400, "malformed_json");
    let w = exchange(addr, &request("POST", b"/api/login", JSON, b"[1, 2]")).await;
    json_error(&w, 400, "malformed_json");
    let w = exchange(
        addr,
        &request(
            "POST",
            b"/api/login",
            "content-type: text/plain\r\n",
            br#"{"login":"a","password":"b"}"#,
        ),
    )
    .await;
    json_error(&w, 415, "unsupported_media_type");
    let w = exchange(
        addr,
        &request(
            "POST",
            b"/api/login",
            "",
            br#"{"login":"a","password":"b"}"#,
        ),
    )
    .await;
    json_error(&w, 415, "unsupported_media_type");

    // A path that does not decode: percent-encoded bytes that are not UTF-8 (axum's
    // rejection of the path parameter, text/plain of its own, becomes the JSON error).
    for path in [
        &b"/api/requests/%FF"[..],
        b"/api/requests/%C3%28/timeline",
        b"/api/contracts/%E0%80/quota",
        b"/api/attachments/%FE%FF",
    ] {
        let w = exchange(addr, &request("GET", path, "", b"")).await;
        let e = json_error(&w, 400, "bad_request");
        assert!(
            e["error"]["message"]
                .as_str()
                .unwrap()
                .contains("Invalid UTF-8"),
            "{}",
            w.text
        );
    }
    // Raw bytes that are not ASCII in the request line are not HTTP: hyper's parser
    // refuses them before any route is chosen (400, no body), and closes the connection.
    let w = exchange(addr, &request("GET", b"/api/requests/\xff\xfe", "", b"")).await;
    assert_eq!(w.status, 400, "{}", w.text);
    assert!(w.body.is_empty(), "{}", w.text);

    // No session, and a state change without the CSRF token.
    let w = exchange(addr, &request("GET", b"/api/session", "", b"")).await;
    json_error(&w, 401, "unauthenticated");
    let w = exchange(addr, &request("POST", b"/api/logout", "", b"")).await;
    json_error(&w, 401, "unauthenticated");

    // A login guessed too often: 429 with Retry-After.
    let mut last = None;
    for _ in 0..5 {
        let w = exchange(
            addr,
            &request(
                "POST",
                b"/api/login",
                JSON,
                br#"{"login":"saesol","password":"guess"}"#,
            ),
        )
        .await;
        if w.status == 429 {
            last = Some(w);
            break;
        }
        json_error(&w, 401, "bad_credentials");
    }
    let w = last.expect("the fifth wrong password is throttled");
    json_error(&w, 429, "too_many_attempts");
    assert!(w.headers.contains_key("retry-after"), "{}", w.text);

    // A body that never arrives: 408.
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow.write_all(
        b"POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"login\":",
    )
    .await
    .unwrap();
    let mut got = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), slow.read_to_end(&mut got)).await;
    let w = parse(&got);
    json_error(&w, 408, "body_timeout");

    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(30), handle)
        .await
        .expect("the server stops")
        .unwrap()
        .unwrap();
    server.close().await;
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_over_the_cap_is_the_json_503_with_retry_after() {
    let db = TestDb::sqlite();
    let limits = Limits {
        max_requests: 1,
        body_timeout: Duration::from_secs(2),
        ..Limits::default()
    };
    let server = server_with(&db, limits).await;
    let (addr, stop, handle) = serving(&server).await;
    // One request in flight, waiting for the rest of its body.
    let mut holding = tokio::net::TcpStream::connect(addr).await.unwrap();
    holding
        .write_all(
            b"POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{",
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let w = exchange(addr, &request("GET", b"/api/openapi.json", "", b"")).await;
    json_error(&w, 503, "overloaded");
    assert_eq!(
        w.headers.get("retry-after").map(String::as_str),
        Some("1"),
        "{}",
        w.text
    );
    drop(holding);
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(30), handle)
        .await
        .expect("the server stops")
        .unwrap()
        .unwrap();
    server.close().await;
    db.cleanup().await;
}
