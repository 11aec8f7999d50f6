//! Data that crosses the server-function boundary: what a page needs, already shaped for
//! drawing. Built on the server (see `api`, over the store behind `backend::Backend`), hydrated in
//! the browser.

use engine::validate::Problem;
use serde::{Deserialize, Serialize};

pub mod anatomy;
pub mod decimal;

/// One line of the workflow list on the home page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkflowSummary {
    /// URL id (a slug of the first name; examples keep their file name without `.asl.json`).
    pub id: String,
    /// Current name.
    pub name: String,
    /// Latest version, from 1.
    pub version: u32,
    /// When the latest version was saved (RFC 3339, UTC).
    pub updated_at: String,
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
    /// Name at this version.
    pub name: String,
    /// The version shown, from 1.
    pub version: u32,
    /// The workflow's latest version (equal to `version` unless an older one was asked for).
    pub latest_version: u32,
    /// When this version was saved (RFC 3339, UTC).
    pub updated_at: String,
    /// The definition's `Comment`, if any.
    pub comment: Option<String>,
    /// The whole definition, pretty-printed.
    pub definition: String,
    /// The example input stored with the workflow (examples: `NAME.input.json`), pretty-printed.
    pub input: Option<String>,
    /// Top-level states in definition order.
    pub states: Vec<StateView>,
    /// The laid-out graph.
    pub graph: GraphView,
    /// The definition's validation problems, as the editor first shows them (it validates every
    /// later change itself).
    pub problems: Vec<Problem>,
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
    /// Parallel branches and Map processors: frames drawn behind their states.
    #[serde(default)]
    pub groups: Vec<GroupBox>,
}

impl GraphView {
    /// The box of state `name`.
    pub fn node(&self, name: &str) -> Option<&NodeBox> {
        self.nodes.iter().find(|n| n.name == name)
    }
}

/// A frame around one Parallel branch or one Map item processor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupBox {
    /// The Parallel or Map state that owns it.
    pub owner: String,
    /// Caption, e.g. `Branch 1` or `Item processor`.
    pub label: String,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

/// What a node in the graph stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// A Task's `Resource` (the function it calls).
    #[serde(default)]
    pub resource: Option<String>,
    /// Parallel / Map: the box frames nested states, so its caption sits at the top.
    #[serde(default)]
    pub nested: bool,
    /// A Choice state's number of rules (one connection handle each in the editor).
    #[serde(default)]
    pub rules: usize,
    /// A Choice's handles from left to right, as indexes into `Handle::for_state` (empty: in
    /// that order). The layout puts each handle above where its arrow goes, so that the arrows
    /// leaving them do not cross (`model::anatomy`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub order: Vec<usize>,
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
    /// The state it leaves (`Start` for the scope's entry marker).
    #[serde(default)]
    pub from: String,
    /// The state it enters (`End` for the scope's exit marker).
    #[serde(default)]
    pub to: String,
    /// The field it stands for: `next`, `rule-{i}`, `default`, `catch-{i}`, or `start` (the
    /// scope's `StartAt`) and `end` (a terminal state's arrow to the End marker).
    #[serde(default)]
    pub kind: String,
}

impl EdgePath {
    /// `From->To:kind`, the arrow's `data-edge` in the DOM: which transition a drop on it
    /// would change (state names are unique machine-wide, so it names one arrow).
    pub fn id(&self) -> String {
        format!("{}->{}:{}", self.from, self.to, self.kind)
    }
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

impl EdgeLabel {
    /// Height of the pill a label is drawn in.
    pub const HEIGHT: f64 = 18.0;

    /// Width of the pill `text` is drawn in (10 px monospace).
    pub fn width(text: &str) -> f64 {
        text.chars().count() as f64 * 6.2 + 12.0
    }
}

/// A saved version: what `save_workflow`, `create_workflow`, `duplicate_workflow` and
/// `restore_version` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedVersion {
    /// Workflow id.
    pub id: String,
    /// The new version's number; the latest one's when `unchanged`.
    pub version: u32,
    /// True when the definition was the latest version's already, so no version was added
    /// (`save_workflow`, `restore_version`). Only sent when true.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unchanged: bool,
}

/// One entry of a workflow's version history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    /// Version number, from 1.
    pub version: u32,
    /// Name at that version.
    pub name: String,
    /// When it was saved (RFC 3339, UTC).
    pub created_at: String,
    /// Number of top-level states of that version's definition.
    pub state_count: usize,
}

/// What a diff line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DiffKind {
    /// In both versions.
    Same,
    /// Only in the newer (`to`) version.
    Added,
    /// Only in the older (`from`) version.
    Removed,
}

/// One line of a diff between two versions' pretty-printed definitions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffLine {
    /// Same, added or removed.
    pub kind: DiffKind,
    /// Line number in the `from` version (1-based), unless added.
    pub old_line: Option<u32>,
    /// Line number in the `to` version (1-based), unless removed.
    pub new_line: Option<u32>,
    /// The line, without its line break.
    pub text: String,
}

/// A registered task function, as `wfm functions --json` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunctionInfo {
    /// The name a Task state's `Resource` uses.
    pub name: String,
    /// One line on what it does.
    pub description: String,
    /// JSON Schema of its parameters object.
    pub schema: serde_json::Value,
}

/// One line of an executions list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutionSummary {
    /// Execution id.
    pub id: String,
    /// Execution name (`$$.Execution.Name`; the id unless given).
    pub name: String,
    /// Workflow id (the workflow may have been deleted since).
    pub workflow_id: String,
    /// The workflow version it ran.
    pub workflow_version: u32,
    /// `RUNNING | SUCCEEDED | FAILED | ABORTED | TIMED_OUT`.
    pub status: String,
    /// Started at (RFC 3339, UTC).
    pub started_at: String,
    /// Ended at, once it ended.
    pub finished_at: Option<String>,
    /// The error name, when it failed.
    pub error: Option<String>,
    /// Its workflow was deleted since: the list names it without a link (its page is gone).
    #[serde(default)]
    pub workflow_deleted: bool,
}

/// Whether the server wants a token, and whether this browser has given it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// The server listens beyond loopback and requires `WFM_API_TOKEN`.
    pub token_required: bool,
    /// This request carried the token (bearer header or session cookie).
    pub signed_in: bool,
}
