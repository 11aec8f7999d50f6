//! Any unknown route.

use leptos::prelude::*;

/// 404 page; on the server it makes the response a 404 (whatever route rendered it).
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <h1 class="text-2xl font-bold">"Page not found"</h1>
        <a class="text-sky-700 hover:underline" href="/">"Back to the workflows"</a>
    }
}
