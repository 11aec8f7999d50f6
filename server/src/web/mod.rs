//! The web server (`wfm serve`): axum + Leptos SSR and the REST API.

/// Starts the web app on `addr`.
pub async fn serve(addr: std::net::SocketAddr) -> anyhow::Result<()> {
    anyhow::bail!("the web app is not built into this binary yet (address {addr})")
}
