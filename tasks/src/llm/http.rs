//! Sending a request and reading its event stream.
//!
//! One task attempt is one HTTP request: there are no retries in here (unlike the vendors'
//! SDKs). A 429, 5xx or connection failure becomes its typed error (`LLM.RateLimited`,
//! `LLM.ServerError`, …) and the state's `Retry` decides whether and when to try again, so every
//! attempt is in the execution's history and the definition's `MaxAttempts` is the real count.

use super::error::LlmError;
use super::sse::{SseEvent, SseParser};
use engine::task::ProgressSink;
use futures::StreamExt;
use reqwest::{Client, Response};
use serde_json::{json, Value};
use std::time::Duration;

/// What a request needs besides its body.
pub struct Transport {
    /// The shared HTTP client (its timeout is the request timeout).
    pub client: Client,
    /// The request timeout, for messages.
    pub timeout: Duration,
}

/// One API call: where, with which headers, what body.
pub struct Endpoint {
    /// `anthropic` or `openai`, for messages.
    pub provider: &'static str,
    /// The full URL.
    pub url: String,
    /// Extra headers (the key among them).
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body.
    pub body: Value,
}

/// Sends `ep` once; a non-2xx answer or a failed connection is the error a `Retry` can match.
pub async fn send(t: &Transport, ep: &Endpoint) -> Result<Response, LlmError> {
    let mut req = t.client.post(&ep.url).json(&ep.body);
    for (k, v) in &ep.headers {
        req = req.header(*k, v);
    }
    match req.send().await {
        Ok(resp) if resp.status().is_success() => Ok(resp),
        Ok(resp) => {
            let status = resp.status().as_u16();
            let body = resp.text().await.unwrap_or_default();
            Err(LlmError::from_body(ep.provider, status, &body))
        }
        Err(e) => Err(transport_error(t, ep.provider, &e)),
    }
}

fn transport_error(t: &Transport, provider: &'static str, e: &reqwest::Error) -> LlmError {
    if e.is_timeout() {
        return LlmError::Timeout { provider, seconds: t.timeout.as_secs_f64() };
    }
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message = format!("{message}: {s}");
        source = s.source();
    }
    LlmError::Connection { provider, message }
}

/// Reads a provider's stream, one record at a time.
pub trait StreamHandler {
    /// Handles a record; returns the text it adds, if any.
    fn on_event(&mut self, ev: &SseEvent) -> Result<Option<String>, LlmError>;
    /// Whether the provider's end-of-message record has arrived.
    fn done(&self) -> bool;
    /// Whether a body that ends here holds a whole answer (default: only when `done`).
    fn complete_at_eof(&self) -> bool {
        self.done()
    }
}

/// Feeds the response body to `h`, publishing each text delta as `{"type":"llm_delta","text"}`.
/// A body that ends (or breaks) before `h.done()` is `LLM.StreamInterrupted`.
pub async fn read_stream(t: &Transport, provider: &'static str, resp: Response, h: &mut impl StreamHandler, progress: &ProgressSink) -> Result<(), LlmError> {
    let mut body = resp.bytes_stream();
    let mut parser = SseParser::default();
    let deliver = |events: Vec<SseEvent>, h: &mut dyn StreamHandler| -> Result<(), LlmError> {
        for ev in events {
            if let Some(text) = h.on_event(&ev)?.filter(|t| !t.is_empty()) {
                progress(json!({"type": "llm_delta", "text": text}));
            }
        }
        Ok(())
    };
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| match e.is_timeout() {
            true => LlmError::Timeout { provider, seconds: t.timeout.as_secs_f64() },
            false => LlmError::StreamInterrupted { provider, message: e.to_string() },
        })?;
        deliver(parser.push(&chunk), h)?;
        if h.done() {
            return Ok(());
        }
    }
    deliver(parser.finish(), h)?;
    match h.complete_at_eof() {
        true => Ok(()),
        false => Err(LlmError::StreamInterrupted { provider, message: "the connection closed before the end of the message".into() }),
    }
}
