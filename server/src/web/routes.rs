//! The route table: the REST API under `/api` (given by the caller), server functions under
//! `/rpc`, the pages, the wasm, JS and CSS under `/pkg` (precompressed when built so, see
//! [`super::precompressed`]), and other static files from the site folder as the fallback.

use app::backend::Backend;
use app::AppError;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, LeptosRoutes};
use std::sync::Arc;
use tower_http::compression::CompressionLayer;

/// The whole web app, with `api` mounted under `/api`; pages and server functions find
/// `backend` in Leptos context.
pub fn router(options: LeptosOptions, backend: Arc<dyn Backend>, api: Router) -> Router {
    let routes = generate_route_list(app::App);
    let shell_options = options.clone();
    let fallback_backend = backend.clone();
    let execution_backend = backend.clone();
    Router::new()
        .nest_service("/api", api)
        .route(&bg_wasm_path(&options), get(wasm_alias))
        .nest_service(&format!("/{}", options.site_pkg_dir), super::precompressed::service(&super::site::pkg_dir(&options)))
        .leptos_routes_with_context(
            &options,
            routes,
            move || provide_context(backend.clone()),
            move || app::shell(shell_options.clone()),
        )
        // Unknown paths render the app's "Page not found" (a 404). The app needs the backend
        // there too: without it the top bar's session call failed and made the page a 500.
        .fallback(file_and_error_handler_with_context(move || provide_context(fallback_backend.clone()), app::shell))
        .with_state(options)
        .layer(axum::middleware::from_fn(move |req, next| missing_execution_is_404(execution_backend.clone(), req, next)))
        // The wasm shrinks to about 40 % gzipped. Its default predicate skips the SSE stream
        // (`text/event-stream`), images, tiny bodies and what is already compressed (`/pkg`'s
        // precompressed files).
        .layer(CompressionLayer::new())
}

/// The page of an execution that does not exist is a 404, as a missing workflow's page is. The
/// execution page loads its execution in the browser, so the server checks here, before the
/// page renders: a check in the page would cost every execution page a round trip and the wasm
/// its code.
async fn missing_execution_is_404(backend: Arc<dyn Backend>, req: Request, next: Next) -> Response {
    let missing = match req.uri().path().strip_prefix("/executions/") {
        Some(id) if !id.is_empty() && !id.contains('/') => matches!(backend.get_execution(id).await, Err(AppError::NotFound(_))),
        _ => false,
    };
    let mut response = next.run(req).await;
    if missing {
        *response.status_mut() = StatusCode::NOT_FOUND;
    }
    response
}

/// The API while no store-backed REST API is mounted: `GET /api/health` only.
pub fn health_api() -> Router {
    Router::new().route("/health", get(health))
}

/// `GET /api/health`: the process answers.
async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

/// A server built without cargo-leptos (plain `cargo build`) asks for `<name>_bg.wasm`, which
/// cargo-leptos names `<name>.wasm`; serve the same file under both names.
fn bg_wasm_path(options: &LeptosOptions) -> String {
    format!("/{}/{}_bg.wasm", options.site_pkg_dir, options.output_name)
}

async fn wasm_alias(State(options): State<LeptosOptions>) -> Response {
    let path = super::site::pkg_dir(&options).join(format!("{}.wasm", options.output_name));
    match tokio::fs::read(&path).await {
        Ok(bytes) => ([("content-type", "application/wasm")], bytes).into_response(),
        Err(_) => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}
