//! The path parser: text to a root plus [`Segment`]s, following Jayway's `PathCompiler`.
//!
//! Quirk kept on purpose: inside `['…']` a backslash only stops the next character from ending
//! the name; the name keeps the raw text (AWS matched `$['Test\""Name"']` against the key
//! `Test\""Name"` in a recorded execution).

use super::filter::Filter;
use super::{PathRoot, Segment};

/// Functions Jayway accepts at the end of a path (`$.items.length()`).
const FUNCTIONS: &[&str] = &[
    "length", "size", "min", "max", "avg", "stddev", "sum", "keys", "first", "last",
];

/// Parses a whole path; the error is a human-readable reason.
pub(super) fn parse(s: &str) -> Result<(PathRoot, Vec<Segment>), String> {
    if s.matches("?(").count() > MAX_FILTERS {
        return Err(format!("more than {MAX_FILTERS} filters"));
    }
    let mut p = Parser { s, pos: 0 };
    let root = p.root()?;
    let mut segments = Vec::new();
    while p.pos < s.len() {
        if matches!(segments.last(), Some(Segment::Function(_))) {
            return Err(format!(
                "a function must be the last step, found more at position {}",
                p.pos
            ));
        }
        segments.push(p.segment()?);
    }
    Ok((root, segments))
}

/// Most filters one path may hold (filters nest through `@` paths: this bounds recursion).
const MAX_FILTERS: usize = 32;

struct Parser<'a> {
    s: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn eat(&mut self, prefix: &str) -> bool {
        if self.rest().starts_with(prefix) {
            self.pos += prefix.len();
            true
        } else {
            false
        }
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(' ') {
            self.pos += 1;
        }
    }

    fn root(&mut self) -> Result<PathRoot, String> {
        if !self.eat("$") {
            return Err("a path must start with '$'".into());
        }
        if self.eat("$") {
            return Ok(PathRoot::Context);
        }
        let name_len: usize = self
            .rest()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .map(char::len_utf8)
            .sum();
        if name_len == 0 {
            return Ok(PathRoot::Input);
        }
        let name = self.rest()[..name_len].to_string();
        self.pos += name_len;
        Ok(PathRoot::Variable(name))
    }

    fn segment(&mut self) -> Result<Segment, String> {
        if self.eat("..") {
            let inner = match self.peek() {
                Some('[') => {
                    self.pos += 1;
                    self.bracket()?
                }
                Some('*') => {
                    self.pos += 1;
                    Segment::Wildcard
                }
                Some('.') | None => {
                    return Err(format!(
                        "path must not end with a '..' or contain '...' (position {})",
                        self.pos
                    ))
                }
                _ => self.dotted_name()?,
            };
            return Ok(Segment::Scan(Box::new(inner)));
        }
        if self.eat(".") {
            return match self.peek() {
                Some('*') => {
                    self.pos += 1;
                    Ok(Segment::Wildcard)
                }
                Some('[') => {
                    self.pos += 1;
                    self.bracket()
                }
                None => Err("path must not end with a '.'".into()),
                _ => self.dotted_name(),
            };
        }
        if self.eat("[") {
            return self.bracket();
        }
        Err(format!(
            "unexpected character '{}' at position {}",
            self.peek().unwrap_or(' '),
            self.pos
        ))
    }

    /// A name after `.`: everything up to the next `.`, `[` or `(`; `(` makes it a function.
    fn dotted_name(&mut self) -> Result<Segment, String> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            match c {
                '.' | '[' | '(' => break,
                ' ' => {
                    return Err(format!(
                    "use bracket notation ['my prop'] if a property contains blanks (position {})",
                    self.pos
                ))
                }
                _ => self.pos += c.len_utf8(),
            }
        }
        let name = self.s[start..self.pos].to_string();
        if name.is_empty() {
            return Err(format!("empty property name at position {start}"));
        }
        if self.eat("(") {
            if !self.eat(")") {
                return Err(format!("function '{name}' takes no arguments"));
            }
            if !FUNCTIONS.contains(&name.as_str()) {
                return Err(format!("unknown function '{name}()'"));
            }
            return Ok(Segment::Function(name));
        }
        Ok(Segment::Names(vec![name]))
    }

    /// The inside of `[…]`, after the `[`.
    fn bracket(&mut self) -> Result<Segment, String> {
        self.skip_spaces();
        let seg = match self.peek() {
            Some('*') => {
                self.pos += 1;
                Segment::Wildcard
            }
            Some('?') => {
                self.pos += 1;
                let filter = self.filter()?;
                Segment::Filter(filter)
            }
            Some('\'') | Some('"') => Segment::Names(self.quoted_names()?),
            Some(_) => self.indexes_or_slice()?,
            None => return Err("unterminated '['".into()),
        };
        self.skip_spaces();
        if !self.eat("]") {
            return Err(format!("expected ']' at position {}", self.pos));
        }
        Ok(seg)
    }

    fn quoted_names(&mut self) -> Result<Vec<String>, String> {
        let mut names = Vec::new();
        loop {
            self.skip_spaces();
            let quote = match self.peek() {
                Some(q @ ('\'' | '"')) => q,
                _ => {
                    return Err(format!(
                        "expected a quoted property at position {}",
                        self.pos
                    ))
                }
            };
            self.pos += 1;
            let start = self.pos;
            let mut escaped = false;
            loop {
                let c = self.peek().ok_or("unterminated quoted property")?;
                self.pos += c.len_utf8();
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == quote {
                    break;
                }
            }
            names.push(self.s[start..self.pos - 1].to_string());
            self.skip_spaces();
            if !self.eat(",") {
                return Ok(names);
            }
        }
    }

    fn indexes_or_slice(&mut self) -> Result<Segment, String> {
        let end = self.rest().find(']').ok_or("unterminated '['")?;
        let body = &self.rest()[..end];
        let seg = if body.contains(':') {
            let parts: Vec<&str> = body.split(':').collect();
            if parts.len() != 2 {
                return Err(format!(
                    "invalid slice '[{body}]' (Jayway slices have no step)"
                ));
            }
            let bound = |t: &str| -> Result<Option<i64>, String> {
                let t = t.trim();
                if t.is_empty() {
                    Ok(None)
                } else {
                    int(t).map(Some)
                }
            };
            Segment::Slice(bound(parts[0])?, bound(parts[1])?)
        } else {
            let ix: Result<Vec<i64>, String> = body.split(',').map(|t| int(t.trim())).collect();
            Segment::Indexes(ix?)
        };
        self.pos += end;
        Ok(seg)
    }

    /// `?(…)` after the `[`: finds the matching `)` (quotes and nesting respected).
    fn filter(&mut self) -> Result<Filter, String> {
        self.skip_spaces();
        if !self.eat("(") {
            return Err("a filter must look like [?(<expression>)]".into());
        }
        let len = text_len(self.rest(), |c| c == ')');
        if len == self.rest().len() {
            return Err("unterminated filter expression".into());
        }
        let filter = Filter::parse(&self.rest()[..len])?;
        self.pos += len + 1;
        Ok(filter)
    }
}

/// Length of the text at the start of `s` up to the first `stop` character that is outside
/// quotes (with backslash escapes), brackets and parentheses; `s.len()` if there is none.
pub(crate) fn text_len(s: &str, stop: impl Fn(char) -> bool) -> usize {
    let (mut depth, mut quote, mut escaped) = (0usize, None::<char>, false);
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(_), _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, c) if depth == 0 && stop(c) => return i,
            (None, '\'' | '"') => quote = Some(c),
            (None, '[' | '(') => depth += 1,
            (None, ']' | ')') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    s.len()
}

fn int(t: &str) -> Result<i64, String> {
    t.parse::<i64>()
        .map_err(|_| format!("'{t}' is not an array index"))
}
