//! The palette: every ASL state type, and every registered task function (from the server's
//! registry, with its description). A click inserts the new state next to the selected state, as
//! Workflow Studio does: after it (A → New → B), or before a Succeed or Fail, which nothing can
//! follow (see [`ops::insert_state`], also for Choice), so the help text says "next to"; with
//! nothing selected, unconnected; an item dragged onto the canvas lands on the state
//! or arrow it is dropped on ([`super::dnd`]). Either way the new state is selected, and one
//! undo takes it back. [`PaletteStrip`] is the folded palette: the state types as small tiles
//! that click and drag the same way.

use super::dnd::{NewState, PaletteDrag};
use super::{ops, Editor};
use crate::model::FunctionInfo;
use leptos::prelude::*;
use serde_json::{json, Map, Value};

/// ASL state types with a short tag and one line each.
const TYPES: [(&str, &str, &str); 8] = [
    ("Pass", "Pa", "Passes input on, optionally injecting data"),
    ("Task", "Ta", "Calls a function"),
    ("Choice", "Ch", "Branches on rules"),
    ("Wait", "Wa", "Waits for a time or a timestamp"),
    ("Parallel", "Pl", "Runs branches at once"),
    ("Map", "Ma", "Runs steps for every item"),
    ("Succeed", "Su", "Stops successfully"),
    ("Fail", "Fa", "Stops with an error"),
];

/// Click and drag handlers for one palette item.
#[derive(Clone)]
struct Item {
    ed: Editor,
    drag: PaletteDrag,
    new: NewState,
}

/// The editor and the drag they share (the palette outside an editor page cannot drag).
fn context() -> (Editor, PaletteDrag) {
    (expect_context::<Editor>(), use_context::<PaletteDrag>().unwrap_or_default())
}

impl Item {
    fn of((ed, drag): (Editor, PaletteDrag), base: String, state: Value) -> Item {
        Item { ed, drag, new: NewState { base, state } }
    }

    fn click(&self) {
        self.ed.insert(&self.new.base, self.new.state.clone(), &self.ed.click_place());
    }

    fn drag_start(&self, ev: &leptos::ev::DragEvent) {
        self.drag.start(ev, self.new.clone());
    }
}

/// The palette beside the canvas.
#[component]
pub fn Palette(functions: Signal<Vec<FunctionInfo>>) -> impl IntoView {
    let cx = context();
    let item = "flex w-full cursor-grab flex-col rounded-md border border-slate-200 bg-white px-3 py-2 text-left shadow-sm hover:border-sky-400 hover:bg-sky-50 active:cursor-grabbing";
    view! {
        <div data-testid="palette" class="space-y-4 p-3">
            <p class="text-xs text-slate-500">"Click to add next to the selected state, or drag onto a state, an arrow or the canvas."</p>
            <section>
                <h3 class="mb-2 text-[11px] font-semibold uppercase tracking-wider text-slate-500">"States"</h3>
                <div class="space-y-1.5">
                    {TYPES.iter().map(|(t, _, what)| {
                        let t = *t;
                        let it = Item::of(cx, t.to_string(), ops::template(t, None));
                        let (click, start, drag) = (it.clone(), it, cx.1);
                        view! {
                            <button type="button" draggable="true" data-palette=t class=item
                                on:click=move |_| click.click() on:dragstart=move |ev| start.drag_start(&ev) on:dragend=move |_| drag.end()>
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
                        let it = Item::of(cx, title_case(&f.name), ops::template("Task", Some((&f.name, skeleton(&f.schema)))));
                        let (click, start, drag) = (it.clone(), it, cx.1);
                        view! {
                            <button type="button" draggable="true" data-palette-function=f.name.clone() class=item title=f.description.clone()
                                on:click=move |_| click.click() on:dragstart=move |ev| start.drag_start(&ev) on:dragend=move |_| drag.end()>
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

/// The folded palette: one small tile per state type (task functions need the full palette).
#[component]
pub fn PaletteStrip() -> impl IntoView {
    let cx = context();
    view! {
        <div data-testid="palette-strip" class="flex flex-col items-center gap-1.5 py-2">
            {TYPES.iter().map(|(t, tag, what)| {
                let it = Item::of(cx, t.to_string(), ops::template(t, None));
                let (click, start, drag) = (it.clone(), it, cx.1);
                view! {
                    <button type="button" draggable="true" data-palette-mini=*t title=format!("{t}: {what}") aria-label=format!("Add a {t} state")
                        class="h-8 w-8 cursor-grab rounded-md border border-slate-200 bg-white text-[11px] font-semibold text-slate-700 shadow-sm hover:border-sky-400 hover:bg-sky-50"
                        on:click=move |_| click.click() on:dragstart=move |ev| start.drag_start(&ev) on:dragend=move |_| drag.end()>
                        {*tag}
                    </button>
                }
            }).collect_view()}
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
