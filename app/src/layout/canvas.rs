//! A `layout-rs` render backend that records geometry instead of writing SVG text, so the
//! Leptos components draw the graph themselves (with `data-state` hooks and Tailwind classes).

use super::drawing::{Arrow, Drawing, Tag};
use crate::model::{EdgeLabel, NodeBox, NodeKind};
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;

/// Margin around the drawing.
pub const MARGIN: f64 = 16.0;

/// What a box stands for; its index is the layout-rs element's properties string.
#[derive(Debug, Clone)]
pub struct Spec {
    /// State name, or `Start` / `End`.
    pub name: String,
    /// ASL type (empty for markers).
    pub type_name: String,
    /// State or marker.
    pub kind: NodeKind,
    /// Task resource.
    pub resource: Option<String>,
    /// Parallel / Map frame.
    pub nested: bool,
    /// Choice rules.
    pub rules: usize,
}

/// Collects boxes, arrows and labels; [`Canvas::finish`] moves them to the origin.
#[derive(Clone)]
pub struct Canvas {
    specs: Vec<Spec>,
    tags: Vec<Tag>,
    nodes: Vec<Option<NodeBox>>,
    arrows: Vec<Arrow>,
    labels: Vec<EdgeLabel>,
    min: Point,
    max: Point,
}

impl Canvas {
    /// `specs[i]` describes the element whose properties string is `i`, `tags[i]` the arrow
    /// whose properties string is `i`.
    pub fn new(specs: Vec<Spec>, tags: Vec<Tag>) -> Self {
        let inf = f64::INFINITY;
        let nodes = vec![None; specs.len()];
        Canvas { specs, tags, nodes, arrows: Vec::new(), labels: Vec::new(), min: Point::new(inf, inf), max: Point::new(-inf, -inf) }
    }

    fn grow(&mut self, p: Point) {
        self.min = Point::new(self.min.x.min(p.x), self.min.y.min(p.y));
        self.max = Point::new(self.max.x.max(p.x), self.max.y.max(p.y));
    }

    fn inside_node(&self, p: Point) -> bool {
        let hit = |n: &NodeBox| p.x >= n.x && p.x <= n.x + n.w && p.y >= n.y && p.y <= n.y + n.h;
        self.nodes.iter().flatten().any(hit)
    }

    /// The drawing moved to start at (MARGIN, MARGIN), and each spec's box (same order as the
    /// specs; `None` only if layout-rs did not draw it).
    pub fn finish(self) -> (Drawing, Vec<Option<NodeBox>>) {
        if self.min.x.is_infinite() {
            return (Drawing::default(), self.nodes);
        }
        let (dx, dy) = (MARGIN - self.min.x, MARGIN - self.min.y);
        let boxes: Vec<Option<NodeBox>> =
            self.nodes.into_iter().map(|n| n.map(|n| NodeBox { x: n.x + dx, y: n.y + dy, ..n })).collect();
        let raw = Drawing { arrows: self.arrows, labels: self.labels, ..Drawing::default() };
        let mut drawing = Drawing {
            width: self.max.x - self.min.x + 2.0 * MARGIN,
            height: self.max.y - self.min.y + 2.0 * MARGIN,
            nodes: boxes.iter().flatten().cloned().collect(),
            ..Drawing::default()
        };
        drawing.absorb(raw, dx, dy);
        (drawing, boxes)
    }
}

impl RenderBackend for Canvas {
    fn draw_rect(&mut self, xy: Point, size: Point, _look: &StyleAttr, properties: Option<String>, _clip: Option<ClipHandle>) {
        let Some(index) = properties.and_then(|p| p.parse::<usize>().ok()) else {
            return;
        };
        let Some(spec) = self.specs.get(index).cloned() else {
            return;
        };
        self.grow(xy);
        self.grow(Point::new(xy.x + size.x, xy.y + size.y));
        self.nodes[index] = Some(NodeBox {
            name: spec.name,
            type_name: spec.type_name,
            kind: spec.kind,
            x: xy.x,
            y: xy.y,
            w: size.x,
            h: size.y,
            resource: spec.resource,
            nested: spec.nested,
            rules: spec.rules,
            order: Vec::new(),
        });
    }

    fn draw_line(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}

    fn draw_circle(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}

    fn draw_text(&mut self, xy: Point, text: &str, _look: &StyleAttr) {
        // Node captions are drawn by the component; anything else is an arrow label.
        if text.is_empty() || self.inside_node(xy) {
            return;
        }
        // The whole pill, so that a label at the drawing's side is not cut off.
        let (hw, hh) = (EdgeLabel::width(text) / 2.0, EdgeLabel::HEIGHT / 2.0);
        self.grow(Point::new(xy.x - hw, xy.y - hh));
        self.grow(Point::new(xy.x + hw, xy.y + hh));
        self.labels.push(EdgeLabel { x: xy.x, y: xy.y, text: text.to_string() });
    }

    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        dashed: bool,
        head: (bool, bool),
        _look: &StyleAttr,
        properties: Option<String>,
        _text: &str,
    ) {
        let tag = properties.and_then(|p| self.tags.get(p.parse::<usize>().ok()?).cloned()).unwrap_or_default();
        let mut points = Vec::with_capacity(path.len() * 2);
        for (p, c) in path {
            self.grow(*p);
            self.grow(*c);
            points.push((p.x, p.y));
            points.push((c.x, c.y));
        }
        self.arrows.push(Arrow { points, curve: true, dashed, head_start: head.0, head_end: head.1, tag });
    }

    fn create_clip(&mut self, _: Point, _: Point, _: usize) -> ClipHandle {
        0
    }
}
