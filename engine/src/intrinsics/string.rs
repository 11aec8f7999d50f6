//! The string functions: Format and StringSplit.

use serde_json::Value;

use super::value::{invalid, render, string, Style};
use super::Arg;

/// One piece of a Format template.
enum Piece {
    Text(String),
    Slot,
}

/// Splits a template into text and `{}` slots; `\{`, `\}`, `\\`, `\'` are literal
/// characters, and any other brace is an error (AWS: `Invalid template`).
fn pieces(raw: &str) -> Result<Vec<Piece>, String> {
    let bad = |m: &str| format!("Invalid template in States.Format: {m}");
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => text.push(chars.next().unwrap_or('\\')),
            '{' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push(Piece::Text(std::mem::take(&mut text)));
                out.push(Piece::Slot);
            }
            '{' => return Err(bad("matching '}' not found for '{'.")),
            '}' => return Err(bad("matching '{' not found for '}'.")),
            c => text.push(c),
        }
    }
    out.push(Piece::Text(text));
    Ok(out)
}

/// `States.Format(template, args…)`: each `{}` takes the next argument's Java rendering.
pub(super) fn format(raw_args: &[Arg], args: &[Value]) -> Result<Value, String> {
    let f = "States.Format";
    let template = match &raw_args[0] {
        Arg::Str { raw, .. } => raw.clone(),
        _ => string(f, &args[0])?.to_string(),
    };
    let pieces = pieces(&template)?;
    let slots = pieces.iter().filter(|p| matches!(p, Piece::Slot)).count();
    if slots != args.len() - 1 {
        return Err(format!(
            "{}: number of arguments do not match the occurrences of {{}}.",
            invalid(f)
        ));
    }
    let mut out = String::new();
    let mut next = args[1..].iter();
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(&t),
            Piece::Slot => out.push_str(
                &next
                    .next()
                    .map(|v| render(v, Style::Java))
                    .unwrap_or_default(),
            ),
        }
    }
    Ok(Value::String(out))
}

/// `States.StringSplit(s, delimiters)`: like Java's `StringTokenizer`, every character of
/// `delimiters` separates tokens and empty tokens are dropped.
pub(super) fn split(args: &[Value]) -> Result<Value, String> {
    let s = string("States.StringSplit", &args[0])?;
    let delims = string("States.StringSplit", &args[1])?;
    let parts = s.split(|c| delims.contains(c)).filter(|t| !t.is_empty());
    Ok(Value::Array(
        parts.map(|t| Value::String(t.to_string())).collect(),
    ))
}
