//! Side rails for long arrows, which keep layout-rs fast on big workflows.
//!
//! A layered layout turns an arrow that spans k layers into k−1 dummy nodes. A 500-state
//! workflow whose tasks all Catch into one handler spans hundreds of layers per arrow: tens of
//! thousands of dummies, and layout-rs's crossing optimizer and placer (quadratic in the width of
//! a layer) then take minutes. So before layout each arrow is classified by the layers it would
//! span (longest-path layering, back edges found by depth-first search): short arrows and the
//! one arrow that anchors each state below its latest predecessor go to layout-rs; the others
//! are drawn afterwards as orthogonal rails beside the drawing (forward on the right, loops on
//! the left), each rail in its own lane. A Choice's arrow that loops back up is a rail too, at
//! any length, so that it can leave from its rule's handle under the box (`ports`).

use super::drawing::{Arrow, Drawing, Tag};
use crate::model::{EdgeLabel, NodeBox};

/// Arrows spanning more layers than this become rails.
pub const MAX_SPAN: usize = 3;
/// Distance between the drawing and the first lane, and between lanes.
const LANE_GAP: f64 = 14.0;
/// How far a rail from a handle runs down before it turns towards its lane.
const STUB: f64 = 14.0;

/// For each edge `(from, to)` over `n` nodes: whether it is drawn as a rail; `loops[i]`: edge
/// `i` is a rail whenever it closes a cycle.
pub fn railed(n: usize, edges: &[(usize, usize)], loops: &[bool]) -> Vec<bool> {
    let back = back_edges(n, edges);
    let rank = ranks(n, edges, &back);
    // The anchor of each node: its forward in-edge from the highest-ranked predecessor.
    let mut anchor: Vec<Option<usize>> = vec![None; n];
    for (i, &(from, to)) in edges.iter().enumerate() {
        if back[i] || from == to {
            continue;
        }
        let better = anchor[to].is_none_or(|a| rank[edges[a].0] < rank[from]);
        if better {
            anchor[to] = Some(i);
        }
    }
    edges
        .iter()
        .enumerate()
        .map(|(i, &(from, to))| {
            let span = rank[from].abs_diff(rank[to]);
            (back[i] && loops.get(i) == Some(&true)) || (anchor[to] != Some(i) && span > MAX_SPAN)
        })
        .collect()
}

/// Edges that close a cycle, found by an iterative depth-first search from node 0, then from
/// every node not reached yet (in index order, so the result is deterministic).
fn back_edges(n: usize, edges: &[(usize, usize)]) -> Vec<bool> {
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, &(from, _)) in edges.iter().enumerate() {
        out_edges[from].push(i);
    }
    // 0 = unvisited, 1 = on the stack, 2 = done.
    let mut state = vec![0u8; n];
    let mut back = vec![false; edges.len()];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some((node, next)) = stack.last_mut() {
            let node = *node;
            if let Some(&e) = out_edges[node].get(*next) {
                *next += 1;
                let to = edges[e].1;
                match state[to] {
                    0 => {
                        state[to] = 1;
                        stack.push((to, 0));
                    }
                    1 => back[e] = true,
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    back
}

/// Longest-path layer of each node over the forward edges (Kahn's order).
fn ranks(n: usize, edges: &[(usize, usize)], back: &[bool]) -> Vec<usize> {
    let mut indegree = vec![0usize; n];
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, &(from, to)) in edges.iter().enumerate() {
        if !back[i] && from != to {
            indegree[to] += 1;
            out_edges[from].push(to);
        }
    }
    let mut rank = vec![0usize; n];
    let mut ready: Vec<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    while let Some(v) = ready.pop() {
        for &w in &out_edges[v] {
            rank[w] = rank[w].max(rank[v] + 1);
            indegree[w] -= 1;
            if indegree[w] == 0 {
                ready.push(w);
            }
        }
    }
    rank
}

/// One rail to draw.
pub struct Rail<'a> {
    /// Source box.
    pub from: &'a NodeBox,
    /// Target box.
    pub to: &'a NodeBox,
    /// Label, may be empty.
    pub label: &'a str,
    /// Dashed (Catch).
    pub dashed: bool,
    /// The transition drawn.
    pub tag: Tag,
    /// Where it leaves its source when that is a handle (a Choice rule's, Default's): it runs
    /// down from there before turning towards its lane.
    pub port: Option<(f64, f64)>,
}

/// Draws `rails` beside `drawing` and widens it to hold them; returns how far everything moved
/// right to make room for left lanes (loops).
pub fn route(drawing: &mut Drawing, rails: &[Rail]) -> f64 {
    let right_edge = drawing.width - super::canvas::MARGIN;
    let mut right_lanes: Vec<f64> = Vec::new();
    let mut left_lanes: Vec<f64> = Vec::new();
    let mut shift_right = 0.0f64;
    let mut left_count = 0usize;
    for rail in rails {
        let (fy, ty) = (rail.from.y + rail.from.h / 2.0, rail.to.y + rail.to.h / 2.0);
        let forward = ty >= fy;
        // The turn under a handle, or the middle of the source's side.
        let (turn, first) = match rail.port {
            Some((x, y)) => ((x, y + STUB), vec![(x, y), (x, y + STUB)]),
            None if forward => ((rail.from.x + rail.from.w, fy), vec![(rail.from.x + rail.from.w, fy)]),
            None => ((rail.from.x, fy), vec![(rail.from.x, fy)]),
        };
        let (top, bottom) = (turn.1.min(ty), turn.1.max(ty));
        let lanes = if forward { &mut right_lanes } else { &mut left_lanes };
        let lane = take_lane(lanes, top, bottom);
        let offset = LANE_GAP * (lane as f64 + 1.0);
        let (x, end) = if forward {
            shift_right = shift_right.max(offset);
            (right_edge + offset, (rail.to.x + rail.to.w, ty))
        } else {
            left_count = left_count.max(lane + 1);
            (-offset, (rail.to.x, ty))
        };
        let mut points = first;
        points.extend([(x, turn.1), (x, ty), end]);
        if !rail.label.is_empty() {
            // On the first run across: above it beside the source, on it under a handle.
            let y = if rail.port.is_some() { turn.1 } else { turn.1 - 10.0 };
            drawing.labels.push(EdgeLabel { x: (turn.0 + x) / 2.0, y, text: rail.label.to_string() });
        }
        drawing.arrows.push(Arrow { points, curve: false, dashed: rail.dashed, head_start: false, head_end: true, tag: rail.tag.clone() });
    }
    drawing.width += shift_right;
    if left_count > 0 {
        let dx = LANE_GAP * (left_count as f64 + 1.0);
        let moved = std::mem::take(drawing);
        let (w, h) = (moved.width + dx, moved.height);
        drawing.absorb(moved, dx, 0.0);
        drawing.width = w;
        drawing.height = h;
        return dx;
    }
    0.0
}

/// The first lane free over [top, bottom], reserving it.
fn take_lane(lanes: &mut Vec<f64>, top: f64, bottom: f64) -> usize {
    match lanes.iter().position(|&end| end + 4.0 < top) {
        Some(i) => {
            lanes[i] = bottom;
            i
        }
        None => {
            lanes.push(bottom);
            lanes.len() - 1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_anchor_edges_stay_long_ones_become_rails() {
        // 0→1→2→3→4→5→6, plus 0→6 (long, not the anchor of 6) and 6→1 (a long loop).
        let mut edges: Vec<(usize, usize)> = (0..6).map(|i| (i, i + 1)).collect();
        edges.push((0, 6));
        edges.push((6, 1));
        let r = railed(7, &edges, &[]);
        assert!(r[..6].iter().all(|x| !x), "{r:?}");
        assert!(r[6] && r[7], "{r:?}");
        // A short loop stays with layout-rs unless it must leave from a handle.
        let short = [(0, 1), (1, 2), (2, 1)];
        assert_eq!(railed(3, &short, &[]), [false, false, false]);
        assert_eq!(railed(3, &short, &[false, true, true]), [false, false, true]);
    }

    #[test]
    fn a_handler_reached_only_by_catches_is_anchored_by_one() {
        // A chain 0..=9; every node also catches into 10.
        let mut edges: Vec<(usize, usize)> = (0..9).map(|i| (i, i + 1)).collect();
        edges.extend((0..10).map(|i| (i, 10)));
        let r = railed(11, &edges, &[]);
        let kept_into_handler = edges.iter().zip(&r).filter(|((_, to), rail)| *to == 10 && !**rail).count();
        assert!(kept_into_handler >= 1);
        assert!(r.iter().filter(|x| **x).count() >= 6);
    }

    #[test]
    fn lanes_are_reused_when_rails_do_not_overlap() {
        let mut lanes = Vec::new();
        assert_eq!(take_lane(&mut lanes, 0.0, 100.0), 0);
        assert_eq!(take_lane(&mut lanes, 50.0, 150.0), 1);
        assert_eq!(take_lane(&mut lanes, 120.0, 200.0), 0);
    }
}
