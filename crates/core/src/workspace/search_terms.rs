//! What a search of one of the console's lists asks for: words or quoted phrases found anywhere
//! in a row's text, `template:NAME`, the builds made from exactly that template — so a template
//! used by a thousand builds can list them all —, and `status:WORD`, the jobs whose status is
//! exactly that word, so `status:failed` leaves out a build called `failed-tests`.

/// The qualifier that asks for the builds made from one template.
const TEMPLATE: &str = "template:";

/// The qualifier that asks for the jobs in one status.
const STATUS: &str = "status:";

/// What a row answers each qualifier with exactly, where it has one: a list whose rows have no
/// template (or no status) reads the qualified value as a word like any other.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Exact<'a> {
    /// The template a build is made from, or a template's own name.
    pub template: Option<&'a str>,
    /// A job's status, in its backend's words.
    pub status: Option<&'a str>,
}

/// One condition every row a search lists meets (a build, a template, a job).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// Found, ignoring case, in the build's searchable text (held lowercased here).
    Text(String),
    /// The build is made from the template of exactly this `name` (kept as typed, since Zadig
    /// looks a template up by its exact name); `word` is the name lowercased, once, for lists
    /// whose rows have no template and read it as a word.
    Template { name: String, word: String },
    /// The job's status is this word, ignoring case (`status:successful` is ServiceStage's
    /// `Successful`); held lowercased.
    Status(String),
}

impl Term {
    /// Whether a thing whose searchable text is `haystack` (lowercased) meets this term;
    /// `exact` is what it answers the qualifiers with, where it has one (a build its template's
    /// name, a template its own, a job its status), and where it has none the value is a word
    /// like any other — one rule for every list the console searches.
    pub(crate) fn met_by(&self, haystack: &str, exact: Exact<'_>) -> bool {
        match self {
            Term::Text(word) => haystack.contains(word.as_str()),
            Term::Template { name, word } => exact.template.map_or_else(|| haystack.contains(word.as_str()), |t| t == name),
            Term::Status(word) => exact.status.map_or_else(|| haystack.contains(word.as_str()), |s| s.to_lowercase() == *word),
        }
    }
}

/// The terms of `query`: a `"quoted phrase"` is one term, spaces and all (`\"` in it a double
/// quote, `\\` a backslash); so is the name after `template:` or the word after `status:`,
/// quoted where it holds a space or a double quote. An unclosed quote runs to the end.
pub(crate) fn terms(query: &str) -> Vec<Term> {
    read_tokens(query).filter_map(|(_, term)| term).collect()
}

/// Each token of `query` as typed, quotes and all, with the term it reads as (none for an
/// empty phrase): what [`terms`] reads and [`with_status`] keeps as typed.
fn read_tokens(query: &str) -> impl Iterator<Item = (&str, Option<Term>)> {
    let mut rest = query.trim_start();
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let qualifier = [TEMPLATE, STATUS].into_iter().find(|q| rest.starts_with(q));
        let (value, after) = token(&rest[qualifier.map_or(0, str::len)..]);
        let term = match qualifier {
            // A qualifier with nothing after it searches for the word itself.
            Some(q) if value.is_empty() => Some(Term::Text(q.to_string())),
            Some(TEMPLATE) => Some(Term::Template { word: value.to_lowercase(), name: value }),
            Some(_) => Some(Term::Status(value.to_lowercase())),
            None if value.is_empty() => None,
            None => Some(Term::Text(value.to_lowercase())),
        };
        let raw = &rest[..rest.len() - after.len()];
        rest = after.trim_start();
        Some((raw, term))
    })
}

/// The first token of `text` (a quoted phrase without its quotes, its escapes read, or a run
/// of non-space as it is) and what follows it.
fn token(text: &str) -> (String, &str) {
    let Some(quoted) = text.strip_prefix('"') else {
        let end = text.find(char::is_whitespace).unwrap_or(text.len());
        return (text[..end].to_string(), &text[end..]);
    };
    let mut value = String::new();
    let mut chars = quoted.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return (value, &quoted[at + 1..]),
            '\\' if quoted[at + 1..].starts_with(['"', '\\']) => value.extend(chars.next().map(|(_, escaped)| escaped)),
            _ => value.push(c),
        }
    }
    (value, "")
}

/// The search that lists the builds made from `template`, as a link to the builds list puts it:
/// quoted, with its quotes and backslashes escaped, where it holds a space or a double quote.
pub fn template_query(template: &str) -> String {
    qualified(TEMPLATE, template)
}

/// The search that lists the jobs whose status is `status`, as the Jobs page's tally of
/// statuses puts it.
pub fn status_query(status: &str) -> String {
    qualified(STATUS, status)
}

/// The status `query` asks for (its last `status:` term's word, lowercased), if any: the Jobs
/// page's tally shows that status pressed.
pub fn searched_status(query: &str) -> Option<String> {
    terms(query).into_iter().rev().find_map(|t| match t {
        Term::Status(word) => Some(word),
        _ => None,
    })
}

/// `query` asking for the jobs in `status` (none: in any status) and for whatever else it asked
/// for, its other words kept as typed: a tally's button narrows a search rather than replace it.
/// The status goes first, where an unclosed quote typed last cannot take it in.
pub fn with_status(query: &str, status: Option<&str>) -> String {
    let others = read_tokens(query).filter(|(_, term)| !matches!(term, Some(Term::Status(_)))).map(|(raw, _)| raw.to_string());
    status.map(status_query).into_iter().chain(others).collect::<Vec<_>>().join(" ")
}

/// `qualifier` with `value`, quoted where it must be to read back as one token.
fn qualified(qualifier: &str, value: &str) -> String {
    if value.contains(|c: char| c.is_whitespace() || c == '"') {
        format!("{qualifier}\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        format!("{qualifier}{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Term {
        Term::Text(t.into())
    }

    fn template(t: &str) -> Term {
        Term::Template { name: t.into(), word: t.to_lowercase() }
    }

    fn status(t: &str) -> Term {
        Term::Status(t.to_lowercase())
    }

    fn exact_template(t: &str) -> Exact<'_> {
        Exact { template: Some(t), status: None }
    }

    fn exact_status(s: &str) -> Exact<'_> {
        Exact { template: None, status: Some(s) }
    }

    #[test]
    fn words_phrases_and_the_template_qualifier_are_told_apart() {
        assert_eq!(terms(""), []);
        assert_eq!(terms("  API   Server "), [text("api"), text("server")]);
        assert_eq!(terms("\"acme/api server\" web"), [text("acme/api server"), text("web")]);
        assert_eq!(terms("template:Go-Service api"), [template("Go-Service"), text("api")]);
        assert_eq!(terms("template:\"go service\" \"unclosed phrase"), [template("go service"), text("unclosed phrase")]);
        assert_eq!(terms("template: api"), [text("template:"), text("api")]);
        assert_eq!(terms("\"\" x"), [text("x")]);
        assert_eq!(terms("mytemplate:x"), [text("mytemplate:x")]);
        assert_eq!(terms("status:Successful api status:\"in progress\""), [status("successful"), text("api"), status("in progress")]);
        assert_eq!(terms("status: mystatus:x"), [text("status:"), text("mystatus:x")]);
        assert_eq!(terms(r#""say \"hi\"" a\b "c:\\d" "e\f""#), [text("say \"hi\""), text("a\\b"), text("c:\\d"), text("e\\f")]);
    }

    #[test]
    fn a_template_query_reads_back_as_that_template() {
        for name in ["go-service", "go service", "模板", "a:b", "say \"hi\"", "\"lead", "back\\slash", "tail \\", "q\\\"", "\\\""] {
            assert_eq!(terms(&template_query(name)), [template(name)], "{name}");
        }
    }

    #[test]
    fn a_template_term_asks_for_the_exact_name_where_there_is_one_and_is_a_word_elsewhere() {
        assert!(text("api").met_by("payments-api", Exact::default()));
        assert!(!text("web").met_by("payments-api", exact_template("web")), "a word is looked for in the text only");
        assert!(template("Go").met_by("anything", exact_template("Go")));
        assert!(!template("Go").met_by("go", exact_template("go-service")), "a template name is matched exactly");
        assert!(template("Go-Service").met_by("job-1 go-service zadig passed", Exact::default()), "without a template, the name is a word");
        assert!(!template("Go").met_by("job-1 api zadig passed", exact_status("passed")));
    }

    #[test]
    fn a_status_term_asks_for_the_exact_status_in_any_case_where_there_is_one_and_is_a_word_elsewhere() {
        assert!(status("failed").met_by("job-1 api zadig failed", exact_status("failed")));
        assert!(!status("failed").met_by("job-2 failed-tests zadig passed", exact_status("passed")), "a build's name is not its job's status");
        assert!(!status("fail").met_by("job-3 api zadig failed", exact_status("failed")), "a status is matched whole");
        assert!(status("successful").met_by("job-4 api servicestage successful", exact_status("Successful")));
        assert!(status("failed").met_by("failed-tests", Exact::default()), "without a status, the word is looked for");
        assert!(!status("failed").met_by("api", exact_template("failed")));
    }

    #[test]
    fn a_status_query_reads_back_as_that_status() {
        for word in ["running", "in-progress", "wait_for_manual_error_handling", "Successful", "in progress", "say \"hi\""] {
            assert_eq!(terms(&status_query(word)), [status(word)], "{word}");
        }
        assert_eq!(status_query("passed"), "status:passed");
    }

    #[test]
    fn a_status_is_put_into_a_search_and_taken_out_with_the_rest_kept_as_typed() {
        assert_eq!(searched_status(""), None);
        assert_eq!(searched_status("api status:Failed"), Some("failed".into()));
        assert_eq!(searched_status("status: api"), None, "a bare qualifier is a word");
        assert_eq!(with_status("", Some("running")), "status:running");
        assert_eq!(with_status("api  \"web app\"", Some("failed")), "status:failed api \"web app\"");
        assert_eq!(with_status("api status:running", Some("failed")), "status:failed api");
        assert_eq!(with_status("api \"unclosed", Some("failed")), "status:failed api \"unclosed");
        assert_eq!(with_status("status:\"in progress\" api template:\"go svc\"", None), "api template:\"go svc\"");
        assert_eq!(with_status("status: api", None), "status: api", "a bare qualifier is a word, kept");
        assert_eq!(searched_status(&with_status("x status:a", Some("in progress"))), Some("in progress".into()));
    }

    proptest::proptest! {
        /// Whatever was typed, putting a status in leaves every other term as it was.
        #[test]
        fn putting_a_status_in_keeps_every_other_term(query in "\\PC{0,24}|[ \"\\\\a:]{0,12}|(status:|template:|api| |\"){0,6}", word in "[a-z_-]{1,12}") {
            let others: Vec<Term> = terms(&query).into_iter().filter(|t| !matches!(t, Term::Status(_))).collect();
            let wanted: Vec<Term> = std::iter::once(Term::Status(word.clone())).chain(others.iter().cloned()).collect();
            proptest::prop_assert_eq!(terms(&with_status(&query, Some(&word))), wanted);
            proptest::prop_assert_eq!(terms(&with_status(&query, None)), others);
        }

        /// Whatever a template is called, its builds' link asks for exactly it.
        #[test]
        fn any_template_name_reads_back(name in "\\PC{1,12}|[ \"\\\\a]{1,6}") {
            proptest::prop_assert_eq!(terms(&template_query(&name)), vec![template(&name)]);
        }
    }
}
