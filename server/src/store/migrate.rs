//! The schema as numbered SQL steps, applied once each and recorded in `wfm_migrations`.
//!
//! Plain SQL rather than `sqlx::migrate!` so that one list serves SQLite and PostgreSQL through
//! the `Any` driver; the statements use only types and syntax both accept.

use super::{ts, Backend, Store, StoreError};
use sqlx::Executor as _;

/// Each entry is one migration: its statements run in order, in one transaction.
const MIGRATIONS: &[&[&str]] = &[
    &[
        "CREATE TABLE workflows (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        latest_version BIGINT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL)",
        "CREATE TABLE workflow_versions (
        workflow_id TEXT NOT NULL REFERENCES workflows(id),
        version BIGINT NOT NULL,
        name TEXT NOT NULL,
        definition TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (workflow_id, version))",
        "CREATE TABLE executions (
        id TEXT PRIMARY KEY,
        workflow_id TEXT NOT NULL REFERENCES workflows(id),
        workflow_version BIGINT NOT NULL,
        name TEXT NOT NULL,
        status TEXT NOT NULL,
        input TEXT NOT NULL,
        output TEXT,
        error TEXT,
        cause TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        last_event_id BIGINT NOT NULL DEFAULT 0,
        redrive_count BIGINT NOT NULL DEFAULT 0,
        owner TEXT,
        heartbeat_ms BIGINT NOT NULL DEFAULT 0)",
        "CREATE INDEX executions_by_workflow ON executions (workflow_id, started_at)",
        "CREATE INDEX executions_by_status ON executions (status)",
        "CREATE TABLE history_events (
        execution_id TEXT NOT NULL REFERENCES executions(id),
        id BIGINT NOT NULL,
        event_type TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (execution_id, id))",
        "CREATE TABLE step_results (
        execution_id TEXT NOT NULL REFERENCES executions(id),
        step_key TEXT NOT NULL,
        seq BIGINT NOT NULL,
        status TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (execution_id, step_key))",
    ],
    // Stop requests for executions that run in another process (PostgreSQL).
    &["ALTER TABLE executions ADD COLUMN stop_requested BIGINT NOT NULL DEFAULT 0"],
    // Deleting a workflow hides it (its versions and executions stay readable); an example
    // input is kept with the workflow (the web app's Run panel starts from it).
    &[
        "ALTER TABLE workflows ADD COLUMN deleted_at TEXT",
        "ALTER TABLE workflows ADD COLUMN example_input TEXT",
    ],
    // Names are unique among the workflows not deleted (`super::names`): the key of the name,
    // NULL for a deleted workflow. A unique index allows any number of NULLs, so a database
    // that already holds two workflows of one name migrates; `names::key_names` then keys the
    // oldest of them only.
    &[
        "ALTER TABLE workflows ADD COLUMN name_key TEXT",
        "CREATE UNIQUE INDEX workflows_by_name_key ON workflows (name_key)",
    ],
];

/// Applies the migrations that are not recorded yet, then keys the names not keyed yet (the
/// workflows saved before names had keys; computed in Rust, see [`super::names`]).
pub async fn run(store: &Store) -> Result<(), StoreError> {
    let pool = store.pool();
    pool.execute(
        "CREATE TABLE IF NOT EXISTS wfm_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)",
    )
    .await?;
    for (i, steps) in MIGRATIONS.iter().enumerate() {
        let version = i as i64 + 1;
        let mut tx = pool.begin().await?;
        if store.backend() == Backend::Postgres {
            // Two processes starting together: the second waits here, then sees the row.
            tx.execute("LOCK TABLE wfm_migrations IN EXCLUSIVE MODE")
                .await?;
        }
        let done: Option<(i64,)> =
            sqlx::query_as("SELECT version FROM wfm_migrations WHERE version = $1")
                .bind(version)
                .fetch_optional(&mut *tx)
                .await?;
        if done.is_none() {
            for sql in *steps {
                tx.execute(*sql).await?;
            }
            sqlx::query("INSERT INTO wfm_migrations (version, applied_at) VALUES ($1, $2)")
                .bind(version)
                .bind(ts(chrono::Utc::now()))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
    }
    store.key_names().await
}
