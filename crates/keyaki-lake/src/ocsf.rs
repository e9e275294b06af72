//! `export_ocsf`: the lake's CloudTrail and VPC Flow Logs rows as OCSF 1.1.0 events in
//! Parquet, laid out as Amazon Security Lake stores its AWS sources.
//!
//! CloudTrail rows become API Activity events (class_uid 6003), flow log rows Network Activity
//! events (class_uid 4001). Files go to
//! `OUT/aws/<SOURCE>/2.0/region=<region>/accountId=<account>/eventDay=<YYYYMMDD>/`, where
//! `<SOURCE>` is `CLOUD_TRAIL_MGMT`, `S3_DATA`, `LAMBDA_EXECUTION` or `VPC_FLOW`, Security
//! Lake's source names; `2.0` is its source version that uses OCSF 1.1.0.

mod api_activity;
mod network_activity;
mod schema;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use arrow::datatypes::SchemaRef;
use arrow::json::ReaderBuilder;
use arrow::record_batch::RecordBatch;
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::read::SourceKind;

/// The OCSF schema version of the exported events.
pub const OCSF_VERSION: &str = "1.1.0";

/// Rows converted and written together.
const CHUNK_ROWS: usize = 8192;

/// The OCSF classes keyaki exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[non_exhaustive]
pub enum OcsfClass {
    /// API Activity (class_uid 6003), from CloudTrail.
    ApiActivity,
    /// Network Activity (class_uid 4001), from VPC Flow Logs.
    NetworkActivity,
}

impl OcsfClass {
    /// The class's `class_uid`.
    pub fn class_uid(self) -> i32 {
        match self {
            OcsfClass::ApiActivity => 6003,
            OcsfClass::NetworkActivity => 4001,
        }
    }

    /// The class's caption.
    pub fn name(self) -> &'static str {
        match self {
            OcsfClass::ApiActivity => "API Activity",
            OcsfClass::NetworkActivity => "Network Activity",
        }
    }

    /// The Arrow schema of the class's Parquet files.
    pub fn schema(self) -> SchemaRef {
        match self {
            OcsfClass::ApiActivity => schema::API_ACTIVITY.clone(),
            OcsfClass::NetworkActivity => schema::NETWORK_ACTIVITY.clone(),
        }
    }
}

/// One Parquet file written by [`export_ocsf`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OcsfFile {
    /// The file.
    pub path: PathBuf,
    /// Its class.
    pub class: OcsfClass,
    /// Events in it.
    pub rows: u64,
}

/// A lake row that could not become an OCSF event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OcsfSkip {
    /// The lake's Parquet file.
    pub file: PathBuf,
    /// The row's index in that file.
    pub row: usize,
    /// Why.
    pub reason: String,
}

/// What [`export_ocsf`] wrote.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OcsfReport {
    /// Lake rows read, per source.
    pub read: BTreeMap<String, u64>,
    /// Events written, per class.
    pub written: BTreeMap<String, u64>,
    /// The Parquet files, in path order.
    pub files: Vec<OcsfFile>,
    /// Rows that could not be converted, with the reason (every row read is written or here).
    pub skipped: Vec<OcsfSkip>,
}

/// The partition of a lake file, from its `account=/region=/dt=` folders.
#[derive(Debug, Clone, Default)]
pub(crate) struct Partition {
    pub(crate) account: String,
    pub(crate) region: String,
    pub(crate) dt: String,
}

impl Partition {
    fn of(path: &Path) -> Partition {
        let mut p = Partition::default();
        for c in path.components() {
            let c = c.as_os_str().to_string_lossy();
            if let Some(v) = c.strip_prefix("account=") {
                p.account = v.to_owned();
            } else if let Some(v) = c.strip_prefix("region=") {
                p.region = v.to_owned();
            } else if let Some(v) = c.strip_prefix("dt=") {
                p.dt = v.to_owned();
            }
        }
        p
    }
}

pub(crate) fn get<'a>(row: &'a Map<String, Value>, path: &[&str]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    let mut v = row.get(*first)?;
    for k in rest {
        v = v.as_object()?.get(*k)?;
    }
    (!v.is_null()).then_some(v)
}

pub(crate) fn get_str<'a>(row: &'a Map<String, Value>, path: &[&str]) -> Option<&'a str> {
    get(row, path)?.as_str()
}

pub(crate) fn get_i64(row: &Map<String, Value>, key: &str) -> Option<i64> {
    get(row, &[key])?.as_i64()
}

pub(crate) fn millis_of(iso: &str) -> Option<i64> {
    crate::time::parse_iso(iso).map(|t| t.timestamp_millis())
}

fn props() -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::try_new(3).unwrap_or_default()))
        .set_max_row_group_row_count(Some(128 * 1024))
        .set_created_by("keyaki".into())
        .build()
}

/// The Parquet files of one source in the lake, in path order (hidden files skipped).
fn lake_files(lake: &Path, kind: SourceKind) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![lake.join(format!("source={}", kind.as_str()))];
    while let Some(dir) = stack.pop() {
        let rd = match fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io(&dir, e)),
        };
        for entry in rd {
            let entry = entry.map_err(|e| Error::io(&dir, e))?;
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let ft = entry.file_type().map_err(|e| Error::io(&path, e))?;
            if ft.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "parquet") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The Security Lake source a CloudTrail row belongs to.
fn cloudtrail_source(row: &Map<String, Value>) -> &'static str {
    if get_str(row, &["eventcategory"]) == Some("Data") {
        match get_str(row, &["eventsource"]) {
            Some("s3.amazonaws.com") => return "S3_DATA",
            Some("lambda.amazonaws.com") => return "LAMBDA_EXECUTION",
            _ => {}
        }
    }
    "CLOUD_TRAIL_MGMT"
}

/// Output folder below `OUT/` (Security Lake's layout).
fn out_dir(source: &str, account: &str, region: &str, dt: &str) -> String {
    format!(
        "aws/{source}/2.0/region={region}/accountId={account}/eventDay={}",
        dt.replace('-', "")
    )
}

struct Out {
    class: OcsfClass,
    path: PathBuf,
    writer: ArrowWriter<fs::File>,
    rows: u64,
}

/// Writes every CloudTrail and VPC Flow Logs row of the lake at `lake` as OCSF events into
/// `out`, which must be empty or absent.
///
/// ```no_run
/// let report = keyaki_lake::export_ocsf("lake".as_ref(), "ocsf".as_ref())?;
/// for f in &report.files {
///     println!("{} {} rows", f.path.display(), f.rows);
/// }
/// # Ok::<(), keyaki_lake::Error>(())
/// ```
pub fn export_ocsf(lake: &Path, out: &Path) -> Result<OcsfReport> {
    if !lake.is_dir() {
        return Err(Error::Invalid {
            what: lake.display().to_string(),
            reason: "no such lake directory".into(),
        });
    }
    match fs::read_dir(out) {
        Ok(mut rd) => {
            if rd.next().is_some() {
                return Err(Error::Invalid {
                    what: out.display().to_string(),
                    reason: "the output directory is not empty".into(),
                });
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
        }
        Err(e) => return Err(Error::io(out, e)),
    }
    let mut report = OcsfReport::default();
    let mut outs: BTreeMap<String, Out> = BTreeMap::new();
    for (kind, class) in [
        (SourceKind::CloudTrail, OcsfClass::ApiActivity),
        (SourceKind::VpcFlow, OcsfClass::NetworkActivity),
    ] {
        for file in lake_files(lake, kind)? {
            let part = Partition::of(file.strip_prefix(lake).unwrap_or(&file));
            let f = fs::File::open(&file).map_err(|e| Error::io(&file, e))?;
            let reader = ParquetRecordBatchReaderBuilder::try_new(f)
                .and_then(|b| b.with_batch_size(CHUNK_ROWS).build())
                .map_err(|e| Error::Parquet {
                    path: file.clone(),
                    source: e,
                })?;
            let mut index = 0usize;
            for batch in reader {
                let batch = batch?;
                let rows = batch_rows(&batch)?;
                *report.read.entry(kind.as_str().to_owned()).or_default() += rows.len() as u64;
                let mut groups: BTreeMap<String, Vec<Value>> = BTreeMap::new();
                for row in &rows {
                    let mapped = match class {
                        OcsfClass::ApiActivity => api_activity::map(row, &part).map(|v| {
                            let dir = out_dir(
                                cloudtrail_source(row),
                                &part.account,
                                &part.region,
                                &part.dt,
                            );
                            (dir, v)
                        }),
                        OcsfClass::NetworkActivity => network_activity::map(row, &part).map(|v| {
                            (
                                out_dir("VPC_FLOW", &part.account, &part.region, &part.dt),
                                v,
                            )
                        }),
                    };
                    match mapped {
                        Ok((dir, v)) => groups.entry(dir).or_default().push(v),
                        Err(reason) => report.skipped.push(OcsfSkip {
                            file: file.clone(),
                            row: index,
                            reason,
                        }),
                    }
                    index += 1;
                }
                for (dir, values) in groups {
                    let o = match outs.get_mut(&dir) {
                        Some(o) => o,
                        None => {
                            let folder = out.join(&dir);
                            fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
                            let path = folder.join("part-00000.zstd.parquet");
                            let f = fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
                            let writer = ArrowWriter::try_new(f, class.schema(), Some(props()))
                                .map_err(|e| Error::Parquet {
                                    path: path.clone(),
                                    source: e,
                                })?;
                            outs.entry(dir).or_insert(Out {
                                class,
                                path,
                                writer,
                                rows: 0,
                            })
                        }
                    };
                    let batch = to_batch(class, &values)?;
                    o.writer.write(&batch).map_err(|e| Error::Parquet {
                        path: o.path.clone(),
                        source: e,
                    })?;
                    o.rows += values.len() as u64;
                    *report.written.entry(class.name().to_owned()).or_default() +=
                        values.len() as u64;
                }
            }
        }
    }
    for o in outs.into_values() {
        o.writer.close().map_err(|e| Error::Parquet {
            path: o.path.clone(),
            source: e,
        })?;
        report.files.push(OcsfFile {
            path: o.path,
            class: o.class,
            rows: o.rows,
        });
    }
    Ok(report)
}

/// The rows of a lake batch as JSON objects (null columns left out).
fn batch_rows(batch: &RecordBatch) -> Result<Vec<Map<String, Value>>> {
    let mut buf = Vec::new();
    {
        let mut w = arrow::json::LineDelimitedWriter::new(&mut buf);
        w.write(batch)?;
        w.finish()?;
    }
    let mut rows = Vec::with_capacity(batch.num_rows());
    for line in buf.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
        let v: Map<String, Value> = serde_json::from_slice(line).map_err(|e| {
            Error::Arrow(arrow::error::ArrowError::JsonError(format!(
                "re-reading a lake row: {e}"
            )))
        })?;
        rows.push(v);
    }
    Ok(rows)
}

/// OCSF events as one record batch of the class's schema.
fn to_batch(class: OcsfClass, values: &[Value]) -> Result<RecordBatch> {
    let schema = class.schema();
    let mut decoder = ReaderBuilder::new(schema.clone())
        .with_batch_size(values.len().max(1))
        .build_decoder()?;
    decoder.serialize(values)?;
    Ok(decoder
        .flush()?
        .unwrap_or_else(|| RecordBatch::new_empty(schema)))
}
