//! Reading request bodies: a size limit, JSON that must be an object, known fields only,
//! and typed getters whose errors name the field. Nothing here knows a business rule;
//! the core judges the request itself.

use super::error::ApiError;
use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, header};
use covered_core::civil::Date;
use covered_core::text::{self, Lines};
use serde_json::{Map, Value};

/// The largest body any endpoint reads (64 KiB).
pub const BODY_LIMIT: usize = 64 * 1024;

/// Reads the body (at most [`BODY_LIMIT`] bytes) as a JSON object whose fields are all in
/// `known`.
///
/// # Errors
///
/// 415 unless the content type is JSON, 413 when too large, 400 when not JSON or not an
/// object, 422 naming an unknown field.
pub async fn object(headers: &HeaderMap, body: Body, known: &[&str]) -> Result<Obj, ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        });
    if !is_json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the body as JSON with Content-Type: application/json",
        )
        .with_field("body"));
    }
    let bytes = axum::body::to_bytes(body, BODY_LIMIT).await.map_err(|e| {
        body_error(
            e,
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                format!("the body is larger than {BODY_LIMIT} bytes"),
            )
            .with_field("body"),
        )
    })?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            format!("the body is not valid JSON: {e}"),
        )
        .with_field("body")
    })?;
    let Value::Object(map) = value else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            format!("expected a JSON object, found {}", kind(&value)),
        )
        .with_field("body"));
    };
    if let Some(unknown) = map.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(ApiError::field(
            unknown.clone(),
            format!("unknown field (expected one of: {})", known.join(", ")),
        ));
    }
    Ok(Obj(map))
}

impl ApiError {
    /// The same error naming `field`.
    pub fn with_field(self, field: &str) -> ApiError {
        ApiError {
            field: Some(field.to_owned()),
            ..self
        }
    }
}

/// A JSON type's name for messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A request body's fields.
#[derive(Debug)]
pub struct Obj(pub Map<String, Value>);

impl Obj {
    /// A required one-line string of 1–`max` characters (trimmed): a name, a title, a
    /// code. Control characters, bidirectional controls and line breaks are refused
    /// (covered-core's [`text::fault`]).
    pub fn string(&self, name: &str, max: usize) -> Result<String, ApiError> {
        required(name, self.opt_string(name, max)?)
    }

    /// An optional one-line string of at most `max` characters (trimmed); `null` counts
    /// as absent.
    pub fn opt_string(&self, name: &str, max: usize) -> Result<Option<String>, ApiError> {
        self.checked(name, max, Lines::One)
    }

    /// A required text of 1–`max` characters (trimmed) that may have lines: details, a
    /// comment, a note. Control and bidirectional characters are refused, line breaks
    /// and tabs kept.
    pub fn text(&self, name: &str, max: usize) -> Result<String, ApiError> {
        required(name, self.opt_text(name, max)?)
    }

    /// An optional text that may have lines, as [`Obj::text`]; `null` counts as absent.
    pub fn opt_text(&self, name: &str, max: usize) -> Result<Option<String>, ApiError> {
        self.checked(name, max, Lines::Many)
    }

    fn checked(&self, name: &str, max: usize, lines: Lines) -> Result<Option<String>, ApiError> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => {
                let s = s.trim();
                if s.chars().count() > max {
                    Err(ApiError::field(
                        name,
                        format!("longer than {max} characters"),
                    ))
                } else {
                    clean(name, s, lines)?;
                    Ok(Some(s.to_owned()))
                }
            }
            Some(other) => Err(ApiError::field(
                name,
                format!("expected a string, found {}", kind(other)),
            )),
        }
    }

    /// A required whole number from `min` to `max`.
    pub fn integer(&self, name: &str, min: i64, max: i64) -> Result<i64, ApiError> {
        match self.0.get(name) {
            Some(Value::Number(n)) => match n.as_i64() {
                Some(i) if (min..=max).contains(&i) => Ok(i),
                _ => Err(ApiError::field(
                    name,
                    format!("expected a whole number from {min} to {max}, found {n}"),
                )),
            },
            None | Some(Value::Null) => Err(ApiError::field(
                name,
                format!("missing (a whole number from {min} to {max} is required)"),
            )),
            Some(other) => Err(ApiError::field(
                name,
                format!("expected a whole number, found {}", kind(other)),
            )),
        }
    }

    /// An optional boolean (absent is `false`).
    pub fn bool(&self, name: &str) -> Result<bool, ApiError> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(other) => Err(ApiError::field(
                name,
                format!("expected true or false, found {}", kind(other)),
            )),
        }
    }

    /// An optional date `YYYY-MM-DD`.
    pub fn opt_date(&self, name: &str) -> Result<Option<Date>, ApiError> {
        match self.opt_string(name, 10)? {
            None => Ok(None),
            Some(s) if s.is_empty() => Ok(None),
            Some(s) => date(name, &s).map(Some),
        }
    }

    /// An optional object (absent is empty).
    pub fn object(&self, name: &str) -> Result<Map<String, Value>, ApiError> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(Map::new()),
            Some(Value::Object(m)) => Ok(m.clone()),
            Some(other) => Err(ApiError::field(
                name,
                format!("expected an object, found {}", kind(other)),
            )),
        }
    }
}

fn required(name: &str, s: Option<String>) -> Result<String, ApiError> {
    match s {
        Some(s) if !s.is_empty() => Ok(s),
        Some(_) => Err(ApiError::field(name, "must not be empty")),
        None => Err(ApiError::field(name, "missing (a string is required)")),
    }
}

/// 422 `invalid_text` naming `field` when `s` holds a character covered-core refuses in
/// such a text (a control character, a bidirectional control, a line break in one line).
///
/// # Errors
///
/// The refusal, saying which character and where.
pub fn clean(field: &str, s: &str, lines: Lines) -> Result<(), ApiError> {
    match text::fault(s, lines) {
        None => Ok(()),
        Some(f) => Err(ApiError::field(field, f.to_string()).with_code("invalid_text")),
    }
}

/// Every string in an answers object, as a text that may have lines (a free-text answer
/// is a text like the details).
///
/// # Errors
///
/// [`clean`]'s, naming `answers.<question>`.
pub fn clean_answers(answers: &Map<String, Value>) -> Result<(), ApiError> {
    fn walk(path: &str, v: &Value) -> Result<(), ApiError> {
        match v {
            Value::String(s) => clean(path, s, Lines::Many),
            Value::Array(items) => items.iter().try_for_each(|i| walk(path, i)),
            Value::Object(m) => m
                .iter()
                .try_for_each(|(k, v)| walk(&format!("{path}.{k}"), v)),
            _ => Ok(()),
        }
    }
    answers
        .iter()
        .try_for_each(|(k, v)| walk(&format!("answers.{k}"), v))
}

/// A date `YYYY-MM-DD` named `name`.
pub fn date(name: &str, s: &str) -> Result<Date, ApiError> {
    let ok_shape = s.len() == 10 && s.as_bytes().get(4) == Some(&b'-');
    match s.parse::<Date>() {
        Ok(d) if ok_shape => Ok(d),
        _ => Err(ApiError::field(
            name,
            format!("expected a date YYYY-MM-DD, found {s:?}"),
        )),
    }
}

/// A body that could not be read: 408 when it did not arrive within `--body-timeout`,
/// else `otherwise` (it was too large).
pub fn body_error(e: axum::Error, otherwise: ApiError) -> ApiError {
    let inner = e.into_inner();
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(inner.as_ref());
    while let Some(c) = cause {
        if c.is::<tower_http::timeout::TimeoutError>() {
            return ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "body_timeout",
                "the body did not arrive in time (--body-timeout)",
            )
            .with_field("body");
        }
        cause = c.source();
    }
    otherwise
}
