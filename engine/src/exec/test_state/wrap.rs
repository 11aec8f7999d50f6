//! Turns "this one state" into a machine the interpreter can run: the state is found (in a
//! whole definition, nested branches and Map processors included), its transition targets
//! become `Succeed` placeholders so the run stops right after it, and given variables are
//! assigned by a first state. The run then is an ordinary execution, so the tested state
//! behaves exactly as it would inside its workflow (same data flow, errors and Catch).

use super::TestStateError;
use crate::validate::child;
use serde_json::{json, Map, Value};

/// What was found and built.
pub(super) struct Wrapped {
    /// The tested state's name.
    pub name: String,
    /// The state as written (Retry included).
    pub state: Value,
    /// JSON pointer of the state in the request's definition (`""` for a bare state).
    pub pointer: String,
    /// The machine that runs it.
    pub machine: Value,
    /// The machine's input: the request's input, or it wrapped with the variables.
    pub input: Value,
    /// Placeholder name → the transition target it stands for (they differ only for a state
    /// that goes back to itself).
    pub targets: Vec<(String, String)>,
    /// The state's own query language is JSONata (or inherits it).
    pub jsonata: bool,
}

/// Name a bare state (a definition without `States`) runs under.
pub const BARE_NAME: &str = "TestState";
/// Name of the first state, which assigns the given variables.
const SEED: &str = "Assign test variables";

/// Finds the state and builds its machine.
pub(super) fn wrap(definition: &Value, state_name: Option<&str>, input: Value, variables: &Map<String, Value>) -> Result<Wrapped, TestStateError> {
    let (name, state, pointer, machine_ql) = locate(definition, state_name)?;
    let ql = state.get("QueryLanguage").and_then(Value::as_str).or(machine_ql.as_deref());
    let jsonata = ql == Some("JSONata");
    let mut tested = state.clone();
    if let Some(obj) = tested.as_object_mut() {
        // Retry is decided from the error (RETRIABLE), never by running the state again.
        obj.remove("Retry");
    }
    let mut states = Map::new();
    let mut targets = Vec::new();
    let named: Vec<String> = crate::validate::graph::transitions(&tested, "").into_iter().map(|(t, _)| t.to_string()).collect();
    // State names are unique across a whole machine: a placeholder or the seed state must not
    // take the tested state's name, a name nested inside it, or another placeholder's.
    let taken = |n: &str, targets: &[(String, String)]| n == name || contains_state(&state, n) || targets.iter().any(|(p, t)| p == n || t == n);
    for target in named {
        if targets.iter().any(|(_, t)| t == &target) {
            continue;
        }
        // A target that loops back, or shares a nested state's name, gets a placeholder of its own.
        let placeholder = if target == name || contains_state(&state, &target) {
            free_name(&format!("{target} (again)"), |n| taken(n, &targets))
        } else {
            target.clone()
        };
        if placeholder != target {
            rename_target(&mut tested, &target, &placeholder);
        }
        targets.push((placeholder, target));
    }
    let seeded = !variables.is_empty();
    let start = if seeded { free_name(SEED, |n| taken(n, &targets)) } else { name.clone() };
    if seeded {
        let assign: Map<String, Value> =
            variables.keys().map(|k| (k.clone(), Value::String(format!("{{% $lookup($states.input.variables, {}) %}}", json!(k))))).collect();
        states.insert(
            start.clone(),
            json!({"Type": "Pass", "QueryLanguage": "JSONata", "Assign": assign, "Output": "{% $states.input.input %}", "Next": name}),
        );
    }
    states.insert(name.clone(), tested);
    for (placeholder, _) in &targets {
        states.insert(placeholder.clone(), json!({"Type": "Succeed"}));
    }
    // AWS's TestState runs for at most five minutes, then fails with States.Timeout.
    let mut machine = json!({"StartAt": start, "TimeoutSeconds": 300, "States": states});
    if let Some(ql) = machine_ql {
        machine["QueryLanguage"] = Value::String(ql);
    }
    let input = if seeded { json!({"variables": variables, "input": input}) } else { input };
    Ok(Wrapped { name, state, pointer, machine, input, targets, jsonata })
}

/// The state to test, its name, its JSON pointer and the machine's query language.
fn locate(definition: &Value, state_name: Option<&str>) -> Result<(String, Value, String, Option<String>), TestStateError> {
    let Some(obj) = definition.as_object() else {
        return Err(TestStateError::NotAState("the definition must be a JSON object: a state, or a state machine with `States`".into()));
    };
    if !obj.contains_key("States") {
        if !obj.contains_key("Type") {
            return Err(TestStateError::NotAState("the definition has neither `Type` (a state) nor `States` (a state machine)".into()));
        }
        // The bare state's name must not clash with a state nested inside it (names are
        // unique across a whole machine), which AWS's TestState does not mind.
        let name = match state_name {
            Some(n) => n.to_string(),
            None => free_name(BARE_NAME, |n| contains_state(definition, n)),
        };
        return Ok((name, definition.clone(), String::new(), None));
    }
    let ql = obj.get("QueryLanguage").and_then(Value::as_str).map(str::to_string);
    let name = match state_name.or_else(|| obj.get("StartAt").and_then(Value::as_str)) {
        Some(n) => n.to_string(),
        None => return Err(TestStateError::NoSuchState("name the state to test (`stateName`): the definition has no `StartAt`".into())),
    };
    match find(definition, "", &name) {
        Some((state, pointer)) => Ok((name, state.clone(), pointer, ql)),
        // AWS's words, which do not repeat the name.
        None => Err(TestStateError::NoSuchState("State not found in definition".into())),
    }
}

/// Depth-first search of `machine` (at `pointer`) and its branches and Map processors.
fn find<'a>(machine: &'a Value, pointer: &str, name: &str) -> Option<(&'a Value, String)> {
    let states = machine.get("States")?.as_object()?;
    if let Some(s) = states.get(name) {
        return Some((s, child(&child(pointer, "States"), name)));
    }
    for (n, s) in states {
        let here = child(&child(pointer, "States"), n);
        if let Some(branches) = s.get("Branches").and_then(Value::as_array) {
            for (i, b) in branches.iter().enumerate() {
                if let Some(hit) = find(b, &format!("{here}/Branches/{i}"), name) {
                    return Some(hit);
                }
            }
        }
        for key in ["ItemProcessor", "Iterator"] {
            if let Some(hit) = s.get(key).and_then(|p| find(p, &format!("{here}/{key}"), name)) {
                return Some(hit);
            }
        }
    }
    None
}

/// Whether a state named `name` is inside `state`'s branches or Map processor.
pub(super) fn contains_state(state: &Value, name: &str) -> bool {
    let mut machines: Vec<&Value> = state.get("Branches").and_then(Value::as_array).map(|b| b.iter().collect()).unwrap_or_default();
    machines.extend(["ItemProcessor", "Iterator"].iter().filter_map(|k| state.get(*k)));
    machines.into_iter().any(|m| find(m, "", name).is_some())
}

/// Points every transition to `from` at `to` instead.
fn rename_target(state: &mut Value, from: &str, to: &str) {
    let retarget = |v: Option<&mut Value>| {
        if let Some(v) = v.filter(|v| v.as_str() == Some(from)) {
            *v = Value::String(to.to_string());
        }
    };
    retarget(state.get_mut("Next"));
    retarget(state.get_mut("Default"));
    for list in ["Choices", "Catch"] {
        if let Some(items) = state.get_mut(list).and_then(Value::as_array_mut) {
            items.iter_mut().for_each(|item| retarget(item.get_mut("Next")));
        }
    }
}

/// `base`, or `base 2`, `base 3`, … : the first name not `taken`.
fn free_name(base: &str, taken: impl Fn(&str) -> bool) -> String {
    (1..).map(|i| if i == 1 { base.to_string() } else { format!("{base} {i}") }).find(|n| !taken(n)).unwrap_or_default()
}
