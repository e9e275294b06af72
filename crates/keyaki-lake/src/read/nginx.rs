//! nginx and Apache access logs in the `combined` format, or in any nginx `log_format` the
//! user gives. Known variables become columns; `-` is null.

use std::io::BufRead;
use std::sync::LazyLock;

use arrow::datatypes::SchemaRef;
use arrow::record_batch::RecordBatch;
use regex::Regex;

use super::text_table::{self, Kind};
use super::{Columns, FileCtx, PartKey, Sink, for_each_line};
use crate::error::{Error, Result};
use crate::time::{parse_clf, parse_iso, to_iso};

/// nginx's predefined `combined` format (Apache's `combined` writes the same lines).
pub const COMBINED: &str = r#"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent""#;

/// The columns of `nginx_logs`: nginx variable names, plus `time` (ISO 8601 UTC, derived from
/// `$time_local` or `$time_iso8601`), the request line's parts and `log_host` (the folder the
/// file was in, such as `web-1`).
const COLUMNS: &[(&str, Kind)] = &[
    ("remote_addr", Kind::Str),
    ("remote_user", Kind::Str),
    ("time_local", Kind::Str),
    ("time", Kind::Str),
    ("request", Kind::Str),
    ("request_method", Kind::Str),
    ("request_uri", Kind::Str),
    ("server_protocol", Kind::Str),
    ("status", Kind::I32),
    ("body_bytes_sent", Kind::I64),
    ("bytes_sent", Kind::I64),
    ("http_referer", Kind::Str),
    ("http_user_agent", Kind::Str),
    ("http_x_forwarded_for", Kind::Str),
    ("http_host", Kind::Str),
    ("request_time", Kind::F64),
    ("log_host", Kind::Str),
];

fn col(name: &str) -> Option<usize> {
    COLUMNS.iter().position(|(n, _)| *n == name)
}

pub(crate) static SCHEMA: LazyLock<SchemaRef> = LazyLock::new(|| text_table::schema(COLUMNS));

/// A compiled `log_format`: a regex and, for each capture group, its column (if known).
#[derive(Debug, Clone)]
pub struct LogFormat {
    re: Regex,
    vars: Vec<Option<usize>>,
    iso_time: bool,
}

impl LogFormat {
    /// Compiles an nginx `log_format` string such as [`COMBINED`].
    pub fn new(format: &str) -> Result<LogFormat> {
        let invalid = |reason: String| Error::Invalid {
            what: format!("log format {format:?}"),
            reason,
        };
        let mut re = String::from("^");
        let mut vars = Vec::new();
        let mut iso_time = false;
        let b = format.as_bytes();
        let mut i = 0;
        let mut prev: Option<u8> = None;
        while i < b.len() {
            if b[i] == b'$' {
                let braced = b.get(i + 1) == Some(&b'{');
                let start = if braced { i + 2 } else { i + 1 };
                let mut j = start;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                if j == start {
                    return Err(invalid(format!("`$` without a variable name at byte {i}")));
                }
                let name = &format[start..j];
                if braced {
                    if b.get(j) != Some(&b'}') {
                        return Err(invalid(format!("unclosed `${{` at byte {i}")));
                    }
                    j += 1;
                }
                let next = b.get(j).copied();
                re.push_str(match (prev, next) {
                    (Some(b'"'), _) => r#"((?:[^"\\]|\\.)*)"#,
                    (Some(b'['), _) => r"([^\]]*)",
                    (_, Some(c)) if c != b' ' => {
                        // Up to the next literal character.
                        match c {
                            b':' => r"([^:]*)",
                            b',' => r"([^,]*)",
                            _ => r"(\S*?)",
                        }
                    }
                    _ => r"(\S*)",
                });
                if name == "time_iso8601" {
                    iso_time = true;
                }
                let name = if name == "time_iso8601" { "time" } else { name };
                vars.push(col(name));
                prev = None;
                i = j;
            } else {
                let ch_end = (i + 1..=b.len())
                    .find(|k| format.is_char_boundary(*k))
                    .unwrap_or(b.len());
                re.push_str(&regex::escape(&format[i..ch_end]));
                prev = Some(b[i]);
                i = ch_end;
            }
        }
        re.push_str(r"(?:\s.*)?$");
        let re = Regex::new(&re).map_err(|e| invalid(e.to_string()))?;
        Ok(LogFormat { re, vars, iso_time })
    }
}

pub(crate) fn looks_like(line: &str) -> bool {
    static CLF: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r#"^\S+ \S+ \S+ \[[^\]]+\] ""#).ok());
    CLF.as_ref().is_some_and(|r| r.is_match(line))
}

/// One access log line: a value per column.
pub(crate) use super::text_table::Row;

fn parse_line(line: &str, fmt: &LogFormat, ctx: &FileCtx) -> Result<(PartKey, Row), String> {
    let Some(caps) = fmt.re.captures(line) else {
        return Err("does not match the log format".into());
    };
    let mut row: Row = vec![None; COLUMNS.len()];
    for (g, slot) in fmt.vars.iter().enumerate() {
        let (Some(c), Some(m)) = (slot, caps.get(g + 1)) else {
            continue;
        };
        let v = m.as_str();
        if v != "-" && !v.is_empty() {
            row[*c] = Some(v.replace("\\\"", "\""));
        }
    }
    let time = if fmt.iso_time {
        row[3].as_deref().and_then(parse_iso)
    } else {
        row[2].as_deref().and_then(parse_clf)
    };
    let Some(time) = time else {
        return Err("no readable time ($time_local or $time_iso8601)".into());
    };
    row[3] = Some(to_iso(time));
    if let Some(req) = row[4].clone() {
        let mut p = req.splitn(3, ' ');
        row[5] = p.next().map(str::to_owned);
        row[6] = p.next().map(str::to_owned);
        row[7] = p.next().map(str::to_owned);
    }
    for (c, (name, kind)) in COLUMNS.iter().enumerate() {
        let Some(v) = &row[c] else { continue };
        let ok = match kind {
            Kind::Str => true,
            Kind::I32 => v.parse::<i32>().is_ok(),
            Kind::I64 => v.parse::<i64>().is_ok(),
            Kind::F64 => v.parse::<f64>().is_ok(),
        };
        if !ok {
            return Err(format!("{name}: {v:?} is not a number"));
        }
    }
    row[16] = ctx.host.clone();
    let dt = time.format("%Y-%m-%d").to_string();
    Ok((
        PartKey::new(ctx.account.clone(), ctx.region.clone(), dt),
        row,
    ))
}

pub(crate) fn read(
    r: impl BufRead,
    ctx: &FileCtx,
    fmt: &LogFormat,
    sink: &mut Sink<'_, NginxColumns>,
) -> Result<()> {
    for_each_line(r, &ctx.path, |n, offset, line| match line {
        Ok(l) if l.trim().is_empty() => {}
        Ok(l) => sink.record(n, Some(offset), None, parse_line(l, fmt, ctx), l),
        Err(reason) => {
            sink.counts.read += 1;
            sink.reject(n, Some(offset), None, reason, "");
        }
    })
}

/// Column accumulator for `nginx_logs`.
#[derive(Default)]
pub(crate) struct NginxColumns {
    rows: Vec<Row>,
}

impl Columns for NginxColumns {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combined_line() {
        let f = LogFormat::new(COMBINED).unwrap();
        let ctx = FileCtx::default();
        let (key, row) = parse_line(
            r#"10.0.1.201 - - [12/Mar/2026:09:07:58 +0000] "GET /status/check.php?host=127.0.0.1;id HTTP/1.1" 200 312 "-" "python-requests/2.31.0""#,
            &f,
            &ctx,
        )
        .unwrap();
        assert_eq!(key.dt, "2026-03-12");
        assert_eq!(row[0].as_deref(), Some("10.0.1.201"));
        assert_eq!(row[1], None);
        assert_eq!(row[3].as_deref(), Some("2026-03-12T09:07:58Z"));
        assert_eq!(row[5].as_deref(), Some("GET"));
        assert_eq!(
            row[6].as_deref(),
            Some("/status/check.php?host=127.0.0.1;id")
        );
        assert_eq!(row[8].as_deref(), Some("200"));
        assert_eq!(row[12].as_deref(), Some("python-requests/2.31.0"));
    }

    #[test]
    fn custom_format() {
        let f = LogFormat::new(r#"$time_iso8601 $remote_addr "$request" $status $request_time"#)
            .unwrap();
        let (_, row) = parse_line(
            r#"2026-03-12T09:07:58+00:00 203.0.113.45 "GET / HTTP/1.1" 404 0.002"#,
            &f,
            &FileCtx::default(),
        )
        .unwrap();
        assert_eq!(row[3].as_deref(), Some("2026-03-12T09:07:58Z"));
        assert_eq!(row[15].as_deref(), Some("0.002"));
        assert!(parse_line("garbage", &f, &FileCtx::default()).is_err());
    }
}
