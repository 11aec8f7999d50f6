//! Payload templates (`Parameters`, `ResultSelector`, `ItemSelector`, `Assign`), compiled once.
//!
//! Keys ending in `.$` take a path or an intrinsic call; other values are literal, except
//! strings holding the original WorkflowManager's `{{States.Step.field}}` templates.

use super::steptemplate::{NoResult, StepTemplate};
use crate::env::Env;
use crate::error::StatesError;
use crate::intrinsics::{self, Intrinsic};
use crate::path::Path;
use serde_json::{Map, Value};

/// Earlier steps' results by state name, for `{{States.Step.field}}`.
pub trait StepResults {
    /// The recorded result of `step`, or why there is none.
    fn step_result(&self, step: &str) -> Result<Value, NoResult>;
}

/// A compiled payload template.
#[derive(Debug, Clone)]
pub enum Template {
    /// No dynamic part below this point.
    Literal(Value),
    /// An object with at least one dynamic member.
    Object(Vec<(String, Template)>),
    /// An array with at least one dynamic element.
    Array(Vec<Template>),
    /// `"key.$": "$.path"`; `field` is the key as written (for messages).
    Path { path: Path, field: String },
    /// `"key.$": "States.Fn(...)"`.
    Intrinsic { call: Box<Intrinsic>, field: String },
    /// A string with `{{States.Step.field}}` references.
    Steps(StepTemplate),
}

impl Template {
    /// Compiles a payload template; errors name the offending field.
    pub fn compile(v: &Value) -> Result<Template, String> {
        Self::compile_inner(v, Some(""))
    }

    /// Compiles the payload template of the field `field` (`Parameters`), whose
    /// `{{States.Step.field}}` templates then say where they are when they fail
    /// (`Parameters/prompt`).
    pub fn compile_in(v: &Value, field: &str) -> Result<Template, String> {
        Self::compile_inner(v, Some(field))
    }

    /// Compiles a template in which `{{States.…}}` strings stay literal (ResultSelector, Assign).
    pub fn compile_plain(v: &Value) -> Result<Template, String> {
        Self::compile_inner(v, None)
    }

    /// `steps`: where `{{States.…}}` templates are (the field so far), None when they are not.
    fn compile_inner(v: &Value, steps: Option<&str>) -> Result<Template, String> {
        let inside = |key: &str| steps.map(|at| if at.is_empty() { key.to_string() } else { format!("{at}/{key}") });
        match v {
            Value::Object(m) => {
                let mut out = Vec::with_capacity(m.len());
                let mut dynamic = false;
                for (k, v) in m {
                    let t = match k.strip_suffix(".$") {
                        Some(key) => {
                            dynamic = true;
                            let expr = v.as_str().ok_or_else(|| format!("the value of '{k}' must be a path or an intrinsic function"))?;
                            (key.to_string(), Self::dynamic(expr, k)?)
                        }
                        None => {
                            let t = Self::compile_inner(v, inside(k).as_deref())?;
                            dynamic |= !matches!(t, Template::Literal(_));
                            (k.clone(), t)
                        }
                    };
                    out.push(t);
                }
                Ok(if dynamic { Template::Object(out) } else { Template::Literal(v.clone()) })
            }
            Value::Array(a) => {
                let items: Vec<Template> =
                    a.iter().enumerate().map(|(i, x)| Self::compile_inner(x, inside(&i.to_string()).as_deref())).collect::<Result<_, _>>()?;
                if items.iter().all(|t| matches!(t, Template::Literal(_))) {
                    Ok(Template::Literal(v.clone()))
                } else {
                    Ok(Template::Array(items))
                }
            }
            Value::String(s) if steps.is_some() && StepTemplate::has_refs(s) => Ok(Template::Steps(StepTemplate::parse(s)?.at(steps.unwrap_or_default()))),
            _ => Ok(Template::Literal(v.clone())),
        }
    }

    fn dynamic(expr: &str, field: &str) -> Result<Template, String> {
        if intrinsics::is_intrinsic(expr) {
            let call = intrinsics::parse(expr).map_err(|e| format!("'{field}': {e}"))?;
            Ok(Template::Intrinsic { call: Box::new(call), field: field.to_string() })
        } else {
            let path = Path::parse(expr).map_err(|e| format!("'{field}': {e}"))?;
            Ok(Template::Path { path, field: field.to_string() })
        }
    }

    /// Evaluates against `env`; errors carry AWS's wording (without the state prefix).
    pub fn eval(&self, env: &Env, steps: &dyn StepResults) -> Result<Value, StatesError> {
        match self {
            Template::Literal(v) => Ok(v.clone()),
            Template::Object(members) => {
                let mut m = Map::with_capacity(members.len());
                for (k, t) in members {
                    m.insert(k.clone(), t.eval(env, steps)?);
                }
                Ok(Value::Object(m))
            }
            Template::Array(items) => items.iter().map(|t| t.eval(env, steps)).collect::<Result<Vec<_>, _>>().map(Value::Array),
            Template::Path { path, field } => path.eval(env).map_err(|_| {
                StatesError::runtime(format!(
                    "The JSONPath '{}' specified for the field '{}' could not be found in the input '{}'",
                    path.as_str(),
                    field,
                    compact(env.input)
                ))
            }),
            Template::Intrinsic { call, .. } => call.eval(env),
            Template::Steps(t) => t.render(steps),
        }
    }

    /// True when evaluation never depends on the input.
    pub fn is_literal(&self) -> bool {
        matches!(self, Template::Literal(_))
    }
}

/// Compact JSON text as AWS quotes it in causes.
pub fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}
