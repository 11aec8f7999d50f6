use super::*;
use crate::model::{GraphView, NodeKind};
use serde_json::json;

/// Every kind of state, with a long resource, a Choice of three rules and Default, and one of
/// twelve rules, laid out as the server lays it out.
fn drawn() -> GraphView {
    let rules: Vec<_> = (0..12).map(|i| json!({"Variable": "$.n", "NumericEquals": i, "Next": "Done"})).collect();
    crate::layout::layout_value(&json!({"StartAt": "Fetch", "States": {
        "Fetch": {"Type": "Task", "Resource": "call_llm_with_a_long_resource_name", "Next": "Check",
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Oops"}]},
        "Check": {"Type": "Choice", "Choices": [
            {"Variable": "$.n", "NumericGreaterThan": 100, "Next": "Big"},
            {"Variable": "$.n", "NumericLessThan": 0, "Next": "Many"},
            {"Variable": "$.n", "NumericEquals": 7, "Next": "Fan"}], "Default": "Pause"},
        "Many": {"Type": "Choice", "Choices": rules, "Default": "Done"},
        "Big": {"Type": "Pass", "Next": "Done"},
        "Pause": {"Type": "Wait", "Seconds": 1, "Next": "Done"},
        "Fan": {"Type": "Parallel", "Next": "Each", "Branches": [
            {"StartAt": "Left", "States": {"Left": {"Type": "Pass", "End": true}}}]},
        "Each": {"Type": "Map", "Next": "Done", "ItemProcessor": {"StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": true}}}},
        "Oops": {"Type": "Fail", "Error": "E"},
        "Done": {"Type": "Succeed"}}}))
}

/// A box in the drawing: left, top, right, bottom.
type Rect = (f64, f64, f64, f64);

fn overlap(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// The caption's lines as boxes, from their font sizes and a generous width per character
/// (13 px semibold names, 10 px tracked type names, 10 px monospace resources).
fn lines(n: &NodeBox, c: &Caption) -> Vec<(String, Rect)> {
    let kind = n.type_name.to_ascii_uppercase();
    let mut out = vec![(n.name.clone(), 13.0, 7.8, c.name_y), (kind, 10.0, 7.2, c.type_y)];
    if let (Some(r), Some(y)) = (&n.resource, c.resource_y) {
        out.push((r.clone(), 10.0, 6.1, y));
    }
    out.into_iter()
        .map(|(text, size, per_char, y)| {
            let w = text.chars().count() as f64 * per_char;
            let left = if c.header { c.x } else { c.x - w / 2.0 };
            (text, (left, y - size / 2.0, left + w, y + size / 2.0))
        })
        .collect()
}

#[test]
fn handles_stay_inside_their_box_and_off_the_caption() {
    let g = drawn();
    for n in g.nodes.iter().filter(|n| n.kind == NodeKind::State) {
        let spots = handles(n);
        assert_eq!(spots.len(), Handle::for_state(&n.type_name, n.rules).len(), "{}", n.name);
        let caption = caption(n, true);
        for s in &spots {
            let circle = (s.x - HANDLE_R, s.y - HANDLE_R, s.x + HANDLE_R, s.y + HANDLE_R);
            let inside = circle.0 >= n.x && circle.1 >= n.y && circle.2 <= n.x + n.w && circle.3 <= n.y + n.h;
            assert!(inside, "{}'s handle {:?} at {circle:?} leaves its box {:?}", n.name, s.handle, (n.x, n.y, n.w, n.h));
            for (text, line) in lines(n, &caption) {
                assert!(!overlap(circle, line), "{}'s handle {:?} covers `{text}`", n.name, s.handle);
            }
            for t in spots.iter().filter(|t| t.handle != s.handle) {
                assert!((s.x - t.x).hypot(s.y - t.y) >= 2.0 * HANDLE_R + 2.0, "{}: {:?} touches {:?}", n.name, s.handle, t.handle);
            }
        }
        if !n.nested {
            for (text, (l, t, r, b)) in lines(n, &caption) {
                assert!(l >= n.x && r <= n.x + n.w && t >= n.y && b <= n.y + n.h, "`{text}` leaves the box of {}", n.name);
            }
        }
    }
}

#[test]
fn a_caption_without_handles_is_centred_in_its_box() {
    let g = drawn();
    let big = g.node("Big").expect("Big is drawn");
    let c = caption(big, false);
    let middle = (c.name_y - 6.5 + c.type_y + 5.0) / 2.0;
    assert!((middle - (big.y + big.h / 2.0)).abs() < 1.0, "{c:?} in {big:?}");
}
