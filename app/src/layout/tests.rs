use super::layout;
use crate::model::NodeKind;

fn machine(json: &str) -> engine::StateMachine {
    engine::parse(json).expect("test definition parses")
}

#[test]
fn every_state_gets_one_box_plus_start_and_end() {
    let m = machine(
        r#"{"StartAt":"A","States":{
            "A":{"Type":"Pass","Next":"B"},
            "B":{"Type":"Choice","Choices":[{"Variable":"$.x","NumericEquals":1,"Next":"A"}],"Default":"C"},
            "C":{"Type":"Succeed"}}}"#,
    );
    let g = layout(&m);
    let states: Vec<_> = g.nodes.iter().filter(|n| n.kind == NodeKind::State).collect();
    assert_eq!(states.len(), 3);
    assert_eq!(g.nodes.len(), 5);
    assert!(g.nodes.iter().all(|n| n.x >= 0.0 && n.y >= 0.0 && n.x + n.w <= g.width + 0.5));
    assert!(g.labels.iter().any(|l| l.text == "Default"));
    // Start->A, A->B, B->A (loop), B->C, C->End; labelled edges are split in two.
    assert!(g.edges.len() >= 5, "edges: {:?}", g.edges);
}

#[test]
fn states_are_layered_top_to_bottom() {
    let m = machine(
        r#"{"StartAt":"First","States":{
            "First":{"Type":"Pass","Next":"Second"},
            "Second":{"Type":"Pass","End":true}}}"#,
    );
    let g = layout(&m);
    let y = |name: &str| g.nodes.iter().find(|n| n.name == name).map(|n| n.y).unwrap();
    assert!(y("Start") < y("First"));
    assert!(y("First") < y("Second"));
    assert!(y("Second") < y("End"));
}
