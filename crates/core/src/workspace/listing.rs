//! The builds list: search over name, services, repositories and template, and sorting.

use std::sync::OnceLock;

use crate::workspace::BuildSummary;
use crate::workspace::search_terms::{Exact, Term, terms};

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    NameAscending,
    NameDescending,
    /// Most recently updated first.
    UpdatedNewest,
    UpdatedOldest,
}

impl Sort {
    /// Every order, as the list offers them.
    pub const ALL: [Sort; 4] = [Sort::NameAscending, Sort::NameDescending, Sort::UpdatedNewest, Sort::UpdatedOldest];

    /// Stable identifier for URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::NameAscending => "name",
            Sort::NameDescending => "-name",
            Sort::UpdatedNewest => "-updated",
            Sort::UpdatedOldest => "updated",
        }
    }

    /// Reads the identifier.
    pub fn parse(text: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Words for the sort control.
    pub fn label(self) -> &'static str {
        match self {
            Sort::NameAscending => "Name, A to Z",
            Sort::NameDescending => "Name, Z to A",
            Sort::UpdatedNewest => "Last updated, newest first",
            Sort::UpdatedOldest => "Last updated, oldest first",
        }
    }
}

/// The summaries of every build with what searching them needs, kept in step as builds change.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    entries: Vec<BuildSummary>,
    /// Lowercased name, services and repositories of each entry, for substring search.
    haystacks: Vec<String>,
    /// Each order's sorted indexes, computed on first use and dropped on any change, so typing
    /// a search only filters.
    orders: [OnceLock<Vec<usize>>; 4],
}

impl Sort {
    fn slot(self) -> usize {
        match self {
            Sort::NameAscending => 0,
            Sort::NameDescending => 1,
            Sort::UpdatedNewest => 2,
            Sort::UpdatedOldest => 3,
        }
    }
}

fn haystack(s: &BuildSummary) -> String {
    let mut text = s.name.to_lowercase();
    for part in s.services.iter().chain(s.repos.iter()).chain(std::iter::once(&s.template)) {
        text.push('\u{1f}');
        text.push_str(&part.to_lowercase());
    }
    text
}

impl Catalog {
    /// A catalog of these summaries.
    pub fn new(entries: Vec<BuildSummary>) -> Catalog {
        let haystacks = entries.iter().map(haystack).collect();
        Catalog { entries, haystacks, orders: Default::default() }
    }

    /// Every summary, in storage order.
    pub fn entries(&self) -> &[BuildSummary] {
        &self.entries
    }

    /// The summary with this id.
    pub fn get(&self, id: &str) -> Option<&BuildSummary> {
        self.entries.iter().find(|s| s.id == id)
    }

    /// The first build with this name.
    pub fn named(&self, name: &str) -> Option<&BuildSummary> {
        self.entries.iter().find(|s| s.name == name)
    }

    /// Adds or replaces a summary (by id).
    pub fn upsert(&mut self, summary: BuildSummary) {
        self.orders = Default::default();
        let at = self.entries.iter().position(|s| s.id == summary.id);
        self.put(at, summary);
    }

    /// Puts a summary at index `at`, or after the rest.
    fn put(&mut self, at: Option<usize>, summary: BuildSummary) {
        let text = haystack(&summary);
        match at {
            Some(i) => {
                self.entries[i] = summary;
                self.haystacks[i] = text;
            }
            None => {
                self.entries.push(summary);
                self.haystacks.push(text);
            }
        }
    }

    /// Adds or replaces many summaries (by id) at once: an import of 30,000 builds searched
    /// the whole list for each of them.
    pub fn upsert_all(&mut self, summaries: impl IntoIterator<Item = BuildSummary>) {
        self.orders = Default::default();
        let mut at: std::collections::HashMap<String, usize> = self.entries.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
        for summary in summaries {
            let i = at.get(&summary.id).copied();
            if i.is_none() {
                at.insert(summary.id.clone(), self.entries.len());
            }
            self.put(i, summary);
        }
    }

    /// Removes a summary, returning it.
    pub fn remove(&mut self, id: &str) -> Option<BuildSummary> {
        let i = self.entries.iter().position(|s| s.id == id)?;
        self.orders = Default::default();
        self.haystacks.remove(i);
        Some(self.entries.remove(i))
    }

    /// Indexes of the entries matching every term of `query` (a word or quoted phrase in name,
    /// services, repositories or template, ignoring case; `template:NAME` exactly), in `sort` order.
    pub fn search(&self, query: &str, sort: Sort) -> Vec<usize> {
        let terms = terms(query);
        let order = self.orders[sort.slot()].get_or_init(|| self.sorted(sort));
        if terms.is_empty() {
            return order.clone();
        }
        let matches = |i: usize, term: &Term| term.met_by(&self.haystacks[i], Exact { template: Some(&self.entries[i].template), status: None });
        order.iter().copied().filter(|&i| terms.iter().all(|t| matches(i, t))).collect()
    }

    fn sorted(&self, sort: Sort) -> Vec<usize> {
        let e = &self.entries;
        let mut all: Vec<usize> = (0..e.len()).collect();
        match sort {
            Sort::NameAscending | Sort::NameDescending => {
                let keys: Vec<String> = e.iter().map(|s| s.name.to_ascii_lowercase()).collect();
                let descending = sort == Sort::NameDescending;
                all.sort_by(|&a, &b| {
                    let by_name = if descending { keys[b].cmp(&keys[a]) } else { keys[a].cmp(&keys[b]) };
                    by_name.then(e[a].id.cmp(&e[b].id))
                });
            }
            Sort::UpdatedNewest => all.sort_by(|&a, &b| e[b].updated_at.cmp(&e[a].updated_at).then(e[a].id.cmp(&e[b].id))),
            Sort::UpdatedOldest => all.sort_by(|&a, &b| e[a].updated_at.cmp(&e[b].updated_at).then(e[a].id.cmp(&e[b].id))),
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::Target;
    use crate::workspace::SyncState;

    fn summary(id: &str, name: &str, service: &str, repo: &str, updated_at: i64) -> BuildSummary {
        BuildSummary {
            id: id.into(),
            name: name.into(),
            project_key: "p".into(),
            services: vec![service.into()],
            repos: vec![repo.into()],
            target: Target::Zadig,
            updated_at,
            errors: 0,
            warnings: 0,
            sync: SyncState::LocalOnly,
            template: String::new(),
        }
    }

    #[test]
    fn searches_every_word_in_names_services_and_repositories() {
        let catalog = Catalog::new(vec![
            summary("1", "api", "api/api", "acme/api-server", 3),
            summary("2", "Web", "web/frontend", "acme/web", 1),
            summary("3", "worker", "jobs/worker", "other/queue", 2),
        ]);
        let names = |hits: Vec<usize>| hits.into_iter().map(|i| catalog.entries()[i].name.clone()).collect::<Vec<_>>();
        assert_eq!(names(catalog.search("", Sort::NameAscending)), ["api", "Web", "worker"]);
        assert_eq!(names(catalog.search("ACME", Sort::NameDescending)), ["Web", "api"]);
        assert_eq!(names(catalog.search("frontend", Sort::NameAscending)), ["Web"]);
        assert_eq!(names(catalog.search("queue worker", Sort::NameAscending)), ["worker"]);
        assert_eq!(names(catalog.search("acme nothing", Sort::NameAscending)), Vec::<String>::new());
        assert_eq!(names(catalog.search("", Sort::UpdatedNewest)), ["api", "worker", "Web"]);
    }

    #[test]
    fn template_names_the_builds_made_from_exactly_that_template() {
        let made_from = |id: &str, name: &str, template: &str| BuildSummary { template: template.into(), ..summary(id, name, "s/s", "r/r", 1) };
        let catalog = Catalog::new(vec![made_from("1", "api", "go"), made_from("2", "web", "go-service"), made_from("3", "go-tool", ""), made_from("4", "db", "go service")]);
        let names = |query: &str| catalog.search(query, Sort::NameAscending).into_iter().map(|i| catalog.entries()[i].name.clone()).collect::<Vec<_>>();
        assert_eq!(names("template:go"), ["api"]);
        assert_eq!(names("template:Go"), Vec::<String>::new(), "as exact as Zadig's lookup");
        assert_eq!(names("template:go-service"), ["web"]);
        assert_eq!(names(&crate::workspace::template_query("go service")), ["db"]);
        assert_eq!(names("template:go api"), ["api"]);
        // A bare word finds a template's name too, as it finds a service's.
        assert_eq!(names("go"), ["api", "db", "go-tool", "web"]);
        assert_eq!(names("\"go service\""), ["db"]);
    }

    #[test]
    fn keeps_itself_in_step_with_changes() {
        let mut catalog = Catalog::new(vec![summary("1", "api", "a/a", "r/r", 1)]);
        catalog.upsert(summary("1", "renamed", "a/a", "r/r", 2));
        catalog.upsert(summary("2", "web", "w/w", "r/w", 3));
        assert_eq!(catalog.search("renamed", Sort::NameAscending), vec![0]);
        assert_eq!(catalog.remove("1").unwrap().name, "renamed");
        assert_eq!(catalog.search("", Sort::NameAscending), vec![0]);
        assert_eq!(catalog.named("web").unwrap().id, "2");
        // Many at once: a stored one replaced in place, new ones after, one repeated kept once.
        catalog.upsert_all([summary("2", "web2", "w/w", "r/w", 4), summary("3", "job", "j/j", "r/j", 5), summary("3", "job2", "j/j", "r/j", 6)]);
        let names: Vec<&str> = catalog.entries().iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["web2", "job2"]);
        assert_eq!(catalog.search("job2", Sort::NameAscending), vec![1]);
    }
}
