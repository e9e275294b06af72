//! The compliance rules of keyaki.
//!
//! A [`Rule`] is metadata (id, title, description, rationale, severity, resource type,
//! remediation, an AWS CLI command template, references) and an evaluation that gives one
//! [`Evaluation`] per resource: [`Status::Pass`], [`Status::Fail`],
//! [`Status::NotApplicable`], or [`Status::Unknown`] when the snapshot lacks the data, each
//! with its evidence. The [`Catalog`] holds the built-in rules. Rules map to [`Framework`]
//! requirements many-to-many: CIS AWS Foundations Benchmark v3.0.0 and v5.0.0, AWS
//! Foundational Security Best Practices (through the AWS Security Hub control a rule
//! implements), and NIST SP 800-53 rev5 (through AWS's published mapping of those controls).
//!
//! [`check`] runs the rules on a snapshot and applies [`Suppressions`] (accepted risks with
//! an owner, a reason and an expiry; expired ones report the failure again).
//!
//! [`CustomRules`] are rules of your own in YAML, with JMESPath conditions over each resource's
//! JSON, run by [`check`] next to the built-in ones ([`CheckOptions::custom`]). [`history`]
//! lays out one resource's configuration over time from AWS Config files, change by change.
//! [`audit`] gathers an evidence package for one framework ([`AuditPackage::write`]).
//!
//! ```no_run
//! use keyaki_rules::{CheckOptions, Framework, check};
//!
//! let snapshot = keyaki_snapshot::Snapshot::load("examples/incident-3tier")?;
//! let options = CheckOptions { framework: Some(Framework::Cis30), ..CheckOptions::default() };
//! let report = check(&snapshot, &options);
//! for r in report.results.iter().filter(|r| r.is_open_failure()) {
//!     println!("{} {} {}", r.severity, r.rule_id, r.resource_arn);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod audit;
mod catalog;
mod check;
mod controls;
mod custom;
mod diff;
mod docs;
mod error;
mod framework;
mod history;
mod policy;
mod rule;
mod suppress;

pub use audit::{
    AUDIT_FORMAT_VERSION, AuditError, AuditIndex, AuditOptions, AuditPackage, Counts,
    RequirementEntry, RequirementStatus, SnapshotFile, SnapshotInfo, audit,
};
pub use check::{CheckOptions, CheckReport, CheckResult, Summary, check};
pub use custom::{CustomRule, CustomRules, RuleFileError, RuleFileErrors};
pub use diff::{
    ChangeKind, DiffOptions, DiffSummary, FieldChange, FindingsDiff, ResolvedFinding,
    ResourceChange, ResourceRef, SnapshotDiff, VOLATILE_FIELDS, diff,
};
pub use docs::rules_markdown;
pub use error::Error;
pub use framework::{Framework, Requirement};
pub use history::{
    CausingEvent, FIRST_STEP_WINDOW_SECONDS, HistoryError, HistoryStep, ResourceHistory, history,
};
pub use rule::{Context, Evaluation, Rule, Status};
pub use suppress::{Suppression, Suppressions};

/// The rules keyaki knows.
#[derive(Debug, Clone)]
pub struct Catalog {
    rules: Vec<&'static Rule>,
}

impl Catalog {
    /// The built-in rules.
    pub fn builtin() -> Self {
        Self {
            rules: catalog::rules().collect(),
        }
    }

    /// Every rule, in a stable order.
    pub fn rules(&self) -> &[&'static Rule] {
        &self.rules
    }

    /// The rule with id `id`.
    pub fn rule(&self, id: &str) -> Result<&'static Rule, Error> {
        self.rules
            .iter()
            .copied()
            .find(|r| r.id == id)
            .ok_or_else(|| Error::UnknownRule {
                input: id.to_owned(),
            })
    }

    /// The rules that check `requirement` of `framework`.
    pub fn rules_for(&self, framework: Framework, requirement: &str) -> Vec<&'static Rule> {
        self.rules
            .iter()
            .copied()
            .filter(|r| {
                r.compliance()
                    .iter()
                    .any(|(f, id)| *f == framework && *id == requirement)
            })
            .collect()
    }
}
