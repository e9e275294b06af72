//! A loaded resource: its typed view, its raw JSON, and where it came from.

use std::ops::Deref;
use std::path::Path;
use std::sync::Arc;

use crate::raw::RawJson;

/// Where a resource was read: the file, the JSON path within it, and the line it starts on,
/// so that a finding can point a person at the exact place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file.
    pub file: Arc<Path>,
    /// The JSON path of the resource in the file, such as `$.SecurityGroups[3]`.
    pub json_path: Box<str>,
    /// The 1-based line where the resource starts.
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {}",
            self.file.display(),
            self.line,
            self.json_path
        )
    }
}

/// One resource as loaded: the typed view, the raw JSON it came from, and its origin.
///
/// It dereferences to the typed view, so `vpc.vpc_id` reads as it would on the struct.
#[derive(Debug, Clone)]
pub struct Resource<T> {
    /// The typed view: the fields keyaki's engines use.
    pub data: T,
    /// The resource's JSON exactly as written, with every field AWS returned.
    pub raw: RawJson,
    /// Where it was read.
    pub origin: Origin,
}

impl<T> Deref for Resource<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.data
    }
}
