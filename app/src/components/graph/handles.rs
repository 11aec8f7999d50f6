//! A state's connection handles in the editor, where `model::anatomy` places them (a row inside
//! the bottom of the box, so no handle hangs over its edge or covers the caption); dragging one
//! onto a state connects them (`Gesture::Link`).

use super::{Canvas, Gesture};
use crate::editor::ops::Handle;
use crate::model::anatomy::{self, HANDLE_R};
use crate::model::NodeBox;
use leptos::prelude::*;

/// The handles of `n`.
pub fn view(n: &NodeBox, gesture: RwSignal<Option<Gesture>>, canvas: Canvas) -> impl IntoView {
    let state = n.name.clone();
    anatomy::handles(n)
        .into_iter()
        .map(|spot| {
            let (h, x, y) = (spot.handle, spot.x, spot.y);
            let (text, title, class) = match h {
                Handle::Next => ("", "Drag to set Next".to_string(), "fill-white stroke-sky-600"),
                Handle::Rule(i) => (if i < 9 { ["1", "2", "3", "4", "5", "6", "7", "8", "9"][i] } else { "…" }, format!("Drag to set rule {}'s Next", i + 1), "fill-amber-50 stroke-amber-600"),
                Handle::NewRule => ("+", "Drag to add a rule".to_string(), "fill-white stroke-amber-600"),
                Handle::Default => ("D", "Drag to set Default".to_string(), "fill-white stroke-slate-600"),
                Handle::NewCatch => ("C", "Drag to add a Catch".to_string(), "fill-white stroke-red-400"),
            };
            // The Catch handle shows on the hovered node only, so an idle canvas is not dotted
            // with markers that read like warnings; Default stays, as its arrow leaves from it.
            let shown = if h == Handle::NewCatch { "opacity-0 group-hover:opacity-70" } else { "opacity-70" };
            let id = h.id();
            let state = state.clone();
            let start = move |ev: leptos::ev::PointerEvent| {
                ev.stop_propagation();
                ev.prevent_default();
                let at = canvas.graph_point(ev.client_x() as f64, ev.client_y() as f64).map(|p| p.0).unwrap_or((x, y));
                gesture.set(Some(Gesture::Link { state: state.clone(), handle: id.clone(), start: (x, y), at }));
            };
            view! {
                <g data-handle=h.id() class="cursor-crosshair" on:pointerdown=start>
                    <title>{title}</title>
                    <circle cx=x cy=y r=HANDLE_R class=format!("{class} {shown} hover:opacity-100") stroke-width="1.5"/>
                    <text x=x y=y text-anchor="middle" dominant-baseline="central" class=format!("pointer-events-none fill-slate-700 text-[9px] font-bold {shown}")>{text}</text>
                </g>
            }
        })
        .collect_view()
}
