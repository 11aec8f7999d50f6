//! A `layout-rs` render backend that records geometry instead of writing SVG text, so the
//! Leptos components draw the graph themselves (with `data-state` hooks and Tailwind classes).

use crate::model::{EdgeLabel, EdgePath, GraphView, NodeBox, NodeKind};
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;

/// Margin around the drawing.
const MARGIN: f64 = 16.0;

/// Collects boxes, arrows and labels; [`Canvas::finish`] moves them to the origin.
pub struct Canvas {
    kinds: Vec<(String, String, NodeKind)>,
    nodes: Vec<NodeBox>,
    edges: Vec<(Vec<(Point, Point)>, bool, (bool, bool))>,
    labels: Vec<EdgeLabel>,
    min: Point,
    max: Point,
}

impl Canvas {
    /// `kinds[i]` describes the element whose properties string is `i`.
    pub fn new(kinds: Vec<(String, String, NodeKind)>) -> Self {
        let inf = f64::INFINITY;
        Canvas {
            kinds,
            nodes: Vec::new(),
            edges: Vec::new(),
            labels: Vec::new(),
            min: Point::new(inf, inf),
            max: Point::new(-inf, -inf),
        }
    }

    fn grow(&mut self, p: Point) {
        self.min = Point::new(self.min.x.min(p.x), self.min.y.min(p.y));
        self.max = Point::new(self.max.x.max(p.x), self.max.y.max(p.y));
    }

    fn inside_node(&self, p: Point) -> bool {
        let hit = |n: &NodeBox| p.x >= n.x && p.x <= n.x + n.w && p.y >= n.y && p.y <= n.y + n.h;
        self.nodes.iter().any(hit)
    }

    /// The recorded drawing, translated so that it starts at (MARGIN, MARGIN).
    pub fn finish(self) -> GraphView {
        if self.nodes.is_empty() {
            return GraphView::default();
        }
        let dx = MARGIN - self.min.x;
        let dy = MARGIN - self.min.y;
        let at = |p: Point| format!("{:.1} {:.1}", p.x + dx, p.y + dy);
        let edges = self
            .edges
            .iter()
            .filter(|(path, ..)| path.len() >= 2)
            .map(|(path, dashed, heads)| {
                let mut d = format!(
                    "M {} C {}, {}, {}",
                    at(path[0].0),
                    at(path[0].1),
                    at(path[1].0),
                    at(path[1].1)
                );
                for seg in &path[2..] {
                    d.push_str(&format!(" S {}, {}", at(seg.0), at(seg.1)));
                }
                EdgePath { d, dashed: *dashed, head_start: heads.0, head_end: heads.1 }
            })
            .collect();
        let nodes = self
            .nodes
            .into_iter()
            .map(|n| NodeBox { x: n.x + dx, y: n.y + dy, ..n })
            .collect();
        let labels = self
            .labels
            .into_iter()
            .map(|l| EdgeLabel { x: l.x + dx, y: l.y + dy, ..l })
            .collect();
        GraphView {
            width: self.max.x - self.min.x + 2.0 * MARGIN,
            height: self.max.y - self.min.y + 2.0 * MARGIN,
            nodes,
            edges,
            labels,
        }
    }
}

impl RenderBackend for Canvas {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        _look: &StyleAttr,
        properties: Option<String>,
        _clip: Option<ClipHandle>,
    ) {
        let Some(index) = properties.and_then(|p| p.parse::<usize>().ok()) else {
            return;
        };
        let Some((name, type_name, kind)) = self.kinds.get(index).cloned() else {
            return;
        };
        self.grow(xy);
        self.grow(Point::new(xy.x + size.x, xy.y + size.y));
        let (x, y, w, h) = (xy.x, xy.y, size.x, size.y);
        self.nodes.push(NodeBox { name, type_name, kind, x, y, w, h });
    }

    fn draw_line(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}

    fn draw_circle(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}

    fn draw_text(&mut self, xy: Point, text: &str, _look: &StyleAttr) {
        // Node captions are drawn by the component; anything else is an arrow label.
        if text.is_empty() || self.inside_node(xy) {
            return;
        }
        self.grow(xy);
        self.labels.push(EdgeLabel { x: xy.x, y: xy.y, text: text.to_string() });
    }

    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        dashed: bool,
        head: (bool, bool),
        _look: &StyleAttr,
        _properties: Option<String>,
        _text: &str,
    ) {
        for (p, c) in path {
            self.grow(*p);
            self.grow(*c);
        }
        self.edges.push((path.to_vec(), dashed, head));
    }

    fn create_clip(&mut self, _: Point, _: Point, _: usize) -> ClipHandle {
        0
    }
}
