//! Retry policies: which retrier applies, how long to wait (backoff, cap, jitter).

use super::dataflow::error_matches;
use crate::error::StatesError;
use crate::model::Retrier;
use std::time::Duration;

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
        let interval = r.interval_seconds.unwrap_or(1) as f64;
        let rate = r.backoff_rate.unwrap_or(2.0);
        let mut secs = interval * rate.powi(n.min(1000) as i32);
        if let Some(cap) = r.max_delay_seconds {
            secs = secs.min(cap as f64);
        }
        if r.jitter_strategy.as_deref() == Some("FULL") {
            secs *= fastrand::f64();
        }
        Some(Duration::from_secs_f64(secs.clamp(0.0, 1.0e9)))
    }
}
