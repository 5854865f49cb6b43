//! The portal's back end when `covered serve` serves it (`/api/…`, see its
//! `GET /api/openapi.json`): who is logged in, the caller's part of the data set, the
//! requests everyone at the institution filed, and submissions the server judges again.
//! Opened as static files, the portal has no `/api` and keeps requests in the browser.

use covered_core::map::Map;

use covered_core::contract::{Catalog, RequestStatus};
use covered_core::filing::Filing;
use covered_core::i18n::{Lang, Text};
use covered_core::submission::Submission;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{Value, json};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::pages::ChunkMissing;

/// Who is logged in (`GET /api/session`, `POST /api/login`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Session {
    /// Login name.
    pub login: String,
    /// Display name.
    pub name: String,
    /// `customer` or `vendor`.
    pub role: String,
    /// The customer's institution id.
    pub institution: Option<String>,
    /// The customer's branch id, when the account is limited to one.
    pub branch: Option<String>,
    /// The contracts the account may see.
    pub contracts: Vec<String>,
    /// Echoed in `X-CSRF-Token` on every state-changing call.
    pub csrf_token: String,
}

/// Where the portal keeps requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Backend {
    /// Still asking whether a server is there.
    Probing,
    /// Opened as static files: requests stay in this browser.
    Browser,
    /// Served by `covered serve`: logged in, or waiting for a login.
    Server(Option<Session>),
}

impl Backend {
    /// The session, when logged in to a server.
    pub fn session(&self) -> Option<&Session> {
        match self {
            Backend::Server(Some(s)) => Some(s),
            _ => None,
        }
    }
}

/// An answer of the API: the HTTP status and the JSON body.
#[derive(Debug)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The body (`{"error": {…}}` on failure).
    pub body: Value,
}

impl Answer {
    /// Whether the status is 2xx.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The error's message, with the field it names (`title: missing`).
    pub fn error_text(&self) -> String {
        let e = at(&self.body, "error");
        let message = at(e, "message").as_str().unwrap_or("request failed");
        match at(e, "field").as_str() {
            Some(field) => format!("{field}: {message}"),
            None => message.to_owned(),
        }
    }

    /// The error in `lang` when the server's core worded it in both languages
    /// (`detail.text`), else [`Answer::error_text`].
    pub fn error_in(&self, lang: Lang) -> String {
        let text = at(at(at(&self.body, "error"), "detail"), "text");
        let key = match lang {
            Lang::Ko => "ko",
            Lang::En => "en",
        };
        at(text, key)
            .as_str()
            .map_or_else(|| self.error_text(), str::to_owned)
    }
}

thread_local! {
    /// The server's clock less the browser's, in milliseconds, as of the last API answer
    /// (each says the server's time in `X-Server-Time`).
    static CLOCK_OFFSET: std::cell::Cell<Option<f64>> = const { std::cell::Cell::new(None) };
}

/// Milliseconds to add to the browser's clock to read the server's; `None` when no
/// server has answered (static files).
pub fn clock_offset() -> Option<f64> {
    CLOCK_OFFSET.get()
}

/// Calls the API: `method path` with an optional JSON body and extra headers.
///
/// # Errors
///
/// When the server can't be reached or does not answer JSON (a static file server
/// answers `/api/…` with a 404 page or the portal's own `index.html`).
pub async fn call(
    method: &str,
    path: &str,
    body: Option<&Value>,
    headers: &[(&str, &str)],
) -> Result<Answer, String> {
    let body = body.map(|b| (JsValue::from_str(&b.to_string()), "application/json"));
    send(method, path, body, headers).await
}

/// [`call`] with any body (a file) of the content type given.
///
/// # Errors
///
/// As [`call`].
pub async fn send(
    method: &str,
    path: &str,
    body: Option<(JsValue, &str)>,
    headers: &[(&str, &str)],
) -> Result<Answer, String> {
    let failed = |e: JsValue| format!("{method} {path}: {e:?}");
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let h = web_sys::Headers::new().map_err(failed)?;
    h.set("Accept", "application/json").map_err(failed)?;
    if let Some((b, content_type)) = body {
        h.set("Content-Type", content_type).map_err(failed)?;
        init.set_body(&b);
    }
    for (k, v) in headers {
        h.set(k, v).map_err(failed)?;
    }
    init.set_headers(&h);
    let request = web_sys::Request::new_with_str_and_init(path, &init).map_err(failed)?;
    let resp = crate::browser::fetch(&request, failed).await?;
    let server_ms = resp.headers().get("x-server-time").ok().flatten();
    // Read as a whole number: a float reader would cost the first load some 10 KB.
    if let Some(ms) = server_ms.and_then(|t| t.parse::<i64>().ok()) {
        CLOCK_OFFSET.set(Some(ms as f64 - js_sys::Date::now()));
    }
    // No content (a revocation): nothing to read.
    if resp.status() == 204 {
        return Ok(Answer {
            status: 204,
            body: Value::Null,
        });
    }
    let is_json = resp
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .is_some_and(|t| t.starts_with("application/json"));
    if !is_json {
        return Err(format!(
            "{method} {path}: not an API (HTTP {})",
            resp.status()
        ));
    }
    let text = crate::browser::text(&resp, failed).await?;
    let body = serde_json::from_str(&text).map_err(|e| format!("{method} {path}: {e}"))?;
    Ok(Answer {
        status: resp.status(),
        body,
    })
}

/// What `GET /api/session` says of where the portal is.
#[derive(Debug)]
pub enum Probed {
    /// No API: static files.
    Browser,
    /// A server, nobody logged in.
    NoSession,
    /// A server, and who is logged in (the session's JSON, read by [`session_of`] in the
    /// `server` chunk: a portal on static files never needs its reader).
    Session(Value),
}

/// Asks the server who is logged in.
pub async fn probe() -> Probed {
    let answer = match early_session().await {
        Some(early) => early,
        // Only when `index.html` did not ask (the calls are in the `server` chunk).
        None => match session_by_call().await {
            Ok(asked) => asked.await,
            Err(_) => Err("GET /api/session: the server chunk is missing".to_owned()),
        },
    };
    match answer {
        Ok(a) if a.ok() => Probed::Session(a.body),
        Ok(a) if a.status == 401 => Probed::NoSession,
        _ => Probed::Browser,
    }
}

/// The session a server's answer names, if it is one.
pub fn session_of(body: Value) -> Option<Session> {
    serde_json::from_value(body).ok()
}

/// `GET /api/session`, asked now, in the `server` chunk with the other calls.
#[leptos::wasm_split::wasm_split(server, wasm_split_path = ::leptos::wasm_split, fallible)]
fn session_by_call()
-> Result<futures::future::LocalBoxFuture<'static, Result<Answer, String>>, ChunkMissing> {
    Ok(Box::pin(call("GET", "/api/session", None, &[])))
}

/// The answer to `GET /api/session` that `index.html` asked for before the wasm loaded
/// (`window.coveredSession`); `None` when it did not ask.
async fn early_session() -> Option<Result<Answer, String>> {
    let window = leptos::prelude::window();
    let promise = js_sys::Reflect::get(&window, &"coveredSession".into())
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    let found = JsFuture::from(promise).await.ok()?;
    if found.is_null() || found.is_undefined() {
        return Some(Err("GET /api/session: not reached".to_owned()));
    }
    let get = |k: &str| js_sys::Reflect::get(&found, &k.into()).ok();
    let status = get("status")?.as_f64()? as u16;
    Some(match get("body").and_then(|b| b.as_string()) {
        Some(text) => serde_json::from_str(&text)
            .map(|body| Answer { status, body })
            .map_err(|e| format!("GET /api/session: {e}")),
        None => Err(format!("GET /api/session: not an API (HTTP {status})")),
    })
}

/// Logs in.
///
/// # Errors
///
/// The server's message (`password: wrong login or password`), or why it was not reached.
pub async fn login(login: &str, password: &str) -> Result<Session, LoginRefused> {
    let a = call(
        "POST",
        "/api/login",
        Some(&json!({"login": login, "password": password})),
        &[],
    )
    .await
    .map_err(LoginRefused::Other)?;
    match a.status {
        _ if a.ok() => {
            serde_json::from_value(a.body).map_err(|e| LoginRefused::Other(e.to_string()))
        }
        401 => Err(LoginRefused::Wrong),
        429 => Err(LoginRefused::TooMany),
        _ => Err(LoginRefused::Other(a.error_text())),
    }
}

/// Why a login did not open a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoginRefused {
    /// The login or the password is wrong (401).
    Wrong,
    /// Too many attempts: wait a while (429).
    TooMany,
    /// Anything else, as the server said it.
    Other(String),
}

/// Logs out (the session cookie is dropped either way).
pub async fn logout(session: Session) {
    if let Ok(done) = logout_call(session).await {
        done.await;
    }
}

/// The work of [`logout`], in the `server` chunk.
#[leptos::wasm_split::wasm_split(server, wasm_split_path = ::leptos::wasm_split, fallible)]
fn logout_call(
    session: Session,
) -> Result<futures::future::LocalBoxFuture<'static, ()>, ChunkMissing> {
    Ok(Box::pin(async move {
        let _ = call(
            "POST",
            "/api/logout",
            None,
            &[("X-CSRF-Token", &session.csrf_token)],
        )
        .await;
    }))
}

/// The data set files the caller may see (`GET /api/dataset`): the catalog, the
/// caller's contracts and their history files, with an index.json listing just those.
///
/// # Errors
///
/// One line per failure.
pub async fn dataset() -> Result<Map<String, String>, Vec<String>> {
    let a = call("GET", "/api/dataset", None, &[])
        .await
        .map_err(|e| vec![e])?;
    if !a.ok() {
        return Err(vec![a.error_text()]);
    }
    let files = at(&a.body, "files")
        .as_object()
        .cloned()
        .unwrap_or_default();
    Ok(files
        .into_iter()
        .filter_map(|(name, text)| text.as_str().map(|t| (name, t.to_owned())))
        .collect())
}

/// The requests filed through the server that the caller may see, as the engine counts
/// them against the limits, each with the server's own status (`in_progress`, …).
///
/// # Errors
///
/// Why they could not be read.
pub async fn requests() -> Result<Vec<(Submission, String)>, String> {
    let a = call("GET", "/api/requests?limit=500", None, &[]).await?;
    if !a.ok() {
        return Err(a.error_text());
    }
    let list = at(&a.body, "requests")
        .as_array()
        .or_else(|| a.body.as_array())
        .cloned()
        .unwrap_or_default();
    Ok(list
        .iter()
        .filter_map(|r| {
            let status = at(r, "status").as_str()?.to_owned();
            Some((submission_of(r)?, status))
        })
        .collect())
}

/// The engine's view of a request the server stored: how its status counts, as the
/// server's core said (`status_kind`: open, completed, cancelled, refused).
pub fn submission_of(r: &Value) -> Option<Submission> {
    let text = |k: &str| at(r, k).as_str().map(str::to_owned);
    let status: RequestStatus = serde_json::from_value(at(r, "status_kind").clone()).ok()?;
    Some(Submission {
        sr: text("sr")?,
        filing: Filing {
            contract: text("contract")?,
            requester: text("requester").unwrap_or_default(),
            branch: text("branch"),
            product: text("product")?,
            version: text("version")?,
            category: text("category")?,
            title: text("title").unwrap_or_default(),
            details: text("details").unwrap_or_default(),
            answers: at(r, "answers")
                .as_object()
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default(),
            wanted_by: text("wanted_by").and_then(|d| d.parse().ok()),
            paid: at(r, "paid").as_bool().unwrap_or(false),
        },
        submitted: text("submitted")?.parse().ok()?,
        severity: text("severity"),
        status,
        record: covered_core::lifecycle::Record::from_json(at(r, "record"), "record").ok(),
    })
}

/// Files a request: the request as the server keeps it, and its id. `key` makes a
/// retry (after a lost answer) return the original instead of filing it twice.
///
/// # Errors
///
/// The server's refusal (`category: …`, an over-limit request not filed as paid) or why
/// it was not reached; nothing was stored.
pub async fn submit(
    session: &Session,
    key: &str,
    body: &Value,
) -> Result<(Submission, String), Unfiled> {
    let a = call(
        "POST",
        "/api/requests",
        Some(body),
        &[
            ("X-CSRF-Token", &session.csrf_token),
            ("Idempotency-Key", key),
        ],
    )
    .await
    .map_err(Unfiled::Failed)?;
    if !a.ok() {
        return Err(Unfiled::of(&a));
    }
    let id = at(&a.body, "id").as_str().unwrap_or("").to_owned();
    submission_of(&a.body)
        .map(|s| (s, id))
        .ok_or_else(|| Unfiled::Failed("the server's answer lacks the request".to_owned()))
}

/// A request the server did not keep.
#[derive(Clone, Debug, PartialEq)]
pub enum Unfiled {
    /// The server judged it again and refused it (not covered, or outside the contract:
    /// the count of a limited service may have moved since the page judged it).
    Refused {
        /// The server's reasons, in both languages.
        reasons: Vec<Text>,
        /// Whether the server would keep it as a paid change request.
        paid_offered: bool,
        /// That change request's quote before VAT, when it has one.
        quote: Option<Decimal>,
    },
    /// Anything else, as the server said it.
    Failed(String),
}

impl Unfiled {
    /// What a failed answer to a submission says: a refusal with the server's verdict
    /// (`error.detail.admission`, `error.detail.verdict`), or its message.
    fn of(a: &Answer) -> Unfiled {
        let detail = at(at(&a.body, "error"), "detail");
        let admission = at(detail, "admission");
        let Some(paid_offered) = at(admission, "change_request_offered").as_bool() else {
            return Unfiled::Failed(a.error_text());
        };
        let text = |t: &Value| {
            let (ko, en) = (at(t, "ko").as_str(), at(t, "en").as_str());
            Text::new(ko.or(en).unwrap_or(""), en.or(ko).unwrap_or(""))
        };
        let reasons = at(admission, "reasons")
            .as_array()
            .map(|rs| rs.iter().map(|r| text(at(r, "text"))).collect())
            .unwrap_or_default();
        let quote = at(at(at(detail, "verdict"), "coverage"), "alternatives")
            .as_array()
            .into_iter()
            .flatten()
            .find(|alt| at(alt, "kind").as_str() == Some("change_request"))
            .and_then(|alt| at(alt, "estimate").as_str())
            .and_then(|e| e.parse().ok());
        Unfiled::Refused {
            reasons,
            paid_offered,
            quote,
        }
    }
}

/// `v`'s field `k`, or null.
fn at<'v>(v: &'v Value, k: &str) -> &'v Value {
    v.get(k).unwrap_or(&Value::Null)
}

/// A fresh idempotency key (random, from the browser's crypto).
pub fn new_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = leptos::prelude::window()
        .crypto()
        .ok()
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        // No crypto: the clock and Math.random still make a collision unlikely.
        let t = js_sys::Date::now() as u64;
        let r = (js_sys::Math::random() * 1e15) as u64;
        return format!("k{t:x}{r:x}");
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A stored request with its events (`GET /api/requests/{id}`), found by contract and
/// SR number.
///
/// # Errors
///
/// Why it could not be read; `Ok(None)` when the caller has no such request.
pub async fn request_by_sr(contract: &str, sr: &str) -> Result<Option<Value>, String> {
    let list = call(
        "GET",
        &format!("/api/requests?contract={contract}&limit=500"),
        None,
        &[],
    )
    .await?;
    if !list.ok() {
        return Err(list.error_text());
    }
    let id = at(&list.body, "requests")
        .as_array()
        .and_then(|all| all.iter().find(|r| at(r, "sr").as_str() == Some(sr)))
        .and_then(|r| at(r, "id").as_str().map(str::to_owned));
    let Some(id) = id else { return Ok(None) };
    let full = call("GET", &format!("/api/requests/{id}"), None, &[]).await?;
    if full.ok() {
        Ok(Some(full.body))
    } else {
        Err(full.error_text())
    }
}

/// A stored request's timeline (`GET /api/requests/{id}/timeline`): its events with the
/// warnings and escalation steps written so far, and those to come.
///
/// # Errors
///
/// The server's refusal or why it was not reached.
pub async fn timeline(id: &str) -> Result<Value, String> {
    let t = call("GET", &format!("/api/requests/{id}/timeline"), None, &[]).await?;
    if t.ok() {
        Ok(t.body)
    } else {
        Err(t.error_text())
    }
}

/// The files attached to a stored request and its comments.
///
/// # Errors
///
/// The server's refusal or why it was not reached.
pub async fn attachments(id: &str) -> Result<Vec<Value>, String> {
    let a = call("GET", &format!("/api/requests/{id}/attachments"), None, &[]).await?;
    if a.ok() {
        Ok(at(&a.body, "attachments")
            .as_array()
            .cloned()
            .unwrap_or_default())
    } else {
        Err(a.error_text())
    }
}

/// Attaches `file` to stored request `id` (to its comment, the event `comment`, when
/// given); a refusal (too big, a type not kept, too
/// many) is worded in `lang`.
///
/// # Errors
///
/// The server's refusal or why it was not reached.
pub async fn attach(
    session: &Session,
    id: &str,
    comment: Option<&str>,
    file: &web_sys::File,
    lang: Lang,
) -> Result<(), String> {
    let name = String::from(js_sys::encode_uri_component(&file.name()));
    let on = comment.map_or_else(String::new, |c| format!("&comment={c}"));
    let a = send(
        "POST",
        &format!("/api/requests/{id}/attachments?name={name}{on}"),
        Some((file.clone().into(), "application/octet-stream")),
        &[("X-CSRF-Token", &session.csrf_token)],
    )
    .await?;
    if a.ok() {
        Ok(())
    } else {
        Err(a.error_in(lang))
    }
}

/// A state-changing call on a stored request: `comments` with `{"body"}`, `status` with
/// `{"status", "note"}`, `rating` with `{"rating", "comment"}`, `complaint` with
/// `{"comment"}`; the request as the server now has it, or a refusal worded in `lang`.
///
/// # Errors
///
/// The server's refusal (`status: …`) or why it was not reached.
pub async fn act(
    session: &Session,
    id: &str,
    what: &str,
    body: &Value,
    lang: Lang,
) -> Result<Value, String> {
    let a = call(
        "POST",
        &format!("/api/requests/{id}/{what}"),
        Some(body),
        &[("X-CSRF-Token", &session.csrf_token)],
    )
    .await?;
    if a.ok() {
        Ok(a.body)
    } else {
        Err(a.error_in(lang))
    }
}

/// The catalog lifecycle's name for status `id` in `lang` (the id itself for a status
/// the data doesn't have).
pub fn status_words(catalog: &Catalog, id: &str, lang: Lang) -> String {
    catalog
        .lifecycle
        .as_ref()
        .and_then(|lc| lc.status(id))
        .map_or_else(|| id.to_owned(), |s| s.name.get(lang).to_owned())
}
