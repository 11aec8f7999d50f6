//! AWS's TestState `context`: a Context object (`$$`, `$states.context`) given with the
//! request, which the tested state then sees instead of the one its run would make. Checked as
//! AWS checks it, with AWS's words: only the Execution, State, StateMachine and (for a Task
//! that waits on a `.sync` or `.waitForTaskToken` integration) Task fields, each with its own
//! known fields; no Map field.

use super::TestStateError;
use serde_json::Value;

/// The fields each part of the Context object may have.
const PARTS: [(&str, &[&str]); 4] = [
    ("Execution", &["Id", "Input", "Name", "RoleArn", "StartTime", "RedriveCount", "RedriveTime"]),
    ("State", &["EnteredTime", "Name", "RetryCount"]),
    ("StateMachine", &["Id", "Name"]),
    ("Task", &["Token"]),
];

/// Checks `context` for the tested `state`.
pub(super) fn check(context: &Value, state: &Value) -> Result<(), TestStateError> {
    let invalid = |m: String| Err(TestStateError::Unsupported(format!("Invalid Context object provided: {m}")));
    let Some(parts) = context.as_object() else { return invalid("it must be a JSON object".into()) };
    for (part, value) in parts {
        if part == "Map" {
            return invalid("'Map' field is not supported when mocking a Context object".into());
        }
        let Some((_, fields)) = PARTS.iter().find(|(p, _)| p == part) else { return invalid(format!("Field '{part}' is not allowed")) };
        if part == "Task" && !waits_for_task(state) {
            return invalid("Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern".into());
        }
        let Some(value) = value.as_object() else { return invalid(format!("{part} must be an object")) };
        for (field, v) in value {
            if !fields.contains(&field.as_str()) {
                return invalid(format!("Field '{field}' is not allowed"));
            }
            let text = matches!(field.as_str(), "Id" | "Name" | "RoleArn" | "StartTime" | "EnteredTime" | "Token" | "RedriveTime");
            if text && !v.is_string() {
                return invalid(format!("{part}.{field} must be a string"));
            }
            if matches!(field.as_str(), "RetryCount" | "RedriveCount") && v.as_u64().is_none() {
                return invalid(format!("{part}.{field} must be a whole number"));
            }
        }
    }
    Ok(())
}

/// A Task on a `.sync` or `.waitForTaskToken` integration (the only kind with a Task token).
fn waits_for_task(state: &Value) -> bool {
    let resource = state.get("Resource").and_then(Value::as_str).unwrap_or_default();
    state.get("Type").and_then(Value::as_str) == Some("Task") && (resource.ends_with(".waitForTaskToken") || resource.contains(".sync"))
}
