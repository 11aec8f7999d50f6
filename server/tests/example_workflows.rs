//! Every example workflow under `workflows/` is a snapshot test: it runs with the real task
//! functions (a fresh demo SQLite database, the repo's command sets, the LLM in its
//! labelled dry-run mode) and its outcome plus the sequence of history events must match
//! the snapshot. Volatile values (timings, timestamps, ids) are masked.

use engine::exec::{ExecOptions, ExecutionInfo, Executor};
use engine::history::MemorySink;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;

const VOLATILE: &[&str] = &["latency_ms", "timestamp", "startedAt", "finishedAt", "EnteredTime", "StartTime", "path", "database"];

fn mask(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if VOLATILE.contains(&k.as_str()) {
                    *x = json!("[masked]");
                } else {
                    mask(x);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(mask),
        _ => {}
    }
}

#[tokio::test(flavor = "current_thread")]
async fn example_workflows_match_their_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let tmp = tempfile::tempdir().unwrap();
    let vars = [
        ("WFM_DEMO_DB", tmp.path().join("demo.sqlite").display().to_string()),
        ("WFM_COMMANDS_DIR", root.join("commands").display().to_string()),
        ("WFM_LLM_DRY_RUN", "1".to_string()),
    ];
    let config = tasks::TasksConfig::try_from_vars(vars.map(|(k, v)| (k.to_string(), v))).unwrap();
    let registry = Arc::new(tasks::registry(&config));
    let mut defs: Vec<_> = std::fs::read_dir(root.join("workflows")).unwrap().map(|e| e.unwrap().path()).collect();
    defs.retain(|p| p.to_string_lossy().ends_with(".asl.json"));
    defs.sort();
    assert!(defs.len() >= 4, "examples missing");
    for def in defs {
        let name = def.file_name().unwrap().to_string_lossy().trim_end_matches(".asl.json").to_string();
        let text = std::fs::read_to_string(&def).unwrap();
        assert!(engine::validate::validate_str(&text).is_empty(), "{name} does not validate");
        let input = std::fs::read_to_string(def.with_file_name(format!("{name}.input.json")))
            .map(|t| serde_json::from_str(&t).unwrap())
            .unwrap_or_else(|_| json!({}));
        let machine = engine::parse(&text).unwrap();
        let ex = Executor::builder(&machine).registry(registry.clone()).options(ExecOptions::default()).build().unwrap();
        let sink = Arc::new(MemorySink::default());
        let outcome = ex.run(input, ExecutionInfo::new(&name), sink.clone()).await;
        let events: Vec<String> = sink
            .events()
            .iter()
            .map(|e| format!("{} {:?} {}", e.id, e.event_type, engine::tracker::step_key(&e.scope, e.state.as_deref().unwrap_or(""))))
            .collect();
        let mut snap = json!({"outcome": outcome.to_json(), "events": events});
        mask(&mut snap);
        insta::assert_json_snapshot!(name, snap);
    }
}
