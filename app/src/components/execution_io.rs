//! The execution's own input and output, as the AWS console's "Execution input and output"
//! ([`execution_input`], [`execution_output`]). Without an output, a line says why: still
//! running, failed, stopped or timed out. Read from the live history, so the output appears when
//! the run ends.

use crate::live::{execution_input, execution_output, LiveExecution};
use crate::sync_hydrate::IntoAnySync;
use engine::tracker::ExecState;
use serde_json::Value;
use leptos::prelude::*;

/// A folded section of the execution header (closed at first: the graph stays in view).
#[component]
pub fn ExecutionIo(live: LiveExecution) -> impl IntoView {
    // Memos: the blocks re-render only when the text changes, not at every arriving event. The
    // input never changes once known, so it is printed once.
    let input = Memo::new(move |known: Option<&Option<String>>| match known {
        Some(Some(text)) => Some(text.clone()),
        _ => live.events.with(|evs| execution_input(evs).map(pretty)),
    });
    let output = Memo::new(move |_| live.events.with(|evs| execution_output(evs).map(pretty)));
    let no_output = move || match live.status.with(|s| s.status) {
        ExecState::Running => "No output yet: the execution is running.",
        ExecState::Succeeded => "No output.",
        ExecState::Failed => "No output: the execution failed.",
        ExecState::Aborted => "No output: the execution was stopped.",
        ExecState::TimedOut => "No output: the execution timed out.",
    };
    view! {
        <details data-testid="execution-io" class="group mt-3 border-t border-slate-100 pt-2 text-sm">
            <summary class="cursor-pointer select-none text-xs font-semibold uppercase tracking-wider text-slate-500 group-open:text-slate-800">
                "Execution input and output"
            </summary>
            <div class="mt-2 grid gap-3 md:grid-cols-2">
                <div>
                    <h3 class="text-xs font-medium text-slate-500">"Input"</h3>
                    {move || view! { <super::CopyableJson text=input.get().unwrap_or_default() class=PRE testid="execution-input-json"/> }}
                </div>
                <div>
                    <h3 class="text-xs font-medium text-slate-500">"Output"</h3>
                    {move || match output.get() {
                        Some(text) => view! { <super::CopyableJson text class=PRE testid="execution-output-json"/> }.into_any_sync(),
                        None => view! { <p data-testid="execution-no-output" class="mt-1 text-xs text-slate-500">{no_output}</p> }.into_any_sync(),
                    }}
                </div>
            </div>
        </details>
    }
}

const PRE: &str = "mt-1 max-h-64 overflow-auto whitespace-pre rounded bg-slate-50 p-2 font-mono text-xs text-slate-800";

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}
