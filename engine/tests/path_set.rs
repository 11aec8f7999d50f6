//! `ResultPath` semantics of `set_at`: `$` replaces, missing objects are created, stepping
//! through a non-object fails.

use engine::path::{set_at, Path, PathEvalError};
use serde_json::{json, Value};

fn set(target: Value, path: &str, value: Value) -> Result<Value, PathEvalError> {
    set_at(target, &Path::parse(path).unwrap(), value)
}

#[test]
fn writes() {
    let table = [
        (json!({"a": 1}), "$", json!(2), json!(2)),
        (json!({"a": 1}), "$.b", json!(2), json!({"a": 1, "b": 2})),
        (
            json!({"a": 1}),
            "$.a",
            json!({"x": 1}),
            json!({"a": {"x": 1}}),
        ),
        (
            json!({}),
            "$.x.y.z",
            json!(true),
            json!({"x": {"y": {"z": true}}}),
        ),
        (
            json!({"x": {"k": 0}}),
            "$.x.y",
            json!(1),
            json!({"x": {"k": 0, "y": 1}}),
        ),
        (
            json!({"a": [1, 2]}),
            "$.a[1]",
            json!(9),
            json!({"a": [1, 9]}),
        ),
        (
            json!({"a": [{"b": 1}]}),
            "$.a[0].c",
            json!(2),
            json!({"a": [{"b": 1, "c": 2}]}),
        ),
        (
            json!({"message": "m"}),
            "$.query_values_1",
            json!({"q": 1}),
            json!({"message": "m", "query_values_1": {"q": 1}}),
        ),
        (
            json!({"input_field": 1}),
            "$.result_path",
            json!({"merged": {}}),
            json!({"input_field": 1, "result_path": {"merged": {}}}),
        ),
    ];
    for (target, path, value, expected) in table {
        assert_eq!(
            set(target.clone(), path, value).unwrap(),
            expected,
            "{path} on {target}"
        );
    }
}

#[test]
fn failures() {
    for (target, path) in [
        (json!("text"), "$.a"),
        (json!({"a": 1}), "$.a.b"),
        (json!({"a": [1]}), "$.a.b"),
        (json!({"a": [1]}), "$.a[3]"),
        (json!({"a": {}}), "$.a[0]"),
        (json!([1, 2]), "$.x"),
    ] {
        let err = set(target.clone(), path, json!(1)).expect_err(path);
        assert!(
            matches!(err, PathEvalError::CannotSet { .. }),
            "{path}: {err:?}"
        );
    }
    assert!(set(json!({}), "$.a[*]", json!(1)).is_err());
    assert!(set(json!({}), "$$.a", json!(1)).is_err());
    assert!(set(json!({}), "$var.a", json!(1)).is_err());
}

#[test]
fn message() {
    let err = set(json!({"a": "s"}), "$.a.b", json!(1)).unwrap_err();
    assert_eq!(err.to_string(), "Unable to apply step \"b\" to input \"s\"");
}
