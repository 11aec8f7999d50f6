//! Rules that tie several fields of one state together: Next/End, required fields, fields of
//! which at most (or exactly) one may appear, and Task resources.

use super::fields::has_flow;
use super::machine::StateCx;
use super::{child, codes, type_name, Sink};
use serde_json::{Map, Value};

/// Checks the cross-field rules of one state.
pub(super) fn check(sink: &mut Sink, cx: &StateCx, obj: &Map<String, Value>) {
    let (ty, ptr) = (cx.ty, cx.ptr);
    if has_flow(ty) {
        // A non-boolean End is reported as INVALID_TYPE; here it counts as meant to end.
        let end = obj.get("End").is_some_and(|e| e != &Value::Bool(false));
        match (obj.contains_key("Next"), end) {
            (true, true) => sink.push(codes::NEXT_AND_END, ptr, "a state cannot have both Next and End"),
            (false, false) => {
                sink.push(codes::MISSING_NEXT_OR_END, ptr, format!("a {ty} state needs Next or \"End\": true"))
            }
            _ => {}
        }
    }
    let required: &[&str] = match ty {
        "Task" => &["Resource"],
        "Choice" => &["Choices"],
        "Parallel" => &["Branches"],
        _ => &[],
    };
    for field in required {
        if !obj.contains_key(*field) {
            sink.push(codes::MISSING_FIELD, ptr, format!("a {ty} state needs \"{field}\""));
        }
    }
    let pairs: &[&[&str]] = match ty {
        "Task" => &[&["TimeoutSeconds", "TimeoutSecondsPath"], &["HeartbeatSeconds", "HeartbeatSecondsPath"]],
        "Fail" => &[&["Error", "ErrorPath"], &["Cause", "CausePath"]],
        "Map" => &[
            &["ItemSelector", "Parameters"],
            &["Items", "ItemsPath"],
            &["MaxConcurrency", "MaxConcurrencyPath"],
            &["ToleratedFailureCount", "ToleratedFailureCountPath"],
            &["ToleratedFailurePercentage", "ToleratedFailurePercentagePath"],
        ],
        _ => &[],
    };
    for group in pairs {
        at_most_one(sink, obj, ptr, group);
    }
    match ty {
        "Wait" => exactly_one(sink, obj, ptr, &["Seconds", "SecondsPath", "Timestamp", "TimestampPath"]),
        "Map" => exactly_one(sink, obj, ptr, &["ItemProcessor", "Iterator"]),
        "Task" => heartbeat_below_timeout(sink, obj, ptr),
        _ => {}
    }
}

fn present<'a>(obj: &Map<String, Value>, group: &[&'a str]) -> Vec<&'a str> {
    group.iter().copied().filter(|f| obj.contains_key(*f)).collect()
}

/// Reports when more than one field of `group` is present.
pub(super) fn at_most_one(sink: &mut Sink, obj: &Map<String, Value>, ptr: &str, group: &[&str]) {
    let found = present(obj, group);
    if found.len() > 1 {
        let msg = format!("may have only one of [{}], has {}", quoted(group), quoted(&found));
        sink.push(codes::MUTUALLY_EXCLUSIVE, ptr, msg);
    }
}

fn exactly_one(sink: &mut Sink, obj: &Map<String, Value>, ptr: &str, group: &[&str]) {
    if present(obj, group).is_empty() {
        sink.push(codes::MISSING_FIELD, ptr, format!("needs one of [{}]", quoted(group)));
    }
    at_most_one(sink, obj, ptr, group);
}

pub(super) fn quoted(fields: &[&str]) -> String {
    fields.iter().map(|f| format!("\"{f}\"")).collect::<Vec<_>>().join(", ")
}

fn heartbeat_below_timeout(sink: &mut Sink, obj: &Map<String, Value>, ptr: &str) {
    let (Some(h), Some(t)) = (obj.get("HeartbeatSeconds"), obj.get("TimeoutSeconds")) else { return };
    if let (Some(h), Some(t)) = (h.as_u64(), t.as_u64()) {
        if h >= t {
            let msg = format!("HeartbeatSeconds ({h}) must be smaller than TimeoutSeconds ({t})");
            sink.push(codes::INVALID_VALUE, &child(ptr, "HeartbeatSeconds"), msg);
        }
    }
}

/// Checks a Task `Resource`: a registered name, an ARN with ARN syntax, or a whole `${…}`.
pub(super) fn resource(sink: &mut Sink, v: &Value, ptr: &str) {
    let Some(s) = v.as_str() else {
        return sink.push(codes::INVALID_TYPE, ptr, format!("Resource must be a string, not {}", type_name(v)));
    };
    let problem = if s.trim().is_empty() {
        Some("Resource must not be empty")
    } else if s.contains("${") {
        let ok = s.starts_with("${") && s.ends_with('}') && s.len() > 3 && !s[2..s.len() - 1].contains('}');
        (!ok).then_some("a ${…} substitution must be the whole Resource, closed with }")
    } else if s.starts_with("arn:") {
        (!is_arn(s)).then_some("Resource is not a valid ARN (arn:partition:service:region:account:resource)")
    } else {
        None
    };
    if let Some(msg) = problem {
        sink.push(codes::INVALID_RESOURCE, ptr, format!("{msg}: \"{s}\""));
    }
}

/// ARN syntax as AWS documents it; the resource part must not end with `:` or `/`.
fn is_arn(s: &str) -> bool {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    let [_, partition, service, _region, account, resource] = parts[..] else { return false };
    let partition_ok = ["aws", "aws-cn", "aws-us-gov"].iter().any(|p| p.eq_ignore_ascii_case(partition));
    let head_end = resource.find([':', '/']).unwrap_or(resource.len());
    let head = &resource[..head_end];
    partition_ok
        && !service.is_empty()
        && !account.contains(char::is_whitespace)
        && !s.contains('\n')
        && !head.is_empty()
        && !head.contains('*')
        && !resource.ends_with([':', '/'])
}
