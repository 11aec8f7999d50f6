//! The conformance corpus (recorded against AWS) run directly through `path` and
//! `intrinsics`: every case whose machine is a single `Pass` state with only `Parameters` is
//! evaluated here, without the interpreter, and must match AWS exactly (integers stay
//! integers). Random results are checked against the recorded `output_checks`.

use std::fs;

use engine::env::Env;
use engine::{intrinsics, path::Path};
use serde_json::{json, Map, Value};

/// Context values equal to the corpus's masks, so masked expectations compare exactly.
fn context(input: &Value) -> Value {
    json!({
        "Execution": {
            "Id": "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>",
            "Input": input, "Name": "<ExecArnPart_0idx>", "RoleArn": "snf_role_arn", "StartTime": "start-time",
            "RedriveCount": 0
        },
        "StateMachine": {"Id": "arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>", "Name": "<ArnPart_0idx>"},
        "State": {"Name": "State_0", "EnteredTime": "entered-time"}
    })
}

/// Builds a `Parameters` payload the way a Pass state does.
fn payload(template: &Value, env: &Env) -> Value {
    match template {
        Value::Object(members) => {
            let mut out = Map::new();
            for (k, v) in members {
                match (k.strip_suffix(".$"), v) {
                    (Some(name), Value::String(expr)) if intrinsics::is_intrinsic(expr) => {
                        let call = intrinsics::parse(expr).unwrap_or_else(|e| panic!("{e}"));
                        out.insert(
                            name.to_string(),
                            call.eval(env).unwrap_or_else(|e| panic!("{expr}: {e}")),
                        );
                    }
                    (Some(name), Value::String(expr)) => {
                        let path = Path::parse(expr).unwrap_or_else(|e| panic!("{e}"));
                        out.insert(
                            name.to_string(),
                            path.eval(env).unwrap_or_else(|e| panic!("{expr}: {e}")),
                        );
                    }
                    _ => {
                        out.insert(k.clone(), payload(v, env));
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|i| payload(i, env)).collect()),
        other => other.clone(),
    }
}

/// The single Pass state's `Parameters`, when that is all the machine does.
fn single_pass_parameters(case: &Value) -> Option<&Value> {
    let states = case["definition"]["States"].as_object()?;
    let (_, state) = states.iter().next().filter(|_| states.len() == 1)?;
    let fields: Vec<&str> = state.as_object()?.keys().map(String::as_str).collect();
    let only_parameters = fields
        .iter()
        .all(|f| matches!(*f, "Type" | "Parameters" | "End" | "Comment"));
    let params = state.get("Parameters")?;
    (state["Type"] == "Pass" && only_parameters).then_some(params)
}

fn check(name: &str, case: &Value, output: &Value) {
    let expected = &case["expected"];
    if let Some(checks) = expected["output_checks"].as_array() {
        for c in checks {
            let mut v = output;
            for key in c["path"].as_array().unwrap() {
                v = &v[key.as_str().unwrap()];
            }
            let n = v
                .as_i64()
                .unwrap_or_else(|| panic!("{name}: {v} is not an integer"));
            assert!(
                n >= c["min"].as_i64().unwrap() && n <= c["max"].as_i64().unwrap(),
                "{name}: {n} out of range"
            );
        }
    } else {
        assert_eq!(output, &expected["output"], "{name}");
    }
}

#[test]
fn corpus_cases_evaluate_as_on_aws() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/conformance/cases");
    let mut checked = 0;
    for feature in ["intrinsic", "jsonpath", "variables", "errors", "base"] {
        let Ok(dir) = fs::read_dir(format!("{root}/{feature}")) else {
            continue;
        };
        for entry in dir.flatten() {
            let case: Value =
                serde_json::from_str(&fs::read_to_string(entry.path()).unwrap()).unwrap();
            let name = case["name"].as_str().unwrap_or_default().to_string();
            let Some(params) = single_pass_parameters(&case) else {
                continue;
            };
            if case["expected"]["status"] != "SUCCEEDED" {
                continue;
            }
            let input = &case["input"];
            let ctx = context(input);
            let output = payload(params, &Env::new(input, &ctx));
            check(&name, &case, &output);
            checked += 1;
        }
    }
    eprintln!("{checked} corpus cases evaluated");
    assert!(checked >= 90, "only {checked} corpus cases were checked");
}
