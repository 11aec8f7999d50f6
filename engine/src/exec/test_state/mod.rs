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
//! A Map or Parallel state takes a mock too: its result (or error) stands for the iterations' or
//! branches' work, weighed against the Map's tolerated failures with `mapIterationFailureCount`,
//! and the Map reports the settings it evaluated (`maxConcurrency`, the tolerances,
//! `afterItemsPath`). `inspectionLevel` INFO (the default) leaves `inspectionData` out.
//! As on AWS, a Map or Parallel needs a mock (TestState runs no iterations or branches), and a
//! cause is the bare message, without the "An error occurred while executing the state"
//! prefix an execution's has (TestState has no event ids to quote).
//! Differences: values are JSON values, not JSON strings; a Wait state does not wait.

mod classify;
mod configure;
mod context;
mod request;
mod wrap;

use super::{ExecOptions, ExecutionInfo, Executor};
use crate::clock::Clock;
use crate::error::StatesError;
use crate::history::MemorySink;
use crate::task::{FunctionSpec, TaskRegistry};
use crate::validate::Problem;
use futures::future::BoxFuture;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::sync::Arc;
use std::time::Duration;
use wrap::Wrapped;
pub use request::request_from_json;
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
    /// How much to report (AWS's `inspectionLevel`, INFO unless given).
    pub inspection_level: InspectionLevel,
    /// A mocked Map's iterations taken to have failed (AWS's
    /// `stateConfiguration.mapIterationFailureCount`), weighed against its tolerated failures.
    pub map_iteration_failure_count: u64,
    /// The state inside a mocked Map or Parallel that the mock's error stands for (AWS's
    /// `stateConfiguration.errorCausedByState`); it must exist there.
    pub error_caused_by_state: Option<String>,
    /// What a Map's ItemReader reads (AWS's `stateConfiguration.mapItemReaderData`): its items.
    pub map_item_reader_data: Option<Value>,
    /// The Context object the state sees instead of its run's (AWS's `context`).
    pub context: Option<Value>,
}

/// AWS's `inspectionLevel`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InspectionLevel {
    /// Status, output or error, and the next state.
    #[default]
    Info,
    /// Also `inspectionData`: the data flow stage by stage.
    Debug,
    /// As DEBUG here (AWS adds an HTTP Task's request and response, which this engine has not).
    Trace,
}

impl InspectionLevel {
    /// `INFO`, `DEBUG` or `TRACE`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "INFO" => Some(Self::Info),
            "DEBUG" => Some(Self::Debug),
            "TRACE" => Some(Self::Trace),
            _ => None,
        }
    }
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
    /// The data flow, stage by stage (DEBUG and TRACE only, as on AWS).
    #[serde(skip_serializing_if = "Map::is_empty")]
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
    /// A mock given for a state that calls nothing, or a mock or `stateConfiguration` that does
    /// not fit the state (AWS's `ValidationException`).
    #[error("{0}")]
    Unsupported(String),
    /// A Map or Parallel without a mock: TestState runs no iterations or branches (AWS's
    /// `InvalidDefinition`).
    #[error("{0}")]
    MockRequired(String),
    /// The request itself is malformed (see [`request_from_json`]).
    #[error("{0}")]
    BadRequest(String),
}

/// Tests one state, calling tasks through `registry` and waiting on `clock`.
pub async fn test_state(mut req: TestStateRequest, registry: Arc<TaskRegistry>, clock: Arc<dyn Clock>) -> Result<TestStateResult, TestStateError> {
    let w = wrap::wrap(&req.definition, req.state_name.as_deref(), std::mem::take(&mut req.input), &req.variables)?;
    // The one-state machine lacks the definition's other states, which the state's templates
    // may name (their results come in `step_results`): those names are not problems here, and
    // a name that is no state of the definition fails when the template renders, saying so.
    let problems: Vec<Problem> = crate::validate::validate_value(&w.machine)
        .into_iter()
        .filter(|p| p.code != crate::validate::codes::UNKNOWN_TEMPLATE_STEP)
        .collect();
    let problems = located(problems, &w);
    if !problems.is_empty() {
        return Err(TestStateError::Invalid(problems));
    }
    let kind = w.state.get("Type").and_then(Value::as_str).unwrap_or_default().to_string();
    let probe = Arc::new(configure::probe_for(&req, &w, &kind)?);
    let registry = match &req.mock {
        Some(mock) if kind == "Task" => Arc::new(mocked(&registry, &w.state, mock.clone())),
        _ => registry,
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
        .known_states(super::state_names(&req.definition))
        .probe(probe.clone())
        .build()
        .map_err(|e| TestStateError::Invalid(vec![Problem { code: "SCHEMA_VALIDATION_FAILED".into(), message: e.to_string(), path: w.pointer.clone() }]))?;
    let sink = Arc::new(MemorySink::default());
    let outcome = ex.run(w.input.clone(), ExecutionInfo::new("test-state"), sink.clone()).await;
    let mut result = classify::classify(&w, &req.variables, req.retrier_retry_count, outcome, &sink.events());
    result.inspection_data.extend(probe.take_seen());
    if req.inspection_level == InspectionLevel::Info {
        result.inspection_data.clear();
    }
    Ok(result)
}

/// Problems of the built machine, at their place in the request's definition.
fn located(problems: Vec<Problem>, w: &Wrapped) -> Vec<Problem> {
    let prefix = crate::validate::child("/States", &w.name);
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
