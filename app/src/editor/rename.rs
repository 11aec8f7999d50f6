//! Renaming a state: the key keeps its place, and every reference follows — `StartAt`, `Next`,
//! `Default`, Choice rules' `Next` and catchers' `Next` in its scope, and the
//! `{{States.Old.field}}` templates in every string of the definition. And what the inspector's
//! name field shows after an edit ([`end_name_edit`]).

use super::ops;
use serde_json::{Map, Value};

/// Why a state cannot take a name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenameError {
    /// Nothing but whitespace.
    #[error("a state name cannot be empty")]
    Empty,
    /// Longer than ASL allows.
    #[error("a state name has at most {} characters", engine::validate::MAX_STATE_NAME_CHARS)]
    TooLong,
    /// Tabs, line breaks and other control characters: invisible in the graph and not typable
    /// back into the one-line name field (AWS's names for machines and executions refuse them
    /// too).
    #[error("a state name cannot contain control characters such as tabs or line breaks")]
    ControlCharacter,
    /// Another state (anywhere in the machine: names are unique machine-wide) has it.
    #[error("a state named “{0}” already exists")]
    Taken(String),
    /// The state to rename is not there (any more).
    #[error("no state “{0}”")]
    NoSuchState(String),
    /// The definition around the state is not shaped as ASL.
    #[error("{0}")]
    Malformed(String),
}

/// The name `new` is as `old`'s new name (trimmed), or why `old` cannot take it. Its own name
/// is always allowed.
pub fn check_name(def: &Value, old: &str, new: &str) -> Result<String, RenameError> {
    let new = new.trim();
    if new.is_empty() {
        return Err(RenameError::Empty);
    }
    if new.chars().count() > engine::validate::MAX_STATE_NAME_CHARS {
        return Err(RenameError::TooLong);
    }
    if new.chars().any(char::is_control) {
        return Err(RenameError::ControlCharacter);
    }
    if old != new && ops::all_names(def).iter().any(|n| n == new) {
        return Err(RenameError::Taken(new.to_string()));
    }
    Ok(new.to_string())
}

/// Renames state `old` to `new` wherever it is.
pub fn rename_state(def: &mut Value, old: &str, new: &str) -> Result<(), RenameError> {
    let new = check_name(def, old, new)?;
    if old == new {
        return Ok(());
    }
    let scope = ops::scope_of(def, old).ok_or_else(|| RenameError::NoSuchState(old.to_string()))?;
    let machine = def.pointer_mut(&scope).ok_or_else(|| RenameError::Malformed("the scope vanished".into()))?;
    rename_in_scope(machine, old, &new).map_err(RenameError::Malformed)?;
    rewrite_templates(def, old, &new);
    Ok(())
}

/// How an edit of the inspector's name field ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldEnd {
    /// Enter: apply the name.
    Enter,
    /// The field lost the focus: apply the name.
    Blur,
    /// Escape: drop the edit.
    Escape,
}

/// What the name field does when an edit of it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldOutcome {
    /// The text the field shows now.
    pub text: String,
    /// The name to rename the state to, when there is one to apply.
    pub rename: Option<String>,
    /// Why the typed name was refused, to show beside the field.
    pub refusal: Option<String>,
}

/// The name field after an edit of state `current` to `typed` ends, as in Workflow Studio: an
/// allowed name is applied; a refused one is said beside the field, which shows the state's
/// real name again once it is left (or on Escape), so the field never disagrees with the
/// graph. Only right after Enter does the refused text stay, with the state's real name in the
/// message, to be corrected in place or put back with Escape. Escape drops the edit.
pub fn end_name_edit(def: &Value, current: &str, typed: &str, end: FieldEnd) -> FieldOutcome {
    let real = |refusal| FieldOutcome { text: current.to_string(), rename: None, refusal };
    if end == FieldEnd::Escape {
        return real(None);
    }
    match check_name(def, current, typed) {
        Ok(new) if new == current => real(None),
        Ok(new) => FieldOutcome { text: new.clone(), rename: Some(new), refusal: None },
        Err(e) if end == FieldEnd::Enter => FieldOutcome {
            text: typed.to_string(),
            rename: None,
            refusal: Some(format!("Not renamed: {e}. The state is still “{current}” (Esc puts it back).")),
        },
        Err(e) => real(Some(format!("Not renamed: {e}. The state is still “{current}”."))),
    }
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

/// The name `name` has in `after` when the change from `before` renamed it: it is gone and
/// exactly one name is new (an undo or redo of a rename).
pub fn renamed(before: &[String], after: &[String], name: &str) -> Option<String> {
    if after.iter().any(|n| n == name) || !before.iter().any(|n| n == name) {
        return None;
    }
    let gone = before.iter().filter(|n| !after.contains(n)).count();
    let mut came = after.iter().filter(|n| !before.contains(n));
    match (gone, came.next(), came.next()) {
        (1, Some(new), None) => Some(new.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_undone_rename_is_followed_and_other_changes_are_not() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (renamed_to, before) = (names(&["A", "Start", "C"]), names(&["A", "First", "C"]));
        assert_eq!(renamed(&renamed_to, &before, "Start"), Some("First".into()), "undo of First → Start");
        assert_eq!(renamed(&before, &renamed_to, "First"), Some("Start".into()), "its redo");
        assert_eq!(renamed(&before, &names(&["A", "C"]), "First"), None, "deleted, not renamed");
        assert_eq!(renamed(&before, &names(&["A", "C", "X", "Y"]), "First"), None, "two new names: which is unknown");
        assert_eq!(renamed(&before, &names(&["A", "First", "C", "N"]), "First"), None, "still there");
    }
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
    fn refuses_taken_empty_long_and_control_character_names() {
        let mut d = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}});
        let before = d.clone();
        assert_eq!(rename_state(&mut d, "A", "B"), Err(RenameError::Taken("B".into())));
        assert_eq!(rename_state(&mut d, "A", "  "), Err(RenameError::Empty));
        assert_eq!(rename_state(&mut d, "A", &"x".repeat(81)), Err(RenameError::TooLong));
        assert_eq!(rename_state(&mut d, "A", "Tab\there"), Err(RenameError::ControlCharacter));
        assert_eq!(rename_state(&mut d, "Z", "Y"), Err(RenameError::NoSuchState("Z".into())));
        assert_eq!(d, before, "a refused rename changes nothing");
        rename_state(&mut d, "A", "  A2 ").unwrap();
        assert_eq!(d["StartAt"], "A2", "names are trimmed");
    }

    fn two_states() -> Value {
        json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}})
    }

    /// Leaving the field after a refused name puts the state's real name back in it, the
    /// refusal still said beside it (the field showed the refused text, disagreeing with the
    /// graph).
    #[test]
    fn a_refused_name_gives_way_to_the_real_one_when_the_field_is_left() {
        let d = two_states();
        let long = "x".repeat(81);
        for typed in ["B", "", "   ", long.as_str(), "Tab\there"] {
            let out = end_name_edit(&d, "A", typed, FieldEnd::Blur);
            assert_eq!((out.text.as_str(), out.rename.as_deref()), ("A", None), "{typed:?}");
            let refusal = out.refusal.unwrap_or_default();
            assert!(refusal.starts_with("Not renamed: ") && refusal.contains("still “A”"), "{refusal}");
        }
        let out = end_name_edit(&d, "A", "B", FieldEnd::Blur);
        assert!(out.refusal.unwrap().contains("a state named “B” already exists"));
    }

    /// Enter on a refused name keeps the text to correct, says why and what the real name is;
    /// Escape then puts the real name back and the refusal goes.
    #[test]
    fn enter_keeps_a_refused_name_to_correct_and_escape_puts_the_real_one_back() {
        let d = two_states();
        let out = end_name_edit(&d, "A", "B", FieldEnd::Enter);
        assert_eq!((out.text.as_str(), out.rename.as_deref()), ("B", None));
        assert!(out.refusal.unwrap().contains("(Esc puts it back)"));
        let out = end_name_edit(&d, "A", "B", FieldEnd::Escape);
        assert_eq!(out, FieldOutcome { text: "A".into(), rename: None, refusal: None });
        let out = end_name_edit(&d, "A", "Renamed", FieldEnd::Escape);
        assert_eq!(out.text, "A", "Escape drops any edit");
    }

    #[test]
    fn an_allowed_name_is_applied_trimmed_and_the_same_name_is_no_rename() {
        let d = two_states();
        let out = end_name_edit(&d, "A", " Start ", FieldEnd::Enter);
        assert_eq!(out, FieldOutcome { text: "Start".into(), rename: Some("Start".into()), refusal: None });
        assert_eq!(end_name_edit(&d, "A", "Start", FieldEnd::Blur).rename.as_deref(), Some("Start"));
        assert_eq!(end_name_edit(&d, "A", " A ", FieldEnd::Blur), FieldOutcome { text: "A".into(), rename: None, refusal: None });
    }
}
