//! Conformance scenarios: each folder under `tests/scenarios/` is a small CLI-dir snapshot
//! with `case.json` (the AWS rule it checks and the page that states it) and
//! `expected.json` (the exposure answer, reviewed by hand). Set `KEYAKI_BLESS=1` to rewrite
//! the expected answers after a deliberate change, then review the diff.

#![allow(clippy::unwrap_used)] // test helpers: a failure here is a test failure

use std::path::{Path, PathBuf};

use keyaki_net::{ExposureReport, Network, exposure};
use serde_json::{Value, json};

fn project(report: &ExposureReport) -> Value {
    let exposed: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let path: Vec<String> = f
                .path
                .iter()
                .map(|h| {
                    let mut s = format!("{} {} {}", h.direction, h.kind, h.id);
                    if !h.rules.is_empty() {
                        s.push_str(&format!(": {}", h.rules.join("; ")));
                    }
                    s
                })
                .collect();
            json!({
                "eni_id": f.eni_id,
                "instance_id": f.instance_id,
                "via": f.via,
                "family": f.family,
                "protocol": f.protocol,
                "port_ranges": f.port_ranges,
                "sources_text": f.sources_text,
                "client_ports": f.client_ports,
                "severity": f.severity,
                "path": path,
            })
        })
        .collect();
    let unreachable: Vec<Value> = report
        .unreachable_open_rules
        .iter()
        .map(|u| json!({"eni_id": u.eni_id, "rule": u.rule, "reason": u.reason}))
        .collect();
    let mut out =
        json!({"exposed": exposed, "unreachable_open_rules": unreachable, "gaps": report.gaps});
    if !report.shadowed_rules.is_empty() {
        out["shadowed_rules"] = json!(report.shadowed_rules);
    }
    out
}

fn scenarios() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("case.json").exists())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_scenario_gives_its_expected_answer() {
    let bless = std::env::var_os("KEYAKI_BLESS").is_some();
    let dirs = scenarios();
    assert!(dirs.len() >= 15, "scenarios missing: {dirs:?}");
    let mut failures = Vec::new();
    for dir in dirs {
        let case: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("case.json")).unwrap()).unwrap();
        assert!(
            case["doc"]
                .as_str()
                .unwrap()
                .starts_with("https://docs.aws.amazon.com/"),
            "{}: every scenario cites the AWS page of its rule",
            dir.display()
        );
        let snapshot = keyaki_snapshot::Snapshot::load(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let net = Network::build(&snapshot);
        let got = project(&exposure(&net));
        let expected_path = dir.join("expected.json");
        if bless {
            let text = serde_json::to_string_pretty(&got).unwrap() + "\n";
            std::fs::write(&expected_path, text).unwrap();
            continue;
        }
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
                panic!(
                    "{}: no expected.json; run with KEYAKI_BLESS=1",
                    dir.display()
                )
            }),
        )
        .unwrap();
        if got != expected {
            failures.push(format!(
                "{}:\nexpected {}\n     got {}",
                dir.display(),
                serde_json::to_string_pretty(&expected).unwrap(),
                serde_json::to_string_pretty(&got).unwrap()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
