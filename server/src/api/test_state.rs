//! `POST /api/test-state`: AWS's TestState (one state run on an input, nothing stored).

use super::error::{ApiJson, AppError};
use super::AppState;
use crate::service::ServiceError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::Value;

/// `{definition, stateName?, input?, variables?, mock?, stateConfiguration?}` → `{status,
/// output?, error?, cause?, nextState?, inspectionData}`; 400 with `problems` (located in the
/// given definition, and spelled out in `message`, which the editor shows) when the state is
/// not valid.
pub async fn test_state(State(s): State<AppState>, ApiJson(body): ApiJson<Value>) -> Result<Json<Value>, AppError> {
    let req = crate::service::test_state::request_from_json(&body)?;
    match s.service.test_state(req).await {
        Ok(result) => Ok(Json(serde_json::to_value(result).unwrap_or_default())),
        Err(ServiceError::Invalid(problems)) => {
            let message = problems.iter().map(|p| format!("{} at {}", p.message, p.path)).collect::<Vec<_>>().join("; ");
            Err(AppError { status: StatusCode::BAD_REQUEST, code: "INVALID_DEFINITION", message, problems: Some(problems), existing: None })
        }
        Err(e) => Err(e.into()),
    }
}
