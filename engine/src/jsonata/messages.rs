//! `seuil`'s errors worded as jsonata-js words them, which is what AWS quotes after the code in a
//! cause: `T2002: The right side of the "+" operator must evaluate to a number`, `T0410: Argument
//! 1 of function "each" does not match function signature`, `T0412: Argument 1 of function "sum"
//! must be an array of "numbers"` (recorded from AWS with TestState, floci-io/floci#2668 and
//! #2736). jsonata-js fills a message's `{{token}}` and `{{value}}` with their JSON, so names and
//! operators are quoted and numbers written as JavaScript writes them; `seuil` quotes with
//! backticks, writes `1.0` for `1`, names functions bare and drops a few sentences.
//!
//! Errors that are not in jsonata-js's catalog (`seuil`'s own, such as an invalid regular
//! expression) keep `seuil`'s message.

use super::string::js_number;
use seuil::Error;
use serde_json::Value;

/// The message of `e`, without its code.
pub(super) fn message(e: &Error) -> String {
    use Error::*;
    match e {
        S0102LexedNumberOutOfRange(_, n) => format!("Number out of range: {}", quoted(n)),
        S0103UnsupportedEscape(_, c) => format!("Unsupported escape sequence: \\{}", quoted(&c.to_string())),
        S0201SyntaxError(_, t) => format!("Syntax error: {}", quoted(t)),
        S0202UnexpectedToken(_, want, got) => format!("Expected {}, got {}", quoted(want), quoted(got)),
        S0203ExpectedTokenBeforeEnd(_, t) => format!("Expected {} before end of expression", quoted(t)),
        S0204UnknownOperator(_, t) => format!("Unknown operator: {}", quoted(t)),
        S0208InvalidFunctionParam(_, p) => format!("Parameter {} of function definition must be a variable name (start with $)", quoted(p)),
        S0211InvalidUnary(_, t) => format!("The symbol {} cannot be used as a unary operator", quoted(t)),
        S0212ExpectedVarLeft(_) => "The left side of := must be a variable name (start with $)".into(),
        S0213InvalidStep(_, v) => format!("The literal value {} cannot be used as a step within a path expression", quoted(v)),
        S0214ExpectedVarRight(_, t) => format!("The right side of {} must be a variable name (start with $)", quoted(t)),
        D1001NumberOutOfRange(n) => format!("Number out of range: {}", number(*n)),
        D1002NegatingNonNumeric(_, v) => format!("Cannot negate a non-numeric value: {}", value(v)),
        D1009MultipleKeys(_, k) => format!("Multiple key definitions evaluate to same key: {}", quoted(k)),
        D2014RangeOutOfBounds(_, n) => format!("The size of the sequence allocated by the range operator (..) must not exceed 1e6.  Attempted to allocate {n}."),
        D3030NonNumericCast(_, v) => format!("Unable to cast value to a number: {}", value(v)),
        D3050SecondArgument(_) => "The second argument of reduce function must be a function with at least two arguments".into(),
        D3060SqrtNegative(_, n) => format!("The sqrt function cannot be applied to a negative number: {}", value(n)),
        D3061PowUnrepresentable(_, b, x) => format!("The power function has resulted in a value that cannot be represented as a JSON number: base={}, exponent={}", value(b), value(x)),
        D3070InvalidDefaultSort(_) => "The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function".into(),
        D3110InvalidDateTimeString(v) => format!("The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given {}", quoted(v)),
        D3132UnknownComponent(m) => format!("Unknown component specifier {} in date/time picture string", quoted(m.trim_start_matches("Unknown component: "))),
        D3133PictureStringNameModifier(_) => format!("The 'name' modifier can only be applied to months and days in the date/time picture string, not {}", quoted("Y")),
        D3134TooManyTzDigits(_) => "The timezone integer format specifier cannot have more than four digits".into(),
        D3135PictureStringNoClosingBracket(_) => "No matching closing bracket ']' in date/time picture string".into(),
        D3136DatetimeComponentsMissing(_) => "The date/time picture string is missing specifiers required to parse the timestamp".into(),
        D3138SingleTooMany(_) => "The $single() function expected exactly 1 matching result.  Instead it matched more.".into(),
        D3139SingleTooFew(_) => "The $single() function expected exactly 1 matching result.  Instead it matched 0.".into(),
        T0410ArgumentNotValid(_, i, f) => format!("Argument {i} of function {} does not match function signature", function(f)),
        T0411ContextNotValid(_, i, f) => format!("Context value is not a compatible type with argument {i} of function {}", function(f)),
        T0412ArgumentMustBeArrayOfType(_, i, f, t) => format!("Argument {i} of function {} must be an array of {}", function(f), quoted(&format!("{t}s"))),
        T1003NonStringKey(_, v) => format!("Key in object structure must evaluate to a string; got: {}", value(v)),
        T2001LeftSideNotNumber(_, op) => format!("The left side of the {} operator must evaluate to a number", quoted(op)),
        T2002RightSideNotNumber(_, op) => format!("The right side of the {} operator must evaluate to a number", quoted(op)),
        T2007CompareTypeMismatch(_, a, b) => format!("Type mismatch when comparing values {} and {} in order-by clause", value(a), value(b)),
        T2009BinaryOpMismatch(_, a, b, op) => format!("The values {} and {} either side of operator {} must be of the same data type", value(a), value(b), quoted(op)),
        T2010BinaryOpTypes(_, op) => format!("The expressions either side of operator {} must evaluate to numeric or string values", quoted(op)),
        T2011UpdateNotObject(_, v) => format!("The insert/update clause of the transform expression must evaluate to an object: {}", value(v)),
        T2012DeleteNotStrings(_, v) => format!("The delete clause of the transform expression must evaluate to a string or array of strings: {}", value(v)),
        T2013BadClone(_) => "The transform expression clones the input object using the $clone() function.  This has been overridden in the current scope by a non-function.".into(),
        // The rest read as in jsonata-js already (or are `seuil`'s own): drop "CODE @ span: ".
        e => {
            let text = e.to_string();
            text.split_once(": ").map(|(_, m)| m.to_string()).unwrap_or(text)
        }
    }
}

/// `JSON.stringify` of a string.
fn quoted(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

/// A function's name as AWS names it (ours carry an internal prefix, see `functions.rs`).
fn function(name: &str) -> String {
    quoted(name.trim_start_matches("aws_"))
}

/// `JSON.stringify` of a number: non-finite numbers are `null`.
fn number(n: f64) -> String {
    match n.is_finite() {
        true => js_number(n),
        false => "null".into(),
    }
}

/// `JSON.stringify` of a value `seuil` put into its error as text (Rust's `Debug` of the value,
/// which reads as JSON with `1.0` for `1`); text that does not read as JSON is kept as it is.
fn value(text: &str) -> String {
    match serde_json::from_str::<Value>(text) {
        Ok(v) => {
            let mut out = String::new();
            write(&mut out, &v);
            out
        }
        Err(_) if matches!(text, "NaN" | "inf" | "-inf") => "null".into(),
        Err(_) => text.to_string(),
    }
}

/// Compact JSON with JavaScript's numbers.
fn write(out: &mut String, v: &Value) {
    match v {
        Value::Number(n) => out.push_str(&number(n.as_f64().unwrap_or(f64::NAN))),
        Value::Array(a) => {
            out.push('[');
            for (i, m) in a.iter().enumerate() {
                out.push_str(if i > 0 { "," } else { "" });
                write(out, m);
            }
            out.push(']');
        }
        Value::Object(o) => {
            out.push('{');
            for (i, (k, m)) in o.iter().enumerate() {
                out.push_str(if i > 0 { "," } else { "" });
                out.push_str(&quoted(k));
                out.push(':');
                write(out, m);
            }
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}
