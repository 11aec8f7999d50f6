//! InputPath / OutputPath / ResultPath in AWS's order, payload size limits and the
//! messages AWS uses when they fail.

use super::plan::{Place, Select};
use crate::env::Env;
use crate::error::{names, StatesError};
use crate::path::{self, Path, PathRoot};
use serde_json::{Map, Value};

/// Applies InputPath or OutputPath.
pub fn select(sel: &Select, env: &Env) -> Result<Value, StatesError> {
    match sel {
        Select::All => Ok(env.input.clone()),
        Select::Nothing => Ok(Value::Object(Map::new())),
        Select::Path(p) => eval_path(p, env),
    }
}

/// Evaluates a path with AWS's "Invalid path" message on failure.
pub fn eval_path(p: &Path, env: &Env) -> Result<Value, StatesError> {
    p.eval(env).map_err(|e| StatesError::runtime(format!("Invalid path '{}' : {e}", p.as_str())))
}

/// AWS's words for a JSONPath Map whose ItemsPath (`$` when not given) selects no array, as
/// its TestState recorded them: the path is written as applied to its document, so
/// `$$.Execution.Input` (into the Context object) is `$.Execution.Input`.
pub fn not_an_array(items_path: Option<&Path>) -> String {
    let shown = match items_path {
        None => "$",
        Some(p) if p.root() == PathRoot::Context => &p.as_str()[1..],
        Some(p) => p.as_str(),
    };
    format!("Reference path \"{shown}\" must point to array.")
}

/// Applies ResultPath: merges `result` into the state's raw input.
pub fn place(pl: &Place, raw_input: Value, result: Value) -> Result<Value, StatesError> {
    match pl {
        Place::Replace => Ok(result),
        Place::Discard => Ok(raw_input),
        Place::At(p) => {
            let shown = super::payload::compact(&raw_input);
            path::set_at(raw_input, p, result).map_err(|_| {
                StatesError::new(
                    names::RESULT_PATH_MATCH_FAILURE,
                    format!("Unable to apply ReferencePath {} to input {}", p.as_str(), shown),
                )
            })
        }
    }
}

/// Fails with `States.DataLimitExceeded` when `v` serializes to more than `limit` bytes.
pub fn check_size(v: &Value, limit: usize, what: &str) -> Result<(), StatesError> {
    if limit == 0 || !could_exceed(v, limit) {
        return Ok(());
    }
    let mut w = Counter(0);
    let _ = serde_json::to_writer(&mut w, v);
    if w.0 > limit {
        return Err(StatesError::new(
            names::DATA_LIMIT_EXCEEDED,
            format!("The state/task '{what}' returned a result with a size exceeding the maximum number of bytes service limit."),
        ));
    }
    Ok(())
}

/// Cheap pre-check: small scalars and shallow small containers cannot exceed the limit.
fn could_exceed(v: &Value, limit: usize) -> bool {
    match v {
        Value::String(s) => s.len() * 6 + 2 > limit,
        Value::Object(m) => m.len() > 8 || m.iter().any(|(k, v)| k.len() > 64 || could_exceed_nested(v, limit)),
        Value::Array(a) => a.len() > 8 || a.iter().any(|v| could_exceed_nested(v, limit)),
        _ => false,
    }
}

fn could_exceed_nested(v: &Value, limit: usize) -> bool {
    match v {
        Value::Object(_) | Value::Array(_) => true,
        _ => could_exceed(v, limit),
    }
}

struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Prefixes a runtime error's cause the way AWS does for failures inside a state.
pub fn in_state(mut e: StatesError, state: &str, entered_id: u64) -> StatesError {
    e.cause = format!("An error occurred while executing the state '{state}' (entered at the event id #{entered_id}). {}", e.cause);
    e
}

/// Whether an error is terminal (no Retry or Catch applies), as AWS treats
/// `States.Runtime` and `States.DataLimitExceeded`.
pub fn is_terminal(e: &StatesError) -> bool {
    e.error == names::RUNTIME || e.error == names::DATA_LIMIT_EXCEEDED
}

/// Whether `ErrorEquals` matches `e` (States.ALL, States.TaskFailed wildcard semantics).
pub fn error_matches(list: &[String], e: &StatesError) -> bool {
    if is_terminal(e) {
        return false;
    }
    list.iter().any(|n| {
        n == &e.error
            || n == names::ALL
            || (n == names::HEARTBEAT_TIMEOUT && e.heartbeat)
            || (n == names::TASK_FAILED && e.error != names::TIMEOUT && !e.error.starts_with("States.Heartbeat"))
    })
}
