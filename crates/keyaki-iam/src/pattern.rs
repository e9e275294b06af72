//! Patterns: the strings of a policy that may hold wildcards (`*`, `?`) and policy variables
//! (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, `${*}`, `${?}`, `${$}`).
//!
//! Rules (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html>):
//! variables are only recognised in policies of Version 2012-10-17; `${*}`, `${?}` and `${$}`
//! stand for the literal characters; a variable whose key has no single value in the request
//! resolves to its default (`${key, 'default'}`, where `''` is a quote) or, without one,
//! makes the string match nothing. Key names are case-insensitive; defaults are not.

use std::borrow::Cow;

use smallvec::SmallVec;

use crate::context::Context;

/// One piece of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Text matched literally.
    Lit(String),
    /// `*`: any sequence of characters, including none.
    Star,
    /// `?`: exactly one character.
    One,
    /// A policy variable.
    Var {
        /// The context key, lowercased.
        key: Box<str>,
        /// The key as written.
        written: Box<str>,
        /// The default value.
        default: Option<Box<str>>,
    },
}

/// A parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pattern {
    /// The pieces of a pattern with variables (empty otherwise: `fast` says it all). A
    /// boxed slice, not a vector: the pattern is 8 bytes smaller (an action pattern is
    /// kept in its statement), and an empty one allocates nothing either.
    pieces: Box<[Piece]>,
    /// Whether matching ignores case (actions).
    fold: bool,
    /// Precomputed fast form when there are no variables.
    fast: Fast,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Fast {
    /// Matches everything.
    Any,
    /// Equal to this text.
    Exact(Text),
    /// Starts with this text.
    Prefix(Text),
    /// General wildcard matching, compiled.
    Glob(Vec<Pb>),
    /// Has variables: resolved at match time.
    Dynamic,
}

/// The text of an exact or prefix pattern (lowercased when the pattern folds case). Up to
/// `N` bytes ([`INLINE`] in a pattern) it is kept in the value, as most action names and ARN
/// fields are: each action of a policy allocates, copies and frees one string fewer. Which
/// form a text takes depends on its length only, so equal texts are equal values.
#[derive(Debug, Clone)]
pub(crate) enum Text<const N: usize = INLINE> {
    /// The length and the bytes (zero past the length).
    Inline(u8, [u8; N]),
    Heap(Box<str>),
}

/// The longest text kept in a pattern: with the tag and the length, as large as a boxed
/// string with its tag (the pattern stays 56 bytes).
const INLINE: usize = 22;

impl<const N: usize> Text<N> {
    /// `s` as it is, or lowercased (ASCII) when `lower`.
    pub(crate) fn new(s: &str, lower: bool) -> Self {
        let len = match u8::try_from(s.len()) {
            Ok(len) if usize::from(len) <= N => len,
            _ => return Self::heap(s, lower),
        };
        // Copied and lowercased in one loop (a short text: no call to memcpy).
        let mut bytes = [0u8; N];
        for (to, &b) in bytes.iter_mut().zip(s.as_bytes()) {
            *to = if lower { b.to_ascii_lowercase() } else { b };
        }
        Self::Inline(len, bytes)
    }

    fn heap(s: &str, lower: bool) -> Self {
        Self::Heap(
            if lower {
                s.to_ascii_lowercase()
            } else {
                s.to_owned()
            }
            .into_boxed_str(),
        )
    }

    /// An owned string, kept in the pattern when short.
    fn from_string(s: String) -> Self {
        if s.len() <= N {
            Self::new(&s, false)
        } else {
            Self::Heap(s.into_boxed_str())
        }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            // `min` rather than `get`: no check on the matching path.
            Self::Inline(len, bytes) => &bytes[..usize::from(*len).min(N)],
            Self::Heap(s) => s.as_bytes(),
        }
    }

    /// The text (cut from a `str` at character boundaries, so always UTF-8).
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Self::Inline(..) => std::str::from_utf8(self.as_bytes()).unwrap_or_default(),
            Self::Heap(s) => s,
        }
    }
}

impl<const N: usize> PartialEq for Text<N> {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl<const N: usize> Eq for Text<N> {}

/// A pattern with its variables replaced by their values, as [`resolve_text`] writes it: on
/// the stack up to 128 elements (a resource pattern and its values: every one of the
/// benchmarks), so that matching a `Resource` with variables allocates nothing (it was one
/// allocation in every other decide on policies parsed once).
pub(crate) type Resolved = SmallVec<[Pb; 128]>;

/// A compiled pattern byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pb {
    Byte(u8),
    Star,
    One,
}

/// What a pattern recognises.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Syntax {
    /// `*` and `?` are wildcards.
    pub wildcards: bool,
    /// `${...}` are policy variables.
    pub variables: bool,
    /// Matching ignores case.
    pub fold: bool,
}

impl Pattern {
    /// Parses `text`.
    pub fn parse(text: &str, syntax: Syntax) -> Self {
        // Most patterns have no variables and at most a trailing `*`: read them without
        // building pieces.
        if !(syntax.variables && text.contains("${")) {
            let (run, ascii) = literal_run(text.as_bytes(), syntax.wildcards);
            // `owned` is given the run (all of the text, or all but a trailing `*`).
            let owned = |s: &str| {
                if syntax.fold && !ascii {
                    Text::from_string(s.to_lowercase())
                } else {
                    Text::new(s, syntax.fold)
                }
            };
            let fast = if run == text.len() {
                Some(Fast::Exact(owned(text)))
            } else if text == "*" {
                Some(Fast::Any)
            } else if run + 1 == text.len() && text.ends_with('*') {
                text.get(..run).map(|s| Fast::Prefix(owned(s)))
            } else {
                None
            };
            if let Some(fast) = fast {
                return Self {
                    pieces: Box::default(),
                    fold: syntax.fold,
                    fast,
                };
            }
        }
        let mut pieces: Vec<Piece> = Vec::new();
        let mut lit = String::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        let flush = |lit: &mut String, pieces: &mut Vec<Piece>| {
            if !lit.is_empty() {
                pieces.push(Piece::Lit(std::mem::take(lit)));
            }
        };
        while i < text.len() {
            let c = bytes[i];
            if syntax.wildcards && c == b'*' {
                flush(&mut lit, &mut pieces);
                if pieces.last() != Some(&Piece::Star) {
                    pieces.push(Piece::Star);
                }
                i += 1;
            } else if syntax.wildcards && c == b'?' {
                flush(&mut lit, &mut pieces);
                pieces.push(Piece::One);
                i += 1;
            } else if syntax.variables
                && c == b'$'
                && bytes.get(i + 1) == Some(&b'{')
                && let Some((piece, len)) = parse_variable(&text[i..])
            {
                match piece {
                    Piece::Lit(s) => lit.push_str(&s),
                    other => {
                        flush(&mut lit, &mut pieces);
                        pieces.push(other);
                    }
                }
                i += len;
            } else {
                let ch = text[i..].chars().next().unwrap_or('\u{fffd}');
                lit.push(ch);
                i += ch.len_utf8();
            }
        }
        flush(&mut lit, &mut pieces);
        if syntax.fold {
            for p in &mut pieces {
                if let Piece::Lit(s) = p {
                    *s = s.to_lowercase();
                }
            }
        }
        let fast = fast_form(&pieces);
        if fast != Fast::Dynamic {
            pieces = Vec::new();
        }
        Self {
            pieces: pieces.into_boxed_slice(),
            fold: syntax.fold,
            fast,
        }
    }

    /// `*`, which matches everything: what `parse("*", _)` gives with wildcards on.
    pub fn any(fold: bool) -> Self {
        Self {
            pieces: Box::default(),
            fold,
            fast: Fast::Any,
        }
    }

    /// Whether the pattern has policy variables.
    pub fn has_variables(&self) -> bool {
        self.fast == Fast::Dynamic
    }

    /// Whether the pattern has wildcards.
    pub fn has_wildcards(&self) -> bool {
        match &self.fast {
            Fast::Exact(_) => false,
            Fast::Dynamic => self
                .pieces
                .iter()
                .any(|p| matches!(p, Piece::Star | Piece::One)),
            Fast::Any | Fast::Prefix(_) | Fast::Glob(_) => true,
        }
    }

    /// Whether `input` matches, resolving variables in `ctx`. `input` must already be
    /// lowercased when the pattern folds case.
    pub fn matches(&self, input: &str, ctx: &Context) -> bool {
        match &self.fast {
            Fast::Any => true,
            Fast::Exact(s) => input.as_bytes() == s.as_bytes(),
            Fast::Prefix(s) => input.as_bytes().starts_with(s.as_bytes()),
            Fast::Glob(p) => glob(p, input.as_bytes()),
            Fast::Dynamic => self.matches_resolved(input, ctx),
        }
    }

    /// [`Pattern::matches`] of a pattern with variables: in a function of its own, so that
    /// the other forms do not set up the frame that resolving needs.
    #[inline(never)]
    fn matches_resolved(&self, input: &str, ctx: &Context) -> bool {
        let mut p = Resolved::new();
        self.resolve(ctx, &mut p) && glob(&p, input.as_bytes())
    }

    /// Writes the pattern with its variables replaced by their values to `out`; `false` when
    /// one has no value and no default.
    fn resolve(&self, ctx: &Context, out: &mut Resolved) -> bool {
        for p in &self.pieces {
            match p {
                Piece::Lit(s) => out.extend(s.bytes().map(Pb::Byte)),
                Piece::Star => out.push(Pb::Star),
                Piece::One => out.push(Pb::One),
                Piece::Var { key, default, .. } => {
                    let Some(value) = ctx.variable(key).or(default.as_deref()) else {
                        return false;
                    };
                    // A resolved value is literal text: its `*` and `?` are not wildcards.
                    if self.fold {
                        out.extend(value.to_lowercase().bytes().map(Pb::Byte));
                    } else {
                        out.extend(value.bytes().map(Pb::Byte));
                    }
                }
            }
        }
        true
    }

    /// Whether every string this pattern matches is also matched by `other`, for patterns
    /// without variables (used to find redundant statements). Conservative: `false` when
    /// unsure.
    pub fn is_covered_by(&self, other: &Pattern) -> bool {
        if self.has_variables() || other.has_variables() {
            return self == other;
        }
        match (&self.fast, &other.fast) {
            (_, Fast::Any) => true,
            (Fast::Exact(s), _) => other.matches(s.as_str(), &Context::empty()),
            (Fast::Prefix(a), Fast::Prefix(b)) => a.as_bytes().starts_with(b.as_bytes()),
            _ => self == other,
        }
    }
}

/// The length of the run of `bytes` before the first `*` or `?` (all of `bytes` when there
/// is none, or when `wildcards` is off), and whether that run is ASCII. Action names are
/// read with every action of a policy, so the bytes are tested eight at a time
/// ([`crate::words`]).
fn literal_run(bytes: &[u8], wildcards: bool) -> (usize, bool) {
    use crate::words::{HIGHS, first_flagged, word_at};
    let mut i = 0;
    // The bytes of the run so far, ORed: the run is ASCII when no high bit is set.
    let mut seen = 0u64;
    while let Some(x) = word_at(bytes, i) {
        if wildcards {
            let flags = crate::words::wildcards(x);
            if flags != 0 {
                let at = first_flagged(flags);
                // The bytes below the first wildcard (at most 7 of them: the shift is < 64).
                let below = x & ((1u64 << (at * 8)) - 1);
                return (i + at, (seen | below) & HIGHS == 0);
            }
        }
        seen |= x;
        i += 8;
    }
    let mut high = 0u8;
    for (k, &b) in bytes.get(i..).unwrap_or_default().iter().enumerate() {
        if wildcards && (b == b'*' || b == b'?') {
            return (i + k, seen & HIGHS == 0 && high < 0x80);
        }
        high |= b;
    }
    (bytes.len(), seen & HIGHS == 0 && high < 0x80)
}

fn fast_form(pieces: &[Piece]) -> Fast {
    if pieces.iter().any(|p| matches!(p, Piece::Var { .. })) {
        return Fast::Dynamic;
    }
    match pieces {
        [] => Fast::Exact(Text::new("", false)),
        [Piece::Star] => Fast::Any,
        [Piece::Lit(s)] => Fast::Exact(Text::new(s, false)),
        [Piece::Lit(s), Piece::Star] => Fast::Prefix(Text::new(s, false)),
        _ => {
            let mut out = Vec::new();
            for p in pieces {
                match p {
                    Piece::Lit(s) => out.extend(s.bytes().map(Pb::Byte)),
                    Piece::Star => out.push(Pb::Star),
                    Piece::One => out.push(Pb::One),
                    Piece::Var { .. } => {}
                }
            }
            Fast::Glob(out)
        }
    }
}

/// Parses `${...}` at the start of `text`: a literal for `${*}`, `${?}`, `${$}`, else a
/// variable. Returns the piece and the bytes it spans; `None` if malformed.
fn parse_variable(text: &str) -> Option<(Piece, usize)> {
    let (var, len) = read_variable(text)?;
    let piece = match var {
        Variable::Literal(c) => Piece::Lit(c.into()),
        Variable::Key { key, default } => Piece::Var {
            key: key.to_ascii_lowercase().into(),
            written: key.into(),
            default: default.map(Into::into),
        },
    };
    Some((piece, len))
}

/// A policy variable as written, borrowed from the pattern.
enum Variable<'t> {
    /// `${*}`, `${?}` or `${$}`: the character.
    Literal(&'static str),
    /// `${key}` or `${key, 'default'}` (the default's doubled quotes undone).
    Key {
        key: &'t str,
        default: Option<Cow<'t, str>>,
    },
}

/// Reads the variable at the start of `text` (which starts with `${`), and its length;
/// `None` when it is not one (the text is then literal).
fn read_variable(text: &str) -> Option<(Variable<'_>, usize)> {
    let body_start = 2;
    let rest = &text[body_start..];
    for (lit, ch) in [("*}", "*"), ("?}", "?"), ("$}", "$")] {
        if rest.starts_with(lit) {
            return Some((Variable::Literal(ch), body_start + lit.len()));
        }
    }
    // The key runs to `,` or `}`.
    let key_end = rest.find([',', '}', '$', '{'])?;
    let key = rest[..key_end].trim();
    if key.is_empty() {
        return None;
    }
    let after = &rest[key_end..];
    if after.starts_with('}') {
        return Some((
            Variable::Key { key, default: None },
            body_start + key_end + 1,
        ));
    }
    let after_comma = after.strip_prefix(',')?;
    let trimmed = after_comma.trim_start();
    let skipped = after_comma.len() - trimmed.len();
    let quoted = trimmed.strip_prefix('\'')?;
    // The default runs to the next single quote that is not doubled.
    let mut end = None;
    let mut doubled = false;
    let bytes = quoted.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                doubled = true;
                i += 2;
                continue;
            }
            end = Some(i);
            break;
        }
        i += 1;
    }
    let end = end?;
    let default = &quoted[..end];
    let default = if doubled {
        Cow::Owned(default.replace("''", "'"))
    } else {
        Cow::Borrowed(default)
    };
    let tail = &quoted[end + 1..];
    let tail_trimmed = tail.trim_start();
    if !tail_trimmed.starts_with('}') {
        return None;
    }
    let consumed_tail = tail.len() - tail_trimmed.len() + 1;
    let len = body_start + key_end + 1 + skipped + 1 + end + 1 + consumed_tail;
    Some((
        Variable::Key {
            key,
            default: Some(default),
        },
        len,
    ))
}

/// Wildcard matching on bytes; `?` consumes one whole UTF-8 character.
/// A pattern element as [`glob`] reads it: a compiled [`Pb`], or a byte of a pattern's text
/// (where `*` and `?` are the wildcards).
pub(crate) trait GlobByte: Copy {
    fn pb(self) -> Pb;
}

impl GlobByte for Pb {
    fn pb(self) -> Pb {
        self
    }
}

impl GlobByte for u8 {
    fn pb(self) -> Pb {
        match self {
            b'*' => Pb::Star,
            b'?' => Pb::One,
            b => Pb::Byte(b),
        }
    }
}

/// Whether `s` matches the text pattern `p` (`*` and `?` wildcards, case-sensitive, no
/// variables), read as it is: nothing compiled, nothing allocated.
pub(crate) fn glob_text(p: &str, s: &str) -> bool {
    glob(p.as_bytes(), s.as_bytes())
}

/// Appends the elements of the pattern `text` (a policy of Version 2012-10-17) to `out`,
/// its variables replaced by their values in `ctx` (literal text: their `*` and `?` are not
/// wildcards), as [`Pattern::parse`] and then matching would: `false` when a variable has no
/// value and no default (the pattern then matches nothing). Case is kept.
pub(crate) fn resolve_text(text: &str, ctx: &Context, out: &mut Resolved) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'*' => out.push(Pb::Star),
            b'?' => out.push(Pb::One),
            b'$' if bytes.get(i + 1) == Some(&b'{') => match read_variable(&text[i..]) {
                Some((Variable::Literal(c), len)) => {
                    out.extend(c.bytes().map(Pb::Byte));
                    i += len;
                    continue;
                }
                Some((Variable::Key { key, default }, len)) => {
                    // Context lookups ignore case: the key is used as written.
                    let Some(value) = ctx.variable(key).or(default.as_deref()) else {
                        return false;
                    };
                    out.extend(value.bytes().map(Pb::Byte));
                    i += len;
                    continue;
                }
                None => out.push(Pb::Byte(b'$')),
            },
            b => out.push(Pb::Byte(b)),
        }
        i += 1;
    }
    true
}

pub(crate) fn glob<T: GlobByte>(p: &[T], s: &[u8]) -> bool {
    let (mut pi, mut si) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    let char_len = |b: u8| match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    };
    while si < s.len() {
        match p.get(pi).map(|x| x.pb()) {
            Some(Pb::Star) => {
                star = Some((pi, si));
                pi += 1;
                continue;
            }
            Some(Pb::One) => {
                si += char_len(s[si]);
                pi += 1;
                continue;
            }
            Some(Pb::Byte(b)) if b == s[si] => {
                si += 1;
                pi += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((sp, ss)) => {
                let next = ss + char_len(s[ss]);
                star = Some((sp, next));
                pi = sp + 1;
                si = next;
            }
            None => return false,
        }
    }
    si == s.len()
        && p.get(pi..)
            .is_some_and(|rest| rest.iter().all(|x| x.pb() == Pb::Star))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIKE: Syntax = Syntax {
        wildcards: true,
        variables: true,
        fold: false,
    };

    fn m(pattern: &str, input: &str) -> bool {
        Pattern::parse(pattern, LIKE).matches(input, &Context::empty())
    }

    #[test]
    fn wildcards() {
        assert!(m("*", ""));
        assert!(m("a*", "abc"));
        assert!(m("*c", "abc"));
        assert!(m("a?c", "abc"));
        assert!(!m("a?c", "ac"));
        assert!(m("a*b*c", "aXbYbZc"));
        assert!(!m("a*b*c", "aXbYbZ"));
        assert!(m("?", "é"));
        assert!(!m("??", "é"));
        assert!(m("arn:aws:s3:::b/*", "arn:aws:s3:::b/k/x"));
        assert!(!m("abc", "abcd"));
        assert!(m("", ""));
    }

    #[test]
    fn escapes() {
        assert!(m("a${*}", "a*"));
        assert!(!m("a${*}", "ab"));
        assert!(m("${?}", "?"));
        assert!(m("${$}{x}", "${x}"));
    }

    #[test]
    fn variables() {
        let ctx = Context::from_pairs([("aws:username", "alice")]);
        let p = Pattern::parse("home/${aws:UserName}/*", LIKE);
        assert!(p.has_variables());
        assert!(p.matches("home/alice/x", &ctx));
        assert!(!p.matches("home/bob/x", &ctx));
        assert!(!p.matches("home//x", &Context::empty()));
        let d = Pattern::parse("${aws:PrincipalTag/team, 'it''s'}", LIKE);
        assert!(d.matches("it's", &Context::empty()));
        // A value with a wildcard character matches literally.
        let star = Context::from_pairs([("aws:username", "*")]);
        assert!(!p.matches("home/bob/x", &star));
        assert!(p.matches("home/*/x", &star));
    }

    #[test]
    fn no_variables_in_2008() {
        let p = Pattern::parse(
            "${aws:username}",
            Syntax {
                variables: false,
                ..LIKE
            },
        );
        assert!(p.matches(
            "${aws:username}",
            &Context::from_pairs([("aws:username", "a")])
        ));
    }

    /// What `literal_run` finds, one byte at a time.
    fn naive_run(bytes: &[u8], wildcards: bool) -> (usize, bool) {
        let run = bytes
            .iter()
            .position(|&b| wildcards && (b == b'*' || b == b'?'))
            .unwrap_or(bytes.len());
        (run, bytes[..run].is_ascii())
    }

    /// The word-at-a-time scan agrees with testing each byte, for every pair of adjacent
    /// bytes (where a borrow could carry), within a word, across two, and in the tail.
    #[test]
    fn literal_run_agrees_on_every_pair_of_bytes() {
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                for at in [0, 3, 7, 9] {
                    let mut bytes = [b'x'; 11];
                    bytes[at] = a;
                    bytes[at + 1] = b;
                    for wildcards in [true, false] {
                        assert_eq!(
                            literal_run(&bytes, wildcards),
                            naive_run(&bytes, wildcards),
                            "{a:#x} {b:#x} at {at}"
                        );
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// The word-at-a-time scan agrees with testing each byte.
        #[test]
        fn literal_run_agrees_with_a_byte_scan(bytes in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::num::u8::ANY,
                proptest::sample::select(vec![b'*', b'?', 0x2b, 0x3e, 0x7f, 0x80, 0xaa, 0xbf, b'a'])
            ],
            0..40,
        ), wildcards in proptest::bool::ANY) {
            proptest::prop_assert_eq!(literal_run(&bytes, wildcards), naive_run(&bytes, wildcards));
        }

        /// The fast forms are those of the pieces: the same pattern as reading it piece by
        /// piece would give, for texts without variables.
        #[test]
        fn fast_forms_agree_with_the_pieces(text in "[a-zA-Z*?é:/]{0,30}", fold in proptest::bool::ANY, wildcards in proptest::bool::ANY) {
            let syntax = Syntax { wildcards, variables: false, fold };
            proptest::prop_assert_eq!(Pattern::parse(&text, syntax), by_pieces(&text, syntax));
        }
    }

    /// The pattern as the general path reads it (pieces, then their fast form).
    fn by_pieces(text: &str, syntax: Syntax) -> Pattern {
        let mut pieces = Vec::new();
        let mut lit = String::new();
        for c in text.chars() {
            if syntax.wildcards && (c == '*' || c == '?') {
                if !lit.is_empty() {
                    pieces.push(Piece::Lit(std::mem::take(&mut lit)));
                }
                if c == '?' {
                    pieces.push(Piece::One);
                } else if pieces.last() != Some(&Piece::Star) {
                    pieces.push(Piece::Star);
                }
            } else {
                lit.push(c);
            }
        }
        if !lit.is_empty() {
            pieces.push(Piece::Lit(lit));
        }
        if syntax.fold {
            for p in &mut pieces {
                if let Piece::Lit(s) = p {
                    *s = s.to_lowercase();
                }
            }
        }
        Pattern {
            pieces: Box::default(),
            fold: syntax.fold,
            fast: fast_form(&pieces),
        }
    }

    /// Texts up to `INLINE` bytes are kept in the pattern, longer ones boxed; both match and
    /// compare by their bytes.
    #[test]
    fn short_and_long_texts() {
        const FOLD: Syntax = Syntax {
            wildcards: true,
            variables: false,
            fold: true,
        };
        let short = "GetObject";
        let edge = "A".repeat(INLINE);
        let long = "DescribeVpcEndpointServiceConfigurations";
        for (text, inline) in [(short, true), (edge.as_str(), true), (long, false)] {
            let lower = text.to_ascii_lowercase();
            let p = Pattern::parse(text, FOLD);
            assert_eq!(matches!(&p.fast, Fast::Exact(Text::Inline(..))), inline);
            assert!(p.matches(&lower, &Context::empty()));
            assert!(!p.matches(&lower[1..], &Context::empty()));
            assert!(!p.matches(&format!("{lower}x"), &Context::empty()));
            let prefix = Pattern::parse(&format!("{text}*"), FOLD);
            assert!(prefix.matches(&format!("{lower}x"), &Context::empty()));
            assert!(!prefix.matches(&lower[1..], &Context::empty()));
            assert!(p.is_covered_by(&prefix) && !prefix.is_covered_by(&p));
            assert_eq!(p, Pattern::parse(&lower, FOLD));
            assert_ne!(p, Pattern::parse(&lower[1..], FOLD));
        }
        // Lowercased outside ASCII: the text is the lowercased one, kept as its length says.
        let p = Pattern::parse("ÉTÉ", FOLD);
        assert!(p.matches("été", &Context::empty()));
        assert_eq!(p, Pattern::parse("été", FOLD));
        let text = |s: &str| Text::<INLINE>::new(s, false);
        assert_eq!(text(""), Text::from_string(String::new()));
        assert_eq!(text(long), Text::from_string(long.to_owned()));
        assert_eq!(text(long).as_str(), long);
        assert_eq!(text(short).as_str(), short);
    }

    #[test]
    fn any_is_the_star() {
        for fold in [true, false] {
            let syntax = Syntax {
                wildcards: true,
                variables: false,
                fold,
            };
            assert_eq!(Pattern::any(fold), Pattern::parse("*", syntax));
        }
    }

    #[test]
    fn malformed_variable_is_literal() {
        assert!(m("${aws:username", "${aws:username"));
        assert!(m("${}", "${}"));
    }
}
