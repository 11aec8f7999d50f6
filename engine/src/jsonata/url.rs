//! `$encodeUrl`, `$encodeUrlComponent`, `$decodeUrl` and `$decodeUrlComponent`, which `seuil`
//! lacks: JavaScript's `encodeURI`, `encodeURIComponent`, `decodeURI` and `decodeURIComponent`,
//! as JSONata defines them. A malformed escape fails with JSONata's `D3140`.

use super::format::arg;
use seuil::evaluator::value::{FnContext, Value as JValue};
use seuil::Error;

/// Characters `encodeURIComponent` leaves as they are, besides ASCII letters and digits.
const UNRESERVED: &str = "-_.!~*'()";
/// Characters `encodeURI` also leaves (and `decodeURI` does not decode).
const RESERVED: &str = ";,/?:@&=+$#";

/// The string argument, or the context value when the call has none; `None` for undefined.
fn text<'a>(ctx: &FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<Option<String>, Error> {
    match args.first().copied().unwrap_or(ctx.input) {
        JValue::Undefined => Ok(None),
        JValue::String(s) => Ok(Some(s.to_string())),
        _ => Err(arg(ctx, 1)),
    }
}

fn encode(s: &str, keep: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || UNRESERVED.contains(c) || keep.contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Decodes `%XX` escapes as UTF-8, leaving escapes of the characters in `keep` as written;
/// `None` when an escape is malformed or the bytes are not UTF-8.
fn decode(s: &str, keep: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let hex = s.get(i + 1..i + 3).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))?;
        let b = u8::from_str_radix(hex, 16).ok()?;
        if b.is_ascii() && keep.contains(b as char) {
            out.extend_from_slice(&bytes[i..i + 3]);
        } else {
            out.push(b);
        }
        i += 3;
    }
    String::from_utf8(out).ok()
}

fn answer<'a>(ctx: &FnContext<'a, '_>, value: &str, result: Option<String>) -> Result<&'a JValue<'a>, Error> {
    match result {
        Some(r) => Ok(JValue::string(ctx.arena, &r)),
        None => {
            let quoted = serde_json::Value::String(value.to_string());
            Err(Error::D3137Error(format!("D3140: Malformed URL passed to ${}(): {quoted}", ctx.name)))
        }
    }
}

/// `$encodeUrlComponent(str)`.
pub(super) fn encode_url_component<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    let Some(s) = text(&ctx, args)? else { return Ok(JValue::undefined(ctx.arena)) };
    answer(&ctx, &s, Some(encode(&s, "")))
}

/// `$encodeUrl(str)`.
pub(super) fn encode_url<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    let Some(s) = text(&ctx, args)? else { return Ok(JValue::undefined(ctx.arena)) };
    answer(&ctx, &s, Some(encode(&s, RESERVED)))
}

/// `$decodeUrlComponent(str)`.
pub(super) fn decode_url_component<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    let Some(s) = text(&ctx, args)? else { return Ok(JValue::undefined(ctx.arena)) };
    answer(&ctx, &s, decode(&s, ""))
}

/// `$decodeUrl(str)`.
pub(super) fn decode_url<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    let Some(s) = text(&ctx, args)? else { return Ok(JValue::undefined(ctx.arena)) };
    answer(&ctx, &s, decode(&s, RESERVED))
}
