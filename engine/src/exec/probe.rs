//! TestState's hook into the one state it tests (see [`super::test_state`]): what a Map or
//! Parallel state returns instead of running its iterations or branches (AWS's mock for
//! them), what a Map's ItemReader reads, the Context object the state sees, and the Map
//! settings the state evaluated, which TestState reports in `inspectionData`. Only a TestState run has a probe; an execution pays one `Option` check
//! per Map or Parallel attempt.

use super::machine::Cx;
use super::map::Tolerance;
use crate::error::{names, StatesError};
use crate::history::EventType;
use serde_json::{json, Map, Value};
use std::sync::Mutex;

/// The tested state's stand-in and what it evaluated.
#[derive(Debug, Default)]
pub(crate) struct Probe {
    /// The tested state (top level of the machine TestState runs).
    pub state: String,
    /// A Map's or Parallel's outcome instead of its iterations or branches, when mocked.
    pub mock: Option<Result<Value, StatesError>>,
    /// Iterations taken to have failed (AWS's `stateConfiguration.mapIterationFailureCount`),
    /// weighed against the Map's tolerated failures.
    pub failed_iterations: u64,
    /// What the Map's ItemReader reads (AWS's `stateConfiguration.mapItemReaderData`).
    pub reader_items: Option<Value>,
    /// The Context object the state sees (AWS's `context`), instead of its run's.
    pub context: Option<Value>,
    /// What the state evaluated: `maxConcurrency`, `toleratedFailureCount`,
    /// `toleratedFailurePercentage`, `afterItemsPath`.
    pub seen: Mutex<Map<String, Value>>,
}

impl Probe {
    fn note(&self, key: &str, v: Value) {
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(key.to_string(), v);
        }
    }

    /// What was noted, taken out.
    pub fn take_seen(&self) -> Map<String, Value> {
        self.seen.lock().map(|mut s| std::mem::take(&mut *s)).unwrap_or_default()
    }
}

impl Cx<'_, '_> {
    /// The probe, when this is the tested state.
    pub(crate) fn probe(&self) -> Option<&Probe> {
        self.run.ex.probe.as_deref().filter(|p| self.frame.scope.is_empty() && *self.st.name == p.state)
    }

    /// Notes a Map's evaluated settings (AWS reports `maxConcurrency` always, 0 when unset, and
    /// the tolerances that are set) and, when mocked, gives its outcome: the mock's error, or
    /// `States.ExceedToleratedFailureThreshold` when the failed iterations exceed a tolerance
    /// that is set (with none set, AWS's TestState does not count them), or the mock's result.
    pub(crate) fn probe_map(&self, concurrency: usize, tolerance: &Tolerance, after_items_path: Option<&[Value]>, items: usize) -> Option<Result<Value, StatesError>> {
        let p = self.probe()?;
        p.note("maxConcurrency", json!(concurrency));
        if let Some(c) = tolerance.count {
            p.note("toleratedFailureCount", json!(c));
        }
        if let Some(pct) = tolerance.percentage {
            p.note("toleratedFailurePercentage", json!(pct));
        }
        if let Some(v) = after_items_path {
            p.note("afterItemsPath", Value::Array(v.to_vec()));
        }
        let outcome = match p.mock.as_ref()? {
            Err(e) => Err(e.clone()),
            // With no tolerance set, `exceeded` is false: AWS's TestState does not count them.
            Ok(_) if tolerance.exceeded(p.failed_iterations, items) => {
                Err(StatesError::new(names::EXCEED_TOLERATED_FAILURE, "The specified tolerated failure threshold was exceeded"))
            }
            Ok(result) => Ok(result.clone()),
        };
        Some(outcome.or_else(|e| self.mocked_failure(EventType::MapStateFailed, e)))
    }

    /// A Parallel's mocked outcome, when this is the tested state and it is mocked.
    pub(crate) fn probe_parallel(&self) -> Option<Result<Value, StatesError>> {
        let mock = self.probe()?.mock.clone()?;
        Some(mock.or_else(|e| self.mocked_failure(EventType::ParallelStateFailed, e)))
    }

    /// Records a mocked failure as the state's own (`MapStateFailed` / `ParallelStateFailed`),
    /// so Catch and TestState's answer see it as they would a real one.
    fn mocked_failure(&self, event: EventType, e: StatesError) -> Result<Value, StatesError> {
        self.emit(event, || json!({"error": e.error, "cause": e.cause}))?;
        Err(e)
    }
}
