//! `keyaki synth`: a large, realistic, deterministic snapshot for benchmarks and scale tests.

use std::io::Write;

use keyaki_synth::SynthConfig;

use crate::ExitStatus;
use crate::cli::SynthArgs;
use crate::output;

pub fn run(args: SynthArgs) -> anyhow::Result<ExitStatus> {
    let config = SynthConfig {
        accounts: args.accounts,
        principals: args.principals,
        policies: args.policies,
        buckets: args.buckets,
        instances: args.instances,
        enis: args.enis,
        security_groups: args.security_groups,
        seed: args.seed,
        overwrite: args.overwrite,
        ..SynthConfig::default()
    };
    let started = std::time::Instant::now();
    let summary = keyaki_synth::generate(&config, &args.out_dir)?;
    let elapsed = started.elapsed();
    let mut out = output::open(None)?;
    writeln!(
        out,
        "wrote {} in {:.2} s: {summary}",
        args.out_dir.display(),
        elapsed.as_secs_f64()
    )?;
    out.flush()?;
    Ok(ExitStatus::Success)
}
