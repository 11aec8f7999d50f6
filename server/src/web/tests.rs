//! Router tests without sockets (`oneshot`): pages rendered server-side from a fresh SQLite
//! store seeded with the shipped `workflows/` folder.

use super::backend::ServiceBackend;
use super::routes::{health_api, router};
use super::site::options_for;
use crate::service::{Service, ServiceConfig};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

async fn app() -> (axum::Router, tempfile::TempDir) {
    app_with(None).await
}

/// The web app with `token` required, as off loopback.
async fn app_with(token: Option<&str>) -> (axum::Router, tempfile::TempDir) {
    app_at(format!("{ROOT}/target/site").into(), token).await
}

/// The web app serving the site in `site_root`.
async fn app_at(site_root: std::path::PathBuf, token: Option<&str>) -> (axum::Router, tempfile::TempDir) {
    let (app, _service, dir) = app_and_service(site_root, token).await;
    (app, dir)
}

/// The web app and the service behind it (to start executions).
async fn app_and_service(
    site_root: std::path::PathBuf,
    token: Option<&str>,
) -> (axum::Router, Service, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = ServiceConfig {
        database_url: format!("sqlite://{}", dir.path().join("wfm.sqlite").display()),
        examples_dir: Some(format!("{ROOT}/workflows").into()),
        wait_scale: 0.0,
        ..ServiceConfig::default()
    };
    let service = Service::start(config).await.expect("service");
    let options = options_for(site_root, ([127, 0, 0, 1], 0).into());
    let backend = ServiceBackend::new(service.clone(), token.map(str::to_string)).shared();
    (router(options, backend, health_api()), service, dir)
}

/// One runtime for every test: Leptos' executor is global and spawns onto the runtime it first
/// saw, so per-test runtimes (`#[tokio::test]`) can leave a later render waiting forever.
///
/// And one test at a time: each test starts its own `Service` and router, and pages rendered
/// concurrently by two of them in one process sometimes never finished (2 runs in 10 of these
/// five tests hung). One server under concurrent requests does not (270 concurrent page loads of
/// a release `wfm serve`, all answered), so what is shared is Leptos' process-global state
/// between two apps, which a real process never has.
fn block_on<F: std::future::Future>(f: F) -> F::Output {
    static RT: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    RT.get_or_init(|| tokio::runtime::Runtime::new().expect("tokio runtime")).block_on(f)
}

async fn get(uri: &str) -> (StatusCode, String) {
    get_from(app().await.0, uri).await
}

async fn get_from(app: axum::Router, uri: &str) -> (StatusCode, String) {
    let request = Request::get(uri).body(Body::empty()).unwrap();
    let response = app.oneshot(request).await.unwrap();
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
        for id in ["hello-world", "llm-analysis", "readyset-optimization", "db-health-report"] {
            assert!(html.contains(&format!("/workflows/{id}")), "{id} not linked");
        }
    });
}

/// The editor is in the server's HTML (graph, palette with the registry's functions), so the
/// page shows before the wasm arrives; a missing workflow is a 404 page.
#[test]
fn workflow_page_renders_from_the_store() {
    block_on(async {
        let (status, html) = get("/workflows/llm-analysis").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("llm-analysis"));
        assert!(html.contains(r#"data-state="AnalyzeWithLLM""#), "the graph is rendered on the server: {html}");
        assert!(html.contains("call_llm"), "the palette lists the registry's functions");
        let incomplete = html.split("__INCOMPLETE_CHUNKS=[").skip(1).any(|rest| !rest.starts_with(']'));
        assert!(!incomplete, "no part of the page is left to the browser");
        let (status, html) = get("/workflows/no-such-workflow").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(html.contains("not found"), "{html}");
    });
}

#[test]
fn versions_and_executions_pages_render_server_side() {
    block_on(async {
        let (status, html) = get("/workflows/hello-world/versions").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(r#"data-testid="version-list""#) && html.contains(r#"data-version="1""#), "{html}");
        assert!(html.contains(r#"data-testid="version-diff""#));
        let (status, html) = get("/executions").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("No executions yet.") && html.contains(r#"data-testid="execution-filter""#));
    });
}

/// A route the app does not have is a 404 page (it was a 500: the fallback rendered the app
/// without the backend), and so is an execution that does not exist (it was a 200 placeholder),
/// as `/workflows/{missing}` already was; an execution that exists is a 200.
#[test]
fn unknown_routes_and_missing_executions_are_404() {
    block_on(async {
        let (app, service, _dir) = app_and_service(format!("{ROOT}/target/site").into(), None).await;
        let (status, html) = get_from(app.clone(), "/nope").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{html}");
        assert!(html.contains("Page not found"), "{html}");
        let (status, _) = get_from(app.clone(), "/no/such/page").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, html) = get_from(app.clone(), "/executions/zzz").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{html}");
        let (status, _) = get_from(app.clone(), "/workflows/zzz").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let id = service.start_execution("hello-world", serde_json::json!({"name": "x"})).await.expect("start");
        let (status, html) = get_from(app.clone(), &format!("/executions/{id}")).await;
        assert_eq!(status, StatusCode::OK, "{html}");
        assert!(html.contains(r#"data-testid="execution-loading""#), "the page itself is rendered: {html}");
    });
}

#[test]
fn with_a_token_pages_ask_to_sign_in_and_show_no_data() {
    block_on(async {
        let (app, _dir) = app_with(Some("page-token")).await;
        let (status, html) = get_from(app, "/").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(html.contains(r#"data-testid="sign-in""#), "{html}");
        assert!(!html.contains("/workflows/hello-world"), "no data before signing in");
        assert!(!html.contains("page-token"));
    });
}

#[test]
fn pkg_files_are_sent_precompressed_when_built_so_and_gzipped_on_the_fly_otherwise() {
    block_on(async {
        let site = tempfile::tempdir().expect("tempdir");
        let pkg = site.path().join("pkg");
        std::fs::create_dir(&pkg).unwrap();
        let wasm = vec![7u8; 4096];
        std::fs::write(pkg.join("app.wasm"), &wasm).unwrap();
        // Not a real gzip of the file: the bytes show which one was sent.
        std::fs::write(pkg.join("app.wasm.gz"), b"precompressed").unwrap();
        std::fs::write(pkg.join("chunk_1.wasm"), &wasm).unwrap();
        let (app, _db) = app_at(site.path().to_path_buf(), None).await;
        let fetch = |uri: &'static str, gzip: bool| {
            let app = app.clone();
            async move {
                let mut request = Request::get(uri);
                if gzip {
                    request = request.header("accept-encoding", "gzip");
                }
                let response = app.oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
                let encoding = response.headers().get("content-encoding").map(|v| v.to_str().unwrap().to_string());
                let kind = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_string());
                let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
                (encoding, kind, body)
            }
        };
        let (encoding, kind, body) = fetch("/pkg/app.wasm", true).await;
        assert_eq!(encoding.as_deref(), Some("gzip"));
        assert_eq!(kind.as_deref(), Some("application/wasm"));
        assert_eq!(body, b"precompressed");
        // A client without gzip gets the file itself.
        let (encoding, _, body) = fetch("/pkg/app.wasm", false).await;
        assert_eq!((encoding, body.len()), (None, wasm.len()));
        // No .gz beside it: gzipped on the fly, and it is the file.
        let (encoding, _, body) = fetch("/pkg/chunk_1.wasm", true).await;
        assert_eq!(encoding.as_deref(), Some("gzip"));
        let mut unzipped = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&body[..]), &mut unzipped).unwrap();
        assert_eq!(unzipped, wasm);
        // The name a build without cargo-leptos asks for still answers.
        let (_, _, body) = fetch("/pkg/app_bg.wasm", false).await;
        assert_eq!(body, wasm);
    });
}
