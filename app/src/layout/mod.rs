//! Server-side graph layout of a state machine with `layout-rs` (Sugiyama-style layering plus
//! spline edge routing, pure Rust with no dependencies). The browser receives plain coordinates
//! ([`GraphView`]), so the wasm does not carry the layout code.
//!
//! It reads the definition's JSON ([`scan`]), not the typed model, so half-written definitions in
//! the editor still draw. Each scope (the machine, every Parallel branch, every Map processor) is
//! laid out on its own, innermost first; a Parallel or Map state becomes a box big enough for its
//! laid-out scopes, which are then moved into it and framed ([`GroupBox`]).
//!
//! Nodes per scope: a `Start` marker, one box per state, an `End` marker after terminal states.
//! Arrows: Next, Choice rules (labelled with their condition), Default, Catch (dashed); each
//! tagged with the transition it draws (`EdgePath::from`, `to`, `kind`). A Choice's arrows
//! leave from their handles in its box ([`ports`], `model::anatomy`). Arrows that would span
//! many layers are drawn as side rails ([`rails`]): that keeps layout-rs's work near-linear, so
//! a 500-state workflow lays out in milliseconds instead of minutes.
//!
//! [`GroupBox`]: crate::model::GroupBox

mod canvas;
mod drawing;
mod ports;
mod rails;
pub mod scan;

use crate::model::anatomy::{self, HANDLE_ROW};
use crate::model::{GraphView, GroupBox, NodeBox, NodeKind};
use canvas::{Canvas, Spec};
use drawing::{Drawing, Tag};
use engine::StateMachine;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::geometry::Point;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;
use serde_json::Value;

/// Height of a state box: the caption (name, type, resource) above the editor's handle row.
const STATE_H: f64 = 58.0 + HANDLE_ROW;
/// Minimum width of a state box.
const STATE_MIN_W: f64 = 180.0;
/// Size of the Start/End markers.
const MARKER: (f64, f64) = (72.0, 30.0);
/// Space above the scopes of a Parallel / Map box for its caption.
const HEADER_H: f64 = 44.0;
/// Space above each scope inside its frame for the frame's caption.
const CAPTION_H: f64 = 22.0;
/// Padding inside a Parallel / Map box and between its frames (below them, the handle row).
const PAD: f64 = 12.0;

/// Lays out `machine` (typed); see [`layout_value`].
pub fn layout(machine: &StateMachine) -> GraphView {
    layout_value(&serde_json::to_value(machine).unwrap_or_default())
}

/// Lays out a definition given as JSON; whatever is malformed is left out of the drawing.
pub fn layout_value(definition: &Value) -> GraphView {
    scope(definition).into_view()
}

/// One arrow before layout: node indexes, label, dashed, which field (`scan::Transition::kind`,
/// or `start` / `end` for the markers' arrows), and the earlier link whose route it shares
/// (`ports::merge`).
struct Link {
    from: usize,
    to: usize,
    label: String,
    dashed: bool,
    kind: String,
    follows: Option<usize>,
}

/// Lays out one scope with its nested scopes already inside their boxes.
fn scope(machine: &Value) -> Drawing {
    let states = scan::states(machine);
    let inner: Vec<Vec<(String, Drawing)>> = states
        .iter()
        .map(|(_, s)| scan::children(s).into_iter().map(|(caption, m)| (caption, scope(m))).collect())
        .collect();
    let mut specs = vec![marker("Start", NodeKind::Start)];
    let mut sizes = vec![Point::new(MARKER.0, MARKER.1)];
    for ((name, state), kids) in states.iter().zip(&inner) {
        let type_name = scan::type_name(state);
        let nested = scan::is_container(type_name);
        sizes.push(if nested { container_size(name, kids) } else { Point::new(state_width(name, state), STATE_H) });
        let rules = state.get("Choices").and_then(Value::as_array).map_or(0, Vec::len);
        specs.push(Spec { name: name.to_string(), type_name: type_name.into(), kind: NodeKind::State, resource: scan::resource(state), nested, rules });
    }
    specs.push(marker("End", NodeKind::End));
    sizes.push(Point::new(MARKER.0, MARKER.1));
    let links = links(machine, &states);

    let pairs: Vec<(usize, usize)> = links.iter().map(|l| (l.from, l.to)).collect();
    let loops: Vec<bool> = links.iter().map(|l| ports::loops_to_rail(&specs[l.from].type_name, &l.kind)).collect();
    let mut railed = rails::railed(specs.len(), &pairs, &loops);
    for (i, l) in links.iter().enumerate() {
        if let Some(p) = l.follows {
            railed[i] = railed[p];
        }
    }
    let tags: Vec<Tag> = links.iter().map(|l| Tag { from: specs[l.from].name.clone(), to: specs[l.to].name.clone(), kind: l.kind.clone() }).collect();
    let kept: Vec<(usize, &Link)> = links.iter().enumerate().zip(&railed).filter(|((_, l), r)| !**r && l.follows.is_none()).map(|(l, _)| l).collect();
    let (mut drawing, mut boxes) = place(Canvas::new(specs, tags.clone()), &sizes, &kept);
    ports::copy_followers(&mut drawing, &links, &tags, &railed);
    let rail_tags: Vec<&Tag> = tags.iter().zip(&railed).filter(|(_, r)| **r).map(|(t, _)| t).collect();
    ports::arrange(&mut drawing, &mut boxes, &rail_tags);
    ports::attach(&mut drawing, &boxes);

    let rail_list: Vec<rails::Rail> = links
        .iter()
        .zip(&railed)
        .filter(|(_, r)| **r)
        .filter_map(|(l, _)| {
            let (from, to) = (boxes[l.from].as_ref()?, boxes[l.to].as_ref()?);
            let tag = Tag { from: from.name.clone(), to: to.name.clone(), kind: l.kind.clone() };
            Some(rails::Rail { from, to, label: &l.label, dashed: l.dashed, tag, port: ports::exit(from, &l.kind) })
        })
        .collect();
    let left = rails::route(&mut drawing, &rail_list);
    let mut out = drawing;

    for (i, kids) in inner.into_iter().enumerate() {
        if let Some(b) = &boxes[i + 1] {
            place_children(&mut out, &b.name, b.x + left, b.y, kids);
        }
    }
    out
}

/// Runs layout-rs on one scope's boxes (`sizes`, in the canvas's spec order) and the arrows
/// it routes (each with its index in the scope's links). Its placer asserts on a few graphs
/// (about 1 in 150 random ones with loops: a row it left overlapping), so a panic is caught
/// and the scope placed again without the crossing optimizer, then without placement passes:
/// the page still opens.
fn place(canvas: Canvas, sizes: &[Point], links: &[(usize, &Link)]) -> (Drawing, Vec<Option<NodeBox>>) {
    let attempt = |disable_opt: bool, disable_layout: bool| {
        let mut canvas = canvas.clone();
        let run = std::panic::AssertUnwindSafe(|| {
            let mut graph = VisualGraph::new(Orientation::TopToBottom);
            // layout-rs checks the whole DAG after every edge by default (cubic); our input is fine.
            graph.dag.set_validate(false);
            let handles: Vec<_> = sizes
                .iter()
                .enumerate()
                .map(|(i, size)| {
                    let shape = ShapeKind::new_box("");
                    graph.add_node(Element::create_with_properties(shape, StyleAttr::simple(), Orientation::TopToBottom, *size, i.to_string()))
                })
                .collect();
            for (i, link) in links {
                let mut a = arrow(&link.label, link.dashed);
                a.properties = Some(i.to_string());
                graph.add_edge(a, handles[link.from], handles[link.to]);
            }
            graph.do_it(false, disable_opt, disable_layout, &mut canvas);
        });
        std::panic::catch_unwind(run).ok().map(|()| canvas)
    };
    let done = attempt(false, false).or_else(|| attempt(true, false)).or_else(|| attempt(true, true));
    done.unwrap_or(canvas).finish()
}

fn marker(name: &str, kind: NodeKind) -> Spec {
    Spec { name: name.into(), type_name: String::new(), kind, resource: None, nested: false, rules: 0 }
}

/// Start → StartAt, every transition, terminal states → End (Start → End when empty).
fn links(machine: &Value, states: &[(&str, &Value)]) -> Vec<Link> {
    let end = states.len() + 1;
    let index_of = |name: &str| states.iter().position(|(n, _)| *n == name).map(|i| i + 1);
    let mut out = Vec::new();
    if let Some(first) = machine.get("StartAt").and_then(Value::as_str).and_then(index_of) {
        out.push(Link { from: 0, to: first, label: String::new(), dashed: false, kind: "start".into(), follows: None });
    }
    for (i, (_, state)) in states.iter().enumerate() {
        for t in scan::transitions(state) {
            if let Some(to) = index_of(&t.target) {
                out.push(Link { from: i + 1, to, label: t.label, dashed: t.dashed, kind: t.kind, follows: None });
            }
        }
        if scan::is_terminal(state) {
            out.push(Link { from: i + 1, to: end, label: String::new(), dashed: false, kind: "end".into(), follows: None });
        }
    }
    if states.is_empty() {
        out.push(Link { from: 0, to: end, label: String::new(), dashed: false, kind: "start".into(), follows: None });
    }
    ports::merge(&mut out);
    out
}

/// A Parallel / Map box: the caption on top, then its scopes side by side.
fn container_size(name: &str, kids: &[(String, Drawing)]) -> Point {
    let inner_w: f64 = kids.iter().map(|(_, d)| d.width).sum::<f64>() + PAD * (kids.len().saturating_sub(1)) as f64;
    let inner_h = kids.iter().map(|(_, d)| d.height + CAPTION_H).fold(0.0, f64::max);
    let w = (inner_w + 2.0 * PAD).max(state_width(name, &Value::Null));
    Point::new(w, HEADER_H + inner_h + HANDLE_ROW)
}

/// Moves each laid-out scope into the box of its Parallel / Map state at (`x`, `y`), framed.
fn place_children(out: &mut Drawing, owner: &str, x: f64, y: f64, kids: Vec<(String, Drawing)>) {
    let mut cx = x + PAD;
    for (caption, d) in kids {
        let (w, h) = (d.width, d.height);
        out.groups.push(GroupBox { owner: owner.to_string(), label: caption, x: cx, y: y + HEADER_H, w, h: h + CAPTION_H });
        out.absorb(d, cx, y + HEADER_H + CAPTION_H);
        cx += w + PAD;
    }
}

/// Wide enough for the caption and for the handles (a Choice's grow with its rules).
fn state_width(name: &str, state: &Value) -> f64 {
    let resource = scan::resource(state).map(|r| r.chars().count()).unwrap_or(0);
    let chars = name.chars().count().max(resource) as f64;
    let rules = state.get("Choices").and_then(Value::as_array).map_or(0, Vec::len);
    (chars * 8.0 + 48.0).max(STATE_MIN_W).max(anatomy::min_width(scan::type_name(state), rules))
}

fn arrow(label: &str, dashed: bool) -> Arrow {
    let look = StyleAttr::new(Color::fast("black"), 1, None, 0, 11);
    let style = if dashed { LineStyleKind::Dashed } else { LineStyleKind::Normal };
    Arrow::new(LineEndKind::None, LineEndKind::Arrow, style, label, &look, &None, &None)
}

#[cfg(test)]
pub(crate) mod tests;
