//! `HeartbeatSeconds`: a Task whose function neither finishes nor reports progress (a local
//! task's heartbeat) for that long fails. AWS names the error `States.Timeout` in its history
//! (`TaskTimedOut` and `ExecutionFailed` carry `"error": "States.Timeout"` and no cause:
//! LocalStack's AWS-recorded `tests/aws/services/stepfunctions/v2/timeouts/test_heartbeats`
//! snapshot, `test_heartbeat_timeout`, `test_heartbeat_path_timeout`,
//! `test_heartbeat_no_timeout`); in `ErrorEquals`, `States.HeartbeatTimeout` matches it and not a
//! TimeoutSeconds timeout, `States.Timeout` matches both, `States.TaskFailed` neither. Its
//! `TaskScheduled` records `heartbeatInSeconds` (and `timeoutInSeconds`) as AWS's does.

mod history_common;
use history_common::Tokio;
use chrono::{DateTime, Utc};
use engine::clock::Clock;
use engine::exec::{ExecutionInfo, Executor, Journal, Outcome};
use engine::history::{EventType, HistoryEvent, MemorySink};
use engine::task::{FunctionSpec, TaskCall, TaskRegistry};
use futures::future::BoxFuture;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A clock on which every timeout and every delay ends at once.
struct Instantly;

impl Clock for Instantly {
    fn now(&self) -> DateTime<Utc> {
        DateTime::UNIX_EPOCH
    }
    fn sleep(&self, _d: Duration) -> BoxFuture<'static, ()> {
        Box::pin(futures::future::ready(()))
    }
    fn timer(&self, _d: Duration) -> BoxFuture<'static, ()> {
        Box::pin(futures::future::ready(()))
    }
}

/// `hang` never returns on its first call and returns its input on later ones (counted);
/// `beat_then_hang` reports progress after 300 ms, then never returns.
fn registry(calls: Arc<AtomicUsize>) -> Arc<TaskRegistry> {
    let mut r = TaskRegistry::with_builtins();
    r.register_fn(FunctionSpec::new("hang", "hangs once", json!({})), move |call: TaskCall| {
        let first = calls.fetch_add(1, Ordering::SeqCst) == 0;
        async move {
            if first {
                futures::future::pending::<()>().await;
            }
            Ok(call.input)
        }
    });
    r.register_fn(FunctionSpec::new("beat_then_hang", "one heartbeat, then silence", json!({})), |call: TaskCall| async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        (call.progress)(json!({"type": "heartbeat"}));
        futures::future::pending::<()>().await;
        Ok(Value::Null)
    });
    Arc::new(r)
}

/// A Task `T` of `resource` with `fields` added, going to a Pass `Caught` when a Catch sends it.
fn task(resource: &str, fields: Value) -> Value {
    let mut t = json!({"Type": "Task", "Resource": resource, "End": true});
    t.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
    json!({"StartAt": "T", "States": {"T": t, "Caught": {"Type": "Pass", "End": true}}})
}

/// Runs `def` (resumed from `journal` when given: then `hang` does not hang, as its first call
/// belongs to the stored run); the outcome, the new events and the calls of `hang`.
async fn run(def: &Value, clock: Arc<dyn Clock>, journal: Option<Journal>) -> (Outcome, Vec<HistoryEvent>, usize) {
    let calls = Arc::new(AtomicUsize::new(usize::from(journal.is_some())));
    let machine = engine::parse_value(def).expect("parses");
    let ex = Executor::builder(&machine).registry(registry(calls.clone())).clock(clock).build().expect("compiles");
    let sink = Arc::new(MemorySink::default());
    let out = match journal {
        None => ex.run(json!({}), ExecutionInfo::new("t"), sink.clone()).await,
        Some(j) => ex.resume(json!({}), ExecutionInfo::new("t"), sink.clone(), j).await,
    };
    (out, sink.events(), calls.load(Ordering::SeqCst))
}

fn details(events: &[HistoryEvent], t: EventType) -> Value {
    events.iter().find(|e| e.event_type == t).unwrap_or_else(|| panic!("no {t:?}: {events:?}")).details.clone()
}

#[tokio::test]
async fn a_missed_heartbeat_fails_with_aws_timeout_error_and_events() {
    let (out, events, _) = run(&task("hang", json!({"HeartbeatSeconds": 5})), Arc::new(Instantly), None).await;
    assert_eq!(out.to_json(), json!({"status": "FAILED", "error": "States.Timeout"}), "{out:?}");
    let types: Vec<&str> = events.iter().map(|e| e.event_type.name()).collect();
    assert_eq!(types, ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskTimedOut", "ExecutionFailed"]);
    assert_eq!(details(&events, EventType::TaskTimedOut), json!({"error": "States.Timeout", "resource": "hang"}));
    assert_eq!(details(&events, EventType::ExecutionFailed), json!({"error": "States.Timeout"}));
    let scheduled = details(&events, EventType::TaskScheduled);
    assert_eq!((scheduled.get("heartbeatInSeconds"), scheduled.get("timeoutInSeconds")), (Some(&json!(5)), None), "{scheduled}");
    let (_, events, _) = run(&task("hang", json!({"HeartbeatSeconds": 5, "TimeoutSeconds": 600})), Arc::new(Instantly), None).await;
    let scheduled = details(&events, EventType::TaskScheduled);
    assert_eq!((&scheduled["heartbeatInSeconds"], &scheduled["timeoutInSeconds"]), (&json!(5), &json!(600)), "{scheduled}");
}

/// Which `ErrorEquals` catch a missed heartbeat and a TimeoutSeconds timeout; the Catch sees
/// `States.Timeout` with an empty cause either way.
#[tokio::test]
async fn error_equals_tells_a_missed_heartbeat_from_a_timeout() {
    let table = [
        ("HeartbeatSeconds", "States.HeartbeatTimeout", true),
        ("HeartbeatSeconds", "States.Timeout", true),
        ("HeartbeatSeconds", "States.ALL", true),
        ("HeartbeatSeconds", "States.TaskFailed", false),
        ("TimeoutSeconds", "States.HeartbeatTimeout", false),
        ("TimeoutSeconds", "States.Timeout", true),
        ("TimeoutSeconds", "States.TaskFailed", false),
    ];
    for (limit, caught_by, caught) in table {
        let def = task("hang", json!({limit: 5, "Catch": [{"ErrorEquals": [caught_by], "Next": "Caught"}]}));
        let (out, _, _) = run(&def, Arc::new(Instantly), None).await;
        let expected = match caught {
            true => json!({"status": "SUCCEEDED", "output": {"Error": "States.Timeout", "Cause": ""}}),
            false => json!({"status": "FAILED", "error": "States.Timeout"}),
        };
        assert_eq!(out.to_json(), expected, "{limit} caught by {caught_by}");
    }
    // A Retry on `States.HeartbeatTimeout` runs the task again; its second call returns.
    let def = task("hang", json!({"HeartbeatSeconds": 5, "Retry": [{"ErrorEquals": ["States.HeartbeatTimeout"]}]}));
    let (out, _, calls) = run(&def, Arc::new(Instantly), None).await;
    assert_eq!((out.to_json()["status"].as_str(), calls), (Some("SUCCEEDED"), 2), "{out:?}");
}

/// A stored missed heartbeat replays as one: Retry on `States.HeartbeatTimeout` still applies to
/// it after a restart (the journal reads `heartbeatInSeconds` off the stored `TaskScheduled`).
#[tokio::test]
async fn a_stored_missed_heartbeat_is_retried_as_one_after_a_restart() {
    let def = task("hang", json!({"HeartbeatSeconds": 5, "TimeoutSeconds": 60, "Retry": [{"ErrorEquals": ["States.HeartbeatTimeout"]}]}));
    let (expected, events, _) = run(&def, Arc::new(Instantly), None).await;
    assert!(matches!(expected, Outcome::Succeeded(_)), "{expected:?}");
    let cut = events.iter().position(|e| e.event_type == EventType::TaskTimedOut).unwrap() + 1;
    let (out, new, calls) = run(&def, Arc::new(Instantly), Some(Journal::from_events(&events[..cut]))).await;
    assert_eq!(out, expected);
    assert_eq!(calls, 2, "only the retry calls the task (the stored run made the first call)");
    assert_eq!(new.first().map(|e| e.event_type), Some(EventType::TaskScheduled), "{new:?}");
}

/// The heartbeat counts from the latest report, not in fixed periods from the start: a task
/// that reports at 0.3 s and then falls silent times out at 1.3 s with `HeartbeatSeconds: 1`
/// (checking once a second would only notice at 2 s).
#[tokio::test]
async fn the_heartbeat_deadline_runs_from_the_latest_report() {
    let def = task("beat_then_hang", json!({"HeartbeatSeconds": 1}));
    let start = Instant::now();
    let (out, _, _) = run(&def, Arc::new(Tokio), None).await;
    let took = start.elapsed();
    assert_eq!(out.to_json()["error"], "States.Timeout", "{out:?}");
    assert!(took >= Duration::from_millis(1250) && took < Duration::from_millis(1800), "timed out after {took:?}");
}
