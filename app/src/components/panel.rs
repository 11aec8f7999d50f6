//! Console-style cards.

use crate::error::AppError;
use leptos::prelude::*;

/// A white card with a header line.
///
/// Typed children, not `Children`: `Children` erases its content with `into_any`, which gives
/// every panel's content (the whole execution view is in panels) an async hydration chain in
/// the wasm; see `sync_hydrate`.
#[component]
pub fn Panel<C: IntoView + 'static>(title: &'static str, children: TypedChildren<C>) -> impl IntoView {
    let children = children.into_inner();
    view! {
        <section class="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
            <header class="border-b border-slate-200 px-4 py-3">
                <h2 class="text-base font-semibold text-slate-800">{title}</h2>
            </header>
            <div>{children()}</div>
        </section>
    }
}

/// A failed load, shown in place of the content.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    view! {
        <div role="alert" class="rounded-lg border border-red-300 bg-red-50 p-4 text-red-800">
            <p class="font-semibold">"Something went wrong"</p>
            <p class="text-sm">{error.to_string()}</p>
        </div>
    }
}
