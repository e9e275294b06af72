//! Reading the raw JSON that every loaded resource keeps: rules that need a field the typed
//! model does not carry read it here, so the evidence shows the value as AWS returned it.

use keyaki_snapshot::Resource;
use serde_json::Value;

/// The resource's JSON as AWS returned it (`null` if it cannot be read back, which cannot
/// happen for a loaded resource).
pub(crate) fn raw<T>(resource: &Resource<T>) -> Value {
    resource.raw.to_value().unwrap_or(Value::Null)
}

/// The boolean at `key`, when present.
pub(crate) fn bool_at(v: &Value, key: &str) -> Option<bool> {
    v.get(key).and_then(Value::as_bool)
}

/// The integer at `key`, when present.
pub(crate) fn int_at(v: &Value, key: &str) -> Option<i64> {
    v.get(key).and_then(Value::as_i64)
}

/// The string at `key`, when present.
pub(crate) fn str_at<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

/// The strings of the array at `key` (empty when absent).
pub(crate) fn strs_at<'v>(v: &'v Value, key: &str) -> Vec<&'v str> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}
