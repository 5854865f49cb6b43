//! The request log: one line on stderr for every request answered, as text or as JSON,
//! filtered by `RUST_LOG` (default `info`).
//!
//! Each request is a `request` span with its id (the client's `X-Request-Id` when it
//! sent a usable one, else a new UUID, sent back in the answer's `X-Request-Id`), its
//! method, its route (the route's pattern, `/api/requests/{id}`, never the path itself,
//! which may carry a token), the page's path for the portal's files, and the account once
//! a session names one. The line written when it is answered adds the status and the
//! latency. No header, query, cookie or body is logged: passwords, session and feed
//! tokens never reach the log.

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use std::time::Duration;
use tracing::field::Empty;

pub use super::options::LogFormat;

/// Starts writing the log on stderr in `format`, at the levels `RUST_LOG` names (every
/// `info` event when it is unset). A second call (tests serving twice) changes nothing.
///
/// # Errors
///
/// When `RUST_LOG` is set but is not a filter.
pub fn init(format: LogFormat) -> Result<(), String> {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::builder()
        .with_default_directive(tracing::level_filters::LevelFilter::INFO.into())
        .from_env()
        .map_err(|e| format!("RUST_LOG: {e}"))?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false);
    // Already set (a second server in one process): the first one's log goes on.
    let _ = match format {
        LogFormat::Text => builder.with_ansi(false).try_init(),
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
    };
    Ok(())
}

/// The header a request's id is read from and sent back in.
pub const REQUEST_ID: &str = "x-request-id";

/// The longest client-sent request id kept; a longer one (or one with other than
/// letters, digits and `-_.:`) is replaced by a new id.
const MAX_ID: usize = 64;

/// Drops a client's `X-Request-Id` that could not be logged as it is (too long, or with
/// characters a log line should not carry), so that the request is given a new UUID.
pub fn usable_id<B>(mut req: axum::http::Request<B>) -> axum::http::Request<B> {
    let usable = req.headers().get(REQUEST_ID).is_some_and(|v| {
        let b = v.as_bytes();
        !b.is_empty()
            && b.len() <= MAX_ID
            && b.iter()
                .all(|c| c.is_ascii_alphanumeric() || b"-_.:".contains(c))
    });
    if !usable {
        req.headers_mut().remove(REQUEST_ID);
    }
    req
}

/// The span of one request (see the module's documentation).
pub fn span<B>(req: &axum::http::Request<B>) -> tracing::Span {
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %req.method(),
        route = Empty,
        path = Empty,
        account = Empty,
    );
    // The portal's pages and files are logged by their path; an API path may hold a
    // token, so only its route's pattern is (by [`route`]).
    let path = req.uri().path();
    if !path.starts_with("/api/") && path != "/api" {
        span.record("path", tracing::field::display(path));
    }
    span
}

/// The line written when a request is answered.
pub fn answered<B>(res: &axum::http::Response<B>, latency: Duration, _: &tracing::Span) {
    tracing::info!(
        status = res.status().as_u16(),
        latency_ms = latency.as_secs_f64() * 1000.0,
        "answered"
    );
}

/// Records the route's pattern of a request a route answers (a middleware on the routes).
pub async fn route(req: Request, next: Next) -> Response {
    if let Some(p) = req.extensions().get::<MatchedPath>() {
        tracing::Span::current().record("route", tracing::field::display(p.as_str()));
    }
    next.run(req).await
}

/// Records the account of the request being answered (once its session is known).
pub fn account(login: &str) {
    tracing::Span::current().record("account", tracing::field::display(login));
}
