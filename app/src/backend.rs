//! The server's side of the server functions (ssr only): what [`crate::api`] needs from the
//! durable store and the execution service, as a trait, because `app` cannot depend on `server`
//! (the arrow points the other way). The server implements it over its `Service` and provides it
//! as an `Arc<dyn Backend>` in Leptos context; every server function reaches the store through
//! it, and the REST API calls the same service.
//!
//! The trait deals in stored records; [`crate::api`] shapes them for pages (summaries, laid-out
//! graphs, diffs), so that shaping is written once, beside the models it fills.

use crate::error::AppError;
use crate::model::{ExecutionSummary, FunctionInfo, SavedVersion, VersionInfo};
use serde_json::Value;
use std::sync::Arc;

/// One stored version of a workflow.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkflowRecord {
    /// Workflow id.
    pub id: String,
    /// Name at this version.
    pub name: String,
    /// This version's number.
    pub version: u32,
    /// The workflow's latest version.
    pub latest_version: u32,
    /// The definition as saved.
    pub definition: Value,
    /// The example input stored with the workflow, if any.
    pub input: Option<Value>,
    /// When this version was saved (RFC 3339, UTC).
    pub updated_at: String,
}

/// Filters of an executions list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExecutionQuery {
    /// Only this workflow's executions.
    pub workflow: Option<String>,
    /// Only executions in this status (upper case).
    pub status: Option<String>,
    /// At most this many, newest first.
    pub limit: u32,
}

/// What the server functions need from the server.
#[async_trait::async_trait]
pub trait Backend: Send + Sync {
    /// The latest version of every workflow that is not deleted, by name.
    async fn list_workflows(&self) -> Result<Vec<WorkflowRecord>, AppError>;
    /// One version (`None`: the latest) of a workflow. Old versions of a deleted workflow stay
    /// readable (its executions show them); its latest is gone.
    async fn get_workflow(&self, id: &str, version: Option<u32>) -> Result<WorkflowRecord, AppError>;
    /// Every version of a workflow, oldest first.
    async fn list_versions(&self, id: &str) -> Result<Vec<VersionInfo>, AppError>;
    /// Validates and saves a new workflow (version 1) with an optional example input.
    async fn create_workflow(&self, name: &str, definition: &Value, input: Option<&Value>) -> Result<SavedVersion, AppError>;
    /// Validates and saves a new version of a workflow.
    async fn save_workflow(&self, id: &str, definition: &Value) -> Result<SavedVersion, AppError>;
    /// Deletes a workflow from the list; its versions and executions stay readable.
    async fn delete_workflow(&self, id: &str) -> Result<(), AppError>;
    /// The registered task functions (as `wfm functions --json`).
    async fn list_functions(&self) -> Result<Vec<FunctionInfo>, AppError>;
    /// Executions, newest first.
    async fn list_executions(&self, query: &ExecutionQuery) -> Result<Vec<ExecutionSummary>, AppError>;
    /// One execution ([`AppError::NotFound`] when there is none with that id).
    async fn get_execution(&self, id: &str) -> Result<ExecutionSummary, AppError>;
    /// Whether the server requires its API token (it listens beyond loopback).
    fn token_required(&self) -> bool;
    /// Whether a request with these headers carries the token (bearer header or session
    /// cookie); always true when no token is required.
    fn authorized(&self, headers: &http::HeaderMap) -> bool;
}

/// The backend the server provided, for this request.
pub fn backend() -> Result<Arc<dyn Backend>, AppError> {
    leptos::prelude::use_context::<Arc<dyn Backend>>()
        .ok_or_else(|| AppError::Storage("the server provided no backend".into()))
}

/// The backend, after checking that the request carries the token when one is required.
pub fn authorized_backend() -> Result<Arc<dyn Backend>, AppError> {
    let backend = backend()?;
    if backend.token_required() {
        let parts = leptos::prelude::use_context::<http::request::Parts>();
        if !parts.is_some_and(|p| backend.authorized(&p.headers)) {
            if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(http::StatusCode::UNAUTHORIZED);
            }
            return Err(AppError::Unauthorized);
        }
    }
    Ok(backend)
}
