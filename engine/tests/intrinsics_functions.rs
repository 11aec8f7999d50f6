//! Table-driven tests of every `States.*` intrinsic: results (ints stay ints) and AWS's
//! error names and causes. Values come from the conformance corpus (recorded on AWS) and
//! from AWS's documented behaviour.

use engine::env::Env;
use engine::intrinsics;
use serde_json::{json, Value};

fn context() -> Value {
    json!({"Execution": {"Id": "arn:aws:states:us-east-1:1:execution:sm:exec-1", "Name": "exec-1",
           "Input": {"FunctionInput": "a,b"}},
           "StateMachine": {"Id": "arn:aws:states:us-east-1:1:stateMachine:my-sm-name", "Name": "my-sm-name"}})
}

/// Evaluates `expr` against `input` and expects exactly `expected` (number kinds included).
fn give(expr: &str, input: Value, expected: Value) {
    let ctx = context();
    let call = intrinsics::parse(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
    let got = call
        .eval(&Env::new(&input, &ctx))
        .unwrap_or_else(|e| panic!("{expr}: {e}"));
    assert_eq!(got, expected, "{expr} on {input}");
}

/// Expects `States.Runtime` with the given detail after AWS's standard prefix.
fn fails(expr: &str, input: Value, call: &str, detail: &str) {
    let ctx = context();
    let parsed = intrinsics::parse(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
    let err = parsed.eval(&Env::new(&input, &ctx)).expect_err(expr);
    assert_eq!(err.error, "States.Runtime", "{expr}");
    let cause = format!("The function '{call}' had the following error: {detail}");
    assert_eq!(err.cause, cause, "{expr}");
}

fn invalid(expr: &str, input: Value, func: &str) {
    fails(
        expr,
        input,
        expr,
        &format!("Invalid arguments in States.{func}"),
    );
}

#[test]
fn format() {
    let f = "States.Format('Formatting argument {}.', $.v)";
    give(f, json!({"v": ""}), json!("Formatting argument ."));
    give(f, json!({"v": " "}), json!("Formatting argument  ."));
    give(f, json!({"v": null}), json!("Formatting argument null."));
    give(f, json!({"v": 1}), json!("Formatting argument 1."));
    give(f, json!({"v": 1.1}), json!("Formatting argument 1.1."));
    give(f, json!({"v": true}), json!("Formatting argument true."));
    give(
        f,
        json!({"v": "{\"Arg1\": 1}"}),
        json!("Formatting argument {\"Arg1\": 1}."),
    );
    give(
        f,
        json!({"v": {"Arg1": 1, "Arg2": []}}),
        json!("Formatting argument {Arg1=1, Arg2=[]}."),
    );
    give(
        f,
        json!({"v": [1, "a", [null]]}),
        json!("Formatting argument [1, a, [null]]."),
    );
    give(
        "States.Format('{} and {}', $.a, 'x')",
        json!({"a": 2}),
        json!("2 and x"),
    );
    give(
        "States.Format('no placeholders')",
        json!({}),
        json!("no placeholders"),
    );
    give(
        "States.Format('\\{\\} \\'q\\' \\\\ {}', 1)",
        json!({}),
        json!("{} 'q' \\ 1"),
    );
    give(
        "States.Format($.t, $.n)",
        json!({"t": "It's {}!", "n": "Pikachu"}),
        json!("It's Pikachu!"),
    );
    give(
        "States.Format('{}', $$.StateMachine)",
        json!({}),
        json!("{Id=arn:aws:states:us-east-1:1:stateMachine:my-sm-name, Name=my-sm-name}"),
    );
    give(
        "States.Format('{}', $$.Execution.Name)",
        json!({}),
        json!("exec-1"),
    );
}

#[test]
fn format_errors() {
    fails("States.Format('{} {}', $.a)", json!({"a": 1}), "States.Format('{} {}', $.a)",
        "Invalid arguments in States.Format: number of arguments do not match the occurrences of {}.");
    fails("States.Format('{}', 1, 2)", json!({}), "States.Format('{}', 1, 2)",
        "Invalid arguments in States.Format: number of arguments do not match the occurrences of {}.");
    fails(
        "States.Format('Hello {', $.a)",
        json!({"a": 1}),
        "States.Format('Hello {', $.a)",
        "Invalid template in States.Format: matching '}' not found for '{'.",
    );
    fails(
        "States.Format('}')",
        json!({}),
        "States.Format('}')",
        "Invalid template in States.Format: matching '{' not found for '}'.",
    );
    invalid("States.Format($.t, 1)", json!({"t": 123}), "Format");
}

#[test]
fn string_split() {
    let f = "States.StringSplit($.s, $.d)";
    give(
        f,
        json!({"s": "1,2,3,4,5", "d": ","}),
        json!(["1", "2", "3", "4", "5"]),
    );
    give(f, json!({"s": " , ", "d": ","}), json!([" ", " "]));
    give(f, json!({"s": ",,,,", "d": ","}), json!([]));
    give(
        f,
        json!({"s": "This.is+a,test=string", "d": ".+,="}),
        json!(["This", "is", "a", "test", "string"]),
    );
    give(
        f,
        json!({"s": "split on T and \nnew line", "d": "T\n"}),
        json!(["split on ", " and ", "new line"]),
    );
    give(f, json!({"s": "abc", "d": ""}), json!(["abc"]));
    give(f, json!({"s": "", "d": ","}), json!([]));
    give(
        "States.StringSplit('Hello\nWorld', '\n')",
        json!({}),
        json!(["Hello", "World"]),
    );
    give(
        "States.StringSplit($$.Execution.Input.FunctionInput, ',')",
        json!({}),
        json!(["a", "b"]),
    );
    invalid(
        "States.StringSplit($.s, ',')",
        json!({"s": 1}),
        "StringSplit",
    );
}

#[test]
fn json_functions() {
    let to = "States.StringToJson($.s)";
    give(to, json!({"s": ""}), json!(null));
    give(to, json!({"s": " "}), json!(null));
    give(to, json!({"s": "null"}), json!(null));
    give(to, json!({"s": "-0"}), json!(0));
    give(to, json!({"s": "1"}), json!(1));
    give(to, json!({"s": "1.1"}), json!(1.1));
    give(to, json!({"s": "true"}), json!(true));
    give(to, json!({"s": "\"HelloWorld\""}), json!("HelloWorld"));
    give(
        to,
        json!({"s": "[1, 2, \"HelloWorld\"]"}),
        json!([1, 2, "HelloWorld"]),
    );
    give(
        to,
        json!({"s": "{\"Arg1\": 1, \"Arg2\": []}"}),
        json!({"Arg1": 1, "Arg2": []}),
    );
    invalid(to, json!({"s": "{nope"}), "StringToJson");
    invalid(to, json!({"s": 1}), "StringToJson");

    let from = "States.JsonToString($.v)";
    give(from, json!({"v": null}), json!("null"));
    give(from, json!({"v": 0}), json!("0"));
    give(from, json!({"v": 1.1}), json!("1.1"));
    give(from, json!({"v": true}), json!("true"));
    give(from, json!({"v": "HelloWorld"}), json!("\"HelloWorld\""));
    give(
        from,
        json!({"v": [1, 2, "HelloWorld"]}),
        json!("[1,2,\"HelloWorld\"]"),
    );
    give(
        from,
        json!({"v": {"Arg1": 1, "Arg2": []}}),
        json!("{\"Arg1\":1,\"Arg2\":[]}"),
    );
    give(
        from,
        json!({"v": {"z": 1, "a": 2}}),
        json!("{\"z\":1,\"a\":2}"),
    );
    give(
        from,
        json!({"v": [1e20, 3.0, 1e-5, 0.001, 1234567.0, 12345678.0, -2.5e-7]}),
        json!("[1.0E20,3.0,1.0E-5,0.001,1234567.0,1.2345678E7,-2.5E-7]"),
    );
    give(
        "States.Format('{} {} {}', $.a, $.b, $.c)",
        json!({"a": 1e20, "b": 3.0, "c": {"x": [0.5, 1e-4]}}),
        json!("1.0E20 3.0 {x=[0.5, 1.0E-4]}"),
    );

    let merge = "States.JsonMerge($.a, $.b, false)";
    give(
        merge,
        json!({"a": {"a": {"a1": 1, "a2": 2}, "b": 2, "d": 3}, "b": {"a": {"a3": 1, "a4": 2}, "c": 3, "d": 4}}),
        json!({"a": {"a3": 1, "a4": 2}, "b": 2, "d": 4, "c": 3}),
    );
    give(
        "States.JsonMerge(States.StringToJson('{\"k\": \"false\"}'), $.b, false)",
        json!({"b": {"x": 1}}),
        json!({"k": "false", "x": 1}),
    );
    invalid(merge, json!({"a": [], "b": {}}), "JsonMerge");
    invalid(
        "States.JsonMerge($.a, $.b, $.deep)",
        json!({"a": {}, "b": {}, "deep": true}),
        "JsonMerge",
    );
}

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

#[test]
fn encoding_and_hashing() {
    give("States.Base64Encode($.s)", json!({"s": ""}), json!(""));
    give(
        "States.Base64Encode($.s)",
        json!({"s": "Data to encode"}),
        json!("RGF0YSB0byBlbmNvZGU="),
    );
    give(
        "States.Base64Encode('Hello World')",
        json!({}),
        json!("SGVsbG8gV29ybGQ="),
    );
    give("States.Base64Encode('✓')", json!({}), json!("4pyT"));
    let dec = "States.Base64Decode($.s)";
    give(dec, json!({"s": ""}), json!(""));
    give(
        dec,
        json!({"s": "RGF0YSB0byBlbmNvZGU="}),
        json!("Data to encode"),
    );
    give(dec, json!({"s": "4pyT"}), json!("✓"));
    give(dec, json!({"s": "YWJjZA"}), json!("abcd"));
    give(dec, json!({"s": " YWJjZA== "}), json!("abcd"));
    give(dec, json!({"s": "YWJjAGRlZg=="}), json!("abc\u{0}def"));
    give(
        "States.Base64Decode(States.Base64Encode('round trip'))",
        json!({}),
        json!("round trip"),
    );
    let a10000 = "a".repeat(10_000);
    give(
        "States.Hash($.s, 'SHA-256')",
        json!({ "s": a10000 }),
        json!("27dd1f61b867b6a0f6e9d8a41c43231de52107e53ae424de8f847b821db4b711"),
    );
    invalid(
        "States.Base64Encode($.s)",
        json!({ "s": "a".repeat(10_001) }),
        "Base64Encode",
    );
    invalid(
        "States.Base64Decode($.s)",
        json!({ "s": "A".repeat(10_001) }),
        "Base64Decode",
    );
    invalid("States.Base64Encode($.s)", json!({"s": 1}), "Base64Encode");

    let h = "States.Hash($.d, $.a)";
    let d = "input data";
    give(
        h,
        json!({"d": d, "a": "MD5"}),
        json!("812f45842bc6d66ee14572ce20db8e86"),
    );
    give(
        h,
        json!({"d": d, "a": "SHA-1"}),
        json!("aaff4a450a104cd177d28d18d74485e8cae074b7"),
    );
    give(
        h,
        json!({"d": d, "a": "SHA-256"}),
        json!("b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"),
    );
    give(h, json!({"d": d, "a": "SHA-384"}), json!("d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562"));
    give(h, json!({"d": d, "a": "SHA-512"}), json!("6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4"));
    give(
        "States.Hash('hello', 'MD5')",
        json!({}),
        json!("5d41402abc4b2a76b9719d911017c592"),
    );
    give(
        "States.Hash('', 'SHA-256')",
        json!({}),
        json!("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    );
    give(
        "States.Hash('🚀', 'SHA-256')",
        json!({}),
        json!("ebbc0b2870eb323f2b6cffa5c493ceef81ae7eb36afc73d4e0367301631daec5"),
    );
    for algo in ["sha-256", "SHA256", "MD-5", "", "SHA-257"] {
        invalid(h, json!({"d": d, "a": algo}), "Hash");
    }
    invalid(h, json!({ "d": "a".repeat(10_001), "a": "MD5" }), "Hash");
}

#[test]
fn math() {
    let add = "States.MathAdd($.a, $.b)";
    for (a, b, sum) in [
        (json!(-9), json!(3), -6),
        (json!(1.49), json!(1.5), 3),
        (json!(1.5), json!(1.51), 4),
        (json!(-1.49), json!(-1.5), -2),
        (json!(-1.5), json!(-1.51), -3),
        (json!(1.49), json!(0), 1),
        (json!(1.49), json!(-1.49), 0),
        (json!(1.5), json!(0), 2),
        (json!(1.51), json!(0), 2),
        (json!(-1.49), json!(0), -1),
        (json!(-1.5), json!(0), -1),
        (json!(-1.51), json!(0), -2),
        (json!(0.5), json!(0), 1),
        (json!(2.5), json!(0), 3),
        (json!(3.5), json!(0), 4),
        (json!(-0.5), json!(0.5), 1),
        (json!(-0.5), json!(0), 0),
        (json!(-2.5), json!(0), -2),
        (json!(-3.5), json!(0), -3),
        (json!(2147483647), json!(1), 2147483648_i64),
    ] {
        give(add, json!({"a": a, "b": b}), json!(sum));
    }
    give(
        "States.MathAdd(States.MathAdd(States.MathAdd($.y, $.x), $.z), $.bias)",
        json!({"x": 9, "y": 44, "z": 6, "bias": 4.3}),
        json!(63),
    );
    invalid(add, json!({"a": "1", "b": 2}), "MathAdd");
    invalid(add, json!({"a": 1e12, "b": 2}), "MathAdd");

    for (start, end, lo, hi) in [
        (12.5, 44.51, 12, 44),
        (9999.0, 99999.0, 9999, 99998),
        (-99999.0, -9999.0, -99999, -10000),
        (1.6, 5.4, 1, 4),
    ] {
        for _ in 0..50 {
            let ctx = context();
            let input = json!({"a": start, "b": end});
            let v = intrinsics::parse("States.MathRandom($.a, $.b)")
                .unwrap()
                .eval(&Env::new(&input, &ctx))
                .unwrap();
            let n = v.as_i64().unwrap_or_else(|| panic!("not an integer: {v}"));
            assert!((lo..=hi).contains(&n), "{n} not in [{lo}, {hi}]");
        }
    }
    let seeded = |seed: i64| {
        let ctx = context();
        let input = json!({});
        intrinsics::parse(&format!("States.MathRandom(1, 1000, {seed})"))
            .unwrap()
            .eval(&Env::new(&input, &ctx))
            .unwrap()
    };
    assert_eq!(seeded(42), seeded(42));
    assert!(seeded(-10).as_i64().is_some());
    invalid("States.MathRandom(1, 1)", json!({}), "MathRandom");
    invalid("States.MathRandom(10, 5)", json!({}), "MathRandom");
    invalid("States.MathRandom(1.4, 1.6)", json!({}), "MathRandom");
    invalid(
        "States.MathRandom($.a, 10)",
        json!({"a": "a"}),
        "MathRandom",
    );
    invalid(
        "States.MathRandom(1, 10, $.s)",
        json!({"s": null}),
        "MathRandom",
    );
}

#[test]
fn uuid() {
    let ctx = context();
    let input = json!({});
    let call = intrinsics::parse("States.UUID()").unwrap();
    let a = call.eval(&Env::new(&input, &ctx)).unwrap();
    let b = call.eval(&Env::new(&input, &ctx)).unwrap();
    let s = a.as_str().unwrap();
    assert_ne!(a, b);
    assert_eq!(s.len(), 36);
    assert_eq!(&s[14..15], "4", "version 4: {s}");
    assert!(
        matches!(&s[19..20], "8" | "9" | "a" | "b"),
        "RFC 4122 variant: {s}"
    );
}

#[test]
fn missing_paths_and_variables() {
    fails(
        "States.Hash($.missing, 'SHA-256')",
        json!({}),
        "States.Hash($.missing, 'SHA-256')",
        "The JsonPath argument for the field '$.missing' could not be found in the input '{}'",
    );
    fails(
        "States.Array(States.Base64Decode($.m))",
        json!({"a": 1}),
        "States.Base64Decode($.m)",
        "The JsonPath argument for the field '$.m' could not be found in the input '{\"a\":1}'",
    );
    let ctx = context();
    let input = json!({});
    let mut vars = serde_json::Map::new();
    vars.insert("x".into(), json!([1, 2]));
    let env = Env {
        input: &input,
        context: &ctx,
        vars: &vars,
    };
    let call = intrinsics::parse("States.ArrayLength($x)").unwrap();
    assert_eq!(call.eval(&env).unwrap(), json!(2));
    assert!(intrinsics::parse("States.ArrayLength($y)")
        .unwrap()
        .eval(&env)
        .is_err());
}
