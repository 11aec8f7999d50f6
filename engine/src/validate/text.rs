//! Problems only the text shows: JSON syntax errors and duplicate keys.
//!
//! `serde_json::Value` keeps the last of two equal keys, so `{"Next":"A","Next":"B"}` would
//! silently lose one; a second pass over the text with a key-tracking visitor finds them.

use super::{child, codes, index, Problem};
use serde::de::{Deserialize, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::collections::HashSet;
use std::fmt;

/// One problem describing a JSON syntax error, with its line and column.
pub(super) fn syntax_problem(e: &serde_json::Error) -> Problem {
    Problem {
        code: codes::JSON_SYNTAX.into(),
        message: format!("invalid JSON at line {}, column {}: {e}", e.line(), e.column()),
        path: "/".into(),
    }
}

/// Every key that appears twice in the same object, with the object's pointer.
pub(super) fn duplicate_keys(text: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    // Deep nesting is bounded by serde_json's recursion limit; errors were reported already.
    let _ = Walk { ptr: String::new(), out: &mut out }.deserialize(&mut de);
    out
}

struct Walk<'a> {
    ptr: String,
    out: &'a mut Vec<Problem>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let ptr = child(&self.ptr, &key);
            if !seen.insert(key.clone()) {
                self.out.push(Problem {
                    code: codes::DUPLICATE_KEY.into(),
                    message: format!("the key \"{key}\" appears more than once in this object"),
                    path: ptr.clone(),
                });
            }
            map.next_value_seed(Walk { ptr, out: &mut *self.out })?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while seq.next_element_seed(Walk { ptr: index(&self.ptr, i), out: &mut *self.out })?.is_some() {
            i += 1;
        }
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        IgnoredAny::deserialize(d).map(|_| ())
    }
}
