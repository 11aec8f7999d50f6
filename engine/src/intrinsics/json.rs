//! The JSON functions: StringToJson, JsonToString, JsonMerge; plus the value equality that
//! the array functions share.

use serde_json::Value;

use super::value::{invalid, render, string, Style};

/// `States.StringToJson(s)`: parses JSON text; an empty or blank string gives `null`.
pub(super) fn string_to_json(args: &[Value]) -> Result<Value, String> {
    let f = "States.StringToJson";
    let s = string(f, &args[0])?;
    if s.trim().is_empty() {
        return Ok(Value::Null);
    }
    let mut v: Value = serde_json::from_str(s).map_err(|_| invalid(f))?;
    integral_zero(&mut v);
    Ok(v)
}

/// serde_json reads `-0` as the float `-0.0`; AWS (Jackson) reads it as the integer `0`.
fn integral_zero(v: &mut Value) {
    match v {
        Value::Number(n)
            if n.as_f64() == Some(0.0)
                && n.is_f64()
                && n.as_f64().is_some_and(f64::is_sign_negative) =>
        {
            *v = Value::from(0);
        }
        Value::Array(items) => items.iter_mut().for_each(integral_zero),
        Value::Object(map) => map.values_mut().for_each(integral_zero),
        _ => {}
    }
}

/// `States.JsonToString(v)`: compact JSON text, keys in their order, numbers as Jackson
/// writes them.
pub(super) fn json_to_string(args: &[Value]) -> Result<Value, String> {
    Ok(Value::String(render(&args[0], Style::Json)))
}

/// `States.JsonMerge(a, b, false)`: shallow merge, `b`'s keys win. AWS has no deep mode.
pub(super) fn merge(args: &[Value]) -> Result<Value, String> {
    let f = "States.JsonMerge";
    let (Value::Object(a), Value::Object(b), Value::Bool(false)) = (&args[0], &args[1], &args[2])
    else {
        return Err(invalid(f));
    };
    let mut out = a.clone();
    for (k, v) in b {
        out.insert(k.clone(), v.clone());
    }
    Ok(Value::Object(out))
}

/// Deep equality where numbers compare by value (`1 == 1.0`), as AWS compares JSON nodes.
pub(super) fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}
