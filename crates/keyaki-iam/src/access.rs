//! Access over a snapshot: every principal's policies parsed once, every resource policy
//! indexed, and the three questions `can`, `who-can` and `what-can`.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use keyaki_snapshot::services::iam::{AppliedPolicy, PolicySource};
use keyaki_snapshot::services::organizations::{
    Organizations, RESOURCE_CONTROL_POLICY, SERVICE_CONTROL_POLICY,
};
use keyaki_snapshot::services::s3::PublicAccessBlockConfiguration;
use keyaki_snapshot::{Account, Snapshot, Tag};
use serde::Serialize;

use crate::catalog::{AccessLevel, Catalog};
use crate::context::{Context, ContextValue};
use crate::error::Error;
use crate::evaluate::{
    Decision, Explanation, Labeled, OrgLevel, OrgLevels, PolicyInfo, PolicySet, Request, decide,
    decide_optimistic, evaluate, evaluate_brief,
};
use crate::loc::Origin;
use crate::policy::{Effect, Policy, PolicyKind};
use crate::principal::{Principal, PrincipalKind};
use crate::public::{PublicRestriction, SettingLevel};
use crate::simulate::{add_principal_keys, is_assume_role, requires_resource_policy};

type Owned = (Arc<PolicyInfo>, Arc<Policy>);

/// An IAM user or role of the snapshot, with its policies parsed.
#[derive(Debug)]
struct Entity {
    role: bool,
    name: String,
    arn: String,
    id: String,
    tags: Vec<(String, String)>,
    identity: Vec<Owned>,
    boundary: Option<Owned>,
    trust: Option<Owned>,
    service_linked: bool,
}

/// A resource with a resource-based policy.
#[derive(Debug)]
struct ResourceEntry {
    account: Option<String>,
    /// The resource's region, when its ARN does not say it (S3 buckets).
    region: Option<String>,
    /// Not subject to RCPs (an AWS managed KMS key).
    rcp_exempt: bool,
    policy: Option<Owned>,
    /// A bucket's ACL grants, as the policy they amount to ([`crate::acl`]).
    acl: Option<Owned>,
    tags: Vec<(String, String)>,
    /// S3 Block Public Access `RestrictPublicBuckets` on a bucket whose policy is public.
    public_restriction: Option<PublicRestriction>,
}

#[derive(Debug, Default)]
struct AccountIndex {
    id: Option<String>,
    partition: String,
    users: Vec<Entity>,
    roles: Vec<Entity>,
    scps: Option<Vec<(String, Vec<Owned>)>>,
    rcps: Option<Vec<(String, Vec<Owned>)>>,
    org_id: Option<String>,
    org_path: Option<String>,
}

/// The IAM access engine over a snapshot.
///
/// Built once with [`Access::new`] (every policy of every account parsed and indexed), then
/// asked any number of questions.
#[derive(Debug)]
pub struct Access {
    accounts: Vec<AccountIndex>,
    /// Resources by ARN, and buckets by name (`s3:::NAME`).
    resources: HashMap<String, ResourceEntry>,
    /// Principals by ARN and by name: (account index, role?, index).
    by_arn: HashMap<String, (usize, bool, usize)>,
    by_name: HashMap<String, Vec<(usize, bool, usize)>>,
    warnings: Vec<String>,
    assumed_own: Owned,
}

/// The answer to `can`.
#[derive(Debug, Clone, Serialize)]
pub struct CanAnswer {
    /// Who.
    pub principal: Principal,
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// The request context the decision used (given keys and those the snapshot knows).
    pub context: Context,
    /// The decision.
    pub decision: Decision,
    /// Why.
    pub explanation: Explanation,
}

/// One principal that can do an action on a resource.
#[derive(Debug, Clone, Serialize)]
pub struct WhoCanEntry {
    /// The principal (a role's ARN for its sessions).
    pub principal: String,
    /// `user`, `role`, `root`, `account`, `service`, `anonymous`, `external`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The principal's account, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Conditions the request must meet (keys the query did not give).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<String>,
    /// For principals outside the snapshot: what is assumed of their own account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumes: Option<String>,
    /// Why it can.
    pub summary: String,
}

/// The answer to `who-can`.
#[derive(Debug, Clone, Serialize)]
pub struct WhoCanAnswer {
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// How many principals were checked.
    pub checked: usize,
    /// Those that can, sorted by ARN.
    pub principals: Vec<WhoCanEntry>,
}

/// Which actions `what-can` reports.
#[derive(Debug, Clone, Default)]
pub struct WhatCanFilter {
    /// Only this service prefix.
    pub service: Option<String>,
    /// Only resources matching this ARN or pattern (`*` wildcards).
    pub resource: Option<String>,
    /// Only this access level.
    pub access_level: Option<AccessLevel>,
}

/// One action a principal can do, and where.
#[derive(Debug, Clone, Serialize)]
pub struct WhatCanAction {
    /// `service:Action`.
    pub action: String,
    /// The resources (ARNs or the policies' ARN patterns, `*` for all).
    pub resources: Vec<String>,
}

/// The actions of one access level of a service.
#[derive(Debug, Clone, Serialize)]
pub struct WhatCanLevel {
    /// The access level.
    pub access_level: AccessLevel,
    /// The actions.
    pub actions: Vec<WhatCanAction>,
}

/// The actions of one service.
#[derive(Debug, Clone, Serialize)]
pub struct WhatCanService {
    /// The prefix.
    pub service: String,
    /// The service's name.
    pub name: String,
    /// By access level.
    pub levels: Vec<WhatCanLevel>,
}

/// The answer to `what-can`.
#[derive(Debug, Clone, Serialize)]
pub struct WhatCanAnswer {
    /// Who.
    pub principal: Principal,
    /// How many actions in all.
    pub total_actions: usize,
    /// By service.
    pub services: Vec<WhatCanService>,
}

fn tags(t: &[Tag]) -> Vec<(String, String)> {
    t.iter().map(|t| (t.key.clone(), t.value.clone())).collect()
}

impl Access {
    /// Parses and indexes every policy of `snapshot`. Policies that do not parse are
    /// reported in [`Access::warnings`] and left out (their valid statements are kept).
    pub fn new(snapshot: &Snapshot) -> Access {
        let org = snapshot.organization();
        let mut warnings = Vec::new();
        let mut accounts = Vec::new();
        let mut resources = HashMap::new();
        for account in snapshot.accounts() {
            accounts.push(index_account(account, org, &mut resources, &mut warnings));
        }
        let mut by_arn = HashMap::new();
        let mut by_name: HashMap<String, Vec<(usize, bool, usize)>> = HashMap::new();
        for (a, acct) in accounts.iter().enumerate() {
            for (role, list) in [(false, &acct.users), (true, &acct.roles)] {
                for (i, e) in list.iter().enumerate() {
                    by_arn.insert(e.arn.clone(), (a, role, i));
                    by_name
                        .entry(e.name.clone())
                        .or_default()
                        .push((a, role, i));
                }
            }
        }
        let assumed_own = (
            Arc::new(PolicyInfo::new(
                PolicyKind::Identity,
                "(assumed) the principal's own account allows",
            )),
            Arc::new(allow_all()),
        );
        Access {
            accounts,
            resources,
            by_arn,
            by_name,
            warnings,
            assumed_own,
        }
    }

    /// Policies that did not parse, managed policies missing from the snapshot, and other
    /// gaps that make answers less complete.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Reads a principal: an ARN or name of a user or role of the snapshot (`alice`,
    /// `role/deploy`), a role session ARN, or any ARN or name [`Principal::parse`] reads.
    pub fn principal(&self, text: &str) -> Result<Principal, Error> {
        self.resolve(text, "")
    }

    /// The principal `text` names, for a request of `action`: a user or role of the
    /// snapshot, a session of one of its roles (keeping the session's name), or any
    /// principal [`Principal::for_action`] reads.
    fn resolve(&self, text: &str, action: &str) -> Result<Principal, Error> {
        if let Some(key) = self.entity(text) {
            let mut p = self.entity_principal(key);
            // A session ARN: keep it, with the role's full ARN (and path) from the snapshot.
            if let Some(session) = Principal::parse(text)
                && session.kind == PrincipalKind::RoleSession
                && !self.by_arn.contains_key(text)
            {
                p.arn = session.arn;
            }
            return Ok(p);
        }
        Principal::for_action(text, action).ok_or_else(|| Error::UnknownPrincipal(text.to_owned()))
    }

    fn entity(&self, text: &str) -> Option<(usize, bool, usize)> {
        if let Some(hit) = self.by_arn.get(text) {
            return Some(*hit);
        }
        // An assumed-role session: its role, by name, in that account.
        if let Some(p) = Principal::parse(text)
            && p.kind == PrincipalKind::RoleSession
            && let Some(role_arn) = &p.role_arn
        {
            let name = role_arn.rsplit('/').next().unwrap_or(role_arn);
            if let Some(hits) = self.by_name.get(name) {
                return hits.iter().copied().find(|(a, role, _)| {
                    *role && self.accounts[*a].id.as_deref() == p.account.as_deref()
                });
            }
        }
        let (want_role, name) = match text.split_once('/') {
            Some(("user", n)) => (Some(false), n),
            Some(("role", n)) => (Some(true), n),
            _ => (None, text),
        };
        let hits = self.by_name.get(name)?;
        let mut it = hits
            .iter()
            .filter(|(_, role, _)| want_role.is_none_or(|w| w == *role));
        let first = it.next()?;
        it.next().is_none().then_some(*first)
    }

    fn get(&self, (a, role, i): (usize, bool, usize)) -> &Entity {
        let acct = &self.accounts[a];
        if role { &acct.roles[i] } else { &acct.users[i] }
    }

    fn entity_principal(&self, key: (usize, bool, usize)) -> Principal {
        let e = self.get(key);
        let acct = &self.accounts[key.0];
        let mut p = Principal::parse(&e.arn).unwrap_or_else(|| Principal::service(&e.arn));
        if p.account.is_none() {
            p.account.clone_from(&acct.id);
        }
        p.service_linked |= e.service_linked;
        p
    }

    /// The context keys the snapshot knows for `principal`, `resource` and `action`, under
    /// the keys the caller gives (which win).
    fn context(
        &self,
        principal: &Principal,
        action: &str,
        resource: &str,
        given: &Context,
    ) -> Context {
        let mut ctx = given.clone();
        add_principal_keys(&mut ctx, principal);
        let one = |s: &str| ContextValue::One(s.to_owned());
        let key = self
            .by_arn
            .get(principal.principal_arn())
            .copied()
            .or_else(|| self.entity(&principal.arn));
        if let Some(key) = key {
            let e = self.get(key);
            for (k, v) in &e.tags {
                ctx.insert_default(&format!("aws:PrincipalTag/{k}"), one(v));
            }
            let userid = if e.role {
                let session = principal.arn.rsplit('/').next().unwrap_or("keyaki");
                format!("{}:{session}", e.id)
            } else {
                e.id.clone()
            };
            ctx.insert_default("aws:userid", one(&userid));
        }
        if let Some(acct) = principal.account.as_deref().and_then(|a| self.account(a)) {
            if let Some(org) = &acct.org_id {
                ctx.insert_default("aws:PrincipalOrgID", one(org));
            }
            if let Some(path) = &acct.org_path {
                ctx.insert_default(
                    "aws:PrincipalOrgPaths",
                    ContextValue::Many(vec![path.clone()]),
                );
            }
        }
        let (_, res_account, _, _) = self.resource_side(action, resource);
        if let Some(ra) = &res_account {
            ctx.insert_default("aws:ResourceAccount", one(ra));
            if let Some(acct) = self.account(ra) {
                if let Some(org) = &acct.org_id {
                    ctx.insert_default("aws:ResourceOrgID", one(org));
                }
                if let Some(path) = &acct.org_path {
                    ctx.insert_default(
                        "aws:ResourceOrgPaths",
                        ContextValue::Many(vec![path.clone()]),
                    );
                }
            }
        }
        for (k, v) in self.resource_tags(action, resource) {
            ctx.insert_default(&format!("aws:ResourceTag/{k}"), one(v));
        }
        // aws:RequestedRegion: the resource's region; a bucket's from the snapshot; the one
        // endpoint of global services (us-east-1, per the global condition keys page).
        let fields: Vec<&str> = resource.splitn(6, ':').collect();
        let service = action
            .split_once(':')
            .map_or("", |(s, _)| s)
            .to_ascii_lowercase();
        let region = if fields.len() == 6 && !fields[3].is_empty() && fields[3] != "*" {
            Some(fields[3].to_owned())
        } else if matches!(
            service.as_str(),
            "iam" | "organizations" | "route53" | "cloudfront"
        ) {
            Some("us-east-1".to_owned())
        } else {
            self.lookup_resource(action, resource)
                .and_then(|r| r.region.clone())
        };
        if let Some(region) = region {
            ctx.insert_default("aws:RequestedRegion", one(&region));
        }
        ctx
    }

    fn account(&self, id: &str) -> Option<&AccountIndex> {
        self.accounts.iter().find(|a| a.id.as_deref() == Some(id))
    }

    fn resource_tags(&self, action: &str, resource: &str) -> &[(String, String)] {
        if let Some(key) = self.by_arn.get(resource) {
            return &self.get(*key).tags;
        }
        self.lookup_resource(action, resource)
            .map_or(&[], |r| &r.tags)
    }

    fn lookup_resource(&self, _action: &str, resource: &str) -> Option<&ResourceEntry> {
        if let Some(r) = self.resources.get(resource) {
            return Some(r);
        }
        let f: Vec<&str> = resource.splitn(6, ':').collect();
        if f.len() != 6 {
            return None;
        }
        match f[2] {
            "s3" => {
                let bucket = f[5].split('/').next().unwrap_or(f[5]);
                self.resources.get(&format!("s3:::{bucket}"))
            }
            // A function's version or alias: the function's policy.
            "lambda" => {
                let base: Vec<&str> = resource.splitn(8, ':').collect();
                (base.len() >= 7)
                    .then(|| base[..7].join(":"))
                    .and_then(|b| self.resources.get(&b))
            }
            // A secret named without its random suffix.
            "secretsmanager" => self
                .resources
                .iter()
                .find(|(arn, _)| arn.starts_with(resource) && arn.len() == resource.len() + 7)
                .map(|(_, r)| r),
            _ => None,
        }
    }

    /// The policy that a bucket's ACL amounts to, when `resource` is the bucket or one of its
    /// objects.
    fn bucket_acl(&self, action: &str, resource: &str) -> Option<&Owned> {
        if is_assume_role(action) || !resource.contains(":s3:::") {
            return None;
        }
        self.lookup_resource(action, resource)
            .and_then(|r| r.acl.as_ref())
    }

    /// The resource policy that governs `action` on `resource`, the resource's account,
    /// whether that policy must allow even within the account, and the S3 Block Public
    /// Access restriction on it.
    fn resource_side(
        &self,
        action: &str,
        resource: &str,
    ) -> (
        Option<&Owned>,
        Option<String>,
        bool,
        Option<&PublicRestriction>,
    ) {
        let required = requires_resource_policy(action, resource);
        if is_assume_role(action)
            && let Some(key) = self.by_arn.get(resource)
        {
            let e = self.get(*key);
            return (
                e.trust.as_ref(),
                self.accounts[key.0].id.clone(),
                required,
                None,
            );
        }
        if let Some(r) = self.lookup_resource(action, resource) {
            return (
                r.policy.as_ref(),
                r.account.clone(),
                required,
                r.public_restriction.as_ref(),
            );
        }
        let f: Vec<&str> = resource.splitn(6, ':').collect();
        let account =
            (f.len() == 6 && f[4].len() == 12 && f[4].bytes().all(|b| b.is_ascii_digit()))
                .then(|| f[4].to_owned());
        (None, account, required, None)
    }

    fn policy_set<'a>(
        &'a self,
        principal: &Principal,
        action: &str,
        resource: &str,
        assume_own: bool,
    ) -> PolicySet<'a> {
        let label = |(i, p): &'a Owned| Labeled { policy: p, info: i };
        let levels = |ls: &'a Option<Vec<(String, Vec<Owned>)>>| {
            ls.as_ref().map(|ls| {
                ls.iter()
                    .map(|(t, ps)| OrgLevel {
                        target: t,
                        policies: ps.iter().map(label).collect(),
                    })
                    .collect::<OrgLevels<'a>>()
            })
        };
        let (res_policy, res_account, required, restriction) = self.resource_side(action, resource);
        let mut set = PolicySet {
            resource: res_policy.map(label),
            resource_acl: self.bucket_acl(action, resource).map(label),
            resource_account: res_account
                .clone()
                .or_else(|| principal.account.clone())
                .map(Cow::Owned),
            resource_policy_required: required,
            public_restriction: restriction,
            ..PolicySet::default()
        };
        let key = self
            .by_arn
            .get(principal.principal_arn())
            .copied()
            .or_else(|| {
                if principal.kind == PrincipalKind::RoleSession {
                    self.entity(&principal.arn)
                } else {
                    None
                }
            });
        if let Some(key) = key {
            let e = self.get(key);
            set.identity = e.identity.iter().map(label).collect();
            set.boundary = e.boundary.as_ref().map(label);
        } else if assume_own && principal.has_identity_policies() {
            set.identity = std::iter::once(label(&self.assumed_own)).collect();
        }
        if let Some(acct) = principal.account.as_deref().and_then(|a| self.account(a)) {
            set.scps = levels(&acct.scps);
        }
        if let Some(acct) = set
            .resource_account
            .as_deref()
            .and_then(|a| self.account(a))
            && !self.rcp_exempt(action, resource)
        {
            set.rcps = levels(&acct.rcps);
        }
        set
    }

    /// Whether RCPs leave the resource alone: AWS managed KMS keys, and service-linked
    /// roles (RCPs do not affect AWS services assuming them).
    fn rcp_exempt(&self, action: &str, resource: &str) -> bool {
        if let Some(key) = self.by_arn.get(resource) {
            let e = self.get(*key);
            return e.role && e.service_linked && is_assume_role(action);
        }
        self.lookup_resource(action, resource)
            .is_some_and(|r| r.rcp_exempt)
    }

    /// Can `principal` do `action` on `resource`, with these context keys?
    pub fn can(
        &self,
        principal: &str,
        action: &str,
        resource: &str,
        context: &Context,
    ) -> Result<CanAnswer, Error> {
        let principal = self.resolve(principal, action)?;
        check_action(action)?;
        let context = self.context(&principal, action, resource, context);
        let set = self.policy_set(&principal, action, resource, false);
        let request = Request {
            principal,
            action: action.to_owned(),
            resource: resource.to_owned(),
            context,
        };
        let e = evaluate(&set, &request);
        Ok(CanAnswer {
            principal: request.principal,
            action: request.action,
            resource: request.resource,
            context: request.context,
            decision: e.decision,
            explanation: e.explanation,
        })
    }

    /// Every principal of the snapshot (users, roles as sessions, account roots) and every
    /// principal that the resource's policy names (other accounts, services, `*`) that can
    /// do `action` on `resource`. Conditions on keys the context does not give are assumed
    /// to be met and listed with the principal.
    pub fn who_can(
        &self,
        action: &str,
        resource: &str,
        context: &Context,
    ) -> Result<WhoCanAnswer, Error> {
        check_action(action)?;
        let mut candidates: Vec<(Principal, &'static str, bool)> = Vec::new();
        for (a, acct) in self.accounts.iter().enumerate() {
            for (role, list) in [(false, &acct.users), (true, &acct.roles)] {
                for i in 0..list.len() {
                    let p = self.entity_principal((a, role, i));
                    candidates.push((p, if role { "role" } else { "user" }, false));
                }
            }
            if let Some(id) = &acct.id {
                candidates.push((Principal::root(&acct.partition, id), "root", false));
            }
        }
        let (res_policy, _, _, _) = self.resource_side(action, resource);
        let acl = self.bucket_acl(action, resource);
        for (_, policy) in res_policy.into_iter().chain(acl) {
            for stmt in policy.statements() {
                let Some(el) = &stmt.principal else { continue };
                if stmt.effect.value != Effect::Allow {
                    continue;
                }
                if el.any {
                    candidates.push((
                        Principal::parse("*").unwrap_or_else(|| Principal::service("*")),
                        "anonymous",
                        true,
                    ));
                    continue;
                }
                for item in &el.items {
                    let v = item.value.value.as_str();
                    if self.by_arn.contains_key(v) || candidates.iter().any(|(p, _, _)| p.arn == *v)
                    {
                        continue;
                    }
                    let p = match item.kind {
                        crate::policy::PrincipalType::Aws if v == "*" => Principal::parse("*"),
                        // A whole account: any of its principals, judged from the resource's
                        // side (its own policies are assumed to allow).
                        crate::policy::PrincipalType::Aws
                            if crate::principal::account_of(v).is_some() =>
                        {
                            crate::principal::account_of(v).map(|a| Principal {
                                kind: PrincipalKind::User,
                                arn: format!("arn:aws:iam::{a}:root"),
                                account: Some(a.to_owned()),
                                role_arn: None,
                                service_linked: false,
                            })
                        }
                        crate::policy::PrincipalType::Aws => Principal::parse(v),
                        crate::policy::PrincipalType::Service => Some(Principal::service(v)),
                        crate::policy::PrincipalType::Federated => Some(Principal {
                            kind: PrincipalKind::Federated,
                            arn: v.to_owned(),
                            account: None,
                            role_arn: None,
                            service_linked: false,
                        }),
                        crate::policy::PrincipalType::CanonicalUser => Some(Principal {
                            kind: PrincipalKind::CanonicalUser,
                            arn: v.to_owned(),
                            account: None,
                            role_arn: None,
                            service_linked: false,
                        }),
                    };
                    if let Some(p) = p {
                        let kind = match p.kind {
                            PrincipalKind::Service => "service",
                            PrincipalKind::Anonymous => "anonymous",
                            _ if p.arn.ends_with(":root") => "account",
                            _ => "external",
                        };
                        if !candidates.iter().any(|(c, _, _)| c.arn == p.arn) {
                            candidates.push((p, kind, true));
                        }
                    }
                }
            }
        }
        let checked = candidates.len();
        let mut principals = Vec::new();
        for (p, kind, external) in candidates {
            let mut ctx = self.context(&p, action, resource, context);
            if kind == "account" {
                // Which principal of the account is not known.
                for key in ["aws:PrincipalArn", "aws:PrincipalType", "aws:username"] {
                    if context.get(key).is_none() {
                        ctx.remove(key);
                    }
                }
            }
            let set = self.policy_set(&p, action, resource, external);
            let request = Request {
                principal: p,
                action: action.to_owned(),
                resource: resource.to_owned(),
                context: ctx,
            };
            // The exact decision first (cheap); the optimistic one for the rest.
            let exact = decide(&set, &request);
            let e = if exact == Decision::Allow {
                evaluate_brief(&set, &request, false)
            } else {
                if decide_optimistic(&set, &request) != Decision::Allow {
                    continue;
                }
                evaluate_brief(&set, &request, true)
            };
            if e.decision != Decision::Allow {
                continue;
            }
            let conditions = e
                .explanation
                .requirements
                .iter()
                .filter(|r| r.starts_with("if "))
                .cloned()
                .collect();
            let Request { principal, .. } = request;
            principals.push(WhoCanEntry {
                principal: principal.principal_arn().to_owned(),
                kind,
                account: principal.account.clone(),
                conditions,
                assumes: (external && principal.has_identity_policies())
                    .then(|| "the principal's own account allows the request".to_owned()),
                summary: e.explanation.summary,
            });
        }
        principals.sort_by(|a, b| a.principal.cmp(&b.principal));
        Ok(WhoCanAnswer {
            action: action.to_owned(),
            resource: resource.to_owned(),
            checked,
            principals,
        })
    }

    /// The actions `principal` can do, grouped by service and access level, with the
    /// resources each applies to: the actions its identity policies allow (wildcards
    /// expanded with the catalog), checked against every policy that bears on them, and
    /// the actions resource policies of the snapshot grant it.
    pub fn what_can(
        &self,
        principal: &str,
        filter: &WhatCanFilter,
    ) -> Result<WhatCanAnswer, Error> {
        let principal = self.principal(principal)?;
        let catalog = Catalog::global();
        // Candidate (action, resource) pairs from the principal's Allow statements.
        let mut candidates: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let empty_set = self.policy_set(&principal, "sts:GetCallerIdentity", "*", false);
        let mut add = |action: String, resource: &str| {
            let list = candidates.entry(action).or_default();
            if !list.iter().any(|r| r == resource) {
                list.push(resource.to_owned());
            }
        };
        let service_ok = |prefix: &str| {
            filter
                .service
                .as_deref()
                .is_none_or(|s| s.eq_ignore_ascii_case(prefix))
        };
        let mut expand_statement = |stmt: &crate::policy::Statement, resources: Vec<String>| {
            let mut actions: Vec<String> = Vec::new();
            if stmt.action.negated {
                for s in catalog.services() {
                    if !service_ok(&s.prefix) {
                        continue;
                    }
                    for a in &s.actions {
                        if stmt.matches_action(&s.prefix, &a.name.to_ascii_lowercase()) {
                            actions.push(format!("{}:{}", s.prefix, a.name));
                        }
                    }
                }
            } else {
                for item in &stmt.action.items {
                    if item.value.service().is_some_and(|s| !service_ok(s)) {
                        continue;
                    }
                    for (s, a) in catalog.expand(&item.value) {
                        if service_ok(&s.prefix) {
                            actions.push(format!("{}:{}", s.prefix, a.name));
                        }
                    }
                }
            }
            for action in actions {
                for r in &resources {
                    add(action.clone(), r);
                }
            }
        };
        for l in &empty_set.identity {
            for stmt in l.policy.statements() {
                if stmt.effect.value != Effect::Allow {
                    continue;
                }
                let resources = match &stmt.resource {
                    Some(r) if !r.negated => r
                        .items
                        .iter()
                        .map(|i| i.value.as_str().to_owned())
                        .collect(),
                    _ => vec!["*".to_owned()],
                };
                expand_statement(stmt, resources);
            }
        }
        // Resource policies (and bucket ACLs) that name the principal.
        for (arn, entry) in &self.resources {
            let resource_arn = if let Some(bucket) = arn.strip_prefix("s3:::") {
                format!("arn:aws:s3:::{bucket}")
            } else {
                arn.clone()
            };
            for (_, policy) in entry.policy.iter().chain(&entry.acl) {
                for stmt in policy.statements() {
                    if stmt.effect.value != Effect::Allow {
                        continue;
                    }
                    let Some(el) = &stmt.principal else { continue };
                    if el.negated || principal.matched_by(el).is_none() {
                        continue;
                    }
                    let resources = match &stmt.resource {
                        Some(r) if !r.negated => r
                            .items
                            .iter()
                            .map(|i| i.value.as_str().to_owned())
                            .collect(),
                        _ => vec![resource_arn.clone()],
                    };
                    expand_statement(stmt, resources);
                }
            }
        }
        // Trust policies that name the principal: sts:AssumeRole on the role.
        for acct in &self.accounts {
            for role in &acct.roles {
                let Some((_, trust)) = &role.trust else {
                    continue;
                };
                for stmt in trust.statements() {
                    if stmt.effect.value == Effect::Allow
                        && stmt
                            .principal
                            .as_ref()
                            .is_some_and(|el| !el.negated && principal.matched_by(el).is_some())
                    {
                        expand_statement(stmt, vec![role.arn.clone()]);
                    }
                }
            }
        }
        let mut grouped: BTreeMap<String, BTreeMap<AccessLevel, Vec<WhatCanAction>>> =
            BTreeMap::new();
        let mut total = 0;
        for (action, resources) in candidates {
            let Some((service, info)) = catalog.action(&action) else {
                continue;
            };
            if filter.access_level.is_some_and(|l| l != info.access_level) {
                continue;
            }
            let mut allowed = Vec::new();
            for r in resources {
                // With a resource filter: keep the resources that overlap it, and decide on
                // the filter's ARN when the policy names a pattern.
                let target = match &filter.resource {
                    None => r.clone(),
                    Some(want) => {
                        if !crate::catalog::globs_intersect(r.as_bytes(), want.as_bytes()) {
                            continue;
                        }
                        if r.contains(['*', '?']) && !want.contains(['*', '?']) {
                            want.clone()
                        } else {
                            r.clone()
                        }
                    }
                };
                let ctx = self.context(&principal, &action, &target, &Context::empty());
                let set = self.policy_set(&principal, &action, &target, false);
                let request = Request {
                    principal: principal.clone(),
                    action: action.clone(),
                    resource: target.clone(),
                    context: ctx,
                };
                if decide(&set, &request) == Decision::Allow
                    || decide_optimistic(&set, &request) == Decision::Allow
                {
                    allowed.push(target);
                }
            }
            if allowed.is_empty() {
                continue;
            }
            total += 1;
            grouped
                .entry(service.prefix.clone())
                .or_default()
                .entry(info.access_level)
                .or_default()
                .push(WhatCanAction {
                    action: format!("{}:{}", service.prefix, info.name),
                    resources: allowed,
                });
        }
        let services = grouped
            .into_iter()
            .map(|(prefix, levels)| WhatCanService {
                name: catalog
                    .service(&prefix)
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
                service: prefix,
                levels: levels
                    .into_iter()
                    .map(|(access_level, actions)| WhatCanLevel {
                        access_level,
                        actions,
                    })
                    .collect(),
            })
            .collect();
        Ok(WhatCanAnswer {
            principal,
            total_actions: total,
            services,
        })
    }

    /// How many users and roles the engine indexed.
    pub fn principal_count(&self) -> usize {
        self.accounts
            .iter()
            .map(|a| a.users.len() + a.roles.len())
            .sum()
    }
}

fn check_action(action: &str) -> Result<(), Error> {
    match action.split_once(':') {
        Some((s, n)) if !s.is_empty() && !n.is_empty() => Ok(()),
        _ => Err(Error::InvalidAction(action.to_owned())),
    }
}

fn allow_all() -> Policy {
    let text =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
    let (p, _) = Policy::parse_lenient(text, PolicyKind::Identity, Origin::inline("(assumed)"));
    p.unwrap_or_else(|| unreachable_allow_all())
}

#[cold]
fn unreachable_allow_all() -> ! {
    panic!("bug in keyaki-iam: the built-in allow-all policy does not parse; please report it")
}

fn parse_doc(
    text: &str,
    origin: Origin,
    kind: PolicyKind,
    info: Arc<PolicyInfo>,
    warnings: &mut Vec<String>,
) -> Option<Owned> {
    let (policy, errors) = Policy::parse_lenient(text, kind, origin);
    for e in &errors {
        warnings.push(format!("{} {}: {e}", info.kind.as_str(), info.name));
    }
    policy.map(|p| (info, Arc::new(p)))
}

fn index_account(
    account: &Account,
    org: Option<&Organizations>,
    resources: &mut HashMap<String, ResourceEntry>,
    warnings: &mut Vec<String>,
) -> AccountIndex {
    let id = account.id.as_ref().map(|a| a.to_string());
    let partition = account.partition().as_str().to_owned();
    let iam = &account.iam;
    let mut managed: HashMap<String, Option<Arc<Policy>>> = HashMap::new();
    let mut managed_policy = |arn: &str, warnings: &mut Vec<String>| -> Option<Arc<Policy>> {
        managed
            .entry(arn.to_owned())
            .or_insert_with(|| {
                let doc = iam.managed_policy_document(arn);
                match doc {
                    Some(d) => {
                        let (p, errors) = Policy::parse_lenient(d.json(), PolicyKind::Identity, Origin::of_document(d));
                        for e in &errors {
                            warnings.push(format!("managed policy {arn}: {e}"));
                        }
                        p.map(Arc::new)
                    }
                    None => {
                        warnings.push(format!(
                            "managed policy {arn} is not in the snapshot: it is treated as allowing nothing"
                        ));
                        None
                    }
                }
            })
            .clone()
    };
    let mut entity_policies =
        |applied: Vec<AppliedPolicy<'_>>, owner: &str, warnings: &mut Vec<String>| {
            let mut identity = Vec::new();
            let mut boundary = None;
            for ap in applied {
                let attached_to = match ap.source {
                    PolicySource::GroupInline { group } | PolicySource::GroupManaged { group } => {
                        Some(format!("group/{group}"))
                    }
                    _ => Some(owner.to_owned()),
                };
                let kind = if ap.source == PolicySource::PermissionsBoundary {
                    PolicyKind::PermissionsBoundary
                } else {
                    PolicyKind::Identity
                };
                // Shared by the policy's entry and its parse (which names it in warnings).
                let info = Arc::new(PolicyInfo {
                    kind,
                    name: ap.name.to_owned(),
                    arn: ap.arn.map(ToString::to_string),
                    attached_to,
                    version: None,
                });
                let parsed = match (ap.arn, ap.document) {
                    (Some(arn), _) => managed_policy(arn.as_str(), warnings),
                    (None, Some(doc)) => parse_doc(
                        doc.json(),
                        Origin::of_document(doc),
                        kind,
                        Arc::clone(&info),
                        warnings,
                    )
                    .map(|(_, p)| p),
                    (None, None) => None,
                };
                if kind == PolicyKind::PermissionsBoundary {
                    // A boundary the snapshot lacks allows nothing (an under-approximation).
                    let p = parsed.unwrap_or_else(|| Arc::new(deny_nothing_allow_nothing()));
                    boundary = Some((info, p));
                } else if let Some(p) = parsed {
                    identity.push((info, p));
                }
            }
            (identity, boundary)
        };
    let mut users = Vec::new();
    for u in &iam.users {
        let owner = format!("user/{}", u.user_name);
        let (identity, boundary) = entity_policies(
            iam.user_policies(&u.user_name).unwrap_or_default(),
            &owner,
            warnings,
        );
        users.push(Entity {
            role: false,
            name: u.user_name.clone(),
            arn: u.arn.to_string(),
            id: u.user_id.clone(),
            tags: tags(&u.tags),
            identity,
            boundary,
            trust: None,
            service_linked: false,
        });
    }
    let mut roles = Vec::new();
    for r in &iam.roles {
        let owner = format!("role/{}", r.role_name);
        let (identity, boundary) = entity_policies(
            iam.role_policies(&r.role_name).unwrap_or_default(),
            &owner,
            warnings,
        );
        let trust = r.assume_role_policy_document.as_ref().and_then(|d| {
            let info = PolicyInfo {
                kind: PolicyKind::Trust,
                name: format!("trust policy of role/{}", r.role_name),
                arn: None,
                attached_to: Some(r.arn.to_string()),
                version: None,
            };
            parse_doc(
                d.json(),
                Origin::of_document(d),
                PolicyKind::Trust,
                Arc::new(info),
                warnings,
            )
        });
        roles.push(Entity {
            role: true,
            name: r.role_name.clone(),
            arn: r.arn.to_string(),
            id: r.role_id.clone(),
            tags: tags(&r.tags),
            identity,
            boundary,
            trust,
            service_linked: r.path.starts_with("/aws-service-role/"),
        });
    }
    // Resource policies.
    let mut add = |exempt: bool,
                   key: String,
                   arn: &str,
                   name: &str,
                   raw: Option<(&str, &keyaki_snapshot::Origin)>,
                   tags: Vec<(String, String)>,
                   warnings: &mut Vec<String>| {
        let policy = raw.and_then(|(text, origin)| {
            let info = PolicyInfo {
                kind: PolicyKind::Resource,
                name: name.to_owned(),
                arn: None,
                attached_to: Some(arn.to_owned()),
                version: None,
            };
            parse_doc(
                text,
                Origin::of_resource(origin),
                PolicyKind::Resource,
                Arc::new(info),
                warnings,
            )
        });
        resources.insert(
            key,
            ResourceEntry {
                account: id.clone(),
                region: None,
                rcp_exempt: exempt,
                policy,
                acl: None,
                tags,
                public_restriction: None,
            },
        );
    };
    for b in &account.s3.buckets {
        let arn = format!("arn:{partition}:s3:::{}", b.name);
        add(
            false,
            format!("s3:::{}", b.name),
            &arn,
            &format!("bucket policy of {}", b.name),
            b.policy.as_ref().map(|p| (p.raw.get(), &p.origin)),
            Vec::new(),
            warnings,
        );
    }

    for region in &account.regions {
        for k in &region.kms.keys {
            if let Some(arn) = k.arn() {
                // RCPs do not apply to AWS managed keys.
                add(
                    k.is_customer_managed() == Some(false),
                    arn.to_owned(),
                    arn,
                    &format!("key policy of {}", k.key_id),
                    k.policy.as_ref().map(|p| (p.raw.get(), &p.origin)),
                    Vec::new(),
                    warnings,
                );
            }
        }
        for f in &region.lambda.functions {
            if let Some(arn) = f.arn() {
                add(
                    false,
                    arn.to_owned(),
                    arn,
                    &format!("function policy of {}", f.name),
                    f.policy.as_ref().map(|p| (p.raw.get(), &p.origin)),
                    Vec::new(),
                    warnings,
                );
            }
        }
        for t in &region.sns.topics {
            if let Some(arn) = t.arn() {
                add(
                    false,
                    arn.to_owned(),
                    arn,
                    &format!("topic policy of {}", t.name),
                    t.policy.as_ref().map(|p| (p.raw.get(), &p.origin)),
                    Vec::new(),
                    warnings,
                );
            }
        }
        for q in &region.sqs.queues {
            if let Some(arn) = q.arn() {
                add(
                    false,
                    arn.to_owned(),
                    arn,
                    &format!("queue policy of {}", q.name),
                    q.policy.as_ref().map(|p| (p.raw.get(), &p.origin)),
                    Vec::new(),
                    warnings,
                );
            }
        }
        for s in &region.secretsmanager.secrets {
            if let Some(arn) = s.arn() {
                let t = s.listed.as_ref().map(|l| tags(&l.tags)).unwrap_or_default();
                add(
                    false,
                    arn.to_owned(),
                    arn,
                    &format!("secret policy of {}", s.name),
                    s.policy.as_ref().map(|p| (p.raw.get(), &p.origin)),
                    t,
                    warnings,
                );
            }
        }
    }
    for b in &account.s3.buckets {
        if let Some(entry) = resources.get_mut(&format!("s3:::{}", b.name)) {
            entry.region = b.region().map(|r| r.to_string());
            // A Block Public Access setting at each level: the account's and the bucket's.
            let levels = |setting: fn(&PublicAccessBlockConfiguration) -> bool| {
                let on = |c: &Option<keyaki_snapshot::Resource<PublicAccessBlockConfiguration>>| {
                    c.as_ref().is_some_and(|r| setting(&r.data))
                };
                (
                    on(&account.s3.account_public_access_block),
                    on(&b.public_access_block),
                )
            };
            // RestrictPublicBuckets: the account's setting or the bucket's, whichever is on.
            let (account_on, bucket_on) = levels(|c| c.restrict_public_buckets);
            let level = SettingLevel::of(account_on, bucket_on);
            if let (Some((_, policy)), Some(owner)) = (&entry.policy, &id) {
                entry.public_restriction = PublicRestriction::of(level, owner, policy);
            }
            // IgnorePublicAcls: the account's setting or the bucket's.
            let (account_on, bucket_on) = levels(|c| c.ignore_public_acls);
            let ignore_public_acls = account_on || bucket_on;
            if let Some(acl) = &b.acl {
                let arn = format!("arn:{partition}:s3:::{}", b.name);
                if let Some(text) =
                    crate::acl::acl_policy(&arn, &acl.data, ignore_public_acls, warnings)
                {
                    let info = PolicyInfo {
                        kind: PolicyKind::Resource,
                        name: format!("bucket ACL of {}", b.name),
                        arn: None,
                        attached_to: Some(arn.clone()),
                        version: None,
                    };
                    let mut origin = Origin::of_resource(&acl.origin);
                    origin.json_path = format!("{} (as a policy)", origin.json_path).into();
                    entry.acl = parse_doc(
                        &text,
                        origin,
                        PolicyKind::Resource,
                        Arc::new(info),
                        warnings,
                    );
                }
            }
        }
    }
    // Organisation policies.
    let mut scps = None;
    let mut rcps = None;
    let mut org_id = None;
    let mut org_path = None;
    if let (Some(org), Some(acct_id)) = (org, &id) {
        let management = org.management_account_id().map(|a| a.to_string());
        let in_org =
            org.account(acct_id).is_some() || management.as_deref() == Some(acct_id.as_str());
        if in_org {
            org_id = org.organization.as_ref().map(|o| o.id.clone());
            if let (Some(o), Some(path)) = (&org_id, org.path(acct_id)) {
                org_path = Some(format!("{o}/{}/", path.join("/")));
            }
            let enabled = |t: &str| org.root().is_some_and(|r| r.is_enabled(t));
            let is_management = management.as_deref() == Some(acct_id.as_str());
            let levels = |t: &str, kind: PolicyKind, warnings: &mut Vec<String>| {
                org.policy_levels(acct_id, t).map(|levels| {
                    levels
                        .into_iter()
                        .map(|lv| {
                            let policies = lv
                                .policies
                                .iter()
                                .filter_map(|p| {
                                    let info = PolicyInfo {
                                        kind,
                                        name: p.name.clone().unwrap_or_else(|| p.id.clone()),
                                        arn: p.arn.as_ref().map(ToString::to_string),
                                        attached_to: Some(lv.target.to_owned()),
                                        version: None,
                                    };
                                    match &p.content {
                                        Some(doc) => parse_doc(doc.json(), Origin::of_document(doc), kind, Arc::new(info), warnings),
                                        None => {
                                            warnings.push(format!(
                                                "{} {} ({}) has no content in the snapshot (describe-policy): it is treated as allowing nothing",
                                                kind.as_str(),
                                                info.name,
                                                p.id
                                            ));
                                            None
                                        }
                                    }
                                })
                                .collect();
                            (lv.target.to_owned(), policies)
                        })
                        .collect::<Vec<_>>()
                })
            };
            if !is_management {
                if enabled(SERVICE_CONTROL_POLICY) {
                    scps = levels(SERVICE_CONTROL_POLICY, PolicyKind::Scp, warnings);
                }
                if enabled(RESOURCE_CONTROL_POLICY) {
                    rcps = levels(RESOURCE_CONTROL_POLICY, PolicyKind::Rcp, warnings);
                }
            }
        }
    }
    AccountIndex {
        id,
        partition,
        users,
        roles,
        scps,
        rcps,
        org_id,
        org_path,
    }
}

fn deny_nothing_allow_nothing() -> Policy {
    let text = r#"{"Version":"2012-10-17","Statement":[]}"#;
    let (p, _) = Policy::parse_lenient(
        text,
        PolicyKind::PermissionsBoundary,
        Origin::inline("(missing boundary)"),
    );
    p.unwrap_or_else(|| unreachable_allow_all())
}
