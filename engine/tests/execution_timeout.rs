//! The machine's `TimeoutSeconds`: the execution ends `TIMED_OUT` with one `ExecutionTimedOut`
//! event that carries `"error": "States.Timeout"` and follows no event (`previousEventId` 0),
//! whatever was running, as AWS records it. The evidence is a measurement against AWS published
//! in floci-io/floci issue #2733 and pull request #2782 ("one `ExecutionTimedOut` event carrying
//! `States.Timeout` with `previousEventId` `0`", for `{"StartAt":"W","TimeoutSeconds":3,
//! "States":{"W":{"Type":"Wait","Seconds":25,"End":true}}}`); LocalStack's own recording of
//! `test_global_timeout` keeps only `DescribeExecution`.

mod history_common;

use engine::exec::Outcome;
use history_common::{run_on, Expiring};
use serde_json::json;
use std::sync::Arc;

#[tokio::test]
async fn the_timed_out_event_follows_no_event_and_names_the_error() {
    let wait = json!({"StartAt": "W", "TimeoutSeconds": 3, "States": {"W": {"Type": "Wait", "Seconds": 25, "End": true}}});
    let (out, events) = run_on(wait, json!({}), Arc::new(Expiring)).await;
    assert!(matches!(&out, Outcome::TimedOut(e) if e.error == "States.Timeout"), "{out:?}");
    let links: Vec<(&str, u64, u64)> = events.iter().map(|e| (e.event_type.name(), e.id, e.previous_event_id)).collect();
    assert_eq!(links, [("ExecutionStarted", 1, 0), ("WaitStateEntered", 2, 0), ("ExecutionTimedOut", 3, 0)]);
    assert_eq!(events[2].details, json!({"error": "States.Timeout"}));
}

/// Inside a Parallel too: the event links to nothing, not to the top level's last event.
#[tokio::test]
async fn a_timeout_inside_a_parallel_links_to_no_event_either() {
    let def = json!({"StartAt": "A", "TimeoutSeconds": 3, "States": {
        "A": {"Type": "Pass", "Next": "P"},
        "P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 25, "End": true}}}]}}});
    let (_, events) = run_on(def, json!({}), Arc::new(Expiring)).await;
    let last = events.last().expect("events");
    assert_eq!((last.event_type.name(), last.previous_event_id, last.scope.as_str()), ("ExecutionTimedOut", 0, ""));
}
