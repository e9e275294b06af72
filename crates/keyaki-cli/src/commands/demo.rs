//! `keyaki demo`: every engine that exists, on the bundled example, in one short report.

use std::io::Write;
use std::path::PathBuf;

use anyhow::bail;
use keyaki_snapshot::Snapshot;

use crate::ExitStatus;
use crate::cli::DemoArgs;
use crate::output;

/// Where the bundled example lives: next to the working directory when run from a checkout,
/// or next to the sources this binary was built from.
fn example_dir(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = given {
        return Ok(dir);
    }
    let candidates = [
        PathBuf::from("examples/incident-3tier"),
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/incident-3tier"),
    ];
    match candidates.into_iter().find(|c| c.is_dir()) {
        Some(dir) => Ok(dir),
        None => bail!(
            "cannot find the bundled example examples/incident-3tier; run from the repository, or give --example DIR"
        ),
    }
}

pub fn run(args: DemoArgs) -> anyhow::Result<ExitStatus> {
    let dir = example_dir(args.example)?;
    let started = std::time::Instant::now();
    let snapshot = super::load_snapshot(&dir)?;
    let elapsed = started.elapsed();
    let mut out = output::open(None)?;
    writeln!(out, "keyaki demo: {}", dir.display())?;
    writeln!(
        out,
        "=========================================================="
    )?;
    snapshot_section(&mut out, &snapshot, elapsed)?;
    highlights_section(&mut out, &snapshot)?;
    writeln!(out, "\nNext:")?;
    writeln!(
        out,
        "  keyaki inventory {} --format xlsx --output inventory.xlsx",
        dir.display()
    )?;
    writeln!(out, "  keyaki snapshot validate {}", dir.display())?;
    out.flush()?;
    Ok(ExitStatus::Success)
}

fn snapshot_section(
    out: &mut dyn Write,
    snapshot: &Snapshot,
    elapsed: std::time::Duration,
) -> std::io::Result<()> {
    writeln!(
        out,
        "\n[snapshot] {} files, {} resources, loaded in {:.1} ms",
        snapshot.file_count(),
        snapshot.inventory().len(),
        elapsed.as_secs_f64() * 1000.0
    )?;
    for account in snapshot.accounts() {
        let regions: Vec<String> = account
            .regions
            .iter()
            .filter_map(|r| r.region.as_ref().map(ToString::to_string))
            .collect();
        writeln!(
            out,
            "  account {} in {}",
            account
                .id
                .as_ref()
                .map_or("(unknown)".to_owned(), ToString::to_string),
            regions.join(", ")
        )?;
    }
    let counts = snapshot.counts();
    let mut line = String::new();
    for (kind, n) in counts {
        let short = kind.trim_start_matches("AWS::");
        let entry = format!("{n} {short}");
        if line.len() + entry.len() > 90 {
            writeln!(out, "  {}", line.trim_end_matches(", "))?;
            line.clear();
        }
        line.push_str(&entry);
        line.push_str(", ");
    }
    if !line.is_empty() {
        writeln!(out, "  {}", line.trim_end_matches(", "))?;
    }
    if !snapshot.warnings().is_empty() {
        writeln!(
            out,
            "  {} warnings (keyaki snapshot validate shows them)",
            snapshot.warnings().len()
        )?;
    }
    Ok(())
}

/// Facts read straight from the snapshot that a reviewer looks at first. The engines that
/// prove exposure and access build on the same model.
fn highlights_section(out: &mut dyn Write, snapshot: &Snapshot) -> std::io::Result<()> {
    writeln!(out, "\n[inventory highlights]")?;
    for account in snapshot.accounts() {
        for region in &account.regions {
            let where_ = region
                .region
                .as_ref()
                .map_or("?".to_owned(), ToString::to_string);
            for lb in &region.elbv2.load_balancers {
                if lb.scheme.as_deref() == Some("internet-facing") {
                    writeln!(
                        out,
                        "  {where_}: load balancer {} is internet-facing ({})",
                        lb.load_balancer_name,
                        lb.dns_name.as_deref().unwrap_or("-")
                    )?;
                }
            }
            for instance in &region.ec2.instances {
                let name = keyaki_snapshot::tag(&instance.tags, "Name").unwrap_or("-");
                if let Some(ip) = &instance.public_ip_address {
                    writeln!(
                        out,
                        "  {where_}: instance {} ({name}) has public address {ip}",
                        instance.instance_id
                    )?;
                }
                if instance
                    .metadata_options
                    .as_ref()
                    .and_then(|m| m.http_tokens.as_deref())
                    == Some("optional")
                {
                    writeln!(
                        out,
                        "  {where_}: instance {} ({name}) still accepts IMDSv1 (HttpTokens optional)",
                        instance.instance_id
                    )?;
                }
            }
            for group in &region.ec2.security_groups {
                for rule in &group.ip_permissions {
                    let open = rule.ip_ranges.iter().any(|r| r.cidr_ip == "0.0.0.0/0")
                        || rule.ipv6_ranges.iter().any(|r| r.cidr_ipv6 == "::/0");
                    if open {
                        let ports = match (rule.from_port, rule.to_port) {
                            _ if rule.ip_protocol == "-1" => "all traffic".to_owned(),
                            (Some(a), Some(b)) if a == b => format!("{} {a}", rule.ip_protocol),
                            (Some(a), Some(b)) => format!("{} {a}-{b}", rule.ip_protocol),
                            _ => rule.ip_protocol.clone(),
                        };
                        writeln!(
                            out,
                            "  {where_}: security group {} ({}) admits {ports} from anywhere",
                            group.group_id, group.group_name
                        )?;
                    }
                }
            }
        }
    }
    Ok(())
}
