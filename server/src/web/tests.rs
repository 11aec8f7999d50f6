//! Router tests without sockets (`oneshot`), against the shipped `workflows/` folder.

use super::routes::{health_api, router};
use super::site::options_for;
use app::catalog::Catalog;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

fn app() -> axum::Router {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let options = options_for(format!("{root}/target/site").into(), ([127, 0, 0, 1], 0).into());
    router(options, Catalog::new(format!("{root}/workflows")), health_api())
}

/// One runtime for every test: Leptos' executor is global and spawns onto the runtime it first
/// saw, so per-test runtimes (`#[tokio::test]`) can leave a later render waiting forever.
fn block_on<F: std::future::Future>(f: F) -> F::Output {
    static RT: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RT.get_or_init(|| tokio::runtime::Runtime::new().expect("tokio runtime")).block_on(f)
}

async fn get(uri: &str) -> (StatusCode, String) {
    let request = Request::get(uri).body(Body::empty()).unwrap();
    let response = app().oneshot(request).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[test]
fn health_answers() {
    block_on(async {
        let (status, body) = get("/api/health").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, r#"{"status":"ok"}"#);
    });
}

#[test]
fn home_page_lists_the_examples_server_side() {
    block_on(async {
        let (status, html) = get("/").await;
        assert_eq!(status, StatusCode::OK);
        for id in ["hello-world", "llm-analysis", "readyset-optimization"] {
            assert!(html.contains(&format!("/workflows/{id}")), "{id} not linked");
        }
    });
}

#[test]
fn workflow_page_draws_one_node_per_state() {
    block_on(async {
        let (status, html) = get("/workflows/llm-analysis").await;
        assert_eq!(status, StatusCode::OK);
        for state in ["GetDbSize", "GetTableCount", "AnalyzeWithLLM", "LLMUnavailable"] {
            assert!(html.contains(&format!(r#"data-state="{state}""#)), "{state} missing");
        }
        assert!(html.contains(r#"data-testid="definition-json""#));
        assert!(html.contains(r#"data-testid="step-detail""#));
    });
}
