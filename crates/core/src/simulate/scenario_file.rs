//! A scenario saved as a file from the Simulator: what the file holds and what the page says
//! of it. `buildbay simulate` has no cluster model, so the file takes the model's parts the
//! scenario names none of; and it carries no secret value unless the admin opts in.

use super::scenario::{ClusterModel, with_cluster_model_written, without_secrets};
use super::text::counted;

/// A scenario file's text, and what went into it besides the scenario as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedScenario {
    pub text: String,
    /// The cluster model's parts put in (`clusters`, `zadig`, `runners`).
    pub model_parts: Vec<&'static str>,
    /// How many builds and templates had their secret values masked; None when the admin
    /// chose to keep them in clear text.
    pub masked: Option<usize>,
}

/// How the page names a part of the cluster model put into a saved scenario.
fn model_part_words(key: &str) -> &'static str {
    match key {
        "clusters" => "clusters",
        "zadig" => "Zadig queue",
        _ => "Nuon runners",
    }
}

impl SavedScenario {
    /// The file for scenario `letter` as `typed`: with `model`'s parts it names none of (when
    /// given), and without its secrets unless `include_secrets`. An empty text, or one not JSON
    /// yet without the opt-in (its secrets cannot be told), is not saved, and the error says why.
    pub fn of(typed: &str, letter: &str, model: Option<&ClusterModel>, include_secrets: bool) -> Result<SavedScenario, String> {
        if typed.trim().is_empty() {
            return Err(format!("Scenario {letter} is empty: there is nothing to save yet."));
        }
        let (text, model_parts) = match model {
            Some(model) => with_cluster_model_written(typed, model),
            None => (typed.to_string(), Vec::new()),
        };
        if include_secrets {
            return Ok(SavedScenario { text, model_parts, masked: None });
        }
        match without_secrets(&text) {
            Ok((text, n)) => Ok(SavedScenario { text, model_parts, masked: Some(n) }),
            Err(e) => Err(format!("{e} Secret values cannot be told in it, so it is not saved: fix it first, or save it as typed with \"Include secret values\".")),
        }
    }

    /// What the page says once the file is offered as `name`.
    pub fn message(&self, letter: &str, name: &str) -> String {
        let mut message = format!("Saved scenario {letter} as {name}");
        let words: Vec<&str> = self.model_parts.iter().map(|p| model_part_words(p)).collect();
        if let [init @ .., last] = words.as_slice() {
            let list = if init.is_empty() { last.to_string() } else { format!("{} and {last}", init.join(", ")) };
            message += &format!(" with the cluster model's {list}");
        }
        match self.masked {
            None => message + ", secret values in clear text.",
            Some(0) => message + ".",
            Some(n) => format!("{message}, the secret values of {} written as ********.", counted(n as u64, "build or template", "builds and templates")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::default_model;

    const WITH_SECRET: &str = r#"{"clusters": [], "builds": [{"name": "ui", "semantics": "rainbond", "definition": {"repo_url": "https://git.example.com/ui.git", "password": "pa55"}}]}"#;

    #[test]
    fn a_saved_scenario_says_what_went_into_it() {
        let model = default_model();
        let saved = SavedScenario::of(WITH_SECRET, "A", Some(&model), false).unwrap();
        assert_eq!((saved.model_parts.clone(), saved.masked), (vec!["zadig", "runners"], Some(1)));
        assert!(!saved.text.contains("pa55"), "{}", saved.text);
        assert_eq!(saved.message("A", "s.json"), "Saved scenario A as s.json with the cluster model's Zadig queue and Nuon runners, the secret values of 1 build or template written as ********.");
        let kept = SavedScenario::of(WITH_SECRET, "B", None, true).unwrap();
        assert_eq!(kept.text, WITH_SECRET, "as typed, secret and all");
        assert_eq!(kept.message("B", "b.json"), "Saved scenario B as b.json, secret values in clear text.");
        let all = SavedScenario::of("{}", "A", Some(&model), false).unwrap();
        assert_eq!(all.message("A", "s.json"), "Saved scenario A as s.json with the cluster model's clusters, Zadig queue and Nuon runners.");
        let plain = SavedScenario::of("{\"seed\": 1}", "A", None, false).unwrap();
        assert_eq!((plain.text.as_str(), plain.message("A", "s.json")), ("{\"seed\": 1}", "Saved scenario A as s.json.".to_string()));
    }

    #[test]
    fn an_empty_scenario_or_one_not_json_yet_is_not_saved_without_the_opt_in() {
        assert_eq!(SavedScenario::of("  \n", "B", None, false).unwrap_err(), "Scenario B is empty: there is nothing to save yet.");
        let model = default_model();
        let error = SavedScenario::of("{\"seed\": ", "A", Some(&model), false).unwrap_err();
        assert!(error.starts_with("The scenario is not JSON yet (line 1") && error.ends_with("save it as typed with \"Include secret values\"."), "{error}");
        // With the opt-in it is saved as typed: the model goes only into a JSON object.
        let kept = SavedScenario::of("{\"seed\": ", "A", Some(&model), true).unwrap();
        assert_eq!((kept.text.as_str(), kept.model_parts.len()), ("{\"seed\": ", 0));
    }
}
