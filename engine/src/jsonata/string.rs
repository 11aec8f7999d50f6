//! `$string` with JavaScript's number notation, as the reference implementation (and AWS) writes
//! it: numbers rounded to 15 significant digits, then written as JavaScript's `Number#toString`
//! does (`1e+21`, `1.5e-7`, `100000000000000000000`, `0.333333333333333`).
//!
//! Why ours and not `seuil`'s: `seuil` cuts the digits after the decimal point instead of
//! rounding, and counts an exponent's digits as fraction digits, so `$string(1.5e300)` came out as
//! `"1.5e3"`, a different number, and `1/3` lost its fifteenth digit. The `&` operator writes its
//! operands the same way (`operators.rs` routes it here). Both refuse a string beyond AWS's memory
//! limit (`limits.rs`): `$s & $s` doubles a string in one step.

use super::limits::{check_len, MAX_VALUE_BYTES};
use seuil::evaluator::value::{FnContext, Value as JValue};
use seuil::{Error, Span};
use std::fmt::Write;

/// `$string(value?, prettify?)`: strings as they are, functions as `""`, anything else as JSON;
/// without arguments, the context value (nothing when it is `null`, as `seuil` does).
pub(super) fn string<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    let span = Span::at(ctx.char_index);
    let input = args.first().copied().unwrap_or(ctx.input);
    if input.is_undefined() || (args.is_empty() && input.is_null()) {
        return Ok(JValue::undefined(ctx.arena));
    }
    let pretty = match args.get(1) {
        None | Some(JValue::Undefined) => false,
        Some(JValue::Bool(b)) => *b,
        Some(_) => return Err(Error::T0410ArgumentNotValid(span, 2, ctx.name.to_string())),
    };
    match input {
        JValue::String(_) => Ok(input),
        v => Ok(JValue::string(ctx.arena, &text(v, pretty, span)?)),
    }
}

/// The `&` operator (see `operators.rs`): both sides as `$string` writes them, undefined as `""`.
pub(super) fn concat<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    let span = Span::at(ctx.char_index);
    let mut out = String::new();
    for v in args.iter().filter(|v| !v.is_undefined()) {
        match v {
            JValue::String(s) => {
                check_len(out.len() + s.len())?;
                out.push_str(s);
            }
            v => out.push_str(&text(v, false, span)?),
        }
        check_len(out.len())?;
    }
    Ok(JValue::string(ctx.arena, &out))
}

/// `$string` of a value that is not a string: `""` for a function, an error for a non-finite
/// number, else its JSON (refused beyond AWS's memory limit; the writing stops soon after it).
fn text<'a>(v: &'a JValue<'a>, pretty: bool, span: Span) -> Result<String, Error> {
    match v {
        JValue::Number(n) if !n.is_finite() => Err(Error::D3001StringNotFinite(span)),
        v if v.is_function() || matches!(v, JValue::Regex(_)) => Ok(String::new()),
        v => {
            let mut out = String::new();
            write_json(&mut out, v, pretty.then_some(0));
            check_len(out.len())?;
            Ok(out)
        }
    }
}

/// `JSON.stringify` of a JSONata value (`indent`: the nesting level when pretty-printing with two
/// spaces a level, `None` for compact). Numbers go through [`js_number`]; undefined members are
/// left out; functions and regexes are `""`. Writes nothing more once `out` is beyond AWS's
/// memory limit (the caller refuses it).
fn write_json<'a>(out: &mut String, v: &'a JValue<'a>, indent: Option<usize>) {
    if out.len() > MAX_VALUE_BYTES {
        return;
    }
    match v {
        JValue::Null | JValue::Undefined => out.push_str("null"),
        JValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // Rounding the largest doubles to 15 digits overflows to Infinity, which JSON writes as null.
        JValue::Number(n) => match round15(*n) {
            r if r.is_finite() => out.push_str(&js_number(r)),
            _ => out.push_str("null"),
        },
        JValue::String(s) => out.push_str(&serde_json::Value::String(s.to_string()).to_string()),
        JValue::Array(..) | JValue::Range(..) => {
            let items: Vec<_> = v.members().filter(|m| !m.is_undefined()).collect();
            write_list(out, '[', ']', indent, items.len(), |out, i, inner| write_json(out, items[i], inner));
        }
        JValue::Object(o) => {
            let entries: Vec<_> = o.iter().filter(|(_, m)| !m.is_undefined()).collect();
            let sep = if indent.is_some() { ": " } else { ":" };
            write_list(out, '{', '}', indent, entries.len(), |out, i, inner| {
                let (k, m) = entries[i];
                out.push_str(&serde_json::Value::String(k.clone()).to_string());
                out.push_str(sep);
                write_json(out, m, inner);
            });
        }
        _ => out.push_str("\"\""),
    }
}

/// Writes `len` items between `open` and `close`, each on its own line when pretty-printing.
fn write_list(out: &mut String, open: char, close: char, indent: Option<usize>, len: usize, mut item: impl FnMut(&mut String, usize, Option<usize>)) {
    out.push(open);
    let inner = indent.map(|l| l + 1);
    for i in 0..len {
        if out.len() > MAX_VALUE_BYTES {
            break;
        }
        if i > 0 {
            out.push(',');
        }
        if let Some(l) = inner {
            let _ = write!(out, "\n{:width$}", "", width = 2 * l);
        }
        item(out, i, inner);
    }
    if let (Some(l), true) = (indent, len > 0) {
        let _ = write!(out, "\n{:width$}", "", width = 2 * l);
    }
    out.push(close);
}

/// `Number(n.toPrecision(15))`: the reference implementation's rounding before writing a number.
fn round15(n: f64) -> f64 {
    format!("{n:.14e}").parse().unwrap_or(n)
}

/// A finite number as JavaScript's `Number#toString` writes it: the shortest digits that read
/// back as `n`, in positional notation from 1e-6 up to (not including) 1e21, else as `d.ddde±x`.
pub(super) fn js_number(n: f64) -> String {
    if n == 0.0 {
        return "0".into();
    }
    if n < 0.0 {
        return format!("-{}", js_number(-n));
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "1.5e300", "1e-7".
    let sci = format!("{n:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i64;
    // The decimal point sits after `point` digits: n = 0.digits × 10^point.
    let point = exp.parse::<i64>().unwrap_or(0) + 1;
    match point {
        p if k <= p && p <= 21 => format!("{digits}{}", "0".repeat((p - k) as usize)),
        p if 0 < p && p <= 21 => format!("{}.{}", &digits[..p as usize], &digits[p as usize..]),
        p if -6 < p && p <= 0 => format!("0.{}{digits}", "0".repeat((-p) as usize)),
        p => {
            let (first, rest) = digits.split_at(1);
            let fraction = if rest.is_empty() { String::new() } else { format!(".{rest}") };
            format!("{first}{fraction}e{}{}", if p - 1 > 0 { "+" } else { "-" }, (p - 1).abs())
        }
    }
}
