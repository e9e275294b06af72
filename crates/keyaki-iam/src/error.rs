//! Errors of the IAM engine.

use std::fmt;

use crate::loc::Location;

/// What kind of mistake a parse error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The text is not JSON.
    Syntax,
    /// A member AWS does not define.
    UnknownElement,
    /// A member given twice.
    DuplicateElement,
    /// A value of the wrong JSON type.
    WrongType,
    /// A required element is missing.
    MissingElement,
    /// A value AWS does not accept (an Effect of "allow", a Version of "2020-01-01").
    InvalidValue,
    /// Two elements that exclude each other (Action and NotAction).
    Conflict,
    /// An element this kind of policy does not allow (a Principal in an identity policy).
    NotAllowedHere,
}

/// One problem in a policy document, with its place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[error("{location}: {message}")]
pub struct ParseError {
    /// What kind of problem.
    pub kind: ParseErrorKind,
    /// What is wrong, lowercase, no trailing period.
    pub message: String,
    /// Where.
    pub location: Location,
    /// A hint, such as a "did you mean".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl miette::Diagnostic for ParseError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!("keyaki::iam::{}", kind_code(self.kind))))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }
}

fn kind_code(kind: ParseErrorKind) -> &'static str {
    match kind {
        ParseErrorKind::Syntax => "syntax",
        ParseErrorKind::UnknownElement => "unknown-element",
        ParseErrorKind::DuplicateElement => "duplicate-element",
        ParseErrorKind::WrongType => "wrong-type",
        ParseErrorKind::MissingElement => "missing-element",
        ParseErrorKind::InvalidValue => "invalid-value",
        ParseErrorKind::Conflict => "conflict",
        ParseErrorKind::NotAllowedHere => "not-allowed-here",
    }
}

/// Every problem found in a policy document (never empty).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ParseErrors(Vec<ParseError>);

impl ParseErrors {
    pub(crate) fn new(errors: Vec<ParseError>) -> Option<Self> {
        (!errors.is_empty()).then_some(Self(errors))
    }

    /// The errors, in document order.
    pub fn errors(&self) -> &[ParseError] {
        &self.0
    }

    /// The first error.
    pub fn first(&self) -> &ParseError {
        // Constructed non-empty by `new`.
        &self.0[0]
    }
}

impl fmt::Display for ParseErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl miette::Diagnostic for ParseErrors {
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        Some(Box::new(
            self.0.iter().map(|e| e as &dyn miette::Diagnostic),
        ))
    }
}

impl IntoIterator for ParseErrors {
    type Item = ParseError;
    type IntoIter = std::vec::IntoIter<ParseError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// An error of the IAM engine's API.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum Error {
    /// A policy document did not parse.
    #[error("{what}: the policy does not parse: {}", errors.first().map(ToString::to_string).unwrap_or_default())]
    Policy {
        /// Which policy.
        what: String,
        /// Its errors.
        #[related]
        errors: Vec<ParseError>,
    },
    /// The principal is not in the snapshot and is not an ARN keyaki can read.
    #[error(
        "unknown principal {0:?}: expected the ARN of a user, role, role session or account root, an account id, a service principal, or a user or role name of the snapshot"
    )]
    UnknownPrincipal(String),
    /// The action is not `service:Action`.
    #[error("invalid action {0:?}: expected service:Action, such as s3:GetObject")]
    InvalidAction(String),
    /// A simulate input file is not what it should be.
    #[error("{path}: {message}")]
    Input {
        /// The JSON path in the input.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// An I/O error on a named file.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

impl Error {
    pub(crate) fn policy(what: impl Into<String>, errors: ParseErrors) -> Self {
        Error::Policy {
            what: what.into(),
            errors: errors.0,
        }
    }
}

/// The closest name to `input` among `names` (case-insensitive edit distance), when close
/// enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(
    input: &str,
    names: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = input.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for name in names {
        let d = edit_distance(&lower, &name.to_ascii_lowercase());
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, name));
        }
    }
    let limit = (input.chars().count() / 3).max(1);
    best.filter(|(d, _)| *d <= limit).map(|(_, n)| n)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests() {
        assert_eq!(
            did_you_mean("GetObjekt", ["GetObject", "PutObject"]),
            Some("GetObject")
        );
        assert_eq!(did_you_mean("Zzz", ["GetObject"]), None);
    }
}
