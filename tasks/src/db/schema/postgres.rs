//! Reads a PostgreSQL schema from `pg_catalog` (keys and indexes with their column order) and
//! `information_schema.columns`, with row estimates and index scan counts from the statistics.

use super::{Column, ForeignKey, Index, TableInfo, Tables};
use crate::db::{DbError, Target};
use sqlx::PgPool;

const TABLES: &str = "SELECT c.relname::text, GREATEST(c.reltuples::bigint, COALESCE(s.n_live_tup, 0), 0)::bigint \
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid \
    WHERE n.nspname = COALESCE($1, current_schema()) AND c.relkind IN ('r', 'p') ORDER BY 1";

const COLUMNS: &str = "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text = 'YES', column_default::text \
    FROM information_schema.columns WHERE table_schema = COALESCE($1, current_schema()) ORDER BY table_name, ordinal_position";

const INDEXES: &str = "SELECT t.relname::text, i.relname::text, ix.indisunique, ix.indisprimary, \
    ARRAY(SELECT a.attname::text FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord) \
          JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord), s.idx_scan \
    FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid \
    JOIN pg_namespace n ON n.oid = t.relnamespace LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = ix.indexrelid \
    WHERE n.nspname = COALESCE($1, current_schema()) ORDER BY 1, 2";

const FOREIGN_KEYS: &str = "SELECT t.relname::text, r.relname::text, \
    ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord) \
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord), \
    ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord) \
          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) \
    FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class r ON r.oid = con.confrelid \
    JOIN pg_namespace n ON n.oid = t.relnamespace \
    WHERE con.contype = 'f' AND n.nspname = COALESCE($1, current_schema()) ORDER BY 1, con.conname";

pub(super) async fn load(target: &Target, pool: &PgPool, schema: Option<&str>) -> Result<Tables, DbError> {
    let err = |e| target.query_err(e);
    let list: Vec<(String, i64)> = sqlx::query_as(TABLES).bind(schema).fetch_all(pool).await.map_err(err)?;
    let mut tables: Tables = list.into_iter().map(|(n, rows)| (n.clone(), TableInfo::named(n, rows))).collect();

    let cols: Vec<(String, String, String, bool, Option<String>)> =
        sqlx::query_as(COLUMNS).bind(schema).fetch_all(pool).await.map_err(err)?;
    for (table, name, data_type, nullable, default) in cols {
        if let Some(t) = tables.get_mut(&table) {
            t.columns.push(Column { name, data_type, nullable, default });
        }
    }

    type IndexRow = (String, String, bool, bool, Vec<String>, Option<i64>);
    let idx: Vec<IndexRow> =
        sqlx::query_as(INDEXES).bind(schema).fetch_all(pool).await.map_err(err)?;
    for (table, name, unique, primary, columns, scans) in idx {
        if let Some(t) = tables.get_mut(&table) {
            if primary {
                t.primary_key = columns.clone();
            }
            t.indexes.push(Index { name, columns, unique, primary, scans });
        }
    }

    let fks: Vec<(String, String, Vec<String>, Vec<String>)> =
        sqlx::query_as(FOREIGN_KEYS).bind(schema).fetch_all(pool).await.map_err(err)?;
    for (table, references_table, columns, references_columns) in fks {
        if let Some(t) = tables.get_mut(&table) {
            t.foreign_keys.push(ForeignKey { columns, references_table, references_columns });
        }
    }
    Ok(tables)
}
