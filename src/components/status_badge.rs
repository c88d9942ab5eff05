//! How a job's status looks in a list, whatever its backend calls it: one badge style per tone.

use buildbay_core::simulate::outcome::StatusTone;

/// The badge classes for a status tone (the builds list's badge styles), so the Jobs page and
/// the Simulator colour a status alike.
pub fn badge_class(tone: StatusTone) -> String {
    let tone = match tone {
        StatusTone::Active => "active",
        StatusTone::Success => "ok",
        StatusTone::Cancelled => "muted",
        StatusTone::Failure => "error",
    };
    format!("badge status {tone}")
}
