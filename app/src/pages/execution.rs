//! `/executions/{id}`: the live execution view. The server renders a placeholder; in the browser
//! the page reads the execution and its exact workflow version from the REST API, asks the server
//! to lay the graph out, then follows `GET /api/executions/{id}/events` and recolours the nodes
//! as history events arrive — nested Parallel and Map states too, one Map iteration at a time
//! (see [`crate::live::scope`]). After a redrive it follows the continued run.

use crate::sync_hydrate::IntoAnySync;
use crate::client;
use crate::components::{EventList, ExecutionFacts, ExecutionHeader, NestedRuns, Panel, StepPanel, StepTimeline, WorkflowGraph, WorkflowName};
use crate::graph_api::execution_graph;
use crate::live::shape::Shape;
use crate::live::view::ExecView;
use crate::live::LiveExecution;
use crate::model::GraphView;
use engine::tracker::ExecState;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// What the view needs before it can follow the stream.
#[derive(Clone)]
struct Loaded {
    exec_id: String,
    workflow_id: String,
    version: i64,
    started_at: String,
    deleted: bool,
    shape: Shape,
    graph: GraphView,
}

async fn load(id: String) -> Result<Loaded, String> {
    let exec = client::get_json(&format!("/api/executions/{id}")).await?;
    let workflow_id = exec["workflowId"].as_str().ok_or("the execution names no workflow")?.to_string();
    let version = exec["workflowVersion"].as_i64().unwrap_or(1);
    let wf = client::get_json(&format!("/api/workflows/{workflow_id}?version={version}")).await?;
    let drawn = execution_graph(wf["definition"].to_string()).await.map_err(|e| e.to_string())?;
    let started_at = readable_time(exec["startedAt"].as_str().unwrap_or_default());
    let deleted = wf["deleted"] == true;
    Ok(Loaded { exec_id: id, workflow_id, version, started_at, deleted, shape: drawn.shape, graph: drawn.graph })
}

/// `2026-11-26T05:25:22.292905Z` → `2026-11-26 05:25:22 UTC`.
fn readable_time(iso: &str) -> String {
    match iso.split_once('T') {
        Some((date, time)) => format!("{date} {} UTC", time.get(..8).unwrap_or(time)),
        None => iso.to_string(),
    }
}

/// Loads in the browser only (the stream is the browser's), so SSR and hydration both show the
/// placeholder first.
#[component]
pub fn ExecutionPage() -> impl IntoView {
    let params = use_params_map();
    let state = RwSignal::new(None::<Result<Loaded, String>>);
    Effect::new(move |_| {
        let id = params.read().get("id").unwrap_or_default();
        state.set(None);
        leptos::task::spawn_local(async move { state.set(Some(load(id).await)) });
    });
    move || match state.get() {
        None => view! { <p data-testid="execution-loading" class="text-slate-500">"Loading execution…"</p> }.into_any_sync(),
        Some(Err(e)) => view! {
            <div role="alert" class="rounded-lg border border-red-300 bg-red-50 p-4 text-red-800">
                <p class="font-semibold">"This execution cannot be shown"</p>
                <p class="text-sm">{e}</p>
            </div>
        }
        .into_any_sync(),
        Some(Ok(loaded)) => view! { <ExecutionView loaded/> }.into_any_sync(),
    }
}

#[component]
fn ExecutionView(loaded: Loaded) -> impl IntoView {
    let Loaded { exec_id, workflow_id, version, started_at, deleted, shape, graph } = loaded;
    let live = LiveExecution::new();
    let view = ExecView::new(live, shape);
    // The open event stream's closer: replaced when a redrive reopens the stream, called when
    // the view goes away.
    let stream = StoredValue::new_local(None::<Box<dyn Fn()>>);
    let on_redrive = Callback::new({
        let id = exec_id.clone();
        move |()| {
            // The server continues the same execution: the old error no longer applies, and
            // the stream resumes after the last event seen.
            live.status.update(|s| {
                s.status = ExecState::Running;
                s.error = None;
                s.cause = None;
            });
            live.ended.set(false);
            follow_stream(&id, live, stream);
        }
    });
    follow_stream(&exec_id, live, stream);
    on_cleanup(move || {
        stream.try_with_value(|c| c.as_ref().map(|close| close()));
    });
    #[cfg(feature = "hydrate")]
    {
        let handle = leptos::prelude::set_interval_with_handle(
            move || {
                if !live.ended.get_untracked() {
                    view.tick.set(crate::live::js_sys_now());
                }
            },
            std::time::Duration::from_millis(250),
        );
        if let Ok(h) = handle {
            on_cleanup(move || h.clear());
        }
    }
    select_failures(view);
    let facts = ExecutionFacts { exec_id, workflow_id: workflow_id.clone(), version, started_at, deleted };
    // The step panel links a step to the editor's Test state with this run's data.
    provide_context(facts.clone());
    view! {
        <Title text=format!("Execution of {workflow_id} · WorkflowManager")/>
        <nav class="mb-2 text-sm text-slate-500">
            <a href="/" class="text-sky-700 hover:underline">"State machines"</a>
            " › "
            <WorkflowName id=workflow_id.clone() deleted/>
            " › "
            <span>"Execution"</span>
        </nav>
        <ExecutionHeader live facts on_redrive server_now=Signal::derive(move || view.server_now_ms())/>
        <div class="mt-4 grid items-start gap-4 md:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
            <Panel title="Graph view">
                <WorkflowGraph graph selected=view.selected statuses=view.statuses()/>
                <Legend/>
                <NestedRuns view/>
            </Panel>
            <div class="md:sticky md:top-4">
                <Panel title="Step details">
                    <div data-testid="step-detail" class="max-h-[calc(100vh-6rem)] overflow-auto">
                        <StepPanel view/>
                    </div>
                </Panel>
            </div>
        </div>
        <div class="mt-4">
            <Panel title="Timeline">
                <StepTimeline view/>
            </Panel>
        </div>
        <div class="mt-4">
            <Panel title="Events">
                <EventList view/>
            </Panel>
        </div>
    }
}

/// Follows the event stream after the last event received (browser only; the server renders
/// the view without a stream).
fn follow_stream(id: &str, live: LiveExecution, stream: StoredValue<Option<Box<dyn Fn()>>, LocalStorage>) {
    #[cfg(feature = "hydrate")]
    {
        let after = live.events.with_untracked(|v| v.last().map_or(0, |e| e.id));
        match crate::live::follow(id, after, live) {
            Ok(close) => {
                stream.try_update_value(|c| {
                    if let Some(old) = c.replace(Box::new(close)) {
                        old();
                    }
                });
            }
            Err(e) => leptos::logging::error!("cannot follow the execution: {e}"),
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, live, stream);
}

/// When something fails and nothing is selected, selects the innermost failed step (and the
/// Map iterations on its way), as the console opens on the failure.
fn select_failures(view: ExecView) {
    Effect::new(move |_| {
        if view.selected.read_untracked().is_some() {
            return;
        }
        let failed = view.live.status.with(|s| {
            s.steps
                .iter()
                .filter(|(_, st)| st.status == engine::tracker::StepState::Failed)
                .max_by_key(|(k, _)| k.matches('/').count())
                .map(|(k, _)| k.clone())
        });
        if let Some(key) = failed {
            view.select_key(&key);
        }
    });
}

/// What the node colours mean.
#[component]
fn Legend() -> impl IntoView {
    let item = |label: &'static str, swatch: &'static str| view! {
        <span class="flex items-center gap-1.5">
            <span class=format!("inline-block h-3 w-3 rounded-sm border {swatch}")></span>
            {label}
        </span>
    };
    view! {
        <div class="flex flex-wrap gap-4 border-t border-slate-100 px-4 py-2 text-xs text-slate-600">
            {item("In progress", "border-sky-500 bg-sky-100")}
            {item("Succeeded", "border-emerald-600 bg-emerald-100")}
            {item("Failed", "border-red-600 bg-red-100")}
            {item("Caught error", "border-amber-500 bg-amber-100")}
            {item("Retrying", "border-orange-500 bg-orange-100")}
            {item("Stopped", "border-slate-500 bg-slate-200")}
            {item("Not started", "border-slate-300 bg-white")}
        </div>
    }
}
