//! Counts in sentences: “1 problem”, “3 problems”, not “3 problem(s)”.

/// `n` and `noun`, the noun with an `s` unless `n` is 1 (the app's nouns are regular).
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "problem"), "1 problem");
        assert_eq!(count(0, "line"), "0 lines");
        assert_eq!(count(4, "line"), "4 lines");
    }
}
