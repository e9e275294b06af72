//! The one error type of keyaki-report.

use std::io;
use std::path::PathBuf;

/// Why a report could not be written.
///
/// Every I/O failure, whichever format met it, is an [`Io`](Error::Io) or a
/// [`File`](Error::File), so a caller can tell a closed pipe from a real problem with
/// [`Error::is_broken_pipe`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Writing the output failed.
    #[error("cannot write the report: {0}")]
    Io(#[source] io::Error),
    /// Writing a file failed.
    #[error("{}: cannot write the report: {source}", path.display())]
    File {
        /// The file that was being written.
        path: PathBuf,
        /// What went wrong.
        #[source]
        source: io::Error,
    },
    /// The workbook could not be assembled.
    #[error("cannot build the workbook: {0}")]
    Xlsx(#[source] rust_xlsxwriter::XlsxError),
    /// A CSV record could not be written.
    #[error("cannot write CSV: {0}")]
    Csv(#[source] csv::Error),
    /// A JSON value could not be written.
    #[error("cannot write JSON: {0}")]
    Json(#[source] serde_json::Error),
    /// Two columns of a sheet share a key.
    #[error(
        "sheet {sheet:?}: two columns have the key {key:?}; keys name JSON fields and must be unique"
    )]
    DuplicateColumn {
        /// The sheet.
        sheet: String,
        /// The repeated key.
        key: String,
    },
    /// A row does not have one cell per column.
    #[error("sheet {sheet:?}: row {row} has {found} cells, expected {expected} (one per column)")]
    RowWidth {
        /// The sheet.
        sheet: String,
        /// The 0-based index of the row among the data rows.
        row: usize,
        /// How many columns the sheet has.
        expected: usize,
        /// How many cells the row has.
        found: usize,
    },
    /// The time to stamp the report with is not ISO 8601 UTC.
    #[error("timestamp {value:?}: expected ISO 8601 UTC, such as 2026-03-14T12:00:00Z")]
    Timestamp {
        /// The time as given.
        value: String,
    },
    /// A sheet is larger than a worksheet can hold.
    #[error(
        "sheet {sheet:?} has {rows} rows and {columns} columns; a worksheet holds at most \
         1048575 rows under its header and 16384 columns"
    )]
    TooLargeForWorksheet {
        /// The sheet.
        sheet: String,
        /// Its number of data rows.
        rows: usize,
        /// Its number of columns.
        columns: usize,
    },
}

impl Error {
    /// Whether the reader of the output went away (`keyaki ... | head`). A command-line tool
    /// ends quietly and successfully then.
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            Error::Io(e) | Error::File { source: e, .. } => e.kind() == io::ErrorKind::BrokenPipe,
            _ => false,
        }
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::Io(e)
    }
}

impl From<csv::Error> for Error {
    fn from(e: csv::Error) -> Self {
        match e.kind() {
            csv::ErrorKind::Io(io) => {
                let kind = io.kind();
                Error::Io(io::Error::new(kind, e))
            }
            _ => Error::Csv(e),
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        if e.is_io() {
            Error::Io(e.into())
        } else {
            Error::Json(e)
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for Error {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        match e {
            rust_xlsxwriter::XlsxError::IoError(io) => Error::Io(io),
            other => Error::Xlsx(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_failures_from_every_format_are_io_errors() {
        let pipe = || io::Error::new(io::ErrorKind::BrokenPipe, "closed");
        assert!(Error::from(csv::Error::from(pipe())).is_broken_pipe());
        assert!(Error::from(serde_json::Error::io(pipe())).is_broken_pipe());
        assert!(Error::from(rust_xlsxwriter::XlsxError::IoError(pipe())).is_broken_pipe());
        let other = Error::from(io::Error::other("disk full"));
        assert!(!other.is_broken_pipe());
        assert_eq!(other.to_string(), "cannot write the report: disk full");
    }

    #[test]
    fn file_errors_name_the_path() {
        let e = Error::File {
            path: PathBuf::from("out/report.xlsx"),
            source: io::Error::new(io::ErrorKind::NotFound, "no such directory"),
        };
        assert_eq!(
            e.to_string(),
            "out/report.xlsx: cannot write the report: no such directory"
        );
    }
}
