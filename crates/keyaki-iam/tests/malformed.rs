//! Every malformed form of a policy document gives a positioned error (line, column, JSON
//! path and issue code), never a panic and never silence.

use keyaki_iam::{FindingType, Origin, PolicyKind, validate};

/// (document, kind, expected "line:column issue-code json-path").
const CASES: &[(&str, PolicyKind, &str)] = &[
    ("", PolicyKind::Identity, "1:1 json-syntax $"),
    ("{", PolicyKind::Identity, "1:2 json-syntax $"),
    ("[]", PolicyKind::Identity, "1:1 wrong-type $"),
    (
        "{\"Statement\": []} x",
        PolicyKind::Identity,
        "1:19 json-syntax $",
    ),
    (
        "{\"Version\": 2012}",
        PolicyKind::Identity,
        "1:13 wrong-type $.Version",
    ),
    (
        "{\"Version\": \"2012-10-17\"}",
        PolicyKind::Identity,
        "1:1 missing-element $",
    ),
    (
        "{\"Version\": \"2012-10-17\", \"Statement\": 5}",
        PolicyKind::Identity,
        "1:40 wrong-type $.Statement",
    ),
    (
        "{\"Statement\": [5]}",
        PolicyKind::Identity,
        "1:16 wrong-type $.Statement[0]",
    ),
    (
        "{\"Statemnt\": []}",
        PolicyKind::Identity,
        "1:2 unknown-element $.Statemnt",
    ),
    (
        "{\"Statement\": [{\"Action\": \"*\", \"Resource\": \"*\"}]}",
        PolicyKind::Identity,
        "1:16 missing-element $.Statement[0]",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}",
        PolicyKind::Identity,
        "1:27 invalid-value $.Statement[0].Effect",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Resource\": \"*\"}]}",
        PolicyKind::Identity,
        "1:16 missing-element $.Statement[0]",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": [], \"Resource\": \"*\"}]}",
        PolicyKind::Identity,
        "1:46 invalid-value $.Statement[0].Action",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": 5, \"Resource\": \"*\"}]}",
        PolicyKind::Identity,
        "1:46 wrong-type $.Statement[0].Action",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": [1], \"Resource\": \"*\"}]}",
        PolicyKind::Identity,
        "1:47 wrong-type $.Statement[0].Action[0]",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3\", \"Resource\": \"*\"}]}",
        PolicyKind::Identity,
        "1:46 invalid-value $.Statement[0].Action",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"NotAction\": \"*\", \"Resource\": \"*\"}]}",
        PolicyKind::Identity,
        "1:51 conflicting-elements $.Statement[0].NotAction",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": {}}]}",
        PolicyKind::Identity,
        "1:63 wrong-type $.Statement[0].Resource",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Principal\": \"*\"}]}",
        PolicyKind::Identity,
        "1:68 element-not-allowed $.Statement[0].Principal",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"me\", \"Action\": \"*\", \"Resource\": \"*\"}]}",
        PolicyKind::Resource,
        "1:49 invalid-value $.Statement[0].Principal",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"User\": \"x\"}, \"Action\": \"*\", \"Resource\": \"*\"}]}",
        PolicyKind::Resource,
        "1:50 unknown-element $.Statement[0].Principal.User",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {}, \"Action\": \"*\", \"Resource\": \"*\"}]}",
        PolicyKind::Resource,
        "1:49 invalid-value $.Statement[0].Principal",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": []}]}",
        PolicyKind::Identity,
        "1:81 wrong-type $.Statement[0].Condition",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"StringEqualz\": {}}}]}",
        PolicyKind::Identity,
        "1:82 invalid-value $.Statement[0].Condition.StringEqualz",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"NullIfExists\": {\"a:b\": \"true\"}}}]}",
        PolicyKind::Identity,
        "1:82 invalid-value $.Statement[0].Condition.NullIfExists",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"Bool\": \"x\"}}]}",
        PolicyKind::Identity,
        "1:90 wrong-type $.Statement[0].Condition.Bool",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"Bool\": {\"aws:SecureTransport\": null}}}]}",
        PolicyKind::Identity,
        "1:114 wrong-type $.Statement[0].Condition.Bool.aws:SecureTransport",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"Bool\": {\"aws:SecureTransport\": []}}}]}",
        PolicyKind::Identity,
        "1:114 invalid-value $.Statement[0].Condition.Bool.aws:SecureTransport",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\"}]}",
        PolicyKind::Identity,
        "1:36 duplicate-element $.Statement[0].Effect",
    ),
    (
        "{\"Statement\": [{\"Sid\": 1, \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}",
        PolicyKind::Identity,
        "1:24 wrong-type $.Statement[0].Sid",
    ),
    (
        "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"bucket/*\"}}",
        PolicyKind::Identity,
        "1:87 invalid-arn $.Statement.Resource",
    ),
    (
        "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"*\",\n     \"Resource\": \"*\", \"Condition\": {\"IpAddress\": {\"aws:SourceIp\": \"10.0.0.0/99\"}}}\n  ]\n}",
        PolicyKind::Identity,
        "4:67 invalid-condition-value $.Statement[0].Condition.IpAddress.aws:SourceIp",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"DateLessThan\": {\"aws:CurrentTime\": \"soon\"}}}]}",
        PolicyKind::Identity,
        "1:118 invalid-condition-value $.Statement[0].Condition.DateLessThan.aws:CurrentTime",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Condition\": {\"NumericLessThan\": {\"aws:MultiFactorAuthAge\": \"x\"}}}]}",
        PolicyKind::Identity,
        "1:128 invalid-condition-value $.Statement[0].Condition.NumericLessThan.aws:MultiFactorAuthAge",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Deny\", \"Principal\": {\"AWS\": \"1\"}, \"Action\": \"*\", \"Resource\": \"*\"}]}",
        PolicyKind::Rcp,
        "1:16 rcp-principal $.Statement[0]",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\"}]}",
        PolicyKind::Rcp,
        "1:27 rcp-allow $.Statement[0].Effect",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\"}]}",
        PolicyKind::Trust,
        "1:16 missing-principal $.Statement[0]",
    ),
    (
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\"}]}",
        PolicyKind::Identity,
        "1:16 missing-resource $.Statement[0]",
    ),
    (
        "{\"Statement\": [{\"Sid\": \"a\", \"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}, {\"Sid\": \"a\", \"Effect\": \"Deny\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}",
        PolicyKind::Identity,
        "1:89 duplicate-sid $.Statement[1].Sid",
    ),
];

#[test]
fn every_malformed_form_is_positioned() {
    let mut failures = Vec::new();
    for (text, kind, want) in CASES {
        let findings = validate(text, *kind, Origin::inline("$"));
        let errors: Vec<String> = findings
            .iter()
            .filter(|f| f.finding_type == FindingType::Error)
            .map(|f| {
                format!(
                    "{}:{} {} {}",
                    f.location.line, f.location.column, f.issue_code, f.location.json_path
                )
            })
            .collect();
        if !errors.iter().any(|e| e == want) {
            failures.push(format!("{text:?}: want {want}, got {errors:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
