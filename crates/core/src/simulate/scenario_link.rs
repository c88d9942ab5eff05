//! A scenario carried in a link: its saved text (secret values masked, the cluster model put in
//! where it names none) in the URL's fragment, which the browser never sends to a server, so a
//! what-if travels in a chat message or a bug report and runs the same wherever it is opened.
//!
//! The text is base64url of its UTF-8: a third longer, where percent-encoding JSON's quotes,
//! braces and spaces makes it about twice as long.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::scenario::{ClusterModel, with_cluster_model_written, without_secrets};

/// What a scenario link's fragment starts with (after `#`).
pub const FRAGMENT_KEY: &str = "scenario=";

/// The longest fragment a link is made with: Chromium keeps URLs up to 2 MB, but chat tools,
/// mail and issue trackers cut or refuse far shorter ones.
pub const MAX_FRAGMENT_CHARS: usize = 64_000;

/// The fragment carrying scenario `letter` as `typed`, as a saved file holds it with `model`'s
/// parts it names none of, its secret values masked — always: an address is shared, so a link
/// has no opt-in —, or why none is made (an empty text; one not JSON yet, whose secrets cannot
/// be told; one too long).
pub fn fragment_for(typed: &str, letter: &str, model: &ClusterModel) -> Result<String, String> {
    if typed.trim().is_empty() {
        return Err(format!("Scenario {letter} is empty: there is nothing to send yet."));
    }
    let (text, _) = with_cluster_model_written(typed, model);
    let (text, _) = without_secrets(&text).map_err(|e| format!("{e} Secret values cannot be told in it, and a link never carries them: fix it first."))?;
    fragment(&text, letter)
}

/// The fragment (without `#`) that carries `saved`, scenario `letter`'s saved text, or why it
/// cannot: a scenario too long for a link is better saved as a file.
pub fn fragment(saved: &str, letter: &str) -> Result<String, String> {
    let encoded = URL_SAFE_NO_PAD.encode(saved.as_bytes());
    if encoded.len() + FRAGMENT_KEY.len() > MAX_FRAGMENT_CHARS {
        let kb = |n: usize| n.div_ceil(1000);
        return Err(format!(
            "Scenario {letter} would make a link of {} KB, longer than a link can travel safely ({} KB): save it as a file instead.",
            kb(encoded.len() + FRAGMENT_KEY.len()),
            kb(MAX_FRAGMENT_CHARS)
        ));
    }
    Ok(format!("{FRAGMENT_KEY}{encoded}"))
}

/// The scenario text a URL's fragment (`hash`, with or without its `#`) carries: None when it
/// carries none, else the text or why it does not read (a link cut short or changed on its way).
pub fn from_fragment(hash: &str) -> Option<Result<String, String>> {
    let encoded = hash.strip_prefix('#').unwrap_or(hash).strip_prefix(FRAGMENT_KEY)?;
    let mangled = "The link's scenario does not read: the link was cut short or changed on its way. Ask for it again, or for the scenario as a file.";
    let bytes = URL_SAFE_NO_PAD.decode(encoded.trim_end_matches('=')).map_err(|_| mangled.to_string());
    Some(bytes.and_then(|b| String::from_utf8(b).map_err(|_| mangled.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scenario_travels_in_a_fragment_unchanged() {
        let text = "{\n  \"seed\": 7,\n  \"builds\": [{\"name\": \"构建 api\", \"definition\": {\"git_ref\": \"main\"}}]\n}\n";
        let made = fragment(text, "A").unwrap();
        assert!(made.starts_with("scenario=") && made.chars().all(|c| c.is_ascii_alphanumeric() || "=-_".contains(c)), "{made}");
        assert_eq!(from_fragment(&format!("#{made}")), Some(Ok(text.to_string())));
        assert_eq!(from_fragment(&made), Some(Ok(text.to_string())));
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
        let text = from_fragment(&made).unwrap().unwrap();
        assert!(!text.contains("pa55") && text.contains("********") && text.contains("\"clusters\""), "{text}");
        assert_eq!(fragment_for(" ", "A", &ClusterModel::default()), Err("Scenario A is empty: there is nothing to send yet.".to_string()));
        let why = fragment_for("{\"builds\": [", "A", &ClusterModel::default()).unwrap_err();
        assert!(why.ends_with("Secret values cannot be told in it, and a link never carries them: fix it first."), "{why}");
    }

    #[test]
    fn a_scenario_too_long_for_a_link_is_sent_to_a_file() {
        let long = "x".repeat(MAX_FRAGMENT_CHARS);
        let why = fragment(&long, "B").unwrap_err();
        assert_eq!(why, "Scenario B would make a link of 86 KB, longer than a link can travel safely (64 KB): save it as a file instead.");
    }
}
