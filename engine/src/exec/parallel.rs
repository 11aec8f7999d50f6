//! Running a `Parallel` state: every branch concurrently on the same input; the first
//! failure cancels the other branches (their futures are dropped, the states they were in are
//! recorded as aborted, `super::abort`) and fails the attempt.

use super::abort::{Nested, NestedPlans};
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
        // Kept with this chain while the branches run: if an outer failure cancels this
        // Parallel, what its branches were in is aborted with it (see `super::abort`).
        let chains = frames.iter().map(|f| f.track.clone()).collect();
        self.frame.track.set_nested(Nested { plans: NestedPlans::Branches(branches.to_vec()), chains });
        let runs = branches.iter().zip(&frames).enumerate().map(|(i, (b, f))| {
            let input = params.clone();
            async move { self.run.run_machine_boxed(b, input, f).await.map_err(|e| (e, i)) }
        });
        let joined = futures::future::try_join_all(runs).await;
        self.frame.track.clear_nested();
        match joined {
            Ok(outs) => {
                // AWS links `ParallelStateSucceeded`, and then the state's exit, to the branches'
                // last event: the success event is outside the state's chain.
                let last = frames.iter().map(Frame::last).max().unwrap_or(started);
                self.run.emit_after(EventType::ParallelStateSucceeded, last, scope, Some(name), || Value::Null)?;
                self.frame.follow(last);
                Ok(Value::Array(outs))
            }
            Err((e, failed)) => {
                // The other branches are cancelled (their futures were dropped): the failed
                // branch's open state is recorded as aborted, then each other branch's, all after
                // the failed branch's last event, as a Map's (see `super::abort`). The
                // Parallel's own failure, or its retry, comes after (`Cx::with_retries`).
                let last = frames[failed].last();
                let order = std::iter::once(failed).chain((0..frames.len()).filter(|&i| i != failed));
                for i in order {
                    self.run.abort_running(&branches[i], &frames[i].scope, &frames[i].track, last)?;
                }
                Err(self.nested_failure(e, last))
            }
        }
    }
}
