//! The `EvaluationFailed` history event: a JSONata expression that fails in a state is recorded,
//! before the failure's other events, with the error, the cause, the field it failed in
//! (`location`) and the state. Sequences as AWS records them (LocalStack's AWS-recorded
//! snapshots: `test_undefined_reference[BASE_UNDEFINED_*]`, `test_map_state_items_*_fail`).

use chrono::DateTime;
use engine::clock::VirtualClock;
use engine::exec::{ExecutionInfo, Executor, Outcome};
use engine::history::{HistoryEvent, MemorySink};
use serde_json::{json, Value};
use std::sync::Arc;

/// Runs a JSONata machine starting at its first state; the outcome and every event.
async fn history(start: &str, states: Value) -> (Outcome, Vec<HistoryEvent>) {
    let def = json!({"QueryLanguage": "JSONata", "StartAt": start, "States": states});
    let m = engine::parse_value(&def).expect("parses");
    let ex = Executor::builder(&m).clock(VirtualClock::starting_at(DateTime::UNIX_EPOCH)).build().expect("compiles");
    let sink = Arc::new(MemorySink::default());
    let out = ex.run(json!({}), ExecutionInfo::new("t"), sink.clone()).await;
    (out, sink.events())
}

fn types(events: &[HistoryEvent]) -> Vec<&'static str> {
    events.iter().map(|e| e.event_type.name()).collect()
}

/// The one `EvaluationFailed` event; its details and previous event are checked against the
/// state's entry: it follows the event the state was entered after, as on AWS.
fn evaluation_failed<'a>(events: &'a [HistoryEvent], state: &str, location: &str) -> &'a HistoryEvent {
    let failed: Vec<_> = events.iter().filter(|e| e.event_type.name() == "EvaluationFailed").collect();
    assert_eq!(failed.len(), 1, "{:?}", types(events));
    let ev = failed[0];
    let entered = events.iter().rev().find(|e| e.event_type.is_state_entered() && e.state.as_deref() == Some(state) && e.id < ev.id).unwrap();
    assert_eq!(ev.previous_event_id, entered.previous_event_id);
    assert_eq!(ev.state.as_deref(), Some(state));
    let d = &ev.details;
    assert_eq!((d["error"].as_str(), d["location"].as_str(), d["state"].as_str()), (Some("States.QueryEvaluationError"), Some(location), Some(state)));
    let cause = d["cause"].as_str().unwrap();
    let entered_at = format!("An error occurred while executing the state '{state}' (entered at the event id #{}).", entered.id);
    assert!(cause.starts_with(&entered_at) && cause.contains(&format!("for the field '{location}'")), "{cause}");
    ev
}

#[tokio::test]
async fn an_uncaught_output_failure_ends_the_execution_right_after_it() {
    let (out, events) = history("S", json!({"S": {"Type": "Pass", "Output": "{% $doesNotExist %}", "End": true}})).await;
    assert_eq!(types(&events), ["ExecutionStarted", "PassStateEntered", "EvaluationFailed", "ExecutionFailed"]);
    let ev = evaluation_failed(&events, "S", "Output");
    // AWS links the execution's first state entry to no event (`test_state_fail` and every
    // other LocalStack recording): ExecutionStarted 1←0, PassStateEntered 2←0, then 3←0 here.
    let links: Vec<_> = events.iter().map(|e| (e.id, e.previous_event_id)).collect();
    assert_eq!(links, [(1, 0), (2, 0), (3, 0), (4, 3)]);
    let Outcome::Failed(e) = out else { panic!("{out:?}") };
    assert_eq!(ev.details["cause"], json!(e.cause));
    assert_eq!(events[3].details["cause"], json!(e.cause));
}

#[tokio::test]
async fn the_location_is_the_field_inside_output_arguments_or_assign() {
    let cases = [
        (json!({"Type": "Pass", "Output": {"result": "{% $doesNotExist %}"}, "End": true}), "Output/result", "PassStateEntered"),
        (json!({"Type": "Pass", "Assign": {"result": "{% $doesNotExist %}"}, "End": true}), "Assign/result", "PassStateEntered"),
        (json!({"Type": "Task", "Resource": "echo", "Arguments": "{% $doesNotExist %}", "End": true}), "Arguments", "TaskStateEntered"),
        (json!({"Type": "Task", "Resource": "echo", "Arguments": {"FunctionName": "{% $doesNotExist %}"}, "End": true}), "Arguments/FunctionName", "TaskStateEntered"),
    ];
    for (state, location, entered) in cases {
        let (_, events) = history("S", json!({"S": state})).await;
        // Nothing of the task is scheduled: its arguments never existed.
        assert_eq!(types(&events), ["ExecutionStarted", entered, "EvaluationFailed", "ExecutionFailed"], "{location}");
        evaluation_failed(&events, "S", location);
    }
}

#[tokio::test]
async fn a_later_state_links_the_event_to_the_one_before_its_entry() {
    let states = json!({
        "A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Pass", "Output": {"result": "{% $doesNotExist %}"}, "End": true}
    });
    let (_, events) = history("A", states).await;
    let ev = evaluation_failed(&events, "B", "Output/result");
    assert_eq!((ev.id, ev.previous_event_id), (5, 3));
    assert_eq!(events.last().unwrap().previous_event_id, ev.id);
}

#[tokio::test]
async fn a_caught_failure_is_still_recorded_before_the_catch_leaves_the_state() {
    let states = json!({
        "T": {"Type": "Task", "Resource": "echo", "Arguments": {"x": "{% $doesNotExist %}"},
              "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"], "Next": "Handled"}], "Next": "Handled"},
        "Handled": {"Type": "Pass", "End": true}
    });
    let (out, events) = history("T", states).await;
    assert!(matches!(out, Outcome::Succeeded(_)), "{out:?}");
    assert_eq!(
        types(&events),
        ["ExecutionStarted", "TaskStateEntered", "EvaluationFailed", "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"]
    );
    evaluation_failed(&events, "T", "Arguments/x");
    // The step shows as caught, with the error, as after a TaskFailed.
    let mut status = engine::tracker::ExecutionStatus::default();
    events.iter().for_each(|e| drop(status.apply(e)));
    let step = &status.steps["T"];
    assert_eq!((step.status, step.error.as_deref()), (engine::tracker::StepState::Caught, Some("States.QueryEvaluationError")));
}

#[tokio::test]
async fn map_items_of_the_wrong_type_fail_the_map_state_after_the_event() {
    let states = json!({"M": {"Type": "Map", "Items": "{% {'foo': 'bar'} %}", "End": true,
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}});
    let (_, events) = history("M", states).await;
    assert_eq!(types(&events), ["ExecutionStarted", "MapStateEntered", "EvaluationFailed", "MapStateFailed", "ExecutionFailed"]);
    let ev = evaluation_failed(&events, "M", "Items");
    assert!(ev.details["cause"].as_str().unwrap().ends_with("Expected 'array', but was 'object' for value: {\"foo\":\"bar\"}"));
}

#[tokio::test]
async fn jsonpath_states_record_no_evaluation_event() {
    let def = json!({"StartAt": "S", "States": {"S": {"Type": "Pass", "OutputPath": "$.missing", "End": true}}});
    let m = engine::parse_value(&def).expect("parses");
    let ex = Executor::builder(&m).build().expect("compiles");
    let sink = Arc::new(MemorySink::default());
    ex.run(json!({}), ExecutionInfo::new("t"), sink.clone()).await;
    assert!(!sink.events().iter().any(|e| e.event_type.name() == "EvaluationFailed"));
}
