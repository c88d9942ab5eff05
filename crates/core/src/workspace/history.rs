//! Undo and redo over a whole value (a build), with typing in one field grouped into one step.

/// Past and future states of a value being edited.
#[derive(Debug, Clone)]
pub struct History<T> {
    past: Vec<T>,
    future: Vec<T>,
    /// The field last edited and when, so consecutive keystrokes form one step.
    last: Option<(String, i64)>,
    limit: usize,
}

/// Keystrokes in the same field closer than this (milliseconds) undo together.
const GROUP_WINDOW_MS: i64 = 1000;

impl<T: Clone + PartialEq> History<T> {
    /// An empty history keeping at most `limit` undo steps.
    pub fn new(limit: usize) -> History<T> {
        History { past: Vec::new(), future: Vec::new(), last: None, limit: limit.max(1) }
    }

    /// Notes that `before` is about to change through `field` at `now`. A change continuing the
    /// previous one (same field, soon after) does not add a step. Any change clears redo.
    pub fn record(&mut self, before: &T, field: &str, now: i64) {
        let continuing = matches!(&self.last, Some((f, t)) if f == field && now - *t < GROUP_WINDOW_MS && !field.is_empty());
        self.last = Some((field.to_string(), now));
        self.future.clear();
        if continuing {
            return;
        }
        if self.past.last() != Some(before) {
            self.past.push(before.clone());
            if self.past.len() > self.limit {
                self.past.remove(0);
            }
        }
    }

    /// The state to go back to, given the current one (which becomes redoable).
    pub fn undo(&mut self, current: &T) -> Option<T> {
        let previous = self.past.pop()?;
        self.future.push(current.clone());
        self.last = None;
        Some(previous)
    }

    /// The state to go forward to, given the current one.
    pub fn redo(&mut self, current: &T) -> Option<T> {
        let next = self.future.pop()?;
        self.past.push(current.clone());
        self.last = None;
        Some(next)
    }

    /// Whether Undo has anything to take back, so the editor can disable it when not.
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// Whether Redo has anything to bring back, so the editor can disable it when not.
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// Forgets everything (after loading another value).
    pub fn clear(&mut self) {
        self.past.clear();
        self.future.clear();
        self.last = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_in_one_field_undoes_as_one_step() {
        let mut h = History::new(10);
        let mut value = String::new();
        for (i, c) in "api".chars().enumerate() {
            h.record(&value, "/name", i as i64 * 100);
            value.push(c);
        }
        h.record(&value, "/project_key", 400);
        value.push_str(" p");
        assert_eq!(h.undo(&value).as_deref(), Some("api"));
        assert_eq!(h.undo(&"api".to_string()).as_deref(), Some(""));
        assert!(!h.can_undo());
        assert_eq!(h.redo(&String::new()).as_deref(), Some("api"));
        assert_eq!(h.redo(&"api".to_string()).as_deref(), Some("api p"));
        assert!(!h.can_redo());
    }

    #[test]
    fn a_pause_starts_a_new_step_and_edits_clear_redo() {
        let mut h = History::new(10);
        h.record(&"a".to_string(), "/name", 0);
        h.record(&"ab".to_string(), "/name", 5000);
        assert_eq!(h.undo(&"abc".to_string()).as_deref(), Some("ab"));
        h.record(&"ab".to_string(), "/name", 6000);
        assert!(!h.can_redo());
        let mut small = History::new(2);
        for (i, v) in ["a", "b", "c"].iter().enumerate() {
            small.record(&v.to_string(), &format!("/f{i}"), 0);
        }
        assert_eq!(small.undo(&"d".to_string()).as_deref(), Some("c"));
        assert_eq!(small.undo(&"c".to_string()).as_deref(), Some("b"));
        assert_eq!(small.undo(&"b".to_string()), None, "only the last 2 steps are kept");
    }
}
