//! OpenAI-compatible chat completions (`POST {OPENAI_BASE_URL}/chat/completions`, streamed):
//! OpenAI itself, Ollama, vLLM, llama.cpp. A key is required only for api.openai.com; local
//! servers are called without one.

use super::error::LlmError;
use super::http::{Endpoint, StreamHandler};
use super::sse::SseEvent;
use super::{Answer, LlmParams};
use crate::config::ProviderConfig;
use serde_json::{json, Value};

const PROVIDER: &str = "openai";

/// The streamed request for `p`, or `LLM.MissingApiKey` (api.openai.com only).
pub fn endpoint(cfg: &ProviderConfig, p: &LlmParams) -> Result<Endpoint, LlmError> {
    let mut headers = Vec::new();
    match &cfg.api_key {
        Some(key) => headers.push(("authorization", format!("Bearer {}", key.expose()))),
        None if cfg.base_url.contains("api.openai.com") => return Err(LlmError::MissingApiKey { var: "OPENAI_API_KEY" }),
        None => {}
    }
    let mut messages = Vec::new();
    if let Some(s) = &p.system {
        messages.push(json!({"role": "system", "content": s}));
    }
    messages.push(json!({"role": "user", "content": p.prompt}));
    let mut body = json!({"model": p.model, "messages": messages, "stream": true, "stream_options": {"include_usage": true}});
    let reasoning = ["o1", "o3", "o4", "gpt-5"].iter().any(|m| p.model.starts_with(m));
    body[if reasoning { "max_completion_tokens" } else { "max_tokens" }] = json!(p.max_tokens());
    if let Some(t) = p.temperature {
        body["temperature"] = json!(t);
    }
    if p.response_format == Some(super::ResponseFormat::Json) {
        body["response_format"] = json!({"type": "json_object"});
    }
    Ok(Endpoint { provider: PROVIDER, url: format!("{}/chat/completions", cfg.base_url.trim_end_matches('/')), headers, body })
}

/// Accumulates streamed chunks until `data: [DONE]`.
#[derive(Debug, Default)]
pub struct Handler {
    /// What has arrived so far.
    pub answer: Answer,
    saw_done: bool,
}

impl StreamHandler for Handler {
    fn on_event(&mut self, ev: &SseEvent) -> Result<Option<String>, LlmError> {
        if ev.data.trim() == "[DONE]" {
            self.saw_done = true;
            return Ok(None);
        }
        let v: Value = serde_json::from_str(&ev.data)
            .map_err(|e| LlmError::InvalidResponse { provider: PROVIDER, message: format!("chunk is not JSON: {e}") })?;
        if v.get("error").is_some_and(|e| !e.is_null()) {
            let kind = v["error"]["type"].as_str().or(v["error"]["code"].as_str()).unwrap_or("api_error").to_string();
            let message = v["error"]["message"].as_str().unwrap_or_default().to_string();
            return Err(LlmError::StreamEvent { provider: PROVIDER, kind, message });
        }
        let a = &mut self.answer;
        if let Some(m) = v["model"].as_str() {
            a.model = Some(m.to_string());
        }
        if let Some(u) = v.get("usage").filter(|u| u.is_object()) {
            a.input_tokens = u["prompt_tokens"].as_u64().unwrap_or(a.input_tokens);
            a.output_tokens = u["completion_tokens"].as_u64().unwrap_or(a.output_tokens);
        }
        let choice = &v["choices"][0];
        if let Some(r) = choice["finish_reason"].as_str() {
            a.stop_reason = Some(r.to_string());
        }
        let text = choice["delta"]["content"].as_str().unwrap_or_default().to_string();
        a.text.push_str(&text);
        Ok(Some(text))
    }

    fn done(&self) -> bool {
        self.saw_done
    }

    fn complete_at_eof(&self) -> bool {
        self.saw_done || self.answer.stop_reason.is_some()
    }
}

/// Reads a whole (non-streamed) completion, for servers that ignore `stream: true`.
pub fn from_json(v: &Value) -> Answer {
    let choice = &v["choices"][0];
    Answer {
        text: choice["message"]["content"].as_str().unwrap_or_default().to_string(),
        model: v["model"].as_str().map(str::to_string),
        stop_reason: choice["finish_reason"].as_str().map(str::to_string),
        input_tokens: v["usage"]["prompt_tokens"].as_u64().unwrap_or(0),
        output_tokens: v["usage"]["completion_tokens"].as_u64().unwrap_or(0),
    }
}
