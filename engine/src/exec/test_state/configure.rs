//! What a request's mock and `stateConfiguration` make of the tested state's run, checked as
//! AWS checks them (with AWS's words where the recordings give them): the probe the
//! interpreter consults for a Map or Parallel (see `exec::probe`).

use super::wrap::{self, Wrapped};
use super::{context, Mock, TestStateError, TestStateRequest};
use crate::error::StatesError;
use crate::exec::probe::Probe;
use serde_json::Value;

/// The hook into the tested state: a Map's or Parallel's mock (a Task's replaces its call
/// instead, see `mocked`) and the `stateConfiguration` that goes with it, checked.
pub(super) fn probe_for(req: &TestStateRequest, w: &Wrapped, kind: &str) -> Result<Probe, TestStateError> {
    let unsupported = |m: String| Err(TestStateError::Unsupported(m));
    let nested = matches!(kind, "Map" | "Parallel");
    if req.mock.is_some() && !nested && kind != "Task" {
        // AWS's words.
        return unsupported(format!("State type '{kind}' is not supported when a mock is specified"));
    }
    if nested && req.mock.is_none() {
        // AWS's words: TestState runs no iterations or branches, so their work must be mocked.
        return Err(TestStateError::MockRequired(
            "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]".into(),
        ));
    }
    if let (Some(Mock::Result(v)), "Map") = (&req.mock, kind) {
        // The mock stands for the Map's result: its items' outputs, or what its ResultWriter
        // reports (AWS's checks and words).
        match (w.state.get("ResultWriter").is_some(), v) {
            (false, Value::Array(_)) | (true, Value::Object(_)) => {}
            (false, _) => return unsupported("Mocked result must be an array.".into()),
            (true, _) => return unsupported("Mocked result must be a JSON object.".into()),
        }
    }
    if let (Some(Mock::Result(v)), "Parallel") = (&req.mock, kind) {
        // One output per branch (AWS's checks and words).
        let branches = w.state.get("Branches").and_then(Value::as_array).map_or(0, Vec::len);
        match v.as_array() {
            None => return unsupported("Mocked result must be an array.".into()),
            Some(outs) if outs.len() != branches => {
                return unsupported("Mocked result must contain the same number of items as number of Parallel branches.".into())
            }
            Some(_) => {}
        }
    }
    if req.map_item_reader_data.is_some() && (kind != "Map" || w.state.get("ItemReader").is_none()) {
        return unsupported(format!("`mapItemReaderData` applies to a Map state with an ItemReader; `{}` has none", w.name));
    }
    if req.map_iteration_failure_count > 0 && kind != "Map" {
        return unsupported(format!("`mapIterationFailureCount` applies to a Map state; `{}` is a {kind} state", w.name));
    }
    if let Some(by) = &req.error_caused_by_state {
        if !nested || !matches!(req.mock, Some(Mock::Error { .. })) {
            return unsupported("`errorCausedByState` needs a Map or Parallel state and a mock `errorOutput`".into());
        }
        if by != &w.name && !wrap::contains_state(&w.state, by) {
            return unsupported(format!("`errorCausedByState`: no state named `{by}` inside `{}`", w.name));
        }
    }
    if let Some(c) = &req.context {
        context::check(c, &w.state)?;
    }
    let mock = match &req.mock {
        Some(Mock::Result(v)) if nested => Some(Ok(v.clone())),
        Some(Mock::Error { error, cause }) if nested => Some(Err(StatesError::new(error.clone(), cause.clone()))),
        _ => None,
    };
    Ok(Probe {
        state: w.name.clone(),
        mock,
        failed_iterations: req.map_iteration_failure_count,
        reader_items: req.map_item_reader_data.clone(),
        context: req.context.clone(),
        ..Probe::default()
    })
}
