//! Differential test: DuckDB (PyPI `duckdb`) reads the lake's Parquet files directly, as any
//! engine that understands Hive-partitioned Parquet would, and runs the same queries as
//! keyaki. The answers must be identical.
//!
//! Skipped when Python's `duckdb` module is missing, except under CI (`CI=true`), where a
//! missing module fails the test.

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

use std::path::Path;
use std::process::Command;

use keyaki_lake::{IngestOptions, Lake, ingest};
use serde_json::Value;

const QUERIES: &[&str] = &[
    "SELECT eventname, count(*) AS n FROM cloudtrail_logs GROUP BY eventname ORDER BY n DESC, eventname",
    "SELECT useridentity.arn AS arn, useridentity.type AS t, count(*) AS n FROM cloudtrail_logs WHERE useridentity.arn IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
    "SELECT eventtime, eventid, sourceipaddress, errorcode FROM cloudtrail_logs WHERE dt = '2026-03-12' AND sourceipaddress = '203.0.113.45' ORDER BY eventtime, eventid",
    "SELECT useridentity.sessioncontext.sessionissuer.username AS role, count(*) AS n FROM cloudtrail_logs WHERE useridentity.sessioncontext.sessionissuer.username IS NOT NULL GROUP BY 1 ORDER BY 1",
    "SELECT dt, account, region, count(*) AS n FROM cloudtrail_logs GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    "SELECT dstaddr, sum(bytes) AS b, sum(packets) AS p, count(*) AS n FROM vpc_flow_logs WHERE action = 'ACCEPT' GROUP BY dstaddr ORDER BY b DESC, dstaddr LIMIT 20",
    "SELECT log_status, count(*) AS n, count(srcaddr) AS with_src FROM vpc_flow_logs GROUP BY 1 ORDER BY 1",
    "SELECT srcaddr, count(DISTINCT dstport) AS ports FROM vpc_flow_logs WHERE action = 'REJECT' GROUP BY srcaddr ORDER BY ports DESC, srcaddr LIMIT 10",
    "SELECT client_ip, elb_status_code, count(*) AS n, sum(sent_bytes) AS sent FROM alb_logs GROUP BY 1, 2 ORDER BY n DESC, client_ip, elb_status_code LIMIT 20",
    "SELECT request_verb, request_url, target_status_code FROM alb_logs WHERE client_ip = '203.0.113.45' AND elb_status_code = 200 ORDER BY time, request_url",
    "SELECT round(avg(target_processing_time), 6) AS avg_t, max(request_processing_time) AS max_r FROM alb_logs",
    "SELECT log_host, status, count(*) AS n, sum(body_bytes_sent) AS bytes FROM nginx_logs GROUP BY 1, 2 ORDER BY 1, 2",
];

const SCRIPT: &str = r#"
import json, sys, duckdb
lake, queries = sys.argv[1], json.load(sys.stdin)
con = duckdb.connect()
for source, table in [("cloudtrail", "cloudtrail_logs"), ("vpcflow", "vpc_flow_logs"), ("alb", "alb_logs"), ("nginx", "nginx_logs")]:
    con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{lake}/source={source}/**/*.parquet', hive_partitioning = true, hive_types_autocast = false)")
out = []
for q in queries:
    cur = con.execute(q)
    out.append([[None if v is None else str(v) for v in row] for row in cur.fetchall()])
print(json.dumps(out))
"#;

fn duckdb_available() -> bool {
    Command::new("python3")
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        other => Some(other.to_string()),
    }
}

#[test]
fn duckdb_reads_the_lake_and_agrees() {
    if !duckdb_available() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("python3 module duckdb is missing: CI must install it (pip install duckdb)");
        }
        eprintln!("skipped: python3 module duckdb is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let logs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/incident-3tier/logs");
    ingest(dir.path(), &[logs], &IngestOptions::new()).unwrap();
    let lake = Lake::open(dir.path()).unwrap();

    let mut child = Command::new("python3")
        .args(["-c", SCRIPT, &dir.path().display().to_string()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(serde_json::to_string(QUERIES).unwrap().as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: Vec<Vec<Vec<Option<String>>>> = serde_json::from_slice(&out.stdout).unwrap();

    for (q, expected) in QUERIES.iter().zip(theirs) {
        let result = lake.query(q).unwrap();
        let names: Vec<String> = result
            .schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        let ours: Vec<Vec<Option<String>>> = result
            .to_json_rows()
            .unwrap()
            .into_iter()
            .map(|row| names.iter().map(|n| row.get(n).and_then(text)).collect())
            .collect();
        assert!(!ours.is_empty(), "no rows: {q}");
        assert_eq!(ours, expected, "{q}");
    }
}
