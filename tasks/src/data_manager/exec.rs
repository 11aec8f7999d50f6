//! Running one command on one engine: values bound (never spliced), reads inside a read-only
//! transaction (SQLite: a read-only connection), writes inside a committed transaction, and at
//! most [`MAX_ROWS`] rows returned.

use super::command_set::Bound;
use crate::db::rows::{column_names, mysql_object, pg_object, sqlite_object};
use crate::db::{Db, DbError, Target};
use futures::{Stream, TryStreamExt};
use serde_json::Value;
use sqlx::{Executor, Row};

/// Rows beyond this are dropped and `truncated` is set.
pub const MAX_ROWS: usize = 10_000;

/// What a command produced.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Column names.
    pub columns: Vec<String>,
    /// Rows as objects.
    pub rows: Vec<Value>,
    /// For writes: rows changed.
    pub rows_affected: Option<u64>,
    /// More than [`MAX_ROWS`] rows existed.
    pub truncated: bool,
}

macro_rules! bind_all {
    ($q:expr, $binds:expr) => {{
        let mut q = $q;
        for b in $binds {
            q = match b {
                Bound::Null => q.bind(None::<String>),
                Bound::Text(s) => q.bind(s.clone()),
                Bound::Int(i) => q.bind(*i),
                Bound::Float(f) => q.bind(*f),
                Bound::Bool(b) => q.bind(*b),
            };
        }
        q
    }};
}

async fn collect<R: Row, S>(mut stream: S, to_object: fn(&R) -> Value) -> Result<Outcome, sqlx::Error>
where
    S: Stream<Item = Result<R, sqlx::Error>> + Unpin,
{
    let mut out = Outcome::default();
    while let Some(row) = stream.try_next().await? {
        if out.rows.len() == MAX_ROWS {
            out.truncated = true;
            break;
        }
        if out.columns.is_empty() {
            out.columns = column_names(&row);
        }
        out.rows.push(to_object(&row));
    }
    Ok(out)
}

/// Runs a read: PostgreSQL and MySQL in a READ ONLY transaction that is rolled back.
pub async fn read(target: &Target, db: &Db, sql: &str, binds: &[Bound]) -> Result<Outcome, DbError> {
    let err = |e| target.query_err(e);
    match db {
        Db::Sqlite(pool) => {
            let q = bind_all!(sqlx::query(sql), binds);
            collect(q.fetch(pool), sqlite_object).await.map_err(err)
        }
        Db::Postgres(pool) => {
            let mut tx = pool.begin().await.map_err(err)?;
            tx.execute("SET TRANSACTION READ ONLY").await.map_err(err)?;
            let q = bind_all!(sqlx::query(sql), binds);
            let out = collect(q.fetch(&mut *tx), pg_object).await.map_err(err)?;
            tx.rollback().await.map_err(err)?;
            Ok(out)
        }
        Db::MySql(pool) => {
            let mut conn = pool.acquire().await.map_err(err)?;
            conn.execute("START TRANSACTION READ ONLY").await.map_err(err)?;
            let q = bind_all!(sqlx::query(sql), binds);
            let out = collect(q.fetch(&mut *conn), mysql_object).await;
            let _ = conn.execute("ROLLBACK").await;
            out.map_err(err)
        }
    }
}

/// Runs a write in a transaction and commits it.
pub async fn write(target: &Target, db: &Db, sql: &str, binds: &[Bound]) -> Result<Outcome, DbError> {
    let err = |e| target.query_err(e);
    let affected = match db {
        Db::Sqlite(pool) => {
            let mut tx = pool.begin().await.map_err(err)?;
            let n = bind_all!(sqlx::query(sql), binds).execute(&mut *tx).await.map_err(err)?.rows_affected();
            tx.commit().await.map_err(err)?;
            n
        }
        Db::Postgres(pool) => {
            let mut tx = pool.begin().await.map_err(err)?;
            let n = bind_all!(sqlx::query(sql), binds).execute(&mut *tx).await.map_err(err)?.rows_affected();
            tx.commit().await.map_err(err)?;
            n
        }
        Db::MySql(pool) => {
            let mut tx = pool.begin().await.map_err(err)?;
            let n = bind_all!(sqlx::query(sql), binds).execute(&mut *tx).await.map_err(err)?.rows_affected();
            tx.commit().await.map_err(err)?;
            n
        }
    };
    Ok(Outcome { rows_affected: Some(affected), ..Outcome::default() })
}
