//! The conformance corpus as a validation test: every definition under `invalid/` is rejected,
//! and no valid definition under `cases/` is.

mod validate_common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use validate_common::{json_files, problems_of, read, rejected_valid};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance")
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
    let rejected = rejected_valid(&files);
    assert!(rejected.is_empty(), "{} of {} rejected:\n{}", rejected.len(), files.len(), rejected.join("\n"));
}

#[test]
fn valid_definitions_also_parse_into_the_typed_model() {
    for f in json_files(&corpus().join("cases")) {
        let def = &read(&f)["definition"];
        if engine::validate::validate_value(def).is_empty() {
            assert!(engine::parse_value(def).is_ok(), "{}", f.display());
        }
    }
}
