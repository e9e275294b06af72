//! OCSF export: the bundled example's CloudTrail and VPC flow logs, exported as OCSF 1.1.0
//! API Activity (6003) and Network Activity (4001) events, are checked row for row against the
//! raw log files (read here independently of keyaki's readers), every attribute the OCSF
//! 1.1.0 class definitions mark `required` is present, and DuckDB reads the files.
//!
//! References: OCSF schema 1.1.0 `events/base_event.json`, `includes/classification.json`,
//! `includes/occurrence.json`, `profiles/cloud.json`, `events/application/api.json`,
//! `events/network/network.json`, `objects/api.json`, `objects/cloud.json`,
//! `objects/metadata.json`, `objects/product.json`, `objects/network_connection_info.json`;
//! Amazon Security Lake User Guide, "Open Cybersecurity Schema Framework (OCSF) in Security
//! Lake" (https://docs.aws.amazon.com/security-lake/latest/userguide/open-cybersecurity-schema-framework.html)
//! for the source identification (`metadata.product.name` CloudTrail / Amazon VPC, vendor AWS,
//! feature Management / Flowlogs).

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use arrow::datatypes::DataType;
use keyaki_lake::{IngestOptions, Lake, OcsfClass, export_ocsf, ingest};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::{Map, Value};

fn example_logs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/incident-3tier/logs")
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn read_gz(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let mut text = String::new();
    if bytes.starts_with(&[0x1f, 0x8b]) {
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap();
    } else {
        text = String::from_utf8(bytes).unwrap();
    }
    text
}

/// Every exported row of `class`, as JSON objects (null attributes left out).
fn exported_rows(out: &Path, class: OcsfClass) -> Vec<Map<String, Value>> {
    let mut files = Vec::new();
    files_under(out, &mut files);
    let mut rows = Vec::new();
    for f in files {
        let reader =
            ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&f).unwrap()).unwrap();
        if reader.schema().field_with_name("class_uid").is_err() {
            continue;
        }
        for batch in reader.build().unwrap() {
            let batch = batch.unwrap();
            let mut buf = Vec::new();
            let mut w = arrow::json::LineDelimitedWriter::new(&mut buf);
            w.write(&batch).unwrap();
            w.finish().unwrap();
            for line in buf.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
                let row: Map<String, Value> = serde_json::from_slice(line).unwrap();
                if row["class_uid"] == class.class_uid() {
                    rows.push(row);
                }
            }
        }
    }
    rows
}

fn at<'a>(row: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut v = row.get(parts.next()?)?;
    for p in parts {
        v = v.as_object()?.get(p)?;
    }
    (!v.is_null()).then_some(v)
}

fn at_str<'a>(row: &'a Map<String, Value>, path: &str) -> Option<&'a str> {
    at(row, path).and_then(Value::as_str)
}

/// Attributes with `"requirement": "required"` in OCSF 1.1.0, for each class (the base event,
/// its includes and the cloud profile, then the class), and the required attributes of the
/// objects they hold.
const REQUIRED_COMMON: &[&str] = &[
    "activity_id",
    "category_uid",
    "class_uid",
    "type_uid",
    "time",
    "severity_id",
    "metadata",
    "metadata.product",
    "metadata.product.vendor_name",
    "metadata.version",
    "cloud",
    "cloud.provider",
];
const REQUIRED_API_ACTIVITY: &[&str] = &["actor", "api", "api.operation", "src_endpoint"];
const REQUIRED_NETWORK_ACTIVITY: &[&str] = &[
    "src_endpoint",
    "dst_endpoint",
    "connection_info.direction_id",
];

struct Exported {
    _dir: tempfile::TempDir,
    lake: PathBuf,
    out: PathBuf,
}

fn export_example() -> Exported {
    let dir = tempfile::tempdir().unwrap();
    let lake = dir.path().join("lake");
    let out = dir.path().join("ocsf");
    let report = ingest(&lake, &[example_logs()], &IngestOptions::new()).unwrap();
    assert_eq!(report.totals.quarantined, 0);
    let exported = export_ocsf(&lake, &out).unwrap();
    assert!(exported.skipped.is_empty(), "{:?}", exported.skipped);
    assert_eq!(
        exported.read.values().sum::<u64>(),
        exported.written.values().sum::<u64>()
    );
    Exported {
        _dir: dir,
        lake,
        out,
    }
}

#[test]
fn columns_are_nested_structs_and_timestamps() {
    let schema = OcsfClass::ApiActivity.schema();
    let DataType::Struct(actor) = schema.field_with_name("actor").unwrap().data_type() else {
        panic!("actor is not a struct");
    };
    let DataType::Struct(user) = actor.find("user").unwrap().1.data_type() else {
        panic!("actor.user is not a struct");
    };
    assert!(user.find("uid").is_some());
    assert!(matches!(
        schema.field_with_name("time").unwrap().data_type(),
        DataType::Timestamp(arrow::datatypes::TimeUnit::Millisecond, Some(tz)) if &**tz == "UTC"
    ));
    let net = OcsfClass::NetworkActivity.schema();
    assert!(matches!(
        net.field_with_name("src_endpoint").unwrap().data_type(),
        DataType::Struct(f) if f.find("ip").is_some()
    ));
}

#[test]
fn required_attributes_are_present_in_every_event() {
    let e = export_example();
    for (class, extra) in [
        (OcsfClass::ApiActivity, REQUIRED_API_ACTIVITY),
        (OcsfClass::NetworkActivity, REQUIRED_NETWORK_ACTIVITY),
    ] {
        let rows = exported_rows(&e.out, class);
        assert!(!rows.is_empty(), "no {} events", class.name());
        for row in &rows {
            for path in REQUIRED_COMMON.iter().chain(extra) {
                assert!(
                    at(row, path).is_some(),
                    "{}: {path} missing in {row:?}",
                    class.name()
                );
            }
            assert_eq!(at_str(row, "metadata.version"), Some("1.1.0"));
            assert_eq!(at_str(row, "cloud.provider"), Some("AWS"));
            assert_eq!(at_str(row, "metadata.product.vendor_name"), Some("AWS"));
            let class_uid = at(row, "class_uid").unwrap().as_i64().unwrap();
            let activity = at(row, "activity_id").unwrap().as_i64().unwrap();
            assert_eq!(
                at(row, "type_uid").unwrap().as_i64(),
                Some(class_uid * 100 + activity)
            );
        }
    }
}

fn millis(iso: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(iso)
        .unwrap()
        .timestamp_millis()
}

/// The JSON writer shows a timestamp as RFC 3339 text.
fn exported_millis(row: &Map<String, Value>, path: &str) -> i64 {
    millis(at_str(row, path).unwrap())
}

#[test]
fn cloudtrail_records_map_row_for_row() {
    let e = export_example();
    let mut files = Vec::new();
    files_under(&example_logs().join("cloudtrail"), &mut files);
    let mut raw: HashMap<String, Value> = HashMap::new();
    for f in files {
        let v: Value = serde_json::from_str(&read_gz(&f)).unwrap();
        if let Some(records) = v.get("Records").and_then(Value::as_array) {
            for r in records {
                let id = r["eventID"].as_str().unwrap().to_owned();
                assert!(raw.insert(id, r.clone()).is_none());
            }
        }
    }
    let rows = exported_rows(&e.out, OcsfClass::ApiActivity);
    assert_eq!(rows.len(), raw.len());
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    for row in &rows {
        let id = at_str(row, "metadata.uid").unwrap();
        let r = &raw[id];
        let ui = &r["userIdentity"];
        assert_eq!(
            at_str(row, "api.operation"),
            r["eventName"].as_str(),
            "{id}"
        );
        assert_eq!(
            at_str(row, "api.service.name"),
            r["eventSource"].as_str(),
            "{id}"
        );
        assert_eq!(at_str(row, "cloud.region"), r["awsRegion"].as_str(), "{id}");
        assert_eq!(
            at_str(row, "cloud.account.uid"),
            r["recipientAccountId"].as_str(),
            "{id}"
        );
        assert_eq!(
            exported_millis(row, "time"),
            millis(r["eventTime"].as_str().unwrap())
        );
        assert_eq!(
            at_str(row, "actor.user.type").map(str::to_owned),
            s(ui, "type"),
            "{id}"
        );
        assert_eq!(
            at_str(row, "actor.user.uid").map(str::to_owned),
            s(ui, "arn"),
            "{id}"
        );
        assert_eq!(
            at_str(row, "actor.user.uid_alt").map(str::to_owned),
            s(ui, "principalId")
        );
        assert_eq!(
            at_str(row, "actor.user.credential_uid").map(str::to_owned),
            s(ui, "accessKeyId")
        );
        assert_eq!(
            at_str(row, "actor.user.account.uid").map(str::to_owned),
            s(ui, "accountId")
        );
        assert_eq!(
            at_str(row, "actor.session.issuer").map(str::to_owned),
            ui.pointer("/sessionContext/sessionIssuer/arn")
                .and_then(Value::as_str)
                .map(str::to_owned)
        );
        let source = r["sourceIPAddress"].as_str().unwrap();
        if source.parse::<std::net::IpAddr>().is_ok() {
            assert_eq!(at_str(row, "src_endpoint.ip"), Some(source), "{id}");
        } else {
            assert_eq!(at_str(row, "src_endpoint.domain"), Some(source), "{id}");
        }
        assert_eq!(
            at_str(row, "http_request.user_agent").map(str::to_owned),
            s(r, "userAgent")
        );
        assert_eq!(
            at_str(row, "api.request.uid").map(str::to_owned),
            s(r, "requestID")
        );
        let error = s(r, "errorCode");
        assert_eq!(at_str(row, "api.response.error").map(str::to_owned), error);
        assert_eq!(
            at(row, "status_id").unwrap().as_i64(),
            Some(if error.is_some() { 2 } else { 1 })
        );
        match r.get("requestParameters").filter(|v| !v.is_null()) {
            Some(p) => {
                let data: Value =
                    serde_json::from_str(at_str(row, "api.request.data").unwrap()).unwrap();
                assert_eq!(&data, p, "{id}");
            }
            None => assert!(at(row, "api.request.data").is_none()),
        }
    }
}

#[test]
fn flow_records_map_row_for_row() {
    let e = export_example();
    let mut files = Vec::new();
    files_under(&example_logs().join("vpcflow"), &mut files);
    type Key = (
        String,
        Option<String>,
        Option<String>,
        Option<i64>,
        Option<i64>,
        i64,
        String,
    );
    let mut raw: BTreeMap<Key, usize> = BTreeMap::new();
    for f in files {
        let text = read_gz(&f);
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(' ').collect();
        for line in lines.filter(|l| !l.trim().is_empty()) {
            let v: HashMap<&str, &str> = header.iter().copied().zip(line.split(' ')).collect();
            let opt = |k: &str| Some(v[k]).filter(|x| *x != "-").map(str::to_owned);
            let num = |k: &str| opt(k).map(|x| x.parse::<i64>().unwrap());
            let key = (
                v["interface-id"].to_owned(),
                opt("srcaddr"),
                opt("dstaddr"),
                num("srcport"),
                num("dstport"),
                num("start").unwrap() * 1000,
                v["log-status"].to_owned(),
            );
            *raw.entry(key).or_default() += 1;
        }
    }
    let rows = exported_rows(&e.out, OcsfClass::NetworkActivity);
    let mut ours: BTreeMap<Key, usize> = BTreeMap::new();
    for row in &rows {
        let key = (
            at_str(row, "src_endpoint.interface_uid")
                .unwrap()
                .to_owned(),
            at_str(row, "src_endpoint.ip").map(str::to_owned),
            at_str(row, "dst_endpoint.ip").map(str::to_owned),
            at(row, "src_endpoint.port").and_then(Value::as_i64),
            at(row, "dst_endpoint.port").and_then(Value::as_i64),
            exported_millis(row, "start_time"),
            at_str(row, "status_code").unwrap().to_owned(),
        );
        *ours.entry(key).or_default() += 1;
        assert_eq!(at(row, "activity_id").unwrap().as_i64(), Some(6));
        let action = at_str(row, "action");
        if at_str(row, "status_code") == Some("OK") {
            assert!(matches!(action, Some("Allowed" | "Denied")), "{row:?}");
        }
    }
    assert_eq!(rows.len(), raw.values().sum::<usize>());
    assert_eq!(ours, raw);
}

#[test]
fn files_are_laid_out_as_security_lake_partitions() {
    let e = export_example();
    let mut files = Vec::new();
    files_under(&e.out, &mut files);
    assert!(!files.is_empty());
    for f in &files {
        let rel = f
            .strip_prefix(&e.out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let parts: Vec<&str> = rel.split('/').collect();
        assert_eq!(parts[0], "aws", "{rel}");
        assert!(
            matches!(
                parts[1],
                "CLOUD_TRAIL_MGMT" | "S3_DATA" | "LAMBDA_EXECUTION" | "VPC_FLOW"
            ),
            "{rel}"
        );
        assert_eq!(parts[2], "2.0");
        assert_eq!(parts[3], "region=us-east-1", "{rel}");
        assert_eq!(parts[4], "accountId=123456789012", "{rel}");
        let day = parts[5].strip_prefix("eventDay=").unwrap();
        assert!(
            day.len() == 8 && day.bytes().all(|b| b.is_ascii_digit()),
            "{rel}"
        );
    }
}

#[test]
fn exporting_into_a_non_empty_folder_fails() {
    let e = export_example();
    let err = export_ocsf(&e.lake, &e.out).unwrap_err().to_string();
    assert!(err.contains("not empty"), "{err}");
}

const SCRIPT: &str = r#"
import json, sys, duckdb
out = sys.argv[1]
con = duckdb.connect()
con.execute(f"CREATE VIEW api AS SELECT * FROM read_parquet('{out}/aws/*/2.0/**/*.parquet', hive_partitioning = true, union_by_name = true) WHERE class_uid = 6003")
con.execute(f"CREATE VIEW net AS SELECT * FROM read_parquet('{out}/aws/VPC_FLOW/2.0/**/*.parquet', hive_partitioning = true)")
queries = [
  "SELECT api.operation, count(*) AS n FROM api GROUP BY 1 ORDER BY n DESC, 1",
  "SELECT actor.user.uid, count(*) FROM api WHERE actor.user.uid IS NOT NULL GROUP BY 1 ORDER BY 1",
  "SELECT src_endpoint.ip, count(*) FROM api WHERE api.response.error IS NOT NULL AND src_endpoint.ip IS NOT NULL GROUP BY 1 ORDER BY 1",
  "SELECT strftime(time, '%Y%m%d') = eventDay AND accountId = cloud.account.uid AND region = cloud.region AS ok, count(*) FROM api GROUP BY 1",
  "SELECT dst_endpoint.ip, sum(traffic.bytes) AS b FROM net WHERE action = 'Allowed' GROUP BY 1 ORDER BY b DESC, 1 LIMIT 10",
  "SELECT typeof(time) FROM api LIMIT 1",
]
print(json.dumps([[[None if v is None else str(v) for v in row] for row in con.execute(q).fetchall()] for q in queries]))
"#;

#[test]
fn duckdb_reads_the_export() {
    if !Command::new("python3")
        .args(["-c", "import duckdb"])
        .output()
        .is_ok_and(|o| o.status.success())
    {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("python3 module duckdb is missing: CI must install it (pip install duckdb)");
        }
        eprintln!("skipped: python3 module duckdb is not installed");
        return;
    }
    let e = export_example();
    let out = Command::new("python3")
        .args(["-c", SCRIPT, &e.out.display().to_string()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: Vec<Vec<Vec<Option<String>>>> = serde_json::from_slice(&out.stdout).unwrap();
    let lake = Lake::open(&e.lake).unwrap();
    let ours = |sql: &str| -> Vec<Vec<Option<String>>> {
        let r = lake.query(sql).unwrap();
        let names: Vec<String> = r.schema.fields().iter().map(|f| f.name().clone()).collect();
        r.to_json_rows()
            .unwrap()
            .into_iter()
            .map(|row| {
                names
                    .iter()
                    .map(|n| match row.get(n) {
                        None | Some(Value::Null) => None,
                        Some(Value::String(s)) => Some(s.clone()),
                        Some(v) => Some(v.to_string()),
                    })
                    .collect()
            })
            .collect()
    };
    assert_eq!(
        theirs[0],
        ours("SELECT eventname, count(*) AS n FROM cloudtrail_logs GROUP BY 1 ORDER BY n DESC, 1")
    );
    assert_eq!(
        theirs[1],
        ours(
            "SELECT useridentity.arn, count(*) FROM cloudtrail_logs WHERE useridentity.arn IS NOT NULL GROUP BY 1 ORDER BY 1"
        )
    );
    assert_eq!(
        theirs[2],
        ours(
            "SELECT sourceipaddress, count(*) FROM cloudtrail_logs WHERE errorcode IS NOT NULL AND regexp_like(sourceipaddress, '^[0-9.]+$|:') GROUP BY 1 ORDER BY 1"
        )
    );
    let total = ours("SELECT count(*) FROM cloudtrail_logs")[0][0].clone();
    assert_eq!(theirs[3], vec![vec![Some("True".to_owned()), total]]);
    assert_eq!(
        theirs[4],
        ours(
            "SELECT dstaddr, sum(bytes) AS b FROM vpc_flow_logs WHERE action = 'ACCEPT' GROUP BY 1 ORDER BY b DESC, 1 LIMIT 10"
        )
    );
    assert_eq!(
        theirs[5],
        vec![vec![Some("TIMESTAMP WITH TIME ZONE".to_owned())]]
    );
}
