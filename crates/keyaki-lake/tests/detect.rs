//! Detections on the bundled incident (against its README's ground truth) and on the Stratus
//! corpus (against the Athena SQL oracles).

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use keyaki_lake::{
    Detection, IngestOptions, Lake, builtin_detections, detect, ingest, parse_detections,
    parse_iocs,
};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_owned()
}

fn lake_of(path: PathBuf) -> (tempfile::TempDir, Lake) {
    let dir = tempfile::tempdir().unwrap();
    ingest(dir.path(), &[path], &IngestOptions::new()).unwrap();
    let lake = Lake::open(dir.path()).unwrap();
    (dir, lake)
}

#[test]
fn builtin_detections_are_well_formed() {
    let all = builtin_detections();
    assert!(all.len() >= 30, "{}", all.len());
    let ids: BTreeSet<&str> = all.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids.len(), all.len(), "duplicate ids");
    for d in &all {
        assert!(!d.mitre.is_empty(), "{}", d.id);
        assert!(d.mitre.iter().all(|m| m.starts_with('T')), "{}", d.id);
        assert!(!d.description.is_empty(), "{}", d.id);
    }
    // And each one plans and runs on an empty lake.
    let dir = tempfile::tempdir().unwrap();
    let lake = Lake::open(dir.path()).unwrap();
    let report = detect(&lake, &all);
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert!(report.findings.is_empty());
}

fn event_ids(f: &keyaki_core::Finding) -> Vec<String> {
    f.evidence["event_ids"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_step_of_the_bundled_attack_is_found() {
    let (_dir, lake) = lake_of(root().join("../../examples/incident-3tier/logs"));
    lake.set_iocs(&parse_iocs(
        "198.51.100.77, attacker upload server\n# comment\n",
    ))
    .unwrap();
    let report = detect(&lake, &builtin_detections());
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    let has = |id: &str, pred: &dyn Fn(&Value) -> bool| {
        report
            .findings
            .iter()
            .any(|f| f.rule_id == id && pred(&f.evidence))
    };
    let actor_is =
        |a: &'static str| move |e: &Value| e["actor"].as_str().is_some_and(|x| x.contains(a));
    // 08:58 port scan of the bastion from 203.0.113.45.
    assert!(has("flow.port-scan", &actor_is("203.0.113.45")));
    // 09:02 content discovery, 09:07 command injection, 09:08 metadata credentials.
    assert!(has("web.content-discovery", &actor_is("203.0.113.45")));
    assert!(has("web.command-injection", &actor_is("203.0.113.45")));
    assert!(has("web.ssrf-metadata", &actor_is("203.0.113.45")));
    // 09:14 stolen instance credentials from 203.0.113.45: exfiltration, recon, denials, Kali.
    let exfil = report
        .findings
        .iter()
        .find(|f| f.rule_id == "ct.instance-credential-exfiltration")
        .expect("instance credential exfiltration");
    assert_eq!(exfil.evidence["access_key_id"], "ASIABZPUZDIKIRIUQMHC");
    assert_eq!(exfil.evidence["source_ip"], "203.0.113.45");
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.rule_id == "ct.instance-credential-exfiltration")
            .count(),
        1,
        "legitimate use through the NAT gateway must not be flagged"
    );
    assert!(has("ct.reconnaissance-burst", &|e| e["access_key_id"]
        == "ASIABZPUZDIKIRIUQMHC"));
    assert!(has("ct.access-denied-burst", &|e| e["access_key_id"]
        == "ASIABZPUZDIKIRIUQMHC"));
    assert!(has(
        "ct.iam-enumeration",
        &actor_is("web-server-role/i-a8c31c8d9e52e859f")
    ));
    assert!(has("ct.pentest-distribution", &|e| e["access_key_id"]
        == "ASIABZPUZDIKIRIUQMHC"));
    assert!(has("ct.pentest-distribution", &|e| e["access_key_id"]
        == "AKIABZPUZDIKK4WTLVFC"));
    // 09:36 privilege escalation, 09:38 persistence.
    assert!(has("ct.policy-version-escalation", &|e| e["resource"]
        .as_str()
        .is_some_and(|r| r.ends_with("policy/developer-policy"))));
    assert!(has("ct.access-key-for-other-user", &|e| e["resource"]
        == "svc-backup"
        && e["created_access_key_id"] == "AKIABZPUZDIKBLKW4GL7"));
    assert!(has("ct.admin-policy-attached", &|e| e["resource"]
        == "svc-backup"));
    assert!(has("ct.login-profile-for-other-user", &|e| e["resource"]
        == "svc-backup"));
    assert!(has("ct.new-user-used", &|e| e["resource"] == "svc-backup"));
    // 09:42 S3 exfiltration: 109 objects, 1,429,042,302 bytes.
    let s3 = report
        .findings
        .iter()
        .find(|f| f.rule_id == "ct.s3-mass-download")
        .expect("mass download");
    assert!(
        s3.evidence["actor"]
            .as_str()
            .unwrap()
            .ends_with("user/svc-backup")
    );
    assert_eq!(s3.evidence["objects"], 109);
    assert_eq!(s3.evidence["bytes_out"], 1_429_042_302u64);
    assert_eq!(event_ids(s3).len(), 109);
    // 10:05 database exfiltration through the NAT gateway to 198.51.100.77.
    assert!(has("flow.large-outbound-transfer", &|e| e["resource"]
        == "198.51.100.77"));
    assert!(has("flow.ioc-address", &actor_is("198.51.100.77")));
    assert!(has("ct.ioc-address", &actor_is("svc-backup")));
    // 10:12 GuardDuty (denied), 10:13 StopLogging.
    assert!(has("ct.guardduty-disabled", &|e| e["event_names"]
        .to_string()
        .contains("DeleteDetector")));
    let stop = report
        .findings
        .iter()
        .find(|f| f.rule_id == "ct.cloudtrail-tampering")
        .expect("StopLogging");
    assert_eq!(stop.evidence["resource"], "management-trail");
    assert_eq!(event_ids(stop).len(), 1);
    // 03-13 10:05 the root user signs in.
    assert!(has("ct.root-usage", &|e| e["event_names"]
        .to_string()
        .contains("ConsoleLogin")));
    // Ids are stable.
    let again = detect(&lake, &builtin_detections());
    let a: Vec<&str> = report.findings.iter().map(|f| f.id.as_str()).collect();
    let b: Vec<&str> = again.findings.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(a, b);
}

#[test]
fn findings_on_the_bundled_example_have_distinct_ids_in_a_fixed_order() {
    let (_dir, lake) = lake_of(root().join("../../examples/incident-3tier/logs"));
    let ids = |report: &keyaki_lake::DetectReport| -> Vec<String> {
        report.findings.iter().map(|f| f.id.clone()).collect()
    };
    let first = detect(&lake, &builtin_detections());
    let distinct: BTreeSet<&String> = first.findings.iter().map(|f| &f.id).collect();
    assert_eq!(distinct.len(), first.findings.len(), "{:#?}", ids(&first));
    // Two transfers that differ only in their network interface are two findings.
    let transfers: BTreeSet<&str> = first
        .findings
        .iter()
        .filter(|f| f.rule_id == "flow.large-outbound-transfer")
        .filter_map(|f| f.evidence["interface_id"].as_str())
        .collect();
    assert!(transfers.len() >= 2, "{transfers:?}");
    for _ in 0..3 {
        assert_eq!(ids(&detect(&lake, &builtin_detections())), ids(&first));
    }
}

#[test]
fn user_detections_load_and_bad_ones_are_reported() {
    let text = "-- id: my.stop\n-- title: stop\n-- severity: high\n-- mitre: T1562.008\nSELECT useridentity.arn AS actor FROM cloudtrail_logs WHERE eventname = 'StopLogging';\n\
                -- id: my.broken\n-- title: broken\n-- severity: low\nSELECT nope FROM cloudtrail_logs\n";
    let ds: Vec<Detection> = parse_detections(text, "mine.sql").unwrap();
    assert_eq!(ds.len(), 2);
    assert!(parse_detections("-- id: x\n-- severity: high\nSELECT 1", "x.sql").is_err());
    assert!(
        parse_detections(
            "-- id: x\n-- title: t\n-- severity: severe\nSELECT 1",
            "x.sql"
        )
        .is_err()
    );
    let (_dir, lake) = lake_of(root().join("../../examples/incident-3tier/logs"));
    let report = detect(&lake, &ds);
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].detection_id, "my.broken");
}

/// Where a built-in detection and an oracle query look for the same thing, they must agree on
/// which events match.
#[test]
fn stratus_corpus_agrees_with_the_athena_oracles() {
    let (_dir, lake) = lake_of(root().join("tests/data/stratus-cloudtrail/CloudTrail"));
    let report = detect(&lake, &builtin_detections());
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    let ids_of = |rule: &str| -> BTreeSet<String> {
        report
            .findings
            .iter()
            .filter(|f| f.rule_id == rule)
            .flat_map(event_ids)
            .collect()
    };
    let oracle = |file: &str| -> BTreeSet<String> {
        let sql = std::fs::read_to_string(
            root()
                .join("tests/data/stratus-cloudtrail/oracle")
                .join(file),
        )
        .unwrap();
        let sql = sql.replace("SELECT *", "SELECT eventid");
        lake.query(&sql)
            .unwrap_or_else(|e| panic!("{file}: {e}"))
            .to_json_rows()
            .unwrap()
            .into_iter()
            .filter_map(|r| r.get("eventid").and_then(|v| v.as_str().map(str::to_owned)))
            .collect()
    };
    // StopLogging / UpdateTrail / DeleteTrail.
    let trail = oracle("aws_cloudtrail_disable_logging.sql");
    assert!(!trail.is_empty());
    assert!(
        trail.is_subset(&ids_of("ct.cloudtrail-tampering")),
        "{trail:?}"
    );
    // Root usage: the corpus has none.
    // GuardDuty detector deletion.
    let gd = oracle("aws_guardduty_disruption.sql");
    assert!(gd.is_subset(&ids_of("ct.guardduty-disabled")), "{gd:?}");
    // AWS Config recorder stopped or deleted.
    let cfg = oracle("aws_config_disable_recording.sql");
    assert!(cfg.is_subset(&ids_of("ct.config-disabled")), "{cfg:?}");
}

#[test]
fn the_timeline_of_the_stolen_instance_credentials_tells_the_story_in_order() {
    let (_dir, lake) = lake_of(root().join("../../examples/incident-3tier/logs"));
    let t = keyaki_lake::timeline(
        &lake,
        &keyaki_lake::TimelineQuery::new("ASIABZPUZDIKIRIUQMHC"),
    )
    .unwrap();
    assert!(
        t.addresses.contains(&"203.0.113.45".to_owned()),
        "{:?}",
        t.addresses
    );
    let pos = |pred: &dyn Fn(&keyaki_lake::TimelineEvent) -> bool| {
        t.events
            .iter()
            .position(pred)
            .unwrap_or_else(|| panic!("missing event"))
    };
    let scan = pos(&|e| {
        e.source == keyaki_lake::SourceKind::VpcFlow && e.outcome.as_deref() == Some("REJECT")
    });
    let web_scan = pos(&|e| e.source == keyaki_lake::SourceKind::Alb);
    let injection = pos(&|e| e.action.contains("check.php?host=") && e.action.contains("id"));
    let metadata = pos(&|e| e.action.contains("169.254.169.254"));
    let whoami = pos(&|e| {
        e.action == "sts:GetCallerIdentity" && e.source_ip.as_deref() == Some("203.0.113.45")
    });
    let secret = pos(&|e| {
        e.action == "secretsmanager:GetSecretValue"
            && e.source_ip.as_deref() == Some("203.0.113.45")
    });
    assert!(
        scan < web_scan
            && web_scan < injection
            && injection < metadata
            && metadata < whoami
            && whoami < secret
    );
    assert!(
        t.events
            .windows(2)
            .all(|w| w[0].time <= w[1].time || w[0].time.len() != w[1].time.len())
    );
}

#[test]
fn the_timeline_of_the_batch_key_follows_the_sessions_and_keys_it_created() {
    let (_dir, lake) = lake_of(root().join("../../examples/incident-3tier/logs"));
    let t = keyaki_lake::timeline(
        &lake,
        &keyaki_lake::TimelineQuery::new("AKIABZPUZDIKK4WTLVFC")
            .from("2026-03-12T09:00:00Z")
            .to("2026-03-12T11:00:00Z"),
    )
    .unwrap();
    for k in [
        "AKIABZPUZDIKK4WTLVFC",
        "ASIABZPUZDIKAT2EQLXD",
        "AKIABZPUZDIKBLKW4GL7",
    ] {
        assert!(
            t.access_keys.contains(&k.to_owned()),
            "{k}: {:?}",
            t.access_keys
        );
    }
    let names: Vec<&str> = t
        .events
        .iter()
        .filter(|e| e.source == keyaki_lake::SourceKind::CloudTrail)
        .map(|e| e.action.as_str())
        .collect();
    let at = |n: &str| {
        names
            .iter()
            .position(|x| *x == n)
            .unwrap_or_else(|| panic!("{n}"))
    };
    assert!(at("sts:AssumeRole") < at("iam:CreatePolicyVersion"));
    assert!(at("iam:CreatePolicyVersion") < at("iam:CreateAccessKey"));
    let svc_backup: Vec<usize> = t
        .events
        .iter()
        .filter(|e| e.source == keyaki_lake::SourceKind::CloudTrail)
        .enumerate()
        .filter(|(_, e)| e.action == "s3:GetObject" && e.actor.ends_with("user/svc-backup"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(svc_backup.len(), 109);
    assert!(at("iam:CreateAccessKey") < svc_backup[0]);
    assert!(svc_backup[108] < at("cloudtrail:StopLogging"));
}
