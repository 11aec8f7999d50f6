//! The browser's sign-in (see [`super::auth`]): `GET /session` says whether a token is required
//! and whether this request carries it; `POST /session {token}` checks the token and sets the
//! session cookie; `DELETE /session` clears it. These routes are open: they are how a browser
//! gets in. The token is never echoed, logged or stored in the cookie.

use super::auth::{authorized, constant_time_eq, session_value, unauthorized, SESSION_COOKIE};
use super::error::{ApiJson, AppError};
use super::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

/// `POST /session` body.
#[derive(Deserialize)]
pub struct SignIn {
    token: String,
}

/// `GET /session` → `{tokenRequired, signedIn}`.
pub async fn get(State(s): State<AppState>, headers: HeaderMap) -> Json<Value> {
    Json(json!({
        "tokenRequired": s.token.is_some(),
        "signedIn": s.token.is_some() && authorized(&headers, s.token.as_deref()),
    }))
}

/// `POST /session {token}` → 204 with the session cookie, or 401.
pub async fn sign_in(State(s): State<AppState>, headers: HeaderMap, ApiJson(body): ApiJson<SignIn>) -> Result<Response, AppError> {
    let Some(token) = s.token.as_deref() else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    if !constant_time_eq(body.token.trim().as_bytes(), token.as_bytes()) {
        return Err(unauthorized());
    }
    let cookie = cookie(&headers, &session_value(token), None);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

/// `DELETE /session` → 204, the cookie cleared.
pub async fn sign_out(headers: HeaderMap) -> Response {
    (StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie(&headers, "", Some(0)))]).into_response()
}

/// The `Set-Cookie` value; `Secure` when a TLS proxy in front says the page is HTTPS.
fn cookie(headers: &HeaderMap, value: &str, max_age: Option<u32>) -> String {
    let mut c = format!("{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    let https = headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https");
    if https {
        c.push_str("; Secure");
    }
    c
}
