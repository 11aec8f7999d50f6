//! The API's one error type: every failure leaves as JSON `{code, message}` (plus `problems`
//! for an invalid definition, `existing: {id, name}` for a taken name: the workflow that has
//! it, named as it is, which may differ from the name sent in case and spacing) with a fitting
//! HTTP status.

use crate::service::ServiceError;
use crate::store::StoreError;
use app::error::TakenName;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use engine::validate::Problem;
use serde::de::DeserializeOwned;
use serde_json::json;

/// An API error: status, machine-readable code, message for people.
#[derive(Debug, thiserror::Error)]
#[error("{code}: {message}")]
pub struct AppError {
    /// HTTP status.
    pub status: StatusCode,
    /// e.g. `NOT_FOUND`, `INVALID_DEFINITION`.
    pub code: &'static str,
    /// What went wrong.
    pub message: String,
    /// Validation problems, when the definition is invalid.
    pub problems: Option<Vec<Problem>>,
    /// The workflow that has a taken name; sent as `existing` when its id was read.
    pub existing: Option<TakenName>,
}

impl AppError {
    /// An error with no problem list.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        AppError { status, code, message: message.into(), problems: None, existing: None }
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NOT_FOUND", message)
    }

    /// 400.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "BAD_REQUEST", message)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut body = json!({ "code": self.code, "message": self.message });
        if let Some(p) = self.problems {
            body["problems"] = json!(p);
        }
        if let Some(TakenName { name, id: Some(id) }) = self.existing {
            body["existing"] = json!({ "id": id, "name": name });
        }
        (self.status, Json(body)).into_response()
    }
}

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Invalid(problems) => AppError {
                status: StatusCode::BAD_REQUEST,
                code: "INVALID_DEFINITION",
                message: format!("the definition has {}", app::words::count(problems.len(), "problem")),
                problems: Some(problems),
                existing: None,
            },
            ServiceError::BadRequest(m) => AppError::bad_request(m),
            ServiceError::Conflict(m) => AppError::new(StatusCode::CONFLICT, "CONFLICT", m),
            ServiceError::Store(e) => e.into(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => AppError::not_found(format!("{what} not found")),
            // 409 as for other requests the current state refuses; its own code, so a client
            // can tell "choose another name" from "not in the right status".
            StoreError::NameTaken(ref holder) => {
                AppError { existing: Some(holder.clone()), ..AppError::new(StatusCode::CONFLICT, "NAME_TAKEN", e.to_string()) }
            }
            other => {
                // Details stay in the log; the client gets a generic message.
                eprintln!("wfm: store error: {other}");
                AppError::new(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "the store failed; see the server log")
            }
        }
    }
}

impl From<JsonRejection> for AppError {
    fn from(r: JsonRejection) -> Self {
        let status = r.status();
        let code = match status {
            StatusCode::PAYLOAD_TOO_LARGE => "PAYLOAD_TOO_LARGE",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "UNSUPPORTED_MEDIA_TYPE",
            _ => "BAD_REQUEST",
        };
        let status = if status == StatusCode::UNPROCESSABLE_ENTITY { StatusCode::BAD_REQUEST } else { status };
        AppError::new(status, code, r.body_text())
    }
}

/// `Json<T>` whose rejections are [`AppError`]s (so a bad body also answers `{code, message}`).
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Json(v) = Json::<T>::from_request(req, state).await?;
        Ok(ApiJson(v))
    }
}
