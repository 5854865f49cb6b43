//! The one error shape of the API: a status code and
//! `{"error": {"code", "message", "field", …}}`, where `field` names the offending input
//! (`category`, `answers.person_days`, `body`, the `Idempotency-Key` header) when there
//! is one.

use axum::http::StatusCode;
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

    /// 500, logged on stderr; the client learns nothing about the cause.
    pub fn internal(context: &str, e: impl std::fmt::Display) -> ApiError {
        eprintln!("covered serve: {context}: {e}");
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
