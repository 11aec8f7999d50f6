//! The state machine drawn as SVG from server-computed coordinates. Each state is a `<g>`
//! with `data-state` and `data-status` (browser-test hooks, DESIGN.md); clicking one selects it.
//! With `statuses` (the execution view) each state is coloured by its step status.

use crate::model::{EdgeLabel, EdgePath, GraphView, NodeBox, NodeKind};
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};

/// Step status per state name, lowercase (`running`, `succeeded`, …); missing means pending.
pub type StatusMap = Signal<HashMap<String, String>>;

/// Draws `graph`; clicking a state writes its name into `selected`.
#[component]
pub fn WorkflowGraph(
    graph: GraphView,
    selected: RwSignal<Option<String>>,
    /// Live step statuses (execution view); without them every state is `pending`.
    #[prop(optional)]
    statuses: Option<StatusMap>,
    /// States that validation problems point into (editor): outlined red, `data-invalid`.
    #[prop(optional)]
    invalid: Option<Signal<HashSet<String>>>,
) -> impl IntoView {
    let view_box = format!("0 0 {:.0} {:.0}", graph.width, graph.height);
    view! {
        <div class="overflow-auto bg-[radial-gradient(#e2e8f0_1px,transparent_1px)] [background-size:16px_16px] p-4">
            <svg
                data-testid="workflow-graph"
                viewBox=view_box
                width=format!("{:.0}", graph.width)
                class="mx-auto block h-auto max-w-full"
                role="img"
                aria-label="Workflow graph"
            >
                <defs>
                    <marker id="wfm-arrow" viewBox="0 0 10 10" refX="9" refY="5"
                        markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="fill-slate-500"/>
                    </marker>
                </defs>
                {graph.edges.into_iter().map(edge).collect_view()}
                {graph.labels.into_iter().map(label).collect_view()}
                {graph.nodes.into_iter().map(|n| node(n, selected, statuses, invalid)).collect_view()}
            </svg>
        </div>
    }
}

fn edge(e: EdgePath) -> impl IntoView {
    view! {
        <path
            d=e.d
            fill="none"
            class="stroke-slate-400"
            stroke-width="1.5"
            stroke-dasharray=e.dashed.then_some("5 4")
            marker-start=e.head_start.then_some("url(#wfm-arrow)")
            marker-end=e.head_end.then_some("url(#wfm-arrow)")
        />
    }
}

fn label(l: EdgeLabel) -> impl IntoView {
    let w = l.text.len() as f64 * 6.5 + 10.0;
    view! {
        <g class="pointer-events-none">
            <rect x=l.x - w / 2.0 y=l.y - 9.0 width=w height="18" rx="9" class="fill-slate-100 stroke-slate-300"/>
            <text x=l.x y=l.y text-anchor="middle" dominant-baseline="central"
                class="fill-slate-600 text-[11px]">{l.text}</text>
        </g>
    }
}

fn node(
    n: NodeBox,
    selected: RwSignal<Option<String>>,
    statuses: Option<StatusMap>,
    invalid: Option<Signal<HashSet<String>>>,
) -> AnyView {
    let (cx, cy) = (n.x + n.w / 2.0, n.y + n.h / 2.0);
    if n.kind != NodeKind::State {
        let marker = n.name.to_lowercase();
        return view! {
            <g data-marker=marker>
                <rect x=n.x y=n.y width=n.w height=n.h rx=n.h / 2.0 class="fill-slate-600"/>
                <text x=cx y=cy text-anchor="middle" dominant-baseline="central"
                    class="fill-white text-xs font-semibold">{n.name}</text>
            </g>
        }
        .into_any();
    }
    let name = n.name.clone();
    let data_state = n.name.clone();
    let is_selected = {
        let name = name.clone();
        move || selected.read().as_deref() == Some(name.as_str())
    };
    let status = {
        let name = name.clone();
        move || {
            let found = statuses.and_then(|s| s.with(|m| m.get(&name).cloned()));
            found.unwrap_or_else(|| "pending".to_string())
        }
    };
    let (accent, badge) = type_colors(&n.type_name);
    let is_invalid = {
        let name = name.clone();
        move || invalid.is_some_and(|s| s.with(|set| set.contains(&name)))
    };
    let data_invalid = {
        let is_invalid = is_invalid.clone();
        move || is_invalid().then_some("true")
    };
    let outline = {
        let status = status.clone();
        move || match (statuses.is_some(), is_selected()) {
            (false, sel) if is_invalid() => {
                format!("fill-red-50 stroke-red-500 {}", if sel { "stroke-[3px]" } else { "stroke-[2px]" })
            }
            (false, true) => "fill-white stroke-orange-500 stroke-[3px]".to_string(),
            (false, false) => "fill-white stroke-slate-300 group-hover:stroke-sky-500".to_string(),
            (true, sel) => {
                let width = if sel { "stroke-[3px]" } else { "stroke-[1.5px]" };
                format!("{} {width}", status_colors(&status()))
            }
        }
    };
    let icon = {
        let status = status.clone();
        move || statuses.map(|_| status_icon(&status())).unwrap_or_default()
    };
    let icon_class = {
        let status = status.clone();
        move || format!("pointer-events-none text-[13px] font-bold {}", status_icon_fill(&status()))
    };
    let (icon_x, icon_y) = (n.x + n.w - 16.0, n.y + 16.0);
    view! {
        <g
            data-state=data_state
            data-status=status
            data-invalid=data_invalid
            class="group cursor-pointer"
            on:click=move |_| selected.set(Some(name.clone()))
        >
            <rect x=n.x y=n.y width=n.w height=n.h rx="6" class=outline/>
            <rect x=n.x y=n.y width="5" height=n.h rx="2" class=accent/>
            <text x=cx y=cy - 7.0 text-anchor="middle" dominant-baseline="central"
                class="fill-slate-900 text-[13px] font-semibold">{n.name}</text>
            <text x=cx y=cy + 11.0 text-anchor="middle" dominant-baseline="central"
                class=format!("text-[10px] font-medium uppercase tracking-wider {badge}")>{n.type_name}</text>
            <text x=icon_x y=icon_y text-anchor="middle" dominant-baseline="central"
                class=icon_class>{icon}</text>
        </g>
    }
    .into_any()
}

/// Box fill and stroke per step status (console colours: blue running, green done, red failed).
fn status_colors(status: &str) -> &'static str {
    match status {
        "running" => "fill-sky-100 stroke-sky-500 animate-pulse",
        "succeeded" => "fill-emerald-100 stroke-emerald-600",
        "failed" => "fill-red-100 stroke-red-600",
        "caught" => "fill-amber-100 stroke-amber-500",
        "retrying" => "fill-orange-100 stroke-orange-500 animate-pulse",
        _ => "fill-white stroke-slate-300",
    }
}

/// A glyph in the box's corner per step status.
fn status_icon(status: &str) -> &'static str {
    match status {
        "running" => "●",
        "succeeded" => "✓",
        "failed" => "✕",
        "caught" => "!",
        "retrying" => "↻",
        _ => "",
    }
}

/// The corner glyph's colour per step status.
fn status_icon_fill(status: &str) -> &'static str {
    match status {
        "running" => "fill-sky-600",
        "succeeded" => "fill-emerald-600",
        "failed" => "fill-red-600",
        "caught" => "fill-amber-600",
        _ => "fill-orange-500",
    }
}

/// (accent bar fill, type caption fill) per ASL state type.
fn type_colors(type_name: &str) -> (&'static str, &'static str) {
    match type_name {
        "Task" => ("fill-sky-600", "fill-sky-700"),
        "Choice" => ("fill-amber-500", "fill-amber-700"),
        "Wait" => ("fill-violet-500", "fill-violet-700"),
        "Succeed" => ("fill-emerald-500", "fill-emerald-700"),
        "Fail" => ("fill-red-500", "fill-red-700"),
        "Parallel" | "Map" => ("fill-teal-500", "fill-teal-700"),
        _ => ("fill-slate-400", "fill-slate-500"),
    }
}
