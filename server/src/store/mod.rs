//! The durable store: workflows with versions, executions, their history events and step
//! results, in SQLite (default, a WAL file under `./data/`) or PostgreSQL (`WFM_DATABASE_URL`
//! starting with `postgres://`).
//!
//! One SQL dialect serves both: sqlx's `Any` driver, `$N` placeholders (SQLite accepts them),
//! JSON and timestamps as `TEXT` (RFC 3339, UTC, microseconds, so they sort as text), and
//! `INSERT … ON CONFLICT` upserts. Migrations are plain SQL run at connect time ([`migrate`]).
//!
//! Layout:
//! - [`migrate`]: the schema, versioned.
//! - [`workflows`]: workflows and their versions (every save is a new version).
//! - [`names`]: one workflow per name (a unique index on the name's key).
//! - [`catalog`]: the web app's views of them: latest definitions, history, deletion, example inputs.
//! - [`executions`]: execution rows (status, input, output, ownership for claiming).
//! - [`events`]: history events and step results, written in batches.
//!
//! ```no_run
//! # async fn demo() -> Result<(), server::store::StoreError> {
//! let store = server::store::Store::connect("sqlite://./data/wfm.sqlite").await?;
//! let (id, version) = store.create_workflow("hello", &serde_json::json!({"StartAt":"A","States":{"A":{"Type":"Succeed"}}})).await?;
//! # Ok(()) }
//! ```

pub mod catalog;
pub mod events;
pub mod executions;
pub mod migrate;
pub mod names;
pub mod workflows;

use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor as _};
use std::str::FromStr;

pub use catalog::{LatestWorkflow, VersionRow, WorkflowMeta};
pub use events::StoredEvent;
pub use executions::{ExecutionFilter, ExecutionRow, NewExecution};
pub use workflows::{Saved, WorkflowRow, WorkflowSummary};

/// The default database when `WFM_DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://./data/wfm.sqlite";

/// Store failures (the API maps them to 500, except [`StoreError::NotFound`] and
/// [`StoreError::NameTaken`]).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database said no.
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    /// A stored JSON column did not parse (a bug or a hand-edited row).
    #[error("stored JSON is invalid: {0}")]
    Json(#[from] serde_json::Error),
    /// No such row.
    #[error("{0} not found")]
    NotFound(String),
    /// Another workflow (not deleted) has this name, as [`names::name_key`] compares names: that
    /// workflow's name as it has it, and its id.
    #[error("a workflow named '{}' already exists", .0.name)]
    NameTaken(app::error::TakenName),
    /// The database file's folder could not be made.
    #[error("cannot prepare the database folder: {0}")]
    Io(#[from] std::io::Error),
}

/// Which SQL engine is behind the pool (for the few statements that differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite file (single process).
    Sqlite,
    /// PostgreSQL (several processes may share it).
    Postgres,
}

/// A connection pool plus the backend kind; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl Store {
    /// Connects (creating the SQLite file and its folder if needed) and runs the migrations.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres") { Backend::Postgres } else { Backend::Sqlite };
        let url = match backend {
            Backend::Sqlite => sqlite_url(url)?,
            Backend::Postgres => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 8 })
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL: readers never block the writer; NORMAL sync is durable in WAL
                        // mode across process crashes (only an OS crash may lose the last commit).
                        conn.execute("PRAGMA journal_mode=WAL").await?;
                        conn.execute("PRAGMA synchronous=NORMAL").await?;
                        conn.execute("PRAGMA busy_timeout=10000").await?;
                        conn.execute("PRAGMA foreign_keys=ON").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let store = Store { pool, backend };
        migrate::run(&store).await?;
        Ok(store)
    }

    /// The pool (for tests and the few callers that need raw SQL).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// SQLite or PostgreSQL.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes the pool (waits for connections to be returned).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// `sqlite://path` with `mode=rwc` so the file is created, and its folder made first.
fn sqlite_url(url: &str) -> Result<String, StoreError> {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = rest.split('?').next().unwrap_or_default();
    if !path.is_empty() && path != ":memory:" {
        if let Some(dir) = std::path::Path::new(path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)?;
            }
        }
    }
    Ok(if rest.contains('?') { format!("sqlite://{rest}") } else { format!("sqlite://{rest}?mode=rwc") })
}

/// Timestamps as stored: RFC 3339, UTC, microseconds (fixed width, so text order is time order).
pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A stored timestamp back (None for NULL or garbage).
pub fn parse_ts(s: Option<&str>) -> Option<DateTime<Utc>> {
    s.and_then(|s| DateTime::parse_from_rfc3339(s).ok()).map(|t| t.with_timezone(&Utc))
}
