//! Readers and the lake: real-format inputs, malformed records, idempotence, crash safety.

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

use std::path::{Path, PathBuf};

use keyaki_lake::{Counts, FileStatus, IngestOptions, SourceKind, ingest};

fn data(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(p)
}

fn example_logs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/incident-3tier/logs")
}

fn parquet_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "parquet") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_bundled_example_ingests_completely() {
    let lake = tempfile::tempdir().unwrap();
    let report = ingest(lake.path(), &[example_logs()], &IngestOptions::new()).unwrap();
    let by = |k: SourceKind| {
        let mut c = Counts::default();
        for f in report.files.iter().filter(|f| f.source == Some(k)) {
            c.read += f.counts.read;
            c.written += f.counts.written;
            c.quarantined += f.counts.quarantined;
        }
        c
    };
    // The README's counts.
    assert_eq!(by(SourceKind::CloudTrail).written, 483);
    assert_eq!(by(SourceKind::VpcFlow).written, 5500);
    assert_eq!(by(SourceKind::Alb).written, 1196);
    assert_eq!(by(SourceKind::Nginx).written, 578 + 588);
    assert_eq!(report.totals.quarantined, 0);
    assert!(report.totals.balanced());
    assert_eq!(report.count(|s| *s == FileStatus::DigestSkipped), 1);
    assert_eq!(
        report.count(|s| matches!(s, FileStatus::Unrecognized(_))),
        0
    );
    // Hive layout.
    let files = parquet_files(lake.path());
    assert!(
        files.iter().any(|f| f.to_string_lossy().contains(
            "source=cloudtrail/account=123456789012/region=us-east-1/dt=2026-03-12/part-"
        ))
    );
    assert!(files.iter().any(|f| {
        f.to_string_lossy()
            .contains("source=vpcflow/account=123456789012/region=us-east-1/dt=2026-03-12")
    }));
    assert!(files.iter().any(|f| {
        f.to_string_lossy()
            .contains("source=nginx/account=unknown/region=unknown/dt=2026-03-12")
    }));

    // Re-ingesting is a no-op.
    let again = ingest(lake.path(), &[example_logs()], &IngestOptions::new()).unwrap();
    assert_eq!(again.totals.written, 0);
    assert_eq!(
        again.count(|s| *s == FileStatus::AlreadyIngested),
        report.count(|s| *s == FileStatus::Ingested)
    );
    assert_eq!(parquet_files(lake.path()), files);
}

#[test]
fn every_stratus_record_is_read() {
    let lake = tempfile::tempdir().unwrap();
    let report = ingest(
        lake.path(),
        &[data("stratus-cloudtrail/CloudTrail")],
        &IngestOptions::new(),
    )
    .unwrap();
    assert_eq!(report.count(|s| *s == FileStatus::Ingested), 55);
    assert_eq!(
        report.totals.quarantined, 0,
        "{:?}",
        report.quarantine_files
    );
    assert!(report.totals.written >= 2900, "{:?}", report.totals);
    assert!(report.totals.balanced());
}

#[test]
fn malformed_records_go_to_quarantine_and_counts_balance() {
    let lake = tempfile::tempdir().unwrap();
    let report = ingest(lake.path(), &[data("malformed")], &IngestOptions::new()).unwrap();
    let get = |name: &str| {
        report
            .files
            .iter()
            .find(|f| f.path.ends_with(name))
            .unwrap_or_else(|| panic!("{name} not in report"))
            .clone()
    };
    for (name, kind, read, written, quarantined) in [
        ("ct-records.json", SourceKind::CloudTrail, 4, 2, 2),
        ("ct-lines.jsonl", SourceKind::CloudTrail, 4, 2, 2),
        ("flow.log", SourceKind::VpcFlow, 4, 2, 2),
        ("alb.log", SourceKind::Alb, 4, 2, 2),
        ("access.log", SourceKind::Nginx, 3, 2, 1),
    ] {
        let f = get(name);
        assert_eq!(f.source, Some(kind), "{name}");
        assert_eq!(
            (f.counts.read, f.counts.written, f.counts.quarantined),
            (read, written, quarantined),
            "{name}"
        );
        assert!(f.counts.balanced());
    }
    assert!(report.totals.balanced());
    let mut entries = Vec::new();
    for q in &report.quarantine_files {
        for line in std::fs::read_to_string(q).unwrap().lines() {
            entries.push(serde_json::from_str::<keyaki_lake::QuarantineEntry>(line).unwrap());
        }
    }
    assert_eq!(entries.len() as u64, report.totals.quarantined);
    let no_time = entries.iter().find(|e| e.text.contains("no-time")).unwrap();
    assert_eq!(no_time.reason, "missing eventTime");
    assert_eq!(no_time.line, 2);
    assert_eq!(no_time.record, Some(1));
    assert!(
        entries
            .iter()
            .any(|e| e.file.ends_with("flow.log") && e.line == 3 && e.reason.contains("dstport"))
    );
    assert!(
        entries.iter().any(|e| e.file.ends_with("alb.log")
            && e.line == 4
            && e.reason.contains("unterminated"))
    );
    assert!(
        entries
            .iter()
            .any(|e| e.file.ends_with("access.log") && e.line == 2)
    );
}

#[test]
fn a_killed_ingest_leaves_no_partial_file_and_is_finished_later() {
    let lake = tempfile::tempdir().unwrap();
    // Simulate a crash before the journal: staging files only.
    let staging = lake.path().join("_keyaki/staging/deadbeef");
    std::fs::create_dir_all(&staging).unwrap();
    std::fs::write(staging.join("0.parquet"), b"PAR1 half a file").unwrap();
    let report = ingest(
        lake.path(),
        &[data("malformed/access.log")],
        &IngestOptions::new(),
    )
    .unwrap();
    assert_eq!(report.totals.written, 2);
    assert!(!staging.exists());
    for f in parquet_files(lake.path()) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(
            bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"),
            "{f:?}"
        );
    }
}

#[test]
fn forcing_a_source_reads_unrecognised_files_and_quarantines_what_does_not_fit() {
    let lake = tempfile::tempdir().unwrap();
    let report = ingest(
        lake.path(),
        &[data("malformed/flow.log")],
        &IngestOptions::new().source(SourceKind::Nginx),
    )
    .unwrap();
    assert_eq!(report.totals.written, 0);
    assert_eq!(report.totals.quarantined, 5);
    assert!(report.totals.balanced());
}
