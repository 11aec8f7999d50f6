//! Copy and paste of states, as in n8n: Ctrl+C on the selected state puts `{"Name": {…}}` on
//! the clipboard as plain ASL JSON (so it can go into another workflow, another tab, or a text
//! editor), and Ctrl+V adds what the clipboard holds: one state, a `{"Name": {…}, …}` map of
//! states, or a whole definition's `States`. Pasted states get free names (names are unique
//! machine-wide, nested ones too), transitions and `{{States.…}}` templates among them follow,
//! and they land in the selected state's scope. One pasted state goes between the selected
//! state and its Next, as a palette add does (`ops::insert_state`); several (or a Choice, whose
//! Default that would replace) are linked after the selected state only when it ends: which of
//! them the chain should continue through is not known.
//! A group's transitions to states that were not copied are kept, so validation marks them
//! until they are connected.
//!
//! The browser's `copy` and `paste` events are used rather than the Clipboard API, which a page
//! served over plain HTTP off loopback is not given; typing in a field and copying selected
//! text keep their usual behaviour.

use super::{ops, rename, Editor};
use serde_json::{json, Map, Value};

/// What a paste without states says.
const NOT_STATES: &str = "The clipboard holds no ASL state: copy a state (Ctrl+C), or a definition's JSON";

/// The selected state as clipboard text: `{"Name": {…}}`, pretty-printed.
pub fn copied(def: &Value, name: &str) -> Option<String> {
    let mut m = Map::new();
    m.insert(name.to_string(), ops::state(def, name)?.clone());
    serde_json::to_string_pretty(&Value::Object(m)).ok()
}

/// The states in clipboard text, in order, and the first (a definition's StartAt).
fn states_of(text: &str) -> Result<(Map<String, Value>, String), String> {
    let v: Value = serde_json::from_str(text.trim()).map_err(|_| NOT_STATES.to_string())?;
    let obj = v.as_object().ok_or(NOT_STATES)?;
    let is_state = |s: &Value| s.get("Type").is_some_and(Value::is_string);
    if is_state(&v) {
        let name = obj["Type"].as_str().unwrap_or("State").to_string();
        return Ok((Map::from_iter([(name.clone(), v.clone())]), name));
    }
    let states = match obj.get("States").and_then(Value::as_object) {
        Some(states) => states,
        None if !obj.is_empty() && obj.values().all(is_state) => obj,
        None => return Err(NOT_STATES.into()),
    };
    let start = obj.get("StartAt").and_then(Value::as_str).filter(|s| states.contains_key(*s));
    let first = start.map(str::to_string).or_else(|| states.keys().next().cloned()).ok_or(NOT_STATES)?;
    Ok((states.clone(), first))
}

/// Adds the states in `text` beside `near` (top level without it); answers with the first
/// one's new name and, for one state put between two, what that cut off (see
/// [`ops::Inserted`]).
pub fn paste(def: &mut Value, text: &str, near: Option<&str>) -> Result<ops::Inserted, String> {
    let (states, first) = states_of(text)?;
    let originals: Vec<String> = states.keys().cloned().collect();
    let mut group = json!({"StartAt": first, "States": states});
    // Through placeholder names first, so a new name never meets a pasted name not yet renamed.
    let placeholder = |i: usize| format!("\u{1}pasted {i}");
    for (i, old) in originals.iter().enumerate() {
        rename::rename_in_scope(&mut group, old, &placeholder(i))?;
        rename::rewrite_templates(&mut group, old, &placeholder(i));
    }
    // A pasted name that is free here stays; one that clashes gets the next free one.
    let here = ops::all_names(def);
    let mut taken = here.clone();
    taken.extend(originals.iter().filter(|o| !here.contains(o)).cloned());
    for (i, old) in originals.iter().enumerate() {
        let new = if here.contains(old) { ops::free_name(old, &taken) } else { old.clone() };
        taken.push(new.clone());
        rename::rename_in_scope(&mut group, &placeholder(i), &new)?;
        rename::rewrite_templates(&mut group, &placeholder(i), &new);
    }
    let first = group["StartAt"].as_str().unwrap_or_default().to_string();
    let mut pasted = match group.get_mut("States").map(Value::take) {
        Some(Value::Object(m)) => m,
        _ => return Err(NOT_STATES.into()),
    };
    for state in pasted.values_mut() {
        ops::free_nested_names(state, &mut taken)?;
    }
    // One state (not a Choice, whose Default would be replaced) goes between the selected state
    // and its Next, as a palette add does.
    if let (1, Some(near)) = (pasted.len(), near.filter(|n| ops::state(def, n).is_some())) {
        if pasted.values().all(|s| s.get("Type").and_then(Value::as_str) != Some("Choice")) {
            let (name, state) = pasted.into_iter().next().ok_or(NOT_STATES)?;
            return ops::insert_state(def, &name, state, &ops::Place::After(near.to_string()));
        }
    }
    let scope = near.and_then(|n| ops::scope_of(def, n)).unwrap_or_default();
    let machine = def.pointer_mut(&scope).and_then(Value::as_object_mut).ok_or("the definition is not a JSON object")?;
    let target = machine.entry("States").or_insert_with(|| json!({})).as_object_mut().ok_or("`States` is not an object")?;
    let was_empty = target.is_empty();
    target.extend(pasted);
    if was_empty || !machine.get("StartAt").is_some_and(Value::is_string) {
        machine.insert("StartAt".into(), Value::String(first.clone()));
    }
    if let Some(near) = near.filter(|n| ops::state(def, n).is_some_and(|s| s.get("End") == Some(&Value::Bool(true)))) {
        ops::set_field(def, near, "End", None)?;
        ops::set_field(def, near, "Next", Some(Value::String(first.clone())))?;
    }
    Ok(ops::Inserted { name: first, cut_off: Vec::new() })
}

/// Page-wide `copy` and `paste` handlers for the editor's states (browser only).
pub fn listen(ed: Editor) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::*;
        use wasm_bindgen::JsCast;
        // Typing in a field, or copying text the user selected, is left to the browser.
        let in_field = |ev: &web_sys::Event| {
            ev.target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
        };
        let text_selected = || window().get_selection().ok().flatten().is_some_and(|s| !s.is_collapsed());
        let copy = window_event_listener(leptos::ev::copy, move |ev| {
            if in_field(&ev) || text_selected() {
                return;
            }
            let Some(name) = ed.selected.get_untracked() else { return };
            let (Some(text), Some(data)) = (ed.def.with_untracked(|d| copied(d, &name)), ev.clipboard_data()) else { return };
            if data.set_data("text/plain", &text).is_ok() {
                ev.prevent_default();
                ed.notice.set(None);
            }
        });
        let paste_handle = window_event_listener(leptos::ev::paste, move |ev| {
            if in_field(&ev) {
                return;
            }
            let Some(text) = ev.clipboard_data().and_then(|d| d.get_data("text/plain").ok()) else { return };
            ev.prevent_default();
            ed.paste(&text);
        });
        on_cleanup(move || {
            copy.remove();
            paste_handle.remove();
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ed;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def() -> Value {
        json!({"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Next": "B"},
            "B": {"Type": "Task", "Resource": "echo", "Parameters": {"p": "{{States.A.x}}"}, "End": true}}})
    }

    #[test]
    fn a_copied_state_pastes_under_a_free_name_after_the_selection() {
        let mut d = def();
        let text = copied(&d, "B").unwrap();
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), json!({"B": d["States"]["B"]}));
        let first = paste(&mut d, &text, Some("B")).unwrap();
        assert_eq!(first.name, "B 2");
        assert_eq!(d["States"]["B"], json!({"Type": "Task", "Resource": "echo", "Parameters": {"p": "{{States.A.x}}"}, "Next": "B 2"}));
        assert_eq!(d["States"]["B 2"]["End"], json!(true));
    }

    #[test]
    fn one_pasted_state_goes_between_the_selected_state_and_its_next() {
        let mut d = def();
        let text = json!({"Wait": {"Type": "Wait", "Seconds": 1, "Next": "Elsewhere"}}).to_string();
        assert_eq!(paste(&mut d, &text, Some("A")).unwrap().name, "Wait");
        assert_eq!(d["States"]["A"]["Next"], "Wait");
        assert_eq!(d["States"]["Wait"], json!({"Type": "Wait", "Seconds": 1, "Next": "B"}));
        assert_eq!(d["States"].as_object().unwrap().keys().collect::<Vec<_>>(), ["A", "Wait", "B"], "beside A in the JSON");
    }

    #[test]
    fn a_pasted_fail_mid_chain_reports_what_it_cut_off() {
        let mut d = def();
        let new = paste(&mut d, r#"{"Stop": {"Type": "Fail"}}"#, Some("A")).unwrap();
        assert_eq!((d["States"]["A"]["Next"].as_str(), &new.cut_off[..]), (Some("Stop"), &["B".to_string()][..]));
        assert!(new.notice().is_some_and(|n| n.contains("“B”")));
    }

    #[test]
    fn a_pasted_group_keeps_its_links_and_templates_among_itself() {
        let mut d = def();
        // A whole definition from elsewhere, whose names clash with these and with each other's
        // new names ("A 2" exists in the group already).
        let other = json!({"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Next": "A 2"},
            "A 2": {"Type": "Task", "Resource": "echo", "Parameters": {"v": "{{States.A.y}}"}, "Next": "Elsewhere"},
            "P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}]}}});
        let first = paste(&mut d, &other.to_string(), None).unwrap();
        assert_eq!(first.name, "A 3");
        let s = &d["States"];
        assert_eq!(s["A 3"]["Next"], "A 2");
        assert_eq!(s["A 2"]["Parameters"]["v"], "{{States.A 3.y}}");
        // A transition to a state that was not copied stays, for validation to point out.
        assert_eq!(s["A 2"]["Next"], "Elsewhere");
        // The nested state named like an existing one is renamed too.
        assert_eq!(s["P"]["Branches"][0]["StartAt"], "B 2");
        assert_eq!(d["StartAt"], "A");
        assert_eq!(s["A"], def()["States"]["A"]);
    }

    #[test]
    fn one_bare_state_is_named_after_its_type_and_other_text_is_refused() {
        let mut d = json!({"States": {}});
        assert_eq!(paste(&mut d, r#"{"Type": "Wait", "Seconds": 3, "End": true}"#, None).unwrap().name, "Wait");
        assert_eq!(d["StartAt"], "Wait");
        for junk in ["hello", "[1, 2]", r#"{"a": 1}"#, "{}"] {
            assert_eq!(paste(&mut d, junk, None).unwrap_err(), NOT_STATES, "{junk}");
        }
    }
}
