//! `check`: every selected rule on a snapshot, with suppressions applied.

use keyaki_core::{AccountId, ComplianceRef, Finding, Region, Remediation, Severity};
use keyaki_snapshot::Snapshot;
use serde::Serialize;
use serde_json::Value;

use crate::rule::{Context, Status};
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
    /// Every result, by rule (catalog order) then resource.
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

/// Runs the selected rules of the built-in catalog on `snapshot`.
pub fn check(snapshot: &Snapshot, options: &CheckOptions) -> CheckReport {
    let now = options.now.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    });
    let cx = Context::new(snapshot, now);
    let mut results = Vec::new();
    let mut summary = Summary::default();
    for rule in Catalog::builtin().rules() {
        if options.severity.is_some_and(|s| rule.severity < s)
            || (!options.rules.is_empty() && !options.rules.iter().any(|r| r == rule.id))
        {
            continue;
        }
        let compliance = rule.compliance();
        if let Some(f) = options.framework
            && !compliance.iter().any(|(g, _)| *g == f)
        {
            continue;
        }
        summary.rules += 1;
        let compliance: Vec<ComplianceRef> = compliance
            .into_iter()
            .filter(|(g, _)| options.framework.is_none_or(|f| f == *g))
            .map(|(g, r)| ComplianceRef {
                framework: g.id().to_owned(),
                requirement: r.to_owned(),
            })
            .collect();
        for e in rule.evaluate(&cx) {
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
            results.push(CheckResult {
                id: Finding::stable_id(rule.id, &e.resource, &Value::Null),
                rule_id: rule.id.to_owned(),
                title: rule.title.to_owned(),
                status: e.status,
                severity: rule.severity,
                remediation: Remediation {
                    text: rule.remediation.to_owned(),
                    cli: rule.cli_for(&e.vars),
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
    CheckReport { summary, results }
}
