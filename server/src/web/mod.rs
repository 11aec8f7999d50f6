//! The web server (`wfm serve`): axum + Leptos SSR, the static site that `cargo leptos build`
//! makes (wasm, JS, CSS), and the REST API.
//!
//! Layout:
//! - [`site`]: finds the built site folder and makes the `LeptosOptions`, so a shipped binary
//!   needs no `LEPTOS_*` variables.
//! - [`routes`]: the route table.
//! - [`backend`]: the web app's server functions' view of the execution service.
//! - [`precompressed`]: `/pkg` served from build-time gzip files when they are current.
//!
//! Configuration: `WFM_WORKFLOWS_DIR` (default `./workflows`, examples loaded into the store),
//! `WFM_API_TOKEN` (required off loopback), `LEPTOS_SITE_ROOT` to override the site folder.

pub mod backend;
pub mod precompressed;
pub mod routes;
pub mod site;

use std::net::SocketAddr;

/// Starts the web app on `addr` and serves until the process ends.
pub async fn serve(addr: SocketAddr) -> anyhow::Result<()> {
    let options = site::options(addr)?;
    let pkg_dir = site::pkg_dir(&options);
    let stale = precompressed::drop_stale(&pkg_dir)?;
    if !stale.is_empty() {
        eprintln!(
            "wfm: deleted {} precompressed files older than the build in {} (those files are gzipped on the fly; scripts/precompress.sh makes new ones)",
            stale.len(),
            pkg_dir.display()
        );
    }
    let token = crate::api::auth::token_for(addr)?;
    // The durable execution service (store, migrations, examples, resumed executions) behind
    // both the REST API and the web app's server functions.
    let service = crate::service::Service::start(crate::service::ServiceConfig::from_env()).await?;
    let api = crate::api::router(crate::api::AppState { service: service.clone(), token: token.clone() });
    let backend = backend::ServiceBackend::new(service, token.clone()).shared();
    let router = routes::router(options.clone(), backend, api);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let auth = if token.is_some() { "token required" } else { "open (loopback)" };
    eprintln!("wfm: serving http://{addr} (site {}, {auth})", options.site_root);
    axum::serve(listener, router).await?;
    Ok(())
}

#[cfg(test)]
mod tests;
