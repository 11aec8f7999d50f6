//! Table tests of the string and JSON intrinsics (Format, StringSplit, StringToJson,
//! JsonToString, JsonMerge): results as recorded on AWS and AWS's causes.

mod intrinsics_common;

use intrinsics_common::*;
use serde_json::json;

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
