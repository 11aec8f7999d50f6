//! Figures for issue 5, run on demand (ignored by default; run them in release mode):
//!
//! ```text
//! cargo test --release -p server --test bench_durable -- --ignored --nocapture --test-threads 1
//! ```
//!
//! - durable transitions per second on SQLite with the bench counter loop (every event stored
//!   before the execution counts as done);
//! - latency from an event's timestamp to its arrival at an SSE client over TCP (p50, p99);
//! - memory (RSS growth) with 1,000 executions waiting in Wait states.

mod common;

use serde_json::{json, Value};
use server::service::ServiceConfig;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn bench_file(name: &str) -> Value {
    let dir = std::env::var("WFM_BENCH_DIR").unwrap_or_else(|_| "/work/shared/bench".into());
    let text = std::fs::read_to_string(format!("{dir}/{name}")).expect("bench file (set WFM_BENCH_DIR)");
    serde_json::from_str(&text).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn durable_transitions_per_second_on_sqlite() {
    let mut config = common::config();
    config.exec_options.max_history_events = 0;
    let (s, _d) = common::service_with(config).await;
    let (wf, _) = s.create_workflow("counter", &bench_file("counter-loop.asl.json")).await.unwrap();
    let input = bench_file("counter-loop.input.json");
    let t = Instant::now();
    let id = s.start_execution(&wf, input).await.unwrap();
    loop {
        if s.store().get_execution(&id).await.unwrap().status != "RUNNING" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let secs = t.elapsed().as_secs_f64();
    let events = s.store().all_events(&id).await.unwrap();
    let transitions = events.iter().filter(|e| e.event_type.is_state_entered()).count();
    println!(
        "counter loop: {transitions} transitions, {} events stored in {secs:.2} s = {:.0} durable transitions/s ({:.0} events/s)",
        events.len(),
        transitions as f64 / secs,
        events.len() as f64 / secs
    );
}

/// Reads one SSE stream over TCP; returns, per history event, now − event timestamp.
async fn sse_latencies(addr: std::net::SocketAddr, path: &str) -> Vec<f64> {
    let mut sock = tokio::net::TcpStream::connect(addr).await.unwrap();
    sock.set_nodelay(true).unwrap();
    let req = format!("GET {path} HTTP/1.0\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n");
    sock.write_all(req.as_bytes()).await.unwrap();
    let mut buf = String::new();
    let mut chunk = [0u8; 65536];
    let mut lat = Vec::new();
    loop {
        let n = sock.read(&mut chunk).await.unwrap();
        if n == 0 {
            break;
        }
        let now = chrono::Utc::now();
        buf.push_str(&String::from_utf8_lossy(&chunk[..n]));
        // Complete SSE blocks end with a blank line; keep the tail for the next read.
        while let Some(end) = buf.find("\n\n") {
            let block: String = buf.drain(..end + 2).collect();
            for data in block.lines().filter_map(|l| l.strip_prefix("data: ").or_else(|| l.strip_prefix("data:"))) {
                if let Ok(ev) = serde_json::from_str::<engine::history::HistoryEvent>(data) {
                    lat.push((now - ev.timestamp).num_microseconds().unwrap_or(0) as f64 / 1000.0);
                }
            }
            if block.contains("event: end") {
                return lat;
            }
        }
    }
    lat
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn sse_latency_from_event_to_client() {
    let config = ServiceConfig { wait_scale: 1.0, ..common::config() };
    let (s, _d) = common::service_with(config).await;
    let states: serde_json::Map<String, Value> = (0..100)
        .map(|i| {
            let next = if i == 99 { json!({"Type": "Wait", "Seconds": 0, "End": true}) } else { json!({"Type": "Wait", "Seconds": 0, "Next": format!("S{}", i + 1)}) };
            (format!("S{i}"), next)
        })
        .collect();
    // Seconds 0 waits still go through the clock; a Pass between keeps a steady trickle.
    let def = json!({"StartAt": "S0", "States": states});
    let (wf, _) = s.create_workflow("steps", &def).await.unwrap();
    let app = common::app(&s);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let mut all = Vec::new();
    for _ in 0..10 {
        let id = s.start_execution(&wf, json!({})).await.unwrap();
        all.extend(sse_latencies(addr, &format!("/api/executions/{id}/events")).await);
    }
    all.sort_by(f64::total_cmp);
    let p = |q: f64| all[((all.len() - 1) as f64 * q) as usize];
    println!("SSE latency over {} events: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms", all.len(), p(0.5), p(0.99), p(1.0));
}

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok()).unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn memory_with_1000_waiting_executions() {
    let config = ServiceConfig { wait_scale: 1.0, max_concurrent: 2000, ..common::config() };
    let (s, _d) = common::service_with(config).await;
    let def = json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "Next": "W"}, "W": {"Type": "Wait", "Seconds": 3600, "End": true}}});
    let (wf, _) = s.create_workflow("waits", &def).await.unwrap();
    s.start_execution(&wf, json!({})).await.unwrap();
    s.flush().await;
    let before = rss_kib();
    let t = Instant::now();
    let mut ids = Vec::new();
    for i in 0..1000 {
        ids.push(s.start_execution(&wf, json!({"i": i})).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    s.flush().await;
    let started = t.elapsed();
    let after = rss_kib();
    let waiting = s.store().list_executions(&server::store::ExecutionFilter { status: Some("RUNNING".into()), limit: 5000, ..Default::default() }).await.unwrap().len();
    println!(
        "1,000 waiting executions: started in {:.2} s, RSS {} MiB → {} MiB (+{:.1} KiB each); {waiting} RUNNING, {} live",
        started.as_secs_f64(),
        before / 1024,
        after / 1024,
        (after.saturating_sub(before)) as f64 / 1000.0,
        s.live_count()
    );
}
