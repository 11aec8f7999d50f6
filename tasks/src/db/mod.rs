//! Database inspection tasks on SQLite, PostgreSQL and MySQL/MariaDB (sqlx).
//!
//! A task's `connection` parameter is a configured name (`WFM_CONNECTION_<NAME>`), a URL
//! (`sqlite://path`, `postgres://…`, `mysql://…`), or absent for the demo database that
//! [`demo`] creates on first use. Layout: [`overview`] (`get_db_size`, `get_table_count`),
//! [`stats`] (`get_query_stats`), [`schema`] (`analyze_schema` and its findings), [`rows`]
//! (rows as JSON, shared with the command sets).

pub mod demo;
pub mod overview;
pub mod rows;
pub mod schema;
pub mod stats;

use crate::config::{redact_url, Secret, TasksConfig};
use engine::StatesError;
use sqlx::mysql::{MySqlConnectOptions, MySqlPool, MySqlPoolOptions};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use sqlx::{ConnectOptions, Connection};
use std::str::FromStr;
use std::time::Duration;

/// Error names a `Catch` can match.
pub mod names {
    /// The database could not be reached or refused the login.
    pub const CONNECTION_FAILED: &str = "Database.ConnectionFailed";
    /// A statement failed.
    pub const QUERY_FAILED: &str = "Database.QueryFailed";
    /// The `connection` names nothing configured, or its URL scheme is not supported.
    pub const UNKNOWN_CONNECTION: &str = "Database.UnknownConnection";
}

/// Why a database task failed; messages never hold a password.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// Not a configured name and not a URL.
    #[error("unknown connection '{name}' (configured: {known}); give a name or a sqlite://, postgres:// or mysql:// URL")]
    UnknownConnection { name: String, known: String },
    /// A URL with a scheme we do not speak.
    #[error("unsupported database URL '{0}': use sqlite://, postgres:// or mysql://")]
    UnsupportedUrl(String),
    /// Connecting failed.
    #[error("cannot connect to {target}: {message}")]
    ConnectionFailed { target: String, message: String },
    /// A statement failed.
    #[error("query failed on {target}: {message}")]
    QueryFailed { target: String, message: String },
}

impl From<DbError> for StatesError {
    fn from(e: DbError) -> Self {
        let name = match &e {
            DbError::UnknownConnection { .. } | DbError::UnsupportedUrl(_) => names::UNKNOWN_CONNECTION,
            DbError::ConnectionFailed { .. } => names::CONNECTION_FAILED,
            DbError::QueryFailed { .. } => names::QUERY_FAILED,
        };
        StatesError::new(name, e.to_string())
    }
}

/// Which database engine a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// SQLite file.
    Sqlite,
    /// PostgreSQL (or a server speaking its protocol, like Readyset).
    Postgres,
    /// MySQL or MariaDB.
    MySql,
}

impl Kind {
    /// The name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Sqlite => "sqlite",
            Kind::Postgres => "postgresql",
            Kind::MySql => "mysql",
        }
    }
}

/// A resolved connection: the URL (secret) and a printable form.
#[derive(Debug, Clone)]
pub struct Target {
    url: Secret,
    /// The URL with its password replaced by `***`.
    pub display: String,
    /// The engine.
    pub kind: Kind,
}

impl Target {
    /// Builds a target from a URL (`mariadb://` is read as `mysql://`).
    pub fn from_url(raw: &str) -> Result<Self, DbError> {
        let url = match raw.strip_prefix("mariadb://") {
            Some(rest) => format!("mysql://{rest}"),
            None => raw.to_string(),
        };
        let scheme = url.split(':').next().unwrap_or_default().to_ascii_lowercase();
        let kind = match scheme.as_str() {
            "sqlite" => Kind::Sqlite,
            "postgres" | "postgresql" => Kind::Postgres,
            "mysql" => Kind::MySql,
            _ => return Err(DbError::UnsupportedUrl(redact_url(raw))),
        };
        Ok(Target { display: redact_url(&url), url: Secret::new(url), kind })
    }

    /// The URL with its password, for the one call that connects.
    pub(crate) fn expose_url(&self) -> &str {
        self.url.expose()
    }

    /// Removes the password from a driver's message, in case the driver echoed the URL.
    pub fn scrub(&self, message: &str) -> String {
        let mut out = message.replace(self.url.expose(), &self.display);
        if let Some(pw) = url::Url::parse(self.url.expose()).ok().and_then(|u| u.password().map(str::to_string)) {
            if pw.len() >= 3 {
                out = out.replace(&pw, "***");
            }
        }
        out
    }

    /// A `QueryFailed` error for this target.
    pub fn query_err(&self, e: impl std::fmt::Display) -> DbError {
        DbError::QueryFailed { target: self.display.clone(), message: self.scrub(&e.to_string()) }
    }

    fn connect_err(&self, e: impl std::fmt::Display) -> DbError {
        DbError::ConnectionFailed { target: self.display.clone(), message: self.scrub(&e.to_string()) }
    }
}

/// Finds the target for a `connection` parameter; `None` or `"demo"` is the demo database,
/// which is created if it does not exist yet.
pub async fn resolve(config: &TasksConfig, connection: Option<&str>) -> Result<Target, DbError> {
    match connection.map(str::trim) {
        None | Some("") | Some("demo") => {
            let path = demo::ensure(&config.demo_db_path).await?;
            Target::from_url(&format!("sqlite://{}", path.display()))
        }
        Some(c) if c.contains(':') => Target::from_url(c),
        Some(name) => match config.connections.get(&name.to_lowercase()) {
            Some(url) => Target::from_url(url.expose()),
            None => Err(DbError::UnknownConnection {
                name: name.to_string(),
                known: known_names(config),
            }),
        },
    }
}

fn known_names(config: &TasksConfig) -> String {
    let mut names: Vec<&str> = config.connections.keys().map(String::as_str).collect();
    names.insert(0, "demo");
    names.join(", ")
}

/// An open pool on one of the three engines.
#[derive(Debug, Clone)]
pub enum Db {
    /// SQLite.
    Sqlite(SqlitePool),
    /// PostgreSQL.
    Postgres(PgPool),
    /// MySQL / MariaDB.
    MySql(MySqlPool),
}

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

impl Db {
    /// Opens a small pool; `read_only` opens SQLite files read-only (servers get read-only
    /// transactions from the caller instead).
    pub async fn connect(target: &Target, read_only: bool) -> Result<Db, DbError> {
        let url = target.url.expose();
        match target.kind {
            Kind::Sqlite => {
                let opts = SqliteConnectOptions::from_str(url).map_err(|e| target.connect_err(e))?.read_only(read_only);
                probe(target, &opts).await?;
                Ok(Db::Sqlite(SqlitePoolOptions::new().max_connections(2).acquire_timeout(CONNECT_TIMEOUT).connect_lazy_with(opts)))
            }
            Kind::Postgres => {
                let opts = PgConnectOptions::from_str(url).map_err(|e| target.connect_err(e))?;
                probe(target, &opts).await?;
                Ok(Db::Postgres(PgPoolOptions::new().max_connections(2).acquire_timeout(CONNECT_TIMEOUT).connect_lazy_with(opts)))
            }
            Kind::MySql => {
                let opts = MySqlConnectOptions::from_str(url).map_err(|e| target.connect_err(e))?;
                probe(target, &opts).await?;
                Ok(Db::MySql(MySqlPoolOptions::new().max_connections(2).acquire_timeout(CONNECT_TIMEOUT).connect_lazy_with(opts)))
            }
        }
    }

    /// Closes the pool (each task opens its own and closes it when done).
    pub async fn close(&self) {
        match self {
            Db::Sqlite(p) => p.close().await,
            Db::Postgres(p) => p.close().await,
            Db::MySql(p) => p.close().await,
        }
    }
}

/// One connection attempt, so that a refused or failed login is reported at once (a pool
/// would keep retrying until its timeout).
async fn probe<O>(target: &Target, opts: &O) -> Result<(), DbError>
where
    O: ConnectOptions,
    O::Connection: Sized,
{
    match tokio::time::timeout(CONNECT_TIMEOUT, opts.connect()).await {
        Ok(Ok(conn)) => {
            let _ = conn.close().await;
            Ok(())
        }
        Ok(Err(e)) => Err(target.connect_err(e)),
        Err(_) => Err(target.connect_err("timed out")),
    }
}

/// Resolves and connects in one step, for tasks that only read.
pub async fn open(config: &TasksConfig, connection: Option<&str>) -> Result<(Target, Db), DbError> {
    let target = resolve(config, connection).await?;
    let db = Db::connect(&target, false).await?;
    Ok((target, db))
}

/// Quotes an identifier for SQLite/PostgreSQL (`"`) or MySQL (`` ` ``), doubling the quote.
pub fn quote_ident(kind: Kind, ident: &str) -> String {
    let q = if kind == Kind::MySql { '`' } else { '"' };
    let doubled = ident.replace(q, &format!("{q}{q}"));
    format!("{q}{doubled}{q}")
}

/// Registers the four inspection functions.
pub fn register(reg: &mut engine::task::TaskRegistry, config: &std::sync::Arc<TasksConfig>) {
    overview::register_all(reg, config);
    stats::register_all(reg, config);
    schema::register_all(reg, config);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_know_their_kind_and_hide_passwords() {
        let t = Target::from_url("postgres://u:s3cret@localhost/db").unwrap();
        assert_eq!(t.kind, Kind::Postgres);
        assert!(!t.display.contains("s3cret"));
        assert_eq!(t.scrub("auth failed for s3cret"), "auth failed for ***");
        assert_eq!(Target::from_url("mariadb://root@h/x").unwrap().kind, Kind::MySql);
        assert!(matches!(Target::from_url("redis://h"), Err(DbError::UnsupportedUrl(_))));
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote_ident(Kind::Sqlite, "a\"b"), "\"a\"\"b\"");
        assert_eq!(quote_ident(Kind::MySql, "t"), "`t`");
    }
}
