//! What a search of the builds list asks for: words or quoted phrases found anywhere in a
//! build's name, services, repositories or template, and `template:NAME`, the builds made from
//! exactly that template — so a template used by a thousand builds can list them all.

/// The qualifier that asks for the builds made from one template.
const TEMPLATE: &str = "template:";

/// One condition every listed build meets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Term {
    /// Found, ignoring case, in the build's searchable text (held lowercased here).
    Text(String),
    /// The build is made from the template of exactly this `name` (kept as typed, since Zadig
    /// looks a template up by its exact name); `word` is the name lowercased, once, for lists
    /// whose rows have no template and read it as a word.
    Template { name: String, word: String },
}

impl Term {
    /// Whether a thing whose searchable text is `haystack` (lowercased) meets this term;
    /// `template` is the exact template name it answers `template:NAME` with, where it has one
    /// (a build its template's, a template its own), and where it has none the name is a word
    /// like any other — one rule for every list the console searches.
    pub(crate) fn met_by(&self, haystack: &str, template: Option<&str>) -> bool {
        match (self, template) {
            (Term::Text(word), _) => haystack.contains(word.as_str()),
            (Term::Template { name, .. }, Some(exact)) => exact == name,
            (Term::Template { word, .. }, None) => haystack.contains(word.as_str()),
        }
    }
}

/// The terms of `query`: a `"quoted phrase"` is one term, spaces and all (`\"` in it a double
/// quote, `\\` a backslash); so is the name after `template:`, quoted where it holds a space or
/// a double quote. An unclosed quote runs to the end.
pub(crate) fn terms(query: &str) -> Vec<Term> {
    let mut terms = Vec::new();
    let mut rest = query.trim_start();
    while !rest.is_empty() {
        let qualified = rest.strip_prefix(TEMPLATE);
        let (value, after) = token(qualified.unwrap_or(rest));
        match qualified {
            Some(_) if !value.is_empty() => terms.push(Term::Template { word: value.to_lowercase(), name: value }),
            // `template:` with no name searches for the word itself.
            Some(_) => terms.push(Term::Text(TEMPLATE.to_string())),
            None if value.is_empty() => {}
            None => terms.push(Term::Text(value.to_lowercase())),
        }
        rest = after.trim_start();
    }
    terms
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
    if template.contains(|c: char| c.is_whitespace() || c == '"') {
        format!("{TEMPLATE}\"{}\"", template.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        format!("{TEMPLATE}{template}")
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
        assert!(text("api").met_by("payments-api", None));
        assert!(!text("web").met_by("payments-api", Some("web")), "a word is looked for in the text only");
        assert!(template("Go").met_by("anything", Some("Go")));
        assert!(!template("Go").met_by("go", Some("go-service")), "a template name is matched exactly");
        assert!(template("Go-Service").met_by("job-1 go-service zadig passed", None), "without a template, the name is a word");
        assert!(!template("Go").met_by("job-1 api zadig passed", None));
    }

    proptest::proptest! {
        /// Whatever a template is called, its builds' link asks for exactly it.
        #[test]
        fn any_template_name_reads_back(name in "\\PC{1,12}|[ \"\\\\a]{1,6}") {
            proptest::prop_assert_eq!(terms(&template_query(&name)), vec![template(&name)]);
        }
    }
}
