//! Token protection. On a loopback address the API and the web app are open (only local users
//! reach them); on any other address `WFM_API_TOKEN` must be set, and every API request and
//! every server function must carry it, either as `Authorization: Bearer <token>` (scripts) or
//! as the session cookie that `POST /api/session` sets after the sign-in form (browsers: the
//! `fetch` calls, form posts and `EventSource` streams of the page send it by themselves).
//!
//! The cookie holds a SHA-256 digest of the token, not the token, so no response ever carries
//! the token itself; it is `HttpOnly` (no script reads it) and `SameSite=Strict` (no other site
//! can make the browser send it, which is what stops cross-site request forgery). Comparisons
//! run in constant time.

use super::error::AppError;
use super::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use sha2::{Digest, Sha256};
use std::net::SocketAddr;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "wfm_session";

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

/// Whether a request with `headers` may pass: no token configured, or the bearer header equals
/// the token, or the session cookie equals [`session_value`] of it.
pub fn authorized(headers: &HeaderMap, token: Option<&str>) -> bool {
    let Some(token) = token else { return true };
    let bearer = headers
        .get_all(header::AUTHORIZATION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.strip_prefix("Bearer "))
        .any(|given| constant_time_eq(given.trim().as_bytes(), token.as_bytes()));
    bearer || session_cookie(headers).is_some_and(|c| constant_time_eq(c.as_bytes(), session_value(token).as_bytes()))
}

/// What the session cookie holds for `token`: a hex SHA-256 digest (domain-separated).
pub fn session_value(token: &str) -> String {
    let digest = Sha256::new().chain_update(b"wfm-session-v1\0").chain_update(token.as_bytes()).finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The `wfm_session` cookie of a request, if any.
fn session_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim())
}

/// Rejects requests without the token (401), see [`authorized`].
pub async fn require_token(State(state): State<AppState>, req: Request, next: Next) -> Result<Response, AppError> {
    if !authorized(req.headers(), state.token.as_deref()) {
        return Err(unauthorized());
    }
    Ok(next.run(req).await)
}

/// The 401 answer.
pub fn unauthorized() -> AppError {
    AppError::new(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", "a valid bearer token or session is required")
}

/// Compares without an early exit, so timing does not reveal how much of a guess was right.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(header::HeaderName::from_bytes(k.as_bytes()).unwrap(), v.parse().unwrap());
        }
        h
    }

    #[test]
    fn bearer_or_cookie_passes_anything_else_fails() {
        let t = Some("s3cret");
        let cookie = format!("a=b; {SESSION_COOKIE}={}; c=d", session_value("s3cret"));
        assert!(authorized(&headers(&[]), None));
        assert!(authorized(&headers(&[("authorization", "Bearer s3cret")]), t));
        assert!(authorized(&headers(&[("cookie", &cookie)]), t));
        assert!(!authorized(&headers(&[]), t));
        assert!(!authorized(&headers(&[("authorization", "Bearer s3cre")]), t));
        assert!(!authorized(&headers(&[("authorization", "s3cret")]), t));
        // The cookie must hold the digest, never the token itself.
        assert!(!authorized(&headers(&[("cookie", &format!("{SESSION_COOKIE}=s3cret"))]), t));
        let other = format!("x{SESSION_COOKIE}={}", session_value("s3cret"));
        assert!(!authorized(&headers(&[("cookie", &other)]), t));
    }

    #[test]
    fn session_value_is_a_digest_that_does_not_contain_the_token() {
        let v = session_value("s3cret");
        assert_eq!(v.len(), 64);
        assert!(!v.contains("s3cret"));
        assert_ne!(v, session_value("s3cret2"));
    }
}
