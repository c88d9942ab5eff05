//! Made-up build summaries in bulk, for the journeys and benchmarks that need a long build list
//! without importing thousands of builds one by one.

use buildbay_core::Target;
use buildbay_core::workspace::{BuildSummary, SyncState};

/// The name of the `i`-th made-up build (`build-00000` on), for a test that looks for one.
pub fn summary_name(i: usize) -> String {
    format!("build-{i:05}")
}

/// `count` build summaries as the app stores them (JSON text each), named by [`summary_name`], with
/// services, repositories, backends and findings varied so that searches and badges differ.
pub fn build_summaries(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            let s = BuildSummary {
                id: format!("bench-{i:05}"),
                name: summary_name(i),
                project_key: format!("project-{}", i % 20),
                services: vec![format!("service-{}/module-{}", i % 500, i % 7), format!("worker-{}/module-{}", i % 300, i % 5)],
                repos: vec![format!("acme/repo-{}", i % 300)],
                target: Target::ALL[i % 4],
                updated_at: 1_700_000_000_000 + i as i64 * 60_000,
                errors: (i % 3) as u32,
                warnings: (i % 5) as u32,
                sync: SyncState::LocalOnly,
                template: String::new(),
            };
            serde_json::to_string(&s).expect("plain data")
        })
        .collect()
}
