//! The route table: the REST API under `/api` (given by the caller), server functions under
//! `/rpc`, the pages, the wasm, JS and CSS under `/pkg` (precompressed when built so, see
//! [`super::precompressed`]), and other static files from the site folder as the fallback.

use app::backend::Backend;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{file_and_error_handler, generate_route_list, LeptosRoutes};
use std::sync::Arc;
use tower_http::compression::CompressionLayer;

/// The whole web app, with `api` mounted under `/api`; pages and server functions find
/// `backend` in Leptos context.
pub fn router(options: LeptosOptions, backend: Arc<dyn Backend>, api: Router) -> Router {
    let routes = generate_route_list(app::App);
    let shell_options = options.clone();
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
        .fallback(file_and_error_handler(app::shell))
        .with_state(options)
        // The wasm shrinks to about 40 % gzipped. Its default predicate skips the SSE stream
        // (`text/event-stream`), images, tiny bodies and what is already compressed (`/pkg`'s
        // precompressed files).
        .layer(CompressionLayer::new())
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
