//! One JSON file, parsed just enough to tell what it is, and the typed reading of its parts
//! with errors that point at the exact line, column and JSON path.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::LoadError;
use crate::raw::RawJson;
use crate::resource::{Origin, Resource};
use crate::source::{Place, SourceFile};

/// A JSON file whose top level is an object, with its members left unparsed.
pub(crate) struct Document<'a> {
    pub file: &'a SourceFile,
    top: BTreeMap<String, &'a RawValue>,
}

impl<'a> Document<'a> {
    /// Parses the top level of `file`. Errors if the text is not JSON or not an object.
    pub fn parse(file: &'a SourceFile) -> Result<Self, LoadError> {
        let text: &'a str = &file.text;
        let top: BTreeMap<String, &'a RawValue> = serde_json::from_str(text).map_err(|e| {
            if e.is_syntax() || e.is_eof() {
                LoadError::Syntax {
                    path: file.path.to_path_buf(),
                    line: e.line(),
                    column: e.column(),
                    format: "JSON",
                    message: strip_position(&e.to_string()),
                }
            } else {
                // A JSON value of another type: point at its first character.
                let start = text.len() - text.trim_start().len();
                let (line, column) = LineCounter::new(text).position_of(start);
                LoadError::Shape {
                    path: file.path.to_path_buf(),
                    line,
                    column,
                    json_path: "$".into(),
                    message:
                        "expected a JSON object at the top level (the output of an AWS CLI command)"
                            .into(),
                }
            }
        })?;
        Ok(Self { file, top })
    }

    pub fn place(&self) -> &Place {
        &self.file.place
    }

    pub fn path(&self) -> &Path {
        &self.file.path
    }

    /// The top-level keys.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.top.keys().map(String::as_str)
    }

    /// Whether the top level has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.top.contains_key(key)
    }

    /// Whether the top-level keys are all among `allowed` and `required` is one of them.
    pub fn is(&self, required: &str, allowed: &[&str]) -> bool {
        self.has(required) && self.keys().all(|k| k == required || allowed.contains(&k))
    }

    /// Reads the array under `key` as a list of `T`, every element with its own raw JSON
    /// and origin. Errors of all elements are returned, not just the first.
    pub fn list<T: DeserializeOwned>(&self, key: &str) -> Result<Vec<Resource<T>>, Vec<LoadError>> {
        let Some(raw) = self.top.get(key) else {
            return Ok(Vec::new());
        };
        let items: Vec<&'a RawValue> = serde_json::from_str(raw.get()).map_err(|e| {
            vec![self.shape_error(raw.get(), &e, &format!("$.{key}"), "expected an array")]
        })?;
        let mut resources = Vec::with_capacity(items.len());
        let mut errors = Vec::new();
        let mut lines = LineCounter::new(&self.file.text);
        for (i, item) in items.iter().enumerate() {
            let path = format!("$.{key}[{i}]");
            match self.typed(item, &path, &mut lines) {
                Ok(resource) => resources.push(resource),
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(resources)
        } else {
            Err(errors)
        }
    }

    /// Reads the arrays `inner` inside each element of the array `key`, such as
    /// `Reservations[].Instances[]`: one list per element of `key`, in order.
    pub fn nested<T: DeserializeOwned>(
        &self,
        key: &str,
        inner: &str,
    ) -> Result<Vec<Vec<Resource<T>>>, Vec<LoadError>> {
        let Some(raw) = self.top.get(key) else {
            return Ok(Vec::new());
        };
        let parents: Vec<BTreeMap<String, &'a RawValue>> = serde_json::from_str(raw.get())
            .map_err(|e| {
                vec![self.shape_error(
                    raw.get(),
                    &e,
                    &format!("$.{key}"),
                    "expected an array of objects",
                )]
            })?;
        let mut lines = LineCounter::new(&self.file.text);
        let mut out = Vec::with_capacity(parents.len());
        let mut errors = Vec::new();
        for (i, parent) in parents.iter().enumerate() {
            let mut children = Vec::new();
            if let Some(list) = parent.get(inner) {
                let path = format!("$.{key}[{i}].{inner}");
                match serde_json::from_str::<Vec<&'a RawValue>>(list.get()) {
                    Err(e) => {
                        errors.push(self.shape_error(list.get(), &e, &path, "expected an array"))
                    }
                    Ok(items) => {
                        for (j, item) in items.iter().enumerate() {
                            match self.typed(item, &format!("{path}[{j}]"), &mut lines) {
                                Ok(r) => children.push(r),
                                Err(e) => errors.push(e),
                            }
                        }
                    }
                }
            }
            out.push(children);
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    /// Reads the value under `key` as a `T`.
    pub fn member<T: DeserializeOwned>(&self, key: &str) -> Result<Option<Resource<T>>, LoadError> {
        match self.top.get(key) {
            None => Ok(None),
            Some(raw) => self
                .typed(
                    raw,
                    &format!("$.{key}"),
                    &mut LineCounter::new(&self.file.text),
                )
                .map(Some),
        }
    }

    /// Reads the whole document as a `T`.
    pub fn whole<T: DeserializeOwned>(&self) -> Result<Resource<T>, LoadError> {
        let text: &str = &self.file.text;
        let raw: &RawValue = serde_json::from_str(text)
            .map_err(|e| self.shape_error(text, &e, "$", "expected an object"))?;
        self.typed(raw, "$", &mut LineCounter::new(text))
    }

    /// Reads the JSON string under `key` as the JSON document it holds, as AWS returns
    /// policies (`{"Policy": "{\"Version\": ...}"}`). The resource's raw JSON is the
    /// embedded document.
    pub fn embedded<T: DeserializeOwned>(
        &self,
        key: &str,
    ) -> Result<Option<Resource<T>>, LoadError> {
        let Some(raw) = self.top.get(key) else {
            return Ok(None);
        };
        let path = format!("$.{key}");
        let text: String = serde_json::from_str(raw.get()).map_err(|e| {
            self.shape_error(
                raw.get(),
                &e,
                &path,
                "expected a string holding a JSON document",
            )
        })?;
        let origin_line = LineCounter::new(&self.file.text).line_of(self.offset_of(raw));
        let mut de = serde_json::Deserializer::from_str(&text);
        // The whole string must be the document: text after it is an error too.
        let value: T = serde_path_to_error::deserialize(&mut de)
            .map_err(|e| (e.path().to_string(), e.into_inner()))
            .and_then(|value| de.end().map(|()| value).map_err(|e| (String::new(), e)))
            .map_err(|(inner_path, inner)| LoadError::Shape {
                path: self.file.path.to_path_buf(),
                line: origin_line,
                column: 1,
                json_path: format!("{path} (embedded document){}", suffix(&inner_path)),
                message: format!(
                    "{} (at {}:{} of the embedded document)",
                    strip_position(&inner.to_string()),
                    inner.line(),
                    inner.column()
                ),
            })?;
        let origin = Origin {
            file: Arc::clone(&self.file.path),
            json_path: path.into(),
            line: origin_line,
        };
        Ok(Some(Resource {
            data: value,
            raw: RawJson::from_string(text),
            origin,
        }))
    }

    fn offset_of(&self, raw: &RawValue) -> usize {
        // `raw` borrows from the file text, so its address says where it starts.
        (raw.get().as_ptr() as usize).saturating_sub(self.file.text.as_ptr() as usize)
    }

    fn typed<T: DeserializeOwned>(
        &self,
        raw: &RawValue,
        path: &str,
        lines: &mut LineCounter<'_>,
    ) -> Result<Resource<T>, LoadError> {
        let start = self.offset_of(raw);
        // Parse without path tracking first: almost every element is well formed, and the
        // tracking costs a fifth of the parse. Only a failure is parsed again to find its path.
        let parsed = serde_json::from_str::<T>(raw.get()).map_err(|plain| {
            let mut de = serde_json::Deserializer::from_str(raw.get());
            match serde_path_to_error::deserialize::<_, T>(&mut de) {
                Err(e) => (e.path().to_string(), e.into_inner()),
                // serde_json is deterministic, so this cannot happen; keep the first error.
                Ok(_) => (String::new(), plain),
            }
        });
        match parsed {
            Ok(data) => {
                let range = start..start + raw.get().len();
                let origin = Origin {
                    file: Arc::clone(&self.file.path),
                    json_path: path.into(),
                    line: lines.line_of(start),
                };
                Ok(Resource {
                    data,
                    raw: RawJson::new(Arc::clone(&self.file.text), range),
                    origin,
                })
            }
            Err((inner_path, inner)) => Err(self.shape_error(
                raw.get(),
                &inner,
                &format!("{path}{}", suffix(&inner_path)),
                "",
            )),
        }
    }

    /// An error inside `fragment` (a slice of the file text), placed in the whole file.
    fn shape_error(
        &self,
        fragment: &str,
        e: &serde_json::Error,
        json_path: &str,
        expected: &str,
    ) -> LoadError {
        let start = (fragment.as_ptr() as usize).saturating_sub(self.file.text.as_ptr() as usize);
        let (base_line, base_column) = LineCounter::new(&self.file.text).position_of(start);
        let (line, column) = if e.line() <= 1 {
            (base_line, base_column + e.column().saturating_sub(1))
        } else {
            (base_line + e.line() - 1, e.column())
        };
        let detail = strip_position(&e.to_string());
        let message = if expected.is_empty() {
            detail
        } else {
            format!("{expected}: {detail}")
        };
        LoadError::Shape {
            path: self.file.path.to_path_buf(),
            line,
            column,
            json_path: json_path.to_owned(),
            message,
        }
    }
}

/// `serde_path_to_error` writes `.` for the root; a nested path is appended as `.A.B[0]`.
fn suffix(inner: &str) -> String {
    match inner {
        "" | "." => String::new(),
        p if p.starts_with('[') => p.to_owned(),
        p => format!(".{p}"),
    }
}

/// serde_json appends " at line L column C" to its messages; the error already carries the
/// position, so drop it.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Turns byte offsets into 1-based lines and columns, scanning forward only, so that
/// numbering the items of a large array in order costs one pass over the file.
pub(crate) struct LineCounter<'t> {
    text: &'t str,
    offset: usize,
    line: usize,
    line_start: usize,
}

impl<'t> LineCounter<'t> {
    pub fn new(text: &'t str) -> Self {
        Self {
            text,
            offset: 0,
            line: 1,
            line_start: 0,
        }
    }

    pub fn position_of(&mut self, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        let end = offset.min(self.text.len());
        let column = self
            .text
            .get(self.line_start..end)
            .map_or(0, |t| t.chars().count())
            + 1;
        (line, column)
    }

    pub fn line_of(&mut self, offset: usize) -> usize {
        if offset < self.offset {
            *self = Self::new(self.text);
        }
        let end = offset.min(self.text.len());
        let skipped = &self.text.as_bytes()[self.offset..end];
        // Counting with a plain filter lets the compiler vectorise the loop.
        let newlines = skipped.iter().filter(|&&b| b == b'\n').count();
        if newlines > 0 {
            self.line += newlines;
            let last = skipped.iter().rposition(|&b| b == b'\n').unwrap_or(0);
            self.line_start = self.offset + last + 1;
        }
        self.offset = end;
        self.line
    }
}
