//! A distributed Map's parts: `ProcessorConfig`, `ItemReader`, `ItemBatcher` and `ResultWriter`.
//!
//! Their contents are checked as AWS checks them at creation: counts are integers in range (or
//! JSONata expressions in a JSONata state), `…Path` fields are reference paths, `Parameters`
//! are payload templates, and a reader or writer names its `Resource`.

use super::fields::Kind;
use super::flow::{at_most_one, quoted, resource};
use super::paths::{check_path_field, check_template, PathRule};
use super::{child, codes, jsonata, type_name, values, Sink};
use serde_json::{Map, Value};

/// The largest `MaxInputBytesPerBatch` AWS accepts (256 KiB).
const MAX_BATCH_BYTES: u64 = 256 * 1024;

/// Checks a Map `ProcessorConfig`: `Mode` INLINE or DISTRIBUTED, `ExecutionType` STANDARD or
/// EXPRESS, which a DISTRIBUTED processor must name.
pub(super) fn processor_config(sink: &mut Sink, v: &Value, ptr: &str) {
    let Some(obj) = v.as_object() else {
        return sink.push(codes::INVALID_TYPE, ptr, format!("ProcessorConfig must be an object, not {}", type_name(v)));
    };
    for (k, val) in obj {
        let allowed: &[&str] = match k.as_str() {
            "Mode" => &["INLINE", "DISTRIBUTED"],
            "ExecutionType" => &["STANDARD", "EXPRESS"],
            _ => {
                sink.push(codes::UNKNOWN_FIELD, &child(ptr, k), format!("\"{k}\" is not a field of ProcessorConfig"));
                continue;
            }
        };
        if !val.as_str().is_some_and(|s| allowed.contains(&s)) {
            let msg = format!("{k} must be one of [{}], not {val}", quoted(allowed));
            sink.push(codes::INVALID_VALUE, &child(ptr, k), msg);
        }
    }
    if obj.get("Mode").and_then(Value::as_str) == Some("DISTRIBUTED") && !obj.contains_key("ExecutionType") {
        sink.push(codes::MISSING_FIELD, ptr, "a DISTRIBUTED ProcessorConfig needs \"ExecutionType\" (STANDARD or EXPRESS)");
    }
}

/// Checks the object `v` of `ItemReader`, `ItemBatcher` or `ResultWriter` (at `ptr`).
pub(super) fn part(sink: &mut Sink, name: &str, v: &Map<String, Value>, ptr: &str, jsonata: bool) {
    match name {
        "ItemReader" => {
            needs_resource(sink, name, v, ptr);
            if let Some(cfg) = v.get("ReaderConfig") {
                reader_config(sink, cfg, &child(ptr, "ReaderConfig"), jsonata);
            }
        }
        "ItemBatcher" => {
            at_most_one(sink, v, ptr, &["MaxItemsPerBatch", "MaxItemsPerBatchPath"]);
            at_most_one(sink, v, ptr, &["MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"]);
            count(sink, v, ptr, "MaxItemsPerBatch", Kind::NonNegInt, jsonata);
            count(sink, v, ptr, "MaxInputBytesPerBatch", Kind::NonNegInt, jsonata);
            if let Some(n) = v.get("MaxInputBytesPerBatch").and_then(Value::as_u64).filter(|n| *n > MAX_BATCH_BYTES) {
                let msg = format!("MaxInputBytesPerBatch is {n}; AWS allows at most {MAX_BATCH_BYTES} (256 KiB)");
                sink.push(codes::INVALID_VALUE, &child(ptr, "MaxInputBytesPerBatch"), msg);
            }
            reference_paths(sink, v, ptr, &["MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath"]);
        }
        "ResultWriter" if !v.contains_key("WriterConfig") => needs_resource(sink, name, v, ptr),
        _ => {}
    }
    if let Some(params) = v.get("Parameters") {
        check_template(sink, params, &child(ptr, "Parameters"));
    }
    if let Some(args) = v.get("Arguments") {
        jsonata::check_template(sink, args, &child(ptr, "Arguments"));
    }
}

/// `Resource` is required and must be a valid resource (an ARN such as `arn:aws:states:::s3:getObject`).
fn needs_resource(sink: &mut Sink, name: &str, v: &Map<String, Value>, ptr: &str) {
    match v.get("Resource") {
        Some(r) => resource(sink, r, &child(ptr, "Resource")),
        None => sink.push(codes::MISSING_FIELD, ptr, format!("{name} needs \"Resource\"")),
    }
}

fn reader_config(sink: &mut Sink, cfg: &Value, ptr: &str, jsonata: bool) {
    let Some(obj) = cfg.as_object() else {
        return sink.push(codes::INVALID_TYPE, ptr, format!("ReaderConfig must be an object, not {}", type_name(cfg)));
    };
    at_most_one(sink, obj, ptr, &["MaxItems", "MaxItemsPath"]);
    count(sink, obj, ptr, "MaxItems", Kind::PosInt, jsonata);
    reference_paths(sink, obj, ptr, &["MaxItemsPath"]);
    if let Some(loc) = obj.get("CSVHeaderLocation") {
        if !matches!(loc.as_str(), Some("FIRST_ROW" | "GIVEN")) {
            let msg = format!("CSVHeaderLocation must be one of [\"FIRST_ROW\", \"GIVEN\"], not {loc}");
            sink.push(codes::INVALID_VALUE, &child(ptr, "CSVHeaderLocation"), msg);
        }
    }
}

/// Checks field `name` of `obj`, when present, as an integer of `kind`.
fn count(sink: &mut Sink, obj: &Map<String, Value>, ptr: &str, name: &str, kind: Kind, jsonata: bool) {
    if let Some(v) = obj.get(name) {
        values::number(sink, kind, v, &child(ptr, name), jsonata);
    }
}

fn reference_paths(sink: &mut Sink, obj: &Map<String, Value>, ptr: &str, names: &[&str]) {
    for name in names {
        if let Some(v) = obj.get(*name) {
            check_path_field(sink, v, &child(ptr, name), name, PathRule::Reference);
        }
    }
}
