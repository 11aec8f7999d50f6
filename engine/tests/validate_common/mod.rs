//! Reading corpus files and asking the validator about them; shared by the conformance corpus
//! (`validate_corpus`) and the mined peers' and AWS-recorded definitions (`validate_mined`).

use engine::validate::{validate_str, validate_value, Problem};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Reads one JSON file, panicking with its path.
pub fn read(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `.json` file below `dir`, sorted.
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
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

/// Problems for a case that must be rejected: from its `definition_text` when it has one (JSON
/// syntax, duplicate keys), else from its `definition`.
pub fn problems_of(case: &Value) -> Vec<Problem> {
    match case["definition_text"].as_str() {
        Some(text) => validate_str(text),
        None => validate_value(&case["definition"]),
    }
}

/// For each file whose `definition` must be valid, the problems found in its value or in its
/// pretty-printed text, one entry per rejected file.
pub fn rejected_valid(files: &[PathBuf]) -> Vec<String> {
    let mut rejected = Vec::new();
    for f in files {
        let def = &read(f)["definition"];
        let problems = validate_value(def);
        let text_problems = validate_str(&serde_json::to_string_pretty(def).unwrap());
        if !problems.is_empty() || !text_problems.is_empty() {
            rejected.push(format!("{}: {problems:#?} {text_problems:#?}", f.display()));
        }
    }
    rejected
}
