//! The original WorkflowManager's `{{States.Step.field}}` templates (`engine::exec`'s
//! `steptemplate`): in the JSONPath payloads that may hold them (`Parameters`, a Map's
//! `ItemSelector`, an ItemBatcher's `BatchInput`), each must parse and name a state of the
//! machine. A name that is no state could never resolve, so it is reported here, with the
//! template's pointer, rather than as a `States.Runtime` when the state runs; a step that exists
//! but has not run yet can only be told at run time.

use super::{child, codes, index, Sink};
use crate::exec::StepTemplate;
use serde_json::Value;
use std::collections::HashMap;

/// Checks every template of the definition `def` against `names`, the machine's state names
/// (at any depth).
pub(super) fn check(sink: &mut Sink, def: &Value, names: &HashMap<String, String>) {
    let top_jsonata = def.get("QueryLanguage").and_then(Value::as_str) == Some("JSONata");
    scope(sink, def, "", names, top_jsonata);
}

/// The states of one machine or nested scope (Parallel branch, Map processor), at `ptr`.
fn scope(sink: &mut Sink, m: &Value, ptr: &str, names: &HashMap<String, String>, top_jsonata: bool) {
    let Some(states) = m.get("States").and_then(Value::as_object) else { return };
    let states_ptr = child(ptr, "States");
    for (name, st) in states {
        let p = child(&states_ptr, name);
        let jsonata = match st.get("QueryLanguage").and_then(Value::as_str) {
            Some(ql) => ql == "JSONata",
            None => top_jsonata,
        };
        if !jsonata {
            for field in ["Parameters", "ItemSelector"] {
                if let Some(v) = st.get(field) {
                    payload(sink, v, &child(&p, field), names);
                }
            }
            if let Some(v) = st.get("ItemBatcher").and_then(|b| b.get("BatchInput")) {
                payload(sink, v, &child(&child(&p, "ItemBatcher"), "BatchInput"), names);
            }
        }
        for (i, b) in st.get("Branches").and_then(Value::as_array).into_iter().flatten().enumerate() {
            scope(sink, b, &index(&child(&p, "Branches"), i), names, top_jsonata);
        }
        for processor in ["ItemProcessor", "Iterator"] {
            if let Some(v) = st.get(processor) {
                scope(sink, v, &child(&p, processor), names, top_jsonata);
            }
        }
    }
}

/// The strings of a payload template, `.$` fields aside (those hold paths and intrinsics).
fn payload(sink: &mut Sink, v: &Value, ptr: &str, names: &HashMap<String, String>) {
    match v {
        Value::Object(m) => {
            for (k, val) in m.iter().filter(|(k, _)| !k.ends_with(".$")) {
                payload(sink, val, &child(ptr, k), names);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                payload(sink, item, &index(ptr, i), names);
            }
        }
        Value::String(s) if StepTemplate::has_refs(s) => match StepTemplate::parse(s) {
            Err(e) => sink.push(codes::INVALID_STEP_TEMPLATE, ptr, e),
            Ok(t) => {
                let mut reported: Vec<&str> = Vec::new();
                for (raw, step) in t.references() {
                    if names.contains_key(step) || reported.contains(&step) {
                        continue;
                    }
                    reported.push(step);
                    let msg = format!("the template '{{{{{raw}}}}}' names the step '{step}', but no state of the machine is called '{step}'");
                    sink.push(codes::UNKNOWN_TEMPLATE_STEP, ptr, msg);
                }
            }
        },
        _ => {}
    }
}
