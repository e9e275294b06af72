//! The SigmaHQ CloudTrail rules: which translate, and whether the translated rules find the same
//! events on the Stratus corpus as the Athena SQL translations of the same rules (the oracles).

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use keyaki_lake::{IngestOptions, Lake, detect, ingest, load_sigma_rules};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_owned()
}

#[test]
fn every_sigma_rule_runs_or_is_reported_with_a_reason() {
    let set = load_sigma_rules(&root().join("tests/data/sigma")).unwrap();
    for (p, why) in &set.unsupported {
        eprintln!("unsupported: {}: {why}", p.display());
    }
    assert_eq!(set.rules.len() + set.unsupported.len(), 57);
    // `status` is no CloudTrail field (aws_delete_saml_provider.yml).
    assert_eq!(set.unsupported.len(), 1, "{:#?}", set.unsupported);
    assert!(set.unsupported[0].1.contains("\"status\""));
    for d in &set.rules {
        assert!(!d.id.is_empty() && !d.title.is_empty(), "{}", d.origin);
    }
    // Every translated rule plans and runs, on an empty lake too.
    let dir = tempfile::tempdir().unwrap();
    let lake = Lake::open(dir.path()).unwrap();
    let report = detect(&lake, &set.rules);
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    assert_eq!(report.detections_run, 56);
}

#[test]
fn sigma_rules_agree_with_the_athena_oracles_on_the_stratus_corpus() {
    let dir = tempfile::tempdir().unwrap();
    ingest(
        dir.path(),
        &[root().join("tests/data/stratus-cloudtrail/CloudTrail")],
        &IngestOptions::new(),
    )
    .unwrap();
    let lake = Lake::open(dir.path()).unwrap();
    let set = load_sigma_rules(&root().join("tests/data/sigma")).unwrap();
    let report = detect(&lake, &set.rules);
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    // The events each rule found, by the rule's file stem.
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for d in &set.rules {
        let stem = Path::new(&d.origin)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let ids = report
            .findings
            .iter()
            .filter(|f| f.rule_id == d.id)
            .flat_map(|f| {
                f.evidence["event_ids"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        found.insert(stem, ids);
    }
    let table = regex::Regex::new(r"cloudtrail_logs_\w+").unwrap();
    let mut compared = Vec::new();
    let mut entries: Vec<_> =
        std::fs::read_dir(root().join("tests/data/stratus-cloudtrail/oracle"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
    entries.sort();
    for path in entries {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let Some(ours) = found.get(&stem) else {
            continue;
        };
        let sql = std::fs::read_to_string(&path).unwrap();
        let sql = table
            .replace_all(&sql, "cloudtrail_logs")
            .replace("SELECT *", "SELECT eventid");
        // Some oracles use OCSF names or struct access into JSON text that Athena's CloudTrail
        // table does not have; those cannot be compared.
        let Ok(rows) = lake.query(&sql).and_then(|r| r.to_json_rows()) else {
            eprintln!("oracle {stem}: not runnable on the lake");
            continue;
        };
        let oracle: BTreeSet<String> = rows
            .into_iter()
            .filter_map(|r| r.get("eventid").and_then(|v| v.as_str().map(str::to_owned)))
            .collect();
        eprintln!("{stem}: oracle {} ours {}", oracle.len(), ours.len());
        assert_eq!(&oracle, ours, "{stem}");
        compared.push((stem, oracle.len()));
    }
    eprintln!("{compared:?}");
    assert!(compared.len() >= 20, "{compared:?}");
    assert!(
        compared.iter().filter(|(_, n)| *n > 0).count() >= 4,
        "{compared:?}"
    );
}
