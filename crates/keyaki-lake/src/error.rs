//! The one error type of keyaki-lake.

use std::path::PathBuf;

/// What can go wrong while ingesting, querying or detecting.
///
/// Problems with single log records are not errors: they go to the quarantine and are
/// counted in the [`IngestReport`](crate::IngestReport). An `Error` stops the operation.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A whole input file could not be read as the log source it claims to be.
    #[error("{path}: {reason}")]
    BadFile {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// Writing Parquet failed.
    #[error("{path}: writing parquet: {source}")]
    Parquet {
        /// The file being written.
        path: PathBuf,
        /// The underlying error.
        source: parquet::errors::ParquetError,
    },
    /// Building Arrow data failed; this is a bug in keyaki.
    #[error("internal error building arrow data: {0} (this is a bug in keyaki, please report it)")]
    Arrow(#[from] arrow::error::ArrowError),
    /// The SQL could not be planned or run.
    #[error("sql: {0}")]
    #[diagnostic(help("tables are cloudtrail_logs, vpc_flow_logs, alb_logs and nginx_logs"))]
    Sql(Box<datafusion::error::DataFusionError>),
    /// The lake's bookkeeping files are damaged.
    #[error("{path}: damaged lake manifest: {reason}")]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A user-supplied detection, format or option is invalid.
    #[error("{what}: {reason}")]
    Invalid {
        /// What was given: a file, an option.
        what: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl From<datafusion::error::DataFusionError> for Error {
    fn from(e: datafusion::error::DataFusionError) -> Self {
        Error::Sql(Box::new(e))
    }
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
