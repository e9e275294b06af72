//! `text_to_cst`: a JSON parser that keeps the byte span of every value and key.
//!
//! Policy documents are small, untrusted JSON. serde_json drops positions, and the IAM engine
//! must point every error and finding at a line, column and JSON path, so this module parses
//! RFC 8259 JSON into a tree of [`Json`] values that each carry their [`Loc`]. Depth and size
//! are bounded; every error names the byte where it happened.
//!
//! The tree lives in an arena the caller passes ([`Arena`]): a simulate request parses a few
//! dozen objects and arrays, and allocating and freeing each was a tenth of its cost. In the
//! arena the tree is a few contiguous blocks, freed at once, and a value is `Copy`.

use std::fmt::Write as _;

use crate::loc::Loc;

/// Where a tree's arrays, objects and unescaped strings are kept.
pub(crate) type Arena = bumpalo::Bump;

/// An arena sized for the tree of `text` and the parser's stacks (most documents then need
/// one block: the tree of a compact simulate request is 1.5 to 3.1 times its text).
pub(crate) fn arena_for(text: &str) -> Arena {
    Arena::with_capacity(text.len().saturating_mul(4).clamp(256, 1 << 16) + STACKS_BYTES)
}

/// The items and members the parser's stacks first have room for: enough for most policies.
const STACK_ROOM: usize = 16;
/// The arena room of the stacks at first.
const STACKS_BYTES: usize =
    STACK_ROOM * (std::mem::size_of::<Json<'_>>() + std::mem::size_of::<Member<'_>>());

/// The deepest nesting accepted. IAM policies nest four or five levels; AWS rejects
/// documents over 10,240 characters (a managed policy), so this bound is generous.
pub(crate) const MAX_DEPTH: usize = 64;
/// The largest document accepted, in bytes.
pub(crate) const MAX_SIZE: usize = 1 << 20;

/// One JSON value with its span.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Json<'a> {
    pub loc: Loc,
    pub kind: Kind<'a>,
}

/// What a JSON value is.
#[derive(Debug, Clone, Copy, PartialEq)]
/// Strings borrow the document's text unless they hold escapes (then the arena's copy).
// With the C layout every payload starts at byte 8 (a bool's too, not at byte 1), so a
// value is copied as a tag and two words rather than byte by byte around the bool: 2% of a
// parse. The size (24 bytes) and the niche that keeps `Result<Json, _>` at 32 are the same.
#[repr(C)]
pub(crate) enum Kind<'a> {
    Null,
    Bool(bool),
    /// A number, as written.
    Number(&'a str),
    String(&'a str),
    Array(&'a [Json<'a>]),
    /// Members in document order; a key's span is that of its string literal.
    Object(&'a [Member<'a>]),
}

/// One member of an object.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Member<'a> {
    pub key: &'a str,
    pub key_loc: Loc,
    pub value: Json<'a>,
}

impl Json<'_> {
    /// A `null` at the start: what a stack's room holds before it is used.
    const NULL: Json<'static> = Json {
        loc: Loc { start: 0, end: 0 },
        kind: Kind::Null,
    };

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

/// Parses `text` as one JSON value followed only by whitespace, its tree in `arena`.
pub(crate) fn text_to_cst<'a>(text: &'a str, arena: &'a Arena) -> Result<Json<'a>, SyntaxError> {
    text_to_cst_counting_lines(text, arena).map(|(json, _)| json)
}

/// [`text_to_cst`], and how many line feeds the text has (JSON allows them only between
/// tokens, where the parser sees them anyway: a text known to be one line needs no search for
/// them when a position is shown).
pub(crate) fn text_to_cst_counting_lines<'a>(
    text: &'a str,
    arena: &'a Arena,
) -> Result<(Json<'a>, usize), SyntaxError> {
    text_to_cst_with_shape(text, arena).map(|(json, shape)| (json, shape.newlines))
}

/// What the parser learns of a text's lines and characters on the way, so that showing a
/// position needs no pass over the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shape {
    /// The line feeds of the text.
    pub newlines: usize,
    /// Whether the text is ASCII (a column is then a difference of offsets). Outside strings
    /// a JSON text is ASCII (any other byte is a syntax error), and the string scan stops at
    /// a non-ASCII byte at no cost ([`string_run`]): the first position shown in a simulate
    /// request spent ~300 instructions in `is_ascii` over the input.
    pub ascii: bool,
}

/// [`text_to_cst`], and the text's [`Shape`].
pub(crate) fn text_to_cst_with_shape<'a>(
    text: &'a str,
    arena: &'a Arena,
) -> Result<(Json<'a>, Shape), SyntaxError> {
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
        src: text,
        pos: 0,
        newlines: 0,
        non_ascii: false,
        arena,
        values: Stack::new(arena, STACK_ROOM, Json::NULL),
        members: Stack::new(
            arena,
            STACK_ROOM,
            Member {
                key: "",
                key_loc: Loc { start: 0, end: 0 },
                value: Json::NULL,
            },
        ),
    };
    p.skip_ws();
    let value = p.value(0).map_err(|e| *e)?;
    p.skip_ws();
    if p.pos < p.src.len() {
        return Err(*p.error_here("unexpected text after the end of the document"));
    }
    let shape = Shape {
        newlines: p.newlines,
        ascii: !p.non_ascii,
    };
    Ok((value, shape))
}

/// The JSON path (`$.Statement[0].Action`) of the value of `text` that starts at byte
/// `offset`, or of the value of the member whose key starts there; `None` when no value or
/// key starts there (or the text is not JSON). Paths are worked out when asked, so that
/// parsing a policy builds none.
pub(crate) fn path_at(text: &str, offset: usize) -> Option<String> {
    let arena = Arena::new();
    let mut p = Parser {
        src: text,
        pos: 0,
        newlines: 0,
        non_ascii: false,
        arena: &arena,
        values: Stack::default(),
        members: Stack::default(),
    };
    let mut out = String::with_capacity(32);
    out.push('$');
    p.skip_ws();
    match p.seek(offset, &mut out, 0) {
        Ok(true) => Some(out),
        _ => None,
    }
}

/// The length of the run of `bytes` before the first `"`, `\\`, control character or non-ASCII
/// byte (all of `bytes` when there is none). Policy strings are short and parsing is most of a simulate
/// request's cost, so the bytes are tested eight at a time, with the "has a zero byte" and
/// "has a byte less than n" tests of
/// <https://graphics.stanford.edu/~seander/bithacks.html#ZeroInWord>: a byte is flagged when
/// it equals `\\`, or when it is below 0x21 with bit 1 flipped, which only `"` (0x22 becomes
/// 0x20) and the control characters are (two tests, not three). A byte with its high bit set
/// is flagged too (`| x` where those tests clear it with `& !x`: no instruction more), so a
/// run stops at non-ASCII text, which [`Parser::other_string`] reads on and which tells that
/// the text is not ASCII ([`Shape::ascii`]). A borrow, which only a flagged byte below 0x80
/// makes, can flag a byte above a flagged one, never one below it, so the lowest flag is
/// exact.
fn string_run(bytes: &[u8]) -> usize {
    use crate::words::{HIGHS, ONES, first_flagged, word_at};
    let mut i = 0;
    while let Some(x) = word_at(bytes, i) {
        let quote_or_control = (x ^ (ONES * 0x02)).wrapping_sub(ONES * 0x21);
        let backslash = (x ^ (ONES * u64::from(b'\\'))).wrapping_sub(ONES);
        let flags = (quote_or_control | backslash | x) & HIGHS;
        if flags != 0 {
            return i + first_flagged(flags);
        }
        i += 8;
    }
    i + bytes[i..]
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || !(0x20..0x80).contains(&b))
        .unwrap_or(bytes.len() - i)
}

/// A syntax error inside the parser: boxed, so that every `Result` the parser returns stays
/// small enough for registers (errors are rare; values are not).
type Fail = Box<SyntaxError>;

struct Parser<'a> {
    /// The text; its bytes are read through [`Parser::bytes`], so that the compiler sees
    /// that a byte tested there is the byte a slice of `src` starts or ends at (and drops the
    /// check that the slice is cut between characters).
    src: &'a str,
    pos: usize,
    /// The line feeds skipped so far.
    newlines: usize,
    /// Whether a string read so far has a non-ASCII byte.
    non_ascii: bool,
    arena: &'a Arena,
    /// The items of the arrays being read, innermost last: an array's are copied to the
    /// arena, as one slice, when it ends.
    values: Stack<'a, Json<'a>>,
    /// The same for the members of objects.
    members: Stack<'a, Member<'a>>,
}

/// A stack whose room is in the arena: the parser's two stacks were two allocations (and
/// frees) per document, a twentieth of a simulate request's. When full, it moves to twice
/// the room, also in the arena (the old room is freed with the arena).
struct Stack<'a, T> {
    room: &'a mut [T],
    len: usize,
}

impl<T> Default for Stack<'_, T> {
    fn default() -> Self {
        Stack {
            room: &mut [],
            len: 0,
        }
    }
}

impl<'a, T: Copy> Stack<'a, T> {
    /// A stack with room for `n` items (`fill` is what the room holds until then).
    fn new(arena: &'a Arena, n: usize, fill: T) -> Self {
        Stack {
            room: arena.alloc_slice_fill_copy(n, fill),
            len: 0,
        }
    }

    fn len(&self) -> usize {
        self.len
    }

    // Inlined where items and members are read, the move to more room kept out of line (as
    // `Vec::push` does): a call per item was 900 more instructions per simulate request.
    #[inline]
    fn push(&mut self, arena: &'a Arena, item: T) {
        match self.room.get_mut(self.len) {
            Some(slot) => *slot = item,
            None => self.grow(arena, item),
        }
        self.len += 1;
    }

    /// Moves to twice the room, `item` next.
    #[cold]
    #[inline(never)]
    fn grow(&mut self, arena: &'a Arena, item: T) {
        let room = arena.alloc_slice_fill_copy((2 * self.len).max(STACK_ROOM), item);
        room[..self.len].copy_from_slice(&self.room[..self.len]);
        self.room = room;
    }

    /// Copies the items from `mark` on to the arena, as one slice, and takes them off.
    fn pop_to_arena(&mut self, arena: &'a Arena, mark: usize) -> &'a [T] {
        let items = arena.alloc_slice_copy(&self.room[mark..self.len]);
        self.len = mark;
        items
    }
}

impl<'a> Parser<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.src.as_bytes()
    }

    /// The span from `start` to the cursor. Documents are at most [`MAX_SIZE`] bytes, so
    /// offsets fit in a `u32` as they are.
    fn span(&self, start: usize) -> Loc {
        debug_assert!(u32::try_from(self.pos).is_ok());
        Loc {
            start: start as u32,
            end: self.pos as u32,
        }
    }

    #[cold]
    fn error_here(&self, message: impl Into<String>) -> Fail {
        let end = (self.pos + 1).min(self.bytes().len());
        Box::new(SyntaxError {
            loc: Loc::new(self.pos, end.max(self.pos)),
            message: message.into(),
        })
    }

    fn skip_ws(&mut self) {
        while let Some(&b) = self.bytes().get(self.pos) {
            match b {
                b' ' | b'\t' | b'\r' => {}
                b'\n' => self.newlines += 1,
                _ => return,
            }
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    /// The byte at the cursor, 0 at the end of the text: where a token is expected a NUL is
    /// as wrong as the end, so the hot paths test one byte, and only the errors tell the two
    /// apart.
    #[inline(always)]
    fn byte(&self) -> u8 {
        self.bytes().get(self.pos).copied().unwrap_or(0)
    }

    /// Skips whitespace and returns [`Parser::byte`]. Policies are mostly written with no
    /// whitespace between tokens, so the first byte is tested before any loop.
    #[inline(always)]
    fn token(&mut self) -> u8 {
        let b = self.byte();
        if b > b' ' {
            return b;
        }
        self.skip_ws();
        self.byte()
    }

    /// Whether [`Parser::token`] is `want`, the byte being compared first (a token mostly
    /// follows the last one with no whitespace, and is mostly the one expected).
    #[inline(always)]
    fn at(&mut self, want: u8) -> bool {
        self.byte() == want || self.token() == want
    }

    fn value(&mut self, depth: usize) -> Result<Json<'a>, Fail> {
        self.nested(depth)
    }

    /// The value at the cursor, `depth` levels down. Inlined where items and members are read,
    /// so that the value is built where it is stored: an array or object is returned as its
    /// slice (two words, in registers), where a whole `Json` returned by a call came back
    /// through memory, written in parts and read back at once — a stall on the store
    /// forwarding that was the most sampled instruction of the parser.
    #[inline(always)]
    fn nested(&mut self, depth: usize) -> Result<Json<'a>, Fail> {
        if depth > MAX_DEPTH {
            return Err(self.error_here(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        let start = self.pos;
        let kind = match self.byte() {
            b'{' => Kind::Object(self.object(depth)?),
            b'[' => Kind::Array(self.array(depth)?),
            b'"' => Kind::String(self.string()?),
            _ => self.scalar()?,
        };
        Ok(Json {
            loc: self.span(start),
            kind,
        })
    }

    /// A literal or a number at the cursor (rare in policies: out of line).
    #[inline(never)]
    fn scalar(&mut self) -> Result<Kind<'a>, Fail> {
        match self.byte() {
            b't' => self.literal("true", Kind::Bool(true)),
            b'f' => self.literal("false", Kind::Bool(false)),
            b'n' => self.literal("null", Kind::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(self.not_a_value()),
        }
    }

    #[cold]
    fn not_a_value(&self) -> Fail {
        match self.src[self.pos..].chars().next() {
            None => self.error_here("unexpected end of the document, expected a value"),
            Some(c) => self.error_here(format!("unexpected character `{c}`, expected a value")),
        }
    }

    /// Walks the value at the cursor looking for `target`: `true`, with its path in `out`,
    /// when the value or something inside it starts there.
    fn seek(&mut self, target: usize, out: &mut String, depth: usize) -> Result<bool, Fail> {
        if self.pos == target {
            return Ok(true);
        }
        if depth > MAX_DEPTH || self.pos > target {
            return Err(self.error_here("not found"));
        }
        match self.peek() {
            Some(b'{') => {
                self.pos += 1;
                self.skip_ws();
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                    return Ok(false);
                }
                loop {
                    self.skip_ws();
                    let key_start = self.pos;
                    if self.peek() != Some(b'"') {
                        return Err(self.error_here("expected a member name"));
                    }
                    let key = self.string()?;
                    let len = out.len();
                    out.push('.');
                    out.push_str(key);
                    if key_start == target {
                        return Ok(true);
                    }
                    self.skip_ws();
                    if self.peek() != Some(b':') {
                        return Err(self.error_here("expected `:`"));
                    }
                    self.pos += 1;
                    self.skip_ws();
                    if self.seek(target, out, depth + 1)? {
                        return Ok(true);
                    }
                    out.truncate(len);
                    self.skip_ws();
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b'}') => {
                            self.pos += 1;
                            return Ok(false);
                        }
                        _ => return Err(self.error_here("expected `,` or `}`")),
                    }
                }
            }
            Some(b'[') => {
                self.pos += 1;
                self.skip_ws();
                if self.peek() == Some(b']') {
                    self.pos += 1;
                    return Ok(false);
                }
                let mut index = 0usize;
                loop {
                    self.skip_ws();
                    let len = out.len();
                    let _ = write!(out, "[{index}]");
                    if self.seek(target, out, depth + 1)? {
                        return Ok(true);
                    }
                    out.truncate(len);
                    index += 1;
                    self.skip_ws();
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(false);
                        }
                        _ => return Err(self.error_here("expected `,` or `]`")),
                    }
                }
            }
            _ => {
                self.value(depth)?;
                Ok(false)
            }
        }
    }

    fn literal(&mut self, word: &str, kind: Kind<'a>) -> Result<Kind<'a>, Fail> {
        if self.bytes()[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(kind)
        } else {
            Err(self.error_here(format!("invalid literal, expected `{word}`")))
        }
    }

    fn number(&mut self) -> Result<Kind<'a>, Fail> {
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
        Ok(Kind::Number(&self.src[start..self.pos]))
    }

    /// A string at the cursor (its opening quote). Inlined where strings are read: most
    /// strings are a run of plain bytes, and the call and its returned `Result` cost more
    /// than reading them (4% of a simulate request).
    #[inline(always)]
    fn string(&mut self) -> Result<&'a str, Fail> {
        let start = self.pos + 1;
        let end = start + string_run(&self.bytes()[start..]);
        // `get`, not indexing: it cannot fail here (a quote is either side), and then no
        // panic is set up on this path.
        if self.bytes().get(end) == Some(&b'"')
            && let Some(text) = self.src.get(start..end)
        {
            self.pos = end + 1;
            return Ok(text);
        }
        self.other_string(start, end)
    }

    /// The rest of [`Parser::string`]: a string with non-ASCII text (its runs stop at each
    /// non-ASCII byte), escapes (decoded into the arena), or an error.
    #[cold]
    #[inline(never)]
    fn other_string(&mut self, start: usize, mut end: usize) -> Result<&'a str, Fail> {
        while let Some(&b) = self.bytes().get(end)
            && b >= 0x80
        {
            self.non_ascii = true;
            end += 1 + string_run(&self.bytes()[end + 1..]);
        }
        if self.bytes().get(end) == Some(&b'"')
            && let Some(text) = self.src.get(start..end)
        {
            self.pos = end + 1;
            return Ok(text);
        }
        self.escaped_string(start)
    }

    /// The rest of [`Parser::string`]: a string with escapes (decoded into the arena), or an
    /// error.
    #[cold]
    #[inline(never)]
    fn escaped_string(&mut self, start: usize) -> Result<&'a str, Fail> {
        self.pos = start;
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.non_ascii |= b >= 0x80;
                self.pos += 1;
            }
            out.push_str(&self.src[run_start..self.pos]);
            match self.peek() {
                None => return Err(self.error_here("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(self.arena.alloc_str(&out));
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
                                if self.bytes()[self.pos..].starts_with(b"\\u") {
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

    fn hex4(&mut self) -> Result<u32, Fail> {
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

    fn array(&mut self, depth: usize) -> Result<&'a [Json<'a>], Fail> {
        self.pos += 1;
        if self.at(b']') {
            self.pos += 1;
            return Ok(&[]);
        }
        let mark = self.values.len();
        loop {
            // As in `object`, a string is read here; past the depth bound `nested` gives the
            // error.
            if self.at(b'"') && depth < MAX_DEPTH {
                let start = self.pos;
                let kind = Kind::String(self.string()?);
                let loc = self.span(start);
                self.values.push(self.arena, Json { loc, kind });
            } else {
                let value = self.nested(depth + 1)?;
                self.values.push(self.arena, value);
            }
            if self.at(b',') {
                self.pos += 1;
            } else if self.at(b']') {
                self.pos += 1;
                return Ok(self.values.pop_to_arena(self.arena, mark));
            } else {
                return Err(self.error_here("expected `,` or `]` in an array"));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<&'a [Member<'a>], Fail> {
        self.pos += 1;
        if self.at(b'}') {
            self.pos += 1;
            return Ok(&[]);
        }
        let mark = self.members.len();
        loop {
            if !self.at(b'"') {
                return Err(self.error_here("expected a member name (a string) in an object"));
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_loc = self.span(key_start);
            if !self.at(b':') {
                return Err(self.error_here("expected `:` after a member name"));
            }
            self.pos += 1;
            // Most values are strings: one is read here and written straight into its member,
            // without going through `nested`. Past the depth bound, `nested` gives the
            // error.
            if self.at(b'"') && depth < MAX_DEPTH {
                let start = self.pos;
                let kind = Kind::String(self.string()?);
                let loc = self.span(start);
                self.members.push(
                    self.arena,
                    Member {
                        key,
                        key_loc,
                        value: Json { loc, kind },
                    },
                );
            } else {
                let value = self.nested(depth + 1)?;
                self.members.push(
                    self.arena,
                    Member {
                        key,
                        key_loc,
                        value,
                    },
                );
            }
            if self.at(b',') {
                self.pos += 1;
            } else if self.at(b'}') {
                self.pos += 1;
                return Ok(self.members.pop_to_arena(self.arena, mark));
            } else {
                return Err(self.error_here("expected `,` or `}` in an object"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::strategy::Strategy;

    use super::*;

    #[test]
    fn parses_with_spans() {
        let text = r#" {"a": [1, "x\u00e9", true, null], "b": {}} "#;
        let arena = Arena::new();
        let json = text_to_cst(text, &arena).unwrap();
        assert_eq!(json.loc, Loc::new(1, text.len() - 1));
        let Kind::Object(members) = &json.kind else {
            panic!("object")
        };
        assert_eq!(members[0].key, "a");
        assert_eq!(&text[members[0].key_loc.range()], "\"a\"");
        let Kind::Array(items) = &members[0].value.kind else {
            panic!("array")
        };
        assert_eq!(items[1].kind, Kind::String("xé"));
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
            let e = text_to_cst(text, &Arena::new()).unwrap_err();
            assert_eq!(e.loc.start as usize, at, "{text}: {}", e.message);
        }
    }

    #[test]
    fn paths_of_values_and_keys() {
        let text = r#"{"Statement": [{"Effect": "Allow"}, {"Action": ["a", "b"], "C\u0041": 1}]}"#;
        let at = |needle: &str| path_at(text, text.find(needle).unwrap());
        assert_eq!(path_at(text, 0).as_deref(), Some("$"));
        assert_eq!(at("[{").as_deref(), Some("$.Statement"));
        assert_eq!(at("{\"Eff").as_deref(), Some("$.Statement[0]"));
        assert_eq!(at("\"Allow").as_deref(), Some("$.Statement[0].Effect"));
        assert_eq!(at("\"Action").as_deref(), Some("$.Statement[1].Action"));
        assert_eq!(at("\"b\"").as_deref(), Some("$.Statement[1].Action[1]"));
        assert_eq!(at("1}").as_deref(), Some("$.Statement[1].CA"));
        assert_eq!(at("Allow"), None);
        assert_eq!(path_at(text, text.len() + 5), None);
    }

    #[test]
    fn bounds_depth() {
        let deep = "[".repeat(MAX_DEPTH + 2);
        assert!(
            text_to_cst(&deep, &Arena::new())
                .unwrap_err()
                .message
                .contains("nested")
        );
    }

    /// Strings read in place (as items and as members' values) keep the depth bound: one
    /// at depth `MAX_DEPTH` is accepted, one deeper is the same error as any value there.
    #[test]
    fn bounds_depth_of_strings_read_in_place() {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            for n in [MAX_DEPTH, MAX_DEPTH + 1] {
                let text = format!("{}\"x\"{}", open.repeat(n), close.repeat(n));
                let number_text = text.replace("\"x\"", "1");
                let (arena, number_arena) = (Arena::new(), Arena::new());
                let got = text_to_cst(&text, &arena);
                let number = text_to_cst(&number_text, &number_arena);
                if n <= MAX_DEPTH {
                    assert!(got.is_ok() && number.is_ok(), "{n} {open}");
                } else {
                    let e = got.unwrap_err();
                    assert!(e.message.contains("nested"), "{}", e.message);
                    assert_eq!(e, number.unwrap_err());
                }
            }
        }
    }

    /// The C layout of `Kind` costs no space: a value and the parser's result for it stay
    /// four words.
    #[test]
    fn values_stay_four_words() {
        assert_eq!(size_of::<Json<'_>>(), 32);
        assert_eq!(size_of::<Result<Json<'_>, Fail>>(), 32);
        // An array's or object's slice comes back in two registers.
        assert_eq!(size_of::<Result<&[Member<'_>], Fail>>(), 16);
    }

    #[test]
    fn surrogate_pairs() {
        let arena = Arena::new();
        let json = text_to_cst(r#""\ud83d\ude00""#, &arena).unwrap();
        assert_eq!(json.kind, Kind::String("😀"));
    }

    /// The word-at-a-time scan finds the same end as testing each byte, for every pair of
    /// adjacent bytes (where a borrow could carry), within a word and across two.
    #[test]
    fn string_run_agrees_on_every_pair_of_bytes() {
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                for at in [0, 3, 7] {
                    let mut bytes = [b'x'; 16];
                    bytes[at] = a;
                    bytes[at + 1] = b;
                    let naive = bytes
                        .iter()
                        .position(|&b| b == b'"' || b == b'\\' || !(0x20..0x80).contains(&b))
                        .unwrap_or(bytes.len());
                    assert_eq!(string_run(&bytes), naive, "{a:#x} {b:#x} at {at}");
                }
            }
        }
    }

    proptest::proptest! {
        /// The word-at-a-time scan finds the same end as testing each byte.
        #[test]
        fn string_run_agrees_with_a_byte_scan(bytes in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::num::u8::ANY,
                proptest::sample::select(vec![b'"', b'\\', 0x1f, 0x20, 0x7f, 0x80, 0xa2, 0xdc, b'a'])
            ],
            0..40,
        )) {
            let naive = bytes
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || !(0x20..0x80).contains(&b))
                .unwrap_or(bytes.len());
            proptest::prop_assert_eq!(string_run(&bytes), naive);
        }
    }

    /// Whitespace between tokens: mostly none, as in the policies simulate reads.
    fn ws() -> impl proptest::strategy::Strategy<Value = &'static str> {
        proptest::sample::select(vec!["", "", "", " ", "\n", "\t ", "\r\n"])
    }

    /// A string literal of plain runs, escapes, non-ASCII text and some invalid pieces (a
    /// lone surrogate, a bad escape, a control character).
    fn string_literal() -> impl proptest::strategy::Strategy<Value = String> {
        let piece = proptest::prop_oneof![
            "[a-zA-Z0-9:*/ ]{0,20}",
            proptest::sample::select(vec![
                "\\\"",
                "\\\\",
                "\\/",
                "\\b",
                "\\f",
                "\\n",
                "\\r",
                "\\t",
                "\\u00e9",
                "\\u0041",
                "\\ud83d\\ude00",
                "é",
                "€",
                "😀",
                "\\ud800",
                "\\udc00",
                "\\ud800\\u0041",
                "\\u12G4",
                "\\x",
                "\u{1}",
                "\t",
            ])
            .prop_map(String::from),
        ];
        proptest::collection::vec(piece, 0..4).prop_map(|parts| format!("\"{}\"", parts.concat()))
    }

    /// A JSON text (valid unless a string piece or the number is not).
    fn json_value() -> impl proptest::strategy::Strategy<Value = String> {
        let leaf = proptest::prop_oneof![
            string_literal(),
            proptest::sample::select(vec![
                "0", "-0", "7", "-12", "3.25", "1e9", "-2.5E-3", "1E+2", "true", "false", "null",
                "01", "1.", "-", "2e", "tru", "nul",
            ])
            .prop_map(String::from),
        ];
        leaf.prop_recursive(5, 64, 6, |inner| {
            proptest::prop_oneof![
                proptest::collection::vec(
                    (ws(), string_literal(), ws(), ws(), inner.clone(), ws()),
                    0..6
                )
                .prop_map(|members| {
                    let body: Vec<String> = members
                        .into_iter()
                        .map(|(a, k, b, c, v, d)| format!("{a}{k}{b}:{c}{v}{d}"))
                        .collect();
                    format!("{{{}}}", body.join(","))
                }),
                proptest::collection::vec((ws(), inner, ws()), 0..6).prop_map(|items| {
                    let body: Vec<String> = items
                        .into_iter()
                        .map(|(a, v, b)| format!("{a}{v}{b}"))
                        .collect();
                    format!("[{}]", body.join(","))
                }),
            ]
        })
    }

    /// The tree as serde_json's `Value` (a repeated key keeps its last value, as there), with
    /// every value's and key's span checked to hold the same value.
    fn to_value(text: &str, json: &Json<'_>) -> serde_json::Value {
        use serde_json::Value;
        let spanned: Value = serde_json::from_str(&text[json.loc.range()]).unwrap();
        let value = match json.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(b),
            Kind::Number(n) => Value::Number(serde_json::from_str(n).unwrap()),
            Kind::String(s) => Value::String(s.to_owned()),
            Kind::Array(items) => Value::Array(items.iter().map(|v| to_value(text, v)).collect()),
            Kind::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|m| {
                        let key: String = serde_json::from_str(&text[m.key_loc.range()]).unwrap();
                        assert_eq!(key, m.key);
                        (m.key.to_owned(), to_value(text, &m.value))
                    })
                    .collect(),
            ),
        };
        assert_eq!(spanned, value);
        value
    }

    proptest::proptest! {
        /// The parser accepts what serde_json accepts and reads the same values, and every
        /// span holds its value; texts are generated valid, then maybe broken by one byte.
        #[test]
        fn agrees_with_serde_json(
            text in (ws(), json_value(), ws()).prop_map(|(a, v, b)| format!("{a}{v}{b}")),
            at in proptest::num::usize::ANY,
            noise in proptest::option::of(proptest::sample::select(
                b"\"\\{}[],: \n\x00\x1fa0-.etn".to_vec(),
            )),
        ) {
            let mut text = text;
            if let Some(byte) = noise {
                let mut at = at % (text.len() + 1);
                while !text.is_char_boundary(at) {
                    at += 1;
                }
                text.insert(at, char::from(byte));
            }
            let arena = Arena::new();
            let ours = text_to_cst_with_shape(&text, &arena).map(|(json, shape)| {
                // The shape of a text read is exact: its line feeds, and whether it is ASCII.
                let newlines = text.bytes().filter(|&b| b == b'\n').count();
                assert_eq!(shape, Shape { newlines, ascii: text.is_ascii() }, "{text:?}");
                json
            });
            let theirs = serde_json::from_str::<serde_json::Value>(&text);
            match (ours, theirs) {
                (Ok(json), Ok(value)) => proptest::prop_assert_eq!(to_value(&text, &json), value),
                (Err(_), Err(_)) => {}
                (ours, theirs) => proptest::prop_assert!(
                    false,
                    "{text:?}: ours {:?}, serde_json {:?}",
                    ours.map(|_| ()),
                    theirs.map(|_| ())
                ),
            }
        }
    }
}
