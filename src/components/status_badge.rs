//! How a job's status looks in a list, whatever its backend calls it: one badge style per tone.

use buildbay_core::simulate::outcome::StatusTone;

/// The badge classes for a status tone (the builds list's badge styles), so the Jobs page and
/// the Simulator colour a status alike.
pub fn badge_class(tone: StatusTone) -> String {
    format!("badge status {}", tone_class(tone))
}

/// The class a status tone colours by, in badges and the Gantt chart's bars alike.
pub fn tone_class(tone: StatusTone) -> &'static str {
    match tone {
        StatusTone::Active => "active",
        StatusTone::Success => "ok",
        StatusTone::Cancelled => "muted",
        StatusTone::Failure => "error",
    }
}
