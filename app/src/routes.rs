//! Every page is a lazy route: its code is split out of the wasm that the first page load
//! fetches (`cargo leptos build --split`) and loaded when the route is first shown, so opening
//! the home page does not download the editor and opening an execution does not download the
//! version diff. Each route's data is loaded by the page itself (resources and server
//! functions), so `data()` is empty.
//!
//! One `impl` per page, not a macro: `#[lazy_route]` names the split-out function after where it
//! is written, and a macro would give all five the same name.

use crate::sync_hydrate::IntoAnySync;
use crate::pages;
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// `/`.
pub struct Home;

#[lazy_route]
impl LazyRoute for Home {
    fn data() -> Self {
        Home
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::HomePage/> }.into_any_sync()
    }
}

/// `/workflows/:id`.
pub struct Workflow;

#[lazy_route]
impl LazyRoute for Workflow {
    fn data() -> Self {
        Workflow
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::WorkflowPage/> }.into_any_sync()
    }
}

/// `/workflows/:id/versions`.
pub struct Versions;

#[lazy_route]
impl LazyRoute for Versions {
    fn data() -> Self {
        Versions
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::VersionsPage/> }.into_any_sync()
    }
}

/// `/executions`.
pub struct Executions;

#[lazy_route]
impl LazyRoute for Executions {
    fn data() -> Self {
        Executions
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::ExecutionsPage/> }.into_any_sync()
    }
}

/// `/executions/:id`.
pub struct Execution;

#[lazy_route]
impl LazyRoute for Execution {
    fn data() -> Self {
        Execution
    }

    fn view(_this: Self) -> AnyView {
        view! { <pages::ExecutionPage/> }.into_any_sync()
    }
}
