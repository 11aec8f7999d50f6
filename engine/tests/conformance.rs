//! The ASL conformance corpus (recorded against AWS; see tests/conformance/README.md for
//! sources and licences) run in-process: every feature, JSONata ones included (JSONata cases of
//! other features are listed apart), must pass ≥ 98% of its cases, causes compared. `check.py` runs the same corpus through the `wfm` CLI.

mod case_common;

use case_common::run_case;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn conformance_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/cases");
    let mut per: BTreeMap<String, (usize, usize, Vec<String>)> = BTreeMap::new();
    for feature in std::fs::read_dir(&root).expect("corpus") {
        let feature = feature.unwrap().path();
        let fname = feature.file_name().unwrap().to_string_lossy().to_string();
        for case in std::fs::read_dir(&feature).unwrap() {
            let path = case.unwrap().path();
            let case: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            let jsonata = case["definition"].to_string().contains("JSONata");
            let key = if jsonata && !fname.starts_with("jsonata") { format!("{fname} (JSONata)") } else { fname.clone() };
            let e = per.entry(key).or_default();
            e.1 += 1;
            match run_case(&case) {
                Ok(()) => e.0 += 1,
                Err(why) => e.2.push(format!("{}: {why}", path.file_name().unwrap().to_string_lossy())),
            }
        }
    }
    let mut below = Vec::new();
    for (f, (pass, total, fails)) in &per {
        println!("{f:<18} {pass:>4}/{total:<4}");
        for x in fails.iter().take(50) {
            println!("    {x}");
        }
        if (*pass as f64) < 0.98 * (*total as f64) {
            below.push(format!("{f}: {pass}/{total}"));
        }
    }
    assert!(below.is_empty(), "features below 98%: {below:?}");
}
