//! Which functions return sequences, as in jsonata-js (which AWS runs).
//!
//! jsonata-js marks some arrays as *sequences*: when an expression's value is a sequence of one it
//! gives that value itself, and an empty one gives nothing (undefined), while a plain array stays
//! an array (`$map([1], f)` is `1`, `[1]` is `[1]`). Its `functions.js` returns sequences from
//! `$map`, `$filter`, `$each`, `$match` and `$spread` of an object; plain arrays from `$append`
//! (a concatenation), `$sort`, `$reverse` and `$shuffle` of two items or more, and `$spread` of an
//! array (built with `$append`); `$distinct` returns a sequence only when given one (a path's
//! result); and a function given a non-array where it takes an array gets a plain array of one.
//!
//! `seuil` evaluates sequences as jsonata-js does, but its functions mark their results
//! differently: `$map`, `$filter`, `$each` and `$match` with a limit return plain arrays,
//! `$append` of a non-array returns a sequence, `$sort` keeps its argument's marks, `$distinct`
//! drops them, `$spread` keeps nested arrays and always returns a sequence, `$reverse` and
//! `$shuffle` refuse a non-array, and `$shuffle` keeps the order. These replace them (bound by name
//! through `arity.rs`). `$sort` also swaps two items when its comparator's result is true in
//! JavaScript's sense, as jsonata-js's does (`$r - $l` is true when not 0), where `seuil` wanted a
//! positive number. `$distinct` also compares items as jsonata-js does (see [`Deep`]).

use seuil::evaluator::functions::{array, hof, object, string};
use seuil::evaluator::value::{ArrayFlags, FnContext, Value as JValue};
use seuil::{Error, Span};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

/// What a native function returns.
type Answer<'a> = Result<&'a JValue<'a>, Error>;

/// `v` marked with exactly `flags` when it is an array marked otherwise (a copy sharing the
/// members), else `v`.
fn marked<'a>(ctx: &FnContext<'a, '_>, v: &'a JValue<'a>, flags: ArrayFlags) -> &'a JValue<'a> {
    match v {
        JValue::Array(_, f) if *f != flags => v.clone_array_with_flags(ctx.arena, flags),
        _ => v,
    }
}

/// `$map(array, function)`: a sequence.
pub(super) fn map<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Answer<'a> {
    Ok(marked(&ctx, hof::fn_map(ctx, args)?, ArrayFlags::SEQUENCE))
}

/// `$filter(array, function)`: a sequence.
pub(super) fn filter<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Answer<'a> {
    Ok(marked(&ctx, hof::fn_filter(ctx, args)?, ArrayFlags::SEQUENCE))
}

/// `$each(object, function)`: a sequence.
pub(super) fn each<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Answer<'a> {
    Ok(marked(&ctx, object::fn_each(ctx, args)?, ArrayFlags::SEQUENCE))
}

/// `$match(str, pattern, limit?)`: a sequence (`seuil` unwraps a single match only without a
/// limit).
pub(super) fn match_<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Answer<'a> {
    Ok(marked(&ctx, string::fn_match(ctx, args)?, ArrayFlags::SEQUENCE))
}

/// `$distinct(array)`: the first of each set of [`Deep`]-equal items, in a sequence when given one,
/// else in a plain array; a non-array, or an array of at most one item, as it is.
pub(super) fn distinct<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Answer<'a> {
    let items = args.first().copied().unwrap_or_else(|| JValue::undefined(ctx.arena));
    if !items.is_array() || items.len() <= 1 {
        return Ok(items);
    }
    let flags = if items.has_flags(ArrayFlags::SEQUENCE) { ArrayFlags::SEQUENCE } else { ArrayFlags::empty() };
    let out = JValue::array_with_capacity(ctx.arena, items.len(), flags);
    // Values can be grown in place (arrays), but none is while this runs, so hashes hold.
    #[allow(clippy::mutable_key_type)]
    let mut seen = HashSet::new();
    for m in items.members() {
        if seen.insert(Deep(m)) {
            out.push(m);
        }
    }
    Ok(out)
}

/// A value compared as jsonata-js's `deepEquals` compares for `$distinct`: numbers by `===` (`0`
/// and `-0` alike), arrays (ranges too) member by member, objects by their keys and values in any
/// order, functions and regexes by identity. `seuil`'s own `Eq` and `Hash` disagree on `-0` and
/// `0` (equal, but hashed by their bits), so its `$distinct` kept both. Hashed, not compared
/// pairwise as jsonata-js does, so a large array costs linear time, not quadratic.
struct Deep<'a>(&'a JValue<'a>);

impl PartialEq for Deep<'_> {
    fn eq(&self, other: &Self) -> bool {
        deep_equal(self.0, other.0)
    }
}

impl Eq for Deep<'_> {}

impl Hash for Deep<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        deep_hash(self.0, state)
    }
}

fn deep_equal<'a>(l: &'a JValue<'a>, r: &'a JValue<'a>) -> bool {
    match (l, r) {
        (JValue::Object(l), JValue::Object(r)) => l.len() == r.len() && l.iter().all(|(k, v)| r.get(k).is_some_and(|w| deep_equal(v, w))),
        _ if l.is_array() && r.is_array() => l.len() == r.len() && l.members().zip(r.members()).all(|(a, b)| deep_equal(a, b)),
        _ if l.is_function() || matches!(l, JValue::Regex(_)) => std::ptr::eq(l, r),
        _ => l == r,
    }
}

/// A hash agreeing with [`deep_equal`]: no variant tag (a range equals an array), object keys in
/// sorted order.
fn deep_hash<'a, H: Hasher>(v: &'a JValue<'a>, state: &mut H) {
    match v {
        // `-0 + 0` is `0`.
        JValue::Number(n) => (n + 0.0).to_bits().hash(state),
        JValue::String(s) => s.hash(state),
        JValue::Bool(b) => b.hash(state),
        JValue::Object(o) => {
            let mut keys: Vec<_> = o.keys().collect();
            keys.sort();
            for k in keys {
                k.hash(state);
                deep_hash(o[k], state);
            }
        }
        _ if v.is_array() => v.members().for_each(|m| deep_hash(m, state)),
        _ => {}
    }
}

/// `$append(a, b)`: `a` then `b` in a plain array; either alone when the other is undefined.
pub(super) fn append<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Answer<'a> {
    let arg = |i: usize| args.get(i).copied().filter(|v| !v.is_undefined());
    match (arg(0), arg(1)) {
        (Some(a), Some(b)) => Ok(concat(&ctx, &[a, b])),
        (a, b) => Ok(a.or(b).unwrap_or_else(|| JValue::undefined(ctx.arena))),
    }
}

/// The members of `parts` (a non-array counting as one) in a plain array.
fn concat<'a>(ctx: &FnContext<'a, '_>, parts: &[&'a JValue<'a>]) -> &'a JValue<'a> {
    let out = JValue::array(ctx.arena, ArrayFlags::empty());
    for part in parts {
        match part.is_array() {
            true => part.members().for_each(|m| out.push(m)),
            false => out.push(part),
        }
    }
    out
}

/// `$spread(value?)`: an object as a sequence of one-member objects; an array's items spread and
/// appended one after another (a plain array, or nothing when it is empty); anything else as is.
pub(super) fn spread<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Answer<'a> {
    Ok(spread_value(&ctx, args.first().copied().unwrap_or(ctx.input)))
}

fn spread_value<'a>(ctx: &FnContext<'a, '_>, v: &'a JValue<'a>) -> &'a JValue<'a> {
    match v {
        JValue::Object(o) => {
            let out = JValue::array_with_capacity(ctx.arena, o.len(), ArrayFlags::SEQUENCE);
            for (key, value) in o {
                let single = JValue::object_with_capacity(ctx.arena, 1);
                single.insert(key, value);
                out.push(single);
            }
            out
        }
        _ if v.is_array() => {
            let parts: Vec<_> = v.members().map(|m| spread_value(ctx, m)).filter(|s| !s.is_undefined()).collect();
            match parts.is_empty() {
                true => JValue::array(ctx.arena, ArrayFlags::SEQUENCE),
                false => concat(ctx, &parts),
            }
        }
        _ => v,
    }
}

/// `$sort(array, comparator?)`: a plain array of two items or more; the comparator's result is
/// taken as JavaScript takes a condition.
pub(super) fn sort<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Answer<'a> {
    let several = args.first().is_some_and(|a| a.is_array() && a.len() > 1);
    let inner = ctx.apply_fn;
    let swap = |span: Span, input, f, call_args: &[&'a JValue<'a>]| {
        let out = inner(span, input, f, call_args)?;
        Ok(JValue::bool_val(ctx.arena, javascript_truthy(out)))
    };
    let out = array::fn_sort(FnContext { apply_fn: &swap, ..ctx }, args)?;
    Ok(if several { marked(&ctx, out, ArrayFlags::empty()) } else { out })
}

/// Whether JavaScript takes `v` as true in a condition: objects and arrays always, even empty.
fn javascript_truthy(v: &JValue) -> bool {
    match v {
        JValue::Undefined | JValue::Null => false,
        JValue::Bool(b) => *b,
        JValue::Number(n) => *n != 0.0 && !n.is_nan(),
        JValue::String(s) => !s.is_empty(),
        _ => true,
    }
}

/// `$reverse(array)`: a plain array.
pub(super) fn reverse<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Answer<'a> {
    Ok(rearranged(&ctx, args, |items| items.reverse()))
}

/// `$shuffle(array)`: a plain array in a random order.
pub(super) fn shuffle<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Answer<'a> {
    Ok(rearranged(&ctx, args, |items| fastrand::shuffle(items)))
}

/// The array argument's items in the order `arrange` leaves them, as jsonata-js's `$reverse` and
/// `$shuffle` answer: undefined for undefined, a non-array as an array of one, an array of at most
/// one item as it is.
fn rearranged<'a>(ctx: &FnContext<'a, '_>, args: &[&'a JValue<'a>], arrange: impl FnOnce(&mut Vec<&'a JValue<'a>>)) -> &'a JValue<'a> {
    match args.first() {
        None => JValue::undefined(ctx.arena),
        Some(a) if a.is_undefined() || (a.is_array() && a.len() <= 1) => a,
        Some(a) if !a.is_array() => JValue::wrap_in_array(ctx.arena, a, ArrayFlags::empty()),
        Some(a) => {
            let mut items: Vec<_> = a.members().collect();
            arrange(&mut items);
            JValue::array_from(ctx.arena, bumpalo::collections::Vec::from_iter_in(items, ctx.arena), ArrayFlags::empty())
        }
    }
}
