//! Server function that lays out any definition (`verb_noun`): the editor asks for a new layout
//! after every change, and the execution view for the exact version an execution ran, since the
//! layout code stays out of the wasm.

use crate::error::AppError;
use crate::model::GraphView;
use leptos::prelude::*;

/// The graph of `definition` (ASL JSON text), laid out like the workflow page's. Any JSON is
/// drawn as far as it goes (the editor shows half-written states too); only text that is not
/// JSON at all is refused.
#[server(prefix = "/rpc")]
pub async fn layout_definition(definition: String) -> Result<GraphView, AppError> {
    let value: serde_json::Value =
        serde_json::from_str(&definition).map_err(|e| AppError::invalid("definition", e.to_string()))?;
    Ok(crate::layout::layout_value(&value))
}
