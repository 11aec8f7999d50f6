//! Pan and zoom of the graph canvas as viewBox arithmetic. The SVG keeps
//! `preserveAspectRatio="xMidYMid meet"`, so the whole viewBox is always visible and "fit to
//! view" is simply the drawing's own box.

/// The visible part of the drawing, in graph units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewBox {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

/// A box in graph units, or a part of an element in pixels: left, top, width, height.
pub type Rect = (f64, f64, f64, f64);

/// Zoom limits relative to the fitted view.
const MIN_W: f64 = 120.0;

/// Graph units per pixel beyond which a drawing fitted whole is too small to read (a 13 px
/// caption drawn under 7.5 px): a 500-state chain fitted into its canvas is a blank strip.
const READABLE_SCALE: f64 = 1.75;

/// The scale a drawing too large to read whole opens at, at most: captions stay legible.
const OPENING_SCALE: f64 = 1.5;

impl ViewBox {
    /// The whole drawing of size `w` × `h`.
    pub fn fit(w: f64, h: f64) -> Self {
        ViewBox { x: 0.0, y: 0.0, w: w.max(1.0), h: h.max(1.0) }
    }

    /// The first view of a `w` × `h` drawing in an element of `cw` × `ch` pixels: the whole
    /// drawing when it can be read that way, at most at its drawn size (a two-state workflow
    /// is not blown up to fill the canvas); else its top, around `start_x` (where the workflow
    /// starts), between drawn size and [`OPENING_SCALE`]. "Fit" still fits the whole drawing
    /// to the canvas ([`ViewBox::fit`]).
    pub fn overview(w: f64, h: f64, cw: f64, ch: f64, start_x: f64) -> Self {
        let whole = Self::fit(w, h);
        let scale = whole.scale(cw, ch);
        if scale < 1.0 {
            let (vw, vh) = (cw.max(1.0), ch.max(1.0));
            return ViewBox { x: (w - vw) / 2.0, y: (h - vh) / 2.0, w: vw, h: vh };
        }
        if scale <= READABLE_SCALE {
            return whole;
        }
        let s = (w / cw.max(1.0)).clamp(1.0, OPENING_SCALE);
        let (vw, vh) = (cw.max(1.0) * s, ch.max(1.0) * s);
        // Centred on the start, but not past the drawing's sides when it is wider than the view.
        let x = if vw >= w { (w - vw) / 2.0 } else { (start_x - vw / 2.0).clamp(0.0, w - vw) };
        ViewBox { x, y: 0.0, w: vw, h: vh }
    }

    /// The `viewBox` attribute.
    pub fn attr(&self) -> String {
        format!("{:.1} {:.1} {:.1} {:.1}", self.x, self.y, self.w, self.h)
    }

    /// Graph units per screen pixel for an element of `cw` × `ch` pixels.
    pub fn scale(&self, cw: f64, ch: f64) -> f64 {
        (self.w / cw.max(1.0)).max(self.h / ch.max(1.0))
    }

    /// The graph point under screen offset (`px`, `py`) inside an element of `cw` × `ch`.
    pub fn to_graph(&self, px: f64, py: f64, cw: f64, ch: f64) -> (f64, f64) {
        let s = self.scale(cw, ch);
        let (ox, oy) = ((cw * s - self.w) / 2.0, (ch * s - self.h) / 2.0);
        (self.x - ox + px * s, self.y - oy + py * s)
    }

    /// Zoomed by `factor` (> 1 zooms in) keeping graph point `at` where it is on screen.
    pub fn zoom(&self, factor: f64, at: (f64, f64)) -> Self {
        let factor = if self.w / factor < MIN_W { self.w / MIN_W } else { factor };
        let (w, h) = (self.w / factor, self.h / factor);
        let x = at.0 - (at.0 - self.x) / factor;
        let y = at.1 - (at.1 - self.y) / factor;
        ViewBox { x, y, w, h }
    }

    /// Centred on graph point `at` in an element of `cw` × `ch` pixels, at no more than
    /// `max_scale` graph units per pixel (zoomed in that far if need be, never out): how a
    /// found state is shown. The box takes the element's shape, so nothing is letterboxed.
    pub fn centred_on(&self, at: (f64, f64), cw: f64, ch: f64, max_scale: f64) -> Self {
        let s = self.scale(cw, ch).min(max_scale);
        let (w, h) = (cw.max(1.0) * s, ch.max(1.0) * s);
        ViewBox { x: at.0 - w / 2.0, y: at.1 - h / 2.0, w, h }
    }

    /// The part of the drawing an element of `cw` × `ch` pixels shows (left, top, right,
    /// bottom): the view box and the bands that `meet` adds on two of its sides.
    pub fn shown(&self, cw: f64, ch: f64) -> (f64, f64, f64, f64) {
        let s = self.scale(cw, ch);
        let (w, h) = (cw.max(1.0) * s, ch.max(1.0) * s);
        let (x, y) = (self.x - (w - self.w) / 2.0, self.y - (h - self.h) / 2.0);
        (x, y, x + w, y + h)
    }

    /// The view that brings box (`x`, `y`, `w`, `h`) into an element of `cw` × `ch` pixels:
    /// `None` when it is wholly shown already, else centred on it at no more than
    /// [`OPENING_SCALE`] (zoomed in that far if need be, never out). How the execution view
    /// follows the state that starts running.
    pub fn follow(&self, (x, y, w, h): Rect, cw: f64, ch: f64) -> Option<Self> {
        let (l, t, r, b) = self.shown(cw, ch);
        let inside = x >= l && y >= t && x + w <= r && y + h <= b;
        (!inside).then(|| self.centred_on((x + w / 2.0, y + h / 2.0), cw, ch, OPENING_SCALE))
    }

    /// The view that shows box `b` (graph units) in `part` (pixels) of an element of `cw` ×
    /// `ch` pixels, at the same zoom: `None` when it does already. Only the way it is out of
    /// view moves (see [`span_showing`]): centred that way when it fits, else its top or left
    /// edge first. How a failed step or the state an edit selected is brought into view.
    pub fn reveal(&self, (x, y, w, h): Rect, (cw, ch): (f64, f64), (px, py, pw, ph): Rect) -> Option<Self> {
        let s = self.scale(cw, ch);
        let (left, top, _, _) = self.shown(cw, ch);
        let (a, b) = (left + px * s, top + py * s);
        let (na, nb) = (span_showing(a, pw * s, x, w), span_showing(b, ph * s, y, h));
        ((na, nb) != (a, b)).then(|| ViewBox { x: na - px * s, y: nb - py * s, w: cw.max(1.0) * s, h: ch.max(1.0) * s })
    }

    /// After the drawing changed to `w` × `h` (an edit): `None` when the view in an element of
    /// `cw` × `ch` pixels still shows some of it, else centred on it at the same zoom.
    pub fn keep(&self, w: f64, h: f64, cw: f64, ch: f64) -> Option<Self> {
        let (l, t, r, b) = self.shown(cw, ch);
        let overlaps = l < w && t < h && r > 0.0 && b > 0.0;
        (!overlaps).then(|| self.centred_on((w / 2.0, h / 2.0), cw, ch, f64::INFINITY))
    }

    /// Moved by a screen drag of (`dx`, `dy`) pixels at `scale` graph units per pixel.
    pub fn pan(&self, dx: f64, dy: f64, scale: f64) -> Self {
        ViewBox { x: self.x - dx * scale, y: self.y - dy * scale, ..*self }
    }
}

/// Where a span of `len` starting at `a` should start to show `p`..`p + q`: at `a` when it
/// does already (or, with `q` longer than `len`, is filled by it); else centred on it, or
/// starting with it when it is longer.
fn span_showing(a: f64, len: f64, p: f64, q: f64) -> f64 {
    if q <= len {
        if p >= a && p + q <= a + len { a } else { p + q / 2.0 - len / 2.0 }
    } else if a >= p && a + len <= p + q {
        a
    } else {
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_keeps_the_point_under_the_cursor() {
        let v = ViewBox::fit(1000.0, 500.0);
        let at = (250.0, 100.0);
        let z = v.zoom(2.0, at);
        assert_eq!((z.w, z.h), (500.0, 250.0));
        // The point's relative position in the box is unchanged.
        assert!(((at.0 - z.x) / z.w - (at.0 - v.x) / v.w).abs() < 1e-9);
        assert!(v.zoom(1000.0, at).w >= MIN_W - 1e-9, "zoom is bounded");
    }

    #[test]
    fn a_drawing_too_large_to_read_whole_opens_at_its_top() {
        // Small enough: the whole drawing, as "Fit" shows it.
        assert_eq!(ViewBox::overview(600.0, 800.0, 700.0, 500.0, 300.0), ViewBox::fit(600.0, 800.0));
        // Smaller than the canvas: at drawn size, centred, not enlarged.
        let small = ViewBox::overview(200.0, 300.0, 700.0, 500.0, 100.0);
        assert_eq!((small.x, small.y, small.w, small.h), (-250.0, -100.0, 700.0, 500.0));
        // A 500-state chain (300 × 50,000) in 700 × 500 px: its top at drawn size, centred.
        let chain = ViewBox::overview(300.0, 50_000.0, 700.0, 500.0, 150.0);
        assert_eq!((chain.x, chain.y, chain.w, chain.h), (-200.0, 0.0, 700.0, 500.0));
        assert_eq!(chain.scale(700.0, 500.0), 1.0);
        // Wide and tall: at the opening scale, around the start, within the drawing's sides.
        let wide = ViewBox::overview(7_000.0, 50_000.0, 700.0, 500.0, 3_000.0);
        assert_eq!(wide.scale(700.0, 500.0), OPENING_SCALE);
        assert_eq!((wide.x, wide.y, wide.w), (2_475.0, 0.0, 1_050.0));
        let left = ViewBox::overview(7_000.0, 50_000.0, 700.0, 500.0, 100.0);
        assert_eq!(left.x, 0.0);
    }

    #[test]
    fn screen_points_map_through_the_letterbox() {
        // 1000×500 drawing in a 500×500 element: scale 2, 125 px bands above and below.
        let v = ViewBox::fit(1000.0, 500.0);
        assert_eq!(v.to_graph(0.0, 125.0, 500.0, 500.0), (0.0, 0.0));
        assert_eq!(v.to_graph(500.0, 375.0, 500.0, 500.0), (1000.0, 500.0));
        assert_eq!(v.pan(10.0, 0.0, 2.0).x, -20.0);
    }

    #[test]
    fn following_moves_only_for_a_box_outside_the_view() {
        // The top of a tall drawing at drawn size in 700 × 500 px, letterboxed sideways.
        let top = ViewBox { x: 0.0, y: 0.0, w: 300.0, h: 500.0 };
        assert_eq!(top.shown(700.0, 500.0), (-200.0, 0.0, 500.0, 500.0));
        assert_eq!(top.follow((50.0, 100.0, 200.0, 80.0), 700.0, 500.0), None, "in view: stays");
        // A state far below: centred on it, at the same scale.
        let next = top.follow((50.0, 4000.0, 200.0, 80.0), 700.0, 500.0).expect("moves");
        assert_eq!((next.x, next.y, next.w, next.h), (-200.0, 3790.0, 700.0, 500.0));
        // Half out of view counts as out.
        assert!(top.follow((50.0, 460.0, 200.0, 80.0), 700.0, 500.0).is_some());
        // The whole drawing fitted (tiny) shows every state: nothing to follow.
        let whole = ViewBox::fit(300.0, 50_000.0);
        assert_eq!(whole.follow((50.0, 40_000.0, 200.0, 80.0), 700.0, 500.0), None);
        // Zoomed far out but the state outside: brought in at a legible scale.
        let far = ViewBox { x: 0.0, y: 0.0, w: 7_000.0, h: 5_000.0 };
        let near = far.follow((50.0, 40_000.0, 200.0, 80.0), 700.0, 500.0).expect("moves");
        assert_eq!(near.scale(700.0, 500.0), OPENING_SCALE);
    }

    #[test]
    fn centring_zooms_in_to_the_drawn_size_but_never_out() {
        // A tall drawing fitted into 800×400 px: 20 units per pixel, zoomed in to 1.
        let tall = ViewBox::fit(400.0, 8000.0);
        let c = tall.centred_on((200.0, 5000.0), 800.0, 400.0, 1.0);
        assert_eq!((c.x, c.y, c.w, c.h), (-200.0, 4800.0, 800.0, 400.0));
        assert_eq!(c.scale(800.0, 400.0), 1.0);
        // Already closer than that: the zoom stays, only the centre moves.
        let close = ViewBox { x: 0.0, y: 0.0, w: 400.0, h: 200.0 }.centred_on((1000.0, 1000.0), 800.0, 400.0, 1.0);
        assert_eq!((close.x, close.y, close.w, close.h), (800.0, 900.0, 400.0, 200.0));
    }

    /// The opening view of a tall drawing (its top, at drawn size, in 700 × 620 px) and a
    /// failed state far below: panned down to it, centred, at the same zoom; sideways it
    /// stays, being in view that way.
    #[test]
    fn a_state_out_of_view_is_revealed_at_the_same_zoom() {
        let size = (700.0, 620.0);
        let whole = (0.0, 0.0, 700.0, 620.0);
        let top = ViewBox::overview(450.0, 1400.0, size.0, size.1, 225.0);
        assert_eq!((top.x, top.y, top.w, top.h), (-125.0, 0.0, 700.0, 620.0));
        let failed = (150.0, 1200.0, 150.0, 60.0);
        let next = top.reveal(failed, size, whole).expect("moves");
        assert_eq!((next.x, next.y, next.w, next.h), (-125.0, 920.0, 700.0, 620.0));
        assert_eq!(next.reveal(failed, size, whole), None, "then it is in view");
        assert_eq!(top.reveal((150.0, 300.0, 150.0, 60.0), size, whole), None, "in view: stays");
        // Half out counts as out; only the upper 300 px of the canvas in the window: centred there.
        assert!(top.reveal((150.0, 590.0, 150.0, 60.0), size, whole).is_some());
        let part = (0.0, 0.0, 700.0, 300.0);
        let low = top.reveal((150.0, 400.0, 150.0, 60.0), size, part).expect("below the fold");
        assert_eq!((low.y, low.h), (280.0, 620.0));
        // Zoomed out twice as far (a letterboxed fitted view): the zoom is kept.
        let far = ViewBox::fit(450.0, 1400.0);
        let s = far.scale(size.0, size.1);
        let moved = far.reveal((150.0, 2000.0, 150.0, 60.0), size, whole).expect("moves");
        assert!((moved.scale(size.0, size.1) - s).abs() < 1e-9, "{moved:?}");
    }

    /// A box larger than the view (a Map's frame): shown from its top when out of view, left
    /// alone while it fills the view.
    #[test]
    fn a_box_larger_than_the_view_shows_its_top() {
        let v = ViewBox { x: 0.0, y: 0.0, w: 700.0, h: 620.0 };
        let whole = (0.0, 0.0, 700.0, 620.0);
        let map = (100.0, 1000.0, 400.0, 2000.0);
        let next = v.reveal(map, (700.0, 620.0), whole).expect("moves");
        assert_eq!((next.x, next.y), (0.0, 1000.0));
        let inside = ViewBox { y: 1500.0, ..v };
        assert_eq!(inside.reveal(map, (700.0, 620.0), whole), None);
    }

    /// After an edit the view stays while it shows some of the drawing; a view left over
    /// nothing (the drawing shrank) is centred on it at the same zoom.
    #[test]
    fn an_edit_keeps_the_view_while_it_shows_the_drawing() {
        let v = ViewBox { x: -125.0, y: 0.0, w: 702.0, h: 620.0 };
        assert_eq!(v.keep(532.0, 1373.0, 702.0, 620.0), None);
        let below = ViewBox { y: 2000.0, ..v };
        let back = below.keep(532.0, 1373.0, 702.0, 620.0).expect("moves");
        assert_eq!((back.x, back.y, back.w, back.h), (-85.0, 376.5, 702.0, 620.0));
    }
}
