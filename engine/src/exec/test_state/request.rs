//! A TestState request read from JSON in AWS's shape, with JSON values where AWS has JSON
//! text. One reader for the REST API, the CLI and the AWS-recorded cases, so they cannot drift.

use super::{InspectionLevel, Mock, TestStateError, TestStateRequest};
use serde_json::{Map, Value};

/// Reads `{definition, stateName?, input?, inspectionLevel?: INFO | DEBUG | TRACE, variables?,
/// mock?: {result} | {errorOutput: {error, cause}}, stateConfiguration?: {retrierRetryCount,
/// mapIterationFailureCount, errorCausedByState, mapItemReaderData}, context?, roleArn?,
/// revealSecrets?}`
/// plus `stepResults?: {StepName: result}` for `{{States.Step.field}}` templates. `definition`
/// may be JSON text too, as on AWS. A mock's `fieldValidationMode` is accepted with nothing to
/// check (task functions here declare no response shape), `roleArn` with nothing to assume.
pub fn request_from_json(body: &Value) -> Result<TestStateRequest, TestStateError> {
    let bad = |m: &str| TestStateError::BadRequest(m.to_string());
    let Some(body) = body.as_object() else { return Err(bad("the request must be a JSON object")) };
    let definition = match body.get("definition") {
        None => return Err(bad("`definition` is required: a state, or a state machine with `stateName`")),
        Some(Value::String(text)) => serde_json::from_str(text).map_err(|e| bad(&format!("definition is not valid JSON: {e}")))?,
        Some(v @ Value::Object(_)) => v.clone(),
        Some(_) => return Err(bad("definition must be a JSON object")),
    };
    let text = |key: &str, v: Option<&Value>| match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(bad(&format!("`{key}` must be a string"))),
    };
    let object = |key: &str, what: &str| match body.get(key) {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(m)) => Ok(m.clone()),
        Some(_) => Err(bad(&format!("`{key}` must be an object of {what}"))),
    };
    let config = body.get("stateConfiguration").and_then(Value::as_object);
    let setting = |key: &str| config.and_then(|c| c.get(key)).filter(|v| !v.is_null());
    let count = |key: &str| match setting(key) {
        None => Ok(0),
        Some(n) => n.as_u64().ok_or_else(|| bad(&format!("`stateConfiguration.{key}` must be a whole number ≥ 0"))),
    };
    let mock = match body.get("mock") {
        None | Some(Value::Null) => None,
        Some(m) => Some(mock_from_json(m)?),
    };
    if mock.is_some() && body.get("revealSecrets").and_then(Value::as_bool) == Some(true) {
        // AWS's words.
        return Err(bad("TestState does not support RevealSecrets when a mock is specified."));
    }
    let inspection_level = match body.get("inspectionLevel") {
        None | Some(Value::Null) => InspectionLevel::default(),
        Some(v) => v.as_str().and_then(InspectionLevel::parse).ok_or_else(|| bad("`inspectionLevel` must be INFO, DEBUG or TRACE"))?,
    };
    Ok(TestStateRequest {
        definition,
        state_name: text("stateName", body.get("stateName"))?,
        // AWS's default input is `{}`.
        input: body.get("input").cloned().unwrap_or_else(|| Value::Object(Map::new())),
        variables: object("variables", "variable names to values")?,
        mock,
        retrier_retry_count: count("retrierRetryCount")?,
        step_results: object("stepResults", "step names to their results")?,
        inspection_level,
        map_iteration_failure_count: count("mapIterationFailureCount")?,
        error_caused_by_state: text("stateConfiguration.errorCausedByState", setting("errorCausedByState"))?,
        map_item_reader_data: setting("mapItemReaderData").cloned(),
        context: body.get("context").filter(|v| !v.is_null()).cloned(),
    })
}

fn mock_from_json(m: &Value) -> Result<Mock, TestStateError> {
    let bad = |m: &str| TestStateError::BadRequest(m.to_string());
    match (m.get("result"), m.get("errorOutput")) {
        // AWS's words.
        (Some(_), Some(_)) => Err(bad("A test mock should have only one of the following fields: [result, errorOutput].")),
        (Some(result), None) => Ok(Mock::Result(result.clone())),
        (None, Some(err)) => {
            let text = |k: &str| err.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
            Ok(Mock::Error { error: text("error"), cause: text("cause") })
        }
        (None, None) => Err(bad("`mock` needs `result` or `errorOutput: {error, cause}`")),
    }
}
