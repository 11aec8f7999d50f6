//! The execution view follows the run: when a state starts running outside the part of the
//! drawing on screen, the view moves to it (as the console's execution graph does), so a tall
//! workflow does not run on out of sight. A pan, a zoom or a find by the user turns following
//! off (the view is theirs then); the Follow button turns it back on, and so does Fit.

use super::{Canvas, StatusMap};
use crate::editor::viewport::ViewBox;
use crate::model::GraphView;
use leptos::prelude::*;
use std::collections::HashSet;

/// Moves `view` to each state that starts running while `on`.
pub fn follow(statuses: StatusMap, graph: Signal<GraphView>, view: RwSignal<ViewBox>, canvas: Canvas, on: RwSignal<bool>) {
    Effect::new(move |seen: Option<HashSet<String>>| {
        let running: HashSet<String> = statuses.with(|m| m.iter().filter(|(_, s)| *s == "running").map(|(n, _)| n.clone()).collect());
        if !on.get() {
            // While off nothing counts as seen, so turning it on brings what runs then into view.
            return HashSet::new();
        }
        let seen = seen.unwrap_or_default();
        let started: Vec<&String> = running.difference(&seen).collect();
        if !started.is_empty() && !bring_into_view(&started, graph, view, canvas) {
            // No canvas size yet (the page is being laid out): look again at the next change.
            return seen;
        }
        running
    });
}

/// Moves the view to the first of `names` (top to bottom) unless one of them is in view;
/// false when the canvas has no size yet. A Parallel or Map starts with the states inside it,
/// which are what to show (its box may well be larger than the view).
fn bring_into_view(names: &[&String], graph: Signal<GraphView>, view: RwSignal<ViewBox>, canvas: Canvas) -> bool {
    let Some((cw, ch)) = canvas.pixels().filter(|(w, h)| *w >= 50.0 && *h >= 50.0) else { return false };
    let (mut boxes, frames): (Vec<_>, Vec<_>) = graph.with_untracked(|g| {
        names.iter().filter_map(|n| g.node(n)).map(|n| (n.nested, (n.x, n.y, n.w, n.h))).partition(|(nested, _)| !nested)
    });
    if boxes.is_empty() {
        boxes = frames;
    }
    let mut boxes: Vec<(f64, f64, f64, f64)> = boxes.into_iter().map(|(_, b)| b).collect();
    boxes.sort_by(|a, b| (a.1, a.0).partial_cmp(&(b.1, b.0)).unwrap_or(std::cmp::Ordering::Equal));
    let v = view.get_untracked();
    let moves: Vec<Option<ViewBox>> = boxes.iter().map(|b| v.follow(*b, cw, ch)).collect();
    if moves.iter().all(Option::is_some) {
        if let Some(Some(next)) = moves.into_iter().next() {
            view.set(next);
        }
    }
    true
}
