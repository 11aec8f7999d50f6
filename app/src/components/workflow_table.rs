//! The table of workflows on the home page.

use crate::model::WorkflowSummary;
use leptos::prelude::*;

/// One row per workflow, linking to its page.
#[component]
pub fn WorkflowTable(list: Vec<WorkflowSummary>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="p-4 text-slate-500">"No workflows found."</p> }.into_any();
    }
    view! {
        <table class="w-full text-left text-sm">
            <thead class="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                    <th class="px-4 py-2 font-semibold">"Name"</th>
                    <th class="px-4 py-2 font-semibold">"Description"</th>
                    <th class="px-4 py-2 font-semibold">"Start at"</th>
                    <th class="px-4 py-2 text-right font-semibold">"States"</th>
                </tr>
            </thead>
            <tbody class="divide-y divide-slate-100">
                {list.into_iter().map(row).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

fn row(w: WorkflowSummary) -> impl IntoView {
    let href = format!("/workflows/{}", w.id);
    let description = match (&w.error, &w.comment) {
        (Some(e), _) => view! { <span class="text-red-700">{e.clone()}</span> }.into_any(),
        (None, Some(c)) => view! { <span>{c.clone()}</span> }.into_any(),
        (None, None) => view! { <span class="text-slate-400">"—"</span> }.into_any(),
    };
    view! {
        <tr data-workflow=w.id.clone() class="hover:bg-sky-50/50">
            <td class="px-4 py-3 font-medium">
                <a href=href class="text-sky-700 hover:underline">{w.id.clone()}</a>
            </td>
            <td class="px-4 py-3 text-slate-600">{description}</td>
            <td class="px-4 py-3 font-mono text-xs text-slate-600">{w.start_at}</td>
            <td class="px-4 py-3 text-right tabular-nums">{w.state_count}</td>
        </tr>
    }
}
