//! Executions recorded against AWS by LocalStack's parity snapshot tests (Apache-2.0), mined
//! from `tests/aws/services/stepfunctions/v2/**/*.snapshot.json` for machines that need no AWS
//! service: each file under `aws_mined/` names its snapshot and key in `source`. Unlike the
//! corpus (which must pass ≥ 98%), every case here must pass: each guards a semantic that was
//! fixed or already matched AWS.

mod case_common;

use case_common::run_case;
use serde_json::Value;
use std::path::Path;

#[test]
fn aws_mined_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/aws_mined");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).expect("aws_mined").map(|e| e.unwrap().path()).collect();
    paths.sort();
    assert!(paths.len() >= 300, "the mined cases are missing ({} found)", paths.len());
    let mut fails = Vec::new();
    for path in &paths {
        let case: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        if let Err(why) = run_case(&case) {
            fails.push(format!("{}: {why}", path.file_name().unwrap().to_string_lossy()));
        }
    }
    println!("{} passed, {} failed", paths.len() - fails.len(), fails.len());
    assert!(fails.is_empty(), "cases differing from AWS:\n{}", fails.join("\n"));
}
