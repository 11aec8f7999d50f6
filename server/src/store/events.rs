//! History events and step results, written in batches: one transaction carries the events of
//! many executions, the step rows they changed and the final status of those that ended. This
//! is what makes durable transitions fast on SQLite (one fsync per batch, not per event).

use super::{ts, Store, StoreError};
use chrono::Utc;
use engine::history::HistoryEvent;
use serde_json::Value;
use std::sync::Arc;

/// A stored history event (the engine's event, with ids continued across resumes).
pub type StoredEvent = HistoryEvent;

/// One step row to upsert.
#[derive(Debug, Clone)]
pub struct StepRow {
    /// Execution id.
    pub execution_id: String,
    /// Step key (`Scope/State`).
    pub key: String,
    /// Event id of the first entry (orders the steps).
    pub seq: i64,
    /// Step status (`SUCCEEDED`, …).
    pub status: String,
    /// The tracker's step JSON.
    pub body: Value,
}

/// How an execution ended (written in the same transaction as its last event).
#[derive(Debug, Clone)]
pub struct Finish {
    /// Execution id.
    pub execution_id: String,
    /// SUCCEEDED | FAILED | ABORTED | TIMED_OUT.
    pub status: String,
    /// Output when it succeeded.
    pub output: Option<Value>,
    /// Error name.
    pub error: Option<String>,
    /// Cause.
    pub cause: Option<String>,
}

/// Everything one writer round persists.
#[derive(Debug, Default)]
pub struct Batch {
    /// (execution id, event), in order (shared with the publisher: no copies).
    pub events: Vec<(Arc<str>, Arc<HistoryEvent>)>,
    /// Step rows changed by those events (last write per key wins).
    pub steps: Vec<StepRow>,
    /// Executions that ended.
    pub finishes: Vec<Finish>,
}

/// Rows per multi-row INSERT (4 parameters each; well under SQLite's 32,766).
const CHUNK: usize = 400;

impl Store {
    /// Writes a batch in one transaction.
    pub async fn write_batch(&self, batch: &Batch) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        for chunk in batch.events.chunks(CHUNK) {
            let mut sql = String::from("INSERT INTO history_events (execution_id, id, event_type, body) VALUES ");
            for i in 0..chunk.len() {
                let b = i * 4;
                sql.push_str(&format!("{}(${}, ${}, ${}, ${})", if i > 0 { "," } else { "" }, b + 1, b + 2, b + 3, b + 4));
            }
            // A duplicate id can only come from a second process that ran the same execution
            // (a lost claim); ignoring it keeps this writer going, and the claim check stops it.
            sql.push_str(" ON CONFLICT (execution_id, id) DO NOTHING");
            let mut q = sqlx::query(&sql);
            for (exec, ev) in chunk {
                q = q
                    .bind(exec.to_string())
                    .bind(ev.id as i64)
                    .bind(ev.event_type.name())
                    .bind(serde_json::to_string(&**ev)?);
            }
            q.execute(&mut *tx).await?;
        }
        let mut last: std::collections::BTreeMap<&str, i64> = Default::default();
        for (exec, ev) in &batch.events {
            let e = last.entry(&**exec).or_default();
            *e = (*e).max(ev.id as i64);
        }
        for (exec, id) in last {
            sqlx::query("UPDATE executions SET last_event_id = $2 WHERE id = $1 AND last_event_id < $2")
                .bind(exec)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        for s in &batch.steps {
            sqlx::query(
                "INSERT INTO step_results (execution_id, step_key, seq, status, body) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (execution_id, step_key) DO UPDATE SET status = excluded.status, body = excluded.body",
            )
            .bind(&s.execution_id)
            .bind(&s.key)
            .bind(s.seq)
            .bind(&s.status)
            .bind(serde_json::to_string(&s.body)?)
            .execute(&mut *tx)
            .await?;
        }
        for f in &batch.finishes {
            sqlx::query(
                "UPDATE executions SET status = $2, output = $3, error = $4, cause = $5, finished_at = $6, owner = NULL
                 WHERE id = $1 AND status = 'RUNNING'",
            )
            .bind(&f.execution_id)
            .bind(&f.status)
            .bind(f.output.as_ref().map(serde_json::to_string).transpose()?)
            .bind(f.error.as_deref())
            .bind(f.cause.as_deref())
            .bind(ts(Utc::now()))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Events of an execution with id > `after`, in id order, at most `limit`.
    pub async fn list_events(&self, execution_id: &str, after: u64, limit: i64) -> Result<Vec<HistoryEvent>, StoreError> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT body FROM history_events WHERE execution_id = $1 AND id > $2 ORDER BY id LIMIT $3",
        )
        .bind(execution_id)
        .bind(after as i64)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(|(b,)| serde_json::from_str(&b).map_err(StoreError::from)).collect()
    }

    /// Every event of an execution (for resuming and folding).
    pub async fn all_events(&self, execution_id: &str) -> Result<Vec<HistoryEvent>, StoreError> {
        self.list_events(execution_id, 0, i64::MAX).await
    }

    /// The step rows of an execution, in first-entry order: (key, step JSON).
    pub async fn list_steps(&self, execution_id: &str) -> Result<Vec<(String, Value)>, StoreError> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT step_key, body FROM step_results WHERE execution_id = $1 ORDER BY seq, step_key")
                .bind(execution_id)
                .fetch_all(self.pool())
                .await?;
        rows.into_iter().map(|(k, b)| Ok((k, serde_json::from_str(&b)?))).collect()
    }
}
