//! The array functions: ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem,
//! ArrayLength, ArrayUnique (States.Array needs no code of its own).
//!
//! Numeric arguments lose their fraction, as on AWS (`ArrayPartition($.a, 2.6)` uses 2).

use serde_json::Value;

use super::json::json_eq;
use super::value::{array, int, invalid, truncated};

/// The most items ArrayRange may produce (AWS's limit).
pub(super) const MAX_RANGE_ITEMS: i64 = 1000;

/// `States.ArrayPartition(array, size)`: chunks of `size`, the last one shorter.
pub(super) fn partition(args: &[Value]) -> Result<Value, String> {
    let f = "States.ArrayPartition";
    let items = array(f, &args[0])?;
    let size = truncated(f, &args[1])?;
    if size <= 0 {
        return Err(invalid(f));
    }
    let chunks = items
        .chunks(size as usize)
        .map(|c| Value::Array(c.to_vec()));
    Ok(Value::Array(chunks.collect()))
}

/// `States.ArrayContains(array, value)`: deep equality, numbers by value.
pub(super) fn contains(args: &[Value]) -> Result<Value, String> {
    let items = array("States.ArrayContains", &args[0])?;
    Ok(Value::Bool(items.iter().any(|x| json_eq(x, &args[1]))))
}

/// `States.ArrayRange(first, last, step)`: `first`, `first+step`, … up to `last` inclusive;
/// a step of the wrong sign gives `[]`, a zero step or more than 1000 items fail.
pub(super) fn range(args: &[Value]) -> Result<Value, String> {
    let f = "States.ArrayRange";
    let (first, last, step) = (
        truncated(f, &args[0])?,
        truncated(f, &args[1])?,
        truncated(f, &args[2])?,
    );
    if step == 0 {
        return Err(invalid(f));
    }
    let count = if (step > 0 && last < first) || (step < 0 && last > first) {
        0
    } else {
        (last - first) / step + 1
    };
    if count > MAX_RANGE_ITEMS {
        return Err(invalid(f));
    }
    Ok(Value::Array(
        (0..count).map(|k| int(first + k * step)).collect(),
    ))
}

/// `States.ArrayGetItem(array, index)`. Like AWS, any index into an empty array gives `null`.
pub(super) fn get_item(args: &[Value]) -> Result<Value, String> {
    let f = "States.ArrayGetItem";
    let items = array(f, &args[0])?;
    let index = truncated(f, &args[1])?;
    if items.is_empty() && index >= 0 {
        return Ok(Value::Null);
    }
    usize::try_from(index)
        .ok()
        .and_then(|i| items.get(i))
        .cloned()
        .ok_or_else(|| invalid(f))
}

/// `States.ArrayLength(array)`.
pub(super) fn length(args: &[Value]) -> Result<Value, String> {
    Ok(int(array("States.ArrayLength", &args[0])?.len() as i64))
}

/// `States.ArrayUnique(array)`: first occurrences, in order.
pub(super) fn unique(args: &[Value]) -> Result<Value, String> {
    let items = array("States.ArrayUnique", &args[0])?;
    let mut out: Vec<Value> = Vec::new();
    for item in items {
        if !out.iter().any(|seen| json_eq(seen, item)) {
            out.push(item.clone());
        }
    }
    Ok(Value::Array(out))
}
