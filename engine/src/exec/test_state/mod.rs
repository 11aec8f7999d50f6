//! AWS's `TestState`: runs one state on an input and reports what it did, without saving a
//! workflow or starting an execution: the status (`SUCCEEDED`, `FAILED`, `RETRIABLE`,
//! `CAUGHT_ERROR`), output, error and cause, the next state, and the data flow stage by stage
//! (`inspectionData`: input, afterInputPath, afterParameters or afterArguments, result,
//! afterResultSelector, afterResultPath, variables, errorDetails).
//!
//! As on AWS: the definition is a single state, or a whole machine plus `stateName` (nested
//! states too); `variables` are visible to the state; a Task's call can be replaced by a
//! `mock` result or error; `retrierRetryCount` says how many retries already happened, and a
//! state whose error a retrier with attempts left matches reports `RETRIABLE` with the
//! backoff instead of running again; the run is limited to five minutes (`States.Timeout`).
//! `step_results` stand in for the earlier steps that `{{States.Step.field}}` templates name.
//! Differences: values are JSON values, not JSON strings; a Wait state does not wait;
//! Parallel and Map states run for real (AWS only runs them with a mock), and a mock applies
//! to Task states only.

mod wrap;

use super::dataflow::error_matches;
use super::{ExecOptions, ExecutionInfo, Executor, Outcome};
use crate::clock::Clock;
use crate::error::StatesError;
use crate::history::{EventType, HistoryEvent, MemorySink};
use crate::model::{Catcher, Retrier};
use crate::task::{FunctionSpec, TaskRegistry};
use crate::validate::Problem;
use futures::future::BoxFuture;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::sync::Arc;
use std::time::Duration;
use wrap::Wrapped;
pub use wrap::BARE_NAME;

/// What to test.
#[derive(Debug, Clone, Default)]
pub struct TestStateRequest {
    /// One state, or a state machine (then `state_name`, default its `StartAt`, picks one).
    pub definition: Value,
    /// The state to test in a whole definition.
    pub state_name: Option<String>,
    /// The state's input.
    pub input: Value,
    /// Variables the state can read (`$name`).
    pub variables: Map<String, Value>,
    /// Replaces a Task's call.
    pub mock: Option<Mock>,
    /// Retries that already happened (AWS's `stateConfiguration.retrierRetryCount`).
    pub retrier_retry_count: u64,
    /// Results of earlier steps, for the state's `{{States.Step.field}}` templates (not AWS's:
    /// those templates are WorkflowManager's).
    pub step_results: Map<String, Value>,
}

/// A Task's stand-in answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Mock {
    /// The call returns this.
    Result(Value),
    /// The call fails with this error and cause.
    Error { error: String, cause: String },
}

/// How the state ended, in AWS's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TestStatus {
    /// It produced an output.
    Succeeded,
    /// It failed and nothing handles the error.
    Failed,
    /// It failed and a retrier with attempts left matches: the execution would retry.
    Retriable,
    /// It failed and a catcher handled the error.
    CaughtError,
}

/// What the state did (AWS's TestState response).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TestStateResult {
    /// How it ended.
    pub status: TestStatus,
    /// Its output (succeeded or caught).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<Value>,
    /// The error (failed, retriable or caught).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The error's cause.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// The state the execution would go to next.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_state: Option<String>,
    /// The data flow, stage by stage.
    pub inspection_data: Map<String, Value>,
}

/// Why a state could not be tested.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TestStateError {
    /// Neither a state nor a state machine.
    #[error("{0}")]
    NotAState(String),
    /// `stateName` names no state of the definition.
    #[error("{0}")]
    NoSuchState(String),
    /// The state is not valid ASL (locations are in the request's definition).
    #[error("the state is not valid: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Problem>),
    /// A mock given for a state that calls nothing.
    #[error("{0}")]
    Unsupported(String),
}

/// Tests one state, calling tasks through `registry` and waiting on `clock`.
pub async fn test_state(req: TestStateRequest, registry: Arc<TaskRegistry>, clock: Arc<dyn Clock>) -> Result<TestStateResult, TestStateError> {
    let w = wrap::wrap(&req.definition, req.state_name.as_deref(), req.input, &req.variables)?;
    let problems = located(crate::validate::validate_value(&w.machine), &w);
    if !problems.is_empty() {
        return Err(TestStateError::Invalid(problems));
    }
    let kind = w.state.get("Type").and_then(Value::as_str).unwrap_or_default().to_string();
    let registry = match &req.mock {
        None => registry,
        Some(_) if kind != "Task" => return Err(TestStateError::Unsupported(format!("a mock replaces a Task's call; `{}` is a {kind} state", w.name))),
        Some(mock) => Arc::new(mocked(&registry, &w.state, mock.clone())),
    };
    // A Wait state is tested without waiting (its time and path errors are still computed).
    let clock: Arc<dyn Clock> = if kind == "Wait" { Arc::new(NoWait(clock)) } else { clock };
    let machine = crate::parse_value(&w.machine)
        .map_err(|e| TestStateError::Invalid(vec![Problem { code: "SCHEMA_VALIDATION_FAILED".into(), message: e.to_string(), path: w.pointer.clone() }]))?;
    let ex = Executor::builder(&machine)
        .registry(registry)
        .clock(clock)
        .options(ExecOptions::default())
        .step_results(req.step_results.into_iter().collect())
        .build()
        .map_err(|e| TestStateError::Invalid(vec![Problem { code: "SCHEMA_VALIDATION_FAILED".into(), message: e.to_string(), path: w.pointer.clone() }]))?;
    let sink = Arc::new(MemorySink::default());
    let outcome = ex.run(w.input.clone(), ExecutionInfo::new("test-state"), sink.clone()).await;
    Ok(classify(&w, &req.variables, req.retrier_retry_count, outcome, &sink.events()))
}

/// Problems of the built machine, at their place in the request's definition.
fn located(problems: Vec<Problem>, w: &Wrapped) -> Vec<Problem> {
    let prefix = format!("/States/{}", wrap::escape(&w.name));
    problems
        .into_iter()
        .map(|mut p| {
            if let Some(rest) = p.path.strip_prefix(&prefix) {
                p.path = if w.pointer.is_empty() && rest.is_empty() { "/".into() } else { format!("{}{rest}", w.pointer) };
            }
            p
        })
        .collect()
}

/// `registry` with the state's resource answering `mock`.
fn mocked(registry: &TaskRegistry, state: &Value, mock: Mock) -> TaskRegistry {
    let mut r = registry.clone();
    let resource = state.get("Resource").and_then(Value::as_str).unwrap_or_default();
    r.register_fn(FunctionSpec::new(resource, "mock (TestState)", json!({})), move |_call| {
        let mock = mock.clone();
        async move {
            match mock {
                Mock::Result(v) => Ok(v),
                Mock::Error { error, cause } => Err(StatesError::new(error, cause)),
            }
        }
    });
    r
}

/// A clock whose delays end at once.
struct NoWait(Arc<dyn Clock>);

impl Clock for NoWait {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.now()
    }
    fn sleep(&self, _d: Duration) -> BoxFuture<'static, ()> {
        Box::pin(futures::future::ready(()))
    }
    fn timer(&self, d: Duration) -> BoxFuture<'static, ()> {
        self.0.timer(d)
    }
}

/// The response from the run's outcome and history.
fn classify(w: &Wrapped, variables: &Map<String, Value>, retries_done: u64, outcome: Outcome, events: &[HistoryEvent]) -> TestStateResult {
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
            None => (TestStatus::Failed, None, None),
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
    d.insert("afterInputPath".into(), after_input.clone());
    if let Some(r) = result {
        let params = stages.get("parameters").or(scheduled).cloned().unwrap_or(after_input);
        d.insert("afterParameters".into(), params);
        d.insert("result".into(), r.clone());
        d.insert("afterResultSelector".into(), stages.get("resultSelector").unwrap_or(r).clone());
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
    let retriers: Vec<Retrier> = serde_json::from_value(state.get("Retry")?.clone()).ok()?;
    let i = retriers.iter().position(|r| error_matches(&r.error_equals, e))?;
    let r = &retriers[i];
    if retries_done >= r.max_attempts.unwrap_or(3) {
        return None;
    }
    let mut secs = r.interval_seconds.unwrap_or(1) as f64 * r.backoff_rate.unwrap_or(2.0).powi(retries_done.min(1000) as i32);
    if let Some(cap) = r.max_delay_seconds {
        secs = secs.min(cap as f64);
    }
    Some(json!({"retryIndex": i, "retryBackoffIntervalSeconds": secs.round() as u64}))
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

