//! AWS's TestState on the service's task functions and clock: one state run on an input, with
//! nothing stored (see `engine::exec::test_state`). The REST API (`POST /api/test-state`), the
//! CLI (`wfm test-state`) and the editor's "Test state" panel call it.

use super::{Service, ServiceError};
use engine::exec::test_state::{test_state, Mock, TestStateError, TestStateRequest, TestStateResult};
use serde_json::{Map, Value};

impl Service {
    /// Tests one state (a bare state, or `stateName` of a whole definition).
    pub async fn test_state(&self, req: TestStateRequest) -> Result<TestStateResult, ServiceError> {
        test_state(req, self.inner.registry.clone(), self.inner.clock.clone()).await.map_err(|e| match e {
            TestStateError::Invalid(problems) => ServiceError::Invalid(problems),
            other => ServiceError::BadRequest(other.to_string()),
        })
    }
}

/// Reads a request in AWS's shape, with JSON values where AWS has JSON text: `{definition,
/// stateName?, input?, variables?, mock?: {result} | {errorOutput: {error, cause}},
/// stateConfiguration?: {retrierRetryCount}}`, plus `stepResults?: {StepName: result}` for
/// `{{States.Step.field}}` templates. `definition` may be JSON text too, as on AWS.
pub fn request_from_json(body: &Value) -> Result<TestStateRequest, ServiceError> {
    let bad = |m: &str| ServiceError::BadRequest(m.to_string());
    let definition = super::ops::definition_value(body.get("definition").ok_or_else(|| bad("`definition` is required: a state, or a state machine with `stateName`"))?)?;
    let state_name = match body.get("stateName") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(bad("`stateName` must be a string")),
    };
    let object = |key: &str, what: &str| match body.get(key) {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(m)) => Ok(m.clone()),
        Some(_) => Err(bad(&format!("`{key}` must be an object of {what}"))),
    };
    let variables = object("variables", "variable names to values")?;
    let step_results = object("stepResults", "step names to their results")?;
    let mock = match body.get("mock") {
        None | Some(Value::Null) => None,
        Some(m) => Some(mock_from_json(m)?),
    };
    let retrier_retry_count = match body.pointer("/stateConfiguration/retrierRetryCount") {
        None | Some(Value::Null) => 0,
        Some(n) => n.as_u64().ok_or_else(|| bad("`stateConfiguration.retrierRetryCount` must be a whole number ≥ 0"))?,
    };
    let input = body.get("input").cloned().unwrap_or_else(|| Value::Object(Map::new()));
    Ok(TestStateRequest { definition, state_name, input, variables, mock, retrier_retry_count, step_results })
}

fn mock_from_json(m: &Value) -> Result<Mock, ServiceError> {
    if let Some(result) = m.get("result") {
        return Ok(Mock::Result(result.clone()));
    }
    let Some(err) = m.get("errorOutput") else {
        return Err(ServiceError::BadRequest("`mock` needs `result` or `errorOutput: {error, cause}`".into()));
    };
    let text = |k: &str| err.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    Ok(Mock::Error { error: text("error"), cause: text("cause") })
}
