//! `keyaki synth`: a large, realistic, deterministic snapshot for benchmarks and scale tests.

use std::io::Write;

use keyaki_synth::SynthConfig;

use crate::ExitStatus;
use crate::cli::SynthArgs;
use crate::output;

pub fn run(args: SynthArgs) -> anyhow::Result<ExitStatus> {
    if let Some(bytes) = args.logs {
        return logs(&args, bytes);
    }
    let config = SynthConfig {
        accounts: args.accounts,
        principals: args.principals,
        policies: args.policies,
        buckets: args.buckets,
        instances: args.instances,
        enis: args.enis,
        security_groups: args.security_groups,
        subnets: args.subnets,
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

/// `--logs SIZE`: CloudTrail log files as a trail delivers them to S3.
fn logs(args: &SynthArgs, bytes: u64) -> anyhow::Result<ExitStatus> {
    let mut config = keyaki_synth::LogsConfig::new(bytes);
    config.accounts = args.accounts;
    config.regions = args.log_regions;
    config.seed = args.seed;
    config.overwrite = args.overwrite;
    let started = std::time::Instant::now();
    let summary = keyaki_synth::generate_logs(&config, &args.out_dir)?;
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
