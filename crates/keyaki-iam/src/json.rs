//! `text_to_cst`: a JSON parser that keeps the byte span of every value and key.
//!
//! Policy documents are small, untrusted JSON. serde_json drops positions, and the IAM engine
//! must point every error and finding at a line, column and JSON path, so this module parses
//! RFC 8259 JSON into a tree of [`Json`] values that each carry their [`Loc`]. Depth and size
//! are bounded; every error names the byte where it happened.

use crate::loc::Loc;

/// The deepest nesting accepted. IAM policies nest four or five levels; AWS rejects
/// documents over 10,240 characters (a managed policy), so this bound is generous.
pub(crate) const MAX_DEPTH: usize = 64;
/// The largest document accepted, in bytes.
pub(crate) const MAX_SIZE: usize = 1 << 20;

/// One JSON value with its span.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Json {
    pub loc: Loc,
    pub kind: Kind,
}

/// What a JSON value is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Null,
    Bool(bool),
    /// A number, as written.
    Number(Box<str>),
    String(Box<str>),
    Array(Vec<Json>),
    /// Members in document order; a key's span is that of its string literal.
    Object(Vec<Member>),
}

/// One member of an object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Member {
    pub key: Box<str>,
    pub key_loc: Loc,
    pub value: Json,
}

impl Json {
    /// A short name of the value's type, for messages ("a string", "an array").
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Number(_) => "a number",
            Kind::String(_) => "a string",
            Kind::Array(_) => "an array",
            Kind::Object(_) => "an object",
        }
    }
}

/// A syntax error: what went wrong, at which byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub loc: Loc,
    pub message: String,
}

/// Parses `text` as one JSON value followed only by whitespace.
pub(crate) fn text_to_cst(text: &str) -> Result<Json, SyntaxError> {
    if text.len() > MAX_SIZE {
        return Err(SyntaxError {
            loc: Loc::new(0, 0),
            message: format!(
                "the document is {} bytes, more than the {MAX_SIZE} accepted",
                text.len()
            ),
        });
    }
    let mut p = Parser {
        text: text.as_bytes(),
        src: text,
        pos: 0,
    };
    p.skip_ws();
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos < p.text.len() {
        return Err(p.error_here("unexpected text after the end of the document"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a [u8],
    src: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn error_here(&self, message: impl Into<String>) -> SyntaxError {
        let end = (self.pos + 1).min(self.text.len());
        SyntaxError {
            loc: Loc::new(self.pos, end.max(self.pos)),
            message: message.into(),
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.text.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn value(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.error_here(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        let start = self.pos;
        let kind = match self.peek() {
            None => return Err(self.error_here("unexpected end of the document, expected a value")),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Kind::String(self.string()?.into()),
            Some(b't') => self.literal("true", Kind::Bool(true))?,
            Some(b'f') => self.literal("false", Kind::Bool(false))?,
            Some(b'n') => self.literal("null", Kind::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => {
                let c = self.src[self.pos..].chars().next().unwrap_or('?');
                return Err(
                    self.error_here(format!("unexpected character `{c}`, expected a value"))
                );
            }
        };
        Ok(Json {
            loc: Loc::new(start, self.pos),
            kind,
        })
    }

    fn literal(&mut self, word: &str, kind: Kind) -> Result<Kind, SyntaxError> {
        if self.text[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(kind)
        } else {
            Err(self.error_here(format!("invalid literal, expected `{word}`")))
        }
    }

    fn number(&mut self) -> Result<Kind, SyntaxError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                while let Some(b'0'..=b'9') = self.peek() {
                    self.pos += 1;
                }
            }
            _ => return Err(self.error_here("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error_here("invalid number: expected a digit after `.`"));
            }
            while let Some(b'0'..=b'9') = self.peek() {
                self.pos += 1;
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error_here("invalid number: expected a digit in the exponent"));
            }
            while let Some(b'0'..=b'9') = self.peek() {
                self.pos += 1;
            }
        }
        Ok(Kind::Number(self.src[start..self.pos].into()))
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        // At the opening quote.
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.src[run_start..self.pos]);
            match self.peek() {
                None => return Err(self.error_here("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi) {
                                if self.text[self.pos..].starts_with(b"\\u") {
                                    self.pos += 2;
                                    let lo = self.hex4()?;
                                    if !(0xDC00..0xE000).contains(&lo) {
                                        return Err(self
                                            .error_here("invalid low surrogate in a \\u escape"));
                                    }
                                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                                } else {
                                    None
                                }
                            } else {
                                char::from_u32(hi)
                            };
                            match c {
                                Some(c) => out.push(c),
                                None => {
                                    return Err(
                                        self.error_here("invalid \\u escape (lone surrogate)")
                                    );
                                }
                            }
                            continue;
                        }
                        _ => return Err(self.error_here("invalid escape in a string")),
                    };
                    out.push(c);
                    self.pos += 1;
                }
                Some(_) => return Err(self.error_here("control character in a string (escape it)")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self
            .src
            .get(self.pos..self.pos + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error_here("expected four hex digits in a \\u escape"))?;
        let v = u32::from_str_radix(digits, 16)
            .map_err(|_| self.error_here("expected four hex digits in a \\u escape"))?;
        self.pos += 4;
        Ok(v)
    }

    fn array(&mut self, depth: usize) -> Result<Kind, SyntaxError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Kind::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Kind::Array(items));
                }
                _ => return Err(self.error_here("expected `,` or `]` in an array")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Kind, SyntaxError> {
        self.pos += 1;
        let mut members: Vec<Member> = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Kind::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.error_here("expected a member name (a string) in an object"));
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_loc = Loc::new(key_start, self.pos);
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.error_here("expected `:` after a member name"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            members.push(Member {
                key: key.into(),
                key_loc,
                value,
            });
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Kind::Object(members));
                }
                _ => return Err(self.error_here("expected `,` or `}` in an object")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_spans() {
        let text = r#" {"a": [1, "x\u00e9", true, null], "b": {}} "#;
        let json = text_to_cst(text).unwrap();
        assert_eq!(json.loc, Loc::new(1, text.len() - 1));
        let Kind::Object(members) = &json.kind else {
            panic!("object")
        };
        assert_eq!(&*members[0].key, "a");
        assert_eq!(&text[members[0].key_loc.range()], "\"a\"");
        let Kind::Array(items) = &members[0].value.kind else {
            panic!("array")
        };
        assert_eq!(items[1].kind, Kind::String("xé".into()));
        assert_eq!(&text[items[1].loc.range()], r#""x\u00e9""#);
    }

    #[test]
    fn errors_name_the_byte() {
        for (text, at) in [
            ("{", 1),
            ("{\"a\" 1}", 5),
            ("[1,]", 3),
            ("\"abc", 4),
            ("01", 1),
            ("{} x", 3),
            ("\"\\x\"", 2),
            ("\"\\ud800\"", 7),
        ] {
            let e = text_to_cst(text).unwrap_err();
            assert_eq!(e.loc.start as usize, at, "{text}: {}", e.message);
        }
    }

    #[test]
    fn bounds_depth() {
        let deep = "[".repeat(MAX_DEPTH + 2);
        assert!(text_to_cst(&deep).unwrap_err().message.contains("nested"));
    }

    #[test]
    fn surrogate_pairs() {
        let json = text_to_cst(r#""\ud83d\ude00""#).unwrap();
        assert_eq!(json.kind, Kind::String("😀".into()));
    }
}
