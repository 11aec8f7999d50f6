use super::super::template;
use super::*;

fn def() -> Value {
    json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "C"}], "Default": "D"},
        "C": {"Type": "Task", "Resource": "f", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}], "Next": "S"},
        "D": {"Type": "Pass", "End": true},
        "S": {"Type": "Succeed"},
        "F": {"Type": "Fail", "Error": "E"},
        "P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "In", "States": {"In": {"Type": "Pass", "End": true}}}]}
    }})
}

fn after(s: &str) -> Place {
    Place::After(s.into())
}

fn between(from: Option<&str>, to: Option<&str>) -> Place {
    Place::Between { from: from.map(Into::into), to: to.map(Into::into), via: None }
}

fn via(from: &str, to: &str, kind: &str) -> Place {
    Place::Between { from: Some(from.into()), to: Some(to.into()), via: Via::parse(kind) }
}

/// (what is inserted where, new type, then JSON pointers and the values they must hold;
/// `null` means the field is gone). The new state is called `N` (its base name).
#[allow(clippy::type_complexity)]
fn cases() -> Vec<(&'static str, Place, &'static str, Vec<(&'static str, Value)>)> {
    vec![
        ("after a state mid-chain: A → N → B", after("A"), "Pass", vec![
            ("/States/A/Next", json!("N")), ("/States/N/Next", json!("B")), ("/States/N/End", Value::Null)]),
        ("after an end: it goes on to N, which ends", after("D"), "Task", vec![
            ("/States/D/Next", json!("N")), ("/States/D/End", Value::Null), ("/States/N/End", json!(true))]),
        ("after a Choice: on its Default path", after("B"), "Pass", vec![
            ("/States/B/Default", json!("N")), ("/States/N/Next", json!("D")), ("/States/B/Choices/0/Next", json!("C"))]),
        ("after a Succeed: before it instead", after("S"), "Wait", vec![
            ("/States/C/Next", json!("N")), ("/States/N/Next", json!("S")), ("/StartAt", json!("A"))]),
        ("a terminal after a terminal stands alone", after("S"), "Fail", vec![
            ("/States/C/Next", json!("S")), ("/States/N/Type", json!("Fail"))]),
        ("on a Next arrow", between(Some("A"), Some("B")), "Pass", vec![
            ("/States/A/Next", json!("N")), ("/States/N/Next", json!("B"))]),
        ("on a Choice rule's arrow", via("B", "C", "rule-0"), "Pass", vec![
            ("/States/B/Choices/0/Next", json!("N")), ("/States/N/Next", json!("C")), ("/States/B/Default", json!("D"))]),
        ("on a Default arrow", via("B", "D", "default"), "Pass", vec![
            ("/States/B/Default", json!("N")), ("/States/N/Next", json!("D")), ("/States/B/Choices/0/Next", json!("C"))]),
        ("on a Catch arrow", via("C", "F", "catch-0"), "Task", vec![
            ("/States/C/Catch/0/Next", json!("N")), ("/States/N/Next", json!("F")), ("/States/C/Next", json!("S"))]),
        ("on the Start arrow", between(None, Some("A")), "Pass", vec![
            ("/StartAt", json!("N")), ("/States/N/Next", json!("A"))]),
        ("on an End arrow: after the ending state", between(Some("D"), None), "Pass", vec![
            ("/States/D/Next", json!("N")), ("/States/N/End", json!(true))]),
        ("a new Choice goes on through its Default", after("A"), "Choice", vec![
            ("/States/A/Next", json!("N")), ("/States/N/Default", json!("B")), ("/States/N/Next", Value::Null)]),
        ("a new Fail on an arrow ends the path there", between(Some("A"), Some("B")), "Fail", vec![
            ("/States/A/Next", json!("N")), ("/States/N/Next", Value::Null), ("/States/B/Type", json!("Choice"))]),
        ("inside a branch, in the branch", after("In"), "Pass", vec![
            ("/States/P/Branches/0/States/In/Next", json!("N")), ("/States/P/Branches/0/States/N/End", json!(true)), ("/States/N", Value::Null)]),
        ("alone at the top", Place::Alone(String::new()), "Pass", vec![
            ("/States/N/End", json!(true)), ("/States/D/End", json!(true)), ("/StartAt", json!("A"))]),
    ]
}

#[test]
fn each_place_links_the_new_state_as_documented() {
    for (what, place, type_name, checks) in cases() {
        let mut d = def();
        let new = insert_state(&mut d, "N", template(type_name, None), &place).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(new.name, "N", "{what}");
        for (ptr, want) in checks {
            assert_eq!(d.pointer(ptr).cloned().unwrap_or(Value::Null), want, "{what}: {ptr} in {d:#}");
        }
    }
}

#[test]
fn an_arrow_standing_for_one_field_moves_that_field_only() {
    // B's rule and Default both lead to C: one arrow is drawn, tagged with the rule.
    let mut d = def();
    d["States"]["B"]["Default"] = json!("C");
    let mut one = d.clone();
    insert_state(&mut one, "N", template("Pass", None), &via("B", "C", "default")).unwrap();
    assert_eq!((&one["States"]["B"]["Default"], &one["States"]["B"]["Choices"][0]["Next"]), (&json!("N"), &json!("C")));
    // Without a field, every transition between the two moves.
    insert_state(&mut d, "N", template("Pass", None), &between(Some("B"), Some("C"))).unwrap();
    assert_eq!((&d["States"]["B"]["Default"], &d["States"]["B"]["Choices"][0]["Next"]), (&json!("N"), &json!("N")));
    assert_eq!(Via::parse("catch-2"), Some(Via::Catch(2)));
    assert_eq!(Via::parse("end"), None);
}

#[test]
fn the_new_state_sits_beside_its_anchor_in_the_json() {
    let mut d = def();
    insert_state(&mut d, "N", template("Pass", None), &after("A")).unwrap();
    let keys: Vec<&str> = d["States"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(&keys[..3], ["A", "N", "B"]);
    insert_state(&mut d, "M", template("Pass", None), &between(None, Some("A"))).unwrap();
    assert_eq!(d["States"].as_object().unwrap().keys().next().map(String::as_str), Some("M"));
}

#[test]
fn places_that_are_gone_are_refused_and_names_stay_unique() {
    let mut d = def();
    assert!(insert_state(&mut d, "N", template("Pass", None), &between(Some("A"), Some("D"))).is_err(), "A does not lead to D");
    assert!(insert_state(&mut d, "N", template("Pass", None), &via("B", "C", "default")).is_err(), "B's Default is D");
    assert!(insert_state(&mut d, "N", template("Pass", None), &after("Gone")).is_err());
    assert_eq!(d, def(), "a refused insert changes nothing");
    let name = insert_state(&mut d, "A", template("Pass", None), &after("A")).unwrap().name;
    assert_eq!(name, "A 2");
    assert_eq!(d["States"]["A"]["Next"], "A 2");
}

#[test]
fn into_an_empty_scope_the_new_state_starts_it() {
    let mut d = json!({"StartAt": "", "States": {}});
    insert_state(&mut d, "N", template("Pass", None), &between(None, None)).unwrap();
    assert_eq!(d["StartAt"], "N");
    let mut e = def();
    insert_state(&mut e, "N", template("Pass", None), &Place::Alone("/States/P/Branches/0".into())).unwrap();
    assert_eq!(e["States"]["P"]["Branches"][0]["States"]["N"]["End"], true);
    assert_eq!(e["States"]["P"]["Branches"][0]["StartAt"], "In");
}

#[test]
fn each_place_is_described_as_it_links() {
    // In the order of `cases()`: the words the drop hint shows for each.
    let said = [
        "Insert after “A”",
        "Insert after “D”",
        "Insert on “B”'s Default path",
        "Insert before “S”",
        "Add unconnected (nothing can follow “S”)",
        "Insert between “A” and “B”",
        "Insert between “B” and “C” (rule 1)",
        "Insert between “B” and “D” (Default)",
        "Insert between “C” and “F” (Catch 1)",
        "Insert at the start, before “A”",
        "Insert after “D”",
        "Insert after “A”",
        "Insert between “A” and “B”",
        "Insert after “In”",
        "Drop to add, unconnected",
    ];
    let cases = cases();
    assert_eq!(cases.len(), said.len());
    for ((what, place, type_name, _), want) in cases.into_iter().zip(said) {
        assert_eq!(place.describe(&def(), type_name).map(|p| p.text).as_deref(), Ok(want), "{what}");
    }
    // The arrow from a Succeed to the End marker: a step goes before it, a terminal nowhere.
    let end_arrow = between(Some("S"), None);
    let text = |p: &Place, t: &str| p.describe(&def(), t).map(|p| p.text);
    assert_eq!(text(&end_arrow, "Pass").as_deref(), Ok("Insert before “S”"));
    assert_eq!(text(&end_arrow, "Succeed").as_deref(), Ok("Add unconnected (nothing can follow “S”)"));
    let mut d = def();
    insert_state(&mut d, "N", template("Pass", None), &end_arrow).unwrap();
    assert_eq!((d["States"]["C"]["Next"].as_str(), d["States"]["N"]["Next"].as_str()), (Some("N"), Some("S")));
    // A place that is gone says why.
    assert!(via("A", "C", "next").describe(&def(), "Pass").is_err());
}

#[test]
fn a_terminal_that_cuts_a_chain_says_what_before_and_after() {
    // (where, new type, what the hint warns of, what the insert reports cut off)
    #[allow(clippy::type_complexity)]
    let cases: [(&str, Place, &str, Option<&str>, &[&str]); 8] = [
        ("a Fail mid-chain cuts off all that followed", between(Some("A"), Some("B")), "Fail", Some("Leaves “B” and 4 more unreachable"), &["B", "D", "C", "S", "F"]),
        ("after a state, the same", after("A"), "Succeed", Some("Leaves “B” and 4 more unreachable"), &["B", "D", "C", "S", "F"]),
        ("at the start: everything", between(None, Some("A")), "Succeed", Some("Leaves “A” and 5 more unreachable"), &["A", "B", "D", "C", "S", "F"]),
        ("on a catcher's arrow: F is reached no more", via("C", "F", "catch-0"), "Succeed", Some("Leaves “F” unreachable"), &["F"]),
        ("on a Choice's Default path", after("B"), "Fail", Some("Leaves “D” unreachable"), &["D"]),
        ("an ending state's successor is new: nothing cut", after("D"), "Fail", None, &[]),
        ("a Pass goes on: nothing cut", after("A"), "Pass", None, &[]),
        ("unconnected: nothing cut", after("S"), "Fail", None, &[]),
    ];
    for (what, place, type_name, warning, cut) in cases {
        assert_eq!(place.describe(&def(), type_name).map(|p| p.warning), Ok(warning.map(String::from)), "{what}");
        let new = insert_state(&mut def(), "N", template(type_name, None), &place).unwrap();
        assert_eq!(new.cut_off, cut, "{what}");
        let notice = new.notice();
        assert_eq!(notice.is_some(), !cut.is_empty(), "{what}: {notice:?}");
    }
    // A state still reached another way is not cut off: B's rule and Default both lead to C.
    let mut d = def();
    d["States"]["B"]["Default"] = json!("C");
    let rule = via("B", "C", "rule-0");
    assert_eq!(rule.describe(&d, "Fail").map(|p| p.warning), Ok(None));
    assert_eq!(insert_state(&mut d, "N", template("Fail", None), &rule).unwrap().cut_off, Vec::<String>::new());
    // The notice names what was cut off and how to take it back.
    let new = insert_state(&mut def(), "Stop", template("Fail", None), &via("C", "F", "catch-0")).unwrap();
    assert_eq!(new.notice().as_deref(), Some("Left unreachable: “F” (“Stop” ends the path). Ctrl+Z undoes it."));
}
