//! A Choice's arrows leave from their handles: each rule's from its numbered handle, Default's
//! from `D` (`model::anatomy`), so the editor shows which arrow a handle sets. layout-rs routes
//! arrows between boxes (its ports exist only for record shapes), so its route is kept and only
//! its first point and control point are moved: the arrow now starts on the box's bottom edge
//! under the handle and heads straight down before it bends towards its label. Arrows that loop
//! back up are drawn as side rails from the handle instead (`rails`, see [`loops_to_rail`]): a
//! curve leaving downwards and turning back up would run through its own box.
//!
//! layout-rs orders a Choice's targets to suit the rest of the drawing, not its rule order, so
//! the handles are ordered by where their arrows go ([`arrange`]): handles in rule order would
//! have their arrows cross under the box.
//!
//! Rules (or Default) into the same state share one route and one label listing their
//! conditions ([`merge`]): each still has its own arrow from its own handle, joining the first
//! one's at the label. layout-rs misplaces parallel arrows between the same two boxes (a
//! label ended up inside its target), so it is given each pair once.

use super::drawing::{Arrow, Drawing, Tag};
use super::Link;
use crate::editor::ops::Handle;
use crate::model::anatomy;
use crate::model::NodeBox;

/// How far below the box the moved control point lies (layout-rs uses 30 for its own).
const FORCE: f64 = 30.0;

/// Longest shared label before the conditions after the first are only counted.
const MERGED_LABEL: usize = 40;

fn from_handle(kind: &str) -> bool {
    kind == "default" || kind.starts_with("rule-")
}

/// Marks each rule or Default link into a state that an earlier one of the same Choice goes to
/// as following it, and gives the first one every condition as its label (`a | b`, or `a | +2`
/// when long).
pub fn merge(links: &mut [Link]) {
    let mut shared: Vec<(usize, Vec<String>)> = Vec::new();
    for i in 0..links.len() {
        if !from_handle(&links[i].kind) {
            continue;
        }
        let first = (0..i).find(|&j| links[j].follows.is_none() && from_handle(&links[j].kind) && (links[j].from, links[j].to) == (links[i].from, links[i].to));
        if let Some(p) = first {
            links[i].follows = Some(p);
            let label = std::mem::take(&mut links[i].label);
            match shared.iter_mut().find(|(q, _)| *q == p) {
                Some((_, labels)) => labels.push(label),
                None => shared.push((p, vec![links[p].label.clone(), label])),
            }
        }
    }
    for (p, labels) in shared {
        let all = labels.join(" | ");
        links[p].label = if all.chars().count() <= MERGED_LABEL { all } else { format!("{} | +{}", labels[0], labels.len() - 1) };
    }
}

/// Draws each follower ([`merge`]) that is not a rail as a copy of its first link's arrow;
/// [`attach`] then moves its start onto its own handle.
pub fn copy_followers(drawing: &mut Drawing, links: &[Link], tags: &[Tag], railed: &[bool]) {
    for (i, l) in links.iter().enumerate() {
        let Some(p) = l.follows.filter(|_| !railed[i]) else { continue };
        if let Some(mut copy) = drawing.arrows.iter().find(|a| a.tag == tags[p]).cloned() {
            copy.tag = tags[i].clone();
            drawing.arrows.push(copy);
        }
    }
}

/// The handle an arrow of `kind` (`scan::Transition::kind`) leaves from, for a `type_name`
/// state: Choice rules and Default only (Next and Catch keep layout-rs's route).
pub fn handle(type_name: &str, kind: &str) -> Option<Handle> {
    (type_name == "Choice").then(|| Handle::parse(kind)).flatten().filter(|h| matches!(h, Handle::Rule(_) | Handle::Default))
}

/// Whether an arrow from a `type_name` state of `kind` is drawn as a rail when it loops back.
pub fn loops_to_rail(type_name: &str, kind: &str) -> bool {
    handle(type_name, kind).is_some()
}

/// Where the arrow of `kind` from `from` leaves it, if from a handle.
pub fn exit(from: &NodeBox, kind: &str) -> Option<(f64, f64)> {
    anatomy::exit(from, handle(&from.type_name, kind)?)
}

/// Orders the handles of each Choice in `boxes` (and its copy in `drawing`) from left to right
/// by where their arrows head: loops (`rails` from a handle, going up on the left) first, then
/// by the x of each laid-out arrow's first bend (its label), then forward rails (on the
/// right) and the handles without an arrow (`+`, a rule without its Next), in rule order.
pub fn arrange(drawing: &mut Drawing, boxes: &mut [Option<NodeBox>], rails: &[&Tag]) {
    for b in boxes.iter_mut().flatten().filter(|b| b.type_name == "Choice") {
        let all = Handle::for_state(&b.type_name, b.rules);
        let heading = |kind: &str| {
            let drawn = drawing.arrows.iter().filter(|a| a.curve && a.points.len() >= 4 && a.tag.from == b.name && a.tag.kind == kind);
            let bend = drawn.map(|a| if a.head_start && !a.head_end { a.points[a.points.len() - 4].0 } else { a.points[3].0 }).next();
            let rail = rails.iter().find(|t| t.from == b.name && t.kind == kind).map(|t| {
                let up = drawing.nodes.iter().find(|n| n.name == t.to).is_some_and(|to| to.y < b.y);
                if up { f64::NEG_INFINITY } else { f64::INFINITY }
            });
            bend.or(rail)
        };
        let mut keyed: Vec<(f64, usize)> = all.iter().enumerate().map(|(i, h)| (heading(&h.id()).unwrap_or(f64::INFINITY), i)).collect();
        keyed.sort_by(|p, q| p.partial_cmp(q).unwrap_or(std::cmp::Ordering::Equal));
        let order: Vec<usize> = keyed.into_iter().map(|(_, i)| i).collect();
        if order.iter().enumerate().any(|(slot, &i)| slot != i) {
            if let Some(copy) = drawing.nodes.iter_mut().find(|n| n.name == b.name) {
                copy.order = order.clone();
            }
            b.order = order;
        }
    }
}

/// Moves the source end of each Choice arrow laid out by layout-rs onto its handle; `boxes` are
/// the scope's boxes, where the arrows' `tag.from` names are looked up.
pub fn attach(drawing: &mut Drawing, boxes: &[Option<NodeBox>]) {
    for arrow in drawing.arrows.iter_mut().filter(|a| a.curve && a.points.len() >= 4 && from_handle(&a.tag.kind)) {
        let from = boxes.iter().flatten().find(|b| b.name == arrow.tag.from);
        if let Some((x, y)) = from.and_then(|b| exit(b, &arrow.tag.kind)) {
            start_at(arrow, (x, y));
        }
    }
}

/// Puts the arrow's source end at `at`, leaving downwards. layout-rs reverses an arrow that
/// closes a cycle (its head then at the start), so its source is its last point.
fn start_at(arrow: &mut Arrow, at: (f64, f64)) {
    let below = (at.0, at.1 + FORCE);
    let n = arrow.points.len();
    if arrow.head_start && !arrow.head_end {
        arrow.points[n - 1] = at;
        arrow.points[n - 2] = below;
    } else {
        arrow.points[0] = at;
        arrow.points[1] = below;
    }
}
