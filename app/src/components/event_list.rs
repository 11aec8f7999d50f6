//! The execution's history events as a table (the console's "Events" tab), newest last.

use crate::live::LiveExecution;
use leptos::prelude::*;

/// Every history event received so far: id, type, step, time since the first event, and the
/// error of failure events.
#[component]
pub fn EventList(live: LiveExecution) -> impl IntoView {
    let rows = move || {
        live.events.with(|evs| {
            let start = evs.first().map(|e| e.timestamp);
            evs.iter()
                .map(|e| {
                    let elapsed = start.map_or(0, |s| (e.timestamp - s).num_milliseconds());
                    let step = match (&e.state, e.scope.is_empty()) {
                        (Some(s), true) => s.clone(),
                        (Some(s), false) => format!("{}/{s}", e.scope),
                        (None, _) => String::new(),
                    };
                    let kind = format!("{:?}", e.event_type);
                    let tone = if kind.ends_with("Failed") || kind.ends_with("TimedOut") || kind.ends_with("Aborted") {
                        "text-red-700"
                    } else if kind.ends_with("Succeeded") {
                        "text-emerald-700"
                    } else {
                        "text-slate-800"
                    };
                    let note = e.details["error"].as_str().map(str::to_string).unwrap_or_default();
                    view! {
                        <tr class="border-t border-slate-100">
                            <td class="px-3 py-1.5 text-slate-500">{e.id}</td>
                            <td class=format!("px-3 py-1.5 font-medium {tone}")>{kind}</td>
                            <td class="px-3 py-1.5">{step}</td>
                            <td class="px-3 py-1.5 text-right tabular-nums text-slate-500">{format!("+{elapsed} ms")}</td>
                            <td class="px-3 py-1.5 font-mono text-xs text-red-700">{note}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="max-h-96 overflow-auto">
            <table data-testid="event-list" class="w-full text-left text-sm">
                <thead class="sticky top-0 bg-slate-50 text-xs uppercase tracking-wider text-slate-500">
                    <tr>
                        <th class="px-3 py-2">"ID"</th>
                        <th class="px-3 py-2">"Type"</th>
                        <th class="px-3 py-2">"Step"</th>
                        <th class="px-3 py-2 text-right">"Elapsed"</th>
                        <th class="px-3 py-2">"Error"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
