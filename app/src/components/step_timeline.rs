//! The execution's steps on a time axis (the console's timeline): one bar per step entry, placed
//! by start time and sized by duration, coloured by status; click one to inspect it.

use super::step_panel::format_ms;
use crate::live::{step_status_name, LiveExecution};
use leptos::prelude::*;

/// One row per step (nested Parallel/Map steps included), in the order they started.
#[component]
pub fn StepTimeline(live: LiveExecution, selected: RwSignal<Option<String>>) -> impl IntoView {
    let rows = move || {
        let last = live.events.with(|evs| evs.last().map(|e| e.timestamp));
        live.status.with(|s| {
            let start = s.steps.values().filter_map(|st| st.started_at).min();
            let (Some(start), Some(last)) = (start, last) else {
                return Vec::new();
            };
            let span = ((last - start).num_milliseconds()).max(1) as f64;
            s.steps
                .iter()
                .map(|(key, st)| {
                    let begin = st.started_at.map_or(0, |t| (t - start).num_milliseconds());
                    let end = st.finished_at.unwrap_or(last);
                    let took = st.started_at.map_or(0, |t| (end - t).num_milliseconds());
                    let left = begin as f64 / span * 100.0;
                    let width = (took as f64 / span * 100.0).max(0.8);
                    let status = step_status_name(st.status);
                    let bar = match status {
                        "running" => "bg-sky-500 animate-pulse",
                        "succeeded" => "bg-emerald-500",
                        "failed" => "bg-red-500",
                        "caught" => "bg-amber-500",
                        "retrying" => "bg-orange-400",
                        _ => "bg-slate-300",
                    };
                    let k = key.clone();
                    let retries = (st.retries > 0).then(|| format!(" · {} retr{}", st.retries, if st.retries == 1 { "y" } else { "ies" }));
                    view! {
                        <li
                            class="grid cursor-pointer grid-cols-[10rem_1fr_5rem] items-center gap-3 px-3 py-1.5 hover:bg-slate-50"
                            on:click=move |_| selected.set(Some(k.clone()))
                        >
                            <span class="truncate text-sm font-medium" title=key.clone()>{key.clone()}</span>
                            <span class="relative h-3 rounded bg-slate-100">
                                <span
                                    class=format!("absolute top-0 h-3 rounded {bar}")
                                    style=format!("left:{left:.2}%;width:{width:.2}%")
                                ></span>
                            </span>
                            <span class="text-right text-xs tabular-nums text-slate-500">
                                {format_ms(took)}{retries}
                            </span>
                        </li>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <ul data-testid="step-timeline" class="divide-y divide-slate-100 py-1">{rows}</ul>
    }
}
