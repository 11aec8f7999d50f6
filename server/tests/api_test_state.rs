//! `POST /api/test-state` (AWS's TestState) through the router, on the service's real task
//! functions: nothing is stored, problems name their place in the given definition.

mod common;

use axum::http::StatusCode;
use common::{app, call, service, wait_done};
use serde_json::{json, Value};

fn example(name: &str) -> Value {
    let path = format!("{}/../workflows/{name}.asl.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[tokio::test]
async fn a_task_of_an_example_runs_on_a_real_database_and_nothing_is_stored() {
    let (s, dir) = service().await;
    let db = dir.path().join("inspected.sqlite");
    let url = format!("sqlite://{}?mode=rwc", db.display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    for t in ["CREATE TABLE a (x INTEGER)", "CREATE TABLE b (y TEXT)"] {
        sqlx::query(t).execute(&pool).await.unwrap();
    }
    pool.close().await;
    let connection = format!("sqlite://{}", db.display());
    let body = json!({"definition": example("db-health-report"), "stateName": "GetTableCount", "input": {"connection": connection}, "inspectionLevel": "DEBUG"});
    let app = app(&s);
    let (status, got) = call(&app, "POST", "/api/test-state", Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{got}");
    assert_eq!(got["status"], "SUCCEEDED", "{got}");
    assert_eq!(got["nextState"], "GetQueryStats");
    assert_eq!(got["inspectionData"]["afterParameters"], json!({"connection": connection}));
    assert!(got["output"]["tables"].is_object() || got["output"]["tables"].is_array() || got["output"]["tables"].is_number(), "{got}");
    assert_eq!(got["output"]["tables"], got["inspectionData"]["result"]);
    let text = got["inspectionData"]["result"].to_string();
    assert!(text.contains('2') || (text.contains("\"a\"") && text.contains("\"b\"")), "two tables: {text}");
    let (_, list) = call(&app, "GET", "/api/executions", None).await;
    assert_eq!(list.as_array().map(Vec::len).unwrap_or(0), 0, "{list}");
}

#[tokio::test]
async fn a_mocked_llm_call_is_caught_or_retriable() {
    let (s, _d) = service().await;
    let state = json!({"Type": "Task", "Resource": "call_llm", "Parameters": {"prompt": "hi"},
        "Retry": [{"ErrorEquals": ["Llm.RateLimited"], "MaxAttempts": 2}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Report"}], "End": true});
    let mock = json!({"errorOutput": {"error": "Llm.RateLimited", "cause": "429"}});
    let app = app(&s);
    let (status, got) = call(&app, "POST", "/api/test-state", Some(json!({"definition": state.to_string(), "mock": mock, "inspectionLevel": "DEBUG"}))).await;
    assert_eq!(status, StatusCode::OK, "{got}");
    assert_eq!(got["status"], "RETRIABLE");
    assert_eq!(got["inspectionData"]["errorDetails"], json!({"retryIndex": 0, "retryBackoffIntervalSeconds": 1}));
    let body = json!({"definition": state, "mock": mock, "stateConfiguration": {"retrierRetryCount": 2}});
    let (_, got) = call(&app, "POST", "/api/test-state", Some(body)).await;
    assert_eq!((got["status"].as_str(), got["nextState"].as_str()), (Some("CAUGHT_ERROR"), Some("Report")));
    assert_eq!(got["output"]["error"], json!({"Error": "Llm.RateLimited", "Cause": "429"}));
    assert!(got.get("inspectionData").is_none(), "INFO by default: {got}");
}

#[tokio::test]
async fn a_mocked_map_is_weighed_against_its_tolerated_failures() {
    let (s, _d) = service().await;
    let map = json!({"Type": "Map", "ItemsPath": "$.items", "ToleratedFailureCount": 1, "End": true,
        "ItemProcessor": {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "call_llm", "End": true}}}});
    let body = |failed: u64| json!({"definition": map, "input": {"items": [1, 2, 3]}, "inspectionLevel": "DEBUG",
        "mock": {"result": ["a", "b", "c"], "fieldValidationMode": "STRICT"}, "stateConfiguration": {"mapIterationFailureCount": failed}});
    let app = app(&s);
    let (status, got) = call(&app, "POST", "/api/test-state", Some(body(1))).await;
    assert_eq!(status, StatusCode::OK, "{got}");
    assert_eq!((got["status"].as_str(), &got["output"]), (Some("SUCCEEDED"), &json!(["a", "b", "c"])), "{got}");
    assert_eq!((&got["inspectionData"]["maxConcurrency"], &got["inspectionData"]["toleratedFailureCount"]), (&json!(0), &json!(1)));
    let (_, got) = call(&app, "POST", "/api/test-state", Some(body(2))).await;
    assert_eq!((got["status"].as_str(), got["error"].as_str()), (Some("FAILED"), Some("States.ExceedToleratedFailureThreshold")), "{got}");
    let (status, got) = call(&app, "POST", "/api/test-state", Some(json!({"definition": map, "inspectionLevel": "VERBOSE"}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{got}");
}

#[tokio::test]
async fn bad_requests_are_400_with_the_place() {
    let (s, _d) = service().await;
    let app = app(&s);
    let def = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "ResultPath": 3, "End": true}}});
    let (status, got) = call(&app, "POST", "/api/test-state", Some(json!({"definition": def, "stateName": "B"}))).await;
    assert_eq!((status, got["code"].as_str()), (StatusCode::BAD_REQUEST, Some("INVALID_DEFINITION")), "{got}");
    assert!(got["problems"].as_array().unwrap().iter().any(|p| p["path"] == "/States/B/ResultPath"), "{got}");
    for (body, words) in [
        (json!({"input": {}}), "definition"),
        (json!({"definition": def, "stateName": "Z"}), "State not found in definition"),
        (json!({"definition": {"Type": "Pass", "End": true}, "mock": {"result": 1}}), "mock"),
        (json!({"definition": {"Type": "Pass", "End": true}, "variables": [1]}), "variables"),
        (json!({"definition": "{not json"}), "not valid JSON"),
    ] {
        let (status, got) = call(&app, "POST", "/api/test-state", Some(body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{got}");
        assert!(got["message"].as_str().unwrap_or_default().contains(words), "{words}: {got}");
    }
}

#[tokio::test]
async fn an_executions_step_results_feed_a_test_of_its_templated_state() {
    let (s, _d) = service().await;
    let app = app(&s);
    let def = json!({"StartAt": "Size", "States": {
        "Size": {"Type": "Pass", "Parameters": {"bytes": 4096}, "ResultPath": "$.size", "Next": "Ask"},
        "Ask": {"Type": "Task", "Resource": "echo", "Parameters": {"prompt": "{{States.Size.bytes}} bytes"}, "End": true}}});
    let (_, created) = call(&app, "POST", "/api/workflows", Some(json!({"name": "templated", "definition": def}))).await;
    let (_, started) = call(&app, "POST", &format!("/api/workflows/{}/executions", created["id"].as_str().unwrap()), Some(json!({"input": {}}))).await;
    let id = started["executionId"].as_str().unwrap().to_string();
    assert_eq!(wait_done(&app, &id).await["status"], "SUCCEEDED");
    let (status, results) = call(&app, "GET", &format!("/api/executions/{id}/step-results"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(results, json!({"Size": {"bytes": 4096}, "Ask": {"prompt": "4096 bytes"}}));
    let body = json!({"definition": def, "stateName": "Ask", "stepResults": results});
    let (_, got) = call(&app, "POST", "/api/test-state", Some(body)).await;
    assert_eq!(got["output"], json!({"prompt": "4096 bytes"}), "{got}");
    let (status, _) = call(&app, "GET", "/api/executions/nope/step-results", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
