//! Validation speed: a 100-service build with every section filled, per backend.
//! Goal: at most 50 µs natively for Zadig (the richest rule set).

use buildbay_core::Target;
use buildbay_core::sample::large_build;
use buildbay_core::validate;
use criterion::{Criterion, criterion_group, criterion_main};

fn validate_large_build(c: &mut Criterion) {
    let build = large_build("bench", 100);
    for target in Target::ALL {
        c.bench_function(&format!("validate_100_services_{}", target.as_str()), |b| {
            b.iter(|| validate::validate(std::hint::black_box(&build), target))
        });
    }
}

criterion_group!(benches, validate_large_build);
criterion_main!(benches);

