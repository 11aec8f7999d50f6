//! Cancellation: what a failure cancels, and the `XStateAborted` events AWS records for it.
//!
//! When a branch of a Parallel or an iteration of a Map fails (and the failure is not tolerated),
//! the other branches or iterations are cancelled: their futures are dropped at once, with every
//! frame inside them. What the aborted events need outlives them in [`Track`]s, shared between a
//! chain's frame and the Parallel or Map attempt that started the chain: the state each chain was
//! in and, when that state is itself a Parallel or Map, the chains of its own attempt.
//!
//! What AWS records (LocalStack's AWS-recorded `test_timeouts` snapshot,
//! `test_service_lambda_map_timeout`: four iterations each in a Task, the first fails): after
//! the failed iteration's `MapIterationFailed`, a `TaskStateAborted`, then for each other
//! running iteration in index order `MapIterationAborted` and `TaskStateAborted`, then
//! `MapStateFailed`, every one of them following the failed iteration's last event, with no
//! details. So the state that failed the iteration (a Task that failed uncaught) is aborted
//! too, first; we read the recording's four `TaskStateAborted` that way, each right after its
//! iteration's end event, and do the same for a Parallel's branches (which AWS's recordings do
//! not show): the failed branch's open state first, then the other branches' in order.
//!
//! A cancelled chain that was inside a nested Parallel or Map is cancelled with it, and so is
//! everything running at any depth: each state still open gets its aborted event
//! (`ParallelStateAborted`, `MapStateAborted`, `TaskStateAborted`, `WaitStateAborted`) and
//! each open iteration of a cancelled Map its `MapIterationAborted`. The nesting follows the
//! recorded order one level down: a container's own event first, then what it contained, in
//! index order (as `MapIterationAborted` precedes its iteration's `TaskStateAborted`), all
//! following the same failed chain's last event. The recordings we have show one level only:
//! the deeper levels apply the same rule (a state still running when its chain is cancelled is
//! aborted, and AWS has an aborted event for each of these state types, `MapIterationAborted`
//! for an iteration), so a history never leaves a nested state open; their order inside the
//! cancelled container is our reading, not a recording.
//! A state type without an aborted event (Fail, Pass, Choice, Succeed) records nothing.

use super::machine::Run;
use super::parallel::child_scope;
use super::plan::MachinePlan;
use crate::error::StatesError;
use crate::history::EventType;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// [`Track`]'s `running` when no state is open in the chain.
pub(crate) const NOT_RUNNING: usize = usize::MAX;

/// The part of a chain that a cancellation reads after the chain's future was dropped: the
/// state it was in, and what that state (a Parallel or Map) was running.
pub(crate) struct Track {
    /// The index (in the machine the chain runs) of the state entered and not yet exited,
    /// [`NOT_RUNNING`] if none: set at entry, cleared by the exit event. A state that fails
    /// keeps it, so the state each cancelled chain was in gets its aborted event. One atomic
    /// store per transition, nothing allocated.
    running: AtomicUsize,
    /// A Map iteration that started and did not end (its `MapIterationStarted` recorded, its
    /// end event not), so a failure of the Map records it as aborted.
    pub open: AtomicBool,
    /// The branches or iterations of the attempt of the Parallel or Map this chain is in,
    /// while that attempt runs (cleared when it ends; kept when it is cancelled).
    nested: Mutex<Option<Arc<Nested>>>,
}

/// The chains of one Parallel or Map attempt, and the machines they run.
pub(crate) struct Nested {
    /// The branches' machines (a Parallel), or the one ItemProcessor of every iteration (a Map).
    pub plans: NestedPlans,
    /// One track per branch or iteration, in index order.
    pub chains: Vec<Arc<Track>>,
}

/// What a Parallel's branches or a Map's iterations run.
pub(crate) enum NestedPlans {
    /// A Parallel: one machine per branch.
    Branches(Vec<Arc<MachinePlan>>),
    /// A Map: every iteration runs the ItemProcessor.
    Iterations(Arc<MachinePlan>),
}

impl Track {
    /// A chain with no state entered yet.
    pub fn new() -> Self {
        Track { running: AtomicUsize::new(NOT_RUNNING), open: AtomicBool::new(false), nested: Mutex::new(None) }
    }

    /// The chain entered the state at `index` of its machine.
    pub fn enter(&self, index: usize) {
        self.running.store(index, Ordering::Relaxed);
    }

    /// The chain's open state exited normally.
    pub fn exit(&self) {
        self.running.store(NOT_RUNNING, Ordering::Relaxed);
    }

    /// The index of the state entered in this chain and not exited (still running, or failed).
    pub fn running(&self) -> Option<usize> {
        Some(self.running.load(Ordering::Relaxed)).filter(|&i| i != NOT_RUNNING)
    }

    /// The running Parallel or Map attempt of this chain starts `nested`.
    pub fn set_nested(&self, nested: Nested) {
        if let Ok(mut n) = self.nested.lock() {
            *n = Some(Arc::new(nested));
        }
    }

    /// The running Parallel or Map attempt of this chain ended (its branches and iterations
    /// are no longer running: a later cancellation has nothing inside it to abort).
    pub fn clear_nested(&self) {
        if let Ok(mut n) = self.nested.lock() {
            *n = None;
        }
    }

    /// What the cancelled Parallel or Map attempt of this chain was running, taken out.
    fn take_nested(&self) -> Option<Arc<Nested>> {
        self.nested.lock().ok()?.take()
    }
}

impl Run<'_> {
    /// Records the state still open in a cancelled chain (`track`, in `scope`, running `plan`)
    /// as aborted, following event `last` (the last event of the chain whose failure cancels
    /// it); when that state is a Parallel or Map, what its attempt was running is aborted
    /// after it (see the module docs).
    pub(crate) fn abort_running(&self, plan: &MachinePlan, scope: &str, track: &Track, last: u64) -> Result<(), StatesError> {
        let Some(st) = track.running().and_then(|i| plan.states.get(i)) else { return Ok(()) };
        let Some(t) = EventType::aborted(st.type_name) else { return Ok(()) };
        self.emit_after(t, last, scope, Some(&st.name), || Value::Null)?;
        let Some(nested) = track.take_nested() else { return Ok(()) };
        match &nested.plans {
            NestedPlans::Branches(plans) => {
                for (i, (plan, chain)) in plans.iter().zip(&nested.chains).enumerate() {
                    self.abort_running(plan, &child_scope(scope, &st.name, i), chain, last)?;
                }
                Ok(())
            }
            NestedPlans::Iterations(processor) => self.abort_open_iterations(processor, scope, &st.name, &nested.chains, last),
        }
    }

    /// Each iteration of the Map `name` (in `scope`) still open, in index order: its
    /// `MapIterationAborted`, then its open state's aborted event, all following `last`.
    /// Iterations not started yet, or ended, record nothing.
    pub(crate) fn abort_open_iterations(&self, processor: &MachinePlan, scope: &str, name: &str, chains: &[Arc<Track>], last: u64) -> Result<(), StatesError> {
        for (i, chain) in chains.iter().enumerate() {
            if !chain.open.swap(false, Ordering::Relaxed) {
                continue;
            }
            self.emit_after(EventType::MapIterationAborted, last, scope, Some(name), || json!({"index": i, "name": name}))?;
            self.abort_running(processor, &child_scope(scope, name, i), chain, last)?;
        }
        Ok(())
    }
}
