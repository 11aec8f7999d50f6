//! Server functions for workflows (`verb_noun`). On the server they read the [`Catalog`] from
//! Leptos context; in the browser they are HTTP calls under `/rpc` (the REST API owns `/api`).
//!
//! [`Catalog`]: crate::catalog::Catalog

use crate::error::AppError;
use crate::model::{WorkflowDetail, WorkflowSummary};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn catalog() -> Result<crate::catalog::Catalog, AppError> {
    use_context::<crate::catalog::Catalog>()
        .ok_or_else(|| AppError::Storage("the server provided no workflow catalog".into()))
}

/// Every workflow, sorted by id.
#[server(prefix = "/rpc")]
pub async fn list_workflows() -> Result<Vec<WorkflowSummary>, AppError> {
    catalog()?.list()
}

/// One workflow with its states and laid-out graph.
#[server(prefix = "/rpc")]
pub async fn get_workflow(id: String) -> Result<WorkflowDetail, AppError> {
    catalog()?.detail(&id)
}
