//! From the test run's outcome and history to AWS's TestState answer: status, output, next
//! state, error, and `inspectionData` read off the tested state's entry and exit events.

use super::wrap::Wrapped;
use super::{TestStateResult, TestStatus};
use crate::error::StatesError;
use crate::exec::dataflow::error_matches;
use crate::exec::Outcome;
use crate::history::{EventType, HistoryEvent};
use crate::model::{Catcher, Retrier};
use serde_json::{json, Map, Value};

/// The response from the run's outcome and history.
pub(super) fn classify(w: &Wrapped, variables: &Map<String, Value>, retries_done: u64, outcome: Outcome, events: &[HistoryEvent]) -> TestStateResult {
    let own = |e: &&HistoryEvent| e.scope.is_empty() && e.state.as_deref() == Some(w.name.as_str());
    let entered = events.iter().find(|e| e.event_type.is_state_entered() && own(e));
    let exit_at = events.iter().position(|e| e.event_type.is_state_exited() && own(&e));
    let exit = exit_at.map(|i| &events[i]);
    let stages = exit.and_then(|e| e.details.get("stages")).and_then(Value::as_object);
    // Handled by a catcher: the state exited after a failure (Retry was taken out, so there
    // was one attempt). JSONPath states keep the error output among their stages; JSONata
    // ones only have the failure event.
    let failure = exit_at.and_then(|i| {
        events[..i]
            .iter()
            .rev()
            .take_while(|e| !(own(e) && e.event_type.is_state_entered()))
            .find(|e| own(e) && is_failure(e.event_type))
            .map(|e| StatesError::new(text(&e.details, "error"), text(&e.details, "cause")))
    });
    let caught = stages.and_then(|s| s.get("error")).map(|e| StatesError::new(text(e, "Error"), text(e, "Cause"))).or(failure);
    let failed = match outcome {
        Outcome::Failed(e) | Outcome::TimedOut(e) => Some(e),
        Outcome::Aborted => Some(StatesError::new("States.Runtime", "the test was stopped")),
        Outcome::Succeeded(_) => None,
    };
    let next_state = exit_at.and_then(|i| {
        let next = events[i + 1..].iter().find(|e| e.scope.is_empty() && e.event_type.is_state_entered())?;
        let placeholder = next.state.as_deref()?;
        w.targets.iter().find(|(p, _)| p == placeholder).map(|(_, t)| t.clone())
    });
    let mut data = inspection(w, entered, exit, events);
    let assigned = exit.and_then(|e| e.details.get("assignedVariables")).and_then(Value::as_object);
    if !variables.is_empty() || assigned.is_some() {
        let mut all = variables.clone();
        all.extend(assigned.cloned().unwrap_or_default());
        data.insert("variables".into(), Value::Object(all));
    }
    let error = caught.clone().or(failed);
    let (status, output, next_state) = match &error {
        Some(e) => match retriable(&w.state, e, retries_done) {
            Some(details) => {
                data.insert("errorDetails".into(), details);
                (TestStatus::Retriable, None, None)
            }
            None if caught.is_some() => {
                if let Some(i) = catch_index(&w.state, e) {
                    data.insert("errorDetails".into(), json!({"catchIndex": i}));
                }
                (TestStatus::CaughtError, exit.and_then(|x| x.details.get("output")).cloned(), next_state)
            }
            None => {
                // Retries used up: AWS still names the retrier that matched.
                if let Some((i, _)) = matching_retrier(&w.state, e) {
                    data.insert("errorDetails".into(), json!({"retryIndex": i}));
                }
                (TestStatus::Failed, None, None)
            }
        },
        None => (TestStatus::Succeeded, exit.and_then(|x| x.details.get("output")).cloned(), next_state),
    };
    let (error, cause) = match error {
        Some(e) => (Some(e.error).filter(|s| !s.is_empty()), Some(e.cause).filter(|s| !s.is_empty())),
        None => (None, None),
    };
    TestStateResult { status, output, error, cause, next_state, inspection_data: data }
}

/// The stages AWS names, from the state's entry and exit events; a stage the state does not
/// have passes its input through, as it does when the execution runs.
fn inspection(w: &Wrapped, entered: Option<&HistoryEvent>, exit: Option<&HistoryEvent>, events: &[HistoryEvent]) -> Map<String, Value> {
    let mut d = Map::new();
    let Some(input) = entered.and_then(|e| e.details.get("input")) else { return d };
    d.insert("input".into(), input.clone());
    let stages = exit.and_then(|e| e.details.get("stages")).and_then(Value::as_object).cloned().unwrap_or_default();
    // The effective parameters of a Task's (last) call, as it was scheduled.
    let scheduled = events
        .iter()
        .rev()
        .find(|e| e.event_type == EventType::TaskScheduled && e.scope.is_empty() && e.state.as_deref() == Some(w.name.as_str()))
        .and_then(|e| e.details.get("parameters"));
    let result = stages.get("result");
    let kind = w.state.get("Type").and_then(Value::as_str).unwrap_or_default();
    // As AWS reports them: a Map or Parallel shows no result of its own (its evaluated settings
    // come from the probe), and a Pass with `Result` shows that instead of its input stages.
    let result = result.filter(|_| !matches!(kind, "Map" | "Parallel"));
    if w.jsonata {
        if let Some(args) = scheduled {
            d.insert("afterArguments".into(), args.clone());
        }
        if let Some(r) = result {
            d.insert("result".into(), r.clone());
        }
        return d;
    }
    let after_input = stages.get("inputPath").unwrap_or(input).clone();
    let fixed_result = kind == "Pass" && w.state.get("Result").is_some();
    if !fixed_result {
        d.insert("afterInputPath".into(), after_input.clone());
    }
    if let Some(r) = result {
        if !fixed_result {
            let params = stages.get("parameters").or(scheduled).cloned().unwrap_or(after_input);
            d.insert("afterParameters".into(), params);
        }
        // A Pass without `Result` has no result of its own: its parameters go on.
        if kind != "Pass" || fixed_result {
            d.insert("result".into(), r.clone());
        }
        d.insert("afterResultSelector".into(), stages.get("resultSelector").unwrap_or(r).clone());
    } else if matches!(kind, "Map" | "Parallel") && exit.is_some() {
        let out = stages.get("resultSelector").or(stages.get("result"));
        if let Some(r) = out {
            d.insert("afterResultSelector".into(), r.clone());
        }
    }
    if let Some(placed) = stages.get("resultPath") {
        d.insert("afterResultPath".into(), placed.clone());
    }
    d
}

/// `errorDetails` when a retrier with attempts left handles `e`: the first matching retrier
/// decides (as in an execution), and the interval is the one before retry number
/// `retries_done + 1` (backoff applied, capped by MaxDelaySeconds, without jitter).
fn retriable(state: &Value, e: &StatesError, retries_done: u64) -> Option<Value> {
    let (i, r) = matching_retrier(state, e)?;
    if retries_done >= r.max_attempts.unwrap_or(3) {
        return None;
    }
    let secs = crate::exec::retry::interval(&r, retries_done);
    Some(json!({"retryIndex": i, "retryBackoffIntervalSeconds": secs.round() as u64}))
}

/// The first retrier that matches `e` (it decides, as in an execution), and its index.
fn matching_retrier(state: &Value, e: &StatesError) -> Option<(usize, Retrier)> {
    let retriers: Vec<Retrier> = serde_json::from_value(state.get("Retry")?.clone()).ok()?;
    retriers.into_iter().enumerate().find(|(_, r)| error_matches(&r.error_equals, e))
}

/// Which catcher handled `e`.
fn catch_index(state: &Value, e: &StatesError) -> Option<usize> {
    let catchers: Vec<Catcher> = serde_json::from_value(state.get("Catch")?.clone()).ok()?;
    catchers.iter().position(|c| error_matches(&c.error_equals, e))
}

/// A failure of the state's work (a Task's call, a Parallel branch, a Map iteration) that a
/// catcher may handle.
fn is_failure(t: EventType) -> bool {
    matches!(t, EventType::TaskFailed | EventType::TaskTimedOut | EventType::ParallelStateFailed | EventType::MapStateFailed)
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or_default().to_string()
}

