//! The JSON pane of the editor (`data-testid="definition-json"`): the whole definition, editable,
//! in two-way sync with the graph. Typing that parses replaces the definition (one undo step
//! per run of typing); text that does not parse shows the syntax error with its line and column
//! and leaves the graph on the last definition that did. Changes made elsewhere (canvas,
//! inspector, undo) rewrite the text. Below it: every validation problem, each with its pointer.

use crate::sync_hydrate::IntoAnySync;
use crate::editor::Editor;
use engine::validate::{syntax_problem, Problem};
use leptos::prelude::*;
use serde_json::Value;

/// The pane and the problem list.
#[component]
pub fn DefinitionEditor() -> impl IntoView {
    let ed = expect_context::<Editor>();
    let initial = ed.text();
    let text = RwSignal::new(initial.clone());
    let syntax = ed.pane_syntax;
    // Edits from the canvas, the inspector or undo rewrite the pane.
    Effect::new(move |first: Option<()>| {
        ed.external.track();
        if first.is_some() {
            text.set(ed.text());
            syntax.set(None);
        }
    });
    let on_input = move |ev| {
        let typed = event_target_value(&ev);
        text.set(typed.clone());
        match serde_json::from_str::<Value>(&typed) {
            Ok(v) => {
                syntax.set(None);
                ed.apply("pane", |d| {
                    *d = v;
                    Ok(())
                });
            }
            Err(e) => syntax.set(Some(syntax_problem(&e))),
        }
    };
    view! {
        <textarea
            data-testid="definition-json"
            spellcheck="false"
            rows="18"
            class="block h-96 w-full resize-y border-0 bg-slate-50 p-4 font-mono text-xs leading-5 text-slate-800 focus:outline-none focus:ring-2 focus:ring-inset focus:ring-sky-300"
            prop:value=move || text.get()
            on:input=on_input
            on:blur=move |_| ed.settle()
        >
            {initial}
        </textarea>
        <div data-testid="validation-problems" class="border-t border-slate-200 px-4 py-3">
            <ProblemList syntax/>
        </div>
    }
}

#[component]
fn ProblemList(syntax: RwSignal<Option<Problem>>) -> impl IntoView {
    let ed = expect_context::<Editor>();
    move || {
        if let Some(p) = syntax.get() {
            return view! {
                <p class="text-sm font-semibold text-red-700">"The text is not JSON; the graph shows the last definition that was."</p>
                <ul><ProblemItem problem=p/></ul>
            }
            .into_any_sync();
        }
        ed.problems.with(|ps| {
            if ps.is_empty() {
                return view! {
                    <p data-testid="validation-ok" class="text-sm font-medium text-emerald-700">"✓ Valid definition"</p>
                }
                .into_any_sync();
            }
            let items = ps.iter().cloned().map(|problem| view! { <ProblemItem problem/> }).collect_view();
            view! {
                <p class="text-sm font-semibold text-red-700">{crate::words::count(ps.len(), "problem")}</p>
                <ul class="max-h-64 divide-y divide-slate-100 overflow-auto">{items}</ul>
            }
            .into_any_sync()
        })
    }
}

#[component]
fn ProblemItem(problem: Problem) -> impl IntoView {
    let key = problem.path.clone();
    view! {
        <li class="py-1.5" data-problem-path=key>
            <span class="mr-2 rounded bg-red-100 px-1.5 py-0.5 font-mono text-[11px] font-semibold text-red-800">{problem.code}</span>
            <span class="font-mono text-xs text-slate-500">{problem.path}</span>
            <p class="text-sm text-slate-800">{problem.message}</p>
        </li>
    }
}
