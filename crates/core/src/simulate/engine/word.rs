//! The statuses and notes a simulated job can read, one byte each in the engine's state.
//!
//! A million-job run keeps three of these per job and one per unit; as string slices they took
//! 16 bytes each and most of the state's memory, which on such runs is most of the time.

/// One word of some backend's status vocabulary (or one of its fixed messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Word(u8);

/// The word for a literal, found while compiling: the engine sets a status several times per
/// job, and a lookup by text at run time compared strings each time. A literal outside the
/// vocabulary does not compile.
macro_rules! word {
    ($text:literal) => {
        const {
            let w = $crate::simulate::engine::Word::of($text);
            assert!(!w.is_empty() || $text.is_empty(), concat!($text, " is not in the engine's vocabulary"));
            w
        }
    };
}
pub(crate) use word;

/// Whether two strings are equal, in a form the compiler can run while compiling.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Every word, at its index; index 0 is the empty word (a status not yet set).
const WORDS: &[&str] = &[
    "",
    // Zadig task, stage and job statuses.
    "created", "waiting", "queued", "running", "prepare", "passed", "failed", "timeout", "cancelled", "unstable", "skipped",
    "pause", "reject", "wait_for_manual_error_handling",
    // ServiceStage states.
    "NotStarted", "Queuing", "Building", "Successful", "Failed", "Timeout", "Cancel",
    // Nuon runner job, execution and component build statuses, and their descriptions.
    "available", "in-progress", "timed-out", "not-attempted", "finished", "planning", "building", "active", "error",
    "runner is not in a healthy state", "queue timeout reached", "waiting for runner to reserve job",
    "timeout waiting for runner to pick up job", "overall timeout", "execution timeout", "success in sandbox mode",
    // Rainbond event statuses and its refusal messages.
    "success", "failure", "complete", "refused", "操作过于频繁，请稍后再试", "应用架构与构建节点架构不匹配",
];

impl Word {
    /// The word for `text`; text outside the vocabulary reads as the empty word. For a literal,
    /// [`word!`] finds it while compiling.
    pub const fn of(text: &str) -> Word {
        let mut i = 1;
        while i < WORDS.len() {
            if same(WORDS[i], text) {
                return Word(i as u8);
            }
            i += 1;
        }
        debug_assert!(text.is_empty(), "a status or note outside the engine's vocabulary");
        Word(0)
    }

    /// Every word of the vocabulary, the empty one first, in the order of [`Word::index`].
    pub fn all() -> impl Iterator<Item = Word> {
        (0..WORDS.len()).map(|i| Word(i as u8))
    }

    /// The word's place in the vocabulary, for tables made over [`Word::all`].
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The word as the backend spells it.
    pub fn as_str(self) -> &'static str {
        WORDS.get(self.0 as usize).copied().unwrap_or("")
    }

    /// Whether no status has been set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl From<&str> for Word {
    fn from(text: &str) -> Word {
        Word::of(text)
    }
}

impl PartialEq<&str> for Word {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Word {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl std::ops::Deref for Word {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for Word {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Serialised as the word itself, so results read in the backend's vocabulary.
impl serde::Serialize for Word {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::{WORDS, Word};

    #[test]
    fn every_word_reads_back_as_itself() {
        assert!(WORDS.len() <= 256, "a word is one byte");
        for text in WORDS {
            assert_eq!(Word::of(text).as_str(), *text);
        }
        assert!(Word::default().is_empty());
    }

    /// A literal found while compiling is the word a lookup at run time finds.
    #[test]
    fn a_literal_resolves_to_the_word_a_lookup_finds() {
        assert_eq!(word!("running"), Word::of("running"));
        assert_eq!(word!("操作过于频繁，请稍后再试").as_str(), "操作过于频繁，请稍后再试");
        assert_eq!(word!(""), Word::default());
    }
}
