//! What a scenario holds, named for a name it lacks: the names there are and the one most
//! likely meant, so that a slip in a runner's, a cluster's or a build's name is fixed in one go.

use crate::import;

/// The names, quoted: the first eight, then how many there are in all; `None` for none.
pub(crate) fn listed(names: &[&str]) -> Option<String> {
    let quoted = |names: &[&str]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    match names.len() {
        0 => None,
        n if n <= 8 => Some(quoted(names)),
        n => Some(format!("{}… ({n} in all)", quoted(&names[..8]))),
    }
}

/// " Did you mean `m`?" when `name` is a near miss of one of `names`, else nothing. (Two letters
/// changed make any short name another: only a name of four characters or more points at one.)
pub(crate) fn likely_meant(name: &str, names: &[&str]) -> String {
    import::closest(name, names).filter(|_| name.chars().count() >= 4).map(|m| format!(" Did you mean `{m}`?")).unwrap_or_default()
}

/// " (its runners: `a`, `b`)": the names a message about a missing one puts after it, nothing for none.
pub(crate) fn in_brackets(what: &str, names: &[&str]) -> String {
    listed(names).map(|l| format!(" (its {what}: {l})")).unwrap_or_default()
}

/// What a message about the missing `name` puts after it and at its end: the `what` there are,
/// in brackets, and the one most likely meant.
pub(crate) fn around(what: &str, name: &str, names: &[&str]) -> (String, String) {
    (in_brackets(what, names), likely_meant(name, names))
}
