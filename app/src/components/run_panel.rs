//! "Start execution" on the workflow page: the input editor and Run (POST
//! `/api/workflows/{id}/executions`, then on to `/executions/{id}`). Export is in the editor's
//! toolbar.

use crate::client;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde_json::{json, Value};

/// Input editor with the Run button for workflow `workflow_id`.
#[component]
pub fn RunPanel(workflow_id: String, input: Option<String>) -> impl IntoView {
    let initial = input.unwrap_or_else(|| "{}".to_string());
    let text = RwSignal::new(initial.clone());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let run_id = workflow_id.clone();
    // On the editor's page: Run opens the saved version's execution, leaving unsaved edits.
    let editor = use_context::<crate::editor::Editor>();
    let run = move |_| {
        if editor.is_some_and(|ed| !crate::editor::leave_guard::confirm_leave(ed, "Run the saved version and leave the editor?")) {
            return;
        }
        let input: Value = match serde_json::from_str(&text.get_untracked()) {
            Ok(v) => v,
            Err(e) => return error.set(Some(format!("The input is not valid JSON: {e}"))),
        };
        error.set(None);
        busy.set(true);
        let (navigate, id) = (navigate.clone(), run_id.clone());
        leptos::task::spawn_local(async move {
            let url = format!("/api/workflows/{id}/executions");
            match client::post_json(&url, &json!({ "input": input })).await {
                Ok(body) => match body["executionId"].as_str() {
                    Some(exec) => navigate(&format!("/executions/{exec}"), Default::default()),
                    None => error.set(Some("the server returned no execution id".into())),
                },
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="space-y-3 p-4">
            <label class="block text-xs font-semibold uppercase tracking-wider text-slate-500" for="execution-input">
                "Input"
            </label>
            <textarea
                id="execution-input"
                data-testid="execution-input"
                rows="6"
                spellcheck="false"
                class="w-full rounded-md border border-slate-300 bg-slate-50 p-3 font-mono text-xs leading-5 focus:border-sky-500 focus:outline-none focus:ring-2 focus:ring-sky-200"
                on:input=move |ev| text.set(event_target_value(&ev))
            >
                {initial}
            </textarea>
            {move || error.get().map(|e| view! {
                <p role="alert" data-testid="run-error" class="text-sm text-red-700">{e}</p>
            })}
            <div class="flex flex-wrap gap-2">
                <button
                    data-testid="run"
                    class="rounded-md bg-orange-500 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-orange-600 disabled:opacity-50"
                    disabled=move || busy.get()
                    on:click=run
                >
                    {move || if busy.get() { "Starting…" } else { "Start execution" }}
                </button>
            </div>
        </div>
    }
}
