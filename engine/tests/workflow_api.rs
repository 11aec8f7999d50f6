//! The status-tracking API: run_async, status, stop, subscribe.

use engine::clock::{Clock, VirtualClock};
use engine::task::TaskRegistry;
use engine::tracker::{ExecState, StepState};
use engine::workflow::{Spawner, Workflow};
use futures::executor::{block_on, ThreadPool};
use futures::future::BoxFuture;
use serde_json::json;
use std::sync::Arc;

struct Pool(ThreadPool);
impl Spawner for Pool {
    fn spawn(&self, fut: BoxFuture<'static, ()>) {
        self.0.spawn_ok(fut);
    }
}

fn workflow(def: serde_json::Value) -> Workflow {
    let clock: Arc<dyn Clock> = VirtualClock::starting_at(chrono::DateTime::UNIX_EPOCH);
    let spawner = Arc::new(Pool(ThreadPool::new().unwrap()));
    Workflow::from_json("t", &def.to_string(), Arc::new(TaskRegistry::with_builtins()), clock, spawner).unwrap()
}

#[test]
fn run_reports_each_step_with_input_output_and_caught_errors() {
    let wf = workflow(json!({"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": "echo", "Parameters": {"x.$": "$.x"}, "Next": "B"},
        "B": {"Type": "Task", "Resource": "fail", "Parameters": {"error": "Boom", "cause": "bad"},
              "Retry": [{"ErrorEquals": ["Boom"], "MaxAttempts": 1}],
              "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "C"}], "Next": "C"},
        "C": {"Type": "Succeed"}}}));
    let out = block_on(wf.run(json!({"x": 7})));
    assert_eq!(out.to_json()["output"], json!({"x": 7, "err": {"Error": "Boom", "Cause": "bad"}}));
    let id = wf.run_async(json!({"x": 1}));
    let (_, rx) = wf.subscribe(&id).unwrap();
    block_on(futures::StreamExt::collect::<Vec<_>>(rx));
    let s = wf.status(&id).unwrap();
    assert_eq!(s.status, ExecState::Succeeded);
    assert_eq!(s.steps["A"].status, StepState::Succeeded);
    assert_eq!(s.steps["A"].output, Some(json!({"x": 1})));
    assert_eq!(s.steps["B"].status, StepState::Caught);
    assert_eq!(s.steps["B"].retries, 1);
    assert_eq!(s.steps["B"].error.as_deref(), Some("Boom"));
    assert!(s.current_step.is_none());
}

#[test]
fn unknown_ids_and_invalid_definitions_are_reported() {
    let wf = workflow(json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}));
    assert!(wf.status("nope").is_none());
    assert!(!wf.stop("nope"));
    let clock: Arc<dyn Clock> = VirtualClock::starting_at(chrono::DateTime::UNIX_EPOCH);
    let bad = Workflow::from_json("b", "{\"StartAt\": \"X\", \"States\": {}}", Arc::new(TaskRegistry::new()), clock, Arc::new(Pool(ThreadPool::new().unwrap())));
    assert!(bad.is_err());
}
