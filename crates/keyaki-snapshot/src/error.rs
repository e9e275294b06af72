//! What can go wrong when a snapshot is loaded.

use std::fmt;
use std::path::PathBuf;

use thiserror::Error;

/// One problem with one input file. Every variant names the file; those about content also
/// name the line, column and JSON path, and say what was expected.
#[derive(Debug, Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum LoadError {
    /// The snapshot path does not exist or is not a directory.
    #[error("{path}: {reason}")]
    #[diagnostic(
        code(keyaki::snapshot::not_a_snapshot),
        help("a snapshot is a directory of AWS CLI JSON outputs; see docs/formats.md")
    )]
    NotASnapshot {
        /// The path that was given.
        path: PathBuf,
        /// Why it cannot be a snapshot.
        reason: String,
    },
    /// A file or directory could not be read.
    #[error("{path}: cannot read: {source}")]
    #[diagnostic(code(keyaki::snapshot::io))]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The file is not valid JSON (or CSV).
    #[error("{path}:{line}:{column}: invalid {format}: {message}")]
    #[diagnostic(code(keyaki::snapshot::syntax))]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// `JSON` or `CSV`.
        format: &'static str,
        /// What the parser saw.
        message: String,
    },
    /// Valid JSON of the wrong shape: a missing field, a wrong type, a bad value.
    #[error("{path}:{line}:{column}: {json_path}: {message}")]
    #[diagnostic(code(keyaki::snapshot::shape))]
    Shape {
        /// The file.
        path: PathBuf,
        /// 1-based line of the offending value.
        line: usize,
        /// 1-based column of the offending value.
        column: usize,
        /// Where in the document, such as `$.Vpcs[2].CidrBlock`.
        json_path: String,
        /// What was expected, in the words of the parser.
        message: String,
    },
}

impl LoadError {
    /// The file the error is about.
    pub fn path(&self) -> &std::path::Path {
        match self {
            LoadError::NotASnapshot { path, .. }
            | LoadError::Io { path, .. }
            | LoadError::Syntax { path, .. }
            | LoadError::Shape { path, .. } => path,
        }
    }
}

/// Every problem found while loading a snapshot; never empty.
#[derive(Debug, Error, miette::Diagnostic)]
pub struct LoadErrors {
    #[related]
    errors: Vec<LoadError>,
}

impl LoadErrors {
    pub(crate) fn new(errors: Vec<LoadError>) -> Option<Self> {
        (!errors.is_empty()).then_some(Self { errors })
    }

    /// The individual errors, in file order.
    pub fn errors(&self) -> &[LoadError] {
        &self.errors
    }

    /// Takes the errors out.
    pub fn into_errors(self) -> Vec<LoadError> {
        self.errors
    }
}

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.errors.as_slice() {
            [one] => write!(f, "{one}"),
            many => {
                write!(f, "{} errors while loading the snapshot:", many.len())?;
                for error in many {
                    write!(f, "\n  {error}")?;
                }
                Ok(())
            }
        }
    }
}

/// Something in the snapshot that keyaki did not use, or had to guess, but that does not stop
/// the analysis: an unrecognised file, a duplicate record, a region it had to infer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Warning {
    /// The file the warning is about.
    pub path: PathBuf,
    /// What kind of warning.
    pub kind: WarningKind,
    /// The details, for a person.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// The kinds of [`Warning`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum WarningKind {
    /// A file whose content is not an AWS CLI output keyaki knows.
    UnknownFile,
    /// A known output that keyaki keeps as raw JSON but does not model yet.
    NotModelled,
    /// The same resource appears twice; the first one is kept.
    Duplicate,
    /// The region or account had to be inferred, or could not be.
    Location,
    /// A reference to something the snapshot does not contain.
    Dangling,
}
