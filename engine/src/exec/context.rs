//! The context object (`$$`): execution, state machine, current state, Map item.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

/// AWS's timestamp format in the context object and events.
pub fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// What varies per state entry.
pub struct StateCtx<'a> {
    pub name: &'a str,
    pub entered: DateTime<Utc>,
    /// `None` for states that cannot retry (AWS shows RetryCount only where Retry exists).
    pub retry_count: Option<u64>,
    pub map_item: Option<(usize, &'a Value)>,
}

/// Builds `$$` for one state entry.
pub fn build(execution: &Value, machine: &Value, st: &StateCtx) -> Value {
    let mut ctx = json!({
        "Execution": execution,
        "StateMachine": machine,
        "State": {"Name": st.name, "EnteredTime": iso(st.entered)},
    });
    if let Some(n) = st.retry_count {
        ctx["State"]["RetryCount"] = json!(n);
    }
    if let Some((i, v)) = st.map_item {
        ctx["Map"] = json!({"Item": {"Index": i, "Value": v}});
    }
    ctx
}
