//! JSON and JSON Lines of a sheet: one object per row, keyed by column key, in column order.
//!
//! Text and timestamps are strings, integers are numbers, booleans are booleans and empty
//! cells are `null`.

use std::io::{BufWriter, Write};

use serde_json::{Map, Value};

use crate::{Cell, Error, Sheet};

/// Writes a pretty array of row objects.
pub(crate) fn write_array(sheet: &Sheet, out: impl Write) -> Result<(), Error> {
    let rows: Vec<Value> = objects(sheet).collect();
    let mut out = BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &rows)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// Writes one compact row object per line.
pub(crate) fn write_lines(sheet: &Sheet, out: impl Write) -> Result<(), Error> {
    let mut out = BufWriter::new(out);
    for object in objects(sheet) {
        serde_json::to_writer(&mut out, &object)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

fn objects(sheet: &Sheet) -> impl Iterator<Item = Value> + '_ {
    sheet.rows().iter().map(|row| {
        let object: Map<String, Value> = sheet
            .columns()
            .iter()
            .zip(row)
            .map(|(column, cell)| (column.key().to_owned(), value(cell)))
            .collect();
        Value::Object(object)
    })
}

fn value(cell: &Cell) -> Value {
    match cell {
        Cell::Empty => Value::Null,
        Cell::Text(text) | Cell::Timestamp(text) => Value::String(text.clone()),
        Cell::Integer(n) => Value::from(*n),
        Cell::Bool(b) => Value::Bool(*b),
    }
}

#[cfg(test)]
mod tests {
    use crate::{Cell, Column, Sheet};

    fn sheet() -> Sheet {
        let mut sheet = Sheet::new(
            "Instances",
            [
                Column::new("instance_id", "Instance ID"),
                Column::new("vcpus", "vCPUs"),
                Column::new("public", "Public"),
                Column::new("launched", "Launched"),
                Column::new("name", "Name"),
            ],
        )
        .expect("sheet");
        sheet
            .push_row([
                "i-0abc".into(),
                Cell::from(2_u8),
                Cell::from(true),
                Cell::timestamp("2024-05-01T12:00:00Z"),
                Cell::Empty,
            ])
            .expect("row");
        sheet
            .push_row([
                "i-0def".into(),
                Cell::from(8_u8),
                Cell::from(false),
                Cell::timestamp("2024-06-01T08:30:00Z"),
                "db \"primary\"".into(),
            ])
            .expect("row");
        sheet
    }

    #[test]
    fn json_is_an_array_of_objects_in_column_order() {
        let mut out = Vec::new();
        sheet().write_json(&mut out).expect("json");
        insta::assert_snapshot!(String::from_utf8(out).expect("utf-8"), @r#"
        [
          {
            "instance_id": "i-0abc",
            "vcpus": 2,
            "public": true,
            "launched": "2024-05-01T12:00:00Z",
            "name": null
          },
          {
            "instance_id": "i-0def",
            "vcpus": 8,
            "public": false,
            "launched": "2024-06-01T08:30:00Z",
            "name": "db \"primary\""
          }
        ]
        "#);
    }

    #[test]
    fn jsonl_is_one_object_per_line() {
        let mut out = Vec::new();
        sheet().write_jsonl(&mut out).expect("jsonl");
        insta::assert_snapshot!(String::from_utf8(out).expect("utf-8"), @r#"
        {"instance_id":"i-0abc","vcpus":2,"public":true,"launched":"2024-05-01T12:00:00Z","name":null}
        {"instance_id":"i-0def","vcpus":8,"public":false,"launched":"2024-06-01T08:30:00Z","name":"db \"primary\""}
        "#);
    }

    #[test]
    fn empty_sheet() {
        let empty = Sheet::new("s", [Column::new("a", "A")]).expect("sheet");
        let mut json = Vec::new();
        empty.write_json(&mut json).expect("json");
        assert_eq!(json, b"[]\n");
        let mut jsonl = Vec::new();
        empty.write_jsonl(&mut jsonl).expect("jsonl");
        assert!(jsonl.is_empty());
    }
}
