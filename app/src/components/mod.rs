//! Presentational components: they take data and signals, and fetch nothing.

mod data_flow;
mod definition_editor;
mod event_list;
mod execution_header;
pub mod execution_list;
mod graph;
mod iteration_picker;
mod json_pane;
mod llm_call;
pub mod new_workflow;
mod panel;
mod problem_list;
mod run_panel;
mod step_detail;
mod step_panel;
mod step_timeline;
mod top_bar;
mod workflow_table;

pub use definition_editor::DefinitionEditor;
pub use event_list::EventList;
pub use data_flow::{stages_of, DataFlow, Stage};
pub use execution_header::{ExecutionFacts, ExecutionHeader};
pub use execution_list::ExecutionList;
pub use graph::{Connection, WorkflowGraph};
pub use iteration_picker::{chip_colors, NestedRuns};
pub use llm_call::LlmCall;
pub use json_pane::JsonPane;
pub use new_workflow::{NewMode, NewWorkflow, STARTER_DEFINITION};
pub use panel::{ErrorPanel, Panel};
pub use problem_list::ProblemList;
pub use run_panel::RunPanel;
pub use step_detail::StepDetail;
pub use step_panel::{format_ms, StatusChip, StepPanel};
pub use step_timeline::StepTimeline;
pub use top_bar::TopBar;
pub use workflow_table::WorkflowTable;
