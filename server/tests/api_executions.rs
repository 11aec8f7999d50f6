//! `oneshot` tests of the execution routes (start, status, list, stop, redrive, SSE), each on a
//! fresh SQLite database.

mod common;

use axum::http::StatusCode;
use common::{app, call, call_text, config, service, service_with, wait_done};
use engine::task::{FunctionSpec, TaskRegistry};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

async fn create(app: &axum::Router, name: &str, def: Value) -> String {
    let (status, body) = call(app, "POST", "/api/workflows", Some(json!({"name": name, "definition": def}))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["id"].as_str().unwrap().to_string()
}

async fn start(app: &axum::Router, wf: &str, input: Value) -> String {
    let (status, body) = call(app, "POST", &format!("/api/workflows/{wf}/executions"), Some(json!({"input": input}))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["executionId"].as_str().unwrap().to_string()
}

fn two_steps() -> Value {
    json!({"StartAt": "Greet", "States": {
        "Greet": {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('Hello, {}!', $.name)"}, "Next": "Echo"},
        "Echo": {"Type": "Task", "Resource": "echo", "End": true}}})
}

/// SSE body → (ids of history events, event names).
fn sse_ids(text: &str) -> (Vec<u64>, Vec<String>) {
    let mut ids = Vec::new();
    let mut names = Vec::new();
    for block in text.split("\n\n") {
        for line in block.lines() {
            if let Some(id) = line.strip_prefix("id: ").or_else(|| line.strip_prefix("id:")) {
                ids.push(id.trim().parse().unwrap());
            }
            if let Some(ev) = line.strip_prefix("event: ").or_else(|| line.strip_prefix("event:")) {
                names.push(ev.trim().to_string());
            }
        }
    }
    (ids, names)
}

#[tokio::test]
async fn an_execution_runs_and_reports_steps() {
    let (s, _d) = service().await;
    let app = app(&s);
    let wf = create(&app, "two", two_steps()).await;
    let id = start(&app, &wf, json!({"name": "Ada"})).await;
    let done = wait_done(&app, &id).await;
    assert_eq!(done["status"], "SUCCEEDED", "{done}");
    assert_eq!(done["output"], json!({"greeting": "Hello, Ada!"}));
    assert_eq!(done["steps"]["Greet"]["status"], "SUCCEEDED");
    assert_eq!(done["steps"]["Greet"]["input"], json!({"name": "Ada"}));
    assert_eq!(done["steps"]["Echo"]["output"], json!({"greeting": "Hello, Ada!"}));
    assert!(done["steps"]["Echo"]["startedAt"].is_string() && done["steps"]["Echo"]["finishedAt"].is_string());
    assert_eq!(done["currentStep"], Value::Null);
    assert_eq!(done["workflowId"], "two");
    let (_, list) = call(&app, "GET", "/api/executions?workflow=two&status=succeeded", None).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let (_, list) = call(&app, "GET", "/api/executions?status=FAILED", None).await;
    assert_eq!(list.as_array().unwrap().len(), 0);
    let named = json!({"input": {"name": "Bo"}, "name": "nightly"});
    let (status, body) = call(&app, "POST", &format!("/api/workflows/{wf}/executions"), Some(named)).await;
    assert_eq!(status, StatusCode::CREATED);
    let done = wait_done(&app, body["executionId"].as_str().unwrap()).await;
    assert_eq!(done["name"], "nightly");
}

#[tokio::test]
async fn missing_body_starts_with_empty_input_and_unknown_workflow_is_404() {
    let (s, _d) = service().await;
    let app = app(&s);
    let wf = create(&app, "one", json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}})).await;
    let (status, body) = call_text(&app, "POST", &format!("/api/workflows/{wf}/executions"), None, &[]).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = serde_json::from_str::<Value>(&body).unwrap()["executionId"].as_str().unwrap().to_string();
    assert_eq!(wait_done(&app, &id).await["output"], json!({}));
    let (status, _) = call(&app, "POST", "/api/workflows/nope/executions", Some(json!({"input": {}}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(&app, "GET", "/api/executions/nope", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_failure_is_reported_with_error_and_cause() {
    let (s, _d) = service().await;
    let app = app(&s);
    let def = json!({"StartAt": "F", "States": {"F": {"Type": "Task", "Resource": "fail", "Parameters": {"error": "Boom", "cause": "on purpose"}, "End": true}}});
    let wf = create(&app, "fails", def).await;
    let done = wait_done(&app, &start(&app, &wf, json!({})).await).await;
    assert_eq!((done["status"].clone(), done["error"].clone(), done["cause"].clone()), (json!("FAILED"), json!("Boom"), json!("on purpose")));
    assert_eq!(done["steps"]["F"]["status"], "FAILED");
}

#[tokio::test]
async fn a_failed_jsonata_expression_is_stored_and_streamed_as_evaluation_failed() {
    let (s, _d) = service().await;
    let app = app(&s);
    let def = json!({"QueryLanguage": "JSONata", "StartAt": "S", "States": {"S": {"Type": "Pass", "Output": {"r": "{% $nope %}"}, "End": true}}});
    let wf = create(&app, "bad-output", def).await;
    let id = start(&app, &wf, json!({})).await;
    let done = wait_done(&app, &id).await;
    assert_eq!((done["error"].as_str(), done["steps"]["S"]["status"].as_str()), (Some("States.QueryEvaluationError"), Some("FAILED")));
    let (_, text) = call_text(&app, "GET", &format!("/api/executions/{id}/events"), None, &[]).await;
    let events: Vec<Value> = text.lines().filter_map(|l| l.strip_prefix("data:")).filter_map(|d| serde_json::from_str(d.trim()).ok()).collect();
    let types: Vec<&str> = events.iter().filter_map(|e| e["type"].as_str()).collect();
    assert_eq!(types, ["ExecutionStarted", "PassStateEntered", "EvaluationFailed", "ExecutionFailed"], "{text}");
    let d = &events[2]["details"];
    assert_eq!((d["location"].as_str(), d["state"].as_str(), d["cause"].as_str()), (Some("Output/r"), Some("S"), done["cause"].as_str()));
    // Stored and streamed with AWS's links: the first state entry and its EvaluationFailed
    // follow no event.
    let links: Vec<_> = events.iter().filter_map(|e| Some((e["id"].as_u64()?, e["previousEventId"].as_u64()?))).collect();
    assert_eq!(links, [(1, 0), (2, 0), (3, 0), (4, 3)]);
}

#[tokio::test]
async fn events_stream_is_complete_in_order_and_resumable() {
    let (s, _d) = service().await;
    let app = app(&s);
    let wf = create(&app, "two", two_steps()).await;
    let id = start(&app, &wf, json!({"name": "Ada"})).await;
    // Subscribed while it may still run: the stream ends after the terminal event.
    let (status, text) = call_text(&app, "GET", &format!("/api/executions/{id}/events"), None, &[]).await;
    assert_eq!(status, StatusCode::OK);
    let (ids, names) = sse_ids(&text);
    let n = ids.len() as u64;
    assert!(n >= 6, "{text}");
    assert_eq!(ids, (1..=n).collect::<Vec<_>>(), "{text}");
    assert_eq!(names.last().map(String::as_str), Some("end"));
    assert!(text.contains("ExecutionSucceeded"));
    let (_, text) = call_text(&app, "GET", &format!("/api/executions/{id}/events"), None, &[("last-event-id", "3")]).await;
    assert_eq!(sse_ids(&text).0, (4..=n).collect::<Vec<_>>());
    let (_, text) = call_text(&app, "GET", &format!("/api/executions/{id}/events?after={n}"), None, &[]).await;
    assert!(sse_ids(&text).0.is_empty());
}

#[tokio::test]
async fn live_subscribers_see_every_event_once_while_it_runs() {
    let config = server::service::ServiceConfig { wait_scale: 1.0, ..config() };
    let (s, _d) = service_with(config).await;
    let app = app(&s);
    let def = json!({"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 1, "Next": "P"},
        "P": {"Type": "Pass", "Next": "W2"},
        "W2": {"Type": "Wait", "Seconds": 0, "End": true}}});
    let wf = create(&app, "waits", def).await;
    let id = start(&app, &wf, json!({})).await;
    let uri = format!("/api/executions/{id}/events");
    let (early, late) = tokio::join!(call_text(&app, "GET", &uri, None, &[]), async {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        call_text(&app, "GET", &uri, None, &[("last-event-id", "2")]).await
    });
    let (ids, _) = sse_ids(&early.1);
    let n = ids.len() as u64;
    assert_eq!(ids, (1..=n).collect::<Vec<_>>(), "{}", early.1);
    assert_eq!(sse_ids(&late.1).0, (3..=n).collect::<Vec<_>>(), "{}", late.1);
}

#[tokio::test]
async fn stop_aborts_and_a_second_stop_is_409() {
    let config = server::service::ServiceConfig { wait_scale: 1.0, ..config() };
    let (s, _d) = service_with(config).await;
    let app = app(&s);
    let wf = create(&app, "long", json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}})).await;
    let id = start(&app, &wf, json!({})).await;
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let (status, body) = call(&app, "POST", &format!("/api/executions/{id}/stop"), None).await;
    assert_eq!((status, body["status"].clone()), (StatusCode::OK, json!("ABORTED")));
    let done = wait_done(&app, &id).await;
    assert_eq!(done["status"], "ABORTED");
    let (status, body) = call(&app, "POST", &format!("/api/executions/{id}/stop"), None).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::CONFLICT, json!("CONFLICT")));
    let (_, text) = call_text(&app, "GET", &format!("/api/executions/{id}/events"), None, &[]).await;
    let (ids, _) = sse_ids(&text);
    assert_eq!(ids, (1..=ids.len() as u64).collect::<Vec<_>>());
    assert!(text.contains("ExecutionAborted"));
}

/// The steps a stopped or timed-out execution was in are closed in `GET /api/executions/{id}`
/// (FAILED with the execution's error, as the tracker folds them), not left RUNNING.
#[tokio::test]
async fn an_ended_execution_leaves_no_step_running() {
    let config = server::service::ServiceConfig { wait_scale: 0.02, ..config() };
    let (s, _d) = service_with(config).await;
    let app = app(&s);
    let map = |timeout: Option<u64>| {
        let mut def = json!({"StartAt": "EachItem", "States": {"EachItem": {"Type": "Map", "ItemsPath": "$.items",
            "ItemProcessor": {"StartAt": "Work", "States": {"Work": {"Type": "Wait", "Seconds": 3600, "End": true}}}, "End": true}}});
        if let Some(t) = timeout {
            def["TimeoutSeconds"] = json!(t);
        }
        def
    };
    let running = |done: &Value| done["steps"].as_object().unwrap().iter().filter(|(_, st)| st["status"] != "FAILED").map(|(k, _)| k.clone()).collect::<Vec<_>>();

    let wf = create(&app, "stopped", map(None)).await;
    let id = start(&app, &wf, json!({"items": [1]})).await;
    for _ in 0..200 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        if call(&app, "GET", &format!("/api/executions/{id}"), None).await.1["steps"].get("EachItem[0]/Work").is_some() {
            break;
        }
    }
    let (status, _) = call(&app, "POST", &format!("/api/executions/{id}/stop"), None).await;
    assert_eq!(status, StatusCode::OK);
    let done = wait_done(&app, &id).await;
    assert_eq!(done["status"], "ABORTED");
    assert!(done["steps"].get("EachItem[0]/Work").is_some() && running(&done).is_empty(), "{done}");
    assert_eq!((done["currentSteps"].clone(), done["steps"]["EachItem[0]/Work"]["error"].clone()), (json!([]), json!("States.Aborted")), "{done}");

    let wf = create(&app, "timed", map(Some(2))).await;
    let id = start(&app, &wf, json!({"items": [1]})).await;
    let done = wait_done(&app, &id).await;
    assert_eq!(done["status"], "TIMED_OUT", "{done}");
    assert!(done["steps"].get("EachItem[0]/Work").is_some() && running(&done).is_empty(), "{done}");
}

/// `flaky` fails on its first call and succeeds afterwards.
fn flaky_registry(calls: Arc<AtomicU32>) -> Arc<TaskRegistry> {
    let mut r = TaskRegistry::with_builtins();
    r.register_fn(FunctionSpec::new("flaky", "fails once", json!({"type": "object"})), move |call| {
        let calls = calls.clone();
        async move {
            if calls.fetch_add(1, Ordering::SeqCst) == 0 {
                Err(engine::StatesError::new("Flaky", "first call fails"))
            } else {
                Ok(call.input)
            }
        }
    });
    Arc::new(r)
}

#[tokio::test]
async fn redrive_reruns_from_the_failed_state_only() {
    let calls = Arc::new(AtomicU32::new(0));
    let config = server::service::ServiceConfig { registry: Some(flaky_registry(calls.clone())), ..config() };
    let (s, _d) = service_with(config).await;
    let app = app(&s);
    let def = json!({"StartAt": "First", "States": {
        "First": {"Type": "Pass", "Result": {"x": 1}, "Next": "Flaky"},
        "Flaky": {"Type": "Task", "Resource": "flaky", "End": true}}});
    let wf = create(&app, "flaky", def).await;
    let id = start(&app, &wf, json!({})).await;
    assert_eq!(wait_done(&app, &id).await["status"], "FAILED");
    let (status, _) = call(&app, "POST", &format!("/api/executions/{id}/redrive"), None).await;
    assert_eq!(status, StatusCode::OK);
    let done = wait_done(&app, &id).await;
    assert_eq!((done["status"].clone(), done["output"].clone()), (json!("SUCCEEDED"), json!({"x": 1})), "{done}");
    assert_eq!(done["redriveCount"], 1);
    let (_, text) = call_text(&app, "GET", &format!("/api/executions/{id}/events"), None, &[]).await;
    let (ids, _) = sse_ids(&text);
    assert_eq!(ids, (1..=ids.len() as u64).collect::<Vec<_>>());
    assert_eq!(text.matches("PassStateEntered").count(), 1, "First ran once");
    // Only the execution's first state entry follows no event; the redriven run's events link
    // to events stored before them.
    let events: Vec<Value> = text.lines().filter_map(|l| l.strip_prefix("data:")).filter_map(|d| serde_json::from_str::<Value>(d.trim()).ok()).filter(|e| e["id"].is_u64()).collect();
    let unlinked: Vec<_> = events.iter().filter(|e| e["previousEventId"] == 0).map(|e| e["id"].as_u64().unwrap()).collect();
    assert_eq!(unlinked, [1, 2], "{text}");
    assert!(events.iter().all(|e| e["previousEventId"].as_u64() < e["id"].as_u64()), "{text}");
    // AWS's ExecutionRedriven comes right after the failure, and the redriven state follows it.
    let failed = events.iter().position(|e| e["type"] == "ExecutionFailed").unwrap();
    let (redriven, next) = (&events[failed + 1], &events[failed + 2]);
    assert_eq!((redriven["type"].as_str(), redriven["details"]["redriveCount"].as_i64()), (Some("ExecutionRedriven"), Some(1)), "{text}");
    assert_eq!((next["type"].as_str(), &next["previousEventId"]), (Some("TaskStateEntered"), &redriven["id"]), "{text}");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let (status, _) = call(&app, "POST", &format!("/api/executions/{id}/redrive"), None).await;
    assert_eq!(status, StatusCode::CONFLICT);
}

/// A redrive continues with everything before the failed state intact: its
/// `{{States.Step.field}}` templates still see the results of the states that ran before.
#[tokio::test]
async fn a_redriven_state_sees_the_results_of_earlier_states() {
    let calls = Arc::new(AtomicU32::new(0));
    let config = server::service::ServiceConfig { registry: Some(flaky_registry(calls.clone())), ..config() };
    let (s, _d) = service_with(config).await;
    let app = app(&s);
    let def = json!({"StartAt": "Prep", "States": {
        "Prep": {"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.prep", "Next": "Ask"},
        "Ask": {"Type": "Task", "Resource": "flaky", "Parameters": {"prompt": "x is {{States.Prep.x}}", "whole": "{{States.Prep}}"}, "End": true}}});
    let wf = create(&app, "templated", def).await;
    let id = start(&app, &wf, json!({})).await;
    assert_eq!(wait_done(&app, &id).await["status"], "FAILED");
    let (status, _) = call(&app, "POST", &format!("/api/executions/{id}/redrive"), None).await;
    assert_eq!(status, StatusCode::OK);
    let done = wait_done(&app, &id).await;
    assert_eq!((done["status"].clone(), done["output"].clone()), (json!("SUCCEEDED"), json!({"prompt": "x is 1", "whole": {"x": 1}})), "{done}");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

/// A redriven run's events continue the stored numbering, and so do the ids its causes quote.
#[tokio::test]
async fn a_redriven_failure_quotes_the_stored_event_id() {
    let (s, _d) = service().await;
    let app = app(&s);
    let def = json!({"StartAt": "Prep", "States": {
        "Prep": {"Type": "Pass", "Next": "Ask"},
        "Ask": {"Type": "Task", "Resource": "echo", "Parameters": {"p": "{{States.Ask.x}}"}, "End": true}}});
    let wf = create(&app, "never", def).await;
    let id = start(&app, &wf, json!({})).await;
    assert_eq!(wait_done(&app, &id).await["status"], "FAILED");
    let (status, _) = call(&app, "POST", &format!("/api/executions/{id}/redrive"), None).await;
    assert_eq!(status, StatusCode::OK);
    let done = wait_done(&app, &id).await;
    assert_eq!(done["status"], "FAILED", "{done}");
    let (_, text) = call_text(&app, "GET", &format!("/api/executions/{id}/events"), None, &[]).await;
    let events: Vec<Value> = text.lines().filter_map(|l| l.strip_prefix("data:")).filter_map(|d| serde_json::from_str::<Value>(d.trim()).ok()).filter(|e| e["id"].is_u64()).collect();
    let entered = events.iter().rev().find(|e| e["type"] == "TaskStateEntered").unwrap()["id"].as_u64().unwrap();
    let cause = done["cause"].as_str().unwrap_or_default();
    assert!(cause.contains(&format!("(entered at the event id #{entered})")), "{cause}\n{text}");
}

#[tokio::test]
async fn the_concurrency_limit_queues_executions() {
    let config = server::service::ServiceConfig { max_concurrent: 1, wait_scale: 0.3, ..config() };
    let (s, _d) = service_with(config).await;
    let app = app(&s);
    let wf = create(&app, "w", json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "End": true}}})).await;
    let a = start(&app, &wf, json!({})).await;
    let b = start(&app, &wf, json!({})).await;
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let (_, vb) = call(&app, "GET", &format!("/api/executions/{b}"), None).await;
    assert_eq!((vb["status"].clone(), vb["queued"].clone()), (json!("RUNNING"), json!(true)), "{vb}");
    assert_eq!(wait_done(&app, &a).await["status"], "SUCCEEDED");
    assert_eq!(wait_done(&app, &b).await["status"], "SUCCEEDED");
}

#[tokio::test]
async fn progress_deltas_go_out_as_progress_events_without_ids() {
    let mut r = TaskRegistry::with_builtins();
    r.register_fn(FunctionSpec::new("talk", "streams two deltas", json!({"type": "object"})), |call| async move {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        (call.progress)(json!({"delta": "Hel"}));
        (call.progress)(json!({"delta": "lo"}));
        Ok(json!({"text": "Hello"}))
    });
    let config = server::service::ServiceConfig { registry: Some(Arc::new(r)), ..config() };
    let (s, _d) = service_with(config).await;
    let app = app(&s);
    let wf = create(&app, "talk", json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "talk", "End": true}}})).await;
    let id = start(&app, &wf, json!({})).await;
    let (_, text) = call_text(&app, "GET", &format!("/api/executions/{id}/events"), None, &[]).await;
    let progress: Vec<&str> = text.split("\n\n").filter(|b| b.contains("event: progress")).collect();
    assert_eq!(progress.len(), 2, "{text}");
    assert!(progress.iter().all(|b| !b.contains("id:")), "{text}");
    assert!(progress[0].contains(r#""state":"T""#) && progress[0].contains(r#""delta":"Hel""#), "{text}");
    let (ids, _) = sse_ids(&text);
    assert_eq!(ids, (1..=ids.len() as u64).collect::<Vec<_>>());
    // Progress is live only: a replay has none.
    let (_, replay) = call_text(&app, "GET", &format!("/api/executions/{id}/events"), None, &[]).await;
    assert!(!replay.contains("event: progress"));
}

#[tokio::test]
async fn a_client_that_joins_mid_answer_gets_the_text_streamed_so_far() {
    let mut r = TaskRegistry::with_builtins();
    let (joined_tx, joined_rx) = tokio::sync::oneshot::channel::<()>();
    let joined = Arc::new(std::sync::Mutex::new(Some(joined_rx)));
    r.register_fn(FunctionSpec::new("talk", "streams, waits for a late client, streams", json!({"type": "object"})), move |call| {
        let joined = joined.clone();
        async move {
            (call.progress)(json!({"type": "llm_delta", "text": "Hel"}));
            (call.progress)(json!({"type": "llm_delta", "text": "lo, "}));
            let rx = joined.lock().unwrap().take();
            if let Some(rx) = rx {
                let _ = tokio::time::timeout(std::time::Duration::from_secs(10), rx).await;
            }
            (call.progress)(json!({"type": "llm_delta", "text": "world"}));
            Ok(json!({"text": "Hello, world"}))
        }
    });
    let config = server::service::ServiceConfig { registry: Some(Arc::new(r)), ..config() };
    let (s, _d) = service_with(config).await;
    let app = app(&s);
    let wf = create(&app, "talk late", json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "talk", "End": true}}})).await;
    let id = start(&app, &wf, json!({})).await;
    // Join once the first two deltas went out (the task is waiting for us).
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let reader = tokio::spawn({
        let app = app.clone();
        let id = id.clone();
        async move { call_text(&app, "GET", &format!("/api/executions/{id}/events"), None, &[]).await.1 }
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let _ = joined_tx.send(());
    let text = reader.await.unwrap();
    let streamed: String = text
        .split("\n\n")
        .filter(|b| b.contains("event: progress"))
        .map(|b| {
            let data = b.lines().find_map(|l| l.strip_prefix("data:")).unwrap().trim();
            serde_json::from_str::<Value>(data).unwrap()["data"]["text"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(streamed, "Hello, world", "{text}");
}
