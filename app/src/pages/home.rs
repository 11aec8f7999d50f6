//! `/`: the workflow list.

use crate::api::list_workflows;
use crate::components::{ErrorPanel, Panel, WorkflowTable};
use leptos::prelude::*;

/// Lists every workflow in the catalog.
#[component]
pub fn HomePage() -> impl IntoView {
    let workflows = Resource::new(|| (), |_| list_workflows(None));
    view! {
        <div class="mb-4">
            <h1 class="text-2xl font-bold text-slate-900">"State machines"</h1>
            <p class="text-sm text-slate-600">
                "Amazon States Language workflows from the "
                <code class="rounded bg-slate-200 px-1">"workflows/"</code>
                " folder."
            </p>
        </div>
        <Panel title="Workflows">
            <Suspense fallback=|| view! { <p class="p-4 text-slate-500">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match workflows.await {
                        Ok(list) => view! { <WorkflowTable list/> }.into_any(),
                        Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </Panel>
    }
}
