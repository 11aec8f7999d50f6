//! Property tests: no input makes the validator or the parser panic — arbitrary bytes,
//! arbitrary JSON, and ASL-shaped JSON built from the language's own field names (which
//! reaches the deep checks that random JSON never does). `PROPTEST_CASES` runs it longer.

use proptest::prelude::*;
use serde_json::{Map, Value};

const KEYS: &[&str] = &[
    "StartAt", "States", "Type", "Next", "End", "Default", "Choices", "Variable", "And", "Or", "Not",
    "StringEquals", "NumericEqualsPath", "IsNull", "TimestampEquals", "Condition", "Branches",
    "ItemProcessor", "Iterator", "ProcessorConfig", "Mode", "Retry", "Catch", "ErrorEquals",
    "BackoffRate", "MaxAttempts", "JitterStrategy", "Parameters", "ResultSelector", "ResultPath",
    "InputPath", "OutputPath", "ItemsPath", "Items", "Seconds", "Timestamp", "SecondsPath", "Error",
    "ErrorPath", "Cause", "QueryLanguage", "Output", "Arguments", "Assign", "Resource", "a.$", "a",
    "Credentials", "ItemReader", "ReaderConfig", "MaxItems", "ItemBatcher", "TimeoutSeconds",
];

const STRINGS: &[&str] = &[
    "Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map", "A", "B", "$", "$$",
    "$.a[0]", "$..b", "$.a[?(@.x > 1)]", "$v", "States.ALL", "States.Format('{}', $.a)",
    "States.MathAdd(1,", "JSONata", "JSONPath", "{% $states.input %}", "{% 1 + %}", "{% (",
    "{% function($x) { $x } %}", "2016-03-14T01:59:00Z", "arn:aws:lambda:::function:", "${x",
    "DISTRIBUTED", "FULL", "echo", "",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::String),
        proptest::sample::select(STRINGS).prop_map(Value::from),
    ]
}

/// JSON whose object keys come from ASL's vocabulary (and sometimes anything).
fn asl_like() -> impl Strategy<Value = Value> {
    let key = prop_oneof![4 => proptest::sample::select(KEYS).prop_map(String::from), 1 => ".{0,6}"];
    leaf().prop_recursive(6, 96, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..7)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

/// A machine whose states are ASL-like objects, so the state and graph checks run.
fn machine() -> impl Strategy<Value = Value> {
    let names = proptest::sample::select(&["A", "B", "C"][..]);
    (names.clone(), prop::collection::vec((names, asl_like()), 1..4)).prop_map(|(start, states)| {
        let states: Map<String, Value> = states.into_iter().map(|(n, s)| (n.to_string(), s)).collect();
        serde_json::json!({"StartAt": start, "States": states})
    })
}

fn check_all(v: &Value) {
    let _ = engine::validate::validate_value(v);
    let text = v.to_string();
    let _ = engine::validate::validate_str(&text);
    let _ = engine::parse(&text);
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = engine::validate::validate_str(&text);
        let _ = engine::parse(&text);
    }

    #[test]
    fn arbitrary_json_never_panics(v in asl_like()) {
        check_all(&v);
    }

    #[test]
    fn asl_shaped_machines_never_panic(v in machine()) {
        check_all(&v);
    }

    #[test]
    fn jsonata_like_strings_never_panic(s in "\\{% [-+*/()\\[\\]{}$.a-z0-9 ,;:?&|'\"<>=^~@#`%λ]{0,24} %\\}") {
        let def = serde_json::json!({"QueryLanguage": "JSONata", "StartAt": "A",
            "States": {"A": {"Type": "Pass", "Output": s, "End": true}}});
        check_all(&def);
    }
}

#[test]
fn deep_nesting_is_reported_not_overflowed() {
    let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let problems = engine::validate::validate_str(&text);
    assert_eq!(problems.len(), 1);
    let deep_jsonata = format!("{{% {}1{} %}}", "(".repeat(5_000), ")".repeat(5_000));
    let def = serde_json::json!({"QueryLanguage": "JSONata", "StartAt": "A",
        "States": {"A": {"Type": "Pass", "Output": deep_jsonata, "End": true}}});
    assert_eq!(engine::validate::validate_value(&def).len(), 1);
}
