//! `call_llm` against a wire-level fake of an OpenAI-compatible chat-completions server
//! (OpenAI, Ollama, vLLM and llama.cpp cannot run here; the fake speaks their wire format).

mod support;

use engine::clock::{Clock, VirtualClock};
use serde_json::json;
use support::fake_llm::{openai_chunks, openai_error, FakeLlm, Reply};
use support::{call_on, config_in};
use tasks::config::Secret;

const KEY: &str = "sk-proj-test-abcdef123456";

fn config(fake: &FakeLlm, key: Option<&str>) -> tasks::TasksConfig {
    let mut cfg = config_in(&std::env::temp_dir());
    cfg.openai.api_key = key.map(Secret::new);
    cfg.openai.base_url = format!("{}/v1", fake.url);
    cfg
}

fn clock() -> std::sync::Arc<VirtualClock> {
    VirtualClock::starting_at(chrono::Utc::now())
}

#[tokio::test]
async fn streams_a_completion_with_usage() {
    let fake = FakeLlm::start(vec![Reply::Sse(openai_chunks("gpt-4o-mini-2024-07-18", &["Two ", "slow queries."], 1000, 200))]).await;
    let input = json!({"prompt": "Report", "model": "gpt-4o-mini", "system": "You are a DBA.", "temperature": 0});
    let (out, events) = call_on(&tasks::registry(&config(&fake, Some(KEY))), "call_llm", input, clock()).await;
    let out = out.unwrap();
    assert_eq!(out["text"], "Two slow queries.");
    assert_eq!(out["result"], "Two slow queries.");
    assert_eq!(out["provider"], "openai");
    assert_eq!(out["model"], "gpt-4o-mini-2024-07-18");
    assert_eq!(out["stop_reason"], "stop");
    assert_eq!(out["usage"], json!({"input_tokens": 1000, "output_tokens": 200}));
    assert_eq!(out["cost_usd"], json!(0.00027));
    let deltas: Vec<&str> = events.iter().map(|e| e["text"].as_str().unwrap()).collect();
    assert_eq!(deltas, ["Two ", "slow queries."]);

    let req = &fake.seen()[0];
    assert_eq!(req.path, "/v1/chat/completions");
    assert_eq!(req.headers["authorization"], format!("Bearer {KEY}"));
    assert_eq!(req.body["messages"], json!([{"role": "system", "content": "You are a DBA."}, {"role": "user", "content": "Report"}]));
    assert_eq!(req.body["stream"], true);
    assert_eq!(req.body["stream_options"], json!({"include_usage": true}));
    assert_eq!(req.body["max_tokens"], 1024);
}

#[tokio::test]
async fn a_local_server_is_called_without_a_key_and_priced_at_null() {
    let fake = FakeLlm::start(vec![Reply::Sse(openai_chunks("llama3.2", &["hi"], 3, 1))]).await;
    let (out, _) = call_on(&tasks::registry(&config(&fake, None)), "call_llm", json!({"prompt": "x", "model": "llama3.2"}), clock()).await;
    let out = out.unwrap();
    assert_eq!(out["text"], "hi");
    assert_eq!(out["cost_usd"], json!(null));
    assert!(fake.seen()[0].headers.get("authorization").is_none());
}

#[tokio::test]
async fn openai_itself_needs_a_key() {
    let mut cfg = config_in(&std::env::temp_dir());
    cfg.openai.api_key = None;
    let (out, _) = call_on(&tasks::registry(&cfg), "call_llm", json!({"prompt": "x", "model": "gpt-4o"}), clock()).await;
    let e = out.unwrap_err();
    assert_eq!(e.error, "LLM.MissingApiKey");
    assert!(e.cause.contains("OPENAI_API_KEY"));
}

#[tokio::test]
async fn a_rate_limit_is_one_request_whatever_retry_after_says() {
    let limited = Reply::Json(429, openai_error("rate_limit_exceeded", "Rate limit reached"), vec![("retry-after-ms", "1500".into())]);
    let fake = FakeLlm::start(vec![limited.clone(), limited]).await;
    let c = clock();
    let start = c.now();
    let (out, _) = call_on(&tasks::registry(&config(&fake, Some(KEY))), "call_llm", json!({"prompt": "x", "model": "gpt-4o"}), c.clone()).await;
    let e = out.unwrap_err();
    assert_eq!(e.error, "LLM.RateLimited");
    assert!(e.cause.contains("Rate limit reached"));
    assert_eq!(fake.seen().len(), 1);
    assert_eq!(c.now(), start, "no hidden wait");
}

#[tokio::test]
async fn a_cut_stream_is_interrupted_but_a_finished_one_without_done_is_accepted() {
    let mut chunks = openai_chunks("gpt-4o", &["a", "b"], 1, 2);
    chunks.truncate(2);
    let fake = FakeLlm::start(vec![Reply::SseCut(chunks)]).await;
    let (out, deltas) = call_on(&tasks::registry(&config(&fake, Some(KEY))), "call_llm", json!({"prompt": "x", "model": "gpt-4o"}), clock()).await;
    assert_eq!(out.unwrap_err().error, "LLM.StreamInterrupted");
    assert_eq!(deltas.len(), 1);

    let mut chunks = openai_chunks("gpt-4o", &["a"], 1, 2);
    chunks.pop();
    let fake = FakeLlm::start(vec![Reply::Sse(chunks)]).await;
    let (out, _) = call_on(&tasks::registry(&config(&fake, Some(KEY))), "call_llm", json!({"prompt": "x", "model": "gpt-4o"}), clock()).await;
    assert_eq!(out.unwrap()["text"], "a");
}

#[tokio::test]
async fn a_server_that_ignores_stream_is_read_as_json() {
    let body = json!({"id": "c1", "object": "chat.completion", "model": "qwen2.5", "choices": [{"index": 0,
        "message": {"role": "assistant", "content": "whole answer"}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 4, "completion_tokens": 2}});
    let fake = FakeLlm::start(vec![Reply::Json(200, body, vec![])]).await;
    let (out, events) = call_on(&tasks::registry(&config(&fake, None)), "call_llm", json!({"prompt": "x", "model": "qwen2.5"}), clock()).await;
    let out = out.unwrap();
    assert_eq!(out["text"], "whole answer");
    assert_eq!(out["usage"]["output_tokens"], 2);
    assert_eq!(events.len(), 1);
}

#[tokio::test]
async fn a_401_and_a_404_are_named() {
    let fake = FakeLlm::start(vec![
        Reply::Json(401, openai_error("invalid_request_error", "Incorrect API key provided"), vec![]),
        Reply::Json(404, openai_error("invalid_request_error", "The model `nope` does not exist"), vec![]),
    ])
    .await;
    let reg = tasks::registry(&config(&fake, Some(KEY)));
    let (a, _) = call_on(&reg, "call_llm", json!({"prompt": "x", "model": "gpt-4o"}), clock()).await;
    let a = a.unwrap_err();
    assert_eq!(a.error, "LLM.AuthenticationFailed");
    assert!(!a.cause.contains(KEY));
    let (b, _) = call_on(&reg, "call_llm", json!({"prompt": "x", "model": "nope"}), clock()).await;
    assert_eq!(b.unwrap_err().error, "LLM.NotFound");
}

#[tokio::test]
async fn reasoning_models_get_max_completion_tokens() {
    let fake = FakeLlm::start(vec![Reply::Sse(openai_chunks("o4-mini", &["k"], 1, 1))]).await;
    let input = json!({"prompt": "x", "model": "o4-mini", "max_tokens": 50, "provider": "openai"});
    let (out, _) = call_on(&tasks::registry(&config(&fake, Some(KEY))), "call_llm", input, clock()).await;
    assert!(out.is_ok());
    let body = &fake.seen()[0].body;
    assert_eq!(body["max_completion_tokens"], 50);
    assert!(body.get("max_tokens").is_none());
}

#[tokio::test]
async fn json_answers_are_parsed_and_the_model_defaults_from_the_key() {
    let fake = FakeLlm::start(vec![Reply::Sse(openai_chunks("gpt-4o-mini", &["```json\n{\"cache\": ", "[\"q_1\"]}\n```"], 5, 5))]).await;
    let input = json!({"prompt": "Reply with JSON", "response_format": "json"});
    let (out, _) = call_on(&tasks::registry(&config(&fake, Some(KEY))), "call_llm", input, clock()).await;
    let out = out.unwrap();
    assert_eq!(out["json"], json!({"cache": ["q_1"]}));
    let body = &fake.seen()[0].body;
    assert_eq!(body["model"], "gpt-4o-mini");
    assert_eq!(body["response_format"], json!({"type": "json_object"}));
}

/// Runs `call_llm` in a Task state with `retry` against `fake`: (outcome, TaskFailed events).
async fn run_with_retry(fake: &FakeLlm, retry: serde_json::Value) -> (serde_json::Value, usize) {
    use engine::exec::{ExecutionInfo, Executor};
    let def = json!({"StartAt": "Ask", "States": {"Ask": {"Type": "Task", "Resource": "call_llm",
        "Parameters": {"prompt": "x", "model": "gpt-4o"}, "Retry": retry, "End": true}}});
    let machine = engine::parse_value(&def).unwrap();
    let ex = Executor::builder(&machine).registry(std::sync::Arc::new(tasks::registry(&config(fake, Some(KEY))))).clock(clock()).build().unwrap();
    let sink = std::sync::Arc::new(engine::history::MemorySink::default());
    let outcome = ex.run(json!({}), ExecutionInfo::new("retry"), sink.clone()).await.to_json();
    let failed = sink.events().iter().filter(|e| e.event_type == engine::history::EventType::TaskFailed).count();
    (outcome, failed)
}

/// Retries happen only as the definition's `Retry` says, each one in the history.
#[tokio::test]
async fn a_states_retry_is_the_only_retry_and_each_attempt_is_in_the_history() {
    // Nothing scripted: the fake answers every request with a 500.
    let fake = FakeLlm::start(vec![]).await;
    let (outcome, failed) = run_with_retry(&fake, json!([{"ErrorEquals": ["LLM.ServerError"], "MaxAttempts": 3}])).await;
    assert_eq!((outcome["status"].as_str(), outcome["error"].as_str()), (Some("FAILED"), Some("LLM.ServerError")), "{outcome}");
    assert_eq!((fake.seen().len(), failed), (4, 4), "the first attempt and three retries, one request each");

    let limited = Reply::Json(429, openai_error("rate_limit_exceeded", "Rate limit reached"), vec![]);
    let fake = FakeLlm::start(vec![limited.clone(), limited, Reply::Sse(openai_chunks("gpt-4o", &["ok"], 1, 1))]).await;
    let (outcome, failed) = run_with_retry(&fake, json!([{"ErrorEquals": ["LLM.RateLimited"], "MaxAttempts": 2}])).await;
    assert_eq!(outcome["status"], "SUCCEEDED", "{outcome}");
    assert_eq!((fake.seen().len(), failed), (3, 2), "two visible rate-limited attempts");
}
