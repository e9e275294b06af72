//! What a rule is: its metadata, and the evaluation that turns a snapshot into one
//! [`Evaluation`] per resource.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::OnceLock;

use keyaki_core::{AccountId, Region, Severity};
use keyaki_snapshot::Snapshot;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Framework;

/// The outcome of one rule on one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Status {
    /// The resource meets the rule.
    Pass,
    /// The resource does not meet the rule.
    Fail,
    /// The rule does not apply to the resource (an AWS managed key for a rotation rule), or
    /// the snapshot holds no resource of the rule's type.
    NotApplicable,
    /// The snapshot lacks the data the rule needs (the evidence names the missing AWS CLI
    /// output). Never counted as a pass.
    Unknown,
}

impl Status {
    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::NotApplicable => "not_applicable",
            Status::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One rule of the catalog.
///
/// The metadata is static; [`Rule::evaluate`] runs the check on a [`Context`].
#[derive(Clone)]
pub struct Rule {
    /// Stable id, `service.what`, such as `ec2.imdsv2-required`.
    pub id: &'static str,
    /// One line: what must hold.
    pub title: &'static str,
    /// What the rule checks, exactly.
    pub description: &'static str,
    /// Why it matters.
    pub rationale: &'static str,
    /// How much a failure matters.
    pub severity: Severity,
    /// The resource type evaluated, as AWS Config names it (`AWS::EC2::Instance`), or
    /// `AWS::::Account` for account and Region settings.
    pub resource_type: &'static str,
    /// How to fix a failure, in words.
    pub remediation: &'static str,
    /// An AWS CLI command that fixes a failure; `{name}` placeholders are filled from the
    /// evaluation (`{account}`, `{region}`, `{resource}` and rule-specific ones).
    pub cli: Option<&'static str>,
    /// AWS documentation pages.
    pub references: &'static [&'static str],
    /// The AWS Security Hub control the rule implements exactly (`EC2.8`), if any. The
    /// FSBP and NIST SP 800-53 rev5 requirements follow from it ([`Rule::compliance`]).
    pub control: Option<&'static str>,
    /// The CIS AWS Foundations Benchmark requirements the rule checks.
    pub requirements: &'static [(Framework, &'static str)],
    pub(crate) check: fn(&Context<'_>, &mut Vec<Evaluation>),
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl Rule {
    /// Evaluates the rule on every resource of its type in the context's snapshot.
    pub fn evaluate(&self, cx: &Context<'_>) -> Vec<Evaluation> {
        let mut out = Vec::new();
        (self.check)(cx, &mut out);
        out
    }

    /// Every framework requirement the rule bears on, sorted: its CIS requirements, and
    /// through its AWS Security Hub control the FSBP control and NIST SP 800-53 rev5
    /// requirements.
    pub fn compliance(&self) -> Vec<(Framework, &'static str)> {
        let mut out: BTreeSet<(Framework, &'static str)> =
            self.requirements.iter().copied().collect();
        if let Some(control) = self.control.and_then(crate::controls::control) {
            if control.fsbp {
                out.insert((Framework::Fsbp, control.id));
            }
            out.extend(control.nist.iter().map(|n| (Framework::Nist80053R5, *n)));
        }
        out.into_iter().collect()
    }

    /// The CLI command with `{name}` placeholders replaced by `vars`.
    pub fn cli_for(&self, vars: &[(&'static str, String)]) -> Option<String> {
        let mut text = self.cli?.to_owned();
        for (name, value) in vars {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        Some(text)
    }
}

/// The outcome of a rule on one resource, with the evidence behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The resource: its ARN where it has one, `AWS::::Account:<id>` for account settings.
    pub resource: String,
    /// The owning account.
    pub account: Option<AccountId>,
    /// The Region; `None` for global resources.
    pub region: Option<Region>,
    /// Pass, fail, not applicable or unknown.
    pub status: Status,
    /// The settings that decided the status.
    pub evidence: Value,
    /// Values for the placeholders of the rule's CLI command.
    pub vars: Vec<(&'static str, String)>,
}

/// What rules read: the snapshot, the time to measure ages against, and derived indexes
/// computed once on first use (internet exposure).
pub struct Context<'a> {
    /// The snapshot.
    pub snapshot: &'a Snapshot,
    /// "Now", in seconds since the Unix epoch: credential and key ages are measured to it.
    pub now: i64,
    exposure: OnceLock<keyaki_net::ExposureReport>,
}

impl fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Context")
            .field("now", &self.now)
            .finish_non_exhaustive()
    }
}

impl<'a> Context<'a> {
    /// A context on `snapshot` with ages measured to `now` (Unix seconds).
    pub fn new(snapshot: &'a Snapshot, now: i64) -> Self {
        Self {
            snapshot,
            now,
            exposure: OnceLock::new(),
        }
    }

    /// The internet exposure of the snapshot's network, computed on first use.
    pub fn exposure(&self) -> &keyaki_net::ExposureReport {
        self.exposure.get_or_init(|| {
            let net = keyaki_net::Network::build(self.snapshot);
            keyaki_net::exposure(&net)
        })
    }

    /// The account ids of the snapshot's organisation (the snapshot's own accounts too).
    pub fn known_accounts(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for account in self.snapshot.accounts() {
            if let Some(id) = &account.id {
                out.insert(id.as_str().to_owned());
            }
        }
        if let Some(org) = self.snapshot.organization() {
            out.extend(org.accounts.iter().map(|a| a.id.as_str().to_owned()));
        }
        out
    }
}
