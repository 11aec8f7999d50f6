//! The tracker on the engine's own histories: a Parallel or Map whose attempt failed is FAILED
//! while its Retry waits IntervalSeconds (the execution view shows a failed step that has not
//! exited as retrying; AWS records no failure event for an attempt that a Retry repeats), and
//! RUNNING again, one retry more, when the next attempt's `…StateStarted` arrives, whatever
//! ended the failed branch or iteration and at any depth. Each case runs a definition through
//! the engine on a virtual clock, so the wait shows as the gap before the retry's start.
//! The retry's start makes the steps of the failed attempt inside it PENDING again.

use chrono::{DateTime, Utc};
use engine::clock::Clock;
use engine::error::StatesError;
use engine::exec::{ExecutionInfo, Executor};
use engine::history::{EventType, HistoryEvent, MemorySink};
use engine::task::{FunctionSpec, TaskCall, TaskRegistry};
use engine::tracker::{ExecutionStatus, StepState};
use futures::future::BoxFuture;
use serde_json::{json, Value};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

/// Virtual time in a hurry: a delay (a Retry's interval) passes at once and moves `now` on, and
/// a timeout (TimeoutSeconds) expires at once, so a Task that never ends times out.
#[derive(Default)]
struct Hurried(AtomicI64);

impl Clock for Hurried {
    fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_micros(self.0.load(Ordering::Relaxed)).unwrap_or_default()
    }
    fn sleep(&self, d: Duration) -> BoxFuture<'static, ()> {
        self.0.fetch_add(d.as_micros() as i64, Ordering::Relaxed);
        Box::pin(futures::future::ready(()))
    }
    fn timer(&self, _d: Duration) -> BoxFuture<'static, ()> {
        Box::pin(futures::future::ready(()))
    }
}

/// Returns `Pending` `n` times (waking itself), so the other branches or iterations run meanwhile.
struct Yield(u32);

impl Future for Yield {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 == 0 {
            return Poll::Ready(());
        }
        self.0 -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// The builtins, `hang` (never ends), `late_fail` (fails after the others ran once) and `late`
/// (returns after the others ran a few times).
fn registry() -> Arc<TaskRegistry> {
    let mut r = TaskRegistry::with_builtins();
    r.register_fn(FunctionSpec::new("hang", "never ends", json!({})), |_call: TaskCall| async {
        futures::future::pending::<()>().await;
        Ok(Value::Null)
    });
    r.register_fn(FunctionSpec::new("late_fail", "fails late", json!({})), |_call: TaskCall| async {
        Yield(1).await;
        Err::<Value, _>(StatesError::new("Late", "failed late"))
    });
    r.register_fn(FunctionSpec::new("late", "returns late", json!({})), |call: TaskCall| async move {
        Yield(4).await;
        Ok(call.input)
    });
    Arc::new(r)
}

/// Runs `states` (from `start`) on `input`; every event recorded.
async fn history(start: &str, states: Value, input: Value) -> Vec<HistoryEvent> {
    let machine = engine::parse_value(&json!({"StartAt": start, "States": states})).expect("parses");
    let ex = Executor::builder(&machine).registry(registry()).clock(Arc::new(Hurried::default())).build().expect("compiles");
    let sink = Arc::new(MemorySink::default());
    ex.run(input, ExecutionInfo::new("t"), sink.clone()).await;
    sink.events()
}

fn retry() -> Value {
    json!([{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 5, "MaxAttempts": 1}])
}

fn task(resource: &str) -> Value {
    json!({"Type": "Task", "Resource": resource, "End": true})
}

fn parallel(branches: &[(&str, Value)], more: Value) -> Value {
    let branches: Vec<Value> = branches.iter().map(|(start, states)| json!({"StartAt": start, "States": states})).collect();
    let mut p = json!({"Type": "Parallel", "End": true, "Branches": branches});
    p.as_object_mut().unwrap().extend(more.as_object().unwrap().clone());
    p
}

fn map(start: &str, states: Value, more: Value) -> Value {
    let mut m = json!({"Type": "Map", "End": true, "ItemProcessor": {"StartAt": start, "States": states}});
    m.as_object_mut().unwrap().extend(more.as_object().unwrap().clone());
    m
}

/// The definitions and their inputs, each with the step key of the Parallel or Map whose Retry
/// repeats its failed attempt once, and the error it has while the retry waits.
fn retried_containers() -> Vec<(&'static str, &'static str, Option<&'static str>, Value, Value)> {
    let r = json!({"Retry": retry()});
    let fail = json!({"F": {"Type": "Fail", "Error": "E", "Cause": "c"}});
    let failing_task = json!({"T": task("fail")});
    vec![
        // The rule of e6ac991; the Fail state's error is in the definition, not in its event.
        ("a Parallel branch that entered a Fail state", "P", None, json!({"P": parallel(&[("F", fail.clone()), ("S", json!({"S": {"Type": "Pass", "End": true}}))], r.clone())}), json!({})),
        ("a Map iteration that entered a Fail state", "M", Some("E"), json!({"M": map("F", fail.clone(), r.clone())}), json!([1])),
        ("an uncaught TaskFailed in a Parallel branch", "P", Some("States.TaskFailed"), json!({"P": parallel(&[("T", failing_task.clone()), ("S", json!({"S": {"Type": "Pass", "End": true}}))], r.clone())}), json!({})),
        ("an uncaught TaskFailed in a Map iteration", "M", Some("States.TaskFailed"), json!({"M": map("T", failing_task.clone(), r.clone())}), json!([1, 2])),
        ("a TaskTimedOut in a Parallel branch", "P", Some("States.Timeout"), json!({"P": parallel(&[("T", json!({"T": {"Type": "Task", "Resource": "hang", "TimeoutSeconds": 1, "End": true}}))], r.clone())}), json!({})),
        ("a Pass whose evaluation failed in a Parallel branch", "P", Some("States.QueryEvaluationError"), json!({"P": parallel(&[("X", json!({"X": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $error('boom') %}", "End": true}}))], r.clone())}), json!({})),
        ("a Wait whose evaluation failed in a Parallel branch", "P", Some("States.QueryEvaluationError"), json!({"P": parallel(&[("W", json!({"W": {"Type": "Wait", "QueryLanguage": "JSONata", "Seconds": "{% $error('boom') %}", "End": true}}))], r.clone())}), json!({})),
        ("a Map iteration's failed Task cancelling the other iteration", "M", Some("Late"), json!({"M": map("C", json!({
            "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 1, "Next": "Bad"}], "Default": "Slow"},
            "Bad": task("late_fail"), "Slow": task("hang")}), r.clone())}), json!([1, 2])),
        ("a failed Map in a Parallel branch", "P", Some("States.TaskFailed"), json!({"P": parallel(&[("M", json!({"M": map("T", failing_task.clone(), json!({}))}))], r.clone())}), json!([1])),
        ("a failed Parallel in a Map iteration", "M", Some("E"), json!({"M": map("Q", json!({"Q": parallel(&[("F", fail.clone())], json!({}))}), r.clone())}), json!([1])),
        ("a Task failed three containers deep", "P", Some("States.TaskFailed"), json!({"P": parallel(&[("M", json!({"M": map("Q", json!({"Q": parallel(&[("T", failing_task.clone())], json!({}))}), json!({}))}))], r.clone())}), json!([1])),
        ("a retried Map inside a Parallel branch", "P[0]/M", Some("States.TaskFailed"), json!({"P": parallel(&[("M", json!({"M": map("T", failing_task, r)}))], json!({}))}), json!([1])),
    ]
}

/// The container's `…StateStarted` events: an attempt each.
fn starts(events: &[HistoryEvent], key: &str) -> Vec<usize> {
    let started = |e: &HistoryEvent| matches!(e.event_type, EventType::ParallelStateStarted | EventType::MapStateStarted);
    (0..events.len()).filter(|&i| started(&events[i]) && engine::tracker::step_key(&events[i].scope, events[i].state.as_deref().unwrap_or("")) == key).collect()
}

/// The keys of the containers around step `key` (`P[0]/M` is in `P`).
fn around(key: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut rest = key;
    while let Some((scope, _)) = rest.rsplit_once('/') {
        rest = scope.rsplit_once('[').map_or(scope, |(container, _)| container);
        keys.push(rest.to_string());
    }
    keys
}

#[tokio::test]
async fn a_container_whose_attempt_failed_is_failed_while_its_retry_waits_and_running_when_it_starts() {
    for (case, key, error, states, input) in retried_containers() {
        let start = states.as_object().unwrap().keys().next().unwrap().clone();
        let events = history(&start, states, input).await;
        let names: Vec<_> = events.iter().map(|e| (e.event_type.name(), e.scope.as_str())).collect();
        let retry_at = *starts(&events, key).get(1).unwrap_or_else(|| panic!("{case}: no retry in {names:?}"));
        let (before, retry) = (&events[retry_at - 1], &events[retry_at]);
        assert_eq!((retry.timestamp - before.timestamp).num_seconds(), 5, "{case}: the retry waits IntervalSeconds after the attempt's last event");
        let mut status = ExecutionStatus::default();
        events[..retry_at].iter().for_each(|e| drop(status.apply_all(e)));
        let waiting = &status.steps[key];
        assert_eq!((waiting.status, waiting.finished_at, waiting.retries), (StepState::Failed, None, 0), "{case}: while the retry waits");
        assert_eq!(waiting.error.as_deref(), error, "{case}: the failure's error");
        assert_eq!(status.status, engine::tracker::ExecState::Running, "{case}");
        assert!(status.current_steps.contains(&key.to_string()), "{case}: {:?}", status.current_steps);
        for outer in around(key) {
            assert_eq!(status.steps[&outer].status, StepState::Running, "{case}: {outer} runs on");
        }
        assert_eq!(status.apply(retry), Some((key.to_string(), StepState::Running)), "{case}: the retry starts");
        assert_eq!(status.steps[key].retries, 1, "{case}");
        // The retry fails too and no retry follows: FAILED to the end.
        events[retry_at + 1..].iter().for_each(|e| drop(status.apply_all(e)));
        let end = &status.steps[key];
        assert_eq!((end.status, end.retries, status.status), (StepState::Failed, 1, engine::tracker::ExecState::Failed), "{case}");
    }
}

/// Every step's status after every event; `None` where a step is not entered yet.
fn statuses_of(events: &[HistoryEvent], key: &str) -> (Vec<Option<StepState>>, ExecutionStatus) {
    let mut status = ExecutionStatus::default();
    let seen = events.iter().map(|e| {
        status.apply_all(e);
        status.steps.get(key).map(|s| s.status)
    });
    (seen.collect(), status)
}

#[tokio::test]
async fn a_failure_its_branch_takes_over_leaves_the_container_running() {
    let own_retry = json!({"T": {"Type": "Task", "Resource": "fail", "Retry": retry(), "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}], "Next": "Done"},
        "Done": {"Type": "Pass", "End": true}});
    for (case, states) in [
        ("a Task retried and caught in a Parallel branch", json!({"P": parallel(&[("T", own_retry.clone())], json!({"Retry": retry()}))})),
        ("a Task retried and caught in a Map iteration", json!({"P": map("T", own_retry.clone(), json!({"Retry": retry()}))})),
    ] {
        let events = history("P", states, json!([1])).await;
        let (seen, status) = statuses_of(&events, "P");
        assert!(!seen.contains(&Some(StepState::Failed)), "{case}: {seen:?}");
        assert_eq!((status.steps["P"].status, status.steps["P"].retries), (StepState::Succeeded, 0), "{case}");
    }
}

/// A Map may tolerate failed iterations: while another iteration is open it stays RUNNING;
/// with none open it goes on at once (the next iteration starts), RUNNING again, and succeeds.
#[tokio::test]
async fn a_map_that_tolerates_a_failed_iteration_goes_on_running_and_succeeds() {
    let states = |concurrency: u64| {
        json!({"M": map("C", json!({
            "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 1, "Next": "Bad"}], "Default": "Ok"},
            "Bad": task("late_fail"), "Ok": task("late")}), json!({"ToleratedFailureCount": 1, "MaxConcurrency": concurrency, "Retry": retry()}))})
    };
    let events = history("M", states(0), json!([1, 2])).await;
    let failed = events.iter().position(|e| e.event_type == EventType::MapIterationFailed).expect("an iteration failed");
    assert!(events[failed + 1..].iter().any(|e| e.scope == "M[1]"), "the other iteration was still open: {events:?}");
    let (seen, status) = statuses_of(&events, "M");
    assert!(!seen.contains(&Some(StepState::Failed)), "{seen:?}");
    assert_eq!((status.steps["M"].status, status.steps["M"].retries), (StepState::Succeeded, 0));
    assert!(status.steps["M[0]/Bad"].finished_at.is_some(), "the failed iteration's Task ended with it");

    let events = history("M", states(1), json!([1, 2])).await;
    let (seen, status) = statuses_of(&events, "M");
    let next = events.iter().rposition(|e| e.event_type == EventType::MapIterationStarted).expect("the second iteration");
    assert_eq!(seen[next], Some(StepState::Running), "{seen:?}");
    assert_eq!((status.steps["M"].status, status.steps["M"].retries), (StepState::Succeeded, 0));
}

/// The review's runs: an item or branch that waits, then fails, its Parallel or Map retried
/// twice. When a retry starts, every step of the failed attempt inside the container is PENDING
/// again and none is running (AWS's console shows the latest attempt), at any depth, and only
/// inside the retried container: while the retry runs the Wait, the Fail after it is not red.
#[tokio::test]
async fn a_retry_makes_the_steps_of_the_failed_attempt_pending_again() {
    let r = json!({"Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 4, "MaxAttempts": 2}]});
    let item = json!({"Slow": {"Type": "Wait", "Seconds": 2, "Next": "Boom"}, "Boom": {"Type": "Fail", "Error": "E", "Cause": "c"}});
    let pass = json!({"X": {"Type": "Pass", "End": true}});
    let cases = [
        ("a Map whose item waits, then fails", "M", "M[0]/", json!({"M": map("Slow", item.clone(), r.clone())})),
        ("a Parallel whose branch waits, then fails", "P", "P[0]/", json!({"P": parallel(&[("Slow", item.clone()), ("X", pass.clone())], r.clone())})),
        ("a Map in a retried Parallel's branch", "P", "P[0]/M[0]/", json!({"P": parallel(&[("M", json!({"M": map("Slow", item.clone(), json!({}))}))], r.clone())})),
        ("a retried Map beside a branch that succeeded", "P[0]/M", "P[0]/M[0]/", json!({"P": parallel(&[("M", json!({"M": map("Slow", item, r)})), ("X", pass)], json!({}))})),
    ];
    for (case, key, inner, states) in cases {
        let start = states.as_object().unwrap().keys().next().unwrap().clone();
        let events = history(&start, states, json!([1])).await;
        let (slow, boom) = (format!("{inner}Slow"), format!("{inner}Boom"));
        let retries = starts(&events, key);
        assert_eq!(retries.len(), 3, "{case}: three attempts");
        let mut status = ExecutionStatus::default();
        let mut done = 0;
        for (n, &at) in retries[1..].iter().enumerate() {
            events[done..at].iter().for_each(|e| drop(status.apply_all(e)));
            assert_eq!((status.steps[&slow].status, status.steps[&boom].status), (StepState::Succeeded, StepState::Failed), "{case}: attempt {n} failed");
            let before: Vec<String> = status.steps.keys().filter(|k| k.starts_with(&format!("{key}["))).cloned().collect();
            let outside = |s: &ExecutionStatus| s.steps.iter().filter(|(k, _)| *k != key && !before.contains(k)).map(|(k, s)| (k.clone(), s.status)).collect::<Vec<_>>();
            let others = outside(&status);
            let changed = status.apply_all(&events[at]);
            assert_eq!(outside(&status), others, "{case}: the steps outside the retried container are as they were");
            assert_eq!(changed[0], (key.to_string(), StepState::Running), "{case}: the retry starts");
            let pending: Vec<&String> = changed[1..].iter().inspect(|(_, s)| assert_eq!(*s, StepState::Pending, "{case}")).map(|(k, _)| k).collect();
            assert_eq!(pending, before.iter().collect::<Vec<_>>(), "{case}: every step of the failed attempt changed");
            for k in &before {
                let s = &status.steps[k];
                assert_eq!((s.status, s.started_at, s.finished_at, s.error.as_deref()), (StepState::Pending, None, None, None), "{case}: {k}");
            }
            assert!(!status.current_steps.iter().any(|k| k.starts_with(inner)), "{case}: {:?}", status.current_steps);
            // The retry runs the Wait: the Fail after it is not reached yet.
            let wait = at + events[at..].iter().position(|e| e.event_type == EventType::WaitStateEntered && format!("{}/", e.scope) == inner).expect("the Wait again");
            events[at + 1..=wait].iter().for_each(|e| drop(status.apply_all(e)));
            assert_eq!((status.steps[&slow].status, status.steps[&boom].status), (StepState::Running, StepState::Pending), "{case}: attempt {}", n + 1);
            done = wait + 1;
        }
        events[done..].iter().for_each(|e| drop(status.apply_all(e)));
        assert_eq!((status.steps[&boom].status, status.steps[key].status, status.steps[key].retries), (StepState::Failed, StepState::Failed, 2), "{case}");
    }
}
