//! The filter expression parser: text between `[?(` and `)]` to a [`Filter`].

use serde_json::Value;

use super::{Filter, Op, Operand, Pattern};
use crate::path::Path;

/// Operator spellings, longest first where one is a prefix of another.
const OPS: &[(&str, Op)] = &[
    ("=~", Op::Matches),
    ("==", Op::Eq),
    ("!=", Op::Ne),
    ("<=", Op::Le),
    (">=", Op::Ge),
    ("<", Op::Lt),
    (">", Op::Gt),
    ("subsetof", Op::SubsetOf),
    ("anyof", Op::AnyOf),
    ("noneof", Op::NoneOf),
    ("contains", Op::Contains),
    ("size", Op::Size),
    ("empty", Op::Empty),
    ("nin", Op::Nin),
    ("in", Op::In),
];

/// Parses a whole filter expression.
pub(super) fn parse(s: &str) -> Result<Filter, String> {
    let mut p = FilterParser {
        s,
        pos: 0,
        depth: 0,
    };
    let f = p.or()?;
    p.skip_ws();
    if p.pos != s.len() {
        return Err(format!("unexpected '{}' in filter", &s[p.pos..]));
    }
    Ok(f)
}

struct FilterParser<'a> {
    s: &'a str,
    pos: usize,
    /// Open parentheses and lists, bounded so hostile input cannot overflow the stack.
    depth: usize,
}

/// Deepest nesting of parentheses and lists in a filter.
const MAX_DEPTH: usize = 64;

impl FilterParser<'_> {
    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    fn skip_ws(&mut self) {
        let trimmed = self.rest().trim_start();
        self.pos = self.s.len() - trimmed.len();
    }

    fn eat(&mut self, t: &str) -> bool {
        self.skip_ws();
        if self.rest().starts_with(t) {
            self.pos += t.len();
            true
        } else {
            false
        }
    }

    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("filter nested too deeply".into());
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Filter, String> {
        let mut left = self.and()?;
        while self.eat("||") {
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, String> {
        let mut left = self.unary()?;
        while self.eat("&&") {
            left = Filter::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Filter, String> {
        let mut negate = false;
        loop {
            self.skip_ws();
            if self.rest().starts_with('!') && !self.rest().starts_with("!=") {
                self.pos += 1;
                negate = !negate;
            } else {
                break;
            }
        }
        let inner = self.primary()?;
        Ok(if negate {
            Filter::Not(Box::new(inner))
        } else {
            inner
        })
    }

    fn primary(&mut self) -> Result<Filter, String> {
        if self.eat("(") {
            self.enter()?;
            let inner = self.or()?;
            if !self.eat(")") {
                return Err("missing ')' in filter".into());
            }
            self.depth -= 1;
            return Ok(inner);
        }
        let left = self.operand()?;
        if matches!(left, Operand::Regex(_)) {
            return Err("a regular expression may only follow '=~'".into());
        }
        self.skip_ws();
        let Some(&(text, op)) = OPS.iter().find(|(t, _)| self.rest().starts_with(t)) else {
            return match left {
                Operand::Literal(_) => Err("a filter needs a comparison or a path".into()),
                path => Ok(Filter::Exists(path)),
            };
        };
        self.pos += text.len();
        let right = self.operand()?;
        if (op == Op::Matches) != matches!(right, Operand::Regex(_)) {
            return Err(
                "'=~' needs a /regular expression/ on its right, and only it may have one".into(),
            );
        }
        Ok(Filter::Compare(left, op, right))
    }

    fn operand(&mut self) -> Result<Operand, String> {
        self.skip_ws();
        let src = self.s;
        let rest = &src[self.pos..];
        let first = rest.chars().next().ok_or("filter ends too early")?;
        match first {
            '@' | '$' => {
                let len = path_len(rest);
                let text = &rest[..len];
                self.pos += len;
                let as_root = format!("${}", &text[1..]);
                let path = Path::parse(if first == '@' { &as_root } else { text })
                    .map_err(|e| e.reason)?;
                Ok(if first == '@' {
                    Operand::Current(Box::new(path))
                } else {
                    Operand::Root(Box::new(path))
                })
            }
            '\'' | '"' => {
                let (text, len) = quoted(rest).ok_or("unterminated string in filter")?;
                self.pos += len;
                Ok(Operand::Literal(Value::String(text)))
            }
            '/' => self.regex(rest),
            '[' => self.list(),
            _ => self.json_literal(rest),
        }
    }

    /// `/pattern/flags`, compiled to match the whole string like Java's `Matcher.matches`.
    fn regex(&mut self, rest: &str) -> Result<Operand, String> {
        let end = rest[1..]
            .find('/')
            .ok_or("unterminated regular expression")?
            + 1;
        let flags: String = rest[end + 1..]
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect();
        let source = &rest[1..end];
        self.pos += end + 1 + flags.len();
        let inline: String = flags.chars().filter(|c| "imsxU".contains(*c)).collect();
        let anchored = if inline.is_empty() {
            format!("^(?:{source})$")
        } else {
            format!("(?{inline})^(?:{source})$")
        };
        let regex = regex_lite::Regex::new(&anchored)
            .map_err(|e| format!("invalid regular expression: {e}"))?;
        Ok(Operand::Regex(Pattern {
            source: rest[..end + 1 + flags.len()].to_string(),
            regex,
        }))
    }

    /// `['a', 1, …]`: a list of literals (for `in`, `nin`, `subsetof`, …).
    fn list(&mut self) -> Result<Operand, String> {
        self.pos += 1;
        self.enter()?;
        let mut items = Vec::new();
        self.skip_ws();
        if !self.eat("]") {
            loop {
                match self.operand()? {
                    Operand::Literal(v) => items.push(v),
                    _ => return Err("a list in a filter may hold only literals".into()),
                }
                if self.eat("]") {
                    break;
                }
                if !self.eat(",") {
                    return Err("missing ']' in a filter list".into());
                }
            }
        }
        self.depth -= 1;
        Ok(Operand::Literal(Value::Array(items)))
    }

    /// A number, `true`, `false`, `null` (up to the next delimiter) or a JSON object.
    fn json_literal(&mut self, rest: &str) -> Result<Operand, String> {
        let len = if rest.starts_with('{') {
            let mut values = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
            values.next();
            values.byte_offset()
        } else {
            rest.find(|c: char| c.is_whitespace() || ")&|,]=!<>".contains(c))
                .unwrap_or(rest.len())
        };
        let value = serde_json::from_str(&rest[..len])
            .map_err(|_| format!("cannot read a value at '{rest}'"))?;
        self.pos += len;
        Ok(Operand::Literal(value))
    }
}

/// Reads a `'…'` or `"…"` string at the start of `s` (backslash escapes the next character):
/// its text and the number of bytes it took.
fn quoted(s: &str) -> Option<(String, usize)> {
    let quote = s.chars().next()?;
    let mut out = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            out.push(chars.next()?.1);
        } else if c == quote {
            return Some((out, i + 1));
        } else {
            out.push(c);
        }
    }
    None
}

/// Length of the path text at the start of `s`: up to a blank or an operator.
fn path_len(s: &str) -> usize {
    crate::path::text_len(s, |c| {
        matches!(c, ' ' | '=' | '!' | '<' | '>' | ')' | '&' | '|')
    })
}
