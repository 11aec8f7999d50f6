//! Renders the canvas to HTML files for looking at, without a browser build: run
//! `WFM_GRAPH_SNAPSHOTS=DIR cargo test -p app --features ssr --lib graph_snapshots -- --ignored`,
//! then open `DIR/*.html` (with Tailwind's CSS as `DIR/app.css`) in a browser, or take a
//! screenshot with `chromium --headless --screenshot`.

use super::WorkflowGraph;
use crate::model::GraphView;
use leptos::prelude::*;
use serde_json::{json, Value};
use std::collections::HashMap;

fn definitions() -> Vec<(&'static str, Value)> {
    let rules: Vec<_> = (0..6).map(|i| json!({"Variable": "$.n", "NumericEquals": i, "Next": format!("Case{}", i % 3)})).collect();
    vec![
        ("choice", json!({"StartAt": "Fetch", "States": {
            "Fetch": {"Type": "Task", "Resource": "call_llm", "Next": "Route", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Oops"}]},
            "Route": {"Type": "Choice", "Choices": [
                {"Variable": "$.size", "NumericGreaterThan": 100, "Next": "Big"},
                {"Variable": "$.size", "NumericLessThan": 0, "Next": "Negative"},
                {"Variable": "$.retry", "BooleanEquals": true, "Next": "Fetch"}], "Default": "Small"},
            "Big": {"Type": "Pass", "Next": "Done"}, "Negative": {"Type": "Fail", "Error": "Negative"},
            "Small": {"Type": "Wait", "Seconds": 1, "Next": "Done"},
            "Oops": {"Type": "Fail", "Error": "E"}, "Done": {"Type": "Succeed"}}})),
        ("many-rules", json!({"StartAt": "Pick", "States": {
            "Pick": {"Type": "Choice", "Choices": rules, "Default": "Case0"},
            "Case0": {"Type": "Task", "Resource": "get_db_size_with_a_long_name", "End": true},
            "Case1": {"Type": "Succeed"}, "Case2": {"Type": "Succeed"}}})),
        ("nested", json!({"StartAt": "Fan", "States": {
            "Fan": {"Type": "Parallel", "Next": "Each", "Branches": [
                {"StartAt": "Check", "States": {"Check": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsPresent": true, "Next": "A"}], "Default": "B"},
                    "A": {"Type": "Pass", "End": true}, "B": {"Type": "Pass", "End": true}}},
                {"StartAt": "Other", "States": {"Other": {"Type": "Task", "Resource": "get_db_size", "End": true}}}]},
            "Each": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "Item", "States": {"Item": {"Type": "Pass", "End": true}}}}}})),
        ("generated-40", crate::layout::tests::generated(40)),
    ]
}

fn page(graph: GraphView, editor: bool) -> String {
    let owner = Owner::new();
    owner.with(|| {
        let selected = RwSignal::new(None);
        let statuses: Signal<HashMap<String, String>> = Signal::stored(HashMap::new());
        let html = if editor {
            let on_connect = Callback::new(|_: super::Connection| {});
            view! { <WorkflowGraph graph=Signal::stored(graph) selected on_connect height=900/> }.to_html()
        } else {
            view! { <WorkflowGraph graph=Signal::stored(graph) selected statuses height=900/> }.to_html()
        };
        format!("<!doctype html><html><head><link rel=stylesheet href=app.css></head><body style='width:1000px'>{html}</body></html>")
    })
}

#[test]
#[ignore = "writes HTML files to look at"]
fn graph_snapshots() {
    let Ok(dir) = std::env::var("WFM_GRAPH_SNAPSHOTS") else { return };
    for (name, def) in definitions() {
        let graph = crate::layout::layout_value(&def);
        std::fs::write(format!("{dir}/{name}-editor.html"), page(graph.clone(), true)).unwrap();
        std::fs::write(format!("{dir}/{name}-execution.html"), page(graph, false)).unwrap();
    }
}
