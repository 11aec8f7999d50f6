//! Read-only pretty JSON.

use leptos::prelude::*;

/// A scrollable monospace block; `testid` becomes `data-testid`.
#[component]
pub fn JsonPane(text: String, testid: &'static str) -> impl IntoView {
    view! {
        <pre
            data-testid=testid
            class="max-h-96 overflow-auto bg-slate-50 p-4 font-mono text-xs leading-5 text-slate-800"
        >
            {text}
        </pre>
    }
}
