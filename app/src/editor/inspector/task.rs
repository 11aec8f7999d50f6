//! Task: the function (`Resource`) from the registry or typed in, its parameters as a form
//! generated from the function's JSON Schema, and the timeouts.

use crate::sync_hydrate::IntoAnySync;
use super::fields::{read, read_text, write, Field, NumberField, INPUT};
use crate::editor::Editor;
use crate::model::FunctionInfo;
use leptos::prelude::*;
use serde_json::Value;

/// Resource, parameter form, timeouts.
#[component]
pub fn TaskSection(name: String, functions: Signal<Vec<FunctionInfo>>) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let n = name.clone();
    let resource = Memo::new(move |_| read(ed, &n, "/Resource").and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default());
    let n = name.clone();
    let set_resource = move |ev| write(ed, &n, "/Resource", Some(Value::String(event_target_value(&ev))));
    let schema = Memo::new(move |_| functions.with(|fs| fs.iter().find(|f| f.name == resource.get()).map(|f| f.schema.clone())));
    let n = name.clone();
    let form = move || schema.get().map(|s| view! { <SchemaForm name=n.clone() schema=s/> });
    let s = |x: &str| x.to_string();
    view! {
        <Field state=name.clone() ptr=s("/Resource") label=s("Function (Resource)")>
            <input type="text" list="wfm-functions" data-testid="resource" class=format!("{INPUT} font-mono") prop:value=resource on:input=set_resource on:blur=move |_| ed.settle()/>
            <datalist id="wfm-functions">
                {move || functions.get().into_iter().map(|f| view! { <option value=f.name.clone()>{f.description.clone()}</option> }).collect_view()}
            </datalist>
        </Field>
        {form}
        <div class="grid grid-cols-2 gap-3">
            <NumberField state=name.clone() ptr=s("/TimeoutSeconds") label=s("Timeout (s)")/>
            <NumberField state=name.clone() ptr=s("/HeartbeatSeconds") label=s("Heartbeat (s)")/>
        </div>
    }
}

/// One input per property of the function's parameter schema, bound to `Parameters.<prop>`.
#[component]
fn SchemaForm(name: String, schema: Value) -> impl IntoView {
    let props: Vec<(String, Value)> = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    let required: Vec<String> =
        schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(|v| v.as_str().map(str::to_string)).collect();
    view! {
        <fieldset class="space-y-3 rounded-md border border-sky-100 bg-sky-50/40 p-3" data-testid="parameter-form">
            <legend class="px-1 text-[11px] font-semibold uppercase tracking-wider text-sky-800">"Parameters"</legend>
            {props.into_iter().map(|(key, prop)| {
                let label = if required.contains(&key) { format!("{key} *") } else { key.clone() };
                view! { <PropertyInput name=name.clone() key label prop/> }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn PropertyInput(name: String, key: String, label: String, prop: Value) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let ptr = format!("/Parameters/{}", crate::editor::ops::escape(&key));
    let help = prop.get("description").and_then(Value::as_str).map(str::to_string);
    let kind = prop.get("type").and_then(Value::as_str).unwrap_or("string").to_string();
    let options: Vec<String> = prop.get("enum").and_then(Value::as_array).into_iter().flatten().map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())).collect();
    let (n, p) = (name.clone(), ptr.clone());
    let text = move || read_text(ed, &n, &p);
    let (n, p, k) = (name.clone(), ptr.clone(), kind.clone());
    let set = move |raw: String| {
        let ensure = read(ed, &n, "/Parameters").is_some_and(|v| v.is_object());
        if !ensure {
            write(ed, &n, "/Parameters", Some(Value::Object(Default::default())));
        }
        let value = match k.as_str() {
            _ if raw.is_empty() => None,
            "integer" | "number" | "boolean" | "object" | "array" => serde_json::from_str(&raw).ok().or(Some(Value::String(raw))),
            _ => Some(Value::String(raw)),
        };
        write(ed, &n, &p, value);
    };
    // The parameter's value as a path or intrinsic (`"<key>.$"`), which the state resolves at
    // run time: shown and edited as such, instead of an empty field.
    let path_ptr = format!("/Parameters/{}", crate::editor::ops::escape(&format!("{key}.$")));
    let (n, pp) = (name.clone(), path_ptr.clone());
    let is_path = Memo::new(move |_| read(ed, &n, &pp).is_some());
    let (n, pp) = (name.clone(), path_ptr.clone());
    let path_text = move || read_text(ed, &n, &pp);
    let (n, pp) = (name.clone(), path_ptr);
    let set_path = move |raw: String| write(ed, &n, &pp, (!raw.is_empty()).then_some(Value::String(raw)));
    let plain = move || if !options.is_empty() {
        let set = set.clone();
        let text = text.clone();
        // No value means the function's default: an empty choice says so, rather than
        // showing the first option as if it were set.
        let unset = { let t = text.clone(); move || t().is_empty() };
        view! {
            <select class=INPUT on:change=move |ev| set(event_target_value(&ev))>
                <option value="" selected=unset>"— default —"</option>
                {options.clone().into_iter().map(|o| { let t = text.clone(); let (v, shown, o2) = (o.clone(), o.clone(), o); let sel = move || t() == o2; view! { <option value=v selected=sel>{shown}</option> } }).collect_view()}
            </select>
        }.into_any_sync()
    } else if kind == "boolean" {
        let (set, text) = (set.clone(), text.clone());
        view! { <input type="checkbox" class="h-4 w-4" prop:checked=move || text() == "true" on:change=move |ev| set(event_target_checked(&ev).to_string())/> }.into_any_sync()
    } else {
        let (set, text) = (set.clone(), text.clone());
        let multiline = prop.get("format").and_then(Value::as_str) == Some("textarea") || matches!(kind.as_str(), "object" | "array") || key.contains("prompt");
        if multiline {
            view! { <textarea rows="3" class=format!("{INPUT} font-mono text-xs") prop:value=text on:input=move |ev| set(event_target_value(&ev)) on:blur=move |_| ed.settle()></textarea> }.into_any_sync()
        } else {
            view! { <input type="text" class=INPUT prop:value=text on:input=move |ev| set(event_target_value(&ev)) on:blur=move |_| ed.settle()/> }.into_any_sync()
        }
    };
    let control = move || if is_path.get() {
        let (set_path, path_text) = (set_path.clone(), path_text.clone());
        view! {
            <div class="flex items-center gap-2">
                <input type="text" data-testid="parameter-path" class=format!("{INPUT} font-mono text-xs") prop:value=path_text on:input=move |ev| set_path(event_target_value(&ev)) on:blur=move |_| ed.settle()/>
                <span title="A path or intrinsic function (the parameter's name ends in .$): its value is taken from the state's input or context when the state runs"
                    class="shrink-0 rounded bg-violet-100 px-1.5 py-0.5 font-mono text-[10px] font-semibold text-violet-800">".$"</span>
            </div>
        }.into_any_sync()
    } else {
        plain()
    };
    view! {
        <Field state=name ptr label>
            {control}
            {help.map(|h| view! { <span class="mt-0.5 block text-xs text-slate-500">{h}</span> })}
        </Field>
    }
}
