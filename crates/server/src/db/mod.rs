//! All SQL lives here. SQLite in WAL mode with `synchronous = FULL`: a change is acknowledged
//! only after it is on disk. Writes go through a pool of exactly one connection, so every
//! read-decide-write runs alone and the rules hold at the moment of the write; job writes that
//! wait for one another share a transaction and its fsync (group commit, `batch.rs`), each in
//! its own savepoint; reads use a separate pool and never wait for writes.

mod batch;
mod cache;
mod events;
mod jobs;
mod meta;
mod webhooks;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub use cache::TaggedPage;
pub use events::{ChangeScope, EventQuery, EventRow, Outcome};
pub use jobs::{Change, Decision, ListQuery, ListScope, NewJob, PageRow, StoredJob};
pub use webhooks::{AttemptOutcome, Delivery, DeliveryCounts, EventSubscription, NewDelivery};

/// A database operation that failed: the routes answer it as an internal error (logged, never
/// shown), having changed nothing.
#[derive(Debug)]
pub enum DbError {
    /// SQLite failed.
    Sql(sqlx::Error),
    /// A stored document (or one about to be stored) could not be read or written.
    Document(String),
    /// The batch a write was made in was not stored (its commit or transaction failed).
    Batch(String),
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbError::Sql(e) => write!(f, "database: {e}"),
            DbError::Document(e) => write!(f, "stored document: {e}"),
            DbError::Batch(e) => write!(f, "database: the write's batch was not stored: {e}"),
        }
    }
}

impl From<sqlx::Error> for DbError {
    fn from(e: sqlx::Error) -> Self {
        DbError::Sql(e)
    }
}

impl From<serde_json::Error> for DbError {
    fn from(e: serde_json::Error) -> Self {
        DbError::Document(e.to_string())
    }
}

impl From<waybill_rules::Reason> for DbError {
    /// A stored job the rules cannot read (the service stores only jobs they can).
    fn from(reason: waybill_rules::Reason) -> Self {
        DbError::Document(reason.to_string())
    }
}

/// The database handle (cheap to clone).
#[derive(Debug, Clone)]
pub struct Db {
    reader: SqlitePool,
    writer: SqlitePool,
    cache: Arc<cache::ReadCache>,
    /// Group commit of job writes (`db/batch.rs`).
    batcher: Arc<batch::Batcher>,
    /// Bumped after every committed write that logged an event: what the live streams wait
    /// on. A watch holds one value, so writers never wait and a slow stream never queues.
    changes: Arc<tokio::sync::watch::Sender<u64>>,
}

/// The read cache's default size (see [`Db::open_with_cache`]).
pub const DEFAULT_READ_CACHE_BYTES: u64 = 64 << 20;

/// A database that could not be opened.
#[derive(Debug)]
pub struct OpenError(pub String);

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Db {
    /// Opens (creating when missing) the database at `url` (`sqlite://PATH`) and brings its
    /// schema up to date, with the default read cache.
    pub async fn open(url: &str) -> Result<Db, OpenError> {
        Db::open_with_cache(url, DEFAULT_READ_CACHE_BYTES).await
    }

    /// [`Db::open`] with a read cache of at most about `cache_bytes` of public documents and
    /// list answers (0: none, every read asks SQLite). The cache never answers with something
    /// the database no longer holds (see `db/cache.rs`).
    pub async fn open_with_cache(url: &str, cache_bytes: u64) -> Result<Db, OpenError> {
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .ok_or_else(|| {
                OpenError(format!(
                    "unsupported database URL '{url}': use sqlite://PATH (PostgreSQL is not \
                     supported yet)"
                ))
            })?;
        if let Some(parent) = std::path::Path::new(path).parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent)
                .map_err(|e| OpenError(format!("cannot create {}: {e}", parent.display())))?;
        }
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))
            .map_err(|e| OpenError(format!("bad database URL '{url}': {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await
            .map_err(|e| OpenError(format!("cannot open the database {path}: {e}")))?;
        sqlx::migrate!("./migrations")
            .run(&writer)
            .await
            .map_err(|e| OpenError(format!("cannot migrate the database {path}: {e}")))?;
        let reader = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.read_only(true))
            .await
            .map_err(|e| OpenError(format!("cannot open the database {path}: {e}")))?;
        let changes = Arc::new(tokio::sync::watch::channel(0).0);
        Ok(Db {
            reader,
            writer,
            cache: Arc::new(cache::ReadCache::new(cache_bytes)),
            batcher: Arc::new(batch::Batcher::new(changes.clone())),
            changes,
        })
    }

    /// Says that events were committed (the live streams read them).
    fn changed(&self) {
        self.changes.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// A receiver that wakes when events were committed.
    pub fn watch_changes(&self) -> tokio::sync::watch::Receiver<u64> {
        self.changes.subscribe()
    }

    /// Commits made by job writes since the start, and the writes they acknowledged (more
    /// writes than commits: group commit at work).
    pub fn commit_figures(&self) -> (usize, usize) {
        self.batcher.figures()
    }

    /// Runs SQLite's integrity check; `Ok` when it reports no problem.
    pub async fn integrity_check(&self) -> Result<(), String> {
        let result: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&self.reader)
            .await
            .map_err(|e| e.to_string())?;
        if result == "ok" { Ok(()) } else { Err(result) }
    }

    /// Waits for outstanding work and closes every connection.
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}
