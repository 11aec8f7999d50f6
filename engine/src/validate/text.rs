//! Problems only the text shows: JSON syntax errors and duplicate keys.
//!
//! `serde_json::Value` keeps the last of two equal keys, so `{"Next":"A","Next":"B"}` would
//! silently lose one; a second pass over the text finds them, with line and column.

use super::{child, codes, Problem};
use std::collections::HashSet;

/// One problem describing a JSON syntax error, with its line and column.
pub(super) fn syntax_problem(e: &serde_json::Error) -> Problem {
    Problem {
        code: codes::JSON_SYNTAX.into(),
        message: format!("invalid JSON at line {}, column {}: {e}", e.line(), e.column()),
        path: "/".into(),
    }
}

/// Every key that appears twice in the same object, with its pointer, line and column.
///
/// The text is already known to be valid JSON, so a small scanner suffices: it tracks the
/// open objects and arrays (for the pointer) and the keys seen in each object.
pub(super) fn duplicate_keys(text: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let (mut line, mut col) = (1usize, 0usize);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        col += 1;
        match c {
            '\n' => (line, col) = (line + 1, 0),
            '{' => stack.push(Frame { keys: Some(HashSet::new()), seg: String::new(), index: 0 }),
            '[' => stack.push(Frame { keys: None, seg: "0".into(), index: 0 }),
            '}' | ']' => {
                stack.pop();
            }
            ',' => {
                if let Some(f) = stack.last_mut().filter(|f| f.keys.is_none()) {
                    f.index += 1;
                    f.seg = f.index.to_string();
                }
            }
            '"' => {
                let (start_line, start_col) = (line, col);
                let mut end = i + 1;
                let mut escaped = false;
                for (j, d) in chars.by_ref() {
                    col += 1;
                    end = j + d.len_utf8();
                    match d {
                        _ if escaped => escaped = false,
                        '\\' => escaped = true,
                        '"' => break,
                        _ => {}
                    }
                }
                let is_key = text[end..].trim_start().starts_with(':');
                let Some(frame) = stack.last_mut().filter(|f| is_key && f.keys.is_some()) else { continue };
                let key: String = serde_json::from_str(&text[i..end]).unwrap_or_default();
                frame.seg = key.clone();
                let fresh = frame.keys.as_mut().is_some_and(|k| k.insert(key.clone()));
                if !fresh {
                    let ptr = stack.iter().fold(String::new(), |p, f| child(&p, &f.seg));
                    out.push(Problem {
                        code: codes::DUPLICATE_KEY.into(),
                        message: format!(
                            "the key \"{key}\" appears more than once in this object (line {start_line}, column {start_col})"
                        ),
                        path: ptr,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// An open object (with the keys seen so far) or array, and the key or index now inside it.
struct Frame {
    keys: Option<HashSet<String>>,
    seg: String,
    index: usize,
}
