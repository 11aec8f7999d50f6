//! Renaming a state: the key keeps its place, and every reference follows — `StartAt`, `Next`,
//! `Default`, Choice rules' `Next` and catchers' `Next` in its scope, and the
//! `{{States.Old.field}}` templates in every string of the definition.

use super::ops;
use serde_json::{Map, Value};

/// Renames state `old` to `new` wherever it is.
pub fn rename_state(def: &mut Value, old: &str, new: &str) -> Result<(), String> {
    let new = new.trim();
    if new.is_empty() {
        return Err("a state name cannot be empty".into());
    }
    if new.chars().count() > engine::validate::MAX_STATE_NAME_CHARS {
        return Err(format!("a state name has at most {} characters", engine::validate::MAX_STATE_NAME_CHARS));
    }
    if old == new {
        return Ok(());
    }
    if ops::all_names(def).iter().any(|n| n == new) {
        return Err(format!("a state named `{new}` already exists"));
    }
    let scope = ops::scope_of(def, old).ok_or_else(|| format!("no state `{old}`"))?;
    let machine = def.pointer_mut(&scope).ok_or("the scope vanished")?;
    rename_in_scope(machine, old, new)?;
    rewrite_templates(def, old, new);
    Ok(())
}

/// Renames within one scope (its States key, StartAt and transitions); templates untouched.
pub fn rename_in_scope(machine: &mut Value, old: &str, new: &str) -> Result<(), String> {
    let obj = machine.as_object_mut().ok_or("the scope is not an object")?;
    if obj.get("StartAt").and_then(Value::as_str) == Some(old) {
        obj.insert("StartAt".into(), Value::String(new.to_string()));
    }
    let states = obj.get_mut("States").and_then(Value::as_object_mut).ok_or("`States` is not an object")?;
    let renamed: Map<String, Value> = std::mem::take(states)
        .into_iter()
        .map(|(k, v)| if k == old { (new.to_string(), v) } else { (k, v) })
        .collect();
    *states = renamed;
    for state in states.values_mut().filter_map(Value::as_object_mut) {
        retarget(state, old, new);
    }
    Ok(())
}

fn retarget(state: &mut Map<String, Value>, old: &str, new: &str) {
    let fix = |v: Option<&mut Value>| {
        if let Some(v) = v {
            if v.as_str() == Some(old) {
                *v = Value::String(new.to_string());
            }
        }
    };
    fix(state.get_mut("Next"));
    fix(state.get_mut("Default"));
    for key in ["Choices", "Catch"] {
        if let Some(items) = state.get_mut(key).and_then(Value::as_array_mut) {
            items.iter_mut().for_each(|item| fix(item.get_mut("Next")));
        }
    }
}

/// Rewrites `{{States.old…}}` (spaces allowed inside the braces) in every string.
pub(super) fn rewrite_templates(value: &mut Value, old: &str, new: &str) {
    match value {
        Value::String(s) if s.contains("{{") => {
            if let Some(fixed) = rewrite(s, old, new) {
                *s = fixed;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_templates(v, old, new)),
        Value::Object(map) => map.values_mut().for_each(|v| rewrite_templates(v, old, new)),
        _ => {}
    }
}

/// `s` with each template naming step `old` renamed, or `None` when there is none.
pub fn rewrite(s: &str, old: &str, new: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let mut changed = false;
    while let Some(open) = rest.find("{{") {
        let (before, after) = rest.split_at(open + 2);
        out.push_str(before);
        let trimmed = after.trim_start();
        out.push_str(&after[..after.len() - trimmed.len()]);
        rest = trimmed;
        if let Some(tail) = rest.strip_prefix("States.").and_then(|t| t.strip_prefix(old)) {
            if tail.starts_with(['.', '[', '}', ' ']) {
                out.push_str("States.");
                out.push_str(new);
                rest = tail;
                changed = true;
            }
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_reference_follows() {
        let mut d = json!({"StartAt": "Old", "States": {
            "Old": {"Type": "Task", "Resource": "f", "Next": "B"},
            "B": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "Old"}], "Default": "Old"},
            "C": {"Type": "Task", "Resource": "g", "Parameters": {"prompt": "Size {{States.Old.size}} and {{ States.Old[0] }} not {{States.Older.x}}"},
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Old"}], "End": true}
        }});
        rename_state(&mut d, "Old", "New").unwrap();
        let keys: Vec<_> = d["States"].as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["New", "B", "C"], "the key keeps its place");
        assert_eq!(d["StartAt"], "New");
        assert_eq!(d["States"]["B"]["Choices"][0]["Next"], "New");
        assert_eq!(d["States"]["B"]["Default"], "New");
        assert_eq!(d["States"]["C"]["Catch"][0]["Next"], "New");
        assert_eq!(d["States"]["C"]["Parameters"]["prompt"], "Size {{States.New.size}} and {{ States.New[0] }} not {{States.Older.x}}");
    }

    #[test]
    fn refuses_taken_empty_and_long_names() {
        let mut d = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}});
        assert!(rename_state(&mut d, "A", "B").is_err());
        assert!(rename_state(&mut d, "A", "  ").is_err());
        assert!(rename_state(&mut d, "A", &"x".repeat(81)).is_err());
        assert!(rename_state(&mut d, "Z", "Y").is_err());
    }
}
