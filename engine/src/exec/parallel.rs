//! Running a `Parallel` state: every branch concurrently on the same input; the first
//! failure cancels the other branches (their futures are dropped, the states they were in are
//! recorded as aborted) and fails the state.

use super::machine::{Cx, Frame, Step};
use super::plan::MachinePlan;
use crate::error::StatesError;
use crate::history::EventType;
use serde_json::Value;
use std::sync::Arc;

/// The scope label of a nested run: `Outer[1]/Inner[0]`.
pub(crate) fn child_scope(parent: &str, state: &str, index: usize) -> String {
    if parent.is_empty() {
        format!("{state}[{index}]")
    } else {
        format!("{parent}/{state}[{index}]")
    }
}

impl Cx<'_, '_> {
    pub(crate) async fn run_parallel(&self, input: Value, branches: &[Arc<MachinePlan>]) -> Result<Step, StatesError> {
        self.with_retries(input, branches, |cx, branches, input, ctx| Box::pin(cx.parallel_attempt(input, branches, ctx))).await
    }

    async fn parallel_attempt(&self, input: &Value, branches: &[Arc<MachinePlan>], ctx: &Value) -> Result<Value, StatesError> {
        let eff = self.select_ref(&self.st.input_path, input, ctx)?;
        let params = match (self.ja(), &self.st.parameters) {
            (Some(ja), _) => self.ja_arguments(ja, input, ctx)?,
            (None, Some(t)) => t.eval(&self.env(&eff, ctx), self.run).map_err(|e| self.fail(e))?,
            (None, None) => eff.into_owned(),
        };
        // TestState: the tested Parallel's mocked outcome instead of its branches.
        if let Some(outcome) = self.probe_parallel() {
            return outcome;
        }
        let (scope, name) = (&self.frame.scope, &*self.st.name);
        let started = self.emit(EventType::ParallelStateStarted, || Value::Null)?;
        // Each branch is a chain of its own that starts after `ParallelStateStarted`.
        let frames: Vec<Frame> = (0..branches.len()).map(|i| Frame::new(child_scope(scope, name, i), Some(self.vars), started)).collect();
        let runs = branches.iter().zip(&frames).enumerate().map(|(i, (b, f))| {
            let input = params.clone();
            async move { self.run.run_machine_boxed(b, input, f).await.map_err(|e| (e, i)) }
        });
        match futures::future::try_join_all(runs).await {
            Ok(outs) => {
                // AWS links `ParallelStateSucceeded`, and then the state's exit, to the branches'
                // last event: the success event is outside the state's chain.
                let last = frames.iter().map(Frame::last).max().unwrap_or(started);
                self.run.emit_after(EventType::ParallelStateSucceeded, last, scope, Some(name), || Value::Null)?;
                self.frame.follow(last);
                Ok(Value::Array(outs))
            }
            Err((e, failed)) => {
                // The other branches are cancelled (their futures were dropped): each one's
                // running state is recorded as aborted, then the Parallel's failure, all after
                // the failed branch's last event, as a Map's (see `Cx::abort_running`).
                let last = frames[failed].last();
                let order = std::iter::once(failed).chain((0..frames.len()).filter(|&i| i != failed));
                for i in order {
                    self.abort_running(&branches[i], &frames[i], last)?;
                }
                Err(self.nested_failure(EventType::ParallelStateFailed, e, last))
            }
        }
    }

    /// Records the state still open in `frame` (a branch or iteration run by `plan`) as aborted
    /// (`TaskStateAborted`, `WaitStateAborted`, `ParallelStateAborted`, `MapStateAborted`),
    /// following event `last`, the last event of the branch or iteration whose failure fails
    /// the Parallel or Map. What AWS records (LocalStack's AWS-recorded `test_timeouts`,
    /// `test_service_lambda_map_timeout`: four iterations each in a Task, the first fails): after
    /// the failed iteration's `MapIterationFailed`, a `TaskStateAborted`, then for each other
    /// running iteration in index order `MapIterationAborted` and `TaskStateAborted`, then
    /// `MapStateFailed`, every one of them following the failed iteration's last event, with
    /// no details. So the state that failed the iteration (a Task that failed uncaught) is
    /// aborted too, first; we read the recording's four `TaskStateAborted` that way, each right
    /// after its iteration's end event, and do the same for a Parallel's branches (which AWS's
    /// recordings do not show): the failed branch's open state first, then the other branches'
    /// in order. A state type without an aborted event (Fail, Pass, Choice, Succeed) records
    /// nothing. Only the top of a cancelled branch or iteration is recorded: the states running
    /// inside a cancelled nested Parallel or Map get no events of their own (its own
    /// `ParallelStateAborted` / `MapStateAborted` stands for them).
    pub(crate) fn abort_running(&self, plan: &MachinePlan, frame: &Frame<'_>, last: u64) -> Result<(), StatesError> {
        let Some(st) = frame.running().and_then(|i| plan.states.get(i)) else { return Ok(()) };
        let Some(t) = EventType::aborted(st.type_name) else { return Ok(()) };
        self.run.emit_after(t, last, &frame.scope, Some(&st.name), || Value::Null)?;
        Ok(())
    }
}
