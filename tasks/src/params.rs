//! Typed task parameters: each function deserializes its input into a struct, and a mismatch
//! becomes `Task.InvalidParameters` naming the field, instead of a panic or a silent default.

use crate::config::TasksConfig;
use engine::task::{FunctionSpec, TaskCall, TaskRegistry};
use engine::StatesError;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::future::Future;
use std::sync::Arc;

/// The error name for parameters that do not fit the function's schema.
pub const INVALID_PARAMETERS: &str = "Task.InvalidParameters";

/// Reads `input` (null counts as `{}`) as `T`, or fails with `Task.InvalidParameters`.
pub fn parse<T: DeserializeOwned>(function: &str, input: &Value) -> Result<T, StatesError> {
    let input = if input.is_null() { Value::Object(Default::default()) } else { input.clone() };
    serde_path_to_error::deserialize(input).map_err(|e| {
        let at = e.path().to_string();
        let at = if at == "." { String::new() } else { format!(" at '{at}'") };
        StatesError::new(INVALID_PARAMETERS, format!("{function}: invalid parameters{at}: {}", e.inner()))
    })
}

/// `Task.InvalidParameters` with a cause.
pub fn invalid(cause: impl Into<String>) -> StatesError {
    StatesError::new(INVALID_PARAMETERS, cause)
}

/// Registers `f` under `spec`, parsing the input into `P` first; every task function of this
/// crate goes through here, so bad parameters fail the same way everywhere.
pub fn register<P, F, Fut>(reg: &mut TaskRegistry, config: &Arc<TasksConfig>, spec: FunctionSpec, f: F)
where
    P: DeserializeOwned + Send + 'static,
    F: Fn(Arc<TasksConfig>, P, TaskCall) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Value, StatesError>> + Send + 'static,
{
    let config = config.clone();
    let name = spec.name.clone();
    let f = Arc::new(f);
    reg.register_fn(spec, move |call: TaskCall| {
        let parsed = parse::<P>(&name, &call.input);
        let (config, f) = (config.clone(), f.clone());
        async move { f(config, parsed?, call).await }
    });
}

/// The JSON Schema of the `connection` parameter shared by the database functions.
pub fn connection_schema() -> Value {
    json!({
        "type": "string",
        "description": "A configured connection name (WFM_CONNECTION_<NAME>) or a URL: sqlite://path, postgres://…, mysql://…. Omit for the demo database."
    })
}

/// The JSON Schema of the optional `schema` parameter (PostgreSQL schema / MySQL database).
pub fn schema_schema() -> Value {
    json!({
        "type": "string",
        "description": "PostgreSQL schema or MySQL database to inspect (default: the current one; ignored for SQLite)."
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct P {
        #[allow(dead_code)]
        n: u32,
    }

    #[test]
    fn bad_parameters_name_the_field() {
        let e = parse::<P>("f", &json!({"n": "x"})).unwrap_err();
        assert_eq!(e.error, INVALID_PARAMETERS);
        assert!(e.cause.contains("'n'"), "{}", e.cause);
        assert!(parse::<P>("f", &json!({"n": 1, "zz": 2})).is_err());
    }
}
