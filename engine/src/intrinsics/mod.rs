//! Intrinsic functions: `States.Format('{}', $.x)`, `States.ArrayRange(1, 9, 2)`, ….
//!
//! A call is parsed once ([`parse`], at definition load, with arity and literal-type checks
//! where the types are known statically) and evaluated per state entry ([`Intrinsic::eval`]).
//! Failures are [`StatesError`]s named and worded as AWS does (`States.Runtime` for bad
//! arguments). Numbers follow AWS: integers stay integers (`MathAdd(1, 2)` is `3`, not `3.0`).
//!
//! Layout: `parse` reads the call syntax; `array`, `json`, `encode` (Base64, Hash, UUID),
//! `math` and `string` (Format, StringSplit) hold the functions, one family per file;
//! `value` holds the argument-coercion helpers they share.
//!
//! ```
//! use engine::{env::Env, intrinsics};
//! let input = serde_json::json!({"name": "World"});
//! let ctx = serde_json::json!({});
//! let call = intrinsics::parse("States.Format('Hello {}!', $.name)").unwrap();
//! assert_eq!(call.eval(&Env::new(&input, &ctx)).unwrap(), "Hello World!");
//! ```

mod array;
pub(crate) mod encode;
mod json;
mod math;
mod parse;
mod string;
mod value;

use std::fmt;

use serde_json::Value;

use crate::env::Env;
use crate::path::Path;
use crate::StatesError;

/// A parsed intrinsic function call.
#[derive(Debug, Clone, PartialEq)]
pub struct Intrinsic {
    func: Func,
    args: Vec<Arg>,
    /// The call's source text, quoted in error causes.
    src: String,
}

/// One argument of an intrinsic call.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A string literal: `value` has escapes resolved; `raw` is the text between the quotes
    /// (Format needs it to tell `\{` from a `{}` placeholder).
    Str {
        /// The string with `\'`, `\{`, `\}`, `\\` resolved.
        value: String,
        /// The source text between the quotes.
        raw: String,
    },
    /// A number, `true`, `false` or `null`.
    Literal(Value),
    /// `$…`, `$$…` or `$var…`.
    Path(Path),
    /// A nested call.
    Call(Intrinsic),
}

/// The intrinsic functions AWS defines, by their `States.` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    /// `States.Format(template, args…)`.
    Format,
    /// `States.StringToJson(s)`.
    StringToJson,
    /// `States.JsonToString(v)`.
    JsonToString,
    /// `States.Array(v…)`.
    Array,
    /// `States.ArrayPartition(array, size)`.
    ArrayPartition,
    /// `States.ArrayContains(array, v)`.
    ArrayContains,
    /// `States.ArrayRange(first, last, step)`.
    ArrayRange,
    /// `States.ArrayGetItem(array, index)`.
    ArrayGetItem,
    /// `States.ArrayLength(array)`.
    ArrayLength,
    /// `States.ArrayUnique(array)`.
    ArrayUnique,
    /// `States.Base64Encode(s)`.
    Base64Encode,
    /// `States.Base64Decode(s)`.
    Base64Decode,
    /// `States.Hash(data, algorithm)`.
    Hash,
    /// `States.JsonMerge(a, b, deep)`.
    JsonMerge,
    /// `States.MathRandom(start, end[, seed])`.
    MathRandom,
    /// `States.MathAdd(a, b)`.
    MathAdd,
    /// `States.StringSplit(s, delimiters)`.
    StringSplit,
    /// `States.UUID()`.
    Uuid,
}

/// Every function with its ASL name.
pub(crate) const FUNCS: &[(&str, Func)] = &[
    ("Format", Func::Format),
    ("StringToJson", Func::StringToJson),
    ("JsonToString", Func::JsonToString),
    ("Array", Func::Array),
    ("ArrayPartition", Func::ArrayPartition),
    ("ArrayContains", Func::ArrayContains),
    ("ArrayRange", Func::ArrayRange),
    ("ArrayGetItem", Func::ArrayGetItem),
    ("ArrayLength", Func::ArrayLength),
    ("ArrayUnique", Func::ArrayUnique),
    ("Base64Encode", Func::Base64Encode),
    ("Base64Decode", Func::Base64Decode),
    ("Hash", Func::Hash),
    ("JsonMerge", Func::JsonMerge),
    ("MathRandom", Func::MathRandom),
    ("MathAdd", Func::MathAdd),
    ("StringSplit", Func::StringSplit),
    ("UUID", Func::Uuid),
];

impl Func {
    /// The full name, e.g. `States.Format`.
    pub fn name(self) -> String {
        let short = FUNCS
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("", |(n, _)| n);
        format!("States.{short}")
    }
}

/// The call text does not parse, names an unknown function, or has the wrong arguments.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid intrinsic function call '{call}': {reason}")]
pub struct IntrinsicSyntaxError {
    /// The text that failed to parse.
    pub call: String,
    /// What is wrong.
    pub reason: String,
}

/// True when `s` has the form of an intrinsic call (`States.Xxx(`…), valid or not; a
/// validator uses it to choose between the intrinsic and the path rules.
pub fn is_intrinsic(s: &str) -> bool {
    s.strip_prefix("States.").is_some_and(|rest| {
        let name_len = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        name_len > 0 && rest[name_len..].starts_with('(')
    })
}

/// Parses an intrinsic call, checking arity and the types of literal arguments.
pub fn parse(s: &str) -> Result<Intrinsic, IntrinsicSyntaxError> {
    parse::parse(s).map_err(|reason| IntrinsicSyntaxError {
        call: s.to_string(),
        reason,
    })
}

impl Intrinsic {
    /// The function called.
    pub fn func(&self) -> Func {
        self.func
    }

    /// The arguments as written.
    pub fn args(&self) -> &[Arg] {
        &self.args
    }

    /// Evaluates the call: arguments first (paths, nested calls), then the function.
    /// Failures are `States.Runtime` with AWS's cause text.
    pub fn eval(&self, env: &Env) -> Result<Value, StatesError> {
        let mut args = Vec::with_capacity(self.args.len());
        for arg in &self.args {
            args.push(match arg {
                Arg::Str { value, .. } => Value::String(value.clone()),
                Arg::Literal(v) => v.clone(),
                Arg::Call(c) => c.eval(env)?,
                Arg::Path(p) => p.eval(env).map_err(|_| {
                    self.error(&format!(
                        "The JsonPath argument for the field '{}' could not be found in the input '{}'",
                        p.as_str(),
                        value::text(env.input)
                    ))
                })?,
            });
        }
        self.apply(&args).map_err(|detail| self.error(&detail))
    }

    fn apply(&self, args: &[Value]) -> Result<Value, String> {
        match self.func {
            Func::Format => string::format(&self.args, args),
            Func::StringSplit => string::split(args),
            Func::StringToJson => json::string_to_json(args),
            Func::JsonToString => json::json_to_string(args),
            Func::JsonMerge => json::merge(args),
            Func::Array => Ok(Value::Array(args.to_vec())),
            Func::ArrayPartition => array::partition(args),
            Func::ArrayContains => array::contains(args),
            Func::ArrayRange => array::range(args),
            Func::ArrayGetItem => array::get_item(args),
            Func::ArrayLength => array::length(args),
            Func::ArrayUnique => array::unique(args),
            Func::Base64Encode => encode::base64_encode(args),
            Func::Base64Decode => encode::base64_decode(args),
            Func::Hash => encode::hash(args),
            Func::Uuid => Ok(encode::uuid()),
            Func::MathRandom => math::random(args),
            Func::MathAdd => math::add(args),
        }
    }

    /// `States.Runtime` as AWS words it:
    /// `The function '<call>' had the following error: <detail>`.
    fn error(&self, detail: &str) -> StatesError {
        StatesError::runtime(format!(
            "The function '{}' had the following error: {detail}",
            self.src
        ))
    }
}

/// The call as written in the definition.
impl fmt::Display for Intrinsic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.src)
    }
}
