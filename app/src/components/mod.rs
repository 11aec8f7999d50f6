//! Presentational components: they take data and signals, and fetch nothing.

mod definition_editor;
mod event_list;
mod execution_list;
mod graph;
mod json_pane;
mod panel;
mod run_panel;
mod step_detail;
mod step_panel;
mod step_timeline;
mod top_bar;
mod workflow_table;

pub use definition_editor::{problems_of, states_with_problems, DefinitionEditor};
pub use event_list::EventList;
pub use execution_list::ExecutionList;
pub use graph::WorkflowGraph;
pub use json_pane::JsonPane;
pub use panel::{ErrorPanel, Panel};
pub use run_panel::RunPanel;
pub use step_detail::StepDetail;
pub use step_panel::{format_ms, StatusChip, StepPanel};
pub use step_timeline::StepTimeline;
pub use top_bar::TopBar;
pub use workflow_table::WorkflowTable;
