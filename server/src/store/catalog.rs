//! What the web app's workflow pages need beyond [`super::workflows`]: the latest definition of
//! every workflow in one query, the version history, soft deletion, example inputs, and
//! examples seeded under a fixed id.

use super::names::name_key;
use super::workflows::insert_version;
use super::{ts, Store, StoreError};
use chrono::Utc;
use serde_json::Value;

/// A workflow's latest version with its definition (for list pages).
#[derive(Debug, Clone, PartialEq)]
pub struct LatestWorkflow {
    /// Stable id.
    pub id: String,
    /// Current name.
    pub name: String,
    /// Latest version.
    pub version: i64,
    /// Its definition.
    pub definition: Value,
    /// When it was saved.
    pub updated_at: String,
}

/// A workflow's own fields, whatever its versions.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkflowMeta {
    /// Latest version.
    pub latest_version: i64,
    /// The example input kept with it.
    pub example_input: Option<Value>,
    /// Deleted (hidden from the list; versions stay readable).
    pub deleted: bool,
}

/// One version in a workflow's history.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionRow {
    /// Version number.
    pub version: i64,
    /// Name at that version.
    pub name: String,
    /// Its definition.
    pub definition: Value,
    /// When it was saved.
    pub created_at: String,
}

impl Store {
    /// The latest version of every workflow not deleted, by name.
    pub async fn list_latest_workflows(&self) -> Result<Vec<LatestWorkflow>, StoreError> {
        let rows: Vec<(String, String, i64, String, String)> = sqlx::query_as(
            "SELECT w.id, w.name, w.latest_version, v.definition, v.created_at
             FROM workflows w JOIN workflow_versions v ON v.workflow_id = w.id AND v.version = w.latest_version
             WHERE w.deleted_at IS NULL ORDER BY LOWER(w.name), w.name, w.id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(id, name, version, def, updated_at)| {
                Ok(LatestWorkflow { id, name, version, definition: serde_json::from_str(&def)?, updated_at })
            })
            .collect()
    }

    /// A workflow's own fields, deleted or not.
    pub async fn workflow_meta(&self, id: &str) -> Result<WorkflowMeta, StoreError> {
        let row: Option<(i64, Option<String>, Option<String>)> =
            sqlx::query_as("SELECT latest_version, example_input, deleted_at FROM workflows WHERE id = $1")
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        let (latest_version, input, deleted_at) = row.ok_or_else(|| StoreError::NotFound(format!("workflow '{id}'")))?;
        let example_input = input.as_deref().map(serde_json::from_str).transpose()?;
        Ok(WorkflowMeta { latest_version, example_input, deleted: deleted_at.is_some() })
    }

    /// Every version of a workflow (deleted or not), oldest first.
    pub async fn list_versions(&self, id: &str) -> Result<Vec<VersionRow>, StoreError> {
        let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT version, name, definition, created_at FROM workflow_versions WHERE workflow_id = $1 ORDER BY version",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        if rows.is_empty() {
            return Err(StoreError::NotFound(format!("workflow '{id}'")));
        }
        rows.into_iter()
            .map(|(version, name, def, created_at)| {
                Ok(VersionRow { version, name, definition: serde_json::from_str(&def)?, created_at })
            })
            .collect()
    }

    /// Hides a workflow from the list and from new executions, and frees its name (for a new
    /// workflow, or for an unkeyed workflow of the same name, see [`super::names`]); not found
    /// when it is not there (or already deleted).
    pub async fn delete_workflow(&self, id: &str) -> Result<(), StoreError> {
        let n = sqlx::query("UPDATE workflows SET deleted_at = $2, name_key = NULL WHERE id = $1 AND deleted_at IS NULL")
            .bind(id)
            .bind(ts(Utc::now()))
            .execute(self.pool())
            .await?
            .rows_affected();
        found(n, id)?;
        self.key_names().await
    }

    /// Keeps (or clears) the example input of a workflow.
    pub async fn set_example_input(&self, id: &str, input: Option<&Value>) -> Result<(), StoreError> {
        let text = input.map(serde_json::to_string).transpose()?;
        let n = sqlx::query("UPDATE workflows SET example_input = $2 WHERE id = $1")
            .bind(id)
            .bind(text)
            .execute(self.pool())
            .await?
            .rows_affected();
        found(n, id)
    }

    /// Saves a workflow under exactly `id` as version 1, unless that id was ever used (also by
    /// a deleted workflow); true when it was saved. Two processes seeding at once save it once.
    /// [`StoreError::NameTaken`] when another workflow not deleted has this name.
    pub async fn create_workflow_with_id(&self, id: &str, name: &str, definition: &Value) -> Result<bool, StoreError> {
        let def = serde_json::to_string(definition)?;
        let now = ts(Utc::now());
        let mut tx = self.pool().begin().await?;
        let inserted = match sqlx::query(
            "INSERT INTO workflows (id, name, name_key, latest_version, created_at, updated_at)
             VALUES ($1, $2, $4, 1, $3, $3) ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(name)
        .bind(&now)
        .bind(name_key(name))
        .execute(&mut *tx)
        .await
        {
            Ok(done) => done.rows_affected(),
            Err(e) => return Err(self.name_refused(tx, e, name).await),
        };
        if inserted == 0 {
            return Ok(false);
        }
        insert_version(&mut tx, id, 1, name, &def, &now).await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// An UPDATE of workflow `id` that changed no row means there is no such workflow.
fn found(rows_affected: u64, id: &str) -> Result<(), StoreError> {
    if rows_affected == 0 {
        return Err(StoreError::NotFound(format!("workflow '{id}'")));
    }
    Ok(())
}
