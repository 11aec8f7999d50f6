//! A running execution as seen from the browser: the history events that arrived, folded with
//! the engine's own tracker (`engine::tracker::ExecutionStatus::apply`, compiled to wasm), plus
//! the LLM text streamed so far per step, and a [`Trace`] of what the tracker does not keep
//! (attempts, parameters, raw results, data-flow stages, Map iterations). [`follow`] feeds it
//! from `GET /api/executions/{id}/events` (Server-Sent Events), a frame's worth of events at a
//! time, so replaying a long history re-renders once per frame, not once per event.
//!
//! Layout: [`shape`] (the definition's nesting), [`trace`] (the extra fold), [`scope`] (which
//! Map iteration is shown, and each state's status in it), [`view`] (the page's selection state).

pub mod scope;
pub mod shape;
pub mod trace;
pub mod view;

use engine::history::{EventType, HistoryEvent};
use engine::tracker::{step_key, ExecState, ExecutionStatus, StepState};
use leptos::prelude::*;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
pub use trace::Trace;

/// One message of the event stream.
pub enum Incoming {
    /// A history event.
    Event(HistoryEvent),
    /// A `progress` message `{scope, state, data}`.
    Progress(Value),
}

/// Reactive state of one execution; cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct LiveExecution {
    /// Execution and per-step status (step keys as the tracker makes them: `Scope/State`).
    pub status: RwSignal<ExecutionStatus>,
    /// Every history event received, in id order.
    pub events: RwSignal<Vec<HistoryEvent>>,
    /// Text of `llm_delta` progress per step key, while (and after) it streams.
    pub llm: RwSignal<HashMap<String, String>>,
    /// Keys whose text is from an attempt that has ended: the next delta starts it afresh.
    llm_stale: StoredValue<HashSet<String>>,
    /// While the stream replays the events that a seeded `status` already counts, their fold,
    /// which replaces it once it has caught up ([`LiveExecution::seeded`]).
    replay: StoredValue<Option<ExecutionStatus>>,
    /// Attempts, parameters, results, stages and Map iterations per step.
    pub trace: RwSignal<Trace>,
    /// The stream said the execution ended.
    pub ended: RwSignal<bool>,
    /// Smallest (browser clock − event timestamp) seen, in ms: the clock offset plus latency,
    /// so running bars can grow with the browser's clock between events.
    pub clock_offset_ms: RwSignal<Option<i64>>,
}

impl LiveExecution {
    /// Nothing received yet.
    pub fn new() -> Self {
        Self::seeded(ExecutionStatus::default())
    }

    /// Nothing received yet, showing `status` (the server's, `GET /api/executions/{id}`) until
    /// the stream has replayed the `event_count` events it counts: a finished execution reads
    /// finished from the first render, not RUNNING with every step pending for a frame or more.
    pub fn seeded(status: ExecutionStatus) -> Self {
        let replay = (status.event_count > 0).then(ExecutionStatus::default);
        LiveExecution {
            status: RwSignal::new(status),
            events: RwSignal::new(Vec::new()),
            llm: RwSignal::new(HashMap::new()),
            llm_stale: StoredValue::new(HashSet::new()),
            replay: StoredValue::new(replay),
            trace: RwSignal::new(Trace::default()),
            ended: RwSignal::new(false),
            clock_offset_ms: RwSignal::new(None),
        }
    }

    /// Folds one history event in (duplicates, e.g. after a reconnect, are ignored).
    pub fn push(&self, ev: HistoryEvent) {
        self.push_all(vec![ev]);
    }

    /// Folds a batch of history events in, updating each signal once. Events at or below the
    /// last id are ignored. A non-terminal event after a terminal one means the execution was
    /// redriven: it is running again, and its old error no longer applies (as the server's
    /// own status fold does when it continues an execution). While a seeded status is shown,
    /// the events fold aside until they are as many as it counts, then replace it.
    pub fn push_all(&self, batch: Vec<HistoryEvent>) {
        let mut last = self.events.with_untracked(|v| v.last().map_or(0, |e| e.id));
        let fresh: Vec<HistoryEvent> = batch
            .into_iter()
            .filter(|e| {
                let new = e.id > last;
                last = last.max(e.id);
                new
            })
            .collect();
        if fresh.is_empty() {
            return;
        }
        let fold = |s: &mut ExecutionStatus| {
            for ev in &fresh {
                if s.status != ExecState::Running && !is_terminal(ev.event_type) {
                    s.status = ExecState::Running;
                    s.error = None;
                    s.cause = None;
                    s.output = None;
                }
                s.apply(ev);
                close_nested_failures(s, ev);
            }
        };
        if self.replay.with_value(Option::is_some) {
            self.replay.update_value(|r| r.iter_mut().for_each(fold));
            if last >= self.status.with_untracked(|s| s.event_count) {
                let caught_up = self.replay.try_update_value(Option::take).flatten();
                caught_up.into_iter().for_each(|s| self.status.set(s));
            }
        } else {
            self.status.update(fold);
        }
        self.trace.update(|t| fresh.iter().for_each(|ev| t.apply(ev)));
        // A new attempt (a retry, a loop, a redrive) streams a new answer. Deltas come straight
        // from the task while events wait for the store, so a delta may arrive before the
        // events that precede it (its attempt's TaskScheduled), never after those that follow
        // it. So an attempt's text is stale once its end (or the execution's) has arrived, and
        // the next delta starts afresh; the old text stays shown until then.
        let ended = |e: &&HistoryEvent| matches!(e.event_type, EventType::TaskSucceeded | EventType::TaskFailed | EventType::TaskTimedOut);
        let mut stale: Vec<String> = fresh.iter().filter(ended).filter_map(|e| Some(step_key(&e.scope, e.state.as_deref()?))).collect();
        if fresh.iter().any(|e| e.scope.is_empty() && is_terminal(e.event_type)) {
            stale.extend(self.llm.with_untracked(|m| m.keys().cloned().collect::<Vec<_>>()));
        }
        if !stale.is_empty() {
            self.llm_stale.update_value(|s| s.extend(stale));
        }
        self.events.update(|v| v.extend(fresh));
    }

    /// Notes when an event arrived by the browser's clock (`now_ms`, ms since the epoch).
    pub fn saw_event_at(&self, now_ms: i64, ev: &HistoryEvent) {
        let offset = now_ms - ev.timestamp.timestamp_millis();
        if self.clock_offset_ms.get_untracked().is_none_or(|o| offset < o) {
            self.clock_offset_ms.set(Some(offset));
        }
    }

    /// Applies what arrived, in order: runs of history events as one batch, progress between.
    pub fn apply_incoming(&self, queued: Vec<Incoming>) {
        let mut batch = Vec::new();
        for msg in queued {
            match msg {
                Incoming::Event(ev) => batch.push(ev),
                Incoming::Progress(p) => {
                    self.push_all(std::mem::take(&mut batch));
                    self.progress(&p);
                }
            }
        }
        self.push_all(batch);
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
        let afresh = self.llm_stale.try_update_value(|s| s.remove(&key)).unwrap_or(false);
        self.llm.update(|m| {
            let answer = m.entry(key).or_default();
            if afresh {
                answer.clear();
            }
            answer.push_str(text);
        });
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

/// What the tracker leaves open inside Parallel and Map (it closes open steps only when the
/// whole execution fails, a Fail state as it is entered, a cancelled one at its
/// `…StateAborted`): when a Map iteration fails, the steps still open in it failed; a
/// container's failure (or a failed
/// iteration whose event carries them) gives its error and cause to the nested failed steps
/// that have none.
fn close_nested_failures(s: &mut ExecutionStatus, ev: &HistoryEvent) {
    let Some(state) = ev.state.as_deref() else { return };
    let key = step_key(&ev.scope, state);
    let text = |k: &str| ev.details.get(k).and_then(Value::as_str).map(str::to_string);
    let prefix = match ev.event_type {
        EventType::MapIterationFailed => format!("{key}[{}]/", ev.details["index"].as_u64().unwrap_or(0)),
        EventType::MapStateFailed | EventType::ParallelStateFailed => format!("{key}["),
        _ => return,
    };
    let (error, cause) = (text("error"), text("cause"));
    let mut closed = Vec::new();
    for (k, step) in s.steps.iter_mut().filter(|(k, _)| k.starts_with(&prefix)) {
        if ev.event_type == EventType::MapIterationFailed && matches!(step.status, StepState::Running | StepState::Retrying) {
            step.status = StepState::Failed;
            step.finished_at = Some(ev.timestamp);
            closed.push(k.clone());
        }
        if step.status == StepState::Failed && step.error.is_none() {
            step.error = error.clone();
            step.cause = cause.clone();
        }
    }
    s.current_steps.retain(|k| !closed.contains(k));
    s.current_step = s.current_steps.last().cloned();
}

/// `ExecutionSucceeded`, `ExecutionFailed`, `ExecutionAborted`, `ExecutionTimedOut`.
fn is_terminal(t: EventType) -> bool {
    matches!(t, EventType::ExecutionSucceeded | EventType::ExecutionFailed | EventType::ExecutionAborted | EventType::ExecutionTimedOut)
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
        StepState::Aborted => "aborted",
    }
}

/// The execution's input: `ExecutionStarted`'s, the first event.
pub fn execution_input(events: &[HistoryEvent]) -> Option<&Value> {
    events.first().filter(|e| e.event_type == EventType::ExecutionStarted)?.details.get("input")
}

/// The execution's output: `ExecutionSucceeded`'s, which ends the history when it is there (a
/// redriven run only continues after a failure, so there is never an earlier one).
pub fn execution_output(events: &[HistoryEvent]) -> Option<&Value> {
    events.last().filter(|e| e.event_type == EventType::ExecutionSucceeded)?.details.get("output")
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

/// Opens the event stream of execution `id` after event `after` (0: from the start) and feeds
/// `live` until the server says `end`. Events are applied once per animation frame. Returns a
/// function that closes the stream.
#[cfg(feature = "hydrate")]
pub fn follow(id: &str, after: u64, live: LiveExecution) -> Result<impl Fn() + Clone, String> {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{EventSource, MessageEvent};

    let es = EventSource::new(&format!("/api/executions/{id}/events?after={after}")).map_err(|e| format!("{e:?}"))?;
    let data = |e: &MessageEvent| e.data().as_string().unwrap_or_default();
    // Events and progress wait for the next frame together, so they apply in stream order.
    let pending: Rc<RefCell<Vec<Incoming>>> = Rc::default();
    let flush = {
        let pending = pending.clone();
        move || {
            let queued = std::mem::take(&mut *pending.borrow_mut());
            live.apply_incoming(queued);
        }
    };
    let enqueue = {
        let pending = pending.clone();
        let flush = flush.clone();
        move |msg: Incoming| {
            let first = {
                let mut p = pending.borrow_mut();
                p.push(msg);
                p.len() == 1
            };
            if first {
                request_animation_frame(flush.clone());
            }
        }
    };
    let on_event = {
        let enqueue = enqueue.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let Ok(ev) = serde_json::from_str::<HistoryEvent>(&data(&e)) else { return };
            live.saw_event_at(js_sys_now(), &ev);
            enqueue(Incoming::Event(ev));
        })
    };
    let on_progress = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        if let Ok(msg) = serde_json::from_str::<Value>(&data(&e)) {
            enqueue(Incoming::Progress(msg));
        }
    });
    let closer = es.clone();
    let on_end = Closure::<dyn FnMut(MessageEvent)>::new(move |_e: MessageEvent| {
        closer.close();
        // Whatever is still queued lands before the view says the stream ended.
        flush();
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

/// The browser's clock, ms since the epoch (`Date.now()`).
#[cfg(feature = "hydrate")]
pub fn js_sys_now() -> i64 {
    #[wasm_bindgen::prelude::wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = Date, js_name = now)]
        fn date_now() -> f64;
    }
    date_now() as i64
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
    fn a_seeded_status_shows_until_the_replay_catches_up() {
        Owner::new().with(seeded_until_caught_up);
    }

    fn seeded_until_caught_up() {
        let history = [
            event(1, "ExecutionStarted", None, json!({"input": {}})),
            event(2, "FailStateEntered", Some("Stop"), json!({"input": {}})),
            event(3, "ExecutionFailed", None, json!({"error": "E", "cause": "c"})),
        ];
        let mut known = ExecutionStatus::default();
        history.iter().for_each(|e| drop(known.apply(e)));
        // As `GET /api/executions/{id}` sends it: the tracker's fields and the execution's row.
        let mut api = serde_json::to_value(&known).unwrap();
        api["workflowId"] = json!("w");
        api["queued"] = json!(false);
        let live = LiveExecution::seeded(serde_json::from_value(api).unwrap());
        let shown = || live.status.with_untracked(|s| (s.status, s.steps.get("Stop").map(|st| st.status)));
        assert_eq!(shown(), (ExecState::Failed, Some(StepState::Failed)), "before any event");
        live.push_all(history[..2].to_vec());
        assert_eq!(shown(), (ExecState::Failed, Some(StepState::Failed)), "while the stream replays");
        live.push_all(history[2..].to_vec());
        assert_eq!(live.status.get_untracked(), known, "caught up: the stream's own fold");
        // A redrive's events fold straight in.
        live.push(event(4, "ExecutionRedriven", None, json!({})));
        assert_eq!(shown().0, ExecState::Running);
        // Nothing known yet (a queued execution): the stream's fold from the first event.
        let live = LiveExecution::seeded(ExecutionStatus::default());
        live.push(event(1, "ExecutionStarted", None, json!({"input": {}})));
        assert_eq!(live.status.with_untracked(|s| s.event_count), 1);
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

    #[test]
    fn a_redriven_run_is_running_again_and_retries_restart_the_answer() {
        Owner::new().with(redriven_runs_again);
    }

    fn redriven_runs_again() {
        let live = LiveExecution::new();
        live.push_all(vec![
            event(1, "ExecutionStarted", None, json!({"input": {}})),
            event(2, "TaskStateEntered", Some("Ask"), json!({"input": {}})),
            event(3, "TaskScheduled", Some("Ask"), json!({"resource": "call_llm", "parameters": {}})),
        ]);
        live.apply_incoming(vec![
            Incoming::Progress(json!({"scope": "", "state": "Ask", "data": {"type": "llm_delta", "text": "half an ans"}})),
            Incoming::Event(event(4, "TaskFailed", Some("Ask"), json!({"error": "E", "cause": "c"}))),
            Incoming::Event(event(5, "ExecutionFailed", None, json!({"error": "E", "cause": "c"}))),
        ]);
        assert_eq!(live.status.with_untracked(|s| s.status), ExecState::Failed);
        assert_eq!(live.llm.get_untracked()["Ask"], "half an ans");
        // The redrive continues the ids: the state runs again and the stream resumes.
        live.apply_incoming(vec![
            Incoming::Event(event(6, "TaskStateEntered", Some("Ask"), json!({"input": {}}))),
            Incoming::Event(event(7, "TaskScheduled", Some("Ask"), json!({"resource": "call_llm", "parameters": {}}))),
            Incoming::Progress(json!({"scope": "", "state": "Ask", "data": {"type": "llm_delta", "text": "whole"}})),
        ]);
        live.status.with_untracked(|s| {
            assert_eq!(s.status, ExecState::Running);
            assert_eq!(s.error, None);
        });
        assert_eq!(live.llm.get_untracked()["Ask"], "whole");
        assert_eq!(live.top_level_statuses()["Ask"], "running");
        assert_eq!(live.trace.with_untracked(|t| t.steps["Ask"].attempts.len()), 1);
    }

    #[test]
    fn a_delta_ahead_of_its_attempts_events_is_kept() {
        Owner::new().with(delta_ahead_kept);
    }

    fn delta_ahead_kept() {
        let live = LiveExecution::new();
        let delta = |text: &str| Incoming::Progress(json!({"scope": "", "state": "Ask", "data": {"type": "llm_delta", "text": text}}));
        live.push_all(vec![event(1, "ExecutionStarted", None, json!({"input": {}}))]);
        // The first words overtake the state's Entered and Scheduled events.
        live.apply_incoming(vec![
            delta("# Slow"),
            Incoming::Event(event(2, "TaskStateEntered", Some("Ask"), json!({"input": {}}))),
            Incoming::Event(event(3, "TaskScheduled", Some("Ask"), json!({"resource": "call_llm", "parameters": {}}))),
            delta(" answer"),
        ]);
        assert_eq!(live.llm.get_untracked()["Ask"], "# Slow answer");
        // A retry: the failed attempt's text stays until the next attempt's first words, even
        // when those overtake its TaskScheduled.
        live.apply_incoming(vec![Incoming::Event(event(4, "TaskFailed", Some("Ask"), json!({"error": "E"})))]);
        assert_eq!(live.llm.get_untracked()["Ask"], "# Slow answer");
        live.apply_incoming(vec![
            delta("Second"),
            Incoming::Event(event(5, "TaskScheduled", Some("Ask"), json!({"resource": "call_llm", "parameters": {}}))),
            delta(" try"),
        ]);
        assert_eq!(live.llm.get_untracked()["Ask"], "Second try");
    }

    #[test]
    fn failures_inside_maps_and_parallels_are_closed() {
        Owner::new().with(nested_failures_close);
    }

    fn nested_failures_close() {
        let live = LiveExecution::new();
        let nested = |id: u64, kind: &str, scope: &str, state: &str, details: Value| {
            let mut e = event(id, kind, Some(state), details);
            e.scope = scope.to_string();
            e
        };
        live.push_all(vec![
            event(1, "ExecutionStarted", None, json!({"input": {}})),
            nested(2, "MapStateEntered", "Fan[0]", "Each", json!({"input": []})),
            nested(3, "MapIterationStarted", "Fan[0]", "Each", json!({"index": 0})),
            nested(4, "PassStateEntered", "Fan[0]/Each[0]", "Shape", json!({"input": {}})),
            nested(5, "MapIterationFailed", "Fan[0]", "Each", json!({"index": 0, "error": "States.Runtime", "cause": "bad path"})),
            nested(6, "MapIterationStarted", "Fan[0]", "Each", json!({"index": 1})),
            nested(7, "FailStateEntered", "Fan[0]/Each[1]", "Boom", json!({"input": {}})),
            nested(8, "MapIterationFailed", "Fan[0]", "Each", json!({"index": 1})),
            nested(9, "MapStateFailed", "Fan[0]", "Each", json!({"error": "Item.Bad", "cause": "item 1"})),
        ]);
        live.status.with_untracked(|s| {
            let shape = &s.steps["Fan[0]/Each[0]/Shape"];
            assert_eq!((shape.status, shape.error.as_deref()), (StepState::Failed, Some("States.Runtime")));
            let boom = &s.steps["Fan[0]/Each[1]/Boom"];
            assert_eq!((boom.status, boom.error.as_deref(), boom.cause.as_deref()), (StepState::Failed, Some("Item.Bad"), Some("item 1")));
            assert!(!s.current_steps.iter().any(|k| k.contains("/Each[")), "{:?}", s.current_steps);
        });
    }
}
