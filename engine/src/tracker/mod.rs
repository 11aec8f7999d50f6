//! Status tracking: folds history events into per-step statuses, the view that the CLI's
//! `--track`, the REST API and the browser show ("which step is running, what did each
//! step get and return").
//!
//! Layout, split because one rule here is read from no single event:
//! - this file: the status types, and the events of the execution as a whole (its end closes
//!   every step still open);
//! - `step.rs`: one step's own events (entered, failed, retried, aborted, exited);
//! - `attempt.rs`: when a Parallel or Map attempt has failed (AWS records no failure event for
//!   an attempt that the state's Retry repeats, so that is inferred from what happened in its
//!   branches and iterations, at any depth), and its retry, which makes every step inside it
//!   PENDING again: the statuses are the latest attempt's, as AWS's console shows them;
//! - `tests.rs`: the fold on hand-written histories (`engine/tests/tracker_attempts.rs` folds
//!   the engine's own).
//!
//! ```
//! use engine::history::{EventType, HistoryEvent};
//! use engine::tracker::{ExecutionStatus, StepState};
//! let ev = |id, event_type, state: &str| HistoryEvent { id, previous_event_id: id - 1,
//!     timestamp: chrono::DateTime::UNIX_EPOCH, event_type, scope: String::new(),
//!     state: Some(state.to_string()), details: serde_json::json!({}) };
//! let mut status = ExecutionStatus::default();
//! status.apply(&ev(1, EventType::PassStateEntered, "Greet"));
//! assert_eq!(status.current_step.as_deref(), Some("Greet"));
//! assert_eq!(status.apply(&ev(2, EventType::PassStateExited, "Greet")), Some(("Greet".to_string(), StepState::Succeeded)));
//! ```

use crate::history::{EventType, HistoryEvent};
use chrono::{DateTime, Utc};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

mod attempt;
mod step;
#[cfg(test)]
mod tests;

/// A step's status (DESIGN.md: PENDING | RUNNING | SUCCEEDED | FAILED | CAUGHT | RETRYING, and
/// ABORTED for a step stopped unfinished).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StepState {
    /// Not reached yet (in the current attempt of the Parallel or Map around it: its retry
    /// makes the steps of its earlier attempts PENDING again).
    Pending,
    /// Entered, not finished.
    Running,
    /// Exited normally.
    Succeeded,
    /// Failed (and nothing caught it yet).
    Failed,
    /// Failed and a Catch took over.
    Caught,
    /// Failed and a Retry will run it again.
    Retrying,
    /// Stopped unfinished without failing itself: a state still running in a Parallel branch
    /// or Map iteration that a failure elsewhere cancelled (its `…StateAborted` event), or one
    /// still open when the execution succeeded.
    Aborted,
}

/// An execution's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ExecState {
    /// Still going.
    Running,
    /// Finished with an output.
    Succeeded,
    /// Finished with an error.
    Failed,
    /// Stopped from outside.
    Aborted,
    /// TimeoutSeconds elapsed.
    TimedOut,
}

/// One step (a state entry; nested ones are keyed `Scope/State`, e.g. `Fan[1]/Inner`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepStatus {
    /// Current status.
    pub status: StepState,
    /// ASL state name.
    pub name: String,
    /// State input (at entry).
    pub input: Option<Value>,
    /// State output (at exit).
    pub output: Option<Value>,
    /// Last error name.
    pub error: Option<String>,
    /// Last cause.
    pub cause: Option<String>,
    /// Entered at.
    pub started_at: Option<DateTime<Utc>>,
    /// Exited at.
    pub finished_at: Option<DateTime<Utc>>,
    /// Retries so far.
    pub retries: u32,
    /// Attempts of a Parallel or Map begun in this entry (its `…StateStarted` events): AWS
    /// records no failure between two attempts of these, so the second start is the retry.
    #[serde(skip)]
    pub(crate) attempts: u32,
    /// The state's type as far as a failure goes, from its entry event (`attempt.rs` reads
    /// it). Not serialized: a status read back from JSON infers nothing.
    #[serde(skip)]
    pub(crate) kind: Kind,
}

impl StepStatus {
    /// A step not reached (yet, or again in a retried attempt): nothing but its name and kind.
    pub(crate) fn pending(name: String, kind: Kind) -> Self {
        StepStatus {
            status: StepState::Pending,
            name,
            input: None,
            output: None,
            error: None,
            cause: None,
            started_at: None,
            finished_at: None,
            retries: 0,
            attempts: 0,
            kind,
        }
    }
}

/// The whole execution as the status API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionStatus {
    /// RUNNING, SUCCEEDED, …
    pub status: ExecState,
    /// The most recently entered step that is still running.
    pub current_step: Option<String>,
    /// Every running step (several under Parallel/Map).
    pub current_steps: Vec<String>,
    /// Steps by key, in first-entry order.
    pub steps: IndexMap<String, StepStatus>,
    /// Final output.
    pub output: Option<Value>,
    /// Final error.
    pub error: Option<String>,
    /// Final cause.
    pub cause: Option<String>,
    /// Events folded in so far.
    pub event_count: u64,
}

impl Default for ExecutionStatus {
    fn default() -> Self {
        ExecutionStatus {
            status: ExecState::Running,
            current_step: None,
            current_steps: Vec::new(),
            steps: IndexMap::new(),
            output: None,
            error: None,
            cause: None,
            event_count: 0,
        }
    }
}

/// The key of a step: its scope and name.
pub fn step_key(scope: &str, state: &str) -> String {
    if scope.is_empty() {
        state.to_string()
    } else {
        format!("{scope}/{state}")
    }
}

/// What a step's type means for a failure in it (from its `…StateEntered` event).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Pass, Wait, Choice, Succeed, Fail: no Retry or Catch, so a failure ends its branch.
    #[default]
    Plain,
    /// A Task: its Retry or Catch may take a failure over.
    Task,
    /// A Parallel: fails when one of its branches fails.
    Parallel,
    /// A Map: may tolerate failed iterations.
    Map,
}

impl Kind {
    fn of(entered: EventType) -> Kind {
        match entered {
            EventType::TaskStateEntered => Kind::Task,
            EventType::ParallelStateEntered => Kind::Parallel,
            EventType::MapStateEntered => Kind::Map,
            _ => Kind::Plain,
        }
    }
}

impl ExecutionStatus {
    /// Folds one event in; returns a step whose status changed, if any: the step the event
    /// names, else the last one changed (an execution's end, a failed attempt or a retry of
    /// a Parallel or Map changes several: [`ExecutionStatus::apply_all`] gives them all).
    pub fn apply(&mut self, ev: &HistoryEvent) -> Option<(String, StepState)> {
        // Per event on the browser's and the writer's paths: no list unless the execution ended
        // or an attempt failed.
        if ends_unsuccessfully(ev.event_type) {
            self.close_running(ev).pop()
        } else if ev.event_type == EventType::ExecutionSucceeded {
            self.succeed(ev).pop()
        } else {
            let own = self.apply_step(ev);
            let mut around = self.around(ev);
            own.or_else(|| around.pop())
        }
    }

    /// Folds one event in; returns every step whose status changed. The end of an execution
    /// changes all the steps that were still running at once; a failure that ends a branch or
    /// iteration also changes the Parallel or Map around it, and a Parallel's or Map's retry
    /// makes every step inside it PENDING again (`attempt.rs`).
    pub fn apply_all(&mut self, ev: &HistoryEvent) -> Vec<(String, StepState)> {
        if ends_unsuccessfully(ev.event_type) {
            self.close_running(ev)
        } else if ev.event_type == EventType::ExecutionSucceeded {
            self.succeed(ev)
        } else {
            let own = self.apply_step(ev);
            own.into_iter().chain(self.around(ev)).collect()
        }
    }

    /// Takes `key` off the running steps.
    fn leave(&mut self, key: &str) {
        self.current_steps.retain(|k| k != key);
        self.current_step = self.current_steps.last().cloned();
    }

    /// The execution succeeded: nothing is running any more. A step still open (none is in a
    /// history the engine records, but a stale status may hold one) is closed as ABORTED.
    fn succeed(&mut self, ev: &HistoryEvent) -> Vec<(String, StepState)> {
        self.event_count = self.event_count.max(ev.id);
        self.status = ExecState::Succeeded;
        self.output = ev.details.get("output").cloned();
        self.current_steps.clear();
        self.current_step = None;
        let mut closed = Vec::new();
        for (k, s) in self.steps.iter_mut().filter(|(_, s)| matches!(s.status, StepState::Running | StepState::Retrying)) {
            s.status = StepState::Aborted;
            s.finished_at = Some(ev.timestamp);
            closed.push((k.clone(), StepState::Aborted));
        }
        closed
    }

    /// The execution ended without succeeding: it takes its error, and every step still running
    /// (or waiting to retry) is closed as FAILED with that error unless it had its own, finished
    /// at the end's time (the browser shows those as aborted when the execution was stopped). A
    /// redrive re-enters the state that did not finish, which opens it again.
    fn close_running(&mut self, ev: &HistoryEvent) -> Vec<(String, StepState)> {
        let text = |k: &str| ev.details.get(k).and_then(Value::as_str).map(str::to_string);
        self.event_count = self.event_count.max(ev.id);
        self.status = match ev.event_type {
            EventType::ExecutionFailed => ExecState::Failed,
            EventType::ExecutionTimedOut => ExecState::TimedOut,
            _ => ExecState::Aborted,
        };
        self.error = text("error");
        self.cause = text("cause");
        self.current_step = None;
        let mut closed = Vec::new();
        // A top-level Fail state failed the execution: the execution's error is its.
        for (_, s) in self.steps.iter_mut().filter(|(k, s)| !k.contains('/') && s.status == StepState::Failed && s.error.is_none()) {
            s.error = self.error.clone();
            s.cause = self.cause.clone();
        }
        for k in std::mem::take(&mut self.current_steps) {
            if let Some(s) = self.steps.get_mut(&k) {
                s.status = StepState::Failed;
                s.error = s.error.take().or_else(|| self.error.clone());
                s.cause = s.cause.take().or_else(|| self.cause.clone());
                s.finished_at = Some(ev.timestamp);
                closed.push((k, StepState::Failed));
            }
        }
        closed
    }
}

/// The execution failed, timed out or was aborted.
fn ends_unsuccessfully(t: EventType) -> bool {
    matches!(t, EventType::ExecutionFailed | EventType::ExecutionTimedOut | EventType::ExecutionAborted)
}

/// A state's `…StateAborted` (Task, Wait, Parallel, Map): cancelled unfinished.
fn is_state_aborted(t: EventType) -> bool {
    t.name().ends_with("StateAborted")
}
