//! JSONata expressions (`"{% … %}"` in a `QueryLanguage: "JSONata"` state): parse once, evaluate
//! against `$states` and the workflow variables.
//!
//! Why a crate and not our own interpreter: JSONata is a whole language (paths, lambdas, regexes,
//! 60-odd functions, sequences that flatten). `seuil` evaluates it with the reference
//! implementation's semantics and error codes (`T1006: Attempted to invoke a non-function`, which
//! AWS quotes in its causes), keeps object key order (AWS prints `Output` in the order written)
//! and exposes its evaluator, so we can bind `$states` without copying and add the functions
//! Step Functions adds (`functions.rs`, which also hides `seuil`'s `$flatten`, not a jsonata-js
//! function). `jsonata-rs` was measured too: it lost key order and lacks `$average`, `$spread`,
//! `$sift` and `$type`.
//!
//! Why native only: `seuil` pulls in `rand` and `uuid`, whose `getrandom` has no backend for
//! `wasm32-unknown-unknown`. The browser only validates (`crate::validate`, which checks the
//! syntax with its own `validate::jsonata_syntax`), so on wasm [`Expr::eval`] answers with an error
//! and nothing of the evaluator is linked.
//!
//! Layout: this file is the API ([`Expr`], [`Scope`], [`JsonataError`]); `eval.rs` the glue to
//! `seuil` (values in and out, undefined kept apart from null, integral numbers as integers;
//! `exact.rs` keeps integers beyond 2^53 exact when they pass through; `messages.rs` words errors
//! as jsonata-js and AWS do; `arity.rs` refuses surplus arguments); `functions.rs` AWS's
//! `$partition`, `$range`, `$hash`, `$random`, `$uuid`, `$parse`; `format.rs`,
//! `format_number.rs` and `integer.rs` the JSONata functions `seuil` lacks (`$formatBase`,
//! `$formatNumber`, `$formatInteger`, `$parseInteger`), as does `url.rs` (`$encodeUrl`, …);
//! `string.rs` `$string` (and `&`, through `operators.rs`) with JavaScript's number notation
//! (`1e+21`); `sequences.rs` the functions whose results `seuil` marks as sequences otherwise
//! than jsonata-js (`$map([1], f)` is `1`, `$append(1, [])` is `[1]`), and `$distinct` with
//! jsonata-js's deep equality (`0` and `-0` alike); `limits.rs` AWS's memory
//! limit on one value and the cap on an evaluation's arena, and bounds `seuil`'s functions that a
//! large argument would make overflow or allocate without limit.

#[cfg(not(target_arch = "wasm32"))]
mod arity;
#[cfg(not(target_arch = "wasm32"))]
mod eval;
#[cfg(not(target_arch = "wasm32"))]
mod exact;
#[cfg(not(target_arch = "wasm32"))]
mod format;
#[cfg(not(target_arch = "wasm32"))]
mod format_number;
#[cfg(not(target_arch = "wasm32"))]
mod functions;
#[cfg(not(target_arch = "wasm32"))]
mod integer;
#[cfg(not(target_arch = "wasm32"))]
mod limits;
#[cfg(not(target_arch = "wasm32"))]
mod messages;
#[cfg(not(target_arch = "wasm32"))]
mod operators;
#[cfg(not(target_arch = "wasm32"))]
mod sequences;
#[cfg(not(target_arch = "wasm32"))]
mod string;
#[cfg(not(target_arch = "wasm32"))]
mod url;

use crate::env::Vars;
use serde_json::Value;

/// A JSONata failure: the reference implementation's code (`T1006`, `S0201`, `D3137`…) and its
/// message, shown as AWS shows them: `T1006: Attempted to invoke a non-function` (AWS's own
/// limits have no code: `Expression evaluation memory limit exceeded: Check for excessive memory
/// usage`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}{message}", if code.is_empty() { String::new() } else { format!("{code}: ") })]
pub struct JsonataError {
    /// The JSONata error code.
    pub code: String,
    /// What went wrong.
    pub message: String,
}

impl JsonataError {
    /// The code of a result JSON cannot hold (a function): AWS reports it without a JSONata code.
    pub const UNSUPPORTED_RESULT: &'static str = "unsupported";

    /// Whether the expression ran but gave a function or another value JSON cannot hold.
    pub fn is_unsupported_result(&self) -> bool {
        self.code == Self::UNSUPPORTED_RESULT
    }
}

/// What `$states` holds for one evaluation; `None` fields are absent (undefined).
#[derive(Clone, Copy)]
pub struct States<'a> {
    /// `$states.input`: the state's raw input.
    pub input: &'a Value,
    /// `$states.context`: the context object (`Null` when the state never reads it).
    pub context: &'a Value,
    /// `$states.result`: a Task, Parallel or Map result (in Output and Assign).
    pub result: Option<&'a Value>,
    /// `$states.errorOutput`: `{Error, Cause}` inside a Catch's Output and Assign.
    pub error_output: Option<&'a Value>,
}

/// Everything an expression can read: `$states` and the variables in scope (`$name`).
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    /// `$states`.
    pub states: States<'a>,
    /// Workflow variables assigned so far (`Assign`), this scope and the enclosing ones.
    pub vars: &'a dyn Vars,
}

/// A parsed JSONata expression (the text between `{%` and `%}`).
#[derive(Debug, Clone)]
pub struct Expr {
    source: String,
    /// `$name` references, so only the variables an expression mentions are converted.
    vars: Vec<String>,
    /// The members of `$states` it mentions, so only those are converted (`$states.input` of a
    /// large payload costs a copy into the evaluator's arena per evaluation).
    reads: Reads,
    #[cfg(not(target_arch = "wasm32"))]
    ast: seuil::parser::ast::Ast,
}

impl Expr {
    /// Parses `source` (without the `{% %}` delimiters; surrounding blanks are dropped).
    pub fn parse(source: &str) -> Result<Expr, JsonataError> {
        let source = source.trim().to_string();
        let vars = var_names(&source);
        let reads = Reads::of(&source);
        #[cfg(not(target_arch = "wasm32"))]
        {
            let ast = eval::parse(&source)?;
            Ok(Expr { source, vars, reads, ast })
        }
        #[cfg(target_arch = "wasm32")]
        Ok(Expr { source, vars, reads })
    }

    /// The expression's text, as AWS quotes it in causes.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Evaluates the expression; `Ok(None)` is JSONata's `undefined` (nothing matched).
    pub fn eval(&self, scope: &Scope) -> Result<Option<Value>, JsonataError> {
        #[cfg(not(target_arch = "wasm32"))]
        {
            eval::evaluate(&self.ast, &self.vars, self.reads, scope)
        }
        #[cfg(target_arch = "wasm32")]
        {
            let _ = (scope, &self.vars, self.reads);
            Err(JsonataError { code: "U0000".into(), message: "JSONata is not evaluated in this build".into() })
        }
    }
}

/// Which members of `$states` an expression mentions (all of them when it uses `$states` whole).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Reads {
    /// `$states.input`.
    pub input: bool,
    /// `$states.context`.
    pub context: bool,
    /// `$states.result`.
    pub result: bool,
    /// `$states.errorOutput`.
    pub error_output: bool,
}

impl Reads {
    fn of(source: &str) -> Reads {
        let mut r = Reads::default();
        for (i, _) in source.match_indices("$states") {
            let rest = &source[i + "$states".len()..];
            let Some(member) = rest.strip_prefix('.') else {
                return Reads { input: true, context: true, result: true, error_output: true };
            };
            r.input |= member.starts_with("input");
            r.context |= member.starts_with("context");
            r.result |= member.starts_with("result");
            r.error_output |= member.starts_with("errorOutput");
        }
        r
    }
}

/// The `"{% expr %}"` form: the expression text when `s` is one.
pub fn embedded(s: &str) -> Option<&str> {
    s.strip_prefix("{%")?.strip_suffix("%}")
}

/// Names after `$` that could be variables (`$states` and built-in functions are skipped at bind
/// time, when they are not defined as variables).
fn var_names(source: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut rest = source;
    while let Some(i) = rest.find('$') {
        rest = &rest[i + 1..];
        let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
        let name = &rest[..end];
        if !name.is_empty() && name != "states" && !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
        rest = &rest[end..];
    }
    names
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
