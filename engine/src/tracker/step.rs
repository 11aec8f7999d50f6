//! One step's own events: entered, failed, retried, aborted, exited.

use super::{is_state_aborted, step_key, ExecState, ExecutionStatus, Kind, StepState, StepStatus};
use crate::history::{EventType, HistoryEvent};
use serde_json::Value;

impl ExecutionStatus {
    /// Folds an event that is not the end of the execution into the step it names.
    pub(super) fn apply_step(&mut self, ev: &HistoryEvent) -> Option<(String, StepState)> {
        self.event_count = self.event_count.max(ev.id);
        if ev.event_type == EventType::ExecutionRedriven {
            // Running again from the state that did not finish; the old failure is over.
            self.status = ExecState::Running;
            self.error = None;
            self.cause = None;
            return None;
        }
        let state = ev.state.as_deref()?;
        let key = step_key(&ev.scope, state);
        let new = if ev.event_type.is_state_entered() { self.enter(ev, state, &key) } else { self.progress(ev, &key)? };
        Some((key, new))
    }

    /// A `…StateEntered`: a new step, RUNNING, or FAILED for a Fail state, which ends as it is
    /// entered.
    fn enter(&mut self, ev: &HistoryEvent, state: &str, key: &str) -> StepState {
        let fail = ev.event_type == EventType::FailStateEntered;
        let status = if fail { StepState::Failed } else { StepState::Running };
        self.steps.insert(
            key.to_string(),
            StepStatus {
                status,
                input: ev.details.get("input").cloned(),
                started_at: Some(ev.timestamp),
                finished_at: fail.then_some(ev.timestamp),
                ..StepStatus::pending(state.to_string(), Kind::of(ev.event_type))
            },
        );
        self.leave(key);
        if !fail {
            self.current_steps.push(key.to_string());
            self.current_step = Some(key.to_string());
        }
        status
    }

    /// Any other event of an entered step; its new status if it changed.
    fn progress(&mut self, ev: &HistoryEvent, key: &str) -> Option<StepState> {
        use EventType::*;
        let text = |k: &str| ev.details.get(k).and_then(Value::as_str).map(str::to_string);
        let step = self.steps.get_mut(key)?;
        let next = match ev.event_type {
            TaskFailed | TaskTimedOut | MapStateFailed | ParallelStateFailed | EvaluationFailed => {
                step.error = text("error");
                step.cause = text("cause");
                StepState::Failed
            }
            TaskScheduled if step.status == StepState::Failed => {
                step.retries += 1;
                StepState::Retrying
            }
            // A Parallel or Map's retry runs at once (nothing is scheduled first).
            ParallelStateStarted | MapStateStarted if step.status == StepState::Failed => {
                step.retries += 1;
                step.attempts += 1;
                StepState::Running
            }
            // A Parallel or Map attempt after one that failed with no sign of it (a Choice in a
            // branch that matched nothing): a retry, running at once.
            ParallelStateStarted | MapStateStarted => {
                step.attempts += 1;
                if step.attempts > 1 {
                    step.retries += 1;
                }
                return None;
            }
            TaskSucceeded | TaskStarted if step.status == StepState::Retrying => StepState::Running,
            // A Map that a failed iteration left with nothing open goes on: it tolerated the
            // failure (attempt.rs).
            MapIterationStarted | MapStateSucceeded | ParallelStateSucceeded if step.status == StepState::Failed => StepState::Running,
            // Cancelled because its attempt failed: no longer running. The state whose failure
            // ended its branch or iteration (an uncaught TaskFailed) is aborted too, first, and
            // stays FAILED.
            t if is_state_aborted(t) => {
                step.finished_at = Some(ev.timestamp);
                let failed = step.status == StepState::Failed;
                self.leave(key);
                if failed {
                    return None;
                }
                StepState::Aborted
            }
            t if t.is_state_exited() => {
                step.output = ev.details.get("output").cloned();
                step.finished_at = Some(ev.timestamp);
                let done = if step.status == StepState::Failed { StepState::Caught } else { StepState::Succeeded };
                self.leave(key);
                done
            }
            _ => return None,
        };
        let step = self.steps.get_mut(key)?;
        if step.status == next {
            return None;
        }
        step.status = next;
        Some(next)
    }
}
