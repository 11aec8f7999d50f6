//! `apply_cache_changes`: make Readyset's caches match a desired list.
//!
//! The desired list comes from the `desired` parameter (an array of query texts, query ids or
//! `{query | query_id, name}` objects; an object holding such an array under `caches` or
//! `queries`; or a string of that JSON, such as an LLM's answer, fenced or not) and/or from
//! `desired_file` (TOML, YAML or JSON with a `caches` array). Query texts are identified with
//! `EXPLAIN CREATE CACHE FROM …`, which gives Readyset's query id without creating anything, and
//! compared with `SHOW CACHES` by id (or by name). Missing caches are created; with
//! `drop_unlisted` (the default) caches not in the list are dropped — unless some entry could
//! not be identified, in which case nothing is dropped, since it might be one of them.
//! `dry_run` reports the statements without running them. The original workflow's form,
//! `cache: [...]` and `drop: [...]` (e.g. an LLM's `{"cache": [...], "drop": [...]}`), creates
//! and drops exactly those and leaves other caches alone unless `drop_unlisted` is set.

use super::readyset::{CacheInfo, Session};
use super::{check_query, create_statement, drop_statement, is_query_id, session, CacheError};
use crate::config::TasksConfig;
use crate::params::register;
use engine::task::{FunctionSpec, TaskRegistry};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

/// One wanted cache.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Desired {
    /// A proxied query's id.
    #[serde(alias = "id")]
    pub query_id: Option<String>,
    /// The SELECT to cache.
    #[serde(alias = "query_text", alias = "sql")]
    pub query: Option<String>,
    /// The cache's name.
    #[serde(alias = "cache_name")]
    pub name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ApplyParams {
    connection: Option<String>,
    desired: Option<Value>,
    desired_file: Option<PathBuf>,
    cache: Option<Value>,
    drop: Option<Value>,
    #[serde(default)]
    dry_run: bool,
    drop_unlisted: Option<bool>,
}

pub(super) fn register_apply(reg: &mut TaskRegistry, config: &Arc<TasksConfig>, connection: Value) {
    let spec = FunctionSpec::new(
        "apply_cache_changes",
        "Reconciles Readyset's caches with a desired list (parameter or file): creates missing ones, drops unlisted ones; dry_run reports only. Returns {created, dropped, unchanged, errors}.",
        json!({
            "type": "object",
            "properties": {
                "connection": connection,
                "desired": {"description": "Query texts, query ids or {query | query_id, name} objects; or {caches: [...]}; or that JSON as a string (e.g. an LLM's answer).",
                            "type": ["array", "object", "string", "null"]},
                "desired_file": {"type": "string", "description": "TOML, YAML or JSON file with a `caches` array."},
                "cache": {"description": "Queries or ids to cache (added to `desired`; alone, nothing unlisted is dropped).", "type": ["array", "string", "null"]},
                "drop": {"description": "Queries, ids or cache names to drop explicitly.", "type": ["array", "string", "null"]},
                "dry_run": {"type": "boolean", "default": false, "description": "Report the statements without running them."},
                "drop_unlisted": {"type": "boolean", "description": "Drop caches that are not desired (default: true with desired/desired_file, false with only cache/drop)."}
            },
            "additionalProperties": false
        }),
    );
    register(reg, config, spec, |cfg, p: ApplyParams, _| async move { Ok(apply(&cfg, p).await?) });
}

/// Reads a desired list in any of the accepted shapes.
pub fn parse_desired(v: &Value) -> Result<Vec<Desired>, String> {
    match v {
        Value::Null => Ok(vec![]),
        Value::Array(items) => items.iter().map(one).collect(),
        Value::Object(o) => match ["caches", "queries", "desired"].iter().find_map(|k| o.get(*k)) {
            Some(inner) => parse_desired(inner),
            None => Ok(vec![one(v)?]),
        },
        Value::String(s) => match crate::llm::extract_json(s) {
            Some(parsed) => parse_desired(&parsed),
            None => Err("desired is a string but holds no JSON".into()),
        },
        other => Err(format!("desired cannot be {other}")),
    }
}

fn one(v: &Value) -> Result<Desired, String> {
    match v {
        Value::String(s) if is_query_id(s.trim()) => Ok(Desired { query_id: Some(s.trim().into()), ..Desired::default() }),
        Value::String(s) => Ok(Desired { query: Some(s.clone()), ..Desired::default() }),
        Value::Object(_) => serde_json::from_value(v.clone()).map_err(|e| format!("bad desired entry {v}: {e}")),
        other => Err(format!("bad desired entry {other}")),
    }
}

fn load_file(path: &PathBuf) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
    match ext {
        "toml" => toml::from_str(&text).map_err(|e| e.message().to_string()),
        "yaml" | "yml" => serde_yaml::from_str(&text).map_err(|e| e.to_string()),
        _ => serde_json::from_str(&text).map_err(|e| e.to_string()),
    }
}

async fn apply(config: &TasksConfig, p: ApplyParams) -> Result<Value, CacheError> {
    let mut desired = parse_desired(p.desired.as_ref().unwrap_or(&Value::Null)).map_err(CacheError::InvalidQuery)?;
    if let Some(path) = &p.desired_file {
        let v = load_file(path).map_err(CacheError::InvalidQuery)?;
        desired.extend(parse_desired(&v).map_err(CacheError::InvalidQuery)?);
    }
    desired.extend(parse_desired(p.cache.as_ref().unwrap_or(&Value::Null)).map_err(CacheError::InvalidQuery)?);
    let drops = parse_drops(p.drop.as_ref().unwrap_or(&Value::Null)).map_err(CacheError::InvalidQuery)?;
    let plan = Plan {
        desired,
        drops,
        dry_run: p.dry_run,
        drop_unlisted: p.drop_unlisted.unwrap_or(p.desired.is_some() || p.desired_file.is_some()),
    };
    let mut s = session(config, p.connection.as_deref()).await?;
    let result = reconcile(&mut s, &plan).await;
    s.close().await;
    result
}

/// What reconciliation did (or, in a dry run, would do).
#[derive(Debug, Default)]
struct Report {
    created: Vec<Value>,
    dropped: Vec<Value>,
    unchanged: Vec<Value>,
    errors: Vec<Value>,
}

/// What to do.
struct Plan {
    desired: Vec<Desired>,
    drops: Vec<Desired>,
    dry_run: bool,
    drop_unlisted: bool,
}

/// Reads the `drop` list: like `desired`, but a bare string that is not a query is a name.
fn parse_drops(v: &Value) -> Result<Vec<Desired>, String> {
    let mut out = parse_desired(v)?;
    for d in &mut out {
        if d.query.as_deref().is_some_and(|q| !q.contains(char::is_whitespace)) {
            d.name = d.query.take();
        }
    }
    Ok(out)
}

async fn reconcile(s: &mut Session, plan: &Plan) -> Result<Value, CacheError> {
    let (dry_run, drop_unlisted) = (plan.dry_run, plan.drop_unlisted);
    let current = s.caches().await?;
    let mut keep = HashSet::new();
    let mut r = Report::default();
    let mut unresolved = false;
    for d in &plan.desired {
        let item = json!({"query_id": d.query_id, "query": d.query, "name": d.name});
        match ensure(s, d, &current, dry_run).await {
            Ok(Outcome::Exists(c)) => {
                keep.insert(c.query_id.clone());
                r.unchanged.push(json!({"query_id": c.query_id, "name": c.name}));
            }
            Ok(Outcome::Created(v)) => r.created.push(v),
            Err((e, identified)) => {
                unresolved |= !identified;
                r.errors.push(json!({"item": item, "error": e.to_string()}));
            }
        }
    }
    let mut dropping: Vec<&CacheInfo> = Vec::new();
    for d in &plan.drops {
        match identify(s, d).await {
            Ok(id) => match current.iter().find(|c| id.as_deref() == Some(c.query_id.as_str()) || d.name.as_deref() == Some(c.name.as_str())) {
                Some(c) if keep.contains(&c.query_id) => r.errors.push(json!({"item": c.query_id, "error": "asked both to cache and to drop: kept"})),
                Some(c) => dropping.push(c),
                None => r.unchanged.push(json!({"query_id": id, "name": d.name, "note": "not cached, nothing to drop"})),
            },
            Err(e) => r.errors.push(json!({"item": {"query_id": d.query_id, "query": d.query, "name": d.name}, "error": e.to_string()})),
        }
    }
    if drop_unlisted && unresolved {
        r.errors.push(json!({"item": null, "error": "no unlisted cache was dropped because some desired entries could not be identified"}));
    } else if drop_unlisted {
        dropping.extend(current.iter().filter(|c| !keep.contains(&c.query_id)));
    }
    let mut seen = HashSet::new();
    dropping.retain(|c| seen.insert(c.query_id.clone()));
    for c in dropping {
        drop_one(s, c, dry_run, &mut r).await;
    }
    let summary = json!({"created": r.created.len(), "dropped": r.dropped.len(), "unchanged": r.unchanged.len(), "errors": r.errors.len()});
    Ok(json!({"dry_run": dry_run, "created": r.created, "dropped": r.dropped, "unchanged": r.unchanged, "errors": r.errors, "summary": summary}))
}

enum Outcome {
    Exists(CacheInfo),
    Created(Value),
}

/// Creates `d` unless a matching cache exists. Errors say whether `d` was identified.
async fn ensure(s: &mut Session, d: &Desired, current: &[CacheInfo], dry_run: bool) -> Result<Outcome, (CacheError, bool)> {
    let id = identify(s, d).await.map_err(|e| (e, false))?;
    let found = current.iter().find(|c| id.as_deref() == Some(c.query_id.as_str()) || d.name.as_deref() == Some(c.name.as_str()));
    if let Some(c) = found {
        return Ok(Outcome::Exists(c.clone()));
    }
    let source = d.query_id.as_deref().or(d.query.as_deref());
    let source = source.ok_or_else(|| (CacheError::InvalidQuery(format!("no cache named {} and no query to create it", d.name.as_deref().unwrap_or("?"))), false))?;
    let statement = create_statement(source, d.name.as_deref(), false).map_err(|e| (e, true))?;
    if !dry_run {
        s.rows(&statement).await.map_err(|e| (e, true))?;
    }
    Ok(Outcome::Created(json!({"query_id": id, "name": d.name, "statement": statement})))
}

/// The query id of a desired entry: given, or Readyset's for its text (`None`: name only).
async fn identify(s: &mut Session, d: &Desired) -> Result<Option<String>, CacheError> {
    if let Some(id) = &d.query_id {
        return if is_query_id(id) { Ok(Some(id.clone())) } else { Err(CacheError::InvalidName(id.clone())) };
    }
    let Some(q) = &d.query else {
        return match &d.name {
            Some(_) => Ok(None),
            None => Err(CacheError::InvalidQuery("each desired cache needs query or query_id".into())),
        };
    };
    let explained = s.explain(&check_query(q)?).await?;
    if explained.supported.eq_ignore_ascii_case("unsupported") {
        return Err(CacheError::InvalidQuery(format!("Readyset cannot cache {} ({})", explained.query_id, q.trim())));
    }
    Ok(Some(explained.query_id))
}

async fn drop_one(s: &mut Session, c: &CacheInfo, dry_run: bool, r: &mut Report) {
    let item = json!({"query_id": c.query_id, "name": c.name});
    let statement = match drop_statement(&c.name).or_else(|_| drop_statement(&c.query_id)) {
        Ok(st) => st,
        Err(e) => return r.errors.push(json!({"item": item, "error": e.to_string()})),
    };
    if !dry_run {
        if let Err(e) = s.rows(&statement).await {
            return r.errors.push(json!({"item": item, "error": e.to_string()}));
        }
    }
    r.dropped.push(json!({"query_id": c.query_id, "name": c.name, "statement": statement}));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn desired_lists_in_every_shape() {
        let llm = "Here you go:\n```json\n{\"caches\": [\"q_0123456789abcdef\", {\"query\": \"SELECT 1\", \"name\": \"one\"}]}\n```";
        let d = parse_desired(&json!(llm)).unwrap();
        assert_eq!(d[0].query_id.as_deref(), Some("q_0123456789abcdef"));
        assert_eq!((d[1].query.as_deref(), d[1].name.as_deref()), (Some("SELECT 1"), Some("one")));
        assert_eq!(parse_desired(&json!(["SELECT 2"])).unwrap()[0].query.as_deref(), Some("SELECT 2"));
        assert_eq!(parse_desired(&json!({"id": "q_0123456789abcdef"})).unwrap().len(), 1);
        assert!(parse_desired(&json!("not json")).is_err());
        assert!(parse_desired(&json!(5)).is_err());
    }
}
