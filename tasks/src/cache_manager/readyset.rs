//! A session with Readyset over the PostgreSQL (or MySQL) wire protocol, and the statements
//! Readyset adds: `SHOW CACHES`, `SHOW PROXIED [SUPPORTED] QUERIES`, `CREATE CACHE`,
//! `DROP CACHE`, `EXPLAIN CREATE CACHE FROM`, `SHOW READYSET STATUS`. They go out as simple
//! (text) queries, as Readyset's own clients send them; columns are read by Readyset's names
//! (`query id`, `cache name`, `query text`, `fallback behavior`, `proxied query`,
//! `readyset supported`, `count`).

use super::CacheError;
use crate::db::{DbError, Kind, Target};
use futures::future::BoxFuture;
use serde::Serialize;
use sqlx::mysql::{MySqlConnectOptions, MySqlRow};
use sqlx::postgres::{PgConnectOptions, PgRow};
use sqlx::{Column, ConnectOptions, Connection, Executor, MySqlConnection, PgConnection, Row};
use std::str::FromStr;

/// One row as `(column name, text value)` pairs.
pub type TextRow = Vec<(String, Option<String>)>;

/// A cached query, from `SHOW CACHES`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CacheInfo {
    /// `q_<16 hex>`.
    pub query_id: String,
    /// The cache's name (Readyset uses the query id when none was given).
    pub name: String,
    /// The query as Readyset normalized it.
    pub query_text: String,
    /// `fallback allowed` or `no fallback`.
    pub fallback: Option<String>,
    /// How often it was hit, when Readyset reports it.
    pub count: Option<String>,
}

/// A query seen by the proxy, from `SHOW PROXIED QUERIES` or `EXPLAIN CREATE CACHE`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ProxiedQuery {
    /// `q_<16 hex>`.
    pub query_id: String,
    /// The query text.
    pub query: String,
    /// `yes`, `pending` or `unsupported`.
    pub supported: String,
    /// How often it ran, when Readyset reports it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<String>,
}

enum Conn {
    Pg(PgConnection),
    My(MySqlConnection),
}

/// An open connection to Readyset.
pub struct Session {
    conn: Conn,
    target: Target,
}

fn text_of_pg(row: &PgRow, i: usize) -> Option<String> {
    row.try_get::<Option<String>, _>(i)
        .or_else(|_| row.try_get::<Option<i64>, _>(i).map(|v| v.map(|n| n.to_string())))
        .or_else(|_| row.try_get::<Option<i32>, _>(i).map(|v| v.map(|n| n.to_string())))
        .or_else(|_| row.try_get::<Option<bool>, _>(i).map(|v| v.map(|b| b.to_string())))
        .unwrap_or(None)
}

fn text_of_my(row: &MySqlRow, i: usize) -> Option<String> {
    row.try_get::<Option<String>, _>(i)
        .or_else(|_| row.try_get::<Option<i64>, _>(i).map(|v| v.map(|n| n.to_string())))
        .or_else(|_| row.try_get::<Option<u64>, _>(i).map(|v| v.map(|n| n.to_string())))
        .unwrap_or(None)
}

fn to_text_row<R: Row>(row: &R, text: impl Fn(&R, usize) -> Option<String>) -> TextRow {
    row.columns().iter().enumerate().map(|(i, c)| (c.name().to_string(), text(row, i))).collect()
}

/// The value of column `name` (case-insensitive), if present and not NULL.
pub fn cell(row: &TextRow, name: &str) -> Option<String> {
    row.iter().find(|(c, _)| c.eq_ignore_ascii_case(name)).and_then(|(_, v)| v.clone())
}

impl Session {
    /// Connects (one connection; Readyset sessions are cheap and short here).
    pub async fn open(target: Target) -> Result<Session, CacheError> {
        let url = target.expose_url().to_string();
        let url = url.as_str();
        let fail = |e: sqlx::Error| DbError::ConnectionFailed { target: target.display.clone(), message: target.scrub(&e.to_string()) };
        let conn = match target.kind {
            Kind::Postgres => Conn::Pg(PgConnectOptions::from_str(url).map_err(fail)?.connect().await.map_err(fail)?),
            Kind::MySql => Conn::My(MySqlConnectOptions::from_str(url).map_err(fail)?.connect().await.map_err(fail)?),
            Kind::Sqlite => return Err(CacheError::NotReadyset(target.display.clone())),
        };
        Ok(Session { conn, target })
    }

    /// Runs one statement (simple query protocol: no parameters) and returns its rows as text.
    pub fn rows<'a>(&'a mut self, statement: &'a str) -> BoxFuture<'a, Result<Vec<TextRow>, CacheError>> {
        Box::pin(async move {
            let target = &self.target;
            let fail = |e: sqlx::Error| CacheError::Statement { statement: statement.to_string(), message: target.scrub(&e.to_string()) };
            match &mut self.conn {
                Conn::Pg(c) => {
                    let rows = c.fetch_all(statement).await.map_err(fail)?;
                    Ok(rows.iter().map(|r| to_text_row(r, text_of_pg)).collect())
                }
                Conn::My(c) => {
                    let rows = c.fetch_all(statement).await.map_err(fail)?;
                    Ok(rows.iter().map(|r| to_text_row(r, text_of_my)).collect())
                }
            }
        })
    }

    /// Closes the connection politely.
    pub async fn close(self) {
        match self.conn {
            Conn::Pg(c) => drop(c.close().await),
            Conn::My(c) => drop(c.close().await),
        }
    }

    /// `SHOW CACHES`.
    pub async fn caches(&mut self) -> Result<Vec<CacheInfo>, CacheError> {
        let rows = self.rows("SHOW CACHES").await?;
        Ok(rows
            .iter()
            .map(|r| {
                let query_id = cell(r, "query id").unwrap_or_default();
                CacheInfo {
                    name: cell(r, "cache name").unwrap_or_else(|| query_id.clone()),
                    query_id,
                    query_text: cell(r, "query text").unwrap_or_default(),
                    fallback: cell(r, "fallback behavior"),
                    count: cell(r, "count"),
                }
            })
            .collect())
    }

    /// `SHOW PROXIED [SUPPORTED] QUERIES`.
    pub async fn proxied(&mut self, supported_only: bool) -> Result<Vec<ProxiedQuery>, CacheError> {
        let sql = if supported_only { "SHOW PROXIED SUPPORTED QUERIES" } else { "SHOW PROXIED QUERIES" };
        Ok(self.rows(sql).await?.iter().map(proxied_from).collect())
    }

    /// `EXPLAIN CREATE CACHE FROM <query>`: the id Readyset gives the query and whether it can
    /// cache it, without creating anything.
    pub async fn explain(&mut self, query: &str) -> Result<ProxiedQuery, CacheError> {
        let statement = format!("EXPLAIN CREATE CACHE FROM {query}");
        let rows = self.rows(&statement).await?;
        rows.first().map(proxied_from).ok_or(CacheError::Statement { statement, message: "no row returned".into() })
    }
}

fn proxied_from(r: &TextRow) -> ProxiedQuery {
    ProxiedQuery {
        query_id: cell(r, "query id").unwrap_or_default(),
        query: cell(r, "proxied query").unwrap_or_default(),
        supported: cell(r, "readyset supported").unwrap_or_default(),
        count: cell(r, "count"),
    }
}
