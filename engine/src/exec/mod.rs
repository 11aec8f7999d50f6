//! The interpreter: runs a compiled [`plan::MachinePlan`] on an input, emitting AWS-style
//! history events, calling tasks through the [`crate::task::TaskRegistry`] and waiting only
//! through the injected [`crate::clock::Clock`] (so nothing here blocks a thread).
//!
//! ```
//! use engine::exec::{Executor, ExecutionInfo, Outcome};
//! use engine::history::NullSink;
//! use serde_json::json;
//! let def = engine::parse(r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"x":1},"End":true}}}"#).unwrap();
//! let ex = Executor::builder(&def).build().unwrap();
//! let out = futures::executor::block_on(ex.run(json!({}), ExecutionInfo::new("demo"), std::sync::Arc::new(NullSink)));
//! assert_eq!(out, Outcome::Succeeded(json!({"x": 1})));
//! ```

mod abort;
mod batch;
mod choice;
mod context;
mod dataflow;
mod journal;
mod jsonata;
mod machine;
mod map;
mod parallel;
pub mod payload;
pub mod plan;
mod probe;
mod retry;
mod steptemplate;
mod task;
pub mod test_state;
mod wait;

pub use journal::Journal;
pub use plan::{MachinePlan, PlanError};
pub use steptemplate::{referenced_steps, results_from_history, state_names, NoResult, StepTemplate};

use crate::clock::{Clock, VirtualClock};
use crate::error::StatesError;
use crate::model::StateMachine;
use crate::task::TaskRegistry;
use chrono::{DateTime, Utc};
use crate::history::EventSink;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Limits and knobs of one executor.
#[derive(Debug, Clone)]
pub struct ExecOptions {
    /// History event limit (AWS: 25,000); 0 = unlimited.
    pub max_history_events: u64,
    /// Largest state input/output/result in bytes (AWS: 256 KiB).
    pub max_payload_bytes: usize,
}

impl Default for ExecOptions {
    fn default() -> Self {
        ExecOptions { max_history_events: 25_000, max_payload_bytes: 256 * 1024 }
    }
}

/// Who is running: ids and names that end up in `$$.Execution` and `$$.StateMachine`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExecutionInfo {
    /// Execution id (ARN-like).
    pub id: String,
    /// Execution name.
    pub name: String,
    /// State machine name.
    pub state_machine: String,
}

impl ExecutionInfo {
    /// Info for an execution named `name` of a machine called `name` too.
    pub fn new(name: &str) -> Self {
        ExecutionInfo {
            id: format!("arn:aws:states:local:000000000000:execution:{name}:{name}"),
            name: name.to_string(),
            state_machine: name.to_string(),
        }
    }
}

/// How an execution ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// With its output.
    Succeeded(Value),
    /// With error and cause.
    Failed(StatesError),
    /// The machine's TimeoutSeconds elapsed.
    TimedOut(StatesError),
    /// Stopped from outside.
    Aborted,
}

impl Outcome {
    /// `{"status":"SUCCEEDED","output":…}` / `{"status":"FAILED","error":…,"cause":…}`.
    pub fn to_json(&self) -> Value {
        match self {
            Outcome::Succeeded(v) => serde_json::json!({"status": "SUCCEEDED", "output": v}),
            Outcome::Failed(e) => failure("FAILED", e),
            Outcome::TimedOut(e) => failure("TIMED_OUT", e),
            Outcome::Aborted => serde_json::json!({"status": "ABORTED"}),
        }
    }
}

/// A Fail state without Error/Cause yields a failure without those fields, as in AWS.
fn failure(status: &str, e: &StatesError) -> Value {
    let mut v = serde_json::json!({ "status": status });
    if !e.error.is_empty() {
        v["error"] = Value::String(e.error.clone());
    }
    if !e.cause.is_empty() {
        v["cause"] = Value::String(e.cause.clone());
    }
    v
}

/// Runs one definition; cheap to clone and share between executions.
#[derive(Clone)]
pub struct Executor {
    pub(crate) plan: Arc<MachinePlan>,
    pub(crate) registry: Arc<TaskRegistry>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) options: ExecOptions,
    /// Whether any Parameters use `{{States.Step.field}}`, so step results must be kept.
    pub(crate) record_steps: bool,
    /// Results of steps that ran before, for `{{States.Step.field}}` (a tested state's).
    pub(crate) seed_steps: Option<Arc<HashMap<String, Value>>>,
    /// Every state name the templates may name (the machine's, at every depth; for TestState
    /// the whole definition's too), so a template naming another name says it does not exist.
    pub(crate) state_names: Arc<HashSet<String>>,
    /// TestState's hook into the tested state (mocked Map / Parallel, evaluated settings).
    pub(crate) probe: Option<Arc<probe::Probe>>,
    /// The id of a run's `ExecutionStarted` (1, or more when a restarted run continues a stored
    /// history, so that its event ids and the ids its causes quote are the stored ones).
    pub(crate) first_event_id: u64,
}

/// Builds an [`Executor`]; defaults: built-in test functions, virtual clock, AWS limits.
pub struct ExecutorBuilder<'a> {
    machine: &'a StateMachine,
    registry: Option<Arc<TaskRegistry>>,
    clock: Option<Arc<dyn Clock>>,
    options: ExecOptions,
    seed_steps: Option<Arc<HashMap<String, Value>>>,
    known_states: HashSet<String>,
    probe: Option<Arc<probe::Probe>>,
    first_event_id: u64,
}

impl<'a> ExecutorBuilder<'a> {
    /// The functions Task states may call.
    pub fn registry(mut self, r: Arc<TaskRegistry>) -> Self {
        self.registry = Some(r);
        self
    }
    /// The clock for waits, retries and timeouts.
    pub fn clock(mut self, c: Arc<dyn Clock>) -> Self {
        self.clock = Some(c);
        self
    }
    /// Limits.
    pub fn options(mut self, o: ExecOptions) -> Self {
        self.options = o;
        self
    }
    /// Results of steps that ran before this execution, as `{{States.Step.field}}` sees them
    /// (TestState runs one state whose templates name earlier steps).
    pub fn step_results(mut self, steps: HashMap<String, Value>) -> Self {
        self.seed_steps = Some(Arc::new(steps));
        self
    }
    /// Names of states outside the machine that `{{States.Step.field}}` templates may name
    /// (TestState runs one state of a larger definition): a template naming one that has no
    /// result has "not run yet", rather than "no state of that name".
    pub fn known_states(mut self, names: impl IntoIterator<Item = String>) -> Self {
        self.known_states.extend(names);
        self
    }
    /// The id [`Executor::run`] gives its `ExecutionStarted` (default 1): a run that continues a
    /// stored history (a redrive) numbers its events after the stored ones, so causes such as
    /// "(entered at the event id #N)" quote stored ids (and the history limit covers the whole history, as AWS's does).
    pub fn first_event_id(mut self, id: u64) -> Self {
        self.first_event_id = id.max(1);
        self
    }
    /// TestState's hook into the state it tests.
    pub(crate) fn probe(mut self, p: Arc<probe::Probe>) -> Self {
        self.probe = Some(p);
        self
    }
    /// Compiles the definition.
    pub fn build(self) -> Result<Executor, PlanError> {
        let record_steps = serde_json::to_string(self.machine).map(|s| s.contains("{{States.")).unwrap_or(true);
        let mut state_names = self.known_states;
        if record_steps {
            state_names.extend(serde_json::to_value(self.machine).map(|v| steptemplate::state_names(&v)).unwrap_or_default());
        }
        Ok(Executor {
            plan: Arc::new(MachinePlan::compile(self.machine)?),
            registry: self.registry.unwrap_or_else(|| Arc::new(TaskRegistry::with_builtins())),
            clock: self.clock.unwrap_or_else(|| VirtualClock::starting_at(DateTime::<Utc>::UNIX_EPOCH)),
            options: self.options,
            record_steps,
            state_names: Arc::new(state_names),
            seed_steps: self.seed_steps,
            probe: self.probe,
            first_event_id: self.first_event_id,
        })
    }
}

impl Executor {
    /// Starts building an executor for `machine`.
    pub fn builder(machine: &StateMachine) -> ExecutorBuilder<'_> {
        ExecutorBuilder {
            machine,
            registry: None,
            clock: None,
            options: ExecOptions::default(),
            seed_steps: None,
            known_states: HashSet::new(),
            probe: None,
            first_event_id: 1,
        }
    }

    /// Runs to completion (or timeout). Drop the future, or wrap it in
    /// `futures::future::Abortable`, to stop it.
    pub async fn run(&self, input: Value, info: ExecutionInfo, sink: Arc<dyn EventSink>) -> Outcome {
        machine::Run::new(self, input, info, sink).execute().await
    }

    /// Continues an execution whose process died, from its stored history (no terminal event):
    /// the machine runs again on the original `input`, stored events are matched instead of
    /// emitted, stored task outcomes are reused, and only new events reach `sink` (ids after the
    /// stored ones). See [`Journal`].
    pub async fn resume(&self, input: Value, info: ExecutionInfo, sink: Arc<dyn EventSink>, journal: Journal) -> Outcome {
        machine::Run::replaying(self, input, info, sink, Arc::new(journal)).execute().await
    }
}
