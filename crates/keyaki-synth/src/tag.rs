//! The `{"Key": ..., "Value": ...}` tag shape shared by EC2 and IAM.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Tag {
    pub(crate) key: String,
    pub(crate) value: String,
}

impl Tag {
    pub(crate) fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// A list of tags from (key, value) pairs.
pub(crate) fn tags<const N: usize>(pairs: [(&str, &str); N]) -> Vec<Tag> {
    pairs.iter().map(|(k, v)| Tag::new(*k, *v)).collect()
}
