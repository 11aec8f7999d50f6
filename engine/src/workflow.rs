//! The status-tracking API in the spirit of the original WorkflowManager: build a workflow
//! from a file or JSON, `run_async` returns an execution id at once, `status(id)` tells
//! where it is and what every step got and returned, `stop(id)` aborts it, `subscribe(id)`
//! streams its history events for live views.
//!
//! The engine has no runtime of its own, so the caller passes a [`Spawner`] (the server
//! and CLI use tokio; tests can use `futures::executor::ThreadPool`).

use crate::clock::Clock;
use crate::exec::{ExecOptions, ExecutionInfo, Executor, Outcome, PlanError};
use crate::history::{EventSink, EventType, HistoryEvent};
use crate::task::TaskRegistry;
use crate::tracker::{ExecState, ExecutionStatus};
use futures::channel::mpsc::{unbounded, UnboundedReceiver, UnboundedSender};
use futures::future::{AbortHandle, Abortable, BoxFuture};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Runs futures in the background.
pub trait Spawner: Send + Sync {
    /// Starts `fut` and returns at once.
    fn spawn(&self, fut: BoxFuture<'static, ()>);
}

/// Why a workflow could not be built.
#[derive(Debug, thiserror::Error)]
pub enum WorkflowError {
    /// The file could not be read.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// The OS error.
        message: String,
    },
    /// The definition is not valid ASL.
    #[error("invalid definition: {0}")]
    Invalid(String),
}

/// Everything known about one execution, shared with its background task.
#[derive(Default)]
struct Tracked {
    status: Mutex<ExecutionStatus>,
    history: Mutex<Vec<HistoryEvent>>,
    subscribers: Mutex<Vec<UnboundedSender<HistoryEvent>>>,
    abort: Mutex<Option<AbortHandle>>,
}

impl EventSink for Tracked {
    fn event(&self, ev: &HistoryEvent) {
        if let Ok(mut s) = self.status.lock() {
            s.apply(ev);
        }
        if let Ok(mut h) = self.history.lock() {
            h.push(ev.clone());
        }
        if let Ok(mut subs) = self.subscribers.lock() {
            subs.retain(|tx| tx.unbounded_send(ev.clone()).is_ok());
        }
    }
}

/// A workflow ready to run, with the executions it has started.
#[derive(Clone)]
pub struct Workflow {
    executor: Executor,
    name: String,
    spawner: Arc<dyn Spawner>,
    runs: Arc<Mutex<HashMap<String, Arc<Tracked>>>>,
    counter: Arc<AtomicU64>,
}

impl Workflow {
    /// Builds from definition text (validated first: every problem is reported).
    pub fn from_json(name: &str, text: &str, registry: Arc<TaskRegistry>, clock: Arc<dyn Clock>, spawner: Arc<dyn Spawner>) -> Result<Self, WorkflowError> {
        let problems = crate::validate::validate_str(text);
        if !problems.is_empty() {
            let lines: Vec<String> = problems.iter().map(|p| format!("{} [{}] {}", p.path, p.code, p.message)).collect();
            return Err(WorkflowError::Invalid(lines.join("; ")));
        }
        let machine = crate::parse(text).map_err(|e| WorkflowError::Invalid(e.to_string()))?;
        let executor = Executor::builder(&machine)
            .registry(registry)
            .clock(clock)
            .options(ExecOptions::default())
            .build()
            .map_err(|e: PlanError| WorkflowError::Invalid(e.to_string()))?;
        let runs = Arc::new(Mutex::new(HashMap::new()));
        Ok(Workflow { executor, name: name.to_string(), spawner, runs, counter: Arc::new(AtomicU64::new(0)) })
    }

    /// Builds from a definition file; the workflow is named after the file.
    pub fn from_file(path: &std::path::Path, registry: Arc<TaskRegistry>, clock: Arc<dyn Clock>, spawner: Arc<dyn Spawner>) -> Result<Self, WorkflowError> {
        let text = std::fs::read_to_string(path).map_err(|e| WorkflowError::Io { path: path.display().to_string(), message: e.to_string() })?;
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("workflow");
        let name = name.trim_end_matches(".json").trim_end_matches(".asl");
        Self::from_json(name, &text, registry, clock, spawner)
    }

    /// Starts an execution in the background and returns its id at once.
    pub fn run_async(&self, input: Value) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed) + 1;
        let id = format!("{}-{n}-{}", self.name, uuid::Builder::from_random_bytes(fastrand::u128(..).to_le_bytes()).into_uuid().simple());
        let tracked = Arc::new(Tracked::default());
        let (handle, reg) = AbortHandle::new_pair();
        if let Ok(mut a) = tracked.abort.lock() {
            *a = Some(handle);
        }
        if let Ok(mut runs) = self.runs.lock() {
            runs.insert(id.clone(), tracked.clone());
        }
        let info = ExecutionInfo { id: id.clone(), name: id.clone(), state_machine: self.name.clone() };
        let ex = self.executor.clone();
        let sink: Arc<dyn EventSink> = tracked.clone();
        self.spawner.spawn(Box::pin(async move {
            let outcome = Abortable::new(ex.run(input, info, sink), reg).await;
            if outcome.is_err() {
                let ev = HistoryEvent {
                    id: tracked.status.lock().map(|s| s.event_count + 1).unwrap_or(0),
                    previous_event_id: 0,
                    timestamp: ex.clock.now(),
                    event_type: EventType::ExecutionAborted,
                    scope: String::new(),
                    state: None,
                    details: Value::Null,
                };
                tracked.event(&ev);
            }
            if let Ok(mut subs) = tracked.subscribers.lock() {
                subs.clear();
            }
        }));
        id
    }

    /// Runs to completion in the caller's task.
    pub async fn run(&self, input: Value) -> Outcome {
        let id = self.run_async(input);
        let Some((_, mut rx)) = self.subscribe(&id) else { return Outcome::Aborted };
        use futures::StreamExt;
        while rx.next().await.is_some() {}
        match self.status(&id) {
            Some(s) if s.status == ExecState::Succeeded => Outcome::Succeeded(s.output.unwrap_or(Value::Null)),
            Some(s) if s.status == ExecState::Aborted => Outcome::Aborted,
            Some(s) => {
                let e = crate::StatesError::new(s.error.unwrap_or_default(), s.cause.unwrap_or_default());
                if s.status == ExecState::TimedOut { Outcome::TimedOut(e) } else { Outcome::Failed(e) }
            }
            None => Outcome::Aborted,
        }
    }

    /// Status, current step(s) and every step's status, input, output, error and timings.
    pub fn status(&self, id: &str) -> Option<ExecutionStatus> {
        let t = self.runs.lock().ok()?.get(id)?.clone();
        let s = t.status.lock().ok()?.clone();
        Some(s)
    }

    /// Aborts a running execution; false when unknown or already finished.
    pub fn stop(&self, id: &str) -> bool {
        let Some(t) = self.runs.lock().ok().and_then(|r| r.get(id).cloned()) else { return false };
        let running = t.status.lock().map(|s| s.status == ExecState::Running).unwrap_or(false);
        if let (true, Ok(Some(h))) = (running, t.abort.lock().as_deref()) {
            h.abort();
            return true;
        }
        false
    }

    /// The events so far and a stream of the ones to come (closed when the execution ends).
    pub fn subscribe(&self, id: &str) -> Option<(Vec<HistoryEvent>, UnboundedReceiver<HistoryEvent>)> {
        let t = self.runs.lock().ok()?.get(id)?.clone();
        let (tx, rx) = unbounded();
        let mut subs = t.subscribers.lock().ok()?;
        let history = t.history.lock().ok()?.clone();
        let finished = t.status.lock().map(|s| s.status != ExecState::Running).unwrap_or(true);
        if !finished {
            subs.push(tx);
        }
        Some((history, rx))
    }
}
