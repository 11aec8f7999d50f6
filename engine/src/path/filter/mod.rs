//! Jayway filter predicates: the `…` in `[?(…)]`.
//!
//! Supported: `@…` and `$…` paths, literals (`'s'`, `"s"`, numbers, `true`, `false`, `null`,
//! JSON arrays), `==`, `!=`, `<`, `<=`, `>`, `>=`, `in`, `nin`, `subsetof`, `anyof`,
//! `noneof`, `contains`, `size`, `empty`, `=~ /regex/flags` (whole-string match, as Java's
//! `Matcher.matches`), existence (`@.x`), `!`, `&&`, `||` and parentheses.
//! As in Jayway, a comparison whose path matches nothing is false, and numbers compare with
//! strings through the string's numeric value.
//!
//! Layout: this file holds the types and evaluation; `parse` reads the expression text.

use serde_json::Value;

mod parse;

use super::{eval, Path};

/// A parsed filter expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Filter {
    Or(Box<Filter>, Box<Filter>),
    And(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    Exists(Operand),
    Compare(Operand, Op, Operand),
}

/// A side of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    /// `@…`: relative to the element under test.
    Current(Box<Path>),
    /// `$…`: relative to the document root.
    Root(Box<Path>),
    Literal(Value),
    /// `/pattern/flags`, the right side of `=~`.
    Regex(Pattern),
}

/// A compiled `=~` pattern; equal when written the same.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    source: String,
    regex: regex_lite::Regex,
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

/// Comparison operators, Jayway's set minus regex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    Nin,
    SubsetOf,
    AnyOf,
    NoneOf,
    Contains,
    Size,
    Empty,
    Matches,
}

impl Filter {
    /// Parses the text between `[?(` and `)]`.
    pub(crate) fn parse(s: &str) -> Result<Filter, String> {
        parse::parse(s)
    }

    /// Does `item` pass the filter? `root` is the document that `$` refers to.
    pub(crate) fn accepts(&self, item: &Value, root: &Value) -> bool {
        match self {
            Filter::Or(a, b) => a.accepts(item, root) || b.accepts(item, root),
            Filter::And(a, b) => a.accepts(item, root) && b.accepts(item, root),
            Filter::Not(a) => !a.accepts(item, root),
            Filter::Exists(op) => op.value(item, root).is_some(),
            Filter::Compare(l, Op::Matches, Operand::Regex(p)) => {
                l.value(item, root).is_some_and(|v| match v {
                    Value::String(s) => p.regex.is_match(&s),
                    other => p.regex.is_match(&other.to_string()),
                })
            }
            Filter::Compare(l, op, r) => match (l.value(item, root), r.value(item, root)) {
                (Some(l), Some(r)) => compare(&l, *op, &r),
                _ => false,
            },
        }
    }
}

impl Operand {
    fn value(&self, item: &Value, root: &Value) -> Option<Value> {
        match self {
            Operand::Literal(v) => Some(v.clone()),
            Operand::Current(p) => eval::evaluate(p, item).ok(),
            Operand::Root(p) => eval::evaluate(p, root).ok(),
            Operand::Regex(_) => None,
        }
    }
}

fn compare(l: &Value, op: Op, r: &Value) -> bool {
    match op {
        Op::Eq => loose_eq(l, r),
        Op::Ne => !loose_eq(l, r),
        Op::Lt | Op::Le | Op::Gt | Op::Ge => {
            let ord = match (l, r) {
                (Value::Number(a), Value::Number(b)) => a.as_f64().partial_cmp(&b.as_f64()),
                (Value::String(a), Value::String(b)) => Some(crate::java_str::cmp(a, b)),
                _ => None,
            };
            ord.is_some_and(|o| match op {
                Op::Lt => o.is_lt(),
                Op::Le => o.is_le(),
                Op::Gt => o.is_gt(),
                _ => o.is_ge(),
            })
        }
        Op::In | Op::Nin | Op::SubsetOf | Op::AnyOf | Op::NoneOf => set_compare(l, op, r),
        Op::Contains => match (l, r) {
            (Value::String(a), Value::String(b)) => a.contains(b.as_str()),
            (Value::Array(a), _) => a.iter().any(|x| loose_eq(x, r)),
            _ => false,
        },
        Op::Size => {
            let len = match l {
                Value::Array(a) => a.len(),
                Value::String(s) => crate::java_str::len(s),
                _ => return false,
            };
            r.as_f64() == Some(len as f64)
        }
        Op::Matches => false,
        Op::Empty => {
            let empty = match l {
                Value::Array(a) => a.is_empty(),
                Value::String(s) => s.is_empty(),
                _ => return false,
            };
            r.as_bool() == Some(empty)
        }
    }
}

/// The collection operators: `in`, `nin`, `subsetof`, `anyof`, `noneof`.
fn set_compare(l: &Value, op: Op, r: &Value) -> bool {
    let Value::Array(b) = r else { return false };
    let has = |x: &Value| b.iter().any(|y| loose_eq(x, y));
    match (op, l) {
        (Op::In, _) => has(l),
        (Op::Nin, _) => !has(l),
        (Op::SubsetOf, Value::Array(a)) => a.iter().all(has),
        (Op::AnyOf, Value::Array(a)) => a.iter().any(has),
        (Op::NoneOf, Value::Array(a)) => !a.iter().any(has),
        _ => false,
    }
}

/// Jayway equality: numbers by value, and a number equals a string holding that number.
fn loose_eq(l: &Value, r: &Value) -> bool {
    match (l, r) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Number(a), Value::String(b)) | (Value::String(b), Value::Number(a)) => {
            b.trim().parse::<f64>().ok() == a.as_f64()
        }
        _ => l == r,
    }
}
