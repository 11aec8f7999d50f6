//! Running a `Task` state: parameters, the registry call with timeout, retries, catch.

use super::dataflow;
use super::machine::{num_value, Cx, Step};
use super::plan::{Kind, NumSrc};
use super::retry::RetryState;
use crate::error::{names, StatesError};
use crate::history::EventType;
use crate::task::TaskCall;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

impl Cx<'_, '_> {
    pub(crate) async fn run_task(&self, input: Value) -> Result<Step, StatesError> {
        let Kind::Task { resource, timeout, .. } = &self.st.kind else { unreachable!("run_task on a non-Task state") };
        let mut retries = RetryState::new(self.st.retry.len());
        loop {
            let ctx = self.context(retries.total);
            let attempt = self.task_attempt(&input, resource, timeout.as_ref(), &ctx).await;
            match attempt {
                Ok(result) => return self.finish(input, result, &ctx, true),
                Err(e) if !Cx::recoverable(&e) => return Err(e),
                Err(e) => match retries.next_delay(&self.st.retry, &e) {
                    Some(d) => self.run.ex.clock.sleep(d).await,
                    None => return self.catch(input, e, &ctx),
                },
            }
        }
    }

    async fn task_attempt(&self, input: &Value, resource: &str, timeout: Option<&NumSrc>, ctx: &Value) -> Result<Value, StatesError> {
        let env = self.env(input, ctx);
        let eff = self.select_ref(&self.st.input_path, input, ctx)?;
        let params = match &self.st.parameters {
            Some(t) => t.eval(&self.env(&eff, ctx), self.run).map_err(|e| self.fail(e))?,
            None => eff.into_owned(),
        };
        let timeout = match timeout {
            Some(src) => Some(self.timeout_secs(src, &env)?),
            None => None,
        };
        let (scope, name) = (&self.frame.scope, &*self.st.name);
        self.run.emit(EventType::TaskScheduled, scope, Some(name), || json!({"resource": resource, "parameters": params}))?;
        let Some(f) = self.run.ex.registry.resolve(resource) else {
            let e = StatesError::new(names::TASK_FAILED, format!("No task function is registered for the resource '{resource}'."));
            self.run.emit(EventType::TaskFailed, scope, Some(name), || json!({"resource": resource, "error": e.error, "cause": e.cause}))?;
            return Err(e);
        };
        self.run.emit(EventType::TaskStarted, scope, Some(name), || json!({"resource": resource}))?;
        let sink = self.run.rec.sink.clone();
        let (pscope, pname) = (scope.to_string(), name.to_string());
        let call = TaskCall {
            input: params,
            resource: resource.to_string(),
            state_name: name.to_string(),
            execution_id: self.run.info.id.clone(),
            clock: self.run.ex.clock.clone(),
            progress: Arc::new(move |v| sink.progress(&pscope, &pname, &v)),
        };
        let fut = f.call(call);
        let result = match timeout {
            Some(secs) => {
                let timer = self.run.ex.clock.timer(Duration::from_secs(secs));
                match futures::future::select(fut, timer).await {
                    futures::future::Either::Left((r, _)) => r,
                    futures::future::Either::Right(_) => {
                        let e = StatesError::new(names::TIMEOUT, format!("Task timed out after {secs} seconds."));
                        self.run.emit(EventType::TaskTimedOut, scope, Some(name), || json!({"resource": resource, "error": e.error, "cause": e.cause}))?;
                        return Err(e);
                    }
                }
            }
            None => fut.await,
        };
        let result = result.and_then(|v| dataflow::check_size(&v, self.run.ex.options.max_payload_bytes, name).map(|_| v));
        match result {
            Ok(v) => {
                self.run.emit(EventType::TaskSucceeded, scope, Some(name), || json!({"resource": resource, "output": v}))?;
                Ok(v)
            }
            Err(e) => {
                self.run.emit(EventType::TaskFailed, scope, Some(name), || json!({"resource": resource, "error": e.error, "cause": e.cause}))?;
                Err(e)
            }
        }
    }

    fn timeout_secs(&self, src: &NumSrc, env: &crate::env::Env) -> Result<u64, StatesError> {
        let v = num_value(src, env).map_err(|e| self.fail(e))?;
        match v.as_u64() {
            Some(n) if n > 0 => Ok(n),
            _ => Err(self.fail(StatesError::runtime(format!("The TimeoutSecondsPath parameter does not reference a valid positive integer: {v}")))),
        }
    }
}
