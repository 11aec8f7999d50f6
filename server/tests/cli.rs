//! Golden tests of the `wfm` CLI contract (DESIGN.md): JSON shapes and exit codes.

use serde_json::{json, Value};
use std::process::Command;

fn wfm(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_wfm"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .env("WFM_LLM_DRY_RUN", "1")
        .output()
        .expect("wfm runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

fn write(dir: &tempfile::TempDir, name: &str, v: &Value) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, v.to_string()).unwrap();
    p.display().to_string()
}

fn last_json(s: &str) -> Value {
    serde_json::from_str(s.lines().last().unwrap_or("")).unwrap_or(Value::Null)
}

#[test]
fn run_json_succeeds_fails_and_rejects() {
    let d = tempfile::tempdir().unwrap();
    let ok = write(&d, "ok.json", &json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": "States.MathAdd($.n, 1)"}, "End": true}}}));
    let input = write(&d, "in.json", &json!({"n": 41}));
    let (code, out, _) = wfm(&["run", &ok, "--input", &input, "--json"]);
    assert_eq!((code, last_json(&out)), (0, json!({"status": "SUCCEEDED", "output": {"x": 42}})));
    let (code, out, _) = wfm(&["run", "--workflow", &ok, "--input", &input, "--json"]);
    assert_eq!((code, last_json(&out)["output"]["x"].clone()), (0, json!(42)));

    let fail = write(&d, "fail.json", &json!({"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "C"}}}));
    let (code, out, _) = wfm(&["run", &fail, "--json"]);
    assert_eq!((code, last_json(&out)), (1, json!({"status": "FAILED", "error": "E", "cause": "C"})));

    let bad = write(&d, "bad.json", &json!({"StartAt": "Nope", "States": {"A": {"Type": "Pass", "End": true}}}));
    let (code, _, err) = wfm(&["run", &bad, "--json"]);
    assert_eq!(code, 2);
    assert!(err.contains("/StartAt"), "{err}");
    let (code, _, _) = wfm(&["run"]);
    assert_eq!(code, 2);
}

#[test]
fn run_executes_jsonata_states() {
    let d = tempfile::tempdir().unwrap();
    let def = write(&d, "ata.json", &json!({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"n": "{% $states.input.n %}"}, "Output": {"sum": "{% $sum($states.input.xs) + 1 %}"}, "Next": "B"},
        "B": {"Type": "Pass", "Output": {"sum": "{% $states.input.sum %}", "n": "{% $n %}", "parts": "{% $partition([1, 2, 3], 2) %}"}, "End": true}}}));
    let input = write(&d, "in.json", &json!({"n": 7, "xs": [1, 2]}));
    let (code, out, _) = wfm(&["run", &def, "--input", &input, "--json"]);
    assert_eq!((code, last_json(&out)), (0, json!({"status": "SUCCEEDED", "output": {"sum": 4, "n": 7, "parts": [[1, 2], [3]]}})));
    let undefined = write(&d, "undef.json", &json!({"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Output": {"v": "{% $states.input.nope %}"}, "End": true}}}));
    let (code, out, _) = wfm(&["run", &undefined, "--json"]);
    let cause = "An error occurred while executing the state 'A' (entered at the event id #2). The JSONata expression '$states.input.nope' specified for the field 'Output/v' returned nothing (undefined).";
    assert_eq!((code, last_json(&out)), (1, json!({"status": "FAILED", "error": "States.QueryEvaluationError", "cause": cause})));
}

#[test]
fn validate_lists_every_problem_with_a_pointer() {
    let d = tempfile::tempdir().unwrap();
    let ok = write(&d, "ok.json", &json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}));
    let (code, out, _) = wfm(&["validate", &ok, "--json"]);
    assert_eq!((code, last_json(&out)), (0, json!({"valid": true, "problems": []})));
    let bad = write(&d, "bad.json", &json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Z", "Bogus": 1}}}));
    let (code, out, _) = wfm(&["validate", &bad, "--json"]);
    let v = last_json(&out);
    assert_eq!((code, v["valid"].clone()), (1, json!(false)));
    let paths: Vec<&str> = v["problems"].as_array().unwrap().iter().map(|p| p["path"].as_str().unwrap()).collect();
    assert!(paths.contains(&"/States/A/Next") && paths.iter().any(|p| p.starts_with("/States/A")) && paths.len() >= 2, "{v}");
    // A StartAt naming no state is reported with the other problems, not only on its own.
    let bad = write(&d, "start.json", &json!({"StartAt": "Missing", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}));
    let (code, out, _) = wfm(&["validate", &bad, "--json"]);
    let v = last_json(&out);
    let found: Vec<(&str, &str)> =
        v["problems"].as_array().unwrap().iter().map(|p| (p["code"].as_str().unwrap(), p["path"].as_str().unwrap())).collect();
    assert_eq!(code, 1);
    assert_eq!(
        found,
        vec![("MISSING_TRANSITION_TARGET", "/States/A/Next"), ("MISSING_TRANSITION_TARGET", "/StartAt"), ("NO_TERMINAL_STATE", "/States")],
        "{v}"
    );
}

#[test]
fn track_prints_step_changes_and_functions_lists_schemas() {
    let (code, out, _) = wfm(&["run", "workflows/hello-world.asl.json", "--input", "workflows/hello-world.input.json", "--track"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("RUNNING") && out.contains("SUCCEEDED"), "{out}");
    let (code, out, _) = wfm(&["functions", "--json"]);
    assert_eq!(code, 0);
    let list = last_json(&out);
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
    for f in ["call_llm", "get_db_size", "get_table_count", "get_query_stats", "analyze_schema", "execute_data_command", "get_cached_query_ids", "apply_cache_changes"] {
        assert!(names.contains(&f), "{f} missing from {names:?}");
    }
    assert!(list[0]["parameters"].is_object());
}

#[test]
fn test_all_runs_every_example() {
    let (code, out, _) = wfm(&["test-all", "workflows"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 failed"), "{out}");
}

#[test]
fn test_state_runs_one_state_of_a_definition() {
    let d = tempfile::tempdir().unwrap();
    let input = write(&d, "in.json", &json!({"name": "Ada"}));
    let (code, out, err) = wfm(&["test-state", "workflows/hello-world.asl.json", "--input", &input, "--inspection-level", "DEBUG"]);
    let got: Value = serde_json::from_str(&out).unwrap_or(Value::Null);
    assert_eq!((code, got["status"].as_str()), (0, Some("SUCCEEDED")), "{out}{err}");
    assert_eq!(got["inspectionData"]["input"], json!({"name": "Ada"}));
    // INFO, AWS's default, leaves the stages out.
    let (_, out, _) = wfm(&["test-state", "workflows/hello-world.asl.json", "--input", &input]);
    let got: Value = serde_json::from_str(&out).unwrap_or(Value::Null);
    assert_eq!((got["status"].as_str(), got.get("inspectionData")), (Some("SUCCEEDED"), None), "{out}");
    let mock = write(&d, "mock.json", &json!({"errorOutput": {"error": "Llm.Down", "cause": "no answer"}}));
    let task = write(&d, "task.json", &json!({"Type": "Task", "Resource": "call_llm", "Parameters": {"prompt": "hi"}, "End": true}));
    let (code, out, _) = wfm(&["test-state", &task, "--mock", &mock]);
    let got: Value = serde_json::from_str(&out).unwrap_or(Value::Null);
    assert_eq!((code, got["status"].as_str(), got["error"].as_str()), (1, Some("FAILED"), Some("Llm.Down")), "{out}");
    // The example's LLM step, mocked, with the results its templates name.
    let steps = write(&d, "steps.json", &json!({"GetDbSize": {"size_bytes": 4096}, "GetTableCount": {"table_count": 3}}));
    let answer = write(&d, "answer.json", &json!({"result": {"text": "small"}}));
    let (code, out, err) = wfm(&["test-state", "workflows/llm-analysis.asl.json", "--state", "AnalyzeWithLLM", "--steps", &steps, "--mock", &answer, "--inspection-level", "TRACE"]);
    let got: Value = serde_json::from_str(&out).unwrap_or(Value::Null);
    assert_eq!((code, got["output"]["analysis"]["text"].as_str()), (0, Some("small")), "{out}{err}");
    assert!(got["inspectionData"]["afterParameters"]["prompt"].as_str().unwrap_or_default().contains("4096 bytes and holds 3 tables"), "{got}");
    let (code, _, err) = wfm(&["test-state", "workflows/hello-world.asl.json", "--state", "Nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("State not found in definition"), "{err}");
}
