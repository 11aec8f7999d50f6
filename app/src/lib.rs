//! # app — the WorkflowManager web UI (Leptos 0.8, SSR + hydration)
//!
//! Built twice: as an rlib with feature `ssr` (linked into the `wfm` server, which renders the
//! pages and answers the server functions) and as a cdylib with feature `hydrate` (the wasm that
//! cargo-leptos builds; it takes over the server-rendered HTML so clicks work).
//!
//! Layout:
//! - [`model`]: data sent from server to browser; [`error`]: [`AppError`]; [`workflow_name`]:
//!   when two workflow names are the same (the store refuses the second).
//! - [`api`]: server functions; on the server they reach the store through `backend::Backend`
//!   (a trait the server implements), and `shape` and `layout` (ssr only) turn stored
//!   definitions into summaries, laid-out graphs (`layout-rs`) and diffs.
//! - [`pages`]: one file per route, each mounted as a lazy route ([`routes`]: its code is a
//!   separate wasm chunk); [`components`]: presentational pieces; [`editor`]: the
//!   workflow editor (client-side model, undo, palette, inspector).
//!
//! The server mounts it like this (see `server::web`):
//!
//! ```ignore
//! let routes = leptos_axum::generate_route_list(app::App);
//! let router = axum::Router::new()
//!     .leptos_routes_with_context(&options, routes, provide_backend, move || app::shell(opts.clone()));
//! ```

// The page views are deeply nested types; the wasm (hydrate) build overflowed the default 128.
#![recursion_limit = "256"]

pub mod api;
pub mod client;
pub mod components;
pub mod editor;
pub mod error;
pub mod graph_api;
pub mod live;
pub mod lowercase;
#[cfg(feature = "ssr")]
pub mod markdown;
pub mod model;
pub mod pages;
pub mod routes;
pub mod sync_hydrate;
pub mod words;
pub mod workflow_name;

#[cfg(feature = "ssr")]
pub mod backend;
#[cfg(feature = "ssr")]
pub mod layout;
#[cfg(feature = "ssr")]
pub mod shape;

pub use error::AppError;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

/// The HTML document around [`App`], rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body class="bg-slate-100 text-slate-900 antialiased">
                <App/>
            </body>
        </html>
    }
}

/// The router: `/` lists workflows, `/workflows/{id}` shows one and `/workflows/{id}/versions`
/// its history, `/executions` lists runs and `/executions/{id}` follows one.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/app.css"/>
        <Title text="WorkflowManager"/>
        <Router>
            <components::TopBar/>
            <main class="mx-auto max-w-7xl px-6 py-6">
                <Routes fallback=|| view! { <pages::NotFound/> }>
                    <Route path=path!("/") view={Lazy::<routes::Home>::new()}/>
                    // Async: the page is sent once its data is loaded, so a missing workflow's
                    // 404 status is set before the headers go out (streamed, it was sometimes 200).
                    <Route path=path!("/workflows/:id") view={Lazy::<routes::Workflow>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/workflows/:id/versions") view={Lazy::<routes::Versions>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/executions") view={Lazy::<routes::Executions>::new()}/>
                    <Route path=path!("/executions/:id") view={Lazy::<routes::Execution>::new()}/>
                </Routes>
            </main>
        </Router>
    }
}

/// Browser entry point: hydrates the server-rendered page once the current route's code (a
/// lazy chunk, see [`routes`]) has loaded.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_lazy(App);
}
