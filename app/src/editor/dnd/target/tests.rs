use super::*;
use crate::layout::layout_value;
use serde_json::json;

fn def() -> Value {
    json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "B"},
        "B": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "C"}], "Default": "D"},
        "C": {"Type": "Task", "Resource": "f", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}], "Next": "P"},
        "D": {"Type": "Pass", "Next": "A"},
        "F": {"Type": "Fail", "Error": "E"},
        "P": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "In1", "States": {"In1": {"Type": "Pass", "Next": "In2"}, "In2": {"Type": "Pass", "End": true}}},
            {"StartAt": "Other", "States": {"Other": {"Type": "Pass", "End": true}}}]}
    }})
}

fn pair(from: &str, to: &str) -> (Option<String>, Option<String>) {
    let name = |s: &str| (!s.is_empty()).then(|| s.to_string());
    (name(from), name(to))
}

/// Every arrow's middle, and what is found there.
fn middles(g: &GraphView) -> Vec<Target> {
    g.edges
        .iter()
        .map(|e| {
            let pts = polyline(&e.d);
            assert!(pts.len() >= 2, "{}", e.d);
            let mid = pts[pts.len() / 2];
            let t = target_at(g, mid, 6.0);
            assert!(matches!(t, Target::Edge { .. }), "{} at {mid:?}: {t:?}", e.d);
            t
        })
        .collect()
}

#[test]
fn the_middle_of_every_arrow_names_the_states_it_joins() {
    let g = layout_value(&def());
    // "" is a Start or End marker; D → A is a loop (drawn reversed).
    let mut want = vec![
        pair("", "A"), pair("A", "B"), pair("B", "C"), pair("B", "D"), pair("C", "F"), pair("C", "P"), pair("D", "A"),
        pair("P", ""), pair("F", ""), pair("", "In1"), pair("In1", "In2"), pair("In2", ""), pair("", "Other"), pair("Other", ""),
    ];
    want.sort();
    let mut found: Vec<_> = middles(&g).into_iter().map(|t| match t {
        Target::Edge { from, to, .. } => (from, to),
        _ => unreachable!(),
    }).collect();
    found.sort();
    assert_eq!(found, want);
}

#[test]
fn arrows_name_their_field_and_untagged_ones_are_read_off_their_ends() {
    let mut g = layout_value(&def());
    let vias: Vec<_> = middles(&g).into_iter().filter_map(|t| match t {
        Target::Edge { from: Some(f), via, .. } if f == "B" || f == "C" => Some((f, via)),
        _ => None,
    }).collect();
    for want in [("B", Some(Via::Rule(0))), ("B", Some(Via::Default)), ("C", Some(Via::Next)), ("C", Some(Via::Catch(0)))] {
        assert!(vias.contains(&(want.0.to_string(), want.1)), "{want:?} in {vias:?}");
    }
    // A layout from before arrows were tagged.
    let tagged: Vec<_> = middles(&g).into_iter().map(|t| match t {
        Target::Edge { from, to, .. } => (from, to),
        _ => unreachable!(),
    }).collect();
    for e in &mut g.edges {
        (e.from, e.to, e.kind) = Default::default();
    }
    let read: Vec<_> = middles(&g).into_iter().map(|t| match t {
        Target::Edge { from, to, via: None, .. } => (from, to),
        other => panic!("{other:?}"),
    }).collect();
    assert_eq!(read, tagged);
}

#[test]
fn boxes_frames_and_empty_canvas() {
    let d = def();
    let g = layout_value(&d);
    let centre = |n: &str| g.node(n).map(|b| (b.x + b.w / 2.0, b.y + b.h / 2.0)).unwrap();
    assert_eq!(target_at(&g, centre("C"), 6.0), Target::State("C".into()));
    assert_eq!(target_at(&g, centre("In2"), 6.0), Target::State("In2".into()), "the inner box, not the Parallel");
    let p = g.node("P").unwrap();
    assert_eq!(target_at(&g, (p.x + 20.0, p.y + 10.0), 6.0), Target::State("P".into()), "the Parallel's header");
    let frame = g.groups.iter().find(|f| f.label == "Branch 2").unwrap();
    let corner = (frame.x + 3.0, frame.y + frame.h - 3.0);
    let t = target_at(&g, corner, 6.0);
    assert!(matches!(&t, Target::Frame { owner, index: 1, .. } if owner == "P"), "{t:?}");
    assert_eq!(t.place(&d), Place::Alone("/States/P/Branches/1".into()));
    assert_eq!(target_at(&g, (-500.0, -500.0), 6.0), Target::Canvas);
}

#[test]
fn paths_flatten_through_their_curves() {
    let pts = polyline("M 0.0 0.0 C 0.0 10.0, 10.0 10.0, 10.0 0.0 S 20.0 -10.0, 20.0 0.0");
    assert_eq!(pts.first(), Some(&(0.0, 0.0)));
    assert_eq!(pts.last(), Some(&(20.0, 0.0)));
    assert_eq!(pts.len(), 17);
    assert_eq!(polyline("M 1 2 L 3 4 L 5 6"), vec![(1.0, 2.0), (3.0, 4.0), (5.0, 6.0)]);
}

#[test]
fn hints_say_what_the_drop_does() {
    let d = def();
    let g = layout_value(&d);
    // The arrow from the Fail state F to its End marker, as found on the drawing.
    let to_end = middles(&g).into_iter().find(|t| matches!(t, Target::Edge { from: Some(f), to: None, .. } if f == "F")).unwrap();
    assert_eq!(to_end.hint(&d, "Pass").text, "Insert before “F”");
    assert_eq!(to_end.hint(&d, "Fail").text, "Add unconnected (nothing can follow “F”)");
    let f = Target::State("F".into());
    assert_eq!(f.hint(&d, "Task").text, "Insert before “F”");
    assert_eq!(f.hint(&d, "Succeed").text, "Add unconnected (nothing can follow “F”)");
    assert_eq!(Target::State("B".into()).hint(&d, "Pass").text, "Insert on “B”'s Default path");
    assert_eq!(Target::State("A".into()).hint(&d, "Fail").text, "Insert after “A”");
    // What a Succeed or Fail would cut off is said too.
    assert_eq!(Target::State("A".into()).hint(&d, "Fail").warning.as_deref(), Some("Leaves “B” and 4 more unreachable"));
    assert_eq!(Target::State("A".into()).hint(&d, "Pass").warning, None);
    // Arrows that stand for one field name it.
    let mut hints: Vec<String> = middles(&g)
        .into_iter()
        .filter(|t| matches!(t, Target::Edge { from: Some(x), .. } if x == "B" || x == "C"))
        .map(|t| t.hint(&d, "Pass").text)
        .collect();
    hints.sort();
    assert_eq!(hints, [
        "Insert between “B” and “C” (rule 1)",
        "Insert between “B” and “D” (Default)",
        "Insert between “C” and “F” (Catch 1)",
        "Insert between “C” and “P”",
    ]);
    assert_eq!(Target::Canvas.hint(&d, "Pass").text, "Drop to add, unconnected");
    let gone = Target::Edge { from: Some("A".into()), to: Some("D".into()), via: None, at: (0.0, 0.0) };
    assert!(gone.hint(&d, "Pass").text.starts_with("Cannot insert here"), "{}", gone.hint(&d, "Pass").text);
}
