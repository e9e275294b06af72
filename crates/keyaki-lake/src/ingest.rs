//! `ingest`: input files -> readers -> Hive-partitioned, zstd-compressed Parquet.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::manifest::{self, Entry, Journal};
use crate::read::alb::AlbColumns;
use crate::read::cloudtrail::CloudTrailColumns;
use crate::read::nginx::{COMBINED, LogFormat, NginxColumns};
use crate::read::vpcflow::FlowColumns;
use crate::read::{
    self, Columns, Counts, Detected, Emit, FileCtx, PartKey, QuarantineEntry, Sink, SourceKind,
};

/// Rows gathered per partition before they are written out as a row group.
const FLUSH_ROWS: usize = 64 * 1024;
/// Rows held in memory by one batch, over all its partitions: past this, every partition
/// writes what it holds as a row group. This bounds memory whatever the input size.
const BATCH_ROWS: usize = 64 * 1024;
/// Uncompressed input bytes (as far as the gzip trailer tells) per batch of files written
/// together. Batches run in parallel; each writes one Parquet file per partition it touches.
const BATCH_BYTES: u64 = 256 << 20;
const BATCH_FILES: usize = 512;

/// How to ingest: everything is optional.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    pub(crate) source: Option<SourceKind>,
    pub(crate) nginx_format: Option<String>,
    pub(crate) flow_format: Option<String>,
    pub(crate) account: Option<String>,
    pub(crate) region: Option<String>,
    threads: Option<usize>,
}

impl IngestOptions {
    /// Options that detect each file's source from its content.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads every file as `source` instead of detecting it.
    pub fn source(mut self, source: SourceKind) -> Self {
        self.source = Some(source);
        self
    }

    /// The nginx `log_format` of the access logs (default: `combined`).
    pub fn nginx_format(mut self, format: impl Into<String>) -> Self {
        self.nginx_format = Some(format.into());
        self
    }

    /// The flow log format (`${version} ${account-id} ...`) of flow log files without a
    /// header line (default: version 2).
    pub fn flow_format(mut self, format: impl Into<String>) -> Self {
        self.flow_format = Some(format.into());
        self
    }

    /// The account to file records under when neither the record nor the file name has one
    /// (nginx logs).
    pub fn account(mut self, account: impl Into<String>) -> Self {
        self.account = Some(account.into());
        self
    }

    /// The region to file records under when neither the record nor the file name has one.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Worker threads (default: one per core).
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = Some(threads.max(1));
        self
    }
}

/// What happened to one input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", content = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum FileStatus {
    /// Its records are in the lake now.
    Ingested,
    /// The same content was ingested before: nothing written.
    AlreadyIngested,
    /// A CloudTrail digest file: it holds no records.
    DigestSkipped,
    /// Not a log keyaki reads.
    Unrecognized(String),
    /// The file could not be read at all.
    Failed(String),
}

/// One input file's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// The input file.
    pub path: PathBuf,
    /// Its source, when recognised.
    pub source: Option<SourceKind>,
    /// What happened to it.
    #[serde(flatten)]
    pub status: FileStatus,
    /// Its records.
    pub counts: Counts,
}

/// The outcome of an ingest: per file and in total. `totals.read == totals.written +
/// totals.quarantined + totals.skipped` always holds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestReport {
    /// Every input file, in path order.
    pub files: Vec<FileReport>,
    /// Record counts over all files.
    pub totals: Counts,
    /// Parquet files written.
    pub parquet_files: Vec<PathBuf>,
    /// Quarantine files written (JSON Lines of [`QuarantineEntry`]).
    pub quarantine_files: Vec<PathBuf>,
}

impl IngestReport {
    /// Files with the given status kind.
    pub fn count(&self, f: impl Fn(&FileStatus) -> bool) -> usize {
        self.files.iter().filter(|r| f(&r.status)).count()
    }
}

struct Input {
    path: PathBuf,
    sha256: String,
    /// Decompressed size, estimated from the gzip trailer (`ISIZE`), else the file size.
    size: u64,
}

fn walk(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        if path.file_name().is_some_and(|n| n == "_keyaki") {
            return Ok(());
        }
        let mut entries: Vec<PathBuf> = fs::read_dir(path)
            .map_err(|e| Error::io(path, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for e in entries {
            let hidden = e
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if !hidden {
                walk(&e, out)?;
            }
        }
    } else {
        out.push(path.to_owned());
    }
    Ok(())
}

/// The file's SHA-256 and its decompressed size: for gzip, the trailer's `ISIZE` (RFC 1952:
/// the size modulo 2^32 of the last member), never less than the file itself.
fn sha256_file(path: &Path) -> Result<(String, u64)> {
    let mut f = fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    let mut magic = [0u8; 2];
    let mut tail = [0u8; 4];
    loop {
        let n = f.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        let have = usize::try_from(size).unwrap_or(usize::MAX).min(2);
        for (m, b) in magic[have..].iter_mut().zip(&buf[..n]) {
            *m = *b;
        }
        if n >= 4 {
            tail.copy_from_slice(&buf[n - 4..n]);
        } else {
            tail.rotate_left(n);
            tail[4 - n..].copy_from_slice(&buf[..n]);
        }
        size += n as u64;
        h.update(&buf[..n]);
    }
    let decompressed = if magic == [0x1f, 0x8b] && size >= 18 {
        u64::from(u32::from_le_bytes(tail)).max(size)
    } else {
        size
    };
    Ok((format!("{:x}", h.finalize()), decompressed))
}

/// Reads `paths` (files or folders, walked recursively) into the lake at `lake`.
pub fn ingest(lake: &Path, paths: &[PathBuf], options: &IngestOptions) -> Result<IngestReport> {
    fs::create_dir_all(lake).map_err(|e| Error::io(lake, e))?;
    manifest::recover(lake)?;
    let nginx = LogFormat::new(options.nginx_format.as_deref().unwrap_or(COMBINED))?;
    let mut files = Vec::new();
    for p in paths {
        walk(p, &mut files)?;
    }
    let lake_abs = fs::canonicalize(lake).unwrap_or_else(|_| lake.to_owned());
    files.retain(|f| !fs::canonicalize(f).is_ok_and(|c| c.starts_with(&lake_abs)));
    files.sort();
    files.dedup();

    let pool = {
        let mut b = rayon::ThreadPoolBuilder::new();
        if let Some(n) = options.threads {
            b = b.num_threads(n);
        }
        b.build().map_err(|e| Error::Invalid {
            what: "threads".into(),
            reason: e.to_string(),
        })?
    };

    let seen = manifest::load(lake)?;
    // Hash and recognise every file, in parallel.
    let classified: Vec<Result<(Input, Result<SourceKind, FileStatus>)>> = pool.install(|| {
        files
            .par_iter()
            .map(|path| {
                let (sha256, size) = sha256_file(path)?;
                let kind = if seen.contains(&sha256) {
                    Err(FileStatus::AlreadyIngested)
                } else if let Some(k) = options.source {
                    match read::head(path).map(|h| read::detect(&h)) {
                        Ok(Detected::CloudTrailDigest) if k == SourceKind::CloudTrail => {
                            Err(FileStatus::DigestSkipped)
                        }
                        Ok(_) => Ok(k),
                        Err(e) => Err(FileStatus::Failed(e.to_string())),
                    }
                } else {
                    match read::head(path).map(|h| read::detect(&h)) {
                        Ok(Detected::Source(k)) => Ok(k),
                        Ok(Detected::CloudTrailDigest) => Err(FileStatus::DigestSkipped),
                        Ok(Detected::Unknown(why)) => Err(FileStatus::Unrecognized(why)),
                        Err(e) => Err(FileStatus::Failed(e.to_string())),
                    }
                };
                Ok((
                    Input {
                        path: path.clone(),
                        sha256,
                        size,
                    },
                    kind,
                ))
            })
            .collect()
    });

    let mut report = IngestReport::default();
    let mut todo: BTreeMap<SourceKind, Vec<Input>> = BTreeMap::new();
    let mut this_run = HashSet::new();
    for c in classified {
        let (input, kind) = c?;
        match kind {
            Ok(k) if this_run.insert(input.sha256.clone()) => {
                todo.entry(k).or_default().push(input);
            }
            Ok(k) => report.files.push(FileReport {
                path: input.path,
                source: Some(k),
                status: FileStatus::AlreadyIngested,
                counts: Counts::default(),
            }),
            Err(status) => report.files.push(FileReport {
                path: input.path,
                source: matches!(status, FileStatus::DigestSkipped)
                    .then_some(SourceKind::CloudTrail),
                status,
                counts: Counts::default(),
            }),
        }
    }

    // Batches of files, each written as one Parquet file per partition.
    let mut batches: Vec<(SourceKind, Vec<Input>)> = Vec::new();
    for (kind, inputs) in todo {
        let mut cur: Vec<Input> = Vec::new();
        let mut bytes = 0;
        for i in inputs {
            if !cur.is_empty() && (bytes + i.size > BATCH_BYTES || cur.len() >= BATCH_FILES) {
                batches.push((kind, std::mem::take(&mut cur)));
                bytes = 0;
            }
            bytes += i.size;
            cur.push(i);
        }
        if !cur.is_empty() {
            batches.push((kind, cur));
        }
    }

    let commit_lock = Mutex::new(());
    let ctx = Ctx {
        lake,
        options,
        nginx: &nginx,
    };
    let outcomes: Vec<Result<BatchOutcome>> = pool.install(|| {
        batches
            .par_iter()
            .map(|(kind, inputs)| {
                let out = run_batch(&ctx, *kind, inputs)?;
                let _guard = commit_lock.lock().unwrap_or_else(|p| p.into_inner());
                manifest::commit(lake, &out.batch, &out.journal)?;
                Ok(out)
            })
            .collect()
    });
    for o in outcomes {
        let o = o?;
        report.files.extend(o.files);
        report.parquet_files.extend(
            o.journal
                .renames
                .iter()
                .filter(|(_, to)| to.extension().is_some_and(|x| x == "parquet"))
                .map(|(_, to)| to.clone()),
        );
        report.quarantine_files.extend(o.quarantine_file);
    }
    let _ = fs::remove_dir(manifest::meta_dir(lake).join("staging"));
    report.files.sort_by(|a, b| a.path.cmp(&b.path));
    for f in &report.files {
        report.totals.add(f.counts);
    }
    Ok(report)
}

struct Ctx<'a> {
    lake: &'a Path,
    options: &'a IngestOptions,
    nginx: &'a LogFormat,
}

struct BatchOutcome {
    batch: String,
    journal: Journal,
    files: Vec<FileReport>,
    quarantine_file: Option<PathBuf>,
}

fn batch_id(inputs: &[Input]) -> String {
    let mut h = Sha256::new();
    for i in inputs {
        h.update(i.sha256.as_bytes());
    }
    format!("{:x}", h.finalize())[..20].to_owned()
}

fn run_batch(ctx: &Ctx<'_>, kind: SourceKind, inputs: &[Input]) -> Result<BatchOutcome> {
    match kind {
        SourceKind::CloudTrail => {
            write_batch::<CloudTrailColumns>(ctx, kind, inputs, &|path, fctx, sink| {
                let mut text = String::new();
                read::open(path)?
                    .read_to_string(&mut text)
                    .map_err(|e| Error::BadFile {
                        path: path.to_owned(),
                        reason: format!("cannot read as UTF-8 text: {e}"),
                    })?;
                read::cloudtrail::read_text(&text, fctx, sink);
                Ok(())
            })
        }
        SourceKind::VpcFlow => {
            write_batch::<FlowColumns>(ctx, kind, inputs, &|path, fctx, sink| {
                read::vpcflow::read(
                    read::open(path)?,
                    fctx,
                    ctx.options.flow_format.as_deref(),
                    sink,
                )
            })
        }
        SourceKind::Alb => write_batch::<AlbColumns>(ctx, kind, inputs, &|path, fctx, sink| {
            read::alb::read(read::open(path)?, fctx, sink)
        }),
        SourceKind::Nginx => write_batch::<NginxColumns>(ctx, kind, inputs, &|path, fctx, sink| {
            read::nginx::read(read::open(path)?, fctx, ctx.nginx, sink)
        }),
    }
}

type ReadFn<'c, C> = dyn Fn(&Path, &FileCtx, &mut Sink<'_, C>) -> Result<()> + Sync + 'c;

struct Part<C> {
    cols: C,
    writer: Option<ArrowWriter<fs::File>>,
    staged: PathBuf,
}

/// Writes the rows every partition holds, each as a row group.
fn flush_all<C: Columns>(
    parts: &mut BTreeMap<PartKey, Part<C>>,
    schema: &arrow::datatypes::SchemaRef,
) -> Result<()> {
    for part in parts.values_mut() {
        flush(part, schema)?;
    }
    Ok(())
}

fn props() -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::try_new(3).unwrap_or_default()))
        .set_max_row_group_row_count(Some(128 * 1024))
        .set_created_by("keyaki".into())
        .build()
}

fn flush<C: Columns>(part: &mut Part<C>, schema: &arrow::datatypes::SchemaRef) -> Result<()> {
    if part.cols.len() == 0 {
        return Ok(());
    }
    let batch = part.cols.take_batch()?;
    if part.writer.is_none() {
        let f = fs::File::create(&part.staged).map_err(|e| Error::io(&part.staged, e))?;
        let w =
            ArrowWriter::try_new(f, schema.clone(), Some(props())).map_err(|e| Error::Parquet {
                path: part.staged.clone(),
                source: e,
            })?;
        part.writer = Some(w);
    }
    if let Some(w) = part.writer.as_mut() {
        // Close the row group now, so that the writer holds no rows in memory.
        w.write(&batch)
            .and_then(|()| w.flush())
            .map_err(|e| Error::Parquet {
                path: part.staged.clone(),
                source: e,
            })?;
    }
    Ok(())
}

fn write_batch<C: Columns>(
    ctx: &Ctx<'_>,
    kind: SourceKind,
    inputs: &[Input],
    read_one: &ReadFn<'_, C>,
) -> Result<BatchOutcome> {
    let batch = batch_id(inputs);
    let staging = manifest::staging_dir(ctx.lake, &batch);
    fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
    let schema = crate::tables::schema(kind);
    let mut parts: BTreeMap<PartKey, Part<C>> = BTreeMap::new();
    let mut files = Vec::new();
    let mut entries = Vec::new();
    let mut quarantine: Vec<QuarantineEntry> = Vec::new();
    let mut held = 0usize;
    for input in inputs {
        let mut fctx = FileCtx::for_path(&input.path);
        if fctx.account.is_none() {
            fctx.account = ctx.options.account.clone();
        }
        if fctx.region.is_none() {
            fctx.region = ctx.options.region.clone();
        }
        let emit: &mut Emit<'_, C> = &mut |key: PartKey, row: C::Row<'_>| -> Result<()> {
            let n = parts.len();
            let part = parts.entry(key).or_insert_with(|| Part {
                cols: C::default(),
                writer: None,
                staged: staging.join(format!("{n}.parquet")),
            });
            part.cols.push(row);
            held += 1;
            if part.cols.len() >= FLUSH_ROWS {
                held -= part.cols.len();
                flush(part, &schema)?;
            }
            if held >= BATCH_ROWS {
                flush_all(&mut parts, &schema)?;
                held = 0;
            }
            Ok(())
        };
        let mut sink = Sink::new(&input.path, emit);
        let result = read_one(&input.path, &fctx, &mut sink);
        if let Some(e) = sink.error.take() {
            return Err(e);
        }
        let status = match result {
            Ok(()) => FileStatus::Ingested,
            Err(e) if sink.counts.read == 0 => FileStatus::Failed(e.to_string()),
            Err(e) => {
                // Part of the file was read: keep it, and account for the rest.
                sink.reject(0, None, None, format!("file ends unreadably: {e}"), "");
                sink.counts.read += 1;
                FileStatus::Ingested
            }
        };
        quarantine.append(&mut sink.quarantine);
        let counts = sink.counts;
        if status == FileStatus::Ingested {
            entries.push(Entry {
                sha256: input.sha256.clone(),
                path: input.path.display().to_string(),
                source: kind,
                counts,
                batch: batch.clone(),
            });
        }
        files.push(FileReport {
            path: input.path.clone(),
            source: Some(kind),
            status,
            counts,
        });
    }
    let mut renames = Vec::new();
    let source_dir = ctx.lake.join(format!("source={}", kind.as_str()));
    for (key, mut part) in parts {
        flush(&mut part, &schema)?;
        if let Some(w) = part.writer.take() {
            w.close().map_err(|e| Error::Parquet {
                path: part.staged.clone(),
                source: e,
            })?;
            let to = source_dir
                .join(key.dir())
                .join(format!("part-{batch}.parquet"));
            renames.push((part.staged, to));
        }
    }
    let mut quarantine_file = None;
    if !quarantine.is_empty() {
        let staged = staging.join("quarantine.jsonl");
        let mut text = String::new();
        for q in &quarantine {
            if let Ok(line) = serde_json::to_string(q) {
                text.push_str(&line);
                text.push('\n');
            }
        }
        fs::write(&staged, text).map_err(|e| Error::io(&staged, e))?;
        let to = manifest::meta_dir(ctx.lake)
            .join("quarantine")
            .join(format!("{batch}.jsonl"));
        quarantine_file = Some(to.clone());
        renames.push((staged, to));
    }
    Ok(BatchOutcome {
        batch,
        journal: Journal { renames, entries },
        files,
        quarantine_file,
    })
}
