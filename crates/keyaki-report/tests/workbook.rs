//! The findings workbook with coverage, read back with calamine: "Findings", "Summary" (with a
//! count per framework) and one worksheet per framework, requirement by requirement.

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use keyaki_core::{Finding, Severity};
use keyaki_report::{
    Coverage, CoverageStatus, FindingFormat, FrameworkCoverage, RenderOptions, RequirementCoverage,
};

fn requirement(
    id: &str,
    status: CoverageStatus,
    rules: &[&str],
    pass: usize,
    fail: usize,
) -> RequirementCoverage {
    RequirementCoverage {
        id: id.into(),
        title: format!("requirement {id}"),
        status,
        rules: rules.iter().map(|r| (*r).to_owned()).collect(),
        pass,
        fail,
    }
}

fn coverage() -> Coverage {
    Coverage::new(vec![
        FrameworkCoverage {
            id: "cis-3.0".into(),
            name: "CIS Amazon Web Services Foundations Benchmark v3.0.0".into(),
            requirements: vec![
                requirement(
                    "1.4",
                    CoverageStatus::Automated,
                    &["iam.root-access-key"],
                    1,
                    0,
                ),
                requirement("1.5", CoverageStatus::Automated, &["iam.root-mfa"], 0, 1),
                requirement("1.1", CoverageStatus::Manual, &[], 0, 0),
                requirement("2.1.9", CoverageStatus::NotYet, &[], 0, 0),
            ],
        },
        FrameworkCoverage {
            id: "nist-800-53-r5".into(),
            name: "NIST SP 800-53 Revision 5".into(),
            requirements: vec![requirement(
                "AC-2(1)",
                CoverageStatus::Automated,
                &["iam.root-mfa", "iam.user-mfa"],
                3,
                2,
            )],
        },
    ])
}

fn book(coverage: Option<Coverage>) -> Xlsx<Cursor<Vec<u8>>> {
    let findings = [
        Finding::builder("iam.root-mfa", "Root user has no MFA", Severity::Critical)
            .resource("arn:aws:iam::123456789012:root")
            .compliance("cis-3.0", "1.5")
            .build(),
    ];
    let mut options = RenderOptions::new();
    if let Some(c) = coverage {
        options = options.coverage(c);
    }
    let mut bytes = Vec::new();
    FindingFormat::Xlsx
        .write(&findings, &mut bytes, &options)
        .unwrap();
    open_workbook_from_rs(Cursor::new(bytes)).unwrap()
}

fn rows(range: &calamine::Range<Data>) -> Vec<Vec<String>> {
    range
        .rows()
        .map(|r| r.iter().map(Data::to_string).collect())
        .collect()
}

#[test]
fn one_worksheet_per_framework_with_status_and_counts() {
    let mut book = book(Some(coverage()));
    assert_eq!(
        book.sheet_names(),
        ["Findings", "Summary", "cis-3.0", "nist-800-53-r5"]
    );
    let cis = book.worksheet_range("cis-3.0").unwrap();
    assert_eq!(
        rows(&cis),
        [
            ["Requirement", "Title", "Status", "Rules", "Pass", "Fail"],
            [
                "1.4",
                "requirement 1.4",
                "automated",
                "iam.root-access-key",
                "1",
                "0"
            ],
            [
                "1.5",
                "requirement 1.5",
                "automated",
                "iam.root-mfa",
                "0",
                "1"
            ],
            ["1.1", "requirement 1.1", "manual", "", "0", "0"],
            ["2.1.9", "requirement 2.1.9", "not yet", "", "0", "0"],
        ]
    );
    assert_eq!(cis[(2, 5)], Data::Float(1.0), "counts are numbers");
    let nist = book.worksheet_range("nist-800-53-r5").unwrap();
    assert_eq!(
        rows(&nist)[1],
        [
            "AC-2(1)",
            "requirement AC-2(1)",
            "automated",
            "iam.root-mfa, iam.user-mfa",
            "3",
            "2"
        ]
    );

    // The summary gains a count per framework, right of the rule counts.
    let summary = book.worksheet_range("Summary").unwrap();
    let all = rows(&summary);
    let at = all[0].iter().position(|h| h == "Framework").unwrap();
    let table: Vec<Vec<String>> = all.iter().take(3).map(|r| r[at..at + 7].to_vec()).collect();
    assert_eq!(
        table,
        [
            [
                "Framework",
                "Requirements",
                "Automated",
                "Manual",
                "Not yet",
                "Passing",
                "Failing"
            ],
            ["cis-3.0", "4", "2", "1", "1", "1", "1"],
            ["nist-800-53-r5", "1", "1", "0", "0", "0", "1"],
        ]
    );
}

#[test]
fn without_coverage_the_workbook_is_findings_and_summary() {
    let mut book = book(None);
    assert_eq!(book.sheet_names(), ["Findings", "Summary"]);
    let summary = book.worksheet_range("Summary").unwrap();
    assert!(!rows(&summary)[0].iter().any(|h| h == "Framework"));
}
