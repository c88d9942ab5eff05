//! The console's own model: builds, templates and jobs as an admin edits them.
//!
//! One model serves all four backends. It is a superset: Zadig's build is the richest shape and
//! sets most of it; the other backends read the parts they know (`rainbond`, `nuon`,
//! `servicestage` hold what only they have). Enumerated settings are kept as the text the admin
//! typed, so nothing is lost while it is still wrong; validation says what is wrong with it.

mod build;
mod job;
mod presets;
mod template;

pub use build::{
    AdvancedSettings, Build, Cache, DockerStep, Install, Label, NuonOptions, RainbondOptions, RemoteInfo, Repo,
    ResourceSpec, Service, ServiceInput, ServiceStageOptions, Storages, Variable, Volume, url_repo_name,
};
pub use job::{BranchOverride, Job, JobInput};
pub use presets::ResourcePreset;
pub use template::Template;

/// The text shown instead of a secret; Zadig keeps the stored secret when it receives it back.
pub const MASK: &str = crate::wire::zadig::MASK_VALUE;
