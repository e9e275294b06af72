//! CSV: a header row of column keys, then one record per row, quoted where needed.
//!
//! Fields are written exactly as they are. Text from an account may begin with `=`, `+`, `-`
//! or `@`, which a spreadsheet program opening the file may take for a formula; the workbook
//! format writes text as text and is the one to hand to people who use spreadsheets.

use std::io::Write;

use crate::{Cell, Error, Sheet};

pub(crate) fn write(sheet: &Sheet, out: impl Write) -> Result<(), Error> {
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record(sheet.columns().iter().map(|c| c.key()))?;
    let mut record = Vec::with_capacity(sheet.columns().len());
    for row in sheet.rows() {
        record.clear();
        record.extend(row.iter().map(Cell::to_string));
        writer.write_record(&record)?;
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::{Cell, Column, Sheet};

    fn to_csv(sheet: &Sheet) -> String {
        let mut out = Vec::new();
        sheet.write_csv(&mut out).expect("csv");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn kinds_and_quoting() {
        let mut sheet = Sheet::new(
            "s",
            [
                Column::new("name", "Name"),
                Column::new("count", "Count"),
                Column::new("public", "Public"),
                Column::new("created", "Created"),
                Column::new("note", "Note"),
            ],
        )
        .expect("sheet");
        sheet
            .push_row([
                "logs, archive".into(),
                Cell::from(-3_i64),
                Cell::from(true),
                Cell::timestamp("2024-05-01T12:00:00Z"),
                "say \"hi\"\nthen leave".into(),
            ])
            .expect("row");
        sheet
            .push_row([
                "plain".into(),
                Cell::Empty,
                Cell::from(false),
                Cell::Empty,
                "".into(),
            ])
            .expect("row");
        insta::assert_snapshot!(to_csv(&sheet), @r#"
        name,count,public,created,note
        "logs, archive",-3,true,2024-05-01T12:00:00Z,"say ""hi""
        then leave"
        plain,,false,,
        "#);
    }

    #[test]
    fn empty_sheet_is_a_header_row() {
        let sheet = Sheet::new("s", [Column::new("a", "A"), Column::new("b", "B")]).expect("sheet");
        assert_eq!(to_csv(&sheet), "a,b\n");
    }

    fn read_back(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        let header = reader
            .headers()
            .expect("header")
            .iter()
            .map(str::to_owned)
            .collect();
        let rows = reader
            .records()
            .map(|r| r.expect("record").iter().map(str::to_owned).collect())
            .collect();
        (header, rows)
    }

    proptest! {
        #[test]
        fn any_text_round_trips(rows in prop::collection::vec((any::<String>(), any::<String>()), 0..8)) {
            let mut sheet = Sheet::new("s", [Column::new("a", "A"), Column::new("b", "B")])
                .expect("sheet");
            for (a, b) in &rows {
                sheet.push_row([a.into(), b.into()]).expect("row");
            }
            let (header, back) = read_back(&to_csv(&sheet));
            prop_assert_eq!(header, vec!["a".to_owned(), "b".to_owned()]);
            let expected: Vec<Vec<String>> =
                rows.into_iter().map(|(a, b)| vec![a, b]).collect();
            prop_assert_eq!(back, expected);
        }

        #[test]
        fn a_single_text_column_round_trips(rows in prop::collection::vec(any::<String>(), 0..8)) {
            let mut sheet = Sheet::new("s", [Column::new("only", "Only")]).expect("sheet");
            for text in &rows {
                sheet.push_row([text.into()]).expect("row");
            }
            let (_, back) = read_back(&to_csv(&sheet));
            let expected: Vec<Vec<String>> = rows.into_iter().map(|t| vec![t]).collect();
            prop_assert_eq!(back, expected);
        }
    }
}
