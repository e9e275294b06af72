//! Detections: SQL over the lake whose rows become findings.
//!
//! A detection is SQL with a header of `-- key: value` comment lines:
//!
//! ```sql
//! -- id: my.stop-logging
//! -- title: Trail stopped
//! -- severity: high
//! -- mitre: T1562.008
//! -- guardduty: Stealth:IAMUser/CloudTrailLoggingDisabled
//! -- description: Someone stopped a trail.
//! SELECT useridentity.arn AS actor, eventtime AS first_seen, [eventid] AS event_ids
//! FROM cloudtrail_logs WHERE eventname = 'StopLogging';
//! ```
//!
//! Each row is one finding. The columns `actor`, `resource`, `account`, `region`,
//! `first_seen`, `last_seen` and `event_ids` have a meaning; every column goes into the
//! evidence. A file may hold several detections, each starting at its `-- id:` line.

use std::path::Path;
use std::sync::Arc;

use arrow::array::StringArray;
use arrow::datatypes::{DataType, Field, Schema};
use arrow::record_batch::RecordBatch;
use keyaki_core::{AccountId, Finding, Region, Severity};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::error::{Error, Result};
use crate::sql::Lake;

const BUILTIN: [(&str, &str); 2] = [
    ("cloudtrail.sql", include_str!("detections/cloudtrail.sql")),
    ("network.sql", include_str!("detections/network.sql")),
];

/// One detection: metadata and the SQL that finds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detection {
    /// Stable id, such as `ct.cloudtrail-tampering`.
    pub id: String,
    /// One-line title.
    pub title: String,
    /// Severity of its findings.
    pub severity: Severity,
    /// MITRE ATT&CK technique ids.
    pub mitre: Vec<String>,
    /// The GuardDuty finding type it mirrors, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guardduty: Option<String>,
    /// What it finds and why it matters.
    pub description: String,
    /// The SQL.
    pub sql: String,
    /// Where it was defined: `builtin:<file>` or a path.
    pub origin: String,
}

/// Parses detections from the text of a `.sql` file.
pub fn parse_detections(text: &str, origin: &str) -> Result<Vec<Detection>> {
    let mut out = Vec::new();
    let mut chunks: Vec<Vec<&str>> = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("-- id:") {
            chunks.push(Vec::new());
        }
        if let Some(c) = chunks.last_mut() {
            c.push(line);
        }
    }
    if chunks.is_empty() {
        return Err(Error::Invalid {
            what: origin.to_owned(),
            reason: "no detection: a detection starts with a `-- id: ...` line".into(),
        });
    }
    for lines in chunks {
        let mut meta: Vec<(String, String)> = Vec::new();
        let mut sql = String::new();
        let mut in_header = true;
        for line in &lines {
            let t = line.trim();
            if in_header {
                if let Some(kv) = t.strip_prefix("--") {
                    if let Some((k, v)) = kv.split_once(':') {
                        meta.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
                        continue;
                    }
                    continue;
                }
                in_header = false;
            }
            sql.push_str(line);
            sql.push('\n');
        }
        let get = |k: &str| meta.iter().find(|(mk, _)| mk == k).map(|(_, v)| v.clone());
        let id = get("id").unwrap_or_default();
        let invalid = |reason: String| Error::Invalid {
            what: format!("{origin}: detection {id:?}"),
            reason,
        };
        let title = get("title").ok_or_else(|| invalid("missing `-- title:`".into()))?;
        let severity: Severity = get("severity")
            .ok_or_else(|| invalid("missing `-- severity:`".into()))?
            .parse()
            .map_err(|e: keyaki_core::Error| invalid(e.to_string()))?;
        let sql = sql.trim().trim_end_matches(';').trim().to_owned();
        if sql.is_empty() {
            return Err(invalid("no SQL after the header".into()));
        }
        out.push(Detection {
            id,
            title,
            severity,
            mitre: get("mitre")
                .map(|m| {
                    m.split(',')
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            guardduty: get("guardduty"),
            description: get("description").unwrap_or_default(),
            sql,
            origin: origin.to_owned(),
        });
    }
    Ok(out)
}

/// keyaki's built-in detections.
pub fn builtin_detections() -> Vec<Detection> {
    let mut out = Vec::new();
    for (name, text) in BUILTIN {
        // The built-in files are checked by the tests; a parse error is a bug.
        out.extend(parse_detections(text, &format!("builtin:{name}")).unwrap_or_default());
    }
    out
}

/// Loads user detections: a `.sql` file, or every `.sql` file in a folder (sorted by name).
pub fn load_detections(path: &Path) -> Result<Vec<Detection>> {
    let mut files = Vec::new();
    if path.is_dir() {
        for e in std::fs::read_dir(path).map_err(|e| Error::io(path, e))? {
            let p = e.map_err(|e| Error::io(path, e))?.path();
            if p.extension().is_some_and(|x| x == "sql") {
                files.push(p);
            }
        }
        files.sort();
    } else {
        files.push(path.to_owned());
    }
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| Error::io(&f, e))?;
        out.extend(parse_detections(&text, &f.display().to_string())?);
    }
    Ok(out)
}

/// An address from a list of indicators, with an optional note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ioc {
    /// The IP address, as logs write it.
    pub address: String,
    /// Why it is listed.
    pub note: Option<String>,
}

/// Reads an indicator list: one address a line, optionally followed by a comma or whitespace
/// and a note; `#` starts a comment.
pub fn parse_iocs(text: &str) -> Vec<Ioc> {
    text.lines()
        .filter_map(|l| {
            let l = l.split('#').next().unwrap_or("").trim();
            if l.is_empty() {
                return None;
            }
            let (addr, note) = match l.find([',', ' ', '\t']) {
                Some(i) => (
                    &l[..i],
                    Some(l[i + 1..].trim().trim_start_matches(',').trim().to_owned()),
                ),
                None => (l, None),
            };
            Some(Ioc {
                address: addr.trim().to_owned(),
                note: note.filter(|n| !n.is_empty()),
            })
        })
        .collect()
}

pub(crate) fn ioc_batch(iocs: &[Ioc]) -> Result<RecordBatch> {
    let schema = Arc::new(Schema::new(vec![
        Field::new("address", DataType::Utf8, false),
        Field::new("note", DataType::Utf8, true),
    ]));
    Ok(RecordBatch::try_new(
        schema,
        vec![
            Arc::new(
                iocs.iter()
                    .map(|i| Some(i.address.as_str()))
                    .collect::<StringArray>(),
            ),
            Arc::new(
                iocs.iter()
                    .map(|i| i.note.as_deref())
                    .collect::<StringArray>(),
            ),
        ],
    )?)
}

/// A detection that could not run, and why.
#[derive(Debug, Clone, Serialize)]
pub struct DetectionError {
    /// The detection.
    pub detection_id: String,
    /// The error.
    pub error: String,
}

/// What `detect` found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DetectReport {
    /// Findings, ordered by severity (highest first), then first time seen.
    pub findings: Vec<Finding>,
    /// Detections that failed to run (the others still ran).
    pub errors: Vec<DetectionError>,
    /// How many detections ran.
    pub detections_run: usize,
}

fn text_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// Turns one result row into a finding.
fn to_finding(d: &Detection, row: Map<String, Value>) -> Finding {
    let actor = text_of(row.get("actor")).unwrap_or_else(|| "unknown".into());
    let resource = text_of(row.get("resource")).unwrap_or_else(|| actor.clone());
    let account = text_of(row.get("account")).and_then(|a| AccountId::new(&a).ok());
    let region = text_of(row.get("region")).and_then(|r| Region::new(&r).ok());
    let first_seen = text_of(row.get("first_seen"));
    // What the finding is about: the actor, resource and start, and every other string
    // column (the detection's grouping columns, such as account, region or interface_id).
    // Numbers and arrays are aggregates and `last_seen` moves as logs arrive: they are left
    // out, so that the id stays the same when more of the same activity is ingested.
    let mut decisive = Map::new();
    for (k, v) in &row {
        if let Value::String(s) = v
            && k != "last_seen"
        {
            decisive.insert(k.clone(), json!(s));
        }
    }
    decisive.insert("actor".into(), json!(actor));
    decisive.insert("resource".into(), json!(resource));
    decisive.insert("first_seen".into(), json!(first_seen));
    let mut evidence = Map::new();
    evidence.insert("detection_id".into(), json!(d.id));
    evidence.insert("actor".into(), json!(actor));
    evidence.insert("mitre".into(), json!(d.mitre));
    if let Some(g) = &d.guardduty {
        evidence.insert("guardduty".into(), json!(g));
    }
    for (k, v) in row {
        if !v.is_null() && !evidence.contains_key(&k) {
            evidence.insert(k, v);
        }
    }
    let mut builder = Finding::builder(d.id.clone(), d.title.clone(), d.severity)
        .resource(resource.clone())
        .account(account)
        .region(region)
        .decisive(Value::Object(decisive))
        .evidence(Value::Object(evidence));
    if !d.description.is_empty() {
        builder = builder.remediation(d.description.clone(), None);
    }
    builder.build()
}

/// Runs `detections` on the lake. A detection whose SQL fails is reported in
/// [`DetectReport::errors`]; the others still run.
pub fn detect(lake: &Lake, detections: &[Detection]) -> DetectReport {
    let mut report = DetectReport::default();
    for d in detections {
        report.detections_run += 1;
        let rows = lake.query(&d.sql).and_then(|r| r.to_json_rows());
        match rows {
            Ok(rows) => report
                .findings
                .extend(rows.into_iter().map(|r| to_finding(d, r))),
            Err(e) => report.errors.push(DetectionError {
                detection_id: d.id.clone(),
                error: e.to_string(),
            }),
        }
    }
    let first = |f: &Finding| {
        f.evidence
            .get("first_seen")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    report.findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| first(a).cmp(&first(b)))
            .then_with(|| a.id.cmp(&b.id))
    });
    report
}
