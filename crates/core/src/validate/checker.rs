//! Collects findings while rules walk a request.
//!
//! Paths are [`At`] values: borrowed chains rendered into JSON pointers only when a finding is
//! reported, so validating a clean build allocates almost nothing.

use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry;
use std::hash::Hash;

use crate::diagnostic::{Diagnostic, Source};
use crate::pointer;

/// A JSON pointer under construction, cheap to extend and to copy.
#[derive(Debug, Clone, Copy)]
pub(crate) enum At<'a> {
    /// A pointer given as text, such as `/advanced_settings`.
    Base(&'a str),
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl<'a> At<'a> {
    /// A pointer starting from `base` (`""` is the document).
    pub(crate) fn root(base: &'a str) -> At<'a> {
        At::Base(base)
    }

    /// The member `key` below this pointer.
    pub(crate) fn key(&'a self, key: &'a str) -> At<'a> {
        At::Key(self, key)
    }

    /// The item `i` below this pointer.
    pub(crate) fn index(&'a self, i: usize) -> At<'a> {
        At::Index(self, i)
    }

    fn write(&self, out: &mut String) {
        match self {
            At::Base(base) => out.push_str(base),
            At::Key(parent, key) => {
                parent.write(out);
                out.push('/');
                out.push_str(&pointer::escape(key));
            }
            At::Index(parent, i) => {
                parent.write(out);
                out.push('/');
                out.push_str(&i.to_string());
            }
        }
    }
}

/// Anything a finding's path can be given as.
pub(crate) trait IntoPath {
    fn into_path(self) -> String;
}

impl IntoPath for At<'_> {
    fn into_path(self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }
}

impl IntoPath for &str {
    fn into_path(self) -> String {
        self.to_string()
    }
}

impl IntoPath for &String {
    fn into_path(self) -> String {
        self.clone()
    }
}

impl IntoPath for String {
    fn into_path(self) -> String {
        self
    }
}

/// The findings of one validation run.
#[derive(Debug, Default)]
pub(crate) struct Checker {
    pub(crate) out: Vec<Diagnostic>,
}

impl Checker {
    pub(crate) fn error(&mut self, path: impl IntoPath, code: &str, source: Source, message: impl Into<String>) {
        self.out.push(Diagnostic::error(path.into_path(), code, source, message));
    }

    pub(crate) fn warn(&mut self, path: impl IntoPath, code: &str, source: Source, message: impl Into<String>) {
        self.out.push(Diagnostic::warning(path.into_path(), code, source, message));
    }

    /// Reports an empty (or blank) required text field; returns whether it was present.
    pub(crate) fn require(&mut self, path: impl IntoPath, value: &str, source: Source, what: &str) -> bool {
        if value.trim().is_empty() {
            self.error(path, "required", source, format!("{what} is required."));
            false
        } else {
            true
        }
    }

    /// Reports a value outside `allowed`; empty values are left to `require`.
    pub(crate) fn one_of(&mut self, path: impl IntoPath, value: &str, allowed: &[&str], source: Source, what: &str, consequence: &str) {
        if value.is_empty() || allowed.contains(&value) {
            return;
        }
        let hint = allowed
            .iter()
            .find(|a| a.eq_ignore_ascii_case(value.trim()))
            .map(|a| format!(" Did you mean \"{a}\"?"))
            .unwrap_or_default();
        self.error(
            path,
            "invalid-enum",
            source,
            format!("{what} \"{value}\" is not one of {}.{consequence}{hint}", quoted_list(allowed)),
        );
    }

    /// Reports every repeat of a key after its first occurrence, in the order the items
    /// come. Items are `(index, key)`; `path` renders the repeat's path and `message` gets the
    /// first occurrence's index. An Fx table sized once: a 100-service build's lists are
    /// checked on every keystroke, and SipHash with a growing table was a third of that time.
    pub(crate) fn duplicates<K: Hash + Eq>(
        &mut self,
        items: impl IntoIterator<Item = (usize, K)>,
        path: impl Fn(usize) -> String,
        severity_error: bool,
        source: Source,
        message: impl Fn(usize) -> String,
    ) {
        let items = items.into_iter();
        let (least, most) = items.size_hint();
        let mut first: FxHashMap<K, usize> = FxHashMap::with_capacity_and_hasher(most.unwrap_or(least), Default::default());
        for (i, key) in items {
            match first.entry(key) {
                Entry::Occupied(earlier) if severity_error => self.error(path(i), "duplicate", source, message(*earlier.get())),
                Entry::Occupied(earlier) => self.warn(path(i), "duplicate", source, message(*earlier.get())),
                Entry::Vacant(place) => {
                    place.insert(i);
                }
            }
        }
    }
}

/// `"a", "b" or "c"`.
pub(crate) fn quoted_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("\"{i}\"")).collect();
    crate::diagnostic::or_joined(&quoted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_repeat_names_its_first_occurrence_in_the_order_the_items_come() {
        let mut c = Checker::default();
        let keys = ["a", "b", "a", "c", "b", "a"];
        c.duplicates(keys.iter().copied().enumerate(), |i| format!("/{i}"), true, Source::Runtime, |first| format!("first at {first}"));
        let found: Vec<(&str, &str)> = c.out.iter().map(|d| (d.path.as_str(), d.message.as_str())).collect();
        assert_eq!(found, [("/2", "first at 0"), ("/4", "first at 1"), ("/5", "first at 0")]);
        assert!(c.out.iter().all(|d| d.is_error() && d.code == "duplicate"));
    }

    #[test]
    fn a_warning_repeat_is_a_warning_and_distinct_keys_say_nothing() {
        let mut c = Checker::default();
        let items = [(3, ("x", "1")), (7, ("x", "2")), (9, ("x", "1"))];
        c.duplicates(items, |i| format!("/{i}"), false, Source::Lint, |first| format!("first at {first}"));
        assert_eq!(c.out.len(), 1);
        assert_eq!((c.out[0].path.as_str(), c.out[0].message.as_str(), c.out[0].is_error()), ("/9", "first at 3", false));
    }
}
