//! Running one execution on a tokio task: wait for a concurrency permit (queued executions are
//! already registered, so they can be watched and stopped), build the executor, run it with a
//! [`DurableSink`], and make sure the run ends with a stored terminal event.

use super::resume::{ResumePlan, LOST_TASK_RESOURCE};
use super::sink::DurableSink;
use super::writer::WriteMsg;
use super::{Inner, Live};
use engine::exec::{ExecutionInfo, Executor, Journal, Outcome};
use engine::task::{FunctionSpec, TaskCall, TaskRegistry};
use engine::StatesError;
use futures::future::{AbortHandle, Abortable};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// What to run.
pub struct RunSpec {
    /// Execution id.
    pub exec: Arc<str>,
    /// Execution name.
    pub name: String,
    /// Workflow name (for `$$.StateMachine.Name`).
    pub workflow: String,
    /// Where to start.
    pub plan: ResumePlan,
    /// The last stored event id (0 for a new execution).
    pub base: u64,
    /// A redrive, with the execution's redrive count (recorded as `ExecutionRedriven` first).
    pub redrive: Option<i64>,
}

impl RunSpec {
    /// The last stored event id before the engine's first new event: `base`, plus the
    /// `ExecutionRedriven` that a redrive appends first.
    fn last_stored(&self) -> u64 {
        self.base + u64::from(self.redrive.is_some())
    }

    /// The engine's id for its `ExecutionStarted` in a `Run` plan whose engine ids up to
    /// `drop_through` are not stored: then its first stored event gets the id after
    /// [`RunSpec::last_stored`], and the ids its causes quote are the stored ones.
    fn first_event_id(&self, drop_through: u64) -> u64 {
        (self.last_stored() + 1).saturating_sub(drop_through).max(1)
    }
}

/// Registers the execution as live and spawns its task.
pub fn spawn(inner: Arc<Inner>, spec: RunSpec) {
    // Small: a subscriber that falls behind re-reads the store (events are stored first).
    let (tx, _) = broadcast::channel(128);
    let sink = match &spec.plan {
        // The engine numbers a restarted run's events after the stored ones (`first_event_id`),
        // so the sink drops what it re-emits up to there and passes the rest through unchanged.
        ResumePlan::Run { .. } => DurableSink::new(spec.exec.clone(), inner.writer.clone(), tx.clone(), spec.base, spec.last_stored()),
        ResumePlan::Succeed(_) => DurableSink::new(spec.exec.clone(), inner.writer.clone(), tx.clone(), spec.base, 0),
        // The engine numbers a replay's new events itself, after the stored ones.
        ResumePlan::Replay { .. } => DurableSink::continuing(spec.exec.clone(), inner.writer.clone(), tx.clone(), spec.base),
    };
    // A replay numbers its events itself; a redrive never replays (its history has ended).
    if let (Some(count), false) = (spec.redrive, matches!(spec.plan, ResumePlan::Replay { .. })) {
        sink.redriven(count);
    }
    let (abort, registration) = AbortHandle::new_pair();
    let live = Arc::new(Live { tx, sink: sink.clone(), abort: Mutex::new(Some(abort)) });
    inner.live.lock().unwrap_or_else(|e| e.into_inner()).insert(spec.exec.to_string(), live);
    let task = {
        let inner = inner.clone();
        let sink = sink.clone();
        async move {
            let _permit = inner.permits.clone().acquire_owned().await;
            let outcome = execute(&inner, &spec, sink.clone()).await;
            sink.finish(&outcome);
        }
    };
    tokio::spawn(Abortable::new(task, registration));
}

async fn execute(inner: &Inner, spec: &RunSpec, sink: Arc<DurableSink>) -> Outcome {
    let info = ExecutionInfo { id: spec.exec.to_string(), name: spec.name.clone(), state_machine: spec.workflow.clone() };
    let (definition, input, lost, steps, first_id) = match &spec.plan {
        ResumePlan::Succeed(output) => return Outcome::Succeeded(output.clone()),
        ResumePlan::Run { definition, input, lost_resource, steps, drop_through } => (definition, input.clone(), lost_resource, steps, spec.first_event_id(*drop_through)),
        ResumePlan::Replay { definition, input, events } => {
            // The replay runs every state again, so it rebuilds the step results itself.
            return match build(inner, definition, inner.registry.clone(), &HashMap::new(), 1) {
                Ok(executor) => executor.resume(input.clone(), info, sink, Journal::from_events(events)).await,
                Err(cause) => Outcome::Failed(StatesError::runtime(cause)),
            };
        }
    };
    let registry = match lost {
        None => inner.registry.clone(),
        Some(resource) => with_lost_task(&inner.registry, resource),
    };
    let executor = match build(inner, definition, registry, steps, first_id) {
        Ok(e) => e,
        Err(cause) => return Outcome::Failed(StatesError::runtime(cause)),
    };
    executor.run(input, info, sink).await
}

/// The executor of `definition`; `steps` are the results `{{States.Step.field}}` templates see
/// from before this run (a redrive's earlier states), and `first_id` its `ExecutionStarted` id.
fn build(inner: &Inner, definition: &Value, registry: Arc<TaskRegistry>, steps: &HashMap<String, Value>, first_id: u64) -> Result<Executor, String> {
    let machine = engine::parse_value(definition).map_err(|e| format!("The definition does not parse: {e}"))?;
    let mut builder = Executor::builder(&machine).first_event_id(first_id);
    if !steps.is_empty() {
        builder = builder.step_results(steps.clone());
    }
    builder
        .registry(registry)
        .clock(inner.clock.clone())
        .options(inner.exec_options.clone())
        .build()
        .map_err(|e| format!("The definition does not compile: {e}"))
}

/// The registry plus the stand-in for a Task that was in flight at the crash: its first call
/// fails with `States.TaskFailed` (so Retry and Catch apply), later calls run `resource`.
fn with_lost_task(registry: &Arc<TaskRegistry>, resource: &str) -> Arc<TaskRegistry> {
    let mut r = (**registry).clone();
    let original = registry.resolve(resource);
    let failed_once = Arc::new(AtomicBool::new(false));
    let resource = resource.to_string();
    let spec = FunctionSpec::new(LOST_TASK_RESOURCE, "A task that was running when the server stopped", json!({}));
    r.register_fn(spec, move |call: TaskCall| {
        let original = original.clone();
        let first = !failed_once.swap(true, Ordering::SeqCst);
        let resource = resource.clone();
        async move {
            if first {
                return Err(StatesError::new(
                    "States.TaskFailed",
                    format!("The task '{resource}' was running when the server stopped; its outcome is unknown."),
                ));
            }
            match original {
                Some(f) => f.call(TaskCall { resource, ..call }).await,
                None => Err(StatesError::new("States.Runtime", format!("No task function is registered for '{resource}'."))),
            }
        }
    });
    Arc::new(r)
}

/// Stops a live execution: the sink appends `ExecutionAborted`, then the task is dropped.
pub fn stop(live: &Live, cause: &str) -> bool {
    let stopped = live.sink.stop(cause);
    if let Some(a) = live.abort.lock().unwrap_or_else(|e| e.into_inner()).take() {
        a.abort();
    }
    stopped
}

/// Seeds the writer's status of a resumed execution.
pub fn seed(inner: &Inner, exec: &Arc<str>, status: engine::tracker::ExecutionStatus) {
    let _ = inner.writer.send(WriteMsg::Track { exec: exec.clone(), status: Box::new(status) });
}
