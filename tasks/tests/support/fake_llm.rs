//! A wire-level fake of the Anthropic and OpenAI HTTP APIs on loopback (axum): it records each
//! request (path, headers, JSON body) and answers with the next scripted reply — JSON, an SSE
//! stream, a stream that breaks off, or a delayed reply. The real client code runs against it.
#![allow(dead_code)]

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One scripted answer.
#[derive(Clone)]
pub enum Reply {
    /// A status with a JSON body and extra headers.
    Json(u16, Value, Vec<(&'static str, String)>),
    /// 200 with `text/event-stream` chunks.
    Sse(Vec<String>),
    /// 200 with these chunks, then the connection breaks.
    SseCut(Vec<String>),
    /// Waits, then answers.
    Delayed(Duration, Box<Reply>),
}

/// A request as the fake saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// Path, e.g. `/v1/messages`.
    pub path: String,
    /// Headers, lowercase names.
    pub headers: HeaderMap,
    /// The JSON body.
    pub body: Value,
}

/// The running fake.
pub struct FakeLlm {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    replies: Arc<Mutex<VecDeque<Reply>>>,
}

impl FakeLlm {
    /// Starts a fake that will give `replies` in order (then 500s).
    pub async fn start(replies: Vec<Reply>) -> FakeLlm {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let queue = Arc::new(Mutex::new(VecDeque::from(replies)));
        let (s, q) = (seen.clone(), queue.clone());
        let app = axum::Router::new().fallback(move |req: Request<Body>| {
            let (s, q) = (s.clone(), q.clone());
            async move { answer(req, s, q).await }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        FakeLlm { url, seen, replies: queue }
    }

    /// The requests so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

async fn answer(req: Request<Body>, seen: Arc<Mutex<Vec<Seen>>>, queue: Arc<Mutex<VecDeque<Reply>>>) -> Response {
    let path = req.uri().path().to_string();
    let headers = req.headers().clone();
    let bytes = axum::body::to_bytes(req.into_body(), 1 << 20).await.unwrap_or_default();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    seen.lock().unwrap().push(Seen { path, headers, body });
    let next = queue.lock().unwrap().pop_front();
    render(next.unwrap_or(Reply::Json(500, json!({"error": {"message": "no scripted reply"}}), vec![]))).await
}

async fn render(mut reply: Reply) -> Response {
    while let Reply::Delayed(d, inner) = reply {
        tokio::time::sleep(d).await;
        reply = *inner;
    }
    let builder = Response::builder();
    match reply {
        Reply::Json(status, v, headers) => {
            let mut b = builder.status(StatusCode::from_u16(status).unwrap()).header("content-type", "application/json");
            for (k, val) in headers {
                b = b.header(k, val);
            }
            b.body(Body::from(v.to_string())).unwrap()
        }
        Reply::Sse(chunks) => sse(builder, chunks, false),
        Reply::SseCut(chunks) => sse(builder, chunks, true),
        Reply::Delayed(..) => unreachable!(),
    }
}

fn sse(builder: axum::http::response::Builder, chunks: Vec<String>, cut: bool) -> Response {
    use futures::StreamExt;
    let items = futures::stream::iter(chunks.into_iter().map(|c| Ok::<_, std::io::Error>(Bytes::from(c))));
    // The break comes a moment later, so that what came before is on the wire first.
    let tail = futures::stream::once(async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "cut"))
    })
    .filter(move |_| futures::future::ready(cut));
    builder.status(200).header("content-type", "text/event-stream").body(Body::from_stream(items.chain(tail))).unwrap()
}

/// Anthropic's event sequence for a message made of `parts`.
pub fn anthropic_events(parts: &[&str], stop: &str, input_tokens: u64, output_tokens: u64) -> Vec<String> {
    let ev = |name: &str, data: Value| format!("event: {name}\ndata: {data}\n\n");
    let mut out = vec![
        ev("message_start", json!({"type": "message_start", "message": {"id": "msg_01", "type": "message", "role": "assistant",
            "model": "claude-sonnet-4-5-20250929", "content": [], "stop_reason": null, "usage": {"input_tokens": input_tokens, "output_tokens": 1}}})),
        ev("content_block_start", json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}})),
        ev("ping", json!({"type": "ping"})),
    ];
    for p in parts {
        out.push(ev("content_block_delta", json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": p}})));
    }
    out.push(ev("content_block_stop", json!({"type": "content_block_stop", "index": 0})));
    out.push(ev("message_delta", json!({"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": null}, "usage": {"output_tokens": output_tokens}})));
    out.push(ev("message_stop", json!({"type": "message_stop"})));
    out
}

/// OpenAI's chunk sequence for a completion made of `parts`, usage last, then `[DONE]`.
pub fn openai_chunks(model: &str, parts: &[&str], prompt_tokens: u64, completion_tokens: u64) -> Vec<String> {
    let chunk = |delta: Value, finish: Value| {
        let c = json!({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]});
        format!("data: {c}\n\n")
    };
    let mut out = vec![chunk(json!({"role": "assistant", "content": ""}), Value::Null)];
    for p in parts {
        out.push(chunk(json!({"content": p}), Value::Null));
    }
    out.push(chunk(json!({}), json!("stop")));
    let usage = json!({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": model, "choices": [],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens, "total_tokens": prompt_tokens + completion_tokens}});
    out.push(format!("data: {usage}\n\n"));
    out.push("data: [DONE]\n\n".into());
    out
}

/// Anthropic's error body.
pub fn anthropic_error(kind: &str, message: &str) -> Value {
    json!({"type": "error", "error": {"type": kind, "message": message}})
}

/// OpenAI's error body.
pub fn openai_error(kind: &str, message: &str) -> Value {
    json!({"error": {"message": message, "type": kind, "param": null, "code": null}})
}
