//! Server functions (`verb_noun`), grouped by resource: workflows, versions, task functions,
//! executions, the session. On the server each one goes through the [`Backend`] the server
//! provides in Leptos context (the same service the REST API calls); in the browser they are
//! HTTP calls under `/rpc` (the REST API owns `/api`).
//!
//! When the server requires its API token (it listens beyond loopback), every function but
//! [`get_session`] answers [`AppError::Unauthorized`] unless the request carries the token, as a
//! bearer header or as the session cookie that `POST /api/session` sets.
//!
//! [`Backend`]: crate::backend::Backend

use crate::error::AppError;
use crate::model::{
    DiffLine, ExecutionSummary, FunctionInfo, SavedVersion, SessionInfo, VersionInfo, WorkflowDetail, WorkflowSummary,
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::backend::authorized_backend;

/// Gives a failed call the HTTP status that says why (404, 400, 409, 401; 500 only for the
/// server's own failures), instead of the 500 every server-function error would get.
#[cfg(feature = "ssr")]
fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    use http::StatusCode;
    if let (Err(e), Some(response)) = (&result, use_context::<leptos_axum::ResponseOptions>()) {
        response.set_status(match e {
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Invalid { .. } | AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::NameTaken(_) => StatusCode::CONFLICT,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Storage(_) | AppError::ServerFn(_) => StatusCode::INTERNAL_SERVER_ERROR,
        });
    }
    result
}

/// Executions statuses a list can be filtered by.
pub const EXECUTION_STATUSES: [&str; 5] = ["RUNNING", "SUCCEEDED", "FAILED", "ABORTED", "TIMED_OUT"];

/// Most executions a list shows.
pub const EXECUTION_LIST_LIMIT: u32 = 200;

/// Every workflow not deleted, by name; `search` keeps those whose id, name or comment contain
/// each of its words (case-insensitive).
#[server(prefix = "/rpc", endpoint = "list_workflows")]
pub async fn list_workflows(search: Option<String>) -> Result<Vec<WorkflowSummary>, AppError> {
    respond(async move {
        let records = authorized_backend()?.list_workflows().await?;
        let search = search.unwrap_or_default();
        Ok(records.iter().map(crate::shape::summary).filter(|s| crate::shape::matches(s, &search)).collect())
    }.await)
}

/// One version of a workflow (`None`: the latest) with its states and laid-out graph.
#[server(prefix = "/rpc", endpoint = "get_workflow")]
pub async fn get_workflow(id: String, version: Option<u32>) -> Result<WorkflowDetail, AppError> {
    respond(async move {
        crate::shape::detail(authorized_backend()?.get_workflow(&id, version).await?)
    }.await)
}

/// Saves `definition` (JSON text) as a new version. Unparsable JSON and definitions the
/// engine's validator rejects answer [`AppError::Invalid`] with every problem and its path.
#[server(prefix = "/rpc", endpoint = "save_workflow")]
pub async fn save_workflow(id: String, definition: String) -> Result<SavedVersion, AppError> {
    respond(async move {
        let value = crate::shape::parse_text(&id, &definition)?;
        authorized_backend()?.save_workflow(&id, &value).await
    }.await)
}

/// Creates a workflow (version 1) named `name`; its id is a slug of the name, made unique.
/// [`AppError::NameTaken`] when another workflow has that name.
#[server(prefix = "/rpc", endpoint = "create_workflow")]
pub async fn create_workflow(name: String, definition: String) -> Result<SavedVersion, AppError> {
    respond(async move {
        let value = crate::shape::parse_text(&name, &definition)?;
        authorized_backend()?.create_workflow(&name, &value, None).await
    }.await)
}

/// Copies the latest version of `id` (definition and example input) into a new workflow;
/// [`AppError::NameTaken`] when another workflow has `new_name`.
#[server(prefix = "/rpc", endpoint = "duplicate_workflow")]
pub async fn duplicate_workflow(id: String, new_name: String) -> Result<SavedVersion, AppError> {
    respond(async move {
        let backend = authorized_backend()?;
        let source = backend.get_workflow(&id, None).await?;
        backend.create_workflow(&new_name, &source.definition, source.input.as_ref()).await
    }.await)
}

/// Removes a workflow from the list. Its executions and versions stay readable.
#[server(prefix = "/rpc", endpoint = "delete_workflow")]
pub async fn delete_workflow(id: String) -> Result<(), AppError> {
    respond(async move {
        authorized_backend()?.delete_workflow(&id).await
    }.await)
}

/// Every version of a workflow, oldest first.
#[server(prefix = "/rpc", endpoint = "list_versions")]
pub async fn list_versions(id: String) -> Result<Vec<VersionInfo>, AppError> {
    respond(async move {
        authorized_backend()?.list_versions(&id).await
    }.await)
}

/// Line diff from version `from` to version `to` of the pretty-printed definitions.
#[server(prefix = "/rpc", endpoint = "diff_versions")]
pub async fn diff_versions(id: String, from: u32, to: u32) -> Result<Vec<DiffLine>, AppError> {
    respond(async move {
        let backend = authorized_backend()?;
        let old = backend.get_workflow(&id, Some(from)).await?;
        let new = backend.get_workflow(&id, Some(to)).await?;
        Ok(crate::shape::diff(&old.definition, &new.definition))
    }.await)
}

/// Saves the definition of an old version as a new version (history is never rewritten).
#[server(prefix = "/rpc", endpoint = "restore_version")]
pub async fn restore_version(id: String, version: u32) -> Result<SavedVersion, AppError> {
    respond(async move {
        let backend = authorized_backend()?;
        let old = backend.get_workflow(&id, Some(version)).await?;
        backend.save_workflow(&id, &old.definition).await
    }.await)
}

/// The registered task functions with their parameter schemas (the editor's palette).
#[server(prefix = "/rpc", endpoint = "list_functions")]
pub async fn list_functions() -> Result<Vec<FunctionInfo>, AppError> {
    respond(async move {
        authorized_backend()?.list_functions().await
    }.await)
}

/// Executions, newest first (at most [`EXECUTION_LIST_LIMIT`]), of one workflow or all, in one
/// status or any.
#[server(prefix = "/rpc", endpoint = "list_executions")]
pub async fn list_executions(workflow: Option<String>, status: Option<String>) -> Result<Vec<ExecutionSummary>, AppError> {
    respond(async move {
        let status = status.map(|s| s.trim().to_ascii_uppercase()).filter(|s| !s.is_empty());
        if let Some(s) = &status {
            if !EXECUTION_STATUSES.contains(&s.as_str()) {
                return Err(AppError::BadRequest(format!("unknown status `{s}` (one of {})", EXECUTION_STATUSES.join(", "))));
            }
        }
        let workflow = workflow.filter(|w| !w.trim().is_empty());
        let query = crate::backend::ExecutionQuery { workflow, status, limit: EXECUTION_LIST_LIMIT };
        authorized_backend()?.list_executions(&query).await
    }.await)
}

/// An LLM answer (Markdown) as HTML that runs nothing and loads nothing ([`crate::markdown`]).
/// The server renders it so that the wasm carries no Markdown parser (pulldown-cmark and its
/// entity tables); the execution view asks again as a streamed answer grows.
#[server(prefix = "/rpc", endpoint = "render_markdown")]
pub async fn render_markdown(text: String) -> Result<String, AppError> {
    respond(async move {
        authorized_backend()?;
        Ok(crate::markdown::render(&text))
    }.await)
}

/// Whether the server requires its token and whether this browser has signed in.
#[server(prefix = "/rpc", endpoint = "get_session")]
pub async fn get_session() -> Result<SessionInfo, AppError> {
    respond(async move {
        let backend = crate::backend::backend()?;
        let parts = use_context::<http::request::Parts>();
        let token_required = backend.token_required();
        let signed_in = token_required && parts.is_some_and(|p| backend.authorized(&p.headers));
        Ok(SessionInfo { token_required, signed_in })
    }.await)
}
