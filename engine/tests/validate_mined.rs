//! Definitions mined from public test corpora, each with AWS's answer: asl-validator's test
//! definitions (MIT), awslabs/statelint's `test/` and spec examples (Apache-2.0) and LocalStack's
//! AWS-recorded `ValidateStateMachineDefinition` snapshot (Apache-2.0). Every file under
//! `validate_mined/invalid/` must be rejected, each problem naming its code and location, and
//! every file under `validate_mined/valid/` accepted, from its value and from its text. Each file
//! keeps its `source` (repo@commit:path) and `licence`; a `note` says where a definition was
//! adapted. The peers' definitions already in `tests/conformance/invalid/` are not repeated.

mod validate_common;

use std::path::{Path, PathBuf};
use validate_common::{json_files, problems_of, read, rejected_valid};

/// The files of `kind` (`valid` or `invalid`), each checked for its `expect`, source and licence.
fn files(kind: &str) -> Vec<PathBuf> {
    let files = json_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validate_mined").join(kind));
    for f in &files {
        let case = read(f);
        assert_eq!(case["expect"], kind, "{}", f.display());
        assert!(case["source"].as_str().is_some_and(|s| s.contains('@')), "{}: no source", f.display());
        assert!(case["licence"].is_string(), "{}: no licence", f.display());
    }
    files
}

#[test]
fn every_mined_invalid_definition_is_rejected_with_located_problems() {
    let files = files("invalid");
    assert!(files.len() >= 20, "mined invalid corpus not found");
    let mut wrong = Vec::new();
    for f in &files {
        let problems = problems_of(&read(f));
        if problems.is_empty() {
            wrong.push(format!("{}: accepted", f.display()));
        }
        for p in problems.iter().filter(|p| p.code.is_empty() || !p.path.starts_with('/') || p.message.is_empty()) {
            wrong.push(format!("{}: problem without code, location or message: {p:?}", f.display()));
        }
    }
    assert!(wrong.is_empty(), "{} of {}:\n{}", wrong.len(), files.len(), wrong.join("\n"));
}

#[test]
fn every_mined_valid_definition_is_accepted_and_parses() {
    let files = files("valid");
    assert!(files.len() >= 80, "mined valid corpus not found");
    let rejected = rejected_valid(&files);
    assert!(rejected.is_empty(), "{} of {} rejected:\n{}", rejected.len(), files.len(), rejected.join("\n"));
    for f in &files {
        assert!(engine::parse_value(&read(f)["definition"]).is_ok(), "{}", f.display());
    }
}
