//! The public checker's data: `GET /api/widget/<token>/<file>`, no session, for the
//! `<covered-check>` widget on a customer's own homepage (another origin, so the answers
//! allow any origin — CORS on this route only).
//!
//! A contract is published when the widgets file (`--widgets`, a server setting like the
//! accounts file: the tokens stay out of the data files, which reach browsers) gives it
//! a share token; the token is the only key. Under it the server answers a data directory of that one contract, in
//! the layout the widget loads (`index.json` naming the rest):
//!
//! - `index.json` — the manifest: `catalog.json`, `contract.json`, `history.json`;
//! - `catalog.json` — the vendor's catalog, as in the data directory;
//! - `contract.json` — the contract's file, as in the data directory;
//! - `history.json` — not the contract's requests but their counts: covered-core's
//!   quota of each limited category today (the data file's history and the stored
//!   requests, as `GET /api/contracts/{id}/quota` counts them), written as stand-in
//!   requests that say nothing but a category and a status (`quota::counted_history`),
//!   so that the widget's verdicts count what is left of the year, and refuse a request
//!   over its limit, as the server would.
//!
//! The widget's own files (`/widget/`) are sent with the same CORS headers, so that the
//! homepage can load the script and its calculator from the server too.
//!
//! No other contract, history, outage, account or request is reachable here. Tokens are
//! looked up by their SHA-256, so an unknown token is a plain 404 (the API's JSON error)
//! whose time says nothing of the tokens there are. Answers carry an `ETag` (a
//! conditional GET that matches gets 304) and `Cache-Control: public, max-age=60`.

use super::AppState;
use super::error::ApiError;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use covered_core::contract::DataSet;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::sync::Arc;
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::ServeDir;

type St = State<Arc<AppState>>;

/// The shortest share token accepted: 20 characters of 64 are 120 bits.
pub const MIN_TOKEN: usize = 20;
/// The longest.
pub const MAX_TOKEN: usize = 200;
/// How long a browser or a proxy may reuse an answer without asking again, in seconds.
const MAX_AGE: &str = "public, max-age=60";
/// The files of a published checker, as its `index.json` names them.
pub const FILES: &[&str] = &[
    "index.json",
    "catalog.json",
    "contract.json",
    "history.json",
];

/// The published contracts, by the SHA-256 (hex) of their share token.
#[derive(Debug, Clone, Default)]
pub struct Shares {
    by_hash: BTreeMap<String, String>,
}

/// The hex SHA-256 of a share token.
fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Shares {
    /// Reads a widgets file (`--widgets`, docs/cli.md): `{"schema_version": 1,
    /// "widgets": [{"contract": id, "share_token": token}]}`, each contract one of
    /// `data`'s, `file` its name for the errors.
    ///
    /// # Errors
    ///
    /// Not JSON, an unknown member, a contract `data` lacks, a token that could be
    /// guessed (shorter than [`MIN_TOKEN`], longer than [`MAX_TOKEN`], or with a
    /// character other than `A–Z a–z 0–9 - _`, which a URL path carries as it is), or a
    /// token or contract given twice — naming the file, the JSON path and what was
    /// expected.
    pub fn read(file: &str, text: &str, data: &DataSet) -> Result<Shares, String> {
        let root: Value =
            serde_json::from_str(text).map_err(|e| format!("{file}: not JSON: {e}"))?;
        let m = fields(file, "$", &root, &["schema_version", "widgets"])?;
        if m.get("schema_version") != Some(&json!(1)) {
            return Err(format!("{file}: $.schema_version: expected 1"));
        }
        let list = m
            .get("widgets")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("{file}: $.widgets: expected an array"))?;
        let mut by_hash = BTreeMap::new();
        let mut contracts = std::collections::BTreeSet::new();
        for (i, w) in list.iter().enumerate() {
            let at = format!("$.widgets[{i}]");
            let wm = fields(file, &at, w, &["contract", "share_token"])?;
            let string = |k: &str| {
                wm.get(k)
                    .and_then(Value::as_str)
                    .ok_or_else(|| format!("{file}: {at}.{k}: expected a string"))
            };
            let (id, token) = (string("contract")?, string("share_token")?);
            if data.contract(id).is_none() {
                let known: Vec<&str> = data.contracts.iter().map(|c| c.id.as_str()).collect();
                return Err(format!(
                    "{file}: {at}.contract: \"{id}\" is not a contract of the data (known: {})",
                    known.join(", ")
                ));
            }
            if !contracts.insert(id.to_owned()) {
                return Err(format!(
                    "{file}: {at}.contract: \"{id}\" is published above already; one token a contract"
                ));
            }
            let chars = token.chars().count();
            let url_safe = token
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_');
            if !(MIN_TOKEN..=MAX_TOKEN).contains(&chars) || !url_safe {
                return Err(format!(
                    "{file}: {at}.share_token: expected {MIN_TOKEN} to {MAX_TOKEN} characters \
                     of A–Z, a–z, 0–9, - and _ (a token nobody can guess, e.g. from \
                     `openssl rand -base64 30 | tr '+/' '-_'`), found {chars} characters{}",
                    if url_safe {
                        ""
                    } else {
                        " with others among them"
                    }
                ));
            }
            if let Some(other) = by_hash.insert(token_hash(token), id.to_owned()) {
                return Err(format!(
                    "{file}: {at}.share_token: the same token as contract \"{other}\"'s; \
                     each published contract needs a token of its own"
                ));
            }
        }
        Ok(Shares { by_hash })
    }

    /// The contract published under `token`.
    fn find(&self, token: &str) -> Option<&str> {
        self.by_hash.get(&token_hash(token)).map(String::as_str)
    }
}

/// What a page of any origin may do here: read (GET, HEAD), no cookie.
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::HEAD])
        .expose_headers([header::ETAG])
}

/// The built site's `widget/` — `covered-check.js` and the calculator it imports from
/// `pkg/` — for `/widget/`, with CORS for any origin: a module script and the wasm it
/// fetches are read in CORS mode, so a customer's homepage could not load them from
/// the server otherwise. Plain public files, as `--static` serves them.
pub fn script_files(site: &std::path::Path) -> tower_http::cors::Cors<ServeDir> {
    tower::Layer::layer(
        &cors(),
        ServeDir::new(site.join("widget")).precompressed_gzip(),
    )
}

/// The object at `at`, with no members but `allowed`.
fn fields<'v>(
    file: &str,
    at: &str,
    v: &'v Value,
    allowed: &[&str],
) -> Result<&'v Map<String, Value>, String> {
    let m = v
        .as_object()
        .ok_or_else(|| format!("{file}: {at}: expected an object"))?;
    if let Some(k) = m.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(format!(
            "{file}: {at}.{k}: unknown field (expected one of: {})",
            allowed.join(", ")
        ));
    }
    Ok(m)
}

/// The route (under `/api`), with CORS for any origin on it alone.
pub fn routes() -> Router<Arc<AppState>> {
    let cors = cors();
    // OPTIONS has a route of its own, so that the layer answers a browser's preflight
    // (the API's 405 for a method no route answers would come first).
    let preflight = || async { StatusCode::NO_CONTENT };
    Router::new().route(
        "/widget/{token}/{file}",
        get(widget_file).options(preflight).layer(cors),
    )
}

/// `GET /api/widget/<token>/<file>`: one file of the published contract's checker.
async fn widget_file(
    State(st): St,
    Path((token, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = st
        .shares
        .find(&token)
        .ok_or_else(|| ApiError::not_found("published checker"))?
        .to_owned();
    let body = match file.as_str() {
        "index.json" => json!({
            "schema_version": st.published.schema_version(),
            "catalog": "catalog.json",
            "contracts": ["contract.json"],
            "histories": ["history.json"],
        })
        .to_string(),
        "catalog.json" => st.published.catalog_text().to_owned(),
        "contract.json" => st
            .published
            .contract_text(&id)
            .ok_or_else(|| ApiError::internal("widget", format!("{id}: no contract file")))?
            .to_owned(),
        "history.json" => {
            let history = super::routes::full_history(&st, &id).await?;
            let now = super::engine::local(&st.data, st.clock.now_ms())?;
            let shared = Arc::clone(&st);
            super::routes::heavy(&st, move || {
                let c = shared
                    .data
                    .contract(&id)
                    .ok_or_else(|| ApiError::not_found("published checker"))?;
                let lines = covered_core::quota::quota_status(
                    &shared.data.catalog,
                    c,
                    &history,
                    now.date(),
                );
                Ok(covered_core::quota::counted_history(&id, &lines).to_string())
            })
            .await?
        }
        _ => return Err(ApiError::not_found("file of the published checker")),
    };
    Ok(cacheable(&headers, body))
}

/// `body` as JSON with its `ETag` and a short `Cache-Control`; 304 (no body) when the
/// request's `If-None-Match` names that tag.
fn cacheable(headers: &HeaderMap, body: String) -> Response {
    let digest = Sha256::digest(body.as_bytes());
    let tag: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    let etag = format!("\"{tag}\"");
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let etag = HeaderValue::from_str(&etag).unwrap_or_else(|_| HeaderValue::from_static("\"\""));
    let cache = HeaderValue::from_static(MAX_AGE);
    if matches {
        return (
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag), (header::CACHE_CONTROL, cache)],
        )
            .into_response();
    }
    (
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache),
        ],
        body,
    )
        .into_response()
}
