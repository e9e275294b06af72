//! Excel workbooks: one worksheet per sheet, laid out for people who filter and sort.
//!
//! Each worksheet has a bold, filled and bordered header row that stays in view when
//! scrolling, an autofilter over the data, and columns as wide as their content (up to a
//! cap). Integers are numbers, booleans are booleans, and text (timestamps too) is text:
//! never a formula, whatever it starts with.

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{
    ColNum, Color, Format, FormatAlign, FormatBorder, RowNum, Workbook as XlsxBook, Worksheet,
};

use crate::{Cell, Error, Sheet};

/// A workbook of sheets, written as an Excel `.xlsx` file with one worksheet per sheet.
///
/// Worksheet names follow Excel's rules whatever the sheet names are: at most 31
/// characters, none of `[ ] : * ? / \`, no apostrophe at either end, and unique regardless
/// of case (a repeated name gets a ` (2)` suffix).
///
/// ```
/// use keyaki_report::{Cell, Column, Sheet, Workbook};
///
/// let mut buckets = Sheet::new("S3 buckets", [
///     Column::new("name", "Name"),
///     Column::new("public", "Public"),
/// ])?;
/// buckets.push_row(["logs-archive".into(), Cell::from(false)])?;
///
/// let mut book = Workbook::new();
/// book.push(buckets);
/// let mut xlsx = Vec::new();
/// book.write(&mut xlsx)?;
/// assert!(xlsx.starts_with(b"PK")); // an xlsx file is a zip archive
/// # Ok::<(), keyaki_report::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Workbook {
    sheets: Vec<Sheet>,
}

impl Workbook {
    /// An empty workbook.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a sheet as the next worksheet.
    pub fn push(&mut self, sheet: Sheet) {
        self.sheets.push(sheet);
    }

    /// The sheets, in worksheet order.
    pub fn sheets(&self) -> &[Sheet] {
        &self.sheets
    }

    /// Writes the `.xlsx` file to `out`.
    pub fn write(&self, out: impl Write) -> Result<(), Error> {
        write_sheets(&self.sheets, out)
    }

    /// Writes the `.xlsx` file at `path`.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let bytes = self.to_bytes()?;
        let path = path.as_ref();
        std::fs::write(path, bytes).map_err(|source| Error::File {
            path: path.to_owned(),
            source,
        })
    }

    fn to_bytes(&self) -> Result<Vec<u8>, Error> {
        write_pages(&pages(&self.sheets))
    }
}

impl FromIterator<Sheet> for Workbook {
    fn from_iter<I: IntoIterator<Item = Sheet>>(sheets: I) -> Self {
        Self {
            sheets: sheets.into_iter().collect(),
        }
    }
}

/// One worksheet: tables side by side from the top-left corner, one empty column between
/// them. The last table gets the autofilter (Excel allows one per worksheet).
pub(crate) struct Page<'a> {
    pub(crate) name: &'a str,
    pub(crate) tables: Vec<&'a Sheet>,
}

/// Writes a workbook of one worksheet per sheet to `out`.
pub(crate) fn write_sheets(sheets: &[Sheet], mut out: impl Write) -> Result<(), Error> {
    out.write_all(&write_pages(&pages(sheets))?)?;
    out.flush()?;
    Ok(())
}

fn pages(sheets: &[Sheet]) -> Vec<Page<'_>> {
    sheets
        .iter()
        .map(|sheet| Page {
            name: sheet.name(),
            tables: vec![sheet],
        })
        .collect()
}

/// The widest a column is fitted to its content, in characters.
const MAX_FITTED_WIDTH: usize = 60;
/// The widest a column may be at all (Excel's limit).
const MAX_WIDTH: f64 = 255.0;
/// Room for the autofilter button next to a header.
const FILTER_BUTTON: usize = 3;
/// The empty column between two tables on one worksheet.
const GAP_WIDTH: f64 = 3.0;
/// Rows and columns of a worksheet (Excel's limits).
const MAX_ROWS: usize = 1_048_576;
const MAX_COLUMNS: usize = 16_384;
/// The most characters a cell holds (Excel's limit).
const MAX_CELL_CHARS: usize = 32_767;
/// Integers beyond this magnitude lose digits as Excel numbers, so they are written as text.
const MAX_EXACT_INTEGER: u64 = 1 << 53;
/// Header fill: a dark slate blue with white text.
const HEADER_FILL: u32 = 0x1F_3A_5F;
const HEADER_BORDER: u32 = 0x8E_A9_C1;

struct Formats {
    header: Format,
    integer: Format,
    boolean: Format,
}

impl Formats {
    fn new() -> Self {
        Self {
            header: Format::new()
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(HEADER_FILL))
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(HEADER_BORDER))
                .set_align(FormatAlign::VerticalCenter),
            // Plain digits: the default format shows long numbers in scientific notation.
            integer: Format::new().set_num_format("0"),
            // Shown as TRUE / FALSE by every spreadsheet program, centred as Excel does.
            boolean: Format::new()
                .set_num_format(r#""TRUE";"TRUE";"FALSE""#)
                .set_align(FormatAlign::Center),
        }
    }
}

/// Renders the pages as the bytes of an `.xlsx` file.
pub(crate) fn write_pages(pages: &[Page<'_>]) -> Result<Vec<u8>, Error> {
    let mut book = XlsxBook::new();
    let formats = Formats::new();
    let names = worksheet_names(pages.iter().map(|page| page.name));
    for (page, name) in pages.iter().zip(names) {
        let worksheet = book.add_worksheet();
        worksheet.set_name(name)?;
        write_page(worksheet, page, &formats)?;
    }
    Ok(book.save_to_buffer()?)
}

fn write_page(worksheet: &mut Worksheet, page: &Page<'_>, formats: &Formats) -> Result<(), Error> {
    let mut next_col = 0_usize;
    let mut filter = None;
    for sheet in page.tables.iter().filter(|s| !s.columns().is_empty()) {
        let (columns, rows) = (sheet.columns().len(), sheet.rows().len());
        // One narrow, empty column between tables.
        let first_col = if next_col == 0 { 0 } else { next_col + 1 };
        let end_col = first_col + columns;
        let (Ok(first), Ok(last), Ok(last_row)) = (
            ColNum::try_from(first_col),
            ColNum::try_from(end_col - 1),
            RowNum::try_from(rows),
        ) else {
            return Err(too_large(sheet, end_col));
        };
        if end_col > MAX_COLUMNS || rows >= MAX_ROWS {
            return Err(too_large(sheet, end_col));
        }
        if first_col > 0 {
            worksheet.set_column_width(first - 1, GAP_WIDTH)?;
        }
        write_table(worksheet, sheet, first, formats)?;
        filter = Some((first, last_row, last));
        next_col = end_col;
    }
    if let Some((first, last_row, last)) = filter {
        worksheet.set_freeze_panes(1, 0)?;
        worksheet.autofilter(0, first, last_row, last)?;
    }
    Ok(())
}

fn too_large(sheet: &Sheet, columns: usize) -> Error {
    Error::TooLargeForWorksheet {
        sheet: sheet.name().to_owned(),
        rows: sheet.rows().len(),
        columns,
    }
}

/// Writes `sheet` with its header in row 0, from column `first`. The caller has checked that
/// it fits.
fn write_table(
    worksheet: &mut Worksheet,
    sheet: &Sheet,
    first: ColNum,
    formats: &Formats,
) -> Result<(), Error> {
    for (index, column) in sheet.columns().iter().enumerate() {
        let col = first + index as ColNum;
        worksheet.write_string_with_format(0, col, fit(column.header()), &formats.header)?;
        let width = match column.width_hint() {
            Some(hint) => f64::from(hint),
            None => fitted_width(sheet, index),
        };
        worksheet.set_column_width(col, width.min(MAX_WIDTH))?;
    }
    for (row_index, row) in sheet.rows().iter().enumerate() {
        // Fits: the caller checked the row count against Excel's limit.
        let r = (row_index + 1) as RowNum;
        for (index, cell) in row.iter().enumerate() {
            let col = first + index as ColNum;
            match cell {
                Cell::Empty => {}
                Cell::Text(text) | Cell::Timestamp(text) => {
                    worksheet.write_string(r, col, fit(text))?;
                }
                Cell::Integer(n) if n.unsigned_abs() <= MAX_EXACT_INTEGER => {
                    // Exact: below 2^53 every integer is a double.
                    worksheet.write_number_with_format(r, col, *n as f64, &formats.integer)?;
                }
                Cell::Integer(n) => {
                    worksheet.write_string(r, col, n.to_string())?;
                }
                Cell::Bool(b) => {
                    worksheet.write_boolean_with_format(r, col, *b, &formats.boolean)?;
                }
            }
        }
    }
    Ok(())
}

/// The width that shows the longest line of a column, header and filter button included,
/// capped so that one long value does not push everything else off screen.
fn fitted_width(sheet: &Sheet, index: usize) -> f64 {
    let header = sheet
        .columns()
        .get(index)
        .map_or(0, |c| longest_line(c.header()) + FILTER_BUTTON);
    let content = sheet
        .rows()
        .iter()
        .map(|row| match &row[index] {
            Cell::Text(text) | Cell::Timestamp(text) => longest_line(text),
            other => other.to_string().chars().count(),
        })
        .max()
        .unwrap_or(0);
    let width = header.max(content).clamp(6, MAX_FITTED_WIDTH) + 1;
    width as f64
}

fn longest_line(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// Text cut to what a cell holds, with a visible note where it was cut.
fn fit(text: &str) -> Cow<'_, str> {
    const NOTE: &str = " … [truncated]";
    if text.chars().count() <= MAX_CELL_CHARS {
        return Cow::Borrowed(text);
    }
    let keep = MAX_CELL_CHARS - NOTE.chars().count();
    let mut cut: String = text.chars().take(keep).collect();
    cut.push_str(NOTE);
    Cow::Owned(cut)
}

/// Worksheet names for the given sheet names, valid and unique by Excel's rules.
fn worksheet_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken = HashSet::new();
    names
        .into_iter()
        .map(|name| {
            let base = valid_name(name);
            let mut candidate = base.clone();
            let mut n = 2_usize;
            while !taken.insert(candidate.to_lowercase()) {
                let suffix = format!(" ({n})");
                let room = MAX_NAME_UNITS - suffix.len();
                candidate = format!("{}{suffix}", trim_ends(truncate_utf16(&base, room)));
                n += 1;
            }
            candidate
        })
        .collect()
}

/// Excel measures names in UTF-16 code units.
const MAX_NAME_UNITS: usize = 31;

/// A valid worksheet name for `name`: forbidden characters replaced by `_`, cut to 31
/// characters, no apostrophe or space at either end, and not Excel's reserved `History`.
fn valid_name(name: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let name = trim_ends(truncate_utf16(trim_ends(&replaced), MAX_NAME_UNITS));
    if name.is_empty() {
        "Sheet".to_owned()
    } else if name.eq_ignore_ascii_case("history") {
        format!("{name}_")
    } else {
        name.to_owned()
    }
}

fn trim_ends(name: &str) -> &str {
    name.trim_matches(|c: char| c == '\'' || c.is_whitespace())
}

/// The longest prefix of `text` of at most `units` UTF-16 code units.
fn truncate_utf16(text: &str, units: usize) -> &str {
    let mut used = 0;
    for (at, c) in text.char_indices() {
        used += c.len_utf16();
        if used > units {
            return &text[..at];
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

    use super::*;
    use crate::Column;

    fn read(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
        open_workbook_from_rs(Cursor::new(bytes)).expect("a readable workbook")
    }

    fn inventory() -> Sheet {
        let mut sheet = Sheet::new(
            "EC2 instances",
            [
                Column::new("instance_id", "Instance ID"),
                Column::new("vcpus", "vCPUs"),
                Column::new("public", "Public"),
                Column::new("launched", "Launched"),
                Column::new("name", "Name"),
                Column::new("account", "Account"),
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
                "012345678901".into(),
            ])
            .expect("row");
        sheet
            .push_row([
                "i-0def".into(),
                Cell::from(i64::MIN),
                Cell::from(false),
                Cell::timestamp("2024-06-01T08:30:00Z"),
                "=HYPERLINK(\"http://example.com\")".into(),
                "123456789012".into(),
            ])
            .expect("row");
        sheet
    }

    #[test]
    fn cells_keep_their_kinds() {
        let mut bytes = Vec::new();
        Workbook::from_iter([inventory()])
            .write(&mut bytes)
            .expect("xlsx");
        let mut book = read(bytes);
        assert_eq!(book.sheet_names(), ["EC2 instances"]);
        let range = book.worksheet_range("EC2 instances").expect("sheet");
        assert_eq!(range.get_size(), (3, 6));
        let row = |r: usize| -> Vec<Data> { (0..6).map(|c| range[(r, c)].clone()).collect() };
        let text = |s: &str| Data::String(s.to_owned());
        assert_eq!(
            row(0),
            [
                "Instance ID",
                "vCPUs",
                "Public",
                "Launched",
                "Name",
                "Account"
            ]
            .map(text)
        );
        assert_eq!(
            row(1),
            [
                text("i-0abc"),
                Data::Float(2.0),
                Data::Bool(true),
                text("2024-05-01T12:00:00Z"),
                Data::Empty,
                text("012345678901"),
            ]
        );
        assert_eq!(
            row(2),
            [
                text("i-0def"),
                // Too large to be exact as an Excel number: kept as text.
                text("-9223372036854775808"),
                Data::Bool(false),
                text("2024-06-01T08:30:00Z"),
                // Text that looks like a formula stays text.
                text("=HYPERLINK(\"http://example.com\")"),
                text("123456789012"),
            ]
        );
        let formulas = book.worksheet_formula("EC2 instances").expect("formulas");
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    }

    #[test]
    fn header_row_is_frozen_and_filtered() {
        let bytes = Workbook::from_iter([inventory()]).to_bytes().expect("xlsx");
        let book = read(bytes);
        let names = book.defined_names().to_vec();
        assert!(
            names.contains(&(
                "_xlnm._FilterDatabase".to_owned(),
                "'EC2 instances'!$A$1:$F$3".to_owned()
            )),
            "{names:?}"
        );
    }

    #[test]
    fn empty_sheet_has_its_header() {
        let sheet =
            Sheet::new("Empty", [Column::new("a", "A"), Column::new("b", "B")]).expect("sheet");
        let bytes = Workbook::from_iter([sheet]).to_bytes().expect("xlsx");
        let mut book = read(bytes);
        let range = book.worksheet_range("Empty").expect("sheet");
        assert_eq!(range.get_size(), (1, 2));
        assert_eq!(range[(0, 1)], Data::String("B".to_owned()));
    }

    #[test]
    fn names_are_made_valid_and_unique() {
        let long = "Network ACL entries by subnet and rule number";
        let given = [
            "IAM/Users",
            "iam_users",
            "IAM_Users",
            "[S3]: *buckets?*",
            "'quoted'",
            "",
            "   ",
            "history",
            long,
            long,
            "😀".repeat(20).leak(),
        ];
        let names = worksheet_names(given);
        assert_eq!(
            names,
            [
                "IAM_Users",
                "iam_users (2)",
                "IAM_Users (3)",
                "_S3__ _buckets__",
                "quoted",
                "Sheet",
                "Sheet (2)",
                "history_",
                "Network ACL entries by subnet a",
                "Network ACL entries by subn (2)",
                &"😀".repeat(15),
            ]
        );

        // Excel (and the writer) accept every one of them.
        let sheets = given.iter().map(|name| {
            let mut sheet = Sheet::new(*name, [Column::new("k", "K")]).expect("sheet");
            sheet.push_row([Cell::from(*name)]).expect("row");
            sheet
        });
        let bytes = Workbook::from_iter(sheets).to_bytes().expect("xlsx");
        let mut book = read(bytes);
        assert_eq!(book.sheet_names(), names);
        for (name, original) in names.iter().zip(given) {
            let range = book.worksheet_range(name).expect("sheet");
            // An empty string is a blank cell.
            let expected = match original {
                "" => None,
                text => Some(Data::String(text.to_owned())),
            };
            assert_eq!(range.get((1, 0)).cloned(), expected, "{name}");
        }
    }

    #[test]
    fn columns_fit_their_content_up_to_a_cap() {
        let mut sheet = Sheet::new(
            "s",
            [
                Column::new("id", "ID"),
                Column::new("arn", "ARN"),
                Column::new("policy", "Policy"),
                Column::new("note", "Note").width(20),
            ],
        )
        .expect("sheet");
        sheet
            .push_row([
                "a".into(),
                "arn:aws:iam::123456789012:role/deploy".into(),
                "x".repeat(500).into(),
                "short".into(),
            ])
            .expect("row");
        assert_eq!(fitted_width(&sheet, 0), 7.0);
        assert_eq!(fitted_width(&sheet, 1), 38.0);
        assert_eq!(fitted_width(&sheet, 2), 61.0);
    }

    #[test]
    fn a_sheet_wider_than_a_worksheet_is_refused() {
        let columns = (0..=MAX_COLUMNS).map(|i| Column::new(format!("c{i}"), "C"));
        let wide = Sheet::new("Wide", columns).expect("sheet");
        let err = Workbook::from_iter([wide])
            .to_bytes()
            .expect_err("too wide");
        assert!(
            matches!(
                err,
                Error::TooLargeForWorksheet {
                    columns: 16_385,
                    rows: 0,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn an_empty_workbook_is_still_a_workbook() {
        let book = read(Workbook::new().to_bytes().expect("xlsx"));
        assert_eq!(book.sheet_names().len(), 1);
    }

    #[test]
    fn overlong_text_is_cut_visibly() {
        let long = "y".repeat(40_000);
        let cut = fit(&long);
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with("… [truncated]"));
        assert!(matches!(fit("short"), Cow::Borrowed("short")));
    }

    #[test]
    fn saves_to_a_path_and_names_it_on_failure() {
        let dir = std::env::temp_dir().join(format!("keyaki-report-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("inventory.xlsx");
        Workbook::from_iter([inventory()])
            .save(&path)
            .expect("save");
        let bytes = std::fs::read(&path).expect("read back");
        assert_eq!(read(bytes).sheet_names(), ["EC2 instances"]);
        std::fs::remove_dir_all(&dir).expect("clean up");

        let missing = dir.join("no/such/dir/out.xlsx");
        let err = Workbook::new().save(&missing).expect_err("no directory");
        assert!(err.to_string().starts_with(&missing.display().to_string()));
    }
}
