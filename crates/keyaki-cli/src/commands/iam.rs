//! The IAM questions: `keyaki can`, `who-can`, `what-can`, `simulate` and `policy validate`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, bail};
use keyaki_core::Finding;
use keyaki_iam::{
    Access, CanAnswer, Context, ContextValue, Decision, Evaluation, Explanation, FindingType,
    StatementRef, ValidationFinding, WhatCanAnswer, WhatCanFilter, WhoCanAnswer,
};
use keyaki_report::{FindingFormat, RenderOptions};

use crate::ExitStatus;
use crate::cli::{
    AnswerFormat, CanArgs, PolicyValidateArgs, PolicyValidateFormat, SimulateArgs, WhatCanArgs,
    WhoCanArgs,
};
use crate::output;

/// `--context KEY=VALUE` flags as a request context; a key given twice is multivalued.
fn parse_context(pairs: &[String]) -> anyhow::Result<Context> {
    let mut keys: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for pair in pairs {
        let Some((key, value)) = pair.split_once('=') else {
            bail!(
                "--context {pair:?}: expected KEY=VALUE, such as aws:MultiFactorAuthPresent=true"
            );
        };
        let key = key.trim();
        if key.is_empty() {
            bail!("--context {pair:?}: the key is empty");
        }
        keys.entry(key.to_ascii_lowercase())
            .or_insert_with(|| (key.to_owned(), Vec::new()))
            .1
            .push(value.to_owned());
    }
    let mut context = Context::empty();
    for (key, mut values) in keys.into_values() {
        let value = if values.len() == 1 {
            ContextValue::One(values.remove(0))
        } else {
            ContextValue::Many(values)
        };
        context.insert(&key, value);
    }
    Ok(context)
}

/// An engine error as a message: a policy that does not parse lists every error with its
/// place and hint.
fn iam_error(error: keyaki_iam::Error) -> anyhow::Error {
    match &error {
        keyaki_iam::Error::Policy { what, errors } => {
            let mut text = format!("{what}: the policy does not parse");
            for e in errors {
                text.push_str(&format!("\n  {e}"));
                if let Some(help) = &e.help {
                    text.push_str(&format!("\n    hint: {help}"));
                }
            }
            anyhow::anyhow!(text)
        }
        _ => anyhow::Error::new(error),
    }
}

/// Loads the snapshot and indexes it, printing the engine's warnings to standard error.
fn load_access(path: &Path) -> anyhow::Result<Access> {
    let snapshot = super::load_snapshot(path)?;
    let access = Access::new(&snapshot);
    let mut stderr = std::io::stderr().lock();
    for warning in access.warnings() {
        let _ = writeln!(stderr, "warning: {warning}");
    }
    Ok(access)
}

fn write_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    let mut out = output::open(None)?;
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    out.flush().context("cannot write the output")
}

pub fn can(args: CanArgs) -> anyhow::Result<ExitStatus> {
    let context = parse_context(&args.context)?;
    let access = load_access(&args.snapshot)?;
    let answer = access
        .can(&args.principal, &args.action, &args.resource, &context)
        .map_err(iam_error)?;
    match args.format {
        AnswerFormat::Json => write_json(&answer)?,
        AnswerFormat::Table => {
            let mut out = output::open(None)?;
            write_can(&mut out, &answer)?;
            out.flush().context("cannot write the output")?;
        }
    }
    Ok(ExitStatus::Success)
}

pub fn who_can(args: WhoCanArgs) -> anyhow::Result<ExitStatus> {
    let context = parse_context(&args.context)?;
    let access = load_access(&args.snapshot)?;
    let answer = access
        .who_can(&args.action, &args.resource, &context)
        .map_err(iam_error)?;
    match args.format {
        AnswerFormat::Json => write_json(&answer)?,
        AnswerFormat::Table => {
            let mut out = output::open(None)?;
            write_who_can(&mut out, &answer)?;
            out.flush().context("cannot write the output")?;
        }
    }
    Ok(ExitStatus::Success)
}

pub fn what_can(args: WhatCanArgs) -> anyhow::Result<ExitStatus> {
    let access = load_access(&args.snapshot)?;
    let filter = WhatCanFilter {
        service: args.service.clone(),
        resource: args.resource.clone(),
        access_level: args.access_level.map(Into::into),
    };
    let answer = access
        .what_can(&args.principal, &filter)
        .map_err(iam_error)?;
    match args.format {
        AnswerFormat::Json => write_json(&answer)?,
        AnswerFormat::Table => {
            let mut out = output::open(None)?;
            write_what_can(&mut out, &answer)?;
            out.flush().context("cannot write the output")?;
        }
    }
    Ok(ExitStatus::Success)
}

pub fn simulate(args: SimulateArgs) -> anyhow::Result<ExitStatus> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("{}: cannot read the file", args.file.display()))?;
    let evaluation = keyaki_iam::simulate(&text, Some(&args.file))
        .map_err(iam_error)
        .with_context(|| format!("{}: not a valid simulate input", args.file.display()))?;
    match args.format {
        AnswerFormat::Json => write_json(&evaluation)?,
        AnswerFormat::Table => {
            let mut out = output::open(None)?;
            write_evaluation(&mut out, &evaluation)?;
            out.flush().context("cannot write the output")?;
        }
    }
    Ok(ExitStatus::Success)
}

fn verdict(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "ALLOWED",
        Decision::ExplicitDeny => "DENIED (explicit deny)",
        Decision::ImplicitDeny => "DENIED (implicit: nothing allows it)",
    }
}

fn write_can(out: &mut dyn Write, answer: &CanAnswer) -> anyhow::Result<()> {
    writeln!(
        out,
        "{}: {} {} {}",
        verdict(answer.decision),
        answer.principal.arn,
        answer.action,
        answer.resource
    )?;
    write_explanation(out, &answer.explanation)
}

fn write_evaluation(out: &mut dyn Write, evaluation: &Evaluation) -> anyhow::Result<()> {
    writeln!(out, "{}", verdict(evaluation.decision))?;
    write_explanation(out, &evaluation.explanation)
}

/// `Allow statement "NightlyReportJob" (#1) of trust policy of role/developer-role`.
fn statement(s: &StatementRef) -> String {
    let effect = match s.effect {
        keyaki_iam::Effect::Allow => "Allow",
        keyaki_iam::Effect::Deny => "Deny",
    };
    let sid = s
        .sid
        .as_deref()
        .map_or_else(String::new, |sid| format!(" {sid:?}"));
    format!(
        "{effect} statement{sid} (#{}) of {}",
        s.index, s.policy.name
    )
}

fn write_explanation(out: &mut dyn Write, e: &Explanation) -> anyhow::Result<()> {
    writeln!(out, "{}", e.summary)?;
    if !e.deciding.is_empty() {
        writeln!(out, "\ndeciding statements:")?;
        for s in &e.deciding {
            writeln!(out, "  {}", statement(s))?;
            writeln!(out, "    at {}", s.location)?;
        }
    }
    if !e.failed_conditions.is_empty() {
        writeln!(out, "\nfailed conditions:")?;
        for c in &e.failed_conditions {
            let request = c
                .request_values
                .as_ref()
                .map_or_else(|| "missing".to_owned(), |v| v.join(", "));
            writeln!(
                out,
                "  {} {} {} (request: {request}) in {}",
                c.key,
                c.operator,
                c.values.join(", "),
                statement(&c.statement)
            )?;
            writeln!(out, "    at {}", c.location)?;
        }
    }
    if !e.missing_keys.is_empty() {
        writeln!(out, "\nmissing context keys: {}", e.missing_keys.join(", "))?;
    }
    if !e.requirements.is_empty() {
        writeln!(out, "\nwhat would change the answer:")?;
        for r in &e.requirements {
            writeln!(out, "  {r}")?;
        }
    }
    if !e.steps.is_empty() {
        writeln!(out, "\nsteps:")?;
        for step in &e.steps {
            let note = step
                .note
                .as_deref()
                .map_or_else(String::new, |n| format!(" ({n})"));
            writeln!(out, "  {:<14} {}{note}", step.step, step.result)?;
        }
    }
    Ok(())
}

fn write_who_can(out: &mut dyn Write, answer: &WhoCanAnswer) -> anyhow::Result<()> {
    writeln!(
        out,
        "{} can {} {} ({} checked)",
        super::count(answer.principals.len(), "principal", "principals"),
        answer.action,
        answer.resource,
        super::count(answer.checked, "principal", "principals"),
    )?;
    for p in &answer.principals {
        let account = p
            .account
            .as_deref()
            .map_or_else(String::new, |a| format!(", account {a}"));
        writeln!(out, "\n  {} ({}{account})", p.principal, p.kind)?;
        writeln!(out, "    {}", p.summary)?;
        if let Some(assumes) = &p.assumes {
            writeln!(out, "    assumes: {assumes}")?;
        }
        for c in &p.conditions {
            writeln!(out, "    {c}")?;
        }
    }
    Ok(())
}

fn write_what_can(out: &mut dyn Write, answer: &WhatCanAnswer) -> anyhow::Result<()> {
    writeln!(
        out,
        "{} can do {}",
        answer.principal.arn,
        super::count(answer.total_actions, "action", "actions")
    )?;
    for service in &answer.services {
        writeln!(out, "\n{} ({})", service.service, service.name)?;
        for level in &service.levels {
            writeln!(out, "  {}", level.access_level.as_str())?;
            for action in &level.actions {
                writeln!(
                    out,
                    "    {:<40} {}",
                    action.action,
                    action.resources.join(", ")
                )?;
            }
        }
    }
    Ok(())
}

/// One policy's findings, named for the report formats.
struct Checked {
    /// The file, or the policy's ARN or name.
    resource: String,
    /// A heading for the table (snapshot policies).
    heading: Option<String>,
    findings: Vec<ValidationFinding>,
}

pub fn policy_validate(args: PolicyValidateArgs) -> anyhow::Result<ExitStatus> {
    let mut checked = Vec::new();
    let json = match &args.snapshot {
        Some(path) => {
            let snapshot = super::load_snapshot(path)?;
            let policies = keyaki_iam::validate_snapshot(&snapshot);
            let json = serde_json::to_value(&policies)?;
            for p in policies {
                let resource = p
                    .policy
                    .arn
                    .clone()
                    .unwrap_or_else(|| p.policy.name.clone());
                let heading = match &p.policy.attached_to {
                    Some(to) => format!("{} (attached to {to})", p.policy.name),
                    None => p.policy.name.clone(),
                };
                checked.push(Checked {
                    resource,
                    heading: Some(heading),
                    findings: p.findings,
                });
            }
            json
        }
        None => {
            let kind = args.kind.map(Into::into);
            let mut all = Vec::new();
            for file in &args.files {
                let findings = keyaki_iam::validate_file(file, kind)
                    .map_err(|e| anyhow::anyhow!("cannot read the policy {e}"))?;
                all.extend(findings.iter().cloned());
                checked.push(Checked {
                    resource: file.display().to_string(),
                    heading: None,
                    findings,
                });
            }
            serde_json::to_value(&all)?
        }
    };
    let threshold = FindingType::from(args.fail_on);
    let mut out = output::open(None)?;
    match args.format {
        PolicyValidateFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &json)?;
            writeln!(out)?;
        }
        PolicyValidateFormat::Sarif => {
            let findings: Vec<Finding> = checked
                .iter()
                .flat_map(|c| c.findings.iter().map(|f| f.to_finding(&c.resource)))
                .collect();
            FindingFormat::Sarif.write(&findings, &mut out, &RenderOptions::default())?;
        }
        PolicyValidateFormat::Table => write_validation(&mut out, &checked)?,
    }
    out.flush().context("cannot write the output")?;
    let failing = checked
        .iter()
        .flat_map(|c| &c.findings)
        .any(|f| f.finding_type <= threshold);
    Ok(if failing {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

fn write_validation(out: &mut dyn Write, checked: &[Checked]) -> anyhow::Result<()> {
    let mut by_type: BTreeMap<FindingType, usize> = BTreeMap::new();
    let mut policies = 0;
    for c in checked {
        if c.findings.is_empty() {
            continue;
        }
        policies += 1;
        let indent = match &c.heading {
            Some(heading) => {
                writeln!(out, "{heading}:")?;
                "  "
            }
            None => "",
        };
        for f in &c.findings {
            *by_type.entry(f.finding_type).or_default() += 1;
            writeln!(out, "{indent}{f}")?;
            if let Some(help) = &f.help {
                writeln!(out, "{indent}  hint: {help}")?;
            }
        }
    }
    let total: usize = by_type.values().sum();
    if total == 0 {
        writeln!(out, "no findings")?;
        return Ok(());
    }
    let parts: Vec<String> = by_type
        .iter()
        .map(|(t, n)| {
            let name = match t {
                FindingType::Error => "ERROR",
                FindingType::SecurityWarning => "SECURITY_WARNING",
                FindingType::Warning => "WARNING",
                FindingType::Suggestion => "SUGGESTION",
            };
            format!("{n} {name}")
        })
        .collect();
    writeln!(
        out,
        "\n{} in {}: {}",
        super::count(total, "finding", "findings"),
        super::count(policies, "policy", "policies"),
        parts.join(", ")
    )?;
    Ok(())
}
