//! The execution view follows the run: when a state starts running outside the part of the
//! drawing on screen, the view moves to it (as the console's execution graph does), so a tall
//! workflow does not run on out of sight. A pan, a zoom or a find by the user turns following
//! off (the view is theirs then); the Follow button turns it back on, and so does Fit.
//!
//! "On screen" is the part of the canvas inside the window, not the whole canvas: the canvas
//! may reach below the fold (or be scrolled partly above it), and a state brought into that
//! hidden part would be followed out of sight. So the view is panned until the state is inside
//! the canvas rectangle cut down to the window's viewport, and centred in that part when it
//! moves. The page itself is never scrolled: the user may be reading or scrolling it, and a
//! page that jumps under the hand loses their place; moving the drawing inside its own frame
//! does not. When too little of the canvas is in the window to show a state (it is scrolled
//! away), the whole canvas is the target, as before. The visible part is measured when a
//! state starts, so scrolling the page between two states is taken into account at the next.
//!
//! The selection is followed too: a state selected while following (the failed step the
//! page selects when it opens, a step picked in the timeline) is brought into view at the
//! same zoom ([`reveal_selected`], which the opening view and the editor's new layouts use
//! as well, `opening.rs`). Running states come after it, so a live run stays followed.

use super::{Canvas, Scene, StatusMap};
use crate::editor::viewport::{Rect, ViewBox};
use crate::model::GraphView;
use leptos::prelude::*;
use std::collections::HashSet;

/// Fewest pixels each way a canvas (or the part of it in the window) must have to show a state.
const MIN_PIXELS: f64 = 50.0;

/// Room around a selected state brought into view, for its halo (graph units).
const HALO: f64 = 8.0;

/// What the view has followed: the states running, and the selection.
#[derive(Default)]
struct Seen {
    running: HashSet<String>,
    selected: Option<String>,
}

/// Moves the view to each state that starts running, and to each newly selected state,
/// while `on`.
pub fn follow(statuses: StatusMap, scene: Scene, on: RwSignal<bool>) {
    let Scene { graph, canvas, selected } = scene;
    Effect::new(move |seen: Option<Seen>| {
        let running: HashSet<String> = statuses.with(|m| m.iter().filter(|(_, s)| *s == "running").map(|(n, _)| n.clone()).collect());
        let picked = selected.get();
        let seen = seen.unwrap_or_default();
        if !on.get() {
            // While off no running state counts as seen, so turning it on brings what runs
            // then into view; the selection does count, so Fit or Follow does not jump to it.
            return Seen { running: HashSet::new(), selected: picked };
        }
        if picked.is_some() && picked != seen.selected {
            if let Some(v) = reveal_selected(&canvas.view.get_untracked(), scene) {
                canvas.view.set(v);
            }
        }
        let started: Vec<&String> = running.difference(&seen.running).collect();
        if !started.is_empty() && !bring_into_view(&started, graph, canvas.view, canvas) {
            // No canvas size yet (the page is being laid out): look again at the next change.
            return Seen { running: seen.running, selected: picked };
        }
        Seen { running, selected: picked }
    });
}

/// The view that brings the selected state, with its halo, from `v` into the part of the
/// canvas in the window, at the same zoom ([`ViewBox::reveal`]): `None` when it is in view
/// already, nothing is selected, or the canvas has no size.
pub(super) fn reveal_selected(v: &ViewBox, scene: Scene) -> Option<ViewBox> {
    let b = selected_box(scene)?;
    let (size, part) = visible_part(scene.canvas)?;
    v.reveal(b, size, part)
}

/// The selected state's box with room for its halo, if one is selected and drawn.
pub(super) fn selected_box(scene: Scene) -> Option<Rect> {
    let name = scene.selected.get_untracked()?;
    scene.graph.with_untracked(|g| g.node(&name).map(|n| (n.x - HALO, n.y - HALO, n.w + 2.0 * HALO, n.h + 2.0 * HALO)))
}

/// Moves the view to the first of `names` (top to bottom) unless one of them is in view;
/// false when the canvas has no size yet. A Parallel or Map starts with the states inside it,
/// which are what to show (its box may well be larger than the view).
fn bring_into_view(names: &[&String], graph: Signal<GraphView>, view: RwSignal<ViewBox>, canvas: Canvas) -> bool {
    let Some((size, part)) = visible_part(canvas) else { return false };
    let (mut boxes, frames): (Vec<_>, Vec<_>) = graph.with_untracked(|g| {
        names.iter().filter_map(|n| g.node(n)).map(|n| (n.nested, (n.x, n.y, n.w, n.h))).partition(|(nested, _)| !nested)
    });
    if boxes.is_empty() {
        boxes = frames;
    }
    let mut boxes: Vec<Rect> = boxes.into_iter().map(|(_, b)| b).collect();
    boxes.sort_by(|a, b| (a.1, a.0).partial_cmp(&(b.1, b.0)).unwrap_or(std::cmp::Ordering::Equal));
    let v = view.get_untracked();
    let moves: Vec<Option<ViewBox>> = boxes.iter().map(|b| follow_in(&v, *b, size, part)).collect();
    if moves.iter().all(Option::is_some) {
        if let Some(Some(next)) = moves.into_iter().next() {
            view.set(next);
        }
    }
    true
}

/// The canvas's size and the part of it inside the window, in canvas pixels; the whole canvas
/// when less than [`MIN_PIXELS`] of it is in the window. `None` while it has no size.
pub(super) fn visible_part(canvas: Canvas) -> Option<((f64, f64), Rect)> {
    let (rect, port) = measure(canvas)?;
    let size = (rect.2, rect.3);
    (size.0 >= MIN_PIXELS && size.1 >= MIN_PIXELS).then(|| (size, in_window(rect, port)))
}

/// The canvas's rectangle and the window's viewport, in client pixels (`None` on the server).
fn measure(canvas: Canvas) -> Option<(Rect, Rect)> {
    #[cfg(feature = "hydrate")]
    {
        let r = canvas.svg.get_untracked()?.get_bounding_client_rect();
        let window = window();
        let extent = |v: Result<wasm_bindgen::JsValue, _>| v.ok().and_then(|v| v.as_f64()).unwrap_or(f64::INFINITY);
        let port = (0.0, 0.0, extent(window.inner_width()), extent(window.inner_height()));
        Some(((r.left(), r.top(), r.width(), r.height()), port))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = canvas;
        None
    }
}

/// The part of `canvas` (client pixels) inside `port` (the window's viewport, client pixels),
/// relative to the canvas; the whole canvas when that part is under [`MIN_PIXELS`] either way.
fn in_window((cx, cy, cw, ch): Rect, (px, py, pw, ph): Rect) -> Rect {
    let (left, top) = (cx.max(px), cy.max(py));
    let (right, bottom) = ((cx + cw).min(px + pw), (cy + ch).min(py + ph));
    if right - left < MIN_PIXELS || bottom - top < MIN_PIXELS {
        return (0.0, 0.0, cw, ch);
    }
    (left - cx, top - cy, right - left, bottom - top)
}

/// The view that brings box `b` (graph units) into `part` (pixels) of a canvas of `size`
/// pixels: `None` when it is wholly there already; else with `b` centred in `part`, zoomed in
/// as [`ViewBox::follow`] would for the whole canvas (or at the same scale, when `b` is on the
/// canvas but outside `part`).
fn follow_in(v: &ViewBox, b: Rect, (cw, ch): (f64, f64), (px, py, pw, ph): Rect) -> Option<ViewBox> {
    let (x, y, w, h) = b;
    let s = v.scale(cw, ch);
    let (left, top, _, _) = v.shown(cw, ch);
    let (l, t, r, bottom) = (left + px * s, top + py * s, left + (px + pw) * s, top + (py + ph) * s);
    if x >= l && y >= t && x + w <= r && y + h <= bottom {
        return None;
    }
    let centre = (x + w / 2.0, y + h / 2.0);
    let c = v.follow(b, cw, ch).unwrap_or_else(|| v.centred_on(centre, cw, ch, f64::INFINITY));
    // `c` has the canvas's shape (one scale both ways) with `b` at the canvas's centre; shift it
    // so that `b` is at the centre of `part` instead.
    let s = c.scale(cw, ch);
    let (dx, dy) = ((px + pw / 2.0 - cw / 2.0) * s, (py + ph / 2.0 - ch / 2.0) * s);
    Some(ViewBox { x: c.x - dx, y: c.y - dy, ..c })
}

#[cfg(test)]
mod tests {
    use super::{follow_in, in_window};
    use crate::editor::viewport::ViewBox;

    /// A 800 × 600 canvas whose top is 400 px down a 1000 × 700 window: 300 px of it show.
    const CANVAS: (f64, f64) = (800.0, 600.0);
    const PORT: (f64, f64, f64, f64) = (0.0, 0.0, 1000.0, 700.0);

    #[test]
    fn the_part_of_the_canvas_in_the_window_is_the_target() {
        assert_eq!(in_window((100.0, 400.0, 800.0, 600.0), PORT), (0.0, 0.0, 800.0, 300.0), "below the fold");
        assert_eq!(in_window((100.0, -200.0, 800.0, 600.0), PORT), (0.0, 200.0, 800.0, 400.0), "scrolled above");
        assert_eq!(in_window((100.0, 50.0, 800.0, 600.0), PORT), (0.0, 0.0, 800.0, 600.0), "all of it shows");
        // None of it (or a sliver) in the window: the whole canvas, as before.
        assert_eq!(in_window((100.0, 900.0, 800.0, 600.0), PORT), (0.0, 0.0, 800.0, 600.0));
        assert_eq!(in_window((100.0, 680.0, 800.0, 600.0), PORT), (0.0, 0.0, 800.0, 600.0));
    }

    /// A state drawn in the canvas but below the fold is followed: it ends up centred in the
    /// part in the window, at the same scale; one already in that part does not move the view.
    #[test]
    fn a_state_below_the_fold_is_brought_into_the_part_in_the_window() {
        let v = ViewBox { x: 0.0, y: 0.0, w: 800.0, h: 600.0 };
        let part = in_window((100.0, 400.0, 800.0, 600.0), PORT);
        let low = (100.0, 450.0, 100.0, 40.0);
        let whole = (0.0, 0.0, CANVAS.0, CANVAS.1);
        assert_eq!(follow_in(&v, low, CANVAS, whole), None, "inside the canvas, so the canvas alone would not move");
        let next = follow_in(&v, low, CANVAS, part).expect("moves");
        assert_eq!((next.w, next.h), (v.w, v.h), "a pan, not a zoom");
        let (left, top, _, _) = next.shown(CANVAS.0, CANVAS.1);
        let centre = (left + 400.0, top + 150.0);
        assert!((centre.0 - 150.0).abs() < 1e-9 && (centre.1 - 470.0).abs() < 1e-9, "{next:?}");
        assert_eq!(follow_in(&v, (100.0, 100.0, 100.0, 40.0), CANVAS, part), None);
    }

    /// A state off the canvas altogether is zoomed to as for the whole canvas, then centred in
    /// the part in the window.
    #[test]
    fn a_state_off_the_canvas_is_centred_in_the_part_in_the_window() {
        let v = ViewBox { x: 0.0, y: 0.0, w: 1600.0, h: 1200.0 };
        let b = (1000.0, 3000.0, 100.0, 40.0);
        let part = (0.0, 0.0, 800.0, 300.0);
        let whole = v.follow(b, CANVAS.0, CANVAS.1).expect("off the canvas");
        let next = follow_in(&v, b, CANVAS, part).expect("moves");
        assert_eq!((next.w, next.h), (whole.w, whole.h));
        let s = next.scale(CANVAS.0, CANVAS.1);
        let (left, top, _, _) = next.shown(CANVAS.0, CANVAS.1);
        assert!((left + 400.0 * s - 1050.0).abs() < 1e-9 && (top + 150.0 * s - 3020.0).abs() < 1e-9, "{next:?}");
        assert_eq!(follow_in(&next, b, CANVAS, part), None, "and then it is in view");
    }
}
