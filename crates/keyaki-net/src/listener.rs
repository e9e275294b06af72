//! Listener rules of an Application Load Balancer: the order they are evaluated in, and
//! which requests each one actually receives.
//!
//! A listener evaluates a request against its rules in priority order, lowest number first,
//! and the default rule last; the first rule whose conditions all match takes the request.
//! A rule whose requests all match an earlier rule therefore never receives any: it is
//! *shadowed*, and its target groups get nothing through it. When the earlier rules match
//! the later rule's requests only from some client addresses (a `source-ip` condition), the
//! later rule receives the requests of the other clients.
//! <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html>
//!
//! Conditions, as the documentation states them
//! (<https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html>):
//! a condition matches when any of its values does; `path-pattern` compares the path only,
//! case-sensitively, and `host-header` the host name, case-insensitively, both with the
//! wildcards `*` (zero or more characters) and `?` (exactly one); `http-header` and
//! `query-string` values are case-insensitive with the same wildcards;
//! `http-request-method` is an exact name; `source-ip` is a set of CIDR blocks.
//!
//! keyaki proves that one rule's requests are a subset of another's condition by condition:
//! every condition of the earlier rule must be implied by a condition of the same kind of the
//! later one, each later value being covered by one earlier value. Regular-expression values
//! and conditions keyaki does not read are never assumed to cover anything, so a rule is
//! called shadowed only when it is; a rule shadowed only by the union of several earlier
//! rules (`/a*` and `/b*` before `/a*`, `/b*` together) is not detected, and its targets
//! stay reported as reachable.

use keyaki_snapshot::services::elbv2;

use crate::addr::{Family, Prefix, Ranges};

/// What a condition matches, normalised for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Condition {
    /// Path patterns, case-sensitive.
    Path(Vec<String>),
    /// Host patterns, lowercased.
    Host(Vec<String>),
    /// Method names, exact.
    Method(Vec<String>),
    /// A header (name lowercased) and its patterns, lowercased.
    Header(String, Vec<String>),
    /// Query-string pairs (key, value), lowercased patterns.
    Query(Vec<(Option<String>, String)>),
    /// Client addresses (IPv4, IPv6).
    SourceIp(Ranges, Ranges),
    /// A condition keyaki cannot compare (regular expressions, an unknown field, no values).
    Opaque,
}

fn condition(c: &elbv2::RuleCondition) -> Condition {
    let values = |config: Option<&elbv2::ConditionValues>| -> Vec<String> {
        match config {
            Some(v) if !v.values.is_empty() => v.values.clone(),
            _ => c.values.clone(),
        }
    };
    let lower = |v: Vec<String>| -> Vec<String> { v.iter().map(|s| s.to_lowercase()).collect() };
    let out = match c.field.as_deref() {
        Some("path-pattern") => Condition::Path(values(c.path_pattern_config.as_ref())),
        Some("host-header") => Condition::Host(lower(values(c.host_header_config.as_ref()))),
        Some("http-request-method") => {
            Condition::Method(values(c.http_request_method_config.as_ref()))
        }
        Some("http-header") => match &c.http_header_config {
            Some(h) => match &h.http_header_name {
                Some(name) => Condition::Header(name.to_lowercase(), lower(h.values.clone())),
                None => Condition::Opaque,
            },
            None => Condition::Opaque,
        },
        Some("query-string") => match &c.query_string_config {
            Some(q) => Condition::Query(
                q.values
                    .iter()
                    .filter_map(|p| {
                        Some((
                            p.key.as_ref().map(|k| k.to_lowercase()),
                            p.value.as_ref()?.to_lowercase(),
                        ))
                    })
                    .collect(),
            ),
            None => Condition::Opaque,
        },
        Some("source-ip") => {
            let mut v4 = Ranges::empty();
            let mut v6 = Ranges::empty();
            for v in c.source_ips().unwrap_or(&[]) {
                if let Ok(p) = v.parse::<Prefix>() {
                    match p.family() {
                        Family::V4 => v4 = v4.union(&p.ranges()),
                        Family::V6 => v6 = v6.union(&p.ranges()),
                    }
                }
            }
            Condition::SourceIp(v4, v6)
        }
        _ => Condition::Opaque,
    };
    let empty = match &out {
        Condition::Path(v) | Condition::Host(v) | Condition::Method(v) => v.is_empty(),
        Condition::Header(_, v) => v.is_empty(),
        Condition::Query(v) => v.is_empty(),
        Condition::SourceIp(..) | Condition::Opaque => false,
    };
    if empty { Condition::Opaque } else { out }
}

/// Whether every string `pattern` matches is matched by `by` (`*` any run of characters,
/// `?` exactly one). Exact for patterns without wildcards on the left; otherwise it may
/// answer `false` for a pattern that is in fact covered, never `true` for one that is not:
/// a wildcard of `pattern` is only ever consumed by a wildcard of `by` that matches at
/// least as much.
pub(crate) fn glob_covers(by: &str, pattern: &str) -> bool {
    let q: Vec<char> = by.chars().collect();
    let p: Vec<char> = pattern.chars().collect();
    // ok[i][j]: p[i..] is covered by q[j..].
    let mut ok = vec![vec![false; q.len() + 1]; p.len() + 1];
    ok[p.len()][q.len()] = true;
    for i in (0..=p.len()).rev() {
        for j in (0..q.len()).rev() {
            ok[i][j] = match q[j] {
                '*' => ok[i][j + 1] || (i < p.len() && ok[i + 1][j]),
                '?' => i < p.len() && p[i] != '*' && ok[i + 1][j + 1],
                c => i < p.len() && p[i] == c && ok[i + 1][j + 1],
            };
        }
    }
    ok[0][0]
}

/// Whether condition `later` (of a later rule) implies condition `earlier`: every request
/// `later` matches, `earlier` matches too.
fn implies(later: &Condition, earlier: &Condition) -> bool {
    let all = |l: &[String], e: &[String], f: &dyn Fn(&str, &str) -> bool| {
        l.iter().all(|x| e.iter().any(|y| f(y, x)))
    };
    match (later, earlier) {
        (Condition::Path(l), Condition::Path(e)) | (Condition::Host(l), Condition::Host(e)) => {
            all(l, e, &glob_covers)
        }
        (Condition::Method(l), Condition::Method(e)) => all(l, e, &|a, b| a == b),
        (Condition::Header(ln, l), Condition::Header(en, e)) => ln == en && all(l, e, &glob_covers),
        (Condition::Query(l), Condition::Query(e)) => l.iter().all(|(lk, lv)| {
            e.iter().any(|(ek, ev)| {
                let key = match (ek, lk) {
                    (None, _) => true,
                    (Some(ek), Some(lk)) => glob_covers(ek, lk),
                    (Some(_), None) => false,
                };
                key && glob_covers(ev, lv)
            })
        }),
        (Condition::SourceIp(l4, l6), Condition::SourceIp(e4, e6)) => {
            l4.subtract(e4).is_empty() && l6.subtract(e6).is_empty()
        }
        _ => false,
    }
}

/// Whether a condition matches every request: a path pattern `*` or `/*` (a request path
/// starts with `/`), a host pattern `*`.
fn universal(c: &Condition) -> bool {
    match c {
        Condition::Path(v) => v.iter().any(|p| p == "*" || p == "/*"),
        Condition::Host(v) => v.iter().any(|p| p == "*"),
        _ => false,
    }
}

/// The client addresses of a rule's `source-ip` conditions (all must match), or every
/// address when it has none.
fn clients(conds: &[Condition]) -> (Ranges, Ranges) {
    let mut v4 = Ranges::interval(0, Family::V4.max());
    let mut v6 = Ranges::interval(0, Family::V6.max());
    for c in conds {
        if let Condition::SourceIp(a, b) = c {
            v4 = v4.intersect(a);
            v6 = v6.intersect(b);
        }
    }
    (v4, v6)
}

/// A rule in evaluation order and the requests it receives.
#[derive(Debug, Clone)]
pub(crate) struct Evaluated<'a> {
    pub rule: &'a elbv2::Rule,
    /// The clients whose matching requests reach this rule (its own `source-ip` conditions,
    /// minus the clients of earlier rules that take the same requests); `None` when that is
    /// every client.
    pub sources: Option<(Ranges, Ranges)>,
    /// The earlier rules that take some or all of this rule's requests: their ids (ARN or
    /// `rule <priority>`) and text.
    pub taken_by: Vec<(String, String)>,
    /// Whether the earlier rules take every request this rule matches.
    pub shadowed: bool,
}

/// The id of a rule: its ARN, else `<listener> rule <priority>`.
pub(crate) fn rule_id(listener: &elbv2::Listener, r: &elbv2::Rule) -> String {
    r.rule_arn.clone().unwrap_or_else(|| {
        format!(
            "{} rule {}",
            listener.listener_arn,
            r.priority.as_deref().unwrap_or("?")
        )
    })
}

/// The rules of a listener in evaluation order (priority, lowest first; the default rule
/// last; a priority that is not a number after every numbered rule), each with the clients
/// whose matching requests it receives. `rules` are the listener's rules, its default rule
/// included.
pub(crate) fn evaluate<'a>(
    listener: &elbv2::Listener,
    rules: &'a [elbv2::Rule],
) -> Vec<Evaluated<'a>> {
    let mut rules: Vec<&elbv2::Rule> = rules.iter().collect();
    rules.sort_by_key(|r| {
        (
            r.is_default,
            r.priority
                .as_deref()
                .and_then(|p| p.parse::<u64>().ok())
                .unwrap_or(u64::MAX),
        )
    });
    let conds: Vec<Vec<Condition>> = rules
        .iter()
        .map(|r| r.conditions.iter().map(condition).collect())
        .collect();
    let mut out = Vec::with_capacity(rules.len());
    for (k, r) in rules.iter().enumerate() {
        let own = clients(&conds[k]);
        let has_own = conds[k]
            .iter()
            .any(|c| matches!(c, Condition::SourceIp(..)));
        let (mut v4, mut v6) = own.clone();
        let mut taken_by = Vec::new();
        for e in 0..k {
            // The earlier rule takes this one's requests from its own clients when each of
            // its other conditions is implied by one of this rule's.
            let takes = conds[e]
                .iter()
                .filter(|c| !matches!(c, Condition::SourceIp(..)))
                .all(|ec| universal(ec) || conds[k].iter().any(|lc| implies(lc, ec)));
            if !takes {
                continue;
            }
            let (e4, e6) = clients(&conds[e]);
            if v4.intersect(&e4).is_empty() && v6.intersect(&e6).is_empty() {
                continue;
            }
            v4 = v4.subtract(&e4);
            v6 = v6.subtract(&e6);
            taken_by.push((rule_id(listener, rules[e]), rules[e].describe()));
        }
        let shadowed = v4.is_empty() && v6.is_empty();
        let reduced = !taken_by.is_empty();
        out.push(Evaluated {
            rule: r,
            sources: (has_own || reduced).then_some((v4, v6)),
            taken_by,
            shadowed,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wildcards: `*` is zero or more characters, `?` exactly one.
    /// <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html>
    #[test]
    fn glob_coverage() {
        assert!(glob_covers("/api/*", "/api/v1/*"));
        assert!(glob_covers("/api/*", "/api/users"));
        assert!(glob_covers("*", "/anything?*"));
        assert!(glob_covers("/a?c", "/abc"));
        assert!(glob_covers("/a*", "/a"));
        assert!(glob_covers("/a?*", "/a??"));
        assert!(!glob_covers("/api/*", "/api"));
        assert!(!glob_covers("/api/v1/*", "/api/*"));
        assert!(!glob_covers("/a?c", "/a*c"));
        assert!(!glob_covers("/abc", "/ab?"));
        assert!(!glob_covers("/img/*", "/IMG/*"));
    }

    fn rule(priority: &str, conditions: serde_json::Value) -> elbv2::Rule {
        serde_json::from_value(serde_json::json!({
            "RuleArn": format!("arn:rule/{priority}"),
            "Priority": priority,
            "IsDefault": priority == "default",
            "Conditions": conditions,
            "Actions": [],
        }))
        .unwrap()
    }

    fn listener(rules: Vec<elbv2::Rule>) -> elbv2::Listener {
        let mut l: elbv2::Listener = serde_json::from_value(serde_json::json!({
            "ListenerArn": "arn:listener", "LoadBalancerArn": "arn:lb", "Port": 443,
        }))
        .unwrap();
        l.rules = rules;
        l
    }

    fn path(v: &[&str]) -> serde_json::Value {
        serde_json::json!({"Field": "path-pattern", "PathPatternConfig": {"Values": v}})
    }

    fn host(v: &[&str]) -> serde_json::Value {
        serde_json::json!({"Field": "host-header", "HostHeaderConfig": {"Values": v}})
    }

    fn source(v: &[&str]) -> serde_json::Value {
        serde_json::json!({"Field": "source-ip", "SourceIpConfig": {"Values": v}})
    }

    fn shadowed(l: &elbv2::Listener) -> Vec<(String, bool)> {
        evaluate(l, &l.rules)
            .iter()
            .map(|e| (e.rule.priority.clone().unwrap_or_default(), e.shadowed))
            .collect()
    }

    /// Rules are evaluated from the lowest priority number, whatever order the snapshot lists
    /// them in; path patterns are case-sensitive, host names are not.
    /// <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html>
    #[test]
    fn priority_order_and_case() {
        let l = listener(vec![
            rule("default", serde_json::json!([])),
            rule("30", serde_json::json!([path(&["/API/*"])])),
            rule(
                "20",
                serde_json::json!([path(&["/api/v2/*"]), host(&["Shop.Example.com"])]),
            ),
            rule("10", serde_json::json!([path(&["/api/*"])])),
            rule("40", serde_json::json!([host(&["*.example.com"])])),
            rule(
                "50",
                serde_json::json!([host(&["SHOP.example.COM"]), path(&["/x"])]),
            ),
        ]);
        assert_eq!(
            shadowed(&l),
            [
                ("10".into(), false),
                ("20".into(), true),
                ("30".into(), false),
                ("40".into(), false),
                ("50".into(), true),
                ("default".into(), false),
            ]
        );
    }

    /// A universal earlier rule leaves the default rule nothing; an earlier rule limited to
    /// some clients leaves the later one the others.
    #[test]
    fn default_rule_and_source_ip() {
        let l = listener(vec![
            rule(
                "5",
                serde_json::json!([path(&["/admin/*"]), source(&["198.51.100.0/24"])]),
            ),
            rule("6", serde_json::json!([path(&["/admin/*"])])),
            rule("7", serde_json::json!([path(&["*"])])),
            rule("default", serde_json::json!([])),
        ]);
        let e = evaluate(&l, &l.rules);
        assert!(!e[1].shadowed);
        let (v4, _) = e[1].sources.clone().unwrap();
        assert!(!v4.contains(u128::from(u32::from_be_bytes([198, 51, 100, 7]))));
        assert!(v4.contains(u128::from(u32::from_be_bytes([203, 0, 113, 7]))));
        assert_eq!(e[1].taken_by.len(), 1);
        assert!(!e[2].shadowed);
        assert!(e[3].shadowed);
        assert_eq!(e[3].taken_by[0].0, "arn:rule/7");
    }

    /// Values keyaki cannot compare never shadow anything.
    #[test]
    fn opaque_conditions_shadow_nothing() {
        let l = listener(vec![
            rule(
                "1",
                serde_json::json!([{"Field": "path-pattern",
                                           "PathPatternConfig": {"RegexValues": ["^/.*$"]}}]),
            ),
            rule("2", serde_json::json!([path(&["/a"])])),
        ]);
        assert!(!evaluate(&l, &l.rules)[1].shadowed);
    }
}
