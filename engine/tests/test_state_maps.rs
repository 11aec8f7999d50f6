//! TestState on a Map or Parallel (`engine::exec::test_state`): as on AWS, a mock stands for
//! the iterations' or branches' work (none run), weighed against the Map's tolerated failures;
//! without one the state is refused.

use chrono::Utc;
use engine::clock::VirtualClock;
use engine::exec::test_state::{test_state, InspectionLevel, Mock, TestStateError, TestStateRequest};
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

/// A Map whose iterations would fail for real: the mock stands for their work.
fn failing_map(extra: Value) -> Value {
    let mut map = json!({"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2, "ResultPath": "$.out", "End": true,
        "ItemProcessor": {"StartAt": "Boom", "States": {"Boom": {"Type": "Fail", "Error": "Real"}}}});
    map.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    map
}

#[test]
fn a_mocked_map_returns_the_mock_and_reports_its_settings() {
    let req = TestStateRequest {
        mock: Some(Mock::Result(json!([1, 4, 9]))),
        ..bare(failing_map(json!({"ToleratedFailureCount": 1})), json!({"items": ["a", "b", "c"]}))
    };
    let got = run(req).unwrap();
    assert_eq!(got["status"], "SUCCEEDED", "{got}");
    assert_eq!(got["output"], json!({"items": ["a", "b", "c"], "out": [1, 4, 9]}));
    let data = &got["inspectionData"];
    assert_eq!(data["maxConcurrency"], 2);
    assert_eq!(data["toleratedFailureCount"], 1);
    assert_eq!(data["afterItemsPath"], json!(["a", "b", "c"]));
}

#[test]
fn a_mocked_maps_failed_iterations_count_against_its_tolerance_only_when_it_has_one() {
    let items = json!({"items": ["a", "b", "c"]});
    let over = |extra: Value| TestStateRequest {
        mock: Some(Mock::Result(json!([0, 0, 1]))),
        map_iteration_failure_count: 2,
        ..bare(failing_map(extra), items.clone())
    };
    let got = run(over(json!({"ToleratedFailureCount": 1}))).unwrap();
    assert_eq!((got["status"].as_str(), got["error"].as_str()), (Some("FAILED"), Some("States.ExceedToleratedFailureThreshold")), "{got}");
    let caught = json!({"ToleratedFailurePercentage": 50, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handle"}]});
    let got = run(over(caught)).unwrap();
    assert_eq!((got["status"].as_str(), got["nextState"].as_str()), (Some("CAUGHT_ERROR"), Some("Handle")), "{got}");
    assert_eq!(got["inspectionData"]["toleratedFailurePercentage"], 50.0);
    // Without a tolerance AWS's TestState does not weigh the failures.
    assert_eq!(run(over(json!({}))).unwrap()["status"], "SUCCEEDED");
}

#[test]
fn a_mocked_parallel_or_map_error_is_the_states_own_failure() {
    let branches = json!([{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}]);
    let parallel = json!({"Type": "Parallel", "Branches": branches, "End": true,
        "Catch": [{"ErrorEquals": ["MockException"], "ResultPath": "$.err", "Next": "Handle"}]});
    let error = Mock::Error { error: "MockException".into(), cause: "mocked".into() };
    let req = TestStateRequest { mock: Some(error.clone()), error_caused_by_state: Some("A".into()), ..bare(parallel.clone(), json!({})) };
    let got = run(req).unwrap();
    assert_eq!(got["status"], "CAUGHT_ERROR", "{got}");
    assert_eq!(got["output"], json!({"err": {"Error": "MockException", "Cause": "mocked"}}));
    assert_eq!(got["inspectionData"]["errorDetails"], json!({"catchIndex": 0}));
    let req = TestStateRequest { mock: Some(Mock::Result(json!(["x"]))), ..bare(parallel.clone(), json!({})) };
    assert_eq!(run(req).unwrap()["output"], json!(["x"]));
    // One output per branch, as AWS checks.
    let req = TestStateRequest { mock: Some(Mock::Result(json!(["x", "y"]))), ..bare(parallel.clone(), json!({})) };
    assert!(matches!(run(req), Err(TestStateError::Unsupported(m)) if m.contains("number of Parallel branches")));
    // The state the error stands for must be inside the tested one.
    let req = TestStateRequest { mock: Some(error.clone()), error_caused_by_state: Some("Nope".into()), ..bare(parallel, json!({})) };
    assert!(matches!(run(req), Err(TestStateError::Unsupported(m)) if m.contains("Nope")));
    let req = TestStateRequest { mock: Some(error), ..bare(failing_map(json!({})), json!({"items": [1]})) };
    let got = run(req).unwrap();
    assert_eq!((got["status"].as_str(), got["error"].as_str()), (Some("FAILED"), Some("MockException")), "{got}");
}

#[test]
fn a_map_or_parallel_without_a_mock_is_refused_as_on_aws() {
    let parallel = json!({"Type": "Parallel", "End": true, "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}]});
    let map = failing_map(json!({}));
    let aws = "TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]";
    for state in [parallel.clone(), map] {
        let err = run(bare(state, json!({"items": [1]}))).unwrap_err();
        assert_eq!(err, TestStateError::MockRequired(aws.into()));
    }
    // Named in a whole machine too; a state nested in it is tested on its own, without a mock.
    let def = json!({"StartAt": "P", "States": {"P": parallel}});
    let err = run(TestStateRequest { definition: def.clone(), ..Default::default() }).unwrap_err();
    assert!(matches!(err, TestStateError::MockRequired(_)), "{err}");
    let inner = TestStateRequest { definition: def, state_name: Some("A".into()), ..Default::default() };
    assert_eq!(run(inner).unwrap()["status"], "SUCCEEDED");
}

#[test]
fn a_map_counts_the_given_item_reader_data_against_its_tolerated_percentage() {
    let map = json!({"Type": "Map", "QueryLanguage": "JSONata", "ToleratedFailurePercentage": 50, "End": true,
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"}, "Arguments": {"Bucket": "b", "Key": "k"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Double",
            "States": {"Double": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.input * 2 %}", "End": true}}}});
    let req = |failed: u64| TestStateRequest {
        mock: Some(Mock::Result(json!([2, 4, 6, 8]))),
        map_item_reader_data: Some(json!([1, 2, 3, 4])),
        map_iteration_failure_count: failed,
        ..bare(map.clone(), json!({}))
    };
    let got = run(req(2)).unwrap();
    assert_eq!((got["status"].as_str(), &got["output"]), (Some("SUCCEEDED"), &json!([2, 4, 6, 8])), "{got}");
    let got = run(req(3)).unwrap();
    assert_eq!((got["status"].as_str(), got["error"].as_str()), (Some("FAILED"), Some("States.ExceedToleratedFailureThreshold")), "{got}");
}

#[test]
fn a_next_state_named_like_a_nested_state_does_not_clash_with_it() {
    // Names are unique across a machine, so the placeholder for `Work` (the Map's next state)
    // cannot take the name of the `Work` inside its processor; the answer still names `Work`.
    let map = json!({"Type": "Map", "Next": "Work", "ItemProcessor": {"StartAt": "Work", "States": {"Work": {"Type": "Pass", "End": true}}}});
    let got = run(TestStateRequest { mock: Some(Mock::Result(json!([1, 2]))), ..bare(map, json!([1, 2])) }).unwrap();
    assert_eq!((got["status"].as_str(), got["nextState"].as_str(), &got["output"]), (Some("SUCCEEDED"), Some("Work"), &json!([1, 2])), "{got}");
}

/// An execution's `(error, cause)` for `state` as the only state of a machine.
fn executed(state: &Value, input: Value) -> (String, String) {
    use engine::exec::{ExecutionInfo, Executor, Outcome};
    use engine::history::MemorySink;
    let def = json!({"StartAt": "M", "States": {"M": state}});
    let ex = Executor::builder(&engine::parse_value(&def).unwrap()).build().unwrap();
    match block_on(ex.run(input, ExecutionInfo::new("t"), Arc::new(MemorySink::default()))) {
        Outcome::Failed(e) => (e.error, e.cause),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_items_path_that_selects_no_array_fails_in_aws_words_with_the_bare_cause() {
    // AWS's TestState (recorded): `Reference path "$.Execution.Input" must point to array.` for
    // `$$.Execution.Input`, with no "An error occurred while executing the state" prefix.
    let map = failing_map(json!({"ItemsPath": "$.items.first"}));
    let req = TestStateRequest { mock: Some(Mock::Result(json!([]))), ..bare(map.clone(), json!({"items": {"first": {"a": 1}}})) };
    let got = run(req).unwrap();
    assert_eq!((got["status"].as_str(), got["error"].as_str()), (Some("FAILED"), Some("States.Runtime")), "{got}");
    assert_eq!(got["cause"], "Reference path \"$.items.first\" must point to array.");
    assert_eq!(got["inspectionData"], json!({"input": {"items": {"first": {"a": 1}}}, "afterInputPath": {"items": {"first": {"a": 1}}}}));
    // An execution says the same after its prefix.
    let (error, cause) = executed(&map, json!({"items": {"first": {"a": 1}}}));
    assert_eq!(error, "States.Runtime");
    assert_eq!(cause, "An error occurred while executing the state 'M' (entered at the event id #2). Reference path \"$.items.first\" must point to array.");
    // Without ItemsPath, the path is `$`.
    let map = failing_map(json!({}));
    let map = json!({"Type": "Map", "ItemProcessor": map["ItemProcessor"], "End": true});
    let got = run(TestStateRequest { mock: Some(Mock::Result(json!([]))), ..bare(map, json!({"a": 1})) }).unwrap();
    assert_eq!(got["cause"], "Reference path \"$\" must point to array.", "{got}");
}
