//! The principal of a request, and how a `Principal` element names it.
//!
//! Principal forms: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>.
//! An account id or `arn:aws:iam::ACCOUNT:root` names every principal of the account; a user
//! ARN names the user; a role ARN names every session of the role; an assumed-role ARN names
//! one session; `*` names everyone, anonymous included. Wildcards inside a principal ARN are
//! not supported by AWS and match nothing here.

use serde::Serialize;

use crate::policy::{PrincipalElement, PrincipalType};

/// What kind of principal makes a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PrincipalKind {
    /// The account's root user.
    Root,
    /// An IAM user.
    User,
    /// A session of an IAM role (`arn:aws:sts::A:assumed-role/R/S`).
    RoleSession,
    /// An IAM federated user session (`GetFederationToken`).
    FederatedUser,
    /// An AWS service principal (`ec2.amazonaws.com`).
    Service,
    /// A web identity or SAML principal (`Federated`), before it assumes a role.
    Federated,
    /// S3's canonical user id.
    CanonicalUser,
    /// An unauthenticated request.
    Anonymous,
}

/// The principal of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Principal {
    /// What kind.
    pub kind: PrincipalKind,
    /// The ARN the request is made as (a session's ARN for a role), or the service name,
    /// provider or canonical id for principals without an ARN.
    pub arn: String,
    /// The principal's account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// For a role session, the role's ARN (`aws:PrincipalArn`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// Whether the principal is a service-linked role's session (SCPs do not restrict it).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub service_linked: bool,
}

/// How strongly a resource policy statement names the principal; it decides whether the
/// resource policy alone can allow a same-account request
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html>).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrincipalMatch {
    /// The principal's account (`123456789012` or `...:root`): delegates to IAM policies.
    Account,
    /// The role whose session makes the request (or the IAM user behind a federated
    /// session): limited by boundaries and session policies.
    Role,
    /// The principal itself (user, session, `*`, service, ...): not limited by implicit
    /// denies in identity policies, boundaries or session policies.
    Direct,
}

impl Principal {
    /// Reads a principal: an ARN of a user, role (a session of it), assumed-role session,
    /// federated user or account root; a 12-digit account id (its root); a service principal
    /// (`ec2.amazonaws.com`); `*` or `anonymous`.
    pub fn parse(text: &str) -> Option<Principal> {
        let text = text.trim();
        if text == "*" || text.eq_ignore_ascii_case("anonymous") {
            return Some(Principal {
                kind: PrincipalKind::Anonymous,
                arn: "*".into(),
                account: None,
                role_arn: None,
                service_linked: false,
            });
        }
        if text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()) {
            return Some(Principal::root("aws", text));
        }
        if !text.starts_with("arn:") {
            if text.contains('.') && !text.contains('/') && !text.contains(':') {
                return Some(Principal::service(text));
            }
            return None;
        }
        let [_, partition, service, _, account, resource] = crate::arn::fields6(text)?;
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let base = |kind| Principal {
            kind,
            arn: text.to_owned(),
            account: Some(account.to_owned()),
            role_arn: None,
            service_linked: false,
        };
        match (service, split_at_slash(resource)) {
            ("iam", _) if resource == "root" => Some(Principal::root(partition, account)),
            ("iam", Some(("user", _))) => Some(base(PrincipalKind::User)),
            ("iam", Some(("role", rest))) => {
                // A role ARN stands for a session of the role.
                let name = rest.rsplit('/').next().unwrap_or(rest);
                Some(Principal {
                    kind: PrincipalKind::RoleSession,
                    arn: join(&[
                        "arn:",
                        partition,
                        ":sts::",
                        account,
                        ":assumed-role/",
                        name,
                        "/keyaki",
                    ]),
                    account: Some(account.to_owned()),
                    role_arn: Some(text.to_owned()),
                    service_linked: rest.starts_with("aws-service-role/"),
                })
            }
            ("sts", Some(("assumed-role", rest))) => {
                let (role, _session) = split_at_slash(rest)?;
                Some(Principal {
                    // Joined, not formatted: this runs for every simulate request.
                    role_arn: Some(join(&[
                        "arn:", partition, ":iam::", account, ":role/", role,
                    ])),
                    ..base(PrincipalKind::RoleSession)
                })
            }
            ("sts", Some(("federated-user", _))) => Some(base(PrincipalKind::FederatedUser)),
            ("iam", Some(("saml-provider" | "oidc-provider", _))) => Some(Principal {
                account: None,
                ..base(PrincipalKind::Federated)
            }),
            _ => None,
        }
    }

    /// The root user of `account`.
    pub fn root(partition: &str, account: &str) -> Principal {
        Principal {
            kind: PrincipalKind::Root,
            arn: join(&["arn:", partition, ":iam::", account, ":root"]),
            account: Some(account.to_owned()),
            role_arn: None,
            service_linked: false,
        }
    }

    /// The service principal `name` (`lambda.amazonaws.com`).
    pub fn service(name: &str) -> Principal {
        Principal {
            kind: PrincipalKind::Service,
            arn: name.to_owned(),
            account: None,
            role_arn: None,
            service_linked: false,
        }
    }

    /// A web identity or SAML provider (`cognito-identity.amazonaws.com`, `accounts.google.com`,
    /// `arn:aws:iam::111122223333:saml-provider/corp`), the principal of
    /// `sts:AssumeRoleWithWebIdentity` and `sts:AssumeRoleWithSAML`.
    pub fn federated(provider: &str) -> Principal {
        Principal {
            kind: PrincipalKind::Federated,
            arn: provider.to_owned(),
            account: None,
            role_arn: None,
            service_linked: false,
        }
    }

    /// Reads the principal of a request for `action`: for `sts:AssumeRoleWithWebIdentity`
    /// and `sts:AssumeRoleWithSAML` it is the identity provider.
    pub fn for_action(text: &str, action: &str) -> Option<Principal> {
        if action.eq_ignore_ascii_case("sts:AssumeRoleWithWebIdentity")
            || action.eq_ignore_ascii_case("sts:AssumeRoleWithSAML")
        {
            return Some(Principal::federated(text.trim()));
        }
        Principal::parse(text)
    }

    /// Whether identity-based policies apply to the principal.
    pub fn has_identity_policies(&self) -> bool {
        matches!(
            self.kind,
            PrincipalKind::User | PrincipalKind::RoleSession | PrincipalKind::FederatedUser
        )
    }

    /// The ARN that `aws:PrincipalArn` holds (a role's ARN for its sessions).
    pub fn principal_arn(&self) -> &str {
        self.role_arn.as_deref().unwrap_or(&self.arn)
    }

    /// How the element names this principal, if it does. For `NotPrincipal`, see
    /// [`Principal::excluded_by`].
    pub fn matched_by(&self, element: &PrincipalElement) -> Option<PrincipalMatch> {
        if element.any {
            return Some(PrincipalMatch::Direct);
        }
        element
            .items
            .iter()
            .filter_map(|item| self.match_item(item.kind, &item.value.value))
            .max()
    }

    /// Whether a `NotPrincipal` element leaves this principal out: every identity it
    /// carries (its account, its role for a session, itself) must be listed
    /// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html>).
    pub fn excluded_by(&self, element: &PrincipalElement) -> bool {
        if element.any {
            return true;
        }
        let listed = |want: PrincipalMatch| {
            element
                .items
                .iter()
                .any(|i| self.match_item(i.kind, &i.value.value) == Some(want))
        };
        match self.kind {
            PrincipalKind::Root => {
                listed(PrincipalMatch::Account) || listed(PrincipalMatch::Direct)
            }
            PrincipalKind::User | PrincipalKind::FederatedUser => {
                listed(PrincipalMatch::Account) && listed(PrincipalMatch::Direct)
            }
            PrincipalKind::RoleSession => {
                listed(PrincipalMatch::Account)
                    && listed(PrincipalMatch::Role)
                    && listed(PrincipalMatch::Direct)
            }
            _ => listed(PrincipalMatch::Direct),
        }
    }

    fn match_item(&self, kind: PrincipalType, value: &str) -> Option<PrincipalMatch> {
        match kind {
            PrincipalType::Aws => {
                if value == "*" {
                    return Some(PrincipalMatch::Direct);
                }
                if self.kind == PrincipalKind::Anonymous {
                    return None;
                }
                if let Some(account) = account_of(value) {
                    if self.account.as_deref() != Some(account) {
                        return None;
                    }
                    return if self.kind == PrincipalKind::Root {
                        Some(PrincipalMatch::Direct)
                    } else {
                        Some(PrincipalMatch::Account)
                    };
                }
                if value == self.arn {
                    return Some(PrincipalMatch::Direct);
                }
                if self.role_arn.as_deref() == Some(value) {
                    return Some(PrincipalMatch::Role);
                }
                None
            }
            PrincipalType::Service => (self.kind == PrincipalKind::Service
                && self.arn.eq_ignore_ascii_case(value))
            .then_some(PrincipalMatch::Direct),
            PrincipalType::Federated => (self.kind == PrincipalKind::Federated
                && self.arn == value)
                .then_some(PrincipalMatch::Direct),
            PrincipalType::CanonicalUser => (self.kind == PrincipalKind::CanonicalUser
                && self.arn == value)
                .then_some(PrincipalMatch::Direct),
        }
    }
}

/// The parts, one after the other, in a string of their length: `concat` (generic over
/// separators and element types) cost three times as much for an ARN of six parts. Inlined,
/// so that the literal parts are copied as constants: each part was a `memcpy` call.
#[inline(always)]
fn join(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// `text` cut at its first `/`: a loop over a few bytes, where `split_once` sets up a
/// searcher.
fn split_at_slash(text: &str) -> Option<(&str, &str)> {
    let i = text.bytes().position(|b| b == b'/')?;
    Some((&text[..i], &text[i + 1..]))
}

/// The account a principal value names as a whole: `123456789012` or
/// `arn:PARTITION:iam::123456789012:root`.
pub(crate) fn account_of(value: &str) -> Option<&str> {
    let is_id = |s: &str| s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit());
    if is_id(value) {
        return Some(value);
    }
    match crate::arn::fields6(value)? {
        ["arn", _, "iam", "", account, "root"] if is_id(account) => Some(account),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses() {
        let p = Principal::parse("arn:aws:iam::123456789012:role/path/dev").unwrap();
        assert_eq!(p.kind, PrincipalKind::RoleSession);
        assert_eq!(p.arn, "arn:aws:sts::123456789012:assumed-role/dev/keyaki");
        assert_eq!(p.principal_arn(), "arn:aws:iam::123456789012:role/path/dev");
        let s = Principal::parse("arn:aws:sts::123456789012:assumed-role/dev/s1").unwrap();
        assert_eq!(
            s.role_arn.as_deref(),
            Some("arn:aws:iam::123456789012:role/dev")
        );
        assert_eq!(
            Principal::parse("123456789012").unwrap().kind,
            PrincipalKind::Root
        );
        assert_eq!(
            Principal::parse("ec2.amazonaws.com").unwrap().kind,
            PrincipalKind::Service
        );
        assert_eq!(
            Principal::parse("*").unwrap().kind,
            PrincipalKind::Anonymous
        );
        assert!(Principal::parse("bob").is_none());
        assert!(
            Principal::parse("arn:aws:iam::123456789012:role/aws-service-role/x.amazonaws.com/R")
                .unwrap()
                .service_linked
        );
    }
}
