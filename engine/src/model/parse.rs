//! Turning JSON text into a [`StateMachine`], with locations in every error.

use super::StateMachine;
use serde_json::Value;

/// Why a definition could not be parsed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParseError {
    /// The text is not JSON.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What serde_json said.
        message: String,
    },
    /// The JSON does not have ASL's shape.
    #[error("{pointer}: {message}")]
    Structure {
        /// JSON pointer of the offending value, e.g. `/States/Fetch/Next`.
        pointer: String,
        /// What is wrong.
        message: String,
    },
}

/// Parses definition text (syntax errors report line and column).
pub fn parse(text: &str) -> Result<StateMachine, ParseError> {
    let value: Value = serde_json::from_str(text).map_err(|e| ParseError::Syntax {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    parse_value(&value)
}

/// Parses an already-decoded definition (structural errors report a JSON pointer).
pub fn parse_value(value: &Value) -> Result<StateMachine, ParseError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let pointer = pointer_of(e.path());
        let message = e.inner().to_string();
        ParseError::Structure { pointer, message }
    })
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}
