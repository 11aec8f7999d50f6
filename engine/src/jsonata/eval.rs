//! The glue to `seuil`: parse, bind `$states` and the variables, evaluate, convert back.
//!
//! Values go in through `seuil`'s arena (`Value::from_json`), so nothing is cloned as
//! `serde_json`; they come back with JSONata's `undefined` kept apart from `null` (AWS fails a
//! field that evaluates to nothing) and with integral numbers as JSON integers (JSONata numbers are
//! doubles, AWS prints `6`, not `6.0`). Each evaluation has its own arena, capped at
//! `limits::ARENA_LIMIT`, and its result is refused beyond AWS's limit on one value.

use super::exact::Exact;
use super::{arity, functions, limits, JsonataError, Reads, Scope};
use bumpalo::Bump;
use seuil::evaluator::engine::Evaluator;
use seuil::evaluator::value::Value as JValue;
use seuil::parser::ast::Ast;
use serde_json::{Map, Number, Value};
use std::cell::Cell;
use std::panic::AssertUnwindSafe;
use std::sync::Once;

/// Nesting allowed inside one expression: AWS refuses one level past 100, and a deeper limit
/// would overflow the small stacks that execution futures run on.
const MAX_DEPTH: usize = 100;
/// Wall-clock budget of one evaluation (JSONata's default, as on AWS), so a runaway expression
/// fails instead of hanging a state.
const TIME_LIMIT_MS: u64 = 5_000;

/// Parses an expression, with `&` and `..` routed to our natives (`operators.rs`).
pub(super) fn parse(source: &str) -> Result<Ast, JsonataError> {
    let mut ast = seuil::parser::parse(source).map_err(error)?;
    super::operators::rewrite(&mut ast);
    Ok(ast)
}

/// Stack an evaluation must find free, else it runs on a fresh segment of [`STACK_SIZE`]: `seuil`
/// spends tens of kilobytes of stack per nesting level (more in debug builds), far beyond the
/// 2 MiB of a runtime's worker thread at the 100 levels AWS allows. The segment is reserved, not
/// committed, so only the pages an evaluation touches cost memory.
const RED_ZONE: usize = 64 << 20;
/// See [`RED_ZONE`].
const STACK_SIZE: usize = 256 << 20;

/// Evaluates `ast` with `$states` and the named variables of `scope` bound.
/// A panic inside `seuil` (an arithmetic overflow on an extreme argument, or `bumpalo` refusing to
/// grow the arena past its cap) fails this evaluation instead of the execution's task, so the
/// state fails with `States.QueryEvaluationError`, and prints nothing (see [`Quiet`]).
pub(super) fn evaluate(ast: &Ast, vars: &[String], reads: Reads, scope: &Scope) -> Result<Option<Value>, JsonataError> {
    let arena = Bump::new();
    arena.set_allocation_limit(Some(limits::ARENA_LIMIT));
    let run = AssertUnwindSafe(|| stacker::maybe_grow(RED_ZONE, STACK_SIZE, || evaluate_here(&arena, ast, vars, reads, scope)));
    let caught = {
        let _quiet = Quiet::new();
        std::panic::catch_unwind(run)
    };
    caught.unwrap_or_else(|panic| {
        let what = panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned());
        let what = what.unwrap_or_else(|| "unknown error".into());
        // `bumpalo`'s words for an allocation the cap refused.
        let message = match what == "out of memory" || what.starts_with("encountered allocation error") {
            true => limits::MEMORY_LIMIT.to_string(),
            false => format!("The JSONata evaluator failed: {what}"),
        };
        Err(JsonataError { code: String::new(), message })
    })
}

thread_local! {
    /// Whether this thread is inside [`evaluate`], where a panic is caught and becomes an error.
    static EVALUATING: Cell<bool> = const { Cell::new(false) };
}

/// While alive, a panic on this thread prints nothing: [`evaluate`] reports it as an error, and
/// the default hook's message and backtrace on stderr (a log line per refused expression) would
/// only be noise. Panics elsewhere, and on other threads, go to the hook installed before ours,
/// which ours wraps (installed once, on the first evaluation; a hook set later replaces it, so the
/// noise could come back, but no panic is ever hidden outside an evaluation).
struct Quiet {
    was: bool,
}

impl Quiet {
    fn new() -> Quiet {
        static INSTALL: Once = Once::new();
        INSTALL.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                if !EVALUATING.try_with(Cell::get).unwrap_or(false) {
                    previous(info);
                }
            }));
        });
        Quiet { was: EVALUATING.replace(true) }
    }
}

impl Drop for Quiet {
    fn drop(&mut self) {
        EVALUATING.set(self.was);
    }
}

fn evaluate_here(arena: &Bump, ast: &Ast, vars: &[String], reads: Reads, scope: &Scope) -> Result<Option<Value>, JsonataError> {
    let env = seuil::clock::RealEnvironment::new();
    let ev = Evaluator::new(arena, &env, None, MAX_DEPTH, Some(TIME_LIMIT_MS));
    ev.bind_natives();
    functions::bind(&ev, arena);
    let mut exact = Exact::default();
    ev.bind("states", states(arena, &mut exact, reads, scope));
    for name in vars {
        if let Some(v) = scope.vars.get_var(name) {
            ev.bind(arena.alloc_str(name), exact.from_json(arena, v));
        } else if let Some((arity, func)) = arity::native(name) {
            ev.bind(arena.alloc_str(name), arena.alloc(JValue::NativeFn { name: name.clone(), arity, func }));
        }
    }
    let out = ev.evaluate(ast, JValue::undefined(arena)).map_err(error)?;
    if out.is_function() {
        let message = "a function is not a JSON value".to_string();
        return Err(JsonataError { code: JsonataError::UNSUPPORTED_RESULT.into(), message });
    }
    limits::check_value(out).map_err(error)?;
    Ok(to_json(out, &exact))
}

/// `$states` as a JSONata object: the members this evaluation has and the expression reads.
fn states<'a>(arena: &'a Bump, exact: &mut Exact, reads: Reads, scope: &Scope) -> &'a JValue<'a> {
    let s = &scope.states;
    let obj = JValue::object_with_capacity(arena, 4);
    let members = [("input", reads.input, Some(s.input)), ("context", reads.context, Some(s.context)), ("result", reads.result, s.result), ("errorOutput", reads.error_output, s.error_output)];
    for (name, read, value) in members {
        if let (true, Some(v)) = (read, value) {
            obj.insert(name, exact.from_json(arena, v));
        }
    }
    obj
}

/// `seuil`'s error as code + message, worded as jsonata-js words it (`messages.rs`). AWS's own
/// bounds have no code: the memory and nesting limits in AWS's words (recorded with TestState,
/// floci-io/floci#2737, which are jsonata-js's timebox's for nesting), the time limit in the
/// timebox's.
pub(super) fn error(e: seuil::Error) -> JsonataError {
    let bound = |message: &str| JsonataError { code: String::new(), message: message.into() };
    match &e {
        seuil::Error::D3137Error(m) if m == limits::MEMORY_LIMIT => return bound(m),
        seuil::Error::MemoryLimitExceeded { .. } => return bound(limits::MEMORY_LIMIT),
        seuil::Error::DepthLimitExceeded { .. } => return bound(DEPTH_EXCEEDED),
        seuil::Error::TimeLimitExceeded { .. } => return bound(TIME_EXCEEDED),
        // Our own natives' errors: "D3100: message" (see `format.rs`).
        seuil::Error::D3137Error(m) => {
            if let Some((code, message)) = m.split_once(": ").filter(|(c, _)| super::format::is_code(c)) {
                return JsonataError { code: code.into(), message: message.into() };
            }
        }
        _ => {}
    }
    JsonataError { code: e.code().to_string(), message: super::messages::message(&e) }
}

/// AWS's refusal of an expression nested deeper than [`MAX_DEPTH`].
const DEPTH_EXCEEDED: &str = "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive.";
/// AWS's refusal of an expression running longer than [`TIME_LIMIT_MS`].
const TIME_EXCEEDED: &str = "Expression evaluation timeout: Check for infinite loop";

/// A JSONata value as JSON; `None` for undefined. Functions and regexes have no JSON form and
/// become `null`; undefined members of arrays and objects are left out, as JSONata does; an
/// integer that came in beyond 2^53 and was passed through is given back exact.
pub(super) fn to_json<'a>(v: &'a JValue<'a>, exact: &Exact) -> Option<Value> {
    Some(match v {
        JValue::Undefined => return None,
        JValue::Null => Value::Null,
        JValue::Bool(b) => Value::Bool(*b),
        JValue::Number(n) => exact.number(v).map(Value::Number).unwrap_or_else(|| number(*n)),
        JValue::String(s) => Value::String(s.to_string()),
        JValue::Array(..) | JValue::Range(..) => Value::Array(v.members().filter_map(|m| to_json(m, exact)).collect()),
        JValue::Object(o) => {
            let mut m = Map::with_capacity(o.len());
            for (k, v) in o {
                if let Some(v) = to_json(v, exact) {
                    m.insert(k.clone(), v);
                }
            }
            Value::Object(m)
        }
        _ => Value::Null,
    })
}

/// A double as JSON: whole numbers within 64 bits as integers (`-0` as `0`; `2^60`, not
/// `1.152921504606847e18`); JSON has no non-finite numbers, so AWS writes them as JavaScript
/// names them (`"Infinity"`, `"NaN"`).
fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9_223_372_036_854_775_808.0 {
        return Value::Number(Number::from(n as i64));
    }
    match Number::from_f64(n) {
        Some(n) => Value::Number(n),
        None if n.is_nan() => Value::String("NaN".into()),
        None => Value::String(if n > 0.0 { "Infinity" } else { "-Infinity" }.into()),
    }
}
