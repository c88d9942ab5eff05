//! A scenario carried in a link: its saved text (secret values masked, the cluster model put in
//! where it names none) in the URL's fragment, which the browser never sends to a server, so a
//! what-if travels in a chat message or a bug report and runs the same wherever it is opened.
//!
//! The text is base64url of its UTF-8: a third longer, where percent-encoding JSON's quotes,
//! braces and spaces makes it about twice as long.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::compare::{Alternative, AlternativeForm};
use super::scenario::{ClusterModel, extra_nodes, with_cluster_model_written, without_secrets};

/// What a scenario link's fragment starts with (after `#`).
pub const FRAGMENT_KEY: &str = "scenario=";

/// What follows scenario A in a comparison's link when B is a second scenario.
const SECOND_KEY: &str = "scenario-b=";

/// What follows scenario A in a comparison's link when B is A with more nodes.
const EXTRA_NODES_KEY: &str = "extra-nodes=";

/// The longest fragment a link is made with: Chromium keeps URLs up to 2 MB, but chat tools,
/// mail and issue trackers cut or refuse far shorter ones.
pub const MAX_FRAGMENT_CHARS: usize = 64_000;

/// What a link carries: scenario A's text and, in a comparison's link, what A is compared
/// with, so that whoever opens it asks the same what-if question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    pub scenario: String,
    pub compared_with: Option<Alternative>,
}

impl Linked {
    /// Scenario A's text and the Simulator's "compare with" fields once this link is opened
    /// over `form` (a comparison's link chooses its side and fills it, leaving the other as
    /// typed; a scenario's link leaves them all), with what the page says it opened.
    pub fn opened_over(self, form: AlternativeForm) -> (String, AlternativeForm, String) {
        let (form, said) = match self.compared_with {
            None => (form, "Opened the scenario in the link as scenario A.".to_string()),
            Some(Alternative::ExtraNodes(n)) => {
                let form = AlternativeForm { second_scenario: false, extra_nodes: n.to_string(), ..form };
                (form, format!("Opened the comparison in the link: scenario A, compared with {n} extra nodes."))
            }
            Some(Alternative::Scenario(second)) => {
                let form = AlternativeForm { second_scenario: true, scenario: second, ..form };
                (form, "Opened the comparison in the link: scenario A, compared with scenario B.".to_string())
            }
        };
        (self.scenario, form, said)
    }
}

/// The fragment carrying scenario `letter` as `typed`, as a saved file holds it with `model`'s
/// parts it names none of, its secret values masked — always: an address is shared, so a link
/// has no opt-in —, or why none is made (an empty text; one not JSON yet, whose secrets cannot
/// be told; one too long).
pub fn fragment_for(typed: &str, letter: &str, model: &ClusterModel) -> Result<String, String> {
    let saved = saved(typed, letter, model)?;
    fragment(&saved, letter)
}

/// The fragment carrying the comparison of scenario A as `typed` with `alternative` (B's text
/// as typed, or more nodes), each scenario as [`fragment_for`] carries one, or why none is made.
pub fn comparison_fragment_for(typed: &str, alternative: &Alternative, model: &ClusterModel) -> Result<String, String> {
    let first = encoded(&saved(typed, "A", model)?);
    let made = match alternative {
        Alternative::ExtraNodes(n) => format!("{FRAGMENT_KEY}{first}&{EXTRA_NODES_KEY}{n}"),
        Alternative::Scenario(second) => format!("{FRAGMENT_KEY}{first}&{SECOND_KEY}{}", encoded(&saved(second, "B", model)?)),
    };
    within_limit(made, "The comparison")
}

/// Scenario `letter` as `typed`, as a link carries it: with `model`'s parts it names none of,
/// its secret values masked.
fn saved(typed: &str, letter: &str, model: &ClusterModel) -> Result<String, String> {
    if typed.trim().is_empty() {
        return Err(format!("Scenario {letter} is empty: there is nothing to send yet."));
    }
    let (text, _) = with_cluster_model_written(typed, model);
    let (text, _) = without_secrets(&text).map_err(|e| format!("{e} Secret values cannot be told in scenario {letter}, and a link never carries them: fix it first."))?;
    Ok(text)
}

/// The fragment (without `#`) that carries `saved`, scenario `letter`'s saved text, or why it
/// cannot: a scenario too long for a link is better saved as a file.
pub fn fragment(saved: &str, letter: &str) -> Result<String, String> {
    within_limit(format!("{FRAGMENT_KEY}{}", encoded(saved)), &format!("Scenario {letter}"))
}

/// A scenario's text as a link's part carries it: base64url of its UTF-8, without padding.
fn encoded(saved: &str) -> String {
    URL_SAFE_NO_PAD.encode(saved.as_bytes())
}

/// `made`, or why `what` makes no link: it is longer than a link travels safely.
fn within_limit(made: String, what: &str) -> Result<String, String> {
    if made.len() <= MAX_FRAGMENT_CHARS {
        return Ok(made);
    }
    let kb = |n: usize| n.div_ceil(1000);
    Err(format!("{what} would make a link of {} KB, longer than a link can travel safely ({} KB): save it as a file instead.", kb(made.len()), kb(MAX_FRAGMENT_CHARS)))
}

/// What a URL's fragment (`hash`, with or without its `#`) carries: None when it carries no
/// scenario, else the scenario and what it is compared with, or why it does not read (a link
/// cut short or changed on its way).
pub fn from_fragment(hash: &str) -> Option<Result<Linked, String>> {
    let carried = hash.strip_prefix('#').unwrap_or(hash).strip_prefix(FRAGMENT_KEY)?;
    let mut parts = carried.split('&');
    let scenario = decoded(parts.next().unwrap_or_default());
    let compared_with = parts.next().map(compared_with).transpose();
    if parts.next().is_some() {
        return Some(Err(mangled()));
    }
    Some(scenario.and_then(|scenario| Ok(Linked { scenario, compared_with: compared_with? })))
}

/// Why a link's scenario does not read.
fn mangled() -> String {
    "The link's scenario does not read: the link was cut short or changed on its way. Ask for it again, or for the scenario as a file.".to_string()
}

/// The text a link's base64url part carries.
fn decoded(encoded: &str) -> Result<String, String> {
    let bytes = URL_SAFE_NO_PAD.decode(encoded.trim_end_matches('=')).map_err(|_| mangled())?;
    String::from_utf8(bytes).map_err(|_| mangled())
}

/// What the part of a comparison's link after scenario A compares it with.
fn compared_with(part: &str) -> Result<Alternative, String> {
    if let Some(n) = part.strip_prefix(EXTRA_NODES_KEY) {
        return extra_nodes(n).map(Alternative::ExtraNodes).map_err(|why| format!("The link's number of extra nodes does not read: {why}"));
    }
    part.strip_prefix(SECOND_KEY).ok_or_else(mangled).and_then(decoded).map(Alternative::Scenario)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scenario_travels_in_a_fragment_unchanged() {
        let text = "{\n  \"seed\": 7,\n  \"builds\": [{\"name\": \"构建 api\", \"definition\": {\"git_ref\": \"main\"}}]\n}\n";
        let made = fragment(text, "A").unwrap();
        assert!(made.starts_with("scenario=") && made.chars().all(|c| c.is_ascii_alphanumeric() || "=-_".contains(c)), "{made}");
        let linked = Linked { scenario: text.to_string(), compared_with: None };
        assert_eq!(from_fragment(&format!("#{made}")), Some(Ok(linked.clone())));
        assert_eq!(from_fragment(&made), Some(Ok(linked)));
    }

    #[test]
    fn other_fragments_carry_no_scenario_and_a_mangled_one_says_so() {
        assert_eq!(from_fragment(""), None);
        assert_eq!(from_fragment("#top"), None);
        let cut = from_fragment("#scenario=e!!").unwrap().unwrap_err();
        assert!(cut.starts_with("The link's scenario does not read"), "{cut}");
        // Bytes that are no UTF-8 text.
        let not_text = format!("#scenario={}", URL_SAFE_NO_PAD.encode([0xff, 0xfe, 0x00]));
        assert!(from_fragment(&not_text).unwrap().is_err());
    }

    #[test]
    fn a_link_carries_the_model_and_never_a_secret_and_refuses_what_it_cannot_tell() {
        let typed = r#"{"builds": [{"name": "ui", "semantics": "rainbond", "definition": {"repo_url": "https://git.example.com/ui.git", "password": "pa55"}}]}"#;
        let made = fragment_for(typed, "A", &crate::simulate::default_model()).unwrap();
        let text = from_fragment(&made).unwrap().unwrap().scenario;
        assert!(!text.contains("pa55") && text.contains("********") && text.contains("\"clusters\""), "{text}");
        assert_eq!(fragment_for(" ", "A", &ClusterModel::default()), Err("Scenario A is empty: there is nothing to send yet.".to_string()));
        let why = fragment_for("{\"builds\": [", "A", &ClusterModel::default()).unwrap_err();
        assert!(why.ends_with("Secret values cannot be told in scenario A, and a link never carries them: fix it first."), "{why}");
    }

    #[test]
    fn a_comparison_travels_with_what_a_is_compared_with() {
        let model = crate::simulate::default_model();
        let a = r#"{"builds": [{"name": "ui", "semantics": "rainbond", "definition": {"password": "pa55"}}]}"#;
        let b = r#"{"seed": 9, "builds": [{"name": "ui", "semantics": "rainbond", "definition": {"password": "b55"}}]}"#;
        let made = comparison_fragment_for(a, &Alternative::Scenario(b.into()), &model).unwrap();
        let Linked { scenario, compared_with: Some(Alternative::Scenario(second)) } = from_fragment(&made).unwrap().unwrap() else { panic!("{made}") };
        assert!(!scenario.contains("pa55") && scenario.contains("\"clusters\""), "{scenario}");
        assert!(!second.contains("b55") && second.contains("********") && second.contains("\"seed\": 9") && second.contains("\"clusters\""), "{second}");
        let made = comparison_fragment_for(a, &Alternative::ExtraNodes(3), &model).unwrap();
        assert!(made.ends_with("&extra-nodes=3"), "{made}");
        assert_eq!(from_fragment(&made).unwrap().unwrap().compared_with, Some(Alternative::ExtraNodes(3)));
        // B is told apart from A in what a link refuses.
        let why = comparison_fragment_for(a, &Alternative::Scenario("{\"builds\": [".into()), &model).unwrap_err();
        assert!(why.ends_with("Secret values cannot be told in scenario B, and a link never carries them: fix it first."), "{why}");
    }

    #[test]
    fn an_opened_link_fills_what_it_carries_and_leaves_the_rest_as_typed() {
        let typed = AlternativeForm { second_scenario: true, extra_nodes: "7".into(), scenario: "{\"seed\": 2}".into() };
        let a = |compared_with| Linked { scenario: "{}".into(), compared_with };
        let (text, form, said) = a(None).opened_over(typed.clone());
        assert_eq!((text.as_str(), &form, said.as_str()), ("{}", &typed, "Opened the scenario in the link as scenario A."));
        let (_, form, said) = a(Some(Alternative::ExtraNodes(3))).opened_over(typed.clone());
        assert_eq!(form, AlternativeForm { second_scenario: false, extra_nodes: "3".into(), ..typed.clone() });
        assert_eq!(said, "Opened the comparison in the link: scenario A, compared with 3 extra nodes.");
        let (_, form, _) = a(Some(Alternative::Scenario("{\"seed\": 9}".into()))).opened_over(typed.clone());
        assert_eq!(form, AlternativeForm { second_scenario: true, scenario: "{\"seed\": 9}".into(), ..typed });
    }

    #[test]
    fn a_comparison_link_changed_on_its_way_says_so() {
        let a = fragment("{}", "A").unwrap();
        let nodes = from_fragment(&format!("{a}&extra-nodes=0")).unwrap().unwrap_err();
        assert_eq!(nodes, "The link's number of extra nodes does not read: Give between 1 and 1000 extra nodes, not 0.");
        for changed in [format!("{a}&nodes=2"), format!("{a}&extra-nodes=2&extra-nodes=3"), format!("{a}&scenario-b=e!!")] {
            let why = from_fragment(&changed).unwrap().unwrap_err();
            assert!(why.starts_with("The link's scenario does not read"), "{changed}: {why}");
        }
        let long = "x".repeat(MAX_FRAGMENT_CHARS * 3 / 4);
        let why = comparison_fragment_for(&format!("{{\"x\": \"{long}\"}}"), &Alternative::ExtraNodes(1), &ClusterModel::default()).unwrap_err();
        assert!(why.starts_with("The comparison would make a link of "), "{why}");
    }

    #[test]
    fn a_scenario_too_long_for_a_link_is_sent_to_a_file() {
        let long = "x".repeat(MAX_FRAGMENT_CHARS);
        let why = fragment(&long, "B").unwrap_err();
        assert_eq!(why, "Scenario B would make a link of 86 KB, longer than a link can travel safely (64 KB): save it as a file instead.");
    }
}
