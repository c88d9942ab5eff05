//! Simulated events per second on 1,000,000 jobs over 1,000 nodes (the README's figure).
//!
//! Not criterion: one run takes most of a second, so this times `CAPACITY_RUNS` whole runs
//! (as the wasm benchmark does) and prints the best as `simulate-1m: <events> events in <ms> ms = <events/s> events/s`.

use std::time::Instant;

use buildbay_core::simulate::{CAPACITY_RUNS, capacity_run, capacity_scenario};

fn main() {
    let prepared = capacity_scenario(1_000_000, 1_000);
    let mut best = f64::MAX;
    let mut events = 0;
    for _ in 0..CAPACITY_RUNS {
        let started = Instant::now();
        let (e, ended) = capacity_run(&prepared);
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        assert_eq!(ended, 1_000_000, "every job ends");
        events = e;
        best = best.min(ms);
    }
    println!("simulate-1m: {events} events in {best:.1} ms = {:.0} events/s", events as f64 / (best / 1000.0));
}
