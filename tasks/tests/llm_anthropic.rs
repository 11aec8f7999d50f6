//! `call_llm` against a wire-level fake of the Anthropic Messages API (Anthropic cannot be
//! reached from here; the fake speaks its headers, bodies, SSE events and error formats).

mod support;

use engine::clock::{Clock, VirtualClock};
use serde_json::json;
use std::time::Duration;
use support::fake_llm::{anthropic_error, anthropic_events, FakeLlm, Reply};
use support::{call_on, config_in};
use tasks::config::Secret;

const KEY: &str = "sk-ant-test-0123456789";

fn registry(fake: &FakeLlm) -> engine::task::TaskRegistry {
    let mut cfg = config_in(&std::env::temp_dir());
    cfg.anthropic.api_key = Some(Secret::new(KEY));
    cfg.anthropic.base_url = fake.url.clone();
    tasks::registry(&cfg)
}

fn input() -> serde_json::Value {
    json!({"prompt": "Summarize: 3 tables", "model": "claude-sonnet-4-5", "system": "Be brief.", "max_tokens": 200, "temperature": 0.2})
}

fn clock() -> std::sync::Arc<VirtualClock> {
    VirtualClock::starting_at(chrono::Utc::now())
}

#[tokio::test]
async fn streams_the_answer_and_reports_usage_and_cost() {
    let fake = FakeLlm::start(vec![Reply::Sse(anthropic_events(&["Three ", "tables, ", "all fine."], "end_turn", 120, 9))]).await;
    let (out, events) = call_on(&registry(&fake), "call_llm", input(), clock()).await;
    let out = out.unwrap();
    assert_eq!(out["text"], "Three tables, all fine.");
    assert_eq!(out["result"], out["text"]);
    assert_eq!(out["provider"], "anthropic");
    assert_eq!(out["model"], "claude-sonnet-4-5-20250929");
    assert_eq!(out["stop_reason"], "end_turn");
    assert_eq!(out["usage"], json!({"input_tokens": 120, "output_tokens": 9}));
    assert_eq!(out["cost_usd"], json!(0.000495));
    assert!(out["latency_ms"].is_u64());
    let deltas: Vec<&str> = events.iter().map(|e| e["text"].as_str().unwrap()).collect();
    assert_eq!(deltas, ["Three ", "tables, ", "all fine."]);
    assert!(events.iter().all(|e| e["type"] == "llm_delta"));

    let req = &fake.seen()[0];
    assert_eq!(req.path, "/v1/messages");
    assert_eq!(req.headers["x-api-key"], KEY);
    assert_eq!(req.headers["anthropic-version"], "2023-06-01");
    assert_eq!(req.body["model"], "claude-sonnet-4-5");
    assert_eq!(req.body["system"], "Be brief.");
    assert_eq!(req.body["max_tokens"], 200);
    assert_eq!(req.body["temperature"], 0.2);
    assert_eq!(req.body["stream"], true);
    assert_eq!(req.body["messages"], json!([{"role": "user", "content": "Summarize: 3 tables"}]));
    assert!(!out.to_string().contains(KEY));
}

/// One attempt is one request: the client never retries by itself (the state's `Retry` does,
/// visibly), whatever the server suggests.
#[tokio::test]
async fn a_429_is_rate_limited_after_one_request_without_waiting() {
    let limited = Reply::Json(429, anthropic_error("rate_limit_error", "Number of requests has exceeded your rate limit"), vec![("retry-after", "2".into())]);
    let fake = FakeLlm::start(vec![limited, Reply::Sse(anthropic_events(&["ok"], "end_turn", 5, 1))]).await;
    let c = clock();
    let start = c.now();
    let (out, _) = call_on(&registry(&fake), "call_llm", input(), c.clone()).await;
    let e = out.unwrap_err();
    assert_eq!(e.error, "LLM.RateLimited");
    assert!(e.cause.contains("exceeded your rate limit"), "{}", e.cause);
    assert_eq!(fake.seen().len(), 1);
    assert_eq!(c.now(), start, "no hidden wait");
}

#[tokio::test]
async fn overloaded_529_and_a_500_are_reported_after_one_request() {
    let fake = FakeLlm::start(vec![Reply::Json(529, anthropic_error("overloaded_error", "Overloaded"), vec![])]).await;
    let (out, _) = call_on(&registry(&fake), "call_llm", input(), clock()).await;
    let e = out.unwrap_err();
    assert_eq!(e.error, "LLM.Overloaded");
    assert!(e.cause.contains("Overloaded"), "{}", e.cause);
    assert_eq!(fake.seen().len(), 1);
    let fake = FakeLlm::start(vec![Reply::Json(500, anthropic_error("api_error", "Internal server error"), vec![])]).await;
    let (out, _) = call_on(&registry(&fake), "call_llm", input(), clock()).await;
    assert_eq!(out.unwrap_err().error, "LLM.ServerError");
    assert_eq!(fake.seen().len(), 1);
}

#[tokio::test]
async fn a_401_is_not_retried_and_hides_the_key() {
    let fake = FakeLlm::start(vec![Reply::Json(401, anthropic_error("authentication_error", "invalid x-api-key"), vec![])]).await;
    let (out, _) = call_on(&registry(&fake), "call_llm", input(), clock()).await;
    let e = out.unwrap_err();
    assert_eq!(e.error, "LLM.AuthenticationFailed");
    assert!(e.cause.contains("invalid x-api-key") && !e.cause.contains(KEY), "{}", e.cause);
    assert_eq!(fake.seen().len(), 1);
}

#[tokio::test]
async fn a_400_is_an_invalid_request() {
    let fake = FakeLlm::start(vec![Reply::Json(400, anthropic_error("invalid_request_error", "max_tokens: too large"), vec![])]).await;
    let (out, _) = call_on(&registry(&fake), "call_llm", input(), clock()).await;
    assert_eq!(out.unwrap_err().error, "LLM.InvalidRequest");
}

#[tokio::test]
async fn a_stream_cut_short_is_interrupted_after_its_first_deltas() {
    let mut events = anthropic_events(&["Partial ", "answer"], "end_turn", 5, 2);
    events.truncate(5);
    let fake = FakeLlm::start(vec![Reply::SseCut(events.clone())]).await;
    let (out, deltas) = call_on(&registry(&fake), "call_llm", input(), clock()).await;
    assert_eq!(out.unwrap_err().error, "LLM.StreamInterrupted");
    assert_eq!(deltas.len(), 2, "the deltas before the cut were published");
    let fake = FakeLlm::start(vec![Reply::Sse(events)]).await;
    let (out, _) = call_on(&registry(&fake), "call_llm", input(), clock()).await;
    assert_eq!(out.unwrap_err().error, "LLM.StreamInterrupted", "a clean close before message_stop too");
}

#[tokio::test]
async fn an_error_event_in_the_stream_is_mapped() {
    let mut events = anthropic_events(&["a"], "end_turn", 5, 2);
    events.truncate(4);
    events.push(format!("event: error\ndata: {}\n\n", anthropic_error("overloaded_error", "Overloaded")));
    let fake = FakeLlm::start(vec![Reply::Sse(events)]).await;
    let (out, _) = call_on(&registry(&fake), "call_llm", input(), clock()).await;
    assert_eq!(out.unwrap_err().error, "LLM.Overloaded");
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let fake = FakeLlm::start(vec![Reply::Delayed(Duration::from_secs(3), Box::new(Reply::Sse(anthropic_events(&["late"], "end_turn", 1, 1))))]).await;
    let mut cfg = config_in(&std::env::temp_dir());
    cfg.anthropic.api_key = Some(Secret::new(KEY));
    cfg.anthropic.base_url = fake.url.clone();
    cfg.llm.timeout = Duration::from_millis(300);
    let (out, _) = call_on(&tasks::registry(&cfg), "call_llm", input(), clock()).await;
    let e = out.unwrap_err();
    assert_eq!(e.error, "States.Timeout", "{}", e.cause);
}

#[tokio::test]
async fn no_key_names_the_variable_and_sends_nothing() {
    let fake = FakeLlm::start(vec![]).await;
    let mut cfg = config_in(&std::env::temp_dir());
    cfg.anthropic.base_url = fake.url.clone();
    let (out, _) = call_on(&tasks::registry(&cfg), "call_llm", input(), clock()).await;
    let e = out.unwrap_err();
    assert_eq!(e.error, "LLM.MissingApiKey");
    assert!(e.cause.contains("ANTHROPIC_API_KEY") && e.cause.contains("dry-run"), "{}", e.cause);
    assert!(fake.seen().is_empty());
}

#[tokio::test]
async fn an_unreachable_server_is_a_connection_failure() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let mut cfg = config_in(&std::env::temp_dir());
    cfg.anthropic.api_key = Some(Secret::new(KEY));
    cfg.anthropic.base_url = url;
    let (out, _) = call_on(&tasks::registry(&cfg), "call_llm", input(), clock()).await;
    assert_eq!(out.unwrap_err().error, "LLM.ConnectionFailed");
}

#[tokio::test]
async fn dry_run_needs_no_key_and_no_server() {
    let cfg = config_in(&std::env::temp_dir());
    let (out, events) = call_on(&tasks::registry(&cfg), "call_llm", json!({"prompt": "Hello {{x}}", "model": "dry-run"}), clock()).await;
    let out = out.unwrap();
    assert_eq!(out["provider"], "dry-run");
    assert!(out["text"].as_str().unwrap().contains("Hello {{x}}"));
    assert_eq!(events.len(), 1);
    let e = call_on(&tasks::registry(&cfg), "call_llm", json!({"model": "dry-run"}), clock()).await.0.unwrap_err();
    assert_eq!(e.error, "Task.InvalidParameters");
    assert!(e.cause.contains("prompt"), "{}", e.cause);
}
