//! Server functions that lay out any definition (`verb_noun`): the editor asks for a new layout
//! after every change, and the execution view for the exact version an execution ran (with its
//! nesting, [`Shape`]), since the layout code and, for the execution view, the definition parser
//! stay out of the wasm.

use crate::error::AppError;
use crate::live::shape::Shape;
use crate::model::GraphView;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The graph of `definition` (ASL JSON text), laid out like the workflow page's. Any JSON is
/// drawn as far as it goes (the editor shows half-written states too); only text that is not
/// JSON at all is refused.
#[server(prefix = "/rpc")]
pub async fn layout_definition(definition: String) -> Result<GraphView, AppError> {
    Ok(crate::layout::layout_value(&json(&definition)?))
}

/// `definition` as JSON, or why it is not.
#[cfg(feature = "ssr")]
fn json(definition: &str) -> Result<serde_json::Value, AppError> {
    serde_json::from_str(definition).map_err(|e| AppError::invalid("definition", e.to_string()))
}

/// What the execution view draws and colours: the graph and the definition's nesting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExecutionDrawing {
    /// The laid-out graph.
    pub graph: GraphView,
    /// Every state at every depth, with its container.
    pub shape: Shape,
}

/// The graph and [`Shape`] of the definition an execution ran (ASL JSON text). Built here so
/// that the execution view's wasm needs no definition parser.
#[server(prefix = "/rpc")]
pub async fn execution_graph(definition: String) -> Result<ExecutionDrawing, AppError> {
    let value = json(&definition)?;
    Ok(ExecutionDrawing { graph: crate::layout::layout_value(&value), shape: Shape::of(&value) })
}
