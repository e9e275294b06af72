//! Accepted risks: suppressions that hide a rule's failures on matching resources until
//! they expire.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::Error;

/// One accepted risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    /// The rule id, or a pattern with `*` (`s3.*`).
    pub rule: String,
    /// The resource ARN or id, or a pattern with `*` and `?`.
    pub resource: String,
    /// Why the risk is accepted.
    pub reason: String,
    /// Who accepted it.
    pub owner: String,
    /// The day it ends (`YYYY-MM-DD`, UTC, inclusive); after it the failure is reported again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// A suppressions file: `{"suppressions": [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suppressions {
    /// The accepted risks.
    pub suppressions: Vec<Suppression>,
}

impl Suppressions {
    /// Reads and validates a suppressions file (JSON).
    pub fn load(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text, path)
    }

    /// Parses and validates the text of a suppressions file; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, Error> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let parsed: Suppressions =
            serde_path_to_error_lite(de).map_err(|(json_path, message)| Error::Suppressions {
                path: path.to_owned(),
                json_path,
                message,
            })?;
        for (i, s) in parsed.suppressions.iter().enumerate() {
            let bad = |field: &str, message: &str| Error::Suppressions {
                path: path.to_owned(),
                json_path: format!("$.suppressions[{i}].{field}"),
                message: message.to_owned(),
            };
            if s.reason.trim().is_empty() {
                return Err(bad("reason", "a suppression needs a reason"));
            }
            if s.owner.trim().is_empty() {
                return Err(bad("owner", "a suppression needs an owner"));
            }
            if let Some(e) = &s.expires
                && day_end(e).is_none()
            {
                return Err(bad("expires", "expected a date such as 2026-06-30"));
            }
        }
        Ok(parsed)
    }

    /// The suppression that covers `rule` on `resource` at `now`, and the expired ones that
    /// would have.
    pub(crate) fn lookup(&self, rule: &str, resource: &str, now: i64) -> Lookup<'_> {
        let mut out = Lookup::default();
        for s in &self.suppressions {
            if !crate::policy::wildcard(&s.rule, rule)
                || !crate::policy::wildcard(&s.resource, resource)
            {
                continue;
            }
            let expired = s
                .expires
                .as_deref()
                .and_then(day_end)
                .is_some_and(|end| now >= end);
            if expired {
                out.expired.get_or_insert(s);
            } else {
                out.active.get_or_insert(s);
            }
        }
        out
    }
}

#[derive(Debug, Default)]
pub(crate) struct Lookup<'a> {
    pub(crate) active: Option<&'a Suppression>,
    pub(crate) expired: Option<&'a Suppression>,
}

/// Deserialises, reporting the error's place as a JSON path when serde gives a line.
fn serde_path_to_error_lite(
    de: &mut serde_json::Deserializer<serde_json::de::StrRead<'_>>,
) -> Result<Suppressions, (String, String)> {
    Suppressions::deserialize(de).map_err(|e| {
        (
            format!("line {} column {}", e.line(), e.column()),
            e.to_string(),
        )
    })
}

/// The first second after the day `YYYY-MM-DD` (UTC).
fn day_end(day: &str) -> Option<i64> {
    let stamp = keyaki_snapshot::Timestamp::parse(&format!("{day}T00:00:00Z")).ok()?;
    if day.len() != 10 {
        return None;
    }
    Some(stamp.unix_seconds() + 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_and_patterns() {
        let s = Suppressions::parse(
            r#"{"suppressions": [{"rule": "ec2.sg-*", "resource": "*sg-eb98*", "reason": "bastion",
                "owner": "alice", "expires": "2026-03-13"}]}"#,
            Path::new("s.json"),
        )
        .expect("valid");
        let before = keyaki_snapshot::Timestamp::parse("2026-03-13T23:59:59Z").expect("ts");
        let after = keyaki_snapshot::Timestamp::parse("2026-03-14T00:00:00Z").expect("ts");
        let r = "arn:aws:ec2:us-east-1:1:security-group/sg-eb9829ca7ed26b459";
        assert!(
            s.lookup("ec2.sg-ssh-open-ipv4", r, before.unix_seconds())
                .active
                .is_some()
        );
        let l = s.lookup("ec2.sg-ssh-open-ipv4", r, after.unix_seconds());
        assert!(l.active.is_none() && l.expired.is_some());
        assert!(s.lookup("s3.bucket-versioning", r, 0).active.is_none());
    }

    #[test]
    fn bad_files_name_the_place() {
        let e = Suppressions::parse(
            r#"{"suppressions": [{"rule": "x", "resource": "y", "reason": " ", "owner": "o"}]}"#,
            Path::new("s.json"),
        )
        .expect_err("no reason");
        assert_eq!(
            e.to_string(),
            "s.json: $.suppressions[0].reason: a suppression needs a reason"
        );
        let e = Suppressions::parse(r#"{"suppressions": [{"rule": 1}]}"#, Path::new("s.json"))
            .expect_err("bad type");
        assert!(e.to_string().starts_with("s.json: line 1 column"), "{e}");
    }
}
