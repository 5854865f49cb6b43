//! Files attached to a request or to one of its comments: screenshots, logs, documents.
//!
//! - `POST /api/requests/{id}/attachments?name=<file name>[&comment=<event id>]` — the
//!   file's bytes as the body (any `Content-Type`: the type is read from the content).
//!   At most [`MAX_BYTES`] a file and [`MAX_PER_MESSAGE`] to the request itself or to
//!   one comment; only PNG, JPEG, PDF, ZIP and plain (UTF-8) text are kept.
//! - `GET /api/requests/{id}/attachments` — what is attached, without the bytes.
//! - `GET /api/attachments/{id}` — the file, to those who may see its request, always as
//!   a download (`Content-Disposition: attachment`, `X-Content-Type-Options: nosniff`,
//!   `Content-Security-Policy: sandbox`), so that nothing uploaded runs in the portal.
//!
//! The bytes live in a table of their own (`attachment_bodies`), read only to download.

use super::AppState;
use super::audit::{self, Entry, Peer};
use super::auth;
use super::error::ApiError;
use super::rate::Counted;
use super::routes::{caller, changer, json_body, visible_request};
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine as _;
use blake2::{Blake2b512, Digest};
use covered_core::text::{self, Lines};
use serde_json::{Value, json};
use sqlx::Row;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The largest file kept.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// How many files one message (the request itself, or one comment) may carry.
pub const MAX_PER_MESSAGE: i64 = 5;
/// The longest file name kept, in characters.
const MAX_NAME: usize = 200;

type St = State<Arc<AppState>>;

/// The attachment routes (mounted at `/api`).
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/requests/{id}/attachments", get(list).post(upload))
        .route("/attachments/{id}", get(download))
}

/// What a file is, by its first bytes: the types kept, else `None`.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let kind = infer::get(bytes).map(|k| k.mime_type());
    match kind {
        Some(m @ ("image/png" | "image/jpeg" | "application/pdf" | "application/zip")) => Some(m),
        Some(_) => None,
        // No signature: text if it is UTF-8 with no control characters but tab and
        // line ends.
        None => std::str::from_utf8(bytes)
            .ok()
            .filter(|t| {
                !t.is_empty()
                    && !t
                        .chars()
                        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            })
            .map(|_| "text/plain; charset=utf-8"),
    }
}

/// A file name as kept: its last path part, without control or bidi-override
/// characters, at most [`MAX_NAME`] characters.
fn clean_name(raw: &str) -> Option<String> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let name: String = last
        .chars()
        .filter(|c| text::allowed(*c, Lines::One))
        .take(MAX_NAME)
        .collect();
    let name = name.trim().to_owned();
    (!name.is_empty() && name != "." && name != "..").then_some(name)
}

fn db(e: sqlx::Error) -> ApiError {
    ApiError::internal("attachments", e)
}

/// One attachment's row as the API shows it.
fn row_json(r: &sqlx::any::AnyRow) -> Result<Value, sqlx::Error> {
    let id: String = r.try_get("id")?;
    Ok(json!({
        "id": id,
        "request": r.try_get::<String, _>("request")?,
        "comment": r.try_get::<Option<String>, _>("comment")?,
        "by": r.try_get::<String, _>("account")?,
        "name": r.try_get::<String, _>("name")?,
        "mime": r.try_get::<String, _>("mime")?,
        "size": r.try_get::<i64, _>("size")?,
        "at": r.try_get::<String, _>("at")?,
        "href": format!("/api/attachments/{id}"),
    }))
}

const COLUMNS: &str = "id, request, comment, account, name, mime, size, at";

async fn list(
    State(st): St,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let p = caller(&st, &headers).await?;
    let row = visible_request(&st, &p, &id).await?;
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM attachments WHERE request = $1 ORDER BY seq, id"
    ))
    .bind(&row.id)
    .fetch_all(st.store.read_pool())
    .await
    .map_err(db)?;
    let items = rows
        .iter()
        .map(row_json)
        .collect::<Result<Vec<_>, _>>()
        .map_err(db)?;
    Ok((
        StatusCode::OK,
        json_body(&json!({"request": row.id, "attachments": items})),
    )
        .into_response())
}

async fn upload(
    State(st): St,
    peer: Peer,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<BTreeMap<String, String>>,
    body: Body,
) -> Result<Response, ApiError> {
    // Who, and the CSRF and origin checks, before the body is read.
    let p = changer(&st, &headers).await?;
    if let Some(refused) = st.rates.refuse(Counted::Comment, &p.account.login) {
        return Ok(refused);
    }
    let row = visible_request(&st, &p, &id).await?;
    if let Some(k) = q.keys().find(|k| !matches!(k.as_str(), "name" | "comment")) {
        return Err(ApiError::field(
            k.clone(),
            "unknown parameter (name, comment)",
        ));
    }
    let name = q
        .get("name")
        .and_then(|n| clean_name(n))
        .ok_or_else(|| ApiError::field("name", "the file's name, e.g. ?name=screenshot.png"))?;
    let comment = q.get("comment").cloned();
    if let Some(c) = &comment {
        let known = sqlx::query(
            "SELECT id FROM events WHERE id = $1 AND request = $2 AND kind = 'comment'",
        )
        .bind(c)
        .bind(&row.id)
        .fetch_optional(st.store.read_pool())
        .await
        .map_err(db)?;
        if known.is_none() {
            return Err(ApiError::field(
                "comment",
                "no comment with that id on this request",
            ));
        }
    }
    let bytes = axum::body::to_bytes(body, MAX_BYTES).await.map_err(|e| {
        super::input::body_error(
            e,
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("a file may be at most {} MB", MAX_BYTES / (1024 * 1024)),
            ),
        )
    })?;
    let mime = sniff(&bytes).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_type",
            "only PNG and JPEG images, PDF, ZIP and plain (UTF-8) text files can be attached",
        )
    })?;
    let digest = Blake2b512::digest(&bytes)
        .iter()
        .take(32)
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    let attachment = auth::random_id();
    let entry = Entry::new(&st, &p.account.login, "request.attachment", &peer)
        .request(&row)
        .detail(json!({"attachment": attachment, "mime": mime, "size": bytes.len(), "comment": comment}));
    let at = entry.at.clone();
    let at_ms = entry.at_ms;
    let mut tx = st.store.begin().await.map_err(db)?;
    let count: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM attachments WHERE request = $1 AND \
         COALESCE(comment, '') = COALESCE($2, '')",
    )
    .bind(&row.id)
    .bind(comment.clone())
    .fetch_one(&mut *tx)
    .await
    .and_then(|r| r.try_get("n"))
    .map_err(db)?;
    if count >= MAX_PER_MESSAGE {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "too_many_files",
            format!("a request or a comment carries at most {MAX_PER_MESSAGE} files"),
        ));
    }
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    let seq: i64 = sqlx::query("SELECT COUNT(*) AS n FROM attachments WHERE request = $1")
        .bind(&row.id)
        .fetch_one(&mut *tx)
        .await
        .and_then(|r| r.try_get("n"))
        .map_err(db)?;
    sqlx::query(
        "INSERT INTO attachments (id, request, comment, account, name, mime, size, digest, at, at_ms, seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&attachment)
    .bind(&row.id)
    .bind(comment.clone())
    .bind(&p.account.login)
    .bind(&name)
    .bind(mime)
    .bind(size)
    .bind(&digest)
    .bind(&at)
    .bind(at_ms)
    .bind(seq + 1)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    sqlx::query("INSERT INTO attachment_bodies (id, body) VALUES ($1, $2)")
        .bind(&attachment)
        .bind(base64::engine::general_purpose::STANDARD.encode(&bytes))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    audit::record(&mut tx, entry).await.map_err(db)?;
    tx.commit().await.map_err(db)?;
    let body = json!({
        "id": attachment, "request": row.id, "comment": comment, "by": p.account.login,
        "name": name, "mime": mime, "size": size, "at": at,
        "href": format!("/api/attachments/{attachment}"),
    });
    Ok((StatusCode::CREATED, json_body(&body)).into_response())
}

async fn download(
    State(st): St,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let p = caller(&st, &headers).await?;
    let found = sqlx::query(
        "SELECT a.request, a.name, a.mime, b.body FROM attachments a \
         JOIN attachment_bodies b ON b.id = a.id WHERE a.id = $1",
    )
    .bind(&id)
    .fetch_optional(st.store.read_pool())
    .await
    .map_err(db)?
    .ok_or_else(|| ApiError::not_found("attachment"))?;
    let request: String = found.try_get("request").map_err(db)?;
    // Someone who may not see the request is told there is no such file.
    visible_request(&st, &p, &request)
        .await
        .map_err(|_| ApiError::not_found("attachment"))?;
    let name: String = found.try_get("name").map_err(db)?;
    let mime: String = found.try_get("mime").map_err(db)?;
    let body: String = found.try_get("body").map_err(db)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(body)
        .map_err(|e| ApiError::internal("attachment", e))?;
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        ascii_fallback(&name),
        percent(&name)
    );
    let mut res = (StatusCode::OK, bytes).into_response();
    let h = res.headers_mut();
    for (k, v) in [
        (header::CONTENT_TYPE, mime),
        (header::CONTENT_DISPOSITION, disposition),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        (header::CONTENT_SECURITY_POLICY, "sandbox".to_owned()),
        (header::CACHE_CONTROL, "private, no-store".to_owned()),
    ] {
        if let Ok(v) = HeaderValue::from_str(&v) {
            h.insert(k, v);
        }
    }
    Ok(res)
}

/// The name with anything but printable ASCII (and quotes, backslashes) as `_`, for
/// clients that don't read `filename*`.
fn ascii_fallback(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// RFC 5987 percent-encoding of the name's UTF-8.
fn percent(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_read_from_the_content_not_the_name() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some("image/png"));
        assert_eq!(sniff(b"\xff\xd8\xff\xe0\0\x10JFIF\0"), Some("image/jpeg"));
        assert_eq!(sniff(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff(b"PK\x03\x04\x14\0\0\0"), Some("application/zip"));
        assert_eq!(
            sniff("오류 로그\r\n\tat line 3\n".as_bytes()),
            Some("text/plain; charset=utf-8")
        );
        // An executable, a GIF, binary junk, a NUL in text, an empty file: refused.
        assert_eq!(sniff(b"MZ\x90\0\x03\0\0\0\x04\0"), None);
        assert_eq!(sniff(b"GIF89a\x01\0\x01\0"), None);
        assert_eq!(sniff(b"\0\x01\x02\xfe"), None);
        assert_eq!(sniff(b"log\0line"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn names_lose_paths_and_invisible_characters() {
        assert_eq!(
            clean_name("C:\\Users\\kim\\화면.png").as_deref(),
            Some("화면.png")
        );
        assert_eq!(clean_name("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(
            clean_name("invoice\u{202E}gnp.exe").as_deref(),
            Some("invoicegnp.exe")
        );
        assert_eq!(clean_name("a\u{0}b.txt").as_deref(), Some("ab.txt"));
        assert_eq!(clean_name(".."), None);
        assert_eq!(clean_name("  "), None);
        assert_eq!(percent("화면 1.png"), "%ED%99%94%EB%A9%B4%201.png");
        assert_eq!(ascii_fallback("화면 \"1\".png"), "__ _1_.png");
    }
}
