//! `oneshot` tests of the workflow routes, each on a fresh SQLite database (and those that
//! differ by database also on a fresh PostgreSQL one, `both!`).

#[macro_use]
mod common;

use axum::http::StatusCode;
use common::{app, call, call_text, service};
use serde_json::{json, Value};
use server::service::Service;
use server::store::Store;

fn hello() -> Value {
    json!({"StartAt": "Greet", "States": {
        "Greet": {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('Hello, {}!', $.name)"}, "Next": "Done"},
        "Done": {"Type": "Succeed"}}})
}

#[tokio::test]
async fn health_answers_ok() {
    let (s, _d) = service().await;
    let (status, body) = call(&app(&s), "GET", "/api/health", None).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"status": "ok"})));
}

#[tokio::test]
async fn create_then_get_and_list() {
    let (s, _d) = service().await;
    let app = app(&s);
    let (status, body) = call(&app, "POST", "/api/workflows", Some(json!({"name": "Hello World", "definition": hello()}))).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body, json!({"id": "hello-world", "version": 1}));
    let (status, wf) = call(&app, "GET", "/api/workflows/hello-world", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((wf["name"].clone(), wf["version"].clone(), wf["definition"].clone()), (json!("Hello World"), json!(1), hello()));
    let (_, list) = call(&app, "GET", "/api/workflows", None).await;
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["id"], "hello-world");
}

/// A name another workflow has is refused with 409 and the API's JSON error, on create and on
/// a rename (`PUT` with `name`); names compare trimmed and without case. The error names the
/// workflow that has the name as it has it, not as it was sent, with its id (`existing`).
async fn a_taken_name_is_409_naming_the_workflow_that_has_it(store: &Store) {
    let s = Service::with_store(store.clone(), common::config()).await.expect("service");
    let app = app(&s);
    call(&app, "POST", "/api/workflows", Some(json!({"name": "Hello World", "definition": hello()}))).await;
    let refused = json!({"code": "NAME_TAKEN", "message": "a workflow named 'Hello World' already exists",
        "existing": {"id": "hello-world", "name": "Hello World"}});
    for name in ["Hello World", "  hello world ", "HELLO WORLD"] {
        let (status, body) = call(&app, "POST", "/api/workflows", Some(json!({"name": name, "definition": hello()}))).await;
        assert_eq!((status, body), (StatusCode::CONFLICT, refused.clone()), "{name:?}");
    }
    let (_, list) = call(&app, "GET", "/api/workflows", None).await;
    assert_eq!(list.as_array().map(Vec::len), Some(1), "no hello-world-2: {list}");
    call(&app, "POST", "/api/workflows", Some(json!({"name": "Other", "definition": hello()}))).await;
    let (status, body) = call(&app, "PUT", "/api/workflows/other", Some(json!({"name": "hello world", "definition": hello()}))).await;
    assert_eq!((status, body), (StatusCode::CONFLICT, refused));
    let (_, other) = call(&app, "GET", "/api/workflows/other", None).await;
    assert_eq!((other["name"].clone(), other["version"].clone()), (json!("Other"), json!(1)));
    // Deleting frees the name; the id is still never given out again.
    call(&app, "DELETE", "/api/workflows/hello-world", None).await;
    let (status, body) = call(&app, "POST", "/api/workflows", Some(json!({"name": "Hello World", "definition": hello()}))).await;
    assert_eq!((status, body), (StatusCode::CREATED, json!({"id": "hello-world-2", "version": 1})));
}

both!(a_taken_name_is_409_naming_the_workflow_that_has_it);

/// A numbered version stays readable after the workflow is deleted, and says so (the execution
/// page then neither links to the workflow nor offers a new execution of it).
#[tokio::test]
async fn a_version_of_a_deleted_workflow_says_it_is_deleted() {
    let (s, _d) = service().await;
    let app = app(&s);
    call(&app, "POST", "/api/workflows", Some(json!({"name": "w", "definition": hello()}))).await;
    let (_, v1) = call(&app, "GET", "/api/workflows/w?version=1", None).await;
    assert_eq!(v1["deleted"], json!(false), "{v1}");
    let (_, latest) = call(&app, "GET", "/api/workflows/w", None).await;
    assert_eq!(latest["deleted"], json!(false), "{latest}");
    call(&app, "DELETE", "/api/workflows/w", None).await;
    let (status, v1) = call(&app, "GET", "/api/workflows/w?version=1", None).await;
    assert_eq!((status, v1["deleted"].clone(), v1["definition"].clone()), (StatusCode::OK, json!(true), hello()));
    let (status, _) = call(&app, "GET", "/api/workflows/w", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn definition_may_be_sent_as_json_text() {
    let (s, _d) = service().await;
    let (status, body) =
        call(&app(&s), "POST", "/api/workflows", Some(json!({"name": "t", "definition": hello().to_string()}))).await;
    assert_eq!((status, body["version"].clone()), (StatusCode::CREATED, json!(1)));
}

#[tokio::test]
async fn invalid_definition_is_400_with_problems() {
    let (s, _d) = service().await;
    let bad = json!({"StartAt": "Nope", "States": {"A": {"Type": "Pass", "End": true}}});
    let (status, body) = call(&app(&s), "POST", "/api/workflows", Some(json!({"name": "bad", "definition": bad}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], "INVALID_DEFINITION");
    assert!(body["message"].is_string());
    assert!(!body["problems"].as_array().expect("problems").is_empty());
    assert!(body["problems"][0]["code"].is_string() && body["problems"][0]["path"].is_string());
}

#[tokio::test]
async fn put_adds_a_version_and_earlier_ones_stay_readable() {
    let (s, _d) = service().await;
    let app = app(&s);
    call(&app, "POST", "/api/workflows", Some(json!({"name": "w", "definition": hello()}))).await;
    let v2 = json!({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}});
    let (status, body) = call(&app, "PUT", "/api/workflows/w", Some(json!({"definition": v2}))).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"id": "w", "version": 2})));
    let (_, latest) = call(&app, "GET", "/api/workflows/w", None).await;
    assert_eq!((latest["version"].clone(), latest["definition"].clone()), (json!(2), v2.clone()));
    let (_, first) = call(&app, "GET", "/api/workflows/w?version=1", None).await;
    assert_eq!(first["definition"], hello());
    let (status, _) = call(&app, "PUT", "/api/workflows/missing", Some(json!({"definition": v2}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = call(&app, "PUT", "/api/workflows/w", Some(json!({"definition": {"States": {}}}))).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::BAD_REQUEST, json!("INVALID_DEFINITION")));
}

/// A PUT of the definition the latest version already has (as a JSON value: key order does not
/// matter) adds no version: it answers the latest one, marked `"unchanged": true`.
#[tokio::test]
async fn put_of_an_unchanged_definition_adds_no_version() {
    let (s, _d) = service().await;
    let app = app(&s);
    call(&app, "POST", "/api/workflows", Some(json!({"name": "w", "definition": hello()}))).await;
    let (status, body) = call(&app, "PUT", "/api/workflows/w", Some(json!({"definition": hello()}))).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"id": "w", "version": 1, "unchanged": true})));
    // The same definition as text, keys in another order.
    let text = r#"{"States": {"Done": {"Type": "Succeed"}, "Greet": {"Next": "Done", "Type": "Pass",
        "Parameters": {"greeting.$": "States.Format('Hello, {}!', $.name)"}}}, "StartAt": "Greet"}"#;
    let (status, body) = call(&app, "PUT", "/api/workflows/w", Some(json!({"definition": text}))).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"id": "w", "version": 1, "unchanged": true})));
    let (_, versions) = call(&app, "GET", "/api/workflows/w/versions", None).await;
    assert_eq!(versions.as_array().map(Vec::len), Some(1), "{versions}");
    // A real change is still a new version, answered as before.
    let v2 = json!({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}});
    let (_, body) = call(&app, "PUT", "/api/workflows/w", Some(json!({"definition": v2}))).await;
    assert_eq!(body, json!({"id": "w", "version": 2}));
}

#[tokio::test]
async fn export_is_the_plain_definition_in_key_order() {
    let (s, _d) = service().await;
    let app = app(&s);
    call(&app, "POST", "/api/workflows", Some(json!({"name": "w", "definition": hello()}))).await;
    let (status, text) = call_text(&app, "GET", "/api/workflows/w/export", None, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text, serde_json::to_string_pretty(&hello()).unwrap());
}

#[tokio::test]
async fn validate_reports_valid_and_invalid() {
    let (s, _d) = service().await;
    let app = app(&s);
    let (status, body) = call(&app, "POST", "/api/validate", Some(json!({"definition": hello()}))).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"valid": true, "problems": []})));
    let (_, body) = call(&app, "POST", "/api/validate", Some(hello())).await;
    assert_eq!(body["valid"], true);
    let (_, body) = call(&app, "POST", "/api/validate", Some(json!({"definition": {"StartAt": "X", "States": {}}}))).await;
    assert_eq!(body["valid"], false);
    assert!(!body["problems"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn errors_are_json_with_code_and_message() {
    let (s, _d) = service().await;
    let app = app(&s);
    let (status, body) = call(&app, "GET", "/api/workflows/nope", None).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::NOT_FOUND, json!("NOT_FOUND")));
    assert!(body["message"].as_str().unwrap().contains("nope"));
    let (status, body) = call(&app, "GET", "/api/no/such/route", None).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::NOT_FOUND, json!("NOT_FOUND")));
    let (status, text) = call_text(&app, "POST", "/api/workflows", Some("{not json".into()), &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap()["code"], "BAD_REQUEST");
    let (status, body) = call(&app, "POST", "/api/workflows", Some(json!({"definition": hello()}))).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::BAD_REQUEST, json!("BAD_REQUEST")));
}

#[tokio::test]
async fn bodies_over_256_kib_are_413() {
    let (s, _d) = service().await;
    let big = json!({"name": "big", "definition": {"Comment": "x".repeat(300 * 1024), "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}});
    let (status, body) = call(&app(&s), "POST", "/api/workflows", Some(big)).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::PAYLOAD_TOO_LARGE, json!("PAYLOAD_TOO_LARGE")));
}

#[tokio::test]
async fn a_token_protects_everything_but_health() {
    let (s, _d) = service().await;
    let app = axum::Router::new()
        .nest("/api", server::api::router(server::api::AppState { service: s.clone(), token: Some("sekret".into()) }));
    let (status, body) = call(&app, "GET", "/api/workflows", None).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::UNAUTHORIZED, json!("UNAUTHORIZED")));
    let (status, _) = call_text(&app, "GET", "/api/workflows", None, &[("authorization", "Bearer wrong")]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = call_text(&app, "GET", "/api/workflows", None, &[("authorization", "Bearer sekret")]).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = call(&app, "GET", "/api/health", None).await;
    assert_eq!(status, StatusCode::OK);
}

#[test]
fn a_token_is_required_off_loopback() {
    // Only this test touches WFM_API_TOKEN in this binary.
    std::env::remove_var("WFM_API_TOKEN");
    assert!(server::api::auth::token_for("127.0.0.1:3000".parse().unwrap()).unwrap().is_none());
    assert!(server::api::auth::token_for("0.0.0.0:3000".parse().unwrap()).is_err());
}

#[tokio::test]
async fn examples_are_loaded_into_an_empty_store_once() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../workflows");
    let config = server::service::ServiceConfig { examples_dir: Some(dir.clone()), ..common::config() };
    let (s, _d) = common::service_with(config).await;
    let (_, list) = call(&app(&s), "GET", "/api/workflows", None).await;
    let ids: Vec<&str> = list.as_array().unwrap().iter().filter_map(|w| w["id"].as_str()).collect();
    assert!(ids.contains(&"hello-world"), "{ids:?}");
    assert_eq!(s.load_examples(&dir).await.unwrap(), 0);
}

/// An execution of a deleted workflow can still be redriven (it continues on the version it
/// ran, which stays stored), so the execution page keeps Redrive; a new execution cannot start.
#[tokio::test]
async fn an_execution_of_a_deleted_workflow_can_be_redriven_but_not_started_again() {
    let (s, _d) = service().await;
    let app = app(&s);
    let fails = json!({"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Nope"}}});
    call(&app, "POST", "/api/workflows", Some(json!({"name": "gone", "definition": fails}))).await;
    let (_, started) = call(&app, "POST", "/api/workflows/gone/executions", Some(json!({"input": {}}))).await;
    let exec = started["executionId"].as_str().unwrap().to_string();
    assert_eq!(common::wait_done(&app, &exec).await["status"], "FAILED");
    call(&app, "DELETE", "/api/workflows/gone", None).await;
    let (status, body) = call(&app, "POST", &format!("/api/executions/{exec}/redrive"), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let done = common::wait_done(&app, &exec).await;
    assert_eq!((done["status"].clone(), done["redriveCount"].clone()), (json!("FAILED"), json!(1)), "{done}");
    let (status, _) = call(&app, "POST", "/api/workflows/gone/executions", Some(json!({"input": {}}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
