#![allow(clippy::unwrap_used)]
//! Every rule has a passing and a failing fixture: a tiny snapshot written from
//! `tests/fixtures/<rule-id>.json`, on which the rule must give the expected status.
//!
//! A fixture file looks like this (paths are relative to the snapshot root, laid out as
//! `keyaki` reads it: `account.json`, `global/<service>/<file>`, `<region>/<service>/<file>`):
//!
//! ```json
//! {
//!   "now": "2026-03-14T12:00:00Z",
//!   "pass": {
//!     "files": { "us-east-1/ec2/describe-instances.json": { "Reservations": [] } },
//!     "resource": "i-0123"
//!   },
//!   "fail": { "files": { "...": {} } }
//! }
//! ```
//!
//! `now` is optional (default 2026-03-14T12:00:00Z, so ages are reproducible). `account.json`
//! defaults to a caller identity in account 123456789012. A file whose value is a JSON string
//! is written as that text (the credential report is CSV); any other value is written as JSON.
//! `resource`, optional, keeps only the results whose resource ARN contains it. A `pass` case
//! needs at least one result and every kept result to pass; a `fail` case needs at least one
//! kept result to fail. Either case may also be a list of cases.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use keyaki_rules::{Catalog, CheckOptions, Status, check};
use keyaki_snapshot::{Snapshot, Timestamp};
use serde_json::Value;

const DEFAULT_NOW: &str = "2026-03-14T12:00:00Z";
const CALLER: &str = r#"{"UserId": "AIDAEXAMPLEUSERID0001", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/auditor"}"#;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Rules that have no fixture yet. The list only shrinks: a rule listed here that has a
/// fixture is an error too, so that it gets removed.
fn known_missing() -> BTreeSet<String> {
    let path = fixtures_dir().join("MISSING");
    fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

fn write_snapshot(dir: &Path, files: &serde_json::Map<String, Value>) {
    if !files.contains_key("account.json") {
        fs::write(dir.join("account.json"), CALLER).unwrap();
    }
    for (rel, content) in files {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let text = match content {
            Value::String(s) => s.clone(),
            other => serde_json::to_string_pretty(other).unwrap(),
        };
        fs::write(&path, text).unwrap();
    }
}

/// Runs one case; returns a description of what went wrong, if anything.
fn run_case(rule: &str, expected: Status, case: &Value, now: i64) -> Result<(), String> {
    let files = case
        .get("files")
        .and_then(Value::as_object)
        .ok_or("a case needs a \"files\" object")?;
    let dir = tempfile::tempdir().unwrap();
    write_snapshot(dir.path(), files);
    let snapshot =
        Snapshot::load(dir.path()).map_err(|e| format!("the snapshot does not load: {e:?}"))?;
    let unknown: Vec<String> = snapshot
        .warnings()
        .iter()
        .filter(|w| {
            matches!(
                w.kind,
                keyaki_snapshot::WarningKind::UnknownFile | keyaki_snapshot::WarningKind::Location
            )
        })
        .map(ToString::to_string)
        .collect();
    if !unknown.is_empty() {
        return Err(format!("files keyaki does not recognise: {unknown:?}"));
    }
    let options = CheckOptions {
        rules: vec![rule.to_owned()],
        now: Some(now),
        ..CheckOptions::default()
    };
    let report = check(&snapshot, &options);
    let filter = case.get("resource").and_then(Value::as_str);
    let kept: Vec<_> = report
        .results
        .iter()
        .filter(|r| r.rule_id == rule && filter.is_none_or(|f| r.resource_arn.contains(f)))
        .collect();
    let shown = || {
        kept.iter()
            .map(|r| format!("{} {} {}", r.status, r.resource_arn, r.evidence))
            .collect::<Vec<_>>()
            .join("\n  ")
    };
    let ok = match expected {
        Status::Pass => !kept.is_empty() && kept.iter().all(|r| r.status == Status::Pass),
        _ => kept.iter().any(|r| r.status == expected),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("expected {expected}, got:\n  {}", shown()))
    }
}

fn cases(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    }
}

#[test]
fn every_rule_passes_and_fails_on_its_fixtures() {
    let missing_ok = known_missing();
    let mut problems = Vec::new();
    let mut checked = 0;
    for rule in Catalog::builtin().rules() {
        let path = fixtures_dir().join(format!("{}.json", rule.id));
        let Ok(text) = fs::read_to_string(&path) else {
            if !missing_ok.contains(rule.id) {
                problems.push(format!("{}: no fixture at {}", rule.id, path.display()));
            }
            continue;
        };
        if missing_ok.contains(rule.id) {
            problems.push(format!(
                "{}: has a fixture, remove it from tests/fixtures/MISSING",
                rule.id
            ));
        }
        let fixture: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        let now = fixture
            .get("now")
            .and_then(Value::as_str)
            .unwrap_or(DEFAULT_NOW);
        let now = Timestamp::parse(now).unwrap().unix_seconds();
        for (key, expected) in [("pass", Status::Pass), ("fail", Status::Fail)] {
            let list = cases(fixture.get(key));
            if list.is_empty() {
                problems.push(format!("{}: no \"{key}\" case", rule.id));
            }
            for (i, case) in list.into_iter().enumerate() {
                checked += 1;
                if let Err(e) = run_case(rule.id, expected, case, now) {
                    problems.push(format!("{} {key}[{i}]: {e}", rule.id));
                }
            }
        }
    }
    for listed in &missing_ok {
        if Catalog::builtin().rule(listed).is_err() {
            problems.push(format!(
                "tests/fixtures/MISSING names an unknown rule {listed}"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems ({checked} cases run):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
