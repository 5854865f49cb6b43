//! `covered serve --static`: the built portal's files and nothing else — what the
//! browser tests and the benchmark measure, and what a vendor gets from any web server.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use std::path::Path;
use std::process::Command;
use tower::ServiceExt;

use crate::support;

const INDEX: &str = "<!doctype html><title>Covered</title>";

/// A built site: `index.html`, a stylesheet and its precompressed copy.
fn site() -> std::path::PathBuf {
    let dir = support::temp_dir("static-site");
    std::fs::write(dir.join("index.html"), INDEX).unwrap();
    std::fs::write(dir.join("style.css"), "body { margin: 0 }").unwrap();
    // The copy is sent as it is: its bytes need not be inflated to be told apart.
    std::fs::write(dir.join("style.css.gz"), "gzipped bytes").unwrap();
    dir
}

/// (status, content type, content encoding, body) of one request to the static router.
async fn get(
    site: &Path,
    method: Method,
    uri: &str,
    gzip: bool,
) -> (StatusCode, String, String, String) {
    let mut request = Request::builder().method(method).uri(uri);
    if gzip {
        request = request.header(header::ACCEPT_ENCODING, "gzip, deflate, br");
    }
    let response = covered_cli::serve::static_router(site)
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let header_text = |name| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (status, content_type, encoding) = (
        response.status(),
        header_text(header::CONTENT_TYPE),
        header_text(header::CONTENT_ENCODING),
    );
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        content_type,
        encoding,
        String::from_utf8_lossy(&body).into_owned(),
    )
}

#[tokio::test]
async fn the_portal_and_its_routes_are_index_html() {
    let site = site();
    for uri in [
        "/",
        "/coverage?contract=hanbit-city",
        "/sr/hanbit-city/SR-2026-0001",
    ] {
        let (status, content_type, _, body) = get(&site, Method::GET, uri, false).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(
            content_type.starts_with("text/html"),
            "{uri}: {content_type}"
        );
        assert_eq!(body, INDEX, "{uri}");
    }
}

#[tokio::test]
async fn a_browser_that_takes_gzip_gets_the_precompressed_copy() {
    let site = site();
    let (status, content_type, encoding, body) = get(&site, Method::GET, "/style.css", true).await;
    assert_eq!(
        (status, encoding.as_str(), body.as_str()),
        (StatusCode::OK, "gzip", "gzipped bytes")
    );
    assert!(content_type.starts_with("text/css"), "{content_type}");
    let (_, _, encoding, body) = get(&site, Method::GET, "/style.css", false).await;
    assert_eq!(
        (encoding.as_str(), body.as_str()),
        ("", "body { margin: 0 }")
    );
}

#[tokio::test]
async fn there_is_no_api_behind_it() {
    let site = site();
    // The portal asks for a session and gets the page, not JSON: no server is there, so
    // it keeps requests in the browser.
    let (status, content_type, _, body) = get(&site, Method::GET, "/api/session", false).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert_eq!(body, INDEX);
    let (status, ..) = get(&site, Method::POST, "/api/login", false).await;
    assert_eq!(
        status,
        StatusCode::METHOD_NOT_ALLOWED,
        "files are only read"
    );
}

#[test]
fn options_of_the_api_server_are_refused_with_static() {
    let site = site();
    for option in ["--db", "--data", "--accounts", "--now"] {
        let out = Command::new(env!("CARGO_BIN_EXE_covered"))
            .args(["serve", "--static", "--site"])
            .arg(&site)
            .args([option, "x"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{option}: {stderr}");
        assert!(
            stderr.contains(&format!("{option} has no use with --static")),
            "{stderr}"
        );
    }
}
