//! `seuil`'s functions that a large argument could turn into a crash, wrapped: `$pad` to a width
//! of 1e9 builds a gigabyte string (and -1e300 asks for 2^63 bytes, which aborts the process),
//! `$substring` with a start or length near 1e19 overflows `isize`. What these functions do within
//! bounds is left to `seuil`.
//!
//! A panic that still escapes `seuil` (another overflow) is caught in `eval.rs` and fails the
//! evaluation; the release profile keeps `seuil`'s overflow checks on so that an overflow is such
//! a panic, not a wrapped number.

use super::functions::MEMORY_LIMIT;
use seuil::evaluator::functions::string::{fn_pad, fn_substring};
use seuil::evaluator::value::{FnContext, Value as JValue};
use seuil::Error;

/// Longest string `$pad` may build: AWS's memory limit for one value (6,990,256 bytes).
const MAX_PAD: f64 = 6_990_256.0;

/// `$pad(str, width, char?)`, refused with AWS's memory-limit error beyond [`MAX_PAD`].
pub(super) fn pad<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    if let Some(JValue::Number(w)) = args.get(1) {
        if w.abs().round() > MAX_PAD {
            return Err(Error::D3137Error(MEMORY_LIMIT.into()));
        }
    }
    fn_pad(ctx, args)
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
