//! What an analysis reports: one [`Finding`] per problem and resource.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::{AccountId, Region, Severity};

/// How to fix a finding: words for a person and, where one exists, a command to run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remediation {
    /// What to change, in a sentence or two.
    pub text: String,
    /// An AWS CLI command that applies the fix, with the resource filled in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cli: Option<String>,
}

/// A requirement of a compliance framework that a finding bears on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ComplianceRef {
    /// The framework id, such as `cis-3.0`, `fsbp` or `nist-800-53-r5`.
    pub framework: String,
    /// The requirement within it, such as `1.4` or `EC2.19`.
    pub requirement: String,
}

/// One problem found on one resource, with the evidence behind it.
///
/// `id` is stable across runs: a hash of the rule, the resource and the decisive part of the
/// evidence, so that the same problem found again keeps its id (for suppressions, diffs and
/// ticket de-duplication), while a different problem on the same resource gets a new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable id: 32 lowercase hex digits.
    pub id: String,
    /// The rule or detection that produced the finding, such as `ec2.sg-open-ssh`.
    pub rule_id: String,
    /// A one-line summary.
    pub title: String,
    /// How much it matters.
    pub severity: Severity,
    /// The resource the finding is about: its ARN where it has one, else its id.
    pub resource_arn: String,
    /// The account that owns the resource.
    pub account: Option<AccountId>,
    /// The region of the resource; `None` for global resources.
    pub region: Option<Region>,
    /// Structured evidence: the settings, statements or hops that make the finding true.
    pub evidence: Value,
    /// How to fix it.
    pub remediation: Remediation,
    /// The framework requirements the finding bears on.
    pub compliance: Vec<ComplianceRef>,
}

impl Finding {
    /// Starts a finding for `rule_id`; the resource, evidence and the rest are set on the
    /// builder.
    pub fn builder(
        rule_id: impl Into<String>,
        title: impl Into<String>,
        severity: Severity,
    ) -> FindingBuilder {
        FindingBuilder {
            rule_id: rule_id.into(),
            title: title.into(),
            severity,
            resource_arn: String::new(),
            account: None,
            region: None,
            evidence: Value::Null,
            decisive: None,
            remediation: Remediation::default(),
            compliance: Vec::new(),
        }
    }

    /// The stable id of a finding of `rule_id` on `resource` whose decisive evidence is
    /// `decisive`.
    pub fn stable_id(rule_id: &str, resource: &str, decisive: &Value) -> String {
        let mut hasher = Sha256::new();
        hasher.update(rule_id.as_bytes());
        hasher.update([0]);
        hasher.update(resource.as_bytes());
        hasher.update([0]);
        // serde_json writes objects in insertion order; canonical order keeps the id
        // independent of how the evidence was assembled.
        hasher.update(canonical_json(decisive).as_bytes());
        let digest = hasher.finalize();
        digest[..16].iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// JSON text with object keys sorted at every level.
fn canonical_json(value: &Value) -> String {
    fn sorted(value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut entries: Vec<_> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.clone(), sorted(v)))
                        .collect(),
                )
            }
            Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    sorted(value).to_string()
}

/// Builds a [`Finding`] and computes its stable id.
#[derive(Debug, Clone)]
pub struct FindingBuilder {
    rule_id: String,
    title: String,
    severity: Severity,
    resource_arn: String,
    account: Option<AccountId>,
    region: Option<Region>,
    evidence: Value,
    decisive: Option<Value>,
    remediation: Remediation,
    compliance: Vec<ComplianceRef>,
}

impl FindingBuilder {
    /// The resource: its ARN where it has one, else its id.
    pub fn resource(mut self, arn: impl Into<String>) -> Self {
        self.resource_arn = arn.into();
        self
    }

    /// The owning account.
    pub fn account(mut self, account: Option<AccountId>) -> Self {
        self.account = account;
        self
    }

    /// The region; leave unset for global resources.
    pub fn region(mut self, region: Option<Region>) -> Self {
        self.region = region;
        self
    }

    /// The full evidence shown to the reader.
    pub fn evidence(mut self, evidence: Value) -> Self {
        self.evidence = evidence;
        self
    }

    /// The part of the evidence that identifies the problem (a port, a statement, a
    /// grantee). It goes into the stable id; when unset, the whole evidence does.
    pub fn decisive(mut self, decisive: Value) -> Self {
        self.decisive = Some(decisive);
        self
    }

    /// How to fix the finding.
    pub fn remediation(mut self, text: impl Into<String>, cli: Option<String>) -> Self {
        self.remediation = Remediation {
            text: text.into(),
            cli,
        };
        self
    }

    /// Adds a compliance requirement.
    pub fn compliance(
        mut self,
        framework: impl Into<String>,
        requirement: impl Into<String>,
    ) -> Self {
        self.compliance.push(ComplianceRef {
            framework: framework.into(),
            requirement: requirement.into(),
        });
        self
    }

    /// Finishes the finding.
    pub fn build(self) -> Finding {
        let decisive = self.decisive.as_ref().unwrap_or(&self.evidence);
        let id = Finding::stable_id(&self.rule_id, &self.resource_arn, decisive);
        let mut compliance = self.compliance;
        compliance.sort();
        compliance.dedup();
        Finding {
            id,
            rule_id: self.rule_id,
            title: self.title,
            severity: self.severity,
            resource_arn: self.resource_arn,
            account: self.account,
            region: self.region,
            evidence: self.evidence,
            remediation: self.remediation,
            compliance,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn finding(evidence: Value, decisive: Option<Value>) -> Finding {
        let mut b = Finding::builder("ec2.sg-open", "open", Severity::High)
            .resource("arn:aws:ec2:us-east-1:123456789012:security-group/sg-1")
            .evidence(evidence);
        if let Some(d) = decisive {
            b = b.decisive(d);
        }
        b.build()
    }

    #[test]
    fn stable_id_ignores_key_order_and_non_decisive_evidence() {
        let a = finding(
            json!({"port": 22, "cidr": "0.0.0.0/0", "seen": "monday"}),
            Some(json!({"port": 22, "cidr": "0.0.0.0/0"})),
        );
        let b = finding(
            json!({"seen": "tuesday", "cidr": "0.0.0.0/0", "port": 22}),
            Some(json!({"cidr": "0.0.0.0/0", "port": 22})),
        );
        assert_eq!(a.id, b.id);
        assert_eq!(a.id.len(), 32);
        assert!(
            a.id.bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
    }

    #[test]
    fn a_different_problem_gets_a_different_id() {
        let ssh = finding(json!({"port": 22}), None);
        let rdp = finding(json!({"port": 3389}), None);
        assert_ne!(ssh.id, rdp.id);
    }

    #[test]
    fn the_id_is_pinned() {
        // The id is part of the output format: users key suppressions and tickets on it.
        // Independent check: python3 -c "import hashlib;print(hashlib.sha256(b'r\\0x\\0null').hexdigest()[:32])"
        assert_eq!(
            Finding::stable_id("r", "x", &json!({"b": 1, "a": [2]})),
            Finding::stable_id("r", "x", &json!({"a": [2], "b": 1}))
        );
        assert_eq!(
            Finding::stable_id("r", "x", &Value::Null),
            "f9f9bfb80df7a97cafa21e5bf7859cf8"
        );
    }

    #[test]
    fn json_shape() {
        let f = Finding::builder("iam.root-mfa", "root has no MFA", Severity::Critical)
            .resource("arn:aws:iam::123456789012:root")
            .account(Some(AccountId::new("123456789012").unwrap()))
            .remediation("enable MFA on the root user", None)
            .compliance("cis-3.0", "1.5")
            .compliance("cis-3.0", "1.5")
            .build();
        let v = serde_json::to_value(&f).unwrap();
        assert_eq!(v["severity"], "critical");
        assert_eq!(v["account"], "123456789012");
        assert_eq!(v["region"], Value::Null);
        assert_eq!(
            v["compliance"],
            json!([{"framework": "cis-3.0", "requirement": "1.5"}])
        );
        assert!(v["remediation"].get("cli").is_none());
        let back: Finding = serde_json::from_value(v).unwrap();
        assert_eq!(back, f);
    }
}
