//! A call with more arguments than its function takes fails as on AWS, naming the first surplus
//! argument: `$substring('abc', 1, 2, 3)` is `T0410: Argument 4 of function "substring" does not
//! match function signature` (AWS checks each call against the function's signature, as jsonata-js
//! does). `seuil` ignores surplus arguments for most functions (`$uppercase('a', 'b')` gave `"A"`)
//! and names the last argument it takes for the others (`$count(1, 2)` named argument 1).
//!
//! Each function is wrapped by [`bounded!`], which checks the count before calling it. `seuil`'s
//! functions are rebound with the check only when an expression mentions them (`eval.rs` looks
//! each `$name` up with [`native`]); ours are bound with it always (`functions.rs`).

use super::functions::Native;
use super::sequences;
use seuil::evaluator::functions::{array, datetime, hof, numeric, object, string, type_ops};

/// The native `$f`, refusing more than `$max` arguments with `T0410`.
macro_rules! bounded {
    ($max:literal, $f:path) => {{
        fn checked<'a>(
            ctx: seuil::evaluator::value::FnContext<'a, '_>,
            args: &[&'a seuil::evaluator::value::Value<'a>],
        ) -> Result<&'a seuil::evaluator::value::Value<'a>, seuil::Error> {
            if args.len() > $max {
                return Err(seuil::Error::T0410ArgumentNotValid(seuil::Span::at(ctx.char_index), $max + 1, ctx.name.to_string()));
            }
            $f(ctx, args)
        }
        checked as super::functions::Native
    }};
}
pub(super) use bounded;

/// `seuil`'s functions by name (or, where `seuil`'s marks sequences otherwise than jsonata-js,
/// their replacements in `sequences.rs`), each with the most arguments jsonata-js's signature
/// takes (also the arity `seuil` binds it with, which higher-order functions pass that many
/// arguments to).
macro_rules! natives {
    ($($name:literal: $max:literal => $f:path,)*) => {
        /// `seuil`'s function `name` (arity and checked native), unless ours replaces it or it
        /// takes any number of arguments (`$zip`) or `seuil` answers it by name (`$now`).
        pub(super) fn native(name: &str) -> Option<(usize, Native)> {
            match name {
                $($name => Some(($max, bounded!($max, $f))),)*
                _ => None,
            }
        }
    };
}

natives! {
    "length": 1 => string::fn_length,
    "substringBefore": 2 => string::fn_substring_before,
    "substringAfter": 2 => string::fn_substring_after,
    "uppercase": 1 => string::fn_uppercase,
    "lowercase": 1 => string::fn_lowercase,
    "trim": 1 => string::fn_trim,
    "contains": 2 => string::fn_contains,
    "split": 3 => string::fn_split,
    "match": 3 => sequences::match_,
    "base64encode": 1 => string::fn_base64_encode,
    "base64decode": 1 => string::fn_base64_decode,
    "number": 1 => numeric::fn_number,
    "abs": 1 => numeric::fn_abs,
    "floor": 1 => numeric::fn_floor,
    "ceil": 1 => numeric::fn_ceil,
    "round": 2 => numeric::fn_round,
    "power": 2 => numeric::fn_power,
    "sqrt": 1 => numeric::fn_sqrt,
    "sum": 1 => numeric::fn_sum,
    "max": 1 => numeric::fn_max,
    "min": 1 => numeric::fn_min,
    "average": 1 => numeric::fn_average,
    "count": 1 => array::fn_count,
    "append": 2 => sequences::append,
    "sort": 2 => sequences::sort,
    "reverse": 1 => sequences::reverse,
    "shuffle": 1 => sequences::shuffle,
    "distinct": 1 => sequences::distinct,
    "keys": 1 => object::fn_keys,
    "lookup": 2 => object::fn_lookup,
    "spread": 1 => sequences::spread,
    "merge": 1 => object::fn_merge,
    "sift": 2 => object::fn_sift,
    "each": 2 => sequences::each,
    "error": 1 => object::fn_error,
    "assert": 2 => object::fn_assert,
    "type": 1 => object::fn_type,
    "map": 2 => sequences::map,
    "filter": 2 => sequences::filter,
    "single": 2 => hof::fn_single,
    "reduce": 3 => hof::fn_reduce,
    "fromMillis": 3 => datetime::fn_from_millis,
    "toMillis": 2 => datetime::fn_to_millis,
    "boolean": 1 => type_ops::fn_boolean,
    "not": 1 => type_ops::fn_not,
    "exists": 1 => type_ops::fn_exists,
}
