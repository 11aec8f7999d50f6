//! Server-side graph layout of a state machine with `layout-rs` (Sugiyama-style layering plus
//! spline edge routing, pure Rust with no dependencies, so it also compiles to wasm when the
//! editor needs in-browser layout). It runs on the server today: the browser receives plain
//! coordinates ([`GraphView`]) and the wasm stays small.
//!
//! Nodes: a `Start` marker, one box per top-level state, an `End` marker after every terminal
//! state. Edges: `State::successors()` (Next, Choice rules, Default, Catch).

mod canvas;

use crate::model::{GraphView, NodeKind};
use engine::{State, StateMachine};
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::geometry::Point;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

/// Height of a state box.
const STATE_H: f64 = 52.0;
/// Minimum width of a state box.
const STATE_MIN_W: f64 = 180.0;
/// Size of the Start/End markers.
const MARKER: (f64, f64) = (72.0, 30.0);

/// Lays out the top-level states of `machine`.
pub fn layout(machine: &StateMachine) -> GraphView {
    let mut graph = VisualGraph::new(Orientation::TopToBottom);
    let mut kinds = Vec::new();
    let mut add = |graph: &mut VisualGraph, name: &str, type_name: &str, kind: NodeKind| {
        let size = match kind {
            NodeKind::State => Point::new(state_width(name, type_name), STATE_H),
            _ => Point::new(MARKER.0, MARKER.1),
        };
        let elem = Element::create_with_properties(
            ShapeKind::new_box(name),
            StyleAttr::simple(),
            Orientation::TopToBottom,
            size,
            kinds.len().to_string(),
        );
        kinds.push((name.to_string(), type_name.to_string(), kind));
        graph.add_node(elem)
    };
    let start = add(&mut graph, "Start", "", NodeKind::Start);
    let handles: Vec<_> = machine
        .states
        .iter()
        .map(|(name, state)| add(&mut graph, name, state.type_name(), NodeKind::State))
        .collect();
    let end = add(&mut graph, "End", "", NodeKind::End);
    let index_of = |name: &str| machine.states.get_index_of(name).map(|i| handles[i]);

    if let Some(first) = index_of(&machine.start_at) {
        graph.add_edge(arrow("", false), start, first);
    }
    let mut any_terminal = false;
    for (i, (_, state)) in machine.states.iter().enumerate() {
        for (target, label, dashed) in transitions(state) {
            if let Some(to) = index_of(target) {
                graph.add_edge(arrow(label, dashed), handles[i], to);
            }
        }
        if is_terminal(state) {
            any_terminal = true;
            graph.add_edge(arrow("", false), handles[i], end);
        }
    }
    if !any_terminal && machine.states.is_empty() {
        graph.add_edge(arrow("", false), start, end);
    }
    let mut canvas = canvas::Canvas::new(kinds);
    graph.do_it(false, false, false, &mut canvas);
    canvas.finish()
}

/// Each successor with its arrow label and whether it is drawn dashed (Catch).
fn transitions(state: &State) -> Vec<(&str, &'static str, bool)> {
    let (default, catches) = match state {
        State::Choice(c) => (c.default.as_deref(), Vec::new()),
        State::Task(s) => (None, s.catch.iter().map(|c| c.next.as_str()).collect()),
        State::Parallel(s) => (None, s.catch.iter().map(|c| c.next.as_str()).collect()),
        State::Map(s) => (None, s.catch.iter().map(|c| c.next.as_str()).collect()),
        _ => (None, Vec::new()),
    };
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for target in state.successors() {
        if seen.contains(&target) {
            continue;
        }
        seen.push(target);
        let is_next = state.next() == Some(target);
        let (label, dashed) = if !is_next && catches.contains(&target) {
            ("Catch", true)
        } else if default == Some(target) {
            ("Default", false)
        } else {
            ("", false)
        };
        out.push((target, label, dashed));
    }
    out
}

/// Succeed, Fail, and any state with `End: true` (no Next and not a Choice).
fn is_terminal(state: &State) -> bool {
    match state {
        State::Succeed(_) | State::Fail(_) => true,
        State::Choice(_) => false,
        other => other.next().is_none(),
    }
}

fn state_width(name: &str, type_name: &str) -> f64 {
    let chars = name.chars().count().max(type_name.len()) as f64;
    (chars * 8.0 + 48.0).max(STATE_MIN_W)
}

fn arrow(label: &str, dashed: bool) -> Arrow {
    let look = StyleAttr::new(Color::fast("black"), 1, None, 0, 11);
    let style = if dashed {
        LineStyleKind::Dashed
    } else {
        LineStyleKind::Normal
    };
    Arrow::new(LineEndKind::None, LineEndKind::Arrow, style, label, &look, &None, &None)
}

#[cfg(test)]
mod tests;
