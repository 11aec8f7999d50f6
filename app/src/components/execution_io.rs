//! The execution's own input and output, as the AWS console's "Execution input and output": the
//! input from `ExecutionStarted`, the output from the latest `ExecutionSucceeded` (a redriven run
//! may end more than once). Without an output, a line says why: still running, failed, stopped or
//! timed out. Read from the live history, so the output appears when the run ends.

use crate::live::LiveExecution;
use crate::sync_hydrate::IntoAnySync;
use engine::history::{EventType, HistoryEvent};
use engine::tracker::ExecState;
use leptos::prelude::*;

/// A folded section of the execution header (closed at first: the graph stays in view).
#[component]
pub fn ExecutionIo(live: LiveExecution) -> impl IntoView {
    // Pretty-printed once per change of the value, not once per arriving event.
    let input = Memo::new(move |_| live.events.with(|evs| detail(evs.iter(), EventType::ExecutionStarted, "input")));
    let output = Memo::new(move |_| live.events.with(|evs| detail(evs.iter().rev(), EventType::ExecutionSucceeded, "output")));
    let no_output = move || match live.status.with(|s| s.status) {
        ExecState::Running => "No output yet: the execution is running.",
        ExecState::Succeeded => "No output.",
        ExecState::Failed => "No output: the execution failed.",
        ExecState::Aborted => "No output: the execution was stopped.",
        ExecState::TimedOut => "No output: the execution timed out.",
    };
    let pre = "mt-1 max-h-64 overflow-auto whitespace-pre rounded bg-slate-50 p-2 font-mono text-xs text-slate-800";
    view! {
        <details data-testid="execution-io" class="group mt-3 border-t border-slate-100 pt-2 text-sm">
            <summary class="cursor-pointer select-none text-xs font-semibold uppercase tracking-wider text-slate-500 group-open:text-slate-800">
                "Execution input and output"
            </summary>
            <div class="mt-2 grid gap-3 md:grid-cols-2">
                <div>
                    <h3 class="text-xs font-medium text-slate-500">"Input"</h3>
                    {move || {
                        let text = input.get().unwrap_or_default();
                        view! {
                            <div class="relative">
                                <pre data-testid="execution-input-json" class=pre>{text.clone()}</pre>
                                <super::CopyButton text/>
                            </div>
                        }
                    }}
                </div>
                <div>
                    <h3 class="text-xs font-medium text-slate-500">"Output"</h3>
                    {move || match output.get() {
                        Some(text) => view! {
                            <div class="relative">
                                <pre data-testid="execution-output-json" class=pre>{text.clone()}</pre>
                                <super::CopyButton text/>
                            </div>
                        }
                        .into_any_sync(),
                        None => view! { <p data-testid="execution-no-output" class="mt-1 text-xs text-slate-500">{no_output}</p> }.into_any_sync(),
                    }}
                </div>
            </div>
        </details>
    }
}

/// `key` of the details of the first event of type `ty` met in `events`, pretty-printed.
fn detail<'a>(mut events: impl Iterator<Item = &'a HistoryEvent>, ty: EventType, key: &str) -> Option<String> {
    let event = events.find(|e| e.event_type == ty)?;
    event.details.get(key).map(|v| serde_json::to_string_pretty(v).unwrap_or_default())
}
