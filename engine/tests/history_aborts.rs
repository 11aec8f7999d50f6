//! The states a failure cancels: when a Parallel fails because a branch failed, or a Map because
//! an iteration failed, the branches and iterations still running are recorded as aborted before
//! the `ParallelStateFailed` / `MapStateFailed`, as AWS records them (LocalStack's AWS-recorded
//! snapshot `tests/aws/services/stepfunctions/v2/timeouts/test_timeouts.snapshot.json`, key
//! `…test_timeouts.py::TestTimeouts::test_service_lambda_map_timeout`: after the failed
//! iteration's `MapIterationFailed`, `TaskStateAborted`, then per other running iteration
//! `MapIterationAborted` and `TaskStateAborted`, then `MapStateFailed`, all following the failed
//! iteration's last event). A clock whose waits never end keeps the other branch in its Wait.
//! States running deeper down, inside a nested Parallel or Map of a cancelled branch or
//! iteration, are aborted too: the container first, then what it ran, in index order.

use chrono::{DateTime, Utc};
use engine::clock::Clock;
use engine::error::StatesError;
use engine::exec::{ExecutionInfo, Executor, Journal, Outcome};
use engine::history::{HistoryEvent, MemorySink};
use engine::task::{FunctionSpec, TaskCall, TaskRegistry};
use futures::executor::block_on;
use futures::future::BoxFuture;
use serde_json::{json, Value};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

/// Time that stands still: a Wait of more than 0 seconds (and every timeout) never ends.
struct Stalled;

impl Clock for Stalled {
    fn now(&self) -> DateTime<Utc> {
        DateTime::UNIX_EPOCH
    }
    fn sleep(&self, d: Duration) -> BoxFuture<'static, ()> {
        if d.is_zero() {
            Box::pin(futures::future::ready(()))
        } else {
            Box::pin(futures::future::pending())
        }
    }
    fn timer(&self, _d: Duration) -> BoxFuture<'static, ()> {
        Box::pin(futures::future::pending())
    }
}

/// Returns `Pending` once (waking itself), so the other branches or iterations run meanwhile.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            return Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// `bad` fails (after letting the others run once), `slow` never ends.
fn registry() -> Arc<TaskRegistry> {
    let mut r = TaskRegistry::with_builtins();
    r.register_fn(FunctionSpec::new("bad", "fails", json!({})), |_call: TaskCall| async {
        YieldOnce(false).await;
        Err::<Value, _>(StatesError::new("Boom", "it failed"))
    });
    r.register_fn(FunctionSpec::new("slow", "never ends", json!({})), |_call: TaskCall| async {
        futures::future::pending::<()>().await;
        Ok(Value::Null)
    });
    Arc::new(r)
}

fn executor(def: &Value) -> Executor {
    let machine = engine::parse_value(def).expect("parses");
    Executor::builder(&machine).registry(registry()).clock(Arc::new(Stalled)).build().expect("compiles")
}

fn run(def: &Value, input: Value) -> (Outcome, Vec<HistoryEvent>) {
    let sink = Arc::new(MemorySink::default());
    let out = block_on(executor(def).run(input, ExecutionInfo::new("t"), sink.clone()));
    (out, sink.events())
}

/// `(type, previousEventId)` per event, ids 1, 2, … in order.
fn links(events: &[HistoryEvent]) -> Vec<(&'static str, u64)> {
    for (i, e) in events.iter().enumerate() {
        assert_eq!(e.id, i as u64 + 1, "ids in order");
    }
    events.iter().map(|e| (e.event_type.name(), e.previous_event_id)).collect()
}

/// `(type, scope, state, index)` of the events from the first of type `from` on.
fn tail(events: &[HistoryEvent], from: &str) -> Vec<(&'static str, String, Option<String>, Option<u64>)> {
    let at = events.iter().position(|e| e.event_type.name() == from).expect("event present");
    events[at..].iter().map(|e| (e.event_type.name(), e.scope.clone(), e.state.clone(), e.details.get("index").and_then(Value::as_u64))).collect()
}

fn ev(t: &'static str, scope: &str, state: Option<&str>, index: Option<u64>) -> (&'static str, String, Option<String>, Option<u64>) {
    (t, scope.to_string(), state.map(str::to_string), index)
}

fn parallel_wait_and_fail() -> Value {
    json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 10, "End": true}}},
        {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Boom", "Cause": "branch failed"}}}
    ]}}})
}

#[test]
fn a_failed_branch_aborts_the_wait_of_the_other_branch() {
    let (out, events) = run(&parallel_wait_and_fail(), json!({}));
    assert!(matches!(&out, Outcome::Failed(e) if e.error == "Boom"), "{out:?}");
    // The abort and the Parallel's failure follow the failed branch's last event (5).
    assert_eq!(
        links(&events),
        [
            ("ExecutionStarted", 0), ("ParallelStateEntered", 0), ("ParallelStateStarted", 2), ("WaitStateEntered", 3),
            ("FailStateEntered", 3), ("WaitStateAborted", 5), ("ParallelStateFailed", 5), ("ExecutionFailed", 7),
        ]
    );
    assert_eq!(
        tail(&events, "WaitStateAborted"),
        [ev("WaitStateAborted", "P[0]", Some("Hold"), None), ev("ParallelStateFailed", "", Some("P"), None), ev("ExecutionFailed", "", None, None)]
    );
    assert_eq!(events[5].details, Value::Null, "AWS's aborted events carry no details");
}

#[test]
fn a_failed_task_branch_is_aborted_first_then_the_other_branches_in_order() {
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "Slow", "States": {"Slow": {"Type": "Task", "Resource": "slow", "End": true}}},
        {"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 10, "End": true}}},
        {"StartAt": "Bad", "States": {"Bad": {"Type": "Task", "Resource": "bad", "End": true}}}
    ]}}});
    let (out, events) = run(&def, json!({}));
    assert!(matches!(&out, Outcome::Failed(e) if e.error == "Boom"), "{out:?}");
    let failed = events.iter().find(|e| e.event_type.name() == "TaskFailed").expect("TaskFailed").id;
    assert_eq!(
        tail(&events, "TaskFailed"),
        [
            ev("TaskFailed", "P[2]", Some("Bad"), None),
            ev("TaskStateAborted", "P[2]", Some("Bad"), None),
            ev("TaskStateAborted", "P[0]", Some("Slow"), None),
            ev("WaitStateAborted", "P[1]", Some("Hold"), None),
            ev("ParallelStateFailed", "", Some("P"), None),
            ev("ExecutionFailed", "", None, None),
        ]
    );
    let after: Vec<u64> = events.iter().filter(|e| e.id > failed).map(|e| e.previous_event_id).collect();
    assert_eq!(after, [failed, failed, failed, failed, failed + 4]);
}

#[test]
fn a_failed_iteration_aborts_the_running_one_and_the_rest_never_start() {
    // MaxConcurrency 2: iteration 0 fails while iteration 1 waits; iteration 2 never starts.
    let def = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 2, "End": true,
        "ItemProcessor": {"StartAt": "Which", "States": {
            "Which": {"Type": "Choice", "Choices": [{"Variable": "$.kind", "StringEquals": "fail", "Next": "Bad"}], "Default": "Hold"},
            "Bad": {"Type": "Task", "Resource": "bad", "End": true},
            "Hold": {"Type": "Wait", "Seconds": 10, "End": true}
        }}}}});
    let (out, events) = run(&def, json!([{"kind": "fail"}, {"kind": "wait"}, {"kind": "wait"}]));
    assert!(matches!(&out, Outcome::Failed(e) if e.error == "Boom"), "{out:?}");
    let failed = events.iter().find(|e| e.event_type.name() == "TaskFailed").expect("TaskFailed").id;
    assert_eq!(
        tail(&events, "TaskFailed"),
        [
            ev("TaskFailed", "M[0]", Some("Bad"), None),
            ev("MapIterationFailed", "", Some("M"), Some(0)),
            ev("TaskStateAborted", "M[0]", Some("Bad"), None),
            ev("MapIterationAborted", "", Some("M"), Some(1)),
            ev("WaitStateAborted", "M[1]", Some("Hold"), None),
            ev("MapStateFailed", "", Some("M"), None),
            ev("ExecutionFailed", "", None, None),
        ]
    );
    let after: Vec<u64> = events.iter().filter(|e| e.id > failed).map(|e| e.previous_event_id).collect();
    assert_eq!(after, [failed, failed, failed, failed, failed, failed + 5]);
    assert!(!events.iter().any(|e| e.scope == "M[2]" || e.details.get("index") == Some(&json!(2))), "iteration 2 never starts");
    let started = events.iter().filter(|e| e.event_type.name() == "WaitStateEntered").count();
    assert_eq!(started, 1, "iteration 1 was in its Wait");
}

/// A Map `map` whose item `fails_at` goes to a failing Task (`Fails`, resource `bad`) and every
/// other item to a Task `other` that never ends (resource `slow`), through a Choice `Pick`.
fn choosing_map(map: &str, fails_at: i64, other: &str) -> Value {
    json!({"StartAt": map, "States": {map: {"Type": "Map", "End": true,
        "ItemProcessor": {"StartAt": "Pick", "States": {
            "Pick": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": fails_at, "Next": "Fails"}], "Default": other},
            "Fails": {"Type": "Task", "Resource": "bad", "End": true},
            other: {"Type": "Task", "Resource": "slow", "End": true}
        }}}}})
}

/// A later iteration's failure fails the Map at once, while an earlier one is still running
/// (AWS does not wait for the earlier iterations): iteration 0 never ends, iteration 1 fails.
#[test]
fn a_later_iteration_fails_the_map_while_an_earlier_one_runs() {
    let def = choosing_map("M", 1, "Slow");
    // On a thread, so a Map that waits for iteration 0 fails the test instead of hanging it.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(run(&def, json!([0, 1])));
    });
    let (out, events) = rx.recv_timeout(Duration::from_secs(20)).expect("the Map fails at once, not after iteration 0");
    assert!(matches!(&out, Outcome::Failed(e) if e.error == "Boom"), "{out:?}");
    let tail: Vec<_> = tail(&events, "MapIterationFailed").into_iter().map(|(t, _, _, i)| (t, i)).collect();
    assert_eq!(
        tail,
        [
            ("MapIterationFailed", Some(1)),
            ("TaskStateAborted", None),
            ("MapIterationAborted", Some(0)),
            ("TaskStateAborted", None),
            ("MapStateFailed", None),
            ("ExecutionFailed", None),
        ]
    );
}

/// The shape of AWS's `test_service_lambda_map_timeout`: four iterations each in a Task, the
/// first fails; the recorded tail, types and links, ids 24–33 there.
#[test]
fn the_recorded_map_failure_tail() {
    // Item 0 goes to the failing task (a Choice picks it), the others to one that never ends.
    let def = choosing_map("MapWait", 0, "LambdaInvoke");
    let (_, events) = run(&def, json!([0, 1, 2, 3]));
    let at = events.iter().position(|e| e.event_type.name() == "MapIterationFailed").expect("MapIterationFailed");
    let failed = events[at].previous_event_id;
    assert_eq!(events[at - 1].id, failed, "the failed iteration's last event: its TaskFailed");
    let recorded = [
        ("MapIterationFailed", failed), ("TaskStateAborted", failed), ("MapIterationAborted", failed), ("TaskStateAborted", failed),
        ("MapIterationAborted", failed), ("TaskStateAborted", failed), ("MapIterationAborted", failed), ("TaskStateAborted", failed),
        ("MapStateFailed", failed), ("ExecutionFailed", events[at].id + 8),
    ];
    assert_eq!(links(&events)[at..], recorded);
    let indexes: Vec<_> = events[at..].iter().filter_map(|e| e.details.get("index").and_then(Value::as_u64)).collect();
    assert_eq!(indexes, [0, 1, 2, 3]);
}

/// A stored history with the aborted events replays: they keep their ids, nothing is recorded
/// twice, and the execution ends as it would have (nested aborts too).
#[test]
fn aborted_events_replay_from_the_journal() {
    // (A task in flight at a cut fails as "outcome unknown", `tests/resume.rs`: such cuts are
    // skipped, and the nested branch waits instead of running one.)
    let slow = json!({"Type": "Wait", "Seconds": 10, "End": true});
    for (def, input) in [(parallel_wait_and_fail(), json!({})), (nested_parallel_and_map(slow), json!({"items": [1, 2]}))] {
        let (_, full) = run(&def, input.clone());
        for cut in 4..full.len() {
            let prefix = &full[..cut];
            let count = |t: &str| prefix.iter().filter(|e| e.event_type.name() == t).count();
            if count("TaskStarted") != count("TaskFailed") + count("TaskSucceeded") {
                continue;
            }
            let sink = Arc::new(MemorySink::default());
            let out = block_on(executor(&def).resume(input.clone(), ExecutionInfo::new("t"), sink.clone(), Journal::from_events(prefix)));
            assert!(matches!(&out, Outcome::Failed(e) if e.error == "Boom"), "cut {cut}: {out:?}");
            let new: Vec<_> = sink.events().iter().map(|e| (e.id, e.event_type.name(), e.previous_event_id)).collect();
            let expected: Vec<_> = full[cut..].iter().map(|e| (e.id, e.event_type.name(), e.previous_event_id)).collect();
            assert_eq!(new, expected, "cut {cut}");
        }
    }
}

/// A Parallel whose first branch is a nested Parallel running the state `Slow` and a Map of
/// Waits (over `$.items`), and whose second branch fails (`bad`).
fn nested_parallel_and_map(slow: Value) -> Value {
    let hold = json!({"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 10, "End": true}}});
    json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "Inner", "States": {"Inner": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "Slow", "States": {"Slow": slow}},
            {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": hold, "End": true}}}
        ]}}},
        {"StartAt": "Bad", "States": {"Bad": {"Type": "Task", "Resource": "bad", "End": true}}}
    ]}}})
}

/// A failed branch cancels a sibling branch that is inside a nested Parallel, whose own
/// branches are in a Task and in a Map with two iterations in a Wait: every state still
/// running, at every depth, gets its aborted event, and each open iteration of the nested
/// Map its `MapIterationAborted`, all after the failed branch's last event.
#[test]
fn a_failed_branch_aborts_what_runs_inside_a_nested_parallel_and_map() {
    let def = nested_parallel_and_map(json!({"Type": "Task", "Resource": "slow", "End": true}));
    let (out, events) = run(&def, json!({"items": [1, 2]}));
    assert!(matches!(&out, Outcome::Failed(e) if e.error == "Boom"), "{out:?}");
    assert_eq!(
        tail(&events, "TaskFailed"),
        [
            ev("TaskFailed", "P[1]", Some("Bad"), None),
            ev("TaskStateAborted", "P[1]", Some("Bad"), None),
            ev("ParallelStateAborted", "P[0]", Some("Inner"), None),
            ev("TaskStateAborted", "P[0]/Inner[0]", Some("Slow"), None),
            ev("MapStateAborted", "P[0]/Inner[1]", Some("M"), None),
            ev("MapIterationAborted", "P[0]/Inner[1]", Some("M"), Some(0)),
            ev("WaitStateAborted", "P[0]/Inner[1]/M[0]", Some("Hold"), None),
            ev("MapIterationAborted", "P[0]/Inner[1]", Some("M"), Some(1)),
            ev("WaitStateAborted", "P[0]/Inner[1]/M[1]", Some("Hold"), None),
            ev("ParallelStateFailed", "", Some("P"), None),
            ev("ExecutionFailed", "", None, None),
        ]
    );
    let failed = events.iter().find(|e| e.event_type.name() == "TaskFailed").expect("TaskFailed").id;
    let after: Vec<u64> = events.iter().filter(|e| e.id > failed).map(|e| e.previous_event_id).collect();
    assert_eq!(after, [failed, failed, failed, failed, failed, failed, failed, failed, failed, failed + 9]);
}

/// A failed iteration cancels another iteration that is inside a nested Map: the nested Map
/// is aborted, then its open iterations and the states they were in.
#[test]
fn a_failed_iteration_aborts_the_iterations_of_a_nested_map() {
    let def = json!({"StartAt": "Outer", "States": {"Outer": {"Type": "Map", "End": true,
        "ItemProcessor": {"StartAt": "Pick", "States": {
            "Pick": {"Type": "Choice", "Choices": [{"Variable": "$.kind", "StringEquals": "fail", "Next": "Bad"}], "Default": "Inner"},
            "Bad": {"Type": "Task", "Resource": "bad", "End": true},
            "Inner": {"Type": "Map", "ItemsPath": "$.items", "End": true,
                "ItemProcessor": {"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 10, "End": true}}}}
        }}}}});
    let (out, events) = run(&def, json!([{"kind": "fail"}, {"kind": "nest", "items": [1, 2]}]));
    assert!(matches!(&out, Outcome::Failed(e) if e.error == "Boom"), "{out:?}");
    assert_eq!(
        tail(&events, "MapIterationFailed"),
        [
            ev("MapIterationFailed", "", Some("Outer"), Some(0)),
            ev("TaskStateAborted", "Outer[0]", Some("Bad"), None),
            ev("MapIterationAborted", "", Some("Outer"), Some(1)),
            ev("MapStateAborted", "Outer[1]", Some("Inner"), None),
            ev("MapIterationAborted", "Outer[1]", Some("Inner"), Some(0)),
            ev("WaitStateAborted", "Outer[1]/Inner[0]", Some("Hold"), None),
            ev("MapIterationAborted", "Outer[1]", Some("Inner"), Some(1)),
            ev("WaitStateAborted", "Outer[1]/Inner[1]", Some("Hold"), None),
            ev("MapStateFailed", "", Some("Outer"), None),
            ev("ExecutionFailed", "", None, None),
        ]
    );
}

/// A nested Parallel or Map that ended before the cancellation has nothing left to abort: only
/// the states still open are recorded (here the Wait after a nested Parallel that succeeded).
#[test]
fn a_nested_parallel_that_ended_records_nothing_when_its_branch_is_cancelled() {
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "Inner", "States": {
            "Inner": {"Type": "Parallel", "Next": "Hold", "Branches": [{"StartAt": "Quick", "States": {"Quick": {"Type": "Pass", "End": true}}}]},
            "Hold": {"Type": "Wait", "Seconds": 10, "End": true}}},
        {"StartAt": "Bad", "States": {"Bad": {"Type": "Task", "Resource": "bad", "End": true}}}
    ]}}});
    let (_, events) = run(&def, json!({}));
    let aborted: Vec<_> = tail(&events, "TaskFailed").into_iter().filter(|(t, ..)| t.ends_with("Aborted")).collect();
    assert_eq!(aborted, [ev("TaskStateAborted", "P[1]", Some("Bad"), None), ev("WaitStateAborted", "P[0]", Some("Hold"), None)]);
}
