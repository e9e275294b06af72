//! Time to generate snapshots of a few sizes (files written to a temporary directory).

use criterion::{Criterion, criterion_group, criterion_main};
use keyaki_synth::{SynthConfig, generate};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    let cases = [
        (
            "1 account, 5k ENIs",
            SynthConfig {
                enis: 5_000,
                instances: 3_000,
                security_groups: 200,
                principals: 200,
                policies: 50,
                buckets: 50,
                ..SynthConfig::default()
            },
        ),
        (
            "20 accounts, 500 ENIs each",
            SynthConfig {
                accounts: 20,
                enis: 500,
                instances: 300,
                security_groups: 60,
                ..SynthConfig::default()
            },
        ),
    ];
    for (name, config) in cases {
        let config = SynthConfig {
            overwrite: true,
            ..config
        };
        let Ok(dir) = tempfile::tempdir() else {
            return;
        };
        group.bench_function(name, |b| {
            b.iter(|| generate(&config, dir.path()).map(|s| s.bytes))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
