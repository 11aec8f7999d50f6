//! Intrinsic call syntax: what AWS accepts at definition time, and the static checks
//! (arity, literal argument types) that reject a definition before it runs.

use engine::intrinsics::{self, Arg, Func};

#[test]
fn recognises_the_call_form() {
    for s in [
        "States.Format('x')",
        "States.Xyz($.a)",
        "States.UUID()",
        "States.Array(",
    ] {
        assert!(intrinsics::is_intrinsic(s), "{s}");
    }
    for s in [
        "$.a",
        " States.Array(1)",
        "States.",
        "States.Array",
        "states.Array()",
        "{% $x %}",
        "States.(1)",
    ] {
        assert!(!intrinsics::is_intrinsic(s), "{s}");
    }
}

#[test]
fn accepted() {
    for s in [
        "States.Array()",
        "States.Array( )",
        "States.Array($.a, $$.b, $var.c[0], 'x', 1, -2.5, 1e3, true, false, null)",
        "States.Format('Hello {}, welcome to {}!', $.name, $.place)",
        "States.Format('\\{\\} \\' \\\\', 1)",
        "States.Format($AnswerTemplate, $$.Map.Item.Value)",
        "States.StringSplit('Hello\nWorld', '\n')",
        "States.JsonMerge(States.StringToJson('{\"constant_in_literal\": \"false\"}'), $$.Execution.Input.input_field, false)",
        "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))",
        "States.MathAdd(States.MathAdd(States.MathAdd($yCurrent, $xCurrent), $zCurrent), $bias)",
        "States.ArrayRange(1, 10, 2)",
        "States.MathRandom(1, 10)",
        "States.MathRandom(1, 10, 42)",
        "States.Hash($.a, 'SHA-256')",
        "States.Hash('data', 'UNSUPPORTED')",
        "States.Array($.a[?(@.x == 'a,b')], $['a,b'])",
        "States.Array($.items[*].id)",
        "States.UUID()",
        "States.Base64Encode('Data')",
    ] {
        if let Err(e) = intrinsics::parse(s) {
            panic!("{s:?} should parse: {e}");
        }
    }
}

#[test]
fn rejected() {
    for s in [
        " States.Array('Foo', $.xyz, 'Bar', 2.3)",
        "States.Xyz($.result)",
        "States.MathAdd(1,'-1')",
        "States.StringToJson('{\"text\":\"An \\\"escaped double quote\\\" here\"}')",
        "States.Format('He said, \\\"Hello, {}!\\\"', 'Test \\\"Name\\\" Here')",
        "States.Base64Decode('YWJj\\nZA==')",
        "States.Array('unterminated)",
        "States.Array(1,)",
        "States.Array(,1)",
        "States.Array(1 2)",
        "States.Array(1)x",
        "States.Array(1",
        "States.Array(abc)",
        "States.Array(.5)",
        "States.Array($.a b)",
        "States.Array($.)",
        "States.UUID(1)",
        "States.Format()",
        "States.Format(1)",
        "States.StringToJson()",
        "States.StringToJson(1)",
        "States.JsonToString(1, 2)",
        "States.ArrayPartition('not-array', 2)",
        "States.ArrayPartition($.a, '2')",
        "States.ArrayPartition($.a)",
        "States.ArrayContains($.a)",
        "States.ArrayRange(1, 5)",
        "States.ArrayRange(1, 5, 1, 99)",
        "States.ArrayRange('a', 5, 1)",
        "States.ArrayGetItem($.a, '1')",
        "States.ArrayLength([1])",
        "States.ArrayLength('abc')",
        "States.ArrayUnique(1)",
        "States.Base64Encode(123)",
        "States.Base64Decode()",
        "States.Hash('hello')",
        "States.Hash('hello', 123)",
        "States.Hash('hello', 'SHA-256', 'extra')",
        "States.JsonMerge($.a, $.b)",
        "States.JsonMerge($.a, $.b, true)",
        "States.JsonMerge($.a, $.b, 'false')",
        "States.MathRandom(1)",
        "States.MathRandom(1, 10, 5, 99)",
        "States.MathRandom('a', 10)",
        "States.MathRandom(1, 10, null)",
        "States.MathAdd(1)",
        "States.StringSplit('a')",
        "States.StringSplit(1, ',')",
    ] {
        assert!(intrinsics::parse(s).is_err(), "{s:?} should be rejected");
    }
}

#[test]
fn structure() {
    let call = intrinsics::parse("States.Format('a\\{b', $.x, States.UUID(), 2)").unwrap();
    assert_eq!(call.func(), Func::Format);
    assert_eq!(call.args().len(), 4);
    assert!(matches!(&call.args()[0], Arg::Str { value, raw } if value == "a{b" && raw == "a\\{b"));
    assert!(matches!(&call.args()[1], Arg::Path(p) if p.as_str() == "$.x"));
    assert!(matches!(&call.args()[2], Arg::Call(c) if c.func() == Func::Uuid));
    assert!(matches!(&call.args()[3], Arg::Literal(v) if v == &serde_json::json!(2)));
    assert_eq!(
        call.to_string(),
        "States.Format('a\\{b', $.x, States.UUID(), 2)"
    );
    assert_eq!(Func::JsonMerge.name(), "States.JsonMerge");
}

#[test]
fn errors_name_the_call() {
    let e = intrinsics::parse("States.MathAdd(1,'-1')").unwrap_err();
    assert_eq!(e.call, "States.MathAdd(1,'-1')");
    assert!(e.to_string().contains("States.MathAdd"), "{e}");
}

#[test]
fn number_literals_follow_json_syntax() {
    let literal = |s: &str| match intrinsics::parse(&format!("States.Array({s})")).map(|c| c.args()[0].clone()) {
        Ok(Arg::Literal(v)) => Some(v),
        _ => None,
    };
    assert_eq!(literal("1.5e3"), Some(serde_json::json!(1500.0)));
    assert_eq!(literal("-2.25"), Some(serde_json::json!(-2.25)));
    assert_eq!(literal("7"), Some(serde_json::json!(7)));
    for bad in ["01.5", "1.", "1e", "1e400"] {
        assert_eq!(literal(bad), None, "{bad} should not be a number");
    }
}
