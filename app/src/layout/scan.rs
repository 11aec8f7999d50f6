//! Reads what the drawing needs straight from the definition's JSON, so the editor's graph
//! follows definitions that the strict parser rejects (a half-written state, a rule without its
//! `Next`): whatever can be drawn is drawn, and validation reports the rest.

use serde_json::{Map, Value};

/// One transition out of a state.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    /// Target state name.
    pub target: String,
    /// Arrow label: a Choice rule's condition, `Default`, `Catch …`; empty for `Next`.
    pub label: String,
    /// Catch transitions are dashed.
    pub dashed: bool,
    /// Which field it comes from: `next`, `rule-{i}`, `default`, `catch-{i}` (a Choice rule's and
    /// Default's are their editor handles' ids, `editor::ops::Handle::id`).
    pub kind: String,
}

/// The `States` object of a machine (or branch / processor), empty when missing.
pub fn states(machine: &Value) -> Vec<(&str, &Value)> {
    match machine.get("States").and_then(Value::as_object) {
        Some(map) => map.iter().map(|(k, v)| (k.as_str(), v)).collect(),
        None => Vec::new(),
    }
}

/// `Type` of a state, or `?` when it has none.
pub fn type_name(state: &Value) -> &str {
    state.get("Type").and_then(Value::as_str).unwrap_or("?")
}

/// A Task's `Resource`.
pub fn resource(state: &Value) -> Option<String> {
    state.get("Resource").and_then(Value::as_str).map(str::to_string)
}

/// Parallel branches or the Map processor, each with its caption.
pub fn children(state: &Value) -> Vec<(String, &Value)> {
    match type_name(state) {
        "Parallel" => state
            .get("Branches")
            .and_then(Value::as_array)
            .map(|bs| bs.iter().enumerate().map(|(i, b)| (format!("Branch {}", i + 1), b)).collect())
            .unwrap_or_default(),
        "Map" => state
            .get("ItemProcessor")
            .or_else(|| state.get("Iterator"))
            .map(|p| vec![("Item processor".to_string(), p)])
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Whether `type_name` draws as a frame around nested states.
pub fn is_container(type_name: &str) -> bool {
    matches!(type_name, "Parallel" | "Map")
}

/// Succeed, Fail, or `End: true`.
pub fn is_terminal(state: &Value) -> bool {
    matches!(type_name(state), "Succeed" | "Fail") || state.get("End").and_then(Value::as_bool) == Some(true)
}

/// Every transition, in field order: Next, Choice rules, Default, Catch. A Next or Catch whose
/// target already has an arrow adds none (one arrow per pair of states); each Choice rule and
/// Default has its own, since each leaves from its own handle in the editor.
pub fn transitions(state: &Value) -> Vec<Transition> {
    let mut out: Vec<Transition> = Vec::new();
    let mut push = |target: Option<&str>, label: String, dashed: bool, kind: String| {
        let own = kind == "default" || kind.starts_with("rule-");
        if let Some(t) = target {
            if own || !out.iter().any(|o| o.target == t) {
                out.push(Transition { target: t.to_string(), label, dashed, kind });
            }
        }
    };
    fn next(v: &Value) -> Option<&str> {
        v.get("Next").and_then(Value::as_str)
    }
    push(next(state), String::new(), false, "next".into());
    for (i, rule) in state.get("Choices").and_then(Value::as_array).into_iter().flatten().enumerate() {
        push(next(rule), rule_label(rule), false, format!("rule-{i}"));
    }
    push(state.get("Default").and_then(Value::as_str), "Default".into(), false, "default".into());
    for (i, catcher) in state.get("Catch").and_then(Value::as_array).into_iter().flatten().enumerate() {
        push(next(catcher), catch_label(catcher), true, format!("catch-{i}"));
    }
    out
}

/// `Catch` plus the first error name unless it is `States.ALL`.
fn catch_label(catcher: &Value) -> String {
    let first = catcher.get("ErrorEquals").and_then(Value::as_array).and_then(|a| a.first()).and_then(Value::as_str);
    match first {
        Some(e) if e != "States.ALL" => format!("Catch {}", short(e, 18)),
        _ => "Catch".into(),
    }
}

/// A Choice rule as short text, e.g. `$.size > 100`, `not($.ok == true)`, `all(2)`.
pub fn rule_label(rule: &Value) -> String {
    short(&condition_text(rule), 28)
}

fn condition_text(rule: &Value) -> String {
    let Some(obj) = rule.as_object() else { return "?".into() };
    if let Some(c) = obj.get("Condition") {
        return c.as_str().map(str::to_string).unwrap_or_else(|| c.to_string());
    }
    let nested = |key: &str| obj.get(key).and_then(Value::as_array).map(|a| a.iter().map(condition_text).collect::<Vec<_>>());
    if let Some(parts) = nested("And") {
        return parts.join(" and ");
    }
    if let Some(parts) = nested("Or") {
        return parts.join(" or ");
    }
    if let Some(inner) = obj.get("Not") {
        return format!("not ({})", condition_text(inner));
    }
    compare_text(obj)
}

fn compare_text(obj: &Map<String, Value>) -> String {
    let variable = obj.get("Variable").and_then(Value::as_str).unwrap_or("?");
    let Some((op, value)) = obj.iter().find(|(k, _)| !matches!(k.as_str(), "Variable" | "Next" | "Comment" | "Assign" | "Output")) else {
        return variable.to_string();
    };
    let (base, rhs) = match op.strip_suffix("Path") {
        Some(base) => (base, value.as_str().unwrap_or("?").to_string()),
        None => (op.as_str(), value.to_string()),
    };
    if let Some(kind) = base.strip_prefix("Is") {
        let negate = if value == &Value::Bool(false) { "not " } else { "" };
        return format!("{variable} is {negate}{}", kind.to_ascii_lowercase());
    }
    let symbol = match base {
        b if b.ends_with("LessThanEquals") => "<=",
        b if b.ends_with("GreaterThanEquals") => ">=",
        b if b.ends_with("LessThan") => "<",
        b if b.ends_with("GreaterThan") => ">",
        b if b.ends_with("Equals") => "==",
        "StringMatches" => "~",
        b => b,
    };
    format!("{variable} {symbol} {rhs}")
}

/// `s` cut to `max` characters with an ellipsis.
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max - 1).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rules_read_like_conditions() {
        assert_eq!(rule_label(&json!({"Variable": "$.n", "NumericGreaterThan": 100, "Next": "A"})), "$.n > 100");
        assert_eq!(rule_label(&json!({"Variable": "$.s", "StringEqualsPath": "$.t"})), "$.s == $.t");
        assert_eq!(rule_label(&json!({"Not": {"Variable": "$.ok", "BooleanEquals": true}})), "not ($.ok == true)");
        assert_eq!(rule_label(&json!({"Variable": "$.x", "IsPresent": true})), "$.x is present");
        let long = rule_label(&json!({"And": [{"Variable": "$.aaaaaaaaaaaa", "NumericEquals": 1}, {"Variable": "$.b", "NumericEquals": 2}]}));
        assert!(long.ends_with('…') && long.chars().count() == 28, "{long}");
    }

    #[test]
    fn each_choice_rule_and_default_keeps_its_own_arrow() {
        let s = json!({"Type": "Choice", "Choices": [{"Variable": "$.a", "IsPresent": true, "Next": "X"}, {"Variable": "$.b", "IsPresent": true, "Next": "X"}], "Default": "X"});
        let kinds: Vec<String> = transitions(&s).into_iter().map(|t| t.kind).collect();
        assert_eq!(kinds, ["rule-0", "rule-1", "default"]);
    }

    #[test]
    fn transitions_keep_one_arrow_per_target_and_mark_catches() {
        let s = json!({"Type": "Task", "Next": "B", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}, {"ErrorEquals": ["X"], "Next": "B"}]});
        let t = transitions(&s);
        assert_eq!(t.len(), 2);
        assert_eq!((t[1].target.as_str(), t[1].label.as_str(), t[1].dashed, t[1].kind.as_str()), ("F", "Catch", true, "catch-0"));
    }
}
