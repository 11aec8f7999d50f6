//! Choice rules compiled for evaluation, with AWS's comparison semantics: a type mismatch
//! is simply "no match", numbers compare by value, timestamps must be RFC 3339.

use super::jsonata::Ja;
use crate::env::Env;
use crate::error::StatesError;
use crate::model::{ChoiceCondition, ChoiceRule, ComparisonOp, Operand};
use crate::path::Path;
use chrono::{DateTime, FixedOffset};
use serde_json::Value;
use std::cmp::Ordering;

/// A compiled rule.
#[derive(Debug, Clone)]
pub enum RulePlan {
    /// All.
    And(Vec<RulePlan>),
    /// Any.
    Or(Vec<RulePlan>),
    /// Negation.
    Not(Box<RulePlan>),
    /// A comparison.
    Compare { variable: Path, op: ComparisonOp, rhs: Rhs },
    /// A JSONata `Condition` (must evaluate to a boolean).
    Condition(Ja),
}

/// The right-hand side, pre-parsed where it is a literal.
#[derive(Debug, Clone)]
pub enum Rhs {
    /// Literal value.
    Lit(Value),
    /// Literal timestamp.
    Time(DateTime<FixedOffset>),
    /// Path evaluated at run time.
    Path(Path),
}

impl RulePlan {
    /// Compiles a rule; messages name the problem.
    pub fn compile(r: &ChoiceRule) -> Result<RulePlan, String> {
        Self::compile_at(r, "Condition")
    }

    /// Compiles a rule whose JSONata `Condition` is named `field` in causes (`Choices[0]/Condition`).
    pub fn compile_at(r: &ChoiceRule, field: &str) -> Result<RulePlan, String> {
        Ok(match &r.condition {
            ChoiceCondition::And(v) => RulePlan::And(v.iter().map(RulePlan::compile).collect::<Result<_, _>>()?),
            ChoiceCondition::Or(v) => RulePlan::Or(v.iter().map(RulePlan::compile).collect::<Result<_, _>>()?),
            ChoiceCondition::Not(v) => RulePlan::Not(Box::new(RulePlan::compile(v)?)),
            ChoiceCondition::Jsonata(c) => RulePlan::Condition(Ja::compile(c, field)?),
            ChoiceCondition::Compare { variable, op, operand } => {
                let variable = Path::parse(variable).map_err(|e| format!("Variable: {e}"))?;
                let rhs = match operand {
                    Operand::Path(p) => Rhs::Path(Path::parse(p).map_err(|e| format!("{}Path: {e}", op.name()))?),
                    Operand::Literal(v) if op.name().starts_with("Timestamp") => {
                        let s = v.as_str().ok_or_else(|| format!("{} needs a timestamp string", op.name()))?;
                        Rhs::Time(parse_time(s).ok_or_else(|| format!("{} has an invalid timestamp '{s}'", op.name()))?)
                    }
                    Operand::Literal(v) => Rhs::Lit(v.clone()),
                };
                RulePlan::Compare { variable, op: *op, rhs }
            }
        })
    }

    /// Evaluates the rule.
    pub fn matches(&self, env: &Env) -> Result<bool, StatesError> {
        match self {
            RulePlan::And(v) => {
                for r in v {
                    if !r.matches(env)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            RulePlan::Or(v) => {
                for r in v {
                    if r.matches(env)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            RulePlan::Not(r) => Ok(!r.matches(env)?),
            RulePlan::Compare { variable, op, rhs } => compare(variable, *op, rhs, env),
            RulePlan::Condition(c) => {
                let v = c.eval_env(env)?;
                c.check_type(&v, "boolean")?;
                Ok(v == Value::Bool(true))
            }
        }
    }
}

fn compare(variable: &Path, op: ComparisonOp, rhs: &Rhs, env: &Env) -> Result<bool, StatesError> {
    use ComparisonOp::*;
    let value = variable.eval(env).ok();
    if op == IsPresent {
        let present = value.is_some();
        return Ok(Some(present) == rhs_bool(rhs));
    }
    let Some(value) = value else {
        return Err(StatesError::runtime(format!(
            "Invalid path '{}': The choice state's condition path references an invalid value.",
            variable.as_str()
        )));
    };
    if op.is_type_test() {
        let is = match op {
            IsNull => value.is_null(),
            IsNumeric => value.is_number(),
            IsString => value.is_string(),
            IsBoolean => value.is_boolean(),
            _ => value.as_str().and_then(parse_time).is_some(),
        };
        return Ok(Some(is) == rhs_bool(rhs));
    }
    let other = match rhs {
        Rhs::Path(p) => Rhs::Lit(p.eval(env).map_err(|_| {
            StatesError::runtime(format!("Invalid path '{}': The choice state's condition path references an invalid value.", p.as_str()))
        })?),
        r => r.clone(),
    };
    let ord = match (op.name(), &value, &other) {
        (n, Value::String(a), Rhs::Lit(Value::String(b))) if n.starts_with("String") => {
            if op == StringMatches {
                return Ok(wildcard_match(b, a));
            }
            Some(crate::java_str::cmp(a, b))
        }
        (n, Value::Number(a), Rhs::Lit(Value::Number(b))) if n.starts_with("Numeric") => cmp_numbers(a, b),
        ("BooleanEquals", Value::Bool(a), Rhs::Lit(Value::Bool(b))) => Some(a.cmp(b)),
        (n, Value::String(a), r) if n.starts_with("Timestamp") => {
            let b = match r {
                Rhs::Time(t) => Some(*t),
                Rhs::Lit(Value::String(s)) => parse_time(s),
                _ => None,
            };
            match (parse_time(a), b) {
                (Some(a), Some(b)) => Some(a.cmp(&b)),
                _ => None,
            }
        }
        _ => None,
    };
    let Some(ord) = ord else { return Ok(false) };
    let name = op.name();
    Ok(if name.ends_with("LessThanEquals") {
        ord != Ordering::Greater
    } else if name.ends_with("GreaterThanEquals") {
        ord != Ordering::Less
    } else if name.ends_with("LessThan") {
        ord == Ordering::Less
    } else if name.ends_with("GreaterThan") {
        ord == Ordering::Greater
    } else {
        ord == Ordering::Equal
    })
}

fn rhs_bool(rhs: &Rhs) -> Option<bool> {
    match rhs {
        Rhs::Lit(Value::Bool(b)) => Some(*b),
        _ => None,
    }
}

fn cmp_numbers(a: &serde_json::Number, b: &serde_json::Number) -> Option<Ordering> {
    match (a.as_i64(), b.as_i64()) {
        (Some(x), Some(y)) => Some(x.cmp(&y)),
        _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}

/// RFC 3339 as AWS accepts it (a `T` separator and an offset or `Z`).
pub fn parse_time(s: &str) -> Option<DateTime<FixedOffset>> {
    if !s.contains('T') {
        return None;
    }
    DateTime::parse_from_rfc3339(s).ok()
}

/// `StringMatches`: `*` matches any run of characters; `\*` and `\\` are literal.
fn wildcard_match(pattern: &str, text: &str) -> bool {
    enum Tok {
        Star,
        Ch(char),
    }
    let mut toks = Vec::new();
    let mut it = pattern.chars();
    while let Some(c) = it.next() {
        match c {
            '\\' => toks.push(Tok::Ch(it.next().unwrap_or('\\'))),
            '*' => toks.push(Tok::Star),
            c => toks.push(Tok::Ch(c)),
        }
    }
    let text: Vec<char> = text.chars().collect();
    let (mut t, mut p) = (0usize, 0usize);
    let (mut star, mut mark) = (None, 0usize);
    while t < text.len() {
        match toks.get(p) {
            Some(Tok::Ch(c)) if *c == text[t] => {
                t += 1;
                p += 1;
            }
            Some(Tok::Star) => {
                star = Some(p);
                mark = t;
                p += 1;
            }
            _ => match star {
                Some(s) => {
                    p = s + 1;
                    mark += 1;
                    t = mark;
                }
                None => return false,
            },
        }
    }
    toks[p..].iter().all(|t| matches!(t, Tok::Star))
}

#[cfg(test)]
mod tests {
    use super::wildcard_match;

    #[test]
    fn wildcards() {
        for (p, t, want) in [
            ("*.log", "a.log", true),
            ("*.log", "a.txt", false),
            ("a*b*c", "aXXbYc", true),
            ("a\\*b", "a*b", true),
            ("a\\*b", "aXb", false),
            ("", "", true),
            ("*", "", true),
        ] {
            assert_eq!(wildcard_match(p, t), want, "{p} ~ {t}");
        }
    }
}
