//! `check`: every selected rule on a snapshot, with suppressions applied.

use keyaki_core::{AccountId, ComplianceRef, Finding, Region, Remediation, Severity};
use keyaki_snapshot::Snapshot;
use serde::Serialize;
use serde_json::Value;

use crate::custom::CustomRules;
use crate::rule::{Context, Evaluation, Status};
use crate::{Catalog, Framework, Suppression, Suppressions};

/// What to check and what to report.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Only rules that map to this framework; all rules when `None`.
    pub framework: Option<Framework>,
    /// Only rules of at least this severity.
    pub severity: Option<Severity>,
    /// Only these rule ids (empty: all).
    pub rules: Vec<String>,
    /// Accepted risks.
    pub suppressions: Suppressions,
    /// "Now" in Unix seconds, for credential and key ages; the current time when `None`.
    pub now: Option<i64>,
    /// Rules of your own (docs/custom-rules.md), run after the built-in ones and selected by
    /// the same framework, severity and id filters.
    pub custom: CustomRules,
    /// Run only the custom rules, not the built-in ones.
    pub no_builtin: bool,
}

/// One rule's outcome on one resource: the unit of `keyaki check --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckResult {
    /// Stable id (see [`Finding::stable_id`]): the rule and resource.
    pub id: String,
    /// The rule.
    pub rule_id: String,
    /// The rule's title.
    pub title: String,
    /// pass, fail, not_applicable or unknown.
    pub status: Status,
    /// The rule's severity.
    pub severity: Severity,
    /// The resource.
    pub resource_arn: String,
    /// The owning account.
    pub account: Option<AccountId>,
    /// The Region; `null` for global resources.
    pub region: Option<Region>,
    /// The settings that decided the status.
    pub evidence: Value,
    /// How to fix a failure.
    pub remediation: Remediation,
    /// The framework requirements, `[{"framework": "cis-3.0", "requirement": "1.4"}]`.
    pub compliance: Vec<ComplianceRef>,
    /// The accepted risk that hides this failure, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<Suppression>,
    /// An expired suppression that no longer hides it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expired_suppression: Option<Suppression>,
}

impl CheckResult {
    /// Whether this is a failure that no live suppression hides.
    pub fn is_open_failure(&self) -> bool {
        self.status == Status::Fail && self.suppressed.is_none()
    }

    /// The result as a [`Finding`] for the shared renderers.
    pub fn to_finding(&self) -> Finding {
        let mut b = Finding::builder(&self.rule_id, &self.title, self.severity)
            .resource(&self.resource_arn)
            .account(self.account.clone())
            .region(self.region.clone())
            .evidence(self.evidence.clone())
            .decisive(Value::Null)
            .remediation(self.remediation.text.clone(), self.remediation.cli.clone());
        for c in &self.compliance {
            b = b.compliance(&c.framework, &c.requirement);
        }
        b.build()
    }
}

/// Counts by status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Rules evaluated.
    pub rules: usize,
    /// Passing results.
    pub pass: usize,
    /// Failing results not suppressed.
    pub fail: usize,
    /// Failing results hidden by a live suppression.
    pub suppressed: usize,
    /// Not applicable.
    pub not_applicable: usize,
    /// Missing data.
    pub unknown: usize,
}

/// What `check` found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// Counts by status.
    pub summary: Summary,
    /// Every result, by rule (catalog order, then custom rules in file order) then resource.
    pub results: Vec<CheckResult>,
}

impl CheckReport {
    /// The open failures as findings, for the table, SARIF, ASFF and other renderers.
    pub fn findings(&self) -> Vec<Finding> {
        self.results
            .iter()
            .filter(|r| r.is_open_failure())
            .map(CheckResult::to_finding)
            .collect()
    }

    /// The highest severity among open failures, for `--fail-on`.
    pub fn worst(&self) -> Option<Severity> {
        self.results
            .iter()
            .filter(|r| r.is_open_failure())
            .map(|r| r.severity)
            .max()
    }
}

/// Runs the selected rules of the built-in catalog, then the custom rules, on `snapshot`.
pub fn check(snapshot: &Snapshot, options: &CheckOptions) -> CheckReport {
    let now = options.now.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    });
    let cx = Context::new(snapshot, now);
    let mut out = Collected::default();
    let selected = |id: &str, severity: Severity, compliance: &[(Framework, &str)]| {
        options.severity.is_none_or(|s| severity >= s)
            && (options.rules.is_empty() || options.rules.iter().any(|r| r == id))
            && options
                .framework
                .is_none_or(|f| compliance.iter().any(|(g, _)| *g == f))
    };
    let builtin = Catalog::builtin();
    let builtin_rules = if options.no_builtin {
        &[][..]
    } else {
        builtin.rules()
    };
    for rule in builtin_rules {
        let compliance = rule.compliance();
        if !selected(rule.id, rule.severity, &compliance) {
            continue;
        }
        let meta = RuleMeta {
            id: rule.id,
            title: rule.title,
            severity: rule.severity,
            remediation: rule.remediation,
            compliance: &compliance,
        };
        out.push(
            &meta,
            rule.evaluate(&cx),
            |vars| rule.cli_for(vars),
            options,
            now,
        );
    }
    if !options.custom.is_empty() {
        let documents = crate::custom::documents(snapshot);
        for rule in options.custom.rules() {
            let compliance: Vec<(Framework, &str)> = rule
                .compliance
                .iter()
                .map(|(f, r)| (*f, r.as_str()))
                .collect();
            if !selected(&rule.id, rule.severity, &compliance) {
                continue;
            }
            let meta = RuleMeta {
                id: &rule.id,
                title: &rule.title,
                severity: rule.severity,
                remediation: &rule.remediation,
                compliance: &compliance,
            };
            let evaluations = rule.evaluate(snapshot, &documents);
            out.push(&meta, evaluations, |vars| rule.cli_for(vars), options, now);
        }
    }
    let Collected { summary, results } = out;
    CheckReport { summary, results }
}

/// What [`check`] needs of a rule, built-in or custom.
struct RuleMeta<'a> {
    id: &'a str,
    title: &'a str,
    severity: Severity,
    remediation: &'a str,
    compliance: &'a [(Framework, &'a str)],
}

#[derive(Default)]
struct Collected {
    summary: Summary,
    results: Vec<CheckResult>,
}

impl Collected {
    /// Adds one rule's evaluations, with suppressions applied.
    fn push(
        &mut self,
        rule: &RuleMeta<'_>,
        evaluations: Vec<Evaluation>,
        cli_for: impl Fn(&[(&'static str, String)]) -> Option<String>,
        options: &CheckOptions,
        now: i64,
    ) {
        let summary = &mut self.summary;
        summary.rules += 1;
        let compliance: Vec<ComplianceRef> = rule
            .compliance
            .iter()
            .filter(|(g, _)| options.framework.is_none_or(|f| f == *g))
            .map(|(g, r)| ComplianceRef {
                framework: g.id().to_owned(),
                requirement: (*r).to_owned(),
            })
            .collect();
        for e in evaluations {
            let lookup = options.suppressions.lookup(rule.id, &e.resource, now);
            let failing = e.status == Status::Fail;
            let suppressed = lookup.active.filter(|_| failing).cloned();
            let expired = lookup
                .expired
                .filter(|_| failing && suppressed.is_none())
                .cloned();
            match (e.status, &suppressed) {
                (Status::Fail, Some(_)) => summary.suppressed += 1,
                (Status::Fail, None) => summary.fail += 1,
                (Status::Pass, _) => summary.pass += 1,
                (Status::NotApplicable, _) => summary.not_applicable += 1,
                _ => summary.unknown += 1,
            }
            self.results.push(CheckResult {
                id: Finding::stable_id(rule.id, &e.resource, &Value::Null),
                rule_id: rule.id.to_owned(),
                title: rule.title.to_owned(),
                status: e.status,
                severity: rule.severity,
                remediation: Remediation {
                    text: rule.remediation.to_owned(),
                    cli: cli_for(&e.vars),
                },
                resource_arn: e.resource,
                account: e.account,
                region: e.region,
                evidence: e.evidence,
                compliance: compliance.clone(),
                suppressed,
                expired_suppression: expired,
            });
        }
    }
}
