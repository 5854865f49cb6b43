//! What the pages share: the data set fetched from `/data/<vendor>/`, the clock (pinned
//! by `?now=`), and the browser store of submitted requests and drafts.
//!
//! URL parameters read here: `?data=library|cloud` picks the data set (default
//! `library`), `?now=2026-11-20T22:30:00` pins the clock (local time of the catalog's
//! zone) so that tests and shared links are reproducible — as static files only: under
//! `covered serve` the server's clock is the page's.

use covered_core::map::Map;
use std::sync::Arc;

use covered_core::civil::DateTime;
use covered_core::contract::DataSet;
use covered_core::submission::{Submission, local_now};
use futures::future::LocalBoxFuture;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::i18n::{Lang, UiText};
use crate::pages::ChunkMissing;
use crate::server::{self, Backend, Session};

/// The data set's loading state.
#[derive(Clone, Debug)]
pub enum Load {
    /// Still fetching.
    Loading,
    /// Loaded and valid.
    Ready(Arc<DataSet>),
    /// Fetching or validation failed: one line per problem (file: JSON path: message).
    Failed(Vec<String>),
}

/// The portal's shared state, provided as context by [`Portal::provide`].
#[derive(Clone, Copy, Debug)]
pub struct Portal {
    /// The data set.
    pub data: RwSignal<Load>,
    /// Requests submitted in this browser.
    pub submissions: RwSignal<Vec<Submission>>,
    /// Saved drafts by form name.
    pub drafts: RwSignal<Map<String, Value>>,
    /// A problem with the stored data, to tell the user.
    pub store_problem: RwSignal<Option<String>>,
    /// Where requests are kept: this browser, or `covered serve`.
    pub backend: RwSignal<Backend>,
    /// With a server: each request's status as the server keeps it, by (contract, SR).
    pub server_statuses: RwSignal<Map<(String, String), String>>,
    /// The pinned clock (`?now=`), if any.
    pinned_now: Option<DateTime>,
}

/// The store's current schema version.
pub const STORE_VERSION: u32 = 1;
/// Where the store is kept.
pub const STORE_KEY: &str = "covered.store";
/// Where a store that could not be read is set aside.
pub const CORRUPT_KEY: &str = "covered.store.corrupt";

/// The stored requests and drafts (`{"schema_version":1,"requests":[…],"drafts":{…}}`).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Store {
    /// Schema version.
    pub schema_version: u32,
    /// Submitted requests.
    #[serde(default)]
    pub requests: Vec<Submission>,
    /// Drafts by form name.
    #[serde(default)]
    pub drafts: Map<String, Value>,
}

/// Brings a stored value up to [`STORE_VERSION`]: version 0 (before versioning) was a
/// bare array of requests.
pub fn migrate(raw: Value) -> Result<Store, String> {
    let raw = match raw {
        Value::Array(requests) => serde_json::json!({
            "schema_version": 1, "requests": requests, "drafts": {}
        }),
        other => other,
    };
    match raw.get("schema_version").and_then(Value::as_u64) {
        Some(1) => serde_json::from_value(raw).map_err(|e| e.to_string()),
        Some(v) => Err(format!("unknown schema_version {v}")),
        None => Err("missing schema_version".to_owned()),
    }
}

/// A query parameter of the current address.
pub fn query_param(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
        .filter(|v| !v.is_empty())
}

/// The query parameters a link inside the portal keeps: the data set and the pinned
/// clock, so that a shared or reloaded address shows the same thing.
const CARRIED: [&str; 2] = ["data", "now"];

/// `path` with the current address's [`CARRIED`] parameters (`/status?data=cloud`).
pub fn carry(path: &str) -> String {
    let Ok(params) = web_sys::UrlSearchParams::new() else {
        return path.to_owned();
    };
    let mut any = false;
    for k in CARRIED {
        if let Some(v) = query_param(k) {
            params.set(k, &v);
            any = true;
        }
    }
    if any {
        format!("{path}?{}", String::from(params.to_string()))
    } else {
        path.to_owned()
    }
}

use crate::browser::storage;

impl Portal {
    /// Reads the store, starts fetching the data set, and provides the state.
    pub fn provide() -> Portal {
        let portal = Portal {
            data: RwSignal::new(Load::Loading),
            submissions: RwSignal::new(Vec::new()),
            drafts: RwSignal::new(Map::new()),
            store_problem: RwSignal::new(None),
            backend: RwSignal::new(Backend::Probing),
            server_statuses: RwSignal::new(Map::new()),
            pinned_now: query_param("now").and_then(|s| s.parse::<DateTime>().ok()),
        };
        let store = portal.read_store();
        provide_context(portal);
        let vendor = query_param("data")
            .filter(|d| d.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or_else(|| "library".to_owned());
        wasm_bindgen_futures::spawn_local(async move {
            // Static files and a server are told apart while the data loads. A data set
            // that loads is shown at once: `covered serve` publishes none, so it comes
            // from static hosting, and the probe need not be waited for.
            let probe = Box::pin(server::probe());
            // The data set is shown once the store is read too, so that every page
            // starts from the stored requests and drafts.
            let data = Box::pin(async move {
                let (data, ()) = futures::future::join(load_data(&vendor), store).await;
                data.map(|(d, files)| {
                    FILES.with_borrow_mut(|f| *f = Some(files));
                    Arc::new(d)
                })
            });
            let (backend, result, shown) = match futures::future::select(probe, data).await {
                futures::future::Either::Left((backend, data)) => (backend, data.await, false),
                futures::future::Either::Right((result, probe)) => {
                    if let Ok(d) = &result {
                        portal.data.set(Load::Ready(d.clone()));
                    }
                    let shown = result.is_ok();
                    (probe.await, result, shown)
                }
            };
            match backend {
                server::Probed::Session(body) => {
                    if server_session(portal, body).await.is_err() {
                        portal.backend.set(Backend::Server(None));
                    }
                }
                server::Probed::NoSession => portal.backend.set(Backend::Server(None)),
                server::Probed::Browser => {
                    portal.backend.set(Backend::Browser);
                    match result {
                        Err(lines) => portal.data.set(Load::Failed(lines)),
                        Ok(d) if !shown => portal.data.set(Load::Ready(d)),
                        Ok(_) => {}
                    }
                }
            }
        });
        portal
    }

    /// Shows the server's side of things for `session`: its part of the data set and the
    /// requests filed at the institution. The browser's own requests are set aside.
    pub fn logged_in(self, session: Session) {
        if self
            .backend
            .with_untracked(|b| !matches!(b, Backend::Server(_)))
        {
            let own = self.submissions.get_untracked();
            BROWSER_REQUESTS.with_borrow_mut(|b| *b = own);
        }
        self.backend.set(Backend::Server(Some(session)));
        self.data.set(Load::Loading);
        self.submissions.set(Vec::new());
        wasm_bindgen_futures::spawn_local(async move {
            self.refresh().await;
        });
    }

    /// Reads the data set and the requests from the server again.
    pub async fn refresh(self) {
        match refresh_from_server(self).await {
            Ok(work) => work.await,
            // Both languages: the list of problems is not translated as the language
            // switches.
            Err(ChunkMissing) => self.data.set(Load::Failed(
                [Lang::Ko, Lang::En]
                    .map(|l| UiText::PageUnavailable.in_lang(l).to_owned())
                    .to_vec(),
            )),
        }
    }

    /// Reads the requests from the server again (the data set stays): after the server
    /// refused a request the page judged otherwise, so that the page counts what the
    /// server counts.
    pub async fn refresh_requests(self) {
        if let Ok(work) = requests_from_server(self).await {
            work.await;
        }
    }

    /// Logs out of the server; the login form shows again.
    pub fn log_out(self) {
        let Some(session) = self.backend.with_untracked(|b| b.session().cloned()) else {
            return;
        };
        self.backend.set(Backend::Server(None));
        self.submissions.set(Vec::new());
        self.server_statuses.set(Map::new());
        self.data.set(Load::Loading);
        wasm_bindgen_futures::spawn_local(async move {
            server::logout(session).await;
        });
    }

    /// The logged-in session, if any (tracked).
    pub fn session(self) -> Option<Session> {
        self.backend.with(|b| b.session().cloned())
    }

    /// Reads the store (awaited beside the data set). Its reader is a chunk of its own,
    /// fetched only when there is a store to read (never on a first visit); the requests
    /// and drafts read are put before any made meanwhile, and a save asked for meanwhile
    /// is made then.
    async fn read_store(self) {
        let text = storage().and_then(|s| s.get_item(STORE_KEY).ok().flatten());
        let Some(text) = text else {
            STORE_READ.set(true);
            return;
        };
        {
            // A reader that could not be fetched reads nothing, as a text that is not a
            // store does: the text is set aside, never dropped.
            let parsed = parse_store(text.clone())
                .await
                .unwrap_or_else(|ChunkMissing| {
                    Err([Lang::Ko, Lang::En]
                        .map(|l| UiText::PageUnavailable.in_lang(l))
                        .join(" / "))
                });
            match parsed {
                Ok(store) => {
                    let mut requests = store.requests;
                    if self
                        .backend
                        .with_untracked(|b| matches!(b, Backend::Server(_)))
                    {
                        requests.extend(BROWSER_REQUESTS.with_borrow(Clone::clone));
                        BROWSER_REQUESTS.with_borrow_mut(|b| *b = requests);
                    } else {
                        self.submissions.update(|s| {
                            requests.append(s);
                            *s = requests;
                        });
                    }
                    self.drafts.update(|d| {
                        for (k, v) in store.drafts {
                            d.get_or_insert_with(k, || v);
                        }
                    });
                }
                Err(e) => {
                    if let Some(storage) = storage() {
                        let _ = storage.set_item(CORRUPT_KEY, &text);
                        let _ = storage.remove_item(STORE_KEY);
                    }
                    self.store_problem.set(Some(e));
                }
            }
            STORE_READ.set(true);
            if SAVE_WAITING.get() {
                self.save();
            }
        }
    }

    /// Writes the requests and drafts to the store (with a server, the browser's own
    /// requests, not the server's), as they stand when the `store` chunk is in (at once
    /// once it is): the latest state, whatever the order saves run in.
    pub fn save(self) {
        if !STORE_READ.get() {
            SAVE_WAITING.set(true);
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            let _ = write_store(self).await;
        });
    }

    /// Now, in the catalog's zone: the server's time under `covered serve` (the
    /// browser's clock plus its offset from the server's at the last answer), so that
    /// the page judges and counts down as the server files; else the `?now=` pin when
    /// given, else the browser's clock.
    pub fn now(self, data: &DataSet) -> DateTime {
        let browser = js_sys::Date::now();
        match server::clock_offset() {
            Some(offset) => local_now(data, (browser + offset) as i64),
            None => self.pinned_now.or_else(|| local_now(data, browser as i64)),
        }
        .unwrap_or_default()
    }
}

/// The shared state.
pub fn use_portal() -> Portal {
    expect_context::<Portal>()
}

/// The files `index.html` fetched for `vendor` while the wasm loaded
/// (`window.coveredPrefetch`), by name; empty when there are none.
async fn prefetched(vendor: &str) -> Map<String, String> {
    let mut out = Map::new();
    let Ok(promise) = js_sys::Reflect::get(&window(), &"coveredPrefetch".into()) else {
        return out;
    };
    let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else {
        return out;
    };
    let Ok(found) = JsFuture::from(promise).await else {
        return out;
    };
    let field = |name: &str| js_sys::Reflect::get(&found, &name.into()).ok();
    if field("vendor").and_then(|v| v.as_string()).as_deref() != Some(vendor) {
        return out;
    }
    let Some(files) = field("files").filter(|f| f.is_object()) else {
        return out;
    };
    let files: js_sys::Object = files.unchecked_into();
    for entry in js_sys::Object::entries(&files).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        if let (Some(name), Some(text)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
            out.insert(name, text);
        }
    }
    out
}

async fn load_data(vendor: &str) -> Result<(DataSet, DataFiles), Vec<String>> {
    let base = format!("/data/{vendor}/");
    let mut early = prefetched(vendor).await;
    let index = match early.remove("index.json") {
        Some(index) => index,
        None => crate::browser::get_text(&format!("{base}index.json"))
            .await
            .map_err(|e| vec![e])?,
    };
    let names = covered_core::contract::check_files(&index)
        .map_err(|p| p.0.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    let mut files = fetch_files(&base, names, early).await?;
    files.insert("index.json".to_owned(), index);
    mark("covered:data-fetched");
    let loaded = covered_core::contract::load_for_checks(&files)
        .map_err(|p| p.0.iter().map(ToString::to_string).collect());
    mark("covered:data-loaded");
    loaded.map(|d| (d, DataFiles { base, files }))
}

thread_local! {
    /// The browser's own stored requests while the server's are shown (written back
    /// untouched by [`Portal::save`]).
    static BROWSER_REQUESTS: std::cell::RefCell<Vec<Submission>> = const { std::cell::RefCell::new(Vec::new()) };
    /// Whether the store has been read (it is read in a chunk of its own, while the data
    /// set loads), and whether a save waits for that.
    static STORE_READ: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static SAVE_WAITING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// The files the portal's data set was read from, when from static hosting (without
    /// the outage records: [`with_outages`]).
    static FILES: std::cell::RefCell<Option<DataFiles>> = const { std::cell::RefCell::new(None) };
    /// The data set with its outages once read, and the portal's it was read for.
    static WHOLE: std::cell::RefCell<Option<(Arc<DataSet>, Arc<DataSet>)>> =
        const { std::cell::RefCell::new(None) };
}

/// The files of the data set as the portal fetched them from static hosting, by their
/// path in it, and the folder they are in.
#[derive(Clone, Debug)]
pub struct DataFiles {
    /// `/data/{vendor}/`.
    pub base: String,
    /// Path in the folder → text.
    pub files: Map<String, String>,
}

/// The files `names` under `base`, those in `early` as they are, the others fetched
/// side by side.
async fn fetch_files(
    base: &str,
    names: Vec<String>,
    mut early: Map<String, String>,
) -> Result<Map<String, String>, Vec<String>> {
    let texts = futures::future::join_all(names.iter().map(|name| {
        let early = early.remove(name);
        let url = format!("{base}{name}");
        async move {
            match early {
                Some(text) => Ok(text),
                None => crate::browser::get_text(&url).await,
            }
        }
    }))
    .await;
    let mut files = Map::new();
    let mut failed = Vec::new();
    for (name, text) in names.into_iter().zip(texts) {
        match text {
            Ok(t) => {
                files.insert(name, t);
            }
            Err(e) => failed.push(e),
        }
    }
    if failed.is_empty() {
        Ok(files)
    } else {
        Err(failed)
    }
}

/// The data set with its outage records, for availability and service credits: `data`
/// itself when it came from `covered serve` (read whole), else read again with the
/// outage files fetched now beside the portal's.
pub async fn with_outages(data: Arc<DataSet>) -> Result<Arc<DataSet>, Vec<String>> {
    let Some(DataFiles { base, mut files }) = FILES.with_borrow(Clone::clone) else {
        return Ok(data);
    };
    // Read once for the data set the portal has (a page opened again takes it as it is).
    if let Some(whole) = WHOLE.with_borrow(|w| {
        w.as_ref()
            .filter(|(of, _)| Arc::ptr_eq(of, &data))
            .map(|(_, whole)| whole.clone())
    }) {
        return Ok(whole);
    }
    let index = files.get("index.json").cloned().unwrap_or_default();
    let names = covered_core::contract::manifest_files(&index)
        .map_err(|p| p.0.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    let missing: Vec<String> = names
        .into_iter()
        .filter(|n| !files.contains_key(n))
        .collect();
    files.extend(fetch_files(&base, missing, Map::new()).await?);
    let whole = covered_core::contract::load_for_requests(&files)
        .map(Arc::new)
        .map_err(|p| p.0.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    WHOLE.with_borrow_mut(|w| *w = Some((data, whole.clone())));
    Ok(whole)
}

/// A performance mark, for the budget tests' account of where start-up time goes.
pub fn mark(name: &str) {
    if let Some(perf) = window().performance() {
        let _ = perf.mark(name);
    }
}

/// The work of [`Portal::save`], in the `store` chunk with the store's reader: the
/// serialisation of the requests is not in the first load (a page that saves fetches
/// the chunk as it opens: [`preload_store`]).
#[leptos::wasm_split::wasm_split(store, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_store_chunk))]
fn write_store(portal: Portal) -> Result<(), ChunkMissing> {
    let requests = if portal
        .backend
        .with_untracked(|b| matches!(b, Backend::Server(_)))
    {
        BROWSER_REQUESTS.with_borrow(Clone::clone)
    } else {
        portal.submissions.get_untracked()
    };
    let store = Store {
        schema_version: STORE_VERSION,
        requests,
        drafts: portal.drafts.get_untracked(),
    };
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(&store)) {
        let _ = storage.set_item(STORE_KEY, &text);
    }
    Ok(())
}

/// Starts fetching the `store` chunk (the store's reader and writer), for a page that
/// saves: its first save is then written at once.
pub fn preload_store() {
    wasm_bindgen_futures::spawn_local(async {
        let _ = preload_store_chunk().await;
    });
}

/// The stored requests and drafts read from `text`, in the `store` chunk: a first
/// visit, with nothing stored, never fetches their reader.
#[leptos::wasm_split::wasm_split(store, wasm_split_path = ::leptos::wasm_split, fallible)]
fn parse_store(text: String) -> Result<Result<Store, String>, ChunkMissing> {
    Ok(serde_json::from_str::<Value>(&text)
        .map_err(|e| e.to_string())
        .and_then(migrate))
}

/// Under `covered serve`, with someone logged in: the session read and the server's side
/// shown ([`Portal::logged_in`]), in the `server` chunk.
#[leptos::wasm_split::wasm_split(server, wasm_split_path = ::leptos::wasm_split, fallible)]
fn server_session(portal: Portal, body: Value) -> Result<(), ChunkMissing> {
    match server::session_of(body) {
        Some(session) => portal.logged_in(session),
        None => portal.backend.set(Backend::Server(None)),
    }
    Ok(())
}

/// The work of [`Portal::refresh_requests`], in the `server` chunk.
#[leptos::wasm_split::wasm_split(server, wasm_split_path = ::leptos::wasm_split, fallible)]
fn requests_from_server(portal: Portal) -> Result<LocalBoxFuture<'static, ()>, ChunkMissing> {
    Ok(Box::pin(async move {
        if let Ok(r) = server::requests().await {
            keep_requests(portal, r);
        }
    }))
}

/// The work of [`Portal::refresh`], in the `server` chunk: the API's answers and how
/// they are read are not in the first load of a portal served as static files, which
/// never calls it.
#[leptos::wasm_split::wasm_split(server, wasm_split_path = ::leptos::wasm_split, fallible)]
fn refresh_from_server(portal: Portal) -> Result<LocalBoxFuture<'static, ()>, ChunkMissing> {
    Ok(Box::pin(async move {
        let (files, requests) = futures::future::join(server::dataset(), server::requests()).await;
        let loaded = files.and_then(|files| {
            covered_core::contract::load_for_requests(&files)
                .map_err(|p| p.0.iter().map(ToString::to_string).collect())
        });
        match (loaded, requests) {
            (Ok(d), Ok(r)) => {
                keep_requests(portal, r);
                portal.data.set(Load::Ready(Arc::new(d)));
            }
            (Err(lines), _) => portal.data.set(Load::Failed(lines)),
            (_, Err(e)) => portal.data.set(Load::Failed(vec![e])),
        }
    }))
}

/// The server's requests `r` (each with its status) as the portal's.
fn keep_requests(portal: Portal, r: Vec<(Submission, String)>) {
    portal.server_statuses.set(
        r.iter()
            .map(|(s, status)| ((s.filing.contract.clone(), s.sr.clone()), status.clone()))
            .collect(),
    );
    portal
        .submissions
        .set(r.into_iter().map(|(s, _)| s).collect());
}
