//! History events: what is stored, streamed to the browser and snapshot-tested.
//!
//! Ids follow AWS: one counter per execution, starting at 1 with `ExecutionStarted`, so
//! causes can quote "(entered at the event id #N)" exactly as AWS does.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Declares [`EventType`] and its names from one list, so a name can never drift from its variant.
macro_rules! event_types {
    ($($variant:ident),* $(,)?) => {
        /// AWS's history event types (the subset a local engine produces).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[allow(missing_docs)]
        pub enum EventType {
            $($variant,)*
        }

        impl EventType {
            /// AWS's name for the type, as shown in the console and serialized in history
            /// (`TaskStateEntered`). The UI uses it instead of `Debug`, which is not for users.
            pub fn name(self) -> &'static str {
                match self {
                    $(EventType::$variant => stringify!($variant),)*
                }
            }
        }
    };
}

event_types! {
    ExecutionStarted,
    ExecutionSucceeded,
    ExecutionFailed,
    ExecutionAborted,
    ExecutionTimedOut,
    ExecutionRedriven,
    PassStateEntered,
    PassStateExited,
    TaskStateEntered,
    TaskStateExited,
    TaskScheduled,
    TaskStarted,
    TaskSucceeded,
    TaskFailed,
    TaskTimedOut,
    TaskStateAborted,
    ChoiceStateEntered,
    ChoiceStateExited,
    WaitStateEntered,
    WaitStateExited,
    WaitStateAborted,
    SucceedStateEntered,
    SucceedStateExited,
    FailStateEntered,
    ParallelStateEntered,
    ParallelStateStarted,
    ParallelStateSucceeded,
    ParallelStateFailed,
    ParallelStateAborted,
    ParallelStateExited,
    MapStateEntered,
    MapStateStarted,
    MapIterationStarted,
    MapIterationSucceeded,
    MapIterationFailed,
    MapIterationAborted,
    MapStateSucceeded,
    MapStateFailed,
    MapStateAborted,
    MapStateExited,
    EvaluationFailed,
}

impl EventType {
    /// Whether this is a state's `XStateEntered`, the event that starts a step.
    pub fn is_state_entered(self) -> bool {
        self.name().ends_with("StateEntered")
    }

    /// Whether this is a state's `XStateExited`, the event that ends a step that did not fail.
    pub fn is_state_exited(self) -> bool {
        self.name().ends_with("StateExited")
    }

    /// `XStateEntered` for a state type name.
    pub fn entered(state_type: &str) -> EventType {
        match state_type {
            "Pass" => EventType::PassStateEntered,
            "Task" => EventType::TaskStateEntered,
            "Choice" => EventType::ChoiceStateEntered,
            "Wait" => EventType::WaitStateEntered,
            "Succeed" => EventType::SucceedStateEntered,
            "Fail" => EventType::FailStateEntered,
            "Parallel" => EventType::ParallelStateEntered,
            _ => EventType::MapStateEntered,
        }
    }

    /// `XStateExited` for a state type name (Fail has none).
    pub fn exited(state_type: &str) -> Option<EventType> {
        Some(match state_type {
            "Pass" => EventType::PassStateExited,
            "Task" => EventType::TaskStateExited,
            "Choice" => EventType::ChoiceStateExited,
            "Wait" => EventType::WaitStateExited,
            "Succeed" => EventType::SucceedStateExited,
            "Parallel" => EventType::ParallelStateExited,
            "Map" => EventType::MapStateExited,
            _ => return None,
        })
    }

    /// `XStateAborted` for a state type name: what AWS records for a state still running in a
    /// Parallel branch or Map iteration that a failure cancels (only the states that can be
    /// running while another branch fails have one).
    pub fn aborted(state_type: &str) -> Option<EventType> {
        Some(match state_type {
            "Task" => EventType::TaskStateAborted,
            "Wait" => EventType::WaitStateAborted,
            "Parallel" => EventType::ParallelStateAborted,
            "Map" => EventType::MapStateAborted,
            _ => return None,
        })
    }
}

/// One history event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEvent {
    /// 1-based, per execution.
    pub id: u64,
    /// The event this one follows (0 for the first).
    pub previous_event_id: u64,
    /// When it happened (engine clock).
    pub timestamp: DateTime<Utc>,
    /// AWS event type.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// Where in nested Parallel/Map it happened: "" at top level, e.g. `Process[3]` or
    /// `Fan[1]/Inner[0]` (Map iteration or Parallel branch index in brackets).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scope: String,
    /// State name for state events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Type-specific details (input, output, error, cause, resource, …).
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub details: Value,
}

/// Receives events as they happen. Implementations persist, print or forward them.
pub trait EventSink: Send + Sync {
    /// Called for every history event, in id order per scope.
    fn event(&self, event: &HistoryEvent);
    /// Live-only progress of a running task (not a history event, no id), e.g. LLM text deltas.
    fn progress(&self, _scope: &str, _state: &str, _data: &Value) {}
    /// Whether events are wanted at all (false lets the engine skip building them).
    fn wants_events(&self) -> bool {
        true
    }
}

/// Discards everything (fastest; ids are still counted for causes).
pub struct NullSink;

impl EventSink for NullSink {
    fn event(&self, _event: &HistoryEvent) {}
    fn wants_events(&self) -> bool {
        false
    }
}

/// Keeps every event in memory (tests, CLI `--history`).
#[derive(Default)]
pub struct MemorySink {
    events: std::sync::Mutex<Vec<HistoryEvent>>,
}

impl MemorySink {
    /// A copy of the events so far.
    pub fn events(&self) -> Vec<HistoryEvent> {
        self.events.lock().map(|e| e.clone()).unwrap_or_default()
    }
}

impl EventSink for MemorySink {
    fn event(&self, event: &HistoryEvent) {
        if let Ok(mut e) = self.events.lock() {
            e.push(event.clone());
        }
    }
}

/// The per-execution id counter and limit, and (when continuing a stored history) the
/// journal that matches re-emitted events to their stored ids.
pub(crate) struct Recorder {
    next: AtomicU64,
    limit: u64,
    pub(crate) sink: Arc<dyn EventSink>,
    wants: bool,
    journal: Option<Arc<crate::exec::Journal>>,
}

impl Recorder {
    /// Whether anyone listens (timestamps are only taken then).
    pub(crate) fn wants(&self) -> bool {
        self.wants
    }

    pub(crate) fn new(sink: Arc<dyn EventSink>, limit: u64, first_id: u64) -> Self {
        let wants = sink.wants_events();
        Recorder { next: AtomicU64::new(first_id), limit, sink, wants, journal: None }
    }

    /// A recorder that continues `journal`'s history: new events get ids after the stored ones.
    pub(crate) fn replaying(sink: Arc<dyn EventSink>, limit: u64, journal: Arc<crate::exec::Journal>) -> Self {
        let mut r = Recorder::new(sink, limit, journal.next_id());
        r.journal = Some(journal);
        r
    }

    /// The journal being replayed, if any.
    pub(crate) fn journal(&self) -> Option<&crate::exec::Journal> {
        self.journal.as_deref()
    }

    /// Allocates an id and emits the event of type `link.0` that follows event `link.1` (its
    /// `previousEventId`: AWS links each event to the one before it in the same branch or
    /// iteration, not to the one just before it in the history); `details` is only built when
    /// someone listens (or when a journal needs its Map `index` to match it). Returns the id
    /// and, for an event that is already in the journal, its stored timestamp (such an event
    /// keeps its stored id and is not emitted again); `Err(limit)` when the history limit is
    /// exceeded.
    pub(crate) fn emit_linked(
        &self,
        now: impl FnOnce() -> DateTime<Utc>,
        link: (EventType, u64),
        scope: &str,
        state: Option<&str>,
        details: impl FnOnce() -> Value,
    ) -> Result<(u64, Option<DateTime<Utc>>), u64> {
        let (event_type, previous) = link;
        let details = (self.wants || self.journal.is_some()).then(details);
        if let (Some(j), Some(d)) = (&self.journal, &details) {
            if let Some((id, at)) = j.take(event_type, scope, state, d.get("index").and_then(Value::as_u64)) {
                return Ok((id, Some(at)));
            }
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        if self.limit > 0 && id > self.limit {
            return Err(self.limit);
        }
        if let (true, Some(details)) = (self.wants, details) {
            let ev = HistoryEvent {
                id,
                previous_event_id: previous,
                timestamp: now(),
                event_type,
                scope: scope.to_string(),
                state: state.map(str::to_string),
                details,
            };
            self.sink.event(&ev);
        }
        Ok((id, None))
    }
}

#[cfg(test)]
mod tests {
    use super::EventType;

    #[test]
    fn names_are_the_serialized_names_and_classify_steps() {
        for t in ["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"] {
            let entered = EventType::entered(t);
            assert_eq!(serde_json::to_value(entered).unwrap(), entered.name());
            assert!(entered.is_state_entered() && !entered.is_state_exited(), "{t}");
            if let Some(exited) = EventType::exited(t) {
                assert_eq!(serde_json::to_value(exited).unwrap(), exited.name());
                assert!(exited.is_state_exited() && !exited.is_state_entered(), "{t}");
            }
        }
        assert!(!EventType::TaskStarted.is_state_entered() && !EventType::MapIterationSucceeded.is_state_exited());
    }
}
