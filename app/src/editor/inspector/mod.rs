//! The inspector: the selected state's fields, one section per state type (`task`, `choice`,
//! `flow` for Pass/Wait/Succeed/Fail, `scopes` for Parallel/Map's nested scopes, `map` for Map's
//! own fields), the data-flow fields that type allows, Retry and Catch (`retry_catch`), a test
//! run of the state alone (`test_state`), rename (references follow), duplicate and delete.

mod choice;
pub mod fields;
mod flow;
mod map;
mod retry_catch;
mod scopes;
mod task;
mod test_state;

use crate::sync_hydrate::IntoAnySync;
use super::rename::FieldEnd;
use super::{ops, rename, Editor};
use crate::model::FunctionInfo;
use fields::{JsonField, NextField, TextField, INPUT};
use leptos::prelude::*;

/// The panel for the selected state (or a hint).
#[component]
pub fn Inspector(functions: Signal<Vec<FunctionInfo>>) -> impl IntoView {
    let ed = expect_context::<Editor>();
    // A memo: the form is rebuilt only when another state (or type) is selected, never while
    // its own fields are typed in.
    let current = Memo::new(move |_| {
        let name = ed.selected.get()?;
        let type_name = ed.def.with(|d| ops::state(d, &name).and_then(|s| s.get("Type")?.as_str().map(str::to_string)))?;
        Some((name, type_name))
    });
    view! {
        <div data-testid="inspector" class="p-4">
            {move || match current.get() {
                None => view! {
                    <p class="text-sm text-slate-500">"Select a state to edit it, or add one from the palette."</p>
                }.into_any_sync(),
                Some((name, type_name)) => Suspend::new(state_form(name, type_name, functions)).into_any_sync(),
            }}
        </div>
    }
}

/// The form, as its own wasm chunk: the editor opens without the forms' code (the biggest part
/// of the editor) and fetches it at the first selection, once.
#[lazy]
fn state_form(name: String, type_name: String, functions: Signal<Vec<FunctionInfo>>) -> AnyView {
    view! { <StateForm name type_name functions/> }.into_any_sync()
}

#[component]
fn StateForm(name: String, type_name: String, functions: Signal<Vec<FunctionInfo>>) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let t = type_name.as_str();
    let data_flow = !matches!(t, "Succeed" | "Fail" | "Choice");
    let results = matches!(t, "Task" | "Parallel" | "Map" | "Pass");
    let selectors = matches!(t, "Task" | "Parallel" | "Map");
    let specific = match t {
        "Task" => view! { <task::TaskSection name=name.clone() functions/> }.into_any_sync(),
        "Choice" => view! { <choice::ChoiceSection name=name.clone()/> }.into_any_sync(),
        "Parallel" | "Map" => view! { <scopes::ScopeSection name=name.clone() type_name=type_name.clone()/> }.into_any_sync(),
        _ => view! { <flow::FlowSection name=name.clone() type_name=type_name.clone()/> }.into_any_sync(),
    };
    let s = |x: &str| x.to_string();
    view! {
        <div class="space-y-4" data-inspector-state=name.clone()>
            <div class="flex items-start justify-between gap-2">
                <NameField name=name.clone()/>
                <span class="mt-6 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold uppercase tracking-wider text-slate-600">{type_name.clone()}</span>
            </div>
            <TextField state=name.clone() ptr=s("/Comment") label=s("Comment")/>
            {specific}
            {(!matches!(t, "Choice" | "Succeed" | "Fail")).then(|| view! { <NextField state=name.clone()/> })}
            <details class="rounded-md border border-slate-200 p-3" open=false>
                <summary class="cursor-pointer text-xs font-semibold uppercase tracking-wider text-slate-600">"Input and output"</summary>
                <div class="mt-3 space-y-3">
                    <TextField state=name.clone() ptr=s("/InputPath") label=s("InputPath") placeholder="$"/>
                    {(data_flow && t != "Wait").then(|| view! { <JsonField state=name.clone() ptr=s("/Parameters") label=s("Parameters (template)")/> })}
                    {selectors.then(|| view! { <JsonField state=name.clone() ptr=s("/ResultSelector") label=s("ResultSelector")/> })}
                    {results.then(|| view! { <TextField state=name.clone() ptr=s("/ResultPath") label=s("ResultPath") placeholder="$"/> })}
                    <TextField state=name.clone() ptr=s("/OutputPath") label=s("OutputPath") placeholder="$"/>
                </div>
            </details>
            {selectors.then(|| view! { <retry_catch::RetrySection name=name.clone()/><retry_catch::CatchSection name=name.clone()/> })}
            <test_state::TestStateSection name=name.clone() type_name=type_name.clone()/>
            <div class="flex gap-2">
                <button type="button" data-testid="duplicate-state" title="Ctrl+D"
                    class="flex-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50"
                    on:click=move |_| ed.duplicate_selected()>
                    "Duplicate"
                </button>
                <button type="button" data-testid="delete-state" title="Delete"
                    class="flex-1 rounded-md border border-red-200 bg-white px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50"
                    on:click=move |_| ed.delete_selected()>
                    "Delete state"
                </button>
            </div>
        </div>
    }
}

/// The name; Enter or leaving the field renames (every reference follows), Escape drops the
/// edit. A refused name is said beside the field, which shows the state's real name again once
/// it is left ([`rename::end_name_edit`]).
#[component]
fn NameField(name: String) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let text = RwSignal::new(name.clone());
    let refusal = RwSignal::new(None::<String>);
    let end = move |how: FieldEnd| {
        // After Enter renamed it, the field goes away and its blur finds the old name gone.
        let Some(typed) = text.try_get_untracked() else { return };
        let old = name.clone();
        let Some(out) = ed.def.with_untracked(|d| ops::state(d, &old).is_some().then(|| rename::end_name_edit(d, &old, &typed, how)))
        else {
            return;
        };
        text.set(out.text);
        refusal.set(out.refusal);
        if let Some(new) = out.rename {
            if ed.apply("", |d| rename::rename_state(d, &old, &new).map_err(|e| e.to_string())).is_some() {
                ed.selected.set(Some(new));
            }
        }
    };
    let end_on_blur = end.clone();
    view! {
        <label class="block flex-1">
            <span class="mb-1 block text-[11px] font-semibold uppercase tracking-wider text-slate-500">"Name"</span>
            <input type="text" data-testid="state-name" class=format!("{INPUT} font-semibold aria-[invalid=true]:border-red-500 aria-[invalid=true]:ring-2 aria-[invalid=true]:ring-red-200") prop:value=move || text.get()
                aria-invalid=move || refusal.with(Option::is_some).to_string()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    refusal.set(None);
                }
                on:keydown=move |ev| match ev.key().as_str() {
                    "Enter" => end(FieldEnd::Enter),
                    "Escape" => end(FieldEnd::Escape),
                    _ => {}
                }
                on:blur=move |_| end_on_blur(FieldEnd::Blur)/>
            {move || refusal.get().map(|r| view! {
                <span data-testid="state-name-error" role="alert" class="mt-1 block text-xs font-normal text-red-700">{r}</span>
            })}
        </label>
    }
}
