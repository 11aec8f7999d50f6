//! Which states of a scope a run can reach from its StartAt, so that an edit can tell what it
//! cut off: a Succeed or Fail put where a chain went on leaves what followed unreachable, and
//! the editor says so before (the drop hint) and after (the notice).

use serde_json::Value;
use std::collections::HashSet;

/// The states of the scope at JSON pointer `scope` that a run reaches from its StartAt,
/// nearest first (breadth first: the state an edit cut off comes before those behind it).
pub fn reached(def: &Value, scope: &str) -> Vec<String> {
    let Some(states) = def.pointer(scope).and_then(|m| m.get("States")).and_then(Value::as_object) else { return Vec::new() };
    let start = def.pointer(scope).and_then(|m| m.get("StartAt")).and_then(Value::as_str);
    let mut order: Vec<&str> = start.filter(|s| states.contains_key(*s)).into_iter().collect();
    let mut seen: HashSet<&str> = order.iter().copied().collect();
    let mut i = 0;
    while let Some(&name) = order.get(i) {
        for t in targets(&states[name]) {
            if states.contains_key(t) && seen.insert(t) {
                order.push(t);
            }
        }
        i += 1;
    }
    order.into_iter().map(str::to_string).collect()
}

/// Those of `before` (what [`reached`] answered before an edit) that the scope at `scope` no
/// longer reaches, in the same order.
pub fn lost(def: &Value, scope: &str, before: Vec<String>) -> Vec<String> {
    let now: HashSet<String> = reached(def, scope).into_iter().collect();
    before.into_iter().filter(|n| !now.contains(n)).collect()
}

/// `“B”`, or `“B” and 2 more`: cut-off states in a sentence.
pub fn some_of(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => format!("“{one}”"),
        [first, rest @ ..] => format!("“{first}” and {} more", rest.len()),
    }
}

/// Every state a state's transitions name: Next, Choice rules, Default, catchers.
pub fn targets(state: &Value) -> Vec<&str> {
    fn next(v: &Value) -> Option<&str> {
        v.get("Next").and_then(Value::as_str)
    }
    let list = |key: &str| state.get(key).and_then(Value::as_array).into_iter().flatten();
    let mut out: Vec<&str> = next(state).into_iter().chain(state.get("Default").and_then(Value::as_str)).collect();
    out.extend(list("Choices").chain(list("Catch")).filter_map(next));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reaches_breadth_first_through_every_transition_and_tells_what_was_lost() {
        let mut d = json!({"StartAt": "A", "States": {
            "Z": {"Type": "Pass", "End": true},
            "A": {"Type": "Choice", "Choices": [{"Next": "C"}], "Default": "B"},
            "B": {"Type": "Pass", "Next": "D"},
            "C": {"Type": "Task", "Catch": [{"Next": "E"}], "Next": "Gone"},
            "D": {"Type": "Succeed"}, "E": {"Type": "Fail"},
            "P": {"Type": "Parallel", "Branches": [{"StartAt": "In", "States": {"In": {"Type": "Succeed"}}}], "End": true}}});
        let before = reached(&d, "");
        assert_eq!(before, ["A", "B", "C", "D", "E"], "Z and P are not reached; Gone is no state");
        assert_eq!(reached(&d, "/States/P/Branches/0"), ["In"]);
        d["States"]["A"]["Default"] = json!("C");
        assert_eq!(lost(&d, "", before), ["B", "D"]);
        assert_eq!(reached(&d, "/Nowhere"), Vec::<String>::new());
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(some_of(&names(&["B"])), "“B”");
        assert_eq!(some_of(&names(&["B", "D", "E"])), "“B” and 2 more");
    }
}
