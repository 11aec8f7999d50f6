//! Status tracking: folds history events into per-step statuses, the view that the CLI's
//! `--track`, the REST API and the browser show ("which step is running, what did each
//! step get and return").

use crate::history::{EventType, HistoryEvent};
use chrono::{DateTime, Utc};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A step's status (DESIGN.md: PENDING | RUNNING | SUCCEEDED | FAILED | CAUGHT | RETRYING).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StepState {
    /// Not reached yet.
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

impl ExecutionStatus {
    /// Folds one event in; returns the step whose status changed, if any.
    pub fn apply(&mut self, ev: &HistoryEvent) -> Option<(String, StepState)> {
        use EventType::*;
        self.event_count = self.event_count.max(ev.id);
        let d = &ev.details;
        let text = |k: &str| d.get(k).and_then(Value::as_str).map(str::to_string);
        match ev.event_type {
            ExecutionSucceeded => {
                self.status = ExecState::Succeeded;
                self.output = d.get("output").cloned();
                self.current_steps.clear();
                self.current_step = None;
                return None;
            }
            ExecutionRedriven => {
                // Running again from the state that did not finish; the old failure is over.
                self.status = ExecState::Running;
                self.error = None;
                self.cause = None;
                return None;
            }
            ExecutionFailed | ExecutionTimedOut | ExecutionAborted => {
                self.status = match ev.event_type {
                    ExecutionFailed => ExecState::Failed,
                    ExecutionTimedOut => ExecState::TimedOut,
                    _ => ExecState::Aborted,
                };
                self.error = text("error");
                self.cause = text("cause");
                let running = std::mem::take(&mut self.current_steps);
                self.current_step = None;
                let mut last = None;
                for k in running {
                    if let Some(s) = self.steps.get_mut(&k) {
                        s.status = StepState::Failed;
                        s.error = s.error.take().or_else(|| self.error.clone());
                        s.cause = s.cause.take().or_else(|| self.cause.clone());
                        s.finished_at = Some(ev.timestamp);
                        last = Some((k, StepState::Failed));
                    }
                }
                return last;
            }
            _ => {}
        }
        let state = ev.state.as_deref()?;
        let key = step_key(&ev.scope, state);
        let new = if ev.event_type.is_state_entered() {
            self.steps.insert(
                key.clone(),
                StepStatus {
                    status: StepState::Running,
                    name: state.to_string(),
                    input: d.get("input").cloned(),
                    output: None,
                    error: None,
                    cause: None,
                    started_at: Some(ev.timestamp),
                    finished_at: None,
                    retries: 0,
                },
            );
            self.current_steps.retain(|k| k != &key);
            self.current_steps.push(key.clone());
            self.current_step = Some(key.clone());
            StepState::Running
        } else {
            let step = self.steps.get_mut(&key)?;
            let next = match ev.event_type {
                TaskFailed | TaskTimedOut | MapStateFailed | ParallelStateFailed | EvaluationFailed => {
                    step.error = text("error");
                    step.cause = text("cause");
                    StepState::Failed
                }
                TaskScheduled | ParallelStateStarted | MapStateStarted if step.status == StepState::Failed => {
                    step.retries += 1;
                    StepState::Retrying
                }
                TaskSucceeded | TaskStarted if step.status == StepState::Retrying => StepState::Running,
                _ if ev.event_type.is_state_exited() => {
                    step.output = d.get("output").cloned();
                    step.finished_at = Some(ev.timestamp);
                    let done = if step.status == StepState::Failed { StepState::Caught } else { StepState::Succeeded };
                    self.current_steps.retain(|k| k != &key);
                    self.current_step = self.current_steps.last().cloned();
                    done
                }
                _ => return None,
            };
            let step = self.steps.get_mut(&key)?;
            if step.status == next {
                return None;
            }
            step.status = next;
            next
        };
        Some((key, new))
    }
}
