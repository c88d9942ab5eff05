//! The places the console's "Go to" palette offers (sections, builds, templates, jobs, and the
//! commands it runs from anywhere) and how a few typed letters pick among thousands of them,
//! the way an admin expects: the name that starts with them first, then a word of it, then
//! anywhere, then the letters in order.

/// What a destination is, which the palette says beside its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DestinationKind {
    Section,
    Build,
    Template,
    Job,
    /// A command (New build, Start a job…): it does something, then lands on its path.
    Command,
}

impl DestinationKind {
    /// The word the palette shows beside a destination of this kind.
    pub fn label(self) -> &'static str {
        match self {
            DestinationKind::Section => "Section",
            DestinationKind::Build => "Build",
            DestinationKind::Template => "Template",
            DestinationKind::Job => "Job",
            DestinationKind::Command => "Command",
        }
    }
}

/// One place the palette can open: its name, what it is, a few words more, and its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    pub name: String,
    pub kind: DestinationKind,
    /// A job's build and status, a build's backend: told apart when names are alike.
    pub detail: String,
    pub path: String,
}

/// How well `query` (already lowercased, not empty) matches `name`; lower is better, `None`
/// when it does not match at all.
fn closeness(name: &str, query: &str) -> Option<u8> {
    let name = name.to_lowercase();
    if name == query {
        return Some(0);
    }
    if name.starts_with(query) {
        return Some(1);
    }
    let word_start = name.match_indices(query).any(|(at, _)| name[..at].ends_with(['-', '_', ' ', '/', '.', ':']));
    if word_start {
        return Some(2);
    }
    if name.contains(query) {
        return Some(3);
    }
    let mut letters = name.chars();
    query.chars().filter(|c| !c.is_whitespace()).all(|q| letters.any(|n| n == q)).then_some(4)
}

/// The at most `limit` destinations that best match `query`, best first; of two as close,
/// the shorter name, then the one given first (sections, given first, lead their ties). An
/// empty query gives the first `limit` as given.
pub fn best_destinations<'a>(query: &str, all: &'a [Destination], limit: usize) -> Vec<&'a Destination> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return all.iter().take(limit).collect();
    }
    let mut found: Vec<(u8, usize, usize)> =
        all.iter().enumerate().filter_map(|(i, d)| closeness(&d.name, &query).map(|c| (c, d.name.chars().count(), i))).collect();
    found.sort_unstable();
    found.into_iter().take(limit).map(|(_, _, i)| &all[i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(name: &str, kind: DestinationKind) -> Destination {
        Destination { name: name.into(), kind, detail: String::new(), path: format!("/{name}") }
    }

    fn names(query: &str, all: &[Destination], limit: usize) -> Vec<String> {
        best_destinations(query, all, limit).into_iter().map(|d| d.name.clone()).collect()
    }

    #[test]
    fn a_name_starting_with_the_letters_leads_then_a_word_then_anywhere_then_in_order() {
        use DestinationKind::*;
        let all = [
            place("Simulator", Section),
            place("Settings", Section),
            place("payments-api", Build),
            place("api-test", Build),
            place("rapid", Template),
            place("a-p-i", Job),
            place("api", Build),
        ];
        assert_eq!(names("API", &all, 10), ["api", "api-test", "payments-api", "rapid", "a-p-i"]);
        assert_eq!(names("s", &all, 2), ["Settings", "Simulator"], "shorter first among prefixes");
        assert_eq!(names("smltr", &all, 10), ["Simulator"], "letters in order");
        assert_eq!(names("zzz", &all, 10), Vec::<String>::new());
        assert_eq!(names("  ", &all, 3), ["Simulator", "Settings", "payments-api"], "no query: as given");
    }

    #[test]
    fn names_whose_lowercase_is_longer_are_matched_without_panicking() {
        let all = [place("İstanbul-build", DestinationKind::Build), place("ß-job", DestinationKind::Job)];
        assert_eq!(names("build", &all, 5), ["İstanbul-build"]);
        assert_eq!(names("İ", &all, 5), ["İstanbul-build"]);
        assert_eq!(names("job", &all, 5), ["ß-job"]);
    }
}
