//! Shapes that many AWS outputs share.

use serde::{Deserialize, Serialize};

/// A resource tag, `{"Key": ..., "Value": ...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    /// The tag key.
    pub key: String,
    /// The tag value (AWS allows an empty one).
    #[serde(default)]
    pub value: String,
}

/// The value of the tag `key` in `tags`.
pub fn tag<'t>(tags: &'t [Tag], key: &str) -> Option<&'t str> {
    tags.iter().find(|t| t.key == key).map(|t| t.value.as_str())
}
