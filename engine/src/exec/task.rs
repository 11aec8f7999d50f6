//! Running a `Task` state: parameters, the registry call with timeout, retries, catch.

use super::dataflow;
use super::machine::{num_value, Cx, Step};
use super::plan::{Kind, NumSrc};
use crate::error::{names, StatesError};
use crate::history::EventType;
use crate::task::TaskCall;
use serde_json::{json, Value};
use crate::clock::Clock;
use futures::future::BoxFuture;
use chrono::{DateTime, Utc};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

impl Cx<'_, '_> {
    pub(crate) async fn run_task(&self, input: Value) -> Result<Step, StatesError> {
        let Kind::Task { resource, timeout, heartbeat } = &self.st.kind else { unreachable!("run_task on a non-Task state") };
        let plan = (resource.as_str(), [timeout.as_ref(), heartbeat.as_ref()]);
        self.with_retries(input, &plan, |cx, (resource, limits), input, ctx| Box::pin(cx.task_attempt(input, resource, *limits, ctx))).await
    }

    /// One try: `limits` are TimeoutSeconds(Path) and HeartbeatSeconds(Path).
    async fn task_attempt(&self, input: &Value, resource: &str, limits: [Option<&NumSrc>; 2], ctx: &Value) -> Result<Value, StatesError> {
        let [timeout, heartbeat] = limits;
        let env = self.env(input, ctx);
        let eff = self.select_ref(&self.st.input_path, input, ctx)?;
        let params = match (self.ja(), &self.st.parameters) {
            (Some(ja), _) => self.ja_arguments(ja, input, ctx)?,
            (None, Some(t)) => t.eval(&self.env(&eff, ctx), self.run).map_err(|e| self.fail(e))?,
            (None, None) => eff.into_owned(),
        };
        let timeout = timeout.map(|src| self.timeout_secs(src, &env)).transpose()?;
        let heartbeat = heartbeat.map(|src| self.timeout_secs(src, &env)).transpose()?;
        let (scope, name) = (&self.frame.scope, &*self.st.name);
        self.emit(EventType::TaskScheduled, || scheduled(resource, &params, timeout, heartbeat))?;
        if self.run.rec.wants() && (self.st.parameters.is_some() || self.ja().is_some_and(|j| j.arguments.is_some())) {
            if let Ok(mut last) = self.last_params.lock() {
                *last = Some(params.clone());
            }
        }
        if let Some(replayed) = self.replay_attempt(resource)? {
            return replayed;
        }
        let Some(f) = self.run.ex.registry.resolve(resource) else {
            let e = StatesError::new(names::TASK_FAILED, format!("No task function is registered for the resource '{resource}'."));
            self.emit(EventType::TaskFailed, || task_failure(resource, &e))?;
            return Err(e);
        };
        self.emit(EventType::TaskStarted, || json!({"resource": resource}))?;
        let sink = self.run.rec.sink.clone();
        let (pscope, pname) = (scope.to_string(), name.to_string());
        let clock = self.run.ex.clock.clone();
        let beats = Arc::new(Beats::starting(clock.now()));
        let beat = beats.clone();
        let call = TaskCall {
            input: params,
            resource: resource.to_string(),
            state_name: name.to_string(),
            execution_id: self.run.info.id.clone(),
            clock: clock.clone(),
            progress: Arc::new(move |v| {
                beat.beat(clock.now());
                sink.progress(&pscope, &pname, &v)
            }),
        };
        let fut = with_heartbeat(f.call(call), heartbeat, beats, self.run.ex.clock.clone());
        let result = match timeout {
            Some(secs) => {
                let timer = self.run.ex.clock.timer(Duration::from_secs(secs));
                match futures::future::select(fut, timer).await {
                    futures::future::Either::Left((r, _)) => r,
                    futures::future::Either::Right(_) => {
                        // AWS gives a timeout no cause (`taskTimedOutEventDetails` has only the
                        // error; a Catch sees `"Cause": ""`).
                        let e = StatesError::new(names::TIMEOUT, "");
                        self.emit(EventType::TaskTimedOut, || task_failure(resource, &e))?;
                        return Err(e);
                    }
                }
            }
            None => fut.await,
        };
        let result = result.and_then(|v| dataflow::check_size(&v, self.run.ex.options.max_payload_bytes, name).map(|_| v));
        match result {
            Ok(v) => {
                self.emit(EventType::TaskSucceeded, || json!({"resource": resource, "output": v}))?;
                Ok(v)
            }
            Err(e) => {
                // A missed heartbeat is a timeout: AWS records `TaskTimedOut` for it.
                let t = if e.is_heartbeat_timeout() { EventType::TaskTimedOut } else { EventType::TaskFailed };
                self.emit(t, || task_failure(resource, &e))?;
                Err(e)
            }
        }
    }

    /// The stored outcome of this attempt when a journal is replayed (its events are matched,
    /// the function is not called); None to call the function.
    fn replay_attempt(&self, resource: &str) -> Result<Option<Result<Value, StatesError>>, StatesError> {
        use super::journal::{lost_task, Attempt, Recorded};
        let Some(j) = self.run.rec.journal() else { return Ok(None) };
        let (scope, name) = (&self.frame.scope, &*self.st.name);
        let (started, outcome) = match j.next_attempt(scope, name) {
            None | Some(Attempt::NotStarted) => return Ok(None),
            Some(Attempt::Lost) => (true, None),
            Some(Attempt::Ended { started, outcome, .. }) => (started, Some(outcome)),
        };
        if started {
            self.emit(EventType::TaskStarted, || json!({"resource": resource}))?;
        }
        let (t, result) = match outcome {
            Some(Recorded::Succeeded(v)) => (EventType::TaskSucceeded, Ok(v)),
            Some(Recorded::Failed(e)) => (EventType::TaskFailed, Err(e)),
            Some(Recorded::TimedOut(e)) => (EventType::TaskTimedOut, Err(e)),
            None => (EventType::TaskFailed, Err(lost_task(resource))),
        };
        self.emit(t, || match &result {
            Ok(v) => json!({"resource": resource, "output": v}),
            Err(e) => task_failure(resource, e),
        })?;
        Ok(Some(result))
    }

    /// A positive whole number of seconds from TimeoutSeconds(Path) / HeartbeatSeconds(Path).
    fn timeout_secs(&self, src: &NumSrc, env: &crate::env::Env) -> Result<u64, StatesError> {
        let v = num_value(src, env).map_err(|e| self.fail(e))?;
        match v.as_u64() {
            Some(n) if n > 0 => Ok(n),
            _ => Err(self.fail(StatesError::runtime(format!("The TimeoutSeconds/HeartbeatSeconds value must be a positive integer, but was: {v}")))),
        }
    }
}

/// `TaskFailed` / `TaskTimedOut` details: the resource, and the error and cause unless empty (a
/// timeout has no cause), as AWS records them (LocalStack's AWS-recorded `test_timeouts`,
/// `test_heartbeats`: `taskTimedOutEventDetails` without a cause).
fn task_failure(resource: &str, e: &StatesError) -> Value {
    let mut d = super::machine::failure_details(e);
    if let Value::Object(m) = &mut d {
        m.insert("resource".into(), Value::String(resource.to_string()));
    }
    d
}

/// `TaskScheduled` details: the resource and parameters, and the task's limits as AWS records
/// them (`timeoutInSeconds`, `heartbeatInSeconds`, each only when set: LocalStack's
/// AWS-recorded `timeouts/test_timeouts` and `timeouts/test_heartbeats` snapshots). Replaying a
/// stored history reads them back to tell a missed heartbeat from a timeout (`super::journal`).
fn scheduled(resource: &str, params: &Value, timeout: Option<u64>, heartbeat: Option<u64>) -> Value {
    let mut d = json!({"resource": resource, "parameters": params});
    if let Some(t) = timeout {
        d["timeoutInSeconds"] = json!(t);
    }
    if let Some(h) = heartbeat {
        d["heartbeatInSeconds"] = json!(h);
    }
    d
}

/// A running task's heartbeats (its progress reports): how many, and when the last one came
/// (at first: when the task started), in microseconds of the engine's clock.
struct Beats {
    count: AtomicU64,
    last: AtomicI64,
}

impl Beats {
    fn starting(at: DateTime<Utc>) -> Self {
        Beats { count: AtomicU64::new(0), last: AtomicI64::new(at.timestamp_micros()) }
    }

    fn beat(&self, at: DateTime<Utc>) {
        self.last.store(at.timestamp_micros(), Ordering::Relaxed);
        self.count.fetch_add(1, Ordering::Relaxed);
    }
}

/// Fails the task with a missed heartbeat ([`StatesError::heartbeat_timeout`]) when it reports
/// no progress (the heartbeat of a local task) for `secs` seconds: from its start, then from
/// each report, as AWS counts `HeartbeatSeconds` (the longest gap between heartbeats, not a
/// bound on the whole task). A task that never reports times out `secs` after it started.
/// The watchdog sleeps until the current deadline; when it wakes and nothing came meanwhile, the
/// deadline has passed; else it sleeps again until `secs` after the latest report.
fn with_heartbeat(
    fut: BoxFuture<'static, Result<Value, StatesError>>,
    secs: Option<u64>,
    beats: Arc<Beats>,
    clock: Arc<dyn Clock>,
) -> BoxFuture<'static, Result<Value, StatesError>> {
    let Some(secs) = secs else { return fut };
    let watchdog = async move {
        let gap = Duration::from_secs(secs);
        let (mut wait, mut seen) = (gap, 0);
        loop {
            clock.timer(wait).await;
            let count = beats.count.load(Ordering::Relaxed);
            if count == seen {
                return StatesError::heartbeat_timeout();
            }
            seen = count;
            let since = clock.now().timestamp_micros().saturating_sub(beats.last.load(Ordering::Relaxed));
            wait = gap.saturating_sub(Duration::from_micros(since.max(0) as u64));
        }
    };
    Box::pin(async move {
        match futures::future::select(fut, Box::pin(watchdog)).await {
            futures::future::Either::Left((r, _)) => r,
            futures::future::Either::Right((e, _)) => Err(e),
        }
    })
}
