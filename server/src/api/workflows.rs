//! Workflow routes: list, create, read (any version), save a new version, delete, version
//! history, export, validate; and the task functions a workflow can call.

use super::error::{ApiJson, AppError};
use super::AppState;
use crate::service::ops::definition_value;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

/// `POST /workflows` body.
#[derive(Deserialize)]
pub struct CreateWorkflow {
    name: String,
    definition: Value,
}

/// `PUT /workflows/{id}` body.
#[derive(Deserialize)]
pub struct UpdateWorkflow {
    #[serde(default)]
    name: Option<String>,
    definition: Value,
}

/// `?version=N`.
#[derive(Deserialize)]
pub struct VersionQuery {
    version: Option<i64>,
}

/// `GET /workflows`.
pub async fn list(State(s): State<AppState>) -> Result<Json<Value>, AppError> {
    Ok(Json(json!(s.service.store().list_workflows().await?)))
}

/// `POST /workflows` → 201 `{id, version}`; 400 with `problems` when invalid; 409
/// `NAME_TAKEN` with `existing: {id, name}` (that workflow) when another workflow has the name.
pub async fn create(State(s): State<AppState>, ApiJson(body): ApiJson<CreateWorkflow>) -> Result<Response, AppError> {
    let (id, version) = s.service.create_workflow(&body.name, &body.definition).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id, "version": version }))).into_response())
}

/// `GET /workflows/{id}` (latest, or `?version=N`), with `deleted`: a deleted workflow's
/// versions stay readable by number (its executions show the one they ran), and the execution
/// page then neither links to the workflow nor offers to start it.
pub async fn get(State(s): State<AppState>, Path(id): Path<String>, Query(q): Query<VersionQuery>) -> Result<Json<Value>, AppError> {
    let store = s.service.store();
    let row = match q.version {
        Some(v) => store.get_workflow_version(&id, v).await?,
        None => store.get_workflow(&id).await?,
    };
    // The latest version of a deleted workflow is not found, so only a numbered one asks.
    let deleted = q.version.is_some() && store.workflow_meta(&id).await?.deleted;
    let mut body = json!(row);
    body["deleted"] = json!(deleted);
    Ok(Json(body))
}

/// `PUT /workflows/{id}` → `{id, version}` (a new version; earlier ones stay readable). When the
/// latest version already has this definition (compared as JSON values) and name, no version is
/// added: the answer is the latest version, `{id, version, "unchanged": true}`. A `name` another
/// workflow has is 409 `NAME_TAKEN` with `existing: {id, name}`, and nothing is saved.
pub async fn update(
    State(s): State<AppState>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<UpdateWorkflow>,
) -> Result<Json<Value>, AppError> {
    let saved = s.service.save_version(&id, body.name.as_deref(), &body.definition).await?;
    let mut answer = json!({ "id": id, "version": saved.version });
    if !saved.created {
        answer["unchanged"] = json!(true);
    }
    Ok(Json(answer))
}

/// `GET /workflows/{id}/export`: the definition alone, as a download.
pub async fn export(State(s): State<AppState>, Path(id): Path<String>, Query(q): Query<VersionQuery>) -> Result<Response, AppError> {
    let row = match q.version {
        Some(v) => s.service.store().get_workflow_version(&id, v).await?,
        None => s.service.store().get_workflow(&id).await?,
    };
    let text = serde_json::to_string_pretty(&row.definition).unwrap_or_default();
    let disposition = format!("attachment; filename=\"{}.asl.json\"", row.id);
    Ok(([(header::CONTENT_TYPE, "application/json".to_string()), (header::CONTENT_DISPOSITION, disposition)], text).into_response())
}

/// `POST /validate`: `{definition}` or a bare definition → `{valid, problems}` (always 200).
pub async fn validate(ApiJson(body): ApiJson<Value>) -> Result<Json<Value>, AppError> {
    let def = match body.get("definition") {
        Some(d) if body.get("States").is_none() => definition_value(d)?,
        _ => body,
    };
    let problems = match crate::service::ops::check_definition(&def) {
        Ok(()) => Vec::new(),
        Err(crate::service::ServiceError::Invalid(p)) => p,
        Err(e) => return Err(e.into()),
    };
    Ok(Json(json!({ "valid": problems.is_empty(), "problems": problems })))
}

/// `DELETE /workflows/{id}` → 204; 404 when there is no such (undeleted) workflow.
pub async fn delete(State(s): State<AppState>, Path(id): Path<String>) -> Result<StatusCode, AppError> {
    s.service.delete_workflow(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /workflows/{id}/versions` → `[{version, name, createdAt}]`, oldest first.
pub async fn versions(State(s): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, AppError> {
    let rows = s.service.store().list_versions(&id).await?;
    let list: Vec<Value> =
        rows.iter().map(|v| json!({"version": v.version, "name": v.name, "createdAt": v.created_at})).collect();
    Ok(Json(Value::Array(list)))
}

/// `GET /functions` → what `wfm functions --json` prints: `[{name, description, parameters}]`.
pub async fn functions(State(s): State<AppState>) -> Json<Value> {
    Json(json!(s.service.registry().specs().collect::<Vec<_>>()))
}
