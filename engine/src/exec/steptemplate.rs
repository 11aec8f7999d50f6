//! The original WorkflowManager's `{{States.StepName.field}}` templates.
//!
//! A template inside any string of `Parameters` refers to an earlier step's result. A
//! whole-string template keeps the JSON type (an object stays an object); embedded ones
//! are stringified. An unknown step or field fails the state with `States.Runtime`
//! naming the reference: silently rendering an empty string would hide mistakes in prompts.

use super::payload::StepResults;
use crate::error::StatesError;
use serde_json::Value;

/// One segment of a reference: `.field` or `[index]`.
#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Field(String),
    Index(usize),
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Text(String),
    Ref { raw: String, step: String, segs: Vec<Seg> },
}

/// A parsed string with `{{States.…}}` references.
#[derive(Debug, Clone, PartialEq)]
pub struct StepTemplate {
    parts: Vec<Part>,
}

impl StepTemplate {
    /// Whether `s` contains a template reference at all.
    pub fn has_refs(s: &str) -> bool {
        s.match_indices("{{").any(|(i, _)| s[i + 2..].trim_start().starts_with("States."))
    }

    /// Parses a string; a reference that is not closed is an error.
    pub fn parse(s: &str) -> Result<StepTemplate, String> {
        let mut parts = Vec::new();
        let mut rest = s;
        while let Some(start) = rest.match_indices("{{").map(|(i, _)| i).find(|&i| rest[i + 2..].trim_start().starts_with("States.")) {
            if start > 0 {
                parts.push(Part::Text(rest[..start].to_string()));
            }
            let after = &rest[start + 2..];
            let end = after.find("}}").ok_or_else(|| format!("unclosed template reference in '{s}'"))?;
            let raw = after[..end].trim().to_string();
            parts.push(parse_ref(&raw)?);
            rest = &after[end + 2..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        Ok(StepTemplate { parts })
    }

    /// The steps this template names, in order.
    pub fn steps(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Ref { step, .. } => Some(step.as_str()),
            Part::Text(_) => None,
        })
    }

    /// Renders against the step results recorded so far.
    pub fn render(&self, steps: &dyn StepResults) -> Result<Value, StatesError> {
        if let [Part::Ref { raw, step, segs }] = &self.parts[..] {
            return resolve(raw, step, segs, steps);
        }
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Ref { raw, step, segs } => match resolve(raw, step, segs, steps)? {
                    Value::String(s) => out.push_str(&s),
                    v => out.push_str(&v.to_string()),
                },
            }
        }
        Ok(Value::String(out))
    }
}

fn parse_ref(raw: &str) -> Result<Part, String> {
    let body = raw.strip_prefix("States.").ok_or_else(|| format!("bad template reference '{{{{{raw}}}}}'"))?;
    let mut segs = Vec::new();
    let mut step = String::new();
    let mut chars = body.chars().peekable();
    let mut cur = String::new();
    let mut first = true;
    let flush = |cur: &mut String, first: &mut bool, step: &mut String, segs: &mut Vec<Seg>| {
        if *first {
            *step = std::mem::take(cur);
            *first = false;
        } else if !cur.is_empty() {
            segs.push(Seg::Field(std::mem::take(cur)));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '.' => flush(&mut cur, &mut first, &mut step, &mut segs),
            '[' => {
                flush(&mut cur, &mut first, &mut step, &mut segs);
                let idx: String = chars.by_ref().take_while(|&c| c != ']').collect();
                let i = idx.trim().parse().map_err(|_| format!("bad index [{idx}] in template reference '{{{{{raw}}}}}'"))?;
                segs.push(Seg::Index(i));
            }
            c => cur.push(c),
        }
    }
    flush(&mut cur, &mut first, &mut step, &mut segs);
    if step.is_empty() {
        return Err(format!("template reference '{{{{{raw}}}}}' names no step"));
    }
    Ok(Part::Ref { raw: raw.to_string(), step, segs })
}

fn resolve(raw: &str, step: &str, segs: &[Seg], steps: &dyn StepResults) -> Result<Value, StatesError> {
    let mut v = steps.step_result(step).ok_or_else(|| {
        StatesError::runtime(format!("The template reference '{{{{{raw}}}}}' names the step '{step}', which has not run yet or does not exist"))
    })?;
    for (i, s) in segs.iter().enumerate() {
        let next = match (s, &mut v) {
            (Seg::Field(f), Value::Object(m)) => m.remove(f),
            (Seg::Index(i), Value::Array(a)) if *i < a.len() => Some(a.swap_remove(*i)),
            _ => None,
        };
        v = next.ok_or_else(|| {
            let upto: Vec<String> = segs[..=i].iter().map(|s| match s { Seg::Field(f) => format!(".{f}"), Seg::Index(n) => format!("[{n}]") }).collect();
            StatesError::runtime(format!("The template reference '{{{{{raw}}}}}' could not be resolved: the result of step '{step}' has no '{}'", upto.concat()))
        })?;
    }
    Ok(v)
}

/// The steps that the `{{States.Step.field}}` templates in the strings of `value` name, once
/// each, in order (strings that do not parse name none).
pub fn referenced_steps(value: &Value) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) if StepTemplate::has_refs(s) => {
                for step in StepTemplate::parse(s).iter().flat_map(StepTemplate::steps) {
                    if !out.iter().any(|o| o == step) {
                        out.push(step.to_string());
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            Value::Object(m) => m.values().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut out);
    out
}

/// The results `{{States.Step.field}}` templates would see after `events`, read back from the
/// exits' recorded `stages` (what the interpreter keeps per step: a JSONPath state's result
/// after ResultSelector, a JSONata state's output; a caught error records none). The editor's
/// TestState takes them from an earlier execution.
pub fn results_from_history(events: &[crate::history::HistoryEvent]) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::new();
    for ev in events.iter().filter(|e| e.event_type.is_state_exited()) {
        let (Some(name), Some(stages)) = (ev.state.as_deref(), ev.details.get("stages").and_then(Value::as_object)) else { continue };
        let kept = if stages.contains_key("resultPath") {
            if stages.contains_key("error") {
                continue;
            }
            stages.get("resultSelector").or_else(|| stages.get("result"))
        } else {
            stages.get("output")
        };
        if let Some(v) = kept {
            out.insert(name.to_string(), v.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::HashMap;

    #[test]
    fn the_steps_a_value_names_once_each_in_order() {
        let v = json!({"a": "{{States.A.x}} and {{ States.B[0] }}", "b": ["{{States.A.y}}", "{{States.C"], "c": 1});
        assert_eq!(referenced_steps(&v), ["A", "B"]);
    }

    struct R(HashMap<String, Value>);
    impl StepResults for R {
        fn step_result(&self, s: &str) -> Option<Value> {
            self.0.get(s).cloned()
        }
    }

    fn give(t: &str, expected: Result<Value, &str>) {
        let r = R(HashMap::from([("Size".to_string(), json!({"size_mb": 1.5, "tables": ["a", "b"], "meta": {"x": 1}}))]));
        let got = StepTemplate::parse(t).unwrap().render(&r);
        match expected {
            Ok(v) => assert_eq!(got.unwrap(), v, "{t}"),
            Err(fragment) => assert!(got.unwrap_err().cause.contains(fragment), "{t}"),
        }
    }

    #[test]
    fn whole_string_keeps_type_embedded_stringifies() {
        give("{{States.Size.size_mb}}", Ok(json!(1.5)));
        give("{{States.Size.meta}}", Ok(json!({"x": 1})));
        give("DB is {{States.Size.size_mb}} MB", Ok(json!("DB is 1.5 MB")));
        give("t={{States.Size.tables[1]}}!", Ok(json!("t=b!")));
        give("{{ States.Size.meta }}", Ok(json!({"x": 1})));
    }

    #[test]
    fn unknown_step_or_field_fails_naming_the_reference() {
        give("{{States.Nope.x}}", Err("'Nope'"));
        give("x {{States.Size.missing}}", Err("'.missing'"));
        give("{{States.Size.tables[5]}}", Err("[5]"));
        assert!(StepTemplate::parse("{{States.Size.x").is_err());
    }
}
