//! The output formats, as the `--format` flag names them, and which renderer writes each.

use std::fmt;
use std::io::Write;

use keyaki_core::Finding;

use crate::{Error, RenderOptions, Sheet, findings, xlsx};

/// A format for a [`Sheet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SheetFormat {
    /// A table for people, fitted to the terminal.
    Table,
    /// CSV with a header row of column keys.
    Csv,
    /// A pretty JSON array of objects keyed by column key.
    Json,
    /// JSON Lines: one object per row.
    Jsonl,
    /// An Excel workbook with the sheet as its one worksheet.
    Xlsx,
}

impl SheetFormat {
    /// Every format, in the order to list them in help.
    pub const ALL: &[SheetFormat] = &[
        SheetFormat::Table,
        SheetFormat::Json,
        SheetFormat::Jsonl,
        SheetFormat::Csv,
        SheetFormat::Xlsx,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            SheetFormat::Table => "table",
            SheetFormat::Csv => "csv",
            SheetFormat::Json => "json",
            SheetFormat::Jsonl => "jsonl",
            SheetFormat::Xlsx => "xlsx",
        }
    }

    /// Whether the output is binary, and so not for a terminal.
    pub fn is_binary(self) -> bool {
        matches!(self, SheetFormat::Xlsx)
    }

    /// Writes `sheet` in this format. Only the table reads `options`.
    pub fn write(
        self,
        sheet: &Sheet,
        out: impl Write,
        options: &RenderOptions,
    ) -> Result<(), Error> {
        match self {
            SheetFormat::Table => sheet.write_table(out, options),
            SheetFormat::Csv => sheet.write_csv(out),
            SheetFormat::Json => sheet.write_json(out),
            SheetFormat::Jsonl => sheet.write_jsonl(out),
            SheetFormat::Xlsx => xlsx::write_sheets(std::slice::from_ref(sheet), out),
        }
    }
}

impl fmt::Display for SheetFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A format for a list of [`Finding`]s.
///
/// Formats for security hubs and code-scanning dashboards will join these; match with a
/// wildcard arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FindingFormat {
    /// Severity, rule, resource and title for people, then a count by severity.
    Table,
    /// A pretty JSON array of findings in their documented JSON shape.
    Json,
    /// JSON Lines: one finding per line, in the same shape.
    Jsonl,
    /// CSV, one finding per record: `id`, `rule_id`, `severity`, `title`, `resource_arn`,
    /// `account`, `region`, `remediation`, `remediation_cli`, `compliance` (as
    /// `framework:requirement;...`) and `evidence` (compact JSON).
    Csv,
    /// An Excel workbook: the CSV columns on a "Findings" worksheet, and counts per severity
    /// and per rule on a "Summary" worksheet.
    Xlsx,
    /// A SARIF 2.1.0 log for code-scanning dashboards: one result per finding, the
    /// resource as a logical location, the stable id as a fingerprint.
    Sarif,
    /// AWS Security Finding Format: a JSON array that `aws securityhub
    /// batch-import-findings --findings file://FILE` imports.
    Asff,
    /// OCSF 1.8.0: a JSON array of Compliance Finding (class 2003) or Detection Finding
    /// (class 2004) events, as [`RenderOptions::kind`] says.
    Ocsf,
    /// A self-contained HTML page: a severity chart, coverage per framework (with
    /// [`RenderOptions::coverage`]) and a findings table with filters; nothing is fetched.
    Html,
}

impl FindingFormat {
    /// Every format, in the order to list them in help.
    pub const ALL: &[FindingFormat] = &[
        FindingFormat::Table,
        FindingFormat::Json,
        FindingFormat::Jsonl,
        FindingFormat::Csv,
        FindingFormat::Xlsx,
        FindingFormat::Sarif,
        FindingFormat::Asff,
        FindingFormat::Ocsf,
        FindingFormat::Html,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            FindingFormat::Sarif => "sarif",
            FindingFormat::Asff => "asff",
            FindingFormat::Ocsf => "ocsf",
            FindingFormat::Html => "html",
            FindingFormat::Table => "table",
            FindingFormat::Json => "json",
            FindingFormat::Jsonl => "jsonl",
            FindingFormat::Csv => "csv",
            FindingFormat::Xlsx => "xlsx",
        }
    }

    /// Whether the output is binary, and so not for a terminal.
    pub fn is_binary(self) -> bool {
        matches!(self, FindingFormat::Xlsx)
    }

    /// Writes `findings` in this format, in the order given. The table reads `options`' colour
    /// and width; ASFF, OCSF and HTML its timestamp; OCSF the kind of findings; the workbook,
    /// OCSF and HTML the coverage; HTML the title.
    pub fn write(
        self,
        findings: &[Finding],
        out: impl Write,
        options: &RenderOptions,
    ) -> Result<(), Error> {
        match self {
            FindingFormat::Table => findings::write_table(findings, out, options),
            FindingFormat::Json => findings::write_json(findings, out),
            FindingFormat::Jsonl => findings::write_jsonl(findings, out),
            FindingFormat::Csv => findings::write_csv(findings, out),
            FindingFormat::Xlsx => findings::write_xlsx(findings, out, options.coverage_value()),
            FindingFormat::Sarif => crate::sarif::write(findings, out),
            FindingFormat::Asff => {
                let now = options
                    .timestamp_value()
                    .map_or_else(crate::asff::now_iso8601, str::to_owned);
                crate::asff::write(findings, out, &now)
            }
            FindingFormat::Ocsf => crate::ocsf::write(
                findings,
                out,
                options.kind_value(),
                &options.now_iso8601(),
                options.coverage_value(),
            ),
            FindingFormat::Html => crate::html::write(findings, out, options),
        }
    }
}

impl fmt::Display for FindingFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cell, Column};

    #[test]
    fn every_sheet_format_writes_through_its_renderer() {
        let mut sheet = Sheet::new("s", [Column::new("n", "N")]).expect("sheet");
        sheet.push_row([Cell::from(1_u8)]).expect("row");
        let options = RenderOptions::new().width(None);
        let render = |format: SheetFormat| {
            let mut out = Vec::new();
            format.write(&sheet, &mut out, &options).expect("render");
            out
        };
        assert_eq!(render(SheetFormat::Csv), b"n\n1\n");
        assert_eq!(render(SheetFormat::Jsonl), b"{\"n\":1}\n");
        assert_eq!(render(SheetFormat::Json), b"[\n  {\n    \"n\": 1\n  }\n]\n");
        assert!(
            String::from_utf8(render(SheetFormat::Table))
                .expect("utf-8")
                .contains("│ 1 │")
        );
        assert!(render(SheetFormat::Xlsx).starts_with(b"PK"));
    }

    #[test]
    fn names_and_binary_formats() {
        let names: Vec<_> = SheetFormat::ALL.iter().map(ToString::to_string).collect();
        assert_eq!(names, ["table", "json", "jsonl", "csv", "xlsx"]);
        let names: Vec<_> = FindingFormat::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(
            names,
            [
                "table", "json", "jsonl", "csv", "xlsx", "sarif", "asff", "ocsf", "html"
            ]
        );
        assert!(SheetFormat::Xlsx.is_binary() && FindingFormat::Xlsx.is_binary());
        assert!(!SheetFormat::Csv.is_binary() && !FindingFormat::Table.is_binary());
    }
}
