//! The table of workflows on the home page: name, description, states, version, last save, and
//! per row the version history, duplicate (asks for the new name) and delete (asks to confirm).

use crate::sync_hydrate::IntoAnySync;
use crate::api::{delete_workflow, duplicate_workflow};
use crate::components::execution_list::readable;
use crate::components::new_workflow::{forget_taken, open_when_saved, taken, NameTaken};
use crate::error::AppError;
use crate::model::WorkflowSummary;
use crate::workflow_name::workflow_name_key;
use leptos::prelude::*;

/// What a row is asking about.
#[derive(Debug, Clone, PartialEq)]
enum Pending {
    Duplicate(String),
    Delete(String),
}

/// One row per workflow; `on_changed` runs after a delete (to reload the list).
#[component]
pub fn WorkflowTable(list: Vec<WorkflowSummary>, on_changed: Callback<()>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p data-testid="no-workflows" class="p-4 text-slate-500">"No workflows found."</p> }.into_any_sync();
    }
    let pending = RwSignal::new(None::<Pending>);
    let error = RwSignal::new(None::<AppError>);
    // The names shown, so a copy's suggested name is one not taken.
    let names = StoredValue::new(list.iter().map(|w| w.name.clone()).collect::<Vec<_>>());
    view! {
        <table data-testid="workflow-table" class="w-full text-left text-sm">
            <thead class="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                <tr>
                    <th class="px-4 py-2 font-semibold">"Name"</th>
                    <th class="px-4 py-2 font-semibold">"Description"</th>
                    <th class="px-4 py-2 text-right font-semibold">"States"</th>
                    <th class="px-4 py-2 font-semibold">"Version"</th>
                    <th class="px-4 py-2 font-semibold">"Saved"</th>
                    <th class="px-4 py-2 text-right font-semibold">"Actions"</th>
                </tr>
            </thead>
            <tbody class="divide-y divide-slate-100">
                {list.into_iter().map(|w| view! { <Row w pending error on_changed names/> }).collect_view()}
            </tbody>
        </table>
        {move || error.get().map(|e| view! { <p role="alert" class="p-4 text-sm text-red-700">{e.to_string()}</p> })}
    }
    .into_any_sync()
}

#[component]
fn Row(
    w: WorkflowSummary,
    pending: RwSignal<Option<Pending>>,
    error: RwSignal<Option<AppError>>,
    on_changed: Callback<()>,
    names: StoredValue<Vec<String>>,
) -> impl IntoView {
    let description = match (&w.error, &w.comment) {
        (Some(e), _) => view! { <span class="text-red-700">{e.clone()}</span> }.into_any_sync(),
        (None, Some(c)) => view! { <span>{c.clone()}</span> }.into_any_sync(),
        (None, None) => view! { <span class="text-slate-400">"—"</span> }.into_any_sync(),
    };
    let id = w.id.clone();
    let (dup_id, del_id) = (id.clone(), id.clone());
    let asking = move |want: fn(String) -> Pending| {
        let id = id.clone();
        move || pending.get() == Some(want(id.clone()))
    };
    let (asking_dup, asking_del) = (asking(Pending::Duplicate), asking(Pending::Delete));
    let dup = (w.id.clone(), w.name.clone());
    let del = dup.clone();
    let link = "text-sky-700 hover:underline";
    let button = "rounded border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-50";
    view! {
        <tr data-workflow=w.id.clone() class="hover:bg-sky-50/50">
            <td class="px-4 py-3 font-medium">
                <a href=format!("/workflows/{}", w.id) class=link>{w.name.clone()}</a>
                {(w.name != w.id).then(|| view! { <div class="font-mono text-xs font-normal text-slate-500">{w.id.clone()}</div> })}
            </td>
            <td class="px-4 py-3 text-slate-600">{description}</td>
            <td class="px-4 py-3 text-right tabular-nums">{w.state_count}</td>
            <td class="px-4 py-3 tabular-nums">
                <a data-testid="versions-link" href=format!("/workflows/{}/versions", w.id) class=link>{format!("v{}", w.version)}</a>
            </td>
            <td class="px-4 py-3 text-slate-600">{readable(&w.updated_at)}</td>
            <td class="space-x-1 whitespace-nowrap px-4 py-3 text-right">
                <button data-testid="duplicate" class=button
                    on:click=move |_| pending.set(Some(Pending::Duplicate(dup_id.clone())))>"Duplicate"</button>
                <button data-testid="delete" class=button
                    on:click=move |_| pending.set(Some(Pending::Delete(del_id.clone())))>"Delete"</button>
            </td>
        </tr>
        {move || asking_dup().then(|| view! { <DuplicateRow id=dup.0.clone() name=dup.1.clone() pending names/> })}
        {move || asking_del().then(|| view! { <DeleteRow id=del.0.clone() name=del.1.clone() pending error on_changed/> })}
    }
}

/// Asks for the copy's name, suggesting "<name> copy" (or "<name> copy 2"… when that is
/// taken); on success goes to the copy. Why it failed shows in the row, beside the name field.
#[component]
fn DuplicateRow(
    id: String,
    name: String,
    pending: RwSignal<Option<Pending>>,
    names: StoredValue<Vec<String>>,
) -> impl IntoView {
    let new_name = RwSignal::new(names.with_value(|listed| copy_name(&name, listed)));
    let error = RwSignal::new(None::<AppError>);
    let other_error = move || error.get().filter(|e| !matches!(e, AppError::NameTaken(_)));
    let action = Action::new(move |(id, name): &(String, String)| duplicate_workflow(id.clone(), name.clone()));
    open_when_saved(action, error);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        action.dispatch((id.clone(), new_name.get_untracked()));
    };
    view! {
        <tr class="bg-sky-50">
            <td colspan="6" class="px-4 py-2">
                <form class="flex items-center gap-2 text-sm" on:submit=submit>
                    <label for="duplicate-name" class="text-slate-600">"Name of the copy"</label>
                    <input id="duplicate-name" data-testid="duplicate-name" required
                        class="w-72 rounded border border-slate-300 px-2 py-1 text-sm"
                        aria-invalid=move || taken(error).is_some().to_string()
                        prop:value=move || new_name.get() on:input=move |ev| {
                            new_name.set(event_target_value(&ev));
                            forget_taken(error);
                        }/>
                    <button type="submit" data-testid="duplicate-confirm" disabled=move || action.pending().get()
                        class="rounded bg-sky-600 px-3 py-1 text-xs font-semibold text-white hover:bg-sky-700">"Duplicate"</button>
                    <button type="button" class="text-xs text-slate-600 hover:underline" on:click=move |_| pending.set(None)>"Cancel"</button>
                </form>
                <NameTaken error/>
                {move || other_error().map(|e| view! { <p role="alert" class="mt-1 text-sm text-red-700">{e.to_string()}</p> })}
            </td>
        </tr>
    }
}

/// "<name> copy", else "<name> copy 2", "<name> copy 3"…: the first that no listed workflow
/// has, comparing names as the server does ([`workflow_name_key`]), so the suggestion is not
/// refused.
fn copy_name(name: &str, listed: &[String]) -> String {
    let taken: std::collections::HashSet<String> = listed.iter().map(|n| workflow_name_key(n)).collect();
    let base = format!("{} copy", name.trim());
    std::iter::once(base.clone())
        .chain((2..).map(|i| format!("{base} {i}")))
        .find(|candidate| !taken.contains(&workflow_name_key(candidate)))
        .unwrap_or(base)
}

/// Asks to confirm; deleting keeps the workflow's executions and versions readable.
#[component]
fn DeleteRow(
    id: String,
    name: String,
    pending: RwSignal<Option<Pending>>,
    error: RwSignal<Option<AppError>>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let action = Action::new(move |id: &String| delete_workflow(id.clone()));
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => {
            pending.set(None);
            on_changed.run(());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    view! {
        <tr class="bg-red-50">
            <td colspan="6" class="px-4 py-2 text-sm">
                <span class="text-red-900">{format!("Delete “{name}”? Its past executions stay viewable.")}</span>
                " "
                <button data-testid="delete-confirm" disabled=move || action.pending().get()
                    class="ml-2 rounded bg-red-600 px-3 py-1 text-xs font-semibold text-white hover:bg-red-700"
                    on:click=move |_| {
                        error.set(None);
                        action.dispatch(id.clone());
                    }>"Delete"</button>
                <button class="ml-2 text-xs text-slate-600 hover:underline" on:click=move |_| pending.set(None)>"Cancel"</button>
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::copy_name;

    #[test]
    fn the_suggested_copy_name_is_free_whatever_its_case() {
        let listed = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert_eq!(copy_name("Orders", &listed(&["Orders"])), "Orders copy");
        assert_eq!(copy_name("Orders", &listed(&["Orders", "orders COPY"])), "Orders copy 2");
        assert_eq!(copy_name("Orders", &listed(&["Orders", "Orders copy", " orders  copy 2 "])), "Orders copy 3");
    }
}
