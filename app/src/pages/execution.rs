//! `/executions/{id}`: the live execution view. The server renders a placeholder; in the browser
//! the page reads the execution and its exact workflow version from the REST API, asks the server
//! to lay the graph out, then follows `GET /api/executions/{id}/events` and recolours the nodes
//! as history events arrive.

use crate::client;
use crate::components::{EventList, Panel, StepPanel, StepTimeline, WorkflowGraph};
use crate::graph_api::layout_definition;
use crate::live::{exec_status_label, LiveExecution};
use crate::model::GraphView;
use engine::tracker::ExecState;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde_json::{json, Value};

/// What the view needs before it can follow the stream.
#[derive(Clone)]
struct Loaded {
    exec_id: String,
    workflow_id: String,
    version: i64,
    started_at: String,
    definition: Value,
    graph: GraphView,
}

async fn load(id: String) -> Result<Loaded, String> {
    let exec = client::get_json(&format!("/api/executions/{id}")).await?;
    let workflow_id = exec["workflowId"].as_str().ok_or("the execution names no workflow")?.to_string();
    let version = exec["workflowVersion"].as_i64().unwrap_or(1);
    let wf = client::get_json(&format!("/api/workflows/{workflow_id}?version={version}")).await?;
    let definition = wf["definition"].clone();
    let graph = layout_definition(definition.to_string()).await.map_err(|e| e.to_string())?;
    let started_at = readable_time(exec["startedAt"].as_str().unwrap_or_default());
    Ok(Loaded { exec_id: id, workflow_id, version, started_at, definition, graph })
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
        None => view! { <p data-testid="execution-loading" class="text-slate-500">"Loading execution…"</p> }.into_any(),
        Some(Err(e)) => view! {
            <div role="alert" class="rounded-lg border border-red-300 bg-red-50 p-4 text-red-800">
                <p class="font-semibold">"This execution cannot be shown"</p>
                <p class="text-sm">{e}</p>
            </div>
        }
        .into_any(),
        Some(Ok(loaded)) => view! { <ExecutionView loaded/> }.into_any(),
    }
}

#[component]
fn ExecutionView(loaded: Loaded) -> impl IntoView {
    let live = LiveExecution::new();
    let selected = RwSignal::new(None::<String>);
    #[cfg(feature = "hydrate")]
    match crate::live::follow(&loaded.exec_id, live) {
        Ok(close) => {
            let close = StoredValue::new_local(close);
            on_cleanup(move || {
                close.try_with_value(|c| c());
            });
        }
        Err(e) => leptos::logging::error!("cannot follow the execution: {e}"),
    }
    // When something fails and nothing is selected, show the failed step.
    Effect::new(move |_| {
        if selected.read_untracked().is_some() {
            return;
        }
        let failed = live.status.with(|s| {
            s.steps.iter().rev().find(|(k, st)| !k.contains('/') && st.status == engine::tracker::StepState::Failed).map(|(k, _)| k.clone())
        });
        if failed.is_some() {
            selected.set(failed);
        }
    });
    let statuses = Signal::derive(move || live.top_level_statuses());
    let Loaded { exec_id, workflow_id, version, started_at, definition, graph } = loaded;
    view! {
        <Title text=format!("Execution of {workflow_id} · WorkflowManager")/>
        <nav class="mb-2 text-sm text-slate-500">
            <a href="/" class="text-sky-700 hover:underline">"State machines"</a>
            " › "
            <a href=format!("/workflows/{workflow_id}") class="text-sky-700 hover:underline">{workflow_id.clone()}</a>
            " › "
            <span>"Execution"</span>
        </nav>
        <ExecutionHeader live exec_id workflow_id version started_at/>
        <div class="mt-4 grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
            <Panel title="Graph view">
                <WorkflowGraph graph selected statuses/>
                <Legend/>
            </Panel>
            <Panel title="Step details">
                <div data-testid="step-detail">
                    <StepPanel live selected definition/>
                </div>
            </Panel>
        </div>
        <div class="mt-4 grid gap-4 lg:grid-cols-2">
            <Panel title="Timeline">
                <StepTimeline live selected/>
            </Panel>
            <Panel title="Events">
                <EventList live/>
            </Panel>
        </div>
    }
}

/// Title, status, stop button, the execution's figures and, when it failed, error and cause.
#[component]
fn ExecutionHeader(live: LiveExecution, exec_id: String, workflow_id: String, version: i64, started_at: String) -> impl IntoView {
    let status = move || live.status.with(|s| s.status);
    let running = move || status() == ExecState::Running && !live.ended.get();
    let badge = move || match status() {
        ExecState::Running => "bg-sky-100 text-sky-800 ring-sky-300",
        ExecState::Succeeded => "bg-emerald-100 text-emerald-800 ring-emerald-300",
        ExecState::Failed | ExecState::TimedOut => "bg-red-100 text-red-800 ring-red-300",
        ExecState::Aborted => "bg-slate-200 text-slate-700 ring-slate-300",
    };
    let duration = move || {
        live.events.with(|evs| match (evs.first(), evs.last()) {
            (Some(a), Some(b)) => crate::components::format_ms((b.timestamp - a.timestamp).num_milliseconds()),
            _ => "—".to_string(),
        })
    };
    let stopping = RwSignal::new(false);
    let stop_id = exec_id.clone();
    let stop = move |_| {
        stopping.set(true);
        let id = stop_id.clone();
        leptos::task::spawn_local(async move {
            if let Err(e) = client::post_json(&format!("/api/executions/{id}/stop"), &json!({})).await {
                leptos::logging::warn!("stop failed: {e}");
            }
            stopping.set(false);
        });
    };
    let failure = move || {
        live.status.with(|s| {
            s.error.clone().map(|error| {
                let cause = s.cause.clone().unwrap_or_default();
                view! {
                    <div data-testid="execution-error" role="alert" class="mt-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm">
                        <p class="font-semibold text-red-800">{error}</p>
                        <p class="mt-1 whitespace-pre-wrap break-words text-red-900">{cause}</p>
                    </div>
                }
            })
        })
    };
    view! {
        <section class="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <div class="flex flex-wrap items-center gap-3">
                <h1 class="text-xl font-bold text-slate-900">"Execution"</h1>
                <span
                    data-testid="execution-status"
                    class=move || format!("rounded-full px-3 py-0.5 text-sm font-semibold ring-1 {}", badge())
                >
                    {move || exec_status_label(status())}
                </span>
                <div class="ml-auto flex gap-2">
                    {move || running().then(|| view! {
                        <button
                            data-testid="stop"
                            class="rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-semibold text-red-700 hover:bg-red-50 disabled:opacity-50"
                            disabled=move || stopping.get()
                            on:click=stop.clone()
                        >
                            "Stop execution"
                        </button>
                    })}
                </div>
            </div>
            <dl class="mt-3 grid grid-cols-2 gap-3 text-sm md:grid-cols-5">
                <Fact label="Execution ID"><span class="break-all font-mono text-xs">{exec_id}</span></Fact>
                <Fact label="State machine">
                    <a href=format!("/workflows/{workflow_id}") class="text-sky-700 hover:underline">{workflow_id.clone()}</a>
                    <span class="text-slate-500">{format!(" v{version}")}</span>
                </Fact>
                <Fact label="Started">{started_at}</Fact>
                <Fact label="Duration">{duration}</Fact>
                <Fact label="Events">{move || live.events.with(Vec::len)}</Fact>
            </dl>
            {failure}
        </section>
    }
}

#[component]
fn Fact(label: &'static str, children: Children) -> impl IntoView {
    view! {
        <div>
            <dt class="text-xs font-medium uppercase tracking-wider text-slate-500">{label}</dt>
            <dd class="mt-0.5 text-slate-900">{children()}</dd>
        </div>
    }
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
            {item("Not started", "border-slate-300 bg-white")}
        </div>
    }
}
