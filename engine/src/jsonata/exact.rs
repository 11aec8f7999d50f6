//! Integers beyond 2^53 kept exact when an expression passes them through. JSONata numbers are
//! doubles, so `{% $states.input.id %}` turned `9007199254740993` into `9007199254740992`; AWS
//! keeps an integer exact while it fits in 64 bits (its evaluator holds them as longs).
//!
//! How: values enter the evaluator through [`Exact::from_json`], which notes the arena node of
//! every integer a double cannot hold; the evaluator hands an untouched value back as that same
//! node, so [`Exact::number`] gives the original integer back on the way out. A computed number is
//! a new node and stays a double, as arithmetic on it was done in doubles.

use bumpalo::Bump;
use seuil::evaluator::value::{ArrayFlags, Value as JValue};
use serde_json::{Number, Value};
use std::collections::HashMap;

/// The integers that lost digits on the way in, by the address of their arena node (the arena
/// frees nothing while an evaluation runs, so an address names one node).
#[derive(Default)]
pub(super) struct Exact(HashMap<usize, Number>);

/// 2^53: above it, not every integer is a double.
const EXACT_DOUBLES: u64 = 1 << 53;

impl Exact {
    /// `v` as a JSONata value in `arena` (as `seuil`'s `Value::from_json`, noting lost integers).
    pub(super) fn from_json<'a>(&mut self, arena: &'a Bump, v: &Value) -> &'a JValue<'a> {
        match v {
            Value::Number(n) => {
                let node: &'a JValue<'a> = JValue::number(arena, n.as_f64().unwrap_or(f64::NAN));
                if n.as_i64().is_some_and(|i| i.unsigned_abs() > EXACT_DOUBLES) {
                    self.0.insert(node as *const JValue as usize, n.clone());
                }
                node
            }
            Value::Array(a) => {
                let array = JValue::array_with_capacity(arena, a.len(), ArrayFlags::empty());
                for x in a {
                    array.push(self.from_json(arena, x));
                }
                array
            }
            Value::Object(o) => {
                let object = JValue::object_with_capacity(arena, o.len());
                for (k, x) in o {
                    object.insert(k, self.from_json(arena, x));
                }
                object
            }
            other => JValue::from_json(arena, other),
        }
    }

    /// The original integer when `node` is one that came in and lost digits.
    pub(super) fn number(&self, node: &JValue) -> Option<Number> {
        match self.0.is_empty() {
            true => None,
            false => self.0.get(&(node as *const JValue as usize)).cloned(),
        }
    }
}
