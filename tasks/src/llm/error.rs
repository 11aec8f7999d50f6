//! LLM failures and their catchable names. Vendor error bodies (Anthropic's
//! `{"type":"error","error":{"type","message"}}`, OpenAI's `{"error":{"message","type"}}`) give
//! the message; the HTTP status gives the name, as the vendors' SDKs map them.

use engine::error::names::TIMEOUT;
use engine::StatesError;
use serde_json::Value;

/// Error names a `Catch` can match.
pub mod names {
    /// No API key configured for the provider.
    pub const MISSING_API_KEY: &str = "LLM.MissingApiKey";
    /// 401: the key was refused.
    pub const AUTHENTICATION_FAILED: &str = "LLM.AuthenticationFailed";
    /// 403: the key may not use this model or endpoint.
    pub const PERMISSION_DENIED: &str = "LLM.PermissionDenied";
    /// 400/413/422: the request itself is wrong (bad model parameters, prompt too long).
    pub const INVALID_REQUEST: &str = "LLM.InvalidRequest";
    /// 404: unknown model or endpoint.
    pub const NOT_FOUND: &str = "LLM.NotFound";
    /// 429 (retry it with the state's `Retry`).
    pub const RATE_LIMITED: &str = "LLM.RateLimited";
    /// 529 (Anthropic) or an `overloaded_error` event.
    pub const OVERLOADED: &str = "LLM.Overloaded";
    /// Other 5xx.
    pub const SERVER_ERROR: &str = "LLM.ServerError";
    /// The server could not be reached.
    pub const CONNECTION_FAILED: &str = "LLM.ConnectionFailed";
    /// The response stream ended before the model finished.
    pub const STREAM_INTERRUPTED: &str = "LLM.StreamInterrupted";
    /// The server answered with something that is not the API's format.
    pub const INVALID_RESPONSE: &str = "LLM.InvalidResponse";
}

/// Why `call_llm` failed. Messages never hold the API key.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LlmError {
    /// No key for the chosen provider.
    #[error("{var} is not set: set it (or use model \"dry-run\" to author without a key)")]
    MissingApiKey { var: &'static str },
    /// A non-2xx answer.
    #[error("{provider} returned HTTP {status}: {message}")]
    Status { provider: &'static str, status: u16, message: String },
    /// An `error` event inside the stream.
    #[error("{provider} stream error {kind}: {message}")]
    StreamEvent { provider: &'static str, kind: String, message: String },
    /// The request timed out.
    #[error("{provider} request timed out after {seconds:.1} s")]
    Timeout { provider: &'static str, seconds: f64 },
    /// The connection failed.
    #[error("cannot reach {provider}: {message}")]
    Connection { provider: &'static str, message: String },
    /// The stream was cut short.
    #[error("{provider} stream ended early: {message}")]
    StreamInterrupted { provider: &'static str, message: String },
    /// The answer was not in the API's format.
    #[error("{provider} sent an unexpected response: {message}")]
    InvalidResponse { provider: &'static str, message: String },
}

impl LlmError {
    /// The ASL error name.
    pub fn name(&self) -> &'static str {
        match self {
            LlmError::MissingApiKey { .. } => names::MISSING_API_KEY,
            LlmError::Status { status, .. } => status_name(*status),
            LlmError::StreamEvent { kind, .. } => event_name(kind),
            LlmError::Timeout { .. } => TIMEOUT,
            LlmError::Connection { .. } => names::CONNECTION_FAILED,
            LlmError::StreamInterrupted { .. } => names::STREAM_INTERRUPTED,
            LlmError::InvalidResponse { .. } => names::INVALID_RESPONSE,
        }
    }

    /// Builds a `Status` error from a vendor's error body (either format, or plain text).
    pub fn from_body(provider: &'static str, status: u16, body: &str) -> Self {
        let parsed: Option<Value> = serde_json::from_str(body).ok();
        let message = parsed
            .as_ref()
            .and_then(|v| v["error"]["message"].as_str().or(v["message"].as_str()).map(str::to_string))
            .unwrap_or_else(|| body.chars().take(300).collect());
        LlmError::Status { provider, status, message }
    }
}

fn status_name(status: u16) -> &'static str {
    match status {
        400 | 413 | 422 => names::INVALID_REQUEST,
        401 => names::AUTHENTICATION_FAILED,
        403 => names::PERMISSION_DENIED,
        404 => names::NOT_FOUND,
        408 => TIMEOUT,
        429 => names::RATE_LIMITED,
        529 => names::OVERLOADED,
        _ => names::SERVER_ERROR,
    }
}

fn event_name(kind: &str) -> &'static str {
    match kind {
        "overloaded_error" => names::OVERLOADED,
        "rate_limit_error" => names::RATE_LIMITED,
        "invalid_request_error" => names::INVALID_REQUEST,
        "authentication_error" => names::AUTHENTICATION_FAILED,
        "permission_error" => names::PERMISSION_DENIED,
        _ => names::SERVER_ERROR,
    }
}

/// Converts to the engine's error, removing `secret` from the cause should any part echo it.
pub fn to_states_error(e: &LlmError, secret: Option<&str>) -> StatesError {
    let mut cause = e.to_string();
    if let Some(s) = secret.filter(|s| s.len() >= 4) {
        cause = cause.replace(s, "***");
    }
    StatesError::new(e.name(), cause)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_like_the_sdks() {
        let body = r#"{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}"#;
        let e = LlmError::from_body("anthropic", 429, body);
        assert_eq!(e.name(), names::RATE_LIMITED);
        assert!(e.to_string().contains("slow down"));
        assert_eq!(LlmError::from_body("openai", 401, "{}").name(), names::AUTHENTICATION_FAILED);
        assert_eq!(LlmError::from_body("openai", 503, "oops").name(), names::SERVER_ERROR);
        assert_eq!(LlmError::from_body("anthropic", 529, "").name(), names::OVERLOADED);
    }

    #[test]
    fn keys_are_scrubbed() {
        let e = LlmError::Connection { provider: "openai", message: "bad sk-12345".into() };
        assert!(!to_states_error(&e, Some("sk-12345")).cause.contains("sk-12345"));
    }
}
