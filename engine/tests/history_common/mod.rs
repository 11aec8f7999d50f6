//! Helpers shared by the `history_aws*` tests: a conformance case's file, a run that records
//! every event, and the comparison of our `(type, previousEventId)` sequence with AWS's.

#![allow(dead_code)]

use engine::clock::Clock;
use engine::exec::{ExecutionInfo, Executor, Outcome};
use engine::history::{HistoryEvent, MemorySink};
use serde_json::Value;
use std::sync::Arc;

/// The conformance case file `tests/conformance/cases/{rel}`, parsed.
pub fn conformance_case(rel: &str) -> Value {
    let path = format!("{}/../tests/conformance/cases/{rel}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).expect(&path)).expect("case JSON")
}

/// Runs `def` on `input` with `clock`; the outcome and every event.
pub async fn run_on(def: Value, input: Value, clock: Arc<dyn Clock>) -> (Outcome, Vec<HistoryEvent>) {
    let m = engine::parse_value(&def).expect("parses");
    let ex = Executor::builder(&m).clock(clock).build().expect("compiles");
    let sink = Arc::new(MemorySink::default());
    let out = ex.run(input, ExecutionInfo::new("t"), sink.clone()).await;
    (out, sink.events())
}

/// The first event where `ours` and AWS's sequence differ, described for case `name`.
pub fn first_difference(name: &str, ours: &[(&str, u64)], aws: &[(&str, u64)]) -> Option<String> {
    let n = (0..ours.len().max(aws.len())).find(|&n| ours.get(n) != aws.get(n))?;
    Some(format!("{name}: event {}: ours {:?}, AWS {:?}", n + 1, ours.get(n), aws.get(n)))
}
