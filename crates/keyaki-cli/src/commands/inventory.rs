//! `keyaki inventory`: every resource of a snapshot, in a table, JSON, CSV or a workbook.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};

use anyhow::{Context, bail};
use keyaki_report::{Cell, Column, RenderOptions, Sheet, Workbook};
use keyaki_snapshot::InventoryItem;
use serde_json::Value;

use crate::ExitStatus;
use crate::cli::{InventoryArgs, InventoryFormat};
use crate::output;

pub fn run(args: InventoryArgs) -> anyhow::Result<ExitStatus> {
    let snapshot = super::load_snapshot(&args.snapshot)?;
    let items = select(snapshot.inventory(), &args.types)?;
    if args.format == InventoryFormat::Xlsx
        && args.output.is_none()
        && std::io::stdout().is_terminal()
    {
        bail!(
            "an xlsx workbook is binary: give --output FILE.xlsx, or redirect standard output to a file"
        );
    }
    let mut out = output::open(args.output.as_deref())?;
    match args.format {
        InventoryFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &items)?;
            writeln!(out)?;
        }
        InventoryFormat::Jsonl => {
            for item in &items {
                serde_json::to_writer(&mut out, item)?;
                writeln!(out)?;
            }
        }
        InventoryFormat::Csv => flat_sheet(&items, false)?.write_csv(&mut out)?,
        InventoryFormat::Table => {
            let options =
                RenderOptions::new().color(args.output.is_none() && output::color_stdout());
            let options = if args.output.is_some() {
                options.width(None)
            } else {
                options
            };
            flat_sheet(&items, true)?.write_table(&mut out, &options)?;
            writeln!(out, "{} resources", items.len())?;
        }
        InventoryFormat::Xlsx => workbook(&items)?.write(&mut out)?,
    }
    out.flush().context("cannot write the output")?;
    Ok(ExitStatus::Success)
}

/// The items whose type is one of `types` (or starts with one that ends in `::`).
fn select<'a>(
    items: &'a [InventoryItem],
    types: &[String],
) -> anyhow::Result<Vec<&'a InventoryItem>> {
    if types.is_empty() {
        return Ok(items.iter().collect());
    }
    let matches = |t: &str, wanted: &str| {
        if wanted.ends_with("::") {
            t.to_ascii_lowercase()
                .starts_with(&wanted.to_ascii_lowercase())
        } else {
            t.eq_ignore_ascii_case(wanted)
        }
    };
    let known: Vec<&str> = {
        let mut k: Vec<&str> = items.iter().map(|i| i.resource_type).collect();
        k.sort_unstable();
        k.dedup();
        k
    };
    for wanted in types {
        if !known.iter().any(|t| matches(t, wanted))
            && !keyaki_snapshot::RESOURCE_TYPES
                .iter()
                .any(|t| matches(t, wanted))
        {
            bail!(
                "unknown resource type {wanted:?}; types in this snapshot: {}",
                known.join(", ")
            );
        }
    }
    Ok(items
        .iter()
        .filter(|i| types.iter().any(|w| matches(i.resource_type, w)))
        .collect())
}

/// `k=v; k=v` for a table cell.
fn attributes_text(item: &InventoryItem) -> String {
    item.attributes
        .iter()
        .map(|(k, v)| format!("{k}={}", value_text(v)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(","),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn value_cell(value: &Value) -> Cell {
    match value {
        Value::Null => Cell::Empty,
        Value::Bool(b) => Cell::Bool(*b),
        Value::Number(n) => n
            .as_i64()
            .map(Cell::Integer)
            .unwrap_or_else(|| Cell::Text(n.to_string())),
        Value::String(s) => Cell::Text(s.clone()),
        Value::Array(_) => Cell::Text(value_text(value)),
        Value::Object(_) => Cell::Text(value.to_string()),
    }
}

fn source(item: &InventoryItem) -> String {
    format!("{}:{}", item.origin.file.display(), item.origin.line)
}

/// One row per resource with the same columns for every type (table and CSV).
fn flat_sheet(items: &[&InventoryItem], for_people: bool) -> anyhow::Result<Sheet> {
    let columns = if for_people {
        vec![
            Column::new("type", "Type"),
            Column::new("id", "Id").width(40),
            Column::new("name", "Name").width(30),
            Column::new("account", "Account"),
            Column::new("region", "Region"),
            Column::new("attributes", "Key attributes").width(80),
        ]
    } else {
        vec![
            Column::new("type", "type"),
            Column::new("id", "id"),
            Column::new("arn", "arn"),
            Column::new("account", "account"),
            Column::new("region", "region"),
            Column::new("name", "name"),
            Column::new("attributes", "attributes"),
            Column::new("source", "source"),
        ]
    };
    let mut sheet = Sheet::new("Inventory", columns)?;
    for item in items {
        let row: Vec<Cell> = if for_people {
            vec![
                item.resource_type.into(),
                item.id.as_str().into(),
                item.name.clone().into(),
                item.account.as_ref().into(),
                item.region.as_ref().into(),
                attributes_text(item).into(),
            ]
        } else {
            let attributes: serde_json::Map<String, Value> = item
                .attributes
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect();
            vec![
                item.resource_type.into(),
                item.id.as_str().into(),
                item.arn.clone().into(),
                item.account.as_ref().into(),
                item.region.as_ref().into(),
                item.name.clone().into(),
                Value::Object(attributes).to_string().into(),
                source(item).into(),
            ]
        };
        sheet.push_row(row)?;
    }
    Ok(sheet)
}

/// A summary sheet, then one sheet per resource type with that type's attributes as columns.
fn workbook(items: &[&InventoryItem]) -> anyhow::Result<Workbook> {
    let mut by_type: BTreeMap<&str, Vec<&InventoryItem>> = BTreeMap::new();
    for item in items {
        by_type.entry(item.resource_type).or_default().push(item);
    }
    let mut book = Workbook::new();
    let mut summary = Sheet::new(
        "Summary",
        [
            Column::new("type", "Resource type"),
            Column::new("count", "Count"),
            Column::new("sheet", "Sheet"),
        ],
    )?;
    for (kind, items) in &by_type {
        summary.push_row([
            Cell::from(*kind),
            Cell::from(items.len()),
            Cell::from(sheet_name(kind)),
        ])?;
    }
    book.push(summary);
    for (kind, items) in by_type {
        let mut keys: Vec<&'static str> = Vec::new();
        for item in &items {
            for (k, _) in &item.attributes {
                if !keys.contains(k) {
                    keys.push(k);
                }
            }
        }
        let mut columns = vec![
            Column::new("id", "Id"),
            Column::new("name", "Name"),
            Column::new("arn", "ARN"),
            Column::new("account", "Account"),
            Column::new("region", "Region"),
        ];
        columns.extend(
            keys.iter()
                .map(|k| Column::new(format!("attr.{k}"), header(k))),
        );
        columns.push(Column::new("source", "Source"));
        let mut sheet = Sheet::new(sheet_name(kind), columns)?;
        for item in items {
            let mut row: Vec<Cell> = vec![
                item.id.as_str().into(),
                item.name.clone().into(),
                item.arn.clone().into(),
                item.account.as_ref().into(),
                item.region.as_ref().into(),
            ];
            for key in &keys {
                row.push(
                    item.attributes
                        .iter()
                        .find(|(k, _)| k == key)
                        .map_or(Cell::Empty, |(_, v)| value_cell(v)),
                );
            }
            row.push(source(item).into());
            sheet.push_row(row)?;
        }
        book.push(sheet);
    }
    Ok(book)
}

/// `AWS::EC2::SecurityGroup` -> `EC2 SecurityGroup`: readable, and within Excel's rules.
fn sheet_name(resource_type: &str) -> String {
    resource_type.trim_start_matches("AWS::").replace("::", " ")
}

/// `map_public_ip_on_launch` -> `Map public ip on launch`.
fn header(key: &str) -> String {
    let text = key.replace('_', " ");
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
