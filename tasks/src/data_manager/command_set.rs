//! Command sets: files of named SQL commands with typed parameters, a default connection and
//! a read-only flag, in TOML (`<name>.toml`) or YAML (`<name>.yaml` / `.yml`).
//!
//! ```toml
//! description = "Shop reports"
//! connection = "demo"            # optional: a name or URL; the task's `connection` wins
//!
//! [commands.orders_by_status]
//! description = "Order count per status"
//! sql = "SELECT status, COUNT(*) AS orders FROM orders WHERE created_at >= :since GROUP BY status"
//! read_only = true               # the default; writes need `read_only = false`
//! params.since = { type = "string", default = "2024-01-01" }
//! ```

use super::sql::{code_mask, rewrite, Placeholders};
use super::DataError;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// A parsed command set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandSet {
    /// What the set is for.
    #[serde(default)]
    pub description: String,
    /// Default connection for its commands.
    pub connection: Option<String>,
    /// Commands by name.
    pub commands: BTreeMap<String, Command>,
}

/// One named SQL command.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Command {
    /// What it returns or does.
    #[serde(default)]
    pub description: String,
    /// One statement with `:name` parameters.
    pub sql: String,
    /// Refuse anything but reads (default `true`).
    #[serde(default = "yes")]
    pub read_only: bool,
    /// This command's connection (overrides the set's).
    pub connection: Option<String>,
    /// Parameters by name.
    #[serde(default)]
    pub params: BTreeMap<String, ParamSpec>,
}

fn yes() -> bool {
    true
}

/// A parameter's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamType {
    /// Text.
    String,
    /// A 64-bit integer.
    Integer,
    /// A float.
    Number,
    /// true/false.
    Boolean,
}

/// A declared parameter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamSpec {
    /// Its type; values are checked (and numeric strings converted) before binding.
    #[serde(rename = "type")]
    pub kind: ParamType,
    /// Used when the caller gives none.
    pub default: Option<Value>,
    /// Must the caller give it (default: when there is no default)?
    pub required: Option<bool>,
    /// What it means.
    #[serde(default)]
    pub description: String,
}

/// A set's name must be a plain file stem: no paths, no dots.
fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 100 && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
}

/// Loads `<dir>/<name>.toml|.yaml|.yml` and checks that every `:param` is declared.
pub fn load(dir: &Path, name: &str) -> Result<CommandSet, DataError> {
    if !valid_name(name) {
        return Err(DataError::UnknownCommandSet { name: name.into(), available: available(dir) });
    }
    let found = ["toml", "yaml", "yml"].iter().map(|ext| dir.join(format!("{name}.{ext}"))).find(|p| p.is_file());
    let Some(path) = found else {
        return Err(DataError::UnknownCommandSet { name: name.into(), available: available(dir) });
    };
    let invalid = |message: String| DataError::InvalidCommandSet { name: name.into(), message };
    let text = std::fs::read_to_string(&path).map_err(|e| invalid(e.to_string()))?;
    let set: CommandSet = if path.extension().is_some_and(|e| e == "toml") {
        toml::from_str(&text).map_err(|e| invalid(e.message().to_string()))?
    } else {
        serde_yaml::from_str(&text).map_err(|e| invalid(e.to_string()))?
    };
    for (cname, c) in &set.commands {
        check_command(cname, c).map_err(invalid)?;
    }
    Ok(set)
}

fn check_command(name: &str, c: &Command) -> Result<(), String> {
    let used = rewrite(&c.sql, Placeholders::Question).binds;
    if let Some(undeclared) = used.iter().find(|u| !c.params.contains_key(*u)) {
        return Err(format!("command {name} uses :{undeclared}, which is not declared under params"));
    }
    let has_question = c.sql.bytes().zip(code_mask(&c.sql)).any(|(b, code)| code && b == b'?');
    if has_question {
        return Err(format!("command {name} uses `?`: write named parameters (:name) instead"));
    }
    Ok(())
}

/// The set names present in `dir`, sorted (for error messages and listings).
pub fn available(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return vec![] };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml" || e == "yaml" || e == "yml"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// A value ready to bind.
#[derive(Debug, Clone, PartialEq)]
pub enum Bound {
    /// NULL.
    Null,
    /// Text.
    Text(String),
    /// Integer.
    Int(i64),
    /// Float.
    Float(f64),
    /// Boolean.
    Bool(bool),
}

impl ParamSpec {
    /// Checks a caller's value (or the default) against the declared type.
    pub fn value(&self, name: &str, given: Option<&Value>) -> Result<Bound, String> {
        let v = match given.filter(|v| !v.is_null()).or(self.default.as_ref()) {
            Some(v) => v,
            None if self.required.unwrap_or(self.default.is_none()) => return Err(format!("parameter {name} is required")),
            None => return Ok(Bound::Null),
        };
        let wrong = || format!("parameter {name} must be {:?}, got {v}", self.kind).to_lowercase();
        match (self.kind, v) {
            (ParamType::String, Value::String(s)) => Ok(Bound::Text(s.clone())),
            (ParamType::String, Value::Number(n)) => Ok(Bound::Text(n.to_string())),
            (ParamType::Integer, Value::Number(n)) => n.as_i64().map(Bound::Int).ok_or_else(wrong),
            (ParamType::Integer, Value::String(s)) => s.trim().parse().map(Bound::Int).map_err(|_| wrong()),
            (ParamType::Number, Value::Number(n)) => n.as_f64().map(Bound::Float).ok_or_else(wrong),
            (ParamType::Number, Value::String(s)) => s.trim().parse().map(Bound::Float).map_err(|_| wrong()),
            (ParamType::Boolean, Value::Bool(b)) => Ok(Bound::Bool(*b)),
            (ParamType::Boolean, Value::String(s)) if s == "true" || s == "false" => Ok(Bound::Bool(s == "true")),
            _ => Err(wrong()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(kind: ParamType, default: Option<Value>) -> ParamSpec {
        ParamSpec { kind, default, required: None, description: String::new() }
    }

    #[test]
    fn values_are_typed() {
        assert_eq!(spec(ParamType::Integer, None).value("n", Some(&json!("12"))), Ok(Bound::Int(12)));
        assert!(spec(ParamType::Integer, None).value("n", Some(&json!(1.5))).is_err());
        assert!(spec(ParamType::Integer, None).value("n", None).unwrap_err().contains("required"));
        assert_eq!(spec(ParamType::String, Some(json!("DE"))).value("c", None), Ok(Bound::Text("DE".into())));
        assert_eq!(spec(ParamType::Boolean, None).value("b", Some(&json!(true))), Ok(Bound::Bool(true)));
        assert!(spec(ParamType::Boolean, None).value("b", Some(&json!("x; DROP"))).is_err());
    }

    #[test]
    fn names_cannot_escape_the_folder() {
        assert!(!valid_name("../etc/passwd"));
        assert!(!valid_name("a.b"));
        assert!(valid_name("shop-reports_2"));
    }
}
