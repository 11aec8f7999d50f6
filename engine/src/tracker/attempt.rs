//! When a Parallel or Map attempt has failed, and when its retry starts.
//!
//! AWS records no `ParallelStateFailed` / `MapStateFailed` for an attempt that the state's Retry
//! repeats: the next `…StateStarted` follows the failed branch's last event IntervalSeconds
//! later (`exec/retry.rs`). Folding only the container's own events, it would read RUNNING
//! through that wait, where AWS's console shows it failed and being retried. So the failure is
//! read from its branches and iterations, one rule for every way a failure can end one:
//!
//! - **A failure ended one of its branches or iterations**: a Fail state was entered in it; a
//!   state that has no Retry or Catch (Pass, Wait, Choice, Succeed) failed its evaluation; or,
//!   in a Map, `MapIterationFailed`, which follows any of those and every uncaught Task,
//!   Parallel or Map failure in an iteration. What is still open in that branch or iteration
//!   has ended with it (FAILED if it was running). A Parallel fails with its branch. A Map
//!   may tolerate failed iterations (ToleratedFailureCount/Percentage, which no event carries),
//!   so it fails only when none of its other iterations is still open: a Map that does not
//!   tolerate the failure cancels those at once (next rule), and one that does goes on at once
//!   (`MapIterationStarted` or `MapStateSucceeded`, which make it RUNNING again, `step.rs`).
//! - **A state inside it was aborted** (`TaskStateAborted`, `WaitStateAborted`,
//!   `ParallelStateAborted`, `MapStateAborted`, `MapIterationAborted`): the engine, as AWS,
//!   aborts what a Parallel or Map runs only when its attempt failed, the state that failed
//!   uncaught first (a Task after its `TaskFailed` or `TaskTimedOut`, a nested Parallel or Map
//!   after its `…StateFailed`), then the branches and iterations still running (`exec/abort.rs`).
//!   When the container itself is aborted, its own event comes first, and it is no longer
//!   running.
//!
//! A nested Parallel or Map whose failure ends its branch is aborted by the one around it, so
//! the rule climbs one level per event, to any depth. The container is FAILED (as a Task is
//! between `TaskFailed` and its retry; the execution view shows a failed step that has not
//! exited as retrying), with the failure's error where the events carry it, until its next
//! `…StateStarted` (RUNNING, one retry more), its `…StateFailed` (no retry follows) or the
//! execution's end. One failure it cannot see: a Choice in a Parallel's branch that matched
//! nothing records no event, so that Parallel reads RUNNING until its retry starts.
//!
//! **The retry starts** (a `…StateStarted` after the first of its entry): every step inside the
//! container, at any depth, is PENDING again, its run forgotten, and none is running, so the
//! statuses are those of the attempt under way, as AWS's console shows them (a Fail state of
//! the failed attempt does not read failed while the retry runs the Wait before it). The
//! execution view keeps the earlier attempts' runs in its own trace, for the timeline.

use super::{is_state_aborted, step_key, ExecutionStatus, Kind, StepState, StepStatus};
use crate::history::{EventType, HistoryEvent};
use serde_json::Value;

/// Where an event says a failure happened.
struct Site {
    /// The Parallel's or Map's step key.
    container: String,
    /// The key prefix of the branch or iteration (`Par[1]/`).
    branch: String,
    /// A failure ended the branch or iteration (else something in it was aborted).
    ended: bool,
}

impl ExecutionStatus {
    /// Folds what `ev` says of a Parallel's or Map's attempt (module docs): a retry starting,
    /// or a failure in the container around it. Returns the steps whose status changed besides
    /// the one `ev` names.
    pub(super) fn around(&mut self, ev: &HistoryEvent) -> Vec<(String, StepState)> {
        match ev.event_type {
            EventType::ParallelStateStarted | EventType::MapStateStarted => self.restart(ev),
            _ => self.fail_attempt(ev),
        }
    }

    /// A container's `…StateStarted`, folded (`step.rs` counts a retry): when it is a retry,
    /// every step inside is PENDING again and none is running; returns those that changed.
    fn restart(&mut self, ev: &HistoryEvent) -> Vec<(String, StepState)> {
        let Some(state) = ev.state.as_deref() else { return Vec::new() };
        let key = step_key(&ev.scope, state);
        // Retries count from the entry: the first start has none, every later one is a retry.
        if self.steps.get(&key).is_none_or(|s| s.retries == 0) {
            return Vec::new();
        }
        let inside = format!("{key}[");
        self.current_steps.retain(|k| !k.starts_with(&inside));
        self.current_step = self.current_steps.last().cloned();
        let mut changed = Vec::new();
        for (k, step) in self.steps.iter_mut().filter(|(k, s)| k.starts_with(&inside) && s.status != StepState::Pending) {
            *step = StepStatus::pending(std::mem::take(&mut step.name), step.kind);
            changed.push((k.clone(), StepState::Pending));
        }
        changed
    }

    /// Folds what `ev` says of the Parallel or Map around it (module docs); returns the steps
    /// whose status changed: what it closed in an ended branch, then the container.
    fn fail_attempt(&mut self, ev: &HistoryEvent) -> Vec<(String, StepState)> {
        let Some(site) = self.failure_site(ev) else { return Vec::new() };
        let mut changed = if site.ended { self.close_branch(&site.branch, ev) } else { Vec::new() };
        let Some(step) = self.steps.get(&site.container) else { return changed };
        let container = matches!(step.kind, Kind::Parallel | Kind::Map);
        let tolerates = step.kind == Kind::Map && site.ended && self.runs_beside(&site);
        let fails = container && step.status == StepState::Running && !tolerates;
        // Failed by an earlier event of this attempt that carried no error (a Fail state).
        let unexplained = container && step.status == StepState::Failed && step.error.is_none();
        if !fails && !unexplained {
            return changed;
        }
        let (error, cause) = self.error_of(ev);
        let step = self.steps.get_mut(&site.container).expect("looked up above");
        if error.is_some() {
            (step.error, step.cause) = (error, cause);
        }
        if fails {
            step.status = StepState::Failed;
            changed.push((site.container, StepState::Failed));
        }
        changed
    }

    /// The branch or iteration `ev` shows failed or cancelled, if it does.
    fn failure_site(&self, ev: &HistoryEvent) -> Option<Site> {
        use EventType::*;
        let ended = match ev.event_type {
            MapIterationFailed | MapIterationAborted => {
                let map = step_key(&ev.scope, ev.state.as_deref()?);
                let index = ev.details.get("index").and_then(Value::as_u64)?;
                let branch = format!("{map}[{index}]/");
                return Some(Site { container: map, branch, ended: ev.event_type == MapIterationFailed });
            }
            FailStateEntered => true,
            EvaluationFailed => self.steps.get(&step_key(&ev.scope, ev.state.as_deref()?))?.kind == Kind::Plain,
            t if is_state_aborted(t) => false,
            _ => return None,
        };
        let (container, _) = ev.scope.rsplit_once('[')?;
        Some(Site { container: container.to_string(), branch: format!("{}/", ev.scope), ended })
    }

    /// A failure ended the branch or iteration `branch`: what is still open in it has ended,
    /// a running step failed with the failure's error.
    fn close_branch(&mut self, branch: &str, ev: &HistoryEvent) -> Vec<(String, StepState)> {
        let (error, cause) = (text(ev, "error"), text(ev, "cause"));
        let open: Vec<String> = self.current_steps.iter().filter(|k| k.starts_with(branch)).cloned().collect();
        let mut changed = Vec::new();
        for key in open {
            self.leave(&key);
            let Some(step) = self.steps.get_mut(&key) else { continue };
            step.finished_at = step.finished_at.or(Some(ev.timestamp));
            if matches!(step.status, StepState::Running | StepState::Retrying) {
                step.status = StepState::Failed;
                if step.error.is_none() {
                    (step.error, step.cause) = (error.clone(), cause.clone());
                }
                changed.push((key, StepState::Failed));
            }
        }
        changed
    }

    /// Whether another branch or iteration of the site's container is still open.
    fn runs_beside(&self, site: &Site) -> bool {
        let inside = format!("{}[", site.container);
        self.current_steps.iter().any(|k| k.starts_with(&inside) && !k.starts_with(&site.branch))
    }

    /// The error and cause of the failure `ev` shows: its own, or those of the failed state
    /// it aborted.
    fn error_of(&self, ev: &HistoryEvent) -> (Option<String>, Option<String>) {
        if let Some(error) = text(ev, "error") {
            return (Some(error), text(ev, "cause"));
        }
        let failed = ev.state.as_deref().and_then(|s| self.steps.get(&step_key(&ev.scope, s))).filter(|s| s.status == StepState::Failed);
        failed.map_or((None, None), |s| (s.error.clone(), s.cause.clone()))
    }
}

fn text(ev: &HistoryEvent, key: &str) -> Option<String> {
    ev.details.get(key).and_then(Value::as_str).map(str::to_string)
}
