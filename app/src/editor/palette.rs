//! The palette: every ASL state type, and every registered task function (from the server's
//! registry, with its description). A click adds the state into the selected state's scope
//! and, when the selected state ends there, links it after; otherwise the new state stands
//! alone until connected by dragging.

use super::{ops, Editor};
use crate::model::FunctionInfo;
use leptos::prelude::*;
use serde_json::{json, Map, Value};

/// ASL state types with one line each.
const TYPES: [(&str, &str); 8] = [
    ("Pass", "Passes input on, optionally injecting data"),
    ("Task", "Calls a function"),
    ("Choice", "Branches on rules"),
    ("Wait", "Waits for a time or a timestamp"),
    ("Parallel", "Runs branches at once"),
    ("Map", "Runs steps for every item"),
    ("Succeed", "Stops successfully"),
    ("Fail", "Stops with an error"),
];

/// The palette beside the canvas.
#[component]
pub fn Palette(functions: Signal<Vec<FunctionInfo>>) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let add = move |base: String, state: Value| {
        let near = ed.selected.get_untracked();
        if let Some(name) = ed.apply("", |d| ops::add_state(d, &base, state, near.as_deref())) {
            ed.selected.set(Some(name));
        }
    };
    let item = "flex w-full flex-col rounded-md border border-slate-200 bg-white px-3 py-2 text-left shadow-sm hover:border-sky-400 hover:bg-sky-50";
    view! {
        <div data-testid="palette" class="space-y-4 p-3">
            <section>
                <h3 class="mb-2 text-[11px] font-semibold uppercase tracking-wider text-slate-500">"States"</h3>
                <div class="space-y-1.5">
                    {TYPES.iter().map(|(t, what)| {
                        let t = *t;
                        view! {
                            <button type="button" data-palette=t class=item on:click=move |_| add(t.to_string(), ops::template(t, None))>
                                <span class="text-sm font-semibold text-slate-800">{t}</span>
                                <span class="text-xs text-slate-500">{*what}</span>
                            </button>
                        }
                    }).collect_view()}
                </div>
            </section>
            <section>
                <h3 class="mb-2 text-[11px] font-semibold uppercase tracking-wider text-slate-500">"Task functions"</h3>
                <div class="space-y-1.5">
                    {move || functions.get().into_iter().map(|f| {
                        let (name, schema) = (f.name.clone(), f.schema.clone());
                        view! {
                            <button type="button" data-palette-function=f.name.clone() class=item title=f.description.clone()
                                on:click=move |_| add(title_case(&name), ops::template("Task", Some((&name, skeleton(&schema)))))>
                                <span class="font-mono text-xs font-semibold text-sky-800">{f.name.clone()}</span>
                                <span class="line-clamp-2 text-xs text-slate-500">{f.description.clone()}</span>
                            </button>
                        }
                    }).collect_view()}
                </div>
            </section>
        </div>
    }
}

/// `get_table_count` → `Get table count` (a state name people read).
fn title_case(function: &str) -> String {
    let spaced = function.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    // ASCII only: Unicode case mapping would bring its 24 KB of tables into the wasm.
    chars.next().map(|c| std::iter::once(c.to_ascii_uppercase()).chain(chars).collect()).unwrap_or_default()
}

/// Parameters with every required property of `schema` set to its default or an empty value.
pub fn skeleton(schema: &Value) -> Value {
    let props = schema.get("properties").and_then(Value::as_object);
    let required: Vec<&str> = schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let mut out = Map::new();
    for (key, prop) in props.into_iter().flatten() {
        if !required.contains(&key.as_str()) {
            continue;
        }
        let value = prop.get("default").cloned().unwrap_or_else(|| empty_of(prop));
        out.insert(key.clone(), value);
    }
    Value::Object(out)
}

/// An empty value of a property's JSON Schema type.
pub fn empty_of(prop: &Value) -> Value {
    if let Some(first) = prop.get("enum").and_then(Value::as_array).and_then(|e| e.first()) {
        return first.clone();
    }
    match prop.get("type").and_then(Value::as_str) {
        Some("integer") | Some("number") => json!(0),
        Some("boolean") => json!(false),
        Some("array") => json!([]),
        Some("object") => json!({}),
        _ => json!(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skeleton_fills_required_properties() {
        let schema = json!({"type": "object", "required": ["prompt", "provider"], "properties": {
            "prompt": {"type": "string"}, "provider": {"enum": ["openai", "anthropic"]}, "max_tokens": {"type": "integer"}}});
        assert_eq!(skeleton(&schema), json!({"prompt": "", "provider": "openai"}));
        assert_eq!(title_case("get_table_count"), "Get table count");
    }
}
