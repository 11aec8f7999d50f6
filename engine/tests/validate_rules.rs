//! Table-driven tests of the validation rules: what AWS accepts must pass, and each rule's
//! violations are reported with the right code at the right pointer.

use engine::validate::{codes, validate_value, Problem};
use serde_json::{json, Value};

fn one(state: Value) -> Value {
    json!({"StartAt": "S", "States": {"S": state}})
}

fn then_done(state: Value) -> Value {
    json!({"StartAt": "S", "States": {"S": state, "Done": {"Type": "Succeed"}}})
}

fn jsonata(state: Value) -> Value {
    json!({"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": state}})
}

fn pairs(ps: &[Problem]) -> Vec<(String, String)> {
    ps.iter().map(|p| (p.code.clone(), p.path.clone())).collect()
}

#[test]
fn accepts_what_aws_accepts() {
    let cases = [
        ("registry name", one(json!({"Type": "Task", "Resource": "call_llm", "End": true}))),
        ("lambda ARN", one(json!({"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Hello", "End": true}))),
        ("service integration", one(json!({"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": true}))),
        ("cfn substitution", one(json!({"Type": "Task", "Resource": "${LambdaArn}", "End": true}))),
        ("task with everything", then_done(json!({
            "Type": "Task", "Resource": "echo", "Comment": "c", "InputPath": "$.in", "OutputPath": null,
            "Parameters": {"a.$": "$.a", "b": [1, {"c.$": "$$.Execution.Id"}], "d.$": "States.Format('{}', $.x)"},
            "ResultSelector": {"r.$": "$.Payload"}, "ResultPath": "$.out", "TimeoutSeconds": 30, "HeartbeatSeconds": 10,
            "Retry": [{"ErrorEquals": ["Custom"], "IntervalSeconds": 2, "MaxAttempts": 0, "BackoffRate": 1.5,
                       "MaxDelaySeconds": 10, "JitterStrategy": "FULL"},
                      {"ErrorEquals": ["States.ALL"]}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Done"}],
            "Assign": {"x.$": "$.a", "y": 1}, "Credentials": {"RoleArn.$": "$.role"}, "Next": "Done"}))),
        ("parameters array and scalar", one(json!({"Type": "Pass", "Parameters": [{"id.$": "$$.Execution.Id"}], "End": true}))),
        ("result with .$ keys is literal", one(json!({"Type": "Pass", "Result": {"x.$": "not a path"}, "End": true}))),
        ("variables in paths", one(json!({"Type": "Pass", "InputPath": "$v", "OutputPath": "$v.a[0]", "End": true}))),
        ("wait timestamp with offset", one(json!({"Type": "Wait", "Timestamp": "2016-03-14T01:59:00.123+02:00", "End": true}))),
        ("fail with intrinsic cause", one(json!({"Type": "Fail", "ErrorPath": "$.e", "CausePath": "States.Format('{}', $.c)"}))),
        ("choice with every shape", then_done(json!({"Type": "Choice", "Default": "Done", "Choices": [
            {"And": [{"Variable": "$.a", "IsPresent": true}, {"Not": {"Variable": "$.a", "IsNull": true}}], "Next": "Done"},
            {"Or": [{"Variable": "$.n", "NumericGreaterThanPath": "$.m"}, {"Variable": "$.t", "TimestampEquals": "2020-01-01T00:00:00Z"}], "Next": "Done"},
            {"Variable": "$$.Execution.Id", "StringMatches": "a*", "Next": "Done", "Assign": {"x": 1}}]}))),
        ("loop with exit", json!({"StartAt": "Poll", "States": {
            "Poll": {"Type": "Wait", "Seconds": 5, "Next": "Check"},
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$.done", "BooleanEquals": true, "Next": "End"}], "Default": "Poll"},
            "End": {"Type": "Succeed"}}})),
        ("parallel and map", one(json!({"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
                "ItemSelector": {"v.$": "$$.Map.Item.Value"}, "ToleratedFailurePercentage": 50.5,
                "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}},
                "End": true}}}]}))),
        ("legacy iterator", one(json!({"Type": "Map", "Parameters": {"v.$": "$$.Map.Item.Value"}, "End": true,
            "Iterator": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}}))),
        ("map label of the allowed characters", one(json!({"Type": "Map", "End": true, "Label": "Batch-2024_v1.0+x",
            "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}}))),
        ("distributed map", one(json!({"Type": "Map", "End": true, "Label": "L",
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "MaxItems": 10}},
            "ItemBatcher": {"MaxItemsPerBatch": 2}, "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject"},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                "StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}}))),
        ("distributed map with expressions and a writer config", jsonata(json!({"Type": "Map", "End": true,
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Arguments": {"Bucket": "{% $states.input.b %}"},
                           "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["a"], "MaxItems": "{% 5 %}"}},
            "ItemBatcher": {"MaxItemsPerBatch": "{% $states.input.n %}", "MaxInputBytesPerBatch": 262144},
            "ResultWriter": {"WriterConfig": {"OutputType": "JSON", "Transformation": "NONE"}},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}}))),
        ("jsonata arguments as one expression", jsonata(json!({"Type": "Task", "Resource": "echo", "End": true,
            "Arguments": "{% $states.input %}", "Assign": {}}))),
        ("jsonata everything", json!({"QueryLanguage": "JSONata", "StartAt": "T", "States": {
            "T": {"Type": "Task", "Resource": "echo", "Arguments": {"a": "{% $states.input.a %}", "n": 1},
                  "Output": "{% $states.result %}", "Assign": {"v": "{% $count([1, 2]) %}"}, "TimeoutSeconds": "{% 5 %}",
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $states.errorOutput %}", "Next": "C"}], "Next": "C"},
            "C": {"Type": "Choice", "Choices": [{"Condition": "{% $v > 1 and $not(false) %}", "Next": "W", "Output": {"x": 1}}], "Default": "M"},
            "W": {"Type": "Wait", "Seconds": "{% $v %}", "Next": "M"},
            "M": {"Type": "Map", "Items": "{% [1, 2, 3] %}", "MaxConcurrency": 1, "ItemSelector": {"i": "{% $states.context.Map.Item.Value %}"},
                  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $states.input.i * 2 %}", "End": true}}}, "Next": "F"},
            "F": {"Type": "Fail", "Error": "{% 'E' & $string(1) %}", "Cause": "plain text"}}})),
        ("jsonata syntax", jsonata(json!({"Type": "Pass", "End": true, "Output": {
            "lambda": "{% $map([1, 2], function($v, $i) { $v * $i }) %}",
            "block": "{% ($a := 1; $b := $a + 1; $b) %}",
            "filter": "{% $states.input.items[price > 10].name %}",
            "regex": "{% $match('abc', /a(b)c/i) %}",
            "cond": "{% $exists($x) ? $x : {} %}",
            "sort": "{% $states.input.items^(>price, name) %}",
            "range": "{% [1..5] %}",
            "chain": "{% $states.input ~> $keys() %}",
            "group": "{% $states.input.items{category: $sum(price)} %}",
            "partial": "{% $substring(?, 0, 2)('hello') %}",
            "transform": "{% $states.input ~> |items|{'seen': true}| %}",
            "signature": "{% function($x)<n:n> { $x + 1 } %}",
            "comment": "{% /* note */ 1 %}",
            "literal": "not an expression"}}))),
        ("context-object paths", one(json!({"Type": "Map", "ItemsPath": "$$.items", "InputPath": "$$.in", "OutputPath": "$$.out",
            "Parameters": "$.scalar template", "End": true, "Iterator": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}}))),
        ("catcher comment, choice on context", json!({"StartAt": "T", "States": {
            "T": {"Type": "Task", "Resource": "foo:bar", "Next": "C", "Catch": [{"ErrorEquals": ["States.ALL"], "Comment": "c", "Next": "F"}]},
            "C": {"Type": "Choice", "Choices": [{"Variable": "$$.value", "IsNull": false, "Next": "F", "Comment": "c"}], "Default": "F"},
            "F": {"Type": "Fail"}}})),
        ("every intrinsic", one(json!({"Type": "Task", "Resource": "foo:bar", "End": true, "ResultSelector": {
            "a.$": "States.Array('Foo', $.xyz, 'Bar', 2.3, null)", "b.$": "States.ArrayPartition($.a, 4)",
            "c.$": "States.ArrayContains($.a, $.b)", "d.$": "States.ArrayRange(1, 9, 2)", "e.$": "States.ArrayGetItem($.a, $.i)",
            "f.$": "States.ArrayLength($.a)", "g.$": "States.ArrayUnique($.a)", "h.$": "States.Base64Encode($.s)",
            "i.$": "States.Base64Decode($.s)", "j.$": "States.Hash($.d, 'SHA-256')", "k.$": "States.JsonMerge($.x, $.y, false)",
            "l.$": "States.MathRandom($.start, $.end)", "m.$": "States.MathAdd($.v, -1)", "n.$": "States.StringSplit($.s, ',')",
            "o.$": "States.UUID()", "p.$": "States.Format('{} xyz \\'{}\\'', 1, 'def')", "q.$": "States.StringToJson($.s)",
            "r.$": "States.JsonToString($.j)", "s.$": "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 0)"}}))),
        ("comment that looks like jsonata", jsonata(json!({"Type": "Pass", "Comment": "{% not parsed", "End": true}))),
        ("nested jsonpath in distributed processor", jsonata(json!({"Type": "Map", "End": true,
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "I",
                "States": {"I": {"Type": "Pass", "QueryLanguage": "JSONPath", "OutputPath": "$.x", "End": true}}}}))),
    ];
    for (name, def) in cases {
        let got = validate_value(&def);
        assert!(got.is_empty(), "{name}: {got:#?}");
    }
}

/// A definition's name, the definition, and the (code, pointer) pairs it must produce, in order.
type Case = (&'static str, Value, Vec<(&'static str, &'static str)>);

#[test]
fn reports_each_violation_at_its_pointer() {
    let cases: Vec<Case> = vec![
        ("is-operator takes a boolean", then_done(json!({"Type": "Choice", "Default": "Done", "Choices": [
            {"Variable": "$.a", "IsNull": "yes", "Next": "Done"}]})),
            vec![(codes::INVALID_CHOICE_RULE, "/States/S/Choices/0/IsNull")]),
        ("numeric literal type", then_done(json!({"Type": "Choice", "Default": "Done", "Choices": [
            {"Variable": "$.a", "NumericEquals": "1", "Next": "Done"}]})),
            vec![(codes::INVALID_CHOICE_RULE, "/States/S/Choices/0/NumericEquals")]),
        ("timestamp literal", then_done(json!({"Type": "Choice", "Default": "Done", "Choices": [
            {"Variable": "$.a", "TimestampLessThan": "yesterday", "Next": "Done"}]})),
            vec![(codes::INVALID_TIMESTAMP, "/States/S/Choices/0/TimestampLessThan")]),
        ("nested Next, top without Next", then_done(json!({"Type": "Choice", "Default": "Done", "Choices": [
            {"Not": {"Variable": "$.a", "IsPresent": true, "Next": "Done"}}]})),
            vec![(codes::INVALID_CHOICE_RULE, "/States/S/Choices/0/Not/Next"), (codes::MISSING_FIELD, "/States/S/Choices/0")]),
        ("path operand must be a reference path", then_done(json!({"Type": "Choice", "Default": "Done", "Choices": [
            {"Variable": "$.a[*]", "StringEqualsPath": "$..b", "Next": "Done"}]})),
            vec![(codes::INVALID_REFERENCE_PATH, "/States/S/Choices/0/Variable"),
                 (codes::INVALID_REFERENCE_PATH, "/States/S/Choices/0/StringEqualsPath")]),
        ("empty And, no operator", then_done(json!({"Type": "Choice", "Default": "Done", "Choices": [
            {"And": [], "Next": "Done"}, {"Next": "Done"}]})),
            vec![(codes::INVALID_CHOICE_RULE, "/States/S/Choices/0/And"), (codes::INVALID_CHOICE_RULE, "/States/S/Choices/1")]),
        ("retrier bounds", one(json!({"Type": "Task", "Resource": "echo", "End": true, "Retry": [
            {"ErrorEquals": ["E", "States.ALL"], "MaxAttempts": -1, "IntervalSeconds": 0, "BackoffRate": "2", "Extra": 1}]})),
            vec![(codes::INVALID_ERROR_EQUALS, "/States/S/Retry/0/ErrorEquals"), (codes::INVALID_VALUE, "/States/S/Retry/0/MaxAttempts"),
                 (codes::INVALID_VALUE, "/States/S/Retry/0/IntervalSeconds"), (codes::INVALID_TYPE, "/States/S/Retry/0/BackoffRate"),
                 (codes::UNKNOWN_FIELD, "/States/S/Retry/0/Extra")]),
        ("catcher needs Next, JSONata field", one(json!({"Type": "Task", "Resource": "echo", "End": true, "Catch": [
            {"ErrorEquals": ["States.ALL"], "Output": {}}]})),
            vec![(codes::MISSING_FIELD, "/States/S/Catch/0"), (codes::QUERY_LANGUAGE_FIELD, "/States/S/Catch/0/Output")]),
        ("catch target outside the branch", json!({"StartAt": "P", "States": {
            "P": {"Type": "Parallel", "Next": "Out", "Branches": [{"StartAt": "T", "States": {
                "T": {"Type": "Task", "Resource": "echo", "End": true, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Out"}]}}}]},
            "Out": {"Type": "Succeed"}}}),
            vec![(codes::MISSING_TRANSITION_TARGET, "/States/P/Branches/0/States/T/Catch/0/Next")]),
        ("map with both processors and a bad config", one(json!({"Type": "Map", "End": true, "MaxConcurrency": -1,
            "ItemProcessor": {"ProcessorConfig": {"Mode": "FAST"}, "StartAt": "I", "States": {"I": {"Type": "Succeed"}}},
            "Iterator": {"StartAt": "J", "States": {"J": {"Type": "Succeed"}}}})),
            vec![(codes::INVALID_VALUE, "/States/S/MaxConcurrency"), (codes::INVALID_VALUE, "/States/S/ItemProcessor/ProcessorConfig/Mode"),
                 (codes::MUTUALLY_EXCLUSIVE, "/States/S")]),
        ("wait needs a duration", one(json!({"Type": "Wait", "End": true})), vec![(codes::MISSING_FIELD, "/States/S")]),
        ("task timeouts", one(json!({"Type": "Task", "Resource": "echo", "End": true, "TimeoutSeconds": 0, "HeartbeatSeconds": 1.5})),
            vec![(codes::INVALID_VALUE, "/States/S/TimeoutSeconds"), (codes::INVALID_VALUE, "/States/S/HeartbeatSeconds")]),
        ("heartbeat not below timeout", one(json!({"Type": "Task", "Resource": "echo", "End": true, "TimeoutSeconds": 5, "HeartbeatSeconds": 5})),
            vec![(codes::INVALID_VALUE, "/States/S/HeartbeatSeconds")]),
        ("every unknown field at once", one(json!({"Type": "Succeed", "A": 1, "B": 2, "Next": "S"})),
            vec![(codes::UNKNOWN_FIELD, "/States/S/A"), (codes::UNKNOWN_FIELD, "/States/S/B"), (codes::UNKNOWN_FIELD, "/States/S/Next")]),
        ("jsonata forbids JSONPath fields", jsonata(json!({"Type": "Task", "Resource": "echo", "End": true,
            "InputPath": "$", "ResultSelector": {}, "TimeoutSecondsPath": "$.t"})),
            vec![(codes::QUERY_LANGUAGE_FIELD, "/States/S/InputPath"), (codes::QUERY_LANGUAGE_FIELD, "/States/S/ResultSelector"),
                 (codes::QUERY_LANGUAGE_FIELD, "/States/S/TimeoutSecondsPath")]),
        ("jsonpath forbids JSONata fields", one(json!({"Type": "Choice", "Output": {}, "Default": "S",
            "Choices": [{"Condition": "{% true %}", "Next": "S"}]})),
            vec![(codes::QUERY_LANGUAGE_FIELD, "/States/S/Output"), (codes::QUERY_LANGUAGE_FIELD, "/States/S/Choices/0/Condition"),
                 (codes::INVALID_CHOICE_RULE, "/States/S/Choices/0"), (codes::NO_TERMINAL_STATE, "/States")]),
        ("jsonata rule needs Condition", jsonata(json!({"Type": "Choice", "Default": "S", "Choices": [{"Next": "S", "Variable": "$.a"}]})),
            vec![(codes::QUERY_LANGUAGE_FIELD, "/States/S/Choices/0/Variable"), (codes::MISSING_FIELD, "/States/S/Choices/0"),
                 (codes::NO_TERMINAL_STATE, "/States")]),
        ("jsonata expression errors", jsonata(json!({"Type": "Pass", "End": true, "Output": [
            "{% $f( %}", "{% 'open %}", "{%1%}", "{% %}", "{% 1 2 %}"]})),
            (0..5).map(|i| (codes::INVALID_JSONATA, ["/States/S/Output/0", "/States/S/Output/1", "/States/S/Output/2",
                "/States/S/Output/3", "/States/S/Output/4"][i])).collect()),
        ("jsonata top-level field reference", jsonata(json!({"Type": "Pass", "End": true, "Output": {"v": "{% phone %}"}})),
            vec![(codes::INVALID_JSONATA, "/States/S/Output/v")]),
        ("errorOutput outside a catcher, language on a processor", jsonata(json!({"Type": "Map", "End": true,
            "Output": "{% $states.errorOutput %}",
            "ItemProcessor": {"QueryLanguage": "JSONata", "StartAt": "I", "States": {"I": {"Type": "Succeed"}}}})),
            vec![(codes::INVALID_JSONATA, "/States/S/Output"), (codes::UNKNOWN_FIELD, "/States/S/ItemProcessor/QueryLanguage")]),
        ("result path roots", one(json!({"Type": "Pass", "ResultPath": "$$.x", "End": true})),
            vec![(codes::INVALID_REFERENCE_PATH, "/States/S/ResultPath")]),
        ("intrinsic arity", one(json!({"Type": "Pass", "End": true, "Parameters": {"u.$": "States.UUID(1)"}})),
            vec![(codes::INVALID_INTRINSIC, "/States/S/Parameters/u.$")]),
        ("branches shape", one(json!({"Type": "Parallel", "End": true, "Branches": []})),
            vec![(codes::INVALID_VALUE, "/States/S/Branches")]),
        ("scope fields", json!({"StartAt": "S", "States": {"S": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "B", "Version": "1.0", "States": {"B": {"Type": "Succeed"}}}]}}, "Extra": true}),
            vec![(codes::UNKNOWN_FIELD, "/Extra"), (codes::UNKNOWN_FIELD, "/States/S/Branches/0/Version")]),
        ("empty states", json!({"StartAt": "S", "States": {}}),
            vec![(codes::MISSING_FIELD, "/States"), (codes::MISSING_TRANSITION_TARGET, "/StartAt")]),
        ("not an object", json!([1]), vec![(codes::INVALID_TYPE, "/")]),
        ("map label limit", one(json!({"Type": "Map", "End": true, "Label": "L".repeat(41),
            "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}})),
            vec![(codes::INVALID_VALUE, "/States/S/Label")]),
        ("distributed processor without ExecutionType", one(json!({"Type": "Map", "End": true,
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "I", "States": {"I": {"Type": "Succeed"}}}})),
            vec![(codes::MISSING_FIELD, "/States/S/ItemProcessor/ProcessorConfig")]),
        ("distributed parts' contents", one(json!({"Type": "Map", "End": true,
            "ItemReader": {"Parameters": {"Bucket.$": "bucket"},
                           "ReaderConfig": {"MaxItems": 0, "MaxItemsPath": "items", "CSVHeaderLocation": "TOP"}},
            "ItemBatcher": {"MaxItemsPerBatch": "2", "MaxInputBytesPerBatch": 300000},
            "ResultWriter": {"Parameters": {"Bucket": "b"}},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "I", "States": {"I": {"Type": "Succeed"}}}})),
            vec![(codes::MISSING_FIELD, "/States/S/ItemReader"),
                 (codes::MUTUALLY_EXCLUSIVE, "/States/S/ItemReader/ReaderConfig"),
                 (codes::INVALID_VALUE, "/States/S/ItemReader/ReaderConfig/MaxItems"),
                 (codes::INVALID_REFERENCE_PATH, "/States/S/ItemReader/ReaderConfig/MaxItemsPath"),
                 (codes::INVALID_VALUE, "/States/S/ItemReader/ReaderConfig/CSVHeaderLocation"),
                 (codes::INVALID_PAYLOAD_TEMPLATE, "/States/S/ItemReader/Parameters/Bucket.$"),
                 (codes::INVALID_TYPE, "/States/S/ItemBatcher/MaxItemsPerBatch"),
                 (codes::INVALID_VALUE, "/States/S/ItemBatcher/MaxInputBytesPerBatch"),
                 (codes::MISSING_FIELD, "/States/S/ResultWriter")]),
        ("assign that is not an object", json!({"StartAt": "P", "States": {
            "P": {"Type": "Pass", "Assign": "$.x", "Next": "C"},
            "C": {"Type": "Choice", "Default": "T", "Choices": [{"Variable": "$.a", "IsNull": true, "Next": "T", "Assign": [1]}]},
            "T": {"Type": "Task", "Resource": "echo", "End": true,
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "P", "Assign": null}]}}}),
            vec![(codes::INVALID_TYPE, "/States/P/Assign"), (codes::INVALID_TYPE, "/States/C/Choices/0/Assign"),
                 (codes::INVALID_TYPE, "/States/T/Catch/0/Assign")]),
        ("jsonata assign and arguments shapes", jsonata(json!({"Type": "Task", "Resource": "echo", "End": true,
            "Assign": "{% $states.input %}", "Arguments": "not an expression"})),
            vec![(codes::INVALID_TYPE, "/States/S/Assign"), (codes::INVALID_TYPE, "/States/S/Arguments")]),
        ("map label empty", one(json!({"Type": "Map", "End": true, "Label": "",
            "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}})),
            vec![(codes::INVALID_VALUE, "/States/S/Label")]),
        ("map label with braces", one(json!({"Type": "Map", "End": true, "Label": "run_{id}",
            "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}})),
            vec![(codes::INVALID_VALUE, "/States/S/Label")]),
        ("map label with a space or a tab", json!({"StartAt": "A", "States": {
            "A": {"Type": "Map", "Next": "B", "Label": "my run",
                  "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}},
            "B": {"Type": "Map", "End": true, "Label": "tab\there",
                  "ItemProcessor": {"StartAt": "J", "States": {"J": {"Type": "Succeed"}}}}}}),
            vec![(codes::INVALID_VALUE, "/States/A/Label"), (codes::INVALID_VALUE, "/States/B/Label")]),
    ];
    assert_cases(cases);
}

#[test]
fn example_workflows_are_valid() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../workflows");
    let Ok(entries) = std::fs::read_dir(&dir) else { return };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.to_string_lossy().ends_with(".asl.json") {
            let text = std::fs::read_to_string(&path).unwrap();
            let got = engine::validate::validate_str(&text);
            assert!(got.is_empty(), "{}: {got:#?}", path.display());
        }
    }
}

/// A StartAt that names no state is reported with the other problems, not only when it is the
/// only one (it used to be skipped whenever the scope had no terminal state).
#[test]
fn bad_start_at_is_reported_alongside_other_problems() {
    let cases = [
        ("dangling Next, no terminal state", json!({"StartAt": "Missing", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}),
            vec![(codes::MISSING_TRANSITION_TARGET, "/States/A/Next"), (codes::MISSING_TRANSITION_TARGET, "/StartAt"),
                 (codes::NO_TERMINAL_STATE, "/States")]),
        ("no terminal state only", json!({"StartAt": "Missing", "States": {"A": {"Type": "Pass", "Next": "A"}}}),
            vec![(codes::MISSING_TRANSITION_TARGET, "/StartAt"), (codes::NO_TERMINAL_STATE, "/States")]),
        ("inside a branch", one(json!({"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "X", "States": {"B": {"Type": "Pass", "Next": "Gone"}}}]})),
            vec![(codes::MISSING_TRANSITION_TARGET, "/States/S/Branches/0/States/B/Next"),
                 (codes::MISSING_TRANSITION_TARGET, "/States/S/Branches/0/StartAt"),
                 (codes::NO_TERMINAL_STATE, "/States/S/Branches/0/States")]),
        // With a wrong StartAt, nothing is reachable: the StartAt problem is the one reported,
        // not every state as unreachable as well.
        ("no unreachable noise", json!({"StartAt": "Missing", "States": {
            "A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}),
            vec![(codes::MISSING_TRANSITION_TARGET, "/StartAt")]),
    ];
    assert_cases(cases);
}

/// `{{States.Step.field}}` templates may name any state of the machine, at any depth, before
/// or after them; a name that is no state is reported at the template's string, as is a
/// template that does not parse. `.$` fields, ResultSelector and Assign hold no templates.
#[test]
fn step_templates_name_states_of_the_machine() {
    let machine = |ask: Value| json!({"StartAt": "Size", "States": {
        "Size": {"Type": "Task", "Resource": "echo", "Next": "Fan"},
        "Fan": {"Type": "Parallel", "Next": "Ask", "Branches": [{"StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "End": true}}}]},
        "Ask": ask}});
    assert_cases([
        ("steps at any depth, and itself", machine(json!({"Type": "Task", "Resource": "echo", "End": true,
            "Parameters": {"a": "{{States.Size.bytes}} and {{States.Inner}}", "b": ["{{States.Ask.previous}}"], "c.$": "$.x"}})), vec![]),
        ("an unknown step, in an array and nested", machine(json!({"Type": "Task", "Resource": "echo", "End": true,
            "Parameters": {"msgs": [{"content": "{{States.Sise.bytes}} / {{States.Sise.rows}}"}], "ok": "{{States.Fan[0]}}"}})),
            vec![(codes::UNKNOWN_TEMPLATE_STEP, "/States/Ask/Parameters/msgs/0/content")]),
        ("not closed", machine(json!({"Type": "Pass", "End": true, "Parameters": {"p": "{{States.Size.bytes"}})),
            vec![(codes::INVALID_STEP_TEMPLATE, "/States/Ask/Parameters/p")]),
        ("a map's item selector and batch input", machine(json!({"Type": "Map", "End": true, "ItemSelector": {"s": "{{States.Nope}}"},
            "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"b": "{{States.Gone}}"}},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                "StartAt": "Each", "States": {"Each": {"Type": "Pass", "Parameters": {"e": "{{States.Missing.x}}"}, "End": true}}}})),
            vec![(codes::UNKNOWN_TEMPLATE_STEP, "/States/Ask/ItemSelector/s"),
                 (codes::UNKNOWN_TEMPLATE_STEP, "/States/Ask/ItemBatcher/BatchInput/b"),
                 (codes::UNKNOWN_TEMPLATE_STEP, "/States/Ask/ItemProcessor/States/Each/Parameters/e")]),
        ("not templates: path fields, ResultSelector, Assign, Result", machine(json!({"Type": "Task", "Resource": "echo", "End": true,
            "Parameters": {"x.$": "$.a"}, "ResultSelector": {"r": "{{States.Nope}}"}, "Assign": {"v": "{{States.Nope}}"}})), vec![]),
    ]);
    let got = validate_value(&machine(json!({"Type": "Pass", "End": true, "Parameters": {"p": "{{States.Sise.bytes}}"}})));
    assert_eq!(got[0].message, "the template '{{States.Sise.bytes}}' names the step 'Sise', but no state of the machine is called 'Sise'");
}

/// Each case's problems, as (code, pointer) in order, are exactly the wanted ones; every
/// differing case is reported at once.
fn assert_cases(cases: impl IntoIterator<Item = (&'static str, serde_json::Value, Vec<(&'static str, &'static str)>)>) {
    let mut failures = Vec::new();
    for (name, def, want) in cases {
        let got = pairs(&validate_value(&def));
        let want: Vec<(String, String)> = want.iter().map(|(c, p)| (c.to_string(), p.to_string())).collect();
        if got != want {
            failures.push(format!("{name}:\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
