//! Hand-written cases beyond the recorded corpus (`tests/conformance/extra/<feature>/*.json`,
//! the corpus's format, so `check.py --cases ../extra` runs them through the CLI too): each
//! `source` says why its expectation is AWS's. Unlike the corpus, every case must pass.

mod case_common;

use case_common::run_case;
use serde_json::Value;
use std::path::Path;

#[test]
fn extra_conformance_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/extra");
    let mut paths = Vec::new();
    for feature in std::fs::read_dir(&root).expect("extra cases") {
        let feature = feature.unwrap().path();
        if !feature.is_dir() {
            continue;
        }
        for case in std::fs::read_dir(feature).unwrap() {
            let case = case.unwrap().path();
            if case.extension().is_some_and(|e| e == "json") {
                paths.push(case);
            }
        }
    }
    paths.sort();
    assert!(!paths.is_empty(), "no cases under {}", root.display());
    let mut fails = Vec::new();
    for path in &paths {
        let case: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        if let Err(why) = run_case(&case) {
            fails.push(format!("{}: {why}", path.display()));
        }
    }
    assert!(fails.is_empty(), "cases differing from AWS:\n{}", fails.join("\n"));
}
