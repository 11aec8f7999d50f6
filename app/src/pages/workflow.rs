//! `/workflows/{id}`: the graph, the selected state's JSON and the whole definition.

use crate::api::get_workflow;
use crate::components::{
    problems_of, states_with_problems, DefinitionEditor, ErrorPanel, ExecutionList, JsonPane, Panel, RunPanel,
    StepDetail, WorkflowGraph,
};
use crate::model::WorkflowDetail;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// Loads one workflow by the `id` route parameter.
#[component]
pub fn WorkflowPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let workflow = Resource::new(id, |id| get_workflow(id, None));
    view! {
        <Suspense fallback=|| view! { <p class="text-slate-500">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match workflow.await {
                    Ok(detail) => view! { <WorkflowView detail/> }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The loaded workflow: graph beside the step detail, definition below.
#[component]
fn WorkflowView(detail: WorkflowDetail) -> impl IntoView {
    let selected = RwSignal::new(None::<String>);
    let WorkflowDetail { id, comment, definition, input, states, graph, .. } = detail;
    let (run_id, run_input, list_id) = (id.clone(), input.clone(), id.clone());
    // The definition pane is editable: problems and graph follow the text.
    let problems = RwSignal::new(problems_of(&definition));
    let invalid = Signal::derive(move || problems.with(|p| states_with_problems(p)));
    let graph = RwSignal::new(graph);
    view! {
        <nav class="mb-2 text-sm text-slate-500">
            <a href="/" class="text-sky-700 hover:underline">"State machines"</a>
            " › "
            <span>{id.clone()}</span>
        </nav>
        <div class="mb-4">
            <h1 class="text-2xl font-bold text-slate-900">{id}</h1>
            {comment.map(|c| view! { <p class="text-sm text-slate-600">{c}</p> })}
        </div>
        <div class="mb-4 grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
            <Panel title="Start execution">
                <RunPanel workflow_id=run_id input=run_input/>
            </Panel>
            <Panel title="Recent executions">
                <div class="max-h-72 overflow-auto">
                    <ExecutionList workflow_id=list_id/>
                </div>
            </Panel>
        </div>
        <div class="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
            <Panel title="Graph view">
                {move || view! { <WorkflowGraph graph=graph.get() selected invalid/> }}
            </Panel>
            <Panel title="State details">
                <StepDetail states selected/>
            </Panel>
        </div>
        <div class="mt-4 grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
            <Panel title="Definition">
                <DefinitionEditor text=definition graph problems/>
            </Panel>
            {input.map(|text| view! {
                <Panel title="Example input">
                    <JsonPane text testid="example-input"/>
                </Panel>
            })}
        </div>
    }
}
