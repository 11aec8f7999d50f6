//! Any unknown route.

use leptos::prelude::*;

/// 404 page.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <h1 class="text-2xl font-bold">"Page not found"</h1>
        <a class="text-sky-700 hover:underline" href="/">"Back to the workflows"</a>
    }
}
