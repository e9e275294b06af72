//! Reading resource and identity policies as the rules need them: statements, principals,
//! actions and the conditions that narrow who may act.
//!
//! These helpers answer narrow questions ("does an Allow statement name this account?");
//! the exact evaluation of a policy is the IAM engine's work.

use serde_json::Value;

/// The statements of a policy document (`Statement` may be one object or a list).
pub(crate) fn statements(doc: &Value) -> Vec<&Value> {
    match doc.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    }
}

/// A string or a list of strings, as policy elements are written.
pub(crate) fn strings(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Whether the statement is `"Effect": "Allow"`.
pub(crate) fn is_allow(stmt: &Value) -> bool {
    stmt.get("Effect").and_then(Value::as_str) == Some("Allow")
}

/// The `AWS` principals of a statement; `"Principal": "*"` yields `*`.
pub(crate) fn aws_principals(stmt: &Value) -> Vec<&str> {
    match stmt.get("Principal") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Object(map)) => strings(map.get("AWS")),
        _ => Vec::new(),
    }
}

/// The account a principal belongs to: `*` for everyone, the account id for an account id
/// or an IAM ARN, `None` for anything else (a canonical user id).
pub(crate) fn principal_account(principal: &str) -> Option<&str> {
    if principal == "*" {
        return Some("*");
    }
    if principal.len() == 12 && principal.bytes().all(|b| b.is_ascii_digit()) {
        return Some(principal);
    }
    let mut fields = principal.splitn(6, ':');
    match (
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
    ) {
        (Some("arn"), Some(_), Some(_), Some(_), Some(account)) if !account.is_empty() => {
            Some(account)
        }
        _ => None,
    }
}

/// Condition keys that limit a statement to known callers or networks.
const NARROWING_KEYS: &[&str] = &[
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceip",
    "aws:userid",
    "aws:username",
    "lambda:eventsourcetoken",
];

/// The condition keys of the statement that narrow its principals, lowercased.
pub(crate) fn narrowing_conditions(stmt: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(Value::Object(ops)) = stmt.get("Condition") {
        for (op, keys) in ops {
            // `...IfExists` and negated operators do not narrow.
            let op = op.to_ascii_lowercase();
            if op.ends_with("ifexists") || op.starts_with("stringnot") || op.starts_with("arnnot") {
                continue;
            }
            if let Value::Object(keys) = keys {
                for key in keys.keys() {
                    let key = key.to_ascii_lowercase();
                    if NARROWING_KEYS.contains(&key.as_str()) {
                        out.push(key);
                    }
                }
            }
        }
    }
    out
}

/// Whether an action pattern of a policy (`s3:Get*`, `*`) matches `action`, ignoring case.
pub(crate) fn action_matches(pattern: &str, action: &str) -> bool {
    wildcard(&pattern.to_ascii_lowercase(), &action.to_ascii_lowercase())
}

/// `*` matches any run of characters, `?` any one.
pub(crate) fn wildcard(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// The actions a statement's `Action` allows among `wanted`. A `NotAction` statement is
/// taken to allow every wanted action it does not list.
pub(crate) fn allowed_actions<'w>(stmt: &Value, wanted: &[&'w str]) -> Vec<&'w str> {
    if let Some(not) = stmt.get("NotAction") {
        let not = strings(Some(not));
        return wanted
            .iter()
            .copied()
            .filter(|a| !not.iter().any(|p| action_matches(p, a)))
            .collect();
    }
    let actions = strings(stmt.get("Action"));
    wanted
        .iter()
        .copied()
        .filter(|a| actions.iter().any(|p| action_matches(p, a)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wildcards_and_principals() {
        assert!(wildcard("s3:get*", "s3:getobject"));
        assert!(wildcard("*", ""));
        assert!(!wildcard("s3:get?", "s3:getobject"));
        assert!(action_matches("S3:*", "s3:PutObjectAcl"));
        assert_eq!(
            principal_account("arn:aws:iam::444455556666:root"),
            Some("444455556666")
        );
        assert_eq!(principal_account("444455556666"), Some("444455556666"));
        assert_eq!(principal_account("*"), Some("*"));
        assert_eq!(principal_account("79a59df900b949e55d96a1e698fbaced"), None);
        let stmt = json!({"Effect": "Allow", "Principal": {"AWS": ["*"]},
            "Condition": {"StringEquals": {"aws:SourceAccount": "1"}}});
        assert_eq!(aws_principals(&stmt), ["*"]);
        assert_eq!(narrowing_conditions(&stmt), ["aws:sourceaccount"]);
    }
}
