//! `$formatNumber` and `$formatBase`, which JSONata 2.0 (the version AWS runs) has and `seuil`
//! lacks. `$formatNumber` covers the decimal-format pictures of XPath F&O 4.7 that workflows use:
//! optional (`#`) and mandatory (`0`) digits, grouping (`,`, repeated when regular), a fraction
//! with minimum and maximum digits, `%` and `‰`, a prefix and suffix, and a `;` sub-picture for
//! negative numbers. Exponent pictures (`e`) are refused (`D3080`).
//!
//! `seuil` has no error variants for these, so they travel as its `D3137` (`$error`) with the
//! reference implementation's code in front of the message; `eval::error` takes it back out.

use seuil::evaluator::value::{FnContext, Value as JValue};
use seuil::{Error, Span};

/// The JSONata codes these functions raise (carried inside `D3137`, see above).
pub(super) const CODES: [&str; 3] = ["D3080", "D3085", "D3100"];

/// `$formatBase(number, radix?)`: the number rounded to an integer, written in `radix` (2–36).
pub(super) fn format_base<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    let n = match args.first() {
        None | Some(JValue::Undefined) => return Ok(JValue::undefined(ctx.arena)),
        Some(JValue::Number(n)) => n.round() as i64,
        _ => return Err(arg(&ctx, 1)),
    };
    let radix = match args.get(1) {
        None | Some(JValue::Undefined) => 10,
        Some(JValue::Number(r)) if (2.0..=36.0).contains(r) => *r as u32,
        Some(JValue::Number(_)) => return Err(Error::D3137Error(format!("D3100: The radix of the formatBase function must be between 2 and 36.  It was given {}", args[1].as_f64()))),
        _ => return Err(arg(&ctx, 2)),
    };
    let mut digits = Vec::new();
    let mut rest = n.unsigned_abs();
    loop {
        digits.push(std::char::from_digit((rest % radix as u64) as u32, radix).unwrap_or('0'));
        rest /= radix as u64;
        if rest == 0 {
            break;
        }
    }
    let sign = if n < 0 { "-" } else { "" };
    Ok(JValue::string(ctx.arena, &format!("{sign}{}", digits.iter().rev().collect::<String>())))
}

/// `$formatNumber(number, picture)`.
pub(super) fn format_number<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    let n = match args.first() {
        None | Some(JValue::Undefined) => return Ok(JValue::undefined(ctx.arena)),
        Some(JValue::Number(n)) => *n,
        _ => return Err(arg(&ctx, 1)),
    };
    let Some(JValue::String(picture)) = args.get(1) else { return Err(arg(&ctx, 2)) };
    let (positive, negative) = match picture.split_once(';') {
        Some((p, q)) => (p, Some(q)),
        None => (picture.as_str(), None),
    };
    let text = match (n < 0.0, negative) {
        (true, Some(q)) => Picture::parse(q)?.render(-n),
        // One sub-picture: the negative one is the positive one with a minus sign before it.
        (true, None) => Picture::parse(positive)?.render(-n).map(|s| format!("-{s}")),
        (false, _) => Picture::parse(positive)?.render(n),
    }?;
    Ok(JValue::string(ctx.arena, &text))
}

fn arg(ctx: &FnContext, index: usize) -> Error {
    Error::T0410ArgumentNotValid(Span::at(ctx.char_index), index, ctx.name.to_string())
}

fn is_active(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '#' | '.' | ',')
}

/// One parsed sub-picture.
struct Picture {
    prefix: String,
    suffix: String,
    min_int: usize,
    /// Grouping positions counted from the decimal point (regular ones repeat).
    groups: Vec<usize>,
    min_frac: usize,
    max_frac: usize,
    scale: f64,
}

impl Picture {
    fn parse(p: &str) -> Result<Picture, Error> {
        let start = p.find(is_active).ok_or_else(|| Error::D3137Error(format!("D3085: The picture string must contain at least one digit: {p}")))?;
        let end = p.rfind(is_active).map(|i| i + 1).unwrap_or(start);
        let (prefix, body, suffix) = (&p[..start], &p[start..end], &p[end..]);
        if body.contains(['e', 'E']) {
            return Err(Error::D3137Error("D3080: exponent pictures are not supported".into()));
        }
        let scale = if suffix.contains('%') || prefix.contains('%') {
            100.0
        } else if suffix.contains('‰') || prefix.contains('‰') {
            1000.0
        } else {
            1.0
        };
        let (int_part, frac_part) = body.split_once('.').unwrap_or((body, ""));
        let min_int = int_part.chars().filter(char::is_ascii_digit).count();
        let mut groups = Vec::new();
        let mut digits_right = 0;
        for c in int_part.chars().rev() {
            match c {
                ',' => groups.push(digits_right),
                _ => digits_right += 1,
            }
        }
        let min_frac = frac_part.chars().filter(char::is_ascii_digit).count();
        let max_frac = frac_part.chars().filter(|c| c.is_ascii_digit() || *c == '#').count();
        Ok(Picture { prefix: prefix.into(), suffix: suffix.into(), min_int, groups, min_frac, max_frac, scale })
    }

    fn render(&self, n: f64) -> Result<String, Error> {
        let fixed = format!("{:.*}", self.max_frac, round_half_even(n * self.scale, self.max_frac));
        let (int_digits, frac_digits) = fixed.split_once('.').unwrap_or((&fixed, ""));
        let mut frac = frac_digits.to_string();
        while frac.len() > self.min_frac && frac.ends_with('0') {
            frac.pop();
        }
        let mut int = int_digits.trim_start_matches('0').to_string();
        while int.len() < self.min_int.max(usize::from(frac.is_empty())) {
            int.insert(0, '0');
        }
        let int = self.group(&int);
        let point = if frac.is_empty() { "" } else { "." };
        Ok(format!("{}{int}{point}{frac}{}", self.prefix, self.suffix))
    }

    /// Inserts grouping separators; a regular grouping (every `k` digits) repeats to the left.
    fn group(&self, int: &str) -> String {
        if self.groups.is_empty() {
            return int.to_string();
        }
        let first = self.groups[0];
        let regular = first > 0 && self.groups.iter().enumerate().all(|(i, g)| *g == first * (i + 1));
        let digits: Vec<char> = int.chars().collect();
        let mut out = String::new();
        for (i, c) in digits.iter().enumerate() {
            let from_right = digits.len() - i;
            if i > 0 && (if regular { from_right % first == 0 } else { self.groups.contains(&from_right) }) {
                out.push(',');
            }
            out.push(*c);
        }
        out
    }
}

/// XPath's rounding: to `places` decimals, halves to even.
fn round_half_even(x: f64, places: usize) -> f64 {
    let f = 10f64.powi(places as i32);
    let y = x * f;
    let r = y.round();
    let r = if (y - y.trunc()).abs() == 0.5 && r % 2.0 != 0.0 { r - y.signum() } else { r };
    r / f
}
