//! SQL over the lake: one table per source, partition columns `account`, `region`, `dt`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::record_batch::RecordBatch;
use datafusion::datasource::MemTable;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{
    ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl,
};
use datafusion::prelude::{SessionConfig, SessionContext};

use crate::error::{Error, Result};
use crate::read::SourceKind;
use crate::tables::{PARTITION_COLUMNS, schema};

/// A lake opened for queries.
///
/// ```no_run
/// let lake = keyaki_lake::Lake::open("lake".as_ref())?;
/// let result = lake.query("SELECT eventname, count(*) AS n FROM cloudtrail_logs GROUP BY 1")?;
/// println!("{}", result.to_table()?);
/// # Ok::<(), keyaki_lake::Error>(())
/// ```
pub struct Lake {
    dir: PathBuf,
    ctx: SessionContext,
    rt: tokio::runtime::Runtime,
}

impl std::fmt::Debug for Lake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lake")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// The rows a query returned.
#[derive(Debug, Clone)]
pub struct QueryResult {
    /// The columns.
    pub schema: SchemaRef,
    /// The rows, in batches.
    pub batches: Vec<RecordBatch>,
}

impl QueryResult {
    /// Number of rows.
    pub fn num_rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    /// A text table for a terminal.
    pub fn to_table(&self) -> Result<String> {
        Ok(arrow::util::pretty::pretty_format_batches(&self.batches)?.to_string())
    }

    /// CSV with a header line.
    pub fn to_csv(&self) -> Result<String> {
        let mut buf = Vec::new();
        {
            let mut w = arrow::csv::WriterBuilder::new()
                .with_header(true)
                .build(&mut buf);
            for b in &self.batches {
                w.write(b)?;
            }
        }
        Ok(String::from_utf8_lossy(&buf).into_owned())
    }

    /// JSON Lines: one object per row, null columns left out.
    pub fn to_json_lines(&self) -> Result<String> {
        let mut buf = Vec::new();
        {
            let mut w = arrow::json::LineDelimitedWriter::new(&mut buf);
            let refs: Vec<&RecordBatch> = self.batches.iter().collect();
            w.write_batches(&refs)?;
            w.finish()?;
        }
        Ok(String::from_utf8_lossy(&buf).into_owned())
    }

    /// The rows as JSON objects.
    pub fn to_json_rows(&self) -> Result<Vec<serde_json::Map<String, serde_json::Value>>> {
        let text = self.to_json_lines()?;
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                serde_json::from_str(l).map_err(|e| Error::Invalid {
                    what: "query result".into(),
                    reason: e.to_string(),
                })
            })
            .collect()
    }
}

fn partition_cols() -> Vec<(String, DataType)> {
    PARTITION_COLUMNS
        .iter()
        .map(|c| ((*c).to_owned(), DataType::Utf8))
        .collect()
}

impl Lake {
    /// Opens the lake at `dir` (it may be empty or missing: every table then has no rows).
    pub fn open(dir: &Path) -> Result<Lake> {
        let mut config = SessionConfig::new()
            .with_information_schema(true)
            .with_default_catalog_and_schema("keyaki", "lake");
        {
            let o = config.options_mut();
            o.execution.parquet.schema_force_view_types = false;
            o.execution.parquet.pushdown_filters = true;
            o.sql_parser.dialect = datafusion::config::Dialect::Generic;
        }
        let ctx = SessionContext::new_with_config(config);
        crate::udf::register(&ctx);
        for kind in SourceKind::ALL {
            register(&ctx, dir, kind)?;
        }
        let iocs = crate::detect::ioc_batch(&[])?;
        ctx.register_table(
            "ioc_addresses",
            Arc::new(MemTable::try_new(iocs.schema(), vec![vec![iocs]])?),
        )?;
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::io(dir, e))?;
        Ok(Lake {
            dir: dir.to_owned(),
            ctx,
            rt,
        })
    }

    /// The lake's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Runs one SQL statement.
    pub fn query(&self, sql: &str) -> Result<QueryResult> {
        let ctx = &self.ctx;
        self.rt.block_on(async move {
            let df = ctx.sql(sql).await?;
            let schema: SchemaRef = df.schema().inner().clone();
            let batches = df.collect().await?;
            Ok(QueryResult { schema, batches })
        })
    }

    /// Sets the list of bad addresses that `ioc_addresses` (columns `address`, `note`)
    /// holds for detections and queries.
    pub fn set_iocs(&self, iocs: &[crate::detect::Ioc]) -> Result<()> {
        let batch = crate::detect::ioc_batch(iocs)?;
        let _ = self.ctx.deregister_table("ioc_addresses")?;
        self.ctx.register_table(
            "ioc_addresses",
            Arc::new(MemTable::try_new(batch.schema(), vec![vec![batch]])?),
        )?;
        Ok(())
    }

    /// The query plan with the partitions and files it reads (`EXPLAIN`).
    pub fn explain(&self, sql: &str) -> Result<String> {
        let r = self.query(&format!("EXPLAIN {sql}"))?;
        r.to_table()
    }
}

fn register(ctx: &SessionContext, dir: &Path, kind: SourceKind) -> Result<()> {
    let table_dir = dir.join(format!("source={}", kind.as_str()));
    let name = kind.table();
    if table_dir.is_dir() {
        let opts = ListingOptions::new(Arc::new(ParquetFormat::default()))
            .with_file_extension(".parquet")
            .with_table_partition_cols(partition_cols());
        let mut url = table_dir.to_string_lossy().into_owned();
        if !url.ends_with('/') {
            url.push('/');
        }
        let url = ListingTableUrl::parse(&url)?;
        let config = ListingTableConfig::new(url)
            .with_listing_options(opts)
            .with_schema(schema(kind));
        let table = ListingTable::try_new(config)?;
        ctx.register_table(name, Arc::new(table))?;
    } else {
        let mut fields: Vec<Field> = schema(kind)
            .fields()
            .iter()
            .map(|f| f.as_ref().clone())
            .collect();
        fields.extend(
            PARTITION_COLUMNS
                .iter()
                .map(|c| Field::new(*c, DataType::Utf8, false)),
        );
        let s = Arc::new(Schema::new(fields));
        let t = MemTable::try_new(s, vec![vec![]])?;
        ctx.register_table(name, Arc::new(t))?;
    }
    Ok(())
}
