//! Problems only the text shows: JSON syntax errors and duplicate keys.
//!
//! `serde_json::Value` keeps the last of two equal keys, so `{"Next":"A","Next":"B"}` would
//! silently lose one; a second pass over the text finds them, with line and column.

use super::{child, codes, Problem};
use std::collections::HashSet;

/// One problem describing a JSON syntax error, with its line and column (public: the editor
/// reports the JSON pane's syntax errors with it without running the whole validator).
pub fn syntax_problem(e: &serde_json::Error) -> Problem {
    Problem {
        code: codes::JSON_SYNTAX.into(),
        message: {
            let (line, column) = (e.line(), e.column());
            let full = e.to_string();
            let what = full.strip_suffix(&format!(" at line {line} column {column}")).unwrap_or(&full);
            format!("invalid JSON at line {line}, column {column}: {what}")
        },
        path: "/".into(),
    }
}

/// Every key that appears twice in the same object, with its pointer, line and column.
pub(super) fn duplicate_keys(text: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    scan_keys(text, |key| {
        if key.duplicate {
            let (name, line, column) = (key.name, key.line, key.column);
            out.push(Problem {
                code: codes::DUPLICATE_KEY.into(),
                message: format!("the key \"{name}\" appears more than once in this object (line {line}, column {column})"),
                path: key.pointer,
            });
        }
        true
    });
    out
}

/// The line and column (1-based) of the value at `pointer` in `text`: where its key starts,
/// or where the nearest enclosing key starts for array elements (`/` is line 1, column 1).
/// Editors and the CLI use it to turn a [`Problem`]'s pointer into a text position.
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let mut target = pointer.trim_end_matches('/').to_string();
    loop {
        if target.is_empty() {
            return Some((1, 1));
        }
        let mut found = None;
        scan_keys(text, |key| {
            if key.pointer == target {
                found = Some((key.line, key.column));
            }
            found.is_none()
        });
        if found.is_some() {
            return found;
        }
        target.truncate(target.rfind('/').unwrap_or(0));
    }
}

/// A key found by [`scan_keys`].
struct Key {
    pointer: String,
    name: String,
    duplicate: bool,
    line: usize,
    column: usize,
}

/// Calls `on_key` for every object key of `text`, in order, until it returns false.
///
/// A small scanner rather than a parser: it tracks the open objects and arrays (for the
/// pointer) and the keys seen in each object; text that is not JSON yields what it can.
fn scan_keys(text: &str, mut on_key: impl FnMut(Key) -> bool) {
    let mut stack: Vec<Frame> = Vec::new();
    let (mut line, mut col) = (1usize, 0usize);
    let mut chars = text.char_indices();
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
                let mut end = text.len();
                let mut escaped = false;
                for (j, d) in chars.by_ref() {
                    col += 1;
                    match d {
                        _ if escaped => escaped = false,
                        '\\' => escaped = true,
                        '"' => {
                            end = j + 1;
                            break;
                        }
                        _ => {}
                    }
                }
                let is_key = text[end..].trim_start().starts_with(':');
                let Some(frame) = stack.last_mut().filter(|f| is_key && f.keys.is_some()) else { continue };
                let name: String = serde_json::from_str(&text[i..end]).unwrap_or_default();
                frame.seg = name.clone();
                let duplicate = !frame.keys.as_mut().is_some_and(|k| k.insert(name.clone()));
                let pointer = stack.iter().fold(String::new(), |p, f| child(&p, &f.seg));
                if !on_key(Key { pointer, name, duplicate, line: start_line, column: start_col }) {
                    return;
                }
            }
            _ => {}
        }
    }
}

/// An open object (with the keys seen so far) or array, and the key or index now inside it.
struct Frame {
    keys: Option<HashSet<String>>,
    seg: String,
    index: usize,
}
