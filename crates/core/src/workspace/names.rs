//! Names for new, copied and exported builds.

use crate::target::Target;

/// `base` if it is free, else `base-2`, `base-3`, …
pub fn next_free_name(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    numbered_free_name(base, 2, taken)
}

/// The first of `base-<from>`, `base-<from + 1>`, … that is not taken.
pub fn numbered_free_name(base: &str, from: usize, taken: impl Fn(&str) -> bool) -> String {
    (from..).map(|n| format!("{base}-{n}")).find(|candidate| !taken(candidate)).unwrap_or_default()
}

/// The name of a copy of `name`: `name-copy`, `name-copy-2`, …
pub fn copy_name(name: &str, taken: impl Fn(&str) -> bool) -> String {
    let base = if name.is_empty() { "build".to_string() } else { format!("{name}-copy") };
    next_free_name(&base, taken)
}

/// A file name for an exported build: `<name>.<target>.json`, safe on every file system.
pub fn export_file_name(name: &str, target: Target) -> String {
    let safe: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .chars()
        .take(80)
        .collect();
    let stem = if safe.is_empty() { "build".to_string() } else { safe };
    format!("{stem}.{}.json", target.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_made_unique() {
        let taken = ["new-build", "new-build-2", "api-copy"];
        let is_taken = |n: &str| taken.contains(&n);
        assert_eq!(next_free_name("new-build", is_taken), "new-build-3");
        assert_eq!(next_free_name("free", is_taken), "free");
        assert_eq!(copy_name("api", is_taken), "api-copy-2");
        assert_eq!(export_file_name("<img src=x>", Target::Rainbond), "img-src-x.rainbond.json");
        assert_eq!(export_file_name("", Target::Zadig), "build.zadig.json");
    }
}
