//! Reading the decimal numbers that the app itself writes into SVG attributes (`viewBox`, path
//! data): `-12.5`, `300`, `0.25`.
//!
//! Why not `str::parse::<f64>`: it links core's exact float-parsing tables
//! (`dec2flt::table::POWER_OF_FIVE_128`, 10 KB gzipped), and wasm-split keeps every data table
//! in `app.wasm`, which every page downloads. These numbers are screen coordinates written by
//! `format!` (`{}` or `{:.1}`, never with an exponent), so a result within a few ulps is exact
//! enough, and anything else is refused rather than guessed.

/// The value of `[+-]digits[.digits]` (at least one digit), or `None`.
pub fn parse(text: &str) -> Option<f64> {
    let (negative, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    // Up to 19 significant digits fit a u64; later ones cannot change a screen coordinate.
    let mut mantissa: u64 = 0;
    let mut digits = 0u32;
    let mut scale = 0i32;
    for (part, in_fraction) in [(whole, false), (fraction, true)] {
        for b in part.bytes() {
            let d = match b {
                b'0'..=b'9' => u64::from(b - b'0'),
                _ => return None,
            };
            if digits < 19 {
                mantissa = mantissa * 10 + d;
                if mantissa > 0 {
                    digits += 1;
                }
                if in_fraction {
                    scale -= 1;
                }
            } else if !in_fraction {
                scale += 1;
            }
        }
    }
    let value = mantissa as f64 * 10f64.powi(scale);
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_what_format_writes() {
        for x in [0.0, 1.0, -12.5, 300.0, 0.25, 123.456_789_012_345, -0.1, 1e15, 98_765.4] {
            for text in [format!("{x}"), format!("{x:.1}")] {
                let read = parse(&text).unwrap();
                let want: f64 = text.parse().unwrap();
                assert!((read - want).abs() <= want.abs() * 1e-15, "{text}: {read} != {want}");
            }
        }
        assert_eq!(parse("+3"), Some(3.0));
        assert_eq!(parse(".5"), Some(0.5));
        assert_eq!(parse("7."), Some(7.0));
    }

    #[test]
    fn refuses_anything_else() {
        for text in ["", "-", ".", "M", "1e5", "1,5", "1.2.3", "--1", " 1", "NaN", "inf"] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }
}
