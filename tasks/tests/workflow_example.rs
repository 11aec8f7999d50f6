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

/// Runs the example with its example input; `commands` is the command-set folder.
async fn run_report(commands: std::path::PathBuf) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = support::config_in(dir.path());
    cfg.commands_dir = commands;
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
    outcome.to_json()
}

#[tokio::test]
async fn db_health_report_runs_on_a_fresh_machine() {
    let got = run_report(format!("{}/../commands", env!("CARGO_MANIFEST_DIR")).into()).await;
    assert_eq!(got["status"], "SUCCEEDED", "{got}");
    let out = &got["output"];
    assert_eq!(out["database"], "demo.sqlite");
    assert_eq!(out["table_count"], 5);
    assert_eq!(out["finding_count"], 3);
    let summary = out["summary"].as_str().unwrap();
    assert!(summary.starts_with("[dry-run"), "{summary}");
    assert!(summary.contains("5 tables") && summary.contains("delivered"), "the prompt carries real numbers: {summary}");
}

/// Without its command set (a server started outside the repository, or the set removed), the
/// Catch on OrdersByStatus leads on to a report that says the figure is not available: the
/// prompt names the step where both paths meet, not the caught one, whose template would stop
/// the execution with States.Runtime.
#[tokio::test]
async fn db_health_report_without_its_command_set_still_reports() {
    let empty = tempfile::tempdir().unwrap();
    let got = run_report(empty.path().to_path_buf()).await;
    assert_eq!(got["status"], "SUCCEEDED", "{got}");
    let summary = got["output"]["summary"].as_str().unwrap();
    assert!(summary.contains("not available (DataCommand.UnknownCommandSet"), "{summary}");
    assert!(summary.contains("5 tables"), "the rest of the report is there: {summary}");
}
