//! Which run of a nested state the view shows. A step key is `Scope/State` where the scope is a
//! path of `Container[index]` segments (`Map[3]`, `Par[0]/Map[2]`; see the engine's
//! `child_scope`). Parallel branches hold different states, so every branch is shown at once;
//! a Map's iterations run the same states, so the view shows one iteration per Map: the one the
//! user picked, else the first failed, else the latest running, else the first.

use super::shape::Shape;
use super::trace::IterState;
use chrono::{DateTime, Utc};
use engine::tracker::{ExecState, ExecutionStatus, StepState};
use std::collections::HashMap;

/// One `Container[index]` segment of a scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment<'a> {
    /// The Parallel or Map state.
    pub container: &'a str,
    /// Branch or iteration index.
    pub index: usize,
}

/// Splits a step key into its scope segments and the state name. Segments that do not parse
/// (never produced by the engine) are skipped.
pub fn parse_key(key: &str) -> (Vec<Segment<'_>>, &str) {
    let (scope, state) = key.rsplit_once('/').unwrap_or(("", key));
    let segments = scope
        .split('/')
        .filter_map(|seg| {
            let (name, rest) = seg.rsplit_once('[')?;
            let index = rest.strip_suffix(']')?.parse().ok()?;
            Some(Segment { container: name, index })
        })
        .collect();
    (segments, state)
}

/// The step key of the container of segment `i` of `key` (e.g. `Par[0]/Each` for the `Each[2]`
/// segment of `Par[0]/Each[2]/Work`).
pub fn container_key(key: &str, i: usize) -> String {
    let mut parts = key.split('/').take(i + 1).collect::<Vec<_>>();
    if let Some(last) = parts.last_mut() {
        *last = last.rsplit_once('[').map_or(*last, |(n, _)| n);
    }
    parts.join("/")
}

/// The iteration shown by default: first failed, else the latest running, else the first.
pub fn default_iteration(its: &[IterState]) -> Option<usize> {
    its.iter()
        .position(|s| *s == IterState::Failed)
        .or_else(|| its.iter().rposition(|s| *s == IterState::Running))
        .or_else(|| (!its.is_empty()).then_some(0))
}

/// What the view shows of one state: the step key of the run it shows and its status.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    /// Step key.
    pub key: String,
    /// Lowercase status: the six of DESIGN.md, or `aborted` for a step stopped unfinished: the
    /// tracker's ABORTED (cancelled by a failed sibling branch or iteration), a nested step left running when its Parallel or Map ended (its branch or iteration was
    /// dropped), or a step running when the execution was stopped. A failed step that has
    /// not exited while the execution runs on waits for its retry, so it shows `retrying`:
    /// the tracker marks it so only when the retry starts.
    pub status: &'static str,
}

/// Everything needed to decide which runs are shown.
pub struct Selection<'a> {
    /// The definition.
    pub shape: &'a Shape,
    /// Map iterations by the Map's step key.
    pub maps: &'a HashMap<String, Vec<IterState>>,
    /// Iterations the user picked, by Map state name.
    pub picks: &'a HashMap<String, usize>,
}

impl Selection<'_> {
    /// The iteration shown for the Map run `map_key` (state `map`).
    pub fn iteration(&self, map: &str, map_key: &str) -> Option<usize> {
        let its = self.maps.get(map_key).map(Vec::as_slice).unwrap_or_default();
        self.picks.get(map).copied().or_else(|| default_iteration(its))
    }

    /// Whether step `key` belongs to the shown iteration of every Map around it.
    pub fn shows(&self, key: &str) -> bool {
        let (segments, _) = parse_key(key);
        segments.iter().enumerate().all(|(i, seg)| {
            !self.shape.is_map(seg.container) || self.iteration(seg.container, &container_key(key, i)) == Some(seg.index)
        })
    }

    /// The shown run of every state that ran, by state name; `stopped_at` is when the
    /// execution was stopped, if it was (`Trace::stopped_at`).
    pub fn shown(&self, status: &ExecutionStatus, stopped_at: Option<DateTime<Utc>>) -> HashMap<String, Shown> {
        let mut out: HashMap<String, Shown> = HashMap::new();
        for (key, step) in &status.steps {
            if !self.shows(key) {
                continue;
            }
            let (segments, state) = parse_key(key);
            let mut name = crate::live::step_status_name(step.status);
            let dropped = (0..segments.len()).any(|i| {
                status.steps.get(&container_key(key, i)).is_some_and(|c| !matches!(c.status, StepState::Running | StepState::Retrying))
            });
            let running = status.status == ExecState::Running;
            match step.status {
                StepState::Running if dropped => name = "aborted",
                StepState::Failed if stopped_at.is_some() && step.finished_at == stopped_at => name = "aborted",
                StepState::Failed if running && step.finished_at.is_none() && !dropped => name = "retrying",
                _ => {}
            }
            out.insert(state.to_string(), Shown { key: key.clone(), status: name });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::trace::{tests::ev, Trace};
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_split_into_segments() {
        let (segs, state) = parse_key("Par[0]/Each[12]/Work");
        assert_eq!(state, "Work");
        assert_eq!(segs, vec![Segment { container: "Par", index: 0 }, Segment { container: "Each", index: 12 }]);
        assert_eq!(parse_key("Top"), (vec![], "Top"));
        assert_eq!(container_key("Par[0]/Each[12]/Work", 1), "Par[0]/Each");
        assert_eq!(container_key("Par[0]/Each[12]/Work", 0), "Par");
    }

    #[test]
    fn default_iteration_prefers_failed_then_running() {
        use IterState::*;
        assert_eq!(default_iteration(&[Succeeded, Running, Failed, Running]), Some(2));
        assert_eq!(default_iteration(&[Succeeded, Running, Running, Pending]), Some(2));
        assert_eq!(default_iteration(&[Succeeded, Succeeded]), Some(0));
        assert_eq!(default_iteration(&[]), None);
    }

    fn map_run() -> (Shape, ExecutionStatus, Trace) {
        let shape = Shape::of(&json!({"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
            "ItemProcessor": {"StartAt": "Work", "States": {"Work": {"Type": "Pass", "End": true}}}}}}));
        let events = [
            ev(2, "MapStateEntered", "", Some("Each"), json!({"input": [1, 2]})),
            ev(3, "MapStateStarted", "", Some("Each"), json!({"length": 2})),
            ev(4, "MapIterationStarted", "", Some("Each"), json!({"index": 0})),
            ev(5, "PassStateEntered", "Each[0]", Some("Work"), json!({"input": 1})),
            ev(6, "PassStateExited", "Each[0]", Some("Work"), json!({"output": 1})),
            ev(7, "MapIterationSucceeded", "", Some("Each"), json!({"index": 0})),
            ev(8, "MapIterationStarted", "", Some("Each"), json!({"index": 1})),
            ev(9, "PassStateEntered", "Each[1]", Some("Work"), json!({"input": 2})),
        ];
        let (mut status, mut trace) = (ExecutionStatus::default(), Trace::default());
        for e in &events {
            status.apply(e);
            trace.apply(e);
        }
        (shape, status, trace)
    }

    #[test]
    fn a_map_shows_the_running_iteration_unless_one_is_picked() {
        let (shape, status, trace) = map_run();
        let picks = HashMap::new();
        let sel = Selection { shape: &shape, maps: &trace.maps, picks: &picks };
        let shown = sel.shown(&status, None);
        assert_eq!(shown["Work"], Shown { key: "Each[1]/Work".into(), status: "running" });
        assert_eq!(shown["Each"].status, "running");
        let picks = HashMap::from([("Each".to_string(), 0)]);
        let sel = Selection { shape: &shape, maps: &trace.maps, picks: &picks };
        assert_eq!(sel.shown(&status, None)["Work"], Shown { key: "Each[0]/Work".into(), status: "succeeded" });
        assert!(!sel.shows("Each[1]/Work"));
    }

    #[test]
    fn steps_left_running_by_a_finished_map_are_aborted() {
        let (shape, mut status, _) = map_run();
        status.apply(&ev(10, "MapStateFailed", "", Some("Each"), json!({"error": "E", "cause": "c"})));
        status.apply(&ev(11, "MapStateExited", "", Some("Each"), json!({"output": {}})));
        let (maps, picks) = (HashMap::new(), HashMap::from([("Each".to_string(), 1)]));
        let sel = Selection { shape: &shape, maps: &maps, picks: &picks };
        assert_eq!(sel.shown(&status, None)["Work"].status, "aborted");
    }

    /// A Task that failed once, then what follows: its retry's wait, then `after`.
    fn task_run(after: &[engine::history::HistoryEvent]) -> (Shape, ExecutionStatus, Trace) {
        let shape = Shape::of(&json!({"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "f", "End": true,
            "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 60}]}}}));
        let mut events = vec![
            ev(1, "ExecutionStarted", "", None, json!({"input": {}})),
            ev(2, "TaskStateEntered", "", Some("Call"), json!({"input": {}})),
            ev(3, "TaskScheduled", "", Some("Call"), json!({"resource": "f"})),
            ev(4, "TaskFailed", "", Some("Call"), json!({"error": "E", "cause": "c"})),
        ];
        events.extend_from_slice(after);
        let (mut status, mut trace) = (ExecutionStatus::default(), Trace::default());
        for e in &events {
            status.apply(e);
            trace.apply(e);
        }
        (shape, status, trace)
    }

    fn shown_status(run: &(Shape, ExecutionStatus, Trace), state: &str) -> &'static str {
        let (shape, status, trace) = run;
        let picks = HashMap::new();
        let sel = Selection { shape, maps: &trace.maps, picks: &picks };
        sel.shown(status, trace.stopped_at)[state].status
    }

    #[test]
    fn a_failed_step_waiting_for_its_retry_is_retrying_not_failed() {
        assert_eq!(shown_status(&task_run(&[]), "Call"), "retrying");
        let retried = [ev(5, "TaskScheduled", "", Some("Call"), json!({"resource": "f"})), ev(6, "TaskStarted", "", Some("Call"), json!({}))];
        assert_eq!(shown_status(&task_run(&retried), "Call"), "running");
        // Retries used up: the execution fails, and so does the step.
        let failed = [ev(5, "ExecutionFailed", "", None, json!({"error": "E", "cause": "c"}))];
        assert_eq!(shown_status(&task_run(&failed), "Call"), "failed");
    }

    #[test]
    fn a_step_running_when_the_execution_is_stopped_is_aborted() {
        let stopped = [ev(5, "ExecutionAborted", "", None, json!({}))];
        assert_eq!(shown_status(&task_run(&stopped), "Call"), "aborted");
        // Redriven: it runs again.
        let redriven = [
            ev(5, "ExecutionAborted", "", None, json!({})),
            ev(6, "ExecutionRedriven", "", None, json!({})),
            ev(7, "TaskStateEntered", "", Some("Call"), json!({"input": {}})),
        ];
        assert_eq!(shown_status(&task_run(&redriven), "Call"), "running");
    }

    /// The review's run: a Parallel with a Retry; branch 0 a Wait cancelled when branch 1's
    /// Fail state failed the attempt.
    #[test]
    fn a_parallel_waiting_to_retry_its_failed_branch_is_retrying_and_the_cancelled_branch_aborted() {
        let shape = Shape::of(&json!({"StartAt": "Par", "States": {"Par": {"Type": "Parallel", "End": true,
            "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 5}], "Branches": [
                {"StartAt": "Ok", "States": {"Ok": {"Type": "Wait", "Seconds": 1, "End": true}}},
                {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "E"}}}]}}}));
        let events = [
            ev(1, "ExecutionStarted", "", None, json!({"input": {}})),
            ev(2, "ParallelStateEntered", "", Some("Par"), json!({"input": {}})),
            ev(3, "ParallelStateStarted", "", Some("Par"), json!({})),
            ev(4, "WaitStateEntered", "Par[0]", Some("Ok"), json!({"input": {}})),
            ev(5, "FailStateEntered", "Par[1]", Some("Boom"), json!({"name": "Boom", "input": {}})),
            ev(6, "WaitStateAborted", "Par[0]", Some("Ok"), json!({})),
        ];
        let (mut status, mut trace) = (ExecutionStatus::default(), Trace::default());
        for e in &events {
            status.apply(e);
            trace.apply(e);
        }
        let mut run = (shape, status, trace);
        assert_eq!([shown_status(&run, "Par"), shown_status(&run, "Ok"), shown_status(&run, "Boom")], ["retrying", "aborted", "failed"]);
        // The retry runs the Wait again: Boom is not reached in it yet (the latest attempt).
        for e in [ev(11, "ParallelStateStarted", "", Some("Par"), json!({})), ev(12, "WaitStateEntered", "Par[0]", Some("Ok"), json!({"input": {}}))] {
            run.1.apply(&e);
            run.2.apply(&e);
        }
        assert_eq!([shown_status(&run, "Par"), shown_status(&run, "Ok"), shown_status(&run, "Boom")], ["running", "running", "pending"]);
    }
}
