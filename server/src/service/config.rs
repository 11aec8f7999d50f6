//! Service settings. Every field has an environment variable, read by [`ServiceConfig::from_env`]:
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `WFM_DATABASE_URL` | `sqlite://./data/wfm.sqlite` | the store (`postgres://…` for PostgreSQL) |
//! | `WFM_MAX_CONCURRENT` | 256 | executions running at once; the rest queue |
//! | `WFM_WAIT_SCALE` | 1 | multiplies Wait and retry delays (0 = no waiting) |
//! | `WFM_MAX_HISTORY_EVENTS` | 25000 | per execution, as AWS; 0 = unlimited |
//! | `WFM_WORKFLOWS_DIR` | `./workflows` | examples loaded at start, each whose id was never used |
//! | `WFM_CLAIM_STALE_MS` | 30000 | another process's execution is taken over after this long without a heartbeat |
//! | `WFM_INSTANCE_ID` | random per start | this server's owner id in the store: restarted with the same id, it takes its executions back at once (PostgreSQL) instead of after `WFM_CLAIM_STALE_MS`; never give two running servers one id |

use crate::store::DEFAULT_DATABASE_URL;
use engine::clock::{Clock, ScaledClock};
use engine::exec::ExecOptions;
use engine::task::TaskRegistry;
use std::path::PathBuf;
use std::sync::Arc;

/// How the service runs.
#[derive(Clone)]
pub struct ServiceConfig {
    /// sqlx URL of the store.
    pub database_url: String,
    /// Executions running at once (the rest wait).
    pub max_concurrent: usize,
    /// Multiplier of Wait and retry delays.
    pub wait_scale: f64,
    /// Engine limits.
    pub exec_options: ExecOptions,
    /// Task functions (default: [`crate::cli::registry`]).
    pub registry: Option<Arc<TaskRegistry>>,
    /// Clock (default: tokio time, scaled by `wait_scale`).
    pub clock: Option<Arc<dyn Clock>>,
    /// Folder of `*.asl.json` examples loaded at start when their id is free (None: load nothing).
    pub examples_dir: Option<PathBuf>,
    /// Resume RUNNING executions at start.
    pub resume: bool,
    /// At start, claim executions whose heartbeat is older than this (None: every RUNNING
    /// execution, right for a single-process SQLite store).
    pub resume_stale_ms: Option<i64>,
    /// Heartbeat period of owned executions.
    pub heartbeat_ms: i64,
    /// Take over other processes' executions after this long without a heartbeat (checked at
    /// every heartbeat when `claim_periodically`).
    pub claim_stale_ms: Option<i64>,
    /// Look for abandoned executions at every heartbeat (shared PostgreSQL).
    pub claim_periodically: bool,
    /// Stable owner id of this server (None: a random one per start).
    pub instance_id: Option<String>,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        ServiceConfig {
            database_url: DEFAULT_DATABASE_URL.to_string(),
            max_concurrent: 256,
            wait_scale: 1.0,
            exec_options: ExecOptions::default(),
            registry: None,
            clock: None,
            examples_dir: None,
            resume: true,
            resume_stale_ms: None,
            heartbeat_ms: 5_000,
            claim_stale_ms: Some(30_000),
            claim_periodically: false,
            instance_id: None,
        }
    }
}

fn env<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

impl ServiceConfig {
    /// Settings from the environment (see the module table).
    pub fn from_env() -> Self {
        let mut c = ServiceConfig::default();
        if let Ok(url) = std::env::var("WFM_DATABASE_URL") {
            if !url.trim().is_empty() {
                c.database_url = url.trim().to_string();
            }
        }
        c.max_concurrent = env("WFM_MAX_CONCURRENT").unwrap_or(c.max_concurrent);
        c.wait_scale = env("WFM_WAIT_SCALE").unwrap_or(c.wait_scale);
        c.exec_options.max_history_events = env("WFM_MAX_HISTORY_EVENTS").unwrap_or(c.exec_options.max_history_events);
        c.examples_dir = Some(
            std::env::var_os("WFM_WORKFLOWS_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("workflows")),
        );
        c.claim_stale_ms = Some(env("WFM_CLAIM_STALE_MS").unwrap_or(30_000));
        c.instance_id = std::env::var("WFM_INSTANCE_ID").ok().map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        if c.database_url.starts_with("postgres") {
            // Several processes may share the database: only take over what nobody tends.
            c.resume_stale_ms = c.claim_stale_ms;
            c.claim_periodically = true;
        }
        c
    }

    /// The clock executions use.
    pub fn clock(&self) -> Arc<dyn Clock> {
        let base = self.clock.clone().unwrap_or_else(|| Arc::new(crate::clock::TokioClock));
        if (self.wait_scale - 1.0).abs() < f64::EPSILON {
            base
        } else {
            ScaledClock::new(base, self.wait_scale)
        }
    }
}
