//! `/workflows/{id}`: the editor. Palette, canvas and inspector side by side (the side panels
//! fold to strips, `editor::panels`, and are as tall as the canvas, each scrolling its own
//! content); the JSON pane and its problems below, beside the input editor with Run and the
//! recent executions. The canvas column takes palette drops (`editor::dnd`).

use crate::sync_hydrate::IntoAnySync;
use crate::api::{get_workflow, list_functions};
use crate::components::{Connection, CopyableJson, DefinitionEditor, ErrorPanel, ExecutionList, Panel, RunPanel, WorkflowGraph};
use crate::editor::dnd::{DropHint, PaletteDrag};
use crate::editor::inspector::Inspector;
use crate::editor::ops::{self, Handle};
use crate::editor::palette::{Palette, PaletteStrip};
use crate::editor::panels::{Fold, FoldToggle, INSPECTOR, PALETTE};
use crate::editor::toolbar::Toolbar;
use crate::editor::{relayout, states_with_problems, Editor};
use crate::model::{FunctionInfo, WorkflowDetail};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Loads one workflow by the `id` route parameter, at `?version=N` if given (an execution's
/// page links to the version it ran); `?test=State&execution=ID` opens that state's Test state
/// with the execution's data.
#[component]
pub fn WorkflowPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let version = move || query.read().get("version").and_then(|v| v.parse::<u32>().ok());
    let workflow = Resource::new(move || (id(), version()), |(id, version)| get_workflow(id, version));
    // Loaded with the workflow, on the server, so the palette is in the first HTML. (A
    // browser-only resource read under this Suspense would leave the whole editor out of the
    // server's HTML: the Suspense could never complete there.)
    let functions = Resource::new(|| (), |_| list_functions());
    // Above the loader, so folding survives a reload of the workflow while on the page.
    let folds = Folds { palette: Fold::new(&PALETTE), inspector: Fold::new(&INSPECTOR) };
    folds.palette.decide();
    folds.inspector.decide();
    view! {
        <Suspense fallback=|| view! { <p class="text-slate-500">"Loading…"</p> }>
            {move || Suspend::new(async move {
                let functions = functions.await.unwrap_or_default();
                match workflow.await {
                    Ok(detail) => view! { <WorkflowView detail functions folds/> }.into_any_sync(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any_sync(),
                }
            })}
        </Suspense>
    }
}

/// Whether the palette and the inspector are open.
#[derive(Clone, Copy)]
struct Folds {
    palette: Fold,
    inspector: Fold,
}

/// The loaded workflow in the editor.
#[component]
fn WorkflowView(detail: WorkflowDetail, functions: Vec<FunctionInfo>, folds: Folds) -> impl IntoView {
    let WorkflowDetail { id, name, comment, definition, input, graph, version, latest_version, problems, .. } = detail;
    let def = serde_json::from_str(&definition).unwrap_or_default();
    let ed = Editor::new(id.clone(), def, graph, version, problems);
    provide_context(ed);
    // From an execution's "Test this state": select it; its Test state takes that run's data.
    let query = use_query_map();
    let (test, execution) = query.with_untracked(|q| (q.get("test"), q.get("execution")));
    if let Some(state) = test.filter(|t| ed.def.with_untracked(|d| ops::state(d, t).is_some())) {
        ed.test_request.set_value(execution.map(|e| (state.clone(), e)));
        ed.selected.set(Some(state));
    }
    // Selecting a state (click, palette add, drop, paste) opens the inspector when it is only
    // folded by the window's width, so there is something to edit in sight.
    folds.inspector.reveal_when(move || ed.selected.with(Option::is_some));
    let drag = PaletteDrag::new();
    provide_context(drag);
    relayout(ed);
    crate::editor::leave_guard::guard(ed);
    // The registry's functions: the palette lists them; the inspector builds parameter forms
    // from their schemas.
    let functions = Signal::stored(functions);
    // A memo: every node reads it, it is computed once per change.
    let invalid = Memo::new(move |_| ed.def.with(|d| ed.problems.with(|p| states_with_problems(d, p))));
    let connect = Callback::new(move |(from, handle, to): Connection| {
        if let Some(h) = Handle::parse(&handle) {
            ed.apply("", |d| ops::connect(d, &from, h, &to));
        }
    });
    let (run_id, list_id) = (id.clone(), id.clone());
    view! {
        <nav class="mb-2 text-sm text-slate-500">
            <a href="/" class="text-sky-700 hover:underline">"State machines"</a>
            " › "
            <span>{id.clone()}</span>
        </nav>
        <div class="mb-3 flex flex-wrap items-end justify-between gap-3">
            <div>
                <h1 class="text-2xl font-bold text-slate-900">{name}</h1>
                {comment.map(|c| view! { <p class="text-sm text-slate-600">{c}</p> })}
            </div>
            <a href=format!("/workflows/{id}/versions") class="text-sm font-medium text-sky-700 hover:underline">"Version history →"</a>
        </div>
        {(version < latest_version).then(|| view! {
            <p data-testid="old-version" class="mb-3 rounded-md border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900">
                {format!("You are looking at version {version}; the latest is version {latest_version}. Saving makes this definition the newest version. ")}
                <a href=format!("/workflows/{id}") class="font-medium text-sky-700 hover:underline">"Open the latest"</a>
            </p>
        })}
        <section class="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
            <header class="border-b border-slate-200 px-4 py-2.5">
                <Toolbar/>
            </header>
            <div class="flex">
                <SidePanel fold=folds.palette id="editor-palette" title="Palette" left=true>
                    <div class=move || format!("flex-col {}", folds.palette.body())><Palette functions/></div>
                    <div class=move || folds.palette.strip()><PaletteStrip/></div>
                </SidePanel>
                <div data-testid="canvas" class="min-w-0 flex-1"
                    on:dragover=move |ev| drag.over(ed, &ev) on:dragleave=move |ev| drag.leave(&ev) on:drop=move |ev| drag.drop(ed, &ev)>
                    <WorkflowGraph graph=ed.graph selected=ed.selected invalid=Signal::from(invalid) on_connect=connect height=620/>
                </div>
                <SidePanel fold=folds.inspector id="editor-inspector" title="Inspector" left=false>
                    <div class=move || format!("flex-col {}", folds.inspector.body())>
                        <Inspector functions/>
                        <StateJson/>
                    </div>
                    <InspectorStrip fold=folds.inspector/>
                </SidePanel>
            </div>
            <DropHint/>
        </section>
        <div class="mt-4 grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
            <Panel title="Definition (ASL JSON)">
                <DefinitionEditor/>
            </Panel>
            <div class="space-y-4">
                <Panel title="Start execution">
                    <RunPanel workflow_id=run_id input/>
                </Panel>
                <Panel title="Recent executions">
                    <div class="max-h-72 overflow-auto">
                        <ExecutionList workflow_id=list_id/>
                    </div>
                </Panel>
            </div>
        </div>
    }
}

/// A side panel as tall as the canvas: a header with its title and fold toggle, then its
/// content (open) or strip (folded), scrolled on their own.
#[component]
fn SidePanel<C: IntoView + 'static>(fold: Fold, id: &'static str, title: &'static str, left: bool, children: TypedChildren<C>) -> impl IntoView {
    let children = children.into_inner();
    let side = if left { "border-r bg-slate-50" } else { "border-l bg-white" };
    // The toggle sits next to the canvas: right of the palette's title, left of the
    // inspector's.
    let head = if left { "justify-between" } else { "flex-row-reverse justify-end" };
    view! {
        <aside id=id data-testid=format!("{}-panel", title.to_ascii_lowercase()) class=move || format!("relative shrink-0 border-slate-200 {side} {}", fold.width())>
            // Out of the row's height: the canvas alone sets it, the panel scrolls inside.
            <div class="absolute inset-0 flex flex-col">
                <div class=format!("flex shrink-0 items-center justify-between gap-2 border-b border-slate-200 px-2 py-1.5 {head}")>
                    <h2 class=move || format!("px-1 text-[11px] font-semibold uppercase tracking-wider text-slate-500 {}", fold.body())>{title}</h2>
                    <FoldToggle fold controls=id/>
                </div>
                <div class="min-h-0 flex-1 overflow-y-auto">{children()}</div>
            </div>
        </aside>
    }
}

/// The folded inspector: its name and the selected state's, written downwards.
#[component]
fn InspectorStrip(fold: Fold) -> impl IntoView {
    let ed = expect_context::<Editor>();
    view! {
        <div data-testid="inspector-strip" class=move || format!("{} px-2 py-3 text-xs font-medium text-slate-500 [writing-mode:vertical-rl]", fold.strip())>
            {move || match ed.selected.get() {
                Some(s) => format!("Inspector · {s}"),
                None => "Inspector".to_string(),
            }}
        </div>
    }
}

/// The selected state's JSON (`data-testid="step-detail"`), under the inspector.
#[component]
fn StateJson() -> impl IntoView {
    let ed = expect_context::<Editor>();
    let json = move || {
        let name = ed.selected.get()?;
        ed.def.with(|d| ops::state(d, &name).map(|s| serde_json::to_string_pretty(s).unwrap_or_default()))
    };
    view! {
        <div data-testid="step-detail" class="border-t border-slate-200 p-4">
            {move || json().map(|j| view! {
                <h4 class="mb-1 text-[11px] font-semibold uppercase tracking-wider text-slate-500">"State JSON"</h4>
                <CopyableJson text=j class="max-h-56 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-2 font-mono text-[11px] leading-4 text-slate-700"/>
            })}
        </div>
    }
}
