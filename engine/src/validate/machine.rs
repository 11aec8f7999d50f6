//! The walk over a definition: the top-level machine, its states, and nested scopes
//! (Parallel branches and Map processors, which are state machines of their own).

use super::fields::{self, Kind};
use super::{child, codes, graph, index, type_name, Problem, Sink, MAX_STATE_NAME_CHARS};
use super::{distributed, flow, step_refs, values};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Where a scope sits, which decides the fields it may have.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    /// The whole machine.
    Top,
    /// A Parallel branch.
    Branch,
    /// A Map `ItemProcessor` / `Iterator`.
    Processor,
}

/// One state being checked.
pub(super) struct StateCx<'a> {
    /// Its `Type`.
    pub ty: &'a str,
    /// Whether its effective query language is JSONata.
    pub jsonata: bool,
    /// Its JSON pointer.
    pub ptr: &'a str,
}

/// The walker's state: problems found, and state names seen anywhere in the machine.
#[derive(Default)]
pub(super) struct Walker {
    /// Problems found so far.
    pub sink: Sink,
    names: HashMap<String, String>,
    top_jsonata: bool,
    /// How many DISTRIBUTED Map processors enclose the current scope: those run as child
    /// executions, whose states may choose JSONPath even when the machine is JSONata.
    distributed: usize,
}

/// Validates a whole definition.
pub(super) fn validate_root(def: &Value) -> Vec<Problem> {
    let top_jsonata = def.get("QueryLanguage").and_then(Value::as_str) == Some("JSONata");
    let mut w = Walker { top_jsonata, ..Walker::default() };
    w.scope(def, "", Scope::Top);
    // Templates may name any state, at any depth, before or after them: once all are known.
    step_refs::check(&mut w.sink, def, &w.names);
    w.sink.problems
}

impl Walker {
    fn expect<'v>(&mut self, v: &'v Value, ptr: &str, what: &str) -> Option<&'v Map<String, Value>> {
        match v.as_object() {
            Some(o) => Some(o),
            None => {
                self.sink.push(codes::INVALID_TYPE, ptr, format!("{what} must be an object, not {}", type_name(v)));
                None
            }
        }
    }

    /// Checks a state machine or a nested one (branch, processor).
    pub(super) fn scope(&mut self, v: &Value, ptr: &str, scope: Scope) {
        let what = match scope {
            Scope::Top => "a state machine",
            Scope::Branch => "a Parallel branch",
            Scope::Processor => "a Map processor",
        };
        let Some(obj) = self.expect(v, ptr, what) else { return };
        for (k, val) in obj {
            let p = child(ptr, k);
            match (k.as_str(), scope) {
                ("StartAt", _) | ("Comment", _) | ("Version", Scope::Top) => {
                    values::check(&mut self.sink, false, k, Kind::Str, val, &p)
                }
                ("States", _) => {}
                ("TimeoutSeconds", Scope::Top) => values::check(&mut self.sink, false, k, Kind::PosInt, val, &p),
                // AWS: processors inherit the machine's language and cannot declare their own.
                ("QueryLanguage", Scope::Top | Scope::Branch) => {
                    values::check(&mut self.sink, false, k, Kind::QueryLanguage, val, &p)
                }
                ("ProcessorConfig", Scope::Processor) => distributed::processor_config(&mut self.sink, val, &p),
                _ => self.sink.push(codes::UNKNOWN_FIELD, &p, format!("\"{k}\" is not a field of {what}")),
            }
        }
        for field in ["StartAt", "States"] {
            if !obj.contains_key(field) {
                self.sink.push(codes::MISSING_FIELD, ptr, format!("{what} needs \"{field}\""));
            }
        }
        let Some(states_v) = obj.get("States") else { return };
        let states_ptr = child(ptr, "States");
        let Some(states) = self.expect(states_v, &states_ptr, "States") else { return };
        if states.is_empty() {
            self.sink.push(codes::MISSING_FIELD, &states_ptr, "States must have at least one state");
        }
        for (name, state) in states {
            let p = child(&states_ptr, name);
            self.state_name(name, &p);
            self.state(state, &p);
        }
        graph::check(&mut self.sink, obj, states, ptr);
    }

    fn state_name(&mut self, name: &str, ptr: &str) {
        let len = name.chars().count();
        if len == 0 || len > MAX_STATE_NAME_CHARS {
            let msg = format!("state names have 1 to {MAX_STATE_NAME_CHARS} characters; this one has {len}");
            self.sink.push(codes::INVALID_STATE_NAME, ptr, msg);
        }
        if let Some(first) = self.names.get(name) {
            let msg = format!("the state name \"{name}\" is already used at {first}; names are unique across the whole machine");
            self.sink.push(codes::DUPLICATE_STATE_NAME, ptr, msg);
        } else {
            self.names.insert(name.to_string(), ptr.to_string());
        }
    }

    fn state(&mut self, v: &Value, ptr: &str) {
        let Some(obj) = self.expect(v, ptr, "a state") else { return };
        let ty = match obj.get("Type") {
            None => return self.sink.push(codes::MISSING_FIELD, ptr, "a state needs \"Type\""),
            Some(Value::String(t)) if fields::STATE_TYPES.contains(&t.as_str()) => t.as_str(),
            Some(t) => {
                let msg = format!("Type must be one of {}, not {t}", fields::STATE_TYPES.join(", "));
                return self.sink.push(codes::INVALID_VALUE, &child(ptr, "Type"), msg);
            }
        };
        let jsonata = match obj.get("QueryLanguage").and_then(Value::as_str) {
            Some("JSONata") => true,
            Some("JSONPath") if self.top_jsonata && self.distributed == 0 => {
                let msg = "QueryLanguage cannot be JSONPath in a machine whose QueryLanguage is JSONata";
                self.sink.push(codes::INVALID_QUERY_LANGUAGE, &child(ptr, "QueryLanguage"), msg);
                false
            }
            Some(_) => false,
            None => self.top_jsonata,
        };
        let cx = StateCx { ty, jsonata, ptr };
        for (k, val) in obj {
            let p = child(ptr, k);
            match fields::kind_of(ty, jsonata, k) {
                Some(kind) => self.field(&cx, k, kind, val, &p),
                None if fields::kind_of(ty, !jsonata, k).is_some() => {
                    let (this, other) = if jsonata { ("JSONata", "JSONPath") } else { ("JSONPath", "JSONata") };
                    let msg = format!("\"{k}\" is a {other} field; this {ty} state uses {this}");
                    self.sink.push(codes::QUERY_LANGUAGE_FIELD, &p, msg);
                }
                None => self.sink.push(codes::UNKNOWN_FIELD, &p, format!("\"{k}\" is not a field of a {ty} state")),
            }
        }
        flow::check(&mut self.sink, &cx, obj);
    }

    fn field(&mut self, cx: &StateCx, name: &str, kind: Kind, v: &Value, p: &str) {
        match kind {
            Kind::Branches => self.branches(v, p),
            Kind::Processor => {
                let mode = v.pointer("/ProcessorConfig/Mode").and_then(Value::as_str);
                let distributed = usize::from(mode == Some("DISTRIBUTED"));
                self.distributed += distributed;
                self.scope(v, p, Scope::Processor);
                self.distributed -= distributed;
            }
            _ => values::check(&mut self.sink, cx.jsonata, name, kind, v, p),
        }
    }

    fn branches(&mut self, v: &Value, p: &str) {
        let Some(items) = v.as_array() else {
            return self.sink.push(codes::INVALID_TYPE, p, format!("Branches must be an array, not {}", type_name(v)));
        };
        if items.is_empty() {
            self.sink.push(codes::INVALID_VALUE, p, "Branches must have at least one branch");
        }
        for (i, b) in items.iter().enumerate() {
            self.scope(b, &index(p, i), Scope::Branch);
        }
    }
}
