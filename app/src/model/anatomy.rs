//! Where things sit inside a state's box: its caption lines and its connection handles. The
//! server's layout and the canvas both read it, so an arrow leaves a box exactly where the
//! canvas draws its handle.

use super::NodeBox;
use crate::editor::ops::Handle;

/// Radius of a handle's circle.
pub const HANDLE_R: f64 = 7.0;

/// Height of the row along the bottom of every box that holds its handles, below the caption
/// (the layout adds it to each box, the canvas keeps the caption above it in the editor).
pub const HANDLE_ROW: f64 = 22.0;

/// Least distance between the centres of a Choice's handles (and from the box's sides).
const HANDLE_STEP: f64 = 20.0;

/// A handle and the centre of its circle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spot {
    /// Which field a drag from it sets.
    pub handle: Handle,
    /// Centre x.
    pub x: f64,
    /// Centre y.
    pub y: f64,
}

/// The handles of `n` (`Handle::for_state`), in a row inside the bottom of its box: a Choice's
/// rules, `+` and `D` spread evenly in `n.order` (the layout makes the box wide enough), else
/// Next in the middle and Catch at the right end.
pub fn handles(n: &NodeBox) -> Vec<Spot> {
    let y = n.y + n.h - HANDLE_ROW / 2.0;
    let all = Handle::for_state(&n.type_name, n.rules);
    let step = n.w / (all.len() as f64 + 1.0);
    let count = all.len();
    let slot = |i: usize| if n.order.len() == count { n.order.iter().position(|&j| j == i).unwrap_or(i) } else { i };
    let x = |i: usize, h: Handle| match h {
        Handle::Next => n.x + n.w / 2.0,
        Handle::NewCatch => n.x + n.w - HANDLE_STEP,
        _ => n.x + step * (slot(i) as f64 + 1.0),
    };
    all.into_iter().enumerate().map(|(i, handle)| Spot { handle, x: x(i, handle), y }).collect()
}

/// Where an arrow that handle `h` of `n` sets leaves the box: on its bottom edge, under the
/// handle.
pub fn exit(n: &NodeBox, h: Handle) -> Option<(f64, f64)> {
    handles(n).into_iter().find(|s| s.handle == h).map(|s| (s.x, n.y + n.h))
}

/// The caption's lines: the state's name, its type and a Task's resource.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Caption {
    /// The lines' x (their middle, or their start for a Parallel / Map header).
    pub x: f64,
    /// The header of a Parallel / Map: left-aligned at the top, above the branch frames.
    pub header: bool,
    /// Middle of the name's line (13 px).
    pub name_y: f64,
    /// Middle of the type's line (10 px).
    pub type_y: f64,
    /// Middle of the resource's line (10 px), when there is one.
    pub resource_y: Option<f64>,
}

/// Where `n`'s caption goes: a Parallel / Map's at the top left, above its frames; a plain
/// state's centred in its box, or above the handle row when `handles_shown` (the editor).
pub fn caption(n: &NodeBox, handles_shown: bool) -> Caption {
    let resource = n.resource.is_some();
    if n.nested {
        let top = n.y + 8.0;
        return Caption { x: n.x + 14.0, header: true, name_y: top + 10.0, type_y: top + 27.0, resource_y: resource.then_some(top + 42.0) };
    }
    let room = if handles_shown { n.h - HANDLE_ROW } else { n.h };
    let mid = n.y + room / 2.0;
    let name_y = mid - if resource { 15.0 } else { 8.5 };
    Caption { x: n.x + n.w / 2.0, header: false, name_y, type_y: name_y + 17.0, resource_y: resource.then_some(name_y + 32.0) }
}

/// The least width of a box that spaces out the handles of a `type_name` state with `rules`
/// rules.
pub fn min_width(type_name: &str, rules: usize) -> f64 {
    HANDLE_STEP * (Handle::for_state(type_name, rules).len() as f64 + 1.0)
}

#[cfg(all(test, feature = "ssr"))]
mod tests;
