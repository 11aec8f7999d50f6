//! The state machine drawn as SVG from server-computed coordinates, with pan (drag the
//! background), zoom (wheel, buttons), fit-to-view and find-a-state (`find_state.rs`). Each state is a `<g>` with `data-state`
//! and `data-status` (browser-test hooks, DESIGN.md); clicking one selects it. With `statuses`
//! (the execution view) each state is coloured by its step status, and the view follows the
//! state that starts running and the selection (`follow.rs`). Where the view opens, and how a
//! new layout keeps it, is `opening.rs`. With `on_connect` (the editor) each state shows
//! handles (`handles.rs`); dragging one onto another state connects them. Each arrow is a
//! `<g data-edge="From->To:kind">` (`EdgePath::id`), so a drop onto an arrow knows which
//! transition it lands on.

use crate::sync_hydrate::IntoAnySync;
use crate::editor::viewport::ViewBox;
use crate::model::anatomy;
use super::keyed::{drawing, Drawn};
use crate::model::{EdgeLabel, EdgePath, GraphView, GroupBox, NodeBox, NodeKind};
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};

mod follow;
mod handles;
mod opening;
#[cfg(all(test, feature = "ssr"))]
mod snapshot;

/// Step status per state name, lowercase (`running`, `succeeded`, …); missing means pending.
pub type StatusMap = Signal<HashMap<String, String>>;

/// A drag from a handle: (source state, handle id, target state).
pub type Connection = (String, String, String);

/// What the pointer is doing on the canvas.
#[derive(Debug, Clone, PartialEq)]
enum Gesture {
    /// Dragging the background: start screen point and the view box then.
    Pan { from: (f64, f64), view: ViewBox, moved: bool },
    /// Dragging from a handle: source, handle id, start and current graph points.
    Link { state: String, handle: String, start: (f64, f64), at: (f64, f64) },
}

/// Draws `graph`; clicking a state writes its name into `selected`.
#[component]
pub fn WorkflowGraph(
    /// The laid-out graph (a plain `GraphView` or a signal the editor keeps updating).
    #[prop(into)]
    graph: Signal<GraphView>,
    selected: RwSignal<Option<String>>,
    /// Live step statuses (execution view); without them every state is `pending`.
    #[prop(optional)]
    statuses: Option<StatusMap>,
    /// States that validation problems point into (editor): outlined red, `data-invalid`.
    #[prop(optional)]
    invalid: Option<Signal<HashSet<String>>>,
    /// Editor: called when a handle is dragged onto a state.
    #[prop(optional)]
    on_connect: Option<Callback<Connection>>,
    /// Canvas height in pixels (default: the drawing's, between 240 and 640).
    #[prop(optional)]
    height: Option<u32>,
) -> impl IntoView {
    let size = move || graph.with(|g| (g.width, g.height));
    // The server renders the whole drawing; once the canvas has a size in the browser, the
    // view opens as `opening.rs` says, and keeps its zoom through new layouts.
    let view = RwSignal::new(graph.with_untracked(|g| ViewBox::fit(g.width, g.height)));
    // Whether the user panned or zoomed since the drawing was last fitted.
    let moved = RwSignal::new(false);
    // Whether "Fit" asked for the whole drawing: a new layout is then fitted whole again.
    let whole = RwSignal::new(false);
    // Execution view: whether the view follows the state that starts running (`follow`).
    let following = RwSignal::new(true);
    // The user moved the view: keep it (no opening view, no following).
    let user_moved = move || {
        moved.set(true);
        following.set(false);
    };
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let canvas = Canvas { svg: svg_ref, view };
    let scene = Scene { graph, canvas, selected };
    opening::Opening { scene, moved, whole }.track();
    let px = height.map(|h| h as f64).unwrap_or_else(|| graph.with_untracked(|g| g.height).clamp(240.0, 640.0));
    let gesture = RwSignal::new(None::<Gesture>);
    let fit = move |_| {
        let (w, h) = size();
        moved.set(false);
        whole.set(true);
        following.set(true);
        view.set(ViewBox::fit(w, h));
    };
    if let Some(statuses) = statuses {
        follow::follow(statuses, scene, following);
    }
    let follow_button = statuses.is_some().then(|| {
        let class = move || format!("shrink-0 border-l border-slate-300 px-2.5 py-1 {}", if following.get() { "bg-sky-50 text-sky-700" } else { "hover:bg-slate-50" });
        view! {
            <button type="button" title="Keep the running state in view" data-testid="follow-running"
                aria-pressed=move || following.get().to_string() class=class on:click=move |_| following.update(|f| *f = !*f)>"Follow"</button>
        }
    });
    // A found state (the find field): selected and centred, at its drawn size or larger.
    let find = Callback::new(move |name: String| {
        let centre = graph.with_untracked(|g| g.node(&name).map(|n| (n.x + n.w / 2.0, n.y + n.h / 2.0)));
        if let (Some(at), Some((cw, ch))) = (centre, canvas.pixels()) {
            user_moved();
            view.update(|v| *v = v.centred_on(at, cw, ch, 1.0));
        }
        if centre.is_some() {
            selected.set(Some(name));
        }
    });
    let zoom_by = move |f: f64| {
        user_moved();
        view.update(|v| {
            let centre = (v.x + v.w / 2.0, v.y + v.h / 2.0);
            *v = v.zoom(f, centre);
        })
    };
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        ev.prevent_default();
        if let Some((at, _)) = canvas.graph_point(ev.client_x() as f64, ev.client_y() as f64) {
            let factor = if ev.delta_y() < 0.0 { 1.15 } else { 1.0 / 1.15 };
            user_moved();
            view.update(|v| *v = v.zoom(factor, at));
        }
    };
    let on_down = move |ev: leptos::ev::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        let from = (ev.client_x() as f64, ev.client_y() as f64);
        gesture.set(Some(Gesture::Pan { from, view: view.get_untracked(), moved: false }));
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let client = (ev.client_x() as f64, ev.client_y() as f64);
        gesture.update(|g| match g {
            Some(Gesture::Pan { from, view: start, moved: dragged }) => {
                let (dx, dy) = (client.0 - from.0, client.1 - from.1);
                if dx.abs() + dy.abs() > 3.0 {
                    *dragged = true;
                    user_moved();
                }
                if let Some((_, scale)) = canvas.graph_point(client.0, client.1) {
                    view.set(start.pan(dx, dy, scale));
                }
            }
            Some(Gesture::Link { at, .. }) => {
                if let Some((p, _)) = canvas.graph_point(client.0, client.1) {
                    *at = p;
                }
            }
            None => {}
        });
    };
    let on_up = move |ev: leptos::ev::PointerEvent| {
        let done = gesture.get_untracked();
        gesture.set(None);
        match done {
            Some(Gesture::Pan { moved: false, .. }) => selected.set(None),
            Some(Gesture::Link { state, handle, .. }) => {
                let target = state_under(ev.client_x(), ev.client_y());
                if let (Some(cb), Some(target)) = (on_connect, target) {
                    cb.run((state, handle, target));
                }
            }
            _ => {}
        }
    };
    let ctx = NodeCtx { selected, statuses, invalid, gesture, canvas, editable: on_connect.is_some() };
    // The selected state's halo: one element over the drawing (never in the way of a click),
    // so the selection stands out whatever colour its status gives the node.
    let halo = move || {
        let name = selected.get()?;
        let (x, y, w, h) = graph.with(|g| g.node(&name).map(|n| (n.x, n.y, n.w, n.h)))?;
        Some(view! {
            <rect data-testid="selection-halo" x=x - 5.0 y=y - 5.0 width=w + 10.0 height=h + 10.0 rx="12"
                class="pointer-events-none fill-none stroke-sky-500 stroke-[2.5px]" stroke-dasharray="6 3"/>
        })
    };
    let drag_line = move || match gesture.get() {
        Some(Gesture::Link { start, at, .. }) => Some(view! {
            <line x1=start.0 y1=start.1 x2=at.0 y2=at.1 class="pointer-events-none stroke-orange-500"
                stroke-width="2" stroke-dasharray="4 3" marker-end="url(#wfm-arrow)"/>
        }),
        _ => None,
    };
    view! {
        <div class="relative bg-[radial-gradient(#e2e8f0_1px,transparent_1px)] [background-size:16px_16px]">
            // Above the drawing rather than over it, so it never hides a state (new states land
            // at the top) or catches a drop meant for one.
            <div class="flex justify-end border-b border-slate-200 bg-white/80 px-3 py-1.5">
                // The find field gives way first when the canvas is narrow (side panels open at
                // 800 px), so the buttons are never cut off.
                <div class="flex min-w-0 max-w-full overflow-hidden rounded-md border border-slate-300 bg-white text-sm shadow-sm">
                    <super::FindState graph on_find=find/>
                    <button type="button" title="Zoom in" data-testid="zoom-in" class="shrink-0 px-2.5 py-1 hover:bg-slate-50" on:click=move |_| zoom_by(1.25)>"+"</button>
                    <button type="button" title="Zoom out" data-testid="zoom-out" class="shrink-0 border-l border-slate-300 px-2.5 py-1 hover:bg-slate-50" on:click=move |_| zoom_by(0.8)>"−"</button>
                    <button type="button" title="Fit to view" data-testid="fit-view" class="shrink-0 border-l border-slate-300 px-2.5 py-1 hover:bg-slate-50" on:click=fit>"Fit"</button>
                    {follow_button}
                </div>
            </div>
            <svg
                node_ref=svg_ref
                data-testid="workflow-graph"
                viewBox=move || view.get().attr()
                preserveAspectRatio="xMidYMid meet"
                style=format!("height: {px:.0}px")
                class=move || if gesture.with(|g| matches!(g, Some(Gesture::Pan { moved: true, .. }))) { "block w-full touch-none select-none cursor-grabbing" } else { "block w-full touch-none select-none cursor-grab" }
                role="img"
                aria-label="Workflow graph"
                on:wheel=on_wheel
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointerleave=move |_| gesture.set(None)
            >
                <defs>
                    <marker id="wfm-arrow" viewBox="0 0 10 10" refX="9" refY="5"
                        markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="fill-slate-500"/>
                    </marker>
                </defs>
                // Keyed by content: a new layout re-renders only what it changed (see `keyed`).
                <For each=move || graph.with(drawing) key=|(k, _)| *k children=move |(_, d)| match d {
                    Drawn::Group(g) => group(g).into_any_sync(),
                    Drawn::Edge(e) => edge(e).into_any_sync(),
                    Drawn::Label(l) => label(l).into_any_sync(),
                    Drawn::Node(n) => node(n, ctx),
                }/>
                {halo}
                {drag_line}
            </svg>
        </div>
    }
}

/// What moves the view reads: the drawing, the canvas (with the view box) and the selection.
#[derive(Clone, Copy)]
struct Scene {
    graph: Signal<GraphView>,
    canvas: Canvas,
    selected: RwSignal<Option<String>>,
}

/// The SVG element and its view box: maps screen points into graph points.
#[derive(Clone, Copy)]
struct Canvas {
    svg: NodeRef<leptos::svg::Svg>,
    view: RwSignal<ViewBox>,
}

impl Canvas {
    /// The canvas's size in pixels.
    fn pixels(&self) -> Option<(f64, f64)> {
        #[cfg(feature = "hydrate")]
        {
            let rect = self.svg.get_untracked()?.get_bounding_client_rect();
            Some((rect.width(), rect.height()))
        }
        #[cfg(not(feature = "hydrate"))]
        {
            None
        }
    }

    /// The graph point under a client (screen) point, with graph units per pixel.
    fn graph_point(&self, cx: f64, cy: f64) -> Option<((f64, f64), f64)> {
        #[cfg(feature = "hydrate")]
        {
            let svg = self.svg.get_untracked()?;
            let rect = svg.get_bounding_client_rect();
            let (w, h) = (rect.width(), rect.height());
            let v = self.view.get_untracked();
            Some((v.to_graph(cx - rect.left(), cy - rect.top(), w, h), v.scale(w, h)))
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (cx, cy, self.svg, self.view);
            None
        }
    }
}

/// The state (`data-state`) under a screen point, if any.
fn state_under(x: i32, y: i32) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let el = document().element_from_point(x as f32, y as f32)?;
        el.closest("[data-state]").ok()??.get_attribute("data-state")
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (x, y);
        None
    }
}

/// What every node needs besides its box.
#[derive(Clone, Copy)]
struct NodeCtx {
    selected: RwSignal<Option<String>>,
    statuses: Option<StatusMap>,
    invalid: Option<Signal<HashSet<String>>>,
    gesture: RwSignal<Option<Gesture>>,
    canvas: Canvas,
    editable: bool,
}

fn group(g: GroupBox) -> impl IntoView {
    view! {
        <g data-group=g.owner.clone() class="pointer-events-none">
            <rect x=g.x y=g.y width=g.w height=g.h rx="8" class="fill-slate-50/80 stroke-slate-300" stroke-dasharray="4 3"/>
            <text x=g.x + 10.0 y=g.y + 14.0 class="fill-slate-500 text-[10px] font-semibold uppercase tracking-wider">{g.label}</text>
        </g>
    }
}

/// An arrow, in a `<g data-edge="From->To:kind">` (`EdgePath::id`): which transition a drop
/// onto it would change. One path per arrow: a wider invisible one for hit-testing would also
/// be the topmost element along the arrow (editor.spec.ts checks that the arrow itself is).
fn edge(e: EdgePath) -> impl IntoView {
    let id = e.id();
    view! {
        <g data-edge=id>
            <path
                d=e.d
                fill="none"
                class=if e.dashed { "stroke-red-300" } else { "stroke-slate-400" }
                stroke-width="1.5"
                stroke-dasharray=e.dashed.then_some("5 4")
                marker-start=e.head_start.then_some("url(#wfm-arrow)")
                marker-end=e.head_end.then_some("url(#wfm-arrow)")
            />
        </g>
    }
}

fn label(l: EdgeLabel) -> impl IntoView {
    let w = EdgeLabel::width(&l.text);
    let key = l.text.clone();
    view! {
        <g class="pointer-events-none" data-edge-label=key>
            <rect x=l.x - w / 2.0 y=l.y - 9.0 width=w height="18" rx="9" class="fill-white stroke-slate-300"/>
            <text x=l.x y=l.y text-anchor="middle" dominant-baseline="central"
                class="fill-slate-600 font-mono text-[10px]">{l.text}</text>
        </g>
    }
}

fn marker(n: NodeBox) -> AnyView {
    let (cx, cy) = (n.x + n.w / 2.0, n.y + n.h / 2.0);
    let start = n.kind == NodeKind::Start;
    let fill = if start { "fill-emerald-600" } else { "fill-slate-700" };
    let key = n.name.to_ascii_lowercase();
    view! {
        <g data-marker=key class="pointer-events-none">
            <rect x=n.x y=n.y width=n.w height=n.h rx=n.h / 2.0 class=fill/>
            <text x=cx y=cy text-anchor="middle" dominant-baseline="central"
                class="fill-white text-[11px] font-semibold uppercase tracking-wider">{n.name}</text>
        </g>
    }
    .into_any_sync()
}

fn node(n: NodeBox, ctx: NodeCtx) -> AnyView {
    if n.kind != NodeKind::State {
        return marker(n);
    }
    let NodeCtx { selected, statuses, invalid, .. } = ctx;
    let name = n.name.clone();
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
            (false, sel) if is_invalid() => format!("fill-red-50 stroke-red-500 {}", if sel { "stroke-[3px]" } else { "stroke-[2px]" }),
            (false, true) => "fill-white stroke-orange-500 stroke-[3px]".to_string(),
            (false, false) => "fill-white stroke-slate-300 group-hover:stroke-sky-500".to_string(),
            (true, sel) => format!("{} {}", status_colors(&status()), if sel { "stroke-[3px]" } else { "stroke-[1.5px]" }),
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
    let (accent, badge) = type_colors(&n.type_name);
    // Plain states centre their captions; Parallel / Map put them in the header above the frames.
    let caption = anatomy::caption(&n, ctx.editable);
    let caption_x = caption.x;
    let anchor = if caption.header { "start" } else { "middle" };
    let handles = if ctx.editable { handles::view(&n, ctx.gesture, ctx.canvas).into_any_sync() } else { ().into_any_sync() };
    let kind = n.type_name.to_ascii_uppercase();
    let bar_h = if n.nested { 32.0 } else { n.h - 8.0 };
    let resource = n.resource.clone();
    view! {
        <g
            data-state=n.name.clone()
            data-status=status
            data-invalid=data_invalid
            class="group cursor-pointer"
            on:pointerdown=|ev: leptos::ev::PointerEvent| ev.stop_propagation()
            on:click=move |_| selected.set(Some(name.clone()))
        >
            <rect x=n.x y=n.y width=n.w height=n.h rx="8" class=outline/>
            <rect x=n.x y=n.y + 4.0 width="4" height=bar_h rx="2" class=accent/>
            <text x=caption_x y=caption.name_y text-anchor=anchor dominant-baseline="central"
                class="fill-slate-900 text-[13px] font-semibold">{n.name.clone()}</text>
            <text x=caption_x y=caption.type_y text-anchor=anchor dominant-baseline="central"
                class=format!("text-[10px] font-semibold tracking-wider {badge}")>{kind}</text>
            {resource.zip(caption.resource_y).map(|(r, y)| view! {
                <text x=caption_x y=y text-anchor=anchor dominant-baseline="central"
                    class="fill-slate-500 font-mono text-[10px]">{r}</text>
            })}
            <text x=n.x + n.w - 14.0 y=n.y + 14.0 text-anchor="middle" dominant-baseline="central" class=icon_class>{icon}</text>
            {handles}
        </g>
    }
    .into_any_sync()
}

/// Box fill and stroke per step status (console colours: blue running, green done, red failed).
fn status_colors(status: &str) -> &'static str {
    match status {
        "running" => "fill-sky-100 stroke-sky-500 animate-pulse",
        "succeeded" => "fill-emerald-100 stroke-emerald-600",
        "failed" => "fill-red-100 stroke-red-600",
        "caught" => "fill-amber-100 stroke-amber-500",
        "retrying" => "fill-orange-100 stroke-orange-500 animate-pulse",
        // A nested step its Map or Parallel stopped (another iteration failed).
        "aborted" => "fill-slate-200 stroke-slate-500",
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
        "aborted" => "■",
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
        "aborted" => "fill-slate-500",
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
