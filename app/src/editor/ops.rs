//! Edits of the definition as JSON (`serde_json::Value`, key order kept): find a state in any
//! scope, add one ([`insert_state`]: alone, after a state, on an arrow), connect, delete, set a
//! field. Pure functions, so they are tested without a browser; the editor applies them through
//! [`super::Editor::apply`] (which records undo).

use serde_json::{json, Map, Value};

mod insert;
mod reach;
pub use insert::{insert_state, Inserted, Place, Preview, Via};

/// Where a dragged arrow starts: which field of the source state it sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handle {
    /// `Next` (and drops `End`).
    Next,
    /// A Choice state's `Default`.
    Default,
    /// The `Next` of Choice rule `i`.
    Rule(usize),
    /// A new Choice rule (condition to be filled in the inspector).
    NewRule,
    /// A new catcher for `States.ALL`.
    NewCatch,
}

impl Handle {
    /// The handle's id in the DOM (`data-handle`).
    pub fn id(self) -> String {
        match self {
            Handle::Next => "next".into(),
            Handle::Default => "default".into(),
            Handle::Rule(i) => format!("rule-{i}"),
            Handle::NewRule => "new-rule".into(),
            Handle::NewCatch => "catch".into(),
        }
    }

    /// Parses [`Handle::id`].
    pub fn parse(id: &str) -> Option<Handle> {
        Some(match id {
            "next" => Handle::Next,
            "default" => Handle::Default,
            "new-rule" => Handle::NewRule,
            "catch" => Handle::NewCatch,
            other => Handle::Rule(other.strip_prefix("rule-")?.parse().ok()?),
        })
    }

    /// The handles a state of `type_name` offers (`rules`: its number of Choice rules).
    pub fn for_state(type_name: &str, rules: usize) -> Vec<Handle> {
        match type_name {
            "Choice" => (0..rules).map(Handle::Rule).chain([Handle::NewRule, Handle::Default]).collect(),
            "Task" | "Parallel" | "Map" => vec![Handle::Next, Handle::NewCatch],
            "Pass" | "Wait" => vec![Handle::Next],
            _ => Vec::new(),
        }
    }
}

/// The `States` maps of every scope, outermost first, as JSON pointers to the scope.
fn scopes(def: &Value, at: &str, out: &mut Vec<String>) {
    out.push(at.to_string());
    for (name, state) in def.get("States").and_then(Value::as_object).into_iter().flatten() {
        let base = format!("{at}/States/{}", escape(name));
        if let Some(branches) = state.get("Branches").and_then(Value::as_array) {
            for (i, b) in branches.iter().enumerate() {
                scopes(b, &format!("{base}/Branches/{i}"), out);
            }
        }
        for key in ["ItemProcessor", "Iterator"] {
            if let Some(p) = state.get(key) {
                scopes(p, &format!("{base}/{key}"), out);
            }
        }
    }
}

/// JSON-pointer escaping of one segment.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The pointer of the scope (machine, branch or processor) holding state `name`.
pub fn scope_of(def: &Value, name: &str) -> Option<String> {
    let mut all = Vec::new();
    scopes(def, "", &mut all);
    all.into_iter().find(|s| def.pointer(s).and_then(|m| m.get("States")).and_then(|st| st.get(name)).is_some())
}

/// The pointer of state `name`, e.g. `/States/P/Branches/0/States/B1`.
pub fn state_pointer(def: &Value, name: &str) -> Option<String> {
    scope_of(def, name).map(|s| format!("{s}/States/{}", escape(name)))
}

/// State `name`, in whichever scope.
pub fn state<'a>(def: &'a Value, name: &str) -> Option<&'a Value> {
    def.pointer(&state_pointer(def, name)?)
}

fn state_mut<'a>(def: &'a mut Value, name: &str) -> Option<&'a mut Map<String, Value>> {
    let ptr = state_pointer(def, name)?;
    def.pointer_mut(&ptr)?.as_object_mut()
}

/// Every state with its JSON pointer, nested scopes included, in one pass.
pub fn state_pointers(def: &Value) -> Vec<(String, String)> {
    let mut all = Vec::new();
    scopes(def, "", &mut all);
    all.iter()
        .filter_map(|s| Some((s, def.pointer(s)?.get("States")?.as_object()?)))
        .flat_map(|(s, m)| m.keys().map(move |k| (format!("{s}/States/{}", escape(k)), k.clone())))
        .collect()
}

/// Every state name in the machine, nested scopes included.
pub fn all_names(def: &Value) -> Vec<String> {
    let mut all = Vec::new();
    scopes(def, "", &mut all);
    all.iter()
        .filter_map(|s| def.pointer(s)?.get("States")?.as_object())
        .flat_map(|m| m.keys().cloned())
        .collect()
}

/// Names of the states in the same scope as `name` (the targets a transition may name).
pub fn siblings(def: &Value, name: &str) -> Vec<String> {
    scope_of(def, name)
        .and_then(|s| def.pointer(&s)?.get("States")?.as_object().map(|m| m.keys().cloned().collect()))
        .unwrap_or_default()
}

/// `base`, or `base 2`, `base 3`… whichever is free (names are unique machine-wide).
pub fn unique_name(def: &Value, base: &str) -> String {
    free_name(base, &all_names(def))
}

/// `base`, or `base 2`, `base 3`… whichever `taken` lacks.
pub fn free_name(base: &str, taken: &[String]) -> String {
    if !taken.iter().any(|n| n == base) {
        return base.to_string();
    }
    (2..).map(|i| format!("{base} {i}")).find(|n| !taken.contains(n)).unwrap_or_default()
}

/// Gives every state nested in `state` (its branches, its item processor, and theirs) a name
/// not in `taken`, adding each to it; transitions and `{{States.…}}` templates inside `state`
/// follow. A new Parallel/Map from the palette and a duplicated one both need this, since state
/// names are unique machine-wide.
pub fn free_nested_names(state: &mut Value, taken: &mut Vec<String>) -> Result<(), String> {
    let mut scopes: Vec<&mut Value> = Vec::new();
    if let Some(obj) = state.as_object_mut() {
        for (key, value) in obj.iter_mut() {
            match key.as_str() {
                "Branches" => scopes.extend(value.as_array_mut().into_iter().flatten()),
                "ItemProcessor" | "Iterator" => scopes.push(value),
                _ => {}
            }
        }
    }
    let mut renamed = Vec::new();
    for scope in scopes {
        let names: Vec<String> = scope.get("States").and_then(Value::as_object).into_iter().flatten().map(|(k, _)| k.clone()).collect();
        for old in names {
            let new = free_name(&old, taken);
            taken.push(new.clone());
            if new != old {
                super::rename::rename_in_scope(scope, &old, &new)?;
                renamed.push((old, new));
            }
        }
        for inner in scope.get_mut("States").and_then(Value::as_object_mut).into_iter().flat_map(|m| m.values_mut()) {
            free_nested_names(inner, taken)?;
        }
    }
    for (old, new) in renamed {
        super::rename::rewrite_templates(state, &old, &new);
    }
    Ok(())
}

/// A new state of `type_name` with the fields it needs to be valid.
pub fn template(type_name: &str, resource: Option<(&str, Value)>) -> Value {
    match type_name {
        "Task" => {
            let (r, params) = resource.unwrap_or(("my_function", json!({})));
            json!({"Type": "Task", "Resource": r, "Parameters": params, "End": true})
        }
        "Choice" => json!({"Type": "Choice", "Choices": []}),
        "Wait" => json!({"Type": "Wait", "Seconds": 5, "End": true}),
        "Succeed" => json!({"Type": "Succeed"}),
        // Error and Cause left empty, as Workflow Studio does (the inspector suggests them).
        "Fail" => json!({"Type": "Fail"}),
        "Parallel" => json!({"Type": "Parallel", "Branches": [branch("Branch 1 step")], "End": true}),
        "Map" => json!({"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": branch("Item step"), "End": true}),
        _ => json!({"Type": "Pass", "End": true}),
    }
}

fn branch(first: &str) -> Value {
    json!({"StartAt": first, "States": {first: {"Type": "Pass", "End": true}}})
}

/// Points `handle` of state `from` at `to` (same scope only: ASL transitions never leave it).
pub fn connect(def: &mut Value, from: &str, handle: Handle, to: &str) -> Result<(), String> {
    if !siblings(def, from).iter().any(|n| n == to) {
        return Err(format!("“{to}” is not in the same scope as “{from}”: a transition cannot enter or leave a branch"));
    }
    let s = state_mut(def, from).ok_or_else(|| format!("no state “{from}”"))?;
    let target = Value::String(to.to_string());
    match handle {
        Handle::Next => {
            s.remove("End");
            s.insert("Next".into(), target);
        }
        Handle::Default => {
            s.insert("Default".into(), target);
        }
        Handle::Rule(i) => {
            let rule = s.get_mut("Choices").and_then(Value::as_array_mut).and_then(|c| c.get_mut(i));
            let rule = rule.and_then(Value::as_object_mut).ok_or_else(|| format!("“{from}” has no rule {}", i + 1))?;
            rule.insert("Next".into(), target);
        }
        Handle::NewRule => {
            let rules = s.entry("Choices").or_insert_with(|| json!([]));
            let rules = rules.as_array_mut().ok_or("`Choices` is not an array")?;
            rules.push(json!({"Variable": "$.value", "StringEquals": "", "Next": to}));
        }
        Handle::NewCatch => {
            let catchers = s.entry("Catch").or_insert_with(|| json!([]));
            let catchers = catchers.as_array_mut().ok_or("`Catch` is not an array")?;
            // `States.ALL` must be alone in the last catcher: when one is there, the new catcher
            // goes before it and catches task failures, so the definition stays valid.
            let catch_all = |c: &Value| c["ErrorEquals"].as_array().is_some_and(|e| e.iter().any(|e| e == "States.ALL"));
            match catchers.iter().position(catch_all) {
                Some(at) => catchers.insert(at, json!({"ErrorEquals": ["States.TaskFailed"], "Next": to})),
                None => catchers.push(json!({"ErrorEquals": ["States.ALL"], "Next": to})),
            }
        }
    }
    Ok(())
}

/// Removes state `name`, as Workflow Studio does: when it had a `Next`, every reference to it
/// (a `Next`, a `Default`, a Choice rule's `Next`, a catcher, `StartAt`) moves on to that
/// successor, so deleting a step in the middle of a chain keeps the chain. Without a successor
/// (an end state, a Choice), references are cleaned where that loses nothing (a `Next` becomes
/// `End: true`, a `Default` or a catcher is dropped, `StartAt` moves to the first state left);
/// a Choice rule keeps its condition without `Next`, which validation then flags.
pub fn delete_state(def: &mut Value, name: &str) -> Result<(), String> {
    let scope = scope_of(def, name).ok_or_else(|| format!("no state “{name}”"))?;
    let machine = def.pointer_mut(&scope).and_then(Value::as_object_mut).ok_or("the scope vanished")?;
    let states = machine.get_mut("States").and_then(Value::as_object_mut).ok_or("`States` is not an object")?;
    let removed = states.shift_remove(name);
    let successor = removed.as_ref().and_then(|s| s.get("Next")).and_then(Value::as_str);
    let successor = successor.filter(|n| *n != name && states.contains_key(*n)).map(str::to_string);
    for state in states.values_mut().filter_map(Value::as_object_mut) {
        unlink(state, name, successor.as_deref());
    }
    let first = states.keys().next().cloned();
    if machine.get("StartAt").and_then(Value::as_str) == Some(name) {
        let start = successor.or(first).unwrap_or_default();
        machine.insert("StartAt".into(), Value::String(start));
    }
    Ok(())
}

/// Moves references to `name` on to `successor`, or without one cleans them.
fn unlink(state: &mut Map<String, Value>, name: &str, successor: Option<&str>) {
    let points_here = |v: Option<&Value>| v.and_then(Value::as_str) == Some(name);
    if let Some(to) = successor {
        for key in ["Next", "Default"] {
            if points_here(state.get(key)) {
                state.insert(key.into(), Value::String(to.to_string()));
            }
        }
        for list in ["Choices", "Catch"] {
            let items = state.get_mut(list).and_then(Value::as_array_mut).into_iter().flatten();
            for item in items.filter_map(Value::as_object_mut).filter(|i| points_here(i.get("Next"))) {
                item.insert("Next".into(), Value::String(to.to_string()));
            }
        }
        return;
    }
    if points_here(state.get("Next")) {
        state.remove("Next");
        state.insert("End".into(), Value::Bool(true));
    }
    if points_here(state.get("Default")) {
        state.remove("Default");
    }
    if let Some(rules) = state.get_mut("Choices").and_then(Value::as_array_mut) {
        for rule in rules.iter_mut().filter_map(Value::as_object_mut) {
            if points_here(rule.get("Next")) {
                rule.remove("Next");
            }
        }
    }
    if let Some(catchers) = state.get_mut("Catch").and_then(Value::as_array_mut) {
        catchers.retain(|c| !points_here(c.get("Next")));
        if catchers.is_empty() {
            state.remove("Catch");
        }
    }
}

/// Sets (`Some`) or removes (`None`) field `key` of state `name`.
pub fn set_field(def: &mut Value, name: &str, key: &str, value: Option<Value>) -> Result<(), String> {
    let s = state_mut(def, name).ok_or_else(|| format!("no state “{name}”"))?;
    match value {
        Some(v) => {
            s.insert(key.to_string(), v);
        }
        None => {
            s.shift_remove(key);
        }
    }
    Ok(())
}

/// Sets or removes the value at `pointer` below state `name` (e.g. `/Choices/0/Variable`);
/// missing objects on the way are created.
pub fn set_at(def: &mut Value, name: &str, pointer: &str, value: Option<Value>) -> Result<(), String> {
    let base = state_pointer(def, name).ok_or_else(|| format!("no state “{name}”"))?;
    let (parent, key) = pointer.rsplit_once('/').ok_or("bad field pointer")?;
    let target = def.pointer_mut(&format!("{base}{parent}")).ok_or_else(|| format!("nothing at {parent}"))?;
    match (target, value) {
        (Value::Object(m), Some(v)) => {
            m.insert(key.to_string(), v);
        }
        (Value::Object(m), None) => {
            m.shift_remove(key);
        }
        (Value::Array(a), v) => {
            let i: usize = key.parse().map_err(|_| "bad array index")?;
            match v {
                Some(v) if i < a.len() => a[i] = v,
                Some(v) => a.push(v),
                None if i < a.len() => {
                    a.remove(i);
                }
                None => {}
            }
        }
        _ => return Err(format!("{parent} is not an object or array")),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def() -> Value {
        json!({"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Next": "B"},
            "B": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "C"}], "Default": "C"},
            "C": {"Type": "Task", "Resource": "f", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "A"}], "End": true},
            "P": {"Type": "Parallel", "Branches": [{"StartAt": "In", "States": {"In": {"Type": "Pass", "End": true}}}], "End": true}
        }})
    }

    #[test]
    fn finds_states_in_nested_scopes() {
        let d = def();
        assert_eq!(state_pointer(&d, "In").as_deref(), Some("/States/P/Branches/0/States/In"));
        assert_eq!(siblings(&d, "In"), vec!["In".to_string()]);
        assert_eq!(unique_name(&d, "In"), "In 2");
    }

    #[test]
    fn add_links_after_an_ending_state_and_connect_sets_each_field() {
        let mut d = def();
        let name = insert_state(&mut d, "Pass", template("Pass", None), &Place::After("C".into())).unwrap().name;
        assert_eq!(name, "Pass");
        assert_eq!(d["States"]["C"]["Next"], "Pass");
        assert!(d["States"]["C"].get("End").is_none());
        connect(&mut d, "B", Handle::Rule(0), "Pass").unwrap();
        connect(&mut d, "B", Handle::Default, "A").unwrap();
        connect(&mut d, "B", Handle::NewRule, "C").unwrap();
        assert_eq!(d["States"]["B"]["Choices"][0]["Next"], "Pass");
        assert_eq!(d["States"]["B"]["Default"], "A");
        assert_eq!(d["States"]["B"]["Choices"][1]["Next"], "C");
        assert!(connect(&mut d, "A", Handle::Next, "In").is_err(), "crossing into a branch is refused");
    }

    #[test]
    fn a_new_catch_goes_before_a_catch_all() {
        let mut d = def();
        // C already catches States.ALL → A.
        connect(&mut d, "C", Handle::NewCatch, "B").unwrap();
        assert_eq!(d["States"]["C"]["Catch"], json!([
            {"ErrorEquals": ["States.TaskFailed"], "Next": "B"},
            {"ErrorEquals": ["States.ALL"], "Next": "A"}
        ]));
        connect(&mut d, "A", Handle::NewCatch, "B").unwrap();
        assert_eq!(d["States"]["A"]["Catch"], json!([{"ErrorEquals": ["States.ALL"], "Next": "B"}]));
    }

    #[test]
    fn delete_cleans_references() {
        let mut d = def();
        delete_state(&mut d, "C").unwrap();
        assert!(d["States"]["B"].get("Default").is_none());
        assert!(d["States"]["B"]["Choices"][0].get("Next").is_none());
        delete_state(&mut d, "A").unwrap();
        assert_eq!(d["StartAt"], "B");
        // Without a successor a catcher is dropped (C's points at A, which ends nothing here).
        let mut e = def();
        e["States"]["A"] = json!({"Type": "Succeed"});
        delete_state(&mut e, "A").unwrap();
        assert!(e["States"]["C"].get("Catch").is_none());
    }

    #[test]
    fn deleting_a_state_in_a_chain_reconnects_its_neighbours() {
        let mut d = def();
        d["States"]["B"] = json!({"Type": "Pass", "Next": "C"});
        d["States"]["D"] = json!({"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true, "Next": "B"}], "Default": "B"});
        delete_state(&mut d, "B").unwrap();
        assert_eq!(d["States"]["A"]["Next"], "C", "A → B → C becomes A → C");
        assert_eq!(d["States"]["D"]["Choices"][0]["Next"], "C");
        assert_eq!(d["States"]["D"]["Default"], "C");
        // The first state: StartAt moves to its successor, and a catcher that pointed at it follows.
        delete_state(&mut d, "A").unwrap();
        assert_eq!(d["StartAt"], "C");
        assert_eq!(d["States"]["C"]["Catch"][0]["Next"], "C");
        assert!(d["States"]["C"].get("End").is_some(), "C still ends");
    }

    #[test]
    fn new_parallel_gets_fresh_inner_names() {
        let mut d = def();
        let a = insert_state(&mut d, "Parallel", template("Parallel", None), &Place::Alone(String::new())).unwrap().name;
        let b = insert_state(&mut d, "Parallel", template("Parallel", None), &Place::Alone(String::new())).unwrap().name;
        assert_eq!((a.as_str(), b.as_str()), ("Parallel", "Parallel 2"));
        assert_eq!(d["States"]["Parallel 2"]["Branches"][0]["StartAt"], "Branch 1 step 2");
    }

    #[test]
    fn a_new_fail_has_no_made_up_error_or_cause_and_is_valid() {
        assert_eq!(template("Fail", None), json!({"Type": "Fail"}));
        let d = json!({"StartAt": "F", "States": {"F": template("Fail", None)}});
        assert_eq!(engine::validate::validate_value(&d), Vec::new());
    }

    #[test]
    fn set_at_edits_nested_fields() {
        let mut d = def();
        set_at(&mut d, "B", "/Choices/0/Variable", Some(json!("$.y"))).unwrap();
        assert_eq!(d["States"]["B"]["Choices"][0]["Variable"], "$.y");
        set_at(&mut d, "B", "/Choices/0", None).unwrap();
        assert_eq!(d["States"]["B"]["Choices"].as_array().unwrap().len(), 0);
    }
}
