//! Policy validation: findings of four types, as AWS IAM Access Analyzer's policy checks
//! name them (ERROR, SECURITY_WARNING, WARNING, SUGGESTION), each with its line, column and
//! JSON path.

use std::collections::HashMap;

use keyaki_core::{Finding, Severity};
use serde::Serialize;

use crate::arn::ArnPattern;
use crate::catalog::Catalog;
use crate::condition::{Operand, OperatorType, SetOperator};
use crate::context::Context;
use crate::error::{ParseErrorKind, did_you_mean};
use crate::loc::{Loc, Location, Origin};
use crate::policy::{Effect, Policy, PolicyKind, PrincipalType, Statement, Version};

/// How serious a validation finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FindingType {
    /// The policy is invalid: AWS rejects it, or part of it can never work.
    Error,
    /// The policy grants more than it likely means to.
    SecurityWarning,
    /// The policy works, but not as it likely means to.
    Warning,
    /// The policy could be simpler.
    Suggestion,
}

impl FindingType {
    /// The severity of a keyaki [`Finding`] of this type.
    pub fn severity(self) -> Severity {
        match self {
            FindingType::Error => Severity::High,
            FindingType::SecurityWarning => Severity::High,
            FindingType::Warning => Severity::Medium,
            FindingType::Suggestion => Severity::Low,
        }
    }
}

/// One validation finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidationFinding {
    /// How serious.
    pub finding_type: FindingType,
    /// A stable code, such as `unknown-action` or `pass-role-with-star`.
    pub issue_code: &'static str,
    /// What is wrong, lowercase, no trailing period.
    pub message: String,
    /// Where.
    pub location: Location,
    /// A hint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl std::fmt::Display for ValidationFinding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ty = match self.finding_type {
            FindingType::Error => "ERROR",
            FindingType::SecurityWarning => "SECURITY_WARNING",
            FindingType::Warning => "WARNING",
            FindingType::Suggestion => "SUGGESTION",
        };
        write!(
            f,
            "{}: {ty} {}: {}",
            self.location, self.issue_code, self.message
        )
    }
}

impl ValidationFinding {
    /// The finding as a keyaki [`Finding`] (rule `iam.policy.<issue-code>`), for the report
    /// renderers; `resource` names the policy.
    pub fn to_finding(&self, resource: &str) -> Finding {
        Finding::builder(
            format!("iam.policy.{}", self.issue_code),
            self.message.clone(),
            self.finding_type.severity(),
        )
        .resource(resource)
        .evidence(serde_json::json!({
            "finding_type": self.finding_type,
            "location": self.location,
            "help": self.help,
        }))
        .decisive(
            serde_json::json!({"json_path": self.location.json_path, "message": self.message}),
        )
        .build()
    }
}

struct V<'p> {
    policy: Option<&'p Policy>,
    out: Vec<ValidationFinding>,
}

impl V<'_> {
    fn add(
        &mut self,
        ty: FindingType,
        code: &'static str,
        loc: Loc,
        path: &str,
        message: String,
        help: Option<String>,
    ) {
        let Some(p) = self.policy else { return };
        self.out.push(ValidationFinding {
            finding_type: ty,
            issue_code: code,
            message,
            location: p.source().locate(loc, path),
            help,
        });
    }
}

/// Validates a policy document used as `kind`: every parse error (as an ERROR) and every
/// finding of the checks below, sorted by position.
pub fn validate(text: &str, kind: PolicyKind, origin: Origin) -> Vec<ValidationFinding> {
    let (policy, errors) = Policy::parse_lenient(text, kind, origin);
    let mut out: Vec<ValidationFinding> = errors
        .into_iter()
        .map(|e| ValidationFinding {
            finding_type: FindingType::Error,
            issue_code: match e.kind {
                ParseErrorKind::Syntax => "json-syntax",
                ParseErrorKind::UnknownElement => "unknown-element",
                ParseErrorKind::DuplicateElement => "duplicate-element",
                ParseErrorKind::WrongType => "wrong-type",
                ParseErrorKind::MissingElement => "missing-element",
                ParseErrorKind::InvalidValue => "invalid-value",
                ParseErrorKind::Conflict => "conflicting-elements",
                ParseErrorKind::NotAllowedHere => "element-not-allowed",
            },
            message: e.message,
            location: e.location,
            help: e.help,
        })
        .collect();
    if let Some(p) = &policy {
        let mut v = V {
            policy: Some(p),
            out: Vec::new(),
        };
        check_policy(&mut v, p);
        out.extend(v.out);
    }
    out.sort_by(|a, b| {
        (a.location.line, a.location.column, a.finding_type).cmp(&(
            b.location.line,
            b.location.column,
            b.finding_type,
        ))
    });
    out
}

/// Validates the policy file `path`. Without a `kind`, a document whose statements name a
/// principal is read as a resource-based policy, otherwise as an identity-based policy.
pub fn validate_file(
    path: &std::path::Path,
    kind: Option<PolicyKind>,
) -> Result<Vec<ValidationFinding>, crate::Error> {
    let text = std::fs::read_to_string(path).map_err(|source| crate::Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let kind = kind.unwrap_or_else(|| guess_kind(&text));
    Ok(validate(&text, kind, Origin::file(path)))
}

/// A resource-based policy when a statement names a principal, else identity-based.
pub fn guess_kind(text: &str) -> PolicyKind {
    let arena = crate::json::arena_for(text);
    let Ok(json) = crate::json::text_to_cst(text, &arena) else {
        return PolicyKind::Identity;
    };
    let has_principal = |stmt: &crate::json::Json| match &stmt.kind {
        crate::json::Kind::Object(ms) => ms
            .iter()
            .any(|m| m.key == "Principal" || m.key == "NotPrincipal"),
        _ => false,
    };
    let found = match &json.kind {
        crate::json::Kind::Object(ms) => {
            ms.iter()
                .filter(|m| m.key == "Statement")
                .any(|m| match &m.value.kind {
                    crate::json::Kind::Array(items) => items.iter().any(has_principal),
                    _ => has_principal(&m.value),
                })
        }
        _ => false,
    };
    if found {
        PolicyKind::Resource
    } else {
        PolicyKind::Identity
    }
}

fn check_policy(v: &mut V<'_>, p: &Policy) {
    let catalog = Catalog::global();
    match p.version() {
        None => v.add(
            FindingType::Warning,
            "missing-version",
            Loc::default(),
            "$",
            "the policy has no Version: it is read as 2008-10-17, without policy variables".into(),
            Some("add \"Version\": \"2012-10-17\"".into()),
        ),
        Some(ver) if ver.value == Version::V2008 => v.add(
            FindingType::Suggestion,
            "old-version",
            ver.loc,
            &p.path_of(ver.loc),
            "Version 2008-10-17 does not support policy variables".into(),
            Some("use \"2012-10-17\"".into()),
        ),
        _ => {}
    }
    let mut sids: HashMap<&str, usize> = HashMap::new();
    for s in p.statements() {
        if let Some(sid) = &s.sid {
            if let Some(first) = sids.insert(sid.value.as_str(), s.index)
                && !sid.value.is_empty()
            {
                v.add(
                    FindingType::Error,
                    "duplicate-sid",
                    sid.loc,
                    &p.path_of(sid.loc),
                    format!("the Sid {:?} is also used by statement {first}", sid.value),
                    Some("give each statement a unique Sid".into()),
                );
            }
            if matches!(
                p.kind(),
                PolicyKind::Identity | PolicyKind::PermissionsBoundary | PolicyKind::Scp
            ) && !sid.value.bytes().all(|b| b.is_ascii_alphanumeric())
            {
                v.add(
                    FindingType::Warning,
                    "invalid-sid",
                    sid.loc,
                    &p.path_of(sid.loc),
                    format!("the Sid {:?} has characters other than letters and digits, which identity-based policies do not accept", sid.value),
                    None,
                );
            }
        }
        check_statement(v, p, s, catalog);
    }
    check_redundancy(v, p);
}

fn check_statement(v: &mut V<'_>, p: &Policy, s: &Statement, catalog: &Catalog) {
    let allow = s.effect.value == Effect::Allow;
    // Required elements by kind.
    if s.resource.is_none()
        && matches!(
            p.kind(),
            PolicyKind::Identity
                | PolicyKind::PermissionsBoundary
                | PolicyKind::Session
                | PolicyKind::Resource
        )
    {
        v.add(
            FindingType::Error,
            "missing-resource",
            s.loc,
            &s.path(),
            format!(
                "the statement has no Resource or NotResource, which {} requires",
                p.kind().describe()
            ),
            Some("add \"Resource\": \"*\" or the ARNs the statement is about".into()),
        );
    }
    if p.kind().has_principal() && s.principal.is_none() && p.kind() != PolicyKind::VpcEndpoint {
        v.add(
            FindingType::Error,
            "missing-principal",
            s.loc,
            &s.path(),
            format!(
                "the statement has no Principal or NotPrincipal, which {} requires",
                p.kind().describe()
            ),
            None,
        );
    }
    if p.kind() == PolicyKind::Rcp {
        if allow {
            v.add(
                FindingType::Error,
                "rcp-allow",
                s.effect.loc,
                &p.path_of(s.effect.loc),
                "a resource control policy supports only Deny statements (AWS attaches RCPFullAWSAccess, the one Allow, itself)".into(),
                None,
            );
        }
        if s.principal.as_ref().is_some_and(|el| el.negated || !el.any) {
            v.add(
                FindingType::Error,
                "rcp-principal",
                s.loc,
                &s.path(),
                "a resource control policy's Principal must be \"*\" (restrict principals with conditions)".into(),
                None,
            );
        }
    }
    if allow && s.action.negated {
        v.add(
            FindingType::SecurityWarning,
            "allow-with-not-action",
            s.action.loc,
            &format!("{}.NotAction", s.path()),
            "Allow with NotAction allows every action not listed, including those AWS adds later"
                .into(),
            Some("list the actions to allow in Action instead".into()),
        );
    }
    if allow && s.resource.as_ref().is_some_and(|r| r.negated) {
        let r = s.resource.as_ref().map_or(Loc::default(), |r| r.loc);
        v.add(
            FindingType::SecurityWarning,
            "allow-with-not-resource",
            r,
            &format!("{}.NotResource", s.path()),
            "Allow with NotResource allows the actions on every resource not listed".into(),
            Some("list the resources to allow in Resource instead".into()),
        );
    }
    // Actions.
    let mut known_actions: Vec<(String, Loc, Box<str>)> = Vec::new();
    for item in &s.action.items {
        let a = &item.value;
        let Some(prefix) = a.service() else {
            continue;
        };
        let Some(service) = catalog.service(prefix) else {
            let help = did_you_mean(prefix, catalog.services().iter().map(|s| s.prefix.as_str()))
                .map(|s| format!("did you mean \"{s}\"?"));
            // IAM accepts unknown services (AWS managed policies still name retired ones):
            // a warning, not an error.
            v.add(
                FindingType::Warning,
                "unknown-service",
                item.loc,
                &p.path_of(item.loc),
                format!("unknown service prefix \"{prefix}\" in {:?}", a.text),
                help,
            );
            continue;
        };
        let matched: Vec<&str> = service
            .actions
            .iter()
            .filter(|x| a.matches(&service.prefix, &x.name.to_ascii_lowercase()))
            .map(|x| x.name.as_str())
            .collect();
        if matched.is_empty() {
            let name = a.text.split_once(':').map_or("", |(_, n)| n);
            let help = did_you_mean(name, service.actions.iter().map(|x| x.name.as_str()))
                .map(|s| format!("did you mean \"{}:{s}\"?", service.prefix));
            v.add(
                FindingType::Warning,
                "unknown-action",
                item.loc,
                &p.path_of(item.loc),
                if a.has_wildcards() {
                    format!("{:?} matches no action of {}", a.text, service.name)
                } else {
                    format!("unknown action {:?}", a.text)
                },
                help,
            );
            continue;
        }
        if !a.has_wildcards() {
            known_actions.push((
                format!("{}:{}", service.prefix, matched[0]),
                item.loc,
                p.path_of(item.loc).into_boxed_str(),
            ));
        }
        if allow
            && !s.action.negated
            && service.prefix == "iam"
            && matched.iter().any(|m| m.eq_ignore_ascii_case("PassRole"))
            && s.resource
                .as_ref()
                .is_some_and(|r| !r.negated && r.items.iter().any(|i| i.value == "*"))
        {
            v.add(
                FindingType::SecurityWarning,
                "pass-role-with-star",
                item.loc,
                &p.path_of(item.loc),
                "iam:PassRole on \"*\" lets the principal pass any role, including administrator roles, to a service".into(),
                Some("name the roles it may pass, and restrict iam:PassedToService".into()),
            );
        }
    }
    // Resources against the actions' resource types: an action none of whose resources
    // fits any of its resource types never applies.
    if let Some(r) = &s.resource
        && !r.negated
    {
        let concrete: Vec<_> = r
            .items
            .iter()
            .filter(|i| i.value != "*" && !i.value.contains("${"))
            .collect();
        if concrete.len() == r.items.len() && !concrete.is_empty() {
            for (action, loc, path) in &known_actions {
                let Some((service, info)) = catalog.action(action) else {
                    continue;
                };
                if info.resource_types.is_empty() {
                    v.add(
                        FindingType::Warning,
                        "action-takes-no-resource",
                        *loc,
                        path,
                        format!("{action} does not act on a resource: it needs \"Resource\": \"*\", and this statement names none"),
                        None,
                    );
                    continue;
                }
                let fits = concrete.iter().any(|item| {
                    info.resource_types.iter().any(|(name, _)| {
                        service
                            .resource_type(name)
                            .is_some_and(|rt| rt.overlaps(&item.value))
                    })
                });
                if !fits {
                    let types: Vec<String> = info
                        .resource_types
                        .iter()
                        .filter_map(|(n, _)| {
                            service
                                .resource_type(n)
                                .map(|rt| format!("{n} ({})", rt.arn))
                        })
                        .collect();
                    v.add(
                        FindingType::Warning,
                        "resource-type-mismatch",
                        *loc,
                        path,
                        format!("no Resource of the statement is of a resource type of {action}, so it never applies"),
                        Some(format!("{action} takes: {}", types.join(", "))),
                    );
                }
            }
        }
        if let Some(first) = r.items.first()
            && r.items
                .iter()
                .any(|i| crate::arn::split6(&i.value).len() < 6 && i.value != "*")
        {
            let _ = first;
            for item in r
                .items
                .iter()
                .filter(|i| crate::arn::split6(&i.value).len() < 6 && i.value != "*")
            {
                v.add(
                    FindingType::Error,
                    "invalid-arn",
                    item.loc,
                    &p.path_of(item.loc),
                    format!("{:?} is not an ARN (arn:partition:service:region:account:resource) or \"*\"", item.value),
                    None,
                );
            }
        }
        if !p.variables_enabled() {
            for item in r.items.iter().filter(|i| i.value.contains("${")) {
                v.add(
                    FindingType::Warning,
                    "variable-needs-2012-version",
                    item.loc,
                    &p.path_of(item.loc),
                    format!("{:?} uses a policy variable, which Version 2008-10-17 reads as literal text", item.value),
                    Some("set \"Version\": \"2012-10-17\"".into()),
                );
            }
        }
    }
    // Principals.
    if let Some(el) = &s.principal {
        for item in &el.items {
            let val = &item.value.value;
            if item.kind == PrincipalType::Aws
                && val != "*"
                && (val.contains('*') || val.contains('?'))
            {
                v.add(
                    FindingType::Error,
                    "wildcard-in-principal",
                    item.value.loc,
                    &p.path_of(item.value.loc),
                    format!("{val:?}: a principal ARN cannot hold wildcards; it matches nothing"),
                    Some(
                        "name the principals, or use \"*\" with a condition on aws:PrincipalArn"
                            .into(),
                    ),
                );
            }
        }
        let public = el.any
            || el
                .items
                .iter()
                .any(|i| i.kind == PrincipalType::Aws && i.value.value == "*");
        if allow && !el.negated && public && s.conditions.is_empty() && p.kind() != PolicyKind::Rcp
        {
            v.add(
                FindingType::SecurityWarning,
                "public-principal",
                el.loc,
                &p.path_of(el.loc),
                "Allow to the principal \"*\" without a condition grants access to everyone, anonymous users included".into(),
                Some("restrict with a condition such as aws:PrincipalOrgID, aws:SourceAccount or aws:SourceArn".into()),
            );
        }
        if el.negated && allow {
            v.add(
                FindingType::SecurityWarning,
                "allow-with-not-principal",
                el.loc,
                &p.path_of(el.loc),
                "Allow with NotPrincipal allows every principal not listed, anonymous users included".into(),
                None,
            );
        }
    }
    // Conditions.
    for c in &s.conditions {
        let op = c.operator.value;
        let ty = catalog.condition_key_type(&c.key.value);
        match ty {
            None if c.key.value.to_ascii_lowercase().starts_with("aws:") => v.add(
                FindingType::Error,
                "unknown-global-condition-key",
                c.key.loc,
                &p.path_of(c.key.loc),
                format!("unknown global condition key {:?}", c.key.value),
                None,
            ),
            None => {
                let known_service = c
                    .key
                    .value
                    .split_once(':')
                    .and_then(|(svc, _)| catalog.service(svc))
                    .is_some();
                v.add(
                    FindingType::Warning,
                    "unknown-condition-key",
                    c.key.loc,
                    &p.path_of(c.key.loc),
                    format!("unknown condition key {:?}", c.key.value),
                    (!known_service).then(|| {
                        "the key's service prefix is not a service of the catalog".to_owned()
                    }),
                );
            }
            Some(t) => {
                let multi = t.starts_with("ArrayOf");
                let base = t.trim_start_matches("ArrayOf");
                let want = match base {
                    "String" => Some(&[OperatorType::String, OperatorType::Arn][..]),
                    "ARN" | "Arn" => Some(&[OperatorType::Arn, OperatorType::String][..]),
                    "Numeric" | "Long" => Some(&[OperatorType::Numeric][..]),
                    "Date" => Some(&[OperatorType::Date][..]),
                    "Bool" => Some(&[OperatorType::Bool][..]),
                    "IPAddress" => Some(&[OperatorType::Ip][..]),
                    "Binary" => Some(&[OperatorType::Binary][..]),
                    _ => None,
                };
                let ot = op.base.operator_type();
                if ot != OperatorType::Null && want.is_some_and(|w| !w.contains(&ot)) {
                    v.add(
                        FindingType::Error,
                        "operator-type-mismatch",
                        c.operator.loc,
                        &p.path_of(c.operator.loc),
                        format!(
                            "{op} compares {ot:?} values, but {} is of type {t}",
                            c.key.value
                        )
                        .to_lowercase()
                        .replacen(
                            &c.key.value.to_lowercase(),
                            &c.key.value,
                            1,
                        ),
                        None,
                    );
                }
                match (multi, op.set) {
                    (false, Some(set)) if ot != OperatorType::Null => {
                        let risky =
                            set == SetOperator::ForAllValues && s.effect.value == Effect::Allow;
                        v.add(
                            if risky { FindingType::SecurityWarning } else { FindingType::Warning },
                            "set-operator-on-single-valued-key",
                            c.operator.loc,
                            &p.path_of(c.operator.loc),
                            format!("{op} on the single-valued key {}", c.key.value),
                            Some(if risky {
                                "ForAllValues is true when the key is missing, so this Allow applies to requests without the key; drop the set operator".into()
                            } else {
                                "drop the set operator".into()
                            }),
                        );
                    }
                    (true, None) if ot != OperatorType::Null => v.add(
                        FindingType::Warning,
                        "multivalued-key-without-set-operator",
                        c.operator.loc,
                        &p.path_of(c.operator.loc),
                        format!(
                            "{} is multivalued: use ForAllValues: or ForAnyValue: with {op}",
                            c.key.value
                        ),
                        None,
                    ),
                    _ => {}
                }
            }
        }
        for (value, operand) in c.values.iter().zip(c.operands()) {
            if matches!(operand, Operand::Invalid) {
                v.add(
                    FindingType::Error,
                    "invalid-condition-value",
                    value.loc,
                    &p.path_of(value.loc),
                    format!("{:?} is not a valid value for {op}", value.value),
                    Some(match op.base.operator_type() {
                        OperatorType::Numeric => "expected a number".into(),
                        OperatorType::Date => {
                            "expected an ISO 8601 date (2026-01-01T00:00:00Z) or epoch seconds"
                                .into()
                        }
                        OperatorType::Bool | OperatorType::Null => {
                            "expected \"true\" or \"false\"".into()
                        }
                        OperatorType::Ip => "expected an IPv4 or IPv6 address or CIDR block".into(),
                        OperatorType::Binary => "expected base64".into(),
                        _ => "expected a valid value".into(),
                    }),
                );
            }
            if value.value.contains("${")
                && !matches!(
                    op.base.operator_type(),
                    OperatorType::String | OperatorType::Arn
                )
            {
                v.add(
                    FindingType::Warning,
                    "variable-with-non-string-operator",
                    value.loc,
                    &p.path_of(value.loc),
                    format!(
                        "policy variables are not resolved with {op}: {:?} is compared as written",
                        value.value
                    ),
                    None,
                );
            }
        }
    }
}

/// A statement is redundant when another statement of the same effect, without conditions
/// and for the same principals, covers its actions and resources; an Allow is unreachable
/// when such a Deny covers it.
fn check_redundancy(v: &mut V<'_>, p: &Policy) {
    let stmts = p.statements();
    for (i, s) in stmts.iter().enumerate() {
        let covering = |effect: Effect| {
            stmts.iter().enumerate().find(|(j, o)| {
                *j != i
                    && o.effect.value == effect
                    && o.conditions.is_empty()
                    && covers(o, s)
                    // Of two identical statements, report the later only.
                    && !(effect == s.effect.value && s.conditions.is_empty() && covers(s, o) && i < *j)
            })
        };
        if s.effect.value == Effect::Allow
            && let Some((_, o)) = covering(Effect::Deny)
        {
            v.add(
                FindingType::Warning,
                "unreachable-statement",
                s.loc,
                &s.path(),
                format!(
                    "statement {} never allows anything: statement {} denies all of it",
                    s.label(),
                    o.label()
                ),
                None,
            );
        } else if let Some((_, o)) = covering(s.effect.value) {
            v.add(
                FindingType::Suggestion,
                "redundant-statement",
                s.loc,
                &s.path(),
                format!(
                    "statement {} is redundant: statement {} already covers it",
                    s.label(),
                    o.label()
                ),
                None,
            );
        }
    }
}

/// Whether statement `o` applies to every request `s` applies to (conservative).
fn covers(o: &Statement, s: &Statement) -> bool {
    if o.action.negated || s.action.negated {
        return false;
    }
    let actions = s.action.items.iter().all(|a| {
        o.action
            .items
            .iter()
            .any(|b| match (b.value.service(), a.value.service()) {
                (None, _) => true,
                (Some(bs), Some(as_)) => bs == as_ && a.value.name.is_covered_by(&b.value.name),
                _ => false,
            })
    });
    if !actions {
        return false;
    }
    let resources = match (&o.resource, &s.resource) {
        (None, _) => true,
        (Some(or), Some(sr)) if !or.negated && !sr.negated => sr
            .patterns()
            .iter()
            .all(|a| or.patterns().iter().any(|b| a.is_covered_by(b))),
        _ => false,
    };
    if !resources {
        return false;
    }
    match (&o.principal, &s.principal) {
        (None, None) => true,
        (Some(a), Some(b)) => !a.negated && !b.negated && (a.any || (a.items == b.items && !b.any)),
        _ => false,
    }
}

#[allow(dead_code)]
fn resource_matches(pattern: &str, arn: &str) -> bool {
    ArnPattern::parse(pattern, false).matches(arn, &Context::empty())
}

/// The findings of one policy of a snapshot.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyFindings {
    /// The policy.
    pub policy: crate::evaluate::PolicyInfo,
    /// Its findings, sorted by position.
    pub findings: Vec<ValidationFinding>,
}

/// Validates every policy of a snapshot: the versions in force of managed policies, inline
/// policies of users, groups and roles, trust policies, resource policies (buckets, keys,
/// functions, topics, queues, secrets) and organisation policies. Only policies with
/// findings are returned.
pub fn validate_snapshot(snapshot: &keyaki_snapshot::Snapshot) -> Vec<PolicyFindings> {
    use crate::evaluate::PolicyInfo;
    let mut out = Vec::new();
    let mut push = |info: PolicyInfo, text: &str, origin: Origin| {
        let findings = validate(text, info.kind, origin);
        if !findings.is_empty() {
            out.push(PolicyFindings {
                policy: info,
                findings,
            });
        }
    };
    let info = |kind, name: String, arn: Option<String>, attached_to: Option<String>| PolicyInfo {
        kind,
        name,
        arn,
        attached_to,
        version: None,
    };
    for account in snapshot.accounts() {
        let iam = &account.iam;
        for p in &iam.policies {
            if p.is_aws_managed() {
                continue;
            }
            if let Some(v) = p.default_version()
                && let Some(doc) = &v.document
            {
                let mut i = info(
                    PolicyKind::Identity,
                    p.policy_name.clone(),
                    Some(p.arn.to_string()),
                    None,
                );
                i.version = Some(v.version_id.clone());
                push(i, doc.json(), Origin::of_document(doc));
            }
        }
        for u in &iam.users {
            for ip in &u.user_policy_list {
                let i = info(
                    PolicyKind::Identity,
                    ip.policy_name.clone(),
                    None,
                    Some(format!("user/{}", u.user_name)),
                );
                push(
                    i,
                    ip.policy_document.json(),
                    Origin::of_document(&ip.policy_document),
                );
            }
        }
        for g in &iam.groups {
            for ip in &g.group_policy_list {
                let i = info(
                    PolicyKind::Identity,
                    ip.policy_name.clone(),
                    None,
                    Some(format!("group/{}", g.group_name)),
                );
                push(
                    i,
                    ip.policy_document.json(),
                    Origin::of_document(&ip.policy_document),
                );
            }
        }
        for r in &iam.roles {
            for ip in &r.role_policy_list {
                let i = info(
                    PolicyKind::Identity,
                    ip.policy_name.clone(),
                    None,
                    Some(format!("role/{}", r.role_name)),
                );
                push(
                    i,
                    ip.policy_document.json(),
                    Origin::of_document(&ip.policy_document),
                );
            }
            if let Some(doc) = &r.assume_role_policy_document {
                let i = info(
                    PolicyKind::Trust,
                    format!("trust policy of role/{}", r.role_name),
                    None,
                    Some(r.arn.to_string()),
                );
                push(i, doc.json(), Origin::of_document(doc));
            }
        }
        let mut resource =
            |name: String, arn: Option<&str>, text: &str, origin: &keyaki_snapshot::Origin| {
                let i = info(PolicyKind::Resource, name, None, arn.map(str::to_owned));
                push(i, text, Origin::of_resource(origin));
            };
        for b in &account.s3.buckets {
            if let Some(p) = &b.policy {
                let arn = format!("arn:{}:s3:::{}", account.partition(), b.name);
                resource(
                    format!("bucket policy of {}", b.name),
                    Some(&arn),
                    p.raw.get(),
                    &p.origin,
                );
            }
        }
        for region in &account.regions {
            for k in &region.kms.keys {
                if let Some(p) = &k.policy {
                    resource(
                        format!("key policy of {}", k.key_id),
                        k.arn(),
                        p.raw.get(),
                        &p.origin,
                    );
                }
            }
            for f in &region.lambda.functions {
                if let Some(p) = &f.policy {
                    resource(
                        format!("function policy of {}", f.name),
                        f.arn(),
                        p.raw.get(),
                        &p.origin,
                    );
                }
            }
            for t in &region.sns.topics {
                if let Some(p) = &t.policy {
                    resource(
                        format!("topic policy of {}", t.name),
                        t.arn(),
                        p.raw.get(),
                        &p.origin,
                    );
                }
            }
            for q in &region.sqs.queues {
                if let Some(p) = &q.policy {
                    resource(
                        format!("queue policy of {}", q.name),
                        q.arn(),
                        p.raw.get(),
                        &p.origin,
                    );
                }
            }
            for x in &region.secretsmanager.secrets {
                if let Some(p) = &x.policy {
                    resource(
                        format!("secret policy of {}", x.name),
                        x.arn(),
                        p.raw.get(),
                        &p.origin,
                    );
                }
            }
        }
    }
    if let Some(org) = snapshot.organization() {
        for p in &org.policies {
            let kind = match p.policy_type.as_str() {
                "SERVICE_CONTROL_POLICY" => PolicyKind::Scp,
                "RESOURCE_CONTROL_POLICY" => PolicyKind::Rcp,
                _ => continue,
            };
            if p.aws_managed {
                continue;
            }
            if let Some(doc) = &p.content {
                let i = info(
                    kind,
                    p.name.clone().unwrap_or_else(|| p.id.clone()),
                    p.arn.as_ref().map(ToString::to_string),
                    None,
                );
                push(i, doc.json(), Origin::of_document(doc));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str, kind: PolicyKind) -> Vec<String> {
        validate(text, kind, Origin::inline("$"))
            .iter()
            .map(|f| format!("{}:{} {}", f.location.line, f.location.column, f.issue_code))
            .collect()
    }

    #[test]
    fn findings() {
        let text = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "A", "Effect": "Allow", "Action": ["s3:GetObjekt", "iam:PassRole", "foo:Bar"], "Resource": "*"},
    {"Sid": "B", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket"},
    {"Sid": "C", "Effect": "Allow", "NotAction": "iam:*", "Resource": "*",
     "Condition": {"IpAddress": {"aws:SourceIp": "not-an-ip"}, "NumericLessThan": {"aws:SourceIp": "5"},
                   "ForAllValues:StringEquals": {"aws:username": "x"}, "StringEquals": {"aws:TagKeys": "a", "aws:Nope": "x"}}},
    {"Sid": "D", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
    {"Sid": "E", "Effect": "Allow", "Action": "s3:Get*", "Resource": "*"},
    {"Sid": "E", "Effect": "Deny", "Action": "*", "Resource": "arn:aws:s3:::b/*"}
  ]
}"#;
        let got = codes(text, PolicyKind::Identity);
        let want = [
            "4:48 unknown-action",
            "4:64 pass-role-with-star",
            "4:80 unknown-service",
            "5:5 redundant-statement",
            "5:47 resource-type-mismatch",
            "6:50 allow-with-not-action",
            "7:50 invalid-condition-value",
            "7:64 operator-type-mismatch",
            "8:20 set-operator-on-single-valued-key",
            "8:72 multivalued-key-without-set-operator",
            "8:109 unknown-global-condition-key",
            "9:5 unreachable-statement",
            "11:13 duplicate-sid",
        ];
        assert_eq!(got.len(), want.len(), "{got:#?}");
        for w in want {
            assert!(got.iter().any(|g| g == w), "missing {w} in {got:#?}");
        }
    }

    #[test]
    fn resource_policy_checks() {
        let got = codes(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#,
            PolicyKind::Resource,
        );
        assert!(
            got.iter().any(|g| g.ends_with("public-principal")),
            "{got:?}"
        );
        assert!(
            got.iter().any(|g| g.ends_with("wildcard-in-principal")),
            "{got:?}"
        );
    }

    #[test]
    fn clean_policy_has_no_findings() {
        let got = codes(
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}"#,
            PolicyKind::Identity,
        );
        assert!(got.is_empty(), "{got:?}");
    }
}
