//! The database health report example (`workflows/db-health-report.asl.json`) run end to end by
//! the engine with this crate's registry, on a fresh demo database and the dry-run model.

mod support;

use engine::exec::{ExecutionInfo, Executor};
use engine::history::NullSink;
use serde_json::Value;
use std::sync::Arc;

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[tokio::test]
async fn db_health_report_runs_on_a_fresh_machine() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = support::config_in(dir.path());
    cfg.commands_dir = format!("{}/../commands", env!("CARGO_MANIFEST_DIR")).into();
    let text = read("workflows/db-health-report.asl.json");
    assert!(engine::validate::validate_str(&text).is_empty(), "{:?}", engine::validate::validate_str(&text));
    let machine = engine::parse(&text).unwrap();
    let ex = Executor::builder(&machine)
        .registry(Arc::new(tasks::registry(&cfg)))
        .clock(engine::clock::VirtualClock::starting_at(chrono::Utc::now()))
        .build()
        .unwrap();
    let input: Value = serde_json::from_str(&read("workflows/db-health-report.input.json")).unwrap();
    let outcome = ex.run(input, ExecutionInfo::new("db-health-report"), Arc::new(NullSink)).await;
    let got = outcome.to_json();
    assert_eq!(got["status"], "SUCCEEDED", "{got}");
    let out = &got["output"];
    assert_eq!(out["database"], "demo.sqlite");
    assert_eq!(out["table_count"], 5);
    assert_eq!(out["finding_count"], 3);
    let summary = out["summary"].as_str().unwrap();
    assert!(summary.starts_with("[dry-run"), "{summary}");
    assert!(summary.contains("5 tables") && summary.contains("delivered"), "the prompt carries real numbers: {summary}");
}
