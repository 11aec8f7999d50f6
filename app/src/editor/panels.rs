//! The editor's side panels (palette, inspector) fold to a narrow strip, so the canvas keeps
//! its room on narrow screens: at 800 px the open panels left it about 220 px. Each panel is
//! folded by default below its breakpoint (the palette below 1024 px, the wider inspector below
//! 1280 px), and its toggle's choice is kept while on the page (the state lives above the page's
//! loader, so a reload of the workflow does not reset it).
//!
//! The server cannot know the width: until the browser has decided (an effect, so after
//! hydration), the folding is left to CSS breakpoints, so the first paint is already right and
//! hydration changes nothing visible.
//!
//! Selecting a state (a click, a palette add, a drop, a paste) opens a panel folded by its
//! breakpoint, as n8n and Workflow Studio do, so there is something to edit in sight; one the
//! user folded with its toggle stays folded ([`Fold::reveal`]). On a window too narrow for both
//! (below the palette's breakpoint), the inspector opened that way folds the palette, even one
//! the user opened: a drop from the open palette at 800 px opened the inspector beside it and
//! left the canvas ~220 px (the drawing re-fitted to a third, the find field cut). The palette's
//! strip still adds states.

use leptos::prelude::*;

/// Whether a side panel is open, and how it looks either way.
#[derive(Clone, Copy)]
pub struct Fold {
    /// `None` until the browser's width decided; then the user's choice.
    open: RwSignal<Option<bool>>,
    /// Whether the user chose with the toggle (then the panel is never opened for them).
    chosen: StoredValue<bool>,
    look: &'static Look,
}

/// The classes of one panel (whole class names, so Tailwind finds them in the source).
pub struct Look {
    /// What the toggle's label names, e.g. `palette`.
    pub name: &'static str,
    /// Open from this window width up, by default.
    pub breakpoint: f64,
    /// Width when open, when folded, and before the browser decided.
    pub width: [&'static str; 3],
    /// The panel's content: shown, hidden, and before the browser decided.
    pub body: [&'static str; 3],
    /// The folded strip: likewise.
    pub strip: [&'static str; 3],
    /// Folds when the other panel is opened for a selection below this panel's breakpoint.
    pub yields: bool,
    /// The toggle's arrow: when open, when folded.
    pub arrows: [&'static str; 2],
}

/// The palette, left of the canvas.
pub const PALETTE: Look = Look {
    name: "palette",
    breakpoint: 1024.0,
    width: ["w-48", "w-11", "w-11 lg:w-48"],
    body: ["flex", "hidden", "hidden lg:flex"],
    strip: ["hidden", "block", "block lg:hidden"],
    yields: true,
    arrows: ["«", "»"],
};

/// The inspector, right of the canvas.
pub const INSPECTOR: Look = Look {
    name: "inspector",
    breakpoint: 1280.0,
    width: ["w-[21rem]", "w-11", "w-11 xl:w-[21rem]"],
    body: ["flex", "hidden", "hidden xl:flex"],
    strip: ["hidden", "block", "block xl:hidden"],
    yields: false,
    arrows: ["»", "«"],
};

/// The panel that yields ([`Look::yields`]), in context for [`Fold::reveal_when`].
#[derive(Clone, Copy)]
struct Yielding(Fold);

impl Fold {
    /// A panel that follows its breakpoint until toggled. One that yields is also provided as
    /// context, for the other panel's [`Fold::reveal_when`] below.
    pub fn new(look: &'static Look) -> Self {
        let fold = Fold { open: RwSignal::new(None), chosen: StoredValue::new(false), look };
        if look.yields {
            provide_context(Yielding(fold));
        }
        fold
    }

    /// Decides from the window's width, once, in the browser (after hydration).
    pub fn decide(self) {
        Effect::new(move |_| {
            if self.open.get_untracked().is_none() {
                self.open.set(Some(window_width() >= self.look.breakpoint));
            }
        });
    }

    /// Open or fold (the user's choice, kept while on the page).
    pub fn toggle(self) {
        self.chosen.set_value(true);
        self.open.update(|o| *o = Some(!o.unwrap_or(true)));
    }

    /// Opens the panel unless the user folded it: when it is folded by its breakpoint (or not
    /// decided yet) and something is there to see.
    pub fn reveal(self) {
        if !self.chosen.get_value() && self.open.get_untracked() != Some(true) {
            self.open.set(Some(true));
        }
    }

    /// Reveals the panel whenever `when` turns true, in the browser (an effect, so after
    /// hydration: the server's HTML and the first paint are unchanged); folds the yielding
    /// panel if that opened this one on a narrow window ([`Fold::reveal_beside`]).
    pub fn reveal_when(self, when: impl Fn() -> bool + 'static) {
        let other = use_context::<Yielding>().map(|y| y.0);
        Effect::new(move |was: Option<bool>| {
            let now = when();
            if now && was != Some(true) {
                self.reveal_beside(other, window_width());
            }
            now
        });
    }

    /// [`Fold::reveal`]; when that opened the panel and the window (`width` px) is narrower
    /// than `other`'s breakpoint, `other` is folded, so the canvas keeps its room.
    fn reveal_beside(self, other: Option<Fold>, width: f64) {
        let was = self.open.get_untracked();
        self.reveal();
        let opened = was != Some(true) && self.open.get_untracked() == Some(true);
        if let Some(o) = other.filter(|o| opened && width < o.look.breakpoint) {
            o.open.set(Some(false));
        }
    }

    fn pick(self, of: [&'static str; 3]) -> &'static str {
        match self.open.get() {
            Some(true) => of[0],
            Some(false) => of[1],
            None => of[2],
        }
    }

    /// The panel's width classes.
    pub fn width(self) -> &'static str {
        self.pick(self.look.width)
    }

    /// The content's display classes.
    pub fn body(self) -> &'static str {
        self.pick(self.look.body)
    }

    /// The folded strip's display classes.
    pub fn strip(self) -> &'static str {
        self.pick(self.look.strip)
    }
}

fn window_width() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        window().inner_width().ok().and_then(|w| w.as_f64()).unwrap_or(f64::INFINITY)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        f64::INFINITY
    }
}

/// The button that opens or folds a panel (`data-testid="<name>-toggle"`).
#[component]
pub fn FoldToggle(fold: Fold, controls: &'static str) -> impl IntoView {
    let name = fold.look.name;
    let label = move || match fold.open.get() {
        Some(true) => format!("Hide the {name}"),
        Some(false) => format!("Show the {name}"),
        None => format!("Show or hide the {name}"),
    };
    let [open, folded] = fold.look.arrows;
    view! {
        <button type="button" data-testid=format!("{name}-toggle") aria-controls=controls
            aria-expanded=move || fold.open.get().map(|o| o.to_string())
            aria-label=label title=label
            class="flex h-7 w-7 shrink-0 items-center justify-center rounded-md border border-slate-300 bg-white text-sm text-slate-600 shadow-sm hover:bg-slate-100"
            on:click=move |_| fold.toggle()>
            // Shown like the strip and the content, so right before hydration too.
            <span aria-hidden="true" class=move || fold.strip()>{folded}</span>
            <span aria-hidden="true" class=move || fold.body()>{open}</span>
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Signals need an arena when `ssr` is on (leptos_axum enables sandboxed arenas).
    #[test]
    fn folds_follow_css_until_decided_then_the_toggle() {
        Owner::new().with(fold_and_open);
    }

    fn fold_and_open() {
        let f = Fold::new(&PALETTE);
        assert_eq!((f.width(), f.body()), ("w-11 lg:w-48", "hidden lg:flex"), "the server leaves it to CSS");
        f.open.set(Some(false));
        f.toggle();
        assert_eq!((f.width(), f.body(), f.strip()), ("w-48", "flex", "hidden"));
        f.toggle();
        assert_eq!((f.width(), f.body(), f.strip()), ("w-11", "hidden", "block"));
    }

    #[test]
    fn selecting_opens_a_panel_folded_by_default_but_not_one_the_user_folded() {
        Owner::new().with(reveal);
    }

    fn reveal() {
        // Folded by the breakpoint (a narrow window): selecting opens it.
        let f = Fold::new(&INSPECTOR);
        f.open.set(Some(false));
        f.reveal();
        assert_eq!(f.open.get_untracked(), Some(true));
        // Not decided yet (selected before the width was read): opened too, and kept.
        let f = Fold::new(&INSPECTOR);
        f.reveal();
        assert_eq!(f.open.get_untracked(), Some(true));
        // Folded with the toggle: the user's choice stands, and so does opening it again.
        let f = Fold::new(&INSPECTOR);
        f.open.set(Some(true));
        f.toggle();
        f.reveal();
        assert_eq!(f.open.get_untracked(), Some(false), "folded by the user");
        f.toggle();
        f.reveal();
        assert_eq!(f.open.get_untracked(), Some(true));
    }

    #[test]
    fn the_inspector_opened_on_a_narrow_window_folds_the_palette() {
        Owner::new().with(yields);
    }

    fn yields() {
        let open = |width: f64, inspector_was: bool| {
            let (p, i) = (Fold::new(&PALETTE), Fold::new(&INSPECTOR));
            p.open.set(Some(false));
            p.toggle(); // opened by the user
            i.open.set(Some(inspector_was));
            i.reveal_beside(use_context::<Yielding>().map(|y| y.0), width);
            (p.open.get_untracked(), i.open.get_untracked())
        };
        assert_eq!(open(800.0, false), (Some(false), Some(true)), "800 px: the palette gives way");
        assert_eq!(open(1100.0, false), (Some(true), Some(true)), "room for both");
        assert_eq!(open(800.0, true), (Some(true), Some(true)), "the inspector was open already");
    }
}
