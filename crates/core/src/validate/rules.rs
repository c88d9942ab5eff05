//! Small, exact checks shared by the backends' rules. Written by hand rather than with a regex
//! engine, which would add about half a megabyte to the browser bundle.

/// Zadig's console rule for build names: `^[a-z0-9-]+$`.
pub fn is_zadig_build_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fa5}').contains(&c)
}

/// Zadig's workflow job names: `^[a-z\u4e00-\u9fa5][a-z0-9\u4e00-\u9fa5-]{0,31}$`.
pub fn is_zadig_job_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else { return false };
    (first.is_ascii_lowercase() || is_cjk(first))
        && name.chars().count() <= 32
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || is_cjk(c))
}

/// Zadig's workflow names: `^[a-zA-Z0-9-]+$`.
pub fn is_zadig_workflow_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Why a ServiceStage `job_name` is refused, if it is: 2–64 characters of letters, digits, `-`
/// and `_`, starting with a letter and ending with a letter or digit.
pub fn servicestage_job_name_problem(name: &str) -> Option<&'static str> {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() < 2 {
        return Some("must be at least 2 characters long");
    }
    if chars.len() > 64 {
        return Some("must be at most 64 characters long");
    }
    if !chars[0].is_ascii_alphabetic() {
        return Some("must start with a letter");
    }
    if !chars.iter().all(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_') {
        return Some("may contain only letters, digits, '-' and '_'");
    }
    if !chars[chars.len() - 1].is_ascii_alphanumeric() {
        return Some("must end with a letter or a digit");
    }
    None
}

/// Whether a variable key can be read as `$KEY` in a shell script.
pub fn is_env_name(key: &str) -> bool {
    let mut bytes = key.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Parses a Kubernetes quantity (`500m`, `1`, `2Gi`, `1.5`, `1e3`) into its value as a number.
pub fn parse_quantity(text: &str) -> Option<f64> {
    let text = text.trim();
    let number_end = text
        .char_indices()
        .find(|(i, c)| !(c.is_ascii_digit() || *c == '.' || (*i == 0 && (*c == '+' || *c == '-'))))
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(number_end);
    let digits = number.trim_start_matches(['+', '-']);
    if digits.is_empty() || digits == "." || digits.matches('.').count() > 1 {
        return None;
    }
    let value: f64 = number.parse().ok()?;
    let scale = match suffix {
        "" => 1.0,
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        exp => {
            let rest = exp.strip_prefix(['e', 'E'])?;
            let e: i32 = rest.parse().ok()?;
            if !(-30..=30).contains(&e) {
                return None;
            }
            10f64.powi(e)
        }
    };
    Some(value * scale)
}

/// Why a Zadig `gpu_limit` is refused, if it is: it must read `resource: quantity`.
pub fn gpu_limit_problem(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split(':').collect();
    if parts.len() != 2 {
        return Some(format!("\"{text}\" is not of the form resource:quantity, e.g. nvidia.com/gpu: 1"));
    }
    if parts[0].trim().is_empty() {
        return Some("names no resource before ':', e.g. nvidia.com/gpu: 1".to_string());
    }
    match parse_quantity(parts[1]) {
        None => Some(format!("\"{}\" is not a quantity Kubernetes can read", parts[1].trim())),
        Some(q) if q < 0.0 => Some("asks for a negative number of GPUs".to_string()),
        Some(_) => None,
    }
}

fn is_label_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes[0].is_ascii_alphanumeric()
        && bytes[bytes.len() - 1].is_ascii_alphanumeric()
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn is_dns_subdomain(text: &str) -> bool {
    text.len() <= 253
        && text.split('.').all(|part| {
            let b = part.as_bytes();
            !b.is_empty()
                && b[0].is_ascii_alphanumeric()
                && b[b.len() - 1].is_ascii_alphanumeric()
                && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        })
}

/// Why a Kubernetes label or annotation key is refused, if it is: `[prefix/]name`.
pub fn label_key_problem(key: &str) -> Option<&'static str> {
    let (prefix, name) = match key.rsplit_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, key),
    };
    if let Some(prefix) = prefix
        && !is_dns_subdomain(prefix) {
            return Some("has a prefix that is not a DNS subdomain (lowercase letters, digits, '-' and '.')");
        }
    if !is_label_name(name) {
        return Some("must be 1–63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
    }
    None
}

/// Why a Kubernetes label value is refused, if it is (annotation values may be any text).
pub fn label_value_problem(value: &str) -> Option<&'static str> {
    if value.is_empty() || is_label_name(value) {
        None
    } else {
        Some("must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit")
    }
}

/// Whether text looks like a source repository address (Git or Subversion).
pub fn looks_like_repo_url(url: &str) -> bool {
    let url = url.trim();
    let schemes = ["https://", "http://", "ssh://", "git://", "svn://", "svn+ssh://", "file://"];
    schemes.iter().any(|s| url.len() > s.len() && url.to_ascii_lowercase().starts_with(s))
        || (url.contains('@') && url.contains(':') && !url.contains("://") && !url.contains(' '))
}

/// Whether text looks like a container image reference (`nginx:1.25`, `registry.io/team/app@sha256:…`).
pub fn looks_like_image(reference: &str) -> bool {
    let r = reference.trim();
    if r.is_empty() || r.contains("://") || r.contains(char::is_whitespace) || r.ends_with(".git") {
        return false;
    }
    let (name, digest) = match r.split_once('@') {
        Some((name, digest)) => (name, Some(digest)),
        None => (r, None),
    };
    if let Some(d) = digest {
        let Some((algorithm, hex)) = d.split_once(':') else { return false };
        if algorithm.is_empty() || hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return false;
        }
    }
    let last = name.rsplit('/').next().unwrap_or(name);
    let repo_part = match last.split_once(':') {
        Some((repo, tag)) => {
            if tag.is_empty() || tag.len() > 128 {
                return false;
            }
            repo
        }
        None => last,
    };
    !repo_part.is_empty()
        && name.split('/').skip(1).all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-' | b':')))
}

/// Why Git refuses a ref name, if it does (`git check-ref-format` rules that matter in practice).
pub fn git_ref_problem(reference: &str) -> Option<&'static str> {
    if reference.trim() != reference {
        return Some("has spaces around it");
    }
    if reference.contains(|c: char| c.is_whitespace() || c.is_control() || "~^:?*[\\".contains(c)) {
        return Some("contains a character Git refuses in ref names (space, ~ ^ : ? * [ or \\)");
    }
    if reference.contains("..") || reference.contains("@{") || reference.contains("//") {
        return Some("contains '..', '@{' or '//', which Git refuses in ref names");
    }
    if reference.starts_with('/') || reference.ends_with('/') || reference.ends_with('.') || reference.ends_with(".lock") {
        return Some("starts or ends with '/', ends with '.' or '.lock', which Git refuses");
    }
    None
}

/// Environment variables Zadig sets in every build; a variable with the same key collides.
pub const ZADIG_BUILTIN_ENV: [&str; 22] = [
    "CI", "ZADIG", "PROJECT", "WORKFLOW", "WORKSPACE", "TASK_URL", "TASK_ID", "SERVICE", "SERVICE_NAME",
    "SERVICE_MODULE", "IMAGE", "BUILD_URL", "PKG_FILE", "GIT_SSL_NO_VERIFY", "DOCKER_REGISTRY_HOST",
    "DOCKER_REGISTRY_NAMESPACE", "DOCKER_REGISTRY_AK", "DOCKER_REGISTRY_SK", "BUILD_ID", "imageTag",
    "REPONAME_0", "BRANCH_0",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zadig_names() {
        assert!(is_zadig_build_name("api-test-2"));
        for bad in ["", "Api", "api_test", "api test", "ä"] {
            assert!(!is_zadig_build_name(bad), "{bad}");
        }
        assert!(is_zadig_job_name("build"));
        assert!(is_zadig_job_name("构建-1"));
        assert!(is_zadig_job_name(&"a".repeat(32)));
        for bad in ["", "1build", "Build", &"a".repeat(33), "a_b"] {
            assert!(!is_zadig_job_name(bad), "{bad}");
        }
    }

    #[test]
    fn servicestage_job_names() {
        assert_eq!(servicestage_job_name_problem("ab"), None);
        assert_eq!(servicestage_job_name_problem(&format!("a{}", "b".repeat(63))), None);
        assert!(servicestage_job_name_problem("a").is_some());
        assert!(servicestage_job_name_problem(&format!("a{}", "b".repeat(64))).is_some());
        assert!(servicestage_job_name_problem("1ab").is_some());
        assert!(servicestage_job_name_problem("ab-").is_some());
        assert!(servicestage_job_name_problem("a.b").is_some());
    }

    #[test]
    fn quantities_and_gpu_limits() {
        assert_eq!(parse_quantity("500m"), Some(0.5));
        assert_eq!(parse_quantity(" 2Gi"), Some(2.0 * 1024f64.powi(3)));
        assert_eq!(parse_quantity("1e3"), Some(1000.0));
        for bad in ["", "abc", "1.2.3", "5 m", "--1", "1e999", "."] {
            assert_eq!(parse_quantity(bad), None, "{bad}");
        }
        assert_eq!(gpu_limit_problem("nvidia.com/gpu: 1"), None);
        assert_eq!(gpu_limit_problem("nvidia.com/gpu:2"), None);
        assert!(gpu_limit_problem("nvidia.com/gpu").is_some());
        assert!(gpu_limit_problem("a:b:c").is_some());
        assert!(gpu_limit_problem(": 1").is_some());
        assert!(gpu_limit_problem("nvidia.com/gpu: lots").is_some());
        assert!(gpu_limit_problem("nvidia.com/gpu: -1").is_some());
    }

    #[test]
    fn labels() {
        assert_eq!(label_key_problem("app.kubernetes.io/name"), None);
        assert_eq!(label_key_problem("test-a"), None);
        assert!(label_key_problem("-bad").is_some());
        assert!(label_key_problem("Bad_Prefix/x").is_some());
        assert!(label_key_problem(&"a".repeat(64)).is_some());
        assert_eq!(label_value_problem(""), None);
        assert_eq!(label_value_problem("abc"), None);
        assert!(label_value_problem("has space").is_some());
    }

    #[test]
    fn urls_images_and_refs() {
        assert!(looks_like_repo_url("https://github.com/a/b.git"));
        assert!(looks_like_repo_url("git@github.com:a/b.git"));
        assert!(looks_like_repo_url("svn://svn.example.com/repo"));
        assert!(!looks_like_repo_url("nginx:1.25"));
        assert!(looks_like_image("nginx:1.25"));
        assert!(looks_like_image("registry.example.com:5000/team/app:v1"));
        assert!(looks_like_image("goodrain.me/app@sha256:abc"));
        assert!(!looks_like_image("https://github.com/a/b.git"));
        assert!(!looks_like_image("git@github.com:a/b.git"));
        assert!(!looks_like_image("git@github.com:a/b"));
        assert_eq!(git_ref_problem("main"), None);
        assert_eq!(git_ref_problem("release/1.2"), None);
        assert!(git_ref_problem("feature x").is_some());
        assert!(git_ref_problem("a..b").is_some());
        assert!(git_ref_problem("x.lock").is_some());
    }
}
