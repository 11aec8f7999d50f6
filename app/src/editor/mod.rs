//! The workflow editor's client-side model: the definition as JSON in a signal, edited only
//! through [`Editor::apply`] (which records undo), validated on every change with the engine
//! (in the browser: the engine's validator is a lazy wasm chunk, [`problems_of`], fetched at
//! the first change — the page opens with the problems the server found, so the validator is
//! not part of what the editor downloads to show itself), and laid out again on the server
//! after every change ([`relayout`]: at most one request in flight, the newest definition wins,
//! the last layout stays on screen meanwhile).
//!
//! Layout: [`ops`] (add or insert, connect, delete, set fields), [`rename`] (references
//! follow), [`duplicate`] (a copy of a state, nested states renamed), [`leave_guard`] (no
//! unsaved edits lost by leaving unasked),
//! [`history`] (undo/redo), [`viewport`] (pan/zoom arithmetic), [`palette`] (click or drag
//! with [`dnd`]), [`panels`] (the palette and inspector fold away on narrow screens),
//! [`inspector`] (one section per state type), [`toolbar`] (undo, redo, save, export).

pub mod clipboard;
pub mod dnd;
pub mod duplicate;
pub mod history;
pub mod inspector;
pub mod leave_guard;
pub mod ops;
pub mod palette;
pub mod panels;
pub mod rename;
pub mod toolbar;
pub mod viewport;

use crate::graph_api::layout_definition;
use crate::model::GraphView;
use engine::validate::{validate_value, Problem};
use history::History;
use leptos::prelude::*;
use serde_json::Value;
use std::collections::HashSet;

/// Everything the editor's components share (copied into each through context).
#[derive(Clone, Copy)]
pub struct Editor {
    /// Workflow id.
    pub id: StoredValue<String>,
    /// The definition being edited.
    pub def: RwSignal<Value>,
    /// Problems of `def`, all at once (those of the newest definition validated so far).
    pub problems: RwSignal<Vec<Problem>>,
    /// The selected state.
    pub selected: RwSignal<Option<String>>,
    /// The graph on screen.
    pub graph: RwSignal<GraphView>,
    /// The definition as last saved (or loaded).
    pub saved: RwSignal<Value>,
    /// Version number of `saved`.
    pub version: RwSignal<u32>,
    /// The last edit that could not be made, or what the last one left unreachable, for people.
    pub notice: RwSignal<Option<String>>,
    /// Why the JSON pane's text is not JSON, while it is not: the pane then holds an edit that
    /// `def` does not, so the editor counts as unsaved and Save refuses.
    pub pane_syntax: RwSignal<Option<Problem>>,
    /// (can undo, can redo).
    pub can: RwSignal<(bool, bool)>,
    /// Bumped when the definition changes from anywhere but the JSON pane (so the pane rewrites
    /// its text only then, and the caret stays put while typing).
    pub external: RwSignal<u64>,
    /// (state, execution id) from an execution view's "Test this state": the inspector opens
    /// that state's Test state with the execution's data, once.
    pub test_request: StoredValue<Option<(String, String)>>,
    history: StoredValue<History>,
}

impl Editor {
    /// A new editor over `def` (version `version`), with its server-computed `graph` and
    /// `problems`. [`relayout`] keeps the graph and the problems up to date.
    pub fn new(id: String, def: Value, graph: GraphView, version: u32, problems: Vec<Problem>) -> Self {
        Editor {
            id: StoredValue::new(id),
            def: RwSignal::new(def.clone()),
            problems: RwSignal::new(problems),
            selected: RwSignal::new(None),
            graph: RwSignal::new(graph),
            saved: RwSignal::new(def),
            version: RwSignal::new(version),
            notice: RwSignal::new(None),
            pane_syntax: RwSignal::new(None),
            can: RwSignal::new((false, false)),
            external: RwSignal::new(0),
            test_request: StoredValue::new(None),
            history: StoredValue::new(History::default()),
        }
    }

    /// Applies `edit` to a copy of the definition; on success the copy replaces it and the old
    /// one goes on the undo stack (edits with the same non-empty `key` in a row merge), on
    /// failure nothing changes and the reason is shown.
    pub fn apply<T>(&self, key: &str, edit: impl FnOnce(&mut Value) -> Result<T, String>) -> Option<T> {
        let before = self.def.get_untracked();
        let mut next = before.clone();
        match edit(&mut next) {
            Ok(out) => {
                if next != before {
                    self.history.update_value(|h| h.record(before, key));
                    self.def.set(next);
                    self.after_change(key != "pane");
                }
                self.notice.set(None);
                Some(out)
            }
            Err(e) => {
                self.notice.set(Some(e));
                None
            }
        }
    }

    /// Ends the current run of merged edits (a field lost focus).
    pub fn settle(&self) {
        self.history.update_value(History::settle);
    }

    /// Ctrl+Z.
    pub fn undo(&self) {
        let current = self.def.get_untracked();
        let names = ops::all_names(&current);
        if let Some(prev) = self.history.try_update_value(|h| h.undo(current)).flatten() {
            self.def.set(prev);
            self.follow_rename(&names);
            self.after_change(true);
        }
    }

    /// Ctrl+Shift+Z.
    pub fn redo(&self) {
        let current = self.def.get_untracked();
        let names = ops::all_names(&current);
        if let Some((next, note)) = self.history.try_update_value(|h| h.redo(current)).flatten() {
            self.def.set(next);
            self.follow_rename(&names);
            self.after_change(true);
            // What the step left unreachable is said again (undo took the notice away).
            self.notice.set(note);
        }
    }

    /// After an undo or redo that renamed the selected state, the selection follows it (it was
    /// dropped, and the inspector emptied, as if the state had been deleted).
    fn follow_rename(&self, before: &[String]) {
        let Some(selected) = self.selected.get_untracked() else { return };
        let after = self.def.with_untracked(ops::all_names);
        if let Some(name) = rename::renamed(before, &after, &selected) {
            self.selected.set(Some(name));
        }
    }

    fn after_change(&self, external: bool) {
        self.notice.set(None);
        self.can.set(self.history.with_value(History::can));
        if external {
            self.external.update(|n| *n += 1);
        }
        if let Some(name) = self.selected.get_untracked() {
            if self.def.with_untracked(|d| ops::state(d, &name).is_none()) {
                self.selected.set(None);
            }
        }
    }

    /// Deletes the selected state (Delete key, the inspector's button); references to it move
    /// on to its successor or are cleaned, as [`ops::delete_state`] says.
    pub fn delete_selected(&self) {
        let Some(name) = self.selected.get_untracked() else { return };
        if self.apply("", |d| ops::delete_state(d, &name)).is_some() {
            self.selected.set(None);
        }
    }

    /// Adds a new state (named after `base`) at `place` as one undo step and selects it: the
    /// palette's click and drop both come here.
    pub fn insert(&self, base: &str, state: Value, place: &ops::Place) {
        if let Some(new) = self.apply("", |d| ops::insert_state(d, base, state, place)) {
            self.inserted(new);
        }
    }

    /// Selects a new state and says what it cut off, if anything.
    fn inserted(&self, new: ops::Inserted) {
        let notice = new.notice();
        self.history.update_value(|h| h.note(notice.clone()));
        self.notice.set(notice);
        self.selected.set(Some(new.name));
    }

    /// Where a palette click puts a new state: after the selected state (see
    /// [`ops::insert_state`]), else unconnected at the top level.
    pub fn click_place(&self) -> ops::Place {
        match self.selected.get_untracked() {
            Some(s) => ops::Place::After(s),
            None => ops::Place::Alone(String::new()),
        }
    }

    /// Copies the selected state beside itself and selects the copy (Ctrl+D, the inspector's
    /// button; see [`duplicate`]).
    pub fn duplicate_selected(&self) {
        let Some(name) = self.selected.get_untracked() else { return };
        if let Some(copy) = self.apply("", |d| duplicate::duplicate_state(d, &name)) {
            self.selected.set(Some(copy));
        }
    }

    /// Adds the states in clipboard `text` beside the selected state and selects the first.
    pub fn paste(&self, text: &str) {
        let near = self.selected.get_untracked();
        if let Some(new) = self.apply("", |d| clipboard::paste(d, text, near.as_deref())) {
            self.inserted(new);
        }
    }

    /// Unsaved changes?
    pub fn dirty(&self) -> bool {
        self.pane_syntax.with(Option::is_some) || self.def.with(|d| self.saved.with(|s| d != s))
    }

    /// [`Editor::dirty`] outside the reactive graph (event handlers).
    pub fn dirty_untracked(&self) -> bool {
        untrack(|| self.dirty())
    }

    /// The definition as exported and saved: pretty JSON, ASL only.
    pub fn text(&self) -> String {
        self.def.with_untracked(|d| serde_json::to_string_pretty(d).unwrap_or_default())
    }
}

/// Names of the states that problems point into, nested ones included (the deepest state
/// whose pointer prefixes the problem's).
pub fn states_with_problems(def: &Value, problems: &[Problem]) -> HashSet<String> {
    let pointers = ops::state_pointers(def);
    problems
        .iter()
        .filter_map(|p| {
            pointers
                .iter()
                .filter(|(ptr, _)| p.path == *ptr || p.path.starts_with(&format!("{ptr}/")))
                .max_by_key(|(ptr, _)| ptr.len())
                .map(|(_, n)| n.clone())
        })
        .collect()
}

/// The engine's validation of `def`, in a lazy chunk of its own (see the module docs).
#[lazy]
fn problems_of(def: Value) -> Vec<Problem> {
    validate_value(&def)
}

/// Validates `def` after every change into `problems`. The first change waits for the
/// validator's chunk, so results may come back after a newer change was made: only the newest
/// definition's problems are kept.
fn revalidate(def: RwSignal<Value>, problems: RwSignal<Vec<Problem>>) {
    let newest = StoredValue::new(0u64);
    Effect::new(move |first: Option<()>| {
        let value = def.get();
        if first.is_none() {
            return;
        }
        let Some(ticket) = newest.try_update_value(|n| {
            *n += 1;
            *n
        }) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let found = problems_of(value).await;
            // Unchanged problems notify nobody (every node's outline reads them).
            if newest.try_get_value() == Some(ticket) && problems.with_untracked(|p| *p != found) {
                problems.try_set(found);
            }
        });
    });
}

/// Re-lays the graph out after every change of the definition: one request at a time; changes
/// made meanwhile are coalesced into one more request with the newest definition. Validates
/// every change too, after the layout request is on its way (effects and their tasks run in
/// the order they were made), so validating in the browser overlaps the server's layout
/// instead of delaying it.
pub fn relayout(editor: Editor) {
    let busy = StoredValue::new(false);
    let again = StoredValue::new(false);
    Effect::new(move |first: Option<()>| {
        editor.def.track();
        if first.is_none() {
            return;
        }
        if busy.get_value() {
            again.set_value(true);
            return;
        }
        busy.set_value(true);
        leptos::task::spawn_local(async move {
            loop {
                let text = editor.def.with_untracked(|d| d.to_string());
                if let Ok(g) = layout_definition(text).await {
                    editor.graph.set(g);
                }
                if !again.get_value() {
                    break;
                }
                again.set_value(false);
            }
            busy.set_value(false);
        });
    });
    revalidate(editor.def, editor.problems);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn problems_mark_the_deepest_state() {
        let def = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
            "Branches": [{"StartAt": "In", "States": {"In": {"Type": "Pass", "Next": "Nowhere"}}}]}}});
        let problems = validate_value(&def);
        let names = states_with_problems(&def, &problems);
        assert!(names.contains("In"), "{problems:?}");
        assert!(!names.contains("Nowhere"), "{problems:?}");
    }

    // Signals need an arena when `ssr` is on (leptos_axum enables sandboxed arenas).
    #[test]
    fn a_palette_click_inserts_after_the_selection_and_one_undo_restores() {
        Owner::new().with(click_then_undo);
    }

    fn click_then_undo() {
        let def = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": true}}});
        let ed = Editor::new("w".into(), def.clone(), GraphView::default(), 1, Vec::new());
        ed.selected.set(Some("A".into()));
        ed.insert("Wait", ops::template("Wait", None), &ed.click_place());
        assert_eq!(ed.selected.get_untracked().as_deref(), Some("Wait"), "the new state is selected");
        let now = ed.def.get_untracked();
        assert_eq!((&now["States"]["A"]["Next"], &now["States"]["Wait"]["Next"]), (&json!("Wait"), &json!("B")));
        ed.undo();
        assert_eq!(ed.def.get_untracked(), def);
        assert_eq!(ed.can.get_untracked(), (false, true));
    }

    #[test]
    fn redoing_an_insert_that_cut_states_off_says_so_again() {
        Owner::new().with(redo_says_again);
    }

    fn redo_says_again() {
        let def = json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "End": true}}});
        let ed = Editor::new("w".into(), def, GraphView::default(), 1, Vec::new());
        ed.selected.set(Some("A".into()));
        ed.insert("Fail", ops::template("Fail", None), &ed.click_place());
        let said = ed.notice.get_untracked();
        assert!(said.as_deref().is_some_and(|n| n.contains("“B”")), "{said:?}");
        ed.undo();
        assert_eq!(ed.notice.get_untracked(), None);
        ed.redo();
        assert_eq!(ed.notice.get_untracked(), said);
    }
}
