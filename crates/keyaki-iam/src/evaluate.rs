//! Exact policy evaluation, with an explanation of every decision.
//!
//! The order follows
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html>
//! and, for requests across accounts,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html>:
//!
//! 1. an applicable `Deny` in any policy (SCP, RCP, resource, identity, boundary, session)
//!    decides an explicit deny;
//! 2. RCPs of the resource's account: every level from the root to the account needs an
//!    applicable `Allow` (they apply to every principal, AWS services included; the caller
//!    leaves them out for the management account's resources, AWS managed KMS keys and
//!    service-linked roles);
//! 3. SCPs of the principal's account: the same, for principals of member accounts (they
//!    do not restrict the management account or service-linked roles: the caller leaves
//!    them out);
//! 4. the resource-based policy: in the same account, an `Allow` that names the user, the
//!    session or everyone allows on its own; one that names the role of a session still
//!    needs the boundary and the session policy; one that names the account delegates to
//!    IAM policies. Role trust policies and KMS key policies must allow in any case. Under
//!    S3 Block Public Access `RestrictPublicBuckets`, a public bucket policy allows only AWS
//!    service principals and principals of the bucket owner's account
//!    ([`PolicySet::public_restriction`]);
//! 5. identity-based policies must allow (the root user needs none);
//! 6. a permissions boundary, when set, must allow;
//! 7. a session policy, when passed, must allow.
//!
//! Across accounts, the principal's side (identity, boundary, session, SCPs) and the
//! resource's side (resource policy, RCPs) must each allow.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::Arc;

use serde::Serialize;
use smallvec::SmallVec;

use crate::condition::{self, Outcome};
use crate::context::Context;
use crate::loc::Location;
use crate::policy::{Condition, Effect, Policy, PolicyKind, Statement};
use crate::principal::{Principal, PrincipalKind, PrincipalMatch};
use crate::public::PublicRestriction;

/// Names a policy in explanations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyInfo {
    /// What the policy is used as.
    #[serde(rename = "type")]
    pub kind: PolicyKind,
    /// Its name (a managed policy's or inline policy's name, a bucket name ...).
    pub name: String,
    /// Its ARN, when it has one (managed policies, organisation policies).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// What it is attached to or comes from (`group/developers`, `ou-ab12-cdef3456`,
    /// `arn:aws:s3:::bucket`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attached_to: Option<String>,
    /// The managed policy version in force.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

impl PolicyInfo {
    /// A policy known only by a kind and a name.
    pub fn new(kind: PolicyKind, name: impl Into<String>) -> Self {
        Self {
            kind,
            name: name.into(),
            arn: None,
            attached_to: None,
            version: None,
        }
    }

    /// The label of a policy known by a kind and a name written in the program (a simulate
    /// input's `$.identityPolicies[0]`), shared: made once per thread and then cloned, as
    /// such names are few and each label was two allocations (its name, its `Arc`) in every
    /// request.
    pub(crate) fn shared(kind: PolicyKind, name: &'static str) -> Arc<PolicyInfo> {
        thread_local! {
            // At most one per static name and kind: simulate has about forty.
            static SHARED: RefCell<Vec<Arc<PolicyInfo>>> = const { RefCell::new(Vec::new()) };
        }
        SHARED.with_borrow_mut(|shared| {
            if let Some(info) = shared.iter().find(|i| i.kind == kind && i.name == name) {
                return Arc::clone(info);
            }
            let info = Arc::new(PolicyInfo::new(kind, name));
            shared.push(Arc::clone(&info));
            info
        })
    }
}

/// A policy and its label.
#[derive(Debug, Clone, Copy)]
pub struct Labeled<'a> {
    /// The policy.
    pub policy: &'a Policy,
    /// What to call it (shared: each statement reference to the policy holds it).
    pub info: &'a Arc<PolicyInfo>,
}

/// Labeled policies of one kind, kept inline: a request has a policy or two of each, and a
/// vector was an allocation per list in every evaluation of a simulate request.
pub type Labels<'a> = SmallVec<[Labeled<'a>; 2]>;

/// The levels of an organisation, root first, kept inline (a root, an OU, the account).
pub type OrgLevels<'a> = SmallVec<[OrgLevel<'a>; 3]>;

/// The policies of one node of the organisation (root, OU or account).
#[derive(Debug, Clone)]
pub struct OrgLevel<'a> {
    /// The node's id.
    pub target: &'a str,
    /// The policies attached to it.
    pub policies: Labels<'a>,
}

/// Every policy that bears on a request.
#[derive(Debug, Clone, Default)]
pub struct PolicySet<'a> {
    /// Identity-based policies (a user's own and its groups', a role's).
    pub identity: Labels<'a>,
    /// The permissions boundary.
    pub boundary: Option<Labeled<'a>>,
    /// The session policy.
    pub session: Option<Labeled<'a>>,
    /// The resource-based policy (a role's trust policy for `sts:AssumeRole*`).
    pub resource: Option<Labeled<'a>>,
    /// An S3 bucket's ACL grants, as the resource-based policy they amount to (evaluated
    /// with `resource`, as S3 does: an ACL grant allows as a bucket policy statement does).
    pub resource_acl: Option<Labeled<'a>>,
    /// The account that owns the resource; `None`: the principal's (borrowed when the
    /// caller holds it: it was a copy in every evaluation).
    pub resource_account: Option<Cow<'a, str>>,
    /// Whether the resource policy must allow even within the account (role trust
    /// policies, KMS key policies).
    pub resource_policy_required: bool,
    /// SCPs of the principal's account, root first; `None` when none apply.
    pub scps: Option<OrgLevels<'a>>,
    /// RCPs of the resource's account, root first; `None` when none apply.
    pub rcps: Option<OrgLevels<'a>>,
    /// S3 Block Public Access `RestrictPublicBuckets`, when it is on and the bucket policy
    /// (`resource`) is public: the policy then allows only AWS service principals and
    /// principals of the bucket owner's account.
    pub public_restriction: Option<&'a PublicRestriction>,
}

/// A request to decide.
#[derive(Debug, Clone, Serialize)]
pub struct Request {
    /// Who makes it.
    pub principal: Principal,
    /// `service:Action`.
    pub action: String,
    /// The resource ARN (`*` for actions without a resource).
    pub resource: String,
    /// The condition keys.
    pub context: Context,
}

/// The final decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Decision {
    /// Allowed.
    Allow,
    /// Denied by a `Deny` statement.
    ExplicitDeny,
    /// Denied because nothing allows it.
    ImplicitDeny,
}

impl Decision {
    /// `Allow`, `ExplicitDeny` or `ImplicitDeny`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "Allow",
            Decision::ExplicitDeny => "ExplicitDeny",
            Decision::ImplicitDeny => "ImplicitDeny",
        }
    }

    /// Whether the request is allowed.
    pub fn is_allowed(self) -> bool {
        self == Decision::Allow
    }
}

/// One statement, named for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementRef {
    /// The policy, shared with the policy set (serialized as the `PolicyInfo` itself): a
    /// copy was a string or more in every reference, two references a request.
    pub policy: Arc<PolicyInfo>,
    /// The statement's Sid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Its index in the policy's Statement array.
    pub index: usize,
    /// Allow or Deny.
    pub effect: Effect,
    /// Where it is written.
    pub location: Location,
}

/// A condition that was false.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailedCondition {
    /// The statement.
    pub statement: StatementRef,
    /// The operator as written: one of the constant names of the operators (a copy was an
    /// allocation in every failed condition).
    pub operator: Cow<'static, str>,
    /// The condition key.
    pub key: String,
    /// The policy's values.
    pub values: Vec<String>,
    /// The request's values; `None` when the key is not in the request.
    pub request_values: Option<Vec<String>>,
    /// Where the condition is written.
    pub location: Location,
}

/// What one step of the evaluation found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// `explicit-deny`, `rcp`, `scp`, `resource`, `identity`, `boundary`, `session`.
    pub step: &'static str,
    /// `allow`, `deny`, `implicit-deny`, `not-applicable`.
    pub result: &'static str,
    /// The statements that applied in this step.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<StatementRef>,
    /// A sentence on what the step decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Why a decision was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// One sentence.
    pub summary: String,
    /// The statements that decided (the denies for an explicit deny, the allows that the
    /// decision rests on for an allow; empty for an implicit deny).
    pub deciding: Vec<StatementRef>,
    /// Each step in order.
    pub steps: Vec<Step>,
    /// Conditions that were false in statements that otherwise applied.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failed_conditions: Vec<FailedCondition>,
    /// Context keys missing from the request whose presence could change the decision.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_keys: Vec<String>,
    /// What the request would need, in words: `allowed only if aws:SourceIp is in ...`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<String>,
}

/// A decision and its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// The decision.
    pub decision: Decision,
    /// Why.
    pub explanation: Explanation,
}

/// A statement that applied.
#[derive(Clone, Copy)]
struct Hit<'a> {
    policy: Labeled<'a>,
    stmt: &'a Statement,
    principal: Option<PrincipalMatch>,
}

/// The conditions of a statement that did not hold (their indices and outcomes): one or
/// two in nearly every statement, kept inline.
type Failed = SmallVec<[(usize, Outcome); 2]>;

/// A statement that applied but for its conditions.
#[derive(Clone)]
struct Near<'a> {
    policy: Labeled<'a>,
    stmt: &'a Statement,
    failed: Failed,
}

/// What the statements of one policy group found. A group has a few hits at most, kept
/// inline: these vectors, grown one push at a time, were a third of the allocations of a
/// decision.
#[derive(Default)]
struct Found<'a> {
    allows: SmallVec<[Hit<'a>; 2]>,
    denies: SmallVec<[Hit<'a>; 1]>,
    near: SmallVec<[Near<'a>; 1]>,
    /// Allow statements counted as applying on the assumption that their conditions on
    /// missing keys hold (optimistic mode).
    assumed: Vec<Near<'a>>,
    /// Deny statements whose conditions hold only because keys are missing: the indices of
    /// those conditions, and whether the deny was set aside (optimistic mode).
    absent: Vec<(Near<'a>, bool)>,
}

/// What each level of an organisation's policies found: its id, and its findings.
type Levels<'a> = SmallVec<[(&'a str, Found<'a>); 3]>;

struct Prepared<'r> {
    /// The action's service prefix and name, lowercased.
    service: &'r str,
    name: &'r str,
    req: &'r Request,
    optimistic: bool,
}

fn scan<'a>(l: Labeled<'a>, p: &Prepared<'_>, out: &mut Found<'a>) {
    let uses_principal = l.policy.kind().has_principal();
    for stmt in l.policy.statements() {
        if !stmt.matches_action(p.service, p.name) {
            continue;
        }
        if !stmt.matches_resource(&p.req.resource, &p.req.context) {
            continue;
        }
        let mut principal = None;
        if uses_principal {
            match &stmt.principal {
                None => continue,
                Some(el) if el.negated => {
                    if p.req.principal.excluded_by(el) {
                        continue;
                    }
                    principal = Some(PrincipalMatch::Direct);
                }
                Some(el) => match p.req.principal.matched_by(el) {
                    Some(m) => principal = Some(m),
                    None => continue,
                },
            }
        }
        // Pushed one by one: collecting into the inline vector cost more than the pushes.
        let mut failed = Failed::new();
        for (i, c) in stmt.conditions.iter().enumerate() {
            let o =
                condition::evaluate(c.operator.value, &c.key.value, c.operands(), &p.req.context);
            if o != Outcome::True {
                failed.push((i, o));
            }
        }
        let assume = p.optimistic
            && stmt.effect.value == Effect::Allow
            && !failed.is_empty()
            && failed.iter().all(|(_, o)| *o == Outcome::FalseMissing);
        if assume {
            out.assumed.push(Near {
                policy: l,
                stmt,
                failed: failed.clone(),
            });
        }
        if failed.is_empty() && stmt.effect.value == Effect::Deny && !stmt.conditions.is_empty() {
            let absent: Failed = stmt
                .conditions
                .iter()
                .enumerate()
                .filter(|(_, c)| p.req.context.get(&c.key.value).is_none())
                .map(|(i, _)| (i, Outcome::True))
                .collect();
            if !absent.is_empty() {
                out.absent.push((
                    Near {
                        policy: l,
                        stmt,
                        failed: absent,
                    },
                    p.optimistic,
                ));
                if p.optimistic {
                    // Some value of the missing keys makes the condition false.
                    continue;
                }
            }
        }
        if failed.is_empty() || assume {
            let hit = Hit {
                policy: l,
                stmt,
                principal,
            };
            match stmt.effect.value {
                Effect::Allow => out.allows.push(hit),
                Effect::Deny => out.denies.push(hit),
            }
        } else {
            out.near.push(Near {
                policy: l,
                stmt,
                failed,
            });
        }
    }
}

/// Where a condition's key is written. Its path is the statement's (`statement_path`, from
/// the root of the file), then `Condition`, the operator and the key as written (read from
/// the text when the operator has escapes).
fn condition_location(policy: &Policy, statement_path: &str, c: &Condition) -> Location {
    let source = policy.source();
    let operator = source.slice(c.operator.loc);
    match operator
        .strip_prefix('"')
        .and_then(|o| o.strip_suffix('"'))
        .filter(|o| !o.contains('\\'))
    {
        Some(o) => {
            // Appended to the statement's path in one string: it was built three times
            // (the statement's path, the condition's, then joined to the origin's).
            let key = &c.key.value;
            let mut path = String::with_capacity(statement_path.len() + o.len() + key.len() + 12);
            path.push_str(statement_path);
            path.push_str(".Condition.");
            path.push_str(o);
            path.push('.');
            path.push_str(key);
            source.locate_at(c.key.loc, path)
        }
        None => source.locate(c.key.loc, &source.path_of(c.key.loc)),
    }
}

fn statement_ref(l: Labeled<'_>, stmt: &Statement) -> StatementRef {
    StatementRef {
        policy: Arc::clone(l.info),
        sid: stmt.sid.as_ref().map(|s| s.value.as_str().to_owned()),
        index: stmt.index,
        effect: stmt.effect.value,
        location: {
            // The path built once: the origin's, then `.Statement[i]`.
            let source = l.policy.source();
            let base = match &*source.origin().json_path {
                "" => "$",
                base => base,
            };
            let mut path = String::with_capacity(base.len() + 16);
            path.push_str(base);
            path.push_str(".Statement");
            if stmt.in_array() {
                crate::loc::push_index(&mut path, stmt.index);
            }
            source.locate_at(stmt.loc, path)
        },
    }
}

/// Decides `req` against `set`, with an explanation.
pub fn evaluate(set: &PolicySet<'_>, req: &Request) -> Evaluation {
    run(set, req, true, false)
}

/// Decides `req` against `set` on the assumption that every condition of an `Allow`
/// statement whose key is missing from the request would hold: the answer to "could this
/// principal, under some request". The assumed conditions are listed in
/// [`Explanation::requirements`] as `if ...`.
pub fn evaluate_optimistic(set: &PolicySet<'_>, req: &Request) -> Evaluation {
    run(set, req, true, true)
}

/// Decides `req` against `set`, without building an explanation: the fast path for
/// who-can and what-can.
pub fn decide(set: &PolicySet<'_>, req: &Request) -> Decision {
    run(set, req, false, false).decision
}

/// [`decide`] in optimistic mode ([`evaluate_optimistic`]).
pub(crate) fn decide_optimistic(set: &PolicySet<'_>, req: &Request) -> Decision {
    run(set, req, false, true).decision
}

/// Decides with a brief explanation: the summary and the requirements, without statement
/// references, steps or failed conditions (who-can's per-principal answer).
pub(crate) fn evaluate_brief(set: &PolicySet<'_>, req: &Request, optimistic: bool) -> Evaluation {
    let mut e = run_with(set, req, true, optimistic, true);
    e.explanation.steps.clear();
    e
}

fn run(set: &PolicySet<'_>, req: &Request, trace: bool, optimistic: bool) -> Evaluation {
    run_with(set, req, trace, optimistic, false)
}

fn run_with(
    set: &PolicySet<'_>,
    req: &Request,
    trace: bool,
    optimistic: bool,
    brief: bool,
) -> Evaluation {
    // The action lowercased on the stack when it fits (any action's name does): the string
    // was an allocation in every decision.
    let mut buf = [0u8; 128];
    let owned;
    let action: &str = match buf.get_mut(..req.action.len()).map(|b| {
        b.copy_from_slice(req.action.as_bytes());
        std::str::from_utf8_mut(b)
    }) {
        Some(Ok(a)) => {
            a.make_ascii_lowercase();
            a
        }
        _ => {
            owned = req.action.to_ascii_lowercase();
            &owned
        }
    };
    let (service, name) = action.split_once(':').unwrap_or((action, ""));
    let p = Prepared {
        service,
        name,
        req,
        optimistic,
    };
    let principal = &req.principal;
    let identity_applies = principal.has_identity_policies();
    let same_account = match (&set.resource_account, &principal.account) {
        (Some(r), Some(a)) => r == a,
        (Some(_), None) => false,
        (None, _) => true,
    };
    let scps_apply = set.scps.is_some()
        && !principal.service_linked
        && !matches!(
            principal.kind,
            PrincipalKind::Service
                | PrincipalKind::Anonymous
                | PrincipalKind::Federated
                | PrincipalKind::CanonicalUser
        );
    let rcps_apply = set.rcps.is_some();

    // Scan each policy once, into findings that stay where they are (returning them
    // copied them, a few hundred bytes each).
    fn scan_many<'a>(ls: &[Labeled<'a>], p: &Prepared<'_>, f: &mut Found<'a>) {
        for l in ls {
            scan(*l, p, f);
        }
    }
    /// Scans each level of an organisation into `out`, in place (an organisation has a
    /// root, an OU or two and the account: kept inline, as the vector was an allocation
    /// in every other decision).
    fn scan_levels<'a>(
        levels: &Option<OrgLevels<'a>>,
        applies: bool,
        p: &Prepared<'_>,
        out: &mut Levels<'a>,
    ) {
        if !applies {
            return;
        }
        for lv in levels.iter().flatten() {
            out.push((lv.target, Found::default()));
            if let Some((_, f)) = out.last_mut() {
                scan_many(&lv.policies, p, f);
            }
        }
    }
    let (mut scp, mut rcp) = (Levels::new(), Levels::new());
    scan_levels(&set.scps, scps_apply, &p, &mut scp);
    scan_levels(&set.rcps, rcps_apply, &p, &mut rcp);
    let mut identity = Found::default();
    if identity_applies {
        scan_many(&set.identity, &p, &mut identity);
    }
    let (mut boundary, mut session) = (None, None);
    if let Some(l) = set.boundary.filter(|_| identity_applies) {
        scan(l, &p, boundary.insert(Found::default()));
    }
    if let Some(l) = set.session.filter(|_| identity_applies) {
        scan(l, &p, session.insert(Found::default()));
    }
    // The bucket ACL's grants count as statements of the resource-based policy (listed on
    // the stack: this runs for every request).
    let pair;
    let resource_policies: &[Labeled<'_>] = match (set.resource, set.resource_acl) {
        (Some(policy), Some(acl)) => {
            pair = [policy, acl];
            &pair
        }
        (Some(one), None) | (None, Some(one)) => {
            pair = [one, one];
            &pair[..1]
        }
        (None, None) => &[],
    };
    let has_resource = !resource_policies.is_empty();
    let mut resource = None;
    if has_resource {
        scan_many(resource_policies, &p, resource.insert(Found::default()));
    }
    // RestrictPublicBuckets: a public bucket policy allows only AWS service principals and
    // principals of the bucket owner's account.
    let restriction = set.public_restriction.filter(|r| {
        principal.kind != PrincipalKind::Service
            && principal.account.as_deref() != Some(r.account.as_str())
    });
    // The Allow statements of the bucket policy that the restriction sets aside: those
    // that apply, and those that would apply but for their conditions (which then cannot
    // change the answer).
    let blocked: Vec<&Statement> = match (restriction, resource.as_mut()) {
        (Some(_), Some(f)) => {
            let mut out: Vec<&Statement> = std::mem::take(&mut f.allows)
                .iter()
                .map(|h| h.stmt)
                .collect();
            f.near.retain(|n| {
                let allow = n.stmt.effect.value == Effect::Allow;
                if allow {
                    out.push(n.stmt);
                }
                !allow
            });
            f.assumed.clear();
            out.sort_by_key(|s| s.index);
            out.dedup_by_key(|s| s.index);
            out
        }
        _ => Vec::new(),
    };

    let mut ex = Explainer {
        trace,
        brief,
        // explicit-deny, rcp, scp, resource, identity, boundary, session.
        steps: Vec::with_capacity(if trace && !brief { 7 } else { 0 }),
        ..Explainer::default()
    };
    // Every policy group's findings, in the order of the steps (walked twice, not collected:
    // the vector cost more than the walks).
    let all = || {
        scp.iter()
            .map(|(_, f)| f)
            .chain(rcp.iter().map(|(_, f)| f))
            .chain(resource.iter())
            .chain(std::iter::once(&identity))
            .chain(boundary.iter())
            .chain(session.iter())
    };
    for f in all() {
        for n in &f.near {
            ex.near(n, &req.context);
        }
        for n in &f.assumed {
            ex.assumed(n);
        }
        for (n, avoided) in &f.absent {
            ex.absent(n, *avoided);
        }
    }

    // 1. Explicit deny.
    if let Some(first) = all().find_map(|f| f.denies.first()) {
        let deciding = ex.refs(all().flat_map(|f| &f.denies));
        ex.step("explicit-deny", "deny", deciding.clone(), None);
        // Appended, with the statement's label written in place (its `format!` was an
        // allocation of its own).
        let summary = || {
            let (kind, name) = (first.policy.info.kind.as_str(), &first.policy.info.name);
            let mut out = String::with_capacity(96 + kind.len() + name.len());
            out.push_str("explicitly denied by statement ");
            first.stmt.push_label(&mut out);
            out.push_str(" of ");
            out.push_str(kind);
            out.push(' ');
            out.push_str(name);
            out
        };
        return ex.finish(Decision::ExplicitDeny, summary, deciding);
    }
    ex.step("explicit-deny", "not-applicable", Vec::new(), None);

    // 2 and 3. RCPs and SCPs: every level must allow.
    for (name, levels, applies, what) in [
        ("rcp", &rcp, rcps_apply, "resource control policies"),
        ("scp", &scp, scps_apply, "service control policies"),
    ] {
        if !applies {
            ex.step(name, "not-applicable", Vec::new(), None);
            continue;
        }
        // The statements of the step: the allows of every level (that allows).
        let allows =
            |levels: &[(&str, Found<'_>)]| ex.refs(levels.iter().flat_map(|(_, f)| &f.allows));
        for (k, (target, f)) in levels.iter().enumerate() {
            if f.allows.is_empty() {
                let statements = allows(&levels[..k]);
                ex.step(
                    name,
                    "implicit-deny",
                    statements,
                    ex.note(|| {
                        ["no ", what, " attached to ", target, " allow the request"].concat()
                    }),
                );
                return ex.finish(
                    Decision::ImplicitDeny,
                    || {
                        [
                            "implicitly denied: no ",
                            what,
                            " attached to ",
                            target,
                            " allow ",
                            &req.action,
                        ]
                        .concat()
                    },
                    Vec::new(),
                );
            }
        }
        ex.step_of(name, "allow", levels.iter().flat_map(|(_, f)| &f.allows));
    }

    // 4. The resource-based policy.
    let resource_allows: &[Hit<'_>] = resource.as_ref().map_or(&[], |f| &f.allows);
    let best = resource_allows.iter().filter_map(|h| h.principal).max();
    // The step that names `resource_allows`, whose references the decision reuses.
    let mut resource_step = None;
    if let (Some(r), Some(l)) = (restriction, set.resource)
        && !blocked.is_empty()
    {
        let public: Vec<Hit<'_>> = l
            .policy
            .statements()
            .iter()
            .filter(|s| r.statements.iter().any(|p| p.index == s.index))
            .map(|stmt| Hit {
                policy: l,
                stmt,
                principal: None,
            })
            .collect();
        let statements = ex.refs(&public);
        ex.step(
            "resource",
            "implicit-deny",
            statements,
            ex.note(|| format!(
                "{}: S3 allows only AWS service principals and principals of account {} through it, so the statements that would allow this principal ({}) do not apply",
                r.reason(),
                r.account,
                blocked
                    .iter()
                    .map(|s| s.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
    } else if has_resource {
        resource_step = ex.step_of(
            "resource",
            if resource_allows.is_empty() {
                "implicit-deny"
            } else {
                "allow"
            },
            resource_allows,
        );
    } else {
        ex.step("resource", "not-applicable", Vec::new(), None);
    }

    // Principals without identity policies: the resource policy decides alone; the root
    // user has full access within its own account.
    if !identity_applies {
        let root_at_home = principal.kind == PrincipalKind::Root && same_account;
        if root_at_home && !(set.resource_policy_required && best.is_none()) {
            let deciding = ex.refs_again(resource_step, resource_allows);
            return ex.finish(
                Decision::Allow,
                || "allowed: the account's root user has full access within its account".into(),
                deciding,
            );
        }
        if best.is_some() {
            let deciding = ex.refs_again(resource_step, resource_allows);
            return ex.finish(
                Decision::Allow,
                || "allowed by the resource-based policy".into(),
                deciding,
            );
        }
        return ex.finish(
            Decision::ImplicitDeny,
            || if let Some(r) = restriction.filter(|_| !blocked.is_empty()) {
                restricted_summary(r)
            } else if has_resource {
                "implicitly denied: the resource-based policy does not allow this principal".into()
            } else {
                "implicitly denied: the principal has no identity-based policies and the resource has no resource-based policy".into()
            },
            Vec::new(),
        );
    }

    let identity_allows = &identity.allows;
    let identity_step = ex.step_of(
        "identity",
        if identity_allows.is_empty() {
            "implicit-deny"
        } else {
            "allow"
        },
        identity_allows,
    );
    let boundary_ok = boundary.as_ref().is_none_or(|f| !f.allows.is_empty());
    match &boundary {
        Some(f) => {
            ex.step_of(
                "boundary",
                if boundary_ok {
                    "allow"
                } else {
                    "implicit-deny"
                },
                &f.allows,
            );
        }
        None => ex.step("boundary", "not-applicable", Vec::new(), None),
    }
    let session_ok = session.as_ref().is_none_or(|f| !f.allows.is_empty());
    match &session {
        Some(f) => {
            ex.step_of(
                "session",
                if session_ok { "allow" } else { "implicit-deny" },
                &f.allows,
            );
        }
        None => ex.step("session", "not-applicable", Vec::new(), None),
    }

    // A sentence that names the resource-side policies between `before` and `after`: those
    // that allowed, else all of them (a bucket policy and the bucket's ACL are two). Worked
    // out only for an explanation, by appending (these are most summaries).
    let resource_sentence = |before: &[&str], after: &[&str]| -> String {
        let mut out = String::with_capacity(160);
        before.iter().for_each(|p| out.push_str(p));
        let mut names = resource_allows.iter().map(|h| h.policy.info.name.as_str());
        let mut all = resource_policies.iter().map(|l| l.info.name.as_str());
        let names: &mut dyn Iterator<Item = &str> = if resource_allows.is_empty() {
            &mut all
        } else {
            &mut names
        };
        let mut last: Option<&str> = None;
        for name in names {
            // Repeats side by side are named once (as `dedup` does).
            if last == Some(name) {
                continue;
            }
            if last.is_some() {
                out.push_str("\" and \"");
            }
            out.push_str(name);
            last = Some(name);
        }
        after.iter().for_each(|p| out.push_str(p));
        out
    };
    if same_account {
        match best {
            Some(PrincipalMatch::Direct) => {
                let deciding = ex.refs_again(resource_step, resource_allows);
                return ex.finish(
                    Decision::Allow,
                    || {
                        resource_sentence(
                            &["allowed by the resource-based policy \""],
                            &["\", which names the principal itself (same account)"],
                        )
                    },
                    deciding,
                );
            }
            Some(PrincipalMatch::Role) if boundary_ok && session_ok => {
                let deciding = ex.refs_again(resource_step, resource_allows);
                return ex.finish(
                    Decision::Allow,
                    || {
                        resource_sentence(
                            &["allowed by the resource-based policy \""],
                            &["\", which names the principal's role (same account)"],
                        )
                    },
                    deciding,
                );
            }
            _ => {}
        }
        if set.resource_policy_required && best.is_none() {
            return ex.finish(
                Decision::ImplicitDeny,
                || {
                    if has_resource {
                        resource_sentence(&["implicitly denied: the resource-based policy \""], &["\" must allow the principal and does not"])
                    } else {
                        "implicitly denied: this resource's policy (a role trust policy or KMS key policy) must allow the principal, and none was given".into()
                    }
                },
                Vec::new(),
            );
        }
    } else if best.is_none() {
        return ex.finish(
            Decision::ImplicitDeny,
            || if let Some(r) = restriction.filter(|_| !blocked.is_empty()) {
                restricted_summary(r)
            } else if has_resource {
                resource_sentence(
                    &["implicitly denied: cross-account request, and the resource-based policy \""],
                    &["\" of account ", set.resource_account.as_deref().unwrap_or("?"), " does not allow the principal"],
                )
            } else {
                [
                    "implicitly denied: cross-account request to account ",
                    set.resource_account.as_deref().unwrap_or("?"),
                    ", whose resource has no resource-based policy",
                ]
                .concat()
            },
            Vec::new(),
        );
    }
    if identity_allows.is_empty() {
        return ex.finish(
            Decision::ImplicitDeny,
            || {
                [
                    "implicitly denied: no identity-based policy allows ",
                    &req.action,
                ]
                .concat()
            },
            Vec::new(),
        );
    }
    if !boundary_ok {
        return ex.finish(
            Decision::ImplicitDeny,
            || {
                [
                    "implicitly denied: the permissions boundary ",
                    set.boundary.map(|b| b.info.name.as_str()).unwrap_or("?"),
                    " does not allow ",
                    &req.action,
                ]
                .concat()
            },
            Vec::new(),
        );
    }
    if !session_ok {
        return ex.finish(
            Decision::ImplicitDeny,
            || {
                [
                    "implicitly denied: the session policy does not allow ",
                    &req.action,
                ]
                .concat()
            },
            Vec::new(),
        );
    }
    let mut deciding = ex.refs_again(identity_step, identity_allows);
    if !same_account {
        deciding.extend(ex.refs_again(resource_step, resource_allows));
    }
    let first = &identity_allows[0].policy.info.name;
    let summary = || {
        if same_account {
            ["allowed by identity-based policy ", first].concat()
        } else {
            resource_sentence(
                &[
                    "allowed: identity-based policy ",
                    first,
                    " and the resource-based policy \"",
                ],
                &[
                    "\" of account ",
                    set.resource_account.as_deref().unwrap_or("?"),
                    " both allow",
                ],
            )
        }
    };
    ex.finish(Decision::Allow, summary, deciding)
}

/// The summary of a request that only a public bucket policy under RestrictPublicBuckets
/// would have allowed.
fn restricted_summary(r: &PublicRestriction) -> String {
    format!(
        "implicitly denied: {}; S3 then allows only AWS service principals and principals of the bucket owner's account {} through the bucket policy",
        r.reason(),
        r.account
    )
}

/// Appends how a sentence names a statement: its Sid in quotes, else `#index`.
fn push_label(out: &mut String, r: &StatementRef) {
    match &r.sid {
        Some(s) if !s.is_empty() => {
            out.push('"');
            out.push_str(s);
            out.push('"');
        }
        _ => {
            out.push('#');
            crate::loc::push_decimal(out, r.index);
        }
    }
}

/// Appends `items` separated by `sep` (what `join` does, without a vector).
fn push_joined<'s>(out: &mut String, items: impl IntoIterator<Item = &'s str>, sep: &str) {
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(item);
    }
}

/// Appends `KEY OPERATOR VALUE or VALUE`: what a condition needs, in words.
fn push_need<'s>(
    out: &mut String,
    key: &str,
    operator: &str,
    values: impl IntoIterator<Item = &'s str>,
) {
    out.push_str(key);
    out.push(' ');
    out.push_str(operator);
    out.push(' ');
    push_joined(out, values, " or ");
}

#[derive(Default)]
struct Explainer {
    trace: bool,
    /// Only the summary and requirements.
    brief: bool,
    steps: Vec<Step>,
    failed: Vec<FailedCondition>,
    missing: Vec<String>,
    requirements: Vec<String>,
}

impl Explainer {
    /// Whether the explanation names statements and lists the steps (not for a decision
    /// alone, nor for a brief explanation).
    fn detailed(&self) -> bool {
        self.trace && !self.brief
    }

    fn refs<'h, 'a: 'h>(&self, hits: impl IntoIterator<Item = &'h Hit<'a>>) -> Vec<StatementRef> {
        if !self.detailed() {
            return Vec::new();
        }
        hits.into_iter()
            .map(|h| statement_ref(h.policy, h.stmt))
            .collect()
    }

    /// A step that names the statements of `hits`, worked out only when the steps are kept
    /// (the vectors of a decision alone, empty, were dropped one call each). Returns the
    /// step's index, for [`Explainer::refs_again`].
    #[inline(always)]
    fn step_of<'h, 'a: 'h>(
        &mut self,
        step: &'static str,
        result: &'static str,
        hits: impl IntoIterator<Item = &'h Hit<'a>>,
    ) -> Option<usize> {
        if !self.detailed() {
            return None;
        }
        let statements = self.refs(hits);
        self.steps.push(Step {
            step,
            result,
            statements,
            note: None,
        });
        Some(self.steps.len() - 1)
    }

    /// The references of `hits` once more: copied from the step at `step` that named them,
    /// when there is one (a copy is a fraction of a reference built again, which locates
    /// its statement in the text), else built.
    fn refs_again<'h, 'a: 'h>(
        &self,
        step: Option<usize>,
        hits: impl IntoIterator<Item = &'h Hit<'a>>,
    ) -> Vec<StatementRef> {
        match step.and_then(|i| self.steps.get(i)) {
            Some(s) => s.statements.clone(),
            None => self.refs(hits),
        }
    }

    /// A step's note, worked out only when the steps are kept.
    fn note(&self, note: impl FnOnce() -> String) -> Option<String> {
        self.detailed().then(note)
    }

    // Inlined where it is called, so that a decision without explanation drops the empty
    // arguments unseen: the call was 70 instructions a decision.
    #[inline(always)]
    fn step(
        &mut self,
        step: &'static str,
        result: &'static str,
        statements: Vec<StatementRef>,
        note: Option<String>,
    ) {
        // A decision alone has no steps (a brief explanation drops them): not pushing
        // them saves growing this vector twice in every decision.
        if !self.detailed() {
            return;
        }
        self.steps.push(Step {
            step,
            result,
            statements,
            note,
        });
    }

    fn near(&mut self, n: &Near<'_>, ctx: &Context) {
        if !self.detailed() {
            return;
        }
        let sref = statement_ref(n.policy, n.stmt);
        // What the statement needs when only missing keys failed it, written as the
        // conditions are walked.
        let only_missing = n.failed.iter().all(|(_, o)| *o == Outcome::FalseMissing);
        let mut text = String::new();
        if only_missing {
            let verb = match n.stmt.effect.value {
                Effect::Allow => "allowed",
                Effect::Deny => "denied",
            };
            // Room for the usual sentence (a statement label, a policy name, a condition
            // and a value or two): 64 bytes were mostly reallocated.
            text.reserve(128 + sref.policy.name.len());
            text.push_str(verb);
            text.push_str(" by statement ");
            push_label(&mut text, &sref);
            text.push_str(" of ");
            text.push_str(&sref.policy.name);
            text.push_str(" only if ");
        }
        let need = only_missing.then_some(&mut text);
        // The statement's reference is cloned for each failed condition but the last, which
        // takes it (most statements fail on one condition).
        if let Some(((last, last_outcome), rest)) = n.failed.split_last() {
            let mut need = need;
            for (i, outcome) in rest {
                self.failed_condition(n, *i, *outcome, ctx, sref.clone(), need.as_deref_mut());
                if let Some(text) = need.as_deref_mut() {
                    text.push_str(" and ");
                }
            }
            self.failed_condition(n, *last, *last_outcome, ctx, sref, need);
        }
        if only_missing {
            self.requirements.push(text);
        }
    }

    /// Records a condition of `n` that was false; appends what it needs to `need`, when
    /// given.
    fn failed_condition(
        &mut self,
        n: &Near<'_>,
        i: usize,
        outcome: Outcome,
        ctx: &Context,
        statement: StatementRef,
        need: Option<&mut String>,
    ) {
        let c = &n.stmt.conditions[i];
        // Read once: the key is a span of the policy's text, found again at each read.
        let key = c.key.value.as_str();
        let request_values = ctx.get(key).map(|v| v.values().to_vec());
        if outcome == Outcome::FalseMissing
            && !self.missing.iter().any(|m| m.eq_ignore_ascii_case(key))
        {
            self.missing.push(key.to_owned());
        }
        let values: Vec<String> = c
            .values
            .iter()
            .map(|v| v.value.as_str().to_owned())
            .collect();
        let operator = c.operator.value.name();
        if let Some(text) = need {
            push_need(text, key, operator, values.iter().map(String::as_str));
        }
        let location = condition_location(n.policy.policy, &statement.location.json_path, c);
        self.failed.push(FailedCondition {
            statement,
            operator: Cow::Borrowed(operator),
            key: key.to_owned(),
            values,
            request_values,
            location,
        });
    }

    fn assumed(&mut self, n: &Near<'_>) {
        if !self.trace {
            return;
        }
        // Appended in one string (each condition's words were a string, then joined).
        let mut text = String::with_capacity(128 + n.policy.info.name.len());
        text.push_str("if ");
        for (k, (i, _)) in n.failed.iter().enumerate() {
            if k > 0 {
                text.push_str(" and ");
            }
            let c = &n.stmt.conditions[*i];
            push_need(
                &mut text,
                &c.key.value,
                c.operator.value.name(),
                c.values.iter().map(|v| v.value.as_str()),
            );
        }
        text.push_str(" (statement ");
        n.stmt.push_label(&mut text);
        text.push_str(" of ");
        text.push_str(&n.policy.info.name);
        text.push(')');
        self.requirements.push(text);
    }

    fn absent(&mut self, n: &Near<'_>, avoided: bool) {
        if !self.trace {
            return;
        }
        let keys: Vec<&str> = n
            .failed
            .iter()
            .map(|(i, _)| n.stmt.conditions[*i].key.value.as_str())
            .collect();
        for k in &keys {
            if !self.missing.iter().any(|m| m.eq_ignore_ascii_case(k)) {
                self.missing.push((*k).to_owned());
            }
        }
        // Appended, not formatted: a deny on a missing key is common in SCPs.
        let mut text = String::with_capacity(96);
        let keys = |text: &mut String| push_joined(text, keys.iter().copied(), " and ");
        let label = |text: &mut String| n.stmt.push_label(text);
        if avoided {
            text.push_str("if the request has ");
            keys(&mut text);
            text.push_str(" with a value for which statement ");
            label(&mut text);
            text.push_str(" of ");
            text.push_str(&n.policy.info.name);
            text.push_str(" does not deny");
        } else {
            text.push_str("statement ");
            label(&mut text);
            text.push_str(" of ");
            text.push_str(&n.policy.info.name);
            text.push_str(" denies because the request has no ");
            keys(&mut text);
        }
        self.requirements.push(text);
    }

    fn finish(
        self,
        decision: Decision,
        summary: impl FnOnce() -> String,
        deciding: Vec<StatementRef>,
    ) -> Evaluation {
        Evaluation {
            decision,
            explanation: Explanation {
                summary: if self.trace { summary() } else { String::new() },
                deciding,
                steps: self.steps,
                failed_conditions: self.failed,
                missing_keys: self.missing,
                requirements: self.requirements,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::Simulation;

    fn sim(extra: &str) -> Simulation {
        let text = format!(
            r#"{{"request": {{"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}},
               "identityPolicies": [{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}]}}]{extra}}}"#
        );
        Simulation::parse(&text, None).expect("valid input")
    }

    #[test]
    fn optimistic_mode_sets_aside_denies_on_missing_keys() {
        let s = sim(
            r#", "scps": [[{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
                {"Sid": "RegionLock", "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": "us-east-1"}}}]}]]"#,
        );
        let exact = s.evaluate();
        assert_eq!(exact.decision, Decision::ExplicitDeny);
        assert_eq!(
            exact.explanation.missing_keys,
            vec!["aws:RequestedRegion".to_owned()]
        );
        let optimistic = evaluate_optimistic(&s.policy_set(), s.request());
        assert_eq!(optimistic.decision, Decision::Allow);
        assert!(
            optimistic.explanation.requirements[0]
                .starts_with("if the request has aws:RequestedRegion")
        );
    }

    #[test]
    fn optimistic_mode_assumes_allow_conditions() {
        let s = sim(
            r#", "permissionBoundary": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}"#,
        );
        assert_eq!(s.decide(), Decision::ImplicitDeny);
        let exact = s.evaluate();
        let failed = &exact.explanation.failed_conditions[0].location;
        assert_eq!(
            failed.json_path,
            "$.permissionBoundary.Statement[0].Condition.IpAddress.aws:SourceIp"
        );
        let boundary = s.policy_set().boundary.unwrap().policy;
        let key = &boundary.statements()[0].conditions[0].key;
        assert_eq!(
            failed.json_path,
            crate::loc::join_path("$.permissionBoundary", &boundary.path_of(key.loc))
        );
        let e = evaluate_optimistic(&s.policy_set(), s.request());
        assert_eq!(e.decision, Decision::Allow);
        assert_eq!(
            e.explanation.requirements,
            vec![
                "if aws:SourceIp IpAddress 203.0.113.0/24 (statement #0 of $.permissionBoundary)"
                    .to_owned()
            ]
        );
    }

    /// The summaries and requirements that name resource policies and missing keys, word
    /// for word (they are appended piece by piece).
    #[test]
    fn sentences_name_policies_and_keys() {
        let deny_on_missing = sim(
            r#", "scps": [[{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
                {"Sid": "RegionLock", "Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:RequestedRegion": "us-east-1"}, "Null": {"aws:SourceVpc": "true"}}}]}]]"#,
        );
        assert_eq!(
            deny_on_missing.evaluate().explanation.requirements,
            vec![
                "statement RegionLock of $.scps[0][0] denies because the request has no aws:RequestedRegion and aws:SourceVpc"
                    .to_owned()
            ]
        );
        let optimistic =
            evaluate_optimistic(&deny_on_missing.policy_set(), deny_on_missing.request());
        assert_eq!(
            optimistic.explanation.requirements,
            vec![
                "if the request has aws:RequestedRegion and aws:SourceVpc with a value for which statement RegionLock of $.scps[0][0] does not deny"
                    .to_owned()
            ]
        );

        let bucket = |principal: &str| {
            sim(&format!(
                r#", "resourcePolicy": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "{principal}"}}, "Action": "s3:GetObject", "Resource": "*"}}]}}, "resourceAccount": "111122223333""#
            ))
        };
        assert_eq!(
            bucket("arn:aws:iam::111122223333:user/alice")
                .evaluate()
                .explanation
                .summary,
            "allowed by the resource-based policy \"$.resourcePolicy\", which names the principal itself (same account)"
        );
        let cross = |extra: &str| {
            sim(&format!(r#"{extra}, "resourceAccount": "444455556666""#))
                .evaluate()
                .explanation
                .summary
        };
        assert_eq!(
            cross(
                r#", "resourcePolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "*"}]}"#
            ),
            "allowed: identity-based policy $.identityPolicies[0] and the resource-based policy \"$.resourcePolicy\" of account 444455556666 both allow"
        );
        assert_eq!(
            cross(
                r#", "resourcePolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "999999999999"}, "Action": "s3:GetObject", "Resource": "*"}]}"#
            ),
            "implicitly denied: cross-account request, and the resource-based policy \"$.resourcePolicy\" of account 444455556666 does not allow the principal"
        );
        assert_eq!(
            cross(""),
            "implicitly denied: cross-account request to account 444455556666, whose resource has no resource-based policy"
        );
        assert_eq!(
            sim(r#", "permissionBoundary": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}"#)
                .evaluate()
                .explanation
                .summary,
            "implicitly denied: the permissions boundary $.permissionBoundary does not allow s3:GetObject"
        );
    }
}
