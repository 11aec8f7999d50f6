//! Crash recovery in-process: a service runs on its own tokio runtime, which is dropped
//! mid-execution (every task of that "process" dies at once, as with SIGKILL); a second
//! service on the same SQLite file resumes what was left RUNNING.

mod common;

use engine::history::EventType;
use engine::task::{FunctionSpec, TaskRegistry};
use serde_json::{json, Value};
use server::service::{Service, ServiceConfig};
use server::store::Store;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// `block` never returns (the task in flight at the crash) or returns its input at once.
fn registry(blocks: bool) -> Arc<TaskRegistry> {
    let mut r = TaskRegistry::with_builtins();
    r.register_fn(FunctionSpec::new("block", "blocks or echoes", json!({"type": "object"})), move |call| async move {
        if blocks {
            futures::future::pending::<()>().await;
        }
        Ok(call.input)
    });
    Arc::new(r)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// Runs `def` in a first "process" until `crash_when` holds for its stored events, then kills
/// that process; returns the execution id.
fn run_until_crash(url: &str, def: Value, input: Value, config: ServiceConfig, crash_when: impl Fn(&[engine::history::HistoryEvent]) -> bool) -> String {
    let rt = runtime();
    let id = rt.block_on(async {
        let store = Store::connect(url).await.unwrap();
        let service = Service::with_store(store, config).await.unwrap();
        let (wf, _) = service.create_workflow("w", &def).await.unwrap();
        let id = service.start_execution(&wf, input).await.unwrap();
        for _ in 0..500 {
            if crash_when(&service.store().all_events(&id).await.unwrap()) {
                return id;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the crash point was never reached");
    });
    rt.shutdown_background();
    id
}

fn entered(events: &[engine::history::HistoryEvent], state: &str) -> usize {
    events.iter().filter(|e| e.state.as_deref() == Some(state) && format!("{:?}", e.event_type).ends_with("Entered")).count()
}

#[test]
fn a_task_in_flight_runs_again_and_completed_steps_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("wfm.sqlite").display());
    let def = json!({"StartAt": "First", "States": {
        "First": {"Type": "Pass", "Result": {"a": 1}, "ResultPath": "$.first", "Next": "Block"},
        "Block": {"Type": "Task", "Resource": "block", "Next": "Last",
                  "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 1, "MaxAttempts": 2}]},
        "Last": {"Type": "Pass", "Result": "done", "ResultPath": "$.last", "End": true}}});
    let first = ServiceConfig { registry: Some(registry(true)), ..common::config() };
    let id = run_until_crash(&url, def, json!({"x": 1}), first, |evs| evs.iter().any(|e| e.event_type == EventType::TaskStarted));

    let rt = runtime();
    rt.block_on(async {
        let store = Store::connect(&url).await.unwrap();
        let service = Service::with_store(store, ServiceConfig { registry: Some(registry(false)), ..common::config() }).await.unwrap();
        let row = common::wait_done_in(&service, &id).await;
        assert_eq!(row.status, "SUCCEEDED");
        assert_eq!(row.output, Some(json!({"x": 1, "first": {"a": 1}, "last": "done"})));
        let events = service.store().all_events(&id).await.unwrap();
        let ids: Vec<u64> = events.iter().map(|e| e.id).collect();
        assert_eq!(ids, (1..=ids.len() as u64).collect::<Vec<_>>(), "ids continue without gaps");
        assert_eq!(events.iter().filter(|e| e.event_type == EventType::ExecutionStarted).count(), 1);
        assert_eq!((entered(&events, "First"), entered(&events, "Block"), entered(&events, "Last")), (1, 1, 1), "replay: the state is not entered again, its Retry runs the task again");
        let lost = events.iter().find(|e| e.event_type == EventType::TaskFailed).expect("the lost attempt is recorded");
        assert!(lost.details["cause"].as_str().unwrap_or_default().contains("was running when the server stopped"), "{lost:?}");
        let status = service.execution_status(&id).await.unwrap();
        assert_eq!(status["steps"]["First"]["status"], "SUCCEEDED");
        assert_eq!(status["steps"]["Block"]["status"], "SUCCEEDED");
        assert_eq!(status["steps"]["Block"]["retries"], 1);
    });
}

#[test]
fn a_task_in_flight_without_retry_fails_with_a_clear_cause() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("wfm.sqlite").display());
    let def = json!({"StartAt": "Block", "States": {"Block": {"Type": "Task", "Resource": "block", "End": true}}});
    let first = ServiceConfig { registry: Some(registry(true)), ..common::config() };
    let id = run_until_crash(&url, def, json!({}), first, |evs| evs.iter().any(|e| e.event_type == EventType::TaskStarted));
    runtime().block_on(async {
        let service = Service::with_store(Store::connect(&url).await.unwrap(), ServiceConfig { registry: Some(registry(false)), ..common::config() }).await.unwrap();
        let row = common::wait_done_in(&service, &id).await;
        assert_eq!((row.status.as_str(), row.error.as_deref()), ("FAILED", Some("States.TaskFailed")));
        assert!(row.cause.unwrap_or_default().contains("'block' was running when the server stopped"));
    });
}

#[test]
fn a_wait_resumes_with_the_time_that_was_left() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("wfm.sqlite").display());
    let def = json!({"StartAt": "P", "States": {
        "P": {"Type": "Pass", "Next": "W"},
        "W": {"Type": "Wait", "Seconds": 2, "End": true}}});
    let config = ServiceConfig { wait_scale: 1.0, ..common::config() };
    let start = Instant::now();
    let id = run_until_crash(&url, def, json!({}), config.clone(), |evs| evs.iter().any(|e| e.event_type == EventType::WaitStateEntered));
    std::thread::sleep(Duration::from_millis(1000));
    let rt = runtime();
    rt.block_on(async {
        let service = Service::with_store(Store::connect(&url).await.unwrap(), config).await.unwrap();
        let row = common::wait_done_in(&service, &id).await;
        assert_eq!(row.status, "SUCCEEDED");
        let elapsed = start.elapsed();
        assert!(elapsed < Duration::from_millis(2900), "waited the whole 2 s again: {elapsed:?}");
        assert!(elapsed >= Duration::from_millis(1900), "{elapsed:?}");
        let events = service.store().all_events(&id).await.unwrap();
        assert_eq!((entered(&events, "P"), entered(&events, "W")), (1, 1), "replay: the Wait goes on, it is not entered again");
    });
}

#[test]
fn stop_of_an_execution_left_by_a_dead_process_aborts_it() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("wfm.sqlite").display());
    let def = json!({"StartAt": "Block", "States": {"Block": {"Type": "Task", "Resource": "block", "End": true}}});
    let config = ServiceConfig { registry: Some(registry(true)), ..common::config() };
    let id = run_until_crash(&url, def, json!({}), config.clone(), |evs| evs.iter().any(|e| e.event_type == EventType::TaskStarted));
    let rt = runtime();
    rt.block_on(async {
        let config = ServiceConfig { resume: false, ..config };
        let service = Service::with_store(Store::connect(&url).await.unwrap(), config).await.unwrap();
        assert_eq!(service.stop_execution(&id).await.unwrap(), "ABORTED");
        let row = service.store().get_execution(&id).await.unwrap();
        assert_eq!(row.status, "ABORTED");
        let events = service.store().all_events(&id).await.unwrap();
        assert_eq!(events.last().map(|e| e.event_type), Some(EventType::ExecutionAborted));
    });
}

#[test]
fn step_templates_still_see_results_of_tasks_from_before_the_crash() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("wfm.sqlite").display());
    let def = json!({"StartAt": "Size", "States": {
        "Size": {"Type": "Task", "Resource": "echo", "Parameters": {"bytes": 42}, "ResultPath": "$.size", "Next": "Block"},
        "Block": {"Type": "Task", "Resource": "block", "ResultPath": null, "Next": "Ask",
                  "Retry": [{"ErrorEquals": ["States.TaskFailed"], "IntervalSeconds": 1, "MaxAttempts": 1}]},
        "Ask": {"Type": "Task", "Resource": "echo", "Parameters": {"prompt": "The database is {{States.Size.bytes}} bytes"}, "End": true}}});
    let first = ServiceConfig { registry: Some(registry(true)), ..common::config() };
    let id = run_until_crash(&url, def, json!({}), first, |evs| evs.iter().any(|e| e.event_type == EventType::TaskStarted && e.state.as_deref() == Some("Block")));
    runtime().block_on(async {
        let service = Service::with_store(Store::connect(&url).await.unwrap(), ServiceConfig { registry: Some(registry(false)), ..common::config() }).await.unwrap();
        let row = common::wait_done_in(&service, &id).await;
        assert_eq!(row.status, "SUCCEEDED", "{row:?}");
        assert_eq!(row.output, Some(json!({"prompt": "The database is 42 bytes"})));
    });
}
