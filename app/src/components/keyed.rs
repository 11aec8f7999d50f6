//! Keys for the graph's keyed lists (`<For>`): a key is the same exactly when everything drawn
//! from the item is the same, so a new layout re-renders only what it changed. Re-rendering
//! all 500 states of a large workflow after each edit (every listener and reactive attribute
//! torn down and made again) was most of the editor's time between layout and paint.

use crate::model::{EdgeLabel, EdgePath, GraphView, GroupBox, NodeBox};
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// One thing the graph draws, in the order drawn: frames under arrows under labels under states.
/// One list of them (one `<For>`) rather than one per kind keeps one copy of the keyed-list code
/// in the wasm instead of four.
pub enum Drawn {
    Group(GroupBox),
    Edge(EdgePath),
    Label(EdgeLabel),
    Node(NodeBox),
}

/// Everything in `g`, each with its key.
pub fn drawing(g: &GraphView) -> Vec<(u64, Drawn)> {
    let items: Vec<Drawn> = (g.groups.iter().cloned().map(Drawn::Group))
        .chain(g.edges.iter().cloned().map(Drawn::Edge))
        .chain(g.labels.iter().cloned().map(Drawn::Label))
        .chain(g.nodes.iter().cloned().map(Drawn::Node))
        .collect();
    keyed(items, |d, h| {
        std::mem::discriminant(d).hash(h);
        match d {
            Drawn::Group(x) => group(x, h),
            Drawn::Edge(x) => edge(x, h),
            Drawn::Label(x) => label(x, h),
            Drawn::Node(x) => node(x, h),
        }
    })
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
    (&n.name, &n.type_name, &n.resource, n.nested, n.rules, n.kind).hash(h);
    floats(h, &[n.x, n.y, n.w, n.h]);
}

/// An arrow's path and heads.
fn edge(e: &EdgePath, h: &mut DefaultHasher) {
    (&e.d, e.dashed, e.head_start, e.head_end).hash(h);
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
