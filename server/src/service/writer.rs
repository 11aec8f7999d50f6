//! The single writer: drains the event channel in rounds, folds each execution's events into
//! its status (for the step rows), persists the round in one transaction, and only then
//! publishes the events to live subscribers. Events are therefore never seen before they are
//! durable, and one fsync covers a whole round of many executions.

use super::{LiveMap, LiveMsg};
use crate::store::events::{Batch, Finish, StepRow};
use crate::store::Store;
use engine::history::{EventType, HistoryEvent};
use engine::tracker::{step_key, ExecutionStatus, StepState};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// Messages to the writer.
pub enum WriteMsg {
    /// A history event of an execution, in order.
    Event {
        /// Execution id.
        exec: Arc<str>,
        /// The event, already numbered.
        event: HistoryEvent,
    },
    /// Seeds the status of a resumed or redriven execution (before its new events).
    Track {
        /// Execution id.
        exec: Arc<str>,
        /// Its status folded from the stored events.
        status: Box<ExecutionStatus>,
    },
    /// Answers once everything sent before it is persisted and published.
    Flush(oneshot::Sender<()>),
}

/// Most messages per round.
const MAX_ROUND: usize = 8192;

/// Runs until every sender is gone.
pub async fn run(store: Store, live: LiveMap, mut rx: mpsc::UnboundedReceiver<WriteMsg>) {
    let mut trackers: HashMap<Arc<str>, ExecutionStatus> = HashMap::new();
    let mut msgs = Vec::with_capacity(MAX_ROUND);
    while let Some(first) = rx.recv().await {
        msgs.push(first);
        while msgs.len() < MAX_ROUND {
            match rx.try_recv() {
                Ok(m) => msgs.push(m),
                Err(_) => break,
            }
        }
        round(&store, &live, &mut trackers, std::mem::take(&mut msgs)).await;
    }
}

async fn round(store: &Store, live: &LiveMap, trackers: &mut HashMap<Arc<str>, ExecutionStatus>, msgs: Vec<WriteMsg>) {
    let mut batch = Batch::default();
    let mut dirty: HashSet<(Arc<str>, String)> = HashSet::new();
    let mut flushes = Vec::new();
    let mut ended: Vec<Arc<str>> = Vec::new();
    for m in msgs {
        match m {
            WriteMsg::Track { exec, status } => {
                trackers.insert(exec, *status);
            }
            WriteMsg::Flush(tx) => flushes.push(tx),
            WriteMsg::Event { exec, event } => {
                let tracker = trackers.entry(exec.clone()).or_default();
                // The end of an execution closes every step still running: all their rows change.
                for (key, _) in tracker.apply_all(&event) {
                    dirty.insert((exec.clone(), key));
                }
                if let Some(state) = &event.state {
                    dirty.insert((exec.clone(), step_key(&event.scope, state)));
                }
                if event.scope.is_empty() {
                    if let Some(f) = finish(&exec, &event) {
                        batch.finishes.push(f);
                        ended.push(exec.clone());
                    }
                }
                let ev = Arc::new(event);
                batch.events.push((exec, ev));
            }
        }
    }
    for (exec, key) in dirty {
        let Some(t) = trackers.get(&exec) else { continue };
        let Some((seq, _, step)) = t.steps.get_full(&key) else { continue };
        batch.steps.push(StepRow {
            execution_id: exec.to_string(),
            key,
            seq: seq as i64,
            status: status_name(step.status),
            body: serde_json::to_value(step).unwrap_or(Value::Null),
        });
    }
    persist(store, &batch).await;
    {
        let map = live.lock().unwrap_or_else(|e| e.into_inner());
        for (exec, ev) in batch.events {
            if let Some(l) = map.get(&*exec) {
                let _ = l.tx.send(LiveMsg::Event(ev));
            }
        }
    }
    if !ended.is_empty() {
        let mut map = live.lock().unwrap_or_else(|e| e.into_inner());
        for exec in ended {
            trackers.remove(&exec);
            // Dropping the sender closes subscribers' streams after they drained the events.
            map.remove(&*exec);
        }
    }
    for f in flushes {
        let _ = f.send(());
    }
}

/// Retries until the database takes the batch: nothing is published that is not stored.
async fn persist(store: &Store, batch: &Batch) {
    let mut delay = Duration::from_millis(50);
    loop {
        match store.write_batch(batch).await {
            Ok(()) => return,
            Err(e) => {
                eprintln!("wfm: persisting {} events failed, retrying in {delay:?}: {e}", batch.events.len());
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(5));
            }
        }
    }
}

fn status_name(s: StepState) -> String {
    serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// The execution row's final fields for a terminal top-level event.
fn finish(exec: &str, ev: &HistoryEvent) -> Option<Finish> {
    let status = match ev.event_type {
        EventType::ExecutionSucceeded => "SUCCEEDED",
        EventType::ExecutionFailed => "FAILED",
        EventType::ExecutionAborted => "ABORTED",
        EventType::ExecutionTimedOut => "TIMED_OUT",
        _ => return None,
    };
    let text = |k: &str| ev.details.get(k).and_then(Value::as_str).map(str::to_string);
    Some(Finish {
        execution_id: exec.to_string(),
        status: status.to_string(),
        output: ev.details.get("output").cloned(),
        error: text("error"),
        cause: text("cause"),
    })
}
