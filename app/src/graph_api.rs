//! Server function that lays out any definition (`verb_noun`): the execution view fetches an
//! execution's exact workflow version from the REST API and asks the server to draw it, since the
//! layout code stays out of the wasm.

use crate::error::AppError;
use crate::model::GraphView;
use leptos::prelude::*;

/// The graph of `definition` (ASL JSON text), laid out like the workflow page's.
#[server(prefix = "/rpc")]
pub async fn layout_definition(definition: String) -> Result<GraphView, AppError> {
    let value: serde_json::Value = serde_json::from_str(&definition)
        .map_err(|e| AppError::invalid("definition", e.to_string()))?;
    let machine = engine::parse_value(&value)
        .map_err(|e| AppError::invalid("definition", e.to_string()))?;
    Ok(crate::layout::layout(&machine))
}
