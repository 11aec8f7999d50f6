//! Every valid definition of the conformance corpus parses into the typed model.

use std::path::Path;

#[test]
fn corpus_definitions_parse_and_round_trip() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/cases");
    let mut n = 0;
    let mut failures = Vec::new();
    for feature in std::fs::read_dir(&root).unwrap() {
        for case in std::fs::read_dir(feature.unwrap().path()).unwrap() {
            let path = case.unwrap().path();
            let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            n += 1;
            match engine::parse_value(&v["definition"]) {
                Ok(m) => {
                    let back = serde_json::to_value(&m).unwrap();
                    let again = engine::parse_value(&back).unwrap();
                    assert_eq!(m, again, "{}", path.display());
                }
                Err(e) => failures.push(format!("{}: {e}", path.display())),
            }
        }
    }
    assert!(n > 500, "corpus not found at {}", root.display());
    assert!(failures.is_empty(), "{} failed:\n{}", failures.len(), failures.join("\n"));
}
