//! `scan`: read one log held in memory through the same readers as [`ingest`](crate::ingest),
//! without writing a lake: what it holds, how many records, which would be quarantined and
//! why. It is also the entry point of the readers' fuzz targets (`crates/keyaki-lake/fuzz`).

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::ingest::IngestOptions;
use crate::read::nginx::{COMBINED, LogFormat};
use crate::read::{
    self, Columns, Counts, Detected, Emit, FileCtx, PartKey, QuarantineEntry, Sink, SourceKind,
};

/// What [`scan`] found in one log.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScanReport {
    /// The source the log was read as; `None` when its content is not a log keyaki reads.
    pub source: Option<SourceKind>,
    /// Why the log was not read, when it was not (a digest file, an unknown format).
    pub not_read: Option<String>,
    /// Record counts: `read = written + quarantined + skipped`, where `written` counts the
    /// rows ingest would write.
    pub counts: Counts,
    /// The records that would be quarantined, with the reason.
    pub quarantine: Vec<QuarantineEntry>,
    /// The partitions (`account=/region=/dt=`) the rows would go to.
    pub partitions: BTreeSet<String>,
    /// Where the log breaks off, when it does (a truncated gzip stream): the records before
    /// the break are counted, and one quarantine entry accounts for the rest.
    pub broken: Option<String>,
}

/// Reads `bytes` (plain or gzip) as the log file `name` would be read by [`ingest`](crate::ingest)
/// with `options`: the source from `options` or else from the content, account and region from
/// the name as AWS writes it.
///
/// ```
/// use keyaki_lake::{IngestOptions, scan};
///
/// let log = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n\
///            2 123456789012 eni-1 10.0.0.1 10.0.0.2 443 51000 6 10 840 1773382202 1773382792 ACCEPT OK\n";
/// let report = scan("flow.log".as_ref(), log.as_bytes(), &IngestOptions::new())?;
/// assert_eq!(report.counts.written, 1);
/// assert!(report.counts.balanced());
/// # Ok::<(), keyaki_lake::Error>(())
/// ```
pub fn scan(name: &Path, bytes: &[u8], options: &IngestOptions) -> Result<ScanReport> {
    let mut report = ScanReport::default();
    let gzip = bytes.starts_with(&[0x1f, 0x8b]);
    let open = || -> Box<dyn BufRead + '_> {
        if gzip {
            Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(bytes)))
        } else {
            Box::new(Cursor::new(bytes))
        }
    };
    let kind = match options.source {
        Some(k) => k,
        None => {
            let mut head = Vec::with_capacity(8192);
            let _ = open().take(8192).read_to_end(&mut head);
            match read::detect(&String::from_utf8_lossy(&head)) {
                Detected::Source(k) => k,
                Detected::CloudTrailDigest => {
                    report.not_read = Some("a CloudTrail digest file (it holds no records)".into());
                    return Ok(report);
                }
                Detected::Unknown(reason) => {
                    report.not_read = Some(reason);
                    return Ok(report);
                }
            }
        }
    };
    report.source = Some(kind);
    let mut ctx = FileCtx::for_path(name);
    if ctx.account.is_none() {
        ctx.account = options.account.clone();
    }
    if ctx.region.is_none() {
        ctx.region = options.region.clone();
    }
    let nginx = LogFormat::new(options.nginx_format.as_deref().unwrap_or(COMBINED))?;
    let mut partitions = BTreeSet::new();
    let (counts, quarantine, result) = match kind {
        SourceKind::CloudTrail => run(name, &mut partitions, |sink| {
            let mut text = String::new();
            open()
                .read_to_string(&mut text)
                .map_err(|e| Error::BadFile {
                    path: name.to_owned(),
                    reason: format!("cannot read as UTF-8 text: {e}"),
                })?;
            read::cloudtrail::read_text(&text, &ctx, sink);
            Ok(())
        }),
        SourceKind::VpcFlow => run(name, &mut partitions, |sink| {
            read::vpcflow::read(open(), &ctx, options.flow_format.as_deref(), sink)
        }),
        SourceKind::Alb => run(name, &mut partitions, |sink| {
            read::alb::read(open(), &ctx, sink)
        }),
        SourceKind::Nginx => run(name, &mut partitions, |sink| {
            read::nginx::read(open(), &ctx, &nginx, sink)
        }),
    };
    report.counts = counts;
    report.quarantine = quarantine;
    report.partitions = partitions;
    if let Err(e) = result {
        if report.counts.read == 0 {
            return Err(e);
        }
        // As ingest does: keep what was read, and account for the rest.
        report.broken = Some(e.to_string());
        report.counts.read += 1;
        report.counts.quarantined += 1;
        report.quarantine.push(QuarantineEntry {
            file: name.display().to_string(),
            line: 0,
            offset: None,
            record: None,
            reason: format!("file ends unreadably: {e}"),
            text: String::new(),
        });
    }
    Ok(report)
}

fn run<C: Columns>(
    name: &Path,
    partitions: &mut BTreeSet<String>,
    read_with: impl FnOnce(&mut Sink<'_, C>) -> Result<()>,
) -> (Counts, Vec<QuarantineEntry>, Result<()>) {
    let emit: &mut Emit<'_, C> = &mut |key: PartKey, _row: C::Row<'_>| -> Result<()> {
        partitions.insert(key.dir());
        Ok(())
    };
    let mut sink = Sink::new(name, emit);
    let result = read_with(&mut sink);
    let result = match sink.error.take() {
        Some(e) => Err(e),
        None => result,
    };
    (sink.counts, std::mem::take(&mut sink.quarantine), result)
}
