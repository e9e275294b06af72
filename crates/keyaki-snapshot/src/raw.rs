//! The exact JSON text a resource was loaded from.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// A resource's JSON exactly as it stands in its file.
///
/// It shares the file's text rather than copying it, so keeping the raw JSON of every
/// resource costs one copy of the snapshot's files in memory, and no parsing.
#[derive(Clone)]
pub struct RawJson {
    text: Arc<str>,
    range: Range<usize>,
}

impl RawJson {
    pub(crate) fn new(text: Arc<str>, range: Range<usize>) -> Self {
        debug_assert!(text.get(range.clone()).is_some());
        Self { text, range }
    }

    /// A raw value that owns its text, for values that were not read from a file.
    pub fn from_string(json: String) -> Self {
        let len = json.len();
        Self {
            text: json.into(),
            range: 0..len,
        }
    }

    /// The JSON text.
    pub fn get(&self) -> &str {
        &self.text[self.range.clone()]
    }

    /// Parses the text into a [`serde_json::Value`]. The text was valid JSON when it was
    /// loaded, so this only fails on values built by hand with [`RawJson::from_string`].
    pub fn to_value(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::from_str(self.get())
    }
}

impl fmt::Debug for RawJson {
    /// Only the length: raw JSON can hold secrets (a Lambda function's environment values),
    /// and debug output ends up in logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawJson({} bytes)", self.range.len())
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let raw: &serde_json::value::RawValue =
            serde_json::from_str(self.get()).map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}
