//! Path evaluation with Jayway's semantics.
//!
//! Definite paths take [`definite`]: a walk by reference that fails with Jayway's messages
//! (`No results for path: …`, `Missing property in path …`). Indefinite paths take [`walk`],
//! which never fails and collects every match in document order, `..` included.

use serde_json::{Map, Value};

use super::{Path, PathEvalError, Segment};

/// Evaluates `path` against `doc` (the document its root designates).
pub(crate) fn evaluate(path: &Path, doc: &Value) -> Result<Value, PathEvalError> {
    let segs = path.segments();
    if let Some(Segment::Function(name)) = segs.last() {
        let body = &segs[..segs.len() - 1];
        let arg = if body
            .iter()
            .enumerate()
            .all(|(i, s)| s.is_definite(i + 1 == body.len()))
        {
            definite(path, body, doc)?
        } else {
            indefinite(body, doc)
        };
        return apply_function(name, &arg);
    }
    if path.is_definite() {
        definite(path, segs, doc)
    } else {
        Ok(indefinite(segs, doc))
    }
}

fn indefinite(segs: &[Segment], doc: &Value) -> Value {
    let mut out = Vec::new();
    walk(segs, doc, doc, &mut out);
    Value::Array(out)
}

/// Walks single names / single indexes (plus a final union of names, merged into an object).
fn definite(path: &Path, segs: &[Segment], doc: &Value) -> Result<Value, PathEvalError> {
    let mut cur = doc;
    for (i, seg) in segs.iter().enumerate() {
        let leaf = i + 1 == segs.len();
        match seg {
            Segment::Names(names) if names.len() == 1 => {
                let Value::Object(map) = cur else {
                    return Err(not_an_object(path, segs, i, cur));
                };
                match map.get(&names[0]) {
                    Some(v) => cur = v,
                    None if leaf => return Err(no_results(path)),
                    None => {
                        return Err(PathEvalError::NotFound(format!(
                            "Missing property in path {}",
                            prefix(path, segs, i + 1)
                        )))
                    }
                }
            }
            Segment::Names(names) => {
                let Value::Object(map) = cur else {
                    return Err(not_an_object(path, segs, i, cur));
                };
                let merged: Map<String, Value> = names
                    .iter()
                    .filter_map(|n| map.get(n).map(|v| (n.clone(), v.clone())))
                    .collect();
                return Ok(Value::Object(merged));
            }
            Segment::Indexes(ix) => {
                let arr = match cur {
                    Value::Array(arr) => arr,
                    Value::Null => {
                        return Err(PathEvalError::NotFound(format!(
                            "The path {} is null",
                            prefix(path, segs, i)
                        )));
                    }
                    other => {
                        let mut frag = String::new();
                        seg.write_normalized(&mut frag);
                        return Err(PathEvalError::NotFound(format!(
                            "Filter: {frag} can only be applied to arrays. Current context is: {other}"
                        )));
                    }
                };
                match index(arr.len(), ix[0]).and_then(|k| arr.get(k)) {
                    Some(v) => cur = v,
                    None => return Err(no_results(path)),
                }
            }
            _ => return Ok(indefinite(&segs[i..], cur)),
        }
    }
    Ok(cur.clone())
}

fn no_results(path: &Path) -> PathEvalError {
    PathEvalError::NotFound(format!("No results for path: {}", path.normalized()))
}

/// The normalized text of the root and the first `n` segments.
fn prefix(path: &Path, segs: &[Segment], n: usize) -> String {
    let mut out = path.root_text();
    for seg in &segs[..n] {
        seg.write_normalized(&mut out);
    }
    out
}

fn not_an_object(path: &Path, segs: &[Segment], i: usize, found: &Value) -> PathEvalError {
    let mut frag = String::new();
    segs[i].write_normalized(&mut frag);
    let class = match found {
        Value::Null => "null",
        Value::Bool(_) => "java.lang.Boolean",
        Value::Number(n) if n.is_f64() => "java.lang.Double",
        Value::Number(_) => "java.lang.Integer",
        Value::String(_) => "java.lang.String",
        Value::Array(_) => "net.minidev.json.JSONArray",
        Value::Object(_) => "net.minidev.json.JSONObject",
    };
    PathEvalError::NotFound(format!(
        "Expected to find an object with property {frag} in path {} but found '{class}'. \
         This is not a json object according to the JsonProvider: \
         'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'.",
        prefix(path, segs, i)
    ))
}

/// Resolves a possibly negative index against a length.
fn index(len: usize, i: i64) -> Option<usize> {
    let k = if i < 0 { len as i64 + i } else { i };
    (k >= 0 && (k as usize) < len).then_some(k as usize)
}

/// Collects every match of `segs` under `v` (Jayway with an indefinite upstream: no errors).
fn walk(segs: &[Segment], v: &Value, root: &Value, out: &mut Vec<Value>) {
    let Some((seg, rest)) = segs.split_first() else {
        out.push(v.clone());
        return;
    };
    match seg {
        Segment::Names(names) => {
            let Value::Object(map) = v else { return };
            if names.len() > 1 && rest.is_empty() {
                let merged: Map<String, Value> = names
                    .iter()
                    .filter_map(|n| map.get(n).map(|x| (n.clone(), x.clone())))
                    .collect();
                out.push(Value::Object(merged));
                return;
            }
            for n in names {
                if let Some(child) = map.get(n) {
                    walk(rest, child, root, out);
                }
            }
        }
        Segment::Indexes(ix) => {
            let Value::Array(arr) = v else { return };
            for &i in ix {
                if let Some(child) = index(arr.len(), i).and_then(|k| arr.get(k)) {
                    walk(rest, child, root, out);
                }
            }
        }
        Segment::Wildcard => match v {
            Value::Object(map) => map.values().for_each(|c| walk(rest, c, root, out)),
            Value::Array(arr) => arr.iter().for_each(|c| walk(rest, c, root, out)),
            _ => {}
        },
        Segment::Slice(from, to) => {
            let Value::Array(arr) = v else { return };
            let len = arr.len() as i64;
            let clamp = |x: i64| if x < 0 { (len + x).max(0) } else { x.min(len) };
            let start = from.map_or(0, clamp);
            let end = to.map_or(len, clamp);
            for child in arr.iter().take(end.max(0) as usize).skip(start as usize) {
                walk(rest, child, root, out);
            }
        }
        Segment::Filter(f) => match v {
            Value::Array(arr) => {
                for child in arr.iter().filter(|c| f.accepts(c, root)) {
                    walk(rest, child, root, out);
                }
            }
            Value::Object(_) if f.accepts(v, root) => walk(rest, v, root, out),
            _ => {}
        },
        Segment::Scan(inner) => scan(inner, rest, v, root, out),
        Segment::Function(_) => {}
    }
}

/// Jayway's `ScanPathToken.walk`: test each container with the step's predicate, apply the
/// step where it holds, then descend into the children. Kept quirk: on an array, a step that
/// is not last hands every element to the rest of the path (`$..[0].x` reads `x` of all).
fn scan(inner: &Segment, rest: &[Segment], v: &Value, root: &Value, out: &mut Vec<Value>) {
    let step = std::slice::from_ref(inner);
    let children: Box<dyn Iterator<Item = &Value>> = match v {
        Value::Object(map) => Box::new(map.values()),
        Value::Array(arr) => Box::new(arr.iter()),
        _ => return,
    };
    if scan_matches(inner, rest.is_empty(), v, root) {
        match v {
            Value::Array(arr) if !rest.is_empty() => {
                arr.iter().for_each(|c| walk(rest, c, root, out))
            }
            _ => walk_then(step, rest, v, root, out),
        }
    }
    children.for_each(|c| scan(inner, rest, c, root, out));
}

/// The predicate Jayway's scan uses to pick the containers a step applies to.
fn scan_matches(inner: &Segment, is_leaf: bool, v: &Value, root: &Value) -> bool {
    match inner {
        Segment::Names(names) => match v {
            Value::Object(map) => {
                (names.len() > 1 && !is_leaf) || names.iter().all(|n| map.contains_key(n))
            }
            _ => false,
        },
        Segment::Indexes(_) | Segment::Slice(..) => v.is_array(),
        Segment::Filter(f) => f.accepts(v, root),
        Segment::Wildcard => true,
        Segment::Scan(_) | Segment::Function(_) => false,
    }
}

/// Applies `step` to `v` and then `rest` to every result.
fn walk_then(step: &[Segment], rest: &[Segment], v: &Value, root: &Value, out: &mut Vec<Value>) {
    let mut mid = Vec::new();
    walk(step, v, root, &mut mid);
    for m in &mid {
        walk(rest, m, root, out);
    }
}

/// Jayway's path functions (`length()`, `min()`, …) applied to the value before them.
fn apply_function(name: &str, v: &Value) -> Result<Value, PathEvalError> {
    let fail = |m: &str| Err(PathEvalError::Function(m.to_string()));
    match name {
        "length" | "size" => Ok(match v {
            Value::Array(a) => a.len().into(),
            Value::Object(o) => o.len().into(),
            Value::String(s) => s.chars().count().into(),
            _ => Value::Null,
        }),
        "keys" => match v {
            Value::Object(o) => Ok(Value::Array(
                o.keys().map(|k| Value::String(k.clone())).collect(),
            )),
            _ => fail("Invalid property type for keys(); expected an object"),
        },
        "first" | "last" => match v {
            Value::Array(a) => Ok((if name == "first" { a.first() } else { a.last() })
                .cloned()
                .unwrap_or(Value::Null)),
            _ => fail("Invalid property type; expected an array"),
        },
        _ => {
            let nums: Vec<f64> = match v {
                Value::Array(a) => a.iter().filter_map(Value::as_f64).collect(),
                _ => Vec::new(),
            };
            if nums.is_empty() {
                return fail("Aggregation function attempted to calculate value using empty array");
            }
            let n = nums.len() as f64;
            let sum: f64 = nums.iter().sum();
            let r = match name {
                "min" => nums.iter().cloned().fold(f64::INFINITY, f64::min),
                "max" => nums.iter().cloned().fold(f64::NEG_INFINITY, f64::max),
                "sum" => sum,
                "avg" => sum / n,
                _ => {
                    let mean = sum / n;
                    (nums.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n).sqrt()
                }
            };
            Ok(serde_json::Number::from_f64(r).map_or(Value::Null, Value::Number))
        }
    }
}
