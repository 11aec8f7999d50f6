//! Workflows and their versions. A save never overwrites: it adds version N+1 and moves
//! `latest_version`, so executions keep pointing at the exact definition they ran. A deleted
//! workflow (`deleted_at` set) leaves the list and has no latest version any more, but every
//! version stays readable by number, and its id is never given out again.

use super::names::name_key;
use super::{ts, Store, StoreError};
use chrono::Utc;
use serde::Serialize;
use serde_json::Value;

/// One version of a workflow, with its definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowRow {
    /// Stable id (a slug of the first name).
    pub id: String,
    /// Name at this version.
    pub name: String,
    /// Version number, from 1.
    pub version: i64,
    /// The ASL definition as saved.
    pub definition: Value,
    /// When this version was saved.
    pub updated_at: String,
}

/// A list entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowSummary {
    /// Stable id.
    pub id: String,
    /// Current name.
    pub name: String,
    /// Latest version.
    pub version: i64,
    /// First saved.
    pub created_at: String,
    /// Last saved.
    pub updated_at: String,
}

/// What a save did: the version that now holds the definition, and whether it was added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Saved {
    /// The new version's number; the latest one's when nothing changed.
    pub version: i64,
    /// False when the latest version already had this definition (and name): nothing was saved.
    pub created: bool,
}

/// `"Hello World!"` → `hello-world` (ids are URL path segments).
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').chars().take(64).collect::<String>();
    if out.is_empty() { "workflow".to_string() } else { out }
}

impl Store {
    /// Saves a new workflow as version 1; the id is the name's slug, suffixed `-2`, `-3`, …
    /// when taken (by a deleted workflow, or one whose name differs only in punctuation).
    /// [`StoreError::NameTaken`] when a workflow not deleted has this name.
    pub async fn create_workflow(&self, name: &str, definition: &Value) -> Result<(String, i64), StoreError> {
        let base = slug(name);
        for n in 1..1000 {
            let id = if n == 1 { base.clone() } else { format!("{base}-{n}") };
            if self.create_workflow_with_id(&id, name, definition).await? {
                return Ok((id, 1));
            }
        }
        Err(StoreError::NotFound(format!("a free id for workflow '{name}'")))
    }

    /// Saves a new version of an existing workflow, unless the latest version already has this
    /// definition (compared as JSON values, so key order and whitespace do not count) and this
    /// name (`None` keeps the name): then nothing is written and the latest version is answered
    /// with `created: false`. A new name another workflow has is [`StoreError::NameTaken`]; the
    /// name it already has is never refused (a database from before names were unique may hold
    /// it twice, see [`super::names`]).
    pub async fn save_version(&self, id: &str, name: Option<&str>, definition: &Value) -> Result<Saved, StoreError> {
        let def = serde_json::to_string(definition)?;
        let now = ts(Utc::now());
        let renaming = name.is_some();
        let mut tx = self.pool().begin().await?;
        // Bumping first takes the row lock (PostgreSQL) / write lock (SQLite) before reading.
        // SET reads the row as it was: the key changes only with the name.
        let bumped = match sqlx::query(
            "UPDATE workflows SET latest_version = latest_version + 1, updated_at = $2,
             name_key = CASE WHEN $3 IS NULL OR $3 = name THEN name_key ELSE $4 END,
             name = COALESCE($3, name) WHERE id = $1 AND deleted_at IS NULL",
        )
        .bind(id)
        .bind(&now)
        .bind(name)
        .bind(name.map(name_key))
        .execute(&mut *tx)
        .await
        {
            Ok(done) => done.rows_affected(),
            Err(e) => return Err(self.name_refused(tx, e, name.unwrap_or_default()).await),
        };
        if bumped == 0 {
            return Err(StoreError::NotFound(format!("workflow '{id}'")));
        }
        let (version, name): (i64, String) = sqlx::query_as("SELECT latest_version, name FROM workflows WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        // The version this save would follow, read under the lock the bump took.
        let previous: Option<(String, String)> = sqlx::query_as(
            "SELECT name, definition FROM workflow_versions WHERE workflow_id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version - 1)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((previous_name, previous_def)) = previous {
            let same_def = serde_json::from_str::<Value>(&previous_def).is_ok_and(|v| &v == definition);
            if same_def && previous_name == name {
                // Undoes the bump (and `updated_at`): the latest version stays the latest.
                tx.rollback().await?;
                return Ok(Saved { version: version - 1, created: false });
            }
        }
        insert_version(&mut tx, id, version, &name, &def, &now).await?;
        tx.commit().await?;
        if renaming {
            // A rename may have freed the name of an unkeyed workflow (see `super::names`).
            self.key_names().await?;
        }
        Ok(Saved { version, created: true })
    }

    /// The latest version of a workflow (not found once deleted).
    pub async fn get_workflow(&self, id: &str) -> Result<WorkflowRow, StoreError> {
        let latest: Option<(i64,)> =
            sqlx::query_as("SELECT latest_version FROM workflows WHERE id = $1 AND deleted_at IS NULL")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        let (version,) = latest.ok_or_else(|| StoreError::NotFound(format!("workflow '{id}'")))?;
        self.get_workflow_version(id, version).await
    }

    /// One version of a workflow (earlier versions stay readable).
    pub async fn get_workflow_version(&self, id: &str, version: i64) -> Result<WorkflowRow, StoreError> {
        let row: Option<(String, String, String)> = sqlx::query_as(
            "SELECT name, definition, created_at FROM workflow_versions WHERE workflow_id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version)
        .fetch_optional(self.pool())
        .await?;
        let (name, definition, updated_at) =
            row.ok_or_else(|| StoreError::NotFound(format!("workflow '{id}' version {version}")))?;
        Ok(WorkflowRow { id: id.to_string(), name, version, definition: serde_json::from_str(&definition)?, updated_at })
    }

    /// Every workflow not deleted, by name.
    pub async fn list_workflows(&self) -> Result<Vec<WorkflowSummary>, StoreError> {
        let rows: Vec<(String, String, i64, String, String)> = sqlx::query_as(
            "SELECT id, name, latest_version, created_at, updated_at FROM workflows
             WHERE deleted_at IS NULL ORDER BY LOWER(name), name, id",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, version, created_at, updated_at)| WorkflowSummary { id, name, version, created_at, updated_at })
            .collect())
    }

    /// How many workflows there are (0 on a new database: the examples get loaded).
    pub async fn count_workflows(&self) -> Result<i64, StoreError> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM workflows").fetch_one(self.pool()).await?;
        Ok(n)
    }
}

pub(super) async fn insert_version(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: &str,
    version: i64,
    name: &str,
    def: &str,
    now: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO workflow_versions (workflow_id, version, name, definition, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(version)
    .bind(name)
    .bind(def)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
