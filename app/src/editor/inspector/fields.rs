//! Form fields bound to one value of the selected state, addressed by a JSON pointer below the
//! state (`/Parameters/prompt`, `/Choices/0/Next`). Each reads the definition reactively, writes
//! through [`Editor::apply`] (typing in one field is one undo step) and shows the validation
//! problems that point at it.

use crate::editor::{ops, Editor};
use leptos::prelude::*;
use serde_json::{Map, Value};

/// Input styling shared by the inspector.
pub const INPUT: &str = "w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm focus:border-sky-500 focus:outline-none focus:ring-2 focus:ring-sky-200";

/// The value at `ptr` below state `state`.
pub fn read(ed: Editor, state: &str, ptr: &str) -> Option<Value> {
    ed.def.with(|d| {
        let base = ops::state_pointer(d, state)?;
        d.pointer(&format!("{base}{ptr}")).cloned()
    })
}

/// The value at `ptr` below `state` as a field shows it: a string as itself, anything else as
/// JSON, nothing as empty.
pub fn read_text(ed: Editor, state: &str, ptr: &str) -> String {
    read(ed, state, ptr).map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())).unwrap_or_default()
}

/// Sets (or with `None` removes) the value at `ptr` below `state`.
pub fn write(ed: Editor, state: &str, ptr: &str, value: Option<Value>) {
    ed.apply(&format!("{state}{ptr}"), |d| ops::set_at(d, state, ptr, value));
}

/// Sets (or with `None` removes) the value at `ptr` below state `state`, creating the objects on
/// the way, and removing the objects that the removal left empty (up to, not including, the
/// state itself and `ItemProcessor`, which is never empty in a valid Map).
pub fn set_nested(def: &mut Value, state: &str, ptr: &str, value: Option<Value>) -> Result<(), String> {
    let base = ops::state_pointer(def, state).ok_or_else(|| format!("no state “{state}”"))?;
    let keys: Vec<&str> = ptr.trim_start_matches('/').split('/').collect();
    let (last, parents) = keys.split_last().ok_or("empty field pointer")?;
    let root = def.pointer_mut(&base).and_then(Value::as_object_mut).ok_or_else(|| format!("state “{state}” is not an object"))?;
    match value {
        Some(v) => {
            let mut obj: &mut Map<String, Value> = root;
            for key in parents {
                let slot = obj.entry(key.to_string()).or_insert_with(|| Value::Object(Map::new()));
                obj = slot.as_object_mut().ok_or_else(|| format!("{key} is not an object"))?;
            }
            obj.insert(last.to_string(), v);
            Ok(())
        }
        None => {
            remove_pruning(root, &keys);
            Ok(())
        }
    }
}

/// Removes `keys` (a path) from `obj`; a parent left empty goes too, except `ItemProcessor`.
/// Returns whether `obj` is now empty.
fn remove_pruning(obj: &mut Map<String, Value>, keys: &[&str]) -> bool {
    match keys {
        [] => {}
        [key] => {
            obj.shift_remove(*key);
        }
        [key, rest @ ..] => {
            let emptied = obj.get_mut(*key).and_then(Value::as_object_mut).is_some_and(|child| remove_pruning(child, rest));
            if emptied && *key != "ItemProcessor" {
                obj.shift_remove(*key);
            }
        }
    }
    obj.is_empty()
}

/// Problems whose pointer is this field's or below it.
fn field_problems(ed: Editor, state: &str, ptr: &str) -> Vec<String> {
    let Some(base) = ed.def.with(|d| ops::state_pointer(d, state)) else { return Vec::new() };
    let full = format!("{base}{ptr}");
    ed.problems.with(|ps| {
        ps.iter().filter(|p| p.path == full || p.path.starts_with(&format!("{full}/"))).map(|p| p.message.clone()).collect()
    })
}

/// A label, the control, and the field's problems under it.
#[component]
pub fn Field(state: String, ptr: String, label: String, children: Children) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let (s, p) = (state.clone(), ptr.clone());
    let problems = move || field_problems(ed, &s, &p);
    view! {
        <label class="block" data-field=ptr.clone()>
            <span class="mb-1 block text-[11px] font-semibold uppercase tracking-wider text-slate-500">{label}</span>
            {children()}
            {move || problems().into_iter().map(|m| view! { <span class="mt-1 block text-xs text-red-700" data-field-problem="">{m}</span> }).collect_view()}
        </label>
    }
}

/// A string field; empty removes it.
#[component]
pub fn TextField(state: String, ptr: String, label: String, #[prop(optional)] placeholder: &'static str) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let (s, p) = (state.clone(), ptr.clone());
    let value = move || read_text(ed, &s, &p);
    let (s, p) = (state.clone(), ptr.clone());
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        write(ed, &s, &p, (!text.is_empty()).then(|| Value::String(text)));
    };
    view! {
        <Field state ptr label>
            <input type="text" class=INPUT placeholder=placeholder prop:value=value on:input=on_input on:blur=move |_| ed.settle()/>
        </Field>
    }
}

/// A number field; empty removes it. `nested`: the value sits below an object that may not
/// exist yet (`/ItemBatcher/MaxItemsPerBatch`), created with the first value and removed with
/// the last ([`set_nested`]).
#[component]
pub fn NumberField(state: String, ptr: String, label: String, #[prop(optional)] nested: bool) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let (s, p) = (state.clone(), ptr.clone());
    let value = move || read(ed, &s, &p).map(|v| v.to_string()).unwrap_or_default();
    let (s, p) = (state.clone(), ptr.clone());
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        let parsed = serde_json::from_str::<Value>(text.trim()).ok().filter(Value::is_number);
        let value = match (text.trim().is_empty(), parsed) {
            (true, _) => None,
            (false, Some(n)) => Some(n),
            (false, None) => return,
        };
        if nested {
            ed.apply(&format!("{s}{p}"), |d| set_nested(d, &s, &p, value));
        } else {
            write(ed, &s, &p, value);
        }
    };
    view! {
        <Field state ptr label>
            <input type="number" step="any" class=INPUT prop:value=value on:input=on_input on:blur=move |_| ed.settle()/>
        </Field>
    }
}

/// Any JSON value as text; applied when it parses, empty removes it.
#[component]
pub fn JsonField(state: String, ptr: String, label: String, #[prop(optional)] rows: Option<u32>) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let error = RwSignal::new(None::<String>);
    let (s, p) = (state.clone(), ptr.clone());
    let value = move || read(ed, &s, &p).map(|v| serde_json::to_string_pretty(&v).unwrap_or_default()).unwrap_or_default();
    let (s, p) = (state.clone(), ptr.clone());
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        if text.trim().is_empty() {
            error.set(None);
            return write(ed, &s, &p, None);
        }
        match serde_json::from_str::<Value>(&text) {
            Ok(v) => {
                error.set(None);
                write(ed, &s, &p, Some(v));
            }
            Err(e) => error.set(Some(format!("Not JSON yet: {e}"))),
        }
    };
    view! {
        <Field state ptr label>
            <textarea rows=rows.unwrap_or(4) spellcheck="false" class=format!("{INPUT} font-mono text-xs") prop:value=value on:input=on_input on:blur=move |_| ed.settle()></textarea>
            {move || error.get().map(|e| view! { <span class="mt-1 block text-xs text-amber-700">{e}</span> })}
        </Field>
    }
}

/// A transition target among the states of the same scope; "—" removes the field.
#[component]
pub fn TargetField(state: String, ptr: String, label: String) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let (s, p) = (state.clone(), ptr.clone());
    let current = move || read(ed, &s, &p).and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let current_value = current.clone();
    let s = state.clone();
    let options = move || ed.def.with(|d| ops::siblings(d, &s));
    let (s, p) = (state.clone(), ptr.clone());
    let on_change = move |ev| {
        let v = event_target_value(&ev);
        write(ed, &s, &p, (!v.is_empty()).then(|| Value::String(v)));
        ed.settle();
    };
    view! {
        <Field state ptr label>
            <select class=INPUT on:change=on_change prop:value=current_value>
                <option value="">"—"</option>
                {move || { let cur = current(); options().into_iter().map(|n| {
                    let sel = n == cur;
                    view! { <option value=n.clone() selected=sel>{n.clone()}</option> }
                }).collect_view() }}
            </select>
        </Field>
    }
}

/// `Next` or `End`: a select of the scope's states plus "End here".
#[component]
pub fn NextField(state: String) -> impl IntoView {
    let ed = expect_context::<Editor>();
    let s = state.clone();
    let current = move || {
        let next = read(ed, &s, "/Next").and_then(|v| v.as_str().map(str::to_string));
        next.unwrap_or_else(|| if read(ed, &s, "/End") == Some(Value::Bool(true)) { "\u{0}end".into() } else { String::new() })
    };
    let current_value = current.clone();
    let c = current.clone();
    let is_end = move || c() == "\u{0}end";
    let s = state.clone();
    let options = move || ed.def.with(|d| ops::siblings(d, &s));
    let s = state.clone();
    let me = state.clone();
    let on_change = move |ev| {
        let v = event_target_value(&ev);
        let name = s.clone();
        ed.apply("", |d| {
            ops::set_field(d, &name, "Next", None)?;
            ops::set_field(d, &name, "End", None)?;
            match v.as_str() {
                "" => Ok(()),
                "\u{0}end" => ops::set_field(d, &name, "End", Some(Value::Bool(true))),
                target => ops::set_field(d, &name, "Next", Some(Value::String(target.to_string()))),
            }
        });
    };
    view! {
        <Field state=state.clone() ptr="/Next".to_string() label="Next".to_string()>
            <select class=INPUT data-testid="next-select" on:change=on_change prop:value=current_value>
                <option value="">"— not connected —"</option>
                <option value="\u{0}end" selected=is_end>"End here"</option>
                {move || { let cur = current(); options().into_iter().filter(|n| *n != me).map(|n| {
                    let sel = n == cur;
                    view! { <option value=n.clone() selected=sel>{n.clone()}</option> }
                }).collect_view() }}
            </select>
        </Field>
    }
}
