//! Duplicating a state (Ctrl+D in the editor, as in n8n). The copy goes right after the
//! original in its scope under the next free name (`Name 2`), keeps the original's transitions
//! (it can stand in as an alternative path) and nothing points at it yet, which validation flags
//! until it is connected. State names are unique machine-wide, so the states nested in a copied
//! Parallel or Map get free names too, with their transitions and `{{States.…}}` templates
//! inside the copy following.

use super::ops;
use serde_json::Value;

/// Copies state `name` beside itself; returns the copy's name.
pub fn duplicate_state(def: &mut Value, name: &str) -> Result<String, String> {
    let scope = ops::scope_of(def, name).ok_or_else(|| format!("no state “{name}”"))?;
    let mut copy = ops::state(def, name).cloned().ok_or_else(|| format!("no state “{name}”"))?;
    let fresh = ops::unique_name(def, name);
    let mut taken = ops::all_names(def);
    taken.push(fresh.clone());
    ops::free_nested_names(&mut copy, &mut taken)?;
    let states = def
        .pointer_mut(&scope)
        .and_then(|m| m.get_mut("States"))
        .and_then(Value::as_object_mut)
        .ok_or("`States` is not an object")?;
    let at = states.keys().position(|k| k == name).map_or(states.len(), |i| i + 1);
    states.shift_insert(at, fresh.clone(), copy);
    Ok(fresh)
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::validate::validate_value;
    use serde_json::json;

    #[test]
    fn a_copy_goes_beside_the_original_with_its_transitions() {
        let mut def = json!({"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Next": "B"},
            "B": {"Type": "Pass", "Result": {"x": 1}, "Next": "C"},
            "C": {"Type": "Succeed"}}});
        assert_eq!(duplicate_state(&mut def, "B").unwrap(), "B 2");
        let names: Vec<_> = def["States"].as_object().unwrap().keys().cloned().collect();
        assert_eq!(names, ["A", "B", "B 2", "C"]);
        assert_eq!(def["States"]["B 2"], json!({"Type": "Pass", "Result": {"x": 1}, "Next": "C"}));
        // A second copy takes the next free name.
        assert_eq!(duplicate_state(&mut def, "B").unwrap(), "B 3");
        assert!(duplicate_state(&mut def, "Nope").is_err());
    }

    #[test]
    fn states_nested_in_a_copy_get_free_names_and_references_follow() {
        let mut def = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "In", "States": {
                "In": {"Type": "Pass", "Next": "M"},
                "M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "Item", "States": {
                    "Item": {"Type": "Pass", "Parameters": {"p": "{{States.In.x}}"}, "End": true}}}}}}]}}});
        let copy = duplicate_state(&mut def, "P").unwrap();
        assert_eq!(copy, "P 2");
        let branch = &def["States"]["P 2"]["Branches"][0];
        assert_eq!(branch["StartAt"], "In 2");
        assert_eq!(branch["States"]["In 2"]["Next"], "M 2");
        let item = &branch["States"]["M 2"]["ItemProcessor"];
        assert_eq!(item["StartAt"], "Item 2");
        assert_eq!(item["States"]["Item 2"]["Parameters"]["p"], "{{States.In 2.x}}");
        // The original is untouched, and every name is unique machine-wide.
        assert_eq!(def["States"]["P"]["Branches"][0]["StartAt"], "In");
        let all = ops::all_names(&def);
        let mut unique = all.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(all.len(), unique.len(), "{all:?}");
        // The only problem is the copy nothing reaches yet.
        let problems = validate_value(&def);
        assert!(!problems.is_empty() && problems.iter().all(|p| p.path.starts_with("/States/P 2")), "{problems:?}");
    }
}
