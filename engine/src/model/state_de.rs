//! Reading a [`State`] by its `Type` field, by hand.
//!
//! Why not `#[serde(tag = "Type")]` on the enum: serde's internally tagged enums buffer each
//! state into its private `Content` tree and then deserialize every state struct a second time
//! from that buffer. In the browser's wasm, which parses definitions to draw and validate them,
//! that second copy of every state's deserializer was the largest part of serde (`twiggy`:
//! ≈ 100 KB of the execution view's code before wasm-opt). Here the state is read as a JSON
//! object, `Type` is taken out of it, and the variant's struct is read from the rest: one
//! deserializer per state struct, for `serde_json::Value`. The errors are serde's own: a
//! missing `Type`, an unknown variant, then whatever the struct reports.

use super::State;
use serde::de::{Deserialize, DeserializeOwned, Deserializer, Error};
use serde_json::{Map, Value};

/// The `Type` values, in the order serde would list them.
const VARIANTS: &[&str] = &["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"];

impl<'de> Deserialize<'de> for State {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut fields = Map::<String, Value>::deserialize(deserializer)?;
        let type_name = match fields.remove("Type") {
            Some(Value::String(t)) => t,
            Some(other) => return Err(D::Error::custom(format!("`Type` must be a string, not {other}"))),
            None => return Err(D::Error::missing_field("Type")),
        };
        let rest = Value::Object(fields);
        match type_name.as_str() {
            "Pass" => variant(rest, State::Pass),
            "Task" => variant(rest, State::Task),
            "Choice" => variant(rest, State::Choice),
            "Wait" => variant(rest, State::Wait),
            "Succeed" => variant(rest, State::Succeed),
            "Fail" => variant(rest, State::Fail),
            "Parallel" => variant(rest, State::Parallel),
            "Map" => variant(rest, State::Map),
            other => Err(D::Error::unknown_variant(other, VARIANTS)),
        }
    }
}

/// The state struct read from the object's other fields.
fn variant<T: DeserializeOwned, E: Error>(rest: Value, wrap: fn(T) -> State) -> Result<State, E> {
    T::deserialize(rest).map(wrap).map_err(E::custom)
}

#[cfg(test)]
mod tests {
    use crate::model::State;
    use serde_json::json;

    fn read(v: serde_json::Value) -> Result<State, String> {
        serde_json::from_value(v).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_the_variant_its_type_names_and_writes_it_back() {
        let v = json!({"Type": "Pass", "Result": {"a": 1}, "End": true});
        let state = read(v.clone()).unwrap();
        assert_eq!(state.type_name(), "Pass");
        assert_eq!(serde_json::to_value(&state).unwrap(), v);
    }

    #[test]
    fn a_missing_unknown_or_non_string_type_is_an_error() {
        assert_eq!(read(json!({"End": true})).unwrap_err(), "missing field `Type`");
        let unknown = read(json!({"Type": "Loop"})).unwrap_err();
        assert!(unknown.starts_with("unknown variant `Loop`, expected one of `Pass`"), "{unknown}");
        assert_eq!(read(json!({"Type": 3})).unwrap_err(), "`Type` must be a string, not 3");
    }

    #[test]
    fn the_structs_own_errors_come_through() {
        let e = read(json!({"Type": "Pass", "End": true, "Bogus": 1})).unwrap_err();
        assert!(e.contains("unknown field `Bogus`"), "{e}");
        let e = read(json!({"Type": "Task", "Resource": 5, "End": true})).unwrap_err();
        assert!(e.starts_with("invalid type: integer `5`, expected a string"), "{e}");
    }
}
