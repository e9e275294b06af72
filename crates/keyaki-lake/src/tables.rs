//! The lake's tables: one per source, each under `LAKE/source=<kind>/` partitioned by
//! `account`, `region` and `dt`.

use arrow::datatypes::SchemaRef;

use crate::read::{self, SourceKind};

/// The Arrow schema of the Parquet files of `kind` (without the partition columns).
pub fn schema(kind: SourceKind) -> SchemaRef {
    match kind {
        SourceKind::CloudTrail => read::cloudtrail::SCHEMA.clone(),
        SourceKind::VpcFlow => read::vpcflow::SCHEMA.clone(),
        SourceKind::Alb => read::alb::SCHEMA.clone(),
        SourceKind::Nginx => read::nginx::SCHEMA.clone(),
    }
}

/// The partition columns, in folder order.
pub const PARTITION_COLUMNS: [&str; 3] = ["account", "region", "dt"];
