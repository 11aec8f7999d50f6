//! JSONata states run end to end (`QueryLanguage: "JSONata"`): Arguments, Output, Assign,
//! `$states`, Catch, Choice conditions, Map Items/ItemSelector, the single-value fields, and
//! AWS's error names and causes. Table-driven: a definition, an input, the expected outcome.

use chrono::DateTime;
use engine::clock::VirtualClock;
use engine::exec::{ExecOptions, ExecutionInfo, Executor};
use engine::history::NullSink;
use serde_json::{json, Value};
use std::sync::Arc;

async fn run(def: Value, input: Value) -> Value {
    let m = engine::parse_value(&def).expect("parses");
    let clock = VirtualClock::starting_at(DateTime::UNIX_EPOCH);
    let ex = Executor::builder(&m).clock(clock).options(ExecOptions::default()).build().expect("compiles");
    ex.run(input, ExecutionInfo::new("t"), Arc::new(NullSink)).await.to_json()
}

/// Runs `states` (a JSONata machine starting at the first state) and compares the fields of
/// `expected` with the outcome.
async fn give(start: &str, states: Value, input: Value, expected: Value) {
    let def = json!({"QueryLanguage": "JSONata", "StartAt": start, "States": states});
    let got = run(def.clone(), input).await;
    for (k, v) in expected.as_object().unwrap() {
        assert_eq!(&got[k], v, "{def}\n got {got}");
    }
}

#[tokio::test]
async fn task_arguments_output_and_assign() {
    let states = json!({
        "T": {"Type": "Task", "Resource": "echo", "Arguments": {"n": "{% $states.input.x * 2 %}", "fixed": "$.not.a.path"},
              "Assign": {"seen": "{% $states.result.n %}", "before": "{% $states.input.x %}"},
              "Output": {"r": "{% $states.result %}", "in": "{% $states.input %}"}, "Next": "P"},
        "P": {"Type": "Pass", "Output": "{% [$seen, $before] %}", "End": true}
    });
    give("T", states.clone(), json!({"x": 3}), json!({"status": "SUCCEEDED", "output": [6, 3]})).await;
    let mut only = states;
    only["T"]["End"] = json!(true);
    only["T"].as_object_mut().unwrap().remove("Next");
    give("T", only, json!({"x": 1.5}), json!({"output": {"r": {"n": 3, "fixed": "$.not.a.path"}, "in": {"x": 1.5}}})).await;
}

#[tokio::test]
async fn defaults_output_is_result_or_input() {
    let states = json!({
        "T": {"Type": "Task", "Resource": "echo", "Arguments": {"a": 1}, "Next": "W"},
        "W": {"Type": "Wait", "Seconds": "{% $states.input.a %}", "Next": "S"},
        "S": {"Type": "Succeed"}
    });
    give("T", states.clone(), json!({"ignored": true}), json!({"status": "SUCCEEDED", "output": {"a": 1}})).await;
    // Wait and Succeed have Output and Assign too.
    let mut shaped = states;
    shaped["W"]["Output"] = json!({"waited": "{% $states.input.a %}"});
    shaped["W"]["Assign"] = json!({"w": "{% $states.input.a + 1 %}"});
    shaped["S"]["Output"] = json!({"in": "{% $states.input %}", "w": "{% $w %}"});
    give("T", shaped, json!({}), json!({"status": "SUCCEEDED", "output": {"in": {"waited": 1}, "w": 2}})).await;
}

#[tokio::test]
async fn assign_sees_variables_from_before_the_state() {
    let states = json!({
        "A": {"Type": "Pass", "Assign": {"v": 1}, "Next": "B"},
        "B": {"Type": "Pass", "Assign": {"v": 2, "old": "{% $v %}"}, "Output": "{% $v %}", "Next": "C"},
        "C": {"Type": "Pass", "Output": {"v": "{% $v %}", "old": "{% $old %}", "prev": "{% $states.input %}"}, "End": true}
    });
    give("A", states, json!({}), json!({"output": {"v": 2, "old": 1, "prev": 1}})).await;
}

#[tokio::test]
async fn catch_output_and_assign_read_the_error_output() {
    let states = json!({
        "T": {"Type": "Task", "Resource": "fail", "Arguments": {"error": "Boom", "cause": "why"},
              "Catch": [{"ErrorEquals": ["Boom"], "Next": "H", "Assign": {"err": "{% $states.errorOutput.Error %}"},
                         "Output": {"e": "{% $states.errorOutput %}", "in": "{% $states.input %}"}}]},
        "H": {"Type": "Pass", "Output": {"caught": "{% $states.input %}", "err": "{% $err %}"}, "End": true}
    });
    let out = json!({"caught": {"e": {"Error": "Boom", "Cause": "why"}, "in": {"k": 1}}, "err": "Boom"});
    give("T", states, json!({"k": 1}), json!({"status": "SUCCEEDED", "output": out})).await;
    let plain = json!({
        "T": {"Type": "Task", "Resource": "fail", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}]},
        "H": {"Type": "Succeed"}
    });
    give("T", plain, json!({}), json!({"output": {"Error": "States.TaskFailed", "Cause": "failed on purpose"}})).await;
}

#[tokio::test]
async fn choice_conditions_and_rule_assign() {
    let states = json!({
        "C": {"Type": "Choice", "Choices": [
                {"Condition": "{% $states.input.n > 10 %}", "Next": "Big", "Assign": {"size": "big"}, "Output": {"n": "{% $states.input.n %}"}}],
              "Default": "Small", "Assign": {"size": "small"}},
        "Big": {"Type": "Pass", "Output": {"size": "{% $size %}", "in": "{% $states.input %}"}, "End": true},
        "Small": {"Type": "Pass", "Output": {"size": "{% $size %}", "in": "{% $states.input %}"}, "End": true}
    });
    give("C", states.clone(), json!({"n": 11, "x": 0}), json!({"output": {"size": "big", "in": {"n": 11}}})).await;
    give("C", states, json!({"n": 1}), json!({"output": {"size": "small", "in": {"n": 1}}})).await;
    let not_bool = json!({"C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n %}", "Next": "E"}]}, "E": {"Type": "Succeed"}});
    let cause = "An error occurred while executing the state 'C' (entered at the event id #2). The JSONata expression '$states.input.n' specified for the field 'Choices[0]/Condition' returned an unexpected result type. Expected 'boolean', but was 'number' for value: 1";
    give("C", not_bool, json!({"n": 1}), json!({"error": "States.QueryEvaluationError", "cause": cause})).await;
}

#[tokio::test]
async fn a_choice_states_own_output_and_assign_belong_to_its_default() {
    let states = json!({
        "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.go %}", "Next": "P"}],
              "Default": "P", "Output": {"from": "default"}, "Assign": {"v": "default"}},
        "P": {"Type": "Pass", "Output": {"in": "{% $states.input %}", "v": "{% $exists($v) ? $v : 'unset' %}"}, "End": true}
    });
    give("C", states.clone(), json!({"go": true}), json!({"output": {"in": {"go": true}, "v": "unset"}})).await;
    give("C", states, json!({"go": false}), json!({"output": {"in": {"from": "default"}, "v": "default"}})).await;
    // The same in JSONPath: a matched rule without Assign assigns nothing.
    let def = json!({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.go", "BooleanEquals": true, "Next": "P"}], "Default": "P", "Assign": {"v": "default"}},
        "P": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $exists($v) ? $v : 'unset' %}", "End": true}
    }});
    assert_eq!(run(def.clone(), json!({"go": true})).await["output"], json!("unset"));
    assert_eq!(run(def, json!({"go": false})).await["output"], json!("default"));
}

#[tokio::test]
async fn map_items_selector_and_limits() {
    let states = json!({"M": {"Type": "Map", "Items": "{% $states.input.xs %}", "MaxConcurrency": "{% 1 %}",
        "ItemSelector": {"v": "{% $states.context.Map.Item.Value * 10 %}", "i": "{% $states.context.Map.Item.Index %}", "tag": "{% $states.input.tag %}"},
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
        "Output": "{% $states.result.v %}", "End": true}});
    give("M", states, json!({"xs": [1, 2], "tag": "t"}), json!({"status": "SUCCEEDED", "output": [10, 20]})).await;
    let no_array = json!({"M": {"Type": "Map", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}});
    let cause = "An error occurred while executing the state 'M' (entered at the event id #2). Map state input must be an array but was: {\"a\":1}";
    give("M", no_array, json!({"a": 1}), json!({"error": "States.QueryEvaluationError", "cause": cause})).await;
}

#[tokio::test]
async fn parallel_arguments_and_inner_states_inherit_jsonata() {
    let states = json!({"Par": {"Type": "Parallel", "Arguments": {"x": "{% $states.input.x + 1 %}"},
        "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $states.input.x %}", "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}],
        "Output": {"all": "{% $states.result %}"}, "End": true}});
    give("Par", states, json!({"x": 1}), json!({"output": {"all": [2, {"x": 2}]}})).await;
}

#[tokio::test]
async fn fail_error_and_cause_are_expressions() {
    let states = json!({"F": {"Type": "Fail", "Error": "{% 'E.' & $states.input.code %}", "Cause": "{% $string($states.input) %}"}});
    give("F", states, json!({"code": 7}), json!({"status": "FAILED", "error": "E.7", "cause": "{\"code\":7}"})).await;
}

#[tokio::test]
async fn single_value_fields_are_type_checked() {
    let prefix = "An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression";
    let wait = json!({"S": {"Type": "Wait", "Seconds": "{% $states.input.s %}", "End": true}});
    let cause = format!("{prefix} '$states.input.s' specified for the field 'Seconds' returned an unexpected result type. Expected 'integer', but was 'string' for value: \"5\"");
    give("S", wait, json!({"s": "5"}), json!({"error": "States.QueryEvaluationError", "cause": cause})).await;
    let fail = json!({"S": {"Type": "Fail", "Error": "{% $states.input.e %}", "Cause": "fixed"}});
    let cause = format!("{prefix} '$states.input.e' specified for the field 'Error' returned an unexpected result type. Expected 'string', but was 'number' for value: 1");
    give("S", fail, json!({"e": 1}), json!({"error": "States.QueryEvaluationError", "cause": cause})).await;
}

#[tokio::test]
async fn evaluation_errors_name_the_expression_and_field() {
    let cases = [
        (json!({"r": "{% $nothing %}"}), "The JSONata expression '$nothing' specified for the field 'Output/r' returned nothing (undefined)."),
        (json!(["{% $randomSeeded(1) %}"]), "The JSONata expression '$randomSeeded(1)' specified for the field 'Output[0]' threw an error during evaluation. T1006: Attempted to invoke a non-function"),
        (json!("{% $error('boom') %}"), "The JSONata expression '$error('boom')' specified for the field 'Output' threw an error during evaluation. D3137: boom"),
        (json!({"f": "{% function($x) { $x } %}"}), "The JSONata expression 'function($x) { $x }' specified for the field 'Output/f' returned an unsupported result type."),
    ];
    for (output, why) in cases {
        let states = json!({"P": {"Type": "Pass", "Output": output, "End": true}});
        let cause = format!("An error occurred while executing the state 'P' (entered at the event id #2). {why}");
        give("P", states, json!({}), json!({"status": "FAILED", "error": "States.QueryEvaluationError", "cause": cause})).await;
    }
}

#[tokio::test]
async fn rule_and_catcher_fields_are_named_under_their_rule_or_catcher() {
    let prefix = "An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression '$x' specified for the field";
    let choice = json!({"S": {"Type": "Choice", "Default": "E", "Choices": [
        {"Condition": "{% false %}", "Next": "E"},
        {"Condition": "{% true %}", "Next": "E", "Assign": {"v": "{% $x %}"}}]}, "E": {"Type": "Succeed"}});
    let cause = format!("{prefix} 'Choices[1]/Assign/v' returned nothing (undefined).");
    give("S", choice, json!({}), json!({"error": "States.QueryEvaluationError", "cause": cause})).await;
    let catch = json!({"S": {"Type": "Task", "Resource": "fail", "Catch": [
        {"ErrorEquals": ["States.ALL"], "Next": "E", "Output": {"o": ["{% $x %}"]}}]}, "E": {"Type": "Succeed"}});
    let cause = format!("{prefix} 'Catch[0]/Output/o[0]' returned nothing (undefined).");
    give("S", catch, json!({}), json!({"error": "States.QueryEvaluationError", "cause": cause})).await;
}

#[tokio::test]
async fn query_evaluation_errors_can_be_caught() {
    let states = json!({
        "T": {"Type": "Task", "Resource": "echo", "Arguments": "{% $missing %}",
              "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"], "Next": "H"}]},
        "H": {"Type": "Pass", "Output": "{% $states.input.Error %}", "End": true}
    });
    give("T", states, json!({}), json!({"status": "SUCCEEDED", "output": "States.QueryEvaluationError"})).await;
}

#[tokio::test]
async fn mixing_languages_state_by_state() {
    let def = json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Parameters": {"v.$": "$.x"}, "Assign": {"fromPath.$": "$.v"}, "Next": "B"},
        "B": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": {"v": "{% $states.input.v %}", "p": "{% $fromPath %}"}, "Assign": {"fromAta": "{% $states.input.v + 1 %}"}, "Next": "C"},
        "C": {"Type": "Pass", "Parameters": {"ata.$": "$fromAta", "all.$": "$"}, "End": true}}});
    let got = run(def, json!({"x": 5})).await;
    assert_eq!(got["output"], json!({"ata": 6, "all": {"v": 5, "p": 5}}), "{got}");
}

#[tokio::test]
async fn literals_stay_literals() {
    // Blanks around the braces, JSONPath-looking text and `.$` keys are plain strings here.
    let output = json!({"not_jsonata": " {% states.input %} ", "path": "$states.input", "jp.$": "$", "ctx": "$$",
        "if": "States.Format('{}', 1)", "nested": [null, 0, 0.1, true, [], {"c": 0}, " {% x %} "], "empty": {}});
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": output, "End": true}}});
    assert_eq!(engine::validate::validate_value(&def), vec![], "{def}");
    let got = run(def, json!({"a": 1})).await;
    assert_eq!(got["output"], output, "{got}");
    let null = json!({"P": {"Type": "Pass", "Output": null, "End": true}});
    give("P", null, json!({"a": 1}), json!({"status": "SUCCEEDED", "output": null})).await;
}
