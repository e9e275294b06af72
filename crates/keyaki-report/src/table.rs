//! The terminal table: a sheet laid out in boxes for people to read.

use std::borrow::Cow;
use std::io::Write;

use comfy_table::{
    Attribute, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, modifiers,
    presets,
};

use crate::options::Width;
use crate::{Cell, Error, RenderOptions, Sheet};

/// Writes `sheet` as a table. `paint` may give the cell at (row, column) a colour, used only
/// when the options ask for colour.
pub(crate) fn write(
    sheet: &Sheet,
    mut out: impl Write,
    options: &RenderOptions,
    paint: impl Fn(usize, usize) -> Option<Color>,
) -> Result<(), Error> {
    if sheet.columns().is_empty() {
        return Ok(());
    }
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .apply_modifier(modifiers::UTF8_ROUND_CORNERS)
        .set_content_arrangement(ContentArrangement::Dynamic);
    match options.table_width() {
        // comfy-table looks at standard output and fits the terminal if it is one.
        Width::Terminal => {}
        Width::Fixed(Some(width)) => {
            table.force_no_tty().set_width(width);
        }
        Width::Fixed(None) => {
            table
                .force_no_tty()
                .set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    let color = options.uses_color();
    if color {
        table.enforce_styling();
    }

    table.set_header(sheet.columns().iter().map(|column| {
        let cell = comfy_table::Cell::new(printable(column.header()));
        if color {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
    }));
    for (row_index, row) in sheet.rows().iter().enumerate() {
        table.add_row(row.iter().enumerate().map(|(index, value)| {
            let cell = comfy_table::Cell::new(printable(&value.to_string()));
            match paint(row_index, index) {
                Some(fg) if color => cell.fg(fg),
                _ => cell,
            }
        }));
    }

    for (index, column) in sheet.columns().iter().enumerate() {
        let Some(table_column) = table.column_mut(index) else {
            continue;
        };
        if let Some(width) = column.width_hint() {
            table_column.set_constraint(ColumnConstraint::UpperBoundary(
                comfy_table::Width::Fixed(width),
            ));
        }
        if is_numeric(sheet, index) {
            table_column.set_cell_alignment(CellAlignment::Right);
        }
    }

    writeln!(out, "{table}")?;
    out.flush()?;
    Ok(())
}

/// Whether a column holds integers only (and at least one), which read best right-aligned.
fn is_numeric(sheet: &Sheet, index: usize) -> bool {
    let mut cells = sheet.rows().iter().map(|row| &row[index]);
    let mut any = false;
    cells.all(|cell| match cell {
        Cell::Integer(_) => {
            any = true;
            true
        }
        Cell::Empty => true,
        _ => false,
    }) && any
}

/// Text with control characters shown as escapes (`\u{1b}`), so that data read from an
/// account (a tag value, a policy) cannot move the cursor or change colours. Line breaks stay.
fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() && c != '\n' {
            shown.extend(c.escape_default());
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Column;

    fn render(sheet: &Sheet, options: &RenderOptions) -> String {
        let mut out = Vec::new();
        sheet.write_table(&mut out, options).expect("render");
        String::from_utf8(out).expect("utf-8")
    }

    fn groups() -> Sheet {
        let mut sheet = Sheet::new(
            "Security groups",
            [
                Column::new("group_id", "Group ID"),
                Column::new("description", "Description"),
                Column::new("rules", "Rules"),
                Column::new("default", "Default"),
            ],
        )
        .expect("valid sheet");
        sheet
            .push_row([
                "sg-0a1b2c".into(),
                "web servers, public".into(),
                Cell::from(12_u32),
                Cell::from(false),
            ])
            .expect("row");
        sheet
            .push_row([
                "sg-1".into(),
                "default VPC security group".into(),
                Cell::from(1_u32),
                Cell::from(true),
            ])
            .expect("row");
        sheet
    }

    #[test]
    fn plain_table() {
        let text = render(&groups(), &RenderOptions::new().width(None));
        insta::assert_snapshot!(text, @r"
        ╭───────────┬────────────────────────────┬───────┬─────────╮
        │ Group ID  ┆ Description                ┆ Rules ┆ Default │
        ╞═══════════╪════════════════════════════╪═══════╪═════════╡
        │ sg-0a1b2c ┆ web servers, public        ┆    12 ┆ false   │
        │ sg-1      ┆ default VPC security group ┆     1 ┆ true    │
        ╰───────────┴────────────────────────────┴───────┴─────────╯
        ");
    }

    #[test]
    fn wraps_to_the_given_width() {
        let text = render(&groups(), &RenderOptions::new().width(Some(44)));
        assert!(
            text.lines().all(|line| line.chars().count() <= 44),
            "{text}"
        );
        insta::assert_snapshot!(text, @"
        ╭───────────┬────────────┬───────┬─────────╮
        │ Group ID  ┆ Descriptio ┆ Rules ┆ Default │
        │           ┆ n          ┆       ┆         │
        ╞═══════════╪════════════╪═══════╪═════════╡
        │ sg-0a1b2c ┆ web        ┆    12 ┆ false   │
        │           ┆ servers,   ┆       ┆         │
        │           ┆ public     ┆       ┆         │
        │ sg-1      ┆ default    ┆     1 ┆ true    │
        │           ┆ VPC        ┆       ┆         │
        │           ┆ security   ┆       ┆         │
        │           ┆ group      ┆       ┆         │
        ╰───────────┴────────────┴───────┴─────────╯
        ");
    }

    #[test]
    fn width_hints_cap_a_column() {
        let mut sheet = Sheet::new("s", [Column::new("note", "Note").width(12)]).expect("sheet");
        sheet
            .push_row(["a rather long note about a bucket".into()])
            .expect("row");
        let text = render(&sheet, &RenderOptions::new().width(None));
        insta::assert_snapshot!(text, @"
        ╭────────────╮
        │ Note       │
        ╞════════════╡
        │ a rather   │
        │ long note  │
        │ about a    │
        │ bucket     │
        ╰────────────╯
        ");
    }

    #[test]
    fn empty_sheet_has_a_header() {
        let sheet = Sheet::new("s", [Column::new("a", "A"), Column::new("b", "B")]).expect("sheet");
        let text = render(&sheet, &RenderOptions::new().width(None));
        insta::assert_snapshot!(text, @"
        ╭───┬───╮
        │ A ┆ B │
        ╞═══╪═══╡
        ╰───┴───╯
        ");
    }

    #[test]
    fn colour_only_when_asked() {
        let plain = render(&groups(), &RenderOptions::new().width(Some(80)));
        assert!(!plain.contains('\u{1b}'));
        let colored = render(&groups(), &RenderOptions::new().width(Some(80)).color(true));
        assert!(colored.contains("\u{1b}[1m"), "bold header: {colored:?}");
    }

    #[test]
    fn control_characters_are_escaped() {
        let mut sheet = Sheet::new("s", [Column::new("tag", "Tag")]).expect("sheet");
        sheet
            .push_row(["\u{1b}[31mred\u{7}\tline\nnext".into()])
            .expect("row");
        let text = render(&sheet, &RenderOptions::new().width(None));
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'));
        assert!(text.contains(r"\u{1b}[31mred\u{7}\tline"), "{text}");
        assert!(text.contains("next"));
    }
}
