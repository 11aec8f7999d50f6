//! Timestamps as AWS accepts them in `Timestamp` and `Timestamp…` Choice literals: RFC 3339
//! with an uppercase `T` and a `Z` or numeric offset (`2016-03-14T01:59:00Z`).

use super::{codes, Sink};

/// Whether `s` is an RFC 3339 timestamp AWS accepts.
pub(crate) fn is_valid(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let shape = b.len() >= 20
        && digits(0..4)
        && at(4, b'-')
        && digits(5..7)
        && at(7, b'-')
        && digits(8..10)
        && at(10, b'T')
        && digits(11..13)
        && at(13, b':')
        && digits(14..16)
        && at(16, b':')
        && digits(17..19);
    if !shape {
        return false;
    }
    let mut i = 19;
    if at(i, b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    let zone_ok = match b.get(i) {
        Some(b'Z') => i + 1 == b.len(),
        Some(b'+' | b'-') => i + 6 == b.len() && digits(i + 1..i + 3) && at(i + 3, b':') && digits(i + 4..i + 6),
        _ => false,
    };
    zone_ok && chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

/// Reports `s` when it is not a valid timestamp.
pub(super) fn check(sink: &mut Sink, s: &str, ptr: &str) {
    if !is_valid(s) {
        let msg = format!("\"{s}\" does not match the RFC 3339 timestamp format (e.g. 2016-03-14T01:59:00Z)");
        sink.push(codes::INVALID_TIMESTAMP, ptr, msg);
    }
}
