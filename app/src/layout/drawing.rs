//! A drawing in progress: boxes, arrows as points, labels and group frames, which can be moved
//! as a whole (a laid-out branch is moved into its Parallel box) before it becomes the
//! [`GraphView`] the browser draws.

use crate::model::{EdgeLabel, EdgePath, GraphView, GroupBox, NodeBox};

/// Which transition an arrow draws (see [`EdgePath`]'s fields of the same names).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tag {
    /// Source state, or `Start`.
    pub from: String,
    /// Target state, or `End`.
    pub to: String,
    /// `next`, `rule-{i}`, `default`, `catch-{i}`, `start`, `end`.
    pub kind: String,
}

/// An arrow as points.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrow {
    /// `Curve`: layout-rs's (point, control) pairs flattened; `Poly`: corners of a polyline.
    pub points: Vec<(f64, f64)>,
    /// Bézier segments (layout-rs) or straight segments (side rails).
    pub curve: bool,
    /// Dashed (Catch).
    pub dashed: bool,
    /// Arrow head at the start (layout-rs reverses back edges).
    pub head_start: bool,
    /// Arrow head at the end.
    pub head_end: bool,
    /// The transition drawn.
    pub tag: Tag,
}

/// Everything drawn for one scope (the machine, a branch, a processor), origin top-left.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Drawing {
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// Boxes.
    pub nodes: Vec<NodeBox>,
    /// Arrows.
    pub arrows: Vec<Arrow>,
    /// Arrow labels.
    pub labels: Vec<EdgeLabel>,
    /// Frames of nested scopes.
    pub groups: Vec<GroupBox>,
}

impl Drawing {
    /// Adds `other` moved by (`dx`, `dy`).
    pub fn absorb(&mut self, other: Drawing, dx: f64, dy: f64) {
        self.nodes.extend(other.nodes.into_iter().map(|n| NodeBox { x: n.x + dx, y: n.y + dy, ..n }));
        self.labels.extend(other.labels.into_iter().map(|l| EdgeLabel { x: l.x + dx, y: l.y + dy, ..l }));
        self.groups.extend(other.groups.into_iter().map(|g| GroupBox { x: g.x + dx, y: g.y + dy, ..g }));
        self.arrows.extend(other.arrows.into_iter().map(|mut a| {
            a.points.iter_mut().for_each(|p| *p = (p.0 + dx, p.1 + dy));
            a
        }));
    }

    /// The finished view, arrows as SVG path data.
    pub fn into_view(self) -> GraphView {
        let edges = self.arrows.iter().filter_map(path).collect();
        GraphView {
            width: self.width,
            height: self.height,
            nodes: self.nodes,
            edges,
            labels: self.labels,
            groups: self.groups,
        }
    }
}

fn at(p: (f64, f64)) -> String {
    format!("{:.1} {:.1}", p.0, p.1)
}

fn path(a: &Arrow) -> Option<EdgePath> {
    let pts = &a.points;
    let d = if a.curve {
        if pts.len() < 4 {
            return None;
        }
        let mut d = format!("M {} C {}, {}, {}", at(pts[0]), at(pts[1]), at(pts[2]), at(pts[3]));
        for pair in pts[4..].chunks(2) {
            if let [p, c] = pair {
                d.push_str(&format!(" S {}, {}", at(*p), at(*c)));
            }
        }
        d
    } else {
        let (first, rest) = pts.split_first()?;
        let mut d = format!("M {}", at(*first));
        for p in rest {
            d.push_str(&format!(" L {}", at(*p)));
        }
        d
    };
    let Tag { from, to, kind } = a.tag.clone();
    Some(EdgePath { d, dashed: a.dashed, head_start: a.head_start, head_end: a.head_end, from, to, kind })
}
