//! The conformance corpus as a validation test: every definition under `invalid/` is rejected,
//! and no valid definition under `cases/` is.

use engine::validate::{validate_str, validate_value, Problem};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance")
}

fn read(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(json_files(&path));
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Problems for an invalid-corpus entry: from its text when it has one, else from its value.
fn problems_of(case: &Value) -> Vec<Problem> {
    match case["definition_text"].as_str() {
        Some(text) => validate_str(text),
        None => validate_value(&case["definition"]),
    }
}

#[test]
fn every_invalid_definition_is_rejected() {
    let files = json_files(&corpus().join("invalid"));
    assert!(files.len() >= 90, "invalid corpus not found");
    let accepted: Vec<String> = files
        .iter()
        .filter(|f| problems_of(&read(f)).is_empty())
        .map(|f| f.display().to_string())
        .collect();
    assert!(accepted.is_empty(), "{} of {} accepted:\n{}", accepted.len(), files.len(), accepted.join("\n"));
}

#[test]
fn statelint_problem_counts_and_wording_match() {
    let mut wrong = Vec::new();
    for f in json_files(&corpus().join("invalid")) {
        let case = read(&f);
        let Some(want) = case["expected_error"]["problem_count"].as_u64() else { continue };
        let got = problems_of(&case);
        let messages: Vec<&str> = got.iter().map(|p| p.message.as_str()).collect();
        let words = case["expected_error"]["message_contains"].as_array().cloned().unwrap_or_default();
        let missing: Vec<&str> =
            words.iter().filter_map(Value::as_str).filter(|w| !messages.iter().any(|m| m.contains(w))).collect();
        if got.len() as u64 != want || !missing.is_empty() {
            wrong.push(format!("{}: want {want} mentioning {missing:?}, got {got:#?}", f.display()));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_valid_definition_is_rejected() {
    let files = json_files(&corpus().join("cases"));
    assert!(files.len() >= 500, "case corpus not found");
    let mut rejected = Vec::new();
    for f in &files {
        let def = &read(f)["definition"];
        let problems = validate_value(def);
        let text_problems = validate_str(&serde_json::to_string_pretty(def).unwrap());
        if !problems.is_empty() || !text_problems.is_empty() {
            rejected.push(format!("{}: {problems:#?}", f.display()));
        }
    }
    assert!(rejected.is_empty(), "{} of {} rejected:\n{}", rejected.len(), files.len(), rejected.join("\n"));
}

#[test]
fn valid_definitions_also_parse_into_the_typed_model() {
    for f in json_files(&corpus().join("cases")) {
        let def = &read(&f)["definition"];
        if validate_value(def).is_empty() {
            assert!(engine::parse_value(def).is_ok(), "{}", f.display());
        }
    }
}
