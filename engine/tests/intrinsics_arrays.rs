//! Table tests of the array intrinsics (Array, ArrayPartition, ArrayContains, ArrayRange,
//! ArrayGetItem, ArrayLength, ArrayUnique): integers stay integers, AWS's truncation and causes.

mod intrinsics_common;

use intrinsics_common::*;
use serde_json::{json, Value};

#[test]
fn arrays() {
    give("States.Array()", json!({}), json!([]));
    give(
        "States.Array($.a, $.b)",
        json!({"a": null, "b": 1.1}),
        json!([null, 1.1]),
    );
    give(
        "States.Array('a', 1, true, null, 2.5, States.Array())",
        json!({}),
        json!(["a", 1, true, null, 2.5, []]),
    );

    let part = "States.ArrayPartition($.a, $.n)";
    give(part, json!({"a": [], "n": 1}), json!([]));
    give(part, json!({"a": [0, 1], "n": 1}), json!([[0], [1]]));
    give(part, json!({"a": [0, 1, 2], "n": 2}), json!([[0, 1], [2]]));
    give(
        part,
        json!({"a": [0, 1, 2, 3], "n": 5}),
        json!([[0, 1, 2, 3]]),
    );
    give(
        part,
        json!({"a": [1, 2, 3, 4, 5], "n": 2.6}),
        json!([[1, 2], [3, 4], [5]]),
    );
    give(
        part,
        json!({"a": [1, 2, 3], "n": 2147483647}),
        json!([[1, 2, 3]]),
    );
    for n in [
        json!(0),
        json!(-1),
        json!(0.6),
        json!(-0.4),
        json!("2"),
        json!(null),
    ] {
        invalid(part, json!({"a": [1, 2, 3], "n": n}), "ArrayPartition");
    }

    let contains = "States.ArrayContains($.a, $.v)";
    give(contains, json!({"a": [], "v": null}), json!(false));
    give(contains, json!({"a": [], "v": []}), json!(false));
    give(
        contains,
        json!({"a": [[1, 2, 3], 2], "v": null}),
        json!(false),
    );
    give(
        contains,
        json!({"a": [[1, 2, 3], 2], "v": [1, 2, 3]}),
        json!(true),
    );
    give(
        contains,
        json!({"a": [{"1": 2, "2": []}], "v": []}),
        json!(false),
    );
    give(
        contains,
        json!({"a": [{"1": 2, "2": []}], "v": {"1": 2, "2": []}}),
        json!(true),
    );
    give(
        contains,
        json!({"a": [true, false], "v": false}),
        json!(true),
    );
    give(
        contains,
        json!({"a": [1, 2, 3, 4, 5, 6], "v": 5}),
        json!(true),
    );
    invalid(contains, json!({"a": "abc", "v": "a"}), "ArrayContains");

    let range = "States.ArrayRange($.f, $.l, $.s)";
    give(range, json!({"f": 0, "l": 9, "s": 3}), json!([0, 3, 6, 9]));
    give(range, json!({"f": 0, "l": 10, "s": 3}), json!([0, 3, 6, 9]));
    give(range, json!({"f": 1, "l": 9, "s": 9}), json!([1]));
    give(
        range,
        json!({"f": 1, "l": 9, "s": 2}),
        json!([1, 3, 5, 7, 9]),
    );
    give(range, json!({"f": 5, "l": 1, "s": -2}), json!([5, 3, 1]));
    give(range, json!({"f": 5, "l": 1, "s": 1}), json!([]));
    give(range, json!({"f": 3, "l": 3, "s": -1}), json!([3]));
    give(
        range,
        json!({"f": 1.4, "l": 5.6, "s": 2.2}),
        json!([1, 3, 5]),
    );
    give(
        "States.ArrayRange(1, 1000, 1)",
        json!({}),
        Value::Array((1..=1000).map(Value::from).collect()),
    );
    invalid("States.ArrayRange(1, 1001, 1)", json!({}), "ArrayRange");
    invalid("States.ArrayRange(1001, 1, -1)", json!({}), "ArrayRange");
    invalid("States.ArrayRange(1, 10, 0)", json!({}), "ArrayRange");
    invalid("States.ArrayRange(1, 10, 0.49)", json!({}), "ArrayRange");
    invalid(range, json!({"f": "a", "l": 5, "s": 1}), "ArrayRange");

    let get = "States.ArrayGetItem($.a, $.i)";
    give(
        get,
        json!({"a": [1, 2, 3, 4, 5, 6, 7, 8, 9], "i": 5}),
        json!(6),
    );
    give(get, json!({"a": [null], "i": 0}), json!(null));
    give(get, json!({"a": [10, 20, 30], "i": 1.2}), json!(20));
    give(get, json!({"a": [], "i": 999}), json!(null));
    give(
        "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 0)",
        json!({}),
        json!("my"),
    );
    give(
        "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), \
          States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))",
        json!({}),
        json!("name"),
    );
    invalid(get, json!({"a": [10, 20, 30], "i": 3}), "ArrayGetItem");
    invalid(get, json!({"a": [10, 20, 30], "i": -1}), "ArrayGetItem");
    invalid(get, json!({"a": [10, 20, 30], "i": "1"}), "ArrayGetItem");
    invalid(get, json!({"a": "abc", "i": 0}), "ArrayGetItem");

    give(
        "States.ArrayLength($.a)",
        json!({"a": [1, 2, 3, 4, 5, 6, 7, 8, 9]}),
        json!(9),
    );
    give("States.ArrayLength($.a)", json!({"a": []}), json!(0));
    invalid("States.ArrayLength($.a)", json!({"a": {}}), "ArrayLength");

    let unique = "States.ArrayUnique($.a)";
    give(
        unique,
        json!({"a": [1, 2, 2, 3, 3, 4]}),
        json!([1, 2, 3, 4]),
    );
    give(
        unique,
        json!({"a": [null, null, true, true, false, false, 1, 1, 1.1, 0, 0, "HelloWorld", "HelloWorld",
        [], [], [null], [null], {"a": 1, "b": 2}, {"a": 1, "b": 2}, {"a": 1, "b": 1}]}),
        json!([null, true, false, 1, 1.1, 0, "HelloWorld", [], [null], {"a": 1, "b": 2}, {"a": 1, "b": 1}]),
    );
    invalid(unique, json!({"a": "x"}), "ArrayUnique");
}
