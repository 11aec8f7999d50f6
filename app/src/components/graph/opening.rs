//! Where the view opens, and where it goes when the drawing changes.
//!
//! The drawing opens whole when it can be read that way, else at its top
//! ([`ViewBox::overview`]), with the selected state (a state to test, a failed step) brought
//! into view at that zoom. A new layout (the editor after an edit) keeps the zoom, as n8n and
//! Workflow Studio do: the view moves only to show the selected state (the state just added,
//! dropped or edited) when it is out of view, or back to the drawing when it shows none of it
//! ([`relaid`]). Re-applying the opening view instead zoomed out after an edit whenever the
//! user had not moved the view. After "Fit" a new layout is fitted whole again, until the user
//! pans or zooms.

use super::{follow, Scene};
use crate::editor::viewport::{Rect, ViewBox};
use crate::model::NodeKind;
use leptos::prelude::*;

/// The view's state besides the view box.
#[derive(Clone, Copy)]
pub struct Opening {
    /// The drawing, the canvas and the selection.
    pub scene: Scene,
    /// Whether the user panned or zoomed since the drawing was last fitted.
    pub moved: RwSignal<bool>,
    /// Whether "Fit" asked for the whole drawing: a new layout is then fitted whole again.
    pub whole: RwSignal<bool>,
}

impl Opening {
    /// Opens the view once the canvas has a size, then keeps it through new layouts.
    pub fn track(self) {
        let view = self.scene.canvas.view;
        Effect::new(move |prev: Option<(f64, f64)>| {
            let now = self.size();
            match prev {
                None => self.open(now),
                Some(_) if self.whole.get_untracked() && !self.moved.get_untracked() => view.set(ViewBox::fit(now.0, now.1)),
                Some(_) => {
                    if let Some(v) = self.after_edit(now) {
                        view.set(v);
                    }
                }
            }
            now
        });
    }

    fn size(self) -> (f64, f64) {
        self.scene.graph.with(|g| (g.width, g.height))
    }

    fn open(self, now: (f64, f64)) {
        let view = self.scene.canvas.view;
        if let Some(v) = self.opening(now) {
            return view.set(v);
        }
        view.set(ViewBox::fit(now.0, now.1));
        // A page drawn in the browser (not hydrated) has no size yet: look again once it is
        // laid out.
        request_animation_frame(move || {
            if !self.moved.get_untracked() && untrack(|| self.size()) == now {
                if let Some(v) = self.opening(now) {
                    view.set(v);
                }
            }
        });
    }

    /// The opening view, with the selected state in it (`None` before the canvas is laid out,
    /// or after "Fit" asked for the whole drawing).
    fn opening(self, (w, h): (f64, f64)) -> Option<ViewBox> {
        if self.whole.get_untracked() {
            return None;
        }
        let (cw, ch) = self.scene.canvas.pixels().filter(|(cw, ch)| *cw >= 50.0 && *ch >= 50.0)?;
        let start = self.scene.graph.with_untracked(|g| g.nodes.iter().find(|n| n.kind == NodeKind::Start).map(|n| n.x + n.w / 2.0));
        let top = ViewBox::overview(w, h, cw, ch, start.unwrap_or(w / 2.0));
        Some(follow::reveal_selected(&top, self.scene).unwrap_or(top))
    }

    /// Where a new layout of `drawing` size takes the view, if anywhere ([`relaid`]).
    fn after_edit(self, drawing: (f64, f64)) -> Option<ViewBox> {
        let (size, part) = follow::visible_part(self.scene.canvas)?;
        let v = self.scene.canvas.view.get_untracked();
        relaid(&v, follow::selected_box(self.scene), drawing, size, part)
    }
}

/// The view after a new layout of a `w` × `h` drawing, from view `v` in a canvas of `size`
/// pixels of which `part` is in the window, with `selected` the selected state's box: `None`
/// keeps `v`; else, at the same zoom, one that shows the selected state when it is out of
/// view, or the drawing when the view shows none of it.
fn relaid(v: &ViewBox, selected: Option<Rect>, (w, h): (f64, f64), size: (f64, f64), part: Rect) -> Option<ViewBox> {
    selected.and_then(|b| v.reveal(b, size, part)).or_else(|| v.keep(w, h, size.0, size.1))
}

#[cfg(test)]
mod tests {
    use super::relaid;
    use crate::editor::viewport::ViewBox;

    /// The review's case: a 7-state workflow opened at 1280 × 900 (`-125 0 702 620`, 100 %);
    /// a click on "Pass" with nothing selected lays it out again at 532 × 1373. The view used
    /// to become the whole drawing (`0 0 532 1373`, 42 %); it stays now.
    const CANVAS: (f64, f64) = (702.0, 620.0);
    const PART: (f64, f64, f64, f64) = (0.0, 0.0, 702.0, 620.0);
    const OPENED: ViewBox = ViewBox { x: -125.0, y: 0.0, w: 702.0, h: 620.0 };
    const DRAWING: (f64, f64) = (532.0, 1373.0);

    #[test]
    fn an_edit_keeps_the_zoom() {
        let new_state = (40.0, 200.0, 180.0, 56.0);
        assert_eq!(relaid(&OPENED, Some(new_state), DRAWING, CANVAS, PART), None, "the view stays");
        assert_eq!(relaid(&OPENED, None, DRAWING, CANVAS, PART), None, "nothing selected: it stays");
    }

    /// The state the edit selected is below the view: panned down to it, at the same zoom.
    #[test]
    fn an_edit_out_of_view_pans_to_the_selected_state() {
        let dropped = (150.0, 1100.0, 180.0, 56.0);
        let next = relaid(&OPENED, Some(dropped), DRAWING, CANVAS, PART).expect("moves");
        assert_eq!((next.x, next.w, next.h), (OPENED.x, OPENED.w, OPENED.h), "a pan at the same zoom");
        assert!(next.y <= 1100.0 && next.y + next.h >= 1156.0, "{next:?}");
        // Below the fold (only the canvas's upper 300 px in the window): into that part.
        let low = (150.0, 400.0, 180.0, 56.0);
        let next = relaid(&OPENED, Some(low), DRAWING, CANVAS, (0.0, 0.0, 702.0, 300.0)).expect("moves");
        assert!(next.y <= 400.0 && next.y + 300.0 >= 456.0, "{next:?}");
    }

    /// Nothing selected and the drawing shrank under a view scrolled to its old bottom: back
    /// over the drawing, at the same zoom.
    #[test]
    fn a_view_left_over_nothing_comes_back() {
        let low = ViewBox { y: 1500.0, ..OPENED };
        let next = relaid(&low, None, (532.0, 900.0), CANVAS, PART).expect("moves");
        assert_eq!((next.w, next.h), (OPENED.w, OPENED.h));
        assert!(next.y < 900.0 && next.y + next.h > 0.0);
    }
}
