//! `/`: the workflow list with search, create, import, duplicate and delete.

use crate::sync_hydrate::IntoAnySync;
use crate::api::list_workflows;
use crate::components::{ErrorPanel, NewMode, NewWorkflow, Panel, WorkflowTable};
use leptos::prelude::*;

/// The create / import form, as its own wasm chunk: it opens on a click (never in the server's
/// HTML), so the list page loads without its code and fetches it the first time, once.
#[lazy]
fn new_workflow_form(mode: NewMode, on_close: Callback<()>) -> AnyView {
    view! { <NewWorkflow mode on_close/> }.into_any_sync()
}

/// Every workflow in the store, searchable.
#[component]
pub fn HomePage() -> impl IntoView {
    let search = RwSignal::new(String::new());
    let workflows = Resource::new(move || search.get(), |s| list_workflows(Some(s).filter(|s| !s.trim().is_empty())));
    let form = RwSignal::new(None::<NewMode>);
    let on_changed = Callback::new(move |()| workflows.refetch());
    let on_close = Callback::new(move |()| form.set(None));
    let button = "rounded-md px-4 py-1.5 text-sm font-semibold";
    view! {
        <div class="mb-4 flex flex-wrap items-end gap-3">
            <div class="mr-auto">
                <h1 class="text-2xl font-bold text-slate-900">"State machines"</h1>
                <p class="text-sm text-slate-600">"Amazon States Language workflows. Every save is a new version."</p>
            </div>
            <button data-testid="import-workflow" class=format!("{button} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50")
                on:click=move |_| form.set(Some(NewMode::Import))>"Import"</button>
            <button data-testid="new-workflow" class=format!("{button} bg-orange-500 text-white hover:bg-orange-600")
                on:click=move |_| form.set(Some(NewMode::Create))>"Create state machine"</button>
        </div>
        {move || form.get().map(|mode| view! {
            <section class="mb-4 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
                {Suspend::new(new_workflow_form(mode, on_close))}
            </section>
        })}
        <Panel title="Workflows">
            <div class="border-b border-slate-100 px-4 py-2">
                <input type="search" data-testid="workflow-search" placeholder="Search by name, id or description"
                    aria-label="Search workflows"
                    class="w-full max-w-md rounded-md border border-slate-300 px-3 py-1.5 text-sm focus:border-sky-500 focus:outline-none focus:ring-2 focus:ring-sky-200"
                    prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
            </div>
            <Transition fallback=|| view! { <p class="p-4 text-slate-500">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match workflows.await {
                        Ok(list) => view! { <WorkflowTable list on_changed/> }.into_any_sync(),
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any_sync(),
                    }
                })}
            </Transition>
        </Panel>
    }
}
