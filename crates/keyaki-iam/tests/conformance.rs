//! The conformance suite: named cases stored as data (`tests/conformance/*.json`), each citing
//! the AWS documentation page whose rule it checks, run by this one harness.
//!
//! A file is `{"defaults": {"principal", "action", "resource"}, "cases": [CASE, ...]}`; a case
//! is `{"name", "doc", "expect": "Allow" | "ExplicitDeny" | "ImplicitDeny", "sid"?,
//! "identity"?, "resource"?, "boundary"?, "session"?, "scps"?, "rcps"?, "request"?, "context"?,
//! "resourceAccount"?}`. A policy is a document, or a list of statements (made into a
//! 2012-10-17 document), or for `identity` a list of documents. `scps`/`rcps` list levels,
//! each a list of policies. The harness turns each case into a `simulate` input.

use std::path::Path;

use serde_json::{Value, json};

fn document(policy: &Value) -> Value {
    match policy {
        Value::Array(stmts) => json!({"Version": "2012-10-17", "Statement": stmts}),
        other => other.clone(),
    }
}

fn is_document(v: &Value) -> bool {
    v.get("Statement").is_some()
}

fn input(defaults: &Value, case: &Value) -> Value {
    let mut request = json!({
        "principal": defaults["principal"],
        "action": defaults["action"],
        "resource": defaults["resource"],
    });
    if let Some(Value::Object(over)) = case.get("request") {
        for (k, v) in over {
            request[k] = v.clone();
        }
    }
    if let Some(ctx) = case.get("context") {
        request["context"] = ctx.clone();
    }
    let mut out = json!({"request": request});
    if let Some(identity) = case.get("identity") {
        out["identityPolicies"] = match identity {
            Value::Array(items) if !items.is_empty() && items.iter().all(is_document) => {
                identity.clone()
            }
            Value::Array(items) if items.is_empty() => json!([]),
            other => json!([document(other)]),
        };
    }
    for (from, to) in [
        ("resource", "resourcePolicy"),
        ("boundary", "permissionBoundary"),
        ("session", "sessionPolicy"),
    ] {
        if let Some(p) = case.get(from) {
            out[to] = document(p);
        }
    }
    for key in ["scps", "rcps"] {
        if let Some(Value::Array(levels)) = case.get(key) {
            out[key] = Value::Array(
                levels
                    .iter()
                    .map(|level| match level {
                        Value::Array(ps) => Value::Array(ps.iter().map(document).collect()),
                        other => json!([document(other)]),
                    })
                    .collect(),
            );
        }
    }
    if let Some(a) = case.get("resourceAccount") {
        out["resourceAccount"] = a.clone();
    }
    out
}

#[test]
fn conformance() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("conformance dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut total = 0;
    // KEYAKI_CONFORMANCE_DUMP=FILE writes every case's simulate input as one line of JSON: a
    // workload unlike the generated one, on which bench/iam/RESULTS.md checks that a
    // profile-guided build trained on generated requests is not slower.
    let mut dump = String::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        let data: Value = serde_json::from_str(&text).expect("json");
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        for case in data["cases"].as_array().expect("cases") {
            total += 1;
            let title = case["name"].as_str().unwrap_or("?");
            assert!(
                case["doc"]
                    .as_str()
                    .is_some_and(|d| d.starts_with("https://docs.aws.amazon.com/")),
                "{name}: {title}: every case cites an AWS documentation page"
            );
            let input = input(&data["defaults"], case);
            dump.push_str(&serde_json::to_string(&input).expect("serialise"));
            dump.push('\n');
            let text = serde_json::to_string_pretty(&input).expect("serialise");
            match keyaki_iam::simulate(&text, None) {
                Ok(e) => {
                    let want = case["expect"].as_str().unwrap_or("?");
                    if e.decision.as_str() != want {
                        failures.push(format!(
                            "{name}: {title}: expected {want}, got {} ({})\n  doc: {}\n  input: {}",
                            e.decision.as_str(),
                            e.explanation.summary,
                            case["doc"],
                            serde_json::to_string(&input).unwrap_or_default()
                        ));
                    } else if let Some(sid) = case.get("sid").and_then(Value::as_str)
                        && !e
                            .explanation
                            .deciding
                            .iter()
                            .any(|d| d.sid.as_deref() == Some(sid))
                    {
                        failures.push(format!("{name}: {title}: statement {sid} did not decide"));
                    }
                }
                Err(err) => failures.push(format!("{name}: {title}: error {err}")),
            }
        }
    }
    if let Some(file) = std::env::var_os("KEYAKI_CONFORMANCE_DUMP") {
        std::fs::write(file, dump).expect("dump");
    }
    assert!(total >= 300, "only {total} conformance cases");
    assert!(
        failures.is_empty(),
        "{} of {total} conformance cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
