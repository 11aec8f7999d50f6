//! `get_db_size` and `get_table_count`: the first numbers of a health report.

use super::{open, Db, DbError, Target};
use crate::config::TasksConfig;
use crate::params::{connection_schema, register, schema_schema};
use engine::task::{FunctionSpec, TaskRegistry};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

/// Parameters of the inspection functions.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InspectParams {
    /// Connection name or URL; `None` is the demo database.
    pub connection: Option<String>,
    /// PostgreSQL schema / MySQL database (default: current).
    pub schema: Option<String>,
    /// How many entries to return, where a function lists the top of something.
    pub limit: Option<u32>,
}

/// The JSON Schema of [`InspectParams`] without `limit`.
pub fn inspect_schema() -> Value {
    json!({
        "type": "object",
        "properties": {"connection": connection_schema(), "schema": schema_schema()},
        "additionalProperties": false
    })
}

pub(super) fn register_all(reg: &mut TaskRegistry, config: &Arc<TasksConfig>) {
    let size = FunctionSpec::new(
        "get_db_size",
        "Size of the database on disk: {database, size_bytes, size_mb}.",
        inspect_schema(),
    );
    register(reg, config, size, |cfg, p: InspectParams, _| async move { Ok(db_size(&cfg, &p).await?) });
    let count = FunctionSpec::new(
        "get_table_count",
        "Counts and lists tables and views: {table_count, view_count, tables, views}.",
        inspect_schema(),
    );
    register(reg, config, count, |cfg, p: InspectParams, _| async move { Ok(table_count(&cfg, &p).await?) });
}

/// `get_db_size`.
pub async fn db_size(config: &TasksConfig, p: &InspectParams) -> Result<Value, DbError> {
    let (target, db) = open(config, p.connection.as_deref()).await?;
    let result = size_of(&target, &db).await;
    db.close().await;
    let (database, bytes) = result?;
    let mb = (bytes as f64 / 1_048_576.0 * 100.0).round() / 100.0;
    Ok(json!({"database": database, "engine": target.kind.as_str(), "size_bytes": bytes, "size_mb": mb}))
}

async fn size_of(target: &Target, db: &Db) -> Result<(String, i64), DbError> {
    let err = |e| target.query_err(e);
    match db {
        Db::Sqlite(pool) => {
            let sql = "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()";
            let bytes: i64 = sqlx::query_scalar(sql).fetch_one(pool).await.map_err(err)?;
            Ok((sqlite_name(target), bytes))
        }
        Db::Postgres(pool) => {
            let sql = "SELECT current_database()::text, pg_database_size(current_database())";
            sqlx::query_as(sql).fetch_one(pool).await.map_err(err)
        }
        Db::MySql(pool) => {
            let sql = "SELECT CAST(COALESCE(DATABASE(), '') AS CHAR), CAST(COALESCE(SUM(data_length + index_length), 0) AS SIGNED) \
                       FROM information_schema.tables WHERE table_schema = DATABASE()";
            sqlx::query_as(sql).fetch_one(pool).await.map_err(err)
        }
    }
}

/// The file name of a SQLite target, as its "database name".
pub fn sqlite_name(target: &Target) -> String {
    let path = target.display.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or(path);
    std::path::Path::new(path).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// `get_table_count`.
pub async fn table_count(config: &TasksConfig, p: &InspectParams) -> Result<Value, DbError> {
    let (target, db) = open(config, p.connection.as_deref()).await?;
    let result = list_relations(&target, &db, p.schema.as_deref()).await;
    db.close().await;
    let rows = result?;
    let pick = |kind: &str| -> Vec<String> { rows.iter().filter(|(_, t)| t == kind).map(|(n, _)| n.clone()).collect() };
    let (tables, views) = (pick("table"), pick("view"));
    Ok(json!({
        "engine": target.kind.as_str(),
        "table_count": tables.len(), "view_count": views.len(),
        "tables": tables, "views": views,
    }))
}

/// `(name, "table" | "view")` for every user table and view, sorted by name.
pub async fn list_relations(target: &Target, db: &Db, schema: Option<&str>) -> Result<Vec<(String, String)>, DbError> {
    let err = |e| target.query_err(e);
    let rows: Vec<(String, String)> = match db {
        Db::Sqlite(pool) => {
            let sql = "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name";
            sqlx::query_as(sql).fetch_all(pool).await.map_err(err)?
        }
        Db::Postgres(pool) => {
            let sql = "SELECT table_name::text, table_type::text FROM information_schema.tables \
                       WHERE table_schema = COALESCE($1, current_schema()) ORDER BY 1";
            sqlx::query_as(sql).bind(schema).fetch_all(pool).await.map_err(err)?
        }
        Db::MySql(pool) => {
            let sql = "SELECT CAST(table_name AS CHAR), CAST(table_type AS CHAR) FROM information_schema.tables \
                       WHERE table_schema = COALESCE(?, DATABASE()) ORDER BY 1";
            sqlx::query_as(sql).bind(schema).fetch_all(pool).await.map_err(err)?
        }
    };
    let kind = |t: &str| match t.to_ascii_uppercase().as_str() {
        "TABLE" | "BASE TABLE" => Some("table"),
        "VIEW" => Some("view"),
        _ => None,
    };
    Ok(rows.into_iter().filter_map(|(n, t)| kind(&t).map(|k| (n, k.to_string()))).collect())
}
