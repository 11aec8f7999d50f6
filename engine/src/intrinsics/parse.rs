//! The intrinsic-call parser and its static checks.
//!
//! Grammar (AWS): `States.Name(arg, …)` where an argument is a string literal in single
//! quotes (escapes `\'`, `\{`, `\}`, `\\` only: AWS rejects `\"` and the like), a number,
//! `true`/`false`/`null`, a path (`$…`, `$$…`, `$var…`) or a nested call. Arity and the
//! types of *literal* arguments are checked here, since AWS rejects them at definition time.

use serde_json::{Number, Value};

use super::{Arg, Func, Intrinsic, FUNCS};
use crate::path::Path;

/// Parses `s` completely; the error is a human-readable reason.
pub(super) fn parse(s: &str) -> Result<Intrinsic, String> {
    let mut p = Parser {
        s,
        pos: 0,
        depth: 0,
    };
    let call = p.call()?;
    if p.pos != s.len() {
        return Err(format!("unexpected text after the call: '{}'", &s[p.pos..]));
    }
    Ok(call)
}

/// Deepest nesting of calls accepted (keeps hostile input from overflowing the stack).
const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    s: &'a str,
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    fn skip_ws(&mut self) {
        let t = self.rest().trim_start();
        self.pos = self.s.len() - t.len();
    }

    fn call(&mut self) -> Result<Intrinsic, String> {
        let start = self.pos;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("intrinsic calls are nested too deeply".into());
        }
        let src = self.s;
        let rest = src[self.pos..]
            .strip_prefix("States.")
            .ok_or("an intrinsic call must start with 'States.'")?;
        let name_len = rest.chars().take_while(char::is_ascii_alphanumeric).count();
        let name = &rest[..name_len];
        let func = FUNCS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| *f)
            .ok_or_else(|| format!("'States.{name}' is not an intrinsic function"))?;
        self.pos += "States.".len() + name_len;
        if !self.rest().starts_with('(') {
            return Err(format!("expected '(' after 'States.{name}'"));
        }
        self.pos += 1;
        let mut args = Vec::new();
        self.skip_ws();
        if self.rest().starts_with(')') {
            self.pos += 1;
        } else {
            loop {
                args.push(self.arg()?);
                self.skip_ws();
                match self.rest().chars().next() {
                    Some(',') => self.pos += 1,
                    Some(')') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return Err(format!("expected ',' or ')' at position {}", self.pos)),
                }
            }
        }
        self.depth -= 1;
        check(func, &args)?;
        Ok(Intrinsic {
            func,
            args,
            src: self.s[start..self.pos].to_string(),
        })
    }

    fn arg(&mut self) -> Result<Arg, String> {
        self.skip_ws();
        let src = self.s;
        let rest = &src[self.pos..];
        match rest.chars().next() {
            Some('\'') => self.string(),
            Some('$') => {
                let len = path_len(rest);
                let text = rest[..len].trim_end();
                let path = Path::parse(text).map_err(|e| e.to_string())?;
                self.pos += len;
                Ok(Arg::Path(path))
            }
            Some('S') if rest.starts_with("States.") => Ok(Arg::Call(self.call()?)),
            Some(_) => self.literal(),
            None => Err("missing argument".into()),
        }
    }

    fn string(&mut self) -> Result<Arg, String> {
        let start = self.pos + 1;
        let mut value = String::new();
        let mut chars = self.s[start..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, e @ ('\'' | '{' | '}' | '\\'))) => value.push(e),
                    Some((_, e)) => {
                        return Err(format!(
                            "invalid escape sequence '\\{e}' in a string literal"
                        ))
                    }
                    None => break,
                },
                '\'' => {
                    let raw = self.s[start..start + i].to_string();
                    self.pos = start + i + 1;
                    return Ok(Arg::Str { value, raw });
                }
                c => value.push(c),
            }
        }
        Err("unterminated string literal".into())
    }

    fn literal(&mut self) -> Result<Arg, String> {
        let src = self.s;
        let rest = &src[self.pos..];
        let len = rest
            .find(|c: char| c == ',' || c == ')' || c.is_whitespace())
            .unwrap_or(rest.len());
        let text = &rest[..len];
        let value = match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            _ => number(text).ok_or_else(|| format!("'{text}' is not a valid argument"))?,
        };
        self.pos += len;
        Ok(Arg::Literal(value))
    }
}

/// A JSON-style number; integers stay integers.
fn number(text: &str) -> Option<Value> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if let Ok(i) = text.parse::<i64>() {
        return Some(Value::Number(i.into()));
    }
    // JSON's number syntax (as AWS's intrinsic grammar), read by serde_json: `str::parse::<f64>`
    // would also accept `01.5` and `1.`, and brings core's float-parsing tables into the wasm.
    let f: f64 = serde_json::from_str(text).ok()?;
    Number::from_f64(f).map(Value::Number)
}

/// Length of the path text at the start of `s`: up to a `,` or `)` outside brackets,
/// parentheses and quotes.
fn path_len(s: &str) -> usize {
    crate::path::text_len(s, |c| c == ',' || c == ')')
}

/// What a literal argument must be.
#[derive(Clone, Copy, PartialEq)]
enum Want {
    Any,
    Str,
    Num,
    Bool,
    /// Only a path or a call (an array or object: there are no such literals).
    NoLiteral,
}

/// Arity and literal-type checks per function.
fn check(func: Func, args: &[Arg]) -> Result<(), String> {
    use Want::*;
    let (min, max, kinds): (usize, usize, &[Want]) = match func {
        Func::Format => (1, usize::MAX, &[Str]),
        Func::StringToJson | Func::Base64Encode | Func::Base64Decode => (1, 1, &[Str]),
        Func::JsonToString => (1, 1, &[Any]),
        Func::Array => (0, usize::MAX, &[]),
        Func::ArrayPartition | Func::ArrayGetItem => (2, 2, &[NoLiteral, Num]),
        Func::ArrayContains => (2, 2, &[NoLiteral, Any]),
        Func::ArrayRange => (3, 3, &[Num, Num, Num]),
        Func::ArrayLength | Func::ArrayUnique => (1, 1, &[NoLiteral]),
        Func::Hash => (2, 2, &[Any, Str]),
        Func::JsonMerge => (3, 3, &[NoLiteral, NoLiteral, Bool]),
        Func::MathRandom => (2, 3, &[Num, Num, Num]),
        Func::MathAdd => (2, 2, &[Num, Num]),
        Func::StringSplit => (2, 2, &[Str, Str]),
        Func::Uuid => (0, 0, &[]),
    };
    let name = func.name();
    if args.len() < min || args.len() > max {
        let expected = match (min, max) {
            (a, b) if a == b => format!("{a}"),
            (a, usize::MAX) => format!("at least {a}"),
            (a, b) => format!("{a} to {b}"),
        };
        return Err(format!(
            "{name} takes {expected} argument(s), got {}",
            args.len()
        ));
    }
    for (i, (arg, want)) in args.iter().zip(kinds.iter()).enumerate() {
        let ok = matches!(
            (arg, want),
            (Arg::Path(_) | Arg::Call(_), _)
                | (_, Any)
                | (Arg::Str { .. }, Str)
                | (Arg::Literal(Value::Number(_)), Num)
                | (Arg::Literal(Value::Bool(_)), Bool)
        );
        if !ok {
            let what = match want {
                Str => "a string",
                Num => "a number",
                Bool => "a boolean",
                _ => "a path or an intrinsic function (an array or object)",
            };
            return Err(format!("argument {} of {name} must be {what}", i + 1));
        }
    }
    static_semantics(func, args)
}

/// Checks that need the literal values: JsonMerge's `deep` must be `false`.
fn static_semantics(func: Func, args: &[Arg]) -> Result<(), String> {
    match (func, args) {
        (Func::JsonMerge, [_, _, Arg::Literal(Value::Bool(true))]) => Err(
            "States.JsonMerge supports only shallow merging: the third argument must be false"
                .into(),
        ),
        _ => Ok(()),
    }
}
