//! The real clock for the CLI and server: tokio timers (never blocks a thread).

use chrono::{DateTime, Utc};
use engine::clock::Clock;
use futures::future::BoxFuture;
use std::time::Duration;

/// Wall-clock time with tokio sleeps.
pub struct TokioClock;

impl Clock for TokioClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
    fn sleep(&self, d: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(d))
    }
}
