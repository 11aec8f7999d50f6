//! Execution rows: what ran (workflow version, input), how it ended, and which process owns it.
//!
//! Ownership: a process claims a RUNNING execution by writing its `owner` id and a heartbeat in
//! one conditional UPDATE (only when unowned, owned by itself, or the owner's heartbeat is
//! stale). The UPDATE is atomic per row in both databases, so exactly one process wins.

use super::{ts, Store, StoreError};
use chrono::Utc;
use serde::Serialize;
use serde_json::Value;

/// What a new execution needs.
#[derive(Debug, Clone)]
pub struct NewExecution {
    /// Execution id.
    pub id: String,
    /// Workflow id.
    pub workflow_id: String,
    /// Workflow version it runs.
    pub workflow_version: i64,
    /// Execution name.
    pub name: String,
    /// Execution input.
    pub input: Value,
    /// The process that will run it.
    pub owner: String,
}

/// A stored execution.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionRow {
    /// Execution id.
    pub id: String,
    /// Workflow id.
    pub workflow_id: String,
    /// Workflow version.
    pub workflow_version: i64,
    /// Execution name.
    pub name: String,
    /// RUNNING | SUCCEEDED | FAILED | ABORTED | TIMED_OUT.
    pub status: String,
    /// Execution input.
    pub input: Value,
    /// Final output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
    /// Final error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Final cause.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// Created at.
    pub started_at: String,
    /// Ended at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    /// Highest stored history event id.
    pub last_event_id: i64,
    /// How many times it was redriven.
    pub redrive_count: i64,
}

/// List filters (`GET /api/executions?workflow=&status=`).
#[derive(Debug, Clone, Default)]
pub struct ExecutionFilter {
    /// Only this workflow.
    pub workflow: Option<String>,
    /// Only this status.
    pub status: Option<String>,
    /// At most this many (newest first).
    pub limit: i64,
}

type Row = (String, String, i64, String, String, String, Option<String>, Option<String>, Option<String>, String, Option<String>, i64, i64);

const COLUMNS: &str = "id, workflow_id, workflow_version, name, status, input, output, error, cause, started_at, finished_at, last_event_id, redrive_count";

fn from_row(r: Row) -> Result<ExecutionRow, StoreError> {
    Ok(ExecutionRow {
        id: r.0,
        workflow_id: r.1,
        workflow_version: r.2,
        name: r.3,
        status: r.4,
        input: serde_json::from_str(&r.5)?,
        output: r.6.as_deref().map(serde_json::from_str).transpose()?,
        error: r.7,
        cause: r.8,
        started_at: r.9,
        finished_at: r.10,
        last_event_id: r.11,
        redrive_count: r.12,
    })
}

/// Milliseconds since the epoch (heartbeats compare as numbers).
pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

impl Store {
    /// Records a new RUNNING execution owned by `owner`.
    pub async fn create_execution(&self, e: &NewExecution) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO executions (id, workflow_id, workflow_version, name, status, input, started_at, owner, heartbeat_ms)
             VALUES ($1, $2, $3, $4, 'RUNNING', $5, $6, $7, $8)",
        )
        .bind(&e.id)
        .bind(&e.workflow_id)
        .bind(e.workflow_version)
        .bind(&e.name)
        .bind(serde_json::to_string(&e.input)?)
        .bind(ts(Utc::now()))
        .bind(&e.owner)
        .bind(now_ms())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// One execution.
    pub async fn get_execution(&self, id: &str) -> Result<ExecutionRow, StoreError> {
        let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM executions WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        from_row(row.ok_or_else(|| StoreError::NotFound(format!("execution '{id}'")))?)
    }

    /// Executions, newest first.
    pub async fn list_executions(&self, f: &ExecutionFilter) -> Result<Vec<ExecutionRow>, StoreError> {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM executions
             WHERE (CAST($1 AS TEXT) IS NULL OR workflow_id = $1) AND (CAST($2 AS TEXT) IS NULL OR status = $2)
             ORDER BY started_at DESC, id LIMIT $3"
        ))
        .bind(f.workflow.as_deref())
        .bind(f.status.as_deref())
        .bind(if f.limit > 0 { f.limit } else { 100 })
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(from_row).collect()
    }

    /// Ids of RUNNING executions that `owner` may take: unowned, its own, or with a heartbeat
    /// older than `stale_before_ms`.
    pub async fn claimable_executions(&self, owner: &str, stale_before_ms: i64) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT id FROM executions WHERE status = 'RUNNING'
             AND (owner IS NULL OR owner = $1 OR heartbeat_ms < $2) ORDER BY started_at, id",
        )
        .bind(owner)
        .bind(stale_before_ms)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Takes an execution for `owner` if still claimable; true when this call won it.
    pub async fn claim_execution(&self, id: &str, owner: &str, stale_before_ms: i64) -> Result<bool, StoreError> {
        let n = sqlx::query(
            "UPDATE executions SET owner = $2, heartbeat_ms = $3 WHERE id = $1 AND status = 'RUNNING'
             AND (owner IS NULL OR owner = $2 OR heartbeat_ms < $4)",
        )
        .bind(id)
        .bind(owner)
        .bind(now_ms())
        .bind(stale_before_ms)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Refreshes the heartbeat of every RUNNING execution `owner` holds.
    pub async fn heartbeat(&self, owner: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE executions SET heartbeat_ms = $2 WHERE owner = $1 AND status = 'RUNNING'")
            .bind(owner)
            .bind(now_ms())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Puts a finished execution back to RUNNING for a redrive (bumps `redrive_count`);
    /// false when it was not in a redrivable status.
    pub async fn reopen_execution(&self, id: &str, owner: &str) -> Result<bool, StoreError> {
        let n = sqlx::query(
            "UPDATE executions SET status = 'RUNNING', output = NULL, error = NULL, cause = NULL, finished_at = NULL,
             redrive_count = redrive_count + 1, owner = $2, heartbeat_ms = $3, stop_requested = 0
             WHERE id = $1 AND status IN ('FAILED', 'TIMED_OUT', 'ABORTED')",
        )
        .bind(id)
        .bind(owner)
        .bind(now_ms())
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Asks the process that owns a RUNNING execution to stop it; false when not RUNNING.
    pub async fn request_stop(&self, id: &str) -> Result<bool, StoreError> {
        let n = sqlx::query("UPDATE executions SET stop_requested = 1 WHERE id = $1 AND status = 'RUNNING'")
            .bind(id)
            .execute(self.pool())
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    /// RUNNING executions of `owner` that another process asked to stop.
    pub async fn stop_requests(&self, owner: &str) -> Result<Vec<String>, StoreError> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT id FROM executions WHERE owner = $1 AND status = 'RUNNING' AND stop_requested = 1")
                .bind(owner)
                .fetch_all(self.pool())
                .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }
}
