//! Time as an injected dependency, so that a Wait of an hour takes no time in a test
//! and the engine never blocks a thread (it only awaits the clock's futures).

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A source of "now" and of delays.
pub trait Clock: Send + Sync {
    /// The current time.
    fn now(&self) -> DateTime<Utc>;
    /// A future that completes after `d`.
    fn sleep(&self, d: Duration) -> BoxFuture<'static, ()>;
    /// A future for a *timeout* of `d` (TimeoutSeconds): unlike delays, timeouts are not
    /// scaled by `--wait-scale`, and never fire on a virtual clock (where work takes no time).
    fn timer(&self, d: Duration) -> BoxFuture<'static, ()> {
        self.sleep(d)
    }
}

/// Virtual time: `sleep` returns at once and advances `now`. Used by tests and `--wait-scale 0`.
pub struct VirtualClock {
    micros: AtomicI64,
}

impl VirtualClock {
    /// Starts at the given time.
    pub fn starting_at(t: DateTime<Utc>) -> Arc<Self> {
        Arc::new(VirtualClock { micros: AtomicI64::new(t.timestamp_micros()) })
    }
}

impl Clock for VirtualClock {
    fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_micros(self.micros.load(Ordering::Relaxed)).unwrap_or_default()
    }
    fn sleep(&self, d: Duration) -> BoxFuture<'static, ()> {
        self.micros.fetch_add(d.as_micros().min(i64::MAX as u128) as i64, Ordering::Relaxed);
        Box::pin(futures::future::ready(()))
    }
    fn timer(&self, _d: Duration) -> BoxFuture<'static, ()> {
        Box::pin(futures::future::pending())
    }
}

/// Wraps a real clock and multiplies every delay by `scale` (`--wait-scale`).
pub struct ScaledClock {
    inner: Arc<dyn Clock>,
    scale: f64,
}

impl ScaledClock {
    /// `scale` = 0 makes delays instant; 1 leaves them as they are.
    pub fn new(inner: Arc<dyn Clock>, scale: f64) -> Arc<Self> {
        Arc::new(ScaledClock { inner, scale: scale.max(0.0) })
    }
}

impl Clock for ScaledClock {
    fn now(&self) -> DateTime<Utc> {
        self.inner.now()
    }
    fn sleep(&self, d: Duration) -> BoxFuture<'static, ()> {
        if self.scale == 0.0 {
            return Box::pin(futures::future::ready(()));
        }
        self.inner.sleep(d.mul_f64(self.scale))
    }
    fn timer(&self, d: Duration) -> BoxFuture<'static, ()> {
        self.inner.timer(d)
    }
}
