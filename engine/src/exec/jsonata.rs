//! JSONata states at run time: the `{% … %}` templates of Arguments, Output, Assign, Items,
//! ItemSelector and the single-value fields (Seconds, TimeoutSeconds, Error, …), and how a
//! JSONata state turns its input and result into output and variables.
//!
//! Why apart from `payload.rs`: a JSONata template has no `.$` keys and no paths; any string that
//! is exactly `{% expr %}` is an expression, and every failure is a `States.QueryEvaluationError`
//! whose cause names the expression and its field (`Output/result`), as AWS words it.

use super::machine::{Cx, Step};
use super::plan::JsonataPlan;
use crate::env::Env;
use crate::error::{names, StatesError};
use crate::history::EventType;
use crate::jsonata::{embedded, Expr, Scope, States};
use serde_json::{json, Map, Value};

/// A JSON value in which strings of the form `{% expr %}` are JSONata expressions.
#[derive(Debug, Clone)]
pub enum Ja {
    /// No expression inside: used as written.
    Lit(Value),
    /// An expression and the field it fills (`Output/result`), for causes.
    Expr { expr: Box<Expr>, field: String },
    /// An object with at least one expression inside.
    Object(Vec<(String, Ja)>),
    /// An array with at least one expression inside.
    Array(Vec<Ja>),
}

impl Ja {
    /// Compiles the value of `field`; a syntax error is reported with the field.
    pub fn compile(v: &Value, field: &str) -> Result<Ja, String> {
        Ok(match v {
            Value::String(s) => match embedded(s) {
                Some(src) => {
                    let expr = Expr::parse(src).map_err(|e| format!("{field}: invalid JSONata expression '{}': {e}", src.trim()))?;
                    Ja::Expr { expr: Box::new(expr), field: field.to_string() }
                }
                None => Ja::Lit(v.clone()),
            },
            Value::Object(m) => {
                let parts = m.iter().map(|(k, v)| Ok((k.clone(), Ja::compile(v, &format!("{field}/{k}"))?))).collect::<Result<Vec<_>, String>>()?;
                match parts.iter().all(|(_, p)| matches!(p, Ja::Lit(_))) {
                    true => Ja::Lit(v.clone()),
                    false => Ja::Object(parts),
                }
            }
            Value::Array(a) => {
                let parts = a.iter().enumerate().map(|(i, v)| Ja::compile(v, &format!("{field}[{i}]"))).collect::<Result<Vec<_>, String>>()?;
                match parts.iter().all(|p| matches!(p, Ja::Lit(_))) {
                    true => Ja::Lit(v.clone()),
                    false => Ja::Array(parts),
                }
            }
            other => Ja::Lit(other.clone()),
        })
    }

    /// Compiles an optional field.
    pub fn compile_opt(v: &Option<Value>, field: &str) -> Result<Option<Ja>, String> {
        v.as_ref().map(|v| Ja::compile(v, field)).transpose()
    }

    /// Evaluates the template; a field that evaluates to nothing is an error, as on AWS.
    pub fn eval(&self, scope: &Scope) -> Result<Value, StatesError> {
        match self {
            Ja::Lit(v) => Ok(v.clone()),
            Ja::Expr { expr, field } => match expr.eval(scope) {
                Ok(Some(v)) => Ok(v),
                Ok(None) => Err(query_error(format!(
                    "The JSONata expression '{}' specified for the field '{field}' returned nothing (undefined).",
                    expr.source()
                ))
                .at(field)),
                Err(e) if e.is_unsupported_result() => Err(query_error(format!(
                    "The JSONata expression '{}' specified for the field '{field}' returned an unsupported result type.",
                    expr.source()
                ))
                .at(field)),
                // A JSONata error follows a full stop (". T1006: …"); AWS's own limits, which have
                // no code, a colon (": Expression evaluation memory limit exceeded: …").
                Err(e) => Err(query_error(format!(
                    "The JSONata expression '{}' specified for the field '{field}' threw an error during evaluation{} {e}",
                    expr.source(),
                    if e.code.is_empty() { ":" } else { "." }
                ))
                .at(field)),
            },
            Ja::Object(parts) => {
                let mut m = Map::with_capacity(parts.len());
                for (k, p) in parts {
                    m.insert(k.clone(), p.eval(scope)?);
                }
                Ok(Value::Object(m))
            }
            Ja::Array(parts) => parts.iter().map(|p| p.eval(scope)).collect::<Result<Vec<_>, _>>().map(Value::Array),
        }
    }

    /// Evaluates with `env`'s input, context and variables as `$states.input`, `$states.context`
    /// and `$name` (the single-value fields: Seconds, TimeoutSeconds, Error, …).
    pub fn eval_env(&self, env: &Env) -> Result<Value, StatesError> {
        let states = States { input: env.input, context: env.context, result: None, error_output: None };
        self.eval(&Scope { states, vars: env.vars })
    }

    /// Evaluates and checks the JSON type (`array`, `boolean`, `object`, …) of the result.
    pub fn eval_typed(&self, scope: &Scope, expected: &str) -> Result<Value, StatesError> {
        let v = self.eval(scope)?;
        self.check_type(&v, expected)?;
        Ok(v)
    }

    /// AWS's "returned an unexpected result type" failure when `v` is not of type `expected`.
    pub fn check_type(&self, v: &Value, expected: &str) -> Result<(), StatesError> {
        let actual = type_name(v);
        let matches = actual == expected || (expected == "integer" && v.as_i64().is_some());
        if matches {
            return Ok(());
        }
        let (src, field) = match self {
            Ja::Expr { expr, field } => (expr.source().to_string(), field.as_str()),
            _ => (super::payload::compact(v), ""),
        };
        Err(query_error(format!(
            "The JSONata expression '{src}' specified for the field '{field}' returned an unexpected result type. Expected '{expected}', but was '{actual}' for value: {}",
            super::payload::compact(v)
        ))
        .at(field))
    }
}

/// A `States.QueryEvaluationError` with `cause`.
pub fn query_error(cause: impl Into<String>) -> StatesError {
    StatesError::new(names::QUERY_EVALUATION_ERROR, cause)
}

/// JSON type names as AWS prints them.
fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// What a JSONata state produced besides its input: the default output and what
/// `$states.result` / `$states.errorOutput` hold.
enum Produced {
    /// Pass, Choice, Wait, Succeed.
    Nothing,
    /// A Task, Parallel or Map result.
    Result(Value),
    /// `{Error, Cause}` in a Catch.
    ErrorOutput(Value),
}

/// The two fields that make a JSONata state's output and variables: the state's own, or a matched
/// Choice rule's or a catcher's.
#[derive(Clone, Copy)]
pub(crate) struct OutputAssign<'x> {
    /// Output (absent: the default output).
    pub output: Option<&'x Ja>,
    /// Assign.
    pub assign: Option<&'x Ja>,
}

impl<'x> From<&'x JsonataPlan> for OutputAssign<'x> {
    fn from(p: &'x JsonataPlan) -> Self {
        OutputAssign { output: p.output.as_ref(), assign: p.assign.as_ref() }
    }
}

impl Cx<'_, '_> {
    /// The JSONata fields of this state (only called for JSONata states).
    pub(crate) fn ja(&self) -> Option<&JsonataPlan> {
        self.st.jsonata.as_deref()
    }

    /// A scope over this state's input, context and variables.
    pub(crate) fn ja_scope<'x>(&'x self, input: &'x Value, ctx: &'x Value, result: Option<&'x Value>, error_output: Option<&'x Value>) -> Scope<'x> {
        Scope { states: States { input, context: ctx, result, error_output }, vars: self.vars }
    }

    /// Output and Assign of a JSONata state: Output defaults to the result (Task, Parallel, Map),
    /// else to the input; both see the variables as they were before the state.
    pub(crate) fn ja_finish(&self, fields: OutputAssign, raw_input: Value, result: Option<Value>, ctx: &Value) -> Result<Step, StatesError> {
        let produced = match result {
            Some(r) => Produced::Result(r),
            None => Produced::Nothing,
        };
        self.ja_step(fields, raw_input, produced, ctx, self.st.next)
    }

    /// The Catch of a JSONata state: `$states.errorOutput` is `{Error, Cause}`, the default output.
    pub(crate) fn ja_catch(&self, fields: OutputAssign, raw_input: Value, err_out: Value, ctx: &Value, next: usize) -> Result<Step, StatesError> {
        self.ja_step(fields, raw_input, Produced::ErrorOutput(err_out), ctx, Some(next))
    }

    fn ja_step(&self, fields: OutputAssign, raw_input: Value, produced: Produced, ctx: &Value, next: Option<usize>) -> Result<Step, StatesError> {
        let (result, error_output) = match &produced {
            Produced::Nothing => (None, None),
            Produced::Result(r) => (Some(r), None),
            Produced::ErrorOutput(e) => (None, Some(e)),
        };
        let scope = self.ja_scope(&raw_input, ctx, result, error_output);
        let assign = match fields.assign {
            None => None,
            Some(t) => match t.eval(&scope).map_err(|e| self.fail(e))? {
                Value::Object(m) => Some(m),
                other => {
                    let e = query_error(format!("The Assign field must be an object, but was: {}", super::payload::compact(&other)));
                    return Err(self.fail(e.at("Assign")));
                }
            },
        };
        let output = fields.output.map(|t| t.eval(&scope)).transpose().map_err(|e| self.fail(e))?;
        let stages = self.run.rec.wants().then(|| {
            let mut s = Map::new();
            if let Some(r) = result {
                s.insert("result".into(), r.clone());
            }
            if let Some(e) = error_output {
                s.insert("error".into(), e.clone());
            }
            Box::new(s)
        });
        // A caught failure leaves the step without a result for `{{States.X}}` templates, as in
        // a JSONPath state; what its Catch made of the error is the state's output.
        if let Some(e) = error_output {
            let text = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
            let failure = StatesError::new(text("Error"), text("Cause"));
            self.run.record_failure(&self.st.name, &failure, Some("is the state's output ($states.errorOutput, unless the Catch's Output made another)".into()));
        }
        let caught = error_output.is_some();
        let output = match (output, produced) {
            (Some(o), _) => o,
            (None, Produced::Result(v) | Produced::ErrorOutput(v)) => v,
            (None, Produced::Nothing) => raw_input,
        };
        let stages = stages.map(|mut s| {
            s.insert("output".into(), output.clone());
            s
        });
        if !caught {
            self.run.record_step(&self.st.name, &output);
        }
        super::dataflow::check_size(&output, self.run.ex.options.max_payload_bytes, &self.st.name)?;
        Ok(Step { output, next, assign, stages })
    }

    /// Records AWS's `EvaluationFailed` event for `e`, raised by the expression of the field
    /// `location`. AWS records it as soon as the expression fails, whatever Retry or Catch then
    /// decide, and links it to the event the state was entered after (so its previous event
    /// is the `StateEntered`'s previous one). Returns `e`, or the history-limit error.
    pub(crate) fn evaluation_failed(&self, e: StatesError, location: &str) -> StatesError {
        let details = || {
            let mut d = json!({"error": e.error, "cause": e.cause, "state": &*self.st.name});
            if !location.is_empty() {
                d["location"] = Value::from(location);
            }
            d
        };
        let previous = self.entered_after;
        match self.run.emit_after(EventType::EvaluationFailed, previous, &self.frame.scope, Some(&self.st.name), details) {
            Ok(id) => {
                self.frame.follow(id);
                e
            }
            Err(limit) => limit,
        }
    }

    /// Arguments of a Task or Parallel (the input when absent).
    pub(crate) fn ja_arguments(&self, plan: &JsonataPlan, input: &Value, ctx: &Value) -> Result<Value, StatesError> {
        match &plan.arguments {
            Some(t) => t.eval(&self.ja_scope(input, ctx, None, None)).map_err(|e| self.fail(e)),
            None => Ok(input.clone()),
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde_json::json;

    /// The cause of evaluating `{% expr %}` in the field `Output` against `{}`.
    fn cause(expr: &str) -> String {
        let input = json!({});
        let states = States { input: &input, context: &Value::Null, result: None, error_output: None };
        let template = Ja::compile(&json!(format!("{{% {expr} %}}")), "Output").unwrap();
        template.eval(&Scope { states, vars: &crate::env::NoVars }).unwrap_err().cause
    }

    #[test]
    fn evaluation_errors_are_worded_as_aws_words_them() {
        let threw = |expr: &str| format!("The JSONata expression '{expr}' specified for the field 'Output' threw an error during evaluation");
        // A JSONata error follows a full stop, with its code.
        assert_eq!(cause("$x()"), format!("{}. T1006: Attempted to invoke a non-function", threw("$x()")));
        // AWS's own limits have no code, and follow a colon.
        let memory = "Expression evaluation memory limit exceeded: Check for excessive memory usage";
        assert_eq!(cause("$pad('x', 1e9)"), format!("{}: {memory}", threw("$pad('x', 1e9)")));
        let deep = "($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(1000))";
        let overflow = "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive.";
        assert_eq!(cause(deep), format!("{}: {overflow}", threw(deep)));
    }
}
