//! Undo and redo: whole-definition snapshots (a 500-state definition is ~100 KB, and at most
//! [`LIMIT`] are kept). Consecutive edits of one field (typing) merge into one step until the
//! field loses focus ([`History::settle`]).

use serde_json::Value;

/// Most undo steps kept.
pub const LIMIT: usize = 100;

/// What the editor said after a step (its notice: e.g. what an insert cut off), said again
/// when the step is redone.
pub type Note = Option<String>;

/// The undo and redo stacks: each entry is the definition on one side of a step, and the step's
/// note.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<(Value, Note)>,
    redo: Vec<(Value, Note)>,
    last: Option<String>,
}

impl History {
    /// Records `before` (the definition before an edit) unless the edit continues the last one
    /// (same non-empty `key`, not settled since).
    pub fn record(&mut self, before: Value, key: &str) {
        let continues = !key.is_empty() && self.last.as_deref() == Some(key);
        if !continues {
            self.undo.push((before, None));
            if self.undo.len() > LIMIT {
                self.undo.remove(0);
            }
        }
        self.redo.clear();
        self.last = Some(key.to_string());
    }

    /// Notes what the editor said after the step just recorded.
    pub fn note(&mut self, note: Note) {
        if let Some(step) = self.undo.last_mut() {
            step.1 = note;
        }
    }

    /// Ends a run of merged edits.
    pub fn settle(&mut self) {
        self.last = None;
    }

    /// The definition to go back to, given the current one.
    pub fn undo(&mut self, current: Value) -> Option<Value> {
        let (prev, note) = self.undo.pop()?;
        self.redo.push((current, note));
        self.last = None;
        Some(prev)
    }

    /// The definition to go forward to, given the current one, and the step's note.
    pub fn redo(&mut self, current: Value) -> Option<(Value, Note)> {
        let (next, note) = self.redo.pop()?;
        self.undo.push((current, note.clone()));
        self.last = None;
        Some((next, note))
    }

    /// (can undo, can redo).
    pub fn can(&self) -> (bool, bool) {
        (!self.undo.is_empty(), !self.redo.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn undo_redo_and_typing_merges() {
        let mut h = History::default();
        h.record(json!(0), "");
        h.record(json!(1), "field");
        h.record(json!(2), "field"); // the same field again: merged
        assert_eq!(h.undo(json!(3)), Some(json!(1)));
        assert_eq!(h.undo(json!(1)), Some(json!(0)));
        assert_eq!(h.undo(json!(0)), None);
        assert_eq!(h.redo(json!(0)), Some((json!(1), None)));
        assert_eq!(h.redo(json!(1)), Some((json!(3), None)));
        h.settle();
        h.record(json!(3), "");
        assert_eq!(h.can(), (true, false), "a new edit clears redo");
    }

    #[test]
    fn a_redone_step_brings_its_note_back() {
        let mut h = History::default();
        h.record(json!(0), "");
        h.note(Some("cut off".into()));
        h.record(json!(1), "");
        assert_eq!(h.undo(json!(2)), Some(json!(1)));
        assert_eq!(h.undo(json!(1)), Some(json!(0)));
        assert_eq!(h.redo(json!(0)), Some((json!(1), Some("cut off".into()))));
        assert_eq!(h.redo(json!(1)), Some((json!(2), None)));
        // Undone and redone again: still noted.
        assert_eq!(h.undo(json!(2)), Some(json!(1)));
        assert_eq!(h.undo(json!(1)), Some(json!(0)));
        assert_eq!(h.redo(json!(0)).and_then(|s| s.1).as_deref(), Some("cut off"));
    }
}
