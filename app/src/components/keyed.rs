//! Keys for the graph's keyed lists (`<For>`): a key is the same exactly when everything drawn
//! from the item is the same, so a new layout re-renders only what it changed. Re-rendering
//! all 500 states of a large workflow after each edit (every listener and reactive attribute
//! torn down and made again) was most of the editor's time between layout and paint.

use crate::model::{EdgeLabel, EdgePath, GraphView, GroupBox, NodeBox};
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// One thing the graph draws, in the order drawn: each Parallel / Map box under its branch
/// frames (outer boxes first, so an inner box sits on its outer frame), then every arrow, label
/// and plain state on top. A box drawn after the arrows would hide the arrows inside it, as
/// its fill covers them. One list of them (one `<For>`) rather than one per kind keeps one copy
/// of the keyed-list code in the wasm instead of four.
pub enum Drawn {
    Group(GroupBox),
    Edge(EdgePath),
    Label(EdgeLabel),
    Node(NodeBox),
}

/// Everything in `g`, each with its key.
pub fn drawing(g: &GraphView) -> Vec<(u64, Drawn)> {
    keyed(layered(g), |d, h| {
        std::mem::discriminant(d).hash(h);
        match d {
            Drawn::Group(x) => group(x, h),
            Drawn::Edge(x) => edge(x, h),
            Drawn::Label(x) => label(x, h),
            Drawn::Node(x) => node(x, h),
        }
    })
}

/// `g`'s items bottom to top (see [`Drawn`]). The layout lists an outer box before the boxes
/// nested in it, and a frame's `owner` names its box; a frame whose box is missing (a
/// half-written definition) still comes before the arrows.
fn layered(g: &GraphView) -> Vec<Drawn> {
    let mut frames: HashMap<&str, Vec<&GroupBox>> = HashMap::new();
    for f in &g.groups {
        frames.entry(f.owner.as_str()).or_default().push(f);
    }
    let mut items = Vec::with_capacity(g.nodes.len() + g.groups.len() + g.edges.len() + g.labels.len());
    for n in g.nodes.iter().filter(|n| n.nested) {
        items.push(Drawn::Node(n.clone()));
        items.extend(frames.remove(n.name.as_str()).unwrap_or_default().into_iter().cloned().map(Drawn::Group));
    }
    let mut orphans: Vec<&GroupBox> = frames.into_values().flatten().collect();
    orphans.sort_by(|a, b| (a.y, a.x).partial_cmp(&(b.y, b.x)).unwrap_or(std::cmp::Ordering::Equal));
    items.extend(orphans.into_iter().cloned().map(Drawn::Group));
    items.extend(g.edges.iter().cloned().map(Drawn::Edge));
    items.extend(g.labels.iter().cloned().map(Drawn::Label));
    items.extend(g.nodes.iter().filter(|n| !n.nested).cloned().map(Drawn::Node));
    items
}

/// Each item with its key. Equal items (a half-written definition may repeat a name) get
/// distinct keys by their occurrence, because a keyed list drops items whose keys repeat.
fn keyed<T>(items: Vec<T>, write: impl Fn(&T, &mut DefaultHasher)) -> Vec<(u64, T)> {
    let mut seen: HashMap<u64, u64> = HashMap::new();
    items
        .into_iter()
        .map(|item| {
            let mut h = DefaultHasher::new();
            write(&item, &mut h);
            let content = h.finish();
            let n = seen.entry(content).or_insert(0);
            *n += 1;
            let mut k = DefaultHasher::new();
            (content, *n).hash(&mut k);
            (k.finish(), item)
        })
        .collect()
}

fn floats(h: &mut DefaultHasher, xs: &[f64]) {
    xs.iter().for_each(|x| x.to_bits().hash(h));
}

/// Everything a state's box shows.
fn node(n: &NodeBox, h: &mut DefaultHasher) {
    (&n.name, &n.type_name, &n.resource, n.nested, n.rules, n.kind, &n.order).hash(h);
    floats(h, &[n.x, n.y, n.w, n.h]);
}

/// An arrow's path, heads and transition (its `data-edge`).
fn edge(e: &EdgePath, h: &mut DefaultHasher) {
    (&e.d, e.dashed, e.head_start, e.head_end, &e.from, &e.to, &e.kind).hash(h);
}

/// A Choice rule's label and where it sits.
fn label(l: &EdgeLabel, h: &mut DefaultHasher) {
    l.text.hash(h);
    floats(h, &[l.x, l.y]);
}

/// A Parallel/Map frame.
fn group(g: &GroupBox, h: &mut DefaultHasher) {
    (&g.owner, &g.label).hash(h);
    floats(h, &[g.x, g.y, g.w, g.h]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label_at(x: f64, text: &str) -> EdgeLabel {
        EdgeLabel { x, y: 1.0, text: text.to_string() }
    }

    fn state(name: &str, nested: bool) -> NodeBox {
        let kind = crate::model::NodeKind::State;
        NodeBox { name: name.into(), type_name: String::new(), kind, x: 0.0, y: 0.0, w: 1.0, h: 1.0, resource: None, nested, rules: 0, order: Vec::new() }
    }

    fn frame(owner: &str, label: &str) -> GroupBox {
        GroupBox { owner: owner.into(), label: label.into(), x: 0.0, y: 0.0, w: 1.0, h: 1.0 }
    }

    /// What `layered` drew, bottom first: `box:`/`frame:` names, `edge`, `label`, `state:`.
    fn order(g: &GraphView) -> Vec<String> {
        layered(g)
            .iter()
            .map(|d| match d {
                Drawn::Node(n) if n.nested => format!("box:{}", n.name),
                Drawn::Node(n) => format!("state:{}", n.name),
                Drawn::Group(f) => format!("frame:{}/{}", f.owner, f.label),
                Drawn::Edge(_) => "edge".into(),
                Drawn::Label(_) => "label".into(),
            })
            .collect()
    }

    #[test]
    fn boxes_and_frames_lie_under_the_arrows_inside_them() {
        // A Parallel `Fan` whose first branch holds a Map `Each`, as the layout lists them:
        // outer box before inner box, frames in the same order.
        let g = GraphView {
            width: 10.0,
            height: 10.0,
            nodes: vec![state("Fan", true), state("Each", true), state("Check", false), state("Side", false)],
            edges: vec![EdgePath { d: "M0 0 L1 1".into(), dashed: false, head_start: false, head_end: true, from: "Check".into(), to: "Side".into(), kind: "next".into() }],
            labels: vec![label_at(1.0, "Default")],
            groups: vec![frame("Fan", "Branch 1"), frame("Fan", "Branch 2"), frame("Each", "Item processor"), frame("Gone", "Branch 1")],
        };
        assert_eq!(
            order(&g),
            [
                "box:Fan", "frame:Fan/Branch 1", "frame:Fan/Branch 2", "box:Each", "frame:Each/Item processor",
                "frame:Gone/Branch 1", "edge", "label", "state:Check", "state:Side",
            ]
        );
    }

    #[test]
    fn keys_follow_content_and_stay_unique() {
        let a = keyed(vec![label_at(1.0, "a"), label_at(2.0, "a"), label_at(1.0, "a")], label);
        // Same content, same key; a repeat gets its own key.
        assert_ne!(a[0].0, a[1].0);
        assert_ne!(a[0].0, a[2].0);
        let b = keyed(vec![label_at(2.0, "a"), label_at(1.0, "a")], label);
        assert_eq!(a[1].0, b[0].0, "an unchanged item keeps its key wherever it moves in the list");
        assert_eq!(a[0].0, b[1].0);
        let c = keyed(vec![label_at(1.0, "b")], label);
        assert_ne!(a[0].0, c[0].0, "a changed item gets a new key");
    }
}
