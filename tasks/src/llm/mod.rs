//! `call_llm`: one prompt to an LLM, streamed, one request per task attempt (the state's
//! `Retry` retries it, visibly in the history), with catchable errors.
//!
//! The provider is `provider` when given, else chosen by model: `dry-run` answers without a
//! network call (also when `WFM_LLM_DRY_RUN` is set), `claude-*` goes to the Anthropic Messages
//! API, anything else to the OpenAI-compatible chat-completions server. Text deltas are sent
//! to the task's progress sink as `{"type":"llm_delta","text":…}` while the answer streams.
//! Layout: [`anthropic`], [`openai`] (request and stream format), [`http`] (the request, stream
//! reading), [`sse`], [`cost`], [`error`].

pub mod anthropic;
pub mod cost;
pub mod error;
pub mod http;
pub mod openai;
pub mod sse;

use crate::config::TasksConfig;
use crate::params::register;
use engine::task::{FunctionSpec, ProgressSink, TaskCall, TaskRegistry};
use engine::StatesError;
use error::{to_states_error, LlmError};
use http::{Endpoint, StreamHandler, Transport};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Instant;

/// Which API answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// Anthropic Messages API.
    Anthropic,
    /// OpenAI-compatible chat completions.
    OpenAi,
    /// No call: the rendered prompt and a token estimate.
    #[serde(rename = "dry-run")]
    DryRun,
}

impl Provider {
    fn as_str(self) -> &'static str {
        match self {
            Provider::Anthropic => "anthropic",
            Provider::OpenAi => "openai",
            Provider::DryRun => "dry-run",
        }
    }
}

/// `call_llm`'s parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LlmParams {
    /// The user message (usually rendered from `{{States.Step.field}}` templates).
    pub prompt: String,
    /// Model name; `dry-run` for no call; empty: the configured default (see [`default_model`]).
    #[serde(default)]
    pub model: String,
    /// System prompt.
    pub system: Option<String>,
    /// Output token limit (default 1024).
    pub max_tokens: Option<u32>,
    /// Sampling temperature.
    pub temperature: Option<f64>,
    /// Force a provider instead of choosing by model name.
    pub provider: Option<Provider>,
    /// `json`: also parse the answer as JSON into the output's `json` field.
    pub response_format: Option<ResponseFormat>,
}

/// What the answer should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResponseFormat {
    /// Plain text (the default).
    Text,
    /// A JSON document: OpenAI-compatible servers are asked for `json_object`, and the
    /// output's `json` holds the parsed answer (`null` when it does not parse).
    #[serde(alias = "json_object")]
    Json,
}

impl LlmParams {
    /// The output token limit.
    pub fn max_tokens(&self) -> u32 {
        self.max_tokens.unwrap_or(1024).max(1)
    }
}

/// A finished answer, whatever the provider.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answer {
    /// The whole text.
    pub text: String,
    /// The model that answered, as the server named it.
    pub model: Option<String>,
    /// Why it stopped (`end_turn`, `stop`, `max_tokens`, `length`, …).
    pub stop_reason: Option<String>,
    /// Prompt tokens.
    pub input_tokens: u64,
    /// Answer tokens.
    pub output_tokens: u64,
}

/// The JSON Schema of [`LlmParams`].
pub fn params_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "prompt": {"type": "string", "description": "The user message; {{States.Step.field}} templates are rendered before the call."},
            "model": {"type": "string", "description": "claude-* (Anthropic), any other name (OpenAI-compatible server), or dry-run. Default: WFM_LLM_MODEL, else a Claude or OpenAI model when its key is set, else dry-run.", "examples": ["claude-sonnet-4-5", "gpt-4o-mini", "llama3.2", "dry-run"]},
            "system": {"type": "string", "description": "System prompt."},
            "max_tokens": {"type": "integer", "minimum": 1, "default": 1024},
            "temperature": {"type": "number", "minimum": 0, "maximum": 2},
            "provider": {"type": "string", "enum": ["anthropic", "openai", "dry-run"], "description": "Overrides the choice by model name."},
            "response_format": {"type": "string", "enum": ["text", "json"], "default": "text", "description": "json: the parsed answer is also returned as `json`."}
        },
        "required": ["prompt"],
        "additionalProperties": false
    })
}

/// The `call_llm` function.
pub fn functions(config: &Arc<TasksConfig>) -> TaskRegistry {
    let mut reg = TaskRegistry::new();
    let spec = FunctionSpec::new(
        "call_llm",
        "Sends a prompt to Claude or an OpenAI-compatible model (streamed); returns {text, result, model, provider, stop_reason, usage, cost_usd, latency_ms}.",
        params_schema(),
    );
    register(&mut reg, config, spec, |cfg, p: LlmParams, call| async move { call_llm(&cfg, p, call).await });
    reg
}

fn choose(config: &TasksConfig, p: &LlmParams) -> Provider {
    if config.llm.dry_run || p.model.eq_ignore_ascii_case("dry-run") {
        return Provider::DryRun;
    }
    p.provider.unwrap_or(if p.model.starts_with("claude") { Provider::Anthropic } else { Provider::OpenAi })
}

/// The model used when a call names none: `WFM_LLM_MODEL`, else a Claude model when
/// `ANTHROPIC_API_KEY` is set, else an OpenAI model when `OPENAI_API_KEY` is set, else
/// `dry-run` (so examples run on a machine with no key, clearly labelled).
pub fn default_model(config: &TasksConfig) -> String {
    if let Some(m) = &config.llm.default_model {
        return m.clone();
    }
    match (&config.anthropic.api_key, &config.openai.api_key) {
        (Some(_), _) => "claude-sonnet-4-5".into(),
        (None, Some(_)) => "gpt-4o-mini".into(),
        (None, None) => "dry-run".into(),
    }
}

/// Runs one call; every failure is a catchable [`StatesError`] without the key in it.
pub async fn call_llm(config: &TasksConfig, mut p: LlmParams, call: TaskCall) -> Result<Value, StatesError> {
    if p.model.trim().is_empty() {
        p.model = default_model(config);
    }
    let provider = choose(config, &p);
    if provider == Provider::DryRun {
        return Ok(with_json(dry_run(&p, &call.progress), &p));
    }
    let (cfg, secret) = match provider {
        Provider::Anthropic => (&config.anthropic, config.anthropic.api_key.as_ref()),
        _ => (&config.openai, config.openai.api_key.as_ref()),
    };
    let secret = secret.map(|s| s.expose());
    let started = Instant::now();
    let answer = run(config, provider, cfg, &p, &call).await.map_err(|e| to_states_error(&e, secret))?;
    let model = answer.model.clone().unwrap_or_else(|| p.model.clone());
    let cost = cost::estimate(&model, answer.input_tokens, answer.output_tokens);
    let out = json!({
        "text": answer.text, "result": answer.text, "model": model, "provider": provider.as_str(),
        "stop_reason": answer.stop_reason,
        "usage": {"input_tokens": answer.input_tokens, "output_tokens": answer.output_tokens},
        "cost_usd": cost, "latency_ms": started.elapsed().as_millis() as u64,
    });
    Ok(with_json(out, &p))
}

/// Adds `json` (the parsed answer) when the call asked for JSON.
fn with_json(mut out: Value, p: &LlmParams) -> Value {
    if p.response_format == Some(ResponseFormat::Json) {
        out["json"] = out["text"].as_str().and_then(extract_json).unwrap_or(Value::Null);
    }
    out
}

/// The JSON in a model's answer: the whole text, a ```json fenced block, or the span from the
/// first `{`/`[` to the last `}`/`]`.
pub fn extract_json(text: &str) -> Option<Value> {
    let t = text.trim();
    if let Ok(v) = serde_json::from_str(t) {
        return Some(v);
    }
    if let Some(start) = t.find("```") {
        let after = &t[start + 3..];
        let body = after.find('\n').map_or(after, |nl| &after[nl + 1..]);
        let body = body.find("```").map_or(body, |end| &body[..end]);
        if let Ok(v) = serde_json::from_str(body.trim()) {
            return Some(v);
        }
    }
    let open = t.find(['{', '['])?;
    let close = t.rfind(['}', ']'])?;
    (close > open).then(|| serde_json::from_str(&t[open..=close]).ok()).flatten()
}

async fn run(config: &TasksConfig, provider: Provider, cfg: &crate::config::ProviderConfig, p: &LlmParams, call: &TaskCall) -> Result<Answer, LlmError> {
    let ep: Endpoint = match provider {
        Provider::Anthropic => anthropic::endpoint(cfg, p)?,
        _ => openai::endpoint(cfg, p)?,
    };
    let client = reqwest::Client::builder()
        .timeout(config.llm.timeout)
        .build()
        .map_err(|e| LlmError::Connection { provider: ep.provider, message: e.to_string() })?;
    let t = Transport { client, timeout: config.llm.timeout };
    let resp = http::send(&t, &ep).await?;
    let is_json = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).is_some_and(|c| c.contains("application/json"));
    if is_json {
        let v: Value = resp.json().await.map_err(|e| LlmError::InvalidResponse { provider: ep.provider, message: e.to_string() })?;
        let answer = if provider == Provider::Anthropic { anthropic::from_json(&v) } else { openai::from_json(&v) };
        (call.progress)(json!({"type": "llm_delta", "text": answer.text}));
        return Ok(answer);
    }
    match provider {
        Provider::Anthropic => stream_with(&t, ep.provider, resp, anthropic::Handler::default(), &call.progress, |h| h.answer).await,
        _ => stream_with(&t, ep.provider, resp, openai::Handler::default(), &call.progress, |h| h.answer).await,
    }
}

async fn stream_with<H: StreamHandler>(
    t: &Transport,
    provider: &'static str,
    resp: reqwest::Response,
    mut h: H,
    progress: &ProgressSink,
    answer: impl FnOnce(H) -> Answer,
) -> Result<Answer, LlmError> {
    http::read_stream(t, provider, resp, &mut h, progress).await?;
    Ok(answer(h))
}

/// Dry run: no call; the rendered prompt and a token estimate (~4 characters per token),
/// clearly labelled so that nobody mistakes it for a model's answer.
fn dry_run(p: &LlmParams, progress: &ProgressSink) -> Value {
    let mut rendered = String::new();
    if let Some(s) = &p.system {
        rendered.push_str(&format!("[system]\n{s}\n\n"));
    }
    rendered.push_str(&p.prompt);
    let text = format!("[dry-run: no LLM was called; model {}] Rendered prompt:\n\n{rendered}", p.model);
    let estimate = rendered.chars().count().div_ceil(4) as u64;
    progress(json!({"type": "llm_delta", "text": text}));
    json!({
        "text": text, "result": text, "model": p.model, "provider": "dry-run", "dry_run": true,
        "stop_reason": "dry_run", "prompt": rendered,
        "usage": {"input_tokens": estimate, "output_tokens": 0}, "estimated_input_tokens": estimate,
        "cost_usd": 0.0, "latency_ms": 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(model: &str) -> LlmParams {
        LlmParams { prompt: "hi".into(), model: model.into(), system: None, max_tokens: None, temperature: None, provider: None, response_format: None }
    }

    #[test]
    fn providers_follow_the_model_name() {
        let c = TasksConfig::default();
        assert_eq!(choose(&c, &params("claude-sonnet-4-5")), Provider::Anthropic);
        assert_eq!(choose(&c, &params("llama3.2")), Provider::OpenAi);
        assert_eq!(choose(&c, &params("dry-run")), Provider::DryRun);
        let mut dry = TasksConfig::default();
        dry.llm.dry_run = true;
        assert_eq!(choose(&dry, &params("claude-x")), Provider::DryRun);
    }

    #[test]
    fn json_is_found_in_answers() {
        assert_eq!(extract_json("{\"a\": 1}"), Some(json!({"a": 1})));
        assert_eq!(extract_json("Sure:\n```json\n[1, 2]\n```\nDone."), Some(json!([1, 2])));
        assert_eq!(extract_json("The plan is {\"cache\": [\"q_1\"]} as asked."), Some(json!({"cache": ["q_1"]})));
        assert_eq!(extract_json("no json here"), None);
    }

    #[test]
    fn the_default_model_follows_the_keys() {
        let mut c = TasksConfig::default();
        assert_eq!(default_model(&c), "dry-run");
        c.openai.api_key = Some(crate::config::Secret::new("k"));
        assert_eq!(default_model(&c), "gpt-4o-mini");
        c.llm.default_model = Some("llama3.2".into());
        assert_eq!(default_model(&c), "llama3.2");
    }

    #[test]
    fn dry_run_is_labelled_and_estimates_tokens() {
        let v = dry_run(&LlmParams { system: Some("be brief".into()), ..params("dry-run") }, &(Arc::new(|_| {}) as ProgressSink));
        assert!(v["text"].as_str().unwrap().starts_with("[dry-run"));
        assert_eq!(v["result"], v["text"]);
        assert_eq!(v["usage"]["input_tokens"], 6);
        assert_eq!(v["dry_run"], true);
    }
}
