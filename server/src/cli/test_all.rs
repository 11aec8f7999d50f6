//! `wfm test-all [DIR]`: runs every `NAME.asl.json` with its `NAME.input.json` and reports
//! pass/fail (the original `--test-all`). A workflow passes when it succeeds, or, when a
//! `NAME.expected.json` exists, when its `{status, output|error}` equals that file.

use super::run::{run_file, Invalid};
use engine::exec::ExecOptions;
use engine::history::NullSink;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;

pub async fn test_all(dir: &Path, wait_scale: f64) -> u8 {
    let mut defs: Vec<_> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.to_string_lossy().ends_with(".asl.json")).collect(),
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", dir.display());
            return 2;
        }
    };
    defs.sort();
    let (mut passed, mut failed) = (0, 0);
    for def in &defs {
        let stem = def.to_string_lossy().trim_end_matches(".asl.json").to_string();
        let input = read_json(&format!("{stem}.input.json")).unwrap_or_else(|| json!({}));
        let expected = read_json(&format!("{stem}.expected.json"));
        let started = std::time::Instant::now();
        let verdict = match run_file(def, input, wait_scale, ExecOptions::default(), Arc::new(NullSink)).await {
            Ok(outcome) => {
                let got = outcome.to_json();
                match &expected {
                    Some(exp) if exp == &got => Ok(()),
                    Some(exp) => Err(format!("expected {exp}, got {got}")),
                    None if got["status"] == "SUCCEEDED" => Ok(()),
                    None => Err(format!("{}: {}", got["error"], got["cause"])),
                }
            }
            Err(Invalid(m)) => Err(m),
        };
        let ms = started.elapsed().as_millis();
        match verdict {
            Ok(()) => {
                passed += 1;
                println!("PASS {} ({ms} ms)", def.display());
            }
            Err(why) => {
                failed += 1;
                println!("FAIL {} ({ms} ms): {why}", def.display());
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    u8::from(failed > 0)
}

fn read_json(path: &str) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}
