//! `/executions/{id}`: the live execution view. The server renders a placeholder; in the browser
//! the page reads the execution and its exact workflow version from the REST API, asks the server
//! to lay the graph out, then follows `GET /api/executions/{id}/events` and recolours the nodes
//! as history events arrive — nested Parallel and Map states too, one Map iteration at a time
//! (see [`crate::live::scope`]). After a redrive it follows the continued run.

use crate::sync_hydrate::IntoAnySync;
use crate::client;
use crate::components::{EventList, ExecutionFacts, ExecutionHeader, NestedRuns, Panel, StepPanel, StepTimeline, WorkflowGraph, WorkflowName};
use crate::graph_api::execution_graph;
use crate::live::scope::{container_key, parse_key};
use crate::live::shape::Shape;
use crate::live::view::ExecView;
use crate::live::LiveExecution;
use crate::model::GraphView;
use engine::tracker::{ExecState, ExecutionStatus, StepState};
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
    /// The status the server knows (its tracker's rows), shown until the stream has replayed
    /// as many events: a finished execution never reads RUNNING, all pending, while it does.
    status: ExecutionStatus,
}

async fn load(id: String) -> Result<Loaded, String> {
    let exec = client::get_json(&format!("/api/executions/{id}")).await?;
    let workflow_id = exec["workflowId"].as_str().ok_or("the execution names no workflow")?.to_string();
    let version = exec["workflowVersion"].as_i64().unwrap_or(1);
    let wf = client::get_json(&format!("/api/workflows/{workflow_id}?version={version}")).await?;
    let drawn = execution_graph(wf["definition"].to_string()).await.map_err(|e| e.to_string())?;
    let started_at = readable_time(exec["startedAt"].as_str().unwrap_or_default());
    let deleted = wf["deleted"] == true;
    let status = serde_json::from_value(exec).unwrap_or_default();
    Ok(Loaded { exec_id: id, workflow_id, version, started_at, deleted, shape: drawn.shape, graph: drawn.graph, status })
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
    let Loaded { exec_id, workflow_id, version, started_at, deleted, shape, graph, status } = loaded;
    // A finished execution shows its outcome from the first frame; a running one replays its
    // events from the start, so that its steps turn green in the order they ran.
    let live = if status.status == ExecState::Running { LiveExecution::new() } else { LiveExecution::seeded(status) };
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

/// What Step details shows without a click ([`auto_selection`]).
fn select_failures(view: ExecView) {
    // The container (step key) selected for a reset run: the next failure inside replaces it.
    let stand_in = StoredValue::new(None::<String>);
    // Returns the selection and the key of the run shown for it, unless that is PENDING.
    Effect::new(move |before: Option<(Option<String>, Option<String>)>| {
        let selected = view.selected.get();
        let key = selected.as_ref().and_then(|n| view.shown.with(|m| m.get(n).map(|s| s.key.clone())));
        let (was_selected, was) = before.unwrap_or_default();
        // The user's click on the background: nothing is selected until the next event.
        let cleared = was_selected.is_some() && selected.is_none();
        let was = was.filter(|_| was_selected == selected);
        let chosen = stand_in.get_value();
        let pick = view.live.status.with(|s| auto_selection(s, was.as_deref(), selected.as_deref(), key.as_deref(), chosen.as_deref()));
        if let Some((k, stands_in)) = pick.filter(|_| !cleared) {
            view.select_key(&k);
            stand_in.set_value(stands_in.then_some(k));
        }
        let pending = view.live.status.with(|s| key.as_ref().and_then(|k| s.steps.get(k)).is_some_and(|st| st.status == StepState::Pending));
        (selected, key.filter(|_| !pending))
    });
}

/// What the page selects by itself, as the console opens on a failure, and whether it stands in
/// for a reset run; `was` is the run shown for the selection before (unless it was PENDING),
/// `shown` the one now, `stand_in` the container selected for a reset run, if it still is.
/// - Nothing is selected and something failed: the innermost failed step.
/// - The run shown was reset by its Parallel's or Map's retry (PENDING again,
///   `engine::tracker`): the innermost container around it still in the run (the one retrying),
///   until something fails inside it, which is selected then.
fn auto_selection(status: &ExecutionStatus, was: Option<&str>, selected: Option<&str>, shown: Option<&str>, stand_in: Option<&str>) -> Option<(String, bool)> {
    let pending = |k: &str| status.steps.get(k).map(|st| st.status == StepState::Pending);
    let shown_pending = shown.is_none_or(|k| pending(k) == Some(true));
    if let Some(w) = was.filter(|w| shown_pending && pending(w) == Some(true)) {
        let depth = parse_key(w).0.len();
        let around = (0..depth).rev().map(|i| container_key(w, i)).find(|c| pending(c) == Some(false));
        return around.map(|c| (c, true));
    }
    let inside = match (selected, stand_in) {
        (None, _) => String::new(),
        (Some(name), Some(c)) if parse_key(c).1 == name => format!("{c}["),
        _ => return None,
    };
    let failed = status.steps.iter().filter(|(k, st)| st.status == StepState::Failed && k.starts_with(&inside));
    let innermost = failed.max_by_key(|(k, _)| k.matches('/').count()).map(|(k, _)| k.clone());
    innermost.filter(|k| Some(k.as_str()) != shown).map(|k| (k, false))
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
            {item("Aborted", "border-slate-500 bg-slate-200")}
            {item("Not started", "border-slate-300 bg-white")}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live::trace::tests::ev;
    use serde_json::json;

    /// An attempt of a Map (`scope` is its iteration's) whose item waits, then fails; without
    /// its start when that was folded already.
    fn fold(status: &mut ExecutionStatus, first: u64, scope: &str, retry_started: bool) {
        let map = scope.rsplit_once('[').map_or(scope, |(m, _)| m);
        let (outer, name) = map.rsplit_once('/').map_or(("", map), |(o, n)| (o, n));
        let events = [
            ev(first, "MapStateStarted", outer, Some(name), json!({"length": 1})),
            ev(first + 1, "MapIterationStarted", outer, Some(name), json!({"index": 0})),
            ev(first + 2, "WaitStateEntered", scope, Some("Slow"), json!({"input": 1})),
            ev(first + 3, "WaitStateExited", scope, Some("Slow"), json!({"output": 1})),
            ev(first + 4, "FailStateEntered", scope, Some("Boom"), json!({"input": 1})),
            ev(first + 5, "MapIterationFailed", outer, Some(name), json!({"index": 0})),
        ];
        // Up to the attempt's failure, or from its start on.
        let events = if retry_started { &events[1..] } else { &events[..] };
        events.iter().for_each(|e| drop(status.apply_all(e)));
    }

    #[test]
    fn a_reset_selection_falls_back_to_the_retrying_container_until_it_fails_again() {
        let mut s = ExecutionStatus::default();
        s.apply_all(&ev(1, "ExecutionStarted", "", None, json!({"input": [1]})));
        s.apply_all(&ev(2, "MapStateEntered", "", Some("M"), json!({"input": [1]})));
        fold(&mut s, 3, "M[0]", false);
        let boom = Some("M[0]/Boom");
        assert_eq!(auto_selection(&s, None, None, None, None), Some(("M[0]/Boom".into(), false)), "the failure");
        assert_eq!(auto_selection(&s, boom, Some("Boom"), boom, None), None, "shown already");
        // The retry starts: Boom is not reached in this attempt; the Map is shown instead.
        s.apply_all(&ev(9, "MapStateStarted", "", Some("M"), json!({"length": 1})));
        assert_eq!((s.steps["M"].status, s.steps["M"].retries, s.steps["M[0]/Boom"].status), (StepState::Running, 1, StepState::Pending));
        assert_eq!(auto_selection(&s, boom, Some("Boom"), boom, None), Some(("M".into(), true)));
        // A state the user picks that has not run in this attempt stays selected.
        assert_eq!(auto_selection(&s, Some("M"), Some("Slow"), Some("M[0]/Slow"), Some("M")), None);
        // While the retry runs nothing changes; when it fails, its failure is shown.
        assert_eq!(auto_selection(&s, Some("M"), Some("M"), Some("M"), Some("M")), None);
        fold(&mut s, 10, "M[0]", true);
        assert_eq!((s.steps["M"].retries, s.steps["M[0]/Boom"].status), (1, StepState::Failed), "the same retry");
        assert_eq!(auto_selection(&s, Some("M"), Some("M"), Some("M"), Some("M")), Some(("M[0]/Boom".into(), false)));
        assert_eq!(auto_selection(&s, Some("M"), Some("Other"), Some("Other"), Some("M")), None, "the user's own selection");
    }

    #[test]
    fn a_reset_run_deeper_down_falls_back_to_the_container_that_is_retried() {
        let mut s = ExecutionStatus::default();
        s.apply_all(&ev(1, "ParallelStateEntered", "", Some("P"), json!({"input": [1]})));
        s.apply_all(&ev(2, "ParallelStateStarted", "", Some("P"), json!({})));
        s.apply_all(&ev(3, "MapStateEntered", "P[0]", Some("M"), json!({"input": [1]})));
        fold(&mut s, 4, "P[0]/M[0]", false);
        s.apply_all(&ev(10, "MapStateAborted", "P[0]", Some("M"), json!({})));
        s.apply_all(&ev(11, "ParallelStateStarted", "", Some("P"), json!({})));
        let boom = Some("P[0]/M[0]/Boom");
        assert_eq!(s.steps["P[0]/M"].status, StepState::Pending);
        assert_eq!(auto_selection(&s, boom, Some("Boom"), boom, None), Some(("P".into(), true)));
    }
}
