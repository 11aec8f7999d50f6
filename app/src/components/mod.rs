//! Presentational components: they take data and signals, and fetch nothing.

mod graph;
mod json_pane;
mod panel;
mod step_detail;
mod top_bar;
mod workflow_table;

pub use graph::WorkflowGraph;
pub use json_pane::JsonPane;
pub use panel::{ErrorPanel, Panel};
pub use step_detail::StepDetail;
pub use top_bar::TopBar;
pub use workflow_table::WorkflowTable;
