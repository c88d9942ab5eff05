//! Exact wire types of each backend: what its real server reads and writes.
//!
//! Field names, nesting and types follow the servers' source (see `shared/reference`), not their
//! published docs where the two disagree. Unknown fields are accepted on input, as the servers
//! do; serialisation emits what each server expects and omits what the docs never show when it
//! is empty, so that documented examples round-trip unchanged.

/// Declares a string enum whose unknown values are kept verbatim (servers add values over time).
macro_rules! string_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version of Buildbay does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// Every value the backend is known to use, in its own spelling.
            pub const KNOWN: &'static [&'static str] = &[$($text),+];

            /// The value as the backend spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)+
                    Self::Other(text) => text,
                }
            }

            /// Reads the backend's spelling; anything unknown becomes `Other`.
            pub fn parse(text: &str) -> Self {
                match text {
                    $($text => Self::$variant,)+
                    other => Self::Other(other.to_string()),
                }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::Other(String::new())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::parse(&text))
            }
        }
    };
}


pub mod nuon;
pub mod rainbond;
pub mod servicestage;
pub mod zadig;

/// `skip_serializing_if` helper: false is the zero value the servers default to.
pub(crate) fn is_false(value: &bool) -> bool {
    !*value
}

/// `skip_serializing_if` helper for integers.
pub(crate) fn is_zero(value: &i64) -> bool {
    *value == 0
}
