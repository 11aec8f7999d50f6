//! The REST API of DESIGN.md, as an axum router that the web server mounts under `/api`.
//!
//! | route | what |
//! |---|---|
//! | `GET /health` | the process and its store answer |
//! | `GET /session` · `POST /session` · `DELETE /session` | open: token required? signed in? · `{token}` → session cookie · sign out |
//! | `GET /functions` | the registered task functions with their parameter schemas |
//! | `POST /validate` | `{definition}` (or the bare definition) → `{valid, problems}` |
//! | `POST /test-state` | AWS's TestState: `{definition, stateName?, input?, variables?, mock?}` → `{status, output, nextState, inspectionData, …}` |
//! | `GET /workflows` · `POST /workflows` | list · create `{name, definition}` → `{id, version}` |
//! | `GET /workflows/{id}` · `PUT /workflows/{id}` · `DELETE /workflows/{id}` | latest (or `?version=N`) · save a new version (`{id, version}`; an unchanged definition adds none: the latest, with `"unchanged": true`) · delete (versions and executions stay readable) |
//! | `GET /workflows/{id}/versions` | every version `{version, name, createdAt}`, oldest first |
//! | `GET /workflows/{id}/export` | the plain ASL JSON |
//! | `POST /workflows/{id}/executions` | `{input}` → `{executionId}` |
//! | `GET /executions` | `?workflow=&status=&limit=` |
//! | `GET /executions/{id}` | status and steps |
//! | `GET /executions/{id}/events` | Server-Sent Events, resumable with `Last-Event-ID` |
//! | `GET /executions/{id}/step-results` | `{StepName: result}` as `{{States.Step.field}}` templates saw them |
//! | `POST /executions/{id}/stop` · `POST /executions/{id}/redrive` | abort · run again from the failed state |
//!
//! Errors are JSON `{code, message}` ([`error::AppError`]); bodies are limited to 256 KiB (as
//! AWS limits payloads); when a token is configured, every route but `/health` and `/session`
//! needs `Authorization: Bearer <token>` or the session cookie ([`auth`], [`session`]).

pub mod auth;
pub mod error;
pub mod events;
pub mod executions;
pub mod session;
pub mod test_state;
pub mod workflows;

use crate::service::Service;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::{middleware, Json, Router};
use error::AppError;
use serde_json::{json, Value};

/// Largest request body (AWS's payload limit).
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// What handlers share.
#[derive(Clone)]
pub struct AppState {
    /// The execution service (and its store).
    pub service: Service,
    /// Bearer token required by the API (None: open, for loopback).
    pub token: Option<String>,
}

/// The API routes, relative to `/api`.
pub fn router(state: AppState) -> Router {
    let protected = Router::new()
        .route("/validate", post(workflows::validate))
        .route("/test-state", post(test_state::test_state))
        .route("/workflows", get(workflows::list).post(workflows::create))
        .route("/functions", get(workflows::functions))
        .route("/workflows/{id}", get(workflows::get).put(workflows::update).delete(workflows::delete))
        .route("/workflows/{id}/versions", get(workflows::versions))
        .route("/workflows/{id}/export", get(workflows::export))
        .route("/workflows/{id}/executions", post(executions::start))
        .route("/executions", get(executions::list))
        .route("/executions/{id}", get(executions::get))
        .route("/executions/{id}/events", get(events::stream))
        .route("/executions/{id}/step-results", get(executions::step_results))
        .route("/executions/{id}/stop", post(executions::stop))
        .route("/executions/{id}/redrive", post(executions::redrive))
        .route_layer(middleware::from_fn_with_state(state.clone(), auth::require_token));
    Router::new()
        .route("/health", get(health))
        .route("/session", get(session::get).post(session::sign_in).delete(session::sign_out))
        .merge(protected)
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// `GET /api/health`: the process answers and the store is reachable.
async fn health(axum::extract::State(state): axum::extract::State<AppState>) -> Result<Json<Value>, AppError> {
    state.service.store().count_workflows().await?;
    Ok(Json(json!({ "status": "ok" })))
}

async fn not_found() -> AppError {
    AppError::not_found("no such API route")
}
