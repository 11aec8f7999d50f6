//! Choice rules: top-level rules carry `Next`; nested ones (inside And/Or/Not) do not; each
//! rule has exactly one of And, Or, Not or a comparison operator (JSONata: `Condition`).

use super::paths::{check_path, check_template, PathRule};
use super::{child, codes, index, jsonata, timestamp, type_name, values, Sink};
use crate::model::ComparisonOp;
use serde_json::{Map, Value};

/// Checks a Choice state's `Choices` array.
pub(super) fn check_choices(sink: &mut Sink, v: &Value, ptr: &str, jsonata: bool) {
    let Some(rules) = v.as_array() else {
        return sink.push(codes::INVALID_TYPE, ptr, format!("Choices must be an array, not {}", type_name(v)));
    };
    if rules.is_empty() {
        sink.push(codes::INVALID_VALUE, ptr, "Choices must have at least one rule");
    }
    for (i, rule) in rules.iter().enumerate() {
        let p = index(ptr, i);
        if jsonata {
            jsonata_rule(sink, rule, &p);
        } else {
            rule_at(sink, rule, &p, true);
        }
    }
}

fn object<'a>(sink: &mut Sink, v: &'a Value, ptr: &str) -> Option<&'a Map<String, Value>> {
    let obj = v.as_object();
    if obj.is_none() {
        sink.push(codes::INVALID_TYPE, ptr, format!("a Choice rule must be an object, not {}", type_name(v)));
    }
    obj
}

/// A JSONata rule: `Condition` and `Next`, optionally `Assign`, `Output`, `Comment`.
fn jsonata_rule(sink: &mut Sink, v: &Value, ptr: &str) {
    let Some(obj) = object(sink, v, ptr) else { return };
    for (k, val) in obj {
        let p = child(ptr, k);
        match k.as_str() {
            "Next" | "Comment" if !val.is_string() => {
                sink.push(codes::INVALID_TYPE, &p, format!("{k} must be a string, not {}", type_name(val)))
            }
            "Next" | "Comment" => {}
            "Condition" => match val {
                Value::Bool(_) => {}
                Value::String(s) => jsonata::check_expr(sink, s, &p),
                _ => sink.push(codes::INVALID_TYPE, &p, "Condition must be a JSONata expression \"{% … %}\""),
            },
            "Assign" => values::assign(sink, val, &p, jsonata::check_template),
            "Output" => jsonata::check_template(sink, val, &p),
            _ if is_jsonpath_rule_field(k) => {
                let msg = format!("\"{k}\" is a JSONPath Choice rule field; JSONata rules use Condition");
                sink.push(codes::QUERY_LANGUAGE_FIELD, &p, msg);
            }
            _ => sink.push(codes::UNKNOWN_FIELD, &p, format!("\"{k}\" is not a field of a Choice rule")),
        }
    }
    for field in ["Condition", "Next"] {
        if !obj.contains_key(field) {
            sink.push(codes::MISSING_FIELD, ptr, format!("a JSONata Choice rule needs \"{field}\""));
        }
    }
}

fn is_jsonpath_rule_field(k: &str) -> bool {
    matches!(k, "Variable" | "And" | "Or" | "Not") || ComparisonOp::from_field(k).is_some()
}

/// A JSONPath rule; `top` rules need `Next`, nested ones must not have it.
fn rule_at(sink: &mut Sink, v: &Value, ptr: &str, top: bool) {
    let Some(obj) = object(sink, v, ptr) else { return };
    let mut heads = Vec::new();
    for (k, val) in obj {
        if let Some(head) = rule_field(sink, k, val, &child(ptr, k), top) {
            heads.push(head);
        }
    }
    let comparison = heads.iter().any(|h| !matches!(*h, "And" | "Or" | "Not"));
    match heads.len() {
        0 => sink.push(codes::INVALID_CHOICE_RULE, ptr, "a Choice rule needs one of And, Or, Not or a comparison operator"),
        1 => {}
        _ => sink.push(codes::INVALID_CHOICE_RULE, ptr, format!("a Choice rule may have only one operator, has {}", heads.join(", "))),
    }
    if comparison && !obj.contains_key("Variable") {
        sink.push(codes::MISSING_FIELD, ptr, "a comparison needs \"Variable\"");
    }
    if !comparison && obj.contains_key("Variable") {
        sink.push(codes::INVALID_CHOICE_RULE, ptr, "Variable is only allowed with a comparison operator");
    }
    if top && !obj.contains_key("Next") {
        sink.push(codes::MISSING_FIELD, ptr, "a top-level Choice rule needs \"Next\"");
    }
}

/// Checks one field of a JSONPath rule; returns it when it is the rule's operator
/// (And, Or, Not or a comparison).
fn rule_field<'a>(sink: &mut Sink, k: &'a str, val: &Value, p: &str, top: bool) -> Option<&'a str> {
    match k {
        "Next" | "Assign" if !top => {
            let msg = format!("\"{k}\" is only allowed on top-level Choice rules, not inside And/Or/Not");
            sink.push(codes::INVALID_CHOICE_RULE, p, msg);
        }
        "Next" | "Comment" if !val.is_string() => {
            sink.push(codes::INVALID_TYPE, p, format!("{k} must be a string, not {}", type_name(val)))
        }
        "Next" | "Comment" => {}
        "Assign" => values::assign(sink, val, p, check_template),
        "Variable" => match val.as_str() {
            Some(s) => check_path(sink, s, p, "Variable", PathRule::Reference),
            None => sink.push(codes::INVALID_TYPE, p, "Variable must be a path string"),
        },
        "And" | "Or" => {
            match val.as_array() {
                Some(items) if !items.is_empty() => {
                    for (i, item) in items.iter().enumerate() {
                        rule_at(sink, item, &index(p, i), false);
                    }
                }
                _ => sink.push(codes::INVALID_CHOICE_RULE, p, format!("{k} must be a non-empty array of rules")),
            }
            return Some(k);
        }
        "Not" => {
            rule_at(sink, val, p, false);
            return Some(k);
        }
        _ => match ComparisonOp::from_field(k) {
            Some((op, is_path)) => {
                operand(sink, op, is_path, val, p, k);
                return Some(k);
            }
            None if k == "Condition" || k == "Output" => {
                let msg = format!("\"{k}\" belongs to JSONata Choice rules; this state uses JSONPath");
                sink.push(codes::QUERY_LANGUAGE_FIELD, p, msg);
            }
            None => sink.push(codes::UNKNOWN_FIELD, p, format!("\"{k}\" is not a field of a Choice rule")),
        },
    }
    None
}

/// Checks the value of a comparison operator: a path for `…Path`, else a literal of the right type.
fn operand(sink: &mut Sink, op: ComparisonOp, is_path: bool, v: &Value, ptr: &str, field: &str) {
    if is_path {
        return match v.as_str() {
            Some(s) => check_path(sink, s, ptr, field, PathRule::Reference),
            None => sink.push(codes::INVALID_CHOICE_RULE, ptr, format!("{field} must be a path string")),
        };
    }
    let name = op.name();
    let (ok, want) = if op.is_type_test() || op == ComparisonOp::BooleanEquals {
        (v.is_boolean(), "a boolean")
    } else if name.starts_with("Numeric") {
        (v.is_number(), "a number")
    } else {
        (v.is_string(), "a string")
    };
    if !ok {
        let msg = format!("{field} takes {want}, not {}", type_name(v));
        return sink.push(codes::INVALID_CHOICE_RULE, ptr, msg);
    }
    if let (true, Some(s)) = (name.starts_with("Timestamp"), v.as_str()) {
        timestamp::check(sink, s, ptr);
    }
}
