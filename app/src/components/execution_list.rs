//! Executions, newest first, with a status filter and a refresh button; each links to its live
//! view. One workflow's (drop it beside the workflow page: `<ExecutionList workflow_id=id/>`)
//! or every workflow's (`/executions`, with a workflow column). Read with the
//! `list_executions` server function, so the first page comes rendered from the server.

use crate::sync_hydrate::IntoAnySync;
use crate::api::{list_executions, EXECUTION_STATUSES};
use crate::model::ExecutionSummary;
use leptos::prelude::*;

/// The filterable list; `workflow_id` limits it to one workflow.
#[component]
pub fn ExecutionList(#[prop(optional, into)] workflow_id: Option<String>) -> impl IntoView {
    let filter = RwSignal::new(String::new());
    let show_workflow = workflow_id.is_none();
    let rows = Resource::new(
        move || filter.get(),
        move |status| list_executions(workflow_id.clone(), Some(status).filter(|s| !s.is_empty())),
    );
    let body = move || {
        Suspend::new(async move {
            match rows.await {
                Err(e) => view! { <p class="p-4 text-sm text-red-700">{e.to_string()}</p> }.into_any_sync(),
                Ok(list) if list.is_empty() => {
                    let text = if filter.get_untracked().is_empty() { "No executions yet." } else { "No executions with this status." };
                    view! { <p data-testid="no-executions" class="p-4 text-sm text-slate-500">{text}</p> }.into_any_sync()
                }
                Ok(list) => view! { <ExecutionTable list show_workflow/> }.into_any_sync(),
            }
        })
    };
    view! {
        <div class="flex items-center gap-2 border-b border-slate-100 px-4 py-2 text-sm">
            <label for="execution-filter" class="text-slate-500">"Status"</label>
            <select
                id="execution-filter"
                data-testid="execution-filter"
                class="rounded border border-slate-300 bg-white px-2 py-1 text-sm"
                on:change=move |ev| filter.set(event_target_value(&ev))
            >
                <option value="">"All"</option>
                {EXECUTION_STATUSES.map(|s| view! { <option value=s>{status_label(s)}</option> }).collect_view()}
            </select>
            <button
                data-testid="execution-refresh"
                class="ml-auto rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50"
                on:click=move |_| rows.refetch()
            >
                "Refresh"
            </button>
        </div>
        <Transition fallback=|| view! { <p class="p-4 text-sm text-slate-500">"Loading…"</p> }>{body}</Transition>
    }
}

#[component]
fn ExecutionTable(list: Vec<ExecutionSummary>, show_workflow: bool) -> impl IntoView {
    view! {
        <table data-testid="execution-list" class="w-full text-left text-sm">
            <thead class="bg-slate-50 text-xs uppercase tracking-wider text-slate-500">
                <tr>
                    <th class="px-4 py-2">"Execution"</th>
                    {show_workflow.then(|| view! { <th class="px-4 py-2">"State machine"</th> })}
                    <th class="px-4 py-2">"Status"</th>
                    <th class="px-4 py-2">"Started"</th>
                    <th class="px-4 py-2">"Ended"</th>
                </tr>
            </thead>
            <tbody>{list.into_iter().map(|e| row(e, show_workflow)).collect_view()}</tbody>
        </table>
    }
}

fn row(e: ExecutionSummary, show_workflow: bool) -> impl IntoView {
    let label = if e.name == e.id { short_id(&e.id) } else { e.name.clone() };
    let workflow = show_workflow.then(|| {
        view! {
            <td class="px-4 py-1.5">
                <super::WorkflowName id=e.workflow_id.clone() deleted=e.workflow_deleted/>
                <span class="text-xs text-slate-500">{format!(" v{}", e.workflow_version)}</span>
            </td>
        }
    });
    view! {
        <tr data-execution=e.id.clone() data-status=e.status.to_ascii_lowercase() class="border-t border-slate-100">
            <td class="px-4 py-1.5">
                <a href=format!("/executions/{}", e.id) title=e.id.clone() class="font-mono text-xs text-sky-700 hover:underline">
                    {label}
                </a>
            </td>
            {workflow}
            <td class="px-4 py-1.5">
                <span title=e.error.clone().unwrap_or_default() class=format!("rounded-full px-2 py-0.5 text-xs font-semibold {}", status_tone(&e.status))>
                    {status_label(&e.status)}
                </span>
            </td>
            <td class="px-4 py-1.5 text-slate-600">{readable(&e.started_at)}</td>
            <td class="px-4 py-1.5 text-slate-600">{e.finished_at.as_deref().map(readable).unwrap_or_else(|| "—".into())}</td>
        </tr>
    }
}

/// `RUNNING` → `Running`, `TIMED_OUT` → `Timed out`.
pub fn status_label(status: &str) -> String {
    let lower = status.replace('_', " ").to_ascii_lowercase();
    let mut chars = lower.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

fn status_tone(status: &str) -> &'static str {
    match status {
        "RUNNING" => "bg-sky-100 text-sky-800",
        "SUCCEEDED" => "bg-emerald-100 text-emerald-800",
        "FAILED" | "TIMED_OUT" => "bg-red-100 text-red-800",
        _ => "bg-slate-100 text-slate-700",
    }
}

/// `2026-11-26T05:25:22.292905Z` → `2026-11-26 05:25:22`.
pub fn readable(iso: &str) -> String {
    let t = iso.replace('T', " ");
    t.get(..19).unwrap_or(&t).to_string()
}

/// The first block of a UUID: enough to tell executions apart in a list.
fn short_id(id: &str) -> String {
    id.split('-').next().unwrap_or(id).to_string()
}
