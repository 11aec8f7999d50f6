//! JSONPath and reference paths, with the semantics AWS Step Functions has.
//!
//! AWS evaluates ASL paths with Jayway JsonPath, so this module follows Jayway rather than
//! RFC 9535: a *definite* path (only names and single indexes) yields one value or fails with
//! Jayway's message (`No results for path: $['a']`); an *indefinite* path (`*`, `..`, slices,
//! unions, filters) yields a JSON array of every match, empty when nothing matches.
//! ASL adds two roots to Jayway's `$`: `$$` (the context object) and `$name` (a variable).
//!
//! Paths are parsed once ([`Path::parse`], at definition load) and evaluated many times
//! ([`Path::eval`]); simple paths such as `$.i` take a fast, allocation-free walk.
//!
//! Layout: `parse` builds the segments, `eval` walks them (Jayway semantics),
//! `filter` parses and runs `[?(…)]` predicates, `set` implements `ResultPath`.
//!
//! ```
//! use engine::{env::Env, path::Path};
//! let input = serde_json::json!({"a": {"b": [10, 20]}});
//! let ctx = serde_json::json!({});
//! let p = Path::parse("$.a.b[1]").unwrap();
//! assert_eq!(p.eval(&Env::new(&input, &ctx)).unwrap(), 20);
//! ```

mod eval;
mod filter;
mod parse;
mod set;

use std::fmt;

use serde_json::Value;

use crate::env::Env;

pub(crate) use parse::text_len;
pub use set::set_at;

/// Which document a path starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathRoot {
    /// `$`: the state's (effective) input.
    Input,
    /// `$$`: the context object.
    Context,
    /// `$name`: a variable set by `Assign`.
    Variable(String),
}

/// A parsed path: `$.a.b[0]`, `$$.Execution.Id`, `$var.x`, `$..book[?(@.price < 10)]`.
#[derive(Debug, Clone)]
pub struct Path {
    src: String,
    root: PathRoot,
    segments: Vec<Segment>,
    definite: bool,
    reference: bool,
}

/// One step of a path after the root.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Segment {
    /// `.name`, `['name']`, or a union `['a','b']`.
    Names(Vec<String>),
    /// `[0]`, `[-1]` or a union `[0,2]`.
    Indexes(Vec<i64>),
    /// `.*` or `[*]`.
    Wildcard,
    /// `[from:to]` (Jayway has no step).
    Slice(Option<i64>, Option<i64>),
    /// `[?(…)]`.
    Filter(filter::Filter),
    /// `..` followed by the segment it scans for.
    Scan(Box<Segment>),
    /// A trailing Jayway function such as `.length()`.
    Function(String),
}

/// The text is not a path that AWS would accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid path '{path}': {reason}")]
pub struct PathSyntaxError {
    /// The text that failed to parse.
    pub path: String,
    /// What is wrong, and where.
    pub reason: String,
}

/// Evaluating a path failed; the `Display` text is Jayway's message, as AWS quotes it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathEvalError {
    /// A definite path matched nothing (`No results for path: $['a']`, `Missing property in path …`).
    #[error("{0}")]
    NotFound(String),
    /// `$name` names a variable that is not in scope.
    #[error("The variable '{0}' is not defined")]
    UndefinedVariable(String),
    /// A `ResultPath` step went through something that is not an object (or array index).
    #[error("Unable to apply step \"{step}\" to input {input}")]
    CannotSet {
        /// The path fragment that could not be applied.
        step: String,
        /// The value that was in the way (JSON text).
        input: String,
    },
    /// A Jayway function (`length()`, `min()`, …) got an unsuitable value.
    #[error("{0}")]
    Function(String),
}

impl Path {
    /// Parses `$`, `$.a.b[0]`, `$['x y']`, `$$.Execution.Id`, `$var`, `$var.a[1]` and Jayway
    /// JSONPath (`*`, `..`, slices, unions, filters, trailing functions).
    pub fn parse(s: &str) -> Result<Path, PathSyntaxError> {
        let (root, segments) = parse::parse(s).map_err(|reason| PathSyntaxError {
            path: s.to_string(),
            reason,
        })?;
        let definite = matches!(segments.last(), Some(Segment::Function(_)))
            || segments
                .iter()
                .enumerate()
                .all(|(i, seg)| seg.is_definite(i + 1 == segments.len()));
        let reference = segments.iter().all(|seg| match seg {
            Segment::Names(names) => names.len() == 1,
            Segment::Indexes(ix) => ix.len() == 1,
            _ => false,
        });
        Ok(Path {
            src: s.to_string(),
            root,
            segments,
            definite,
            reference,
        })
    }

    /// True when the path only has single names and single indexes: the only form ASL allows
    /// for `ResultPath`, Choice `Variable` / `…Path` and the like.
    pub fn is_reference_path(&self) -> bool {
        self.reference
    }

    /// True when the path can match at most one value (Jayway's `isDefinite`).
    pub fn is_definite(&self) -> bool {
        self.definite
    }

    /// The document the path starts from.
    pub fn root(&self) -> PathRoot {
        self.root.clone()
    }

    /// The text the path was parsed from.
    pub fn as_str(&self) -> &str {
        &self.src
    }

    /// Evaluates the path: a definite path yields its value (or an error when it matches
    /// nothing); an indefinite path yields a JSON array of all matches.
    pub fn eval(&self, env: &Env) -> Result<Value, PathEvalError> {
        let doc = match &self.root {
            PathRoot::Input => env.input,
            PathRoot::Context => env.context,
            PathRoot::Variable(name) => env
                .vars
                .get_var(name)
                .ok_or_else(|| PathEvalError::UndefinedVariable(name.clone()))?,
        };
        eval::evaluate(self, doc)
    }

    /// Jayway's normalized form, as AWS quotes it in error messages: `$['a']['b'][0]`.
    pub fn normalized(&self) -> String {
        let mut out = self.root_text();
        for seg in &self.segments {
            seg.write_normalized(&mut out);
        }
        out
    }

    /// `$`, `$$` or `$name`.
    pub(crate) fn root_text(&self) -> String {
        match &self.root {
            PathRoot::Input => "$".to_string(),
            PathRoot::Context => "$$".to_string(),
            PathRoot::Variable(name) => format!("${name}"),
        }
    }

    /// The steps after the root.
    pub(crate) fn segments(&self) -> &[Segment] {
        &self.segments
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.src)
    }
}

impl PartialEq for Path {
    fn eq(&self, other: &Self) -> bool {
        self.src == other.src
    }
}

impl Segment {
    /// Jayway's `isTokenDefinite`: a union of names is definite only as the last step,
    /// where Jayway merges it into one object.
    fn is_definite(&self, is_leaf: bool) -> bool {
        match self {
            Segment::Names(names) => names.len() == 1 || is_leaf,
            Segment::Indexes(ix) => ix.len() == 1,
            Segment::Function(_) => true,
            _ => false,
        }
    }

    /// Appends this segment's Jayway path fragment.
    pub(crate) fn write_normalized(&self, out: &mut String) {
        match self {
            Segment::Names(names) => {
                let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
                out.push('[');
                out.push_str(&quoted.join(","));
                out.push(']');
            }
            Segment::Indexes(ix) => {
                let parts: Vec<String> = ix.iter().map(|i| i.to_string()).collect();
                out.push('[');
                out.push_str(&parts.join(","));
                out.push(']');
            }
            Segment::Wildcard => out.push_str("[*]"),
            Segment::Slice(from, to) => {
                let f = from.map(|v| v.to_string()).unwrap_or_default();
                let t = to.map(|v| v.to_string()).unwrap_or_default();
                out.push_str(&format!("[{f}:{t}]"));
            }
            Segment::Filter(_) => out.push_str("[?]"),
            Segment::Scan(inner) => {
                out.push_str("..");
                inner.write_normalized(out);
            }
            Segment::Function(name) => out.push_str(&format!(".{name}()")),
        }
    }
}
