//! `wfm run --track`: prints each step's status change as it happens.

use engine::history::{EventSink, HistoryEvent};
use engine::tracker::ExecutionStatus;
use serde_json::Value;
use std::io::Write;
use std::sync::Mutex;

/// Folds events into statuses and prints changes (to stderr when stdout carries `--json`).
pub struct TrackSink {
    status: Mutex<ExecutionStatus>,
    to_stderr: bool,
}

impl TrackSink {
    pub fn new(to_stderr: bool) -> Self {
        TrackSink { status: Mutex::new(ExecutionStatus::default()), to_stderr }
    }

    fn print(&self, line: &str) {
        if self.to_stderr {
            eprintln!("{line}");
        } else {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{line}");
        }
    }
}

impl EventSink for TrackSink {
    fn event(&self, ev: &HistoryEvent) {
        let Ok(mut st) = self.status.lock() else { return };
        if let Some((key, state)) = st.apply(ev) {
            let step = &st.steps[&key];
            let mut line = format!("[{}] {:<10} {key}", ev.timestamp.format("%H:%M:%S%.3f"), format!("{state:?}").to_uppercase());
            if let (Some(a), Some(b)) = (step.started_at, step.finished_at) {
                line.push_str(&format!(" ({} ms)", (b - a).num_milliseconds()));
            }
            if let Some(e) = &step.error {
                line.push_str(&format!(" — {e}: {}", step.cause.as_deref().unwrap_or("")));
            }
            drop(st);
            self.print(&line);
        }
    }

    fn progress(&self, scope: &str, state: &str, data: &Value) {
        if let Some(t) = data.get("text").and_then(Value::as_str) {
            let _ = (scope, state);
            if self.to_stderr {
                eprint!("{t}");
            } else {
                print!("{t}");
                let _ = std::io::stdout().flush();
            }
        }
    }
}
