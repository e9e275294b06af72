//! The tabular model that every renderer reads: a named [`Sheet`] of [`Column`]s and rows.

use std::collections::HashSet;
use std::io::Write;

use crate::{Cell, Error, RenderOptions};

/// One column of a [`Sheet`]: a key for machines and a header for people.
///
/// The key names the field in JSON and the column in CSV (`instance_id`); the header titles
/// the column in the terminal table and the workbook (`Instance ID`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    key: String,
    header: String,
    width: Option<u16>,
}

impl Column {
    /// A column with its machine key and its human header.
    pub fn new(key: impl Into<String>, header: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            header: header.into(),
            width: None,
        }
    }

    /// Caps the column at `width` characters: longer text wraps in the terminal table, and the
    /// workbook column is this wide. Without a hint, both fit the column to its content.
    pub fn width(mut self, width: u16) -> Self {
        self.width = Some(width);
        self
    }

    /// The machine key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The human header.
    pub fn header(&self) -> &str {
        &self.header
    }

    /// The width hint, if one was given.
    pub fn width_hint(&self) -> Option<u16> {
        self.width
    }
}

/// A named table: columns and rows of [`Cell`]s, one cell per column in every row.
///
/// A sheet is what a command produces when it has rows to show (an inventory of one resource
/// type, the answer to a query); each renderer writes it in one format. Rows keep the order in
/// which they were pushed.
///
/// ```
/// use keyaki_report::{Cell, Column, Sheet};
///
/// let mut sheet = Sheet::new("Security groups", [
///     Column::new("group_id", "Group ID"),
///     Column::new("ingress_rules", "Ingress rules"),
/// ])?;
/// sheet.push_row(["sg-0a1b".into(), Cell::from(3_u32)])?;
/// assert_eq!(sheet.rows().len(), 1);
///
/// // A row must have one cell per column.
/// assert!(sheet.push_row(["sg-0c2d".into()]).is_err());
/// # Ok::<(), keyaki_report::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    name: String,
    columns: Vec<Column>,
    rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// An empty sheet with these columns.
    ///
    /// Fails if two columns share a key, since keys name the fields of JSON objects.
    pub fn new(
        name: impl Into<String>,
        columns: impl IntoIterator<Item = Column>,
    ) -> Result<Self, Error> {
        let name = name.into();
        let columns: Vec<Column> = columns.into_iter().collect();
        let mut seen = HashSet::new();
        if let Some(dup) = columns.iter().find(|c| !seen.insert(c.key.as_str())) {
            return Err(Error::DuplicateColumn {
                key: dup.key.clone(),
                sheet: name,
            });
        }
        Ok(Self {
            name,
            columns,
            rows: Vec::new(),
        })
    }

    /// Appends a row; it must have exactly one cell per column.
    pub fn push_row(&mut self, row: impl IntoIterator<Item = Cell>) -> Result<(), Error> {
        let row: Vec<Cell> = row.into_iter().collect();
        if row.len() != self.columns.len() {
            return Err(Error::RowWidth {
                sheet: self.name.clone(),
                row: self.rows.len(),
                expected: self.columns.len(),
                found: row.len(),
            });
        }
        self.rows.push(row);
        Ok(())
    }

    /// The sheet's name: the worksheet name in a workbook.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The columns, in order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The rows, in the order they were pushed; each has one cell per column.
    pub fn rows(&self) -> &[Vec<Cell>] {
        &self.rows
    }

    /// Writes the sheet as a table for people to read in a terminal.
    pub fn write_table(&self, out: impl Write, options: &RenderOptions) -> Result<(), Error> {
        crate::table::write(self, out, options, |_, _| None)
    }

    /// Writes the sheet as CSV: a header row of column keys, then one record per row.
    pub fn write_csv(&self, out: impl Write) -> Result<(), Error> {
        crate::csv::write(self, out)
    }

    /// Writes the sheet as a pretty JSON array of objects keyed by column key.
    pub fn write_json(&self, out: impl Write) -> Result<(), Error> {
        crate::json::write_array(self, out)
    }

    /// Writes the sheet as JSON Lines: one compact object per row, keyed by column key.
    pub fn write_jsonl(&self, out: impl Write) -> Result<(), Error> {
        crate::json::write_lines(self, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_keys_are_refused() {
        let err = Sheet::new(
            "s",
            [Column::new("id", "ID"), Column::new("id", "Identifier")],
        )
        .expect_err("duplicate keys");
        assert_eq!(
            err.to_string(),
            "sheet \"s\": two columns have the key \"id\"; keys name JSON fields and must be unique"
        );
    }

    #[test]
    fn rows_must_match_the_columns() {
        let mut sheet =
            Sheet::new("s", [Column::new("a", "A"), Column::new("b", "B")]).expect("valid sheet");
        sheet
            .push_row([Cell::from(1_i64), Cell::Empty])
            .expect("two cells");
        let err = sheet
            .push_row([Cell::from(1_i64), Cell::Empty, Cell::Empty])
            .expect_err("three cells");
        assert_eq!(
            err.to_string(),
            "sheet \"s\": row 1 has 3 cells, expected 2 (one per column)"
        );
        assert_eq!(sheet.rows().len(), 1);
    }

    #[test]
    fn columns_keep_their_hints() {
        let column = Column::new("arn", "ARN").width(40);
        assert_eq!(column.key(), "arn");
        assert_eq!(column.header(), "ARN");
        assert_eq!(column.width_hint(), Some(40));
        assert_eq!(Column::new("a", "A").width_hint(), None);
    }
}
