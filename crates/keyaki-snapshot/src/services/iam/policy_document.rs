//! Policy documents as AWS outputs carry them, kept as text for the policy engines to parse.
//!
//! A policy document reaches a snapshot in one of three forms:
//! - a JSON object, as the AWS CLI prints IAM policies (it URL-decodes them);
//! - a URL-encoded string (`"%7B%22Version%22..."`), as the IAM API returns them
//!   ([GetAccountAuthorizationDetails](https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html):
//!   "Policies returned by this operation are URL-encoded compliant with RFC 3986");
//! - a string holding the JSON text, as AWS Organizations returns a policy's `Content`.
//!
//! [`PolicyDocument`] holds the document's JSON text in all three cases, with its origin
//! (file, JSON path and line). It does not parse statements: that is the IAM engine's work,
//! which needs the exact text to point at the bytes of a statement.

use std::path::Path;
use std::sync::Arc;

use percent_encoding::percent_decode_str;
use serde::de::{self, Deserializer, IgnoredAny};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::raw::RawJson;
use crate::resource::Origin;
use crate::source::SourceFile;

/// How a policy document was written in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DocumentForm {
    /// A JSON object, as the AWS CLI prints IAM policies.
    Object,
    /// A string holding the JSON text, such as an AWS Organizations policy's `Content`.
    JsonString,
    /// A URL-encoded string holding the JSON text, as the IAM API returns policies.
    UrlEncoded,
}

/// One policy document: its JSON text and where it was read.
#[derive(Clone)]
pub struct PolicyDocument {
    json: RawJson,
    form: DocumentForm,
    origin: Origin,
    /// Where the document's text starts in its file, when the file holds it verbatim.
    offset: Option<usize>,
    /// While loading: the address and length of the value in the text it was read from,
    /// which [`Placer`] turns into a position in the file.
    source: Option<(usize, usize)>,
}

impl PolicyDocument {
    /// A document read from elsewhere than a snapshot file (a policy given on the command
    /// line, a test). Errors if `json` is not a JSON object.
    pub fn from_json(
        json: impl Into<String>,
        origin: Origin,
    ) -> Result<Self, InvalidPolicyDocument> {
        let json = json.into();
        check_object(&json).map_err(InvalidPolicyDocument)?;
        Ok(Self {
            json: RawJson::from_string(json),
            form: DocumentForm::Object,
            origin,
            offset: None,
            source: None,
        })
    }

    /// The document's JSON text, decoded if it was URL-encoded or held in a string.
    pub fn json(&self) -> &str {
        self.json.get()
    }

    /// The document's JSON text as a [`RawJson`].
    pub fn raw(&self) -> &RawJson {
        &self.json
    }

    /// How the document was written in its file.
    pub fn form(&self) -> DocumentForm {
        self.form
    }

    /// Where the document was read: the file, the JSON path of the value holding it (such as
    /// `$.RoleDetailList[3].RolePolicyList[0].PolicyDocument`), and its line.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The byte offset in [`Origin::file`] where [`PolicyDocument::json`] starts, when the
    /// file holds the text verbatim ([`DocumentForm::Object`]): a span in the document plus
    /// this offset is a span in the file.
    pub fn file_offset(&self) -> Option<usize> {
        self.offset
    }

    /// Parses the text into a [`serde_json::Value`].
    pub fn to_value(&self) -> serde_json::Result<serde_json::Value> {
        self.json.to_value()
    }

    /// Reads the JSON text of a value (an object, or a string holding an object).
    fn from_value_text(text: &str) -> Result<Self, String> {
        let source = Some((text.as_ptr() as usize, text.len()));
        let placeholder = Origin {
            file: Arc::from(Path::new("")),
            json_path: "$".into(),
            line: 1,
        };
        match text.as_bytes().first() {
            Some(b'{') => Ok(Self {
                json: RawJson::from_string(text.to_owned()),
                form: DocumentForm::Object,
                origin: placeholder,
                offset: None,
                source,
            }),
            Some(b'"') => {
                let string: String = serde_json::from_str(text).map_err(|e| e.to_string())?;
                let (json, form) = if string.trim_start().starts_with('{') {
                    (string, DocumentForm::JsonString)
                } else {
                    // RFC 3986 percent-encoding: `+` stands for itself, not for a space.
                    let decoded = percent_decode_str(&string).decode_utf8().map_err(|_| {
                        "the URL-decoded policy document is not UTF-8 text".to_owned()
                    })?;
                    (decoded.into_owned(), DocumentForm::UrlEncoded)
                };
                check_object(&json).map_err(|e| {
                    let what = match form {
                        DocumentForm::UrlEncoded => "the URL-decoded policy document",
                        _ => "the policy document in this string",
                    };
                    format!("{what} is not a JSON object: {e}")
                })?;
                Ok(Self {
                    json: RawJson::from_string(json),
                    form,
                    origin: placeholder,
                    offset: None,
                    source,
                })
            }
            _ => Err(format!(
                "invalid type: {}, expected a policy document (a JSON object, or a string holding one)",
                describe(text)
            )),
        }
    }
}

/// Text that is not a JSON object.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a JSON object: {0}")]
pub struct InvalidPolicyDocument(String);

/// Errors unless `json` is one JSON object, saying why.
fn check_object(json: &str) -> Result<(), String> {
    if !json.trim_start().starts_with('{') {
        return Err("it does not start with `{`".into());
    }
    serde_json::from_str::<IgnoredAny>(json)
        .map(|_| ())
        .map_err(|e| {
            format!(
                "{} at {}:{} of the document",
                strip_position(&e.to_string()),
                e.line(),
                e.column()
            )
        })
}

fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |i| &message[..i])
}

fn describe(text: &str) -> String {
    match text.as_bytes().first() {
        Some(b'[') => "an array".into(),
        Some(b'n') => "null".into(),
        Some(b't' | b'f') => format!("boolean `{text}`"),
        _ => format!("number `{text}`"),
    }
}

impl std::fmt::Debug for PolicyDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PolicyDocument")
            .field("origin", &format_args!("{}", self.origin))
            .field("form", &self.form)
            .field("json", &self.json)
            .finish()
    }
}

impl PartialEq for PolicyDocument {
    /// Documents are equal when their texts are.
    fn eq(&self, other: &Self) -> bool {
        self.json() == other.json()
    }
}

impl Serialize for PolicyDocument {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(s)
    }
}

/// Reads a JSON object or a string holding one (URL-encoded or not). The input must be
/// text that serde_json can borrow from (`serde_json::from_str`), as the snapshot's are.
impl<'de> Deserialize<'de> for PolicyDocument {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw: &'de RawValue = Deserialize::deserialize(d)?;
        PolicyDocument::from_value_text(raw.get()).map_err(de::Error::custom)
    }
}

/// Places the policy documents read from one file: their origin, and for documents the
/// file holds verbatim, their text as a slice of the file's shared text.
pub(crate) struct Placer<'f> {
    file: &'f SourceFile,
    /// Byte offsets where each line starts.
    line_starts: Vec<usize>,
}

impl<'f> Placer<'f> {
    pub fn new(file: &'f SourceFile) -> Self {
        let text = file.text.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(
            text.iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Self { file, line_starts }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    /// Gives `doc` its origin: `json_path` in this file. `fallback_line` is used when the
    /// document was not read from this file's text.
    pub fn place(&self, doc: &mut PolicyDocument, json_path: String, fallback_line: usize) {
        let text: &str = &self.file.text;
        let mut line = fallback_line;
        if let Some((address, len)) = doc.source.take() {
            let start = address.wrapping_sub(text.as_ptr() as usize);
            if let Some(slice) = start.checked_add(len).and_then(|end| text.get(start..end)) {
                match doc.form {
                    DocumentForm::Object if slice == doc.json.get() => {
                        line = self.line_of(start);
                        doc.json = RawJson::new(Arc::clone(&self.file.text), start..start + len);
                        doc.offset = Some(start);
                    }
                    DocumentForm::JsonString | DocumentForm::UrlEncoded
                        if slice.starts_with('"') =>
                    {
                        line = self.line_of(start);
                    }
                    _ => {}
                }
            }
        }
        doc.origin = Origin {
            file: Arc::clone(&self.file.path),
            json_path: json_path.into(),
            line,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<PolicyDocument, String> {
        serde_json::from_str::<PolicyDocument>(json).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_the_three_forms() {
        let object = read(r#"{"Version": "2012-10-17", "Statement": []}"#).unwrap();
        assert_eq!(object.form(), DocumentForm::Object);
        assert_eq!(
            object.json(),
            r#"{"Version": "2012-10-17", "Statement": []}"#
        );

        // As the IAM API returns it: RFC 3986 percent-encoding.
        let encoded = read(
            r#""%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Aexample-bucket%2F%2A%22%7D%5D%7D""#,
        )
        .unwrap();
        assert_eq!(encoded.form(), DocumentForm::UrlEncoded);
        assert_eq!(
            encoded.json(),
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::example-bucket/*"}]}"#
        );

        // As AWS Organizations returns a policy's Content; a `%` in it is not an escape.
        let string =
            read(r#""{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"100%\"}}""#).unwrap();
        assert_eq!(string.form(), DocumentForm::JsonString);
        assert_eq!(
            string.json(),
            r#"{"Version":"2012-10-17","Statement":{"Sid":"100%"}}"#
        );
    }

    #[test]
    fn plus_is_not_a_space() {
        let doc = read(r#""%7B%22Sid%22%3A%22a+b%22%7D""#).unwrap();
        assert_eq!(doc.json(), r#"{"Sid":"a+b"}"#);
    }

    #[test]
    fn rejects_what_is_not_a_document() {
        insta::assert_snapshot!(read("42").unwrap_err(), @"invalid type: number `42`, expected a policy document (a JSON object, or a string holding one)");
        insta::assert_snapshot!(read("[]").unwrap_err(), @"invalid type: an array, expected a policy document (a JSON object, or a string holding one)");
        insta::assert_snapshot!(read(r#""%7B%22Version%22""#).unwrap_err(), @"the URL-decoded policy document is not a JSON object: EOF while parsing an object at 1:10 of the document");
        insta::assert_snapshot!(read(r#""%7B%22Version%22%3A""#).unwrap_err(), @"the URL-decoded policy document is not a JSON object: EOF while parsing a value at 1:11 of the document");
        insta::assert_snapshot!(read(r#""%FF""#).unwrap_err(), @"the URL-decoded policy document is not UTF-8 text");
        insta::assert_snapshot!(read(r#""%5B%5D""#).unwrap_err(), @"the URL-decoded policy document is not a JSON object: it does not start with `{`");
    }

    #[test]
    fn from_json_checks_the_text() {
        let origin = Origin {
            file: Arc::from(Path::new("policy.json")),
            json_path: "$".into(),
            line: 1,
        };
        assert!(PolicyDocument::from_json("{}", origin.clone()).is_ok());
        assert!(PolicyDocument::from_json("{", origin.clone()).is_err());
        assert!(PolicyDocument::from_json("[]", origin).is_err());
    }
}
