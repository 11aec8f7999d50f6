//! Table-driven semantics beyond the AWS corpus: limits, timeouts, heartbeats, retries on
//! the virtual clock, `{{States.X}}` templates, variables scoping, the history limit.

mod history_common;
use history_common::Tokio;
use chrono::DateTime;
use engine::clock::{Clock, VirtualClock};
use engine::exec::{ExecOptions, ExecutionInfo, Executor};
use engine::history::NullSink;
use serde_json::{json, Value};
use std::sync::Arc;

async fn run_with(def: Value, input: Value, clock: Arc<dyn Clock>, opts: ExecOptions) -> Value {
    let m = engine::parse_value(&def).expect("parses");
    let ex = Executor::builder(&m).clock(clock).options(opts).build().expect("compiles");
    ex.run(input, ExecutionInfo::new("t"), Arc::new(NullSink)).await.to_json()
}

async fn give(def: Value, input: Value, expected: Value) {
    let got = run_with(def.clone(), input, VirtualClock::starting_at(DateTime::UNIX_EPOCH), ExecOptions::default()).await;
    for (k, v) in expected.as_object().unwrap() {
        match (k.as_str(), v) {
            ("cause_contains", Value::String(frag)) => assert!(got["cause"].as_str().unwrap_or("").contains(frag.as_str()), "{def}\n got {got}"),
            _ => assert_eq!(&got[k], v, "{def}\n got {got}"),
        }
    }
}

fn task(resource: &str, params: Value) -> Value {
    json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": resource, "Parameters": params, "End": true}}})
}

#[tokio::test]
async fn templates_inject_earlier_step_results() {
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": "echo", "Parameters": {"size_mb": 12.5, "tables": ["a", "b"]}, "ResultPath": "$.a", "Next": "B"},
        "B": {"Type": "Task", "Resource": "echo", "Parameters": {"prompt": "DB is {{States.A.size_mb}} MB, first {{States.A.tables[0]}}", "whole": "{{States.A.tables}}"}, "End": true}}});
    give(def.clone(), json!({}), json!({"status": "SUCCEEDED", "output": {"prompt": "DB is 12.5 MB, first a", "whole": ["a", "b"]}})).await;
    let bad = json!({"StartAt": "B", "States": {"B": {"Type": "Pass", "Parameters": {"p": "{{States.Nope.x}}"}, "End": true}}});
    give(bad, json!({}), json!({"status": "FAILED", "error": "States.Runtime", "cause_contains": "'Nope'"})).await;
}

#[tokio::test]
async fn retries_back_off_on_the_clock_and_are_capped() {
    let clock = VirtualClock::starting_at(DateTime::UNIX_EPOCH);
    let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "fail", "Parameters": {"error": "E"},
        "Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 3.0, "MaxDelaySeconds": 10}], "End": true}}});
    let got = run_with(def, json!({}), clock.clone(), ExecOptions::default()).await;
    assert_eq!(got["error"], "E");
    // 2 + 6 + min(18, 10) seconds of virtual waiting.
    assert_eq!(clock.now().timestamp(), 18);
}

#[tokio::test]
async fn task_failed_wildcard_and_terminal_runtime_errors() {
    let caught = json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "fail", "Parameters": {"error": "Custom"}, "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Ok"}], "End": true},
        "Ok": {"Type": "Succeed"}}});
    give(caught, json!({}), json!({"status": "SUCCEEDED", "output": {"Error": "Custom", "Cause": "failed on purpose"}})).await;
    let runtime = json!({"StartAt": "P", "States": {
        "P": {"Type": "Pass", "InputPath": "$.missing", "Next": "Ok"},
        "Ok": {"Type": "Succeed"}}});
    give(runtime, json!({}), json!({"status": "FAILED", "error": "States.Runtime", "cause_contains": "entered at the event id #2"})).await;
}

#[tokio::test]
async fn timeouts_and_heartbeats_fire_in_real_time() {
    let clock: Arc<dyn Clock> = Arc::new(Tokio);
    let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "sleep", "Parameters": {"seconds": 5}, "TimeoutSeconds": 1, "End": true}}});
    let got = run_with(def, json!({}), clock.clone(), ExecOptions::default()).await;
    assert_eq!(got["error"], "States.Timeout", "{got}");
    let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "sleep", "Parameters": {"seconds": 5}, "HeartbeatSeconds": 1, "End": true}}});
    let got = run_with(def, json!({}), clock, ExecOptions::default()).await;
    // A missed heartbeat is `States.Timeout` too, as AWS names it (`tests/heartbeats.rs`).
    assert_eq!(got["error"], "States.Timeout", "{got}");
}

#[tokio::test]
async fn limits_on_payloads_and_history() {
    let big = "x".repeat(300 * 1024);
    give(task("echo", json!({"s": big})), json!({}), json!({"status": "FAILED", "error": "States.DataLimitExceeded"})).await;
    let lp = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}}});
    let opts = ExecOptions { max_history_events: 100, ..ExecOptions::default() };
    let got = run_with(lp, json!({}), VirtualClock::starting_at(DateTime::UNIX_EPOCH), opts).await;
    assert_eq!(got["status"], "FAILED");
    assert!(got["cause"].as_str().unwrap().contains("100"), "{got}");
}

#[tokio::test]
async fn variables_are_visible_inward_not_outward() {
    let def = json!({"StartAt": "S", "States": {
        "S": {"Type": "Pass", "Assign": {"outer": 1}, "Next": "M"},
        "M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "I", "States": {
            "I": {"Type": "Pass", "Assign": {"inner": 2}, "Parameters": {"o.$": "$outer"}, "End": true}}}, "Next": "After"},
        "After": {"Type": "Pass", "Parameters": {"inner.$": "$inner"}, "End": true}}});
    give(def, json!({"items": [1]}), json!({"status": "FAILED", "error": "States.Runtime"})).await;
}

#[tokio::test]
async fn wait_state_advances_the_clock_and_map_runs_every_item() {
    let clock = VirtualClock::starting_at(DateTime::UNIX_EPOCH);
    let def = json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.s", "Next": "M"},
        "M": {"Type": "Map", "MaxConcurrency": 2, "ItemSelector": {"i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value"},
              "ItemsPath": "$.xs", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}});
    let got = run_with(def, json!({"s": 3600, "xs": ["a", "b", "c"]}), clock.clone(), ExecOptions::default()).await;
    assert_eq!(got["output"], json!([{"i": 0, "v": "a"}, {"i": 1, "v": "b"}, {"i": 2, "v": "c"}]));
    assert_eq!(clock.now().timestamp(), 3600);
}

/// AWS reads a Map count found through a `…Path` from its text: a variable assigned the string
/// `"1"` sets MaxConcurrency and the tolerated failures as the number would.
#[tokio::test]
async fn map_count_paths_read_numeric_strings() {
    let map = |fields: Value| {
        let mut m = json!({"Type": "Map", "ItemsPath": "$.xs", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true});
        m.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
        json!({"StartAt": "S", "States": {"S": {"Type": "Pass", "Assign": {"n": "1", "bad": "1.5"}, "Next": "M"}, "M": m}})
    };
    let ok = json!({"status": "SUCCEEDED", "output": [1, 2]});
    give(map(json!({"MaxConcurrencyPath": "$n"})), json!({"xs": [1, 2]}), ok.clone()).await;
    give(map(json!({"ToleratedFailureCountPath": "$n", "ToleratedFailurePercentagePath": "$n"})), json!({"xs": [1, 2]}), ok).await;
    let not_int = json!({"status": "FAILED", "error": "States.Runtime", "cause_contains": "refers to value \"1.5\" which is not a valid integer: $bad"});
    give(map(json!({"MaxConcurrencyPath": "$bad"})), json!({"xs": [1, 2]}), not_int).await;
}

/// An unparsable timestamp fails as on AWS: through TimestampPath a `States.Runtime` naming the
/// path and showing the text unquoted; from a JSONata `Timestamp` a `States.QueryEvaluationError`.
#[tokio::test]
async fn wait_timestamp_errors_show_the_raw_text() {
    let at = |field: &str, value: &str| json!({"StartAt": "W", "States": {"W": {"Type": "Wait", field: value, "End": true}}});
    let prefix = "An error occurred while executing the state 'W' (entered at the event id #2). ";
    let cause = format!("{prefix}The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.at == 2024-01-01T00:00:00");
    give(at("TimestampPath", "$.at"), json!({"at": "2024-01-01T00:00:00"}), json!({"status": "FAILED", "error": "States.Runtime", "cause": cause})).await;
    give(at("TimestampPath", "$.at"), json!({"at": "2024-01-01T00:00:00.00Z"}), json!({"status": "SUCCEEDED"})).await;
    let mut ja = at("Timestamp", "{% $states.input.at %}");
    ja["QueryLanguage"] = json!("JSONata");
    let cause = format!("{prefix}The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: 2016-12-05 21:29:29Z");
    give(ja, json!({"at": "2016-12-05 21:29:29Z"}), json!({"status": "FAILED", "error": "States.QueryEvaluationError", "cause": cause})).await;
}

/// A distributed Map's ItemBatcher runs the items in batches, each iteration's input being
/// `{"Items": [...], "BatchInput": …}`: by count (literal or path), by bytes of JSON, with
/// ItemSelector applied per item first, and with a JSONata BatchInput.
#[tokio::test]
async fn item_batcher_groups_items_into_batches() {
    let map = |batcher: Value, extra: Value| {
        let mut m = json!({"Type": "Map", "ItemsPath": "$.xs", "ItemBatcher": batcher, "End": true, "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}});
        m.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        json!({"StartAt": "M", "States": {"M": m}})
    };
    let xs = json!({"xs": [1, 2, 3], "n": 2, "tag": "t"});
    let by_two = json!([{"BatchInput": {"k": "t"}, "Items": [1, 2]}, {"BatchInput": {"k": "t"}, "Items": [3]}]);
    give(map(json!({"MaxItemsPerBatch": 2, "BatchInput": {"k.$": "$.tag"}}), json!({})), xs.clone(), json!({"status": "SUCCEEDED", "output": by_two})).await;
    let no_input = json!([{"Items": [1, 2]}, {"Items": [3]}]);
    give(map(json!({"MaxItemsPerBatchPath": "$.n"}), json!({})), xs.clone(), json!({"status": "SUCCEEDED", "output": no_input})).await;
    // 1 and 2 are two bytes of JSON; 3 would make three, so it opens the next batch.
    let by_bytes = json!([{"Items": [1, 2]}, {"Items": [3]}]);
    give(map(json!({"MaxInputBytesPerBatch": 2}), json!({})), xs.clone(), json!({"status": "SUCCEEDED", "output": by_bytes})).await;
    let selected = json!([{"Items": [{"v": 1}, {"v": 2}, {"v": 3}]}]);
    give(map(json!({"MaxItemsPerBatch": 5}), json!({"ItemSelector": {"v.$": "$$.Map.Item.Value"}})), xs.clone(), json!({"status": "SUCCEEDED", "output": selected})).await;
    let mut ja = map(json!({"MaxItemsPerBatch": "{% $states.input.n %}", "BatchInput": {"k": "{% $states.input.tag %}"}}), json!({"Items": "{% $states.input.xs %}"}));
    ja["QueryLanguage"] = json!("JSONata");
    ja["States"]["M"].as_object_mut().unwrap().remove("ItemsPath");
    let by_two = json!([{"BatchInput": {"k": "t"}, "Items": [1, 2]}, {"BatchInput": {"k": "t"}, "Items": [3]}]);
    give(ja, xs.clone(), json!({"status": "SUCCEEDED", "output": by_two})).await;
    let bad = json!({"status": "FAILED", "error": "States.Runtime", "cause_contains": "MaxItemsPerBatch must be a positive integer"});
    give(map(json!({"MaxItemsPerBatchPath": "$.tag"}), json!({})), xs, bad).await;
}
