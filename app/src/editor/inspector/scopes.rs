//! Parallel and Map: their nested scopes. States inside a branch or the item processor are
//! selected and edited on the canvas like any other; here branches are added and removed. Map's
//! own fields are in [`super::map`].

use crate::sync_hydrate::IntoAnySync;
use super::choice::RemoveButton;
use super::fields::{read, write};
use crate::editor::{ops, Editor};
use leptos::prelude::*;
use serde_json::{json, Value};

/// Branches (Parallel) or items and processor (Map).
#[component]
pub fn ScopeSection(name: String, type_name: String) -> impl IntoView {
    if type_name == "Map" {
        return view! { <super::map::MapSection name/> }.into_any_sync();
    }
    view! { <Branches name/> }.into_any_sync()
}

#[component]
fn Branches(name: String) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let n = name.clone();
    let len = Memo::new(move |_| read(ed, &n, "/Branches").and_then(|v| v.as_array().map(Vec::len)).unwrap_or(0));
    let n = name.clone();
    let add = move |_| {
        let owner = n.clone();
        ed.apply("", |d| {
            let first = ops::unique_name(d, &format!("{owner} branch step"));
            let len = ops::state(d, &owner).and_then(|s| s.get("Branches")?.as_array().map(Vec::len)).unwrap_or(0);
            ops::set_at(d, &owner, &format!("/Branches/{len}"), Some(json!({"StartAt": first, "States": {first.clone(): {"Type": "Pass", "End": true}}})))
        });
    };
    let n = name.clone();
    view! {
        <section class="space-y-2" data-testid="branches">
            <h4 class="text-[11px] font-semibold uppercase tracking-wider text-slate-500">"Branches"</h4>
            {move || (0..len.get()).map(|i| view! {
                <div class="flex items-center gap-2">
                    <div class="flex-1"><ScopeSummary name=n.clone() ptr=format!("/Branches/{i}") caption=format!("Branch {}", i + 1)/></div>
                    <RemoveButton name=n.clone() ptr=format!("/Branches/{i}")/>
                </div>
            }).collect_view()}
            <button type="button" data-testid="add-branch" class="rounded-md border border-teal-300 bg-white px-2.5 py-1 text-xs font-medium text-teal-800 hover:bg-teal-50" on:click=add>"+ Branch"</button>
        </section>
    }
}

/// A nested scope in one line: caption, StartAt, number of states; and its StartAt picker.
#[component]
pub(super) fn ScopeSummary(name: String, ptr: String, caption: String) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let (n, p) = (name.clone(), ptr.clone());
    let scope = move || read(ed, &n, &p).unwrap_or(Value::Null);
    let sc = scope.clone();
    let start = move || sc().get("StartAt").and_then(Value::as_str).unwrap_or("—").to_string();
    let states: Vec<String> = scope().get("States").and_then(Value::as_object).map(|m| m.keys().cloned().collect()).unwrap_or_default();
    let count = states.len();
    let (n, p) = (name.clone(), ptr.clone());
    let set_start = move |ev| write(ed, &n, &format!("{p}/StartAt"), Some(Value::String(event_target_value(&ev))));
    view! {
        <div class="rounded-md border border-teal-100 bg-teal-50/40 px-3 py-2 text-sm">
            <div class="flex items-center justify-between">
                <span class="font-semibold text-teal-900">{caption}</span>
                <span class="text-xs text-slate-500">{format!("{count} state(s)")}</span>
            </div>
            <label class="mt-1 flex items-center gap-2 text-xs text-slate-600">
                "Starts at"
                <select class="rounded border border-slate-300 bg-white px-1 py-0.5 text-xs" on:change=set_start>
                    {states.into_iter().map(|s| { let st = start.clone(); let s2 = s.clone(); view! { <option value=s.clone() selected=move || st() == s2>{s.clone()}</option> } }).collect_view()}
                </select>
            </label>
        </div>
    }
}
