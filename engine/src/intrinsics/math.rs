//! The math functions: MathAdd and MathRandom.
//!
//! AWS works on Java `int`s. MathAdd rounds each argument half up (`Math.round`: `-1.5`
//! gives `-1`, `1.5` gives `2`, as recorded against AWS); MathRandom drops the fraction
//! (`MathRandom(1.6, 5.4)` draws from `[1, 5)`).

use serde_json::Value;

use super::value::{int, invalid, number, truncated};

/// `States.MathAdd(a, b)`.
pub(super) fn add(args: &[Value]) -> Result<Value, String> {
    let f = "States.MathAdd";
    let rounded = |v: &Value| -> Result<i64, String> {
        let r = (number(f, v)? + 0.5).floor();
        if r < i32::MIN as f64 || r > i32::MAX as f64 {
            return Err(invalid(f));
        }
        Ok(r as i64)
    };
    Ok(int(rounded(&args[0])? + rounded(&args[1])?))
}

/// `States.MathRandom(start, end[, seed])`: an integer in `[start, end)`; the same seed
/// gives the same number.
pub(super) fn random(args: &[Value]) -> Result<Value, String> {
    let f = "States.MathRandom";
    let (start, end) = (truncated(f, &args[0])?, truncated(f, &args[1])?);
    if start >= end {
        return Err(invalid(f));
    }
    let mut rng = match args.get(2) {
        Some(seed) => fastrand::Rng::with_seed(truncated(f, seed)? as u64),
        None => fastrand::Rng::new(),
    };
    Ok(int(rng.i64(start..end)))
}
