//! `keyaki query`: SQL over a lake.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use keyaki_lake::QueryResult;
use keyaki_report::{Cell, Column, Sheet};
use serde_json::Value;

use crate::ExitStatus;
use crate::cli::{QueryArgs, QueryFormat};
use crate::output;

pub fn run(args: QueryArgs) -> anyhow::Result<ExitStatus> {
    let lake = super::open_lake(&args.lake)?;
    if let Some(path) = &args.ioc {
        lake.set_iocs(&read_iocs(path)?)
            .context("cannot load the indicator list")?;
    }
    let result = lake.query(&args.sql).context("cannot run the query")?;
    let mut out = output::open(args.output.as_deref())?;
    match args.format {
        QueryFormat::Table => {
            match sheet(&result) {
                Ok(sheet) => {
                    sheet.write_table(&mut out, &output::table_options(args.output.as_deref()))?
                }
                // Columns a sheet cannot hold (two with one name): Arrow's own layout.
                Err(_) => writeln!(out, "{}", result.to_table()?)?,
            }
            writeln!(out, "{}", super::count(result.num_rows(), "row", "rows"))?;
        }
        QueryFormat::Csv => write!(out, "{}", result.to_csv()?)?,
        QueryFormat::Jsonl => write!(out, "{}", result.to_json_lines()?)?,
        QueryFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &result.to_json_rows()?)?;
            writeln!(out)?;
        }
    }
    out.flush().context("cannot write the output")?;
    Ok(ExitStatus::Success)
}

/// Reads a list of bad addresses (`--ioc FILE`).
pub fn read_iocs(path: &Path) -> anyhow::Result<Vec<keyaki_lake::Ioc>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read the indicator list", path.display()))?;
    Ok(keyaki_lake::parse_iocs(&text))
}

/// The rows as a sheet, so the table fits the terminal like every other command's.
fn sheet(result: &QueryResult) -> anyhow::Result<Sheet> {
    let names: Vec<String> = result
        .schema
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let mut sheet = Sheet::new(
        "Query",
        names.iter().map(|n| Column::new(n.as_str(), n.as_str())),
    )?;
    for row in result.to_json_rows()? {
        sheet.push_row(names.iter().map(|n| {
            match row.get(n) {
                None | Some(Value::Null) => Cell::Empty,
                Some(Value::String(s)) => Cell::Text(s.clone()),
                Some(Value::Bool(b)) => Cell::Bool(*b),
                Some(Value::Number(x)) => x
                    .as_i64()
                    .map_or_else(|| Cell::Text(x.to_string()), Cell::Integer),
                Some(other) => Cell::Text(other.to_string()),
            }
        }))?;
    }
    Ok(sheet)
}
