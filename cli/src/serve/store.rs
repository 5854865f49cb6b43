//! Storage: SQLite (a file, by default `./data/covered.db`) or PostgreSQL, through one
//! set of SQL statements and one set of migrations (`migrations/*.sql`) written for
//! both. sqlx's `Any` driver picks the database from the URL.
//!
//! SQLite runs in WAL mode with `synchronous = NORMAL`: a commit has been written to the
//! WAL file (in the operating system's page cache) before it returns, so killing the
//! server — even with SIGKILL — loses no committed transaction; only a crash of the
//! operating system or the machine can lose the last commits (use PostgreSQL, or put
//! the file on a filesystem you trust to `fsync` for that). Writes go through a single
//! connection, so SQLite never sees two writers from one server; reads use a small pool
//! of their own. Write transactions take SQLite's write lock as they begin, so that two
//! servers on one file (or `covered` commands beside a server) wait for each other.

use super::audit::{self, Entry};
use super::error::ApiError;
use covered_core::calendar::Pause;
use covered_core::civil::{Date, DateTime};
use covered_core::filing::Filing;
use covered_core::lifecycle::{Record, Satisfaction};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row};
use std::collections::BTreeMap;

/// The migrations, in order; each runs once, in a transaction, and is recorded in
/// `schema_migrations`.
const MIGRATIONS: [(i64, &str, &str); 11] = [
    (1, "init", include_str!("migrations/0001_init.sql")),
    (
        2,
        "lifecycle",
        include_str!("migrations/0002_lifecycle.sql"),
    ),
    (3, "outbox", include_str!("migrations/0003_outbox.sql")),
    (4, "desk", include_str!("migrations/0004_desk.sql")),
    (5, "mail", include_str!("migrations/0005_mail.sql")),
    (6, "audit", include_str!("migrations/0006_audit.sql")),
    (
        7,
        "attachments",
        include_str!("migrations/0007_attachments.sql"),
    ),
    (
        8,
        "calendar_feeds",
        include_str!("migrations/0008_calendar_feeds.sql"),
    ),
    (
        9,
        "incident_reports",
        include_str!("migrations/0009_incident_reports.sql"),
    ),
    (
        10,
        "login_attempts",
        include_str!("migrations/0010_login_attempts.sql"),
    ),
    (
        11,
        "request_list_index",
        include_str!("migrations/0011_request_list_index.sql"),
    ),
];

/// The schema version this program brings a database to (its last migration).
pub(super) fn schema_version() -> i64 {
    MIGRATIONS.last().map_or(0, |(v, _, _)| *v)
}

/// The name migration `version` is recorded under, if this program has it.
pub(super) fn migration_name(version: i64) -> Option<&'static str> {
    MIGRATIONS
        .iter()
        .find(|(v, _, _)| *v == version)
        .map(|(_, n, _)| *n)
}

mod incident;
mod mail;
mod throttle;
pub use incident::ReportRow;
pub use mail::{Change, Compose, Contact, MailFilter, MailRow};
pub use throttle::{BackOff, Bucket};

/// Which database is behind the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// The database.
#[derive(Debug, Clone)]
pub struct Store {
    write: AnyPool,
    read: AnyPool,
    /// Which database it is.
    pub backend: Backend,
    /// Writes the desk's keys of every request written (`desk.rs`).
    desk: Option<super::desk::Keeper>,
    /// Writes the messages a change calls for (`mail.rs`), once the server has set it.
    composer: mail::Composer,
}

/// The SQLite URL for a plain path or a `sqlite:` URL, creating the file's folder; other
/// URLs unchanged.
fn normalise(url: &str) -> Result<(String, Backend), String> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((url.to_owned(), Backend::Postgres));
    }
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    if rest.contains("://") {
        return Err(format!(
            "{url:?}: expected postgres://…, sqlite://<file> or a file path"
        ));
    }
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" {
        return Err("an in-memory SQLite database would lose every request: give a file".into());
    }
    if let Some(dir) = std::path::Path::new(path).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let query = if query.contains("mode=") {
        query.to_owned()
    } else if query.is_empty() {
        "mode=rwc".to_owned()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok((format!("sqlite://{path}?{query}"), Backend::Sqlite))
}

fn db_err(context: &'static str) -> impl Fn(sqlx::Error) -> ApiError {
    move |e| ApiError::internal(context, e)
}

impl Store {
    /// Connects to `url` (`postgres://…`, `sqlite://<file>` or a file path) and brings its
    /// schema up to date.
    ///
    /// # Errors
    ///
    /// When the database can't be reached or created, or a migration fails.
    pub async fn open(url: &str) -> Result<Store, String> {
        sqlx::any::install_default_drivers();
        let (url, backend) = normalise(url)?;
        let options = || {
            AnyPoolOptions::new()
                .acquire_timeout(std::time::Duration::from_secs(30))
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        if conn.backend_name().eq_ignore_ascii_case("sqlite") {
                            use sqlx::Executor;
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                                 PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; \
                                 PRAGMA mmap_size = 268435456; PRAGMA wal_autocheckpoint = 4000;",
                            )
                            .await?;
                        }
                        Ok(())
                    })
                })
        };
        let shown = redact(&url);
        let (write, read) = match backend {
            Backend::Sqlite => {
                let write = options()
                    .max_connections(1)
                    .connect(&url)
                    .await
                    .map_err(|e| format!("cannot open {shown}: {e}"))?;
                let read = options()
                    .max_connections(4)
                    .connect(&url)
                    .await
                    .map_err(|e| format!("cannot open {shown}: {e}"))?;
                (write, read)
            }
            Backend::Postgres => {
                let pool = options()
                    .max_connections(16)
                    .connect(&url)
                    .await
                    .map_err(|e| format!("cannot connect to {shown}: {e}"))?;
                (pool.clone(), pool)
            }
        };
        let store = Store {
            write,
            read,
            backend,
            desk: None,
            composer: mail::Composer::default(),
        };
        store
            .migrate()
            .await
            .map_err(|e| format!("{shown}: migration failed: {e}"))?;
        Ok(store)
    }

    /// Applies the migrations not yet recorded. Each runs in a transaction that first
    /// takes the migrations' lock — an advisory lock on PostgreSQL, SQLite's write lock
    /// (`BEGIN IMMEDIATE`) — so that servers starting together on one database apply
    /// each migration once: the second waits, then finds it recorded.
    async fn migrate(&self) -> Result<(), sqlx::Error> {
        let mut tx = self.migration_lock().await?;
        sqlx::raw_sql(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, \
             name TEXT NOT NULL, applied_ms BIGINT NOT NULL)",
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        for (version, name, sql) in MIGRATIONS {
            let mut tx = self.migration_lock().await?;
            let done = sqlx::query("SELECT version FROM schema_migrations WHERE version = $1")
                .bind(version)
                .fetch_optional(&mut *tx)
                .await?;
            if done.is_none() {
                sqlx::raw_sql(sql).execute(&mut *tx).await?;
                sqlx::query(
                    "INSERT INTO schema_migrations (version, name, applied_ms) VALUES ($1, $2, $3)",
                )
                .bind(version)
                .bind(name)
                .bind(super::clock::system_ms())
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }

    /// A write transaction holding the migrations' lock until it ends.
    async fn migration_lock(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.begin().await,
            Backend::Postgres => {
                let mut tx = self.write.begin().await?;
                // Any number will do, as long as it is always the same one.
                sqlx::raw_sql("SELECT pg_advisory_xact_lock(7263685242)")
                    .execute(&mut *tx)
                    .await?;
                Ok(tx)
            }
        }
    }

    /// From now on, every write of a request writes its desk keys with it.
    pub fn keep_desk(&mut self, keeper: super::desk::Keeper) {
        self.desk = Some(keeper);
    }

    /// The pool writes go through (`desk.rs`).
    pub fn writer(&self) -> &AnyPool {
        &self.write
    }

    /// The pool reads go through (`desk.rs`).
    pub fn reader(&self) -> &AnyPool {
        &self.read
    }

    /// Closes every connection (after a checkpoint of SQLite's WAL).
    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }

    /// A write transaction. On SQLite it takes the write lock as it begins (`BEGIN
    /// IMMEDIATE`): a transaction that read first and wrote later would fail, rather
    /// than wait, when another process sharing the file had written in between.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.write.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.write.begin().await,
        }
    }

    /// The pool for reads.
    pub fn read_pool(&self) -> &AnyPool {
        &self.read
    }

    // --- accounts and sessions ---

    /// Adds the institution (or renames it) and the contracts its accounts may see;
    /// when that changes anything, `audit` is recorded with it.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn seed_institution(
        &self,
        id: &str,
        name: &str,
        contracts: &[String],
        audit: Entry,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.begin().await?;
        let renamed = sqlx::query(
            "INSERT INTO institutions (id, name) VALUES ($1, $2) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name \
             WHERE institutions.name <> excluded.name",
        )
        .bind(id)
        .bind(name)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let mut added = Vec::new();
        for c in contracts {
            let done = sqlx::query(
                "INSERT INTO institution_contracts (institution, contract) VALUES ($1, $2) \
                 ON CONFLICT (institution, contract) DO NOTHING",
            )
            .bind(id)
            .bind(c)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() > 0 {
                added.push(c.clone());
            }
        }
        if renamed > 0 || !added.is_empty() {
            let detail =
                serde_json::json!({"institution": id, "name": name, "contracts_added": added});
            audit::record(&mut tx, audit.detail(detail)).await?;
        }
        tx.commit().await
    }

    /// Whether an account with `login` exists.
    ///
    /// # Errors
    ///
    /// A database error.
    /// Whether the database answers a trivial query (`GET /readyz`).
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .fetch_one(&self.read)
            .await
            .map(|_| ())
    }

    pub async fn has_account(&self, login: &str) -> Result<bool, sqlx::Error> {
        Ok(sqlx::query("SELECT login FROM accounts WHERE login = $1")
            .bind(login)
            .fetch_optional(&self.write)
            .await?
            .is_some())
    }

    /// Adds an account unless one with its login exists (an existing account is kept as
    /// it is, password included), with `audit` when it was added.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn add_account(
        &self,
        a: &Account,
        password_hash: &str,
        now_ms: i64,
        audit: Entry,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.begin().await?;
        let added = sqlx::query(
            "INSERT INTO accounts (login, name, role, institution, branch, password_hash, created_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (login) DO NOTHING",
        )
        .bind(&a.login)
        .bind(&a.name)
        .bind(a.role.as_str())
        .bind(a.institution.clone())
        .bind(a.branch.clone())
        .bind(password_hash)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        if added.rows_affected() > 0 {
            let detail = serde_json::json!({
                "login": a.login, "name": a.name, "role": a.role.as_str(),
                "institution": a.institution, "branch": a.branch,
            });
            audit::record(&mut tx, audit.detail(detail)).await?;
        }
        tx.commit().await
    }

    /// The contracts of every institution.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn institution_contracts(
        &self,
    ) -> Result<BTreeMap<String, Vec<String>>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT institution, contract FROM institution_contracts ORDER BY contract",
        )
        .fetch_all(&self.read)
        .await?;
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for r in rows {
            out.entry(r.try_get("institution")?)
                .or_default()
                .push(r.try_get("contract")?);
        }
        Ok(out)
    }

    /// The account with `login` and its password hash.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn account(&self, login: &str) -> Result<Option<(Account, String)>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT login, name, role, institution, branch, password_hash FROM accounts WHERE login = $1",
        )
        .bind(login)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| Ok((account_of(&r)?, r.try_get("password_hash")?)))
            .transpose()
    }

    /// Records a session, with its login's `audit` entry.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn create_session(
        &self,
        token_hash: &str,
        login: &str,
        csrf: &str,
        now_ms: i64,
        expires_ms: i64,
        audit: Entry,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, account, csrf, created_ms, expires_ms) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(login)
        .bind(csrf)
        .bind(now_ms)
        .bind(expires_ms)
        .execute(&mut *tx)
        .await?;
        audit::record(&mut tx, audit).await?;
        tx.commit().await
    }

    /// The account, CSRF token and expiry of an unexpired session.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn session(
        &self,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<Option<(Account, String, i64)>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT a.login, a.name, a.role, a.institution, a.branch, s.csrf, s.expires_ms FROM sessions s \
             JOIN accounts a ON a.login = s.account WHERE s.token_hash = $1 AND s.expires_ms > $2",
        )
        .bind(token_hash)
        .bind(now_ms)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            Ok((
                account_of(&r)?,
                r.try_get("csrf")?,
                r.try_get("expires_ms")?,
            ))
        })
        .transpose()
    }

    /// Ends a session, with its logout's `audit` entry.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn delete_session(&self, token_hash: &str, audit: Entry) -> Result<(), sqlx::Error> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
        audit::record(&mut tx, audit).await?;
        tx.commit().await
    }

    // --- requests ---

    /// Files a request under `contract`, atomically: locks the contract's row, returns
    /// the original when `account` already filed one with `idempotency_key` (or a 422
    /// when that one's body differs), reads the contract's stored requests in the
    /// categories `history_categories` and lets `decide` judge the submission against
    /// them and the last SR number issued; what `decide` returns is inserted and the
    /// transaction commits before this returns, with `audit` completed by the new row.
    /// When `decide` refuses, nothing is stored; a replay records nothing.
    ///
    /// # Errors
    ///
    /// `decide`'s refusal, a reused idempotency key, or a database error (500).
    #[allow(clippy::too_many_arguments)]
    pub async fn submit<F>(
        &self,
        contract: &str,
        account: &str,
        idempotency_key: Option<&str>,
        body_hash: &str,
        history_categories: &[String],
        audit: Entry,
        decide: F,
    ) -> Result<Submitted, ApiError>
    where
        F: FnOnce(&[HistoryRow], &str) -> Result<RequestRow, ApiError>,
    {
        let e = db_err("submit");
        let mut tx = self.begin().await.map_err(&e)?;
        let last_sr: String = sqlx::query(
            "INSERT INTO contract_state (contract, last_sr) VALUES ($1, '') \
             ON CONFLICT (contract) DO UPDATE SET last_sr = contract_state.last_sr RETURNING last_sr",
        )
        .bind(contract)
        .fetch_one(&mut *tx)
        .await
        .and_then(|r| r.try_get("last_sr"))
        .map_err(&e)?;
        if let Some(key) = idempotency_key {
            let row = sqlx::query(&format!(
                "SELECT {REQUEST_COLUMNS} FROM requests WHERE account = $1 AND idempotency_key = $2"
            ))
            .bind(account)
            .bind(key)
            .fetch_optional(&mut *tx)
            .await
            .map_err(&e)?;
            if let Some(row) = row {
                let row = request_of(&row).map_err(&e)?;
                tx.rollback().await.map_err(&e)?;
                return if row.body_hash == body_hash {
                    Ok(Submitted::Replayed(Box::new(row)))
                } else {
                    Err(ApiError::field(
                        "Idempotency-Key",
                        "this key was used for a different submission; use a new key for a new request",
                    )
                    .with_code("idempotency_key_reused"))
                };
            }
        }
        let history = if history_categories.is_empty() {
            Vec::new()
        } else {
            let marks: Vec<String> = (0..history_categories.len())
                .map(|i| format!("${}", i.saturating_add(2)))
                .collect();
            let sql = format!(
                "SELECT {HISTORY_COLUMNS} FROM requests WHERE contract = $1 AND category IN ({})",
                marks.join(", ")
            );
            let mut q = sqlx::query(&sql).bind(contract);
            for c in history_categories {
                q = q.bind(c);
            }
            q.fetch_all(&mut *tx)
                .await
                .map_err(&e)?
                .iter()
                .map(history_of)
                .collect::<Result<Vec<_>, _>>()
                .map_err(&e)?
        };
        let row = match decide(&history, &last_sr) {
            Ok(row) => row,
            Err(refused) => {
                tx.rollback().await.map_err(&e)?;
                return Err(refused);
            }
        };
        sqlx::query("UPDATE contract_state SET last_sr = $1 WHERE contract = $2")
            .bind(&row.sr)
            .bind(contract)
            .execute(&mut *tx)
            .await
            .map_err(&e)?;
        let inserted = insert_request(&mut tx, &row).await;
        if let Err(sqlx::Error::Database(d)) = &inserted
            && d.is_unique_violation()
            && let Some(key) = idempotency_key
        {
            // The same key raced in through another contract's lock: answer with the
            // one that won.
            tx.rollback().await.map_err(&e)?;
            let original = sqlx::query(&format!(
                "SELECT {REQUEST_COLUMNS} FROM requests WHERE account = $1 AND idempotency_key = $2"
            ))
            .bind(account)
            .bind(key)
            .fetch_optional(&self.write)
            .await
            .map_err(&e)?;
            return match original.map(|r| request_of(&r)).transpose().map_err(&e)? {
                Some(o) if o.body_hash == body_hash => Ok(Submitted::Replayed(Box::new(o))),
                _ => Err(ApiError::field(
                    "Idempotency-Key",
                    "this key was used for a different submission; use a new key for a new request",
                )
                .with_code("idempotency_key_reused")),
            };
        }
        inserted.map_err(&e)?;
        if let Some(k) = &self.desk {
            k.write(&mut tx, &row).await?;
        }
        self.queue_mail(&mut tx, Change::Submitted(&row), row.updated_ms)
            .await
            .map_err(&e)?;
        audit::record(&mut tx, audit.submitted(&row))
            .await
            .map_err(&e)?;
        tx.commit().await.map_err(&e)?;
        Ok(Submitted::New(Box::new(row)))
    }

    /// The request with `id`.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn request(&self, id: &str) -> Result<Option<RequestRow>, sqlx::Error> {
        sqlx::query(&format!(
            "SELECT {REQUEST_COLUMNS} FROM requests WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.read)
        .await?
        .map(|r| request_of(&r))
        .transpose()
    }

    /// Requests, newest first: of `contracts` (all when `None`), of `branch` when given,
    /// in `status` when given; at most `limit` after skipping `offset`.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn requests(&self, f: &ListFilter<'_>) -> Result<Vec<RequestRow>, sqlx::Error> {
        // Lists leave the stored verdict out (it is the bulk of a row).
        let columns = REQUEST_COLUMNS.replace(" verdict,", " '' AS verdict,");
        let mut sql = format!("SELECT {columns} FROM requests WHERE 1 = 1");
        let mut binds: Vec<String> = Vec::new();
        let mark = |binds: &mut Vec<String>, v: &str| {
            binds.push(v.to_owned());
            format!("${}", binds.len())
        };
        if let Some(cs) = f.contracts {
            if cs.is_empty() {
                return Ok(Vec::new());
            }
            let marks: Vec<String> = cs.iter().map(|c| mark(&mut binds, c)).collect();
            sql.push_str(&format!(" AND contract IN ({})", marks.join(", ")));
        }
        if let Some(b) = f.branch {
            let m = mark(&mut binds, b);
            sql.push_str(&format!(" AND branch = {m}"));
        }
        if let Some(s) = f.status {
            let m = mark(&mut binds, s);
            sql.push_str(&format!(" AND status = {m}"));
        }
        sql.push_str(&format!(
            " ORDER BY submitted_ms DESC, id LIMIT {} OFFSET {}",
            f.limit, f.offset
        ));
        let mut q = sqlx::query(&sql);
        for b in &binds {
            q = q.bind(b);
        }
        q.fetch_all(&self.read)
            .await?
            .iter()
            .map(request_of)
            .collect()
    }

    /// The requests with `ids` (without their verdicts), in no particular order.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn requests_by_id(&self, ids: &[String]) -> Result<Vec<RequestRow>, sqlx::Error> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let columns = REQUEST_COLUMNS.replace(" verdict,", " '' AS verdict,");
        let sql = format!(
            "SELECT {columns} FROM requests WHERE id IN ({})",
            marks(1, ids.len())
        );
        let mut q = sqlx::query(&sql);
        for id in ids {
            q = q.bind(id);
        }
        q.fetch_all(&self.read)
            .await?
            .iter()
            .map(request_of)
            .collect()
    }

    /// Every stored request of `contract`, as history (for quota, credits and KPIs).
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn history(&self, contract: &str) -> Result<Vec<HistoryRow>, sqlx::Error> {
        sqlx::query(&format!(
            "SELECT {HISTORY_COLUMNS} FROM requests WHERE contract = $1 ORDER BY submitted_ms"
        ))
        .bind(contract)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(history_of)
        .collect()
    }

    /// The stored events of request `id` (status changes and comments; its submission is
    /// the request row itself), oldest first — never the vendor's internal notes
    /// (`desk::notes` reads those, for the vendor's staff).
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn events(&self, id: &str) -> Result<Vec<Event>, sqlx::Error> {
        sqlx::query(
            "SELECT id, request, at, at_ms, account, kind, status, body FROM events \
             WHERE request = $1 AND kind <> $2 ORDER BY at_ms, id",
        )
        .bind(id)
        .bind(super::desk::NOTE)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(Event {
                id: r.try_get("id")?,
                request: r.try_get("request")?,
                at: r.try_get("at")?,
                at_ms: r.try_get("at_ms")?,
                account: r.try_get("account")?,
                kind: r.try_get("kind")?,
                status: r.try_get("status")?,
                body: r.try_get("body")?,
            })
        })
        .collect()
    }

    /// Changes request `id` atomically: reads it (locking its contract's row first, like
    /// a submission), lets `change` turn it into the new row, the event to record and
    /// the outbox rows due before the change (so that a resolution or a pause never
    /// overtakes an event the scheduler has yet to write), stores them with `audit`
    /// (completed by the change) and commits.
    ///
    /// # Errors
    ///
    /// 404 when there is no such request, `change`'s refusal, or a database error.
    pub async fn update<F>(&self, id: &str, audit: Entry, change: F) -> Result<RequestRow, ApiError>
    where
        F: FnOnce(RequestRow) -> Result<(RequestRow, Event, Vec<OutboxRow>), ApiError>,
    {
        let e = db_err("update");
        let mut tx = self.begin().await.map_err(&e)?;
        let contract: Option<String> = sqlx::query("SELECT contract FROM requests WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(&e)?
            .map(|r| r.try_get("contract"))
            .transpose()
            .map_err(&e)?;
        let Some(contract) = contract else {
            return Err(ApiError::not_found("request"));
        };
        sqlx::query("UPDATE contract_state SET last_sr = last_sr WHERE contract = $1")
            .bind(&contract)
            .execute(&mut *tx)
            .await
            .map_err(&e)?;
        let row = sqlx::query(&format!(
            "SELECT {REQUEST_COLUMNS} FROM requests WHERE id = $1"
        ))
        .bind(id)
        .fetch_one(&mut *tx)
        .await
        .map_err(&e)?;
        let row = request_of(&row).map_err(&e)?;
        let before = row.record.clone();
        let (new, event, due) = change(row)?;
        let c = RecordColumns::of(&new.record);
        sqlx::query(
            "UPDATE requests SET status = $1, status_since = $2, responded = $3, resolved = $4, \
             closed = $5, waiting_since = $6, pauses = $7, rework = $8, satisfaction = $9, \
             deadlines = $10, updated_ms = $11 WHERE id = $12",
        )
        .bind(c.status)
        .bind(c.status_since)
        .bind(c.responded)
        .bind(c.resolved)
        .bind(c.closed)
        .bind(c.waiting_since)
        .bind(c.pauses)
        .bind(c.rework)
        .bind(c.satisfaction)
        .bind(&new.deadlines)
        .bind(new.updated_ms)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(&e)?;
        insert_event(&mut tx, &event).await.map_err(&e)?;
        for o in &due {
            insert_outbox(&mut tx, o).await.map_err(&e)?;
        }
        if let Some(k) = &self.desk {
            k.write(&mut tx, &new).await?;
        }
        let change = Change::Event {
            before: &before,
            row: &new,
            event: &event,
        };
        self.queue_mail(&mut tx, change, new.updated_ms)
            .await
            .map_err(&e)?;
        audit::record(&mut tx, audit.changed(&before.status, &new, &event.id))
            .await
            .map_err(&e)?;
        tx.commit().await.map_err(&e)?;
        Ok(new)
    }
}

/// The URL with its password hidden, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = url.get(s.saturating_add(3)..at).unwrap_or("");
            let user = creds.split(':').next().unwrap_or("");
            format!(
                "{}{user}:***{}",
                url.get(..s.saturating_add(3)).unwrap_or(""),
                url.get(at..).unwrap_or("")
            )
        }
        _ => url.to_owned(),
    }
}

/// Which requests [`Store::requests`] lists.
#[derive(Debug)]
pub struct ListFilter<'a> {
    /// Only these contracts (`None`: all).
    pub contracts: Option<&'a [String]>,
    /// Only this branch.
    pub branch: Option<&'a str>,
    /// Only this status.
    pub status: Option<&'a str>,
    /// At most this many.
    pub limit: u32,
    /// Skipping this many.
    pub offset: u32,
}

/// What [`Store::submit`] did.
#[derive(Debug)]
pub enum Submitted {
    /// Stored a new request.
    New(Box<RequestRow>),
    /// Found the request filed earlier with the same idempotency key and body.
    Replayed(Box<RequestRow>),
}

/// An account's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A customer institution's staff.
    Customer,
    /// The vendor's staff: sees every contract.
    Vendor,
}

impl Role {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Vendor => "vendor",
        }
    }
}

/// An account (without its password).
#[derive(Debug, Clone)]
pub struct Account {
    /// Login name.
    pub login: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Institution id (customers).
    pub institution: Option<String>,
    /// Branch id, when the account is limited to one branch.
    pub branch: Option<String>,
}

fn account_of(r: &AnyRow) -> Result<Account, sqlx::Error> {
    let role: String = r.try_get("role")?;
    Ok(Account {
        login: r.try_get("login")?,
        name: r.try_get("name")?,
        role: if role == "vendor" {
            Role::Vendor
        } else {
            Role::Customer
        },
        institution: r.try_get("institution")?,
        branch: r.try_get("branch")?,
    })
}

const REQUEST_COLUMNS: &str = "id, contract, sr, account, idempotency_key, body_hash, branch, product, \
     version, category, requester, title, details, answers, wanted_by, paid, coverage, severity, \
     status, rework, submitted, submitted_ms, responded, resolved, closed, waiting_since, pauses, \
     deadlines, verdict, catalog_version, contract_version, updated_ms, status_since, satisfaction";

/// A stored request: what was filed, the verdict it was filed under, and its life (the
/// core's lifecycle record). Times are local (the catalog's zone); JSON columns are
/// kept as their text.
#[derive(Debug, Clone)]
pub struct RequestRow {
    pub id: String,
    pub sr: String,
    pub account: String,
    pub idempotency_key: Option<String>,
    pub body_hash: String,
    /// The request as filed (the core's shape; `paid` as admitted).
    pub filing: Filing,
    pub coverage: String,
    pub severity: Option<String>,
    pub submitted: DateTime,
    pub submitted_ms: i64,
    /// Where it stands (status, replies, pauses, rework, rating).
    pub record: Record,
    pub deadlines: String,
    pub verdict: String,
    pub catalog_version: String,
    pub contract_version: String,
    pub updated_ms: i64,
}

fn request_of(r: &AnyRow) -> Result<RequestRow, sqlx::Error> {
    Ok(RequestRow {
        id: r.try_get("id")?,
        sr: r.try_get("sr")?,
        account: r.try_get("account")?,
        idempotency_key: r.try_get("idempotency_key")?,
        body_hash: r.try_get("body_hash")?,
        filing: filing_of(r)?,
        coverage: r.try_get("coverage")?,
        severity: r.try_get("severity")?,
        submitted: typed(r, "submitted")?,
        submitted_ms: r.try_get("submitted_ms")?,
        record: record_of(r)?,
        deadlines: r.try_get("deadlines")?,
        verdict: r.try_get("verdict")?,
        catalog_version: r.try_get("catalog_version")?,
        contract_version: r.try_get("contract_version")?,
        updated_ms: r.try_get("updated_ms")?,
    })
}

async fn insert_request(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    r: &RequestRow,
) -> Result<(), sqlx::Error> {
    let c = RecordColumns::of(&r.record);
    let f = &r.filing;
    sqlx::query(&format!(
        "INSERT INTO requests ({REQUEST_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
         $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, \
         $29, $30, $31, $32, $33, $34)"
    ))
    .bind(&r.id)
    .bind(&f.contract)
    .bind(&r.sr)
    .bind(&r.account)
    .bind(r.idempotency_key.clone())
    .bind(&r.body_hash)
    .bind(f.branch.clone())
    .bind(&f.product)
    .bind(&f.version)
    .bind(&f.category)
    .bind(&f.requester)
    .bind(&f.title)
    .bind(&f.details)
    .bind(answers_text(f))
    .bind(f.wanted_by.map(|d| d.to_string()))
    .bind(i64::from(f.paid))
    .bind(&r.coverage)
    .bind(r.severity.clone())
    .bind(c.status)
    .bind(c.rework)
    .bind(r.submitted.to_string())
    .bind(r.submitted_ms)
    .bind(c.responded)
    .bind(c.resolved)
    .bind(c.closed)
    .bind(c.waiting_since)
    .bind(c.pauses)
    .bind(&r.deadlines)
    .bind(&r.verdict)
    .bind(&r.catalog_version)
    .bind(&r.contract_version)
    .bind(r.updated_ms)
    .bind(c.status_since)
    .bind(c.satisfaction)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const HISTORY_COLUMNS: &str = "sr, category, title, submitted, status, paid, severity, responded, \
     resolved, closed, waiting_since, wanted_by, rework, pauses, status_since, satisfaction, branch";

/// The columns of a stored request that the core's history needs.
#[derive(Debug, Clone)]
pub struct HistoryRow {
    pub sr: String,
    pub category: String,
    pub title: String,
    pub submitted: DateTime,
    pub paid: bool,
    pub severity: Option<String>,
    pub wanted_by: Option<Date>,
    pub record: Record,
    /// The branch it was filed for (none: the whole institution).
    pub branch: Option<String>,
}

fn history_of(r: &AnyRow) -> Result<HistoryRow, sqlx::Error> {
    Ok(HistoryRow {
        sr: r.try_get("sr")?,
        category: r.try_get("category")?,
        title: r.try_get("title")?,
        submitted: typed(r, "submitted")?,
        paid: r.try_get::<i64, _>("paid")? != 0,
        severity: r.try_get("severity")?,
        wanted_by: opt_typed(r, "wanted_by")?,
        record: record_of(r)?,
        branch: r.try_get("branch")?,
    })
}

fn decode(column: &str, text: &str, e: impl std::fmt::Display) -> sqlx::Error {
    sqlx::Error::Decode(format!("column {column}: {text:?}: {e}").into())
}

/// A text column read as a date or time.
fn typed<T: std::str::FromStr>(r: &AnyRow, column: &str) -> Result<T, sqlx::Error>
where
    T::Err: std::fmt::Display,
{
    let text: String = r.try_get(column)?;
    text.parse().map_err(|e| decode(column, &text, e))
}

/// A nullable text column read as a date or time.
fn opt_typed<T: std::str::FromStr>(r: &AnyRow, column: &str) -> Result<Option<T>, sqlx::Error>
where
    T::Err: std::fmt::Display,
{
    let text: Option<String> = r.try_get(column)?;
    text.map(|t| t.parse().map_err(|e| decode(column, &t, e)))
        .transpose()
}

/// The request as filed, from its columns (`answers` as JSON).
fn filing_of(r: &AnyRow) -> Result<Filing, sqlx::Error> {
    let answers: String = r.try_get("answers")?;
    let parsed: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&answers).map_err(|e| decode("answers", &answers, e))?;
    Ok(Filing {
        contract: r.try_get("contract")?,
        branch: r.try_get("branch")?,
        product: r.try_get("product")?,
        version: r.try_get("version")?,
        category: r.try_get("category")?,
        answers: parsed.into_iter().collect(),
        requester: r.try_get("requester")?,
        title: r.try_get("title")?,
        details: r.try_get("details")?,
        wanted_by: opt_typed(r, "wanted_by")?,
        paid: r.try_get::<i64, _>("paid")? != 0,
    })
}

/// The answers column: the filing's answers as a JSON object.
fn answers_text(f: &Filing) -> String {
    serde_json::to_string(&f.answers).unwrap_or_else(|_| "{}".to_owned())
}

/// The lifecycle record in a row's columns (`status`, `status_since`, `responded`, …;
/// `pauses` as `[["from", "to"], …]`, `satisfaction` as JSON).
fn record_of(r: &AnyRow) -> Result<Record, sqlx::Error> {
    let pauses_text: String = r.try_get("pauses")?;
    let pairs: Vec<(DateTime, DateTime)> =
        serde_json::from_str(&pauses_text).map_err(|e| decode("pauses", &pauses_text, e))?;
    let pauses = pairs
        .into_iter()
        .map(|(f, t)| Pause::new(f, t).map_err(|e| decode("pauses", &pauses_text, e)))
        .collect::<Result<Vec<_>, _>>()?;
    let satisfaction: Option<String> = r.try_get("satisfaction")?;
    let satisfaction = satisfaction
        .map(|t| {
            serde_json::from_str::<Satisfaction>(&t).map_err(|e| decode("satisfaction", &t, e))
        })
        .transpose()?;
    let submitted: DateTime = typed(r, "submitted")?;
    Ok(Record {
        status: r.try_get("status")?,
        since: opt_typed(r, "status_since")?.unwrap_or(submitted),
        responded: opt_typed(r, "responded")?,
        resolved: opt_typed(r, "resolved")?,
        closed: opt_typed(r, "closed")?,
        paused_since: opt_typed(r, "waiting_since")?,
        pauses,
        rework: r.try_get::<i64, _>("rework")? != 0,
        satisfaction,
    })
}

/// A lifecycle record as the columns that hold it.
struct RecordColumns {
    status: String,
    status_since: String,
    responded: Option<String>,
    resolved: Option<String>,
    closed: Option<String>,
    waiting_since: Option<String>,
    pauses: String,
    rework: i64,
    satisfaction: Option<String>,
}

impl RecordColumns {
    fn of(r: &Record) -> RecordColumns {
        let text = |t: Option<DateTime>| t.map(|t| t.to_string());
        let pairs: Vec<(String, String)> = r
            .pauses
            .iter()
            .map(|p| (p.from().to_string(), p.to().to_string()))
            .collect();
        RecordColumns {
            status: r.status.clone(),
            status_since: r.since.to_string(),
            responded: text(r.responded),
            resolved: text(r.resolved),
            closed: text(r.closed),
            waiting_since: text(r.paused_since),
            pauses: serde_json::to_string(&pairs).unwrap_or_else(|_| "[]".to_owned()),
            rework: i64::from(r.rework),
            satisfaction: r
                .satisfaction
                .as_ref()
                .and_then(|s| serde_json::to_string(s).ok()),
        }
    }
}

/// Something that happened to a request.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub request: String,
    pub at: String,
    pub at_ms: i64,
    pub account: String,
    /// `submitted`, `status` or `comment`.
    pub kind: String,
    pub status: Option<String>,
    pub body: Option<String>,
}

/// Writes `e` in `tx` (a change's events, the desk's assignments and notes).
pub(super) async fn insert_event(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    e: &Event,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO events (id, request, at, at_ms, account, kind, status, body) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&e.id)
    .bind(&e.request)
    .bind(&e.at)
    .bind(e.at_ms)
    .bind(&e.account)
    .bind(&e.kind)
    .bind(e.status.clone())
    .bind(e.body.clone())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

// --- the outbox ---

/// One row of the outbox: a timed event of a request, written once when it fell due.
#[derive(Debug, Clone)]
pub struct OutboxRow {
    /// covered-core's stable event key.
    pub key: String,
    pub request: String,
    pub contract: String,
    pub sr: String,
    /// `warning`, `breach`, `escalation` or `close`.
    pub kind: String,
    pub clock: Option<String>,
    pub percent: Option<i64>,
    pub step: Option<i64>,
    /// When it fell due (local time), and as Unix milliseconds.
    pub at: String,
    pub at_ms: i64,
    /// When the scheduler wrote it (server clock).
    pub written_ms: i64,
    /// The core's event, as JSON text.
    pub body: String,
    /// `pending`, `sent` or `failed`.
    pub delivery: String,
    pub attempts: i64,
    pub delivered_ms: Option<i64>,
    pub last_error: Option<String>,
}

const OUTBOX_COLUMNS: &str = "event_key, request, contract, sr, kind, clock, percent, step, at, \
     at_ms, written_ms, body, delivery, attempts, delivered_ms, last_error";

fn outbox_of(r: &AnyRow) -> Result<OutboxRow, sqlx::Error> {
    Ok(OutboxRow {
        key: r.try_get("event_key")?,
        request: r.try_get("request")?,
        contract: r.try_get("contract")?,
        sr: r.try_get("sr")?,
        kind: r.try_get("kind")?,
        clock: r.try_get("clock")?,
        percent: r.try_get("percent")?,
        step: r.try_get("step")?,
        at: r.try_get("at")?,
        at_ms: r.try_get("at_ms")?,
        written_ms: r.try_get("written_ms")?,
        body: r.try_get("body")?,
        delivery: r.try_get("delivery")?,
        attempts: r.try_get("attempts")?,
        delivered_ms: r.try_get("delivered_ms")?,
        last_error: r.try_get("last_error")?,
    })
}

/// `$2, $3, …` for `n` values after `first - 1` others.
fn marks(first: usize, n: usize) -> String {
    (0..n)
        .map(|i| format!("${}", first.saturating_add(i)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Adds `o` to the outbox unless its key is there; 1 when added, else 0.
async fn insert_outbox(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    o: &OutboxRow,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(&format!(
        "INSERT INTO outbox ({OUTBOX_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
         $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (event_key) DO NOTHING"
    ))
    .bind(&o.key)
    .bind(&o.request)
    .bind(&o.contract)
    .bind(&o.sr)
    .bind(&o.kind)
    .bind(o.clock.clone())
    .bind(o.percent)
    .bind(o.step)
    .bind(&o.at)
    .bind(o.at_ms)
    .bind(o.written_ms)
    .bind(&o.body)
    .bind(&o.delivery)
    .bind(o.attempts)
    .bind(o.delivered_ms)
    .bind(o.last_error.clone())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}

/// Which outbox rows [`Store::outbox`] lists.
#[derive(Debug)]
pub struct OutboxFilter<'a> {
    /// Only these contracts.
    pub contracts: &'a [String],
    /// Only this request.
    pub request: Option<&'a str>,
    /// Only in this delivery state.
    pub delivery: Option<&'a str>,
    /// At most this many.
    pub limit: u32,
    /// Skipping this many.
    pub offset: u32,
}

impl Store {
    /// The requests in `statuses` (the lifecycle's open ones), without their verdicts:
    /// the ones whose timed events may still fall due.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn requests_in(&self, statuses: &[String]) -> Result<Vec<RequestRow>, sqlx::Error> {
        if statuses.is_empty() {
            return Ok(Vec::new());
        }
        let columns = REQUEST_COLUMNS.replace(" verdict,", " '' AS verdict,");
        let sql = format!(
            "SELECT {columns} FROM requests WHERE status IN ({}) ORDER BY submitted_ms, id",
            marks(1, statuses.len())
        );
        let mut q = sqlx::query(&sql);
        for s in statuses {
            q = q.bind(s);
        }
        q.fetch_all(&self.read)
            .await?
            .iter()
            .map(request_of)
            .collect()
    }

    /// The outbox keys already written among `requests`' events.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn outbox_keys(
        &self,
        requests: &[String],
    ) -> Result<std::collections::BTreeSet<String>, sqlx::Error> {
        let mut out = std::collections::BTreeSet::new();
        for chunk in requests.chunks(500) {
            let sql = format!(
                "SELECT event_key FROM outbox WHERE request IN ({})",
                marks(1, chunk.len())
            );
            let mut q = sqlx::query(&sql);
            for r in chunk {
                q = q.bind(r);
            }
            for row in q.fetch_all(&self.read).await? {
                out.insert(row.try_get("event_key")?);
            }
        }
        Ok(out)
    }

    /// Writes the due events of `requests` in one transaction: locks their contracts'
    /// rows (as a status change does, so no change of theirs commits in between), reads
    /// them again, lets `due` say their due events from the rows as they now stand, and
    /// inserts each unless its key is there already. Returns how many rows it added.
    ///
    /// # Errors
    ///
    /// `due`'s error, or a database error.
    pub async fn write_due<F>(&self, requests: &[String], due: F) -> Result<u64, ApiError>
    where
        F: Fn(&RequestRow) -> Result<Vec<OutboxRow>, ApiError>,
    {
        let e = db_err("outbox");
        let mut tx = self.begin().await.map_err(&e)?;
        let mut rows = Vec::new();
        for chunk in requests.chunks(500) {
            let sql = format!(
                "SELECT {REQUEST_COLUMNS} FROM requests WHERE id IN ({})",
                marks(1, chunk.len())
            );
            let mut q = sqlx::query(&sql);
            for r in chunk {
                q = q.bind(r);
            }
            for row in q.fetch_all(&mut *tx).await.map_err(&e)? {
                rows.push(request_of(&row).map_err(&e)?);
            }
        }
        let contracts: std::collections::BTreeSet<&str> =
            rows.iter().map(|r| r.filing.contract.as_str()).collect();
        for c in &contracts {
            sqlx::query("UPDATE contract_state SET last_sr = last_sr WHERE contract = $1")
                .bind(*c)
                .execute(&mut *tx)
                .await
                .map_err(&e)?;
        }
        // Read again under the locks: what `due` sees is what no change can overtake.
        let mut added = 0;
        for r in &rows {
            let row = sqlx::query(&format!(
                "SELECT {REQUEST_COLUMNS} FROM requests WHERE id = $1"
            ))
            .bind(&r.id)
            .fetch_one(&mut *tx)
            .await
            .map_err(&e)?;
            let row = request_of(&row).map_err(&e)?;
            for o in due(&row)? {
                added += insert_outbox(&mut tx, &o).await.map_err(&e)?;
            }
        }
        tx.commit().await.map_err(&e)?;
        Ok(added)
    }

    /// Outbox rows, by time then key: of `contracts`, of one request or in one delivery
    /// state when asked; at most `limit` after skipping `offset`.
    ///
    /// # Errors
    ///
    /// A database error.
    pub async fn outbox(&self, f: &OutboxFilter<'_>) -> Result<Vec<OutboxRow>, sqlx::Error> {
        if f.contracts.is_empty() {
            return Ok(Vec::new());
        }
        let mut binds: Vec<&str> = f.contracts.iter().map(String::as_str).collect();
        let mut sql = format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE contract IN ({})",
            marks(1, binds.len())
        );
        if let Some(r) = f.request {
            binds.push(r);
            sql.push_str(&format!(" AND request = ${}", binds.len()));
        }
        if let Some(d) = f.delivery {
            binds.push(d);
            sql.push_str(&format!(" AND delivery = ${}", binds.len()));
        }
        sql.push_str(&format!(
            " ORDER BY at_ms, event_key LIMIT {} OFFSET {}",
            f.limit, f.offset
        ));
        let mut q = sqlx::query(&sql);
        for b in binds {
            q = q.bind(b);
        }
        q.fetch_all(&self.read)
            .await?
            .iter()
            .map(outbox_of)
            .collect()
    }
}
