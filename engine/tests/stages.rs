//! Every `*StateExited` event carries the data-flow stages the state has, so the execution
//! view can show input → InputPath → Parameters → result → ResultSelector → ResultPath → output.

use engine::exec::{ExecutionInfo, Executor};
use engine::history::{EventType, MemorySink};
use futures::executor::block_on;
use serde_json::json;
use std::sync::Arc;

#[test]
fn task_pass_and_catch_exits_show_each_stage() {
    let def = json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "echo", "InputPath": "$.in", "Parameters": {"v.$": "$.x"},
              "ResultSelector": {"w.$": "$.v"}, "ResultPath": "$.r", "OutputPath": "$.r", "Next": "P"},
        "P": {"Type": "Pass", "Parameters": {"y.$": "$.w"}, "Next": "F"},
        "F": {"Type": "Task", "Resource": "fail", "Parameters": {"error": "E", "cause": "c"},
              "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "Done"}], "Next": "Done"},
        "Done": {"Type": "Succeed"}}});
    let ex = Executor::builder(&engine::parse_value(&def).unwrap()).build().unwrap();
    let sink = Arc::new(MemorySink::default());
    block_on(ex.run(json!({"in": {"x": 7}}), ExecutionInfo::new("t"), sink.clone()));
    let exits: Vec<_> = sink.events().into_iter().filter(|e| e.event_type == EventType::TaskStateExited || e.event_type == EventType::PassStateExited).collect();
    assert_eq!(exits[0].details["stages"], json!({
        "inputPath": {"x": 7}, "parameters": {"v": 7}, "result": {"v": 7},
        "resultSelector": {"w": 7}, "resultPath": {"in": {"x": 7}, "r": {"w": 7}}}));
    assert_eq!(exits[0].details["output"], json!({"w": 7}));
    assert_eq!(exits[1].details["stages"], json!({"parameters": {"y": 7}, "result": {"y": 7}, "resultPath": {"y": 7}}));
    assert_eq!(exits[2].details["stages"], json!({
        "error": {"Error": "E", "Cause": "c"}, "resultPath": {"y": 7, "err": {"Error": "E", "Cause": "c"}}}));
}
