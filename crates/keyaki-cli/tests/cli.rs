//! The `keyaki` binary, end to end, on the bundled example and on made-up snapshots.

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn keyaki() -> Command {
    Command::cargo_bin("keyaki").unwrap()
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/incident-3tier")
}

fn stdout_json(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn inventory_json_lists_every_resource_of_the_example() {
    let items = stdout_json(
        keyaki()
            .args(["inventory", "--format", "json"])
            .arg(example()),
    );
    let items = items.as_array().unwrap();
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    for item in items {
        *by_type
            .entry(item["type"].as_str().unwrap().to_owned())
            .or_default() += 1;
        assert!(item["id"].as_str().is_some_and(|s| !s.is_empty()), "{item}");
        assert!(
            item["source"].as_str().unwrap().contains("incident-3tier"),
            "{item}"
        );
    }
    // Count the elements of each list output directly from the files, independently of the
    // loader, and check that the inventory has one row for each.
    let count = |file: &str, pointer: &str| -> usize {
        let text = std::fs::read_to_string(example().join(file)).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        json.pointer(pointer)
            .and_then(|v| v.as_array())
            .map_or(0, Vec::len)
    };
    let instances: usize = {
        let text = std::fs::read_to_string(example().join("us-east-1/ec2/describe-instances.json"))
            .unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        json["Reservations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["Instances"].as_array().unwrap().len())
            .sum()
    };
    let expected = [
        (
            "AWS::EC2::VPC",
            count("us-east-1/ec2/describe-vpcs.json", "/Vpcs"),
        ),
        (
            "AWS::EC2::Subnet",
            count("us-east-1/ec2/describe-subnets.json", "/Subnets"),
        ),
        (
            "AWS::EC2::RouteTable",
            count("us-east-1/ec2/describe-route-tables.json", "/RouteTables"),
        ),
        (
            "AWS::EC2::SecurityGroup",
            count(
                "us-east-1/ec2/describe-security-groups.json",
                "/SecurityGroups",
            ),
        ),
        (
            "AWS::EC2::NetworkAcl",
            count("us-east-1/ec2/describe-network-acls.json", "/NetworkAcls"),
        ),
        (
            "AWS::EC2::NetworkInterface",
            count(
                "us-east-1/ec2/describe-network-interfaces.json",
                "/NetworkInterfaces",
            ),
        ),
        ("AWS::EC2::Instance", instances),
        (
            "AWS::EC2::Volume",
            count("us-east-1/ec2/describe-volumes.json", "/Volumes"),
        ),
        (
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            count(
                "us-east-1/elbv2/describe-load-balancers.json",
                "/LoadBalancers",
            ),
        ),
        (
            "AWS::ElasticLoadBalancingV2::TargetGroup",
            count(
                "us-east-1/elbv2/describe-target-groups.json",
                "/TargetGroups",
            ),
        ),
        (
            "AWS::RDS::DBInstance",
            count("us-east-1/rds/describe-db-instances.json", "/DBInstances"),
        ),
    ];
    for (kind, n) in expected {
        assert!(n > 0, "the example has no {kind}");
        assert_eq!(by_type.get(kind).copied().unwrap_or(0), n, "{kind}");
    }
}

#[test]
fn inventory_type_filter_and_unknown_type() {
    let items = stdout_json(
        keyaki()
            .args([
                "inventory",
                "--format",
                "json",
                "--type",
                "aws::ec2::instance",
            ])
            .arg(example()),
    );
    let items = items.as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i["type"] == "AWS::EC2::Instance"));
    let items = stdout_json(
        keyaki()
            .args(["inventory", "--format", "json", "--type", "AWS::EC2::"])
            .arg(example()),
    );
    assert!(
        items
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["type"].as_str().unwrap().starts_with("AWS::EC2::"))
    );
    keyaki()
        .args(["inventory", "--type", "AWS::EC2::Instanse"])
        .arg(example())
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "error: unknown resource type \"AWS::EC2::Instanse\"; types in this snapshot: ",
        ));
}

#[test]
fn inventory_xlsx_reads_back() {
    use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inventory.xlsx");
    keyaki()
        .args(["inventory", "--format", "xlsx", "--output"])
        .arg(&path)
        .arg(example())
        .assert()
        .success();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let names = book.sheet_names().to_vec();
    assert_eq!(names[0], "Summary");
    assert!(names.contains(&"EC2 Instance".to_owned()), "{names:?}");
    let summary = book.worksheet_range("Summary").unwrap();
    let rows: Vec<_> = summary.rows().collect();
    assert_eq!(rows[0][0], Data::String("Resource type".into()));
    let total: f64 = rows[1..]
        .iter()
        .map(|r| r[1].get_float().unwrap_or(0.0))
        .sum();
    let items = stdout_json(
        keyaki()
            .args(["inventory", "--format", "json"])
            .arg(example()),
    );
    assert_eq!(total as usize, items.as_array().unwrap().len());
    // Each type's sheet has one row per resource, ids in the first column.
    let instances = book.worksheet_range("EC2 Instance").unwrap();
    let header: Vec<String> = instances
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(&header[..3], ["Id", "Name", "ARN"]);
    let ids: Vec<String> = instances.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert!(ids.iter().all(|id| id.starts_with("i-")), "{ids:?}");
}

#[test]
fn inventory_csv_has_a_header_and_one_row_per_resource() {
    let out = keyaki()
        .args(["inventory", "--format", "csv"])
        .arg(example())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut reader = csv::Reader::from_reader(out.as_slice());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "type",
            "id",
            "arn",
            "account",
            "region",
            "name",
            "attributes",
            "source"
        ]
    );
    let rows = reader.records().count();
    let items = stdout_json(
        keyaki()
            .args(["inventory", "--format", "json"])
            .arg(example()),
    );
    assert_eq!(rows, items.as_array().unwrap().len());
}

#[test]
fn validate_the_example_is_clean() {
    let report = stdout_json(
        keyaki()
            .args(["snapshot", "validate", "--format", "json"])
            .arg(example()),
    );
    assert_eq!(report["errors"], serde_json::json!([]));
    assert_eq!(report["accounts"][0]["id"], "123456789012");
    let unknown: Vec<_> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == "unknown-file")
        .collect();
    assert!(
        unknown.is_empty(),
        "every file of the example is a known output: {unknown:?}"
    );
}

#[test]
fn validate_reports_every_error_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let ec2 = dir.path().join("us-east-1/ec2");
    std::fs::create_dir_all(&ec2).unwrap();
    std::fs::write(
        ec2.join("describe-vpcs.json"),
        "{\"Vpcs\": [{\"VpcId\": \"vpc-1\"}]}",
    )
    .unwrap();
    std::fs::write(ec2.join("describe-subnets.json"), "{\"Subnets\": [").unwrap();
    let root = dir.path().display().to_string();
    let out = keyaki()
        .args(["snapshot", "validate"])
        .arg(dir.path())
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap().replace(&root, "SNAP");
    insta::assert_snapshot!(text, @"
    snapshot SNAP: 2 files, 0 resources


    2 errors:
      error: SNAP/us-east-1/ec2/describe-subnets.json:1:13: invalid JSON: EOF while parsing a list
      error: SNAP/us-east-1/ec2/describe-vpcs.json:1:28: $.Vpcs[0]: missing field `CidrBlock`
    ");
    // The other commands refuse a snapshot with errors, and say so on standard error.
    let err = keyaki()
        .arg("inventory")
        .arg(dir.path())
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap().replace(&root, "SNAP");
    insta::assert_snapshot!(err, @"
    error: cannot load the snapshot SNAP
      caused by: 2 errors while loading the snapshot:
      SNAP/us-east-1/ec2/describe-subnets.json:1:13: invalid JSON: EOF while parsing a list
      SNAP/us-east-1/ec2/describe-vpcs.json:1:28: $.Vpcs[0]: missing field `CidrBlock`
    ");
}

#[test]
fn missing_snapshot_is_a_clear_error() {
    keyaki()
        .args(["inventory", "/nonexistent/snap"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "/nonexistent/snap: no such directory",
        ));
}

#[test]
fn demo_runs_on_the_bundled_example() {
    let out = keyaki()
        .arg("demo")
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .assert()
        .success()
        .stdout(predicate::str::contains("[snapshot]"))
        .stdout(predicate::str::contains("is internet-facing"))
        .stdout(predicate::str::contains("still accepts IMDSv1"))
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let section = |name: &str| -> Vec<&str> {
        out.lines()
            .skip_while(|l| !l.starts_with(name))
            .take_while(|l| !l.is_empty())
            .collect()
    };
    // What the internet reaches: the bastion's SSH directly, the web servers only through
    // the load balancer, and the open rule that leads nowhere.
    let exposure = section("[exposure]");
    let line = |needle: &str| -> &str {
        exposure
            .iter()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle} in {exposure:#?}"))
    };
    assert!(line("(bastion)").contains("tcp 22"));
    assert!(line("(bastion)").contains("direct, at 3.222.47.105"));
    assert!(line("(web-1)").contains("through load balancer web-alb"));
    assert!(line("(web-2)").contains("through load balancer web-alb"));
    assert!(line("(web-alb)").contains("tcp 80,443"));
    assert!(line("no path:").contains("(debug-sg)"));
    // The escalation path: batch-job assumes developer-role without MFA, developer-role
    // rewrites its own policy, bob needs MFA, and the partner account reads customer data.
    let access = section("[access]");
    let line = |needle: &str| -> &str {
        access
            .iter()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle} in {access:#?}"))
    };
    assert!(line("batch-job sts:AssumeRole").contains("ALLOWED"));
    assert!(line("batch-job sts:AssumeRole").contains("NightlyReportJob"));
    assert!(line("iam:CreatePolicyVersion").contains("ALLOWED"));
    assert!(line("bob sts:AssumeRole").contains("DENIED"));
    assert!(line("who can s3:GetObject").contains("444455556666"));
    // The detections, by severity, one line each.
    let detections = section("[detections]");
    assert!(detections[1].contains(" findings from "), "{detections:#?}");
    for rule in [
        "ct.cloudtrail-tampering",
        "ct.policy-version-escalation",
        "ct.instance-credential-exfiltration",
    ] {
        assert!(detections.iter().any(|l| l.contains(rule)), "{rule}");
    }
    // The timeline of the stolen key: the scan, the web exploit, the calls.
    let timeline = section("[timeline]");
    assert!(
        timeline[0].starts_with("[timeline] ASIABZPUZDIKIRIUQMHC"),
        "{timeline:#?}"
    );
    let sources: Vec<&str> = timeline[1..]
        .iter()
        .map(|l| l.split_whitespace().nth(2).unwrap())
        .collect();
    assert_eq!(
        &sources[..3],
        ["vpcflow", "alb", "cloudtrail"],
        "{timeline:#?}"
    );
    assert!(out.lines().count() <= 68, "the demo stays short:\n{out}");
}

#[test]
fn synth_writes_a_snapshot_that_loads() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("synth");
    keyaki()
        .args([
            "synth",
            "--enis",
            "300",
            "--instances",
            "200",
            "--security-groups",
            "30",
            "--principals",
            "20",
            "--seed",
            "3",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("wrote "));
    let report = stdout_json(
        keyaki()
            .args(["snapshot", "validate", "--format", "json"])
            .arg(&out),
    );
    assert_eq!(report["errors"], serde_json::json!([]));
    assert_eq!(report["counts"]["AWS::EC2::NetworkInterface"], 300);
    assert_eq!(report["counts"]["AWS::EC2::Instance"], 200);
    assert_eq!(report["counts"]["AWS::EC2::SecurityGroup"], 30);
    // Writing again into the same directory needs --overwrite.
    keyaki().arg("synth").arg(&out).assert().code(1);
}

/// The subcommand names a `--help` text lists under "Commands:" (without `help`).
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        // Command lines are indented by two spaces; wrapped descriptions by more.
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

fn help_of(args: &[&str]) -> String {
    let mut args = args.to_vec();
    args.push("--help");
    String::from_utf8(
        keyaki()
            .args(&args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone(),
    )
    .unwrap()
}

#[test]
fn every_flag_is_documented() {
    // Every command the binary lists has a page in docs/commands/ (`snapshot validate` is
    // snapshot-validate.md), and the page names every long flag the command accepts.
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/commands");
    let mut commands: Vec<Vec<String>> = Vec::new();
    for top in subcommands(&help_of(&[])) {
        let nested = subcommands(&help_of(&[top.as_str()]));
        if nested.is_empty() {
            commands.push(vec![top]);
        } else {
            commands.extend(nested.into_iter().map(|sub| vec![top.clone(), sub]));
        }
    }
    assert!(commands.len() >= 20, "too few commands found: {commands:?}");
    for command in commands {
        let name = command.join(" ");
        let page = format!("{}.md", command.join("-"));
        let args: Vec<&str> = command.iter().map(String::as_str).collect();
        let help = help_of(&args);
        let doc = std::fs::read_to_string(docs.join(&page))
            .unwrap_or_else(|_| panic!("`keyaki {name}` has no page docs/commands/{page}"));
        for flag in help
            .split_whitespace()
            .filter(|w| w.starts_with("--"))
            .map(|w| w.trim_end_matches([',', '.', ')', ';', ':']))
        {
            let flag = flag.split(['=', '<']).next().unwrap();
            if flag == "--help" || flag == "--version" {
                continue;
            }
            assert!(
                doc.contains(flag),
                "docs/commands/{page} does not document `keyaki {name} {flag}`"
            );
        }
    }
}
