//! The math functions: MathAdd and MathRandom.
//!
//! AWS works on Java integers: each argument is rounded half up (`Math.round`, so `-1.5`
//! becomes `-1` and `1.5` becomes `2`) before use, and the result is an integer.

use serde_json::Value;

use super::value::{fail, int, number};
use crate::StatesError;

/// Java's `Math.round`: `floor(x + 0.5)`.
fn round(x: f64) -> f64 {
    (x + 0.5).floor()
}

/// An argument rounded to a Java `int`.
fn java_int(func: &str, v: &Value) -> Result<i64, StatesError> {
    let r = round(number(func, v)?);
    if r < i32::MIN as f64 || r > i32::MAX as f64 {
        return Err(fail(format!("The value of the argument of {func} must be within the range of a 32-bit integer, found {v}")));
    }
    Ok(r as i64)
}

/// `States.MathAdd(a, b)`.
pub(super) fn add(args: &[Value]) -> Result<Value, StatesError> {
    let f = "States.MathAdd";
    Ok(int(java_int(f, &args[0])? + java_int(f, &args[1])?))
}

/// `States.MathRandom(start, end[, seed])`: an integer in `[start, end)`; a seed makes it
/// repeatable.
pub(super) fn random(args: &[Value]) -> Result<Value, StatesError> {
    let f = "States.MathRandom";
    let (start, end) = (java_int(f, &args[0])?, java_int(f, &args[1])?);
    if start >= end {
        return Err(fail(format!("The start value of {f} must be less than the end value")));
    }
    let mut rng = match args.get(2) {
        Some(seed) => fastrand::Rng::with_seed(java_int(f, seed)? as u64),
        None => fastrand::Rng::new(),
    };
    Ok(int(rng.i64(start..end)))
}
