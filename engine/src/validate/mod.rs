//! Validation: every problem of a definition at once, each with a code, a message and a
//! JSON pointer, so the CLI, the server and the browser editor can show them all together.
//!
//! It works on the raw JSON [`Value`] rather than the typed model: serde stops at the first
//! problem, while an editor wants all of them (every unknown field, every bad path, every
//! dangling `Next`). The codes follow awslabs/statelint's style; [`codes`] lists them.
//!
//! Layout:
//! - [`codes`]: the problem codes and what each means.
//! - `text`: JSON syntax errors (line and column) and duplicate keys, found in the text.
//! - `machine`: a state machine or a nested scope (Parallel branch, Map processor).
//! - `fields`: per-state-type field tables (JSONPath and JSONata); `values`: each field's value.
//! - `flow`: Next/End, Wait, Fail, Map and Task rules that tie several fields together.
//! - `distributed`: a distributed Map's ProcessorConfig, ItemReader, ItemBatcher and ResultWriter.
//! - `graph`: transition targets, reachability and terminal states (petgraph).
//! - `choice`, `retry_catch`: Choice rules; Retry and Catch.
//! - `paths`: JSONPath / reference paths, payload templates and intrinsic calls.
//! - `step_refs`: the `{{States.Step.field}}` templates, and the steps they name.
//! - `jsonata`: the `{% … %}` surround and a JSONata syntax check (no evaluation).
//! - `timestamp`: RFC 3339 timestamps as AWS accepts them.
//!
//! ```
//! let problems = engine::validate::validate_str(r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"}}}"#);
//! assert!(problems.iter().any(|p| p.code == "MISSING_TRANSITION_TARGET" && p.path == "/States/A/Next"));
//! ```

pub mod codes;
mod choice;
mod distributed;
mod fields;
mod flow;
pub(crate) mod graph;
mod jsonata;
mod jsonata_syntax;
mod machine;
mod paths;
mod retry_catch;
mod step_refs;
mod text;
mod timestamp;
mod values;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use text::{locate, syntax_problem};

/// The largest definition AWS accepts, in bytes (1 MiB).
pub const MAX_DEFINITION_BYTES: usize = 1024 * 1024;
/// The longest state name AWS accepts, in characters.
pub const MAX_STATE_NAME_CHARS: usize = 80;

/// One problem found in a definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// A statelint-style code such as `MISSING_TRANSITION_TARGET` (see [`codes`]).
    pub code: String,
    /// What is wrong, for people.
    pub message: String,
    /// JSON pointer of the offending value, e.g. `/States/Fetch/Next` (`/` is the whole document).
    pub path: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at {}: {}", self.code, self.path, self.message)
    }
}

/// Validates definition text: JSON syntax (one problem with line and column), duplicate keys,
/// size, then everything [`validate_value`] checks.
pub fn validate_str(text: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    if text.len() > MAX_DEFINITION_BYTES {
        problems.push(too_large(text.len()));
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            problems.push(text::syntax_problem(&e));
            return problems;
        }
    };
    problems.extend(text::duplicate_keys(text));
    let rest = machine::validate_root(&value);
    problems.extend(rest);
    problems
}

/// Validates an already-decoded definition and returns every problem (empty when valid).
pub fn validate_value(def: &Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    let size = serde_json::to_string(def).map(|s| s.len()).unwrap_or(0);
    if size > MAX_DEFINITION_BYTES {
        problems.push(too_large(size));
    }
    problems.extend(machine::validate_root(def));
    problems
}

fn too_large(size: usize) -> Problem {
    Problem {
        code: codes::DEFINITION_TOO_LARGE.into(),
        message: format!("the definition is {size} bytes; AWS accepts at most {MAX_DEFINITION_BYTES}"),
        path: "/".into(),
    }
}

/// The JSON pointer of `key` inside the value at `ptr` (`~` and `/` escaped as RFC 6901 says).
pub(crate) fn child(ptr: &str, key: &str) -> String {
    format!("{ptr}/{}", key.replace('~', "~0").replace('/', "~1"))
}

/// The JSON pointer of element `i` of the array at `ptr`.
pub(crate) fn index(ptr: &str, i: usize) -> String {
    format!("{ptr}/{i}")
}

/// The name of a JSON value's type, for messages.
pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Collects problems while walking a definition.
#[derive(Default)]
pub(crate) struct Sink {
    /// What was found so far.
    pub problems: Vec<Problem>,
}

impl Sink {
    /// Records one problem.
    pub fn push(&mut self, code: &str, path: &str, message: impl Into<String>) {
        let path = if path.is_empty() { "/" } else { path };
        self.problems.push(Problem { code: code.into(), message: message.into(), path: path.into() });
    }
}
