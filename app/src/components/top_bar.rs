//! The dark navigation bar across the top.

use leptos::prelude::*;

/// Product name and the main links.
#[component]
pub fn TopBar() -> impl IntoView {
    view! {
        <header class="bg-[#232f3e] text-white shadow">
            <div class="mx-auto flex h-12 max-w-7xl items-center gap-6 px-6">
                <a href="/" class="flex items-center gap-2 font-semibold tracking-tight">
                    <img src="/favicon.svg" alt="" class="h-6 w-6"/>
                    "WorkflowManager"
                </a>
                <nav class="text-sm text-slate-300">
                    <a href="/" class="hover:text-white">"State machines"</a>
                </nav>
            </div>
        </header>
    }
}
