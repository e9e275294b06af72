//! Generates a synthetic snapshot and prints its summary as JSON.
//!
//! ```text
//! cargo run --release -p keyaki-synth --example synth -- OUT_DIR \
//!     [--accounts N] [--principals N] [--policies N] [--buckets N] [--instances N] \
//!     [--enis N] [--security-groups N] [--seed N] [--page-size N] [--compact] [--overwrite]
//! ```

use std::process::ExitCode;
use std::time::Instant;

use keyaki_synth::{SynthConfig, generate};

fn usage() -> ExitCode {
    eprintln!(
        "usage: synth OUT_DIR [--accounts N] [--principals N] [--policies N] [--buckets N] \
         [--instances N] [--enis N] [--security-groups N] [--seed N] [--page-size N] \
         [--compact] [--overwrite]"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut out = None;
    let mut config = SynthConfig::default();
    while let Some(arg) = args.next() {
        let flag = arg.as_str();
        match flag {
            "--compact" => config.pretty = false,
            "--overwrite" => config.overwrite = true,
            "-h" | "--help" => return usage(),
            _ if flag.starts_with("--") => {
                let Some(value) = args.next() else {
                    return usage();
                };
                let Ok(n) = value.parse::<u64>() else {
                    eprintln!("synth: {flag}: not a number: {value}");
                    return usage();
                };
                let n_usize = n as usize;
                match flag {
                    "--accounts" => config.accounts = n_usize,
                    "--principals" => config.principals = n_usize,
                    "--policies" => config.policies = n_usize,
                    "--buckets" => config.buckets = n_usize,
                    "--instances" => config.instances = n_usize,
                    "--enis" => config.enis = n_usize,
                    "--security-groups" => config.security_groups = n_usize,
                    "--seed" => config.seed = n,
                    "--page-size" => config.page_size = n_usize,
                    _ => return usage(),
                }
            }
            _ if out.is_none() => out = Some(arg),
            _ => return usage(),
        }
    }
    let Some(out) = out else { return usage() };
    let started = Instant::now();
    match generate(&config, &out) {
        Ok(summary) => {
            eprintln!("synth: wrote {out} in {:.2?}", started.elapsed());
            match serde_json::to_string_pretty(&summary) {
                Ok(json) => println!("{json}"),
                Err(e) => eprintln!("synth: {e}"),
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("synth: {e}");
            ExitCode::FAILURE
        }
    }
}
