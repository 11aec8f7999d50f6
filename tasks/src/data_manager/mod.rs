//! `execute_data_command`: run a named SQL command from a command set (see [`command_set`]).
//!
//! Safety rules: parameters are declared with a type and always bound, never spliced into the
//! SQL; a command is one statement; read-only commands (the default) must start with a reading
//! keyword and also run where the engine itself refuses writes (a READ ONLY transaction, a
//! read-only SQLite connection), so `WITH … DELETE` or a write hidden in a function fails too.

pub mod command_set;
pub mod exec;
pub mod sql;

use crate::config::TasksConfig;
use crate::db::{self, DbError, Kind};
use crate::params::{connection_schema, register};
use command_set::{Bound, Command};
use engine::task::{FunctionSpec, TaskRegistry};
use engine::StatesError;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use sql::Placeholders;
use std::sync::Arc;

/// Why a command could not run.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// No such file in the command folder.
    #[error("unknown command set '{name}' (available: {})", list(available))]
    UnknownCommandSet { name: String, available: Vec<String> },
    /// The file does not parse or breaks a rule.
    #[error("invalid command set '{name}': {message}")]
    InvalidCommandSet { name: String, message: String },
    /// No such command in the set.
    #[error("unknown command '{command}' in set '{set}' (available: {})", list(available))]
    UnknownCommand { set: String, command: String, available: Vec<String> },
    /// A parameter is unknown, missing or of the wrong type.
    #[error("{0}")]
    InvalidParameter(String),
    /// A read-only command that would write, or several statements.
    #[error("command '{command}' is read-only and may not run {what}; set read_only = false in its definition to allow writes")]
    WriteNotAllowed { command: String, what: String },
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbError),
}

fn list(names: &[String]) -> String {
    if names.is_empty() { "none".into() } else { names.join(", ") }
}

impl DataError {
    /// The ASL error name (database failures keep their `Database.*` names).
    pub fn name(&self) -> &'static str {
        match self {
            DataError::UnknownCommandSet { .. } => "DataCommand.UnknownCommandSet",
            DataError::InvalidCommandSet { .. } => "DataCommand.InvalidCommandSet",
            DataError::UnknownCommand { .. } => "DataCommand.UnknownCommand",
            DataError::InvalidParameter(_) => "DataCommand.InvalidParameter",
            DataError::WriteNotAllowed { .. } => "DataCommand.WriteNotAllowed",
            DataError::Db(_) => db::names::QUERY_FAILED,
        }
    }
}

impl From<DataError> for StatesError {
    fn from(e: DataError) -> Self {
        match e {
            DataError::Db(d) => d.into(),
            other => StatesError::new(other.name(), other.to_string()),
        }
    }
}

/// `execute_data_command`'s parameters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandParams {
    /// The set (file stem in the command folder).
    pub command_set_name: String,
    /// The command in it.
    pub command_name: String,
    /// Values for the command's parameters.
    #[serde(default)]
    pub params: Map<String, Value>,
    /// Overrides the command's and the set's connection.
    pub connection: Option<String>,
}

/// The `execute_data_command` function.
pub fn functions(config: &Arc<TasksConfig>) -> TaskRegistry {
    let mut reg = TaskRegistry::new();
    let spec = FunctionSpec::new(
        "execute_data_command",
        "Runs a named SQL command from a command set (TOML/YAML) with typed, bound parameters; returns {success, data, columns, row_count}.",
        json!({
            "type": "object",
            "properties": {
                "command_set_name": {"type": "string", "description": "File name (without .toml/.yaml) in the command folder (WFM_COMMANDS_DIR, default ./commands)."},
                "command_name": {"type": "string", "description": "A command defined in that set."},
                "params": {"type": "object", "description": "Values for the command's declared parameters.", "additionalProperties": {"type": ["string", "number", "boolean", "null"]}},
                "connection": connection_schema()
            },
            "required": ["command_set_name", "command_name"],
            "additionalProperties": false
        }),
    );
    register(&mut reg, config, spec, |cfg, p: CommandParams, _| async move { Ok(execute(&cfg, &p).await?) });
    let spec = FunctionSpec::new(
        "list_data_commands",
        "Lists the command sets in the command folder with their commands and parameters (for editors and LLM prompts).",
        json!({"type": "object", "properties": {}, "additionalProperties": false}),
    );
    register(&mut reg, config, spec, |cfg, _: Empty, _| async move { Ok(list_sets(&cfg)) });
    reg
}

/// No parameters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Empty {}

/// Every set that loads, with its commands; sets that do not load are listed with their error.
pub fn list_sets(config: &TasksConfig) -> Value {
    let sets: Vec<Value> = command_set::available(&config.commands_dir)
        .into_iter()
        .map(|name| match command_set::load(&config.commands_dir, &name) {
            Ok(set) => {
                let commands: Vec<Value> = set
                    .commands
                    .iter()
                    .map(|(cname, c)| {
                        let params: Map<String, Value> = c
                            .params
                            .iter()
                            .map(|(n, p)| (n.clone(), json!({"type": format!("{:?}", p.kind).to_lowercase(), "default": p.default, "description": p.description})))
                            .collect();
                        json!({"name": cname, "description": c.description, "read_only": c.read_only, "params": params})
                    })
                    .collect();
                json!({"name": name, "description": set.description, "commands": commands})
            }
            Err(e) => json!({"name": name, "error": e.to_string()}),
        })
        .collect();
    json!({"folder": config.commands_dir.display().to_string(), "sets": sets})
}

/// Loads, checks, binds and runs the command.
pub async fn execute(config: &TasksConfig, p: &CommandParams) -> Result<Value, DataError> {
    let set = command_set::load(&config.commands_dir, &p.command_set_name)?;
    let command = set.commands.get(&p.command_name).ok_or_else(|| DataError::UnknownCommand {
        set: p.command_set_name.clone(),
        command: p.command_name.clone(),
        available: set.commands.keys().cloned().collect(),
    })?;
    if let Some(what) = refusal(command) {
        return Err(DataError::WriteNotAllowed { command: p.command_name.clone(), what });
    }
    let connection = p.connection.as_deref().or(command.connection.as_deref()).or(set.connection.as_deref());
    let target = db::resolve(config, connection).await?;
    let style = if target.kind == Kind::Postgres { Placeholders::Dollar } else { Placeholders::Question };
    let rewritten = sql::rewrite(&command.sql, style);
    let binds = bind_values(command, &p.params, &rewritten.binds)?;
    let db = db::Db::connect(&target, command.read_only).await?;
    let result = match command.read_only {
        true => exec::read(&target, &db, &rewritten.sql, &binds).await,
        false => exec::write(&target, &db, &rewritten.sql, &binds).await,
    };
    db.close().await;
    let out = result?;
    let row_count = out.rows_affected.unwrap_or(out.rows.len() as u64);
    let mut v = json!({"success": true, "command_set": p.command_set_name, "command": p.command_name,
        "data": out.rows, "columns": out.columns, "row_count": row_count});
    if let Some(n) = out.rows_affected {
        v["rows_affected"] = json!(n);
    }
    if out.truncated {
        v["truncated"] = json!(true);
    }
    Ok(v)
}

/// Why a read-only command may not run, if it may not.
fn refusal(c: &Command) -> Option<String> {
    if sql::has_several_statements(&c.sql) {
        return Some("several statements".into());
    }
    let kw = sql::first_keyword(&c.sql);
    (c.read_only && !sql::READ_KEYWORDS.contains(&kw.as_str())).then(|| format!("a {kw} statement"))
}

fn bind_values(c: &Command, given: &Map<String, Value>, order: &[String]) -> Result<Vec<Bound>, DataError> {
    if let Some(unknown) = given.keys().find(|k| !c.params.contains_key(*k)) {
        let declared: Vec<String> = c.params.keys().cloned().collect();
        return Err(DataError::InvalidParameter(format!("unknown parameter '{unknown}' (declared: {})", list(&declared))));
    }
    let mut values = std::collections::BTreeMap::new();
    for (name, spec) in &c.params {
        values.insert(name.clone(), spec.value(name, given.get(name)).map_err(DataError::InvalidParameter)?);
    }
    Ok(order.iter().map(|n| values.get(n).cloned().unwrap_or(Bound::Null)).collect())
}
