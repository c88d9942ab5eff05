//! A build as the console edits it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::MASK;

/// A CI build configuration: what to check out, which tools, which script, which image to build,
/// and where and how it runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Build {
    pub name: String,
    pub project_key: String,
    /// Free text; ServiceStage sends it as `job_description` (64 characters at most).
    pub description: String,
    /// Set when the build is made from a Zadig build template; services then carry their own
    /// repositories and inputs, and the template supplies everything else.
    pub template_name: Option<String>,
    pub services: Vec<Service>,
    pub infrastructure: String,
    pub build_os: String,
    pub installs: Vec<Install>,
    pub repos: Vec<Repo>,
    pub variables: Vec<Variable>,
    pub script_type: String,
    pub script: String,
    pub docker: Option<DockerStep>,
    pub advanced: Option<AdvancedSettings>,
    pub rainbond: RainbondOptions,
    pub nuon: NuonOptions,
    pub servicestage: ServiceStageOptions,
    /// What a backend last reported about this build, when it came from one.
    pub remote: Option<RemoteInfo>,
}

/// A service (and module) the build produces; template builds add repositories and inputs here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Service {
    pub name: String,
    pub module: String,
    pub repos: Vec<Repo>,
    pub inputs: Vec<ServiceInput>,
}

/// A value for one of the template's variables, for one service.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceInput {
    pub key: String,
    pub value: String,
    pub kind: String,
    pub is_credential: bool,
    pub file_id: String,
    pub file_name: String,
    pub file_path: String,
}

/// A tool installed before the script runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Install {
    pub name: String,
    pub version: String,
}

/// A repository to check out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Repo {
    /// Zadig's code host alias (`codehost_name`).
    pub codehost: String,
    /// The hosting product (`GitHub`, `GitLab`, `gitee`…): ServiceStage's `type`, Zadig's detail `source`.
    pub provider: String,
    /// Organisation or user.
    pub namespace: String,
    pub name: String,
    /// Clone URL (Rainbond's `repo_url`, ServiceStage's `url`); an image for Rainbond image builds.
    pub url: String,
    pub branch: String,
    pub remote_name: String,
    pub checkout_path: String,
    pub submodules: bool,
    pub pr: i64,
    pub prs: Vec<i64>,
    pub enable_commit: bool,
    pub commit_id: String,
    /// Credentials for the URL (Rainbond); the password is a secret.
    pub username: String,
    pub password: String,
    /// Perforce settings, which Zadig's build OpenAPI does not support; carried unchanged.
    pub stream: String,
    pub view_mapping: String,
    pub changelist_id: i64,
    pub shelve_id: i64,
    /// Zadig's detail marks repositories hidden from the run form.
    pub hidden: bool,
}

impl Repo {
    /// Its namespace and name, each read from the clone URL where it was not given
    /// (ServiceStage's `code_repo` and Rainbond's `repo_url` give only a URL): `acme` and `api`
    /// of `https://github.com/acme/api.git` or `git@github.com:acme/api.git`.
    pub fn namespace_and_name(&self) -> (&str, &str) {
        let path = clone_url_path(&self.url).unwrap_or("");
        let name = if self.name.is_empty() { url_repo_name(path) } else { self.name.as_str() };
        let namespace = if self.namespace.is_empty() { path.rsplit_once('/').map_or("", |(owner, _)| owner) } else { self.namespace.as_str() };
        (namespace, name)
    }
}

/// The path of a clone URL after its host (`acme/api.git`), for `https://…`, `ssh://…` and
/// `git@host:…` alike; none for anything else (an image reference such as `nginx:1.25`).
fn clone_url_path(url: &str) -> Option<&str> {
    let url = url.trim().trim_end_matches('/');
    if let Some((_, rest)) = url.split_once("://") {
        return rest.split_once('/').map(|(_, path)| path);
    }
    match url.split_once(':') {
        Some((host, path)) if host.contains('@') && !host.contains('/') => Some(path),
        _ => None,
    }
}

/// The directory `git clone` makes of a URL or `namespace/name`: its last segment without `.git`.
pub fn url_repo_name(url: &str) -> &str {
    let trimmed = url.trim_end_matches('/');
    let last = trimmed.rsplit(['/', ':']).next().unwrap_or(trimmed);
    last.strip_suffix(".git").unwrap_or(last)
}

/// A build variable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Variable {
    pub key: String,
    /// `string`, `choice` or `multi-select` (kept as typed).
    pub kind: String,
    pub default_value: String,
    pub choice_options: Vec<String>,
    /// The values selected by default of a multi-select variable.
    pub choice_values: Vec<String>,
    /// A secret: masked in the console and in exports unless the admin opts in.
    pub is_credential: bool,
    pub description: String,
    /// Templates only: builds made from the template must supply it.
    pub required: bool,
}

/// The image build step after the script.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct DockerStep {
    pub context_dir: String,
    /// `local` (Dockerfile in the repository) or `template` (from Zadig's template library).
    pub dockerfile_source: String,
    pub dockerfile_path: String,
    pub template_name: String,
    /// Zadig's id of the Dockerfile template, as its detail reports it.
    pub template_id: String,
    pub build_args: String,
    pub buildkit: bool,
    /// Comma-separated BuildKit platforms.
    pub platforms: String,
    pub enable_proxy: Option<bool>,
}

/// Where and how the build runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AdvancedSettings {
    /// Minutes (Zadig's comment says seconds; the server uses minutes). Left out, 60; 0 or less runs as 600.
    pub timeout_minutes: i64,
    pub cache: Option<Cache>,
    pub cluster_name: String,
    pub resources: ResourceSpec,
    pub strategy_name: String,
    pub storages: Option<Storages>,
    pub use_host_docker_daemon: bool,
    pub privileged_mode: bool,
    pub annotations: Vec<Label>,
    pub labels: Vec<Label>,
    /// Output variable names collected after the script.
    pub outputs: Vec<String>,
}

impl Default for AdvancedSettings {
    /// Settings made in the form start from Zadig's 60-minute timeout, as its portal's do.
    fn default() -> Self {
        AdvancedSettings {
            timeout_minutes: crate::wire::zadig::DEFAULT_TIMEOUT_MINUTES,
            cache: None,
            cluster_name: String::new(),
            resources: ResourceSpec::default(),
            strategy_name: String::new(),
            storages: None,
            use_host_docker_daemon: false,
            privileged_mode: false,
            annotations: Vec::new(),
            labels: Vec::new(),
            outputs: Vec::new(),
        }
    }
}

/// CPU in millicores, memory in MiB; a request of 0 means "same as the limit" to Kubernetes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourceSpec {
    pub cpu_limit: i64,
    pub memory_limit: i64,
    pub cpu_req: i64,
    pub memory_req: i64,
    /// `resource: quantity`, e.g. `nvidia.com/gpu: 1`.
    pub gpu_limit: String,
}

impl ResourceSpec {
    /// Whether Kubernetes refuses a pod of these resources (a request above its limit, or a
    /// negative size): Zadig's build API stores such a spec without a word, and every job of
    /// the build then fails as it prepares.
    pub fn refused_by_kubernetes(&self) -> bool {
        let above = |request: i64, limit: i64| limit > 0 && request > limit;
        above(self.cpu_req, self.cpu_limit) || above(self.memory_req, self.memory_limit) || [self.cpu_req, self.cpu_limit, self.memory_req, self.memory_limit].iter().any(|v| *v < 0)
    }
}

/// A build cache directory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Cache {
    pub enabled: bool,
    pub dir: String,
}

/// Volumes mounted into the build.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Storages {
    pub enabled: bool,
    pub volumes: Vec<Volume>,
}

/// One volume: a new claim (`dynamic`) or an existing one (`static`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Volume {
    pub provision_type: String,
    pub storage_class: String,
    pub size_gib: i64,
    pub pvc: String,
    pub access_mode: String,
    pub subpath: String,
    pub mount_path: String,
    pub is_temporary: bool,
}

/// A Kubernetes label or annotation on the build pod; the value should be a string.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Label {
    pub key: String,
    pub value: Value,
}

/// Rainbond-only settings; Rainbond validates them but does not act on them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct RainbondOptions {
    /// `source_code`, `docker_image` or `market`.
    pub build_type: Option<String>,
    /// `svn`, `git` or `oss`.
    pub server_type: Option<String>,
}

/// Nuon-only settings of a component build.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct NuonOptions {
    /// The ref to build; when absent, the first repository's branch is used.
    pub git_ref: Option<String>,
    /// Build the latest commit of a connected repository instead of `git_ref`.
    pub use_latest: bool,
}

/// ServiceStage-only settings of a build job.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceStageOptions {
    pub docker_version: String,
    pub cluster_id: String,
    pub use_public_cluster: bool,
    /// `x86_64` or `aarch64`.
    pub arch: String,
    pub enterprise_project_id: String,
}

/// What a backend last reported about a build; kept for sync and display only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct RemoteInfo {
    pub source: String,
    pub update_by: String,
    /// Unix seconds.
    pub update_time: i64,
    pub basic_image_id: String,
}

impl Build {
    /// Whether the build is made from a Zadig build template.
    pub fn is_from_template(&self) -> bool {
        self.template_name.is_some()
    }

    /// The repositories `service` checks out (a template build keeps them per service), or the
    /// build's own for an empty name; none when the build has no such service.
    pub fn repos_of(&self, service: &str) -> Option<&Vec<Repo>> {
        if service.is_empty() { Some(&self.repos) } else { self.services.iter().find(|s| s.name == service).map(|s| &s.repos) }
    }

    /// [`Build::repos_of`], to change them (a job's branches applied to its run).
    pub fn repos_of_mut(&mut self, service: &str) -> Option<&mut Vec<Repo>> {
        if service.is_empty() { Some(&mut self.repos) } else { self.services.iter_mut().find(|s| s.name == service).map(|s| &mut s.repos) }
    }

    /// The repository single-repository backends (Rainbond, Nuon, ServiceStage) build: the
    /// build's first, or, for a build that keeps its repositories per service (one made from a
    /// Zadig template), its first service's.
    pub fn primary_repo(&self) -> Option<&Repo> {
        self.primary_repo_owner().and_then(|owner| self.repos_of(owner)).and_then(|r| r.first())
    }

    /// Whose first repository [`Build::primary_repo`] is: the build's own (empty), or a
    /// service's, as a job's branch for it names it.
    pub fn primary_repo_owner(&self) -> Option<&str> {
        if self.repos.is_empty() { self.services.iter().find(|s| !s.repos.is_empty()).map(|s| s.name.as_str()) } else { Some("") }
    }

    /// Whether the variable `key` is a secret (a credential variable), whose value is never kept.
    pub fn is_secret_variable(&self, key: &str) -> bool {
        self.variables.iter().any(|v| v.key == key && v.is_credential)
    }

    /// Whether any secret (credential variable, repository or input password) holds a value.
    pub fn has_secrets(&self) -> bool {
        self.variables.iter().any(|v| v.is_credential && !v.default_value.is_empty())
            || self.repos.iter().any(|r| !r.password.is_empty())
            || self.services.iter().any(|s| {
                s.inputs.iter().any(|i| i.is_credential && !i.value.is_empty())
                    || s.repos.iter().any(|r| !r.password.is_empty())
            })
    }

    /// The secret values this build holds in clear (set, and not already `********`): what a
    /// copy of a document it was read from must not carry, wherever the document writes them.
    pub fn clear_secrets(&self) -> Vec<&str> {
        let repos = self.repos.iter().chain(self.services.iter().flat_map(|s| s.repos.iter()));
        let variables = self.variables.iter().filter(|v| v.is_credential).map(|v| v.default_value.as_str());
        let inputs = self.services.iter().flat_map(|s| s.inputs.iter()).filter(|i| i.is_credential).map(|i| i.value.as_str());
        variables.chain(repos.map(|r| r.password.as_str())).chain(inputs).filter(|v| !v.is_empty() && *v != MASK).collect()
    }

    /// Puts back secrets that came back masked (`********`) from a view or an export, taking
    /// them from `from` where the same variable, repository or input still exists.
    pub fn restore_masked(&mut self, from: &Build) {
        for v in self.variables.iter_mut().filter(|v| v.is_credential && v.default_value == MASK) {
            if let Some(old) = from.variables.iter().find(|o| o.key == v.key && o.is_credential) {
                v.default_value = old.default_value.clone();
            }
        }
        let restore_repos = |repos: &mut [Repo], old: &[Repo]| {
            for (i, r) in repos.iter_mut().enumerate().filter(|(_, r)| r.password == MASK) {
                if let Some(o) = old.get(i).filter(|o| o.url == r.url && o.name == r.name) {
                    r.password = o.password.clone();
                }
            }
        };
        restore_repos(&mut self.repos, &from.repos);
        for (i, service) in self.services.iter_mut().enumerate() {
            let Some(old) = from.services.get(i) else { continue };
            restore_repos(&mut service.repos, &old.repos);
            for input in service.inputs.iter_mut().filter(|x| x.is_credential && x.value == MASK) {
                if let Some(o) = old.inputs.iter().find(|o| o.key == input.key) {
                    input.value = o.value.clone();
                }
            }
        }
    }

    /// A copy whose secrets read `********`, for exports, logs and storage without opt-in.
    pub fn masked(&self) -> Build {
        let mut copy = self.clone();
        let mask = |value: &mut String| {
            if !value.is_empty() {
                *value = MASK.to_string();
            }
        };
        for v in copy.variables.iter_mut().filter(|v| v.is_credential) {
            mask(&mut v.default_value);
        }
        for repo in copy.repos.iter_mut().chain(copy.services.iter_mut().flat_map(|s| s.repos.iter_mut())) {
            mask(&mut repo.password);
        }
        for input in copy.services.iter_mut().flat_map(|s| s.inputs.iter_mut()).filter(|i| i.is_credential) {
            mask(&mut input.value);
        }
        copy
    }
}

#[cfg(test)]
mod repo_tests {
    use super::Repo;

    fn of(url: &str) -> Repo {
        Repo { url: url.into(), ..Repo::default() }
    }

    #[test]
    fn a_clone_url_gives_the_namespace_and_name_it_holds() {
        assert_eq!(of("https://github.com/acme/api.git").namespace_and_name(), ("acme", "api"));
        assert_eq!(of("git@gitlab.com:group/sub/api.git").namespace_and_name(), ("group/sub", "api"));
        assert_eq!(of("ssh://git@host:22/acme/api").namespace_and_name(), ("acme", "api"));
        assert_eq!(of("nginx:1.25").namespace_and_name(), ("", ""), "an image is not a repository");
        assert_eq!(of("docker.io/library/nginx:1.25").namespace_and_name(), ("", ""));
        let given = Repo { namespace: "team".into(), name: "web".into(), ..of("https://github.com/acme/api.git") };
        assert_eq!(given.namespace_and_name(), ("team", "web"), "what was given wins");
    }
}
