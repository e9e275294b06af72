//! Readers: open a log file (plain or gzip), recognise its source from its content, and turn
//! its records into table rows, partition keys and quarantine entries.

pub(crate) mod alb;
pub(crate) mod cloudtrail;
pub(crate) mod nginx;
pub(crate) mod text_table;
pub(crate) mod vpcflow;

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use arrow::record_batch::RecordBatch;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The kinds of logs the lake holds, one table each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum SourceKind {
    /// CloudTrail records: table `cloudtrail_logs`.
    #[serde(rename = "cloudtrail")]
    CloudTrail,
    /// VPC Flow Logs: table `vpc_flow_logs`.
    #[serde(rename = "vpcflow")]
    VpcFlow,
    /// Application Load Balancer access logs: table `alb_logs`.
    Alb,
    /// nginx or Apache access logs: table `nginx_logs`.
    Nginx,
}

impl SourceKind {
    /// Every source, in table order.
    pub const ALL: [SourceKind; 4] = [
        SourceKind::CloudTrail,
        SourceKind::VpcFlow,
        SourceKind::Alb,
        SourceKind::Nginx,
    ];

    /// The name used on the command line and in the lake's `source=` folders.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::CloudTrail => "cloudtrail",
            SourceKind::VpcFlow => "vpcflow",
            SourceKind::Alb => "alb",
            SourceKind::Nginx => "nginx",
        }
    }

    /// The SQL table that holds this source.
    pub fn table(self) -> &'static str {
        match self {
            SourceKind::CloudTrail => "cloudtrail_logs",
            SourceKind::VpcFlow => "vpc_flow_logs",
            SourceKind::Alb => "alb_logs",
            SourceKind::Nginx => "nginx_logs",
        }
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SourceKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        SourceKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| Error::Invalid {
                what: format!("source {s:?}"),
                reason: "expected one of cloudtrail, vpcflow, alb, nginx".into(),
            })
    }
}

/// What the start of a file says it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Detected {
    Source(SourceKind),
    CloudTrailDigest,
    Unknown(String),
}

/// Recognises a log file from its first bytes (decompressed).
pub(crate) fn detect(head: &str) -> Detected {
    let t = head.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('{') || t.starts_with('[') {
        if t.contains("\"digestStartTime\"") || t.contains("\"digestS3Object\"") {
            return Detected::CloudTrailDigest;
        }
        if t.contains("\"Records\"")
            || t.contains("\"CloudTrailEvent\"")
            || t.contains("\"eventVersion\"")
            || t.contains("\"eventTime\"")
        {
            return Detected::Source(SourceKind::CloudTrail);
        }
        return Detected::Unknown("JSON that is neither CloudTrail records nor a digest".into());
    }
    let first = t.lines().next().unwrap_or("");
    if vpcflow::is_header(first) || vpcflow::looks_like_default_record(first) {
        return Detected::Source(SourceKind::VpcFlow);
    }
    if alb::looks_like(first) {
        return Detected::Source(SourceKind::Alb);
    }
    if nginx::looks_like(first) {
        return Detected::Source(SourceKind::Nginx);
    }
    if head.starts_with("PAR1") {
        return Detected::Unknown("Parquet input is not supported yet".into());
    }
    Detected::Unknown("not a CloudTrail, VPC Flow Logs, ALB or nginx log".into())
}

/// Opens a file, decompressing gzip (detected by its magic number, not its name).
pub(crate) fn open(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    let mut f = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut magic = [0u8; 2];
    let n = read_up_to(&mut f, &mut magic).map_err(|e| Error::io(path, e))?;
    let f = File::open(path).map_err(|e| Error::io(path, e))?;
    if n == 2 && magic == [0x1f, 0x8b] {
        Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::read::MultiGzDecoder::new(BufReader::new(f)),
        )))
    } else {
        Ok(Box::new(BufReader::with_capacity(1 << 16, f)))
    }
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// The first few kilobytes of a file, decompressed, as text (lossy).
pub(crate) fn head(path: &Path) -> Result<String> {
    let mut r = open(path)?;
    let mut buf = vec![0u8; 8192];
    let n = read_up_to(&mut r, &mut buf).map_err(|e| Error::BadFile {
        path: path.to_owned(),
        reason: format!("cannot decompress: {e}"),
    })?;
    buf.truncate(n);
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// What the path of a file tells about its records (account, region), as AWS names files.
#[derive(Debug, Clone, Default)]
pub(crate) struct FileCtx {
    pub(crate) path: PathBuf,
    pub(crate) account: Option<String>,
    pub(crate) region: Option<String>,
    /// The parent folder's name: the host of an nginx log.
    pub(crate) host: Option<String>,
}

impl FileCtx {
    pub(crate) fn for_path(path: &Path) -> FileCtx {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // <account>_<Service>_<region>_...
        let mut parts = name.split('_');
        let account = parts
            .next()
            .filter(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()))
            .map(str::to_owned);
        let region = if account.is_some() {
            parts
                .nth(1)
                .filter(|r| keyaki_core::Region::is_region_code(r))
                .map(str::to_owned)
        } else {
            None
        };
        let host = path
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        FileCtx {
            path: path.to_owned(),
            account,
            region,
            host,
        }
    }
}

/// The Hive partition of a row: `account=/region=/dt=`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct PartKey {
    pub(crate) account: String,
    pub(crate) region: String,
    pub(crate) dt: String,
}

fn clean(v: Option<String>) -> String {
    match v {
        Some(s)
            if !s.is_empty()
                && s != "-"
                && s.len() <= 64
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.') =>
        {
            s
        }
        _ => "unknown".to_owned(),
    }
}

impl PartKey {
    pub(crate) fn new(account: Option<String>, region: Option<String>, dt: String) -> PartKey {
        PartKey {
            account: clean(account),
            region: clean(region),
            dt: clean(Some(dt)),
        }
    }

    /// The relative folder of the partition below the source's folder.
    pub(crate) fn dir(&self) -> String {
        format!(
            "account={}/region={}/dt={}",
            self.account, self.region, self.dt
        )
    }
}

/// A record that could not be read, kept with where it was and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuarantineEntry {
    /// The input file.
    pub file: String,
    /// 1-based line of the record's start; 0 when the input has no lines (lookup-events).
    pub line: usize,
    /// Byte offset of the record in the decompressed file, where known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub offset: Option<usize>,
    /// Index of the record in the file's `Records` array, where there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub record: Option<usize>,
    /// Why it was rejected.
    pub reason: String,
    /// The record's text, cut to 4 KiB.
    pub text: String,
}

/// Counts for one input file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Records found in the input.
    pub read: u64,
    /// Rows written to the lake.
    pub written: u64,
    /// Records rejected and kept in the quarantine.
    pub quarantined: u64,
    /// Records deliberately not written (such as CloudTrail digest files' contents).
    pub skipped: u64,
}

impl Counts {
    pub(crate) fn add(&mut self, o: Counts) {
        self.read += o.read;
        self.written += o.written;
        self.quarantined += o.quarantined;
        self.skipped += o.skipped;
    }

    /// Whether every record read is accounted for.
    pub fn balanced(&self) -> bool {
        self.read == self.written + self.quarantined + self.skipped
    }
}

/// Where a reader hands its rows: a row may borrow from the text being read.
pub(crate) type Emit<'a, C> =
    dyn for<'r> FnMut(PartKey, <C as Columns>::Row<'r>) -> Result<()> + 'a;

/// Receives the rows of one file, counts them and collects its quarantine.
pub(crate) struct Sink<'a, C: Columns> {
    pub(crate) counts: Counts,
    file: String,
    emit: &'a mut Emit<'a, C>,
    pub(crate) quarantine: Vec<QuarantineEntry>,
    pub(crate) error: Option<Error>,
}

impl<'a, C: Columns> Sink<'a, C> {
    pub(crate) fn new(file: &Path, emit: &'a mut Emit<'a, C>) -> Self {
        Sink {
            counts: Counts::default(),
            file: file.display().to_string(),
            emit,
            quarantine: Vec::new(),
            error: None,
        }
    }

    pub(crate) fn record(
        &mut self,
        line: usize,
        offset: Option<usize>,
        index: Option<usize>,
        parsed: Result<(PartKey, C::Row<'_>), String>,
        text: &str,
    ) {
        self.counts.read += 1;
        match parsed {
            Ok((key, row)) => {
                if self.error.is_none() {
                    match (self.emit)(key, row) {
                        Ok(()) => self.counts.written += 1,
                        Err(e) => self.error = Some(e),
                    }
                }
            }
            Err(reason) => self.reject(line, offset, index, reason, text),
        }
    }

    pub(crate) fn reject(
        &mut self,
        line: usize,
        offset: Option<usize>,
        index: Option<usize>,
        reason: String,
        text: &str,
    ) {
        self.counts.quarantined += 1;
        let mut cut = text.len().min(4096);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        self.quarantine.push(QuarantineEntry {
            file: self.file.clone(),
            line,
            offset,
            record: index,
            reason,
            text: text[..cut].to_owned(),
        });
    }
}

/// Rows of one table gathered column by column until they are written.
pub(crate) trait Columns: Default + Send + 'static {
    /// One parsed record; it may borrow from the input text.
    type Row<'r>;
    fn push(&mut self, row: Self::Row<'_>);
    fn len(&self) -> usize;
    fn take_batch(&mut self) -> Result<RecordBatch>;
}

/// Calls `f` for every line of `r` (1-based number, byte offset, text or a decoding error).
pub(crate) fn for_each_line(
    mut r: impl BufRead,
    path: &Path,
    mut f: impl FnMut(usize, usize, Result<&str, String>),
) -> Result<()> {
    let mut buf = Vec::with_capacity(1024);
    let mut n = 0;
    let mut offset = 0;
    loop {
        buf.clear();
        let k = r.read_until(b'\n', &mut buf).map_err(|e| Error::BadFile {
            path: path.to_owned(),
            reason: format!("cannot read line {}: {e}", n + 1),
        })?;
        if k == 0 {
            return Ok(());
        }
        n += 1;
        let mut line = &buf[..];
        while let Some((b'\n' | b'\r', rest)) = line.split_last() {
            line = rest;
        }
        match std::str::from_utf8(line) {
            Ok(s) => f(n, offset, Ok(s)),
            Err(e) => f(n, offset, Err(format!("not UTF-8: {e}"))),
        }
        offset += k;
    }
}
