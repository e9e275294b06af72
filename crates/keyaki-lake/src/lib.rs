//! keyaki's log lake: CloudTrail, VPC Flow Logs, ALB and nginx logs in Parquet, queried with
//! SQL, searched with detections, and laid out per actor as a timeline.
//!
//! - [`ingest`] reads log files (plain or gzip, the source recognised from the content) into a
//!   lake: Hive-partitioned, zstd-compressed Parquet under
//!   `LAKE/source=<cloudtrail|vpcflow|alb|nginx>/account=/region=/dt=/`, with the columns of
//!   Amazon Athena's documented tables. Bad records go to a quarantine with their file, line and
//!   reason; the [`IngestReport`] accounts for every record; a manifest makes re-ingesting a
//!   file a no-op; files appear atomically.
//! - [`scan`] reads one log held in memory through the same readers, without a lake.
//! - [`Lake`] runs SQL over the tables `cloudtrail_logs`, `vpc_flow_logs`, `alb_logs` and
//!   `nginx_logs`, with Athena's JSON and time functions.
//! - [`detect`] runs [`Detection`]s (built in, or SQL files with a metadata header) and returns
//!   [`keyaki_core::Finding`]s.
//! - [`load_sigma_rules`] translates SigmaHQ rules for CloudTrail into [`Detection`]s, and
//!   lists the rules that use features it does not translate, with the reason.
//! - [`export_ocsf`] writes the CloudTrail and flow log rows as OCSF 1.1.0 API Activity and
//!   Network Activity events, in Parquet laid out as Amazon Security Lake stores them.
//! - [`timeline`] lays out what one access key, principal or address did, across sources;
//!   [`Timeline::to_html`] renders it as a self-contained page.
//!
//! ```no_run
//! use keyaki_lake::{IngestOptions, Lake, TimelineQuery, builtin_detections, detect, ingest, timeline};
//!
//! let report = ingest("lake".as_ref(), &["logs".into()], &IngestOptions::new())?;
//! assert!(report.totals.balanced());
//! let lake = Lake::open("lake".as_ref())?;
//! println!("{}", lake.query("SELECT eventname, count(*) FROM cloudtrail_logs GROUP BY 1")?.to_table()?);
//! for f in detect(&lake, &builtin_detections()).findings {
//!     println!("{} {} {}", f.severity, f.rule_id, f.title);
//! }
//! let t = timeline(&lake, &TimelineQuery::new("ASIABZPUZDIKIRIUQMHC"))?;
//! println!("{} events", t.events.len());
//! # Ok::<(), keyaki_lake::Error>(())
//! ```

mod arrowutil;
mod detect;
mod error;
mod html;
mod ingest;
mod manifest;
mod ocsf;
mod read;
mod scan;
mod sigma;
mod sql;
mod tables;
mod time;
mod timeline;
mod udf;

pub use detect::{
    DetectReport, Detection, DetectionError, Ioc, builtin_detections, detect, load_detections,
    parse_detections, parse_iocs,
};
pub use error::{Error, Result};
pub use ingest::{FileReport, FileStatus, IngestOptions, IngestReport, ingest};
pub use ocsf::{OCSF_VERSION, OcsfClass, OcsfFile, OcsfReport, OcsfSkip, export_ocsf};
pub use read::nginx::{COMBINED, LogFormat};
pub use read::{Counts, QuarantineEntry, SourceKind};
pub use scan::{ScanReport, scan};
pub use sigma::{SigmaSet, load_sigma_rules, sigma_to_detection};
pub use sql::{Lake, QueryResult};
pub use tables::{PARTITION_COLUMNS, schema};
pub use timeline::{Timeline, TimelineEvent, TimelineQuery, timeline};
