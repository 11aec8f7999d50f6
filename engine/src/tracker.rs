//! Status tracking: folds history events into per-step statuses, the view that the CLI's
//! `--track`, the REST API and the browser show ("which step is running, what did each
//! step get and return").

use crate::history::{EventType, HistoryEvent};
use chrono::{DateTime, Utc};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A step's status (DESIGN.md: PENDING | RUNNING | SUCCEEDED | FAILED | CAUGHT | RETRYING, and
/// ABORTED for a step stopped unfinished).
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
    /// A Parallel state (its entry was `ParallelStateEntered`): a Fail state entered in one of
    /// its branches fails it. Not serialized: a status read back from JSON infers nothing.
    #[serde(skip)]
    pub(crate) parallel: bool,
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
    /// Folds one event in; returns the step whose status changed, if any (the last one when an
    /// execution's end closed several: [`ExecutionStatus::apply_all`] gives them all).
    pub fn apply(&mut self, ev: &HistoryEvent) -> Option<(String, StepState)> {
        // Per event on the browser's and the writer's paths: no list unless the execution ended.
        if ends_unsuccessfully(ev.event_type) {
            self.close_running(ev).pop()
        } else if ev.event_type == EventType::ExecutionSucceeded {
            self.succeed(ev).pop()
        } else {
            let own = self.apply_step(ev);
            let container = self.fail_parallel(ev);
            own.or(container)
        }
    }

    /// Folds one event in; returns every step whose status changed. The end of an execution
    /// changes all the steps that were still running at once; a Fail state entered in a
    /// Parallel's branch changes the Parallel too.
    pub fn apply_all(&mut self, ev: &HistoryEvent) -> Vec<(String, StepState)> {
        if ends_unsuccessfully(ev.event_type) {
            self.close_running(ev)
        } else if ev.event_type == EventType::ExecutionSucceeded {
            self.succeed(ev)
        } else {
            let own = self.apply_step(ev);
            own.into_iter().chain(self.fail_parallel(ev)).collect()
        }
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

    /// A Fail state entered directly in a branch of a Parallel fails that branch, and so the
    /// Parallel (a Map may tolerate a failed iteration, so a Map is left running). AWS records
    /// no failure event for an attempt that the Parallel's Retry repeats: until the next
    /// `ParallelStateStarted` (or its `ParallelStateFailed`) it is FAILED, waiting, as a Task
    /// between `TaskFailed` and its retry. Its error is the Fail state's, in the definition.
    fn fail_parallel(&mut self, ev: &HistoryEvent) -> Option<(String, StepState)> {
        if ev.event_type != EventType::FailStateEntered {
            return None;
        }
        let (container, _) = ev.scope.rsplit_once('[')?;
        let step = self.steps.get_mut(container).filter(|s| s.parallel && s.status == StepState::Running)?;
        step.status = StepState::Failed;
        Some((container.to_string(), StepState::Failed))
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

    /// Folds an event that is not the failed end of the execution.
    fn apply_step(&mut self, ev: &HistoryEvent) -> Option<(String, StepState)> {
        use EventType::*;
        self.event_count = self.event_count.max(ev.id);
        let d = &ev.details;
        let text = |k: &str| d.get(k).and_then(Value::as_str).map(str::to_string);
        match ev.event_type {
            ExecutionRedriven => {
                // Running again from the state that did not finish; the old failure is over.
                self.status = ExecState::Running;
                self.error = None;
                self.cause = None;
                return None;
            }
            _ => {}
        }
        let state = ev.state.as_deref()?;
        let key = step_key(&ev.scope, state);
        let new = if ev.event_type.is_state_entered() {
            // A Fail state ends as it is entered.
            let fail = ev.event_type == FailStateEntered;
            let status = if fail { StepState::Failed } else { StepState::Running };
            self.steps.insert(
                key.clone(),
                StepStatus {
                    status,
                    name: state.to_string(),
                    input: d.get("input").cloned(),
                    output: None,
                    error: None,
                    cause: None,
                    started_at: Some(ev.timestamp),
                    finished_at: fail.then_some(ev.timestamp),
                    retries: 0,
                    attempts: 0,
                    parallel: ev.event_type == ParallelStateEntered,
                },
            );
            self.current_steps.retain(|k| k != &key);
            if fail {
                self.current_step = self.current_steps.last().cloned();
            } else {
                self.current_steps.push(key.clone());
                self.current_step = Some(key.clone());
            }
            status
        } else {
            let step = self.steps.get_mut(&key)?;
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
                // A Parallel or Map attempt after one that failed without a failure event (its
                // Retry took over): a retry, running at once.
                ParallelStateStarted | MapStateStarted => {
                    step.attempts += 1;
                    if step.attempts > 1 {
                        step.retries += 1;
                    }
                    return None;
                }
                TaskSucceeded | TaskStarted if step.status == StepState::Retrying => StepState::Running,
                // Cancelled because a sibling branch or iteration failed: no longer running. A
                // state that failed the branch itself (an uncaught TaskFailed) is aborted too,
                // first, and stays FAILED.
                _ if ev.event_type.name().ends_with("StateAborted") => {
                    step.finished_at = Some(ev.timestamp);
                    self.current_steps.retain(|k| k != &key);
                    self.current_step = self.current_steps.last().cloned();
                    let step = self.steps.get_mut(&key)?;
                    if step.status == StepState::Failed { return None } else { StepState::Aborted }
                }
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

/// The execution failed, timed out or was aborted.
fn ends_unsuccessfully(t: EventType) -> bool {
    matches!(t, EventType::ExecutionFailed | EventType::ExecutionTimedOut | EventType::ExecutionAborted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ev(id: u64, t: EventType, scope: &str, state: Option<&str>) -> HistoryEvent {
        let timestamp = DateTime::<Utc>::UNIX_EPOCH + chrono::Duration::seconds(id as i64);
        HistoryEvent { id, previous_event_id: id - 1, timestamp, event_type: t, scope: scope.into(), state: state.map(Into::into), details: json!({"input": {}}) }
    }

    #[test]
    fn the_end_of_an_execution_closes_every_running_step_and_a_redrive_reopens_the_one_run_again() {
        use EventType::*;
        for end in [ExecutionAborted, ExecutionTimedOut, ExecutionFailed] {
            let mut s = ExecutionStatus::default();
            for e in [
                ev(1, ExecutionStarted, "", None),
                ev(2, MapStateEntered, "", Some("EachItem")),
                ev(3, MapStateStarted, "", Some("EachItem")),
                ev(4, TaskStateEntered, "EachItem[0]", Some("Work")),
            ] {
                s.apply_all(&e);
            }
            let mut stop = ev(5, end, "", None);
            stop.details = json!({"error": "States.Aborted", "cause": "stopped"});
            let mut closed = s.apply_all(&stop);
            closed.sort_by(|a, b| a.0.cmp(&b.0));
            assert_eq!(closed, [("EachItem".to_string(), StepState::Failed), ("EachItem[0]/Work".to_string(), StepState::Failed)], "{end:?}");
            assert!(s.steps.values().all(|st| st.status == StepState::Failed && st.finished_at == Some(stop.timestamp)), "{end:?}: {s:?}");
            assert_eq!((s.steps["EachItem[0]/Work"].error.as_deref(), s.current_steps.len()), (Some("States.Aborted"), 0));

            s.apply_all(&ev(6, ExecutionRedriven, "", None));
            assert_eq!(s.apply_all(&ev(7, MapStateEntered, "", Some("EachItem"))), [("EachItem".to_string(), StepState::Running)]);
            assert_eq!((s.status, s.current_step.as_deref()), (ExecState::Running, Some("EachItem")));
        }
    }

    /// A Parallel or Map attempt that its Retry repeats records no failure event (as on AWS):
    /// the second `…StateStarted` of one entry is its retry.
    #[test]
    fn a_repeated_parallel_or_map_start_counts_as_a_retry() {
        use EventType::*;
        for (entered, started, exited) in [(ParallelStateEntered, ParallelStateStarted, ParallelStateExited), (MapStateEntered, MapStateStarted, MapStateExited)] {
            let mut s = ExecutionStatus::default();
            for e in [ev(1, ExecutionStarted, "", None), ev(2, entered, "", Some("P")), ev(3, started, "", Some("P")), ev(4, FailStateEntered, "P[0]", Some("F"))] {
                s.apply_all(&e);
            }
            // A Fail in a Parallel's branch fails it (FAILED while its retry waits); a Map may
            // tolerate a failed iteration.
            let waiting = if entered == ParallelStateEntered { StepState::Failed } else { StepState::Running };
            assert_eq!((s.steps["P"].status, s.steps["P"].retries), (waiting, 0));
            s.apply_all(&ev(5, started, "", Some("P")));
            assert_eq!((s.steps["P"].status, s.steps["P"].retries), (StepState::Running, 1), "{started:?}");
            s.apply_all(&ev(6, exited, "", Some("P")));
            assert_eq!((s.steps["P"].status, s.steps["P"].retries), (StepState::Succeeded, 1));
            // Entered again (a loop): its attempts count from zero.
            s.apply_all(&ev(7, entered, "", Some("P")));
            s.apply_all(&ev(8, started, "", Some("P")));
            assert_eq!(s.steps["P"].retries, 0);
        }
    }

    fn apply(s: &mut ExecutionStatus, events: &[HistoryEvent]) -> Vec<(String, StepState)> {
        events.iter().flat_map(|e| s.apply_all(e)).collect()
    }

    /// The review's run: a Parallel with a Retry, branch 0 a Wait `Ok`, branch 1 a Fail `Boom`.
    fn failed_attempt() -> (ExecutionStatus, Vec<(String, StepState)>) {
        use EventType::*;
        let mut s = ExecutionStatus::default();
        let changed = apply(
            &mut s,
            &[
                ev(1, ExecutionStarted, "", None),
                ev(2, ParallelStateEntered, "", Some("Par")),
                ev(3, ParallelStateStarted, "", Some("Par")),
                ev(4, WaitStateEntered, "Par[0]", Some("Ok")),
                ev(5, FailStateEntered, "Par[1]", Some("Boom")),
                ev(6, WaitStateAborted, "Par[0]", Some("Ok")),
            ],
        );
        (s, changed)
    }

    #[test]
    fn a_state_aborted_by_a_failed_sibling_is_aborted_not_running() {
        use EventType::*;
        let (s, changed) = failed_attempt();
        assert!(changed.contains(&("Par[0]/Ok".to_string(), StepState::Aborted)), "{changed:?}");
        let ok = &s.steps["Par[0]/Ok"];
        assert_eq!((ok.status, ok.finished_at), (StepState::Aborted, Some(ev(6, WaitStateAborted, "", None).timestamp)));
        assert!(!s.current_steps.iter().any(|k| k.starts_with("Par[")), "{:?}", s.current_steps);
        assert_eq!(serde_json::to_value(StepState::Aborted).unwrap(), json!("ABORTED"));
        // Every kind of aborted state; a Task that failed its branch is aborted too and stays FAILED.
        for (entered, aborted) in [(TaskStateEntered, TaskStateAborted), (ParallelStateEntered, ParallelStateAborted), (MapStateEntered, MapStateAborted)] {
            let mut s = ExecutionStatus::default();
            apply(&mut s, &[ev(1, entered, "M[0]", Some("X")), ev(2, aborted, "M[0]", Some("X"))]);
            assert_eq!((s.steps["M[0]/X"].status, s.current_steps.len()), (StepState::Aborted, 0), "{aborted:?}");
        }
        let mut s = ExecutionStatus::default();
        apply(&mut s, &[ev(1, TaskStateEntered, "M[0]", Some("T")), ev(2, TaskFailed, "M[0]", Some("T")), ev(3, TaskStateAborted, "M[0]", Some("T"))]);
        let t = &s.steps["M[0]/T"];
        assert_eq!((t.status, t.finished_at.is_some(), s.current_steps.len()), (StepState::Failed, true, 0));
        // Stopped by its sibling, the execution then failing does not make it FAILED.
        let (mut s, _) = failed_attempt();
        apply(&mut s, &[ev(7, ParallelStateFailed, "", Some("Par")), ev(8, ExecutionFailed, "", None)]);
        assert_eq!(s.steps["Par[0]/Ok"].status, StepState::Aborted);
    }

    #[test]
    fn a_fail_state_fails_as_it_is_entered_and_a_successful_run_leaves_nothing_running() {
        use EventType::*;
        let (mut s, changed) = failed_attempt();
        assert!(changed.contains(&("Par[1]/Boom".to_string(), StepState::Failed)), "{changed:?}");
        let boom = &s.steps["Par[1]/Boom"];
        assert_eq!((boom.status, boom.finished_at), (StepState::Failed, boom.started_at));
        assert_eq!(s.current_steps, ["Par"]);
        // The retry succeeds.
        apply(
            &mut s,
            &[
                ev(7, ParallelStateStarted, "", Some("Par")),
                ev(8, WaitStateEntered, "Par[0]", Some("Ok")),
                ev(9, PassStateEntered, "Par[1]", Some("Boom")),
                ev(10, PassStateExited, "Par[1]", Some("Boom")),
                ev(11, WaitStateExited, "Par[0]", Some("Ok")),
                ev(12, ParallelStateSucceeded, "", Some("Par")),
                ev(13, ParallelStateExited, "", Some("Par")),
                ev(14, ExecutionSucceeded, "", None),
            ],
        );
        assert_eq!((s.status, s.current_step.as_deref(), s.current_steps.len()), (ExecState::Succeeded, None, 0));
        assert!(s.steps.values().all(|st| !matches!(st.status, StepState::Running | StepState::Retrying)), "{s:?}");
        // A step left open by a stale status is closed at success as ABORTED.
        let (mut s, _) = failed_attempt();
        apply(&mut s, &[ev(7, TaskStateEntered, "", Some("Stale"))]);
        assert_eq!(s.apply_all(&ev(8, ExecutionSucceeded, "", None)), [("Stale".to_string(), StepState::Aborted)]);
        // A top-level Fail: failed at once, the execution's error its.
        let mut s = ExecutionStatus::default();
        apply(&mut s, &[ev(1, ExecutionStarted, "", None), ev(2, FailStateEntered, "", Some("Stop"))]);
        assert_eq!((s.steps["Stop"].status, s.current_step.as_deref()), (StepState::Failed, None));
        let mut end = ev(3, ExecutionFailed, "", None);
        end.details = json!({"error": "E", "cause": "c"});
        s.apply_all(&end);
        assert_eq!((s.steps["Stop"].error.as_deref(), s.steps["Stop"].cause.as_deref()), (Some("E"), Some("c")));
    }

    #[test]
    fn a_parallel_whose_branch_entered_a_fail_state_waits_failed_for_its_retry() {
        use EventType::*;
        let (mut s, changed) = failed_attempt();
        assert!(changed.contains(&("Par".to_string(), StepState::Failed)), "{changed:?}");
        let par = &s.steps["Par"];
        assert_eq!((par.status, par.finished_at, par.retries), (StepState::Failed, None, 0));
        assert_eq!(s.apply_all(&ev(7, ParallelStateStarted, "", Some("Par"))), [("Par".to_string(), StepState::Running)]);
        assert_eq!((s.steps["Par"].status, s.steps["Par"].retries), (StepState::Running, 1));
        // Retries exhausted, caught.
        apply(&mut s, &[ev(8, FailStateEntered, "Par[1]", Some("Boom")), ev(9, ParallelStateFailed, "", Some("Par")), ev(10, ParallelStateExited, "", Some("Par"))]);
        assert_eq!((s.steps["Par"].status, s.steps["Par"].retries), (StepState::Caught, 1));
        // A Fail deeper down (in a Map inside the branch) says nothing about the Parallel.
        let mut s = ExecutionStatus::default();
        apply(&mut s, &[ev(1, ParallelStateEntered, "", Some("Par")), ev(2, MapStateEntered, "Par[0]", Some("Each")), ev(3, FailStateEntered, "Par[0]/Each[4]", Some("F"))]);
        assert_eq!((s.steps["Par"].status, s.steps["Par[0]/Each"].status), (StepState::Running, StepState::Running));
    }
}
