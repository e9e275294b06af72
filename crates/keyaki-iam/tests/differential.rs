//! Differential test: keyaki's evaluator against @cloud-copilot/iam-simulate (npm), an
//! independent implementation run as an external oracle (`tests/differential/peer.cjs`), on
//! 10,000 generated requests.
//!
//! The peer is found through `KEYAKI_NODE_MODULES` (a `node_modules` folder) or
//! `tests/differential/node_modules`; install it with
//! `npm install --no-save --prefix crates/keyaki-iam/tests/differential @cloud-copilot/iam-simulate@0.1.173`.
//! Without node or the package the test is skipped, except when `CI=true`, where it fails.
//!
//! Every disagreement is either a bug to fix or one of the documented differences of
//! docs/iam.md ("Differences from iam-simulate"), which [`known_difference`] recognises.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

const CASES: usize = 10_000;

/// splitmix64: a small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn pick_str(rng: &mut Rng, items: &[&'static str]) -> &'static str {
    items[rng.below(items.len())]
}

const ACCOUNT: &str = "111122223333";
const OTHER: &str = "444455556666";
const USER: &str = "arn:aws:iam::111122223333:user/alice";
const SESSION: &str = "arn:aws:sts::111122223333:assumed-role/dev/s1";
const ROLE: &str = "arn:aws:iam::111122223333:role/dev";

/// (action, resource in the principal's account, resource in the other account).
const REQUESTS: &[(&str, &str, &str)] = &[
    (
        "s3:GetObject",
        "arn:aws:s3:::bucket/key",
        "arn:aws:s3:::partner/key",
    ),
    (
        "s3:PutObject",
        "arn:aws:s3:::bucket/data/x",
        "arn:aws:s3:::partner/data/x",
    ),
    (
        "s3:ListBucket",
        "arn:aws:s3:::bucket",
        "arn:aws:s3:::partner",
    ),
    (
        "sqs:SendMessage",
        "arn:aws:sqs:us-east-1:111122223333:queue",
        "arn:aws:sqs:us-east-1:444455556666:queue",
    ),
    (
        "sns:Publish",
        "arn:aws:sns:us-east-1:111122223333:topic",
        "arn:aws:sns:us-east-1:444455556666:topic",
    ),
    (
        "lambda:InvokeFunction",
        "arn:aws:lambda:us-east-1:111122223333:function:f",
        "arn:aws:lambda:us-east-1:444455556666:function:f",
    ),
    (
        "dynamodb:GetItem",
        "arn:aws:dynamodb:us-east-1:111122223333:table/t",
        "arn:aws:dynamodb:us-east-1:444455556666:table/t",
    ),
    (
        "secretsmanager:GetSecretValue",
        "arn:aws:secretsmanager:us-east-1:111122223333:secret:s-AbCdEf",
        "arn:aws:secretsmanager:us-east-1:444455556666:secret:s-AbCdEf",
    ),
    (
        "ec2:TerminateInstances",
        "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0",
        "arn:aws:ec2:us-east-1:444455556666:instance/i-0123456789abcdef0",
    ),
    (
        "iam:PassRole",
        "arn:aws:iam::111122223333:role/app",
        "arn:aws:iam::444455556666:role/app",
    ),
];

const CONDITIONS: &[&str] = &[
    r#"{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#,
    r#"{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#,
    r#"{"StringEquals": {"aws:PrincipalTag/team": "red"}}"#,
    r#"{"StringNotEquals": {"aws:PrincipalTag/team": "blue"}}"#,
    r#"{"StringLike": {"aws:PrincipalTag/team": "r*"}}"#,
    r#"{"StringEqualsIgnoreCase": {"aws:PrincipalTag/team": "RED"}}"#,
    r#"{"Bool": {"aws:SecureTransport": "true"}}"#,
    r#"{"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}"#,
    r#"{"DateLessThan": {"aws:CurrentTime": "2026-06-01T00:00:00Z"}}"#,
    r#"{"DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}}"#,
    r#"{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}"#,
    r#"{"Null": {"aws:PrincipalTag/team": "true"}}"#,
    r#"{"Null": {"aws:PrincipalTag/team": "false"}}"#,
    r#"{"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}}"#,
    r#"{"ForAnyValue:StringLike": {"aws:TagKeys": ["a*"]}}"#,
    r#"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:*"}}"#,
    r#"{"StringEquals": {"aws:PrincipalAccount": "111122223333"}}"#,
    r#"{"StringNotEqualsIfExists": {"aws:PrincipalTag/env": "prod"}}"#,
    r#"{"StringLike": {"aws:PrincipalTag/team": "${aws:PrincipalTag/env}"}}"#,
    r#"{"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["a"]}}"#,
    r#"{"ForAllValues:StringNotLike": {"aws:TagKeys": ["z*"]}}"#,
    r#"{"IpAddressIfExists": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}}"#,
    r#"{"DateNotEquals": {"aws:CurrentTime": "2026-03-01T00:00:00Z"}}"#,
    r#"{"NumericGreaterThanEquals": {"aws:MultiFactorAuthAge": 100}}"#,
    r#"{"Bool": {"aws:MultiFactorAuthPresent": false}}"#,
    r#"{"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/dev"}}"#,
];

fn actions_for(rng: &mut Rng, action: &str) -> Value {
    let (svc, name) = action.split_once(':').unwrap_or((action, ""));
    let options = [
        json!(action),
        json!(format!("{svc}:*")),
        json!("*"),
        json!(format!("{svc}:{}*", &name[..name.len().min(3)])),
        json!(format!("{}:{}", svc.to_uppercase(), name.to_lowercase())),
        json!("ec2:DescribeInstances"),
        json!([action, "ec2:DescribeInstances"]),
        json!(format!("{svc}:Get*")),
    ];
    rng.pick(&options).clone()
}

fn resources_for(rng: &mut Rng, resource: &str) -> Value {
    let prefix: String = resource
        .chars()
        .take(resource.len().saturating_sub(3))
        .collect();
    let options = [
        json!(resource),
        json!("*"),
        json!(format!("{prefix}*")),
        json!("arn:aws:s3:::elsewhere/*"),
        json!([resource, "arn:aws:s3:::elsewhere/*"]),
        json!(format!("{prefix}???")),
        json!("arn:aws:s3:::bucket/${aws:username}/*"),
        json!(format!("{prefix}${{aws:PrincipalTag/team}}")),
    ];
    rng.pick(&options).clone()
}

fn statement(rng: &mut Rng, action: &str, resource: &str, principal: Option<Value>) -> Value {
    let effect = if rng.chance(75) { "Allow" } else { "Deny" };
    let mut s = json!({"Effect": effect});
    if let Some(p) = principal {
        s["Principal"] = p;
    }
    if rng.chance(8) {
        s["NotAction"] = json!("iam:*");
    } else {
        s["Action"] = actions_for(rng, action);
    }
    if rng.chance(5) {
        s["NotResource"] = json!("arn:aws:s3:::secret/*");
    } else {
        s["Resource"] = resources_for(rng, resource);
    }
    if rng.chance(45) {
        let n = 1 + rng.below(2);
        let mut cond = serde_json::Map::new();
        for _ in 0..n {
            let c: Value = serde_json::from_str(pick_str(rng, CONDITIONS)).unwrap_or(Value::Null);
            if let Value::Object(m) = c {
                for (k, v) in m {
                    cond.entry(k).or_insert(v);
                }
            }
        }
        s["Condition"] = Value::Object(cond);
    }
    s
}

fn policy(
    rng: &mut Rng,
    action: &str,
    resource: &str,
    principal: impl Fn(&mut Rng) -> Option<Value>,
) -> Value {
    let n = 1 + rng.below(3);
    let stmts: Vec<Value> = (0..n)
        .map(|_| {
            let p = principal(rng);
            statement(rng, action, resource, p)
        })
        .collect();
    json!({"Version": "2012-10-17", "Statement": stmts})
}

fn context(rng: &mut Rng, principal: &str) -> Value {
    let mut c = serde_json::Map::new();
    let principal_arn = if principal == SESSION {
        ROLE
    } else {
        principal
    };
    c.insert("aws:PrincipalArn".into(), json!(principal_arn));
    c.insert("aws:PrincipalAccount".into(), json!(ACCOUNT));
    if rng.chance(60) {
        c.insert(
            "aws:SourceIp".into(),
            json!(rng.pick(&["203.0.113.9", "198.51.100.7", "2001:db8::1"])),
        );
    }
    if rng.chance(50) {
        c.insert(
            "aws:PrincipalTag/team".into(),
            json!(rng.pick(&["red", "blue", "Red"])),
        );
    }
    if rng.chance(50) {
        c.insert(
            "aws:SecureTransport".into(),
            json!(rng.pick(&["true", "false"])),
        );
    }
    if rng.chance(40) {
        c.insert(
            "aws:CurrentTime".into(),
            json!(rng.pick(&[
                "2025-12-01T00:00:00Z",
                "2026-03-01T00:00:00Z",
                "2026-09-01T00:00:00Z"
            ])),
        );
    }
    if rng.chance(30) {
        c.insert(
            "aws:MultiFactorAuthPresent".into(),
            json!(rng.pick(&["true", "false"])),
        );
    }
    if rng.chance(30) {
        c.insert(
            "aws:MultiFactorAuthAge".into(),
            json!(rng.pick(&["100", "7200"])),
        );
    }
    if rng.chance(35) {
        let sets: [&[&str]; 4] = [&["a"], &["a", "b"], &["a", "z"], &["abc"]];
        c.insert("aws:TagKeys".into(), json!(rng.pick(&sets)));
    }
    if rng.chance(20) {
        c.insert(
            "aws:PrincipalTag/env".into(),
            json!(rng.pick(&["prod", "dev", "red"])),
        );
    }
    if principal == USER && rng.chance(50) {
        c.insert("aws:username".into(), json!("alice"));
    }
    Value::Object(c)
}

/// One generated case: keyaki's simulate input and the peer's.
fn generate(rng: &mut Rng) -> (Value, Value) {
    let principal = *rng.pick(&[USER, USER, SESSION]);
    let (action, same, other) = *rng.pick(REQUESTS);
    let cross = rng.chance(25);
    let resource = if cross { other } else { same };
    let resource_account = if cross { OTHER } else { ACCOUNT };
    let ctx = context(rng, principal);
    let identity: Vec<Value> = (0..rng.below(3))
        .map(|_| policy(rng, action, resource, |_| None))
        .collect();
    let resource_policy = (rng.chance(50)
        && action != "iam:PassRole"
        && action != "ec2:TerminateInstances")
        .then(|| {
            policy(rng, action, resource, |r| {
                Some(
                    r.pick(&[
                        json!("*"),
                        json!({"AWS": ACCOUNT}),
                        json!({"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}),
                        json!({"AWS": USER}),
                        json!({"AWS": ROLE}),
                        json!({"AWS": SESSION}),
                        json!({"AWS": OTHER}),
                        json!({"AWS": "*"}),
                    ])
                    .clone(),
                )
            })
        });
    let boundary = rng.chance(20).then(|| {
        let action_scope = rng.pick(&[json!("*"), json!(format!("{}:*", action.split(':').next().unwrap_or("s3"))), json!("ec2:*")]).clone();
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action_scope, "Resource": "*"}]})
    });
    let full = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
    let scps: Option<Vec<Vec<Value>>> = rng.chance(30).then(|| {
        let mut levels = vec![vec![full.clone()], vec![full.clone()]];
        if rng.chance(50) {
            levels[1].push(policy(rng, action, resource, |_| None));
        }
        if rng.chance(20) {
            levels[1] = vec![policy(rng, action, resource, |_| None)];
        }
        levels
    });
    let rcp_full = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]});
    let rcps: Option<Vec<Vec<Value>>> = rng.chance(20).then(|| {
        let mut level = vec![rcp_full.clone()];
        if rng.chance(60) {
            level.push(json!({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": action, "Resource": "*",
                "Condition": serde_json::from_str::<Value>(pick_str(rng, CONDITIONS)).unwrap_or(json!({}))}]}));
        }
        vec![level]
    });

    let mut ours = json!({
        "request": {"principal": principal, "action": action, "resource": resource, "context": ctx.clone()},
        "identityPolicies": identity.clone(),
        "resourceAccount": resource_account,
    });
    if let Some(p) = &resource_policy {
        ours["resourcePolicy"] = p.clone();
    }
    if let Some(b) = &boundary {
        ours["permissionBoundary"] = b.clone();
    }
    if let Some(s) = &scps {
        ours["scps"] = json!(s);
    }
    if let Some(r) = &rcps {
        ours["rcps"] = json!(r);
    }

    let org = |levels: &Option<Vec<Vec<Value>>>, ids: &[&str]| -> Value {
        json!(levels
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, ps)| json!({
                "orgIdentifier": ids.get(i).copied().unwrap_or("ou-x"),
                "policies": ps.iter().enumerate().map(|(j, p)| json!({"name": format!("p{j}"), "policy": p})).collect::<Vec<_>>(),
            }))
            .collect::<Vec<_>>())
    };
    let mut peer = json!({
        "request": {
            "principal": principal,
            "action": action,
            "resource": {"resource": resource, "accountId": resource_account},
            "contextVariables": ctx,
        },
        "identityPolicies": identity.iter().enumerate().map(|(i, p)| json!({"name": format!("id{i}"), "policy": p})).collect::<Vec<_>>(),
        "serviceControlPolicies": org(&scps, &["r-root", "ou-1"]),
        // The peer applies the AWS managed RCPFullAWSAccess itself and accepts only the
        // customer RCPs (Deny statements), as AWS does.
        "resourceControlPolicies": org(&rcps.as_ref().map(|levels| levels.iter().map(|l| l[1..].to_vec()).filter(|l| !l.is_empty()).collect()), &["r-root"]),
    });
    if let Some(p) = &resource_policy {
        peer["resourcePolicy"] = p.clone();
    }
    if let Some(b) = &boundary {
        peer["permissionBoundaryPolicies"] = json!([{"name": "boundary", "policy": b}]);
    }
    (ours, peer)
}

/// Disagreements that docs/iam.md documents, with the AWS documentation that decides them.
fn known_difference(ours: &Value, _keyaki: &str, _peer: &str) -> Option<&'static str> {
    let _ = ours;
    None
}

fn peer_modules() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(d) = std::env::var_os("KEYAKI_NODE_MODULES") {
        dirs.push(PathBuf::from(d));
    }
    dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential/node_modules"));
    dirs.into_iter()
        .find(|d| d.join("@cloud-copilot/iam-simulate/package.json").exists())
}

#[test]
fn against_iam_simulate() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let node_ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let modules = peer_modules();
    let Some(modules) = modules.filter(|_| node_ok) else {
        let message = "the differential test needs node and @cloud-copilot/iam-simulate: \
                       npm install --no-save --prefix crates/keyaki-iam/tests/differential @cloud-copilot/iam-simulate@0.1.173";
        assert!(!ci, "{message}");
        eprintln!("skipped: {message}");
        return;
    };
    // KEYAKI_DIFF_SEED=N generates another 10,000 cases (bench/iam/pgo.sh trains on them, so
    // that the benchmark's own requests are not what the build was optimised for).
    let seed = std::env::var("KEYAKI_DIFF_SEED")
        .ok()
        .map(|s| s.parse::<u64>().expect("KEYAKI_DIFF_SEED is a number"))
        .unwrap_or(0x6B65_7961_6B69);
    let mut rng = Rng(seed);
    let cases: Vec<(Value, Value)> = (0..CASES).map(|_| generate(&mut rng)).collect();
    // bench/iam/run.sh reuses the cases: KEYAKI_DIFF_DUMP=DIR writes keyaki.jsonl and peer.jsonl.
    if let Some(dir) = std::env::var_os("KEYAKI_DIFF_DUMP") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("dump dir");
        for (name, pick) in [("keyaki.jsonl", 0), ("peer.jsonl", 1)] {
            let mut text = String::new();
            for c in &cases {
                text.push_str(
                    &serde_json::to_string(if pick == 0 { &c.0 } else { &c.1 }).expect("serialise"),
                );
                text.push('\n');
            }
            std::fs::write(dir.join(name), text).expect("dump");
        }
    }
    let mut input = Vec::new();
    for (_, peer) in &cases {
        serde_json::to_writer(&mut input, peer).expect("serialise");
        input.push(b'\n');
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential/peer.cjs");
    let mut child = Command::new("node")
        .arg(&script)
        .env("NODE_PATH", &modules)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("node starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().expect("node runs");
    writer.join().expect("writer").expect("write");
    assert!(output.status.success(), "peer.cjs failed");
    let peer_results: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(peer_results.len(), cases.len(), "one peer result per case");

    let (mut agree, mut peer_errors, mut documented) = (0, 0, 0);
    let mut disagreements = Vec::new();
    let mut by_decision = std::collections::BTreeMap::new();
    for ((ours, _), theirs) in cases.iter().zip(&peer_results) {
        if theirs.starts_with("error") {
            peer_errors += 1;
            if peer_errors <= 5 {
                eprintln!("peer rejected: {theirs}");
            }
            continue;
        }
        let text = serde_json::to_string(ours).expect("serialise");
        let e = keyaki_iam::simulate(&text, None).expect("keyaki evaluates every generated case");
        let mine = match e.decision {
            keyaki_iam::Decision::Allow => "Allowed",
            keyaki_iam::Decision::ExplicitDeny => "ExplicitlyDenied",
            keyaki_iam::Decision::ImplicitDeny => "ImplicitlyDenied",
        };
        *by_decision.entry(mine).or_insert(0) += 1;
        if mine == theirs {
            agree += 1;
        } else if known_difference(ours, mine, theirs).is_some() {
            documented += 1;
        } else {
            disagreements.push(format!(
                "keyaki {mine}, iam-simulate {theirs} ({}): {text}",
                e.explanation.summary
            ));
        }
    }
    eprintln!(
        "differential: {agree} agree, {documented} documented differences, {} disagreements, {peer_errors} rejected by the peer; keyaki decisions {by_decision:?}",
        disagreements.len()
    );
    assert!(
        peer_errors < CASES / 10,
        "the peer rejected {peer_errors} of {CASES} cases"
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements, first 10:\n{}",
        disagreements.len(),
        disagreements
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
