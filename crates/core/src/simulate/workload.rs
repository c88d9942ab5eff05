//! Jobs generated from arrival rates: exponential gaps from the seeded generator.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

use super::plan::{ln, unit_interval};
use super::scenario::{Arrival, JobSpec, PreparedBuild};

/// The jobs the arrival rates produce, in submission order per arrival.
pub fn generate(arrivals: &[Arrival], builds: &[PreparedBuild], seed: u64) -> Vec<JobSpec> {
    let mut jobs = Vec::new();
    for (i, arrival) in arrivals.iter().enumerate() {
        if !(arrival.per_hour.is_finite() && arrival.per_hour > 0.0) || builds.is_empty() {
            continue;
        }
        let names: Vec<&str> = if arrival.builds.is_empty() { builds.iter().map(|b| b.name.as_str()).collect() } else { arrival.builds.iter().map(String::as_str).collect() };
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x6172_7269_7661_6c73);
        rng.set_stream(i as u64);
        let mean_gap = 3600.0 / arrival.per_hour;
        let mut t = arrival.from;
        let mut made = 0u64;
        loop {
            // 1 - u is in (0, 1], so the logarithm is finite.
            let gap = -ln(1.0 - unit_interval(rng.next_u64())) * mean_gap;
            t += gap;
            if t >= arrival.until || (arrival.max_jobs > 0 && made >= arrival.max_jobs) {
                break;
            }
            let build = names[(rng.next_u32() as usize) % names.len()];
            jobs.push(JobSpec { build: build.to_string(), submit: (t * 1000.0).round() / 1000.0, ..JobSpec::default() });
            made += 1;
        }
    }
    jobs
}
