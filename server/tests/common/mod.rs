//! Helpers shared by the server's integration tests: a fresh SQLite store per test, a fresh
//! PostgreSQL database per test, the API router, and one-shot requests.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use server::api::{router, AppState};
use server::service::{Service, ServiceConfig};
use server::store::Store;
use std::time::Duration;
use tower::ServiceExt;

/// A fresh SQLite store in a temporary folder (kept alive by the returned guard).
pub async fn sqlite_store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("wfm.sqlite").display());
    (Store::connect(&url).await.expect("sqlite store"), dir)
}

/// The loopback PostgreSQL server of this machine kind.
pub const PG_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A fresh PostgreSQL database (unique name) and its URL.
pub async fn pg_url() -> String {
    let url = std::env::var("WFM_TEST_PG_URL").unwrap_or_else(|_| PG_ADMIN_URL.to_string());
    sqlx::any::install_default_drivers();
    let admin = sqlx::AnyPool::connect(&url).await.expect("PostgreSQL on 127.0.0.1:5432 (user postgres, db test)");
    let now = chrono::Utc::now().timestamp();
    drop_old_test_databases(&admin, now).await;
    let name = format!("wfm_test_{now}_{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.expect("create database");
    admin.close().await;
    let base = url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&url);
    format!("{base}/{name}")
}

/// Test databases are named `wfm_test_<unix seconds>_<random>`; those older than an hour are
/// left over from earlier runs (a test cannot drop its own while its pool is open) and go.
async fn drop_old_test_databases(admin: &sqlx::AnyPool, now: i64) {
    let names: Vec<(String,)> = sqlx::query_as("SELECT datname::TEXT FROM pg_database WHERE datname LIKE 'wfm_test_%'")
        .fetch_all(admin)
        .await
        .unwrap_or_default();
    for (name,) in names {
        let born = name.split('_').nth(2).and_then(|t| t.parse::<i64>().ok()).unwrap_or(0);
        if born < now - 3600 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(admin).await;
        }
    }
}

/// Settings for tests: no waiting, no examples.
pub fn config() -> ServiceConfig {
    ServiceConfig { wait_scale: 0.0, examples_dir: None, ..ServiceConfig::default() }
}

/// A service on a fresh SQLite store.
pub async fn service() -> (Service, tempfile::TempDir) {
    service_with(config()).await
}

/// A service with custom settings on a fresh SQLite store.
pub async fn service_with(config: ServiceConfig) -> (Service, tempfile::TempDir) {
    let (store, dir) = sqlite_store().await;
    (Service::with_store(store, config).await.expect("service"), dir)
}

/// The API router as the web server mounts it (routes relative to `/api`).
pub fn app(service: &Service) -> Router {
    Router::new().nest("/api", router(AppState { service: service.clone(), token: None }))
}

/// One request; returns the status and the JSON body (Null when empty or not JSON).
pub async fn call(app: &Router, method: &str, uri: &str, body: Option<Value>) -> (StatusCode, Value) {
    let (status, text) = call_text(app, method, uri, body.map(|b| b.to_string()), &[]).await;
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// One request with a raw body and extra headers; returns the status and the body text.
pub async fn call_text(app: &Router, method: &str, uri: &str, body: Option<String>, headers: &[(&str, &str)]) -> (StatusCode, String) {
    let mut req = Request::builder().method(method).uri(uri);
    if body.is_some() {
        req = req.header("content-type", "application/json");
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = req.body(body.map(Body::from).unwrap_or_else(Body::empty)).expect("request");
    let resp = app.clone().oneshot(req).await.expect("response");
    let status = resp.status();
    let bytes = resp.into_body().collect().await.expect("body").to_bytes();
    (status, String::from_utf8_lossy(&bytes).to_string())
}

/// Polls `GET /api/executions/{id}` until it is no longer RUNNING (10 s at most).
pub async fn wait_done(app: &Router, id: &str) -> Value {
    for _ in 0..1000 {
        let (_, v) = call(app, "GET", &format!("/api/executions/{id}"), None).await;
        if v["status"] != "RUNNING" {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("execution {id} did not finish");
}

/// Polls the service's store until the execution is no longer RUNNING (10 s at most).
pub async fn wait_done_in(service: &Service, id: &str) -> server::store::ExecutionRow {
    for _ in 0..1000 {
        let row = service.store().get_execution(id).await.expect("execution");
        if row.status != "RUNNING" {
            return row;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("execution {id} did not finish");
}

/// `both!(f)`: runs `async fn f(&Store)` once on a fresh SQLite store and once on a fresh
/// PostgreSQL database (a test module per backend). Files that use it declare
/// `#[macro_use] mod common;`.
#[allow(unused_macros)]
macro_rules! both {
    ($name:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let (store, _dir) = super::common::sqlite_store().await;
                super::$name(&store).await;
            }
            #[tokio::test]
            async fn postgres() {
                let store = server::store::Store::connect(&super::common::pg_url().await).await.expect("postgres store");
                assert_eq!(store.backend(), server::store::Backend::Postgres);
                super::$name(&store).await;
            }
        }
    };
}
