//! Strings ordered and measured as AWS's runtime does: in Java, where a `String` is a sequence
//! of UTF-16 code units. `String.compareTo` (Choice `String*` operators, Jayway's `<`/`>` in
//! JSONPath filters) compares code units, not code points, so a character beyond U+FFFF (a
//! surrogate pair, 0xD800..0xDFFF) sorts before U+E000..U+FFFF, where Rust's `str` order puts
//! it after; `String.length()` (Jayway's `size` filter) counts a surrogate pair as two.

use std::cmp::Ordering;

/// `a.compareTo(b)`'s sign, as an [`Ordering`].
pub(crate) fn cmp(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// `s.length()`: the number of UTF-16 code units.
pub(crate) fn len(s: &str) -> usize {
    s.encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::{cmp, len};
    use std::cmp::Ordering;

    #[test]
    fn orders_by_utf16_code_units() {
        // U+1F600 is 0xD83D 0xDE00 in UTF-16: below U+FFFF and U+E000, above U+D7FF.
        assert_eq!(cmp("\u{1F600}", "\u{FFFF}"), Ordering::Less);
        assert_eq!(cmp("\u{1F600}", "\u{E000}"), Ordering::Less);
        assert_eq!(cmp("\u{1F600}", "\u{D7FF}"), Ordering::Greater);
        assert_eq!(cmp("abc", "abd"), Ordering::Less);
        assert_eq!(cmp("ab", "abc"), Ordering::Less);
        assert_eq!(cmp("B", "a"), Ordering::Less);
        assert_eq!(cmp("é", "é"), Ordering::Equal);
    }

    #[test]
    fn counts_utf16_code_units() {
        assert_eq!(len(""), 0);
        assert_eq!(len("é"), 1);
        assert_eq!(len("\u{1F600}"), 2);
    }
}
