//! `$formatBase`, which `seuil` lacks, and what the formatting functions share: their JSONata
//! error codes and messages (`format_number.rs` has `$formatNumber`, `integer.rs`
//! `$formatInteger` and `$parseInteger`).
//!
//! `seuil` has no error variants for these codes, so they travel as its `D3137` (`$error`) with
//! the reference implementation's code in front of the message; `eval::error` takes it back out.

use super::format_number::js_round;
use seuil::evaluator::value::{FnContext, Value as JValue};
use seuil::{Error, Span};

/// The reference implementation's messages for the codes these functions raise.
const MESSAGES: [(&str, &str); 14] = [
    ("D3080", "The picture string must only contain a maximum of two sub-pictures"),
    ("D3081", "The sub-picture cannot contain more than one instance of the 'decimal-separator' character"),
    ("D3082", "The sub-picture cannot contain more than one instance of the 'percent' character"),
    ("D3083", "The sub-picture cannot contain more than one instance of the 'per-mille' character"),
    ("D3084", "The sub-picture cannot contain both a 'percent' and a 'per-mille' character"),
    ("D3085", "The mantissa part of a sub-picture must contain at least one character that is either an 'optional digit character' or a member of the 'decimal digit family'"),
    ("D3086", "The sub-picture must not contain a passive character that is preceded by an active character and that is followed by another active character"),
    ("D3087", "The sub-picture must not contain a 'grouping-separator' character that appears adjacent to a 'decimal-separator' character"),
    ("D3088", "The sub-picture must not contain a 'grouping-separator' at the end of the integer part"),
    ("D3089", "The sub-picture must not contain two adjacent instances of the 'grouping-separator' character"),
    ("D3090", "The integer part of the sub-picture must not contain a member of the 'decimal digit family' that is followed by an instance of the 'optional digit character'"),
    ("D3091", "The fractional part of the sub-picture must not contain an instance of the 'optional digit character' that is followed by a member of the 'decimal digit family'"),
    ("D3092", "A sub-picture that contains a 'percent' or 'per-mille' character must not contain a character treated as an 'exponent-separator'"),
    ("D3093", "The exponent part of the sub-picture must comprise only of one or more characters that are members of the 'decimal digit family'"),
];

/// Whether `code` is one our formatting functions raise (carried inside `D3137`, see above).
pub(super) fn is_code(code: &str) -> bool {
    ["D3100", "D3130", "D3131", "D3140"].contains(&code) || MESSAGES.iter().any(|(c, _)| *c == code)
}

/// The error `code` with its message.
pub(super) fn coded(code: &str) -> Error {
    let message = MESSAGES.iter().find(|(c, _)| *c == code).map_or("", |(_, m)| m);
    Error::D3137Error(format!("{code}: {message}"))
}

/// The interval of a regular grouping (every position a multiple of it, each multiple present),
/// else 0: `[3, 6]` is 3, `[3, 5]` is not regular.
pub(super) fn regular(positions: &[usize]) -> usize {
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    let Some(factor) = positions.iter().copied().reduce(gcd) else { return 0 };
    match (1..=positions.len()).all(|i| positions.contains(&(i * factor))) {
        true => factor,
        false => 0,
    }
}

/// `T0410`: argument `index` (1-based) does not match the function's signature.
pub(super) fn arg(ctx: &FnContext, index: usize) -> Error {
    Error::T0410ArgumentNotValid(Span::at(ctx.char_index), index, ctx.name.to_string())
}

/// `$formatBase(number, radix?)`: the number rounded (halves to even) to an integer, written in
/// `radix` (rounded the same way; 2–36).
pub(super) fn format_base<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    let n = match args.first() {
        None | Some(JValue::Undefined) => return Ok(JValue::undefined(ctx.arena)),
        Some(JValue::Number(n)) => js_round(*n, 0) as i128,
        _ => return Err(arg(&ctx, 1)),
    };
    let radix = match args.get(1) {
        None | Some(JValue::Undefined) => 10.0,
        Some(JValue::Number(r)) => js_round(*r, 0),
        _ => return Err(arg(&ctx, 2)),
    };
    if !(2.0..=36.0).contains(&radix) {
        let given = super::string::js_number(radix);
        return Err(Error::D3137Error(format!("D3100: The radix of the formatBase function must be between 2 and 36.  It was given {given}")));
    }
    let radix = radix as u32;
    let mut digits = Vec::new();
    let mut rest = n.unsigned_abs();
    loop {
        digits.push(std::char::from_digit((rest % u128::from(radix)) as u32, radix).unwrap_or('0'));
        rest /= u128::from(radix);
        if rest == 0 {
            break;
        }
    }
    let sign = if n < 0 { "-" } else { "" };
    Ok(JValue::string(ctx.arena, &format!("{sign}{}", digits.iter().rev().collect::<String>())))
}
