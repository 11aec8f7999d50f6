//! `$formatNumber(number, picture, options?)`, which `seuil` lacks, as JSONata 2.0 implements the
//! decimal-format pictures of XPath F&O 4.7: mandatory (`0`) and optional (`#`) digits, grouping
//! (regular ones repeat), `%` and `‰`, exponents (`0.00e0`), prefix and suffix, a `;` sub-picture
//! for negative numbers, the fourteen picture rules (`D3080`–`D3093`) and the `options` object
//! (`decimal-separator`, `zero-digit`, …).
//!
//! The steps follow the reference implementation, quirks included (a picture without a decimal
//! separator takes its suffix as the fraction part when counting digits), except where it would
//! loop forever (a zero or negative number with an exponent picture) or write a separator before
//! the first digit (an irregular grouping wider than the number).

use super::format::{arg, coded, regular};
use super::string::js_number;
use seuil::evaluator::value::{FnContext, Value as JValue};
use seuil::Error;

/// The picture's special characters (F&O's decimal-format properties).
#[derive(Clone)]
struct Props {
    decimal: char,
    group: char,
    exponent: char,
    percent: char,
    per_mille: char,
    zero: char,
    digit: char,
    pattern: char,
    minus: String,
}

impl Props {
    fn new(options: Option<&JValue>) -> Props {
        let mut p = Props { decimal: '.', group: ',', exponent: 'e', percent: '%', per_mille: '‰', zero: '0', digit: '#', pattern: ';', minus: "-".into() };
        let Some(JValue::Object(o)) = options else { return p };
        for (key, v) in o {
            let JValue::String(s) = v else { continue };
            let Some(c) = s.chars().next() else { continue };
            match key.as_str() {
                "decimal-separator" => p.decimal = c,
                "grouping-separator" => p.group = c,
                "exponent-separator" => p.exponent = c,
                "percent" => p.percent = c,
                "per-mille" => p.per_mille = c,
                "zero-digit" => p.zero = c,
                "digit" => p.digit = c,
                "pattern-separator" => p.pattern = c,
                "minus-sign" => p.minus = s.to_string(),
                _ => {}
            }
        }
        p
    }

    /// One of the ten digits starting at `zero-digit`.
    fn is_digit(&self, c: char) -> bool {
        (c as u32).wrapping_sub(self.zero as u32) < 10
    }

    fn is_active(&self, c: char) -> bool {
        self.is_digit(c) || [self.decimal, self.exponent, self.group, self.digit, self.pattern].contains(&c)
    }

    fn count(&self, chars: &[char], test: impl Fn(&Props, char) -> bool) -> usize {
        chars.iter().filter(|c| test(self, **c)).count()
    }
}

/// A sub-picture cut into its parts (F&O 4.7.3).
struct Parts {
    picture: Vec<char>,
    prefix: Vec<char>,
    suffix: Vec<char>,
    active: Vec<char>,
    mantissa: Vec<char>,
    exponent: Option<Vec<char>>,
    integer: Vec<char>,
    fraction: Vec<char>,
}

impl Parts {
    fn split(picture: &[char], p: &Props) -> Parts {
        let anchor = |c: &char| p.is_active(*c) && *c != p.exponent;
        let prefix_len = picture.iter().position(anchor).unwrap_or(0);
        let suffix_len = picture.iter().rposition(anchor).map_or(0, |i| picture.len() - i - 1);
        let active = picture[prefix_len..picture.len() - suffix_len].to_vec();
        // The reference implementation cuts the active part at the exponent's index in the whole
        // picture (the same index unless there is a prefix).
        let at = picture.iter().skip(prefix_len).position(|c| *c == p.exponent).map(|i| i + prefix_len);
        let (mantissa, exponent) = match at {
            Some(e) if e <= picture.len() - suffix_len => (active[..e.min(active.len())].to_vec(), Some(active[(e + 1).min(active.len())..].to_vec())),
            _ => (active.clone(), None),
        };
        let suffix = picture[picture.len() - suffix_len..].to_vec();
        let (integer, fraction) = match mantissa.iter().position(|c| *c == p.decimal) {
            Some(d) => (mantissa[..d].to_vec(), mantissa[d + 1..].to_vec()),
            None => (mantissa.clone(), suffix.clone()),
        };
        Parts { picture: picture.to_vec(), prefix: picture[..prefix_len].to_vec(), suffix, active, mantissa, exponent, integer, fraction }
    }

    /// The picture rules; as in the reference implementation, the last rule broken is reported.
    fn check(&self, p: &Props) -> Option<&'static str> {
        let pic = &self.picture;
        let has = |c: char| pic.contains(&c);
        let mut error = None;
        let mut rule = |broken: bool, code: &'static str| error = if broken { Some(code) } else { error };
        rule(p.count(pic, |p, c| c == p.decimal) > 1, "D3081");
        rule(p.count(pic, |p, c| c == p.percent) > 1, "D3082");
        rule(p.count(pic, |p, c| c == p.per_mille) > 1, "D3083");
        rule(has(p.percent) && has(p.per_mille), "D3084");
        rule(!self.mantissa.iter().any(|c| p.is_digit(*c) || *c == p.digit), "D3085");
        rule(self.active.iter().any(|c| !p.is_active(*c)), "D3086");
        match pic.iter().position(|c| *c == p.decimal) {
            Some(d) => rule((d > 0 && pic[d - 1] == p.group) || pic.get(d + 1) == Some(&p.group), "D3087"),
            None => rule(self.integer.last() == Some(&p.group), "D3088"),
        }
        rule(pic.windows(2).any(|w| w[0] == p.group && w[1] == p.group), "D3089");
        let optional = self.integer.iter().position(|c| *c == p.digit);
        rule(optional.is_some_and(|o| self.integer[..o].iter().any(|c| p.is_digit(*c))), "D3090");
        let optional = self.fraction.iter().rposition(|c| *c == p.digit);
        rule(optional.is_some_and(|o| self.fraction[o..].iter().any(|c| p.is_digit(*c))), "D3091");
        if let Some(e) = &self.exponent {
            rule(!e.is_empty() && (has(p.percent) || has(p.per_mille)), "D3092");
            rule(e.is_empty() || e.iter().any(|c| !p.is_digit(*c)), "D3093");
        }
        error
    }
}

/// What a sub-picture asks for (F&O 4.7.4).
#[derive(Clone)]
struct Pic {
    picture: Vec<char>,
    prefix: String,
    suffix: String,
    int_groups: Vec<usize>,
    regular: usize,
    frac_groups: Vec<usize>,
    min_int: usize,
    scaling: usize,
    min_frac: usize,
    max_frac: usize,
    min_exp: usize,
}

impl Pic {
    fn analyse(parts: &Parts, p: &Props) -> Pic {
        let int_groups = groups(&parts.integer, &parts.integer, false, p);
        let frac_groups = groups(&parts.fraction, &parts.integer, true, p);
        let mut min_int = p.count(&parts.integer, |p, c| p.is_digit(c));
        let scaling = min_int;
        let mut min_frac = p.count(&parts.fraction, |p, c| p.is_digit(c));
        let mut max_frac = p.count(&parts.fraction, |p, c| p.is_digit(c) || c == p.digit);
        let exponent = parts.exponent.is_some();
        if min_int == 0 && max_frac == 0 {
            match exponent {
                true => (min_frac, max_frac) = (1, 1),
                false => min_int = 1,
            }
        }
        if exponent && min_int == 0 && parts.integer.contains(&p.digit) {
            min_int = 1;
        }
        if min_int == 0 && min_frac == 0 {
            min_frac = 1;
        }
        let min_exp = parts.exponent.as_deref().map_or(0, |e| p.count(e, |p, c| p.is_digit(c)));
        Pic {
            picture: parts.picture.clone(),
            prefix: parts.prefix.iter().collect(),
            suffix: parts.suffix.iter().collect(),
            regular: regular(&int_groups),
            int_groups,
            frac_groups,
            min_int,
            scaling,
            min_frac,
            max_frac,
            min_exp,
        }
    }
}

/// Where the grouping separators of `part` stand, counted in digits from the decimal point (the
/// reference implementation looks for the next separator in the integer part, even when `part`
/// is the fraction).
fn groups(part: &[char], integer: &[char], fraction: bool, p: &Props) -> Vec<usize> {
    let mut out = Vec::new();
    let mut at = part.iter().position(|c| *c == p.group);
    while let Some(g) = at {
        let side = if fraction { &part[..g] } else { &part[g..] };
        out.push(p.count(side, |p, c| p.is_digit(c) || c == p.digit));
        at = integer.iter().skip(g + 1).position(|c| *c == p.group).map(|i| i + g + 1);
    }
    out
}

/// `$formatNumber`.
pub(super) fn format_number<'a>(ctx: FnContext<'a, '_>, args: &[&'a JValue<'a>]) -> Result<&'a JValue<'a>, Error> {
    let value = match args.first() {
        None | Some(JValue::Undefined) => return Ok(JValue::undefined(ctx.arena)),
        Some(JValue::Number(n)) => *n,
        _ => return Err(arg(&ctx, 1)),
    };
    let Some(JValue::String(picture)) = args.get(1) else { return Err(arg(&ctx, 2)) };
    let options = match args.get(2) {
        None | Some(JValue::Undefined) => None,
        Some(o @ JValue::Object(_)) => Some(*o),
        _ => return Err(arg(&ctx, 3)),
    };
    let p = Props::new(options);
    let chars: Vec<char> = picture.chars().collect();
    let subs: Vec<&[char]> = chars.split(|c| *c == p.pattern).collect();
    if subs.len() > 2 {
        return Err(coded("D3080"));
    }
    let parts: Vec<Parts> = subs.iter().map(|s| Parts::split(s, &p)).collect();
    if let Some(code) = parts.iter().find_map(|x| x.check(&p)) {
        return Err(coded(code));
    }
    let mut pics: Vec<Pic> = parts.iter().map(|x| Pic::analyse(x, &p)).collect();
    if pics.len() == 1 {
        let mut negative = pics[0].clone();
        negative.prefix = format!("{}{}", p.minus, negative.prefix);
        pics.push(negative);
    }
    let pic = if value >= 0.0 { &pics[0] } else { &pics[1] };
    Ok(JValue::string(ctx.arena, &render(value, pic, &p)))
}

/// F&O 4.7.5, bullets 3 to 14.
fn render(value: f64, pic: &Pic, p: &Props) -> String {
    let adjusted = match (pic.picture.contains(&p.percent), pic.picture.contains(&p.per_mille)) {
        (true, _) => value * 100.0,
        (_, true) => value * 1000.0,
        _ => value,
    };
    // The sign is the picture's business: digits are written from the magnitude.
    let (mantissa, exponent) = match pic.min_exp {
        0 => (adjusted.abs(), None),
        _ => scale(adjusted.abs(), pic.scaling),
    };
    let mut s: Vec<char> = digits(js_round(mantissa, pic.max_frac as i32), pic.max_frac, p).chars().collect();
    match s.iter().position(|c| *c == '.') {
        Some(i) => s[i] = p.decimal,
        None => s.push(p.decimal),
    }
    while s.first() == Some(&p.zero) {
        s.remove(0);
    }
    while s.last() == Some(&p.zero) {
        s.pop();
    }
    let point = s.iter().position(|c| *c == p.decimal).unwrap_or(s.len());
    let fraction_len = s.len().saturating_sub(point + 1);
    let mut out: Vec<char> = std::iter::repeat_n('0', pic.min_int.saturating_sub(point)).collect();
    out.append(&mut s);
    out.extend(std::iter::repeat_n('0', pic.min_frac.saturating_sub(fraction_len)));
    group(&mut out, pic, p);
    let point = out.iter().position(|c| *c == p.decimal).unwrap_or(out.len());
    if !pic.picture.contains(&p.decimal) || point + 1 == out.len() {
        out.pop();
    }
    let mut text: String = out.into_iter().collect();
    if let Some(e) = exponent {
        let written = digits(f64::from(e), 0, p);
        let pad = "0".repeat(pic.min_exp.saturating_sub(written.chars().count()));
        let sign = if e < 0 { p.minus.as_str() } else { "" };
        text = format!("{text}{}{sign}{pad}{written}", p.exponent);
    }
    format!("{}{text}{}", pic.prefix, pic.suffix)
}

/// Mantissa and exponent with `scaling` integer digits (`10^(scaling-1) <= m <= 10^scaling`).
fn scale(n: f64, scaling: usize) -> (f64, Option<i32>) {
    if n == 0.0 || !n.is_finite() {
        return (n, Some(0));
    }
    let (min, max) = (10f64.powi(scaling as i32 - 1), 10f64.powi(scaling as i32));
    let (mut m, mut e) = (n, 0);
    while m < min {
        m *= 10.0;
        e -= 1;
    }
    while m > max {
        m /= 10.0;
        e += 1;
    }
    (m, Some(e))
}

/// Inserts the grouping separators (bullets 10 and 11).
fn group(s: &mut Vec<char>, pic: &Pic, p: &Props) {
    let mut point = s.iter().position(|c| *c == p.decimal).unwrap_or(s.len());
    if pic.regular > 0 {
        for g in 1..=point.saturating_sub(1) / pic.regular {
            s.insert(point - g * pic.regular, p.group);
        }
    } else {
        for pos in &pic.int_groups {
            // No separator before the first digit.
            if point > *pos {
                s.insert(point - pos, p.group);
                point += 1;
            }
        }
    }
    let point = s.iter().position(|c| *c == p.decimal).unwrap_or(s.len());
    for pos in &pic.frac_groups {
        if point + pos < s.len() {
            s.insert(point + pos + 1, p.group);
        }
    }
}

/// `Math.abs(n).toFixed(places)` in the picture's digits.
fn digits(n: f64, places: usize, p: &Props) -> String {
    let n = n.abs();
    let text = match n {
        n if n.is_nan() => "NaN".to_string(),
        n if n.is_infinite() => "Infinity".to_string(),
        n if n >= 1e21 => js_number(n),
        n => format!("{n:.places$}"),
    };
    match p.zero {
        '0' => text,
        z => text.chars().map(|c| c.to_digit(10).and_then(|d| char::from_u32(z as u32 + d)).unwrap_or(c)).collect(),
    }
}

/// JSONata's `$round`: to `places` decimals, halves to even, shifting the decimal point in the
/// number's text (not by multiplying, which brings binary error in).
pub(super) fn js_round(n: f64, places: i32) -> f64 {
    if !n.is_finite() {
        return n;
    }
    let shift = |x: f64, by: i32| -> f64 {
        let text = js_number(x);
        let (m, e) = text.split_once('e').unwrap_or((&text, "0"));
        format!("{m}e{}", e.parse::<i32>().unwrap_or(0).saturating_add(by)).parse().unwrap_or(x)
    };
    let x = if places != 0 { shift(n, places) } else { n };
    if !x.is_finite() {
        return n;
    }
    let floor = x.floor();
    let mut r = if x - floor >= 0.5 { floor + 1.0 } else { floor };
    if (r - x).abs() == 0.5 && (r % 2.0).abs() == 1.0 {
        r -= 1.0;
    }
    let r = if places != 0 { shift(r, -places) } else { r };
    if r == 0.0 { 0.0 } else { r }
}
