//! Laws of the evaluator, checked on generated policies and requests:
//! adding a Deny never grants; removing an Allow never grants; a boundary or an SCP never
//! widens; wildcard expansion agrees with glob matching; the parser never panics.

use keyaki_iam::{Catalog, Decision, Origin, Policy, PolicyKind, Simulation};
use proptest::prelude::*;
use serde_json::{Value, json};

const ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "s3:ListBucket",
    "sqs:SendMessage",
    "iam:PassRole",
];
const ACTION_PATTERNS: &[&str] = &[
    "s3:GetObject",
    "s3:*",
    "*",
    "s3:Get*",
    "s3:?utObject",
    "sqs:*",
    "iam:Pass*",
    "ec2:*",
];
const RESOURCES: &[&str] = &[
    "arn:aws:s3:::bucket/key",
    "arn:aws:s3:::bucket",
    "arn:aws:sqs:us-east-1:111122223333:queue",
    "arn:aws:iam::111122223333:role/app",
];
const RESOURCE_PATTERNS: &[&str] = &[
    "*",
    "arn:aws:s3:::bucket/*",
    "arn:aws:s3:::bucket",
    "arn:aws:sqs:*:*:queue",
    "arn:aws:iam::*:role/*",
    "arn:aws:s3:::other/*",
];
const CONDITIONS: &[&str] = &[
    "null",
    r#"{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#,
    r#"{"StringEquals": {"aws:PrincipalTag/team": "red"}}"#,
    r#"{"StringNotEquals": {"aws:PrincipalTag/team": "red"}}"#,
    r#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}}"#,
    r#"{"BoolIfExists": {"aws:SecureTransport": "true"}}"#,
];

fn statement() -> impl Strategy<Value = Value> {
    (
        any::<bool>(),
        prop::sample::select(ACTION_PATTERNS),
        prop::sample::select(RESOURCE_PATTERNS),
        prop::sample::select(CONDITIONS),
        any::<bool>(),
    )
        .prop_map(|(allow, action, resource, cond, not_action)| {
            let mut s =
                json!({"Effect": if allow { "Allow" } else { "Deny" }, "Resource": resource});
            if not_action && allow {
                s["NotAction"] = json!(action);
            } else {
                s["Action"] = json!(action);
            }
            let c: Value = serde_json::from_str(cond).unwrap_or(Value::Null);
            if !c.is_null() {
                s["Condition"] = c;
            }
            s
        })
}

fn document(stmts: &[Value]) -> Value {
    json!({"Version": "2012-10-17", "Statement": stmts})
}

fn context() -> impl Strategy<Value = Value> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(ip, tag, tls)| {
        let mut c = serde_json::Map::new();
        if ip {
            c.insert("aws:SourceIp".into(), json!("203.0.113.5"));
        }
        if tag {
            c.insert("aws:PrincipalTag/team".into(), json!("red"));
        }
        if tls {
            c.insert("aws:SecureTransport".into(), json!("false"));
        }
        Value::Object(c)
    })
}

#[derive(Debug, Clone)]
struct Case {
    identity: Vec<Value>,
    action: &'static str,
    resource: &'static str,
    context: Value,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(statement(), 0..5),
        prop::sample::select(ACTIONS),
        prop::sample::select(RESOURCES),
        context(),
    )
        .prop_map(|(identity, action, resource, context)| Case {
            identity,
            action,
            resource,
            context,
        })
}

fn decide(case: &Case, extra: impl FnOnce(&mut Value)) -> Decision {
    let mut input = json!({
        "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": case.action,
                    "resource": case.resource, "context": case.context},
        "identityPolicies": [document(&case.identity)],
    });
    extra(&mut input);
    let text = serde_json::to_string(&input).unwrap_or_default();
    Simulation::parse(&text, None)
        .map(|s| s.decide())
        .unwrap_or(Decision::ImplicitDeny)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn adding_a_deny_never_grants(c in case(), deny in statement()) {
        let before = decide(&c, |_| {});
        let mut deny = deny;
        deny["Effect"] = json!("Deny");
        if let Some(a) = deny.as_object_mut().and_then(|o| o.remove("NotAction")) {
            deny["Action"] = a;
        }
        let mut more = c.clone();
        more.identity.push(deny);
        let after = decide(&more, |_| {});
        prop_assert!(!(after == Decision::Allow && before != Decision::Allow));
    }

    #[test]
    fn removing_an_allow_never_grants(c in case(), i in 0usize..5) {
        prop_assume!(!c.identity.is_empty());
        let i = i % c.identity.len();
        prop_assume!(c.identity[i]["Effect"] == "Allow");
        let before = decide(&c, |_| {});
        let mut less = c.clone();
        less.identity.remove(i);
        let after = decide(&less, |_| {});
        prop_assert!(!(after == Decision::Allow && before != Decision::Allow));
    }

    #[test]
    fn a_boundary_never_widens(c in case(), b in prop::collection::vec(statement(), 0..3)) {
        let before = decide(&c, |_| {});
        let after = decide(&c, |input| input["permissionBoundary"] = document(&b));
        prop_assert!(!(after == Decision::Allow && before != Decision::Allow));
    }

    #[test]
    fn an_scp_never_widens(c in case(), s in prop::collection::vec(statement(), 0..3)) {
        let before = decide(&c, |_| {});
        let after = decide(&c, |input| input["scps"] = json!([[document(&s)]]));
        prop_assert!(!(after == Decision::Allow && before != Decision::Allow));
    }

    #[test]
    fn wildcard_expansion_agrees_with_matching(pattern in "[a-zA-Z*?]{1,8}") {
        let text = format!(r#"{{"Statement":{{"Effect":"Allow","Action":"s3:{pattern}","Resource":"*"}}}}"#);
        let policy = Policy::parse(&text, PolicyKind::Identity, Origin::inline("$")).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let stmt = &policy.statements()[0];
        let item = &stmt.action.items[0].value;
        let catalog = Catalog::global();
        let expanded: std::collections::BTreeSet<String> =
            catalog.expand(item).map(|(_, a)| a.name.to_ascii_lowercase()).collect();
        let s3 = catalog.service("s3").ok_or_else(|| TestCaseError::fail("no s3"))?;
        for a in &s3.actions {
            let lower = a.name.to_ascii_lowercase();
            prop_assert_eq!(stmt.matches_action("s3", &lower), expanded.contains(&lower));
        }
    }

    #[test]
    fn the_parser_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = Policy::parse_lenient(&text, PolicyKind::Resource, Origin::inline("$"));
        let _ = keyaki_iam::validate(&text, PolicyKind::Identity, Origin::inline("$"));
        let _ = keyaki_iam::simulate(&text, None);
    }

    #[test]
    fn mutated_policies_never_panic(c in case(), cut in 0usize..400, insert in "[\\[\\]{}\",:a-z*$]{0,3}") {
        let text = serde_json::to_string(&document(&c.identity)).unwrap_or_default();
        let cut = cut.min(text.len());
        let cut = (0..=cut).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        let mutated = format!("{}{insert}{}", &text[..cut], &text[cut..]);
        let _ = keyaki_iam::validate(&mutated, PolicyKind::Identity, Origin::inline("$"));
    }
}
