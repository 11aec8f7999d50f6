//! One table row per problem code: a small definition that has exactly that problem, and
//! the JSON pointer it must be reported at.

use engine::validate::{codes, locate, validate_str, validate_value, Problem};
use serde_json::{json, Value};

/// A machine whose only state is `S`.
fn one(state: Value) -> Value {
    json!({"StartAt": "S", "States": {"S": state}})
}

/// A machine `S` → `Done`, so `S` may carry `Next`.
fn then_done(state: Value) -> Value {
    json!({"StartAt": "S", "States": {"S": state, "Done": {"Type": "Succeed"}}})
}

enum Input {
    Text(String),
    Def(Value),
}

fn problems(input: &Input) -> Vec<Problem> {
    match input {
        Input::Text(t) => validate_str(t),
        Input::Def(d) => validate_value(d),
    }
}

fn table() -> Vec<(&'static str, &'static str, Input)> {
    use Input::{Def, Text};
    let long_name = "N".repeat(81);
    vec![
        (codes::JSON_SYNTAX, "/", Text(r#"{"StartAt": "#.into())),
        (
            codes::DUPLICATE_KEY,
            "/States/S/End",
            Text(r#"{"StartAt":"S","States":{"S":{"Type":"Pass","End":true,"End":true}}}"#.into()),
        ),
        (
            codes::DEFINITION_TOO_LARGE,
            "/",
            Def(one(json!({"Type": "Pass", "Result": "x".repeat(1_100_000), "End": true}))),
        ),
        (codes::MISSING_FIELD, "/", Def(json!({"States": {"S": {"Type": "Succeed"}}}))),
        (codes::UNKNOWN_FIELD, "/States/S/Foo", Def(one(json!({"Type": "Pass", "Foo": 1, "End": true})))),
        (
            codes::QUERY_LANGUAGE_FIELD,
            "/States/S/Parameters",
            Def(one(json!({"Type": "Pass", "QueryLanguage": "JSONata", "Parameters": {}, "End": true}))),
        ),
        (codes::INVALID_TYPE, "/States/S/End", Def(one(json!({"Type": "Pass", "End": "yes"})))),
        (codes::INVALID_VALUE, "/States/S/Type", Def(one(json!({"Type": "Pas", "End": true})))),
        (
            codes::MUTUALLY_EXCLUSIVE,
            "/States/S",
            Def(one(json!({"Type": "Fail", "Error": "E", "ErrorPath": "$.e"}))),
        ),
        (
            codes::MISSING_TRANSITION_TARGET,
            "/States/C/Choices/0/Next",
            Def(json!({"StartAt": "C", "States": {
                "C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsNull": true, "Next": "Nope"}], "Default": "Done"},
                "Done": {"Type": "Succeed"}}})),
        ),
        (
            codes::UNREACHABLE_STATE,
            "/States/T",
            Def(json!({"StartAt": "S", "States": {"S": {"Type": "Succeed"}, "T": {"Type": "Succeed"}}})),
        ),
        (
            codes::NO_TERMINAL_STATE,
            "/States",
            Def(json!({"StartAt": "A", "States": {
                "A": {"Type": "Pass", "Next": "B"},
                "B": {"Type": "Pass", "Next": "A"}}})),
        ),
        (codes::NEXT_AND_END, "/States/S", Def(then_done(json!({"Type": "Pass", "Next": "Done", "End": true})))),
        (codes::MISSING_NEXT_OR_END, "/States/S", Def(choice_to("S", json!({"Type": "Wait", "Seconds": 1})))),
        (
            codes::DUPLICATE_STATE_NAME,
            "/States/P/Branches/0/States/P",
            Def(one_named("P", json!({"Type": "Parallel", "End": true, "Branches": [
                {"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}]}))),
        ),
        (
            codes::INVALID_STATE_NAME,
            Box::leak(format!("/States/{long_name}").into_boxed_str()),
            Def(one_named(&long_name, json!({"Type": "Succeed"}))),
        ),
        (
            codes::INVALID_CHOICE_RULE,
            "/States/S/Choices/0",
            Def(then_done(json!({"Type": "Choice", "Default": "Done", "Choices": [
                {"Variable": "$.a", "StringEquals": "x", "StringMatches": "x*", "Next": "Done"}]}))),
        ),
        (
            codes::INVALID_ERROR_EQUALS,
            "/States/S/Retry/0/ErrorEquals",
            Def(one(json!({"Type": "Task", "Resource": "echo", "End": true, "Retry": [
                {"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["Custom"]}]}))),
        ),
        (codes::INVALID_JSONPATH, "/States/S/InputPath", Def(one(json!({"Type": "Pass", "InputPath": "$.a[", "End": true})))),
        (
            codes::INVALID_REFERENCE_PATH,
            "/States/S/ResultPath",
            Def(one(json!({"Type": "Pass", "ResultPath": "$.a[*]", "End": true}))),
        ),
        (
            codes::INVALID_INTRINSIC,
            "/States/S/Parameters/x.$",
            Def(one(json!({"Type": "Pass", "Parameters": {"x.$": "States.Nope(1)"}, "End": true}))),
        ),
        (
            codes::INVALID_PAYLOAD_TEMPLATE,
            "/States/S/Parameters/x.$",
            Def(one(json!({"Type": "Pass", "Parameters": {"x.$": 5}, "End": true}))),
        ),
        (
            codes::DUPLICATE_FIELD_NAME,
            "/States/S/Parameters/a.$",
            Def(one(json!({"Type": "Pass", "Parameters": {"a": 1, "a.$": "$.a"}, "End": true}))),
        ),
        (codes::INVALID_TIMESTAMP, "/States/S/Timestamp", Def(one(json!({"Type": "Wait", "Timestamp": "2020-01-01", "End": true})))),
        (
            codes::INVALID_JSONATA,
            "/States/S/Output",
            Def(one(json!({"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% 1 + %}", "End": true}))),
        ),
        (
            codes::INVALID_QUERY_LANGUAGE,
            "/States/S/QueryLanguage",
            Def(json!({"QueryLanguage": "JSONata", "StartAt": "S", "States": {
                "S": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": true}}})),
        ),
        (
            codes::INVALID_RESOURCE,
            "/States/S/Resource",
            Def(one(json!({"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:", "End": true}))),
        ),
        (
            codes::INVALID_STEP_TEMPLATE,
            "/States/S/Parameters/prompt",
            Def(one(json!({"Type": "Pass", "Parameters": {"prompt": "size {{States.S.bytes"}, "End": true}))),
        ),
        (
            codes::UNKNOWN_TEMPLATE_STEP,
            "/States/S/Parameters/prompt",
            Def(one(json!({"Type": "Pass", "Parameters": {"prompt": "size {{States.Size.bytes}}"}, "End": true}))),
        ),
    ]
}

/// A Choice `C` whose rule goes to `target` and whose Default is the Succeed state `Done`,
/// next to a state `S` (so `S` may lack a terminal without the machine lacking one).
fn choice_to(target: &str, s: Value) -> Value {
    json!({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsPresent": true, "Next": target}], "Default": "Done"},
        "S": s,
        "Done": {"Type": "Succeed"}}})
}

fn one_named(name: &str, state: Value) -> Value {
    json!({"StartAt": name, "States": {name: state}})
}

#[test]
fn each_code_is_reported_alone_at_its_pointer() {
    let mut failures = Vec::new();
    for (code, path, input) in table() {
        let got = problems(&input);
        let ok = got.len() == 1 && got[0].code == code && got[0].path == path;
        if !ok {
            failures.push(format!("{code} at {path}: got {got:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_documented_code_has_a_row() {
    let rows: Vec<&str> = table().iter().map(|(c, _, _)| *c).collect();
    for code in codes::ALL {
        assert!(rows.contains(code), "no table row for {code}");
    }
}

#[test]
fn syntax_errors_carry_line_and_column() {
    let got = validate_str("{\n  \"StartAt\": \"A\",\n  oops\n}");
    assert_eq!(got.len(), 1);
    assert!(got[0].message.contains("line 3"), "{}", got[0].message);
    assert!(got[0].message.starts_with("invalid JSON at line 3, column 3: "), "{}", got[0].message);
    assert_eq!(got[0].message.matches("line").count(), 1, "{}", got[0].message);
}

#[test]
fn duplicate_keys_carry_pointer_line_and_column() {
    let text = "{\"StartAt\": \"S\", \"States\": {\"S\": {\"Type\": \"Pass\",\n  \"Parameters\": [{\"a\": 1}, {\"a\": 2, \"a\": 3}],\n  \"End\": true}}}";
    let got = validate_str(text);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].code, codes::DUPLICATE_KEY);
    assert_eq!(got[0].path, "/States/S/Parameters/1/a");
    assert!(got[0].message.contains("line 2, column 37"), "{}", got[0].message);
}

#[test]
fn pointers_locate_to_line_and_column() {
    let text = "{\"StartAt\": \"S\", \"States\": {\"S\": {\"Type\": \"Pass\",\n  \"Parameters\": [{\"a\": 1}, {\"a\": 2}],\n  \"End\": true}}}";
    assert_eq!(locate(text, "/"), Some((1, 1)));
    assert_eq!(locate(text, "/States/S/End"), Some((3, 3)));
    assert_eq!(locate(text, "/States/S/Parameters/1/a"), Some((2, 29)));
    assert_eq!(locate(text, "/States/S/Parameters/1"), Some((2, 3)));
    assert_eq!(locate("not json", "/States"), Some((1, 1)));
}

#[test]
fn problems_round_trip_through_json() {
    let p = &validate_value(&json!({}))[0];
    let back: Problem = serde_json::from_value(serde_json::to_value(p).unwrap()).unwrap();
    assert_eq!(&back, p);
    assert_eq!(p.to_string(), format!("{} at /: {}", p.code, p.message));
}
