//! `wfm functions [--json]`: the registered task functions with their parameter schemas.

use serde_json::Value;

pub fn functions(as_json: bool) -> u8 {
    let reg = super::registry();
    if as_json {
        let list: Vec<Value> = reg.specs().map(|s| serde_json::to_value(s).unwrap_or_default()).collect();
        println!("{}", Value::Array(list));
    } else {
        for s in reg.specs() {
            println!("{:<24} {}", s.name, s.description);
        }
    }
    0
}
