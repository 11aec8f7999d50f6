//! The value of one field, checked by its [`Kind`]: types, ranges, paths, templates,
//! timestamps, and JSONata expressions where the state's query language allows them.

use super::fields::Kind;
use super::paths::{check_path_field, check_template, PathRule};
use super::{choice, codes, distributed, flow, jsonata, retry_catch, timestamp, type_name, Sink};
use serde_json::Value;

/// Checks the value `v` of field `name` (at `p`), whose kind is `kind`. Nested scopes
/// (`Branches`, processors) are walked by the caller.
pub(super) fn check(sink: &mut Sink, jsonata: bool, name: &str, kind: Kind, v: &Value, p: &str) {
    match kind {
        Kind::Str | Kind::StateName => {
            string(sink, v, p, name);
            // Error and Cause may be JSONata expressions; Comment and Label are literal text.
            if let (true, "Error" | "Cause", Some(s)) = (jsonata, name, v.as_str()) {
                jsonata::check_maybe(sink, s, p);
            }
        }
        Kind::Any | Kind::Branches | Kind::Processor => {}
        Kind::End if !v.is_boolean() => {
            sink.push(codes::INVALID_TYPE, p, format!("End must be a boolean, not {}", type_name(v)))
        }
        Kind::End => {}
        Kind::Path => check_path_field(sink, v, p, name, PathRule::Path),
        Kind::ResultPath => check_path_field(sink, v, p, name, PathRule::Result),
        Kind::RefPath => check_path_field(sink, v, p, name, PathRule::Reference),
        Kind::ErrorPath => check_path_field(sink, v, p, name, PathRule::ReferenceOrIntrinsic),
        Kind::Template if name == "Assign" => assign(sink, v, p, check_template),
        Kind::JTemplate if name == "Assign" => assign(sink, v, p, jsonata::check_template),
        Kind::JTemplate if name == "Arguments" && !(v.is_object() || v.as_str().is_some_and(jsonata::looks_like)) => {
            let msg = format!("Arguments must be an object or a JSONata expression \"{{% … %}}\", not {}", type_name(v));
            sink.push(codes::INVALID_TYPE, p, msg)
        }
        Kind::Template => check_template(sink, v, p),
        Kind::JTemplate => jsonata::check_template(sink, v, p),
        Kind::PosInt | Kind::NonNegInt | Kind::Percentage => number(sink, kind, v, p, jsonata),
        Kind::Timestamp => match v.as_str() {
            Some(s) if jsonata && jsonata::looks_like(s) => jsonata::check_maybe(sink, s, p),
            Some(s) => timestamp::check(sink, s, p),
            None => sink.push(codes::INVALID_TYPE, p, format!("Timestamp must be a string, not {}", type_name(v))),
        },
        Kind::Resource => flow::resource(sink, v, p),
        Kind::Credentials if v.is_object() && jsonata => jsonata::check_template(sink, v, p),
        Kind::Credentials if v.is_object() => check_template(sink, v, p),
        Kind::Credentials => {
            sink.push(codes::INVALID_TYPE, p, format!("Credentials must be an object, not {}", type_name(v)))
        }
        Kind::Retry => retry_catch::check_retry(sink, v, p, jsonata),
        Kind::Catch => retry_catch::check_catch(sink, v, p, jsonata),
        Kind::Choices => choice::check_choices(sink, v, p, jsonata),
        Kind::QueryLanguage if matches!(v.as_str(), Some("JSONPath" | "JSONata")) => {}
        Kind::QueryLanguage => {
            sink.push(codes::INVALID_VALUE, p, format!("QueryLanguage must be \"JSONPath\" or \"JSONata\", not {v}"))
        }
        Kind::Items => match v {
            Value::Array(_) => {}
            Value::String(s) if jsonata::looks_like(s) => jsonata::check_maybe(sink, s, p),
            _ => sink.push(codes::INVALID_TYPE, p, "Items must be an array or a JSONata expression"),
        },
        Kind::Label => label(sink, v, p),
        Kind::Object => match v.as_object() {
            Some(obj) => distributed::part(sink, name, obj, p, jsonata),
            None => sink.push(codes::INVALID_TYPE, p, format!("\"{name}\" must be an object, not {}", type_name(v))),
        },
    }
}

/// Checks an `Assign` (of a state, a Catcher or a Choice rule): an object, since it maps
/// variable names to values and AWS takes nothing else, whose values `template` then checks (a
/// payload template, or a JSONata one).
pub(super) fn assign(sink: &mut Sink, v: &Value, p: &str, template: fn(&mut Sink, &Value, &str)) {
    if !v.is_object() {
        let msg = format!("Assign must be an object of variable names and values, not {}", type_name(v));
        return sink.push(codes::INVALID_TYPE, p, msg);
    }
    template(sink, v, p)
}

fn string(sink: &mut Sink, v: &Value, p: &str, name: &str) {
    if !v.is_string() {
        sink.push(codes::INVALID_TYPE, p, format!("\"{name}\" must be a string, not {}", type_name(v)));
    }
}

/// Characters a Map `Label` may not hold besides whitespace and control characters: the Map
/// Run's ARN carries the label, so AWS refuses what it refuses in names.
const LABEL_FORBIDDEN: &str = "<>{}[]?*\"#%\\^|~`$&,;:/";

/// Map `Label`: 1 to 40 characters, none of them whitespace, a control character or one of
/// [`LABEL_FORBIDDEN`].
fn label(sink: &mut Sink, v: &Value, p: &str) {
    let Some(s) = v.as_str() else {
        return sink.push(codes::INVALID_TYPE, p, format!("Label must be a string, not {}", type_name(v)));
    };
    let n = s.chars().count();
    if n == 0 {
        sink.push(codes::INVALID_VALUE, p, "Label must not be empty");
    } else if n > 40 {
        sink.push(codes::INVALID_VALUE, p, format!("Label has {n} characters; AWS allows 40"));
    }
    let bad = s.chars().find(|c| c.is_whitespace() || c.is_control() || LABEL_FORBIDDEN.contains(*c));
    if let Some(c) = bad {
        sink.push(codes::INVALID_VALUE, p, format!("Label must not contain {:?}: \"{s}\"", c));
    }
}

/// Checks an integer or percentage field; JSONata states may give an expression instead.
pub(super) fn number(sink: &mut Sink, kind: Kind, v: &Value, p: &str, jsonata: bool) {
    if let (true, Some(s)) = (jsonata, v.as_str()) {
        if jsonata::looks_like(s) {
            return jsonata::check_maybe(sink, s, p);
        }
    }
    let (ok, want) = match kind {
        Kind::PosInt => (v.as_u64().is_some_and(|n| n >= 1), "an integer of at least 1"),
        Kind::NonNegInt => (v.as_u64().is_some(), "an integer of at least 0"),
        _ => (v.as_f64().is_some_and(|n| (0.0..=100.0).contains(&n)), "a number from 0 to 100"),
    };
    if !ok {
        let code = if v.is_number() { codes::INVALID_VALUE } else { codes::INVALID_TYPE };
        sink.push(code, p, format!("must be {want}, not {v}"));
    }
}
