//! Helpers shared by the `history_aws*` tests: a conformance case's file, a run that records
//! every event, the comparison of our `(type, previousEventId)` sequence with AWS's, and two test
//! clocks ([`Expiring`], [`Tokio`]).

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

/// A clock on which every timeout expires at once and no delay (a task's sleep, a Wait) ever ends.
pub struct Expiring;

impl Clock for Expiring {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::UNIX_EPOCH
    }
    fn sleep(&self, _d: std::time::Duration) -> futures::future::BoxFuture<'static, ()> {
        Box::pin(futures::future::pending())
    }
    fn timer(&self, _d: std::time::Duration) -> futures::future::BoxFuture<'static, ()> {
        Box::pin(futures::future::ready(()))
    }
}

/// Real time through tokio, for timeout tests.
pub struct Tokio;

impl Clock for Tokio {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now())
    }
    fn sleep(&self, d: std::time::Duration) -> futures::future::BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(d))
    }
}
