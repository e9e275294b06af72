//! Bad input gets an error that names the file, the line and column, the JSON path, and
//! what was expected; never a panic, never a silent drop.

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

use std::path::Path;

use keyaki_snapshot::{Snapshot, WarningKind};

struct Snap {
    dir: tempfile::TempDir,
}

impl Snap {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn file(self, path: &str, text: &str) -> Self {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
        self
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Every error, one per line, with the temporary directory written as `SNAP`.
    fn errors(&self) -> String {
        let report = Snapshot::load_report(self.path());
        let root = self.path().display().to_string();
        report
            .errors
            .iter()
            .map(|e| e.to_string().replace(&root, "SNAP"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn warnings(&self) -> String {
        let snap = Snapshot::load(self.path()).unwrap();
        let root = self.path().display().to_string();
        snap.warnings()
            .iter()
            .map(|w| w.to_string().replace(&root, "SNAP"))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[test]
fn malformed_json_names_file_line_and_column() {
    let snap = Snap::new().file(
        "us-east-1/ec2/describe-vpcs.json",
        "{\n  \"Vpcs\": [\n    {\"VpcId\": \"vpc-1\",}\n  ]\n}\n",
    );
    insta::assert_snapshot!(snap.errors(), @"SNAP/us-east-1/ec2/describe-vpcs.json:3:23: invalid JSON: key must be a string");
}

#[test]
fn truncated_file() {
    let snap = Snap::new().file("us-east-1/ec2/describe-subnets.json", "{\"Subnets\": [");
    insta::assert_snapshot!(snap.errors(), @"SNAP/us-east-1/ec2/describe-subnets.json:1:13: invalid JSON: EOF while parsing a list");
}

#[test]
fn missing_required_field_names_the_json_path() {
    let snap = Snap::new().file(
        "us-east-1/ec2/describe-vpcs.json",
        "{\n  \"Vpcs\": [\n    {\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/16\"},\n    {\"VpcId\": \"vpc-2\"}\n  ]\n}\n",
    );
    insta::assert_snapshot!(snap.errors(), @"SNAP/us-east-1/ec2/describe-vpcs.json:4:22: $.Vpcs[1]: missing field `CidrBlock`");
}

#[test]
fn wrong_type_deep_inside_a_resource() {
    let snap = Snap::new().file(
        "us-east-1/ec2/describe-security-groups.json",
        r#"{"SecurityGroups": [
  {"GroupId": "sg-1", "GroupName": "web",
   "IpPermissions": [{"IpProtocol": "tcp", "FromPort": "eighty", "ToPort": 80}]}
]}"#,
    );
    insta::assert_snapshot!(snap.errors(), @r#"SNAP/us-east-1/ec2/describe-security-groups.json:3:63: $.SecurityGroups[0].IpPermissions[0].FromPort: invalid type: string "eighty", expected i32"#);
}

#[test]
fn every_bad_element_is_reported_not_just_the_first() {
    let snap = Snap::new().file(
        "us-east-1/ec2/describe-subnets.json",
        "{\"Subnets\": [\n{\"SubnetId\": \"subnet-1\"},\n{\"SubnetId\": \"subnet-2\", \"VpcId\": 7}\n]}",
    );
    insta::assert_snapshot!(snap.errors(), @"
    SNAP/us-east-1/ec2/describe-subnets.json:2:24: $.Subnets[0]: missing field `VpcId`
    SNAP/us-east-1/ec2/describe-subnets.json:3:35: $.Subnets[1].VpcId: invalid type: integer `7`, expected a string
    ");
}

#[test]
fn top_level_must_be_an_object() {
    let snap = Snap::new().file("us-east-1/ec2/describe-vpcs.json", "[1, 2]");
    insta::assert_snapshot!(snap.errors(), @"SNAP/us-east-1/ec2/describe-vpcs.json:1:1: $: expected a JSON object at the top level (the output of an AWS CLI command)");
}

#[test]
fn a_list_that_is_not_an_array() {
    let snap = Snap::new().file(
        "us-east-1/ec2/describe-vpcs.json",
        "{\"Vpcs\": {\"VpcId\": \"vpc-1\"}}",
    );
    insta::assert_snapshot!(snap.errors(), @"SNAP/us-east-1/ec2/describe-vpcs.json:1:10: $.Vpcs: expected an array: invalid type: map, expected a sequence");
}

#[test]
fn not_utf8() {
    let snap = Snap::new().file("us-east-1/ec2/describe-vpcs.json", "{\"Vpcs\": []}");
    std::fs::write(
        snap.path().join("us-east-1/ec2/describe-vpcs.json"),
        b"{\"Vpcs\":\n [\xff]}",
    )
    .unwrap();
    insta::assert_snapshot!(snap.errors(), @"SNAP/us-east-1/ec2/describe-vpcs.json:2:3: invalid UTF-8: the file is not UTF-8 text");
}

#[test]
fn not_a_directory() {
    let snap = Snap::new().file("file.json", "{}");
    let err = Snapshot::load(snap.path().join("file.json"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        err.replace(&snap.path().display().to_string(), "SNAP"),
        "SNAP/file.json: not a directory"
    );
    let err = Snapshot::load(snap.path().join("missing"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        err.replace(&snap.path().display().to_string(), "SNAP"),
        "SNAP/missing: no such directory"
    );
}

#[test]
fn good_files_still_load_beside_a_bad_one() {
    let snap = Snap::new()
        .file(
            "us-east-1/ec2/describe-vpcs.json",
            r#"{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}]}"#,
        )
        .file("us-east-1/ec2/describe-subnets.json", "{oops}");
    let report = Snapshot::load_report(snap.path());
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.snapshot.inventory().len(), 1);
    assert!(Snapshot::load(snap.path()).is_err());
}

#[test]
fn unknown_files_are_warnings() {
    let snap = Snap::new()
        .file("us-east-1/ec2/describe-vpcs.json", r#"{"Vpcs": []}"#)
        .file(
            "us-east-1/ec2/describe-something-new.json",
            r#"{"SomethingNew": [], "NextToken": null}"#,
        )
        .file("us-east-1/notes.txt", "hello")
        .file("README.md", "# my snapshot")
        .file("logs/cloudtrail/x.json", "{}");
    insta::assert_snapshot!(snap.warnings(), @"
    SNAP: no account.json (sts get-caller-identity) and no resource names its owner; the account id is unknown
    SNAP/us-east-1/ec2/describe-something-new.json: not an AWS CLI output keyaki knows (top-level keys: NextToken, SomethingNew); skipped
    SNAP/us-east-1/notes.txt: not a .json or .csv file; skipped
    ");
    let snap = Snapshot::load(snap.path()).unwrap();
    assert_eq!(
        snap.warnings()
            .iter()
            .filter(|w| w.kind == WarningKind::UnknownFile)
            .count(),
        2
    );
}

#[test]
fn paginated_outputs_merge_and_duplicates_are_warned() {
    let vpc = |id: &str| format!(r#"{{"VpcId": "{id}", "CidrBlock": "10.0.0.0/16"}}"#);
    let snap = Snap::new()
        .file(
            "eu-west-1/ec2/describe-vpcs.1.json",
            &format!(
                r#"{{"Vpcs": [{}, {}], "NextToken": "abc"}}"#,
                vpc("vpc-1"),
                vpc("vpc-2")
            ),
        )
        .file(
            "eu-west-1/ec2/describe-vpcs.2.json",
            &format!(r#"{{"Vpcs": [{}, {}]}}"#, vpc("vpc-2"), vpc("vpc-3")),
        );
    let loaded = Snapshot::load(snap.path()).unwrap();
    let ec2 = &loaded.accounts()[0].regions[0].ec2;
    assert_eq!(
        ec2.vpcs
            .iter()
            .map(|v| v.vpc_id.as_str())
            .collect::<Vec<_>>(),
        ["vpc-1", "vpc-2", "vpc-3"]
    );
    insta::assert_snapshot!(snap.warnings(), @"
    SNAP: no account.json (sts get-caller-identity) and no resource names its owner; the account id is unknown
    SNAP/eu-west-1/ec2/describe-vpcs.2.json: vpc-2 at $.Vpcs[0] is already loaded from SNAP/eu-west-1/ec2/describe-vpcs.1.json:1: $.Vpcs[1]; the first is kept
    ");
}

#[test]
fn raw_json_and_origin_are_kept() {
    let text = "{\n  \"Vpcs\": [\n    {\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/16\", \"DhcpOptionsId\": \"dopt-1\"}\n  ]\n}\n";
    let snap = Snap::new().file("us-east-1/ec2/describe-vpcs.json", text);
    let loaded = Snapshot::load(snap.path()).unwrap();
    let vpc = &loaded.accounts()[0].regions[0].ec2.vpcs[0];
    assert_eq!(
        vpc.raw.get(),
        r#"{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16", "DhcpOptionsId": "dopt-1"}"#
    );
    assert_eq!(vpc.raw.to_value().unwrap()["DhcpOptionsId"], "dopt-1");
    assert_eq!(vpc.origin.line, 3);
    assert_eq!(&*vpc.origin.json_path, "$.Vpcs[0]");
}
