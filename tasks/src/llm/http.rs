//! Sending a request the way the vendors' SDKs do, and reading its event stream.
//!
//! Retries: HTTP 408, 409, 429 and 5xx (including Anthropic's 529), connection failures and
//! timeouts, at most `max_retries` times. The delay is the server's `retry-after-ms` /
//! `retry-after` (seconds or an HTTP date) when it is under a minute, else exponential backoff
//! from 0.5 s with jitter, both capped at 8 s; `x-should-retry` overrides the decision. Delays
//! run on the engine's clock, so `--wait-scale` and virtual clocks apply to them.

use super::error::LlmError;
use super::sse::{SseEvent, SseParser};
use engine::clock::Clock;
use engine::task::ProgressSink;
use futures::StreamExt;
use reqwest::header::HeaderMap;
use reqwest::{Client, Response};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

/// Longest delay between two attempts.
pub const MAX_RETRY_DELAY: Duration = Duration::from_secs(8);

/// What a request needs besides its body.
pub struct Transport {
    /// The shared HTTP client (its timeout is the request timeout).
    pub client: Client,
    /// The engine's clock, for retry delays.
    pub clock: Arc<dyn Clock>,
    /// Retries after the first attempt.
    pub max_retries: u32,
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

/// Sends `ep`, retrying as the SDKs do; returns the first 2xx response.
pub async fn send(t: &Transport, ep: &Endpoint) -> Result<Response, LlmError> {
    let mut attempt = 0;
    loop {
        let mut req = t.client.post(&ep.url).json(&ep.body);
        for (k, v) in &ep.headers {
            req = req.header(*k, v);
        }
        let (err, retry, after) = match req.send().await {
            Ok(resp) if resp.status().is_success() => return Ok(resp),
            Ok(resp) => {
                let status = resp.status().as_u16();
                let headers = resp.headers().clone();
                let body = resp.text().await.unwrap_or_default();
                let retry = should_retry(&headers).unwrap_or(matches!(status, 408 | 409 | 429) || status >= 500);
                (LlmError::from_body(ep.provider, status, &body), retry, retry_after(&headers))
            }
            Err(e) => (transport_error(t, ep.provider, &e), true, None),
        };
        if !retry || attempt >= t.max_retries {
            return Err(err);
        }
        t.clock.sleep(delay(attempt, after)).await;
        attempt += 1;
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

fn should_retry(headers: &HeaderMap) -> Option<bool> {
    match headers.get("x-should-retry")?.to_str().ok()? {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// The server's requested delay, if it gave one.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let get = |k: &str| headers.get(k).and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(ms) = get("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        return Duration::try_from_secs_f64(ms / 1000.0).ok();
    }
    let v = get("retry-after")?;
    if let Ok(secs) = v.parse::<f64>() {
        return Duration::try_from_secs_f64(secs).ok();
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    (when.with_timezone(&chrono::Utc) - chrono::Utc::now()).to_std().ok()
}

/// The delay before retry number `attempt + 1`.
pub fn delay(attempt: u32, retry_after: Option<Duration>) -> Duration {
    if let Some(d) = retry_after.filter(|d| *d <= Duration::from_secs(60)) {
        return d.min(MAX_RETRY_DELAY);
    }
    let base = (0.5 * 2f64.powi(attempt.min(10) as i32)).min(MAX_RETRY_DELAY.as_secs_f64());
    Duration::from_secs_f64(base * (1.0 - 0.25 * fastrand::f64()))
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

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_forms_and_the_cap() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("3"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        h.insert("retry-after-ms", HeaderValue::from_static("1e300"));
        assert_eq!(retry_after(&h), None, "absurd values are ignored, not a panic");
        h.insert("retry-after-ms", HeaderValue::from_static("250"));
        assert_eq!(retry_after(&h), Some(Duration::from_millis(250)));
        assert_eq!(delay(0, Some(Duration::from_secs(30))), MAX_RETRY_DELAY);
        assert!(delay(0, None) <= Duration::from_millis(500));
        assert!(delay(20, None) <= MAX_RETRY_DELAY);
        assert!(delay(0, Some(Duration::from_secs(600))) <= Duration::from_millis(500), "over a minute: ignored");
    }
}
