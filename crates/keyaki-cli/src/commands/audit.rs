//! `keyaki audit`: an evidence package for one framework, readable without keyaki.

use anyhow::Context;
use keyaki_rules::{AuditOptions, CheckOptions, CustomRules, Framework, Suppressions};

use crate::ExitStatus;
use crate::cli::AuditArgs;

pub fn run(args: AuditArgs) -> anyhow::Result<ExitStatus> {
    let framework: Framework = args.framework.parse()?;
    let suppressions = match &args.suppressions {
        Some(path) => Suppressions::load(path)?,
        None => Suppressions::default(),
    };
    let custom = match &args.custom_rules {
        Some(dir) => CustomRules::load(dir)?,
        None => CustomRules::default(),
    };
    let snapshot = super::load_snapshot(&args.snapshot)?;
    let options = AuditOptions {
        framework,
        check: CheckOptions {
            suppressions,
            custom,
            ..CheckOptions::default()
        },
        keyaki_version: env!("CARGO_PKG_VERSION").to_owned(),
        generated_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    };
    let package = keyaki_rules::audit(&snapshot, &options)?;
    package
        .write(&args.output)
        .with_context(|| format!("cannot write the package into {}", args.output.display()))?;
    let ix = &package.index;
    let by_status = ix.summary["by_status"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{v} {k}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    eprintln!(
        "wrote {}: {} requirements of {} ({by_status}); open {}",
        args.output.display(),
        ix.requirements.len(),
        framework.name(),
        args.output.join("index.html").display()
    );
    Ok(ExitStatus::Success)
}
