//! What the execution view shows beyond `engine::tracker`'s per-step status: each step's
//! attempts (for the timeline's retry segments), the task's parameters and raw result, the
//! data-flow stages of its exit event, its event ids, and every Map run's iterations. Folded
//! from the same history events, keyed by the tracker's step keys (`Scope/State`).

use chrono::{DateTime, Utc};
use engine::history::{EventType, HistoryEvent};
use engine::tracker::step_key;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// One try of a Task (or one run of a Parallel's branches / a Map's iterations).
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    /// Scheduled (Task) or started (Parallel, Map).
    pub start: DateTime<Utc>,
    /// When it succeeded or failed.
    pub end: Option<DateTime<Utc>>,
    /// The error when it failed.
    pub error: Option<String>,
}

/// A step's details from its events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StepTrace {
    /// The Task's resource (TaskScheduled).
    pub resource: Option<String>,
    /// The effective parameters of the last attempt (TaskScheduled).
    pub parameters: Option<Value>,
    /// The task's raw result (TaskSucceeded output).
    pub result: Option<Value>,
    /// The exit event's `stages` (inputPath, parameters, result, resultSelector, resultPath,
    /// error), when the engine recorded them.
    pub stages: Option<Map<String, Value>>,
    /// Every attempt, in order.
    pub attempts: Vec<Attempt>,
    /// Ids of this step's events.
    pub event_ids: Vec<u64>,
    /// When this run of the state was entered, and its latest event.
    pub span: Option<(DateTime<Utc>, DateTime<Utc>)>,
    /// Whether this run exited (`*StateExited`).
    pub exited: bool,
    /// Whether this run is a Fail state's (`FailStateEntered`): it failed as it was entered.
    pub fail: bool,
    /// The state's earlier runs (a loop came back to it, a redrive ran it again, the Parallel or
    /// Map around it was retried), the latest [`MAX_EARLIER`] of them, oldest first; the
    /// timeline draws them on the step's row.
    pub earlier: Vec<Run>,
    /// How many earlier runs there were in all.
    pub earlier_count: usize,
}

/// Earlier runs kept per step (a loop of thousands keeps its latest ones).
pub const MAX_EARLIER: usize = 20;

/// One earlier run of a state.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Entered.
    pub start: DateTime<Utc>,
    /// Its last event.
    pub end: DateTime<Utc>,
    /// `succeeded` (it exited), `failed` (its last attempt failed) or `aborted`.
    pub status: &'static str,
}

impl StepTrace {
    /// A trace for the state's next run, with this one among its earlier runs.
    fn next_run(self) -> StepTrace {
        let run = self.as_run();
        let earlier_count = self.earlier_count + usize::from(run.is_some());
        let mut earlier = self.earlier;
        earlier.extend(run);
        if earlier.len() > MAX_EARLIER {
            earlier.drain(..earlier.len() - MAX_EARLIER);
        }
        StepTrace { earlier, earlier_count, ..StepTrace::default() }
    }

    /// This run as an earlier one, once the state is entered again.
    fn as_run(&self) -> Option<Run> {
        let (start, end) = self.span?;
        let failed = self.attempts.last().is_some_and(|a| a.error.is_some());
        let status = if self.exited { "succeeded" } else if failed || self.fail { "failed" } else { "aborted" };
        Some(Run { start, end, status })
    }
}

/// An iteration's status (the console's Map run view).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IterState {
    /// Not started (waits for MaxConcurrency).
    Pending,
    /// Started, not finished.
    Running,
    /// Its processor finished.
    Succeeded,
    /// Its processor failed.
    Failed,
    /// Dropped unfinished because another iteration failed the Map, or the execution ended.
    Aborted,
}

impl IterState {
    /// Lowercase name (the `data-status` of an iteration).
    pub fn name(self) -> &'static str {
        match self {
            IterState::Pending => "pending",
            IterState::Running => "running",
            IterState::Succeeded => "succeeded",
            IterState::Failed => "failed",
            IterState::Aborted => "aborted",
        }
    }
}

/// The trace of a whole execution.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trace {
    /// By step key.
    pub steps: HashMap<String, StepTrace>,
    /// Iterations of each Map run, by the Map's step key (the latest attempt's).
    pub maps: HashMap<String, Vec<IterState>>,
    /// When the execution was stopped (`ExecutionAborted`), until it is redriven: the steps
    /// the tracker closed then were stopped, not failed.
    pub stopped_at: Option<DateTime<Utc>>,
    /// The latest error recorded inside a nested scope, with that scope: a Parallel or Map
    /// attempt that its Retry repeats has no failure event of its own (AWS records none), so
    /// the timeline names the error of the branch or iteration that failed it.
    last_nested_error: Option<(String, String)>,
    /// The latest event inside each Parallel or Map (any depth), by the container's step key:
    /// an attempt that its Retry repeats ends there (its failure and the aborts that follow
    /// it), not at the next start, so the retry wait shows between the two attempts.
    last_inside: HashMap<String, DateTime<Utc>>,
}

impl Trace {
    /// Folds one event in.
    pub fn apply(&mut self, ev: &HistoryEvent) {
        use EventType::*;
        if matches!(ev.event_type, ExecutionFailed | ExecutionAborted | ExecutionTimedOut) {
            self.maps.values_mut().for_each(|its| abort_running(its));
            self.stopped_at = (ev.event_type == ExecutionAborted).then_some(ev.timestamp);
            return;
        }
        if ev.event_type == ExecutionRedriven {
            self.stopped_at = None;
        }
        let Some(state) = ev.state.as_deref() else { return };
        let key = step_key(&ev.scope, state);
        let d = &ev.details;
        if let Some(error) = d["error"].as_str().filter(|_| !ev.scope.is_empty()) {
            self.last_nested_error = Some((ev.scope.clone(), error.to_string()));
        }
        // Every container around the event: `Par[0]/Each[2]` is inside `Par` and `Par[0]/Each`.
        // Per event, so a key already there is updated in place, without a new String.
        for (i, _) in ev.scope.match_indices('[') {
            match self.last_inside.get_mut(&ev.scope[..i]) {
                Some(t) => *t = ev.timestamp,
                None => {
                    self.last_inside.insert(ev.scope[..i].to_string(), ev.timestamp);
                }
            }
        }
        let entered = ev.event_type.is_state_entered();
        if entered {
            // A state entered again (a loop, a redrive) starts a fresh trace, as the tracker
            // does, keeping the earlier runs for the timeline.
            let mut fresh = self.steps.remove(&key).map_or_else(StepTrace::default, StepTrace::next_run);
            fresh.fail = ev.event_type == FailStateEntered;
            self.steps.insert(key.clone(), fresh);
        }
        let step = self.steps.entry(key.clone()).or_default();
        step.event_ids.push(ev.id);
        step.span = Some((step.span.map_or(ev.timestamp, |(start, _)| start), ev.timestamp));
        match ev.event_type {
            TaskScheduled => {
                step.resource = d["resource"].as_str().map(str::to_string);
                step.parameters = d.get("parameters").cloned();
                step.attempts.push(Attempt { start: ev.timestamp, end: None, error: None });
            }
            ParallelStateStarted | MapStateStarted => {
                // A start while the previous attempt is open is its retry: that attempt ended
                // with the last event inside it (no failure event of its own is recorded). A
                // Fail state's event carries no error (it is in the definition): "failed".
                let inside = format!("{key}[");
                let error = self.last_nested_error.as_ref().filter(|(scope, _)| scope.starts_with(&inside)).map_or("failed", |(_, e)| e.as_str());
                let open = step.attempts.last().filter(|a| a.end.is_none()).map(|a| a.start);
                let end = open.and_then(|start| self.last_inside.get(&key).copied().filter(|t| *t >= start)).unwrap_or(ev.timestamp);
                let retry = !step.attempts.is_empty();
                close(step, end, Some(error.to_string()));
                step.attempts.push(Attempt { start: ev.timestamp, end: None, error: None });
                if retry {
                    self.restart(&key);
                }
                if ev.event_type == MapStateStarted {
                    let n = d["length"].as_u64().unwrap_or(0) as usize;
                    self.maps.insert(key, vec![IterState::Pending; n]);
                }
            }
            TaskSucceeded | ParallelStateSucceeded | MapStateSucceeded => {
                if ev.event_type == TaskSucceeded {
                    step.result = d.get("output").cloned();
                }
                close(step, ev.timestamp, None);
            }
            TaskFailed | TaskTimedOut | ParallelStateFailed | MapStateFailed => {
                close(step, ev.timestamp, d["error"].as_str().map(str::to_string));
                if ev.event_type == MapStateFailed {
                    self.maps.get_mut(&key).into_iter().for_each(|its| abort_running(its));
                }
            }
            MapIterationStarted | MapIterationSucceeded | MapIterationFailed | MapIterationAborted => {
                let to = match ev.event_type {
                    MapIterationStarted => IterState::Running,
                    MapIterationSucceeded => IterState::Succeeded,
                    MapIterationFailed => IterState::Failed,
                    _ => IterState::Aborted,
                };
                let index = d["index"].as_u64().unwrap_or(0) as usize;
                self.last_inside.insert(key.clone(), ev.timestamp);
                let its = self.maps.entry(key).or_default();
                if its.len() <= index {
                    its.resize(index + 1, IterState::Pending);
                }
                its[index] = to;
            }
            _ if !entered && d.get("output").is_some() => {
                // `*StateExited`: the stages the engine recorded, if it did.
                step.exited = true;
                step.stages = d.get("stages").and_then(Value::as_object).cloned();
                if let Some(its) = self.maps.get_mut(&key) {
                    abort_running(its);
                }
            }
            _ => {}
        }
    }
}

impl Trace {
    /// A Parallel's or Map's retry starts: the tracker makes every step inside it PENDING, so
    /// here each one's run in the failed attempt becomes an earlier run (the timeline still
    /// draws it), and the Map runs inside it are forgotten (their iterations were that attempt's).
    fn restart(&mut self, key: &str) {
        let inside = format!("{key}[");
        for (_, step) in self.steps.iter_mut().filter(|(k, _)| k.starts_with(&inside)) {
            *step = std::mem::take(step).next_run();
        }
        self.maps.retain(|k, _| !k.starts_with(&inside));
    }
}

fn close(step: &mut StepTrace, at: DateTime<Utc>, error: Option<String>) {
    if let Some(a) = step.attempts.last_mut().filter(|a| a.end.is_none()) {
        a.end = Some(at);
        a.error = error;
    }
}

fn abort_running(its: &mut [IterState]) {
    for it in its.iter_mut().filter(|s| **s == IterState::Running) {
        *it = IterState::Aborted;
    }
}

/// Counts per iteration status: (succeeded, failed, running, pending, aborted).
pub fn iteration_counts(its: &[IterState]) -> [usize; 5] {
    let mut c = [0; 5];
    for s in its {
        let i = match s {
            IterState::Succeeded => 0,
            IterState::Failed => 1,
            IterState::Running => 2,
            IterState::Pending => 3,
            IterState::Aborted => 4,
        };
        c[i] += 1;
    }
    c
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    pub(crate) fn ev(id: u64, kind: &str, scope: &str, state: Option<&str>, details: Value) -> HistoryEvent {
        serde_json::from_value(json!({
            "id": id, "previousEventId": id - 1, "timestamp": format!("2026-11-26T05:00:{:02}Z", id),
            "type": kind, "scope": scope, "state": state, "details": details,
        }))
        .unwrap()
    }

    #[test]
    fn retries_become_attempts_and_stages_are_kept() {
        let mut t = Trace::default();
        t.apply(&ev(2, "TaskStateEntered", "", Some("Ask"), json!({"input": {}})));
        t.apply(&ev(3, "TaskScheduled", "", Some("Ask"), json!({"resource": "call_llm", "parameters": {"prompt": "p"}})));
        t.apply(&ev(4, "TaskFailed", "", Some("Ask"), json!({"error": "LLM.RateLimited", "cause": "slow down"})));
        t.apply(&ev(5, "TaskScheduled", "", Some("Ask"), json!({"resource": "call_llm", "parameters": {"prompt": "p"}})));
        t.apply(&ev(6, "TaskSucceeded", "", Some("Ask"), json!({"output": {"text": "hi"}})));
        let stages = json!({"parameters": {"prompt": "p"}, "result": {"text": "hi"}, "resultPath": {"a": 1}});
        t.apply(&ev(7, "TaskStateExited", "", Some("Ask"), json!({"output": {"a": 1}, "stages": stages})));
        let s = &t.steps["Ask"];
        assert_eq!(s.attempts.len(), 2);
        assert_eq!(s.attempts[0].error.as_deref(), Some("LLM.RateLimited"));
        assert!(s.attempts[1].end.is_some() && s.attempts[1].error.is_none());
        assert_eq!(s.result, Some(json!({"text": "hi"})));
        assert_eq!(s.parameters, Some(json!({"prompt": "p"})));
        assert_eq!(s.stages.as_ref().unwrap()["resultPath"], json!({"a": 1}));
        assert_eq!(s.event_ids, vec![2, 3, 4, 5, 6, 7]);
    }

    #[test]
    fn a_state_run_again_keeps_its_earlier_runs() {
        let mut t = Trace::default();
        // Failed, then the execution failed; a redrive runs it again and it succeeds.
        t.apply(&ev(2, "TaskStateEntered", "", Some("Ask"), json!({"input": {}})));
        t.apply(&ev(3, "TaskScheduled", "", Some("Ask"), json!({"resource": "call_llm"})));
        t.apply(&ev(4, "TaskFailed", "", Some("Ask"), json!({"error": "Boom"})));
        t.apply(&ev(5, "ExecutionFailed", "", None, json!({"error": "Boom"})));
        t.apply(&ev(6, "ExecutionRedriven", "", None, json!({})));
        t.apply(&ev(7, "TaskStateEntered", "", Some("Ask"), json!({"input": {}})));
        t.apply(&ev(8, "TaskScheduled", "", Some("Ask"), json!({"resource": "call_llm"})));
        t.apply(&ev(9, "TaskSucceeded", "", Some("Ask"), json!({"output": 1})));
        t.apply(&ev(10, "TaskStateExited", "", Some("Ask"), json!({"output": 1})));
        let s = &t.steps["Ask"];
        assert_eq!(s.earlier, vec![Run { start: at(2), end: at(4), status: "failed" }]);
        assert_eq!((s.earlier_count, s.span, s.exited, s.attempts.len()), (1, Some((at(7), at(10))), true, 1));
        // A loop: each exited run is kept as succeeded, the latest MAX_EARLIER of them.
        for i in 0..22u64 {
            t.apply(&ev(11 + 2 * i, "PassStateEntered", "", Some("Loop"), json!({"input": {}})));
            t.apply(&ev(12 + 2 * i, "PassStateExited", "", Some("Loop"), json!({"output": {}})));
        }
        let l = &t.steps["Loop"];
        assert_eq!((l.earlier.len(), l.earlier_count), (MAX_EARLIER, 21));
        assert!(l.earlier.iter().all(|r| r.status == "succeeded"));
        assert!(l.earlier.windows(2).all(|w| w[0].start < w[1].start), "oldest first");
    }

    /// AWS records no failure event for a Parallel or Map attempt that its Retry repeats: the
    /// next start closes it, with the error of what failed inside it.
    #[test]
    fn a_repeated_parallel_start_closes_the_failed_attempt() {
        let mut t = Trace::default();
        t.apply(&ev(2, "ParallelStateEntered", "", Some("P"), json!({"input": {}})));
        t.apply(&ev(3, "ParallelStateStarted", "", Some("P"), json!({})));
        t.apply(&ev(4, "TaskStateEntered", "P[1]", Some("Call"), json!({"input": {}})));
        t.apply(&ev(5, "TaskFailed", "P[1]", Some("Call"), json!({"error": "Boom"})));
        t.apply(&ev(6, "TaskFailed", "Other[0]", Some("X"), json!({"error": "Elsewhere"})));
        t.apply(&ev(7, "ParallelStateStarted", "", Some("P"), json!({})));
        let p = &t.steps["P"];
        assert_eq!(p.attempts.len(), 2);
        assert_eq!(p.attempts[0].error.as_deref(), Some("failed"), "the latest nested error is another state's");
        t.apply(&ev(8, "TaskFailed", "P[0]", Some("Call"), json!({"error": "Boom"})));
        t.apply(&ev(9, "ParallelStateStarted", "", Some("P"), json!({})));
        t.apply(&ev(10, "ParallelStateSucceeded", "", Some("P"), json!({})));
        let p = &t.steps["P"];
        assert_eq!(p.attempts.iter().map(|a| a.error.as_deref()).collect::<Vec<_>>(), vec![Some("failed"), Some("Boom"), None]);
        assert!(p.attempts.iter().all(|a| a.end.is_some()));
    }

    #[test]
    fn map_iterations_are_tracked_and_dropped_ones_aborted() {
        let mut t = Trace::default();
        t.apply(&ev(2, "MapStateEntered", "Par[0]", Some("Each"), json!({"input": []})));
        t.apply(&ev(3, "MapStateStarted", "Par[0]", Some("Each"), json!({"length": 3})));
        for (id, kind, i) in [(4, "MapIterationStarted", 0), (5, "MapIterationStarted", 1), (6, "MapIterationSucceeded", 0), (7, "MapIterationFailed", 1)] {
            t.apply(&ev(id, kind, "Par[0]", Some("Each"), json!({"index": i})));
        }
        assert_eq!(t.maps["Par[0]/Each"], vec![IterState::Succeeded, IterState::Failed, IterState::Pending]);
        t.apply(&ev(8, "MapIterationStarted", "Par[0]", Some("Each"), json!({"index": 2})));
        assert_eq!(iteration_counts(&t.maps["Par[0]/Each"]), [1, 1, 1, 0, 0]);
        t.apply(&ev(9, "MapStateFailed", "Par[0]", Some("Each"), json!({"error": "E", "cause": "c"})));
        assert_eq!(t.maps["Par[0]/Each"][2], IterState::Aborted);
        assert_eq!(t.steps["Par[0]/Each"].attempts[0].error.as_deref(), Some("E"));
    }

    fn at(sec: u32) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("2026-11-26T05:00:{sec:02}Z")).unwrap().with_timezone(&Utc)
    }

    /// The review's run: branch 0 a Wait, branch 1 a Fail; the Retry waits 5 s.
    #[test]
    fn a_retried_parallel_attempt_ends_with_its_last_nested_event_not_at_the_retry() {
        let mut t = Trace::default();
        t.apply(&ev(2, "ParallelStateEntered", "", Some("Par"), json!({"input": {}})));
        t.apply(&ev(3, "ParallelStateStarted", "", Some("Par"), json!({})));
        t.apply(&ev(4, "WaitStateEntered", "Par[0]", Some("Ok"), json!({"input": {}})));
        t.apply(&ev(5, "FailStateEntered", "Par[1]", Some("Boom"), json!({"name": "Boom", "input": {}})));
        t.apply(&ev(6, "WaitStateAborted", "Par[0]", Some("Ok"), json!({})));
        t.apply(&ev(11, "ParallelStateStarted", "", Some("Par"), json!({})));
        let a = &t.steps["Par"].attempts;
        assert_eq!((a[0].start, a[0].end, a[0].error.as_deref()), (at(3), Some(at(6)), Some("failed")));
        assert_eq!((a[1].start, a[1].end), (at(11), None));
        // A Map: its iteration's failure ends the attempt.
        let mut t = Trace::default();
        t.apply(&ev(2, "MapStateEntered", "", Some("Each"), json!({"input": [1]})));
        t.apply(&ev(3, "MapStateStarted", "", Some("Each"), json!({"length": 1})));
        t.apply(&ev(4, "MapIterationStarted", "", Some("Each"), json!({"index": 0})));
        t.apply(&ev(5, "TaskStateEntered", "Each[0]", Some("Work"), json!({"input": 1})));
        t.apply(&ev(6, "TaskScheduled", "Each[0]", Some("Work"), json!({"resource": "r"})));
        t.apply(&ev(7, "TaskFailed", "Each[0]", Some("Work"), json!({"error": "Bad"})));
        t.apply(&ev(8, "MapIterationFailed", "", Some("Each"), json!({"index": 0})));
        t.apply(&ev(12, "MapStateStarted", "", Some("Each"), json!({"length": 1})));
        let a = &t.steps["Each"].attempts;
        assert_eq!((a[0].end, a[0].error.as_deref()), (Some(at(8)), Some("Bad")));
    }

    /// The tracker makes the steps inside a retried Parallel or Map PENDING: here their runs in
    /// the failed attempt become earlier runs, for the timeline, and a Map inside forgets its
    /// iterations; outside the retried container nothing changes.
    #[test]
    fn a_containers_retry_keeps_the_failed_attempts_runs_as_earlier_ones() {
        let mut t = Trace::default();
        t.apply(&ev(2, "ParallelStateEntered", "", Some("P"), json!({"input": {}})));
        t.apply(&ev(3, "ParallelStateStarted", "", Some("P"), json!({})));
        t.apply(&ev(4, "WaitStateEntered", "P[0]", Some("Slow"), json!({"input": {}})));
        t.apply(&ev(5, "WaitStateExited", "P[0]", Some("Slow"), json!({"output": {}})));
        t.apply(&ev(6, "FailStateEntered", "P[0]", Some("Boom"), json!({"input": {}})));
        t.apply(&ev(7, "MapStateEntered", "P[1]", Some("M"), json!({"input": [1]})));
        t.apply(&ev(8, "MapStateStarted", "P[1]", Some("M"), json!({"length": 1})));
        t.apply(&ev(9, "MapIterationStarted", "P[1]", Some("M"), json!({"index": 0})));
        t.apply(&ev(10, "MapStateAborted", "P[1]", Some("M"), json!({})));
        t.apply(&ev(11, "PassStateEntered", "", Some("Other"), json!({"input": {}})));
        let other = t.steps["Other"].clone();
        t.apply(&ev(15, "ParallelStateStarted", "", Some("P"), json!({})));
        let slow = &t.steps["P[0]/Slow"];
        assert_eq!((slow.span, slow.exited, slow.earlier_count), (None, false, 1));
        assert_eq!(slow.earlier, vec![Run { start: at(4), end: at(5), status: "succeeded" }]);
        assert_eq!(t.steps["P[0]/Boom"].earlier, vec![Run { start: at(6), end: at(6), status: "failed" }]);
        assert_eq!(t.steps["P[1]/M"].earlier[0].status, "aborted");
        assert!(t.steps["P[1]/M"].attempts.is_empty() && !t.maps.contains_key("P[1]/M"));
        assert_eq!((&t.steps["Other"], t.steps["P"].attempts.len()), (&other, 2));
        // Entered in the retry: the run of the failed attempt is not counted twice.
        t.apply(&ev(16, "WaitStateEntered", "P[0]", Some("Slow"), json!({"input": {}})));
        assert_eq!((t.steps["P[0]/Slow"].earlier_count, t.steps["P[0]/Slow"].span), (1, Some((at(16), at(16)))));
    }

    #[test]
    fn a_fail_states_earlier_run_failed() {
        let mut t = Trace::default();
        t.apply(&ev(2, "FailStateEntered", "Par[1]", Some("Boom"), json!({"name": "Boom", "input": {}})));
        t.apply(&ev(3, "FailStateEntered", "Par[1]", Some("Boom"), json!({"name": "Boom", "input": {}})));
        assert_eq!(t.steps["Par[1]/Boom"].earlier, vec![Run { start: at(2), end: at(2), status: "failed" }]);
        // Other states cut short are aborted.
        t.apply(&ev(4, "WaitStateEntered", "Par[0]", Some("Ok"), json!({"input": {}})));
        t.apply(&ev(5, "WaitStateAborted", "Par[0]", Some("Ok"), json!({})));
        t.apply(&ev(6, "WaitStateEntered", "Par[0]", Some("Ok"), json!({"input": {}})));
        assert_eq!(t.steps["Par[0]/Ok"].earlier[0].status, "aborted");
    }
}
