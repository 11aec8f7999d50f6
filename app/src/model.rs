//! Data that crosses the server-function boundary: what a page needs, already shaped for
//! drawing. Built on the server (see `catalog`), hydrated in the browser.

use serde::{Deserialize, Serialize};

/// One line of the workflow list on the home page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkflowSummary {
    /// URL id: the file name without `.asl.json`.
    pub id: String,
    /// The definition's `Comment`, if any.
    pub comment: Option<String>,
    /// The `StartAt` state.
    pub start_at: String,
    /// Number of top-level states.
    pub state_count: usize,
    /// Why the definition could not be parsed, if it could not.
    pub error: Option<String>,
}

/// Everything the workflow page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkflowDetail {
    /// URL id.
    pub id: String,
    /// The definition's `Comment`, if any.
    pub comment: Option<String>,
    /// The whole definition, pretty-printed.
    pub definition: String,
    /// The example input shipped beside it (`NAME.input.json`), pretty-printed.
    pub input: Option<String>,
    /// Top-level states in definition order.
    pub states: Vec<StateView>,
    /// The laid-out graph.
    pub graph: GraphView,
}

/// One state as the detail pane shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateView {
    /// State name (the key under `States`).
    pub name: String,
    /// ASL `Type`.
    pub type_name: String,
    /// The state's own JSON, pretty-printed.
    pub json: String,
}

/// A graph with absolute coordinates (SVG user units, origin top-left).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GraphView {
    /// Width of the drawing.
    pub width: f64,
    /// Height of the drawing.
    pub height: f64,
    /// The boxes: states plus the Start and End markers.
    pub nodes: Vec<NodeBox>,
    /// The arrows.
    pub edges: Vec<EdgePath>,
    /// Arrow labels such as `Catch` or `Default`.
    pub labels: Vec<EdgeLabel>,
}

/// What a node in the graph stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NodeKind {
    /// A state of the definition.
    State,
    /// The entry marker before `StartAt`.
    Start,
    /// The exit marker after terminal states.
    End,
}

/// A node's box.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeBox {
    /// State name (or "Start" / "End" for markers).
    pub name: String,
    /// ASL `Type` for states, empty for markers.
    pub type_name: String,
    /// State or marker.
    pub kind: NodeKind,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

/// An arrow: an SVG path (`d`, cubic Bézier segments) and where its heads go.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EdgePath {
    /// SVG path data.
    pub d: String,
    /// Catch transitions are drawn dashed.
    pub dashed: bool,
    /// Arrow head at the path's start (back edges are laid out reversed).
    pub head_start: bool,
    /// Arrow head at the path's end.
    pub head_end: bool,
}

/// A label placed next to an arrow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EdgeLabel {
    /// Centre x.
    pub x: f64,
    /// Centre y.
    pub y: f64,
    /// The text.
    pub text: String,
}
