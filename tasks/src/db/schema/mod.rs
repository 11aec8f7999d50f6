//! `analyze_schema`: tables with columns, keys, indexes and row estimates, plus findings.
//!
//! Each engine has its own loader ([`sqlite`], [`postgres`], [`mysql`]) that fills the same
//! [`TableInfo`] model; [`findings`] then works on that model alone, so every engine gets the
//! same rules. Limits: MySQL/InnoDB creates an index for every foreign key itself, so
//! "foreign key without index" never fires there, and only PostgreSQL keeps per-index scan
//! counts, so "unused index" is PostgreSQL-only.

pub mod findings;
mod mysql;
mod postgres;
mod sqlite;

use super::overview::{inspect_schema, InspectParams};
use super::{open, Db, DbError};
use crate::config::TasksConfig;
use crate::params::register;
use engine::task::{FunctionSpec, TaskRegistry};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One column.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Column {
    /// Column name.
    pub name: String,
    /// The engine's type name.
    pub data_type: String,
    /// Whether NULL is allowed.
    pub nullable: bool,
    /// The default expression, if any.
    pub default: Option<String>,
}

/// A foreign key (columns in order, paired with the referenced columns).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ForeignKey {
    /// Referencing columns.
    pub columns: Vec<String>,
    /// Referenced table.
    pub references_table: String,
    /// Referenced columns (empty when SQLite leaves them implicit: the primary key).
    pub references_columns: Vec<String>,
}

/// An index (columns in key order).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Index {
    /// Index name.
    pub name: String,
    /// Key columns in order (expression parts are left out).
    pub columns: Vec<String>,
    /// UNIQUE (or primary key).
    pub unique: bool,
    /// The primary key's index.
    pub primary: bool,
    /// Index scans since statistics were reset (PostgreSQL only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scans: Option<i64>,
}

/// One table as `analyze_schema` reports it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TableInfo {
    /// Table name.
    pub name: String,
    /// Columns in order.
    pub columns: Vec<Column>,
    /// Primary key columns (empty: none).
    pub primary_key: Vec<String>,
    /// Foreign keys.
    pub foreign_keys: Vec<ForeignKey>,
    /// Indexes.
    pub indexes: Vec<Index>,
    /// Row count (SQLite: exact) or the engine's estimate.
    pub row_estimate: i64,
}

impl TableInfo {
    /// An empty table entry, filled by the loaders.
    pub fn named(name: String, row_estimate: i64) -> Self {
        TableInfo { name, columns: vec![], primary_key: vec![], foreign_keys: vec![], indexes: vec![], row_estimate }
    }
}

/// Tables by name, as the loaders build them.
pub type Tables = BTreeMap<String, TableInfo>;

pub(in crate::db) fn register_all(reg: &mut TaskRegistry, config: &Arc<TasksConfig>) {
    let spec = FunctionSpec::new(
        "analyze_schema",
        "Tables, columns, keys, indexes and row estimates, with findings: no primary key, unindexed foreign keys, duplicate and unused indexes.",
        inspect_schema(),
    );
    register(reg, config, spec, |cfg, p: InspectParams, _| async move { Ok(analyze_schema(&cfg, &p).await?) });
}

/// `analyze_schema`.
pub async fn analyze_schema(config: &TasksConfig, p: &InspectParams) -> Result<Value, DbError> {
    let (target, db) = open(config, p.connection.as_deref()).await?;
    let schema = p.schema.as_deref();
    let loaded = match &db {
        Db::Sqlite(pool) => sqlite::load(&target, pool).await,
        Db::Postgres(pool) => postgres::load(&target, pool, schema).await,
        Db::MySql(pool) => mysql::load(&target, pool, schema).await,
    };
    db.close().await;
    let tables: Vec<TableInfo> = loaded?.into_values().collect();
    let found = findings::find(&tables);
    let checks = match target.kind {
        super::Kind::Postgres => "no_primary_key, unindexed_foreign_key, duplicate_index, unused_index",
        super::Kind::MySql => "no_primary_key, duplicate_index (InnoDB indexes every foreign key itself; MySQL keeps no index scan counts)",
        super::Kind::Sqlite => "no_primary_key, unindexed_foreign_key, duplicate_index (SQLite keeps no index scan counts)",
    };
    Ok(json!({
        "engine": target.kind.as_str(),
        "table_count": tables.len(),
        "tables": tables,
        "finding_count": found.len(),
        "findings": found,
        "checks": checks,
    }))
}
