//! The execution's history events as a table (the console's "Events" tab), newest last. Rows
//! are keyed, so a new event adds one row instead of redrawing the table; a row opens to show
//! the event's details, and its step link selects the step. Filters: errors only, or the
//! selected step's events only.

use crate::sync_hydrate::IntoAnySync;
use crate::live::view::ExecView;
use engine::history::HistoryEvent;
use leptos::prelude::*;

/// Rows drawn at most: the newest ones (the console pages; a long history stays responsive).
const MAX_ROWS: usize = 1000;

/// Which events the table shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Filter {
    All,
    Errors,
    Step,
}

/// Every history event received so far: id, type, step, time since the first event, and the
/// error of failure events.
#[component]
pub fn EventList(view: ExecView) -> impl IntoView {
    let live = view.live;
    let filter = RwSignal::new(Filter::All);
    let selected = view.selected_step();
    let visible = move || {
        let f = filter.get();
        let step_ids = (f == Filter::Step).then(|| selected.with(|s| s.as_ref().and_then(|s| s.trace.as_ref()).map(|t| t.event_ids.clone()).unwrap_or_default()));
        live.events.with(|evs| {
            let mut idx: Vec<usize> = (0..evs.len())
                .filter(|&i| match f {
                    Filter::All => true,
                    Filter::Errors => is_error(&evs[i]),
                    Filter::Step => step_ids.as_ref().is_some_and(|ids| ids.binary_search(&evs[i].id).is_ok()),
                })
                .collect();
            let skip = idx.len().saturating_sub(MAX_ROWS);
            idx.drain(..skip);
            idx
        })
    };
    let start = Memo::new(move |_| live.events.with(|evs| evs.first().map(|e| e.timestamp)));
    let hidden = move || live.events.with(Vec::len).saturating_sub(MAX_ROWS);
    let tab = move |f: Filter, label: &'static str| {
        view! {
            <button
                class=move || format!("rounded px-2 py-0.5 text-xs font-medium {}", if filter.get() == f { "bg-slate-800 text-white" } else { "text-slate-600 hover:bg-slate-100" })
                on:click=move |_| filter.set(f)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="flex items-center gap-1 border-b border-slate-100 px-3 py-1.5">
            {tab(Filter::All, "All")}
            {tab(Filter::Errors, "Errors")}
            {tab(Filter::Step, "Selected step")}
            <span class="ml-auto text-xs text-slate-400">
                {move || (hidden() > 0 && filter.get() == Filter::All).then(|| format!("the newest {MAX_ROWS} of {} events", MAX_ROWS + hidden()))}
            </span>
        </div>
        <div class="max-h-[22rem] overflow-auto">
            <table data-testid="event-list" class="w-full text-left text-sm">
                <thead class="sticky top-0 z-10 bg-slate-50 text-xs uppercase tracking-wider text-slate-500">
                    <tr>
                        <th class="w-14 px-3 py-2">"ID"</th>
                        <th class="px-3 py-2">"Type"</th>
                        <th class="px-3 py-2">"Step"</th>
                        <th class="px-3 py-2 text-right">"Elapsed"</th>
                        <th class="px-3 py-2">"Error"</th>
                    </tr>
                </thead>
                <For each=visible key=|i| *i let:i>
                    <EventRow view index=i start=start.get_untracked()/>
                </For>
            </table>
        </div>
    }
}

fn is_error(e: &HistoryEvent) -> bool {
    let kind = e.event_type.name();
    kind.ends_with("Failed") || kind.ends_with("TimedOut") || kind.ends_with("Aborted")
}

/// One event; a click opens its details.
#[component]
fn EventRow(view: ExecView, index: usize, start: Option<chrono::DateTime<chrono::Utc>>) -> impl IntoView {
    let Some(e) = view.live.events.with_untracked(|v| v.get(index).cloned()) else {
        return ().into_any_sync();
    };
    let open = RwSignal::new(false);
    let elapsed = start.map_or(0, |s| (e.timestamp - s).num_milliseconds());
    let key = e.state.as_ref().map(|s| engine::tracker::step_key(&e.scope, s));
    let kind = e.event_type.name();
    let tone = if is_error(&e) {
        "text-red-700"
    } else if kind.ends_with("Succeeded") {
        "text-emerald-700"
    } else {
        "text-slate-800"
    };
    let note = e.details["error"].as_str().map(str::to_string).unwrap_or_default();
    let details = serde_json::to_string_pretty(&e.details).unwrap_or_default();
    let step = key.map(|k| {
        let target = k.clone();
        view! {
            <button class="text-left text-sky-700 hover:underline" on:click=move |ev| {
                ev.stop_propagation();
                view.select_key(&target);
            }>{k}</button>
        }
    });
    view! {
        <tbody class="border-t border-slate-100">
            <tr data-event-id=e.id class="cursor-pointer hover:bg-slate-50" on:click=move |_| open.update(|o| *o = !*o)>
                <td class="px-3 py-1.5 tabular-nums text-slate-500">
                    <span class="inline-block w-3 text-slate-400">{move || if open.get() { "▾" } else { "▸" }}</span>
                    {e.id}
                </td>
                <td class=format!("px-3 py-1.5 font-medium {tone}")>{kind}</td>
                <td class="px-3 py-1.5">{step}</td>
                <td class="px-3 py-1.5 text-right tabular-nums text-slate-500">{format!("+{}", super::step_panel::format_ms(elapsed))}</td>
                <td class="px-3 py-1.5 font-mono text-xs text-red-700">{note}</td>
            </tr>
            {move || open.get().then(|| view! {
                <tr>
                    <td colspan="5" class="bg-slate-50 px-3 py-2">
                        <super::CopyableJson text=details.clone()
                            class="max-h-64 overflow-auto whitespace-pre-wrap break-words font-mono text-xs leading-5 text-slate-700"/>
                    </td>
                </tr>
            })}
        </tbody>
    }
    .into_any_sync()
}
