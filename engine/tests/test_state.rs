//! AWS's TestState (`engine::exec::test_state`): one state run on an input, with its status,
//! output, next state and data flow stage by stage.

use chrono::Utc;
use engine::clock::VirtualClock;
use engine::exec::test_state::{test_state, InspectionLevel, Mock, TestStateError, TestStateRequest, TestStatus};
use engine::task::TaskRegistry;
use futures::executor::block_on;
use serde_json::{json, Value};
use std::sync::Arc;

fn run(req: TestStateRequest) -> Result<Value, TestStateError> {
    let r = block_on(test_state(req, Arc::new(TaskRegistry::with_builtins()), VirtualClock::starting_at(Utc::now())))?;
    Ok(serde_json::to_value(r).unwrap())
}

fn bare(definition: Value, input: Value) -> TestStateRequest {
    TestStateRequest { definition, input, inspection_level: InspectionLevel::Debug, ..Default::default() }
}

#[test]
fn a_task_shows_every_stage_and_its_next_state() {
    let state = json!({"Type": "Task", "Resource": "echo", "InputPath": "$.in", "Parameters": {"v.$": "$.x"},
        "ResultSelector": {"w.$": "$.v"}, "ResultPath": "$.r", "OutputPath": "$.r", "Next": "After"});
    let got = run(bare(state, json!({"in": {"x": 7}}))).unwrap();
    assert_eq!(got, json!({
        "status": "SUCCEEDED", "output": {"w": 7}, "nextState": "After",
        "inspectionData": {
            "input": {"in": {"x": 7}}, "afterInputPath": {"x": 7}, "afterParameters": {"v": 7},
            "result": {"v": 7}, "afterResultSelector": {"w": 7}, "afterResultPath": {"in": {"x": 7}, "r": {"w": 7}}}}));
}

#[test]
fn a_state_of_a_whole_machine_nested_in_a_parallel_branch() {
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "Parameters": {"n.$": "$.n"}, "Next": "Done"}, "Done": {"Type": "Succeed"}}}]}}});
    let req = TestStateRequest { definition: def, state_name: Some("Inner".into()), input: json!({"n": 1, "m": 2}), inspection_level: InspectionLevel::Debug, ..Default::default() };
    let got = run(req).unwrap();
    assert_eq!(got["status"], "SUCCEEDED");
    assert_eq!(got["output"], json!({"n": 1}));
    assert_eq!(got["nextState"], "Done");
    assert_eq!(got["inspectionData"]["afterParameters"], json!({"n": 1}));
}

#[test]
fn a_choice_names_the_branch_taken_even_when_it_loops_back() {
    let state = json!({"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 3, "Next": "Loop"}], "Default": "Out"});
    let looping = TestStateRequest { state_name: Some("Loop".into()), ..bare(state.clone(), json!({"n": 1})) };
    let got = run(looping).unwrap();
    assert_eq!((got["status"].as_str(), got["nextState"].as_str()), (Some("SUCCEEDED"), Some("Loop")));
    assert_eq!(run(bare(state, json!({"n": 5}))).unwrap()["nextState"], "Out");
}

#[test]
fn failures_are_failed_caught_or_retriable() {
    let failing = json!({"Type": "Task", "Resource": "fail", "Parameters": {"error": "Boom", "cause": "it broke"}, "End": true});
    let got = run(bare(failing.clone(), json!({}))).unwrap();
    assert_eq!(got, json!({"status": "FAILED", "error": "Boom", "cause": "it broke", "inspectionData": {
        "input": {}, "afterInputPath": {}}}));

    let mut caught = failing.clone();
    caught["Catch"] = json!([{"ErrorEquals": ["Other"], "Next": "No"}, {"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "Handle"}]);
    let got = run(bare(caught.clone(), json!({"a": 1}))).unwrap();
    assert_eq!(got["status"], "CAUGHT_ERROR");
    assert_eq!(got["nextState"], "Handle");
    assert_eq!(got["error"], "Boom");
    assert_eq!(got["output"], json!({"a": 1, "err": {"Error": "Boom", "Cause": "it broke"}}));
    assert_eq!(got["inspectionData"]["errorDetails"], json!({"catchIndex": 1}));

    // A retrier comes first: the execution would retry, after 3 × 2^1 s on the second retry.
    let mut retried = caught;
    retried["Retry"] = json!([{"ErrorEquals": ["Boom"], "IntervalSeconds": 3, "MaxAttempts": 2}]);
    let req = TestStateRequest { retrier_retry_count: 1, ..bare(retried.clone(), json!({})) };
    let got = run(req).unwrap();
    assert_eq!(got["status"], "RETRIABLE");
    assert_eq!(got["inspectionData"]["errorDetails"], json!({"retryIndex": 0, "retryBackoffIntervalSeconds": 6}));
    assert!(got.get("output").is_none() && got.get("nextState").is_none());
    // Its attempts used up, the catcher takes over.
    let req = TestStateRequest { retrier_retry_count: 2, ..bare(retried, json!({})) };
    assert_eq!(run(req).unwrap()["status"], "CAUGHT_ERROR");
}

#[test]
fn a_mock_stands_in_for_the_call() {
    let state = json!({"Type": "Task", "Resource": "call_llm", "Parameters": {"prompt.$": "$.q"}, "ResultPath": "$.answer", "End": true});
    let req = TestStateRequest { mock: Some(Mock::Result(json!({"text": "42"}))), ..bare(state.clone(), json!({"q": "?"})) };
    let got = run(req).unwrap();
    assert_eq!(got["output"], json!({"q": "?", "answer": {"text": "42"}}));
    assert_eq!(got["inspectionData"]["afterParameters"], json!({"prompt": "?"}));
    let req = TestStateRequest { mock: Some(Mock::Error { error: "Llm.RateLimited".into(), cause: "slow down".into() }), ..bare(state, json!({"q": "?"})) };
    let got = run(req).unwrap();
    assert_eq!((got["status"].as_str(), got["error"].as_str()), (Some("FAILED"), Some("Llm.RateLimited")));
    let pass = bare(json!({"Type": "Pass", "End": true}), json!({}));
    let err = run(TestStateRequest { mock: Some(Mock::Result(json!(1))), ..pass }).unwrap_err();
    assert!(matches!(err, TestStateError::Unsupported(_)), "{err}");
}

#[test]
fn variables_are_visible_and_assignments_reported() {
    let state = json!({"Type": "Pass", "Parameters": {"greeting.$": "States.Format('hi {}', $who)"}, "Assign": {"said.$": "$.greeting"}, "End": true});
    let req = TestStateRequest { variables: serde_json::from_value(json!({"who": "Ada"})).unwrap(), ..bare(state, json!({"n": 2})) };
    let got = run(req).unwrap();
    assert_eq!(got["output"], json!({"greeting": "hi Ada"}), "{got}");
    assert_eq!(got["inspectionData"]["input"], json!({"n": 2}));
    assert_eq!(got["inspectionData"]["variables"], json!({"who": "Ada", "said": "hi Ada"}));
}

#[test]
fn jsonata_states_report_their_arguments() {
    let state = json!({"Type": "Task", "QueryLanguage": "JSONata", "Resource": "echo", "Arguments": {"double": "{% $states.input.n * 2 %}"},
        "Output": "{% $states.result.double + 1 %}", "End": true});
    let got = run(bare(state, json!({"n": 4}))).unwrap();
    assert_eq!(got["output"], json!(9));
    assert_eq!(got["inspectionData"], json!({"input": {"n": 4}, "afterArguments": {"double": 8}, "result": {"double": 8}}));
}

#[test]
fn a_wait_does_not_wait_and_a_fail_fails() {
    let got = run(bare(json!({"Type": "Wait", "Seconds": 86400, "Next": "Later"}), json!({"k": 1}))).unwrap();
    assert_eq!((got["status"].as_str(), got["nextState"].as_str()), (Some("SUCCEEDED"), Some("Later")));
    let got = run(bare(json!({"Type": "Fail", "Error": "Nope", "Cause": "because"}), json!({}))).unwrap();
    assert_eq!(got["status"], "FAILED");
    assert_eq!((got["error"].as_str(), got["cause"].as_str()), (Some("Nope"), Some("because")));
}

#[test]
fn bad_requests_say_where() {
    let err = run(bare(json!({"Type": "Pass", "ResultPath": "not a path", "End": true}), json!({}))).unwrap_err();
    let TestStateError::Invalid(problems) = err else { panic!("{err}") };
    assert!(problems.iter().any(|p| p.path == "/ResultPath"), "{problems:?}");
    let def = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "ResultPath": 5, "End": true}}});
    let TestStateError::Invalid(problems) = run(TestStateRequest { definition: def.clone(), ..Default::default() }).unwrap_err() else { panic!() };
    assert!(problems.iter().any(|p| p.path == "/States/A/ResultPath"), "{problems:?}");
    let missing = run(TestStateRequest { definition: def, state_name: Some("Z".into()), ..Default::default() }).unwrap_err();
    assert!(matches!(missing, TestStateError::NoSuchState(_)), "{missing}");
    assert!(matches!(run(bare(json!({"Comment": "x"}), json!({}))).unwrap_err(), TestStateError::NotAState(_)));
    assert!(matches!(run(bare(json!([1]), json!({}))).unwrap_err(), TestStateError::NotAState(_)));
}

#[test]
fn statuses_use_aws_names() {
    assert_eq!(serde_json::to_value(TestStatus::CaughtError).unwrap(), "CAUGHT_ERROR");
}

#[test]
fn step_templates_read_the_given_results_of_earlier_steps() {
    let state = json!({"Type": "Task", "Resource": "echo", "Parameters": {"prompt": "{{States.Size.bytes}} bytes"}, "End": true});
    let got = run(bare(state.clone(), json!({}))).unwrap();
    assert_eq!(got["status"], "FAILED");
    assert!(got["cause"].as_str().unwrap().contains("'Size'"), "{got}");
    let req = TestStateRequest { step_results: serde_json::from_value(json!({"Size": {"bytes": 512}})).unwrap(), ..bare(state, json!({})) };
    assert_eq!(run(req).unwrap()["output"], json!({"prompt": "512 bytes"}));
}

#[test]
fn an_executions_history_gives_back_the_results_templates_saw() {
    use engine::exec::{results_from_history, ExecutionInfo, Executor};
    use engine::history::MemorySink;
    let def = json!({"StartAt": "Size", "States": {
        "Size": {"Type": "Task", "Resource": "echo", "Parameters": {"bytes": 512, "junk": 1}, "ResultSelector": {"bytes.$": "$.bytes"}, "ResultPath": "$.size", "Next": "Fails"},
        "Fails": {"Type": "Task", "Resource": "fail", "Parameters": {"error": "E"}, "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "Says"}], "Next": "Says"},
        "Says": {"Type": "Task", "Resource": "echo", "QueryLanguage": "JSONata", "Arguments": {"t": "{% 'hi' %}"}, "Output": "{% $states.result.t %}", "End": true}}});
    let ex = Executor::builder(&engine::parse_value(&def).unwrap()).build().unwrap();
    let sink = Arc::new(MemorySink::default());
    block_on(ex.run(json!({}), ExecutionInfo::new("t"), sink.clone()));
    assert_eq!(Value::Object(results_from_history(&sink.events())), json!({"Size": {"bytes": 512}, "Says": "hi"}));
}

#[test]
fn inspection_level_info_leaves_the_stages_out_as_on_aws() {
    let state = json!({"Type": "Pass", "Parameters": {"v.$": "$.x"}, "End": true});
    let req = TestStateRequest { inspection_level: InspectionLevel::Info, ..bare(state.clone(), json!({"x": 1})) };
    assert_eq!(run(req).unwrap(), json!({"status": "SUCCEEDED", "output": {"v": 1}}));
    let req = TestStateRequest { inspection_level: InspectionLevel::Trace, ..bare(state, json!({"x": 1})) };
    assert_eq!(run(req).unwrap()["inspectionData"]["afterParameters"], json!({"v": 1}));
}

#[test]
fn a_mock_or_failure_count_on_a_state_that_cannot_take_it_is_refused() {
    let pass = json!({"Type": "Pass", "End": true});
    let req = TestStateRequest { mock: Some(Mock::Result(json!(1))), ..bare(pass.clone(), json!({})) };
    assert!(matches!(run(req), Err(TestStateError::Unsupported(_))));
    let req = TestStateRequest { map_iteration_failure_count: 1, ..bare(pass, json!({})) };
    assert!(matches!(run(req), Err(TestStateError::Unsupported(m)) if m.contains("mapIterationFailureCount")));
}

#[test]
fn a_given_context_object_is_what_the_state_sees_and_is_checked_as_aws_checks_it() {
    let state = json!({"Type": "Pass", "Parameters": {"who.$": "$$.Execution.Name", "state.$": "$$.State.Name"}, "End": true});
    let context = json!({"Execution": {"Name": "run-7"}, "State": {"Name": "Elsewhere"}});
    let req = TestStateRequest { context: Some(context), ..bare(state.clone(), json!({})) };
    assert_eq!(run(req).unwrap()["output"], json!({"who": "run-7", "state": "Elsewhere"}));
    for (bad, says) in [
        (json!({"Pokedex": {}}), "Field 'Pokedex' is not allowed"),
        (json!({"Execution": {"Id": 7}}), "Execution.Id must be a string"),
        (json!({"Map": {}}), "'Map' field is not supported"),
        (json!({"Task": {"Token": "t"}}), "'.sync' or '.waitForTaskToken'"),
    ] {
        let req = TestStateRequest { context: Some(bad), ..bare(state.clone(), json!({})) };
        assert!(matches!(run(req), Err(TestStateError::Unsupported(m)) if m.contains(says)));
    }
}

#[test]
fn an_engine_raised_cause_is_bare_as_on_aws_and_so_is_the_catchers_copy() {
    // TestState has no event ids: AWS answers without "An error occurred while executing the
    // state 'X' (entered at the event id #N).", which an execution's cause begins with.
    let state = json!({"Type": "Task", "QueryLanguage": "JSONata", "Resource": "echo", "Arguments": {"x": "{% $states.input.missing %}"},
        "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"], "Next": "Handle"}], "End": true});
    let cause = "The JSONata expression '$states.input.missing' specified for the field 'Arguments/x' returned nothing (undefined).";
    let got = run(bare(state.clone(), json!({}))).unwrap();
    assert_eq!((got["status"].as_str(), got["nextState"].as_str()), (Some("CAUGHT_ERROR"), Some("Handle")), "{got}");
    assert_eq!((got["error"].as_str(), got["cause"].as_str()), (Some("States.QueryEvaluationError"), Some(cause)));
    assert_eq!(got["output"], json!({"Error": "States.QueryEvaluationError", "Cause": cause}));
    let mut uncaught = state;
    uncaught.as_object_mut().unwrap().remove("Catch");
    let got = run(bare(uncaught, json!({}))).unwrap();
    assert_eq!((got["status"].as_str(), got["cause"].as_str()), (Some("FAILED"), Some(cause)), "{got}");
}
