//! The errors of keyaki-rules.

use std::path::PathBuf;

/// What can go wrong when choosing rules or reading a suppressions file.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum Error {
    /// A framework name that keyaki does not know.
    #[error("unknown framework {input:?}")]
    #[diagnostic(help("use one of cis-3.0, cis-5.0, fsbp, nist-800-53-r5"))]
    UnknownFramework {
        /// What was given.
        input: String,
    },
    /// A rule id that is not in the catalog.
    #[error("unknown rule {input:?}")]
    UnknownRule {
        /// What was given.
        input: String,
    },
    /// The suppressions file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The suppressions file is not valid.
    #[error("{}: {json_path}: {message}", path.display())]
    Suppressions {
        /// The file.
        path: PathBuf,
        /// Where in it (`$.suppressions[2].expires`).
        json_path: String,
        /// What is wrong.
        message: String,
    },
}
