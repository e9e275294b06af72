//! SQL over the lake: the documented queries, the Athena functions, partition pruning.

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use keyaki_lake::{IngestOptions, Lake, ingest};

fn example_lake() -> &'static Path {
    static LAKE: OnceLock<tempfile::TempDir> = OnceLock::new();
    LAKE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let logs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/incident-3tier/logs");
        ingest(dir.path(), &[logs], &IngestOptions::new()).unwrap();
        dir
    })
    .path()
}

fn sql_blocks(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in md.lines() {
        match (&mut cur, line.trim_start()) {
            (None, "```sql") => cur = Some(String::new()),
            (Some(_), "```") => out.push(cur.take().unwrap()),
            (Some(c), _) => {
                c.push_str(line);
                c.push('\n');
            }
            _ => {}
        }
    }
    out
}

#[test]
fn every_query_in_the_docs_runs() {
    let md_path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/queries.md");
    let md = std::fs::read_to_string(md_path).unwrap();
    let queries = sql_blocks(&md);
    assert!(queries.len() >= 12, "{}", queries.len());
    let lake = Lake::open(example_lake()).unwrap();
    for q in &queries {
        let sql = q.trim().trim_end_matches(';');
        let r = lake.query(sql).unwrap_or_else(|e| panic!("{sql}\n{e}"));
        // Every documented query finds something in the example, except the anonymous-S3 one.
        if !sql.contains("'anonymous'") {
            assert!(r.num_rows() > 0, "no rows: {sql}");
        }
    }
}

fn one(lake: &Lake, sql: &str) -> serde_json::Value {
    let rows = lake.query(sql).unwrap().to_json_rows().unwrap();
    assert_eq!(rows.len(), 1, "{sql}");
    serde_json::Value::Object(rows[0].clone())
}

#[test]
fn athena_functions() {
    let lake = Lake::open(example_lake()).unwrap();
    let r = one(
        &lake,
        "SELECT count(*) AS n FROM cloudtrail_logs WHERE json_extract_scalar(requestparameters, '$.secretId') = 'prod/db/password' AND useridentity.accesskeyid = 'ASIABZPUZDIKIRIUQMHC'",
    );
    assert_eq!(r["n"], 1);
    let r = one(
        &lake,
        "SELECT to_iso8601(date_trunc('minute', from_iso8601_timestamp('2026-03-12T09:14:03Z'))) AS t, \
         day_of_week(from_iso8601_timestamp('2026-03-12')) AS d, \
         json_extract('{\"a\":{\"b\":[1,2]}}', '$.a.b') AS j, json_array_length('[1,2,3]') AS l, \
         url_decode('%3Bid') AS u",
    );
    assert_eq!(r["t"], "2026-03-12T09:14:00.000Z");
    assert_eq!(r["d"], 4);
    assert_eq!(r["j"], "[1,2]");
    assert_eq!(r["l"], 3);
    assert_eq!(r["u"], ";id");
    // Timestamps compare with timestamp literals.
    let r = one(
        &lake,
        "SELECT count(*) AS n FROM cloudtrail_logs WHERE from_iso8601_timestamp(eventtime) BETWEEN TIMESTAMP '2026-03-12 09:14:00' AND TIMESTAMP '2026-03-12 09:15:00'",
    );
    assert!(r["n"].as_i64().unwrap() > 0);
}

#[test]
fn partitions_prune() {
    let lake = Lake::open(example_lake()).unwrap();
    let all = one(&lake, "SELECT count(*) AS n FROM vpc_flow_logs")["n"]
        .as_i64()
        .unwrap();
    let day = one(
        &lake,
        "SELECT count(*) AS n FROM vpc_flow_logs WHERE dt = '2026-03-13'",
    )["n"]
        .as_i64()
        .unwrap();
    assert_eq!(all, 5500);
    assert!(day > 0 && day < all);
    let plan = lake
        .explain("SELECT count(*) FROM cloudtrail_logs WHERE dt = '2026-03-13'")
        .unwrap();
    assert!(!plan.contains("dt=2026-03-12"), "{plan}");
    assert!(plan.contains("dt=2026-03-13"), "{plan}");
}

#[test]
fn an_empty_lake_has_empty_tables() {
    let dir = tempfile::tempdir().unwrap();
    let lake = Lake::open(dir.path()).unwrap();
    for t in ["cloudtrail_logs", "vpc_flow_logs", "alb_logs", "nginx_logs"] {
        let r = lake.query(&format!("SELECT * FROM {t}")).unwrap();
        assert_eq!(r.num_rows(), 0);
    }
    assert!(lake.query("SELECT nope FROM cloudtrail_logs").is_err());
}
