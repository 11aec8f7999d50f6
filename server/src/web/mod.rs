//! The web server (`wfm serve`): axum + Leptos SSR, the static site that `cargo leptos build`
//! makes (wasm, JS, CSS), and the REST API.
//!
//! Layout:
//! - [`site`]: finds the built site folder and makes the `LeptosOptions`, so a shipped binary
//!   needs no `LEPTOS_*` variables.
//! - [`routes`]: the route table.
//!
//! Configuration: `WFM_WORKFLOWS_DIR` (default `./workflows`), `LEPTOS_SITE_ROOT` to override
//! the site folder.

pub mod routes;
pub mod site;

use app::catalog::Catalog;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Starts the web app on `addr` and serves until the process ends.
pub async fn serve(addr: SocketAddr) -> anyhow::Result<()> {
    let options = site::options(addr)?;
    let catalog = Catalog::new(workflows_dir());
    // The REST API on the durable execution service (store, migrations, resumed executions).
    let service = crate::service::Service::start(crate::service::ServiceConfig::from_env()).await?;
    let api = crate::api::router(crate::api::AppState { service, token: crate::api::auth::token_for(addr)? });
    let router = routes::router(options.clone(), catalog.clone(), api);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    eprintln!(
        "wfm: serving http://{addr} (site {}, workflows {})",
        options.site_root,
        catalog.dir().display()
    );
    axum::serve(listener, router).await?;
    Ok(())
}

/// The workflow folder: `WFM_WORKFLOWS_DIR`, else `./workflows`.
pub fn workflows_dir() -> PathBuf {
    std::env::var_os("WFM_WORKFLOWS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("workflows"))
}

#[cfg(test)]
mod tests;
