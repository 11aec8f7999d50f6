//! The original WorkflowManager's `{{States.StepName.field}}` templates.
//!
//! A template inside any string of `Parameters` (and a Map's `ItemSelector` and ItemBatcher
//! `BatchInput`) refers to an earlier step's result. A whole-string template keeps the JSON type
//! (an object stays an object); embedded ones are stringified.
//!
//! A reference that cannot be resolved fails the state with `States.Runtime`, and its cause says
//! why, where and what to do: which template in which field, and whether the step is no state of
//! the machine (which `engine::validate` reports before any run, `INVALID_STEP_TEMPLATE`), has
//! not run yet, is a state type that has no result, has not finished, or failed (with its error,
//! and where its Catch put the error output instead), or whether the result lacks the field.
//! Silently rendering an empty string would hide mistakes in prompts.
//!
//! Why `States.Runtime`, which no Retry or Catch sees: the template is our extension, but its
//! closest ASL counterpart, a `Parameters` path (`"x.$": "$.missing"`) that finds nothing, is a
//! `States.Runtime` on AWS, terminal, because it is a fault of the definition or of its data
//! flow, not of the work: retrying cannot make the result appear, and a Catch that routed on it
//! would hide a mistake that a user who knows AWS expects to stop the execution, with the state
//! named (the cause begins with AWS's "An error occurred while executing the state 'X' (entered
//! at the event id #N)") and the template located (its field, e.g. `Parameters/prompt`).

use super::payload::StepResults;
use crate::error::StatesError;
use serde_json::Value;
use std::collections::HashSet;

/// Why a step that a template names has no result to give.
#[derive(Debug, Clone, PartialEq)]
pub enum NoResult {
    /// No state of the machine has the name.
    NoSuchState,
    /// The state has not been entered in this execution.
    NotRun,
    /// The state was entered and has no result: a type that never has one (Choice, Wait,
    /// Succeed), or one that has not finished (still running, or cancelled).
    Unfinished {
        /// Its `Type`.
        type_name: &'static str,
    },
    /// The state's latest run failed.
    Failed {
        /// The error name.
        error: String,
        /// The error's cause.
        cause: String,
        /// Where the Catch that handled the error put its output (`{"Error", "Cause"}`), in
        /// words; None when no Catch of the state handled it.
        caught: Option<String>,
    },
}

/// What an execution knows of a step, for templates: its result, or why it has none.
#[derive(Debug, Clone)]
pub(crate) enum StepRecord {
    /// Its latest result (after ResultSelector; a JSONata state's output).
    Result(Value),
    /// Entered, no result yet (or a type without one).
    Entered(&'static str),
    /// Its latest run failed (see [`NoResult::Failed`]).
    Failed { error: String, cause: String, caught: Option<String> },
}

impl StepRecord {
    /// The record as a template sees it.
    pub(crate) fn get(&self) -> Result<Value, NoResult> {
        match self {
            StepRecord::Result(v) => Ok(v.clone()),
            StepRecord::Entered(type_name) => Err(NoResult::Unfinished { type_name }),
            StepRecord::Failed { error, cause, caught } => Err(NoResult::Failed { error: error.clone(), cause: cause.clone(), caught: caught.clone() }),
        }
    }
}

/// Every state name of the definition `def` (a state machine as JSON), nested ones (Parallel
/// branches, Map processors) included.
pub fn state_names(def: &Value) -> HashSet<String> {
    fn walk(m: &Value, out: &mut HashSet<String>) {
        let Some(states) = m.get("States").and_then(Value::as_object) else { return };
        for (name, st) in states {
            out.insert(name.clone());
            st.get("Branches").and_then(Value::as_array).into_iter().flatten().for_each(|b| walk(b, out));
            for processor in ["ItemProcessor", "Iterator"] {
                st.get(processor).into_iter().for_each(|p| walk(p, out));
            }
        }
    }
    let mut out = HashSet::new();
    walk(def, &mut out);
    out
}

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
    /// Where the string is, for messages: the payload field and the path inside it
    /// (`Parameters/prompt`, `ItemSelector/messages/0/content`); empty when unknown.
    field: String,
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
        Ok(StepTemplate { parts, field: String::new() })
    }

    /// The same template, located at `field` (see `field`).
    pub fn at(mut self, field: impl Into<String>) -> Self {
        self.field = field.into();
        self
    }

    /// Each reference as written (`States.Size.bytes`) and the step it names, in order.
    pub fn references(&self) -> impl Iterator<Item = (&str, &str)> {
        self.parts.iter().filter_map(|p| match p {
            Part::Ref { raw, step, .. } => Some((raw.as_str(), step.as_str())),
            Part::Text(_) => None,
        })
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
            return self.resolve(raw, step, segs, steps);
        }
        let mut out = String::new();
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Ref { raw, step, segs } => match self.resolve(raw, step, segs, steps)? {
                    Value::String(s) => out.push_str(&s),
                    v => out.push_str(&v.to_string()),
                },
            }
        }
        Ok(Value::String(out))
    }

    /// The value one reference names, or a `States.Runtime` saying why there is none.
    fn resolve(&self, raw: &str, step: &str, segs: &[Seg], steps: &dyn StepResults) -> Result<Value, StatesError> {
        let reference = match self.field.as_str() {
            "" => format!("The template reference '{{{{{raw}}}}}'"),
            field => format!("The template reference '{{{{{raw}}}}}' in the field '{field}'"),
        };
        let mut v = steps.step_result(step).map_err(|why| StatesError::runtime(format!("{reference} names the step '{step}', {}", explain(step, &why))))?;
        for (i, s) in segs.iter().enumerate() {
            let next = match (s, &mut v) {
                (Seg::Field(f), Value::Object(m)) => m.remove(f),
                (Seg::Index(i), Value::Array(a)) if *i < a.len() => Some(a.swap_remove(*i)),
                _ => None,
            };
            v = next.ok_or_else(|| {
                let upto: Vec<String> = segs[..=i].iter().map(|s| match s { Seg::Field(f) => format!(".{f}"), Seg::Index(n) => format!("[{n}]") }).collect();
                StatesError::runtime(format!("{reference} could not be resolved: the result of step '{step}' has no '{}'", upto.concat()))
            })?;
        }
        Ok(v)
    }
}

/// The rest of the message for a step without a result: what happened, and what would work.
fn explain(step: &str, why: &NoResult) -> String {
    match why {
        NoResult::NoSuchState => format!("but the state machine has no state named '{step}'."),
        NoResult::NotRun => "which has not run yet in this execution, so it has no result to give.".into(),
        NoResult::Unfinished { type_name: t @ ("Choice" | "Wait" | "Succeed" | "Fail") } => {
            format!("a {t} state, which produces no result; name a Task, Pass, Parallel or Map state.")
        }
        NoResult::Unfinished { .. } => "which has not finished (it is still running, or was cancelled), so it has no result yet.".into(),
        NoResult::Failed { error, cause, caught } => {
            let failed = match cause.is_empty() {
                true => format!("whose latest run failed with the error '{error}'"),
                false => format!("whose latest run failed with the error '{error}' ({})", shorten(cause)),
            };
            match caught {
                Some(placed) => format!("{failed}; its Catch handled the error, so the step has no result: the Catch's output, {{\"Error\", \"Cause\"}}, {placed}."),
                None => format!("{failed}, so it has no result."),
            }
        }
    }
}

/// A cause as quoted in another message: at most 200 characters.
fn shorten(cause: &str) -> String {
    match cause.char_indices().nth(200) {
        Some((at, _)) => format!("{}…", &cause[..at]),
        None => cause.to_string(),
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
/// after ResultSelector, a JSONata state's output; a caught error records none, and hides the
/// result of an earlier run of the step). The editor's TestState takes them from an earlier
/// execution.
pub fn results_from_history(events: &[crate::history::HistoryEvent]) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::new();
    for ev in events.iter().filter(|e| e.event_type.is_state_exited()) {
        let (Some(name), Some(stages)) = (ev.state.as_deref(), ev.details.get("stages").and_then(Value::as_object)) else { continue };
        if stages.contains_key("error") {
            // Caught: the step has no result (its latest run failed).
            out.remove(name);
            continue;
        }
        let kept = match stages.contains_key("resultPath") {
            true => stages.get("resultSelector").or_else(|| stages.get("result")),
            false => stages.get("output"),
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
        fn step_result(&self, s: &str) -> Result<Value, NoResult> {
            self.0.get(s).cloned().ok_or(NoResult::NoSuchState)
        }
    }

    /// Every step is missing for the same reason.
    struct Missing(NoResult);
    impl StepResults for Missing {
        fn step_result(&self, _s: &str) -> Result<Value, NoResult> {
            Err(self.0.clone())
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

    /// The cause says which template, where, and why the step has no result.
    #[test]
    fn a_missing_result_says_why_and_where() {
        let t = StepTemplate::parse("Summarize {{States.Fetch.rows}}").unwrap().at("Parameters/prompt");
        let cause = |why: NoResult| t.render(&Missing(why)).unwrap_err();
        let e = cause(NoResult::Failed { error: "DB.Down".into(), cause: "no route".into(), caught: Some("is at '$.error' in the input of the state the Catch went to (its ResultPath)".into()) });
        assert_eq!(e.error, "States.Runtime");
        assert_eq!(
            e.cause,
            "The template reference '{{States.Fetch.rows}}' in the field 'Parameters/prompt' names the step 'Fetch', whose latest run \
             failed with the error 'DB.Down' (no route); its Catch handled the error, so the step has no result: the Catch's output, \
             {\"Error\", \"Cause\"}, is at '$.error' in the input of the state the Catch went to (its ResultPath)."
        );
        let e = cause(NoResult::Failed { error: "States.Timeout".into(), cause: String::new(), caught: None });
        assert!(e.cause.ends_with("names the step 'Fetch', whose latest run failed with the error 'States.Timeout', so it has no result."), "{}", e.cause);
        for (why, says) in [
            (NoResult::NoSuchState, "names the step 'Fetch', but the state machine has no state named 'Fetch'."),
            (NoResult::NotRun, "names the step 'Fetch', which has not run yet in this execution, so it has no result to give."),
            (NoResult::Unfinished { type_name: "Choice" }, "names the step 'Fetch', a Choice state, which produces no result; name a Task, Pass, Parallel or Map state."),
            (NoResult::Unfinished { type_name: "Task" }, "names the step 'Fetch', which has not finished (it is still running, or was cancelled), so it has no result yet."),
        ] {
            let e = cause(why);
            assert!(e.cause.starts_with("The template reference '{{States.Fetch.rows}}' in the field 'Parameters/prompt' "), "{}", e.cause);
            assert!(e.cause.ends_with(says), "{}", e.cause);
        }
    }
}
