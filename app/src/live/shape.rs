//! The shape of a definition as the execution view needs it: every state at every depth (names
//! are unique in a whole state machine, as ASL requires), its type and Task resource, and where
//! it sits — top level, a branch of a Parallel, or a Map's processor. Built on the server from
//! the typed model (`engine::parse_value`) and sent with the graph (`graph_api::execution_graph`),
//! so the execution view's wasm carries neither the definition parser nor the model's
//! serializers (the editor's still does, to validate).

use engine::{State, StateMachine};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;

/// Whether a container runs branches or iterations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContainerKind {
    /// `Parallel`: one scope per branch, all run.
    Parallel,
    /// `Map`: one scope per item; the view shows one iteration at a time.
    Map,
}

/// A Parallel or Map state and the states inside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Container {
    /// The Parallel or Map state's name.
    pub name: String,
    /// Branches or iterations.
    pub kind: ContainerKind,
    /// State names per branch (a Map has one: its processor), in walk order from `StartAt`.
    pub branches: Vec<Vec<String>>,
}

/// One state of the definition, wherever it is nested.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateInfo {
    /// ASL `Type`.
    pub type_name: String,
    /// A Task's `Resource`.
    pub resource: Option<String>,
    /// The Parallel or Map state it runs in (None at top level).
    pub parent: Option<String>,
    /// The state's own JSON.
    pub json: Value,
}

/// Every state and container of a definition.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Shape {
    /// States by name.
    pub states: HashMap<String, StateInfo>,
    /// Parallel and Map states, outermost first, in walk order.
    pub containers: Vec<Container>,
}

impl Shape {
    /// The shape of `definition`; an unparsable one has no states (the graph still shows what
    /// the server laid out).
    pub fn of(definition: &Value) -> Shape {
        let mut shape = Shape::default();
        if let Ok(machine) = engine::parse_value(definition) {
            shape.add_machine(&machine, None);
        }
        shape
    }

    /// Whether `name` is a Map state.
    pub fn is_map(&self, name: &str) -> bool {
        self.states.get(name).is_some_and(|s| s.type_name == "Map")
    }

    /// Whether the Task `name` calls an LLM.
    pub fn is_llm(&self, name: &str) -> bool {
        self.states.get(name).and_then(|s| s.resource.as_deref()).is_some_and(|r| r.ends_with("call_llm"))
    }

    fn add_machine(&mut self, machine: &StateMachine, parent: Option<&str>) -> Vec<String> {
        let order = walk_order(machine);
        for name in &order {
            let state = &machine.states[name.as_str()];
            let resource = match state {
                State::Task(t) => Some(t.resource.clone()),
                _ => None,
            };
            let json = serde_json::to_value(state).unwrap_or(Value::Null);
            let info = StateInfo { type_name: state.type_name().to_string(), resource, parent: parent.map(str::to_string), json };
            self.states.insert(name.clone(), info);
            let (kind, machines): (ContainerKind, Vec<&StateMachine>) = match state {
                State::Parallel(p) => (ContainerKind::Parallel, p.branches.iter().collect()),
                State::Map(m) => (ContainerKind::Map, m.item_processor.iter().chain(m.iterator.iter()).take(1).collect()),
                _ => continue,
            };
            let at = self.containers.len();
            self.containers.push(Container { name: name.clone(), kind, branches: Vec::new() });
            let branches = machines.into_iter().map(|m| self.add_machine(m, Some(name))).collect();
            self.containers[at].branches = branches;
        }
        order
    }
}

/// State names from `StartAt` along every transition (breadth first), then any unreachable ones
/// in definition order: the order a reader follows the flow.
fn walk_order(machine: &StateMachine) -> Vec<String> {
    let mut order: Vec<String> = Vec::with_capacity(machine.states.len());
    let mut queue = std::collections::VecDeque::from([machine.start_at.as_str()]);
    while let Some(name) = queue.pop_front() {
        let Some(state) = machine.states.get(name) else { continue };
        if order.iter().any(|n| n == name) {
            continue;
        }
        order.push(name.to_string());
        queue.extend(state.successors());
    }
    for name in machine.states.keys() {
        if !order.contains(name) {
            order.push(name.clone());
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_states_know_their_container() {
        let def = json!({
            "StartAt": "Fan",
            "States": {
                "Fan": {"Type": "Parallel", "Next": "Each", "Branches": [
                    {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
                    {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "call_llm", "End": true}}}
                ]},
                "Each": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "Second", "States": {
                    "First": {"Type": "Succeed"},
                    "Second": {"Type": "Pass", "Next": "First"}
                }}}
            }
        });
        let shape = Shape::of(&def);
        assert_eq!(shape.states["A"].parent.as_deref(), Some("Fan"));
        assert_eq!(shape.states["Second"].parent.as_deref(), Some("Each"));
        assert!(shape.is_map("Each") && !shape.is_map("Fan"));
        assert!(shape.is_llm("B") && !shape.is_llm("A"));
        assert_eq!(shape.containers[0].branches, vec![vec!["A".to_string()], vec!["B".to_string()]]);
        // Walk order, not definition order.
        assert_eq!(shape.containers[1].branches, vec![vec!["Second".to_string(), "First".to_string()]]);
        assert!(Shape::of(&json!({"nope": 1})).states.is_empty());
    }
}
