//! Cost estimates from list prices (USD per million input / output tokens), matched by the
//! longest model-name prefix. Unknown models (local servers, new names) cost `None`, shown as
//! `null`, rather than a made-up number. Prices change: this is an estimate, not a bill.

/// `(model prefix, input $/Mtok, output $/Mtok)`.
const PRICES: &[(&str, f64, f64)] = &[
    ("claude-opus-4-5", 5.0, 25.0),
    ("claude-opus-4", 15.0, 75.0),
    ("claude-sonnet-4", 3.0, 15.0),
    ("claude-3-7-sonnet", 3.0, 15.0),
    ("claude-3-5-sonnet", 3.0, 15.0),
    ("claude-haiku-4-5", 1.0, 5.0),
    ("claude-3-5-haiku", 0.8, 4.0),
    ("claude-3-haiku", 0.25, 1.25),
    ("claude-3-opus", 15.0, 75.0),
    ("gpt-5-nano", 0.05, 0.4),
    ("gpt-5-mini", 0.25, 2.0),
    ("gpt-5", 1.25, 10.0),
    ("gpt-4.1-nano", 0.1, 0.4),
    ("gpt-4.1-mini", 0.4, 1.6),
    ("gpt-4.1", 2.0, 8.0),
    ("gpt-4o-mini", 0.15, 0.6),
    ("gpt-4o", 2.5, 10.0),
    ("o4-mini", 1.1, 4.4),
    ("o3-mini", 1.1, 4.4),
    ("o3", 2.0, 8.0),
];

/// Estimated cost in USD (6 decimals), or `None` for a model not in the table.
pub fn estimate(model: &str, input_tokens: u64, output_tokens: u64) -> Option<f64> {
    let (_, inp, out) = PRICES.iter().filter(|(p, _, _)| model.starts_with(p)).max_by_key(|(p, _, _)| p.len())?;
    let usd = (input_tokens as f64 * inp + output_tokens as f64 * out) / 1_000_000.0;
    Some((usd * 1e6).round() / 1e6)
}

#[cfg(test)]
mod tests {
    use super::estimate;

    #[test]
    fn longest_prefix_wins() {
        assert_eq!(estimate("claude-sonnet-4-5-20250929", 1_000_000, 0), Some(3.0));
        assert_eq!(estimate("gpt-4o-mini-2024-07-18", 0, 1_000_000), Some(0.6));
        assert_eq!(estimate("gpt-4o", 1000, 1000), Some(0.0125));
        assert_eq!(estimate("llama3.2", 10, 10), None);
    }
}
