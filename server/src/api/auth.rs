//! Bearer-token protection. On a loopback address the API is open (only local users reach it);
//! on any other address `WFM_API_TOKEN` must be set and every API request must carry it.

use super::error::AppError;
use super::AppState;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::net::SocketAddr;

/// Why the server refuses to start.
#[derive(Debug, thiserror::Error)]
pub enum AuthConfigError {
    /// Bound beyond loopback without a token.
    #[error("listening on {0} (not loopback) needs WFM_API_TOKEN to be set")]
    TokenRequired(SocketAddr),
}

/// The token the API requires when listening on `addr` (`WFM_API_TOKEN`; required off loopback).
pub fn token_for(addr: SocketAddr) -> Result<Option<String>, AuthConfigError> {
    let token = std::env::var("WFM_API_TOKEN").ok().filter(|t| !t.trim().is_empty());
    match token {
        Some(t) => Ok(Some(t.trim().to_string())),
        None if addr.ip().is_loopback() => Ok(None),
        None => Err(AuthConfigError::TokenRequired(addr)),
    }
}

/// Rejects requests without the right `Authorization: Bearer` header (401).
pub async fn require_token(State(state): State<AppState>, req: Request, next: Next) -> Result<Response, AppError> {
    if let Some(token) = &state.token {
        let given = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        if !constant_time_eq(given.trim().as_bytes(), token.as_bytes()) {
            return Err(AppError::new(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", "a valid bearer token is required"));
        }
    }
    Ok(next.run(req).await)
}

/// Compares without an early exit, so timing does not reveal how much of a guess was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
