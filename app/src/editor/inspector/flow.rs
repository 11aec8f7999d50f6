//! Pass, Wait, Succeed and Fail: their own fields.

use crate::sync_hydrate::IntoAnySync;
use super::fields::{read, write, Field, JsonField, TextField, INPUT};
use crate::editor::Editor;
use leptos::prelude::*;
use serde_json::Value;

const WAIT_MODES: [&str; 4] = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"];

/// The fields of Pass (Result), Wait (one of four modes) and Fail (Error, Cause).
#[component]
pub fn FlowSection(name: String, type_name: String) -> impl IntoView {
    let s = |x: &str| x.to_string();
    match type_name.as_str() {
        "Pass" => view! { <JsonField state=name ptr=s("/Result") label=s("Result")/> }.into_any_sync(),
        "Wait" => view! { <WaitFields name/> }.into_any_sync(),
        "Fail" => view! {
            <TextField state=name.clone() ptr=s("/Error") label=s("Error") placeholder="Failed"/>
            <TextField state=name.clone() ptr=s("/Cause") label=s("Cause") placeholder="Describe what went wrong"/>
            <TextField state=name.clone() ptr=s("/ErrorPath") label=s("ErrorPath")/>
            <TextField state=name ptr=s("/CausePath") label=s("CausePath")/>
        }
        .into_any_sync(),
        _ => ().into_any_sync(),
    }
}

/// Seconds / Timestamp / SecondsPath / TimestampPath: a mode and its value.
#[component]
fn WaitFields(name: String) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let n = name.clone();
    let mode = move || WAIT_MODES.iter().find(|m| read(ed, &n, &format!("/{m}")).is_some()).unwrap_or(&"Seconds").to_string();
    let n = name.clone();
    let set_mode = move |ev| {
        let new = event_target_value(&ev);
        let current = mode_value(ed, &n);
        for m in WAIT_MODES {
            write(ed, &n, &format!("/{m}"), None);
        }
        let value = match new.as_str() {
            "Seconds" => current.as_ref().and_then(Value::as_u64).map(Value::from).unwrap_or(Value::from(5)),
            "Timestamp" => Value::String("2030-01-01T00:00:00Z".into()),
            _ => Value::String("$.wait".into()),
        };
        write(ed, &n, &format!("/{new}"), Some(value));
        ed.settle();
    };
    let (n, m) = (name.clone(), mode.clone());
    let value = move || super::fields::read_text(ed, &n, &format!("/{}", m()));
    let (n, m) = (name.clone(), mode.clone());
    let set_value = move |ev| {
        let raw = event_target_value(&ev);
        let key = m();
        let v = if key == "Seconds" { serde_json::from_str(&raw).unwrap_or(Value::String(raw)) } else { Value::String(raw) };
        write(ed, &n, &format!("/{key}"), Some(v));
    };
    let m2 = mode.clone();
    view! {
        <Field state=name.clone() ptr=format!("/{}", mode()) label="Wait for".into()>
            <div class="grid grid-cols-[auto_1fr] gap-1.5">
                <select class=INPUT on:change=set_mode>
                    {WAIT_MODES.iter().map(|w| { let m = m2.clone(); view! { <option value=*w selected=move || m() == *w>{*w}</option> } }).collect_view()}
                </select>
                <input type="text" class=format!("{INPUT} font-mono") prop:value=value on:input=set_value on:blur=move |_| ed.settle()/>
            </div>
        </Field>
    }
}

fn mode_value(ed: Editor, name: &str) -> Option<Value> {
    WAIT_MODES.iter().find_map(|m| read(ed, name, &format!("/{m}")))
}
