//! The web app's server functions (`/rpc/*`) over the real service and a fresh SQLite store,
//! through the same router `wfm serve` builds: workflows, versions, functions, executions, and
//! the token check on a non-loopback configuration (bearer header or session cookie).

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use server::service::{Service, ServiceConfig};
use server::web::backend::ServiceBackend;
use tower::ServiceExt;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
const TOKEN: &str = "t0ken-for-tests";

/// One runtime for every test (Leptos' executor is global; see `server::web` tests).
fn block_on<F: std::future::Future>(f: F) -> F::Output {
    static RT: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RT.get_or_init(|| tokio::runtime::Runtime::new().expect("tokio runtime")).block_on(f)
}

struct Web {
    app: Router,
    service: Service,
    _dir: tempfile::TempDir,
}

/// The whole web app on a fresh store seeded with `workflows/`; `token` as off loopback.
async fn web(token: Option<&str>) -> Web {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = ServiceConfig {
        database_url: format!("sqlite://{}", dir.path().join("wfm.sqlite").display()),
        examples_dir: Some(format!("{ROOT}/workflows").into()),
        ..common::config()
    };
    let service = Service::start(config).await.expect("service");
    let token = token.map(str::to_string);
    let api = server::api::router(server::api::AppState { service: service.clone(), token: token.clone() });
    let options = server::web::site::options_for(format!("{ROOT}/target/site").into(), ([0, 0, 0, 0], 0).into());
    let backend = ServiceBackend::new(service.clone(), token).shared();
    Web { app: server::web::routes::router(options, backend, api), service, _dir: dir }
}

fn form(args: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    args.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&")
}

/// Calls server function `name` with form arguments and extra headers → status, JSON body.
async fn rpc_with(app: &Router, name: &str, args: &[(&str, &str)], headers: &[(&str, &str)]) -> (StatusCode, Value) {
    let mut req = Request::post(format!("/rpc/{name}")).header("content-type", "application/x-www-form-urlencoded");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = app.clone().oneshot(req.body(Body::from(form(args))).unwrap()).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

async fn rpc(app: &Router, name: &str, args: &[(&str, &str)]) -> Value {
    let (status, body) = rpc_with(app, name, args, &[]).await;
    assert_eq!(status, StatusCode::OK, "{name}: {body}");
    body
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|w| w["id"].as_str().unwrap().to_string()).collect()
}

const STARTER: &str = r#"{"Comment": "Starter", "StartAt": "Hello", "States": {"Hello": {"Type": "Pass", "End": true}}}"#;

#[test]
fn list_and_search_workflows() {
    block_on(async {
        let w = web(None).await;
        let all = rpc(&w.app, "list_workflows", &[]).await;
        for id in ["db-health-report", "hello-world", "llm-analysis", "readyset-optimization"] {
            assert!(ids(&all).contains(&id.to_string()), "{id} in {all}");
        }
        let hello = all.as_array().unwrap().iter().find(|s| s["id"] == "hello-world").unwrap();
        assert_eq!((hello["version"].clone(), hello["error"].clone()), (json!(1), Value::Null));
        assert!(hello["state_count"].as_u64().unwrap() > 0);
        let found = rpc(&w.app, "list_workflows", &[("search", "LLM analysis")]).await;
        assert_eq!(ids(&found), vec!["llm-analysis"]);
        assert!(ids(&rpc(&w.app, "list_workflows", &[("search", "no such thing")]).await).is_empty());
    });
}

#[test]
fn get_workflow_has_graph_input_and_versions() {
    block_on(async {
        let w = web(None).await;
        let d = rpc(&w.app, "get_workflow", &[("id", "llm-analysis")]).await;
        assert_eq!((d["version"].clone(), d["latest_version"].clone()), (json!(1), json!(1)));
        assert_eq!(d["graph"]["nodes"].as_array().unwrap().len(), d["states"].as_array().unwrap().len() + 2);
        assert!(d["input"].is_string(), "the example input is kept with the workflow");
        let (status, body) = rpc_with(&w.app, "get_workflow", &[("id", "nope")], &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "a missing workflow is a 404, not a server failure");
        assert!(body["NotFound"].is_string(), "{body}");
        let (_, body) = rpc_with(&w.app, "get_workflow", &[("id", "hello-world"), ("version", "9")], &[]).await;
        assert!(body["NotFound"].is_string(), "{body}");
    });
}

#[test]
fn create_save_and_reject_with_problems() {
    block_on(async {
        let w = web(None).await;
        let saved = rpc(&w.app, "create_workflow", &[("name", "My New Flow"), ("definition", STARTER)]).await;
        assert_eq!(saved, json!({"id": "my-new-flow", "version": 1}));
        assert!(ids(&rpc(&w.app, "list_workflows", &[("search", "new flow")]).await).contains(&"my-new-flow".into()));
        let v2 = STARTER.replace("Starter", "Second");
        assert_eq!(rpc(&w.app, "save_workflow", &[("id", "my-new-flow"), ("definition", &v2)]).await["version"], 2);
        // Not JSON: one problem at the root, with line and column.
        let (status, body) = rpc_with(&w.app, "save_workflow", &[("id", "my-new-flow"), ("definition", "{\"StartAt\": ")], &[]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["Invalid"]["problems"][0]["code"], "INVALID_JSON", "{body}");
        // Valid JSON, invalid ASL: every problem with its JSON pointer.
        let bad = r#"{"StartAt": "Missing", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}"#;
        let (_, body) = rpc_with(&w.app, "create_workflow", &[("name", "bad"), ("definition", bad)], &[]).await;
        let problems = body["Invalid"]["problems"].as_array().expect("problems");
        assert!(problems.len() >= 2, "{body}");
        assert!(problems.iter().any(|p| p["path"] == "/States/A/Next"), "{body}");
        assert_eq!(rpc(&w.app, "get_workflow", &[("id", "my-new-flow")]).await["version"], 2, "rejected saves add nothing");
        let (_, body) = rpc_with(&w.app, "create_workflow", &[("name", "  "), ("definition", STARTER)], &[]).await;
        assert!(body["BadRequest"].is_string(), "{body}");
    });
}

/// The editor saving what the latest version already holds adds no version: the answer is the
/// latest version, with `"unchanged": true`. Restoring the latest version is the same no-op.
#[test]
fn saving_an_unchanged_definition_adds_no_version() {
    block_on(async {
        let w = web(None).await;
        rpc(&w.app, "create_workflow", &[("name", "Same"), ("definition", STARTER)]).await;
        let saved = rpc(&w.app, "save_workflow", &[("id", "same"), ("definition", STARTER)]).await;
        assert_eq!(saved, json!({"id": "same", "version": 1, "unchanged": true}));
        // Pretty-printed differently and with the keys in another order: still the same value.
        let value: Value = serde_json::from_str(STARTER).unwrap();
        let mut keys: Vec<(String, Value)> = value.as_object().unwrap().clone().into_iter().collect();
        keys.reverse();
        let reordered = serde_json::to_string_pretty(&serde_json::Map::from_iter(keys)).unwrap();
        assert_ne!(reordered.replace(char::is_whitespace, ""), STARTER.replace(char::is_whitespace, ""));
        let saved = rpc(&w.app, "save_workflow", &[("id", "same"), ("definition", &reordered)]).await;
        assert_eq!(saved, json!({"id": "same", "version": 1, "unchanged": true}));
        assert_eq!(rpc(&w.app, "list_versions", &[("id", "same")]).await.as_array().unwrap().len(), 1);
        let restored = rpc(&w.app, "restore_version", &[("id", "same"), ("version", "1")]).await;
        assert_eq!(restored, json!({"id": "same", "version": 1, "unchanged": true}));
        let v2 = STARTER.replace("Starter", "Second");
        assert_eq!(rpc(&w.app, "save_workflow", &[("id", "same"), ("definition", &v2)]).await, json!({"id": "same", "version": 2}));
    });
}

#[test]
fn duplicate_copies_definition_and_input() {
    block_on(async {
        let w = web(None).await;
        let saved = rpc(&w.app, "duplicate_workflow", &[("id", "llm-analysis"), ("new_name", "LLM copy")]).await;
        assert_eq!(saved, json!({"id": "llm-copy", "version": 1}));
        let (a, b) = (rpc(&w.app, "get_workflow", &[("id", "llm-analysis")]).await, rpc(&w.app, "get_workflow", &[("id", "llm-copy")]).await);
        assert_eq!((a["definition"].clone(), a["input"].clone()), (b["definition"].clone(), b["input"].clone()));
        assert_eq!(b["name"], "LLM copy");
    });
}

/// Create, import (the same server function) and duplicate refuse a name another workflow
/// has: 409 with `NameTaken`, that workflow's name as it has it and its id, which the forms
/// show beside their name field.
#[test]
fn a_taken_name_is_refused_on_create_and_duplicate() {
    block_on(async {
        let w = web(None).await;
        let (status, body) = rpc_with(&w.app, "create_workflow", &[("name", " LLM-Analysis "), ("definition", STARTER)], &[]).await;
        let holder = json!({"NameTaken": {"name": "llm-analysis", "id": "llm-analysis"}});
        assert_eq!((status, body), (StatusCode::CONFLICT, holder.clone()));
        let (status, body) = rpc_with(&w.app, "duplicate_workflow", &[("id", "hello-world"), ("new_name", "llm-analysis")], &[]).await;
        assert_eq!((status, body), (StatusCode::CONFLICT, holder));
        assert!(!ids(&rpc(&w.app, "list_workflows", &[]).await).iter().any(|id| id.ends_with("-2")), "nothing was saved");
    });
}

#[test]
fn delete_keeps_executions_and_versions_readable() {
    block_on(async {
        let w = web(None).await;
        let exec = w.service.start_execution("hello-world", json!({"name": "x"})).await.unwrap();
        common::wait_done_in(&w.service, &exec).await;
        assert_eq!(rpc(&w.app, "delete_workflow", &[("id", "hello-world")]).await, Value::Null);
        assert!(!ids(&rpc(&w.app, "list_workflows", &[]).await).contains(&"hello-world".into()));
        let (_, body) = rpc_with(&w.app, "get_workflow", &[("id", "hello-world")], &[]).await;
        assert!(body["NotFound"].is_string(), "the latest is gone: {body}");
        assert_eq!(rpc(&w.app, "get_workflow", &[("id", "hello-world"), ("version", "1")]).await["version"], 1);
        let runs = rpc(&w.app, "list_executions", &[("workflow", "hello-world")]).await;
        assert_eq!(ids(&runs), vec![exec.clone()]);
        assert_eq!(runs[0]["status"], "SUCCEEDED");
        assert!(w.service.execution_status(&exec).await.is_ok());
        assert!(w.service.start_execution("hello-world", json!({})).await.is_err(), "a deleted workflow cannot start");
        let (_, body) = rpc_with(&w.app, "delete_workflow", &[("id", "hello-world")], &[]).await;
        assert!(body["NotFound"].is_string(), "{body}");
        // The name is free again, but the id is never given out again.
        let saved = rpc(&w.app, "create_workflow", &[("name", "hello-world"), ("definition", STARTER)]).await;
        assert_eq!(saved["id"], "hello-world-2");
    });
}

#[test]
fn versions_diff_and_restore() {
    block_on(async {
        let w = web(None).await;
        rpc(&w.app, "create_workflow", &[("name", "v"), ("definition", STARTER)]).await;
        let v2 = r#"{"Comment": "Starter", "StartAt": "Hi", "States": {"Hi": {"Type": "Pass", "End": true}}}"#;
        rpc(&w.app, "save_workflow", &[("id", "v"), ("definition", v2)]).await;
        let versions = rpc(&w.app, "list_versions", &[("id", "v")]).await;
        let numbers: Vec<u64> = versions.as_array().unwrap().iter().map(|v| v["version"].as_u64().unwrap()).collect();
        assert_eq!(numbers, vec![1, 2]);
        assert_eq!(versions[0]["state_count"], 1);
        let diff = rpc(&w.app, "diff_versions", &[("id", "v"), ("from", "1"), ("to", "2")]).await;
        let changed: Vec<(String, String)> = diff
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["kind"] != "Same")
            .map(|l| (l["kind"].as_str().unwrap().to_string(), l["text"].as_str().unwrap().trim().to_string()))
            .collect();
        assert!(changed.contains(&("Removed".into(), "\"StartAt\": \"Hello\",".into())), "{changed:?}");
        assert!(changed.contains(&("Added".into(), "\"StartAt\": \"Hi\",".into())), "{changed:?}");
        let restored = rpc(&w.app, "restore_version", &[("id", "v"), ("version", "1")]).await;
        assert_eq!(restored, json!({"id": "v", "version": 3}));
        let latest = rpc(&w.app, "get_workflow", &[("id", "v")]).await;
        let first = rpc(&w.app, "get_workflow", &[("id", "v"), ("version", "1")]).await;
        assert_eq!(latest["definition"], first["definition"]);
        assert!(rpc(&w.app, "diff_versions", &[("id", "v"), ("from", "1"), ("to", "3")]).await.as_array().unwrap().iter().all(|l| l["kind"] == "Same"));
        let (_, body) = rpc_with(&w.app, "list_versions", &[("id", "nope")], &[]).await;
        assert!(body["NotFound"].is_string(), "{body}");
    });
}

#[test]
fn functions_are_the_registry_listing() {
    block_on(async {
        let w = web(None).await;
        let list = rpc(&w.app, "list_functions", &[]).await;
        let names: Vec<&str> = list.as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect();
        let mut expected: Vec<String> = w.service.registry().specs().map(|s| s.name.clone()).collect();
        expected.sort();
        assert_eq!(names, expected.iter().map(String::as_str).collect::<Vec<_>>());
        let echo = list.as_array().unwrap().iter().find(|f| f["name"] == "echo").unwrap();
        assert_eq!(echo["schema"]["type"], "object");
        assert!(echo["description"].as_str().unwrap().len() > 5);
        let (status, rest) = common::call(&w.app, "GET", "/api/functions", None).await;
        assert_eq!((status, rest.as_array().map(Vec::len)), (StatusCode::OK, Some(names.len())));
    });
}

#[test]
fn executions_filter_by_workflow_and_status() {
    block_on(async {
        let w = web(None).await;
        let ok = w.service.start_execution("hello-world", json!({"name": "a"})).await.unwrap();
        let failed_def = r#"{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom"}}}"#;
        rpc(&w.app, "create_workflow", &[("name", "fails"), ("definition", failed_def)]).await;
        let bad = w.service.start_execution("fails", json!({})).await.unwrap();
        common::wait_done_in(&w.service, &ok).await;
        common::wait_done_in(&w.service, &bad).await;
        let all = rpc(&w.app, "list_executions", &[]).await;
        assert_eq!(all.as_array().unwrap().len(), 2);
        let failed = rpc(&w.app, "list_executions", &[("status", "failed")]).await;
        assert_eq!(ids(&failed), vec![bad.clone()]);
        assert_eq!((failed[0]["workflow_id"].clone(), failed[0]["error"].clone()), (json!("fails"), json!("Boom")));
        assert_eq!(ids(&rpc(&w.app, "list_executions", &[("workflow", "hello-world"), ("status", "SUCCEEDED")]).await), vec![ok]);
        assert!(ids(&rpc(&w.app, "list_executions", &[("workflow", "fails"), ("status", "RUNNING")]).await).is_empty());
        let (_, body) = rpc_with(&w.app, "list_executions", &[("status", "DONE")], &[]).await;
        assert!(body["BadRequest"].is_string(), "{body}");
    });
}

/// Every server function and the REST API refuse a request without the token; a bearer header
/// or the session cookie from `POST /api/session` lets it through; the token never comes back.
#[test]
fn render_markdown_returns_html_that_runs_and_loads_nothing() {
    block_on(async {
        let w = web(None).await;
        let text = "# Title\n\n**bold** <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n[x](javascript:alert(3)) ![i](https://example.com/i.png)";
        let html = rpc(&w.app, "render_markdown", &[("text", text)]).await;
        let html = html.as_str().expect("HTML as a JSON string");
        assert!(html.contains("<h1>Title</h1>") && html.contains("<strong>bold</strong>"), "{html}");
        assert!(html.contains("&lt;script&gt;") && html.contains("&lt;img"), "raw HTML is text: {html}");
        assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("javascript:"), "{html}");
    });
}

#[test]
fn off_loopback_every_call_needs_the_token() {
    block_on(async {
        let w = web(Some(TOKEN)).await;
        let calls: &[(&str, &[(&str, &str)])] = &[
            ("list_workflows", &[]),
            ("get_workflow", &[("id", "hello-world")]),
            ("save_workflow", &[("id", "hello-world"), ("definition", STARTER)]),
            ("create_workflow", &[("name", "x"), ("definition", STARTER)]),
            ("duplicate_workflow", &[("id", "hello-world"), ("new_name", "y")]),
            ("delete_workflow", &[("id", "llm-analysis")]),
            ("list_versions", &[("id", "hello-world")]),
            ("diff_versions", &[("id", "hello-world"), ("from", "1"), ("to", "1")]),
            ("restore_version", &[("id", "hello-world"), ("version", "1")]),
            ("list_functions", &[]),
            ("list_executions", &[]),
            ("render_markdown", &[("text", "hi")]),
        ];
        let bad_cookie = format!("{}=0000", server::api::auth::SESSION_COOKIE);
        for (name, args) in calls {
            for headers in [vec![], vec![("authorization", "Bearer wrong")], vec![("cookie", bad_cookie.as_str())]] {
                let (status, body) = rpc_with(&w.app, name, args, &headers).await;
                assert_eq!((status, body.clone()), (StatusCode::UNAUTHORIZED, json!("Unauthorized")), "{name} {headers:?}");
            }
        }
        assert_eq!(rpc(&w.app, "get_session", &[]).await, json!({"token_required": true, "signed_in": false}));
        let (status, _) = common::call(&w.app, "GET", "/api/workflows", None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, _) = common::call(&w.app, "GET", "/api/executions", None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);

        let bearer = format!("Bearer {TOKEN}");
        for (name, args) in calls {
            let (status, body) = rpc_with(&w.app, name, args, &[("authorization", &bearer)]).await;
            assert_eq!(status, StatusCode::OK, "{name}: {body}");
            assert!(!body.to_string().contains(TOKEN));
        }

        // Sign in: a wrong token is 401 and sets nothing; the right one sets the cookie.
        let (status, _, headers) = sign_in(&w.app, "nope").await;
        assert_eq!((status, headers.get("set-cookie")), (StatusCode::UNAUTHORIZED, None));
        let (status, body, headers) = sign_in(&w.app, TOKEN).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let set_cookie = headers.get("set-cookie").unwrap().to_str().unwrap().to_string();
        assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"), "{set_cookie}");
        assert!(!set_cookie.contains(TOKEN) && !body.contains(TOKEN), "the token never leaves the server");
        let cookie = set_cookie.split(';').next().unwrap().to_string();
        let with_cookie = [("cookie", cookie.as_str())];
        assert_eq!(rpc_with(&w.app, "get_session", &[], &with_cookie).await.1, json!({"token_required": true, "signed_in": true}));
        let (status, list) = rpc_with(&w.app, "list_workflows", &[], &with_cookie).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        let (status, _) = common::call_text(&w.app, "GET", "/api/workflows", None, &with_cookie).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = common::call_text(&w.app, "GET", "/api/health", None, &[]).await;
        assert_eq!(status, StatusCode::OK, "health stays open");
    });
}

#[test]
fn on_loopback_nothing_is_required() {
    block_on(async {
        let w = web(None).await;
        assert_eq!(rpc(&w.app, "get_session", &[]).await, json!({"token_required": false, "signed_in": false}));
        let (status, body) = common::call(&w.app, "GET", "/api/session", None).await;
        assert_eq!((status, body), (StatusCode::OK, json!({"tokenRequired": false, "signedIn": false})));
    });
}

async fn sign_in(app: &Router, token: &str) -> (StatusCode, String, axum::http::HeaderMap) {
    let req = Request::post("/api/session")
        .header("content-type", "application/json")
        .body(Body::from(json!({"token": token}).to_string()))
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    let (status, headers) = (resp.status(), resp.headers().clone());
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).to_string(), headers)
}

#[test]
fn responses_are_gzipped_when_asked_but_the_event_stream_is_not() {
    block_on(async {
        let w = web(None).await;
        let get = |uri: String| {
            let app = w.app.clone();
            async move {
                let req = Request::get(uri).header("accept-encoding", "gzip").body(Body::empty()).unwrap();
                let resp = app.oneshot(req).await.unwrap();
                (resp.status(), resp.headers().get("content-encoding").map(|v| v.to_str().unwrap().to_string()))
            }
        };
        assert_eq!(get("/api/workflows".into()).await, (StatusCode::OK, Some("gzip".into())));
        let page = get("/".into()).await;
        assert_eq!(page.1.as_deref(), Some("gzip"), "{page:?}");
        let id = w.service.start_execution("hello-world", serde_json::json!({"name": "gz"})).await.unwrap();
        let sse = get(format!("/api/executions/{id}/events")).await;
        assert_eq!(sse, (StatusCode::OK, None), "SSE must not be buffered by a compressor");
    });
}
