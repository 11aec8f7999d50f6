//! The engine's [`EventSink`] for durable executions: numbers events in the execution's own id
//! sequence (continuing after a resume), hands them to the writer (which persists, then
//! publishes), and forwards live-only progress straight to subscribers.
//!
//! One mutex orders id assignment and hand-off, so a stop can append `ExecutionAborted` after
//! the last event the engine produced and nothing the engine emits later gets through.

use super::resume::is_terminal;
use super::writer::WriteMsg;
use super::LiveMsg;
use engine::exec::Outcome;
use engine::history::{EventSink, EventType, HistoryEvent};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::{broadcast, mpsc};

/// Sink of one run of one execution.
pub struct DurableSink {
    exec: Arc<str>,
    writer: mpsc::UnboundedSender<WriteMsg>,
    live: broadcast::Sender<LiveMsg>,
    state: Mutex<SinkState>,
    /// LLM text streamed so far per (scope, state) of the tasks' current attempts, for
    /// subscribers that join mid-stream (deltas are never stored).
    streamed: Mutex<HashMap<(String, String), String>>,
}

struct SinkState {
    /// Engine ids up to this one are not stored (a resumed run's `ExecutionStarted` and the
    /// events of a re-evaluated Choice that had already exited).
    drop_through: u64,
    /// The last stored id before this run (0 for a fresh run).
    base: u64,
    /// The last id handed to the writer.
    last: u64,
    /// Stopped from outside: the engine's further events are discarded.
    stopped: bool,
    /// A terminal event went out.
    terminal: bool,
}

impl DurableSink {
    /// A sink whose first stored event gets id `base + 1`; engine events with ids up to
    /// `drop_through` are discarded.
    pub fn new(
        exec: Arc<str>,
        writer: mpsc::UnboundedSender<WriteMsg>,
        live: broadcast::Sender<LiveMsg>,
        base: u64,
        drop_through: u64,
    ) -> Arc<Self> {
        let state = SinkState { drop_through, base, last: base, stopped: false, terminal: false };
        Arc::new(DurableSink { exec, writer, live, state: Mutex::new(state), streamed: Mutex::default() })
    }

    /// A sink for a replayed run: the engine already numbers new events after `last` (the last
    /// stored id), so ids pass through unchanged.
    pub fn continuing(exec: Arc<str>, writer: mpsc::UnboundedSender<WriteMsg>, live: broadcast::Sender<LiveMsg>, last: u64) -> Arc<Self> {
        let state = SinkState { drop_through: 0, base: 0, last, stopped: false, terminal: false };
        Arc::new(DurableSink { exec, writer, live, state: Mutex::new(state), streamed: Mutex::default() })
    }

    fn send(&self, st: &mut SinkState, ev: HistoryEvent) {
        st.last = ev.id;
        st.terminal |= ev.scope.is_empty() && is_terminal(ev.event_type);
        let _ = self.writer.send(WriteMsg::Event { exec: self.exec.clone(), event: ev });
    }

    fn append(&self, st: &mut SinkState, event_type: EventType, details: Value) {
        let id = st.last + 1;
        let ev = HistoryEvent {
            id,
            previous_event_id: st.last,
            timestamp: chrono::Utc::now(),
            event_type,
            scope: String::new(),
            state: None,
            details,
        };
        self.send(st, ev);
    }

    /// Appends AWS's `ExecutionRedriven` (`redriveCount`) before the redriven run's events,
    /// which then follow it: the engine's first new event links to it, and ids move up by one.
    pub fn redriven(&self, count: i64) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        self.append(&mut st, EventType::ExecutionRedriven, json!({"redriveCount": count}));
        st.base = st.last;
    }

    /// Appends `ExecutionAborted` (unless the execution already ended) and discards whatever
    /// the engine emits from now on. Returns false if it had already ended.
    pub fn stop(&self, cause: &str) -> bool {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if st.terminal || st.stopped {
            return false;
        }
        st.stopped = true;
        self.append(&mut st, EventType::ExecutionAborted, json!({"error": "States.Aborted", "cause": cause}));
        true
    }

    /// A receiver of live messages plus, as `llm_delta` progress, the text each task still
    /// running has streamed so far: together exactly what an early subscriber saw.
    pub fn subscribe(&self) -> (broadcast::Receiver<LiveMsg>, Vec<LiveMsg>) {
        let streamed = self.streamed.lock().unwrap_or_else(|e| e.into_inner());
        let rx = self.live.subscribe();
        let so_far = streamed
            .iter()
            .map(|((scope, state), text)| LiveMsg::Progress {
                scope: scope.clone(),
                state: state.clone(),
                data: json!({"type": "llm_delta", "text": text}),
            })
            .collect();
        (rx, so_far)
    }

    /// After the engine returned: makes sure a terminal event is stored (the engine emits none
    /// when the history limit cut it off, or when the run could not start).
    pub fn finish(&self, outcome: &Outcome) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if st.terminal || st.stopped {
            return;
        }
        let (t, details) = match outcome {
            Outcome::Succeeded(v) => (EventType::ExecutionSucceeded, json!({"output": v})),
            Outcome::Failed(e) => (EventType::ExecutionFailed, json!({"error": e.error, "cause": e.cause})),
            Outcome::TimedOut(e) => (EventType::ExecutionTimedOut, json!({"error": e.error, "cause": e.cause})),
            Outcome::Aborted => (EventType::ExecutionAborted, Value::Null),
        };
        self.append(&mut st, t, details);
    }
}

impl EventSink for DurableSink {
    fn event(&self, event: &HistoryEvent) {
        if matches!(event.event_type, EventType::TaskSucceeded | EventType::TaskFailed | EventType::TaskTimedOut) {
            // The attempt ended: its answer is in its stored output (the step panel shows that),
            // and a retry streams anew. Only tasks in flight keep their text here.
            let key = (event.scope.clone(), event.state.clone().unwrap_or_default());
            self.streamed.lock().unwrap_or_else(|e| e.into_inner()).remove(&key);
        }
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if st.stopped || event.id <= st.drop_through {
            return;
        }
        let map = |id: u64| if id <= st.drop_through { st.base } else { id - st.drop_through + st.base };
        let mut ev = event.clone();
        ev.id = map(event.id);
        ev.previous_event_id = map(event.previous_event_id);
        self.send(&mut st, ev);
    }

    fn progress(&self, scope: &str, state: &str, data: &Value) {
        // Under the lock, so a subscriber's snapshot and its receiver never overlap or miss.
        let mut streamed = self.streamed.lock().unwrap_or_else(|e| e.into_inner());
        if let (Some("llm_delta"), Some(text)) = (data["type"].as_str(), data["text"].as_str()) {
            streamed.entry((scope.to_string(), state.to_string())).or_default().push_str(text);
        }
        let _ = self.live.send(LiveMsg::Progress { scope: scope.to_string(), state: state.to_string(), data: data.clone() });
    }
}
