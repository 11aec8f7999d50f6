//! Recent executions of one workflow (`GET /api/executions?workflow=&status=`), newest first,
//! with a status filter; each links to its live view. Loaded in the browser.

use crate::client;
use leptos::prelude::*;
use serde_json::Value;

/// The filterable list for `workflow_id`.
#[component]
pub fn ExecutionList(workflow_id: String) -> impl IntoView {
    let filter = RwSignal::new(String::new());
    let rows = RwSignal::new(None::<Result<Vec<Value>, String>>);
    Effect::new(move |_| {
        let status = filter.get();
        let mut url = format!("/api/executions?limit=20&workflow={workflow_id}");
        if !status.is_empty() {
            url.push_str(&format!("&status={status}"));
        }
        leptos::task::spawn_local(async move {
            let list = client::get_json(&url).await.map(|v| v.as_array().cloned().unwrap_or_default());
            rows.set(Some(list));
        });
    });
    let body = move || match rows.get() {
        None => view! { <p class="p-4 text-sm text-slate-500">"Loading…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="p-4 text-sm text-red-700">{e}</p> }.into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="p-4 text-sm text-slate-500">"No executions yet."</p> }.into_any()
        }
        Some(Ok(list)) => view! {
            <table data-testid="execution-list" class="w-full text-left text-sm">
                <thead class="bg-slate-50 text-xs uppercase tracking-wider text-slate-500">
                    <tr><th class="px-4 py-2">"Execution"</th><th class="px-4 py-2">"Status"</th><th class="px-4 py-2">"Started"</th></tr>
                </thead>
                <tbody>{list.into_iter().map(row).collect_view()}</tbody>
            </table>
        }
        .into_any(),
    };
    let option = |value: &'static str, label: &'static str| view! { <option value=value>{label}</option> };
    view! {
        <div class="flex items-center gap-2 border-b border-slate-100 px-4 py-2 text-sm">
            <label for="execution-filter" class="text-slate-500">"Status"</label>
            <select
                id="execution-filter"
                data-testid="execution-filter"
                class="rounded border border-slate-300 bg-white px-2 py-1 text-sm"
                on:change=move |ev| filter.set(event_target_value(&ev))
            >
                {option("", "All")}
                {option("RUNNING", "Running")}
                {option("SUCCEEDED", "Succeeded")}
                {option("FAILED", "Failed")}
                {option("ABORTED", "Aborted")}
            </select>
        </div>
        {body}
    }
}

fn row(exec: Value) -> impl IntoView {
    let id = exec["id"].as_str().unwrap_or_default().to_string();
    let status = exec["status"].as_str().unwrap_or_default().to_string();
    let tone = match status.as_str() {
        "RUNNING" => "bg-sky-100 text-sky-800",
        "SUCCEEDED" => "bg-emerald-100 text-emerald-800",
        "FAILED" | "TIMED_OUT" => "bg-red-100 text-red-800",
        _ => "bg-slate-100 text-slate-700",
    };
    let started = exec["startedAt"].as_str().unwrap_or_default().replace('T', " ");
    view! {
        <tr class="border-t border-slate-100">
            <td class="px-4 py-1.5">
                <a href=format!("/executions/{id}") class="font-mono text-xs text-sky-700 hover:underline">{id.clone()}</a>
            </td>
            <td class="px-4 py-1.5">
                <span class=format!("rounded-full px-2 py-0.5 text-xs font-semibold {tone}")>{status}</span>
            </td>
            <td class="px-4 py-1.5 text-slate-600">{started.get(..19).unwrap_or(&started).to_string()}</td>
        </tr>
    }
}
