//! Source positions: byte spans in a policy's text, and where that text came from.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use serde::Serialize;

/// A byte span in a policy document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Loc {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Loc {
    pub(crate) fn new(start: usize, end: usize) -> Self {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Self {
            start: clamp(start),
            end: clamp(end),
        }
    }

    /// The span as a range of bytes.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Where a policy document's text came from, so that a span in it can be shown as a place
/// a person can open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The file, when the document was read from one.
    pub file: Option<PathBuf>,
    /// The JSON path of the document in that file (`$` for a file that is one policy).
    /// Borrowed when written out (`$`, a simulate input's common places): it was an
    /// allocation per policy parsed.
    pub json_path: Cow<'static, str>,
    /// The 1-based line of the file where the document starts.
    pub line: usize,
    /// The 1-based column (in characters) where the document starts on that line, when
    /// known; otherwise it is read from the file when needed.
    pub column: Option<usize>,
    /// The byte offset of the document's text in the file, when the file holds it verbatim:
    /// positions are then file positions. `None` for a document held in a JSON string.
    pub file_offset: Option<usize>,
}

impl Origin {
    /// A document that is the whole of `file`.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Self {
            file: Some(file.into()),
            json_path: Cow::Borrowed("$"),
            line: 1,
            column: Some(1),
            file_offset: Some(0),
        }
    }

    /// A document with no file (built in memory, given on the command line).
    pub fn inline(label: impl Into<String>) -> Self {
        Self {
            file: None,
            json_path: Cow::Owned(label.into()),
            line: 1,
            column: Some(1),
            file_offset: None,
        }
    }

    /// The origin of a policy document of a snapshot.
    pub fn of_document(doc: &keyaki_snapshot::services::iam::PolicyDocument) -> Self {
        let o = doc.origin();
        Self {
            file: Some(o.file.to_path_buf()),
            json_path: Cow::Owned(o.json_path.to_string()),
            line: o.line,
            column: None,
            file_offset: doc.file_offset(),
        }
    }

    /// The origin of a resource policy of a snapshot (a bucket, key, queue ... policy).
    pub fn of_resource(origin: &keyaki_snapshot::Origin) -> Self {
        Self {
            file: Some(origin.file.to_path_buf()),
            json_path: Cow::Owned(origin.json_path.to_string()),
            line: origin.line,
            column: None,
            file_offset: None,
        }
    }
}

/// A policy document's text, shared, with its origin (and the start of each line, found
/// when first needed).
///
/// The text may be a larger one that holds the document (a simulate input and its
/// policies share one copy): the document is bytes `start..end` of it, the spans of the
/// document's nodes ([`Loc`]) are offsets in the shared text, and so are lines and columns
/// (the origin then places the shared text, not the document: nothing is worked out for
/// positions until one is shown).
#[derive(Debug)]
pub struct Source {
    text: Arc<SharedText>,
    start: u32,
    end: u32,
    origin: Origin,
    /// The column where the document starts in its file, computed on first use.
    start_column: OnceLock<usize>,
}

/// A text shared by the documents it holds (one policy's, or a simulate input's and its
/// policies'), with the index of its lines, built when a position is first shown: every
/// position after that is a binary search, whatever the length of the line.
#[derive(Debug)]
pub(crate) struct SharedText {
    text: Box<str>,
    lines: OnceLock<Lines>,
    /// Set when the text is known to be one line (its parser saw no line feed).
    one_line: std::sync::atomic::AtomicBool,
    /// Set when the text is known to be ASCII (its parser saw no other byte).
    ascii: std::sync::atomic::AtomicBool,
}

#[derive(Debug)]
struct Lines {
    /// The offsets where the second and later lines start (none for a text on one line,
    /// the usual case).
    starts: Vec<u32>,
    /// Whether the text is ASCII: a column is then a difference of offsets.
    ascii: bool,
}

impl SharedText {
    pub(crate) fn new(text: &str) -> Arc<Self> {
        Arc::new(Self {
            text: text.into(),
            lines: OnceLock::new(),
            one_line: std::sync::atomic::AtomicBool::new(false),
            ascii: std::sync::atomic::AtomicBool::new(false),
        })
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }

    /// Records that the text has no line feed (its JSON parser counted none), so that the
    /// line index needs no search for them.
    pub(crate) fn mark_one_line(&self) {
        self.one_line
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Records that the text is ASCII (its JSON parser saw no other byte), so that the line
    /// index needs no pass over the text to find out (the first position shown in a simulate
    /// request spent ~200 instructions there).
    pub(crate) fn mark_ascii(&self) {
        self.ascii.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    fn lines(&self) -> &Lines {
        self.lines.get_or_init(|| {
            let text = &*self.text;
            let starts = if self.one_line.load(std::sync::atomic::Ordering::Relaxed) {
                Vec::new()
            } else {
                // `match_indices` of a char runs on memchr.
                text.match_indices('\n')
                    .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX))
                    .collect()
            };
            Lines {
                starts,
                ascii: self.ascii.load(std::sync::atomic::Ordering::Relaxed) || text.is_ascii(),
            }
        })
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    fn position(&self, offset: u32) -> (usize, usize) {
        let text = &*self.text;
        let lines = self.lines();
        let line = lines.starts.partition_point(|&s| s <= offset);
        let start = match line {
            0 => 0,
            l => lines.starts[l - 1] as usize,
        };
        let end = (offset as usize).min(text.len()).max(start);
        let column = if lines.ascii {
            end - start
        } else {
            text.get(start..end)
                .map_or(end - start, |s| s.chars().count())
        };
        (line + 1, column + 1)
    }
}

impl Source {
    pub(crate) fn new(text: Arc<SharedText>, origin: Origin) -> Self {
        let end = u32::try_from(text.text.len()).unwrap_or(u32::MAX);
        Self::within(text, Loc { start: 0, end }, origin)
    }

    /// The document at `doc` of a larger shared text.
    pub(crate) fn within(text: Arc<SharedText>, doc: Loc, origin: Origin) -> Self {
        Self {
            text,
            start: doc.start,
            end: doc.end,
            origin,
            start_column: OnceLock::new(),
        }
    }

    /// The JSON path in the document of the value that starts at `loc` (or of the value of
    /// the member whose key starts there): `$.Statement[0].Action`; `$` when none does.
    pub fn path_of(&self, loc: Loc) -> String {
        let offset = loc.start.saturating_sub(self.start) as usize;
        crate::json::path_at(self.text(), offset).unwrap_or_else(|| "$".into())
    }

    /// [`Source::locate`] with the path of the node at `loc` ([`Source::path_of`]).
    pub fn locate_node(&self, loc: Loc) -> Location {
        let path = self.path_of(loc);
        self.locate(loc, &path)
    }

    /// The document's text.
    pub fn text(&self) -> &str {
        self.text
            .text
            .get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }

    /// Where the document came from.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The text of a span.
    pub fn slice(&self, loc: Loc) -> &str {
        self.text.text.get(loc.range()).unwrap_or("")
    }

    /// The 1-based line and column (in characters) in the shared text (the document's own,
    /// or the larger text that holds it) of the node that starts at byte `offset` (a
    /// [`Loc`]'s start).
    pub fn position(&self, offset: u32) -> (usize, usize) {
        self.text.position(offset)
    }

    /// Where a node of the document is, as a person reads it: the file (when there is one),
    /// the line and column in that file (or in the document, when the file holds it inside
    /// a JSON string), and the node's JSON path within the file.
    pub fn locate(&self, loc: Loc, path: &str) -> Location {
        self.locate_at(loc, join_path(&self.origin.json_path, path))
    }

    /// [`Source::locate`] with the whole JSON path already built (the origin's path, then
    /// the node's).
    pub(crate) fn locate_at(&self, loc: Loc, json_path: String) -> Location {
        let (doc_line, doc_column) = self.position(loc.start);
        let (line, column, in_file) = match self.origin.file_offset {
            Some(offset) if self.origin.file.is_some() => {
                let line = self.origin.line + doc_line - 1;
                let column = if doc_line == 1 {
                    self.origin.column.unwrap_or_else(|| {
                        *self
                            .start_column
                            .get_or_init(|| self.first_line_column(offset))
                    }) + doc_column
                        - 1
                } else {
                    doc_column
                };
                (line, column, true)
            }
            _ => (doc_line, doc_column, false),
        };
        Location {
            file: self.origin.file.clone(),
            line,
            column,
            in_file,
            json_path,
        }
    }

    /// The column in the file where the document starts (for documents on one line).
    fn first_line_column(&self, offset: usize) -> usize {
        match &self.origin.file {
            Some(file) if offset > 0 => file_column(file, offset),
            _ => 1,
        }
    }
}

/// The newline offsets of the files read for positions, and whether each is ASCII, so
/// that a file is read once however many of its documents are located.
type LineIndex = Arc<(Vec<usize>, bool)>;

fn line_index(file: &Path) -> Option<LineIndex> {
    static FILES: OnceLock<Mutex<HashMap<PathBuf, Option<LineIndex>>>> = OnceLock::new();
    let files = FILES.get_or_init(|| Mutex::new(HashMap::new()));
    let mut files = files
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    files
        .entry(file.to_path_buf())
        .or_insert_with(|| {
            let bytes = std::fs::read(file).ok()?;
            let newlines = bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i)
                .collect();
            Some(Arc::new((newlines, bytes.is_ascii())))
        })
        .clone()
}

/// The 1-based column (in characters) of byte `offset` of `file`.
fn file_column(file: &Path, offset: usize) -> usize {
    let Some(index) = line_index(file) else {
        return 1;
    };
    let (newlines, ascii) = &*index;
    let line_start = match newlines.partition_point(|&n| n < offset) {
        0 => 0,
        i => newlines[i - 1] + 1,
    };
    if *ascii {
        return offset - line_start + 1;
    }
    match std::fs::read(file) {
        Ok(bytes) if offset <= bytes.len() => {
            String::from_utf8_lossy(&bytes[line_start..offset])
                .chars()
                .count()
                + 1
        }
        _ => offset - line_start + 1,
    }
}

/// Joins the JSON path of a document in its file with a path inside the document (`$...`).
pub(crate) fn join_path(base: &str, inner: &str) -> String {
    // Built by hand rather than with `format!`: explanations build several paths per
    // request, and the formatting machinery was a tenth of a simulate request's cost.
    let rest = inner.strip_prefix('$').unwrap_or(inner);
    let base = if base.is_empty() { "$" } else { base };
    let mut out = String::with_capacity(base.len() + rest.len());
    out.push_str(base);
    out.push_str(rest);
    out
}

/// Appends `[n]` (a JSON path index) to `out`: the common one-digit indices written out,
/// one copy rather than three pushes of a character (~20 instructions each).
pub(crate) fn push_index(out: &mut String, n: usize) {
    const ONE_DIGIT: [&str; 10] = [
        "[0]", "[1]", "[2]", "[3]", "[4]", "[5]", "[6]", "[7]", "[8]", "[9]",
    ];
    match ONE_DIGIT.get(n) {
        Some(index) => out.push_str(index),
        None => {
            out.push('[');
            push_decimal(out, n);
            out.push(']');
        }
    }
}

/// Appends `n` in decimal to `out` (a JSON path index, without the formatting machinery).
pub(crate) fn push_decimal(out: &mut String, mut n: usize) {
    if n < 10 {
        // Most indices: one digit.
        out.push(char::from(b'0' + n as u8));
        return;
    }
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[start..].iter().map(|&d| char::from(d)));
}

/// A place a person can open: file, line, column and JSON path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file, when the document came from one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Whether line and column are in the file (`true`) or in the document, which the file
    /// holds inside a JSON string (`false`).
    pub in_file: bool,
    /// The JSON path of the node, from the root of the file.
    pub json_path: String,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(file) if self.in_file => write!(
                f,
                "{}:{}:{}: {}",
                file.display(),
                self.line,
                self.column,
                self.json_path
            ),
            Some(file) => write!(
                f,
                "{}: {} (document line {}, column {})",
                file.display(),
                self.json_path,
                self.line,
                self.column
            ),
            None => write!(f, "{}:{}: {}", self.line, self.column, self.json_path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The line index (and its ASCII shortcut) agrees with counting lines and characters
        /// from the start, on one-line, multi-line, ASCII and non-ASCII texts.
        #[test]
        fn positions_agree_with_counting(text in "[a\n é\r]{0,40}", at in 0usize..48) {
            let shared = SharedText::new(&text);
            let mut offset = at.min(text.len());
            while !text.is_char_boundary(offset) {
                offset -= 1;
            }
            let before = &text[..offset];
            let line = 1 + before.matches('\n').count();
            let column = 1 + before.rsplit('\n').next().unwrap_or("").chars().count();
            let offset = u32::try_from(offset).unwrap_or(u32::MAX);
            proptest::prop_assert_eq!(shared.position(offset), (line, column));
            if !text.contains('\n') {
                // Known to be one line (as its parser tells): the same positions.
                let known = SharedText::new(&text);
                known.mark_one_line();
                proptest::prop_assert_eq!(known.position(offset), (line, column));
            }
            if text.is_ascii() {
                // Known to be ASCII (as its parser tells): the same positions.
                let known = SharedText::new(&text);
                known.mark_ascii();
                proptest::prop_assert_eq!(known.position(offset), (line, column));
            }
        }
    }

    #[test]
    fn positions() {
        let s = Source::new(SharedText::new("{\n  \"é\": 1\n}"), Origin::inline("$"));
        assert_eq!(s.position(0), (1, 1));
        assert_eq!(s.position(2), (2, 1));
        assert_eq!(s.position(9), (2, 7));
        let l = s.locate(Loc::new(4, 8), "$.x");
        assert_eq!((l.line, l.column), (2, 3));
        assert_eq!(l.json_path, "$.x");
    }

    #[test]
    fn joins_paths() {
        assert_eq!(
            join_path("$.Policy", "$.Statement[0]"),
            "$.Policy.Statement[0]"
        );
        assert_eq!(join_path("", "$.Statement"), "$.Statement");
        assert_eq!(join_path("$", "$"), "$");
        for n in [0, 7, 9, 10, 1234, usize::MAX] {
            let mut out = String::from("[");
            push_decimal(&mut out, n);
            assert_eq!(out, format!("[{n}"));
            let mut out = String::from("$");
            push_index(&mut out, n);
            assert_eq!(out, format!("$[{n}]"));
        }
    }
}
