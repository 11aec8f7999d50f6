//! Inside Parallel and Map states: each Parallel's branches and each Map's iterations, with the
//! states inside coloured by the run the view shows. A Map gets an iteration picker (the
//! console's Map run view): a summary count per status, a filter, one square per iteration
//! coloured by its status; picking one recolours the processor's states (here and in the graph)
//! and the step panel follows it.

use crate::sync_hydrate::IntoAnySync;
use crate::live::scope::Selection;
use crate::live::shape::{Container, ContainerKind};
use crate::live::trace::{iteration_counts, IterState};
use crate::live::view::ExecView;
use leptos::prelude::*;

/// Squares drawn at most per Map (the rest are reached with the index box or the filter).
const MAX_SQUARES: usize = 400;

/// One block per Parallel or Map state of the definition; nothing when it has none.
#[component]
pub fn NestedRuns(view: ExecView) -> impl IntoView {
    let containers = view.shape.with_value(|s| s.containers.clone());
    if containers.is_empty() {
        return ().into_any_sync();
    }
    view! {
        <div data-testid="nested-runs" class="space-y-3 border-t border-slate-200 bg-slate-50/60 px-4 py-3">
            {containers.into_iter().map(|c| match c.kind {
                ContainerKind::Map => view! { <IterationPicker view container=c/> }.into_any_sync(),
                ContainerKind::Parallel => view! { <Branches view container=c/> }.into_any_sync(),
            }).collect_view()}
        </div>
    }
    .into_any_sync()
}

/// A Parallel's branches, each as a row of its states.
#[component]
fn Branches(view: ExecView, container: Container) -> impl IntoView {
    let name = container.name.clone();
    view! {
        <section data-testid="parallel-branches" data-parallel=container.name class="rounded-md border border-slate-200 bg-white p-3">
            <Heading name kind="Parallel"/>
            <div class="mt-2 space-y-1.5">
                {container.branches.into_iter().enumerate().map(|(i, states)| view! {
                    <div class="flex flex-wrap items-center gap-1.5">
                        <span class="w-20 shrink-0 text-xs font-medium text-slate-500">{format!("Branch {}", i + 1)}</span>
                        <StateChips view states/>
                    </div>
                }).collect_view()}
            </div>
        </section>
    }
}

#[component]
fn Heading(name: String, kind: &'static str) -> impl IntoView {
    view! {
        <h3 class="flex items-center gap-2 text-sm font-semibold text-slate-800">
            <span class="rounded bg-teal-100 px-1.5 py-0.5 text-[10px] font-semibold uppercase tracking-wider text-teal-800">{kind}</span>
            {name}
        </h3>
    }
}

/// The states of one branch or processor, as clickable chips with `data-step` and
/// `data-status` (the shown run's status).
#[component]
fn StateChips(view: ExecView, states: Vec<String>) -> impl IntoView {
    states
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let status = {
                let name = name.clone();
                move || view.shown.with(|m| m.get(&name).map_or("pending", |s| s.status))
            };
            let is_selected = {
                let name = name.clone();
                move || view.selected.read().as_deref() == Some(name.as_str())
            };
            let class = {
                let status = status.clone();
                move || {
                    let ring = if is_selected() { "ring-2 ring-orange-400" } else { "" };
                    format!("inline-flex items-center gap-1 rounded-md border px-2 py-0.5 text-xs font-medium {} {ring}", chip_colors(status()))
                }
            };
            let (pick, label) = (name.clone(), name.clone());
            view! {
                {(i > 0).then(|| view! { <span class="text-slate-300">"→"</span> })}
                <button
                    data-step=name.clone()
                    data-status=status
                    class=class
                    on:click=move |_| view.selected.set(Some(pick.clone()))
                >
                    {label}
                </button>
            }
        })
        .collect_view()
}

/// A Map's iteration picker and its processor's states.
#[component]
fn IterationPicker(view: ExecView, container: Container) -> impl IntoView {
    let name = StoredValue::new(container.name.clone());
    let filter = RwSignal::new(None::<IterState>);
    // The Map's shown run and its iterations.
    let iterations = Memo::new(move |_| {
        let key = view.shown.with(|m| name.with_value(|n| m.get(n).map(|s| s.key.clone())))?;
        let its = view.live.trace.with(|t| t.maps.get(&key).cloned()).unwrap_or_default();
        Some((key, its))
    });
    let current = Memo::new(move |_| {
        let (key, _) = iterations.get()?;
        let picks = view.picks.read();
        let trace = view.live.trace.read();
        view.shape.with_value(|shape| {
            name.with_value(|n| Selection { shape, maps: &trace.maps, picks: &picks }.iteration(n, &key))
        })
    });
    let choose = move |i: usize| view.picks.update(|p| {
        p.insert(name.get_value(), i);
    });
    let summary = move || {
        let Some((_, its)) = iterations.get() else {
            return view! { <span>"Not started"</span> }.into_any_sync();
        };
        let [ok, failed, running, pending, aborted] = iteration_counts(&its);
        let count = move |n: usize, label: &'static str, state: IterState, tone: &'static str| {
            (n > 0).then(|| {
                let active = move || filter.get() == Some(state);
                view! {
                    <button
                        data-count=state.name()
                        class=move || format!("rounded-full px-2 py-0.5 font-semibold {tone} {}", if active() { "ring-2 ring-slate-500" } else { "" })
                        title="Show only these iterations"
                        on:click=move |_| filter.update(|f| *f = if *f == Some(state) { None } else { Some(state) })
                    >
                        {format!("{n} {label}")}
                    </button>
                }
            })
        };
        view! {
            <span class="font-medium text-slate-700">{format!("{} iteration{}", its.len(), if its.len() == 1 { "" } else { "s" })}</span>
            {count(ok, "succeeded", IterState::Succeeded, "bg-emerald-100 text-emerald-800")}
            {count(failed, "failed", IterState::Failed, "bg-red-100 text-red-800")}
            {count(running, "running", IterState::Running, "bg-sky-100 text-sky-800")}
            // With none running, the Map has stopped: those never ran (AWS: not started).
            {count(pending, if running == 0 { "not started" } else { "pending" }, IterState::Pending, "bg-slate-100 text-slate-600")}
            {count(aborted, "aborted", IterState::Aborted, "bg-slate-200 text-slate-700")}
        }
        .into_any_sync()
    };
    let squares = move || {
        let (_, its) = iterations.get()?;
        let wanted = filter.get();
        let picked = current.get();
        let matching: Vec<usize> = (0..its.len()).filter(|&i| wanted.is_none_or(|w| its[i] == w)).collect();
        let more = matching.len().saturating_sub(MAX_SQUARES);
        let buttons = matching
            .into_iter()
            .take(MAX_SQUARES)
            .map(|i| {
                let status = its[i];
                let on = picked == Some(i);
                view! {
                    <button
                        data-testid="iteration"
                        data-index=i
                        data-status=status.name()
                        aria-pressed=if on { "true" } else { "false" }
                        title=format!("Iteration {i}: {}", status.name())
                        class=format!(
                            "h-7 min-w-7 rounded px-1 font-mono text-[11px] font-semibold tabular-nums {} {}",
                            iteration_colors(status),
                            if on { "ring-2 ring-orange-500 ring-offset-1" } else { "" },
                        )
                        on:click=move |_| choose(i)
                    >
                        {i}
                    </button>
                }
            })
            .collect_view();
        Some(view! {
            {buttons}
            {(more > 0).then(|| view! { <span class="self-center text-xs text-slate-500">{format!("… {more} more")}</span> })}
        })
    };
    let step = move |delta: isize| {
        let (Some((_, its)), Some(cur)) = (iterations.get_untracked(), current.get_untracked()) else { return };
        let next = cur as isize + delta;
        if next >= 0 && (next as usize) < its.len() {
            choose(next as usize);
        }
    };
    let count = move || iterations.with(|i| i.as_ref().map_or(0, |(_, its)| its.len()));
    let processor = container.branches.into_iter().next().unwrap_or_default();
    view! {
        <section data-testid="iteration-picker" data-map=container.name.clone() class="rounded-md border border-slate-200 bg-white p-3">
            <div class="flex flex-wrap items-center gap-2">
                <Heading name=container.name.clone() kind="Map"/>
                <div data-testid="iteration-summary" class="flex flex-wrap items-center gap-1.5 text-xs">{summary}</div>
            </div>
            <div class="mt-2 flex max-h-32 flex-wrap gap-1 overflow-auto">{squares}</div>
            <div class="mt-2 flex flex-wrap items-center gap-2 border-t border-slate-100 pt-2">
                <button class="rounded border border-slate-300 px-1.5 text-sm hover:bg-slate-50 disabled:opacity-40"
                    aria-label="Previous iteration" disabled=move || current.get().is_none_or(|c| c == 0)
                    on:click=move |_| step(-1)>"‹"</button>
                <label class="text-xs font-medium text-slate-600">
                    "Iteration "
                    <input
                        data-testid="iteration-index"
                        type="number"
                        min="0"
                        class="w-16 rounded border border-slate-300 px-1 py-0.5 text-xs tabular-nums"
                        prop:value=move || current.get().map(|c| c.to_string()).unwrap_or_default()
                        on:change=move |ev| {
                            if let Ok(i) = event_target_value(&ev).trim().parse::<usize>() {
                                if i < count() {
                                    choose(i);
                                }
                            }
                        }
                    />
                    {move || format!(" of {}", count())}
                </label>
                <button class="rounded border border-slate-300 px-1.5 text-sm hover:bg-slate-50 disabled:opacity-40"
                    aria-label="Next iteration" disabled=move || current.get().is_none_or(|c| c + 1 >= count())
                    on:click=move |_| step(1)>"›"</button>
                <span class="mx-1 h-4 w-px bg-slate-200"></span>
                <StateChips view states=processor/>
            </div>
        </section>
    }
}

/// Chip colours per shown status.
pub fn chip_colors(status: &str) -> &'static str {
    match status {
        "running" => "border-sky-400 bg-sky-50 text-sky-800",
        "succeeded" => "border-emerald-500 bg-emerald-50 text-emerald-800",
        "failed" => "border-red-500 bg-red-50 text-red-800",
        "caught" => "border-amber-500 bg-amber-50 text-amber-800",
        "retrying" => "border-orange-400 bg-orange-50 text-orange-800",
        "aborted" => "border-slate-400 bg-slate-100 text-slate-600 line-through",
        _ => "border-slate-300 bg-white text-slate-600",
    }
}

fn iteration_colors(s: IterState) -> &'static str {
    match s {
        IterState::Pending => "bg-slate-100 text-slate-500",
        IterState::Running => "bg-sky-500 text-white animate-pulse",
        IterState::Succeeded => "bg-emerald-500 text-white",
        IterState::Failed => "bg-red-600 text-white",
        IterState::Aborted => "bg-slate-400 text-white",
    }
}
