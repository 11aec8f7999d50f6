//! Retry and Catch: ErrorEquals non-empty, `States.ALL` alone and last, numeric bounds as
//! AWS enforces them, JitterStrategy FULL/NONE, and Catcher fields per query language.

use super::paths::{check_path_field, check_template, PathRule};
use super::{child, codes, index, jsonata, type_name, values, Sink};
use serde_json::{Map, Value};

const ALL: &str = "States.ALL";

fn entries<'a>(sink: &mut Sink, v: &'a Value, ptr: &str, what: &str) -> Vec<(String, &'a Map<String, Value>)> {
    let Some(items) = v.as_array() else {
        sink.push(codes::INVALID_TYPE, ptr, format!("{what} must be an array, not {}", type_name(v)));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let p = index(ptr, i);
        match item.as_object() {
            Some(o) => out.push((p, o)),
            None => sink.push(codes::INVALID_TYPE, &p, format!("each {what} entry must be an object, not {}", type_name(item))),
        }
    }
    out
}

/// Checks a `Retry` array.
pub(super) fn check_retry(sink: &mut Sink, v: &Value, ptr: &str, _jsonata: bool) {
    let list = entries(sink, v, ptr, "Retry");
    let last = list.len().saturating_sub(1);
    for (i, (p, obj)) in list.iter().enumerate() {
        error_equals(sink, obj, p, i == last, "Retrier");
        for (k, val) in obj.iter() {
            let fp = child(p, k);
            match k.as_str() {
                "ErrorEquals" => {}
                "Comment" if !val.is_string() => sink.push(codes::INVALID_TYPE, &fp, "Comment must be a string"),
                "Comment" => {}
                "IntervalSeconds" => integer(sink, val, &fp, k, 1),
                "MaxDelaySeconds" => integer(sink, val, &fp, k, 0),
                "MaxAttempts" => integer(sink, val, &fp, k, 0),
                "BackoffRate" => match val.as_f64() {
                    Some(r) if r >= 1.0 => {}
                    Some(r) => sink.push(codes::INVALID_VALUE, &fp, format!("BackoffRate is {r}; the allowed minimum is 1")),
                    None => sink.push(codes::INVALID_TYPE, &fp, format!("BackoffRate must be a number, not {}", type_name(val))),
                },
                "JitterStrategy" if matches!(val.as_str(), Some("FULL" | "NONE")) => {}
                "JitterStrategy" => {
                    let msg = format!("JitterStrategy {val} is not one of the allowed values [\"FULL\", \"NONE\"]");
                    sink.push(codes::INVALID_VALUE, &fp, msg);
                }
                _ => sink.push(codes::UNKNOWN_FIELD, &fp, format!("\"{k}\" is not a field of a Retrier")),
            }
        }
    }
}

/// Checks a `Catch` array (its `Next` targets are checked with the scope's graph).
pub(super) fn check_catch(sink: &mut Sink, v: &Value, ptr: &str, jsonata: bool) {
    let list = entries(sink, v, ptr, "Catch");
    let last = list.len().saturating_sub(1);
    for (i, (p, obj)) in list.iter().enumerate() {
        error_equals(sink, obj, p, i == last, "Catcher");
        if !obj.contains_key("Next") {
            sink.push(codes::MISSING_FIELD, p, "a Catcher needs \"Next\"");
        }
        for (k, val) in obj.iter() {
            let fp = child(p, k);
            match (k.as_str(), jsonata) {
                ("ErrorEquals", _) => {}
                ("Next" | "Comment", _) if !val.is_string() => {
                    sink.push(codes::INVALID_TYPE, &fp, format!("{k} must be a string, not {}", type_name(val)))
                }
                ("Next" | "Comment", _) => {}
                ("ResultPath", false) => check_path_field(sink, val, &fp, "ResultPath", PathRule::Result),
                ("Assign", false) => values::assign(sink, val, &fp, check_template),
                ("Assign", true) => values::assign(sink, val, &fp, jsonata::check_catcher_template),
                ("Output", true) => jsonata::check_catcher_template(sink, val, &fp),
                ("ResultPath", true) | ("Output", false) => {
                    let msg = format!("\"{k}\" in a Catcher belongs to the other query language");
                    sink.push(codes::QUERY_LANGUAGE_FIELD, &fp, msg);
                }
                _ => sink.push(codes::UNKNOWN_FIELD, &fp, format!("\"{k}\" is not a field of a Catcher")),
            }
        }
    }
}

fn error_equals(sink: &mut Sink, obj: &Map<String, Value>, ptr: &str, is_last: bool, what: &str) {
    let Some(v) = obj.get("ErrorEquals") else {
        return sink.push(codes::MISSING_FIELD, ptr, format!("a {what} needs \"ErrorEquals\""));
    };
    let p = child(ptr, "ErrorEquals");
    let Some(names) = v.as_array() else {
        return sink.push(codes::INVALID_TYPE, &p, format!("ErrorEquals must be an array of strings, not {}", type_name(v)));
    };
    if names.is_empty() {
        return sink.push(codes::INVALID_ERROR_EQUALS, &p, "ErrorEquals: non-empty required");
    }
    for (i, n) in names.iter().enumerate() {
        if !n.is_string() {
            let msg = format!("error names must be strings, not {}", type_name(n));
            sink.push(codes::INVALID_TYPE, &index(&p, i), msg);
        }
    }
    if names.iter().any(|n| n == ALL) {
        if names.len() > 1 {
            sink.push(codes::INVALID_ERROR_EQUALS, &p, "States.ALL must appear alone in ErrorEquals");
        }
        if !is_last {
            let msg = format!("a {what} with States.ALL must be the last one");
            sink.push(codes::INVALID_ERROR_EQUALS, &p, msg);
        }
    }
}

fn integer(sink: &mut Sink, v: &Value, ptr: &str, name: &str, min: i64) {
    match v.as_i64() {
        Some(n) if n >= min && n <= 99_999_999 => {}
        Some(n) => {
            let msg = format!("{name} is {n}; the allowed floor is {min} and the ceiling 99999999");
            sink.push(codes::INVALID_VALUE, ptr, msg);
        }
        None => sink.push(codes::INVALID_TYPE, ptr, format!("{name} must be an integer, not {v}")),
    }
}
