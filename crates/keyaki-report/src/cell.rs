//! One value in a [`Sheet`](crate::Sheet): text, an integer, a boolean, a timestamp or nothing.

use std::borrow::Cow;
use std::fmt;

use keyaki_core::{AccountId, Arn, Region, Severity};

/// One value in a sheet.
///
/// The kind of a cell decides how each format writes it: an [`Integer`](Cell::Integer) is a
/// number in JSON and in a workbook, a [`Bool`](Cell::Bool) is `true` / `false` in JSON and a
/// boolean in a workbook, and [`Empty`](Cell::Empty) is `null` in JSON and an empty field
/// elsewhere. Everything has a text form ([`Display`](fmt::Display)), which the terminal table
/// and CSV use.
///
/// Build cells with `From`: strings become text, integers become integers, `bool` becomes a
/// boolean, and `None` becomes empty.
///
/// ```
/// use keyaki_report::Cell;
///
/// assert_eq!(Cell::from("vpc-0a1b"), Cell::Text("vpc-0a1b".into()));
/// assert_eq!(Cell::from(443_u16), Cell::Integer(443));
/// assert_eq!(Cell::from(None::<&str>), Cell::Empty);
/// assert_eq!(Cell::from(true).to_string(), "true");
/// ```
///
/// Account ids are text, not numbers: `012345678901` keeps its leading zero.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Cell {
    /// No value.
    #[default]
    Empty,
    /// Text, written as it is.
    Text(String),
    /// A whole number.
    Integer(i64),
    /// A yes / no value.
    Bool(bool),
    /// A point in time, as the RFC 3339 text that AWS gives, such as `2024-05-01T12:00:00Z`.
    /// It is written as text in every format, so no precision or time zone is lost.
    Timestamp(String),
}

impl Cell {
    /// A timestamp cell from its RFC 3339 text.
    pub fn timestamp(text: impl Into<String>) -> Self {
        Cell::Timestamp(text.into())
    }

    /// Whether the cell holds no value.
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Empty => Ok(()),
            Cell::Text(text) | Cell::Timestamp(text) => f.write_str(text),
            Cell::Integer(n) => write!(f, "{n}"),
            Cell::Bool(b) => write!(f, "{b}"),
        }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::Text(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::Text(text.to_owned())
    }
}

impl From<&String> for Cell {
    fn from(text: &String) -> Self {
        Cell::Text(text.clone())
    }
}

impl From<Cow<'_, str>> for Cell {
    fn from(text: Cow<'_, str>) -> Self {
        Cell::Text(text.into_owned())
    }
}

impl From<bool> for Cell {
    fn from(b: bool) -> Self {
        Cell::Bool(b)
    }
}

macro_rules! integer_cells {
    ($($t:ty),*) => {$(
        impl From<$t> for Cell {
            fn from(n: $t) -> Self {
                Cell::Integer(i64::from(n))
            }
        }
    )*};
}
integer_cells!(i8, i16, i32, i64, u8, u16, u32);

macro_rules! wide_integer_cells {
    ($($t:ty),*) => {$(
        /// Values beyond `i64::MAX` are kept exactly, as text.
        impl From<$t> for Cell {
            fn from(n: $t) -> Self {
                i64::try_from(n).map_or_else(|_| Cell::Text(n.to_string()), Cell::Integer)
            }
        }
    )*};
}
wide_integer_cells!(u64, usize);

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(value: Option<T>) -> Self {
        value.map_or(Cell::Empty, Into::into)
    }
}

impl From<&AccountId> for Cell {
    fn from(id: &AccountId) -> Self {
        Cell::Text(id.as_str().to_owned())
    }
}

impl From<&Region> for Cell {
    fn from(region: &Region) -> Self {
        Cell::Text(region.as_str().to_owned())
    }
}

impl From<&Arn> for Cell {
    fn from(arn: &Arn) -> Self {
        Cell::Text(arn.as_str().to_owned())
    }
}

impl From<Severity> for Cell {
    fn from(severity: Severity) -> Self {
        Cell::Text(severity.as_str().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_pick_the_natural_kind() {
        assert_eq!(Cell::from(String::from("a")), Cell::Text("a".into()));
        assert_eq!(Cell::from(Cow::Borrowed("b")), Cell::Text("b".into()));
        assert_eq!(Cell::from(-3_i32), Cell::Integer(-3));
        assert_eq!(Cell::from(7_usize), Cell::Integer(7));
        assert_eq!(
            Cell::from(u64::MAX),
            Cell::Text("18446744073709551615".into())
        );
        assert_eq!(Cell::from(Some(false)), Cell::Bool(false));
        assert_eq!(Cell::from(None::<u16>), Cell::Empty);
        assert_eq!(Cell::from(Severity::High), Cell::Text("high".into()));
        let account = AccountId::new("012345678901").expect("valid account id");
        assert_eq!(Cell::from(&account), Cell::Text("012345678901".into()));
        assert_eq!(
            Cell::from(Some(&account)),
            Cell::Text("012345678901".into())
        );
    }

    #[test]
    fn display_is_the_plain_text_form() {
        assert_eq!(Cell::Empty.to_string(), "");
        assert_eq!(Cell::Integer(-42).to_string(), "-42");
        assert_eq!(Cell::Bool(false).to_string(), "false");
        assert_eq!(
            Cell::timestamp("2024-05-01T12:00:00Z").to_string(),
            "2024-05-01T12:00:00Z"
        );
        assert!(Cell::Empty.is_empty());
        assert!(!Cell::Text(String::new()).is_empty());
    }
}
