//! Shared test helpers: a config whose demo database lives in a temp dir, unique names for
//! parallel tests on the shared PostgreSQL and MariaDB servers, and a one-call runner.
#![allow(dead_code)]

pub mod fake_llm;
pub mod readyset_fake;

use engine::clock::VirtualClock;
use engine::task::{TaskCall, TaskRegistry};
use engine::StatesError;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use tasks::TasksConfig;

/// The PostgreSQL server this machine runs (trust auth).
pub const PG_URL: &str = "postgres://postgres@127.0.0.1:5432/test";
/// The MariaDB server this machine runs (root, no password).
pub const MYSQL_URL: &str = "mysql://root@127.0.0.1:3306/test";

/// A config with the demo database in `dir` and no LLM keys.
pub fn config_in(dir: &std::path::Path) -> TasksConfig {
    TasksConfig { demo_db_path: dir.join("demo.sqlite"), commands_dir: dir.join("commands"), ..TasksConfig::default() }
}

/// A name no other test (or test run) uses: `prefix_<pid>_<nanos>`.
pub fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{prefix}_{}_{}", std::process::id(), nanos % 1_000_000_000_000)
}

/// Calls a registered function with a virtual clock.
pub async fn call(reg: &TaskRegistry, name: &str, input: Value) -> Result<Value, StatesError> {
    let f = reg.resolve(name).unwrap_or_else(|| panic!("{name} is not registered"));
    f.call(TaskCall::standalone(input, VirtualClock::starting_at(chrono::Utc::now()))).await
}

/// Calls a function and collects the progress events it sends.
pub async fn call_with_progress(reg: &TaskRegistry, name: &str, input: Value) -> (Result<Value, StatesError>, Vec<Value>) {
    call_on(reg, name, input, VirtualClock::starting_at(chrono::Utc::now())).await
}

/// `(kind, table)` of every finding in an `analyze_schema` output.
pub fn finding_kinds(out: &Value) -> Vec<(String, String)> {
    let all = out["findings"].as_array().cloned().unwrap_or_default();
    all.iter().map(|f| (f["kind"].as_str().unwrap_or("").into(), f["table"].as_str().unwrap_or("").into())).collect()
}

/// Calls a function on a given clock and collects its progress events.
pub async fn call_on(
    reg: &TaskRegistry,
    name: &str,
    input: Value,
    clock: Arc<dyn engine::clock::Clock>,
) -> (Result<Value, StatesError>, Vec<Value>) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let mut c = TaskCall::standalone(input, clock);
    c.progress = Arc::new(move |v| sink.lock().unwrap().push(v));
    let result = reg.resolve(name).expect("registered").call(c).await;
    let got = events.lock().unwrap().clone();
    (result, got)
}
