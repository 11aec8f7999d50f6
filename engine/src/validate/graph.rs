//! The transition graph of one scope: targets exist, the scope has a terminal state (Succeed,
//! Fail, `End: true`), every state is reachable from StartAt, and a terminal state is reachable.
//!
//! Each scope (the machine, a Parallel branch, a Map processor) is its own graph: a `Next`
//! inside a branch cannot name a state of the outer machine, so it is reported as missing.

use super::{child, codes, index, Sink};
use petgraph::graphmap::DiGraphMap;
use petgraph::visit::Dfs;
use serde_json::{Map, Value};

/// Every transition of a state: (target, JSON pointer of the field naming it). TestState
/// also reads it, to give each target a placeholder.
pub(crate) fn transitions<'a>(state: &'a Value, ptr: &str) -> Vec<(&'a str, String)> {
    let mut out = Vec::new();
    for field in ["Next", "Default"] {
        if let Some(t) = state.get(field).and_then(Value::as_str) {
            out.push((t, child(ptr, field)));
        }
    }
    for list in ["Choices", "Catch"] {
        if let Some(items) = state.get(list).and_then(Value::as_array) {
            for (i, item) in items.iter().enumerate() {
                if let Some(t) = item.get("Next").and_then(Value::as_str) {
                    out.push((t, child(&index(&child(ptr, list), i), "Next")));
                }
            }
        }
    }
    out
}

/// Succeed, Fail, or `End` given (a non-boolean `End` is reported on its own; counting it as
/// terminal here avoids a second, consequential problem).
fn is_terminal(state: &Value) -> bool {
    matches!(state.get("Type").and_then(Value::as_str), Some("Succeed" | "Fail"))
        || state.get("End").is_some_and(|e| e != &Value::Bool(false))
}

/// A state that is already reported as broken (no Next/End, or a Next that goes nowhere):
/// whether the machine could finish through it is unknown, so NO_TERMINAL_STATE would be noise.
fn is_broken(state: &Value, states: &Map<String, Value>) -> bool {
    let flow = matches!(state.get("Type").and_then(Value::as_str), Some("Pass" | "Task" | "Wait" | "Parallel" | "Map"));
    let dead_end = flow && !is_terminal(state) && state.get("Next").is_none();
    dead_end || transitions(state, "").iter().any(|(t, _)| !states.contains_key(*t))
}

/// Checks targets, reachability and termination for the scope at `ptr`.
pub(super) fn check(sink: &mut Sink, scope: &Map<String, Value>, states: &Map<String, Value>, ptr: &str) {
    let states_ptr = child(ptr, "States");
    let mut g: DiGraphMap<&str, (), std::hash::RandomState> = DiGraphMap::default();
    for name in states.keys() {
        g.add_node(name.as_str());
    }
    for (name, state) in states {
        for (target, at) in transitions(state, &child(&states_ptr, name)) {
            if states.contains_key(target) {
                g.add_edge(name.as_str(), target, ());
            } else {
                let msg = format!("no state named \"{target}\" in this scope");
                sink.push(codes::MISSING_TRANSITION_TARGET, &at, msg);
            }
        }
    }
    // StartAt is checked before the terminal-state rule so that a wrong StartAt is reported
    // whatever else is wrong; reachability needs a valid StartAt, so it stops there otherwise
    // (every state would be "unreachable", which says nothing the StartAt problem does not).
    let start = scope.get("StartAt").and_then(Value::as_str);
    if let Some(start) = start.filter(|s| !states.contains_key(*s)) {
        let msg = format!("StartAt names \"{start}\", which is not a state of this scope");
        sink.push(codes::MISSING_TRANSITION_TARGET, &child(ptr, "StartAt"), msg);
    }
    if !states.is_empty() && !states.values().any(is_terminal) {
        // As AWS does: with no terminal state at all, reachability would only add noise.
        let msg = "the workflow has no terminal state (Succeed, Fail or \"End\": true), so it can never finish";
        return sink.push(codes::NO_TERMINAL_STATE, &states_ptr, msg);
    }
    let Some(start) = start.filter(|s| states.contains_key(*s)) else { return };
    let mut dfs = Dfs::new(&g, start);
    let mut reached = std::collections::HashSet::new();
    while let Some(n) = dfs.next(&g) {
        reached.insert(n);
    }
    for name in states.keys() {
        if !reached.contains(name.as_str()) {
            let msg = format!("no transition from StartAt leads to \"{name}\"");
            sink.push(codes::UNREACHABLE_STATE, &child(&states_ptr, name), msg);
        }
    }
    let reached_states = || reached.iter().filter_map(|n| states.get(*n));
    if !reached_states().any(is_terminal) && !reached_states().any(|s| is_broken(s, states)) {
        let msg = "no Succeed, Fail or End state is reachable from StartAt, so it can never finish";
        sink.push(codes::NO_TERMINAL_STATE, &states_ptr, msg);
    }
}
