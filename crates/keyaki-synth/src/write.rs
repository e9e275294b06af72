//! Writing JSON documents: buffered, counted, pretty as the AWS CLI prints them, and split into
//! pages when a list is long.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::Error;

/// One file to write; returns the bytes written.
pub(crate) type Job<'a> = Box<dyn FnOnce() -> Result<u64, Error> + Send + 'a>;

/// Where and how documents are written.
#[derive(Debug, Clone)]
pub(crate) struct Sink {
    root: PathBuf,
    pretty: bool,
    page_size: usize,
}

impl Sink {
    pub(crate) fn new(root: &Path, pretty: bool, page_size: usize) -> Self {
        Self {
            root: root.to_path_buf(),
            pretty,
            page_size,
        }
    }

    pub(crate) fn page_size(&self) -> usize {
        self.page_size
    }

    /// Writes `value` as one JSON document followed by a newline to `rel` under the root,
    /// creating folders as needed. Returns the bytes written.
    pub(crate) fn write<T: Serialize + ?Sized>(&self, rel: &Path, value: &T) -> Result<u64, Error> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let file = File::create(&path).map_err(|e| Error::io(&path, e))?;
        let mut out = Counting {
            inner: BufWriter::with_capacity(1 << 17, file),
            bytes: 0,
        };
        let result = if self.pretty {
            let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
            let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
            value.serialize(&mut ser)
        } else {
            value.serialize(&mut serde_json::Serializer::new(&mut out))
        };
        result.map_err(|e| Error::io(&path, io::Error::from(e)))?;
        out.write_all(b"\n").map_err(|e| Error::io(&path, e))?;
        out.flush().map_err(|e| Error::io(&path, e))?;
        Ok(out.bytes)
    }
}

struct Counting<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.inner.write_all(buf)?;
        self.bytes += buf.len() as u64;
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Splits `len` items into pages of at most `page_size`; an empty list is one empty page,
/// as the CLI prints `{"Key": []}` when nothing matches.
pub(crate) fn pages(len: usize, page_size: usize) -> Vec<Range<usize>> {
    (0..len.div_ceil(page_size).max(1))
        .map(|p| p * page_size..((p + 1) * page_size).min(len))
        .collect()
}

/// `stem.json` for a single page, `stem.<n>.json` (from 1) when there are several.
pub(crate) fn page_name(stem: &str, page: usize, pages: usize) -> String {
    if pages <= 1 {
        format!("{stem}.json")
    } else {
        format!("{stem}.{}.json", page + 1)
    }
}

/// A document with one key: `{"<key>": <value>}`.
pub(crate) struct Keyed<'a, T: ?Sized>(pub &'static str, pub &'a T);

impl<T: Serialize + ?Sized> Serialize for Keyed<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.0, self.1)?;
        map.end()
    }
}

/// A list rendered item by item while it is written, so a long output is never held whole.
pub(crate) struct Rendered<'a, T, F>(pub &'a [T], pub F);

impl<T, O, F> Serialize for Rendered<'_, T, F>
where
    F: Fn(&T) -> O,
    O: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(&self.1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_into_pages() {
        assert_eq!(pages(0, 3), vec![0..0]);
        assert_eq!(pages(3, 3), vec![0..3]);
        assert_eq!(pages(7, 3), vec![0..3, 3..6, 6..7]);
        assert_eq!(page_name("describe-vpcs", 0, 1), "describe-vpcs.json");
        assert_eq!(page_name("describe-vpcs", 1, 2), "describe-vpcs.2.json");
    }

    #[test]
    fn writes_pretty_documents_with_a_newline() {
        let dir = tempfile::tempdir().unwrap();
        let sink = Sink::new(dir.path(), true, 10);
        let items = [1, 2];
        let doc = Keyed("Items", &Rendered(&items, |i: &i32| i * 10));
        let bytes = sink.write(Path::new("a/b.json"), &doc).unwrap();
        let text = fs::read_to_string(dir.path().join("a/b.json")).unwrap();
        assert_eq!(
            text,
            "{\n    \"Items\": [\n        10,\n        20\n    ]\n}\n"
        );
        assert_eq!(bytes, text.len() as u64);
    }
}
