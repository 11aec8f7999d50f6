//! The selected state's JSON, beside the graph.

use crate::sync_hydrate::IntoAnySync;
use crate::model::StateView;
use leptos::prelude::*;

/// Shows the state named by `selected`, or a hint while none is.
#[component]
pub fn StepDetail(states: Vec<StateView>, selected: RwSignal<Option<String>>) -> impl IntoView {
    let states = StoredValue::new(states);
    let current = move || {
        let name = selected.get()?;
        states.with_value(|all| all.iter().find(|s| s.name == name).cloned())
    };
    view! {
        <div data-testid="step-detail" class="p-4">
            {move || match current() {
                None => view! {
                    <p class="text-sm text-slate-500">
                        "Select a state in the graph to see its definition."
                    </p>
                }
                .into_any_sync(),
                Some(state) => view! {
                    <div class="mb-3 flex items-center gap-2">
                        <h3 data-testid="step-name" class="text-lg font-semibold">{state.name}</h3>
                        <span class="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">
                            {state.type_name}
                        </span>
                    </div>
                    <pre class="max-h-[28rem] overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-3 font-mono text-xs leading-5">
                        {state.json}
                    </pre>
                }
                .into_any_sync(),
            }}
        </div>
    }
}
