//! Reads a SQLite schema through the `pragma_*` table-valued functions.

use super::{Column, ForeignKey, Index, TableInfo, Tables};
use crate::db::{quote_ident, DbError, Kind, Target};
use sqlx::SqlitePool;

pub(super) async fn load(target: &Target, pool: &SqlitePool) -> Result<Tables, DbError> {
    let err = |e| target.query_err(e);
    let sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
    let names: Vec<String> = sqlx::query_scalar(sql).fetch_all(pool).await.map_err(err)?;
    let mut tables = Tables::new();
    for name in names {
        let count = format!("SELECT COUNT(*) FROM {}", quote_ident(Kind::Sqlite, &name));
        let rows: i64 = sqlx::query_scalar(&count).fetch_one(pool).await.map_err(err)?;
        let mut t = TableInfo::named(name.clone(), rows);
        load_columns(target, pool, &mut t).await?;
        t.foreign_keys = load_foreign_keys(target, pool, &name).await?;
        t.indexes = load_indexes(target, pool, &name).await?;
        tables.insert(name, t);
    }
    Ok(tables)
}

async fn load_columns(target: &Target, pool: &SqlitePool, t: &mut TableInfo) -> Result<(), DbError> {
    let sql = "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid";
    let cols: Vec<(String, String, i64, Option<String>, i64)> =
        sqlx::query_as(sql).bind(&t.name).fetch_all(pool).await.map_err(|e| target.query_err(e))?;
    let mut pk: Vec<(i64, String)> = cols.iter().filter(|c| c.4 > 0).map(|c| (c.4, c.0.clone())).collect();
    pk.sort();
    t.primary_key = pk.into_iter().map(|(_, n)| n).collect();
    t.columns = cols
        .into_iter()
        .map(|(name, data_type, notnull, default, _)| Column { name, data_type, nullable: notnull == 0, default })
        .collect();
    Ok(())
}

async fn load_foreign_keys(target: &Target, pool: &SqlitePool, table: &str) -> Result<Vec<ForeignKey>, DbError> {
    let sql = "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?) ORDER BY id, seq";
    let rows: Vec<(i64, String, String, Option<String>)> =
        sqlx::query_as(sql).bind(table).fetch_all(pool).await.map_err(|e| target.query_err(e))?;
    let mut out: Vec<(i64, ForeignKey)> = Vec::new();
    for (id, references_table, from, to) in rows {
        match out.last_mut().filter(|(last, _)| *last == id) {
            Some((_, fk)) => {
                fk.columns.push(from);
                fk.references_columns.extend(to);
            }
            None => out.push((id, ForeignKey { columns: vec![from], references_table, references_columns: to.into_iter().collect() })),
        }
    }
    Ok(out.into_iter().map(|(_, fk)| fk).collect())
}

async fn load_indexes(target: &Target, pool: &SqlitePool, table: &str) -> Result<Vec<Index>, DbError> {
    let err = |e| target.query_err(e);
    let list: Vec<(String, i64, String)> = sqlx::query_as("SELECT name, \"unique\", origin FROM pragma_index_list(?) ORDER BY name")
        .bind(table)
        .fetch_all(pool)
        .await
        .map_err(err)?;
    let mut out = Vec::new();
    for (name, unique, origin) in list {
        let cols: Vec<Option<String>> = sqlx::query_scalar("SELECT name FROM pragma_index_info(?) ORDER BY seqno")
            .bind(&name)
            .fetch_all(pool)
            .await
            .map_err(err)?;
        let columns = cols.into_iter().flatten().collect();
        out.push(Index { name, columns, unique: unique != 0, primary: origin == "pk", scans: None });
    }
    Ok(out)
}
