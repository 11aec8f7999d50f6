//! `{{States.Step.field}}` templates whose step has no result: the state fails with
//! `States.Runtime` (terminal: no Retry or Catch of the templated state sees it), and the cause
//! says which template, in which field, and why: the step failed (and where its Catch put the
//! error output), has not run yet, is a state type without a result, or is no state at all.

use chrono::DateTime;
use engine::clock::VirtualClock;
use engine::exec::{ExecutionInfo, Executor};
use engine::history::NullSink;
use engine::task::{FunctionSpec, TaskCall, TaskRegistry};
use serde_json::{json, Value};
use std::sync::Arc;

/// The built-in functions, and `maybe`, which fails with `DB.Down` when its input says `fail`
/// and returns `{"rows": 3}` otherwise.
fn registry() -> Arc<TaskRegistry> {
    let mut r = TaskRegistry::with_builtins();
    r.register_fn(FunctionSpec::new("maybe", "fails on request", json!({})), |call: TaskCall| async move {
        match call.input["fail"].as_bool() {
            Some(true) => Err(engine::StatesError::new("DB.Down", "no route to the database")),
            _ => Ok(json!({"rows": 3})),
        }
    });
    Arc::new(r)
}

async fn run(def: Value, input: Value) -> Value {
    let m = engine::parse_value(&def).expect("parses");
    let clock = VirtualClock::starting_at(DateTime::UNIX_EPOCH);
    let ex = Executor::builder(&m).registry(registry()).clock(clock).build().expect("compiles");
    ex.run(input, ExecutionInfo::new("t"), Arc::new(NullSink)).await.to_json()
}

/// `Ask` renders `prompt` and would catch everything (it must not catch the template's failure).
fn ask(prompt: &str) -> Value {
    json!({"Type": "Task", "Resource": "echo", "Parameters": {"prompt": prompt}, "End": true,
           "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handled"}]})
}

#[tokio::test]
async fn a_caught_failure_says_so_and_where_the_catch_put_the_error() {
    let def = json!({"StartAt": "Fetch", "States": {
        "Fetch": {"Type": "Task", "Resource": "maybe", "Parameters": {"fail": true}, "Next": "Ask",
                  "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Ask"}]},
        "Ask": ask("Summarize {{States.Fetch.rows}}"),
        "Handled": {"Type": "Pass", "End": true}}});
    let got = run(def, json!({})).await;
    assert_eq!(got["status"], "FAILED", "{got}");
    assert_eq!(got["error"], "States.Runtime", "the template's failure is terminal: {got}");
    // ExecutionStarted 1, TaskStateEntered 2, TaskScheduled 3, TaskStarted 4, TaskFailed 5,
    // TaskStateExited 6, TaskStateEntered 7.
    assert_eq!(
        got["cause"],
        "An error occurred while executing the state 'Ask' (entered at the event id #7). The template reference \
         '{{States.Fetch.rows}}' in the field 'Parameters/prompt' names the step 'Fetch', whose latest run failed with the \
         error 'DB.Down' (no route to the database); its Catch handled the error, so the step has no result: the Catch's \
         output, {\"Error\", \"Cause\"}, is at '$.error' in the input of the state the Catch went to (its ResultPath)."
    );
}

/// A result of an earlier run is not shown once a later run of the step failed.
#[tokio::test]
async fn a_later_failure_hides_an_earlier_result() {
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": "maybe", "Parameters": {"fail.$": "$.fail"}, "ResultPath": "$.a", "Next": "Flip",
              "Catch": [{"ErrorEquals": ["DB.Down"], "ResultPath": null, "Next": "Flip"}]},
        "Flip": {"Type": "Choice", "Choices": [{"Variable": "$.fail", "BooleanEquals": true, "Next": "Ask"}], "Default": "Set"},
        "Set": {"Type": "Pass", "Result": true, "ResultPath": "$.fail", "Next": "A"},
        "Ask": ask("{{States.A.rows}} rows"),
        "Handled": {"Type": "Pass", "End": true}}});
    let got = run(def, json!({"fail": false})).await;
    let cause = got["cause"].as_str().unwrap_or_default();
    assert!(cause.contains("names the step 'A', whose latest run failed with the error 'DB.Down'"), "{got}");
    assert!(cause.ends_with("the Catch's output, {\"Error\", \"Cause\"}, was discarded (its ResultPath is null)."), "{got}");
}

#[tokio::test]
async fn not_run_yet_no_result_and_no_such_state_are_told_apart() {
    let machine = |prompt: &str| json!({"StartAt": "Pick", "States": {
        "Pick": {"Type": "Choice", "Choices": [{"Variable": "$.go", "IsPresent": true, "Next": "Ask"}], "Default": "Later"},
        "Ask": ask(prompt),
        "Later": {"Type": "Pass", "End": true},
        "Handled": {"Type": "Pass", "End": true}}});
    for (prompt, says) in [
        ("{{States.Later.x}}", "names the step 'Later', which has not run yet in this execution, so it has no result to give."),
        ("{{States.Pick.x}}", "names the step 'Pick', a Choice state, which produces no result; name a Task, Pass, Parallel or Map state."),
        ("{{States.Nope.x}}", "names the step 'Nope', but the state machine has no state named 'Nope'."),
    ] {
        let got = run(machine(prompt), json!({"go": 1})).await;
        assert_eq!(got["error"], "States.Runtime", "{prompt}: {got}");
        let cause = got["cause"].as_str().unwrap_or_default();
        assert!(cause.contains("in the field 'Parameters/prompt'") && cause.ends_with(says), "{prompt}: {cause}");
    }
}

/// A JSONata state's caught failure leaves it without a result too (its Catch's output is the
/// state's output), and so does an execution's history read back for TestState or a redrive.
#[tokio::test]
async fn a_caught_jsonata_failure_has_no_result_live_or_read_back() {
    use engine::exec::results_from_history;
    use engine::history::MemorySink;
    let def = json!({"StartAt": "Fetch", "States": {
        "Fetch": {"Type": "Task", "QueryLanguage": "JSONata", "Resource": "maybe", "Arguments": {"fail": true}, "Next": "Ask",
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Ask"}]},
        "Ask": ask("{{States.Fetch.rows}}"),
        "Handled": {"Type": "Pass", "End": true}}});
    let got = run(def.clone(), json!({})).await;
    let cause = got["cause"].as_str().unwrap_or_default();
    assert!(cause.contains("names the step 'Fetch', whose latest run failed with the error 'DB.Down'"), "{got}");
    assert!(cause.ends_with("is the state's output ($states.errorOutput, unless the Catch's Output made another)."), "{got}");
    let m = engine::parse_value(&def).unwrap();
    let ex = Executor::builder(&m).registry(registry()).build().unwrap();
    let sink = Arc::new(MemorySink::default());
    ex.run(json!({}), ExecutionInfo::new("t"), sink.clone()).await;
    assert!(!results_from_history(&sink.events()).contains_key("Fetch"));
}
