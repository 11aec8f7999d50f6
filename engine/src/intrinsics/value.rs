//! Argument coercion shared by the function families, and AWS's error wording.
//!
//! AWS reports every intrinsic failure as `States.Runtime` with the cause
//! `The function '<call>' had the following error: <detail>`, where the detail is usually
//! `Invalid arguments in States.X`. Functions here return the detail;
//! [`Intrinsic::eval`](super::Intrinsic::eval) adds the rest.

use serde_json::{Number, Value};

/// The detail AWS gives for any unsuitable argument.
pub(super) fn invalid(func: &str) -> String {
    format!("Invalid arguments in {func}")
}

/// The JSON text of a value, compact, as AWS quotes values in messages.
pub(super) fn text(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// How [`render`] writes values.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Style {
    /// Compact JSON as AWS (Jackson) writes it: floats the Java way (`1.0E20`, `3.0`).
    Json,
    /// Java's `toString()` of the parsed value, as Format shows arguments: strings bare,
    /// objects `{a=1, b=[]}`, arrays `[1, 2]`.
    Java,
}

/// Writes `v` in the given style.
pub(super) fn render(v: &Value, style: Style) -> String {
    let mut out = String::new();
    write(v, style, &mut out);
    out
}

fn write(v: &Value, style: Style, out: &mut String) {
    let (sep, colon) = if style == Style::Json {
        (",", ":")
    } else {
        (", ", "=")
    };
    match v {
        Value::Number(n) if n.is_f64() => {
            out.push_str(&java_double(n.as_f64().unwrap_or_default()))
        }
        Value::String(s) if style == Style::Java => out.push_str(s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i > 0 { sep } else { "" });
                write(item, style, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                out.push_str(if i > 0 { sep } else { "" });
                let key = Value::String(k.clone());
                write(&key, style, out);
                out.push_str(colon);
                write(item, style, out);
            }
            out.push('}');
        }
        other => out.push_str(&text(other)),
    }
}

/// Java's `Double.toString`: plain between 10^-3 and 10^7, else `d.dddE±n`; always a
/// fractional digit (`3.0`). Digits are the shortest that round-trip, as in current JDKs.
pub(super) fn java_double(f: f64) -> String {
    let magnitude = f.abs();
    if f == 0.0 || (1e-3..1e7).contains(&magnitude) {
        let plain = format!("{f}");
        return if plain.contains('.') {
            plain
        } else {
            format!("{plain}.0")
        };
    }
    let sci = format!("{f:e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let mantissa = if mantissa.contains('.') {
        mantissa.to_string()
    } else {
        format!("{mantissa}.0")
    };
    format!("{mantissa}E{exponent}")
}

/// The argument as a string.
pub(super) fn string<'a>(func: &str, v: &'a Value) -> Result<&'a str, String> {
    v.as_str().ok_or_else(|| invalid(func))
}

/// The argument as an array.
pub(super) fn array<'a>(func: &str, v: &'a Value) -> Result<&'a Vec<Value>, String> {
    v.as_array().ok_or_else(|| invalid(func))
}

/// The argument as a number.
pub(super) fn number(func: &str, v: &Value) -> Result<f64, String> {
    v.as_f64().ok_or_else(|| invalid(func))
}

/// The argument as a Java `int` the way AWS converts most numeric arguments: the fraction is
/// dropped (`2.6` gives `2`, `-0.6` gives `0`); values beyond 32 bits are invalid.
pub(super) fn truncated(func: &str, v: &Value) -> Result<i64, String> {
    let t = number(func, v)?.trunc();
    if t < i32::MIN as f64 || t > i32::MAX as f64 {
        return Err(invalid(func));
    }
    Ok(t as i64)
}

/// An integer as a JSON number.
pub(super) fn int(i: i64) -> Value {
    Value::Number(Number::from(i))
}
