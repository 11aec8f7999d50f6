//! Keys for the graph's keyed lists (`<For>`): a key is the same exactly when everything drawn
//! from the item is the same, so a new layout re-renders only what it changed. Re-rendering
//! all 500 states of a large workflow after each edit (every listener and reactive attribute
//! torn down and made again) was most of the editor's time between layout and paint.

use crate::model::{EdgeLabel, EdgePath, GroupBox, NodeBox};
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// Each item with its key. Equal items (a half-written definition may repeat a name) get
/// distinct keys by their occurrence, because a keyed list drops items whose keys repeat.
pub fn keyed<T: Clone>(items: &[T], write: impl Fn(&T, &mut DefaultHasher)) -> Vec<(u64, T)> {
    let mut seen: HashMap<u64, u64> = HashMap::new();
    items
        .iter()
        .map(|item| {
            let mut h = DefaultHasher::new();
            write(item, &mut h);
            let content = h.finish();
            let n = seen.entry(content).or_insert(0);
            *n += 1;
            let mut k = DefaultHasher::new();
            (content, *n).hash(&mut k);
            (k.finish(), item.clone())
        })
        .collect()
}

fn floats(h: &mut DefaultHasher, xs: &[f64]) {
    xs.iter().for_each(|x| x.to_bits().hash(h));
}

/// Everything a state's box shows.
pub fn node(n: &NodeBox, h: &mut DefaultHasher) {
    (&n.name, &n.type_name, &n.resource, n.nested, n.rules, n.kind).hash(h);
    floats(h, &[n.x, n.y, n.w, n.h]);
}

/// An arrow's path and heads.
pub fn edge(e: &EdgePath, h: &mut DefaultHasher) {
    (&e.d, e.dashed, e.head_start, e.head_end).hash(h);
}

/// A Choice rule's label and where it sits.
pub fn label(l: &EdgeLabel, h: &mut DefaultHasher) {
    l.text.hash(h);
    floats(h, &[l.x, l.y]);
}

/// A Parallel/Map frame.
pub fn group(g: &GroupBox, h: &mut DefaultHasher) {
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
        let a = keyed(&[label_at(1.0, "a"), label_at(2.0, "a"), label_at(1.0, "a")], label);
        // Same content, same key; a repeat gets its own key.
        assert_ne!(a[0].0, a[1].0);
        assert_ne!(a[0].0, a[2].0);
        let b = keyed(&[label_at(2.0, "a"), label_at(1.0, "a")], label);
        assert_eq!(a[1].0, b[0].0, "an unchanged item keeps its key wherever it moves in the list");
        assert_eq!(a[0].0, b[1].0);
        let c = keyed(&[label_at(1.0, "b")], label);
        assert_ne!(a[0].0, c[0].0, "a changed item gets a new key");
    }
}
