//! Functions that Athena users rely on for these logs, under Athena's names:
//! `json_extract_scalar`, `json_extract`, `json_array_length`, `json_array_contains`,
//! `from_iso8601_timestamp`, `from_iso8601_date`, `parse_datetime`, `to_iso8601`, `day_of_week`, `url_decode`.
//! `date_trunc`, `from_unixtime`, `regexp_like`, `strpos`, `split_part`, `cardinality` and the
//! rest come with the SQL engine.

use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, Date32Array, Int64Array, StringArray,
    TimestampNanosecondArray,
};
use arrow::datatypes::{DataType, TimeUnit, TimestampNanosecondType};
use chrono::{Datelike, NaiveDate};
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{ColumnarValue, ScalarUDF, Volatility, create_udf};
use datafusion::prelude::SessionContext;
use serde_json::Value;

use crate::time::{parse_iso, parse_joda};

/// The time zone of the timestamps these functions return.
pub(crate) const UTC: &str = "+00:00";

fn ts_type() -> DataType {
    DataType::Timestamp(TimeUnit::Nanosecond, Some(UTC.into()))
}

/// One step of a JSON path: `.name`, `["name"]` or `[0]`.
#[derive(Debug, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// Parses the JSON paths Athena accepts: `$.a.b`, `$.a[0]`, `$["a b"]`, `$['a']`.
fn parse_path(path: &str) -> Option<Vec<Step>> {
    let p = path.trim();
    let mut rest = p.strip_prefix('$')?;
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            if end == 0 {
                return None;
            }
            steps.push(Step::Key(r[..end].to_owned()));
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let close = r.find(']')?;
            let inner = r[..close].trim();
            if let Some(q) = inner.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
                steps.push(Step::Key(q.to_owned()));
            } else if let Some(q) = inner.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
                steps.push(Step::Key(q.to_owned()));
            } else {
                steps.push(Step::Index(inner.parse().ok()?));
            }
            rest = &r[close + 1..];
        } else {
            return None;
        }
    }
    Some(steps)
}

fn walk<'v>(v: &'v Value, steps: &[Step]) -> Option<&'v Value> {
    let mut cur = v;
    for s in steps {
        cur = match (s, cur) {
            (Step::Key(k), Value::Object(m)) => m.get(k)?,
            (Step::Index(i), Value::Array(a)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Applies `f` row by row to string arguments, arrays or scalars alike.
fn map_strings<T, A: Array + 'static>(
    args: &[ColumnarValue],
    f: impl Fn(&[Option<&str>]) -> Option<T>,
    build: impl Fn(Vec<Option<T>>) -> A,
) -> DfResult<ColumnarValue> {
    let len = args
        .iter()
        .find_map(|a| match a {
            ColumnarValue::Array(a) => Some(a.len()),
            ColumnarValue::Scalar(_) => None,
        })
        .unwrap_or(1);
    let all_scalar = args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_)));
    let arrays: Vec<ArrayRef> = args
        .iter()
        .map(|a| {
            let arr = a.clone().into_array(len)?;
            Ok(arrow::compute::cast(&arr, &DataType::Utf8)?)
        })
        .collect::<DfResult<_>>()?;
    let strs: Vec<&StringArray> = arrays.iter().map(|a| a.as_string::<i32>()).collect();
    let mut out = Vec::with_capacity(len);
    let mut row = Vec::with_capacity(strs.len());
    for i in 0..len {
        row.clear();
        row.extend(strs.iter().map(|s| (!s.is_null(i)).then(|| s.value(i))));
        out.push(f(&row));
    }
    let arr: ArrayRef = Arc::new(build(out));
    if all_scalar {
        Ok(ColumnarValue::Scalar(
            datafusion::common::ScalarValue::try_from_array(&arr, 0)?,
        ))
    } else {
        Ok(ColumnarValue::Array(arr))
    }
}

fn json_at(json: Option<&str>, path: Option<&str>) -> Option<Value> {
    let steps = parse_path(path?)?;
    let v: Value = serde_json::from_str(json?).ok()?;
    walk(&v, &steps).cloned()
}

fn string_udf(
    name: &str,
    n: usize,
    f: impl Fn(&[Option<&str>]) -> Option<String> + Send + Sync + 'static,
) -> ScalarUDF {
    create_udf(
        name,
        vec![DataType::Utf8; n],
        DataType::Utf8,
        Volatility::Immutable,
        Arc::new(move |args| map_strings(args, &f, StringArray::from)),
    )
}

fn ts_from(args: &[ColumnarValue], f: impl Fn(&str) -> Option<i64>) -> DfResult<ColumnarValue> {
    map_strings(
        args,
        |r| r[0].and_then(&f),
        |v| TimestampNanosecondArray::from(v).with_timezone(UTC),
    )
}

fn timestamps(arg: &ColumnarValue, len: usize) -> DfResult<ArrayRef> {
    let arr = arg.clone().into_array(len)?;
    Ok(arrow::compute::cast(&arr, &ts_type())?)
}

fn nanos_to_time(ns: i64) -> Option<chrono::DateTime<chrono::Utc>> {
    Some(chrono::DateTime::from_timestamp_nanos(ns))
}

fn arg_len(args: &[ColumnarValue]) -> usize {
    args.iter()
        .find_map(|a| match a {
            ColumnarValue::Array(a) => Some(a.len()),
            ColumnarValue::Scalar(_) => None,
        })
        .unwrap_or(1)
}

/// Percent-decoding as in form data: `+` is a space; invalid escapes are kept as written.
pub(crate) fn url_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Registers the functions on `ctx`.
pub(crate) fn register(ctx: &SessionContext) {
    ctx.register_udf(string_udf("json_extract_scalar", 2, |r| {
        json_at(r[0], r[1]).as_ref().and_then(scalar_text)
    }));
    ctx.register_udf(string_udf("json_extract", 2, |r| {
        json_at(r[0], r[1]).map(|v| v.to_string())
    }));
    ctx.register_udf(string_udf("url_decode", 1, |r| r[0].map(url_decode)));
    ctx.register_udf(create_udf(
        "json_array_length",
        vec![DataType::Utf8],
        DataType::Int64,
        Volatility::Immutable,
        Arc::new(|args| {
            map_strings(
                args,
                |r| match serde_json::from_str::<Value>(r[0]?).ok()? {
                    Value::Array(a) => i64::try_from(a.len()).ok(),
                    _ => None,
                },
                Int64Array::from,
            )
        }),
    ));
    ctx.register_udf(create_udf(
        "json_array_contains",
        vec![DataType::Utf8, DataType::Utf8],
        DataType::Boolean,
        Volatility::Immutable,
        Arc::new(|args| {
            map_strings(
                args,
                |r| match serde_json::from_str::<Value>(r[0]?).ok()? {
                    Value::Array(a) => {
                        let needle = r[1]?;
                        Some(a.iter().any(|v| scalar_text(v).as_deref() == Some(needle)))
                    }
                    _ => None,
                },
                BooleanArray::from,
            )
        }),
    ));
    ctx.register_udf(create_udf(
        "from_iso8601_timestamp",
        vec![DataType::Utf8],
        ts_type(),
        Volatility::Immutable,
        Arc::new(|args| ts_from(args, |s| parse_iso(s).and_then(|t| t.timestamp_nanos_opt()))),
    ));
    ctx.register_udf(create_udf(
        "parse_datetime",
        vec![DataType::Utf8, DataType::Utf8],
        ts_type(),
        Volatility::Immutable,
        Arc::new(|args| {
            map_strings(
                args,
                |r| parse_joda(r[0]?, r[1]?).and_then(|t| t.timestamp_nanos_opt()),
                |v| TimestampNanosecondArray::from(v).with_timezone(UTC),
            )
        }),
    ));
    ctx.register_udf(create_udf(
        "from_iso8601_date",
        vec![DataType::Utf8],
        DataType::Date32,
        Volatility::Immutable,
        Arc::new(|args| {
            map_strings(
                args,
                |r| {
                    let d = NaiveDate::parse_from_str(r[0]?.trim(), "%Y-%m-%d").ok()?;
                    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
                    i32::try_from((d - epoch).num_days()).ok()
                },
                Date32Array::from,
            )
        }),
    ));
    ctx.register_udf(create_udf(
        "to_iso8601",
        vec![ts_type()],
        DataType::Utf8,
        Volatility::Immutable,
        Arc::new(|args| {
            let len = arg_len(args);
            let arr = timestamps(&args[0], len)?;
            let ts = arr.as_primitive::<TimestampNanosecondType>();
            let out: StringArray = ts
                .iter()
                .map(|v| {
                    v.and_then(nanos_to_time)
                        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
                })
                .collect();
            Ok(ColumnarValue::Array(Arc::new(out)))
        }),
    ));
    ctx.register_udf(create_udf(
        "day_of_week",
        vec![ts_type()],
        DataType::Int64,
        Volatility::Immutable,
        Arc::new(|args| {
            let len = arg_len(args);
            let arr = timestamps(&args[0], len)?;
            let ts = arr.as_primitive::<TimestampNanosecondType>();
            let out: Int64Array = ts
                .iter()
                .map(|v| {
                    v.and_then(nanos_to_time)
                        .map(|t| i64::from(t.weekday().number_from_monday()))
                })
                .collect();
            Ok(ColumnarValue::Array(Arc::new(out)))
        }),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_paths() {
        let doc = r#"{"bucketName":"b","a":{"b":[1,{"c":"x"}]},"k y":true}"#;
        assert_eq!(
            json_at(Some(doc), Some("$.bucketName")),
            Some(Value::String("b".into()))
        );
        assert_eq!(
            json_at(Some(doc), Some("$.a.b[1].c")),
            Some(Value::String("x".into()))
        );
        assert_eq!(
            json_at(Some(doc), Some(r#"$["k y"]"#)),
            Some(Value::Bool(true))
        );
        assert_eq!(json_at(Some(doc), Some("$.missing")), None);
        assert_eq!(json_at(Some("not json"), Some("$.a")), None);
        assert_eq!(parse_path("a.b"), None);
    }

    #[test]
    fn decoding() {
        assert_eq!(url_decode("a%20b+c%3B%zz%"), "a b c;%zz%");
    }
}
