//! Argument coercion shared by the function families, with AWS's error wording.

use serde_json::{Number, Value};

use crate::path::{Path, PathEvalError};
use crate::StatesError;

/// The error for an argument path that does not resolve.
pub(super) fn path_error(path: &Path, e: PathEvalError) -> StatesError {
    match e {
        PathEvalError::UndefinedVariable(_) => StatesError::runtime(e.to_string()),
        other => StatesError::runtime(format!("Invalid path '{}' : {other}", path.as_str())),
    }
}

/// `States.Runtime` with the given cause (AWS reports bad intrinsic arguments this way).
pub(super) fn fail(cause: impl Into<String>) -> StatesError {
    StatesError::runtime(cause)
}

/// The JSON text of a value, compact, as AWS quotes values in messages.
pub(super) fn text(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// The argument as a string, or AWS's type error.
pub(super) fn string<'a>(func: &str, v: &'a Value) -> Result<&'a str, StatesError> {
    v.as_str().ok_or_else(|| fail(format!("The value of the argument of {func} must be a string, found {}", text(v))))
}

/// The argument as an array.
pub(super) fn array<'a>(func: &str, v: &'a Value) -> Result<&'a Vec<Value>, StatesError> {
    v.as_array().ok_or_else(|| fail(format!("The value of the argument of {func} must be an array, found {}", text(v))))
}

/// The argument as a number (f64).
pub(super) fn number(func: &str, v: &Value) -> Result<f64, StatesError> {
    v.as_f64().ok_or_else(|| fail(format!("The value of the argument of {func} must be a number, found {}", text(v))))
}

/// The argument as an integer: AWS accepts only numbers with no fractional part.
pub(super) fn integer(func: &str, v: &Value) -> Result<i64, StatesError> {
    match v {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e18).map(|f| f as i64))
            .ok_or_else(|| fail(format!("The value of the argument of {func} must be an integer, found {}", text(v)))),
        _ => Err(fail(format!("The value of the argument of {func} must be an integer, found {}", text(v)))),
    }
}

/// An integer as a JSON number.
pub(super) fn int(i: i64) -> Value {
    Value::Number(Number::from(i))
}
