//! Tables whose rows arrive as text fields (ALB and nginx access logs): a fixed list of typed
//! columns, rows of optional strings, and the conversion of both to Arrow.

use std::sync::Arc;

use arrow::array::ArrayRef;
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::record_batch::RecordBatch;

use crate::arrowutil::{f64s, i32s, i64s, strings};
use crate::error::Result;

/// The Arrow type a text field is stored as.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    I32,
    I64,
    F64,
    Str,
}

/// One row: a text value (or none) per column, in column order.
pub(crate) type Row = Vec<Option<String>>;

/// The schema of a table with these columns, every column nullable.
pub(crate) fn schema(columns: &[(&str, Kind)]) -> SchemaRef {
    Arc::new(Schema::new(
        columns
            .iter()
            .map(|(n, k)| {
                let t = match k {
                    Kind::I32 => DataType::Int32,
                    Kind::I64 => DataType::Int64,
                    Kind::F64 => DataType::Float64,
                    Kind::Str => DataType::Utf8,
                };
                Field::new(*n, t, true)
            })
            .collect::<Vec<_>>(),
    ))
}

/// The rows as one record batch; a number that does not parse becomes null.
pub(crate) fn batch(
    columns: &[(&str, Kind)],
    schema: &SchemaRef,
    rows: &[Row],
) -> Result<RecordBatch> {
    let cols: Vec<ArrayRef> = columns
        .iter()
        .enumerate()
        .map(|(i, (_, k))| {
            let v = rows.iter().map(|r| r[i].as_deref());
            match k {
                Kind::Str => strings(&v.map(|x| x.map(str::to_owned)).collect::<Vec<_>>()),
                Kind::I32 => i32s(
                    &v.map(|x| x.and_then(|s| s.parse().ok()))
                        .collect::<Vec<_>>(),
                ),
                Kind::I64 => i64s(
                    &v.map(|x| x.and_then(|s| s.parse().ok()))
                        .collect::<Vec<_>>(),
                ),
                Kind::F64 => f64s(
                    &v.map(|x| x.and_then(|s| s.parse().ok()))
                        .collect::<Vec<_>>(),
                ),
            }
        })
        .collect();
    Ok(RecordBatch::try_new(schema.clone(), cols)?)
}
