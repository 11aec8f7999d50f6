//! # tasks — WorkflowManager's built-in task functions
//!
//! The functions that Task states call by name: database inspection (`get_db_size`,
//! `get_table_count`, `get_query_stats`, `analyze_schema`), `call_llm`, named SQL command sets
//! (`execute_data_command`) and Readyset cache management. [`registry`] assembles them with the
//! engine's built-ins in one place, like the original's
//! `{**DEFAULT_FUNCTIONS, **DATA_MANAGER_FUNCTIONS, **CACHE_MANAGER_FUNCTIONS}`; the CLI and the
//! server both call it, so every function works the same from both.
//!
//! Layout:
//! - [`config`]: [`TasksConfig`] from the environment (and an optional TOML file); secrets.
//! - [`params`]: typed parameters; bad input is `Task.InvalidParameters`, never a panic.
//! - [`db`]: connections (name, URL or the demo SQLite database) and the inspection functions.
//! - [`llm`]: Anthropic Messages and OpenAI-compatible chat completions, streamed, with retries.
//! - [`data_manager`]: command sets of named, typed, bound SQL (TOML or YAML).
//! - [`cache_manager`]: Readyset's `SHOW CACHES` / `CREATE CACHE` / … and reconciliation.
//!
//! Every failure is an [`engine::StatesError`] whose name a `Catch` can match
//! (`Database.ConnectionFailed`, `LLM.RateLimited`, `States.Timeout`, …); `README.md` lists
//! them with the configuration variables.
//!
//! Tests use the real PostgreSQL and MariaDB servers and SQLite files; the LLM APIs and Readyset,
//! which cannot run here, are replaced by wire-level fakes (`tests/support/`) so that the real
//! client code runs against them.
//!
//! ```no_run
//! let registry = tasks::registry(&tasks::TasksConfig::from_env());
//! assert!(registry.resolve("call_llm").is_some());
//! ```

pub mod cache_manager;
pub mod config;
pub mod data_manager;
pub mod db;
pub mod llm;
pub mod params;

pub use config::TasksConfig;

use engine::task::TaskRegistry;
use std::sync::Arc;

/// The full registry: the engine's built-ins, then database, LLM, command-set and cache
/// functions (later entries win on a name clash, as in `{**a, **b}`).
pub fn registry(config: &TasksConfig) -> TaskRegistry {
    let config = Arc::new(config.clone());
    let mut reg = TaskRegistry::with_builtins();
    reg.extend(db_functions(&config));
    reg.extend(llm::functions(&config));
    reg.extend(data_manager::functions(&config));
    reg.extend(cache_manager::functions(&config));
    reg
}

/// [`registry`] plus a caller's own functions (theirs win on a name clash).
pub fn registry_with(config: &TasksConfig, own: TaskRegistry) -> TaskRegistry {
    let mut reg = registry(config);
    reg.extend(own);
    reg
}

/// Creates the demo database now if it does not exist (the server calls this at start, so
/// the first workflow does not pay for it); returns its path.
pub async fn ensure_demo_database(config: &TasksConfig) -> Result<std::path::PathBuf, engine::StatesError> {
    Ok(db::demo::ensure(&config.demo_db_path).await?)
}

fn db_functions(config: &Arc<TasksConfig>) -> TaskRegistry {
    let mut reg = TaskRegistry::new();
    db::register(&mut reg, config);
    reg
}
