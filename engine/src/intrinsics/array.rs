//! The array functions: ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem,
//! ArrayLength, ArrayUnique (States.Array needs no code of its own).

use serde_json::Value;

use super::value::{array, fail, int, integer};
use crate::StatesError;

/// The most items ArrayRange may produce (AWS's limit).
pub(super) const MAX_RANGE_ITEMS: i64 = 1000;

/// `States.ArrayPartition(array, size)`: chunks of `size`, the last one shorter.
pub(super) fn partition(args: &[Value]) -> Result<Value, StatesError> {
    let items = array("States.ArrayPartition", &args[0])?;
    let size = integer("States.ArrayPartition", &args[1])?;
    if size <= 0 {
        return Err(fail(format!("Chunk size must be a positive integer, found {size}")));
    }
    let chunks = items.chunks(size.min(usize::MAX as i64) as usize).map(|c| Value::Array(c.to_vec()));
    Ok(Value::Array(chunks.collect()))
}

/// `States.ArrayContains(array, value)`: deep equality.
pub(super) fn contains(args: &[Value]) -> Result<Value, StatesError> {
    let items = array("States.ArrayContains", &args[0])?;
    Ok(Value::Bool(items.iter().any(|x| super::json::json_eq(x, &args[1]))))
}

/// `States.ArrayRange(first, last, step)`: `first`, `first+step`, … up to `last` inclusive.
pub(super) fn range(args: &[Value]) -> Result<Value, StatesError> {
    let f = "States.ArrayRange";
    let (first, last, step) = (integer(f, &args[0])?, integer(f, &args[1])?, integer(f, &args[2])?);
    if step == 0 {
        return Err(fail("States.ArrayRange step must be non-zero"));
    }
    let count = if (step > 0 && last < first) || (step < 0 && last > first) {
        0
    } else {
        (last as i128 - first as i128) / step as i128 + 1
    };
    if count > MAX_RANGE_ITEMS as i128 {
        return Err(fail(format!("The array range cannot contain more than {MAX_RANGE_ITEMS} items")));
    }
    Ok(Value::Array((0..count as i64).map(|k| int(first + k * step)).collect()))
}

/// `States.ArrayGetItem(array, index)`.
pub(super) fn get_item(args: &[Value]) -> Result<Value, StatesError> {
    let items = array("States.ArrayGetItem", &args[0])?;
    let index = integer("States.ArrayGetItem", &args[1])?;
    usize::try_from(index)
        .ok()
        .and_then(|i| items.get(i))
        .cloned()
        .ok_or_else(|| fail(format!("Index {index} is out of bounds for array of length {}", items.len())))
}

/// `States.ArrayLength(array)`.
pub(super) fn length(args: &[Value]) -> Result<Value, StatesError> {
    Ok(int(array("States.ArrayLength", &args[0])?.len() as i64))
}

/// `States.ArrayUnique(array)`: first occurrences, in order.
pub(super) fn unique(args: &[Value]) -> Result<Value, StatesError> {
    let items = array("States.ArrayUnique", &args[0])?;
    let mut out: Vec<Value> = Vec::new();
    for item in items {
        if !out.iter().any(|seen| super::json::json_eq(seen, item)) {
            out.push(item.clone());
        }
    }
    Ok(Value::Array(out))
}
