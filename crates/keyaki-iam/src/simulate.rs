//! `simulate`: one request against policies given inline, no snapshot needed.
//!
//! Input (every member but `request` optional):
//!
//! ```json
//! {"request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject",
//!              "resource": "arn:aws:s3:::bucket/key", "context": {"aws:SourceIp": "192.0.2.1"}},
//!  "identityPolicies": [DOC, ...], "resourcePolicy": DOC, "permissionBoundary": DOC,
//!  "sessionPolicy": DOC, "scps": [[DOC, ...], ...], "rcps": [[DOC, ...], ...],
//!  "resourceAccount": "111122223333", "resourcePolicyRequired": false}
//! ```
//!
//! A `DOC` is a policy object or a string holding one. `scps` and `rcps` list the levels from
//! the root to the account, each a list of documents. `resourceAccount` defaults to the
//! account of the resource ARN, else the principal's. `resourcePolicyRequired` defaults to
//! true for `sts:AssumeRole*` and KMS keys. Output: [`Evaluation`].

use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::context::{Context, ContextValue};
use crate::error::Error;
use crate::evaluate::{
    Decision, Evaluation, Labeled, OrgLevel, PolicyInfo, PolicySet, Request, decide, evaluate,
};
use crate::loc::{Origin, join_path};
use crate::policy::{Policy, PolicyKind};
use crate::principal::{Principal, PrincipalKind};

/// Organisation levels of parsed policies.
type Levels = Option<Vec<(String, Vec<(Policy, PolicyInfo)>)>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Input<'a> {
    request: RequestInput,
    #[serde(default, borrow)]
    identity_policies: Vec<&'a RawValue>,
    #[serde(default, borrow)]
    resource_policy: Option<&'a RawValue>,
    #[serde(default, borrow)]
    permission_boundary: Option<&'a RawValue>,
    #[serde(default, borrow)]
    session_policy: Option<&'a RawValue>,
    #[serde(default, borrow)]
    scps: Option<Vec<Vec<&'a RawValue>>>,
    #[serde(default, borrow)]
    rcps: Option<Vec<Vec<&'a RawValue>>>,
    #[serde(default)]
    resource_account: Option<String>,
    #[serde(default)]
    resource_policy_required: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestInput {
    principal: String,
    action: String,
    #[serde(default = "star")]
    resource: String,
    #[serde(default)]
    context: Context,
}

fn star() -> String {
    "*".into()
}

/// Reads a simulate input (`file` names it in positions) and decides its request.
pub fn simulate(text: &str, file: Option<&Path>) -> Result<Evaluation, Error> {
    Ok(Simulation::parse(text, file)?.evaluate())
}

type Parsed = (Policy, PolicyInfo);

/// A simulate input, parsed: its policies and its request, ready to be decided (any
/// number of times).
#[derive(Debug)]
pub struct Simulation {
    identity: Vec<Parsed>,
    boundary: Option<Parsed>,
    session: Option<Parsed>,
    resource: Option<Parsed>,
    scps: Levels,
    rcps: Levels,
    resource_account: Option<String>,
    resource_policy_required: bool,
    request: Request,
}

impl Simulation {
    /// Parses a simulate input.
    pub fn parse(text: &str, file: Option<&Path>) -> Result<Simulation, Error> {
        parse_input(text, file)
    }

    /// The request.
    pub fn request(&self) -> &Request {
        &self.request
    }

    /// The policies, as the evaluator takes them.
    pub fn policy_set(&self) -> PolicySet<'_> {
        fn label((p, i): &Parsed) -> Labeled<'_> {
            Labeled { policy: p, info: i }
        }
        fn to_levels(ls: &Levels) -> Option<Vec<OrgLevel<'_>>> {
            ls.as_ref().map(|ls| {
                ls.iter()
                    .map(|(t, ps)| OrgLevel {
                        target: t.clone(),
                        policies: ps.iter().map(label).collect(),
                    })
                    .collect()
            })
        }
        PolicySet {
            identity: self.identity.iter().map(label).collect(),
            boundary: self.boundary.as_ref().map(label),
            session: self.session.as_ref().map(label),
            resource: self.resource.as_ref().map(label),
            resource_account: self.resource_account.clone(),
            resource_policy_required: self.resource_policy_required,
            scps: to_levels(&self.scps),
            rcps: to_levels(&self.rcps),
        }
    }

    /// Decides the request, with an explanation.
    pub fn evaluate(&self) -> Evaluation {
        evaluate(&self.policy_set(), &self.request)
    }

    /// Decides the request, without an explanation.
    pub fn decide(&self) -> Decision {
        decide(&self.policy_set(), &self.request)
    }
}

fn parse_input(text: &str, file: Option<&Path>) -> Result<Simulation, Error> {
    let input: Input<'_> = serde_json::from_str(text).map_err(|e| Error::Input {
        path: format!(
            "{}line {} column {}",
            file.map(|f| format!("{}: ", f.display()))
                .unwrap_or_default(),
            e.line(),
            e.column()
        ),
        message: e.to_string(),
    })?;
    let principal = Principal::for_action(&input.request.principal, &input.request.action)
        .ok_or_else(|| Error::UnknownPrincipal(input.request.principal.clone()))?;
    if !input.request.action.contains(':') {
        return Err(Error::InvalidAction(input.request.action));
    }
    let doc =
        |raw: &RawValue, path: String, kind: PolicyKind| -> Result<(Policy, PolicyInfo), Error> {
            let policy = parse_raw(text, raw, file, &path, kind)?;
            Ok((policy, PolicyInfo::new(kind, path)))
        };
    let identity = input
        .identity_policies
        .iter()
        .enumerate()
        .map(|(i, r)| doc(r, format!("$.identityPolicies[{i}]"), PolicyKind::Identity))
        .collect::<Result<Vec<_>, _>>()?;
    let resource = input
        .resource_policy
        .filter(|r| r.get() != "null")
        .map(|r| {
            let kind = if is_assume_role(&input.request.action) {
                PolicyKind::Trust
            } else {
                PolicyKind::Resource
            };
            doc(r, "$.resourcePolicy".into(), kind)
        })
        .transpose()?;
    let boundary = input
        .permission_boundary
        .filter(|r| r.get() != "null")
        .map(|r| {
            doc(
                r,
                "$.permissionBoundary".into(),
                PolicyKind::PermissionsBoundary,
            )
        })
        .transpose()?;
    let session = input
        .session_policy
        .filter(|r| r.get() != "null")
        .map(|r| doc(r, "$.sessionPolicy".into(), PolicyKind::Session))
        .transpose()?;
    let levels = |levels: &Option<Vec<Vec<&RawValue>>>,
                  name: &str,
                  kind: PolicyKind|
     -> Result<Levels, Error> {
        levels
            .as_ref()
            .map(|ls| {
                ls.iter()
                    .enumerate()
                    .map(|(i, docs)| {
                        let policies = docs
                            .iter()
                            .enumerate()
                            .map(|(j, r)| doc(r, format!("$.{name}[{i}][{j}]"), kind))
                            .collect::<Result<Vec<_>, _>>()?;
                        Ok((format!("{name} level {i}"), policies))
                    })
                    .collect::<Result<Vec<_>, Error>>()
            })
            .transpose()
    };
    let scps = levels(&input.scps, "scps", PolicyKind::Scp)?;
    let rcps = levels(&input.rcps, "rcps", PolicyKind::Rcp)?;

    let resource_account = input
        .resource_account
        .clone()
        .or_else(|| account_of_arn(&input.request.resource))
        .or_else(|| principal.account.clone());
    let resource_policy_required = input.resource_policy_required.unwrap_or_else(|| {
        requires_resource_policy(&input.request.action, &input.request.resource)
    });
    let mut context = input.request.context;
    add_principal_keys(&mut context, &principal);
    let request = Request {
        principal,
        action: input.request.action,
        resource: input.request.resource,
        context,
    };
    Ok(Simulation {
        identity,
        boundary,
        session,
        resource,
        scps,
        rcps,
        resource_account,
        resource_policy_required,
        request,
    })
}

fn parse_raw(
    text: &str,
    raw: &RawValue,
    file: Option<&Path>,
    path: &str,
    kind: PolicyKind,
) -> Result<Policy, Error> {
    let body = raw.get();
    let (doc_text, offset) = if body.starts_with('"') {
        let s: String = serde_json::from_str(body).map_err(|e| Error::Input {
            path: path.into(),
            message: e.to_string(),
        })?;
        (s, None)
    } else {
        let offset = (body.as_ptr() as usize).checked_sub(text.as_ptr() as usize);
        (body.to_owned(), offset)
    };
    let before = offset.map_or("", |o| &text[..o.min(text.len())]);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let origin = Origin {
        file: file.map(Path::to_path_buf),
        json_path: join_path("$", path),
        line,
        column: Some(column),
        file_offset: offset.filter(|_| file.is_some()),
    };
    Policy::parse(&doc_text, kind, origin).map_err(|e| Error::policy(path, e))
}

/// Whether the action is one of the `sts:AssumeRole*` actions a role trust policy governs.
pub(crate) fn is_assume_role(action: &str) -> bool {
    let a = action.to_ascii_lowercase();
    a.starts_with("sts:assumerole")
        || a == "sts:tagsession"
        || a == "sts:setsourceidentity"
        || a == "sts:setcontext"
}

/// Whether the resource policy must allow even within the account: role trust policies
/// and KMS key policies
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html>).
pub(crate) fn requires_resource_policy(action: &str, resource: &str) -> bool {
    is_assume_role(action) || resource.starts_with("arn:aws:kms:") || resource.contains(":kms:")
}

fn account_of_arn(arn: &str) -> Option<String> {
    let f: Vec<&str> = arn.splitn(6, ':').collect();
    match f.as_slice() {
        ["arn", _, _, _, account, _]
            if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) =>
        {
            Some((*account).to_owned())
        }
        _ => None,
    }
}

/// Fills the global keys that the principal determines, unless the request sets them:
/// `aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType`, `aws:username` (users),
/// `aws:PrincipalIsAWSService`, `aws:PrincipalServiceName` (services)
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>).
pub fn add_principal_keys(ctx: &mut Context, principal: &Principal) {
    let one = |s: &str| ContextValue::One(s.to_owned());
    match principal.kind {
        PrincipalKind::Service => {
            ctx.insert_default("aws:PrincipalIsAWSService", one("true"));
            ctx.insert_default("aws:PrincipalServiceName", one(&principal.arn));
            return;
        }
        PrincipalKind::Anonymous => {
            ctx.insert_default("aws:PrincipalType", one("Anonymous"));
            ctx.insert_default("aws:PrincipalIsAWSService", one("false"));
            return;
        }
        _ => {}
    }
    ctx.insert_default("aws:PrincipalIsAWSService", one("false"));
    if principal.kind != PrincipalKind::Federated && principal.kind != PrincipalKind::CanonicalUser
    {
        ctx.insert_default("aws:PrincipalArn", one(principal.principal_arn()));
    }
    if let Some(a) = &principal.account {
        ctx.insert_default("aws:PrincipalAccount", one(a));
    }
    let ty = match principal.kind {
        PrincipalKind::Root => Some("Account"),
        PrincipalKind::User => Some("User"),
        PrincipalKind::RoleSession => Some("AssumedRole"),
        PrincipalKind::FederatedUser => Some("FederatedUser"),
        _ => None,
    };
    if let Some(t) = ty {
        ctx.insert_default("aws:PrincipalType", one(t));
    }
    if principal.kind == PrincipalKind::User {
        let name = principal.arn.rsplit('/').next().unwrap_or(&principal.arn);
        ctx.insert_default("aws:username", one(name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::Decision;

    #[test]
    fn simulates() {
        let input = r#"{
  "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/alice/x"},
  "identityPolicies": [{"Version": "2012-10-17", "Statement": {"Sid": "Home", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}}]
}"#;
        let e = simulate(input, Some(Path::new("in.json"))).unwrap();
        assert_eq!(e.decision, Decision::Allow);
        let d = &e.explanation.deciding[0];
        assert_eq!(d.sid.as_deref(), Some("Home"));
        assert_eq!(d.location.line, 3);
        assert_eq!(d.location.json_path, "$.identityPolicies[0].Statement");
        assert_eq!(
            d.location.to_string(),
            "in.json:3:63: $.identityPolicies[0].Statement"
        );
    }

    #[test]
    fn bad_input() {
        assert!(matches!(simulate("{}", None), Err(Error::Input { .. })));
        let e = simulate(
            r#"{"request": {"principal": "x", "action": "s3:GetObject"}}"#,
            None,
        );
        assert!(matches!(e, Err(Error::UnknownPrincipal(_))));
    }
}
