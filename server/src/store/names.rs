//! Workflow names are unique among the workflows not deleted: creating, importing, duplicating
//! or renaming to a name another workflow has is refused with [`StoreError::NameTaken`], which
//! names that workflow (its name as it has it and its id, so a form can say "“Orders” already
//! exists" to someone who typed "orders " and link to it). Names compare as [`name_key`] says
//! (trimmed, whitespace runs as one space, case ignored).
//!
//! The database enforces it, not a look before the write: `workflows.name_key` holds the key of
//! the name and has a unique index, so two processes sharing PostgreSQL cannot both create
//! "Orders" at once. The key is computed here in Rust, never with SQL's `LOWER`, which folds
//! only ASCII in SQLite but all of Unicode in PostgreSQL: both stores compare alike. A deleted
//! workflow's key is NULL, so its name is free again (its id is still never given out again).
//!
//! Databases from before this rule may hold several workflows of one name. They keep working:
//! the unique index allows any number of NULL keys, and [`Store::key_names`] keys the oldest
//! workflow of each name only. The others stay unkeyed — listed, runnable, savable under their
//! name — until renamed; when the keyed one is deleted or renamed, the key passes to the next.

use super::{Store, StoreError};
use app::error::TakenName;
use sqlx::{Any, Transaction};

pub use app::workflow_name::workflow_name_key as name_key;

impl Store {
    /// Keys every workflow not deleted that has no key yet, oldest first, when its key is free;
    /// the others keep none. Runs after the migrations, and after a deletion or a rename frees
    /// a name.
    pub(super) async fn key_names(&self) -> Result<(), StoreError> {
        let unkeyed: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, name FROM workflows WHERE name_key IS NULL AND deleted_at IS NULL ORDER BY created_at, id",
        )
        .fetch_all(self.pool())
        .await?;
        for (id, name) in unkeyed {
            let keyed = sqlx::query(
                "UPDATE workflows SET name_key = $1 WHERE id = $2 AND name_key IS NULL AND deleted_at IS NULL
                 AND NOT EXISTS (SELECT 1 FROM workflows WHERE name_key = $1)",
            )
            .bind(name_key(&name))
            .bind(&id)
            .execute(self.pool())
            .await;
            match keyed {
                // Another process keyed the same name first: this workflow stays unkeyed.
                Err(e) if is_unique_violation(&e) => {}
                other => {
                    other?;
                }
            }
        }
        Ok(())
    }
}

impl Store {
    /// What a write of the name `name` in `tx` that failed with `e` means: when it broke the
    /// unique index of `name_key`, [`StoreError::NameTaken`] naming the workflow that has the
    /// name as it has it, with its id (the id's conflicts are answered by `ON CONFLICT (id)`
    /// before they get here); other failures pass on. The holder is read after `tx` is rolled
    /// back, as PostgreSQL reads nothing more in a failed transaction.
    pub(super) async fn name_refused(&self, tx: Transaction<'_, Any>, e: sqlx::Error, name: &str) -> StoreError {
        if !is_unique_violation(&e) {
            return e.into();
        }
        // A failed rollback leaves the connection to the pool to reset; the refusal is the news.
        let _ = tx.rollback().await;
        let holder: Option<(String, String)> = sqlx::query_as("SELECT id, name FROM workflows WHERE name_key = $1")
            .bind(name_key(name))
            .fetch_optional(self.pool())
            .await
            .unwrap_or_default();
        StoreError::NameTaken(match holder {
            Some((id, name)) => TakenName { name, id: Some(id) },
            // Deleted or renamed since it refused the name: the name as asked, trimmed.
            None => TakenName { name: name.trim().to_string(), id: None },
        })
    }
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error().is_some_and(|d| d.is_unique_violation())
}
