//! Running a `Parallel` state: every branch concurrently on the same input; the first
//! failure cancels the other branches (their futures are dropped) and fails the state.

use super::machine::{Cx, Frame, Step};
use super::plan::MachinePlan;
use crate::error::StatesError;
use crate::history::EventType;
use serde_json::{json, Value};
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
        let (scope, name) = (&self.frame.scope, &*self.st.name);
        self.run.emit(EventType::ParallelStateStarted, scope, Some(name), || Value::Null)?;
        let frames: Vec<Frame> = (0..branches.len())
            .map(|i| Frame { scope: child_scope(scope, name, i), parent: Some(self.vars), map_item: None })
            .collect();
        let runs = branches.iter().zip(&frames).map(|(b, f)| self.run.run_machine_boxed(b, params.clone(), f));
        match futures::future::try_join_all(runs).await {
            Ok(outs) => {
                self.run.emit(EventType::ParallelStateSucceeded, scope, Some(name), || Value::Null)?;
                Ok(Value::Array(outs))
            }
            Err(e) => {
                self.run.emit(EventType::ParallelStateFailed, scope, Some(name), || json!({"error": e.error, "cause": e.cause}))?;
                Err(e)
            }
        }
    }
}
