//! Application Load Balancer access logs: space-separated fields, some quoted, in the
//! documented order; fields AWS appends later are ignored, older logs with fewer fields
//! leave the newer columns null.

use std::io::BufRead;
use std::sync::LazyLock;

use arrow::datatypes::SchemaRef;
use arrow::record_batch::RecordBatch;

use super::text_table::{self, Kind};
use super::{Columns, FileCtx, PartKey, Sink, for_each_line};
use crate::error::Result;
use crate::time::iso_date;

/// The columns of `alb_logs`, as Athena's documented `CREATE TABLE` for ALB access logs
/// names and types them, followed by the fields documented since.
const COLUMNS: &[(&str, Kind)] = &[
    ("type", Kind::Str),
    ("time", Kind::Str),
    ("elb", Kind::Str),
    ("client_ip", Kind::Str),
    ("client_port", Kind::I32),
    ("target_ip", Kind::Str),
    ("target_port", Kind::I32),
    ("request_processing_time", Kind::F64),
    ("target_processing_time", Kind::F64),
    ("response_processing_time", Kind::F64),
    ("elb_status_code", Kind::I32),
    ("target_status_code", Kind::Str),
    ("received_bytes", Kind::I64),
    ("sent_bytes", Kind::I64),
    ("request_verb", Kind::Str),
    ("request_url", Kind::Str),
    ("request_proto", Kind::Str),
    ("user_agent", Kind::Str),
    ("ssl_cipher", Kind::Str),
    ("ssl_protocol", Kind::Str),
    ("target_group_arn", Kind::Str),
    ("trace_id", Kind::Str),
    ("domain_name", Kind::Str),
    ("chosen_cert_arn", Kind::Str),
    ("matched_rule_priority", Kind::Str),
    ("request_creation_time", Kind::Str),
    ("actions_executed", Kind::Str),
    ("redirect_url", Kind::Str),
    ("lambda_error_reason", Kind::Str),
    ("target_port_list", Kind::Str),
    ("target_status_code_list", Kind::Str),
    ("classification", Kind::Str),
    ("classification_reason", Kind::Str),
    ("conn_trace_id", Kind::Str),
    ("transformed_host", Kind::Str),
    ("transformed_uri", Kind::Str),
    ("request_transform_status", Kind::Str),
];

pub(crate) static SCHEMA: LazyLock<SchemaRef> = LazyLock::new(|| text_table::schema(COLUMNS));

const TYPES: [&str; 6] = ["http", "https", "h2", "grpcs", "ws", "wss"];

pub(crate) fn looks_like(line: &str) -> bool {
    let mut t = line.split(' ');
    matches!(t.next(), Some(k) if TYPES.contains(&k))
        && t.next().is_some_and(|ts| iso_date(ts).is_some())
        && t.next().is_some_and(|elb| elb.starts_with("app/"))
}

/// Splits a log line into fields: quoted fields may hold spaces and `\"`.
pub(crate) fn tokens(line: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek() == Some(&' ') {
            chars.next();
        }
        let Some(&c) = chars.peek() else { break };
        let mut tok = String::new();
        if c == '"' {
            chars.next();
            let mut closed = false;
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        if let Some(n) = chars.next() {
                            tok.push(n);
                        }
                    }
                    '"' => {
                        closed = true;
                        break;
                    }
                    c => tok.push(c),
                }
            }
            if !closed {
                return Err(format!(
                    "unterminated quoted field after {} fields",
                    out.len()
                ));
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ' ' {
                    break;
                }
                tok.push(c);
                chars.next();
            }
        }
        out.push(tok);
    }
    Ok(out)
}

/// One ALB log entry: a value per column.
pub(crate) use super::text_table::Row;

fn split_host_port(s: &str) -> (Option<String>, Option<String>) {
    if s == "-" || s.is_empty() {
        return (None, None);
    }
    match s.rfind(':') {
        Some(i) => (Some(s[..i].to_owned()), Some(s[i + 1..].to_owned())),
        None => (Some(s.to_owned()), None),
    }
}

fn parse_line(line: &str, ctx: &FileCtx) -> Result<(PartKey, Row), String> {
    let t = tokens(line)?;
    if t.len() < 13 {
        return Err(format!("expected at least 13 fields, found {}", t.len()));
    }
    if !TYPES.contains(&t[0].as_str()) {
        return Err(format!(
            "type {:?} is not one of {}",
            t[0],
            TYPES.join(", ")
        ));
    }
    let Some(dt) = iso_date(&t[1]) else {
        return Err(format!("time {:?} is not an ISO 8601 time", t[1]));
    };
    let mut row: Row = vec![None; COLUMNS.len()];
    let mut set = |col: usize, v: Option<String>| row[col] = v;
    set(0, Some(t[0].clone()));
    set(1, Some(t[1].clone()));
    set(2, Some(t[2].clone()));
    let (ip, port) = split_host_port(&t[3]);
    set(3, ip);
    set(4, port);
    let (ip, port) = split_host_port(&t[4]);
    set(5, ip);
    set(6, port);
    for (i, col) in (5..12).zip(7..14) {
        set(col, Some(t[i].clone()));
    }
    let req = &t[12];
    let mut parts = req.splitn(3, ' ');
    set(14, parts.next().map(str::to_owned));
    set(15, parts.next().map(str::to_owned));
    set(16, parts.next().map(|p| p.trim().to_owned()));
    for (i, col) in (13..).zip(17..COLUMNS.len()) {
        match t.get(i) {
            Some(v) => set(col, Some(v.clone())),
            None => break,
        }
    }
    // Numbers: `-` is null; anything else must parse.
    for (col, (name, kind)) in COLUMNS.iter().enumerate() {
        let Some(v) = row[col].clone() else { continue };
        let ok = match kind {
            Kind::Str => true,
            _ if v == "-" || v.is_empty() => {
                row[col] = None;
                true
            }
            Kind::I32 => v.parse::<i32>().is_ok(),
            Kind::I64 => v.parse::<i64>().is_ok(),
            Kind::F64 => v.parse::<f64>().is_ok(),
        };
        if !ok {
            return Err(format!("{name}: {v:?} is not a number"));
        }
    }
    let (mut account, mut region) = (ctx.account.clone(), ctx.region.clone());
    if let Some(tg) = row[20]
        .as_deref()
        .and_then(|a| a.parse::<keyaki_core::Arn>().ok())
    {
        account = account.or_else(|| tg.account_id().map(|a| a.as_str().to_owned()));
        region = region.or_else(|| tg.region().map(|r| r.to_string()));
    }
    Ok((PartKey::new(account, region, dt), row))
}

pub(crate) fn read(r: impl BufRead, ctx: &FileCtx, sink: &mut Sink<'_, AlbColumns>) -> Result<()> {
    for_each_line(r, &ctx.path, |n, offset, line| match line {
        Ok(l) if l.trim().is_empty() => {}
        Ok(l) => sink.record(n, Some(offset), None, parse_line(l, ctx), l),
        Err(reason) => {
            sink.counts.read += 1;
            sink.reject(n, Some(offset), None, reason, "");
        }
    })
}

/// Column accumulator for `alb_logs`.
#[derive(Default)]
pub(crate) struct AlbColumns {
    rows: Vec<Row>,
}

impl Columns for AlbColumns {
    type Row<'r> = Row;

    fn push(&mut self, row: Row) {
        self.rows.push(row);
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn take_batch(&mut self) -> Result<RecordBatch> {
        let rows = std::mem::take(&mut self.rows);
        text_table::batch(COLUMNS, &SCHEMA, &rows)
    }
}
