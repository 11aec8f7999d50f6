//! The execution view's own state: which state is selected, which Map iterations are picked,
//! and what follows from them (the shown run and status of every state). One `Copy` value that
//! the page hands to each of its components.

use super::scope::{parse_key, Selection, Shown};
use super::shape::Shape;
use super::LiveExecution;
use engine::tracker::StepStatus;
use leptos::prelude::*;
use std::collections::HashMap;

/// The selected step as the step panel shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectedStep {
    /// State name.
    pub name: String,
    /// The step key of its shown run (None: it has not run there).
    pub key: Option<String>,
    /// The tracker's status of that run.
    pub step: Option<StepStatus>,
    /// Its trace.
    pub trace: Option<super::trace::StepTrace>,
}

/// Selection state plus the live execution.
#[derive(Clone, Copy)]
pub struct ExecView {
    /// What the stream delivered.
    pub live: LiveExecution,
    /// The definition's nesting.
    pub shape: StoredValue<Shape>,
    /// The selected state's name (the graph's selection).
    pub selected: RwSignal<Option<String>>,
    /// Iterations the user picked, by Map state name.
    pub picks: RwSignal<HashMap<String, usize>>,
    /// The shown run of every state that ran.
    pub shown: Memo<HashMap<String, Shown>>,
    /// The browser's clock in ms since the epoch, advanced while the execution runs (0 on the
    /// server), so running bars grow between events.
    pub tick: RwSignal<i64>,
}

impl ExecView {
    /// A view of `live` for a definition of `shape`.
    pub fn new(live: LiveExecution, shape: Shape) -> Self {
        let shape = StoredValue::new(shape);
        let picks = RwSignal::new(HashMap::new());
        let shown = Memo::new(move |_| {
            let picks = picks.read();
            let trace = live.trace.read();
            shape.with_value(|shape| {
                let sel = Selection { shape, maps: &trace.maps, picks: &picks };
                live.status.with(|s| sel.shown(s, trace.stopped_at))
            })
        });
        ExecView { live, shape, selected: RwSignal::new(None), picks, shown, tick: RwSignal::new(0) }
    }

    /// The server's clock now, in ms since the epoch, as the browser estimates it: the browser's
    /// clock less the offset seen on live events (`saw_event_at`), or the browser's own until
    /// one has arrived (a page opened during a long Wait). `None` before the first tick (and on
    /// the server), so durations then end at the latest event. Running durations (header, step
    /// panel, timeline) grow with it.
    pub fn server_now_ms(&self) -> Option<i64> {
        let tick = self.tick.get();
        (tick > 0).then(|| tick - self.live.clock_offset_ms.get().unwrap_or(0))
    }

    /// Lowercase status per state name, for the graph's `data-status`.
    pub fn statuses(&self) -> Signal<HashMap<String, String>> {
        let shown = self.shown;
        Signal::derive(move || shown.with(|m| m.iter().map(|(n, s)| (n.clone(), s.status.to_string())).collect()))
    }

    /// Shows step `key`: picks the Map iterations on its path and selects its state.
    pub fn select_key(&self, key: &str) {
        let (segments, state) = parse_key(key);
        let maps: Vec<(String, usize)> = self.shape.with_value(|shape| {
            segments.iter().filter(|s| shape.is_map(s.container)).map(|s| (s.container.to_string(), s.index)).collect()
        });
        if !maps.is_empty() {
            self.picks.update(|p| p.extend(maps));
        }
        self.selected.set(Some(state.to_string()));
    }

    /// Whether step `key` is in the shown iteration of every Map around it.
    pub fn shows(&self, key: &str) -> bool {
        let picks = self.picks.read();
        let trace = self.live.trace.read();
        self.shape.with_value(|shape| Selection { shape, maps: &trace.maps, picks: &picks }.shows(key))
    }

    /// The selected step, changing only when what the panel shows changes.
    pub fn selected_step(&self) -> Memo<Option<SelectedStep>> {
        let (selected, shown, live) = (self.selected, self.shown, self.live);
        Memo::new(move |_| {
            let name = selected.get()?;
            let key = shown.with(|m| m.get(&name).map(|s| s.key.clone()));
            let step = key.as_ref().and_then(|k| live.status.with(|s| s.steps.get(k).cloned()));
            let trace = key.as_ref().and_then(|k| live.trace.with(|t| t.steps.get(k).cloned()));
            Some(SelectedStep { name, key, step, trace })
        })
    }
}
