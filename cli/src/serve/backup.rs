//! `covered backup` and `covered restore`: a consistent copy of a SQLite database, made
//! while a server may be serving it, and putting such a copy back in place.
//!
//! A backup is SQLite's `VACUUM INTO`: one read transaction over the whole database, so
//! the copy holds every transaction committed before it began and none after, whatever
//! the server writes meanwhile (WAL mode lets readers and the writer run together). The
//! copy is written under a temporary name beside the target, checked (`PRAGMA
//! integrity_check`, the schema's version) and only then renamed into place.
//!
//! A restore checks that the file is a Covered database — an intact SQLite file whose
//! `schema_migrations` are this program's migrations, none newer — and copies it over the
//! target (its `-wal` and `-shm` files removed), refusing to replace a database that is
//! there unless `--force`. The server brings an older schema up to date when it starts.
//!
//! PostgreSQL has its own tools, which do this better than a copy through the server
//! could: both commands refuse a `postgres://` URL and say which commands to run.

use std::path::{Path, PathBuf};

/// What went wrong (every failure is a usage or input problem: exit 2).
pub type Failure = String;

/// `covered backup <file>` of the database at `db`; returns the summary to print.
///
/// # Errors
///
/// A PostgreSQL URL, an unreadable database or an unwritable target.
pub fn backup_main(file: &Path, db: &str) -> Result<String, Failure> {
    let source = sqlite_path(db, "backup")?;
    runtime()?.block_on(backup(&source, file))
}

/// `covered restore <file>` as the database at `db`; returns the summary to print.
///
/// # Errors
///
/// A PostgreSQL URL, a file that is not a Covered database, or a target that holds a
/// database (without `force`).
pub fn restore_main(file: &Path, db: &str, force: bool) -> Result<String, Failure> {
    let target = sqlite_path(db, "restore")?;
    runtime()?.block_on(restore(file, &target, force))
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))
}

/// The file of a SQLite URL; a PostgreSQL URL is refused with the commands to use.
fn sqlite_path(url: &str, cmd: &str) -> Result<PathBuf, Failure> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let shown = super::store::redact(url);
        return Err(if cmd == "backup" {
            format!(
                "backup: {shown} is PostgreSQL; back it up with PostgreSQL's own tool, which \
                 takes a consistent snapshot while the server runs:\n  \
                 pg_dump --format=custom --file=<file> '{shown}'\n\
                 (see docs/cli.md, \"Backups\")"
            )
        } else {
            format!(
                "restore: {shown} is PostgreSQL; restore a pg_dump file with PostgreSQL's own \
                 tool, the servers stopped:\n  \
                 pg_restore --clean --if-exists --no-owner --dbname='{shown}' <file>\n\
                 (see docs/cli.md, \"Backups\")"
            )
        });
    }
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let path = rest.split('?').next().unwrap_or(rest);
    if rest.contains("://") || path.is_empty() || path == ":memory:" {
        return Err(format!(
            "--db {url:?}: expected postgres://…, sqlite://<file> or a file path"
        ));
    }
    Ok(PathBuf::from(path))
}

/// A connection URL for the SQLite file at `path`.
fn url_of(path: &Path, mode: &str) -> String {
    format!("sqlite://{}?mode={mode}", path.display())
}

async fn connect(path: &Path, mode: &str) -> Result<sqlx::AnyPool, Failure> {
    sqlx::any::install_default_drivers();
    sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .after_connect(|conn, _| {
            Box::pin(async move {
                use sqlx::Executor;
                conn.execute("PRAGMA busy_timeout = 10000").await?;
                Ok(())
            })
        })
        .connect(&url_of(path, mode))
        .await
        .map_err(|e| format!("cannot open {}: {e}", path.display()))
}

/// What a checked database holds.
#[derive(Debug)]
struct Checked {
    schema: i64,
    requests: i64,
    accounts: i64,
}

/// Checks that the SQLite file at `path` is an intact Covered database of this program's
/// schema or an older one.
async fn check(path: &Path) -> Result<Checked, Failure> {
    let shown = path.display();
    let head = std::fs::read(path)
        .map(|b| b.get(..16).map(<[u8]>::to_vec).unwrap_or_default())
        .map_err(|e| format!("{shown}: {e}"))?;
    if head != b"SQLite format 3\0" {
        return Err(format!("{shown}: not a SQLite database"));
    }
    let pool = connect(path, "ro").await?;
    let result = check_pool(&pool, path).await;
    pool.close().await;
    result
}

async fn check_pool(pool: &sqlx::AnyPool, path: &Path) -> Result<Checked, Failure> {
    use sqlx::Row;
    let shown = path.display();
    let unreadable = |e: sqlx::Error| format!("{shown}: {e}");
    let problems: Vec<String> = sqlx::query("PRAGMA integrity_check")
        .fetch_all(pool)
        .await
        .map_err(unreadable)?
        .iter()
        .map(|r| r.try_get::<String, _>(0))
        .collect::<Result<_, _>>()
        .map_err(unreadable)?;
    if problems != ["ok"] {
        return Err(format!(
            "{shown}: damaged (PRAGMA integrity_check: {})",
            problems.join("; ")
        ));
    }
    let not_covered = || {
        format!("{shown}: not a Covered database (it has no schema_migrations of covered serve)")
    };
    let applied = sqlx::query("SELECT version, name FROM schema_migrations ORDER BY version")
        .fetch_all(pool)
        .await
        .map_err(|_| not_covered())?;
    let latest = super::store::schema_version();
    let mut schema = 0;
    for r in &applied {
        let version: i64 = r.try_get("version").map_err(unreadable)?;
        let name: String = r.try_get("name").map_err(unreadable)?;
        if version > latest {
            return Err(format!(
                "{shown}: its schema is version {version}, newer than this covered's \
                 ({latest}): restore it with the covered that made it"
            ));
        }
        if super::store::migration_name(version) != Some(name.as_str()) {
            return Err(format!(
                "{shown}: migration {version} is {name:?}, not covered serve's {:?}",
                super::store::migration_name(version).unwrap_or("")
            ));
        }
        if version != schema + 1 {
            return Err(format!(
                "{shown}: migration {} is missing (it has {version})",
                schema + 1
            ));
        }
        schema = version;
    }
    if schema == 0 {
        return Err(not_covered());
    }
    let mut counts = [0i64; 2];
    for (n, table) in counts.iter_mut().zip(["requests", "accounts"]) {
        *n = sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
            .fetch_one(pool)
            .await
            .and_then(|r| r.try_get::<i64, _>("n"))
            .map_err(|e| format!("{shown}: {table}: {e}"))?;
    }
    let [requests, accounts] = counts;
    Ok(Checked {
        schema,
        requests,
        accounts,
    })
}

/// A name beside `target` for a file being written.
fn beside(target: &Path, tag: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

/// Writes a consistent copy of `source` to `file`.
async fn backup(source: &Path, file: &Path) -> Result<String, Failure> {
    if !source.is_file() {
        return Err(format!(
            "backup: {}: no such database file",
            source.display()
        ));
    }
    if file.exists() {
        return Err(format!(
            "backup: {} exists; give a new file (a backup never replaces one)",
            file.display()
        ));
    }
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let started = std::time::Instant::now();
    let partial = beside(file, "partial");
    let _ = std::fs::remove_file(&partial);
    let pool = connect(source, "ro").await?;
    let path_text = partial.to_string_lossy().replace('\'', "''");
    let done = sqlx::raw_sql(&format!("VACUUM INTO '{path_text}'"))
        .execute(&pool)
        .await;
    pool.close().await;
    if let Err(e) = done {
        let _ = std::fs::remove_file(&partial);
        return Err(format!("backup of {} failed: {e}", source.display()));
    }
    let checked = match check(&partial).await {
        Ok(c) => c,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(format!("backup: the copy does not check: {e}"));
        }
    };
    sync(&partial)?;
    std::fs::rename(&partial, file)
        .map_err(|e| format!("cannot move the backup to {}: {e}", file.display()))?;
    let bytes = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    summary(
        "backup",
        source,
        file,
        &checked,
        bytes,
        started.elapsed(),
        None,
    )
}

/// Flushes `path`'s bytes to disk.
fn sync(path: &Path) -> Result<(), Failure> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| format!("cannot flush {}: {e}", path.display()))
}

/// Whether the SQLite file at `path` holds a database (anything at all: a server that
/// started once has written its schema and accounts).
fn holds_database(path: &Path) -> bool {
    let len = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    len(path) > 0 || len(&sidecar(path, "-wal")) > 0
}

/// `<path>-wal` or `<path>-shm`.
fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Copies the checked backup `file` into place as `target`.
async fn restore(file: &Path, target: &Path, force: bool) -> Result<String, Failure> {
    if !file.is_file() {
        return Err(format!("restore: {}: no such file", file.display()));
    }
    let started = std::time::Instant::now();
    let checked = check(file)
        .await
        .map_err(|e| format!("restore: refused: {e}"))?;
    let replaced = holds_database(target);
    if replaced && !force {
        return Err(format!(
            "restore: {} holds a database; restoring would replace it. Stop the server, \
             keep a backup of it (covered backup), then run restore again with --force",
            target.display()
        ));
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let copy = beside(target, "restoring");
    std::fs::copy(file, &copy)
        .map_err(|e| format!("cannot copy {} to {}: {e}", file.display(), copy.display()))?;
    sync(&copy)?;
    // The old database's log must not be replayed onto the restored file.
    for suffix in ["-wal", "-shm"] {
        let p = sidecar(target, suffix);
        if p.exists() {
            std::fs::remove_file(&p).map_err(|e| format!("cannot remove {}: {e}", p.display()))?;
        }
    }
    std::fs::rename(&copy, target)
        .map_err(|e| format!("cannot move the copy to {}: {e}", target.display()))?;
    let bytes = std::fs::metadata(target).map(|m| m.len()).unwrap_or(0);
    summary(
        "restore",
        file,
        target,
        &checked,
        bytes,
        started.elapsed(),
        Some(replaced),
    )
}

fn summary(
    what: &str,
    from: &Path,
    to: &Path,
    c: &Checked,
    bytes: u64,
    took: std::time::Duration,
    replaced: Option<bool>,
) -> Result<String, Failure> {
    let mut v = serde_json::json!({
        "ok": true,
        what: to.display().to_string(),
        "from": from.display().to_string(),
        "schema_version": c.schema,
        "integrity": "ok",
        "requests": c.requests,
        "accounts": c.accounts,
        "bytes": bytes,
        "took_ms": u64::try_from(took.as_millis()).unwrap_or(u64::MAX),
    });
    if let (Some(r), Some(o)) = (replaced, v.as_object_mut()) {
        o.insert("replaced".to_owned(), serde_json::Value::Bool(r));
    }
    serde_json::to_string_pretty(&v).map_err(|e| format!("cannot write JSON: {e}"))
}
