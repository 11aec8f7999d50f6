//! Retry policies: which retrier applies, how long to wait (backoff, cap, jitter), and the
//! retry loop that Task, Parallel and Map share.

use super::dataflow::error_matches;
use super::machine::{Cx, Step};
use super::plan::Kind;
use crate::error::StatesError;
use crate::history::EventType;
use crate::model::Retrier;
use futures::future::BoxFuture;
use serde_json::{json, Value};
use std::sync::atomic::Ordering;
use std::time::Duration;

impl Cx<'_, '_> {
    /// Runs `attempt(input, $$)` until it succeeds (then ResultSelector, ResultPath, … apply),
    /// fails for good (a terminal error, or no retrier left: then Catch decides), waiting the
    /// retrier's interval in between. One loop for every retriable state, so `$$.State.RetryCount`,
    /// the order of Retry and Catch and the replayed waits cannot drift apart between them.
    ///
    /// `attempt` gets this `Cx` and the state's `plan` (Map or Parallel plan, a Task's resource
    /// and limits) as arguments rather than capturing them, and returns a boxed future rather
    /// than being an `AsyncFn`: an async closure that borrows its arguments does not yield a
    /// future provably `Send` for every lifetime (rustc: "implementation of `Send` is not general
    /// enough"), and a boxed one that captures borrows would have to outlive every lifetime.
    pub(crate) async fn with_retries<T: ?Sized + Sync>(
        &self,
        input: Value,
        plan: &T,
        attempt: impl for<'x> Fn(&'x Self, &'x T, &'x Value, &'x Value) -> BoxFuture<'x, Result<Value, StatesError>>,
    ) -> Result<Step, StatesError> {
        let mut retries = RetryState::new(self.st.retry.len());
        loop {
            let ctx = self.context(retries.total);
            if let Some(j) = self.run.rec.journal() {
                j.attempt_begins(&self.frame.scope, &self.st.name);
            }
            let e = match attempt(self, plan, &input, &ctx).await {
                Ok(result) => return self.finish(input, result, &ctx, true),
                Err(e) => e,
            };
            let delay = if Cx::recoverable(&e) { retries.next_delay(&self.st.retry, &e) } else { None };
            let e = self.attempt_failed(e, delay.is_some())?;
            match delay {
                Some(d) => self.run.ex.clock.sleep(self.retry_wait(d)).await,
                None if Cx::recoverable(&e) => return self.catch(input, e, &ctx),
                None => return Err(e),
            }
        }
    }

    /// A Parallel branch or Map iteration failed this attempt with `e` after event `last` (the
    /// last event of its chain): noted for [`Cx::attempt_failed`], which records the state's
    /// failure or lets its Retry start the next attempt. Returns `e`.
    pub(crate) fn nested_failure(&self, e: StatesError, last: u64) -> StatesError {
        self.failed_after.store(last, Ordering::Relaxed);
        e
    }

    /// An attempt failed with `e`; `retried` says whether a Retry runs the state again. A Task's
    /// own failure event is already recorded (`TaskFailed`, `TaskTimedOut`) and its next
    /// attempt follows it. A Parallel or Map whose branch or iteration failed (see
    /// [`Cx::nested_failure`]) records `ParallelStateFailed` / `MapStateFailed` only when it
    /// fails for good, following the failed chain's last event; an attempt that its Retry
    /// repeats records no failure of its own, and the next `…StateStarted` follows that same
    /// event. That is what AWS records: LocalStack's AWS-recorded `test_parallel_state_retry`
    /// (`ParallelStateStarted`, `FailStateEntered`, `ParallelStateStarted` following the
    /// `FailStateEntered`, …, one `ParallelStateFailed` at the end) and `test_map_state_retry`
    /// (`MapIterationFailed` then the next `MapStateStarted`, both following the iteration's
    /// `FailStateEntered`), compared event by event in `tests/history_aws.rs`. Returns `e`, or
    /// the history-limit error.
    fn attempt_failed(&self, e: StatesError, retried: bool) -> Result<StatesError, StatesError> {
        let last = self.failed_after.swap(0, Ordering::Relaxed);
        if last == 0 {
            return Ok(e);
        }
        self.frame.follow(last);
        let (started, failed) = match self.st.kind {
            Kind::Parallel { .. } => (EventType::ParallelStateStarted, EventType::ParallelStateFailed),
            _ => (EventType::MapStateStarted, EventType::MapStateFailed),
        };
        if retried {
            if let Some(j) = self.run.rec.journal() {
                j.attempt_retried(&self.frame.scope, &self.st.name, (started, failed), last);
            }
            return Ok(e);
        }
        self.emit(failed, || json!({"error": e.error, "cause": e.cause}))?;
        Ok(e)
    }

    /// The interval `d` to wait now; during a replay only what is left of it (see
    /// [`super::Journal`]).
    fn retry_wait(&self, d: Duration) -> Duration {
        let Some(j) = self.run.rec.journal() else { return d };
        let start = match self.st.kind {
            Kind::Parallel { .. } => EventType::ParallelStateStarted,
            Kind::Map(_) => EventType::MapStateStarted,
            // A Task: the only other state that retries.
            _ => EventType::TaskScheduled,
        };
        j.retry_delay(&self.frame.scope, &self.st.name, start, d, self.run.ex.clock.now())
    }
}

/// Per-state retry bookkeeping for one state entry.
pub struct RetryState {
    attempts: Vec<u64>,
    /// Total retries so far (`$$.State.RetryCount`).
    pub total: u64,
}

impl RetryState {
    /// Fresh counters for `n` retriers.
    pub fn new(n: usize) -> Self {
        RetryState { attempts: vec![0; n], total: 0 }
    }

    /// The delay before the next attempt, or None when no retrier applies any more.
    /// Only the first retrier matching the error is considered, as in AWS.
    pub fn next_delay(&mut self, retriers: &[Retrier], e: &StatesError) -> Option<Duration> {
        let i = retriers.iter().position(|r| error_matches(&r.error_equals, e))?;
        let r = &retriers[i];
        let max = r.max_attempts.unwrap_or(3);
        let n = self.attempts[i];
        if n >= max {
            return None;
        }
        self.attempts[i] += 1;
        self.total += 1;
        let mut secs = interval(r, n);
        if r.jitter_strategy.as_deref() == Some("FULL") {
            secs *= fastrand::f64();
        }
        Some(Duration::from_secs_f64(secs.clamp(0.0, 1.0e9)))
    }
}

/// Seconds before retry number `n + 1` of retrier `r`, before jitter: IntervalSeconds (default
/// 1) times BackoffRate (default 2.0) to the `n`, capped by MaxDelaySeconds.
pub(crate) fn interval(r: &Retrier, n: u64) -> f64 {
    let secs = r.interval_seconds.unwrap_or(1) as f64 * r.backoff_rate.unwrap_or(2.0).powi(n.min(1000) as i32);
    r.max_delay_seconds.map_or(secs, |cap| secs.min(cap as f64))
}
