//! Drag and drop from the palette onto the canvas, with HTML5 drag and drop (which Playwright's
//! `dragTo` drives in Chromium too): a state type or task function dropped onto a state goes
//! after it, onto an arrow goes on it, into an empty Parallel branch or Map processor goes into
//! that scope, anywhere else is added unconnected ([`super::ops::insert_state`] decides the
//! links).
//!
//! The canvas is handled from outside the graph component: the drop point is mapped into graph
//! units through the SVG's own `viewBox`, and [`target::target_at`] finds what is there from
//! the laid-out graph. While dragging, a hint over the canvas says what a drop would do (and
//! what a Succeed or Fail would leave unreachable) and outlines the state (or marks the arrow)
//! it would land on, placed so that it covers neither ([`spot`]).

pub mod target;

use super::ops::Preview;
use super::viewport::ViewBox;
use super::Editor;
use crate::model::EdgeLabel;
use leptos::prelude::*;
use serde_json::Value;
use target::Target;

/// The drag's data type (the browser needs some data to start a drag).
const MIME: &str = "application/x-wfm-state";
/// How near an arrow a drop must be, in screen pixels.
const ARROW_REACH: f64 = 10.0;

/// A state the palette offers: the name it is given (made unique) and its JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct NewState {
    /// Base of the new state's name.
    pub base: String,
    /// The state.
    pub state: Value,
}

/// What the palette and the canvas share while an item is dragged (in context).
#[derive(Clone, Copy)]
pub struct PaletteDrag {
    item: StoredValue<Option<NewState>>,
    hint: RwSignal<Option<Hint>>,
}

/// Shown while dragging over the canvas: what a drop would do, and where (client pixels).
#[derive(Debug, Clone, PartialEq)]
pub struct Hint {
    said: Preview,
    spot: Spot,
    mark: Option<Mark>,
}

/// The outline of the state (or frame) a drop lands on, or a dot on the arrow.
#[derive(Debug, Clone, PartialEq)]
enum Mark {
    Box { x: f64, y: f64, w: f64, h: f64 },
    Dot { x: f64, y: f64 },
}

/// Where the hint sits: a client point and how the hint hangs from it (a CSS translate, in
/// percent of its own size).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Spot {
    x: f64,
    y: f64,
    tx: i8,
    ty: i8,
}

/// The arrow a drop lands on, around the pointer: which way it leans (its target's centre x
/// minus its source's: negative when it goes left) and the client y of the top of a label
/// drawn on it near the pointer.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Around {
    lean: f64,
    label_top: Option<f64>,
}

/// Where the hint goes so that it covers nothing it describes (beside the pointer it hid the
/// state an arrow leads to, and the arrow's label): above a marked state or frame; by an arrow,
/// above the pointer and the arrow's label, on the side its source is not (or right beside a
/// straight unlabelled one); elsewhere below-right of the pointer.
fn spot(pointer: (f64, f64), mark: Option<&Mark>, around: Around) -> Spot {
    let (x, y) = pointer;
    match mark {
        Some(Mark::Box { x, y, .. }) => Spot { x: x - 4.0, y: y - 10.0, tx: 0, ty: -100 },
        Some(Mark::Dot { .. }) if around.lean.abs() < 1.0 && around.label_top.is_none() => Spot { x: x + 16.0, y, tx: 0, ty: -50 },
        Some(Mark::Dot { .. }) => {
            let above = around.label_top.map_or(y - 16.0, |t| (t - 6.0).min(y - 16.0));
            let (x, tx) = if around.lean < 0.0 { (x - 14.0, -100) } else { (x + 14.0, 0) };
            Spot { x, y: above, tx, ty: -100 }
        }
        None => Spot { x: x + 14.0, y: y + 14.0, tx: 0, ty: 0 },
    }
}

impl Default for PaletteDrag {
    fn default() -> Self {
        Self::new()
    }
}

impl PaletteDrag {
    /// Nothing dragged.
    pub fn new() -> Self {
        PaletteDrag { item: StoredValue::new(None), hint: RwSignal::new(None) }
    }

    /// `dragstart` on a palette item.
    pub fn start(&self, ev: &leptos::ev::DragEvent, item: NewState) {
        #[cfg(feature = "hydrate")]
        if let Some(dt) = ev.data_transfer() {
            let _ = dt.set_data(MIME, &item.base);
            dt.set_effect_allowed("copy");
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, MIME);
        self.item.set_value(Some(item));
    }

    /// `dragend` on a palette item (dropped or not).
    pub fn end(&self) {
        self.item.set_value(None);
        self.hint.set(None);
    }

    /// `dragover` on the canvas: accepts the palette's drags and updates the hint.
    pub fn over(&self, ed: Editor, ev: &leptos::ev::DragEvent) {
        if self.item.with_value(Option::is_none) {
            return;
        }
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        if let Some(dt) = ev.data_transfer() {
            dt.set_drop_effect("copy");
        }
        let new_type = self.item.with_value(|i| i.as_ref().and_then(|i| i.state.get("Type")?.as_str().map(str::to_string))).unwrap_or_default();
        let hint = Screen::of(ev).map(|screen| {
            let pointer = (ev.client_x() as f64, ev.client_y() as f64);
            let t = screen.target(ed, pointer);
            let mark = screen.mark(ed, &t);
            let spot = spot(pointer, mark.as_ref(), screen.around(ed, &t));
            Hint { said: ed.def.with_untracked(|d| t.hint(d, &new_type)), spot, mark }
        });
        if self.hint.with_untracked(|h| *h != hint) {
            self.hint.set(hint);
        }
    }

    /// `dragleave` from the canvas: the hint goes once the pointer is outside it.
    pub fn leave(&self, ev: &leptos::ev::DragEvent) {
        let (x, y) = (ev.client_x() as f64, ev.client_y() as f64);
        if Screen::of(ev).is_none_or(|s| !s.holds_area(x, y)) {
            self.hint.set(None);
        }
    }

    /// `drop` on the canvas: inserts the dragged state where it landed and selects it.
    pub fn drop(&self, ed: Editor, ev: &leptos::ev::DragEvent) {
        let Some(item) = self.item.get_value() else { return };
        ev.prevent_default();
        let pointer = (ev.client_x() as f64, ev.client_y() as f64);
        let target = Screen::of(ev).map_or(Target::Canvas, |s| s.target(ed, pointer));
        self.end();
        let place = ed.def.with_untracked(|d| target.place(d));
        ed.insert(&item.base, item.state, &place);
    }
}

/// Where the drawing is on screen: the SVG's client rectangle, its view box, and the drop
/// area's (the canvas column's) rectangle.
struct Screen {
    left: f64,
    top: f64,
    w: f64,
    h: f64,
    view: ViewBox,
    area: (f64, f64, f64, f64),
}

impl Screen {
    /// Read off the canvas column (`data-testid="canvas"`) the event is in and the graph's SVG
    /// in it.
    fn of(ev: &leptos::ev::DragEvent) -> Option<Screen> {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
            let area = target.closest("[data-testid=canvas]").ok()??;
            let svg = area.query_selector("svg[data-testid=workflow-graph]").ok()??;
            let r = svg.get_bounding_client_rect();
            let a = area.get_bounding_client_rect();
            let view = parse_view_box(&svg.get_attribute("viewBox")?)?;
            Some(Screen { left: r.left(), top: r.top(), w: r.width(), h: r.height(), view, area: (a.left(), a.top(), a.right(), a.bottom()) })
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = ev;
            None
        }
    }

    fn holds_area(&self, x: f64, y: f64) -> bool {
        let (l, t, r, b) = self.area;
        x > l && x < r && y > t && y < b
    }

    /// What is under client point `p` (outside the drawing, e.g. on the zoom bar: the canvas).
    fn target(&self, ed: Editor, p: (f64, f64)) -> Target {
        let inside = p.0 >= self.left && p.0 <= self.left + self.w && p.1 >= self.top && p.1 <= self.top + self.h;
        if !inside {
            return Target::Canvas;
        }
        let s = self.view.scale(self.w, self.h);
        let at = self.view.to_graph(p.0 - self.left, p.1 - self.top, self.w, self.h);
        ed.graph.with_untracked(|g| target::target_at(g, at, ARROW_REACH * s))
    }

    /// Graph point → client point.
    fn client(&self, g: (f64, f64)) -> (f64, f64) {
        let v = self.view;
        let s = v.scale(self.w, self.h);
        let (ox, oy) = ((self.w * s - v.w) / 2.0, (self.h * s - v.h) / 2.0);
        (self.left + (g.0 - v.x + ox) / s, self.top + (g.1 - v.y + oy) / s)
    }

    fn mark(&self, ed: Editor, t: &Target) -> Option<Mark> {
        let boxed = |x: f64, y: f64, w: f64, h: f64| {
            let ((x0, y0), (x1, y1)) = (self.client((x, y)), self.client((x + w, y + h)));
            Mark::Box { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }
        };
        match t {
            Target::Canvas => None,
            Target::Edge { at, .. } => {
                let (x, y) = self.client(*at);
                Some(Mark::Dot { x, y })
            }
            Target::State(s) => ed.graph.with_untracked(|g| g.node(s).map(|n| boxed(n.x, n.y, n.w, n.h))),
            Target::Frame { owner, index, .. } => ed.graph.with_untracked(|g| {
                let f = g.groups.iter().filter(|f| &f.owner == owner).nth(*index)?;
                Some(boxed(f.x, f.y, f.w, f.h))
            }),
        }
    }

    /// The arrow's lean, and the top of the highest label within 64 px of the drop point.
    fn around(&self, ed: Editor, t: &Target) -> Around {
        let Target::Edge { from, to, at, .. } = t else { return Around::default() };
        ed.graph.with_untracked(|g| {
            let centre = |n: &Option<String>| n.as_deref().and_then(|n| g.node(n)).map(|b| b.x + b.w / 2.0);
            let lean = match (centre(from), centre(to)) {
                (Some(a), Some(b)) => b - a,
                _ => 0.0,
            };
            // Near: within 64 screen pixels, about the height of a two-line hint and its gap.
            let (half_h, reach) = (EdgeLabel::HEIGHT / 2.0, 64.0 * self.view.scale(self.w, self.h));
            let near = |l: &&EdgeLabel| ((l.x - at.0).abs() - EdgeLabel::width(&l.text) / 2.0).max((l.y - at.1).abs() - half_h) < reach;
            let label_top = g.labels.iter().filter(near).map(|l| self.client((l.x, l.y - half_h)).1).reduce(f64::min);
            Around { lean, label_top }
        })
    }
}

/// A `viewBox` attribute: `x y w h`.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn parse_view_box(attr: &str) -> Option<ViewBox> {
    let n: Vec<f64> = attr.split_whitespace().filter_map(crate::model::decimal::parse).collect();
    match n[..] {
        [x, y, w, h] => Some(ViewBox { x, y, w, h }),
        _ => None,
    }
}

/// The hint over the canvas while a palette item is dragged across it.
#[component]
pub fn DropHint() -> impl IntoView {
    let drag = expect_context::<PaletteDrag>();
    move || {
        drag.hint.get().map(|h| {
            let mark = h.mark.map(|m| match m {
                Mark::Box { x, y, w, h } => view! {
                    <div class="pointer-events-none fixed z-40 rounded-lg border-2 border-dashed border-sky-500 bg-sky-400/10"
                        style=format!("left:{:.0}px;top:{:.0}px;width:{:.0}px;height:{:.0}px", x - 4.0, y - 4.0, w + 8.0, h + 8.0)></div>
                },
                Mark::Dot { x, y } => view! {
                    <div class="pointer-events-none fixed z-40 h-3.5 w-3.5 rounded-full bg-sky-500 ring-4 ring-sky-300/60"
                        style=format!("left:{:.0}px;top:{:.0}px", x - 7.0, y - 7.0)></div>
                },
            });
            // What a drop would cut off is said on a line of its own, in amber.
            let warning = h.said.warning.map(|w| view! { <span data-testid="drop-warning" class="block text-amber-300">{w}</span> });
            view! {
                {mark}
                <div data-testid="drop-hint" class="pointer-events-none fixed z-50 rounded-xl bg-slate-900/90 px-2.5 py-1 text-xs font-medium text-white shadow"
                    style=format!("left:{:.0}px;top:{:.0}px;transform:translate({}%,{}%)", h.spot.x, h.spot.y, h.spot.tx, h.spot.ty)>{h.said.text}{warning}</div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_and_graph_points_map_both_ways() {
        let view = parse_view_box("10.0 20.0 400.0 100.0").unwrap();
        let s = Screen { left: 100.0, top: 50.0, w: 800.0, h: 400.0, view, area: (0.0, 0.0, 0.0, 0.0) };
        let g = view.to_graph(300.0, 120.0, s.w, s.h);
        let (x, y) = s.client(g);
        assert!((x - 400.0).abs() < 1e-9 && (y - 170.0).abs() < 1e-9, "{x} {y}");
        assert!(parse_view_box("1 2 3").is_none());
    }

    #[test]
    fn the_hint_keeps_clear_of_what_it_describes() {
        let p = (300.0, 200.0);
        let boxed = Mark::Box { x: 250.0, y: 180.0, w: 100.0, h: 40.0 };
        let dot = Mark::Dot { x: 300.0, y: 200.0 };
        let hangs = |s: Spot| (s.x, s.y, s.tx, s.ty);
        // Over a state: above its outline, not over it (it used to hang below-right of the pointer).
        assert_eq!(hangs(spot(p, Some(&boxed), Around::default())), (246.0, 170.0, 0, -100));
        // An arrow going down-right (Check → Small): above-right of the pointer and above the
        // label on it, away from the source up-left and the target below.
        let default = Around { lean: 80.0, label_top: Some(185.0) };
        assert_eq!(hangs(spot(p, Some(&dot), default)), (314.0, 179.0, 0, -100));
        // Going down-left: above-left; with no label, 16 px above the pointer.
        assert_eq!(hangs(spot(p, Some(&dot), Around { lean: -80.0, label_top: None })), (286.0, 184.0, -100, -100));
        // A straight unlabelled arrow: beside it, at the pointer's height.
        assert_eq!(hangs(spot(p, Some(&dot), Around::default())), (316.0, 200.0, 0, -50));
        // The empty canvas: below-right of the pointer, as before.
        assert_eq!(hangs(spot(p, None, Around::default())), (314.0, 214.0, 0, 0));
    }
}
