//! The one error shape of the API: a status code and
//! `{"error": {"code", "message", "field", …}}`, where `field` names the offending input
//! (`category`, `answers.person_days`, `body`, the `Idempotency-Key` header) when there
//! is one.
//!
//! Answers no handler wrote take the same shape: [`method_not_allowed`] is the router's
//! 405 (axum adds the `Allow` header), and [`json_errors`] rewrites any other error
//! answer that is not JSON yet (axum's rejections of a path or query it cannot decode,
//! such as invalid UTF-8 or bad percent-encoding) into it, keeping its status and headers.

use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use covered_core::Problems;
use serde_json::{Value, json};

/// An API failure, as the client sees it.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// A stable, machine-readable code (`invalid_field`, `not_covered`, …).
    pub code: &'static str,
    /// The input field at fault, if any.
    pub field: Option<String>,
    /// What went wrong, for people.
    pub message: String,
    /// More detail (every problem, or the verdict that refused a submission).
    pub detail: Option<Value>,
}

impl ApiError {
    /// An error without a field.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            field: None,
            message: message.into(),
            detail: None,
        }
    }

    /// A 422 naming `field`.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError {
            field: Some(field.into()),
            ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", message)
        }
    }

    /// The same error with another code.
    pub fn with_code(self, code: &'static str) -> ApiError {
        ApiError { code, ..self }
    }

    /// The same error with another status.
    pub fn with_status(self, status: StatusCode) -> ApiError {
        ApiError { status, ..self }
    }

    /// The same error with detail.
    pub fn with_detail(self, detail: Value) -> ApiError {
        ApiError {
            detail: Some(detail),
            ..self
        }
    }

    /// 404: nothing there, or nothing the caller may see (the two are not told apart).
    pub fn not_found(what: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no such {what}"),
        )
    }

    /// 401: no valid session.
    pub fn unauthenticated() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "log in first (POST /api/login)",
        )
    }

    /// 403 with a reason.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 500, logged (an `error` event in the request's span); the client learns nothing
    /// about the cause.
    pub fn internal(context: &str, e: impl std::fmt::Display) -> ApiError {
        tracing::error!(context, "{e}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the server could not complete the request; nothing was stored",
        )
    }

    /// 422 from the core's problems: the first problem's path names the field (a
    /// request's `$.answers.x` becomes `answers.x`), every problem is in the detail.
    pub fn problems(p: &Problems) -> ApiError {
        let field =
            p.0.first()
                .map(|first| field_of_path(&first.path))
                .unwrap_or_else(|| "body".to_owned());
        let message =
            p.0.first()
                .map(|first| first.message.clone())
                .unwrap_or_else(|| p.to_string());
        let all: Vec<Value> =
            p.0.iter()
                .map(|q| json!({"field": field_of_path(&q.path), "message": q.message}))
                .collect();
        ApiError::field(field, message).with_detail(json!({ "problems": all }))
    }
}

/// `$.answers.person_days` → `answers.person_days`; `$` → `body`.
pub fn field_of_path(path: &str) -> String {
    match path.strip_prefix("$.") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ if path == "$" || path.is_empty() => "body".to_owned(),
        _ => path.trim_start_matches('$').to_owned(),
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut error = json!({
            "status": self.status.as_u16(),
            "code": self.code,
            "message": self.message,
            "field": self.field,
        });
        if let (Some(d), Some(obj)) = (self.detail, error.as_object_mut()) {
            obj.insert("detail".to_owned(), d);
        }
        (
            self.status,
            super::routes::json_body(&json!({ "error": error })),
        )
            .into_response()
    }
}

/// The code of an error answer that no handler wrote, by its status.
fn code_of(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::UNAUTHORIZED => "unauthenticated",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::REQUEST_TIMEOUT => "body_timeout",
        StatusCode::PAYLOAD_TOO_LARGE => "body_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid",
        StatusCode::TOO_MANY_REQUESTS => "rate_limited",
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
        s if s.is_server_error() => "internal",
        _ => "error",
    }
}

/// The API router's answer to a method a route does not answer (`method_not_allowed_fallback`;
/// the router adds the `Allow` header listing those it does).
pub async fn method_not_allowed(method: Method) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("{method} is not answered here; the Allow header lists the methods that are"),
    )
}

/// The most of a non-JSON error body that becomes the message.
const MESSAGE_LIMIT: usize = 4096;

/// A layer's function (`axum::middleware::map_response`): an error answer (4xx, 5xx)
/// that is not JSON becomes the API's JSON error with the same status and headers, its
/// text the message (axum's rejections say what they could not read, e.g. `Invalid URL:
/// Invalid UTF-8 in `id``); JSON answers and successes pass as they are.
pub async fn json_errors(res: Response) -> Response {
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let text = axum::body::to_bytes(body, MESSAGE_LIMIT)
        .await
        .ok()
        .and_then(|b| String::from_utf8(b.to_vec()).ok())
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_owned());
    let answer = ApiError::new(status, code_of(status), text).into_response();
    let (answer_parts, answer_body) = answer.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    for (name, value) in &answer_parts.headers {
        parts.headers.insert(name, value.clone());
    }
    Response::from_parts(parts, answer_body)
}
