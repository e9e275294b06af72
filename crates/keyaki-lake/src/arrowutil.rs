//! Small helpers that turn columns of Rust values into Arrow arrays.

use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanBufferBuilder, Float64Array, Int32Array, Int64Array, StringArray, StructArray,
};
use arrow::buffer::NullBuffer;
use arrow::datatypes::{DataType, Field, Fields};

pub(crate) fn utf8(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true)
}

pub(crate) fn strings(values: &[Option<String>]) -> ArrayRef {
    Arc::new(values.iter().map(|v| v.as_deref()).collect::<StringArray>())
}

pub(crate) fn i32s(values: &[Option<i32>]) -> ArrayRef {
    Arc::new(values.iter().copied().collect::<Int32Array>())
}

pub(crate) fn i64s(values: &[Option<i64>]) -> ArrayRef {
    Arc::new(values.iter().copied().collect::<Int64Array>())
}

pub(crate) fn f64s(values: &[Option<f64>]) -> ArrayRef {
    Arc::new(values.iter().copied().collect::<Float64Array>())
}

/// A struct array from its children and which rows are present.
pub(crate) fn structs(fields: &Fields, children: Vec<ArrayRef>, present: &[bool]) -> ArrayRef {
    let mut bits = BooleanBufferBuilder::new(present.len());
    for p in present {
        bits.append(*p);
    }
    let nulls = NullBuffer::new(bits.finish());
    let nulls = (nulls.null_count() > 0).then_some(nulls);
    Arc::new(StructArray::new(fields.clone(), children, nulls))
}

/// The fields of a struct data type; empty for any other type.
pub(crate) fn struct_fields(dt: &DataType) -> Fields {
    match dt {
        DataType::Struct(f) => f.clone(),
        _ => Fields::empty(),
    }
}
