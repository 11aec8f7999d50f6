//! Retry and Catch editors for Task, Parallel and Map.

use super::choice::RemoveButton;
use super::fields::{read, write, Field, NumberField, TargetField, TextField, INPUT};
use crate::editor::Editor;
use leptos::prelude::*;
use serde_json::{json, Value};

/// Retriers: errors, interval, attempts, backoff, max delay.
#[component]
pub fn RetrySection(name: String) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let n = name.clone();
    let len = Memo::new(move |_| read(ed, &n, "/Retry").and_then(|v| v.as_array().map(Vec::len)).unwrap_or(0));
    let n = name.clone();
    let add = move |_| append(ed, &n, "Retry", json!({"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2.0}));
    let n = name.clone();
    view! {
        <section class="space-y-2" data-testid="retry-editor">
            <h4 class="text-[11px] font-semibold uppercase tracking-wider text-slate-500">"Retry"</h4>
            {move || (0..len.get()).map(|i| {
                let p = |f: &str| format!("/Retry/{i}/{f}");
                view! {
                    <div class="space-y-2 rounded-md border border-slate-200 p-3">
                        <div class="flex justify-between"><span class="text-xs font-semibold text-slate-600">{format!("Retrier {}", i + 1)}</span><RemoveButton name=n.clone() ptr=format!("/Retry/{i}")/></div>
                        <ErrorsField name=n.clone() ptr=p("ErrorEquals")/>
                        <div class="grid grid-cols-2 gap-2">
                            <NumberField state=n.clone() ptr=p("IntervalSeconds") label="Interval (s)".into()/>
                            <NumberField state=n.clone() ptr=p("MaxAttempts") label="Max attempts".into()/>
                            <NumberField state=n.clone() ptr=p("BackoffRate") label="Backoff rate".into()/>
                            <NumberField state=n.clone() ptr=p("MaxDelaySeconds") label="Max delay (s)".into()/>
                        </div>
                    </div>
                }
            }).collect_view()}
            <button type="button" data-testid="add-retry" class="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50" on:click=add>"+ Retrier"</button>
        </section>
    }
}

/// Catchers: errors, ResultPath, Next.
#[component]
pub fn CatchSection(name: String) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let n = name.clone();
    let len = Memo::new(move |_| read(ed, &n, "/Catch").and_then(|v| v.as_array().map(Vec::len)).unwrap_or(0));
    let n = name.clone();
    let add = move |_| append(ed, &n, "Catch", json!({"ErrorEquals": ["States.ALL"], "ResultPath": "$.error"}));
    let n = name.clone();
    view! {
        <section class="space-y-2" data-testid="catch-editor">
            <h4 class="text-[11px] font-semibold uppercase tracking-wider text-slate-500">"Catch"</h4>
            {move || (0..len.get()).map(|i| {
                let p = |f: &str| format!("/Catch/{i}/{f}");
                view! {
                    <div class="space-y-2 rounded-md border border-red-100 bg-red-50/30 p-3">
                        <div class="flex justify-between"><span class="text-xs font-semibold text-red-800">{format!("Catcher {}", i + 1)}</span><RemoveButton name=n.clone() ptr=format!("/Catch/{i}")/></div>
                        <ErrorsField name=n.clone() ptr=p("ErrorEquals")/>
                        <TextField state=n.clone() ptr=p("ResultPath") label="ResultPath".into() placeholder="$.error"/>
                        <TargetField state=n.clone() ptr=p("Next") label="Then go to".into()/>
                    </div>
                }
            }).collect_view()}
            <button type="button" data-testid="add-catch" class="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50" on:click=add>"+ Catcher"</button>
        </section>
    }
}

/// Appends `item` to the array field `key` (created when missing).
fn append(ed: Editor, name: &str, key: &str, item: Value) {
    let len = read(ed, name, &format!("/{key}")).and_then(|v| v.as_array().map(Vec::len));
    if len.is_none() {
        write(ed, name, &format!("/{key}"), Some(json!([])));
    }
    write(ed, name, &format!("/{key}/{}", len.unwrap_or(0)), Some(item));
    ed.settle();
}

/// `ErrorEquals` as a comma-separated list.
#[component]
fn ErrorsField(name: String, ptr: String) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let (n, p) = (name.clone(), ptr.clone());
    let text = move || {
        read(ed, &n, &p).and_then(|v| v.as_array().map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "))).unwrap_or_default()
    };
    let (n, p) = (name.clone(), ptr.clone());
    let set = move |ev| {
        let list: Vec<Value> = event_target_value(&ev).split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| Value::String(s.into())).collect();
        write(ed, &n, &p, Some(Value::Array(list)));
    };
    view! {
        <Field state=name ptr label="Errors (comma-separated)".into()>
            <input type="text" class=format!("{INPUT} font-mono text-xs") prop:value=text on:change=set/>
        </Field>
    }
}
