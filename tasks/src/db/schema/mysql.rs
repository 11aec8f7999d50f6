//! Reads a MySQL/MariaDB schema from `information_schema` (every value cast to CHAR/SIGNED so
//! that MySQL's and MariaDB's differing column types decode the same way).

use super::{Column, ForeignKey, Index, TableInfo, Tables};
use crate::db::{DbError, Target};
use sqlx::MySqlPool;

const TABLES: &str = "SELECT CAST(table_name AS CHAR), CAST(COALESCE(table_rows, 0) AS SIGNED) FROM information_schema.tables \
    WHERE table_schema = COALESCE(?, DATABASE()) AND table_type = 'BASE TABLE' ORDER BY 1";

const COLUMNS: &str = "SELECT CAST(table_name AS CHAR), CAST(column_name AS CHAR), CAST(column_type AS CHAR), \
    CAST(is_nullable = 'YES' AS SIGNED), CAST(column_default AS CHAR) FROM information_schema.columns \
    WHERE table_schema = COALESCE(?, DATABASE()) ORDER BY table_name, ordinal_position";

const INDEXES: &str = "SELECT CAST(table_name AS CHAR), CAST(index_name AS CHAR), CAST(non_unique AS SIGNED), CAST(column_name AS CHAR) \
    FROM information_schema.statistics WHERE table_schema = COALESCE(?, DATABASE()) ORDER BY table_name, index_name, seq_in_index";

const FOREIGN_KEYS: &str = "SELECT CAST(table_name AS CHAR), CAST(constraint_name AS CHAR), CAST(referenced_table_name AS CHAR), \
    CAST(column_name AS CHAR), CAST(referenced_column_name AS CHAR) FROM information_schema.key_column_usage \
    WHERE table_schema = COALESCE(?, DATABASE()) AND referenced_table_name IS NOT NULL \
    ORDER BY table_name, constraint_name, ordinal_position";

pub(super) async fn load(target: &Target, pool: &MySqlPool, schema: Option<&str>) -> Result<Tables, DbError> {
    let err = |e| target.query_err(e);
    let list: Vec<(String, i64)> = sqlx::query_as(TABLES).bind(schema).fetch_all(pool).await.map_err(err)?;
    let mut tables: Tables = list.into_iter().map(|(n, rows)| (n.clone(), TableInfo::named(n, rows))).collect();

    let cols: Vec<(String, String, String, i64, Option<String>)> =
        sqlx::query_as(COLUMNS).bind(schema).fetch_all(pool).await.map_err(err)?;
    for (table, name, data_type, nullable, default) in cols {
        if let Some(t) = tables.get_mut(&table) {
            t.columns.push(Column { name, data_type, nullable: nullable != 0, default });
        }
    }

    let idx: Vec<(String, String, i64, Option<String>)> = sqlx::query_as(INDEXES).bind(schema).fetch_all(pool).await.map_err(err)?;
    for (table, name, non_unique, column) in idx {
        let Some(t) = tables.get_mut(&table) else { continue };
        let primary = name == "PRIMARY";
        if primary {
            t.primary_key.extend(column.clone());
        }
        match t.indexes.iter_mut().find(|i| i.name == name) {
            Some(i) => i.columns.extend(column),
            None => t.indexes.push(Index { name, columns: column.into_iter().collect(), unique: non_unique == 0, primary, scans: None }),
        }
    }

    type FkRow = (String, String, String, String, Option<String>);
    let fks: Vec<FkRow> = sqlx::query_as(FOREIGN_KEYS).bind(schema).fetch_all(pool).await.map_err(err)?;
    let mut last: Option<(String, String)> = None;
    for (table, constraint, references_table, column, referenced) in fks {
        let Some(t) = tables.get_mut(&table) else { continue };
        let key = Some((table.clone(), constraint));
        if last == key {
            if let Some(fk) = t.foreign_keys.last_mut() {
                fk.columns.push(column);
                fk.references_columns.extend(referenced);
            }
        } else {
            t.foreign_keys.push(ForeignKey { columns: vec![column], references_table, references_columns: referenced.into_iter().collect() });
        }
        last = key;
    }
    Ok(tables)
}
