//! Execution routes: start, list, status, the steps' results, stop, redrive.

use super::error::AppError;
use super::AppState;
use crate::store::ExecutionFilter;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

/// `POST /workflows/{id}/executions` body (`input` defaults to `{}`, `name` to the id).
#[derive(Deserialize, Default)]
pub struct StartExecution {
    #[serde(default)]
    input: Option<Value>,
    #[serde(default)]
    name: Option<String>,
}

/// `GET /executions` filters.
#[derive(Deserialize)]
pub struct ListQuery {
    workflow: Option<String>,
    status: Option<String>,
    limit: Option<i64>,
}

/// `POST /workflows/{id}/executions` → 201 `{executionId}`.
pub async fn start(
    State(s): State<AppState>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    // An empty body starts with `{}`; otherwise it must be `{"input": …}`.
    let req: StartExecution = if body.iter().all(u8::is_ascii_whitespace) {
        StartExecution::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| AppError::bad_request(format!("invalid JSON body: {e}")))?
    };
    let input = req.input.unwrap_or_else(|| json!({}));
    let exec = s.service.start_named_execution(&id, input, req.name.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(json!({ "executionId": exec }))).into_response())
}

/// `GET /executions?workflow=&status=&limit=`, newest first.
pub async fn list(State(s): State<AppState>, Query(q): Query<ListQuery>) -> Result<Json<Value>, AppError> {
    let status = q.status.map(|s| s.to_ascii_uppercase());
    let filter = ExecutionFilter { workflow: q.workflow, status, limit: q.limit.unwrap_or(100).clamp(1, 1000) };
    Ok(Json(json!(s.service.store().list_executions(&filter).await?)))
}

/// `GET /executions/{id}`: status, current step(s), every step's input/output/error.
pub async fn get(State(s): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, AppError> {
    Ok(Json(s.service.execution_status(&id).await?))
}

/// `GET /executions/{id}/step-results` → `{StepName: result}`: what `{{States.Step.field}}`
/// templates saw in this execution, read from its stored history (the editor's Test state
/// takes them over); 404 when there is no such execution.
pub async fn step_results(State(s): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, AppError> {
    s.service.store().get_execution(&id).await?;
    let events = s.service.store().all_events(&id).await?;
    Ok(Json(Value::Object(engine::exec::results_from_history(&events))))
}

/// `POST /executions/{id}/stop` → `{status: "ABORTED"}` (202 `STOPPING` while another process
/// gets to it); 409 when it already ended.
pub async fn stop(State(s): State<AppState>, Path(id): Path<String>) -> Result<Response, AppError> {
    let status = s.service.stop_execution(&id).await?;
    let code = if status == "ABORTED" { StatusCode::OK } else { StatusCode::ACCEPTED };
    Ok((code, Json(json!({ "executionId": id, "status": status }))).into_response())
}

/// `POST /executions/{id}/redrive` → `{status: "RUNNING"}`; 409 unless FAILED/TIMED_OUT/ABORTED.
pub async fn redrive(State(s): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, AppError> {
    s.service.redrive_execution(&id).await?;
    Ok(Json(json!({ "executionId": id, "status": "RUNNING" })))
}
