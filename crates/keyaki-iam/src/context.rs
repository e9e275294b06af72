//! The request context: the condition keys of a request and their values.
//!
//! Key names are case-insensitive
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html>:
//! "Context key names are not case-sensitive"), so keys are stored lowercased. A key holds
//! one value (single-valued) or a list (multivalued, such as `aws:TagKeys`); values are text,
//! as AWS compares them, and each operator reads them as its type.

use std::collections::BTreeMap;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// The value of one context key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextValue {
    /// A single-valued key.
    One(String),
    /// A multivalued key (may be empty).
    Many(Vec<String>),
}

impl ContextValue {
    /// The values, one or many.
    pub fn values(&self) -> &[String] {
        match self {
            ContextValue::One(v) => std::slice::from_ref(v),
            ContextValue::Many(v) => v,
        }
    }
}

/// The condition keys of a request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// By lowercased key: the key as first written, and its value.
    keys: BTreeMap<String, (String, ContextValue)>,
}

impl Context {
    /// A context with no keys.
    pub fn empty() -> Self {
        Self::default()
    }

    /// A context of single-valued keys.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut ctx = Self::default();
        for (k, v) in pairs {
            ctx.set(k, v);
        }
        ctx
    }

    /// Sets a single-valued key.
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.insert(key, ContextValue::One(value.into()));
    }

    /// Sets a key to a value, replacing what it held.
    pub fn insert(&mut self, key: &str, value: ContextValue) {
        self.keys
            .insert(key.to_ascii_lowercase(), (key.to_owned(), value));
    }

    /// Sets a key only if the context does not have it yet.
    pub fn insert_default(&mut self, key: &str, value: ContextValue) {
        self.keys
            .entry(key.to_ascii_lowercase())
            .or_insert_with(|| (key.to_owned(), value));
    }

    /// Removes a key.
    pub fn remove(&mut self, key: &str) {
        self.keys.remove(&key.to_ascii_lowercase());
    }

    /// The value of `key` (any case).
    pub fn get(&self, key: &str) -> Option<&ContextValue> {
        if key.bytes().any(|b| b.is_ascii_uppercase()) {
            self.keys.get(&key.to_ascii_lowercase()).map(|(_, v)| v)
        } else {
            self.keys.get(key).map(|(_, v)| v)
        }
    }

    /// The value of a lowercased key as a policy variable: a single-valued key's value.
    /// Multivalued keys cannot be policy variables
    /// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html>).
    pub(crate) fn variable(&self, lower_key: &str) -> Option<&str> {
        match self.keys.get(lower_key) {
            Some((_, ContextValue::One(v))) => Some(v),
            _ => None,
        }
    }

    /// Every key (as written) and value, sorted by lowercased key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ContextValue)> {
        self.keys.values().map(|(k, v)| (k.as_str(), v))
    }

    /// How many keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there is no key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

impl Serialize for Context {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.keys.len()))?;
        for (key, value) in self.iter() {
            match value {
                ContextValue::One(v) => map.serialize_entry(key, v)?,
                ContextValue::Many(v) => map.serialize_entry(key, v)?,
            }
        }
        map.end()
    }
}

/// Reads `{"key": "value" | ["v1", "v2"] | number | bool}`: numbers and booleans become
/// their text, an array makes the key multivalued.
impl<'de> Deserialize<'de> for Context {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Context;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of context keys to a value or an array of values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Context, A::Error> {
                let mut ctx = Context::default();
                while let Some((key, value)) = map.next_entry::<String, serde_json::Value>()? {
                    let text = |v: &serde_json::Value| -> Result<String, A::Error> {
                        match v {
                            serde_json::Value::String(s) => Ok(s.clone()),
                            serde_json::Value::Number(n) => Ok(n.to_string()),
                            serde_json::Value::Bool(b) => Ok(b.to_string()),
                            _ => Err(de::Error::custom(format!(
                                "context key {key}: expected a string, number, boolean or an array of them"
                            ))),
                        }
                    };
                    let value = match &value {
                        serde_json::Value::Array(items) => ContextValue::Many(
                            items.iter().map(text).collect::<Result<Vec<_>, _>>()?,
                        ),
                        other => ContextValue::One(text(other)?),
                    };
                    ctx.insert(&key, value);
                }
                Ok(ctx)
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case() {
        let mut ctx = Context::empty();
        ctx.set("aws:SourceIp", "192.0.2.1");
        assert!(ctx.get("AWS:SOURCEIP").is_some());
        assert_eq!(ctx.variable("aws:sourceip"), Some("192.0.2.1"));
    }

    #[test]
    fn reads_json() {
        let ctx: Context = serde_json::from_str(
            r#"{"aws:TagKeys": ["a", "b"], "aws:MultiFactorAuthPresent": true, "n": 5}"#,
        )
        .unwrap();
        assert_eq!(
            ctx.get("aws:tagkeys"),
            Some(&ContextValue::Many(vec!["a".into(), "b".into()]))
        );
        assert_eq!(
            ctx.get("aws:multifactorauthpresent"),
            Some(&ContextValue::One("true".into()))
        );
        assert_eq!(ctx.variable("aws:tagkeys"), None);
    }
}
