//! The backends Buildbay configures builds for.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A backend whose build API the console speaks; each has its own request shapes and rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    Zadig,
    Rainbond,
    Nuon,
    #[serde(rename = "servicestage")]
    ServiceStage,
}

impl Target {
    /// Every backend, in the order the console lists them.
    pub const ALL: [Target; 4] = [Target::Zadig, Target::Rainbond, Target::Nuon, Target::ServiceStage];

    /// The lowercase identifier used on the command line and in stored documents.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Zadig => "zadig",
            Target::Rainbond => "rainbond",
            Target::Nuon => "nuon",
            Target::ServiceStage => "servicestage",
        }
    }

    /// The product name as its users write it.
    pub fn label(self) -> &'static str {
        match self {
            Target::Zadig => "Zadig",
            Target::Rainbond => "Rainbond",
            Target::Nuon => "Nuon",
            Target::ServiceStage => "ServiceStage",
        }
    }

    /// Why a job of this backend cannot be cancelled, where its build API offers no cancel
    /// (Rainbond's): a page offers no cancel that would do nothing, and says why.
    pub fn no_cancel(self) -> Option<&'static str> {
        match self {
            Target::Rainbond => Some("Rainbond's API cannot cancel a build; it runs to its end."),
            Target::Zadig | Target::Nuon | Target::ServiceStage => None,
        }
    }

    /// Parses an identifier case-insensitively (`ServiceStage`, `servicestage`, `service-stage`),
    /// ServiceStage also by its vendor's name (`Huawei ServiceStage`, `huawei`), as people call it.
    pub fn parse(text: &str) -> Option<Target> {
        let folded: String = text.chars().filter(|c| !matches!(c, '-' | '_' | ' ')).collect::<String>().to_lowercase();
        let folded = match folded.as_str() {
            "huawei" | "huaweiservicestage" | "huaweicloudservicestage" => "servicestage",
            other => other,
        };
        Target::ALL.into_iter().find(|t| t.as_str() == folded)
    }
}

/// Read as [`Target::parse`] reads it, so a scenario or a stored document may say
/// `ServiceStage` or `service-stage` as well as `servicestage`; written lowercase.
impl<'de> Deserialize<'de> for Target {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Target, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Target::parse(&text).ok_or_else(|| serde::de::Error::unknown_variant(&text, &["zadig", "rainbond", "nuon", "servicestage"]))
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
