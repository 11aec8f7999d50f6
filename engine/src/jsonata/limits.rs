//! What one evaluation may build, bounded so that no expression can exhaust the process's memory
//! or crash it: AWS's limit on a single value, and a cap on the evaluation's arena as a whole.
//!
//! AWS refuses a value holding more than 6,990,256 bytes, counting a string's characters as one
//! byte each and a number, boolean or null as eight, with "Expression evaluation memory limit
//! exceeded: Check for excessive memory usage" (measured with TestState, floci-io/floci#2737: a
//! string of 2^22 characters is accepted and one of 2^23 refused, `[1..873782]` is accepted and
//! one element more refused). `seuil` offers no hook after each evaluation step, so the limit is
//! applied where a value can grow far beyond its operands: the range operator (rewritten into
//! [`range_operator`] by `operators.rs`), `&` and `$string` (`string.rs`), `$pad`, `$join` and
//! `$replace` (here), and the expression's result. We count a string's UTF-8 bytes.
//!
//! Whatever else an expression builds lives in the evaluation's arena, which frees nothing until
//! the evaluation ends (a loop that appends to a string keeps every intermediate string). The
//! arena is capped at [`ARENA_LIMIT`]; past it `bumpalo` panics, and `eval.rs` turns that panic
//! into the same error. Only the few functions that build a large string outside the arena from
//! shared pieces (`$join` of the same string a million times) need the checks above to be safe.
//!
//! `$substring` with a start or length near 1e19 overflowed `isize` inside `seuil`; its indexes
//! are clamped. A panic that still escapes `seuil` is caught in `eval.rs`; the release profile
//! keeps `seuil`'s overflow checks on so that an overflow is such a panic, not a wrapped number.

use seuil::evaluator::functions::string::{fn_join, fn_pad, fn_replace, fn_substring};
use seuil::evaluator::value::{FnContext, Value as JValue};
use seuil::{Error, Span};
use std::cell::Cell;

/// AWS's refusal of a value too large to build (its own message, without a JSONata code).
pub(super) const MEMORY_LIMIT: &str = "Expression evaluation memory limit exceeded: Check for excessive memory usage";
/// Most bytes one value may hold, in AWS's count (see the module documentation).
pub(super) const MAX_VALUE_BYTES: usize = 6_990_256;
/// What a number, boolean or null counts for against [`MAX_VALUE_BYTES`].
const SCALAR_BYTES: usize = 8;
/// Most numbers the range operator builds: 873,782, as on AWS.
const MAX_RANGE: f64 = (MAX_VALUE_BYTES / SCALAR_BYTES) as f64;
/// Most bytes one evaluation's arena may allocate: room for AWS's largest values many times over
/// (a function mapped over `[1..873782]`, the longest range AWS accepts, fits), and far from
/// what a server has.
pub(super) const ARENA_LIMIT: usize = 512 << 20;

/// The error for a value beyond AWS's limit.
pub(super) fn memory_error() -> Error {
    Error::D3137Error(MEMORY_LIMIT.into())
}

/// Refuses a string of `len` bytes when it is beyond [`MAX_VALUE_BYTES`].
pub(super) fn check_len(len: usize) -> Result<(), Error> {
    match len > MAX_VALUE_BYTES {
        true => Err(memory_error()),
        false => Ok(()),
    }
}

/// Refuses `v` when it holds more than [`MAX_VALUE_BYTES`] (the walk stops once past it; a range
/// counts its numbers without building them; a value reached twice counts twice, as it would be
/// written twice).
pub(super) fn check_value<'a>(v: &'a JValue<'a>) -> Result<(), Error> {
    check_len(held(v, 0))
}

fn held<'a>(v: &'a JValue<'a>, mut total: usize) -> usize {
    match v {
        JValue::String(s) => total + s.len(),
        JValue::Range(r) => total + r.len().saturating_mul(SCALAR_BYTES),
        JValue::Array(..) => {
            for m in v.members() {
                total = held(m, total);
                if total > MAX_VALUE_BYTES {
                    break;
                }
            }
            total
        }
        JValue::Object(o) => {
            for (k, m) in o.iter() {
                total = held(m, total + k.len());
                if total > MAX_VALUE_BYTES {
                    break;
                }
            }
            total
        }
        _ => total + SCALAR_BYTES,
    }
}

/// The range operator `l..r` (see `operators.rs`): `seuil`'s semantics, refusing more numbers
/// than AWS allows instead of building up to ten million.
pub(super) fn range_operator<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    let span = Span::at(ctx.char_index);
    let integer = |v: Option<&&JValue>| match v {
        None | Some(JValue::Undefined) => Ok(None),
        Some(JValue::Number(n)) if n.is_finite() && n.trunc() == *n => Ok(Some(*n)),
        Some(_) => Err(()),
    };
    let lhs = integer(args.first()).map_err(|_| Error::T2003LeftSideNotInteger(span))?;
    let rhs = integer(args.get(1)).map_err(|_| Error::T2004RightSideNotInteger(span))?;
    match (lhs, rhs) {
        (Some(l), Some(r)) if l <= r => match r - l + 1.0 > MAX_RANGE {
            true => Err(memory_error()),
            false => Ok(JValue::range(ctx.arena, l as isize, r as isize)),
        },
        _ => Ok(JValue::undefined(ctx.arena)),
    }
}

/// `$pad(str, width, char?)`, refused beyond [`MAX_VALUE_BYTES`] (a width of -1e300 asked for
/// 2^63 bytes, which aborts the process).
pub(super) fn pad<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    if let Some(JValue::Number(w)) = args.get(1) {
        if w.abs().round() > MAX_VALUE_BYTES as f64 {
            return Err(memory_error());
        }
    }
    fn_pad(ctx, args)
}

/// `$join(strings, separator?)`, refused when the joined string would be beyond the limit (an
/// array can hold the same long string a million times for eight bytes each).
pub(super) fn join<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    if let Some(strings @ JValue::Array(..)) = args.first() {
        let sep = match args.get(1) {
            Some(JValue::String(s)) => s.len(),
            _ => 0,
        };
        let mut total = 0usize;
        for (i, m) in strings.members().enumerate() {
            if let JValue::String(s) = m {
                total = total.saturating_add(s.len() + if i > 0 { sep } else { 0 });
                check_len(total)?;
            }
        }
    }
    fn_join(ctx, args)
}

/// `$replace(str, pattern, replacement, limit?)`, refused when the result would be beyond the
/// limit: a one-character pattern replaced by a long string multiplies the length.
pub(super) fn replace<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    let (Some(JValue::String(s)), Some(pattern), Some(replacement)) = (args.first(), args.get(1), args.get(2)) else {
        return fn_replace(ctx, args);
    };
    let limit = match args.get(3) {
        Some(JValue::Number(n)) if *n >= 0.0 => *n as usize,
        _ => usize::MAX,
    };
    match (pattern, replacement) {
        (JValue::String(p), JValue::String(r)) if !p.is_empty() => {
            let count = s.matches(p.as_str()).take(limit).count();
            check_len(s.len().saturating_add(count.saturating_mul(r.len().saturating_sub(p.len()))))?;
        }
        (JValue::Regex(re), JValue::String(r)) => {
            // Each match is replaced by `r` with its `$n` references expanded (each at most the
            // match's length).
            let refs = r.as_bytes().windows(2).filter(|w| w[0] == b'$' && w[1].is_ascii_digit()).count();
            let mut total = s.len();
            for m in re.get_regex().find_iter(s.as_str()).take(limit) {
                if m.range().is_empty() {
                    break; // `seuil` refuses it (D1004)
                }
                total = total.saturating_add(r.len() + refs.saturating_mul(m.range().len()));
                check_len(total)?;
            }
        }
        (JValue::Regex(_), f) if f.is_function() => {
            // The function's results are only known as it is called: count them as they come.
            let total = Cell::new(s.len());
            let inner = ctx.apply_fn;
            let counted = |span, input, f, call_args: &[&'a JValue<'a>]| {
                let out = inner(span, input, f, call_args)?;
                if let JValue::String(r) = out {
                    total.set(total.get().saturating_add(r.len()));
                    check_len(total.get())?;
                }
                Ok(out)
            };
            return fn_replace(FnContext { apply_fn: &counted, ..ctx }, args);
        }
        _ => {}
    }
    fn_replace(ctx, args)
}

/// `$substring(str, start, length?)` with `start` and `length` brought within ±2^53 (no string is
/// longer, so the answer is the same, and `seuil`'s index arithmetic cannot overflow).
pub(super) fn substring<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    const BOUND: f64 = 9_007_199_254_740_992.0;
    let mut clamped: Vec<&'a JValue<'a>> = Vec::with_capacity(args.len());
    for (i, a) in args.iter().enumerate() {
        match a {
            JValue::Number(n) if i > 0 && n.abs() > BOUND => clamped.push(JValue::number(ctx.arena, BOUND.copysign(*n))),
            _ => clamped.push(a),
        }
    }
    fn_substring(ctx, &clamped)
}
