//! A running execution as seen from the browser: the history events that arrived, folded with
//! the engine's own tracker (`engine::tracker::ExecutionStatus::apply`, compiled to wasm), plus
//! the LLM text streamed so far per step. [`follow`] feeds it from
//! `GET /api/executions/{id}/events` (Server-Sent Events).

use engine::history::HistoryEvent;
use engine::tracker::{step_key, ExecState, ExecutionStatus, StepState};
use leptos::prelude::*;
use serde_json::Value;
use std::collections::HashMap;

/// Reactive state of one execution; cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct LiveExecution {
    /// Execution and per-step status (step keys as the tracker makes them: `Scope/State`).
    pub status: RwSignal<ExecutionStatus>,
    /// Every history event received, in id order.
    pub events: RwSignal<Vec<HistoryEvent>>,
    /// Text of `llm_delta` progress per step key, while (and after) it streams.
    pub llm: RwSignal<HashMap<String, String>>,
    /// The stream said the execution ended.
    pub ended: RwSignal<bool>,
}

impl LiveExecution {
    /// Nothing received yet.
    pub fn new() -> Self {
        LiveExecution {
            status: RwSignal::new(ExecutionStatus::default()),
            events: RwSignal::new(Vec::new()),
            llm: RwSignal::new(HashMap::new()),
            ended: RwSignal::new(false),
        }
    }

    /// Folds one history event in (duplicates, e.g. after a reconnect, are ignored).
    pub fn push(&self, ev: HistoryEvent) {
        let last = self.events.with_untracked(|v| v.last().map_or(0, |e| e.id));
        if ev.id <= last {
            return;
        }
        self.status.update(|s| {
            s.apply(&ev);
        });
        self.events.update(|v| v.push(ev));
    }

    /// Applies one `progress` message `{scope, state, data}`; only `llm_delta` is kept.
    pub fn progress(&self, msg: &Value) {
        let data = &msg["data"];
        if data["type"] != "llm_delta" {
            return;
        }
        let (Some(state), Some(text)) = (msg["state"].as_str(), data["text"].as_str()) else {
            return;
        };
        let key = step_key(msg["scope"].as_str().unwrap_or(""), state);
        self.llm.update(|m| m.entry(key).or_default().push_str(text));
    }

    /// Lowercase status of every top-level step (the graph's `data-status`).
    pub fn top_level_statuses(&self) -> HashMap<String, String> {
        self.status.with(|s| {
            s.steps
                .iter()
                .filter(|(key, _)| !key.contains('/'))
                .map(|(key, step)| (key.clone(), step_status_name(step.status).to_string()))
                .collect()
        })
    }
}

impl Default for LiveExecution {
    fn default() -> Self {
        Self::new()
    }
}

/// DESIGN.md's lowercase step status.
pub fn step_status_name(s: StepState) -> &'static str {
    match s {
        StepState::Pending => "pending",
        StepState::Running => "running",
        StepState::Succeeded => "succeeded",
        StepState::Failed => "failed",
        StepState::Caught => "caught",
        StepState::Retrying => "retrying",
    }
}

/// The execution status as the console writes it.
pub fn exec_status_label(s: ExecState) -> &'static str {
    match s {
        ExecState::Running => "Running",
        ExecState::Succeeded => "Succeeded",
        ExecState::Failed => "Failed",
        ExecState::Aborted => "Aborted",
        ExecState::TimedOut => "Timed out",
    }
}

/// Opens the event stream of execution `id` and feeds `live` until the server says `end`.
/// Returns a function that closes the stream.
#[cfg(feature = "hydrate")]
pub fn follow(id: &str, live: LiveExecution) -> Result<impl Fn(), String> {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{EventSource, MessageEvent};

    let es = EventSource::new(&format!("/api/executions/{id}/events")).map_err(|e| format!("{e:?}"))?;
    let data = |e: &MessageEvent| e.data().as_string().unwrap_or_default();
    let on_event = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        if let Ok(ev) = serde_json::from_str::<HistoryEvent>(&data(&e)) {
            live.push(ev);
        }
    });
    let on_progress = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        if let Ok(msg) = serde_json::from_str::<Value>(&data(&e)) {
            live.progress(&msg);
        }
    });
    let closer = es.clone();
    let on_end = Closure::<dyn FnMut(MessageEvent)>::new(move |_e: MessageEvent| {
        closer.close();
        live.ended.set(true);
    });
    es.set_onmessage(Some(on_event.as_ref().unchecked_ref()));
    let _ = es.add_event_listener_with_callback("progress", on_progress.as_ref().unchecked_ref());
    let _ = es.add_event_listener_with_callback("end", on_end.as_ref().unchecked_ref());
    // The stream lives as long as the page shows it; the handlers live as long as the stream.
    on_event.forget();
    on_progress.forget();
    on_end.forget();
    Ok(move || es.close())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(id: u64, kind: &str, state: Option<&str>, details: Value) -> HistoryEvent {
        serde_json::from_value(json!({
            "id": id, "previousEventId": id - 1, "timestamp": "2026-11-26T05:00:00Z",
            "type": kind, "state": state, "details": details,
        }))
        .unwrap()
    }

    // Signals need an arena when `ssr` is on (leptos_axum enables sandboxed arenas).
    #[test]
    fn folds_events_once_and_names_statuses_in_lowercase() {
        Owner::new().with(folds_events_once);
    }

    fn folds_events_once() {
        let live = LiveExecution::new();
        live.push(event(1, "ExecutionStarted", None, json!({"input": {}})));
        live.push(event(2, "PassStateEntered", Some("Greet"), json!({"input": {}})));
        live.push(event(2, "PassStateEntered", Some("Greet"), json!({"input": {}})));
        assert_eq!(live.events.with_untracked(Vec::len), 2);
        assert_eq!(live.top_level_statuses()["Greet"], "running");
        live.push(event(3, "PassStateExited", Some("Greet"), json!({"output": {"ok": true}})));
        assert_eq!(live.top_level_statuses()["Greet"], "succeeded");
    }

    #[test]
    fn llm_deltas_accumulate_per_step() {
        Owner::new().with(llm_deltas_accumulate);
    }

    fn llm_deltas_accumulate() {
        let live = LiveExecution::new();
        for text in ["Hello", ", ", "world"] {
            live.progress(&json!({"scope": "", "state": "Ask", "data": {"type": "llm_delta", "text": text}}));
        }
        live.progress(&json!({"scope": "Fan[1]", "state": "Ask", "data": {"type": "llm_delta", "text": "inner"}}));
        live.progress(&json!({"scope": "", "state": "Ask", "data": {"type": "other", "text": "ignored"}}));
        let llm = live.llm.get_untracked();
        assert_eq!(llm["Ask"], "Hello, world");
        assert_eq!(llm["Fan[1]/Ask"], "inner");
    }
}
