//! JSONPath and reference-path fields, payload templates (`"key.$": "$.path"`) and intrinsic
//! calls, checked with the same parsers the interpreter uses ([`crate::path`], [`crate::intrinsics`]).

use super::{child, codes, index, type_name, Sink};
use crate::path::{Path, PathRoot};
use serde_json::Value;

/// What a path field must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PathRule {
    /// Any JSONPath, or null (`InputPath`, `OutputPath`).
    Path,
    /// A reference path from `$` (no `$$`, no variables), or null (`ResultPath`).
    Result,
    /// A reference path (`ItemsPath`, `SecondsPath`, Choice `Variable`, `…Path` operands).
    Reference,
    /// A reference path or an intrinsic call (`ErrorPath`, `CausePath`).
    ReferenceOrIntrinsic,
}

/// Checks a field that holds a path.
pub(super) fn check_path_field(sink: &mut Sink, v: &Value, ptr: &str, name: &str, rule: PathRule) {
    match v {
        Value::Null if matches!(rule, PathRule::Path | PathRule::Result) => {}
        Value::String(s) => check_path(sink, s, ptr, name, rule),
        _ => sink.push(codes::INVALID_TYPE, ptr, format!("\"{name}\" must be a path string, not {}", type_name(v))),
    }
}

/// Checks a path string against `rule`.
pub(super) fn check_path(sink: &mut Sink, s: &str, ptr: &str, name: &str, rule: PathRule) {
    if rule == PathRule::ReferenceOrIntrinsic && crate::intrinsics::is_intrinsic(s) {
        return check_intrinsic(sink, s, ptr);
    }
    let code = if rule == PathRule::Path { codes::INVALID_JSONPATH } else { codes::INVALID_REFERENCE_PATH };
    let path = match Path::parse(s) {
        Ok(p) => p,
        Err(e) => return sink.push(code, ptr, format!("\"{name}\": {e}")),
    };
    if rule != PathRule::Path && !path.is_reference_path() {
        let msg = format!("\"{name}\" must be a reference path (names and single indexes only), not \"{s}\"");
        sink.push(codes::INVALID_REFERENCE_PATH, ptr, msg);
    } else if rule == PathRule::Result && path.root() != PathRoot::Input {
        let msg = format!("\"{name}\" must start with $ (not $$ or a variable): \"{s}\"");
        sink.push(codes::INVALID_REFERENCE_PATH, ptr, msg);
    }
}

/// Checks an intrinsic function call such as `States.Format('{}', $.x)`.
pub(super) fn check_intrinsic(sink: &mut Sink, s: &str, ptr: &str) {
    if let Err(e) = crate::intrinsics::parse(s) {
        sink.push(codes::INVALID_INTRINSIC, ptr, e.to_string());
    }
}

/// Checks a payload template (Parameters, ResultSelector, ItemSelector, Assign, Credentials):
/// every `.$` field holds a path or an intrinsic call, and no two keys collide once `.$` is stripped.
pub(super) fn check_template(sink: &mut Sink, v: &Value, ptr: &str) {
    match v {
        Value::Object(m) => {
            for (k, val) in m {
                let p = child(ptr, k);
                let Some(base) = k.strip_suffix(".$") else {
                    check_template(sink, val, &p);
                    continue;
                };
                if m.contains_key(base) {
                    let msg = format!("\"{base}\" and \"{k}\" would be the same field once \".$\" is stripped");
                    sink.push(codes::DUPLICATE_FIELD_NAME, &p, msg);
                }
                match val {
                    Value::String(s) => check_dynamic(sink, s, &p, k),
                    _ => {
                        let msg = format!("the value of \"{k}\" must be a path or an intrinsic call, not {}", type_name(val));
                        sink.push(codes::INVALID_PAYLOAD_TEMPLATE, &p, msg);
                    }
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_template(sink, item, &index(ptr, i));
            }
        }
        _ => {}
    }
}

/// The value of a `.$` field: a JSONPath (from `$`, `$$` or a variable) or an intrinsic call.
fn check_dynamic(sink: &mut Sink, s: &str, ptr: &str, key: &str) {
    if crate::intrinsics::is_intrinsic(s) {
        if let Err(e) = crate::intrinsics::parse(s) {
            let msg = format!("the value of \"{key}\" is not a JSONPath or intrinsic function expression: {e}");
            sink.push(codes::INVALID_INTRINSIC, ptr, msg);
        }
        return;
    }
    if let Err(e) = Path::parse(s) {
        let msg = format!("the value of \"{key}\" is not a JSONPath or intrinsic function expression: {e}");
        sink.push(codes::INVALID_PAYLOAD_TEMPLATE, ptr, msg);
    }
}
