//! The Anthropic Messages API (`POST {ANTHROPIC_BASE_URL}/v1/messages`, streamed).

use super::error::LlmError;
use super::http::{Endpoint, StreamHandler};
use super::sse::SseEvent;
use super::{Answer, LlmParams};
use crate::config::ProviderConfig;
use serde_json::{json, Value};

const PROVIDER: &str = "anthropic";
/// The API version header the request format follows.
pub const API_VERSION: &str = "2023-06-01";

/// The streamed request for `p`, or `LLM.MissingApiKey`.
pub fn endpoint(cfg: &ProviderConfig, p: &LlmParams) -> Result<Endpoint, LlmError> {
    let key = cfg.api_key.as_ref().ok_or(LlmError::MissingApiKey { var: "ANTHROPIC_API_KEY" })?;
    let mut body = json!({
        "model": p.model,
        "max_tokens": p.max_tokens(),
        "messages": [{"role": "user", "content": p.prompt}],
        "stream": true,
    });
    if let Some(s) = &p.system {
        body["system"] = json!(s);
    }
    if let Some(t) = p.temperature {
        body["temperature"] = json!(t);
    }
    Ok(Endpoint {
        provider: PROVIDER,
        url: format!("{}/v1/messages", cfg.base_url.trim_end_matches('/')),
        headers: vec![("x-api-key", key.expose().to_string()), ("anthropic-version", API_VERSION.to_string())],
        body,
    })
}

/// Accumulates a streamed message.
#[derive(Debug, Default)]
pub struct Handler {
    /// What has arrived so far.
    pub answer: Answer,
    finished: bool,
}

impl StreamHandler for Handler {
    fn on_event(&mut self, ev: &SseEvent) -> Result<Option<String>, LlmError> {
        let v: Value = serde_json::from_str(&ev.data)
            .map_err(|e| LlmError::InvalidResponse { provider: PROVIDER, message: format!("event is not JSON: {e}") })?;
        let a = &mut self.answer;
        match v["type"].as_str().unwrap_or(ev.event.as_str()) {
            "message_start" => {
                a.model = v["message"]["model"].as_str().map(str::to_string);
                a.input_tokens = v["message"]["usage"]["input_tokens"].as_u64().unwrap_or(0);
                a.output_tokens = v["message"]["usage"]["output_tokens"].as_u64().unwrap_or(0);
            }
            "content_block_delta" if v["delta"]["type"] == "text_delta" => {
                let text = v["delta"]["text"].as_str().unwrap_or_default().to_string();
                a.text.push_str(&text);
                return Ok(Some(text));
            }
            "message_delta" => {
                a.stop_reason = v["delta"]["stop_reason"].as_str().map(str::to_string).or(a.stop_reason.take());
                a.output_tokens = v["usage"]["output_tokens"].as_u64().unwrap_or(a.output_tokens);
                a.input_tokens = v["usage"]["input_tokens"].as_u64().unwrap_or(a.input_tokens);
            }
            "message_stop" => self.finished = true,
            "error" => {
                let kind = v["error"]["type"].as_str().unwrap_or("api_error").to_string();
                let message = v["error"]["message"].as_str().unwrap_or_default().to_string();
                return Err(LlmError::StreamEvent { provider: PROVIDER, kind, message });
            }
            _ => {}
        }
        Ok(None)
    }

    fn done(&self) -> bool {
        self.finished
    }
}

/// Reads a whole (non-streamed) message, for servers that ignore `stream: true`.
pub fn from_json(v: &Value) -> Answer {
    let text = v["content"].as_array().into_iter().flatten().filter_map(|b| b["text"].as_str()).collect::<String>();
    Answer {
        text,
        model: v["model"].as_str().map(str::to_string),
        stop_reason: v["stop_reason"].as_str().map(str::to_string),
        input_tokens: v["usage"]["input_tokens"].as_u64().unwrap_or(0),
        output_tokens: v["usage"]["output_tokens"].as_u64().unwrap_or(0),
    }
}
