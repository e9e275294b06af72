//! VPC Flow Logs as delivered to S3 or exported from CloudWatch Logs: the default version 2
//! format or any custom format named by the file's header line; `-` is null.

use std::io::BufRead;
use std::sync::{Arc, LazyLock};

use arrow::array::ArrayRef;
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::record_batch::RecordBatch;

use super::{Columns, FileCtx, PartKey, Sink, for_each_line};
use crate::arrowutil::{i32s, i64s, strings};
use crate::error::Result;
use crate::time::unix_date;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    I32,
    I64,
    Str,
}

/// Every documented flow log field (versions 2 to 8), in the documented order, with the type
/// that Athena's `CREATE TABLE` for `vpc_flow_logs` gives it. `region` is the lake's partition.
const FIELDS: &[(&str, Kind)] = &[
    ("version", Kind::I32),
    ("account-id", Kind::Str),
    ("interface-id", Kind::Str),
    ("srcaddr", Kind::Str),
    ("dstaddr", Kind::Str),
    ("srcport", Kind::I32),
    ("dstport", Kind::I32),
    ("protocol", Kind::I64),
    ("packets", Kind::I64),
    ("bytes", Kind::I64),
    ("start", Kind::I64),
    ("end", Kind::I64),
    ("action", Kind::Str),
    ("log-status", Kind::Str),
    ("vpc-id", Kind::Str),
    ("subnet-id", Kind::Str),
    ("instance-id", Kind::Str),
    ("tcp-flags", Kind::I32),
    ("type", Kind::Str),
    ("pkt-srcaddr", Kind::Str),
    ("pkt-dstaddr", Kind::Str),
    ("region", Kind::Str),
    ("az-id", Kind::Str),
    ("sublocation-type", Kind::Str),
    ("sublocation-id", Kind::Str),
    ("pkt-src-aws-service", Kind::Str),
    ("pkt-dst-aws-service", Kind::Str),
    ("flow-direction", Kind::Str),
    ("traffic-path", Kind::I32),
    ("ecs-cluster-arn", Kind::Str),
    ("ecs-cluster-name", Kind::Str),
    ("ecs-container-instance-arn", Kind::Str),
    ("ecs-container-instance-id", Kind::Str),
    ("ecs-container-id", Kind::Str),
    ("ecs-second-container-id", Kind::Str),
    ("ecs-service-name", Kind::Str),
    ("ecs-task-definition-arn", Kind::Str),
    ("ecs-task-arn", Kind::Str),
    ("ecs-task-id", Kind::Str),
    ("reject-reason", Kind::Str),
];

const REGION: usize = 21;

/// The default (version 2) format.
const DEFAULT_FORMAT: usize = 14;

/// Index of a field in [`FIELDS`] from its header name (`log-status`) or column name
/// (`log_status`), or the `${name}` form of a format string.
fn field_index(name: &str) -> Option<usize> {
    let n = name
        .trim_start_matches("${")
        .trim_end_matches('}')
        .replace('_', "-");
    FIELDS.iter().position(|(f, _)| *f == n)
}

/// The columns of `vpc_flow_logs`: every field except `region`, named with underscores.
pub(crate) static SCHEMA: LazyLock<SchemaRef> = LazyLock::new(|| {
    let cols: Vec<Field> = FIELDS
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != REGION)
        .map(|(_, (name, kind))| {
            let t = match kind {
                Kind::I32 => DataType::Int32,
                Kind::I64 => DataType::Int64,
                Kind::Str => DataType::Utf8,
            };
            Field::new(name.replace('-', "_"), t, true)
        })
        .collect();
    Arc::new(Schema::new(cols))
});

pub(crate) fn is_header(line: &str) -> bool {
    let mut known = 0;
    for t in line.split_ascii_whitespace() {
        if !t.bytes().all(|b| {
            b.is_ascii_lowercase() || b == b'-' || b == b'_' || b == b'$' || b == b'{' || b == b'}'
        }) {
            return false;
        }
        if field_index(t).is_some() {
            known += 1;
        }
    }
    known >= 3
}

pub(crate) fn looks_like_default_record(line: &str) -> bool {
    let t: Vec<&str> = line.split(' ').collect();
    t.len() == DEFAULT_FORMAT
        && t[0] == "2"
        && (t[1] == "-" || (t[1].len() == 12 && t[1].bytes().all(|b| b.is_ascii_digit())))
        && (t[2] == "-" || t[2].starts_with("eni-"))
}

/// One flow record: a value per column of [`FIELDS`] (`None` where absent or `-`).
pub(crate) type Row = Vec<Cell>;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell {
    Null,
    Int(i64),
    Text(String),
}

/// Reads a flow log file. `format` is a user-given format (`${version} ${srcaddr} ...`) for
/// files without a header line.
pub(crate) fn read(
    r: impl BufRead,
    ctx: &FileCtx,
    format: Option<&str>,
    sink: &mut Sink<'_, FlowColumns>,
) -> Result<()> {
    let mut layout: Option<Vec<Option<usize>>> =
        format.map(|f| f.split_ascii_whitespace().map(field_index).collect());
    for_each_line(r, &ctx.path, |n, offset, line| {
        let line = match line {
            Ok(l) => l,
            Err(reason) => {
                sink.reject(n, Some(offset), None, reason, "");
                sink.counts.read += 1;
                return;
            }
        };
        if line.trim().is_empty() {
            return;
        }
        if n == 1 && layout.is_none() && is_header(line) {
            layout = Some(line.split_ascii_whitespace().map(field_index).collect());
            return;
        }
        let lay = layout.get_or_insert_with(|| (0..DEFAULT_FORMAT).map(Some).collect());
        sink.record(n, Some(offset), None, parse_line(line, lay, ctx), line);
    })
}

fn parse_line(
    line: &str,
    layout: &[Option<usize>],
    ctx: &FileCtx,
) -> Result<(PartKey, Row), String> {
    let values: Vec<&str> = line.split_ascii_whitespace().collect();
    if values.len() != layout.len() {
        return Err(format!(
            "expected {} fields as the header says, found {}",
            layout.len(),
            values.len()
        ));
    }
    let mut row = vec![Cell::Null; FIELDS.len()];
    for (v, slot) in values.iter().zip(layout) {
        let Some(i) = *slot else { continue };
        if *v == "-" {
            continue;
        }
        let (name, kind) = FIELDS[i];
        row[i] = match kind {
            Kind::Str => Cell::Text((*v).to_owned()),
            Kind::I32 => match v.parse::<i32>() {
                Ok(x) => Cell::Int(i64::from(x)),
                Err(_) => return Err(format!("{name}: {v:?} is not a 32-bit integer")),
            },
            Kind::I64 => match v.parse::<i64>() {
                Ok(x) => Cell::Int(x),
                Err(_) => return Err(format!("{name}: {v:?} is not an integer")),
            },
        };
    }
    let text = |i: usize| match &row[i] {
        Cell::Text(s) => Some(s.clone()),
        _ => None,
    };
    let dt = match row[10] {
        Cell::Int(s) => unix_date(s).unwrap_or_else(|| "unknown".into()),
        _ => "unknown".into(),
    };
    let account = text(1).or_else(|| ctx.account.clone());
    let region = text(REGION).or_else(|| ctx.region.clone());
    Ok((PartKey::new(account, region, dt), row))
}

/// Column accumulator for `vpc_flow_logs`.
#[derive(Default)]
pub(crate) struct FlowColumns {
    rows: Vec<Row>,
}

impl Columns for FlowColumns {
    type Row<'r> = Row;

    fn push(&mut self, row: Row) {
        self.rows.push(row);
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn take_batch(&mut self) -> Result<RecordBatch> {
        let rows = std::mem::take(&mut self.rows);
        let mut cols: Vec<ArrayRef> = Vec::with_capacity(FIELDS.len());
        for (i, (_, kind)) in FIELDS.iter().enumerate() {
            if i == REGION {
                continue;
            }
            let int = |r: &Row| match r.get(i) {
                Some(Cell::Int(x)) => Some(*x),
                _ => None,
            };
            cols.push(match kind {
                Kind::I32 => i32s(
                    &rows
                        .iter()
                        .map(|r| int(r).and_then(|x| i32::try_from(x).ok()))
                        .collect::<Vec<_>>(),
                ),
                Kind::I64 => i64s(&rows.iter().map(int).collect::<Vec<_>>()),
                Kind::Str => strings(
                    &rows
                        .iter()
                        .map(|r| match r.get(i) {
                            Some(Cell::Text(s)) => Some(s.clone()),
                            _ => None,
                        })
                        .collect::<Vec<_>>(),
                ),
            });
        }
        Ok(RecordBatch::try_new(SCHEMA.clone(), cols)?)
    }
}
