//! `get_query_stats`: where the database spends its time, from the best source each engine has.
//!
//! PostgreSQL: `pg_stat_statements` when the extension is installed and loaded, else per-table
//! scan and tuple counters (`pg_stat_user_tables`). MySQL/MariaDB: the performance schema's
//! statement digests when it collects any, else `information_schema.tables`. SQLite: row counts
//! per table, plus page usage when the `dbstat` table is compiled in. The output's `source`
//! always says which was used (and `note` why a better one was not).

use super::overview::{list_relations, InspectParams};
use super::{open, quote_ident, Db, DbError, Kind, Target};
use crate::config::TasksConfig;
use crate::params::{connection_schema, register, schema_schema};
use engine::task::{FunctionSpec, TaskRegistry};
use serde_json::{json, Value};
use sqlx::{MySqlPool, PgPool, SqlitePool};
use std::sync::Arc;

pub(super) fn register_all(reg: &mut TaskRegistry, config: &Arc<TasksConfig>) {
    let spec = FunctionSpec::new(
        "get_query_stats",
        "Top statements (pg_stat_statements / performance_schema) or per-table statistics; `source` says which.",
        json!({
            "type": "object",
            "properties": {
                "connection": connection_schema(),
                "schema": schema_schema(),
                "limit": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 10, "description": "How many statements or tables."}
            },
            "additionalProperties": false
        }),
    );
    register(reg, config, spec, |cfg, p: InspectParams, _| async move { Ok(query_stats(&cfg, &p).await?) });
}

/// `get_query_stats`.
pub async fn query_stats(config: &TasksConfig, p: &InspectParams) -> Result<Value, DbError> {
    let (target, db) = open(config, p.connection.as_deref()).await?;
    let limit = i64::from(p.limit.unwrap_or(10).clamp(1, 1000));
    let result = match &db {
        Db::Postgres(pool) => postgres(&target, pool, p.schema.as_deref(), limit).await,
        Db::MySql(pool) => mysql(&target, pool, limit).await,
        Db::Sqlite(pool) => sqlite(&target, &db, pool, limit).await,
    };
    db.close().await;
    let mut out = result?;
    out["engine"] = json!(target.kind.as_str());
    Ok(out)
}

async fn postgres(target: &Target, pool: &PgPool, schema: Option<&str>, limit: i64) -> Result<Value, DbError> {
    let has_ext: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements')")
        .fetch_one(pool)
        .await
        .map_err(|e| target.query_err(e))?;
    let mut note = "the pg_stat_statements extension is not installed (CREATE EXTENSION pg_stat_statements)".to_string();
    if has_ext {
        let sql = "SELECT query, calls::bigint, total_exec_time::float8, mean_exec_time::float8, rows::bigint \
                   FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) \
                   ORDER BY total_exec_time DESC LIMIT $1";
        match sqlx::query_as::<_, (Option<String>, i64, f64, f64, i64)>(sql).bind(limit).fetch_all(pool).await {
            Ok(rows) => {
                let statements: Vec<Value> = rows
                    .into_iter()
                    .map(|(q, calls, total, mean, rows)| {
                        json!({"query": q, "calls": calls, "total_time_ms": round3(total), "mean_time_ms": round3(mean), "rows": rows})
                    })
                    .collect();
                return Ok(json!({"source": "pg_stat_statements", "statements": statements}));
            }
            Err(e) => note = format!("pg_stat_statements is installed but cannot be read: {}", target.scrub(&e.to_string())),
        }
    }
    let sql = "SELECT relname::text, seq_scan, seq_tup_read, COALESCE(idx_scan, 0), COALESCE(idx_tup_fetch, 0), \
               n_tup_ins, n_tup_upd, n_tup_del, n_live_tup FROM pg_stat_user_tables \
               WHERE schemaname = COALESCE($1, current_schema()) ORDER BY seq_tup_read DESC, relname LIMIT $2";
    type Row = (String, i64, i64, i64, i64, i64, i64, i64, i64);
    let rows: Vec<Row> = sqlx::query_as(sql).bind(schema).bind(limit).fetch_all(pool).await.map_err(|e| target.query_err(e))?;
    let tables: Vec<Value> = rows
        .into_iter()
        .map(|(t, seq, seq_read, idx, idx_fetch, ins, upd, del, live)| {
            json!({"table": t, "seq_scan": seq, "seq_tup_read": seq_read, "idx_scan": idx, "idx_tup_fetch": idx_fetch,
                   "n_tup_ins": ins, "n_tup_upd": upd, "n_tup_del": del, "live_rows": live})
        })
        .collect();
    Ok(json!({"source": "pg_stat_user_tables", "note": note, "tables": tables}))
}

async fn mysql(target: &Target, pool: &MySqlPool, limit: i64) -> Result<Value, DbError> {
    let digests = "SELECT CAST(DIGEST_TEXT AS CHAR), CAST(COUNT_STAR AS SIGNED), SUM_TIMER_WAIT / 1e9, AVG_TIMER_WAIT / 1e9, \
                   CAST(SUM_ROWS_SENT AS SIGNED) FROM performance_schema.events_statements_summary_by_digest \
                   WHERE SCHEMA_NAME = DATABASE() ORDER BY SUM_TIMER_WAIT DESC LIMIT ?";
    let found = sqlx::query_as::<_, (Option<String>, i64, f64, f64, i64)>(digests).bind(limit).fetch_all(pool).await;
    if let Some(rows) = found.ok().filter(|r| !r.is_empty()) {
        let statements: Vec<Value> = rows
            .iter()
            .map(|(q, calls, total, mean, rows)| {
                json!({"query": q, "calls": calls, "total_time_ms": round3(*total), "mean_time_ms": round3(*mean), "rows": rows})
            })
            .collect();
        return Ok(json!({"source": "performance_schema", "statements": statements}));
    }
    let sql = "SELECT CAST(table_name AS CHAR), CAST(COALESCE(table_rows, 0) AS SIGNED), CAST(COALESCE(data_length, 0) AS SIGNED), \
               CAST(COALESCE(index_length, 0) AS SIGNED) FROM information_schema.tables \
               WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY data_length DESC, table_name LIMIT ?";
    let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(sql).bind(limit).fetch_all(pool).await.map_err(|e| target.query_err(e))?;
    let tables: Vec<Value> = rows
        .into_iter()
        .map(|(t, r, d, i)| json!({"table": t, "row_estimate": r, "data_bytes": d, "index_bytes": i}))
        .collect();
    let note = "performance_schema statement digests are off or empty (performance_schema=ON collects them)";
    Ok(json!({"source": "information_schema.tables", "note": note, "tables": tables}))
}

async fn sqlite(target: &Target, db: &Db, pool: &SqlitePool, limit: i64) -> Result<Value, DbError> {
    let pages: Option<Vec<(String, i64, i64)>> =
        sqlx::query_as("SELECT name, COUNT(*), SUM(pgsize) FROM dbstat GROUP BY name").fetch_all(pool).await.ok();
    let mut tables = Vec::new();
    for (name, kind) in list_relations(target, db, None).await? {
        if kind != "table" {
            continue;
        }
        let sql = format!("SELECT COUNT(*) FROM {}", quote_ident(Kind::Sqlite, &name));
        let rows: i64 = sqlx::query_scalar(&sql).fetch_one(pool).await.map_err(|e| target.query_err(e))?;
        let usage = pages.as_ref().and_then(|p| p.iter().find(|(n, _, _)| *n == name));
        tables.push(json!({"table": name, "rows": rows, "pages": usage.map(|u| u.1), "bytes": usage.map(|u| u.2)}));
    }
    tables.sort_by_key(|t| std::cmp::Reverse(t["rows"].as_i64().unwrap_or(0)));
    tables.truncate(limit as usize);
    let (source, note) = match pages {
        Some(_) => ("sqlite_dbstat", "row counts per table; page usage from the dbstat virtual table"),
        None => ("sqlite_row_counts", "row counts per table; this SQLite has no dbstat table, so no page usage"),
    };
    Ok(json!({"source": source, "note": note, "tables": tables}))
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
