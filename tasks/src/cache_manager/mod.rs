//! Readyset cache management: list caches and proxied queries, create and drop caches, and
//! reconcile a desired set of cached queries ([`reconcile`]).
//!
//! Every function takes `connection` (a name or a `postgres://` / `mysql://` URL of the
//! Readyset adapter); without it, the connection named `readyset` (`WFM_CONNECTION_READYSET`).
//! Query text in `CREATE CACHE FROM …` is Readyset's own syntax and cannot be bound, so it is
//! checked to be a single SELECT; names must be identifiers and ids `q_<16 hex>`.

pub mod readyset;
pub mod reconcile;

use crate::config::TasksConfig;
use crate::data_manager::sql;
use crate::db::{self, DbError};
use crate::params::register;
use engine::task::{FunctionSpec, TaskRegistry};
use engine::StatesError;
use readyset::Session;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

/// Why a cache operation failed.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// No connection given and none named `readyset`.
    #[error("no Readyset connection: pass `connection` or set WFM_CONNECTION_READYSET")]
    NotConfigured,
    /// A SQLite URL: Readyset speaks PostgreSQL or MySQL.
    #[error("{0} is not a Readyset adapter (use a postgres:// or mysql:// URL)")]
    NotReadyset(String),
    /// A query that cannot be cached as given.
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    /// A cache name or query id that is not well-formed.
    #[error("invalid cache name or query id '{0}': names are identifiers, ids look like q_0123456789abcdef")]
    InvalidName(String),
    /// Readyset refused a statement.
    #[error("Readyset refused `{statement}`: {message}")]
    Statement { statement: String, message: String },
    /// The connection failed.
    #[error(transparent)]
    Db(#[from] DbError),
}

impl CacheError {
    /// The ASL error name (connection failures keep their `Database.*` names).
    pub fn name(&self) -> &'static str {
        match self {
            CacheError::NotConfigured | CacheError::NotReadyset(_) => db::names::UNKNOWN_CONNECTION,
            CacheError::InvalidQuery(_) | CacheError::InvalidName(_) => "Readyset.InvalidRequest",
            CacheError::Statement { .. } => "Readyset.StatementFailed",
            CacheError::Db(_) => db::names::CONNECTION_FAILED,
        }
    }
}

impl From<CacheError> for StatesError {
    fn from(e: CacheError) -> Self {
        match e {
            CacheError::Db(d) => d.into(),
            other => StatesError::new(other.name(), other.to_string()),
        }
    }
}

/// Whether `s` looks like a Readyset query id (`q_` + 16 hex digits).
pub fn is_query_id(s: &str) -> bool {
    s.len() == 18 && s.starts_with("q_") && s[2..].bytes().all(|c| c.is_ascii_hexdigit())
}

fn check_name(s: &str) -> Result<&str, CacheError> {
    let ok = !s.is_empty() && s.len() <= 63 && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') && !s.as_bytes()[0].is_ascii_digit();
    if ok { Ok(s) } else { Err(CacheError::InvalidName(s.to_string())) }
}

/// Checks that `q` is one SELECT (what `CREATE CACHE FROM` accepts) and trims a final `;`.
pub fn check_query(q: &str) -> Result<String, CacheError> {
    let q = q.trim().trim_end_matches(';').trim();
    if sql::has_several_statements(q) {
        return Err(CacheError::InvalidQuery("several statements".into()));
    }
    match sql::first_keyword(q).as_str() {
        "SELECT" | "WITH" => Ok(q.to_string()),
        "" => Err(CacheError::InvalidQuery("empty query".into())),
        kw => Err(CacheError::InvalidQuery(format!("only SELECT queries can be cached, not {kw}"))),
    }
}

/// `CREATE CACHE [ALWAYS] [name] FROM <query | id>`.
pub fn create_statement(source: &str, name: Option<&str>, always: bool) -> Result<String, CacheError> {
    let from = if is_query_id(source) { source.to_string() } else { check_query(source)? };
    let mut s = String::from("CREATE CACHE ");
    if always {
        s.push_str("ALWAYS ");
    }
    if let Some(n) = name {
        s.push_str(check_name(n)?);
        s.push(' ');
    }
    Ok(format!("{s}FROM {from}"))
}

/// `DROP CACHE <name | id>`.
pub fn drop_statement(name_or_id: &str) -> Result<String, CacheError> {
    Ok(format!("DROP CACHE {}", check_name(name_or_id)?))
}

/// Opens a session on the task's connection or the one named `readyset`.
pub async fn session(config: &TasksConfig, connection: Option<&str>) -> Result<Session, CacheError> {
    let connection = match connection {
        Some(c) => c,
        None if config.connections.contains_key("readyset") => "readyset",
        None => return Err(CacheError::NotConfigured),
    };
    Session::open(db::resolve(config, Some(connection)).await?).await
}

/// Parameters of the listing functions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListParams {
    connection: Option<String>,
    #[serde(default)]
    supported_only: bool,
}

/// Parameters of `create_cache` / `drop_cache`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CacheParams {
    connection: Option<String>,
    query: Option<String>,
    query_id: Option<String>,
    name: Option<String>,
    #[serde(default)]
    always: bool,
}

fn connection_prop() -> Value {
    json!({"type": "string", "description": "Readyset adapter: a connection name or a postgres:// / mysql:// URL (default: the connection named readyset)."})
}

/// The cache functions.
pub fn functions(config: &Arc<TasksConfig>) -> TaskRegistry {
    let mut reg = TaskRegistry::new();
    let list_schema = |extra: Value| {
        let mut props = json!({"connection": connection_prop()});
        if let (Some(p), Some(e)) = (props.as_object_mut(), extra.as_object()) {
            p.extend(e.clone());
        }
        json!({"type": "object", "properties": props, "additionalProperties": false})
    };
    let spec = FunctionSpec::new("get_cached_query_ids", "Readyset's caches (SHOW CACHES): {count, query_ids, caches}.", list_schema(json!({})));
    register(&mut reg, config, spec, |cfg, p: ListParams, _| async move { Ok(cached(&cfg, p).await?) });
    let spec = FunctionSpec::new(
        "get_proxied_queries",
        "Queries Readyset has proxied (SHOW PROXIED QUERIES) and whether it can cache them: {count, queries}.",
        list_schema(json!({"supported_only": {"type": "boolean", "default": false, "description": "Only queries Readyset can cache."}})),
    );
    register(&mut reg, config, spec, |cfg, p: ListParams, _| async move { Ok(proxied(&cfg, p).await?) });
    let spec = FunctionSpec::new("get_readyset_status", "SHOW READYSET STATUS as an object.", list_schema(json!({})));
    register(&mut reg, config, spec, |cfg, p: ListParams, _| async move { Ok(status(&cfg, p).await?) });
    register_changes(&mut reg, config, list_schema);
    reconcile::register_apply(&mut reg, config, connection_prop());
    reg
}

fn register_changes(reg: &mut TaskRegistry, config: &Arc<TasksConfig>, list_schema: impl Fn(Value) -> Value) {
    let create_props = json!({
        "query": {"type": "string", "description": "The SELECT to cache (give this or query_id)."},
        "query_id": {"type": "string", "pattern": "^q_[0-9a-f]{16}$", "description": "A proxied query's id."},
        "name": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$", "description": "Cache name (default: Readyset's)."},
        "always": {"type": "boolean", "default": false, "description": "CREATE CACHE ALWAYS: serve from the cache even inside transactions."}
    });
    let spec = FunctionSpec::new("create_cache", "CREATE CACHE [name] FROM <query | query_id>.", list_schema(create_props));
    register(reg, config, spec, |cfg, p: CacheParams, _| async move { Ok(create(&cfg, p).await?) });
    let drop_props = json!({
        "name": {"type": "string", "description": "Cache name (give this or query_id)."},
        "query_id": {"type": "string", "pattern": "^q_[0-9a-f]{16}$"}
    });
    let spec = FunctionSpec::new("drop_cache", "DROP CACHE <name | query_id>.", list_schema(drop_props));
    register(reg, config, spec, |cfg, p: CacheParams, _| async move { Ok(drop_cache(&cfg, p).await?) });
}

async fn cached(config: &TasksConfig, p: ListParams) -> Result<Value, CacheError> {
    let mut s = session(config, p.connection.as_deref()).await?;
    let caches = s.caches().await;
    s.close().await;
    let caches = caches?;
    let ids: Vec<&str> = caches.iter().map(|c| c.query_id.as_str()).collect();
    Ok(json!({"count": caches.len(), "query_ids": ids, "caches": caches}))
}

async fn proxied(config: &TasksConfig, p: ListParams) -> Result<Value, CacheError> {
    let mut s = session(config, p.connection.as_deref()).await?;
    let queries = s.proxied(p.supported_only).await;
    s.close().await;
    let queries = queries?;
    Ok(json!({"count": queries.len(), "queries": queries}))
}

async fn status(config: &TasksConfig, p: ListParams) -> Result<Value, CacheError> {
    let mut s = session(config, p.connection.as_deref()).await?;
    let rows = s.rows("SHOW READYSET STATUS").await;
    s.close().await;
    let mut status = serde_json::Map::new();
    for r in rows? {
        let key = r.first().and_then(|(_, v)| v.clone());
        let value = r.get(1).and_then(|(_, v)| v.clone());
        if let Some(k) = key {
            status.insert(k, json!(value));
        }
    }
    Ok(json!({"status": status}))
}

async fn create(config: &TasksConfig, p: CacheParams) -> Result<Value, CacheError> {
    let source = p.query_id.as_deref().or(p.query.as_deref()).ok_or(CacheError::InvalidQuery("give query or query_id".into()))?;
    let statement = create_statement(source, p.name.as_deref(), p.always)?;
    let mut s = session(config, p.connection.as_deref()).await?;
    let done = s.rows(&statement).await;
    s.close().await;
    done?;
    Ok(json!({"created": true, "statement": statement}))
}

async fn drop_cache(config: &TasksConfig, p: CacheParams) -> Result<Value, CacheError> {
    let target = p.name.as_deref().or(p.query_id.as_deref()).ok_or(CacheError::InvalidName(String::new()))?;
    let statement = drop_statement(target)?;
    let mut s = session(config, p.connection.as_deref()).await?;
    let done = s.rows(&statement).await;
    s.close().await;
    done?;
    Ok(json!({"dropped": true, "statement": statement}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_checked() {
        assert_eq!(create_statement("q_0123456789abcdef", None, false).unwrap(), "CREATE CACHE FROM q_0123456789abcdef");
        assert_eq!(create_statement("SELECT * FROM t WHERE id = $1;", Some("by_id"), true).unwrap(), "CREATE CACHE ALWAYS by_id FROM SELECT * FROM t WHERE id = $1");
        assert!(create_statement("DELETE FROM t", None, false).is_err());
        assert!(create_statement("SELECT 1; DROP TABLE t", None, false).is_err());
        assert!(create_statement("SELECT 1", Some("x; DROP"), false).is_err());
        assert!(drop_statement("q_0123456789abcdef").is_ok());
        assert!(drop_statement("a b").is_err());
    }
}
