//! `covered serve`: the portal and a JSON API over one shared request store, with the
//! same engine (`covered-core`) judging every submission on the server.
//!
//! - `routes.rs` — the API handlers; `openapi.rs` — the table of operations and the
//!   OpenAPI document built from it;
//! - `engine.rs` — the bridge to the core (stored rows → history, submissions →
//!   verdicts, pauses → deadlines);
//! - `store.rs` — SQLite or PostgreSQL through one set of SQL and `migrations/`;
//! - `auth.rs` — accounts, argon2, session cookies, CSRF; `input.rs` — body parsing
//!   whose errors name the field; `error.rs` — the one JSON error shape;
//! - `clock.rs` — the server's clock (system, shifted by `--now`, or set by tests);
//! - `desk.rs` — the vendor's desk (open requests by the clock due next), assignees
//!   and internal notes;
//! - `scheduler.rs` — writes each request's timed events (warnings, breaches,
//!   escalation steps, computed by the core) to the outbox when they fall due;
//! - `audit.rs` — the hash-chained audit trail every change appends to, its API and
//!   `covered audit verify`.
//! - `mail.rs` — the email each change or timed event calls for (words from the data,
//!   chosen by the core) and its sender over SMTP;
//! - `options.rs` — `covered serve`'s options, from the command line and `--config`'s
//!   TOML file, combined into a [`Config`].
//! - `widget.rs` — the public checker's data (`/api/widget/<token>/`): the catalog and
//!   one published contract, with its limits' counts, for a customer's homepage.

mod attachments;
pub mod audit;
mod auth;
mod autoclose;
pub mod backup;
mod calendar;
pub mod clock;
mod dataset;
mod desk;
mod engine;
mod error;
mod incident;
mod input;
pub mod log;
pub mod mail;
pub mod openapi;
pub mod options;
mod rate;
mod routes;
mod scheduler;
mod store;
mod timeline;
mod widget;

pub use clock::Clock;
pub use store::Backend;

use axum::Router;
use covered_core::contract::DataSet;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_http::services::{ServeDir, ServeFile};

/// The default data directory.
pub const DEFAULT_DATA: &str = "public/data/library";
/// The sample's demo accounts, used with the default data directory.
pub const DEMO_ACCOUNTS: &str = "cli/demo/library-accounts.json";
/// The sample's published checkers (hanbit-city's), used with the default data directory.
pub const DEMO_WIDGETS: &str = "cli/demo/library-widgets.json";
/// The default database.
pub const DEFAULT_DB: &str = "sqlite://data/covered.db";

/// How to run the server.
#[derive(Debug, Clone)]
pub struct Config {
    /// The vendor's data directory.
    pub data_dir: PathBuf,
    /// The built portal, if any.
    pub site_dir: Option<PathBuf>,
    /// The database URL.
    pub db_url: String,
    /// The accounts file to seed from.
    pub accounts: Option<PathBuf>,
    /// The widgets file: the contracts published for the public checker, with their
    /// share tokens (`--widgets`).
    pub widgets: Option<PathBuf>,
    /// The clock.
    pub clock: Clock,
    /// Whether clients reach the server over TLS (cookies get `Secure`).
    pub tls: bool,
    /// How notices are mailed.
    pub mail: mail::MailConfig,
    /// Timeouts and caps that keep one client from holding the server.
    pub limits: Limits,
}

/// Timeouts and caps (`covered serve`'s `--header-timeout` … `--engine-jobs`).
#[derive(Debug, Clone)]
pub struct Limits {
    /// A connection that has not sent a request's whole head within this is closed (an
    /// idle one too, this long after its last answer).
    pub header_timeout: std::time::Duration,
    /// A request whose body has not arrived within this is answered 408.
    pub body_timeout: std::time::Duration,
    /// A request not answered within this is answered 503 (`timeout`).
    pub request_timeout: std::time::Duration,
    /// Requests handled at once; more are answered 503 (`overloaded`) at once.
    pub max_requests: usize,
    /// Connections open at once; more wait in the listen queue.
    pub max_connections: usize,
    /// Connections open at once from one address; more are closed as soon as they are
    /// accepted, so that one address can't take every connection (0: no cap).
    pub max_connections_per_address: usize,
    /// Password hashes computed at once (argon2 takes about 19 MB each); more logins
    /// are answered 429 (`busy`) with `Retry-After`.
    pub max_hashes: usize,
    /// The engine's heavy computations (KPI reports, credit statements, quotas) run at
    /// once off the async workers; more wait for a turn.
    pub engine_jobs: usize,
    /// New requests an account may file a minute (0: no limit); more are answered 429.
    pub submissions_per_minute: u32,
    /// Comments, internal notes and files an account may add a minute (0: no limit).
    pub comments_per_minute: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        let cpus = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        Limits {
            header_timeout: std::time::Duration::from_secs(10),
            body_timeout: std::time::Duration::from_secs(60),
            request_timeout: std::time::Duration::from_secs(120),
            max_requests: 256,
            max_connections: 1024,
            max_connections_per_address: 256,
            max_hashes: 4,
            engine_jobs: cpus,
            submissions_per_minute: 20,
            comments_per_minute: 30,
        }
    }
}

/// What the handlers share.
#[derive(Debug)]
pub struct AppState {
    data: DataSet,
    /// The data directory's files by contract, for `GET /api/dataset`.
    published: dataset::Published,
    /// The contracts published for the public checker, by token (`GET /api/widget/…`).
    shares: widget::Shares,
    store: store::Store,
    clock: Clock,
    /// Institution id → the contracts its accounts may see.
    institutions: BTreeMap<String, Vec<String>>,
    /// Categories with an annual limit (whose stored requests a verdict reads).
    limited: Vec<String>,
    /// Request ids of each contract's history file (SR numbers continue after them).
    file_ids: BTreeMap<String, Vec<String>>,
    /// A hash checked when a login is unknown (so it takes as long as a wrong password).
    dummy_hash: String,
    tls: bool,
    /// Sessions seen lately.
    sessions: auth::SessionCache,
    /// Told when a request is filed or changes, so the scheduler looks again.
    changed: tokio::sync::Notify,
    /// The SMTP relay notices are sent through, if any.
    relay: Option<mail::Relay>,
    /// The portal's address (`--portal-url`, no trailing slash; empty: links relative).
    portal: String,
    /// Turns for the engine's heavy work ([`Limits::engine_jobs`]).
    heavy: Arc<tokio::sync::Semaphore>,
    /// Turns for password hashes ([`Limits::max_hashes`]).
    hashes: Arc<tokio::sync::Semaphore>,
    /// Per-account limits on new requests and comments.
    rates: rate::Rates,
}

/// A demo login printed at start.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    /// Login.
    pub login: String,
    /// Password.
    pub password: String,
    /// Who it is.
    pub who: String,
}

/// A server ready to serve: data loaded, database migrated, accounts seeded.
#[derive(Debug, Clone)]
pub struct Server {
    state: Arc<AppState>,
    config: Config,
    demo: Vec<DemoLogin>,
}

impl Server {
    /// Loads the data, opens (and migrates) the database and adds the accounts file's
    /// institutions and missing accounts.
    ///
    /// # Errors
    ///
    /// Unreadable or invalid data or accounts, or a database that can't be opened.
    pub async fn open(config: Config) -> Result<Server, String> {
        let dir = config.data_dir.to_string_lossy().into_owned();
        let files = crate::data::read_dir(&dir).map_err(|e| format!("{dir}: {e}"))?;
        let data = covered_core::contract::load(&files)
            .map_err(|p| format!("{dir}: {}", crate::data::DataError::Invalid(p)))?;
        if data.catalog.lifecycle.is_none() {
            return Err(format!(
                "{dir}: catalog.json: $.lifecycle: missing (the server files requests, and a \
                 request's statuses and moves come from the catalog's lifecycle; see \
                 docs/data-format.md)"
            ));
        }
        let published = dataset::Published::new(&files).map_err(|e| format!("{dir}: {e}"))?;
        let shares = match &config.widgets {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                widget::Shares::read(&path.display().to_string(), &text, &data)?
            }
            None => widget::Shares::default(),
        };
        let notices = mail::load_notices(&files).map_err(|e| format!("{dir}: {e}"))?;
        let relay = mail::relay_of(&config.mail)?;
        let mut store = store::Store::open(&config.db_url).await?;
        let keeper = desk::Keeper::new(
            Arc::new(data.clone()),
            files.iter().map(|(p, t)| (p.as_str(), t.as_str())),
        );
        desk::backfill(&store, &keeper)
            .await
            .map_err(|e| format!("the desk's keys: {e}"))?;
        store.keep_desk(keeper);
        if let Some(n) = notices {
            store.set_composer(Arc::new(mail::Mailer::new(data.clone(), n, &config.mail)));
        }
        let mut demo = Vec::new();
        let zone = engine::zone(&data.catalog);
        let seeded = |kind: &str| {
            audit::Entry::at_time(config.clock.now_ms(), &zone, "system", kind)
                .detail(serde_json::json!({"source": "accounts file"}))
        };
        if let Some(path) = &config.accounts {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let (file, accounts) = auth::read_accounts(&text, &data)
                .map_err(|e| format!("{}:\n{e}", path.display()))?;
            for i in &file.institutions {
                store
                    .seed_institution(&i.id, &i.name, &i.contracts, seeded("institution.changed"))
                    .await
                    .map_err(|e| format!("seeding {}: {e}", i.id))?;
            }
            for (seed, account) in file.accounts.iter().zip(&accounts) {
                if let Some(p) = &seed.password {
                    let who = match (&account.institution, &account.branch) {
                        (None, _) => format!("{} (vendor staff: every contract)", account.name),
                        (Some(i), None) => format!("{} ({i})", account.name),
                        (Some(i), Some(b)) => format!("{} ({i}, branch {b} only)", account.name),
                    };
                    demo.push(DemoLogin {
                        login: account.login.clone(),
                        password: p.clone(),
                        who,
                    });
                }
                if store
                    .has_account(&account.login)
                    .await
                    .map_err(|e| format!("seeding {}: {e}", account.login))?
                {
                    seed_email(&store, seed).await?;
                    continue;
                }
                let hash = match (&seed.password, &seed.password_hash) {
                    (_, Some(h)) => h.clone(),
                    (Some(p), None) => {
                        let p = p.clone();
                        tokio::task::spawn_blocking(move || auth::hash_password(&p))
                            .await
                            .map_err(|e| e.to_string())??
                    }
                    (None, None) => continue,
                };
                store
                    .add_account(
                        account,
                        &hash,
                        clock::system_ms(),
                        seeded("account.created"),
                    )
                    .await
                    .map_err(|e| format!("seeding {}: {e}", account.login))?;
                seed_email(&store, seed).await?;
            }
        }
        let institutions = store
            .institution_contracts()
            .await
            .map_err(|e| format!("reading institutions: {e}"))?;
        let limited = engine::limited_categories(&data.catalog);
        let file_ids = data
            .histories
            .iter()
            .map(|(c, h)| (c.clone(), h.iter().map(|r| r.id.clone()).collect()))
            .collect();
        let dummy_hash = tokio::task::spawn_blocking(auth::dummy_hash)
            .await
            .map_err(|e| e.to_string())?;
        let tls = config.tls;
        Ok(Server {
            state: Arc::new(AppState {
                data,
                published,
                shares,
                store,
                clock: config.clock.clone(),
                institutions,
                limited,
                file_ids,
                dummy_hash,
                tls,
                sessions: auth::SessionCache::default(),
                changed: tokio::sync::Notify::new(),
                relay,
                portal: config.mail.portal.trim_end_matches('/').to_owned(),
                heavy: Arc::new(tokio::sync::Semaphore::new(
                    config.limits.engine_jobs.max(1),
                )),
                hashes: Arc::new(tokio::sync::Semaphore::new(config.limits.max_hashes.max(1))),
                rates: rate::Rates::new(
                    config.limits.submissions_per_minute,
                    config.limits.comments_per_minute,
                ),
            }),
            config,
            demo,
        })
    }

    /// The database in use.
    pub fn backend(&self) -> Backend {
        self.state.store.backend
    }

    /// The server's clock.
    pub fn clock(&self) -> &Clock {
        &self.state.clock
    }

    /// The accounts file's demo logins (those given with a plain password).
    pub fn demo_logins(&self) -> &[DemoLogin] {
        &self.demo
    }

    /// One pass of the scheduler now, by the server's clock: writes every open
    /// request's due timed events that the outbox lacks; returns how many it wrote.
    /// `serve` runs passes on its own; tests that drive the router call this.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn run_due(&self) -> Result<u64, String> {
        scheduler::run_due(&self.state)
            .await
            .map(|p| p.written)
            .map_err(|e| e.message)
    }

    /// One pass of the mail sender now: the outbox's new events into messages, and with
    /// SMTP every due message sent or rescheduled; returns how many it attempted.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn send_mail(&self) -> Result<usize, String> {
        mail::run_once(&self.state).await.map_err(|e| e.message)
    }

    /// Closes the database connections.
    pub async fn close(&self) {
        self.state.store.close().await;
    }

    /// Every route: `/api/…` and the portal at `/`. The data directory is not published
    /// as files: it holds every customer's contract; each caller gets its own part from
    /// `GET /api/dataset`.
    pub fn router(&self) -> Router {
        let api = routes::api()
            .merge(audit::routes())
            .merge(attachments::routes())
            // After every route: a method a route does not answer is the JSON 405.
            .method_not_allowed_fallback(error::method_not_allowed)
            .layer(axum::middleware::map_response(error::json_errors))
            .layer(axum::middleware::map_response_with_state(
                Arc::clone(&self.state),
                routes::stamp_time,
            ));
        // The health checks: outside /api (no session, no CSRF, no rate limit).
        let app = Router::new()
            .route("/healthz", axum::routing::get(healthz))
            .route("/readyz", axum::routing::get(readyz))
            .nest("/api", api)
            // Every route's pattern into the request log (the portal's files have none).
            .route_layer(axum::middleware::from_fn(log::route));
        let app = match &self.config.site_dir {
            // The widget's script and calculator, which a customer's homepage (another
            // origin) loads as a module: any origin may (public files, no cookie read).
            // The built site's copy of the data sets (`/data/…`, for static hosting) is
            // not served: it holds every customer's contract and history; each caller
            // gets its own part from `/api/dataset`.
            Some(site) => app
                .nest_service("/widget", widget::script_files(site))
                .route("/data", axum::routing::any(no_data_files))
                .route("/data/", axum::routing::any(no_data_files))
                .route("/data/{*file}", axum::routing::any(no_data_files))
                .fallback_service(site_files(site)),
            None => app.fallback(|| async {
                error::ApiError::not_found(
                    "page: the portal is not built (run `cargo xtask site`); the API is at /api",
                )
            }),
        };
        app.with_state(Arc::clone(&self.state))
    }

    /// Serves on `listener`, with the scheduler writing due events to the outbox, until
    /// `shutdown` completes; then stops the scheduler and closes the database.
    ///
    /// # Errors
    ///
    /// When the listener fails.
    pub async fn serve(
        &self,
        listener: tokio::net::TcpListener,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> Result<(), String> {
        let scheduler = tokio::spawn(scheduler::run(Arc::clone(&self.state)));
        let sender = tokio::spawn(mail::run(Arc::clone(&self.state)));
        let result = serve_on(listener, self.router(), &self.config.limits, shutdown).await;
        scheduler.abort();
        sender.abort();
        let _ = scheduler.await;
        let _ = sender.await;
        self.close().await;
        result
    }
}

/// Any `/data/…` path under `covered serve`: 404, as if the file were not there.
async fn no_data_files() -> error::ApiError {
    error::ApiError::not_found(
        "file: the data sets are not published as files here; each account gets its part from /api/dataset",
    )
}

/// `GET /healthz`: the process is up and answering.
async fn healthz() -> axum::response::Response {
    routes::json_response(
        axum::http::StatusCode::OK,
        &serde_json::json!({"status": "ok"}),
    )
}

/// `GET /readyz`: 200 when the database answers a trivial query, else 503 (the JSON
/// error `unavailable`).
async fn readyz(
    axum::extract::State(st): axum::extract::State<Arc<AppState>>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    match st.store.ping().await {
        Ok(()) => routes::json_response(
            axum::http::StatusCode::OK,
            &serde_json::json!({"status": "ok"}),
        ),
        Err(e) => error::ApiError::new(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            format!("the database does not answer: {e}"),
        )
        .into_response(),
    }
}

/// Gives a seeded account the accounts file's address when it has none.
async fn seed_email(store: &store::Store, seed: &auth::SeedAccount) -> Result<(), String> {
    match &seed.email {
        Some(e) => store
            .seed_email(&seed.login, e)
            .await
            .map_err(|e| format!("seeding {}: {e}", seed.login)),
        None => Ok(()),
    }
}

/// The built portal's files, as `covered serve` and `covered serve --static` send them:
/// a file's precompressed copy (`*.gz`, made by the build) to browsers that accept gzip,
/// and `index.html` for every path that names no file (the portal's own routes).
fn site_files(site: &Path) -> ServeDir<ServeFile> {
    ServeDir::new(site)
        .precompressed_gzip()
        .fallback(ServeFile::new(site.join("index.html")).precompressed_gzip())
}

/// `covered serve --static`: only the built portal's files, no API and no database; the
/// portal finds no server behind it and keeps requests in the browser, as on any web
/// server a vendor might put it on.
pub fn static_router(site: &Path) -> Router {
    Router::new().fallback_service(site_files(site))
}

/// Serves `app` on `listener` until `shutdown` completes, within `limits`: at most
/// `max_connections` connections at once (the next waits in the listen queue until one
/// closes), each closed when a request's head has not arrived within `header_timeout`
/// (hyper's header-read timeout); every request through [`limited`]. Nagle's algorithm
/// is off on every connection: a response written as head then body would otherwise wait
/// for the client's delayed ACK (40 ms on loopback) before its last segment. On shutdown
/// the listener closes and the open connections finish their requests (for at most
/// `request_timeout`).
async fn serve_on(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: &Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    use tower::ServiceExt;
    let service = limited(app, limits);
    let connections = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let per_address = PerAddress::new(limits.max_connections_per_address);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            () = &mut shutdown => break,
            p = Arc::clone(&connections).acquire_owned() => p.map_err(|e| e.to_string())?,
        };
        let (tcp, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(c) => c,
                Err(e) => {
                    // Out of file descriptors, or a connection reset before it was
                    // accepted: wait a little and go on.
                    tracing::warn!("accept: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        // One address over its share is closed at once (its permit given back).
        let Some(share) = per_address.take(peer.ip()) else {
            continue;
        };
        // A connection whose option can't be set is served all the same, a little slower.
        let _ = tcp.set_nodelay(true);
        let service = service.clone();
        // Each connection's peer address reaches the handlers (`ConnectInfo`) for the
        // audit trail's "from where" and the login throttle.
        let per_request = hyper::service::service_fn(
            move |mut req: axum::http::Request<hyper::body::Incoming>| {
                req.extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                service.clone().oneshot(req)
            },
        );
        let conn =
            graceful.watch(http.serve_connection(hyper_util::rt::TokioIo::new(tcp), per_request));
        tokio::spawn(async move {
            let _ = conn.await;
            drop(share);
            drop(permit);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(limits.request_timeout, graceful.shutdown()).await;
    Ok(())
}

/// The connections open from each address, capped ([`Limits::max_connections_per_address`]).
#[derive(Clone)]
struct PerAddress {
    cap: usize,
    open: Arc<std::sync::Mutex<std::collections::HashMap<std::net::IpAddr, usize>>>,
}

/// One connection's place in its address's share; given back when dropped.
struct Share {
    ip: std::net::IpAddr,
    of: PerAddress,
}

impl PerAddress {
    fn new(cap: usize) -> PerAddress {
        PerAddress {
            cap,
            open: Arc::default(),
        }
    }

    /// A place for one more connection from `ip`, or `None` when it has its share.
    fn take(&self, ip: std::net::IpAddr) -> Option<Share> {
        let mut open = self
            .open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let n = open.entry(ip).or_insert(0);
        if self.cap > 0 && *n >= self.cap {
            return None;
        }
        *n = n.saturating_add(1);
        Some(Share {
            ip,
            of: self.clone(),
        })
    }
}

impl Drop for Share {
    fn drop(&mut self) {
        let mut open = self
            .of
            .open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(n) = open.get_mut(&self.ip) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

/// What every request goes through: at most `max_requests` at once (more are answered
/// 503 `overloaded` at once, with `Retry-After`), answered within `request_timeout`
/// (else 503 `timeout`), its body read within `body_timeout` (else 408). Every refusal
/// is the API's JSON error.
fn limited(
    app: Router,
    limits: &Limits,
) -> impl tower::Service<
    axum::http::Request<hyper::body::Incoming>,
    Response = axum::response::Response,
    Error = std::convert::Infallible,
    Future = impl Send,
> + Clone
+ Send
+ 'static {
    use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
    let id = axum::http::HeaderName::from_static(log::REQUEST_ID);
    tower::ServiceBuilder::new()
        // The request log's span around everything, refusals included: the request's id
        // (the client's when usable, else a new one, sent back), then its line when answered.
        .map_request(log::usable_id)
        .layer(SetRequestIdLayer::new(id.clone(), MakeRequestUuid))
        .layer(PropagateRequestIdLayer::new(id))
        .map_response(|r: axum::http::Response<_>| r.map(axum::body::Body::new))
        .layer(
            tower_http::trace::TraceLayer::new_for_http()
                .make_span_with(log::span)
                .on_request(())
                .on_response(log::answered)
                .on_body_chunk(())
                .on_eos(())
                .on_failure(()),
        )
        .layer(axum::error_handling::HandleErrorLayer::new(refused))
        .load_shed()
        .concurrency_limit(limits.max_requests.max(1))
        .timeout(limits.request_timeout)
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            limits.body_timeout,
        ))
        .map_request(|r: axum::http::Request<_>| r.map(axum::body::Body::new))
        .service(app)
}

/// The JSON answer to a request [`limited`] refused.
async fn refused(e: tower::BoxError) -> axum::response::Response {
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    if e.is::<tower::timeout::error::Elapsed>() {
        return error::ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            "the server could not answer in time; try again",
        )
        .into_response();
    }
    if e.is::<tower::load_shed::error::Overloaded>() {
        let mut res = error::ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "overloaded",
            "the server is answering as many requests as it can; try again in a moment",
        )
        .into_response();
        res.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from_static("1"),
        );
        return res;
    }
    error::ApiError::internal("middleware", e).into_response()
}

/// Why `covered serve` did not run (exit code 2 either way).
#[derive(Debug)]
pub enum Failure {
    /// Options that don't go together or can't be read (the message names them).
    Usage(String),
    /// It could not start: the data, the database, the address.
    Failed(String),
}

/// `covered serve …`: combines the options (and the `--config` file), starts, prints the
/// demo logins and the address, and serves until Ctrl-C or SIGTERM.
///
/// # Errors
///
/// [`Failure`].
pub fn main(options: options::Options) -> Result<(), Failure> {
    let options::Settings {
        mut config,
        addr,
        static_files,
        portal_from_address,
        log_format,
        ..
    } = options.resolve().map_err(Failure::Usage)?;
    log::init(log_format).map_err(Failure::Usage)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Failed(format!("cannot start the runtime: {e}")))?;
    runtime
        .block_on(async move {
            if static_files {
                let site = config.site_dir.ok_or_else(|| {
                    "--static: no built portal at target/site (run `cargo xtask site`, or give --site <dir>)"
                        .to_owned()
                })?;
                let listener = bind(addr).await?;
                println!(
                    "covered serve: the portal {} as static files (no API, no database: requests stay in each browser)",
                    site.display()
                );
                println!("listening on http://{}/", local_addr(&listener)?);
                return serve_on(
                    listener,
                    static_router(&site),
                    &config.limits,
                    shutdown_signal(),
                )
                .await;
            }
            let listener = bind(addr).await?;
            if portal_from_address {
                // The port listened on, also when `--port 0` let the system choose it.
                config.mail.portal = format!("http://{}", local_addr(&listener)?);
            }
            let server = Server::open(config.clone()).await?;
            print_start(&server, &config);
            println!("listening on http://{}/", local_addr(&listener)?);
            server.serve(listener, shutdown_signal()).await
        })
        .map_err(Failure::Failed)
}

async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, String> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))
}

fn local_addr(listener: &tokio::net::TcpListener) -> Result<SocketAddr, String> {
    listener.local_addr().map_err(|e| e.to_string())
}

fn print_start(server: &Server, config: &Config) {
    println!(
        "covered serve: data {} ({} contracts), database {} ({}), portal {}",
        config.data_dir.display(),
        server.state.data.contracts.len(),
        store::redact(&config.db_url),
        match server.backend() {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        },
        config.site_dir.as_ref().map_or_else(
            || "not built (API only)".to_owned(),
            |s| s.display().to_string()
        )
    );
    if server.demo.is_empty() {
        println!("no demo logins (give an accounts file with --accounts)");
    } else {
        println!("demo logins (login / password):");
        for d in &server.demo {
            println!("  {:<18} {:<18} {}", d.login, d.password, d.who);
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
