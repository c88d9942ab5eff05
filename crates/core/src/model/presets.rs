//! Zadig's resource presets (`pkg/setting/types.go`): CPU in millicores, memory in MiB.

use crate::model::ResourceSpec;

/// A named resource size Zadig offers, or a custom one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourcePreset {
    High,
    Medium,
    Low,
    Min,
    Custom,
}

impl ResourcePreset {
    /// The presets in the order Zadig's form lists them.
    pub const ALL: [ResourcePreset; 5] =
        [ResourcePreset::High, ResourcePreset::Medium, ResourcePreset::Low, ResourcePreset::Min, ResourcePreset::Custom];

    /// Zadig's spelling (`define` for custom).
    pub fn as_str(self) -> &'static str {
        match self {
            ResourcePreset::High => "high",
            ResourcePreset::Medium => "medium",
            ResourcePreset::Low => "low",
            ResourcePreset::Min => "min",
            ResourcePreset::Custom => "define",
        }
    }

    /// Label for the form, with the sizes it stands for.
    pub fn label(self) -> &'static str {
        match self {
            ResourcePreset::High => "High — 16 CPU / 32 GiB limit, 4 CPU / 4 GiB requested",
            ResourcePreset::Medium => "Medium — 8 CPU / 16 GiB limit, 2 CPU / 2 GiB requested",
            ResourcePreset::Low => "Low — 4 CPU / 8 GiB limit, 1 CPU / 1 GiB requested",
            ResourcePreset::Min => "Min — 2 CPU / 2 GiB limit, 0.5 CPU / 512 MiB requested",
            ResourcePreset::Custom => "Custom",
        }
    }

    /// The spec a preset stands for (custom keeps nothing of its own).
    pub fn spec(self) -> Option<ResourceSpec> {
        let (cpu_limit, memory_limit, cpu_req, memory_req) = match self {
            ResourcePreset::High => (16000, 32768, 4000, 4096),
            ResourcePreset::Medium => (8000, 16384, 2000, 2048),
            ResourcePreset::Low => (4000, 8192, 1000, 1024),
            ResourcePreset::Min => (2000, 2048, 500, 512),
            ResourcePreset::Custom => return None,
        };
        Some(ResourceSpec { cpu_limit, memory_limit, cpu_req, memory_req, gpu_limit: String::new() })
    }

    /// Which preset a spec is, as Zadig decides it: exact match, and a GPU makes it custom.
    pub fn of(spec: &ResourceSpec) -> ResourcePreset {
        ResourcePreset::ALL
            .into_iter()
            .find(|p| p.spec().as_ref() == Some(spec))
            .unwrap_or(ResourcePreset::Custom)
    }

    /// Parses Zadig's spelling.
    pub fn parse(text: &str) -> Option<ResourcePreset> {
        ResourcePreset::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_recognised_exactly() {
        for p in ResourcePreset::ALL.into_iter().filter(|p| *p != ResourcePreset::Custom) {
            assert_eq!(ResourcePreset::of(&p.spec().unwrap()), p);
        }
        let mut gpu = ResourcePreset::Low.spec().unwrap();
        gpu.gpu_limit = "nvidia.com/gpu: 1".into();
        assert_eq!(ResourcePreset::of(&gpu), ResourcePreset::Custom);
    }
}
