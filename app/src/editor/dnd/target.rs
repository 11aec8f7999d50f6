//! What a palette item dropped at a point of the drawing lands on, found from the laid-out
//! [`GraphView`] alone (no DOM): the innermost state box under the point, else the nearest arrow
//! within a few pixels (its path flattened), else a Parallel/Map frame, else the canvas. An
//! arrow names the transition it draws (`EdgePath::from`, `to`, `kind`); a layout without those
//! tags still works, its ends read off the boxes they touch. Pure, so it is tested against real
//! layouts.

use crate::editor::ops::{self, Place, Preview, Via};
use crate::model::{GraphView, NodeBox, NodeKind};
use serde_json::Value;

/// What a drop lands on.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// Empty canvas: the state is added unconnected.
    Canvas,
    /// A state's box: the new state goes after it.
    State(String),
    /// The empty part of a Parallel branch or a Map processor (`index`: which of `owner`'s frames).
    Frame { owner: String, index: usize, label: String },
    /// An arrow (`None`: a Start or End marker), the field it draws, and the point on it nearest
    /// the drop.
    Edge { from: Option<String>, to: Option<String>, via: Option<Via>, at: (f64, f64) },
}

/// The target at graph point `p`; `tolerance` (graph units) is how near an arrow must be.
pub fn target_at(g: &GraphView, p: (f64, f64), tolerance: f64) -> Target {
    let inside = |n: &&NodeBox| p.0 >= n.x && p.0 <= n.x + n.w && p.1 >= n.y && p.1 <= n.y + n.h;
    let hit = g.nodes.iter().filter(|n| n.kind == NodeKind::State).filter(inside).min_by(|a, b| area(a).total_cmp(&area(b)));
    if let Some(n) = hit.filter(|n| !n.nested) {
        return Target::State(n.name.clone());
    }
    if let Some(edge) = edge_at(g, p, tolerance) {
        return edge;
    }
    let Some(container) = hit else { return Target::Canvas };
    let frames = g.groups.iter().filter(|f| f.owner == container.name);
    for (index, f) in frames.enumerate() {
        if p.0 >= f.x && p.0 <= f.x + f.w && p.1 >= f.y && p.1 <= f.y + f.h {
            return Target::Frame { owner: f.owner.clone(), index, label: f.label.clone() };
        }
    }
    Target::State(container.name.clone())
}

impl Target {
    /// Where the new state goes in `def`.
    pub fn place(&self, def: &Value) -> Place {
        match self {
            Target::Canvas => Place::Alone(String::new()),
            Target::State(s) => Place::After(s.clone()),
            Target::Edge { from, to, via, .. } => Place::Between { from: from.clone(), to: to.clone(), via: *via },
            Target::Frame { owner, index, .. } => {
                let base = ops::state_pointer(def, owner).unwrap_or_default();
                let state = ops::state(def, owner);
                let key = ["ItemProcessor", "Iterator"].into_iter().find(|k| state.and_then(|s| s.get(*k)).is_some());
                Place::Alone(match key {
                    Some(k) => format!("{base}/{k}"),
                    None => format!("{base}/Branches/{index}"),
                })
            }
        }
    }

    /// What dropping a state of type `new_type` here would do, for people (shown while
    /// dragging): worded from the plan the insertion itself follows ([`Place::describe`]).
    pub fn hint(&self, def: &Value, new_type: &str) -> Preview {
        match self {
            Target::Frame { owner, label, .. } => Preview { text: format!("Add to {label} of “{owner}”"), warning: None },
            _ => self.place(def).describe(def, new_type).unwrap_or_else(|e| Preview { text: format!("Cannot insert here: {e}"), warning: None }),
        }
    }
}

fn area(n: &NodeBox) -> f64 {
    n.w * n.h
}

/// The arrow nearest `p` within `tolerance`, with the states at its ends.
fn edge_at(g: &GraphView, p: (f64, f64), tolerance: f64) -> Option<Target> {
    let mut best: Option<(f64, (f64, f64), &crate::model::EdgePath)> = None;
    for e in &g.edges {
        let pts = polyline(&e.d);
        for w in pts.windows(2) {
            let (d, at) = nearest_on_segment(p, w[0], w[1]);
            if d <= tolerance && best.is_none_or(|b| d < b.0) {
                best = Some((d, at, e));
            }
        }
    }
    let (_, at, e) = best?;
    if !e.kind.is_empty() {
        let from = (e.kind != "start").then(|| e.from.clone());
        let to = (e.kind != "end").then(|| e.to.clone());
        return Some(Target::Edge { from, to, via: Via::parse(&e.kind), at });
    }
    let pts = polyline(&e.d);
    let (mut first, mut last) = (*pts.first()?, *pts.last()?);
    // layout-rs draws a loop's arrow reversed, its head at the path's start.
    if e.head_start && !e.head_end {
        std::mem::swap(&mut first, &mut last);
    }
    let (from, to) = (box_at(g, first)?, box_at(g, last)?);
    if from.kind == NodeKind::End || to.kind == NodeKind::Start {
        return None;
    }
    let name = |n: &NodeBox, marker: NodeKind| (n.kind != marker).then(|| n.name.clone());
    Some(Target::Edge { from: name(from, NodeKind::Start), to: name(to, NodeKind::End), via: None, at })
}

/// The box whose outline is nearest `p` (an arrow starts and ends on one); the smaller box wins
/// a tie, so an arrow inside a Parallel belongs to the state it touches, not to the Parallel.
fn box_at(g: &GraphView, p: (f64, f64)) -> Option<&NodeBox> {
    let outline = |n: &NodeBox| {
        let (dx, dy) = ((n.x - p.0).max(p.0 - n.x - n.w), (n.y - p.1).max(p.1 - n.y - n.h));
        if dx <= 0.0 && dy <= 0.0 {
            -dx.max(dy)
        } else {
            dx.max(0.0).hypot(dy.max(0.0))
        }
    };
    let key = |n: &NodeBox| ((outline(n) * 2.0).round(), area(n));
    g.nodes.iter().filter(|n| outline(n) < 24.0).min_by(|a, b| key(a).partial_cmp(&key(b)).unwrap_or(std::cmp::Ordering::Equal))
}

/// Distance from `p` to segment `a`–`b`, and the nearest point on it.
fn nearest_on_segment(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> (f64, (f64, f64)) {
    let (vx, vy) = (b.0 - a.0, b.1 - a.1);
    let len2 = vx * vx + vy * vy;
    let t = if len2 == 0.0 { 0.0 } else { (((p.0 - a.0) * vx + (p.1 - a.1) * vy) / len2).clamp(0.0, 1.0) };
    let q = (a.0 + t * vx, a.1 + t * vy);
    ((p.0 - q.0).hypot(p.1 - q.1), q)
}

/// The path data the layout writes (`M`, `L`, `C`, `S`, absolute) as a polyline, each Bézier
/// segment cut into short straight pieces.
pub fn polyline(d: &str) -> Vec<(f64, f64)> {
    let mut groups: Vec<(char, Vec<f64>)> = Vec::new();
    for token in d.split(|c: char| c == ',' || c.is_whitespace()).filter(|t| !t.is_empty()) {
        match crate::model::decimal::parse(token) {
            Some(n) => {
                if let Some(g) = groups.last_mut() {
                    g.1.push(n);
                }
            }
            None => groups.push((token.chars().next().unwrap_or(' '), Vec::new())),
        }
    }
    let mut out = Vec::new();
    let mut cur = (0.0, 0.0);
    let mut last_control: Option<(f64, f64)> = None;
    for (cmd, nums) in groups {
        let pairs: Vec<(f64, f64)> = nums.chunks_exact(2).map(|c| (c[0], c[1])).collect();
        match cmd {
            'M' | 'L' => {
                out.extend(&pairs);
                cur = pairs.last().copied().unwrap_or(cur);
                last_control = None;
            }
            'C' | 'S' => {
                let step = if cmd == 'C' { 3 } else { 2 };
                for c in pairs.chunks_exact(step) {
                    let c1 = if cmd == 'C' { c[0] } else { last_control.map_or(cur, |l| (2.0 * cur.0 - l.0, 2.0 * cur.1 - l.1)) };
                    let (c2, end) = (c[step - 2], c[step - 1]);
                    out.extend((1..=8).map(|i| bezier(cur, c1, c2, end, i as f64 / 8.0)));
                    cur = end;
                    last_control = Some(c2);
                }
            }
            _ => {}
        }
    }
    out
}

fn bezier(p0: (f64, f64), p1: (f64, f64), p2: (f64, f64), p3: (f64, f64), t: f64) -> (f64, f64) {
    let u = 1.0 - t;
    let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    (a * p0.0 + b * p1.0 + c * p2.0 + d * p3.0, a * p0.1 + b * p1.1 + c * p2.1 + d * p3.1)
}

#[cfg(all(test, feature = "ssr"))]
mod tests;
