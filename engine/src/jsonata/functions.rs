//! The functions Step Functions adds to JSONata: `$partition`, `$range`, `$hash`, `$random`
//! (with an optional seed), `$uuid` and `$parse` (AWS's "JSONata functions provided by Step
//! Functions"; they stand in for the `States.*` intrinsics). Anything else, such as
//! `$randomSeeded`, or `seuil`'s `$flatten` (not a jsonata-js function), is undefined and fails
//! with `T1006`, as on AWS.
//!
//! Their edges follow AWS: a fractional number argument is cut towards zero (`$partition(a, 2.9)`
//! chunks by 2); a chunk size below 1, an empty array, a `$range` without a step or with a step
//! that leads away from the end, and a `$hash` without an algorithm give undefined (so the field
//! fails with "returned nothing"), not an error.
//!
//! `seuil` answers calls to natives *named* `random` and `uuid` itself (ignoring arguments), so
//! ours carry other internal names and are only bound under AWS's names.

use super::arity::bounded;
use super::eval::to_json;
use super::exact::Exact;
use bumpalo::Bump;
use seuil::evaluator::engine::Evaluator;
use seuil::evaluator::value::{ArrayFlags, FnContext, Value as JValue};
use seuil::{Error, Span};

/// A native function as `seuil` binds it.
pub(super) type Native = for<'a, 'e> fn(FnContext<'a, 'e>, &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error>;

/// Binds the AWS functions (over the same-named JSONata ones), the JSONata ones `seuil` lacks,
/// our `$string`, `&` and `..` (see `string.rs`, `operators.rs`) and the bounded `$pad`,
/// `$substring`, `$join` and `$replace` (`limits.rs`) into `ev`'s scope, each refusing surplus
/// arguments as AWS does (`arity.rs`), and hides `seuil`'s functions jsonata-js lacks
/// ([`NOT_IN_JSONATA_JS`]).
pub(super) fn bind<'a>(ev: &Evaluator<'a, '_>, arena: &'a Bump) {
    // (name, internal name, arity, the native refusing more arguments than its arity)
    macro_rules! own {
        ($name:expr, $internal:expr, $arity:literal, $f:path) => {
            ($name, $internal, $arity, bounded!($arity, $f))
        };
    }
    let natives: [(&'static str, &str, usize, Native); 21] = [
        own!("partition", "partition", 2, partition),
        own!("range", "range", 3, range),
        own!("hash", "hash", 2, hash),
        own!("random", "aws_random", 1, random),
        own!("uuid", "aws_uuid", 0, uuid),
        own!("parse", "parse", 1, parse),
        own!("formatNumber", "formatNumber", 3, super::format_number::format_number),
        own!("formatBase", "formatBase", 2, super::format::format_base),
        own!("formatInteger", "formatInteger", 2, super::integer::format_integer),
        own!("parseInteger", "parseInteger", 2, super::integer::parse_integer),
        own!("encodeUrl", "encodeUrl", 1, super::url::encode_url),
        own!("encodeUrlComponent", "encodeUrlComponent", 1, super::url::encode_url_component),
        own!("decodeUrl", "decodeUrl", 1, super::url::decode_url),
        own!("decodeUrlComponent", "decodeUrlComponent", 1, super::url::decode_url_component),
        // Arity 1, as seuil's: higher-order functions pass a function as many arguments as its
        // arity, and `$map(a, $string)` must not pass the index as `prettify`.
        ("string", "string", 1, bounded!(2, super::string::string)),
        (super::operators::CONCAT, "concat", 2, super::string::concat),
        (super::operators::RANGE, "range_operator", 2, super::limits::range_operator),
        own!("pad", "pad", 3, super::limits::pad),
        own!("substring", "substring", 3, super::limits::substring),
        own!("join", "join", 2, super::limits::join),
        own!("replace", "replace", 4, super::limits::replace),
    ];
    for (name, internal, arity, func) in natives {
        ev.bind(name, arena.alloc(JValue::NativeFn { name: internal.to_string(), arity, func }));
    }
    for name in NOT_IN_JSONATA_JS {
        ev.bind(name, JValue::undefined(arena));
    }
}

/// `seuil`'s functions that jsonata-js, which AWS runs, does not have: bound as undefined (over
/// `seuil`'s), so that calling one fails with `T1006` as on AWS. `seuil`'s other extra, `$uuid`,
/// is AWS's and bound above. Bound before the workflow variables, so a variable of the same name
/// still wins, as an expression's own `$flatten := …` does.
const NOT_IN_JSONATA_JS: [&str; 1] = ["flatten"];

/// `T0410`: argument `index` (1-based) of the function is not valid.
fn bad_arg(ctx: &FnContext, index: usize) -> Error {
    let name = ctx.name.trim_start_matches("aws_");
    Error::T0410ArgumentNotValid(Span::at(ctx.char_index), index, name.to_string())
}

/// A number argument cut towards zero; `None` when it is absent (undefined).
fn int_arg(ctx: &FnContext, args: &[&JValue], index: usize) -> Result<Option<i64>, Error> {
    match args.get(index - 1) {
        None | Some(JValue::Undefined) => Ok(None),
        Some(JValue::Number(n)) if n.is_finite() => Ok(Some(n.trunc() as i64)),
        _ => Err(bad_arg(ctx, index)),
    }
}

/// Most elements `$range` builds; one more is refused as AWS refuses it.
const RANGE_LIMIT: i64 = 360_145;

/// `$partition(array, size)`: the array cut into chunks of `size` (the last may be shorter).
fn partition<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    let items = match args.first() {
        Some(a) if a.is_array() => *a,
        Some(JValue::Undefined) | None => return Ok(JValue::undefined(ctx.arena)),
        _ => return Err(bad_arg(&ctx, 1)),
    };
    let size = match int_arg(&ctx, args, 2)? {
        Some(n) if n > 0 && !items.is_empty() => n,
        _ => return Ok(JValue::undefined(ctx.arena)),
    };
    let members: Vec<&'a JValue<'a>> = items.members().collect();
    let out = JValue::array_with_capacity(ctx.arena, members.len().div_ceil(size as usize), ArrayFlags::empty());
    for chunk in members.chunks(size as usize) {
        let part = JValue::array_with_capacity(ctx.arena, chunk.len(), ArrayFlags::empty());
        chunk.iter().for_each(|v| part.push(v));
        out.push(part);
    }
    Ok(out)
}

/// `$range(start, end, step)`: `start`, `start + step`, … up to and including `end` (a
/// sequence, so a single number comes back unwrapped, as on AWS).
fn range<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    let (Some(start), Some(end), Some(step)) = (int_arg(&ctx, args, 1)?, int_arg(&ctx, args, 2)?, int_arg(&ctx, args, 3)?) else {
        return Ok(JValue::undefined(ctx.arena));
    };
    // In i128: the ends may be anywhere in i64's range.
    let (start, end, step) = (i128::from(start), i128::from(end), i128::from(step));
    let count = match (end - start).signum() == step.signum() || end == start {
        true if step != 0 => (end - start) / step + 1,
        _ => return Ok(JValue::undefined(ctx.arena)),
    };
    if count > i128::from(RANGE_LIMIT) {
        return Err(super::limits::memory_error());
    }
    let out = JValue::array_with_capacity(ctx.arena, count as usize, ArrayFlags::SEQUENCE);
    (0..count).for_each(|i| out.push(JValue::number(ctx.arena, (start + i * step) as f64)));
    Ok(out)
}

/// `$hash(data, algorithm)`: hex digest with `MD5`, `SHA-1`, `SHA-256`, `SHA-384` or `SHA-512`.
fn hash<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    let exact = Exact::default();
    let (Some(data), Some(alg)) = (args.first().and_then(|v| to_json(v, &exact)), args.get(1).and_then(|v| to_json(v, &exact))) else {
        return Ok(JValue::undefined(ctx.arena));
    };
    match crate::intrinsics::encode::hash(&[data, alg]) {
        Ok(serde_json::Value::String(h)) => Ok(JValue::string(ctx.arena, &h)),
        _ => Err(bad_arg(&ctx, 2)),
    }
}

/// `$random([seed])`: a number in `[0, 1)`; the same integer seed gives the same number.
fn random<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    let mut rng = match int_arg(&ctx, args, 1)? {
        None => fastrand::Rng::new(),
        Some(seed) => fastrand::Rng::with_seed(seed as u64),
    };
    Ok(JValue::number(ctx.arena, rng.f64()))
}

/// `$uuid()`: a random version-4 UUID.
fn uuid<'a>(ctx: FnContext<'a, '_>, _args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    let id = crate::intrinsics::encode::uuid();
    Ok(JValue::string(ctx.arena, id.as_str().unwrap_or_default()))
}

/// `$parse(text)`: JSON text as a value (the stand-in for `$eval`, which AWS does not offer).
fn parse<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    let Some(JValue::String(s)) = args.first() else { return Err(bad_arg(&ctx, 1)) };
    let v: serde_json::Value = serde_json::from_str(s).map_err(|e| Error::D3137Error(format!("Unable to parse JSON: {e}")))?;
    Ok(JValue::from_json(ctx.arena, &v))
}
