//! `/workflows/{id}/versions`: a workflow's version history, a line diff between any two
//! versions, and restore (the old definition saved as a new version; history never changes).

use crate::sync_hydrate::IntoAnySync;
use crate::api::{diff_versions, list_versions, restore_version};
use crate::components::execution_list::readable;
use crate::components::{ErrorPanel, Panel};
use crate::error::AppError;
use crate::model::{DiffKind, DiffLine, VersionInfo};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// Loads the history of the `id` route parameter.
#[component]
pub fn VersionsPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let versions = Resource::new(id, list_versions);
    let restored = RwSignal::new(None::<Result<u32, AppError>>);
    let on_restored = Callback::new(move |r: Result<u32, AppError>| {
        let ok = r.is_ok();
        restored.set(Some(r));
        if ok {
            versions.refetch();
        }
    });
    view! {
        <Title text=move || format!("Versions of {} · WorkflowManager", id())/>
        <nav class="mb-2 text-sm text-slate-500">
            <a href="/" class="text-sky-700 hover:underline">"State machines"</a>
            " › "
            <a href=move || format!("/workflows/{}", id()) class="text-sky-700 hover:underline">{id}</a>
            " › "
            <span>"Versions"</span>
        </nav>
        <h1 class="mb-4 text-2xl font-bold text-slate-900">"Version history"</h1>
        {move || restored.get().map(|r| match r {
            Ok(v) => view! { <p data-testid="restored" role="status" class="mb-4 rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">{format!("Restored as version {v}.")}</p> }.into_any_sync(),
            Err(e) => view! { <ErrorPanel error=e/> }.into_any_sync(),
        })}
        <Transition fallback=|| view! { <p class="text-slate-500">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match versions.await {
                    Ok(list) => view! { <History id=id() list on_restored/> }.into_any_sync(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any_sync(),
                }
            })}
        </Transition>
    }
}

/// The version table beside the diff.
#[component]
fn History(id: String, list: Vec<VersionInfo>, on_restored: Callback<Result<u32, AppError>>) -> impl IntoView {
    let latest = list.last().map_or(1, |v| v.version);
    let from = RwSignal::new(latest.saturating_sub(1).max(1));
    let to = RwSignal::new(latest);
    let restore = Action::new(move |(id, v): &(String, u32)| restore_version(id.clone(), *v));
    Effect::new(move |_| {
        if let Some(r) = restore.value().get() {
            on_restored.run(r.map(|s| s.version));
        }
    });
    let numbers: Vec<u32> = list.iter().map(|v| v.version).collect();
    let rows = list
        .into_iter()
        .rev()
        .map(|v| {
            let (id, n) = (id.clone(), v.version);
            view! {
                <tr data-version=n class="border-t border-slate-100">
                    <td class="px-4 py-2 font-medium tabular-nums">
                        <a href=format!("/workflows/{id}?version={n}") data-testid="open-version" title="Open this version in the editor"
                            class="text-sky-700 hover:underline">{format!("v{n}")}</a>
                        <a href=format!("/api/workflows/{id}/export?version={n}") download=format!("{id}-v{n}.asl.json")
                            class="ml-2 text-xs font-normal text-sky-700 hover:underline">"JSON"</a>
                        {(n == latest).then(|| view! { <span class="ml-2 rounded-full bg-emerald-100 px-2 text-xs text-emerald-800">"latest"</span> })}
                    </td>
                    <td class="px-4 py-2 [overflow-wrap:anywhere]">{v.name}</td>
                    <td class="px-4 py-2 text-right tabular-nums">{v.state_count}</td>
                    <td class="whitespace-nowrap px-4 py-2 text-slate-600">{readable(&v.created_at)}</td>
                    <td class="whitespace-nowrap px-4 py-2 text-right">
                        {(n != latest).then(|| view! {
                            <button data-testid="restore" disabled=move || restore.pending().get()
                                class="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium hover:bg-slate-50"
                                on:click=move |_| { restore.dispatch((id.clone(), n)); }>
                                "Restore"
                            </button>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
            <Panel title="Versions">
                // A long name wraps anywhere, so Restore stays in view; a table still too wide
                // scrolls inside its card, never under the diff beside it.
                <div class="overflow-x-auto">
                <table data-testid="version-list" class="w-full text-left text-sm">
                    <thead class="bg-slate-50 text-xs uppercase tracking-wider text-slate-500">
                        <tr><th class="px-4 py-2">"Version"</th><th class="px-4 py-2">"Name"</th><th class="px-4 py-2 text-right">"States"</th><th class="px-4 py-2">"Saved"</th><th></th></tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                </div>
            </Panel>
            <Panel title="Changes">
                <div class="flex items-center gap-2 border-b border-slate-100 px-4 py-2 text-sm">
                    <VersionSelect label="From" testid="diff-from" numbers=numbers.clone() value=from/>
                    <VersionSelect label="to" testid="diff-to" numbers value=to/>
                </div>
                <Diff id from to/>
            </Panel>
        </div>
    }
}

#[component]
fn VersionSelect(label: &'static str, testid: &'static str, numbers: Vec<u32>, value: RwSignal<u32>) -> impl IntoView {
    view! {
        <label class="text-slate-500">{label}</label>
        <select data-testid=testid class="rounded border border-slate-300 bg-white px-2 py-1 text-sm"
            on:change=move |ev| {
                if let Ok(v) = event_target_value(&ev).parse() {
                    value.set(v);
                }
            }>
            {numbers.into_iter().map(|n| view! { <option value=n selected=move || value.get() == n>{format!("v{n}")}</option> }).collect_view()}
        </select>
    }
}

/// The line diff `from` → `to`, with line numbers of both sides.
#[component]
fn Diff(id: String, from: RwSignal<u32>, to: RwSignal<u32>) -> impl IntoView {
    let diff = Resource::new(move || (id.clone(), from.get(), to.get()), |(id, f, t)| diff_versions(id, f, t));
    view! {
        <Transition fallback=|| view! { <p class="p-4 text-sm text-slate-500">"Comparing…"</p> }>
            {move || Suspend::new(async move {
                match diff.await {
                    Ok(lines) => view! { <DiffLines lines/> }.into_any_sync(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any_sync(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DiffLines(lines: Vec<DiffLine>) -> impl IntoView {
    let changed = lines.iter().filter(|l| l.kind != DiffKind::Same).count();
    let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    view! {
        <p class="px-4 pt-2 text-xs text-slate-500">
            {if changed == 0 { "The two versions are identical.".to_string() } else { format!("{} changed", crate::words::count(changed, "line")) }}
        </p>
        <div data-testid="version-diff" class="max-h-[70vh] overflow-auto p-2 font-mono text-xs leading-5">
            {lines.into_iter().map(|l| {
                let (kind, sign, tone) = match l.kind {
                    DiffKind::Same => ("same", " ", "text-slate-700"),
                    DiffKind::Added => ("added", "+", "bg-emerald-50 text-emerald-900"),
                    DiffKind::Removed => ("removed", "-", "bg-red-50 text-red-900"),
                };
                view! {
                    <div data-kind=kind class=format!("flex {tone}")>
                        <span class="w-8 shrink-0 select-none pr-1 text-right text-slate-400">{number(l.old_line)}</span>
                        <span class="w-8 shrink-0 select-none pr-1 text-right text-slate-400">{number(l.new_line)}</span>
                        <span class="w-4 shrink-0 select-none whitespace-pre">{sign}</span>
                        // Long lines (a prompt) wrap, indentation kept, so the whole change is
                        // read without scrolling sideways and the row's colour spans it.
                        <span class="min-w-0 whitespace-pre-wrap [overflow-wrap:anywhere]">{l.text}</span>
                    </div>
                }
            }).collect_view()}
        </div>
    }
}
