//! `ResultPath`: writing a value into a document at a reference path.
//!
//! `$` replaces the whole document; missing objects along the way are created; stepping
//! into something that is neither an object nor (for an index) an array fails, as on AWS
//! (`States.ResultPathMatchFailure`, which the interpreter raises from this error).

use serde_json::{Map, Value};

use super::{Path, PathEvalError, PathRoot, Segment};

/// Returns `target` with `value` stored at `path` (`$` gives back `value`).
pub fn set_at(mut target: Value, path: &Path, value: Value) -> Result<Value, PathEvalError> {
    if path.root() != PathRoot::Input || !path.is_reference_path() {
        return Err(PathEvalError::CannotSet {
            step: path.as_str().to_string(),
            input: compact(&target),
        });
    }
    let segs = path.segments();
    if segs.is_empty() {
        return Ok(value);
    }
    set_in(&mut target, segs, value)?;
    Ok(target)
}

fn set_in(target: &mut Value, segs: &[Segment], value: Value) -> Result<(), PathEvalError> {
    let Some((seg, rest)) = segs.split_first() else {
        *target = value;
        return Ok(());
    };
    match (seg, &mut *target) {
        (Segment::Names(names), Value::Object(map)) => {
            let slot = map
                .entry(names[0].clone())
                .or_insert_with(|| Value::Object(Map::new()));
            if rest.is_empty() {
                *slot = value;
                Ok(())
            } else {
                set_in(slot, rest, value)
            }
        }
        (Segment::Indexes(ix), Value::Array(arr)) => {
            let len = arr.len() as i64;
            let k = if ix[0] < 0 { len + ix[0] } else { ix[0] };
            match usize::try_from(k).ok().and_then(|k| arr.get_mut(k)) {
                Some(slot) => set_in(slot, rest, value),
                None => Err(cannot(seg, target)),
            }
        }
        _ => Err(cannot(seg, target)),
    }
}

fn cannot(seg: &Segment, target: &Value) -> PathEvalError {
    let step = match seg {
        Segment::Names(names) => names[0].clone(),
        other => {
            let mut s = String::new();
            other.write_normalized(&mut s);
            s
        }
    };
    PathEvalError::CannotSet {
        step,
        input: compact(target),
    }
}

fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}
