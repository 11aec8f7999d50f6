//! `$formatInteger(number, picture)` and `$parseInteger(string, picture)`, which `seuil` lacks, as
//! JSONata 2.0 implements the integer pictures of XPath F&O 9.8: decimal digit patterns
//! (`000`, `#,##0`, any Unicode digit family, `;o` for `1st`), letters (`a`, `A`), Roman numerals
//! (`i`, `I`) and English words (`w`, `W`, `Ww`, `;o` for `first`).
//!
//! The steps follow the reference implementation, quirks included (`$parseInteger` strips only
//! commas from a regular grouping, and answers `NaN` for text it cannot read), except that an
//! irregular grouping wider than the number writes no separator before its first digit, and a
//! Roman numeral longer than AWS's memory limit is refused instead of built.

use super::format::{arg, regular};
use super::limits::{memory_error, MAX_VALUE_BYTES};
use super::string::js_number;
use seuil::evaluator::value::{FnContext, Value as JValue};
use seuil::Error;

/// The zero of every Unicode decimal digit family the reference implementation knows.
const ZEROS: [u32; 37] = [
    0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0,
    0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0,
    0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
];

const FEW: [&str; 20] = [
    "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve", "Thirteen",
    "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen",
];
const ORDINALS: [&str; 20] = [
    "Zeroth", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth", "Eleventh",
    "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth",
];
const DECADES: [&str; 9] = ["Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred"];
const MAGNITUDES: [&str; 4] = ["Thousand", "Million", "Billion", "Trillion"];
const ROMAN: [(u64, &str); 13] =
    [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")];

#[derive(Clone, Copy, PartialEq)]
enum Case {
    Lower,
    Upper,
    Title,
}

/// A grouping separator and how many digits stand to its right.
#[derive(Clone, Copy)]
struct Separator {
    position: usize,
    character: char,
}

/// What an integer picture asks for.
enum Primary {
    Letters,
    Roman,
    Words,
    /// A decimal digit pattern: its digit family, mandatory digits and separators (one repeating
    /// separator when `regular`).
    Decimal { zero: u32, mandatory: usize, separators: Vec<Separator>, regular: bool },
}

struct Format {
    primary: Primary,
    case: Case,
    ordinal: bool,
}

fn coded(code: &str, message: String) -> Error {
    Error::D3137Error(format!("{code}: {message}"))
}

impl Format {
    fn parse(picture: &str) -> Result<Format, Error> {
        let (primary, modifier) = match picture.rfind(';') {
            Some(i) => (&picture[..i], Some(&picture[i + 1..])),
            None => (picture, None),
        };
        let ordinal = modifier.is_some_and(|m| m.starts_with('o'));
        let (primary, case) = match primary {
            "A" => (Primary::Letters, Case::Upper),
            "a" => (Primary::Letters, Case::Lower),
            "I" => (Primary::Roman, Case::Upper),
            "i" => (Primary::Roman, Case::Lower),
            "W" => (Primary::Words, Case::Upper),
            "Ww" => (Primary::Words, Case::Title),
            "w" => (Primary::Words, Case::Lower),
            pattern => (decimal(pattern)?, Case::Lower),
        };
        Ok(Format { primary, case, ordinal })
    }
}

/// A decimal digit pattern, read from the right.
fn decimal(pattern: &str) -> Result<Primary, Error> {
    let (mut zero, mut mandatory, mut position) = (None, 0, 0);
    let mut separators = Vec::new();
    for c in pattern.chars().rev() {
        let code = c as u32;
        match ZEROS.iter().find(|z| (**z..=**z + 9).contains(&code)) {
            Some(z) => {
                if zero.is_some_and(|zero| zero != *z) {
                    return Err(coded("D3131", "In a decimal digit pattern, all digits must be from the same decimal group".into()));
                }
                zero = Some(*z);
                mandatory += 1;
                position += 1;
            }
            None if c == '#' => position += 1,
            None => separators.push(Separator { position, character: c }),
        }
    }
    let Some(zero) = zero else {
        let quoted = serde_json::Value::String(pattern.to_string());
        return Err(coded("D3130", format!("Formatting or parsing an integer as a sequence starting with {quoted} is not supported by this implementation")));
    };
    let repeat = regular_separators(&separators);
    let separators = match repeat {
        0 => separators,
        r => vec![Separator { position: r, character: separators[0].character }],
    };
    Ok(Primary::Decimal { zero, mandatory, separators, regular: repeat > 0 })
}

/// The interval of separators that are all the same character at multiples of it, else 0.
fn regular_separators(separators: &[Separator]) -> usize {
    let Some(first) = separators.first() else { return 0 };
    match separators.iter().all(|s| s.character == first.character) {
        true => regular(&separators.iter().map(|s| s.position).collect::<Vec<_>>()),
        false => 0,
    }
}

/// `$formatInteger`.
pub(super) fn format_integer<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    let value = match args.first() {
        None | Some(JValue::Undefined) => return Ok(JValue::undefined(ctx.arena)),
        // Infinity and NaN have no digits (the reference implementation loops forever on them).
        Some(JValue::Number(n)) if n.is_finite() => n.floor(),
        _ => return Err(arg(&ctx, 1)),
    };
    let Some(JValue::String(picture)) = args.get(1) else { return Err(arg(&ctx, 2)) };
    let format = Format::parse(picture)?;
    let n = value.abs();
    let text = match &format.primary {
        Primary::Letters => letters(n, if format.case == Case::Upper { 'A' } else { 'a' }),
        Primary::Roman => roman(n).map(|r| if format.case == Case::Upper { r.to_uppercase() } else { r })?,
        Primary::Words => {
            let w = words(n, false, format.ordinal);
            match format.case {
                Case::Upper => w.to_uppercase(),
                Case::Lower => w.to_lowercase(),
                Case::Title => w,
            }
        }
        Primary::Decimal { zero, mandatory, separators, regular } => digits(n, *zero, *mandatory, separators, *regular, format.ordinal),
    };
    let sign = if value < 0.0 { "-" } else { "" };
    Ok(JValue::string(ctx.arena, &format!("{sign}{text}")))
}

/// Bijective base 26: 1 is `a`, 26 `z`, 27 `aa`.
fn letters(n: f64, a: char) -> String {
    let mut out = Vec::new();
    let mut n = n;
    while n > 0.0 {
        out.push(char::from_u32(a as u32 + ((n - 1.0) % 26.0) as u32).unwrap_or(a));
        n = ((n - 1.0) / 26.0).floor();
    }
    out.iter().rev().collect()
}

fn roman(n: f64) -> Result<String, Error> {
    if n / 1000.0 > MAX_VALUE_BYTES as f64 {
        return Err(memory_error());
    }
    let mut n = n as u64;
    let mut out = String::new();
    for (value, numeral) in ROMAN {
        out.push_str(&numeral.repeat((n / value) as usize));
        n %= value;
    }
    Ok(out)
}

/// English words in title case: "One Thousand, Two Hundred and Thirty-Four".
fn words(n: f64, after: bool, ordinal: bool) -> String {
    let and = if after { " and " } else { "" };
    if n <= 19.0 {
        let table = if ordinal { ORDINALS } else { FEW };
        return format!("{and}{}", table[n as usize]);
    }
    if n < 100.0 {
        let (tens, rest) = ((n / 10.0).floor(), n % 10.0);
        let decade = DECADES[tens as usize - 2];
        return match (rest > 0.0, ordinal) {
            (true, _) => format!("{and}{decade}-{}", words(rest, false, ordinal)),
            (false, true) => format!("{and}{}ieth", &decade[..decade.len() - 1]),
            (false, false) => format!("{and}{decade}"),
        };
    }
    let comma = if after { ", " } else { "" };
    let (head, factor) = match n < 1000.0 {
        true => (format!("{} Hundred", FEW[(n / 100.0).floor() as usize]), 100.0),
        false => {
            let mag = ((n.log10() / 3.0).floor() as usize).min(MAGNITUDES.len());
            let factor = 10f64.powi(3 * mag as i32);
            (format!("{} {}", words((n / factor).floor(), false, false), MAGNITUDES[mag - 1]), factor)
        }
    };
    let rest = n - (n / factor).floor() * factor;
    match (rest > 0.0, ordinal) {
        (true, _) => format!("{comma}{head}{}", words(rest, true, ordinal)),
        (false, true) => format!("{comma}{head}th"),
        (false, false) => format!("{comma}{head}"),
    }
}

/// A decimal digit pattern filled in.
fn digits(n: f64, zero: u32, mandatory: usize, separators: &[Separator], regular: bool, ordinal: bool) -> String {
    let plain = js_number(n);
    let padded = format!("{}{plain}", "0".repeat(mandatory.saturating_sub(plain.len())));
    let mut s: Vec<char> = padded.chars().map(|c| c.to_digit(10).and_then(|d| char::from_u32(zero + d)).unwrap_or(c)).collect();
    match (regular, separators.first()) {
        (true, Some(sep)) => {
            for i in (1..=s.len().saturating_sub(1) / sep.position).rev() {
                let at = s.len() - i * sep.position;
                s.insert(at, sep.character);
            }
        }
        _ => {
            for sep in separators.iter().rev() {
                // No separator before the first digit.
                if s.len() > sep.position {
                    let at = s.len() - sep.position;
                    s.insert(at, sep.character);
                }
            }
        }
    }
    let mut out: String = s.iter().collect();
    if ordinal {
        let last = s.last().copied();
        let teen = s.len() > 1 && s[s.len() - 2] == '1';
        out.push_str(match (last, teen) {
            (Some('1'), false) => "st",
            (Some('2'), false) => "nd",
            (Some('3'), false) => "rd",
            _ => "th",
        });
    }
    out
}

/// `$parseInteger`.
pub(super) fn parse_integer<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    let text = match args.first() {
        None | Some(JValue::Undefined) => return Ok(JValue::undefined(ctx.arena)),
        Some(JValue::String(s)) => s.to_string(),
        _ => return Err(arg(&ctx, 1)),
    };
    let Some(JValue::String(picture)) = args.get(1) else { return Err(arg(&ctx, 2)) };
    let format = Format::parse(picture)?;
    let n = match &format.primary {
        Primary::Letters => {
            let a = if format.case == Case::Upper { 'A' } else { 'a' };
            text.chars().rev().enumerate().map(|(i, c)| (c as u32 as f64 - a as u32 as f64 + 1.0) * 26f64.powi(i as i32)).sum()
        }
        // The reference implementation upper-cases only for a lower-case picture.
        Primary::Roman => from_roman(&if format.case == Case::Upper { text } else { text.to_uppercase() }),
        Primary::Words => from_words(&text.to_lowercase()),
        Primary::Decimal { zero, separators, regular, .. } => {
            let mut digits: String = text.clone();
            if format.ordinal {
                digits = digits.chars().take(digits.chars().count().saturating_sub(2)).collect();
            }
            match regular {
                true => digits.retain(|c| c != ','),
                false => digits.retain(|c| !separators.iter().any(|s| s.character == c)),
            }
            let digits: String = digits.chars().map(|c| if (*zero..=*zero + 9).contains(&(c as u32)) { char::from_u32(c as u32 - zero + 0x30).unwrap_or(c) } else { c }).collect();
            parse_int(&digits)
        }
    };
    Ok(JValue::number(ctx.arena, n))
}

/// JavaScript's `parseInt(text)`: the leading (signed) digits after blanks, `NaN` without any.
fn parse_int(text: &str) -> f64 {
    let t = text.trim_start();
    let (sign, body) = match t.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, t.strip_prefix('+').unwrap_or(t)),
    };
    let end = body.find(|c: char| !c.is_ascii_digit()).unwrap_or(body.len());
    match body[..end].parse::<f64>() {
        Ok(n) => sign * n,
        Err(_) => f64::NAN,
    }
}

fn from_roman(text: &str) -> f64 {
    let (mut total, mut max) = (0.0, 1.0);
    for c in text.chars().rev() {
        let value = match c {
            'M' => 1000.0,
            'D' => 500.0,
            'C' => 100.0,
            'L' => 50.0,
            'X' => 10.0,
            'I' => 1.0,
            _ => return f64::NAN,
        };
        if value < max {
            total -= value;
        } else {
            max = value;
            total += value;
        }
    }
    total
}

/// The value of one English number word (`twenty`, `twentieth`, `thousand`, …).
fn word_value(word: &str) -> Option<f64> {
    let same = |w: &str| w.eq_ignore_ascii_case(word);
    if let Some(i) = FEW.iter().position(|w| same(w)).or_else(|| ORDINALS.iter().position(|w| same(w))) {
        return Some(i as f64);
    }
    for (i, d) in DECADES.iter().enumerate() {
        if same(d) || same(&format!("{}ieth", &d[..d.len() - 1])) {
            return Some((i as f64 + 2.0) * 10.0);
        }
    }
    if word == "hundredth" {
        return Some(100.0);
    }
    MAGNITUDES.iter().enumerate().find(|(_, m)| same(m) || same(&format!("{m}th"))).map(|(i, _)| 10f64.powi(3 * (i as i32 + 1)))
}

/// Words back to a number: tens and units add, `hundred` and the magnitudes multiply.
fn from_words(text: &str) -> f64 {
    let mut parts = Vec::new();
    let mut rest = text;
    // The reference implementation splits on ", ", " and " and single blanks or hyphens.
    while !rest.is_empty() {
        // Leftmost cut; at one place the longer separator, as the regex's alternation prefers it.
        let seps = [", ", " and "].iter().filter_map(|sep| rest.find(sep).map(|i| (i, sep.len())));
        let blank = rest.find(|c: char| c.is_whitespace() || c == '\\' || c == '-').map(|i| (i, rest[i..].chars().next().map_or(1, char::len_utf8)));
        let cut = seps.chain(blank).min_by_key(|(i, len)| (*i, std::cmp::Reverse(*len)));
        match cut {
            Some((i, len)) => {
                parts.push(&rest[..i]);
                rest = &rest[i + len..];
            }
            None => {
                parts.push(rest);
                rest = "";
            }
        }
    }
    let mut segments = vec![0.0];
    for part in parts {
        let Some(value) = word_value(part) else { return f64::NAN };
        let top = segments.pop().unwrap_or(0.0);
        if value < 100.0 {
            if top >= 1000.0 {
                segments.push(top);
                segments.push(value);
            } else {
                segments.push(top + value);
            }
        } else {
            segments.push(top * value);
        }
    }
    segments.iter().sum()
}
