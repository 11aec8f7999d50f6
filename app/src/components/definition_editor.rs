//! The definition pane of the workflow page, editable, validated on every change in the browser
//! with the engine compiled to wasm (`engine::validate::validate_str`: JSON syntax with line and
//! column, then every ASL rule). Problems are listed below the text; the graph is laid out again
//! (on the server) whenever the text is JSON, so graph and text stay in step.

use crate::graph_api::layout_definition;
use crate::model::GraphView;
use engine::validate::{validate_str, Problem};
use leptos::prelude::*;
use std::collections::HashSet;

/// Problems of `text`, for the first render and every edit.
pub fn problems_of(text: &str) -> Vec<Problem> {
    validate_str(text)
}

/// Names of the top-level states that problems point into (`/States/<name>/…`).
pub fn states_with_problems(problems: &[Problem]) -> HashSet<String> {
    problems
        .iter()
        .filter_map(|p| p.path.strip_prefix("/States/"))
        .filter_map(|rest| rest.split('/').next())
        .map(|name| name.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// The editable definition (`data-testid="definition-json"`) and its problem list.
#[component]
pub fn DefinitionEditor(text: String, graph: RwSignal<GraphView>, problems: RwSignal<Vec<Problem>>) -> impl IntoView {
    let changed = move |text: String| {
        problems.set(problems_of(&text));
        if serde_json::from_str::<serde_json::Value>(&text).is_ok() {
            leptos::task::spawn_local(async move {
                if let Ok(g) = layout_definition(text).await {
                    graph.set(g);
                }
            });
        }
    };
    let on_input = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(target) = ev.target() {
                changed(target.unchecked_into::<web_sys::Node>().text_content().unwrap_or_default());
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, changed);
    };
    let list = move || {
        problems.with(|ps| {
            if ps.is_empty() {
                return view! {
                    <p data-testid="validation-ok" class="text-sm font-medium text-emerald-700">"✓ Valid definition"</p>
                }
                .into_any();
            }
            let items = ps
                .iter()
                .map(|p| {
                    view! {
                        <li class="py-1.5" data-problem-path=p.path.clone()>
                            <span class="mr-2 rounded bg-red-100 px-1.5 py-0.5 font-mono text-[11px] font-semibold text-red-800">{p.code.clone()}</span>
                            <span class="font-mono text-xs text-slate-500">{p.path.clone()}</span>
                            <p class="text-sm text-slate-800">{p.message.clone()}</p>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <p class="text-sm font-semibold text-red-700">{format!("{} problem(s)", ps.len())}</p>
                <ul class="divide-y divide-slate-100">{items}</ul>
            }
            .into_any()
        })
    };
    view! {
        <pre
            data-testid="definition-json"
            contenteditable="plaintext-only"
            spellcheck="false"
            class="max-h-96 overflow-auto bg-slate-50 p-4 font-mono text-xs leading-5 text-slate-800 focus:outline-none focus:ring-2 focus:ring-inset focus:ring-sky-300"
            on:input=on_input
        >
            {text}
        </pre>
        <div data-testid="validation-problems" class="border-t border-slate-200 px-4 py-3">{list}</div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_point_at_their_states() {
        let text = r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nowhere"},"B":{"Type":"Succeed"}}}"#;
        let problems = problems_of(text);
        let names = states_with_problems(&problems);
        assert!(names.contains("A"), "{problems:?}");
        assert!(names.contains("B"), "{problems:?}");
        assert!(problems_of(r#"{"StartAt": "#).iter().any(|p| p.code == "JSON_SYNTAX"));
    }
}
