//! ARN patterns, as the `Resource` element and the `Arn*` condition operators match them.
//!
//! An ARN has six colon-separated fields; `arn:partition:service:region:account:resource`,
//! where the resource itself may contain colons. Each field of the pattern is matched
//! against the same field of the ARN, case-sensitively, with `*` and `?` wildcards
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN>:
//! "Each of the six colon-delimited components of the ARN is checked separately and each can
//! include multi-character match wildcards (*) or single-character match wildcards (?)").
//! `*` alone matches everything; a pattern with fewer than six fields is matched as one
//! string.

use crate::context::Context;
use crate::pattern::{Pattern, Resolved, Syntax, glob, glob_text, resolve_text};

/// A compiled ARN pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ArnPattern {
    /// `*`.
    Any,
    /// No wildcards and no variables: equal to this text.
    Exact(Box<str>),
    /// Six field patterns.
    Fields(Box<Fields>),
    /// Not six fields: matched as one string.
    Whole(Pattern),
    /// Not six fields, in a condition: matches nothing.
    Never,
}

/// The six field patterns of an ARN pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fields {
    /// One per field.
    each: [Pattern; 6],
    /// When the first five fields have no wildcard or variable (`arn:aws:s3:::bucket/*`): the
    /// text up to the first one, and the pattern of the rest. The ARN must start with that
    /// text, colons in place, and the rest is one match: what matching field by field answers,
    /// without splitting the ARN.
    head_tail: Option<(Box<str>, Pattern)>,
}

impl ArnPattern {
    /// A pattern of the `Resource` element: fewer than six fields match as one string.
    pub fn parse(text: &str, variables: bool) -> Self {
        Self::parse_with(text, variables, true)
    }

    /// A pattern of an `Arn*` condition: each of the six fields is compared separately, so
    /// a pattern with fewer fields matches nothing.
    pub fn parse_condition(text: &str, variables: bool) -> Self {
        Self::parse_with(text, variables, false)
    }

    fn parse_with(text: &str, variables: bool, whole_fallback: bool) -> Self {
        let syntax = Syntax {
            wildcards: true,
            variables,
            fold: false,
        };
        if text == "*" {
            return ArnPattern::Any;
        }
        let dynamic = text.contains(['*', '?']) || (variables && text.contains("${"));
        if !dynamic && fields6(text).is_some() {
            return ArnPattern::Exact(text.into());
        }
        let fields = if variables {
            fields6_outside_variables(text)
        } else {
            fields6(text)
        };
        if let Some(fields) = fields {
            let p = |s: &str| Pattern::parse(s, syntax);
            let head_tail = first_special(text, variables)
                .filter(|&(_, colons)| colons >= 5)
                .map(|(w, _)| (text[..w].into(), p(&text[w..])));
            ArnPattern::Fields(Box::new(Fields {
                each: [
                    p(fields[0]),
                    p(fields[1]),
                    p(fields[2]),
                    p(fields[3]),
                    p(fields[4]),
                    p(fields[5]),
                ],
                head_tail,
            }))
        } else if whole_fallback {
            ArnPattern::Whole(Pattern::parse(text, syntax))
        } else {
            ArnPattern::Never
        }
    }

    pub fn matches(&self, arn: &str, ctx: &Context) -> bool {
        match self {
            ArnPattern::Any => true,
            ArnPattern::Exact(t) => **t == *arn,
            ArnPattern::Whole(p) => p.matches(arn, ctx),
            ArnPattern::Never => false,
            ArnPattern::Fields(f) => match &f.head_tail {
                Some((head, tail)) => arn
                    .strip_prefix(&**head)
                    .is_some_and(|rest| tail.matches(rest, ctx)),
                None => f.matches_each(arn, ctx),
            },
        }
    }

    /// Whether every ARN this pattern matches is matched by `other` (conservative).
    pub fn is_covered_by(&self, other: &ArnPattern) -> bool {
        match (self, other) {
            (_, ArnPattern::Any) => true,
            (ArnPattern::Exact(t), other) => other.matches(t, &Context::empty()),
            (ArnPattern::Fields(a), ArnPattern::Fields(b)) => a
                .each
                .iter()
                .zip(b.each.iter())
                .all(|(x, y)| x.is_covered_by(y)),
            (a, b) => a == b,
        }
    }
}

impl Fields {
    /// Matching field by field.
    fn matches_each(&self, arn: &str, ctx: &Context) -> bool {
        fields6(arn)
            .is_some_and(|fields| self.each.iter().zip(fields).all(|(p, f)| p.matches(f, ctx)))
    }
}

/// Whether `arn` matches the pattern `text` of a `Resource` element that has no policy
/// variables: what `ArnPattern::parse(text, _).matches(arn, _)` answers, read from the text
/// as it is (most patterns a request reaches are read once: compiling them cost more than
/// matching).
pub(crate) fn matches_plain(text: &str, arn: &str) -> bool {
    if text == "*" {
        return true;
    }
    // Most patterns a request meets are literal, or differ from the ARN before their first
    // wildcard (another service, account or name): both are answered from where the two texts
    // first part, found eight bytes at a time, without scanning the pattern for wildcards.
    let agree = literal_agreement(text.as_bytes(), arn.as_bytes());
    match text.as_bytes().get(agree) {
        // The whole pattern is literal and the ARN starts with it.
        None => return agree == arn.len(),
        // A literal byte the ARN does not have there (or the ARN is shorter): whichever way
        // the pattern is matched (whole, field by field, or in one step after five literal
        // fields), the literal run before its first wildcard must be the ARN's.
        Some(b) if *b != b'*' && *b != b'?' => return false,
        Some(_) => {}
    }
    // Here the pattern's first wildcard is where the two part.
    let wildcard = agree;
    let colons = text.as_bytes()[..wildcard]
        .iter()
        .filter(|&&b| b == b':')
        .count();
    // Wildcards only in the resource field (the usual `arn:aws:s3:::bucket/*`): the fields
    // before it are literal, so the ARN must start with them, colons in place, and the rest
    // is one match.
    if colons >= 5 {
        let (literal, rest) = text.as_bytes().split_at(wildcard);
        return arn
            .as_bytes()
            .split_at_checked(wildcard)
            .is_some_and(|(head, tail)| head == literal && glob(rest, tail));
    }
    match fields6(text) {
        Some(pattern) => fields6(arn)
            .is_some_and(|fields| pattern.iter().zip(fields).all(|(p, f)| glob_text(p, f))),
        None => glob_text(text, arn),
    }
}

/// Whether `arn` matches the pattern `text` of a `Resource` element of a Version 2012-10-17
/// policy, its variables resolved in `ctx`: what `ArnPattern::parse(text, true).matches(arn,
/// ctx)` answers, without compiling the pattern (one buffer, reused field to field).
pub(crate) fn matches_with_variables(text: &str, arn: &str, ctx: &Context) -> bool {
    if text == "*" {
        return true;
    }
    let mut buf = Resolved::new();
    // Five literal fields before the first wildcard or variable (the usual
    // `arn:aws:s3:::bucket/${aws:username}/*`): the ARN must start with them, and the rest is
    // one match.
    if let Some((w, colons)) = first_special(text, true)
        && colons >= 5
    {
        let Some((head, tail)) = arn.as_bytes().split_at_checked(w) else {
            return false;
        };
        return head == &text.as_bytes()[..w]
            && resolve_text(&text[w..], ctx, &mut buf)
            && glob(&buf, tail);
    }
    let Some(pattern) = fields6_outside_variables(text) else {
        return resolve_text(text, ctx, &mut buf) && glob(&buf, arn.as_bytes());
    };
    fields6(arn).is_some_and(|fields| {
        pattern.iter().zip(fields).all(|(p, f)| {
            buf.clear();
            resolve_text(p, ctx, &mut buf) && glob(&buf, f.as_bytes())
        })
    })
}

/// How many leading bytes `pattern` and `arn` have in common with no wildcard (`*`, `?`) among
/// them in `pattern`. Eight bytes at a time ([`crate::words`]): the first differing byte is the
/// lowest non-zero byte of `x ^ y`.
fn literal_agreement(pattern: &[u8], arn: &[u8]) -> usize {
    use crate::words::{first_flagged, wildcards, word_at};
    let mut i = 0;
    while let (Some(x), Some(y)) = (word_at(pattern, i), word_at(arn, i)) {
        let first = first_flagged(x ^ y).min(first_flagged(wildcards(x)));
        if first < 8 {
            return i + first;
        }
        i += 8;
    }
    i + pattern[i..]
        .iter()
        .zip(&arn[i..])
        .take_while(|&(&p, &a)| p == a && p != b'*' && p != b'?')
        .count()
}

/// The offset of the first wildcard of `text` (or policy variable, when `variables`), and
/// how many colons come before it; `None` when it has none. With five colons before it, the
/// first five fields are literal and the ARN must start with them.
fn first_special(text: &str, variables: bool) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut colons = 0;
    let at = bytes.iter().enumerate().position(|(i, &b)| {
        colons += usize::from(b == b':');
        b == b'*' || b == b'?' || (variables && b == b'$' && bytes.get(i + 1) == Some(&b'{'))
    })?;
    Some((at, colons))
}

/// The six fields of a pattern with policy variables: cut at its first five colons that are
/// not inside a `${...}` variable; `None` with fewer.
fn fields6_outside_variables(text: &str) -> Option<[&str; 6]> {
    let mut cuts = [0usize; 5];
    let mut found = 0;
    let bytes = text.as_bytes();
    let (mut depth, mut i) = (0usize, 0);
    while i < bytes.len() && found < 5 {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => {
                cuts[found] = i;
                found += 1;
            }
            _ => {}
        }
        i += 1;
    }
    (found == 5).then(|| cut6(text, cuts))
}

/// The six fields of an ARN, without allocating; `None` with fewer than five colons.
pub(crate) fn fields6(text: &str) -> Option<[&str; 6]> {
    // One pass over the bytes: the fields are short, and a `find` per field (memchr) cost
    // more to set up than the loop costs to run.
    let mut cuts = [0usize; 5];
    let mut found = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b':' {
            cuts[found] = i;
            found += 1;
            if found == 5 {
                break;
            }
        }
    }
    (found == 5).then(|| cut6(text, cuts))
}

/// `text` cut into six fields at the colons at `cuts`.
fn cut6(text: &str, [a, b, c, d, e]: [usize; 5]) -> [&str; 6] {
    [
        &text[..a],
        &text[a + 1..b],
        &text[b + 1..c],
        &text[c + 1..d],
        &text[d + 1..e],
        &text[e + 1..],
    ]
}

/// Splits an ARN into at most six fields at its first five colons.
pub(crate) fn split6(text: &str) -> Vec<&str> {
    text.splitn(6, ':').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The plain matcher agrees with the compiled pattern, on patterns and ARNs made of
        /// the characters that matter (colons, wildcards, a multi-byte character), with and
        /// without five literal fields before the first wildcard.
        #[test]
        fn plain_matching_agrees_with_the_compiled_pattern(
            pattern in "(arn:a:b::)?[ab:*?é]{0,20}",
            arn in "(arn:a:b::)?[ab:é]{0,20}",
        ) {
            for variables in [false, true] {
                proptest::prop_assert_eq!(
                    matches_plain(&pattern, &arn),
                    ArnPattern::parse(&pattern, variables).matches(&arn, &Context::empty()),
                    "{:?} against {:?}", pattern, arn
                );
            }
        }
    }

    proptest::proptest! {
        /// The word-at-a-time agreement is the byte-by-byte one, wherever the first
        /// difference or wildcard falls in a word.
        #[test]
        fn literal_agreement_is_that_of_a_byte_scan(
            common in "[ab]{0,30}",
            pattern in "[ab*?]{0,10}",
            arn in "[ab*?]{0,10}",
        ) {
            let (pattern, arn) = (format!("{common}{pattern}"), format!("{common}{arn}"));
            let naive = pattern
                .bytes()
                .zip(arn.bytes())
                .take_while(|&(p, a)| p == a && p != b'*' && p != b'?')
                .count();
            proptest::prop_assert_eq!(
                literal_agreement(pattern.as_bytes(), arn.as_bytes()),
                naive
            );
        }
    }

    proptest::proptest! {
        /// Patterns with policy variables, matched without compiling, agree with the compiled
        /// pattern: variables with and without values and defaults, values with colons and
        /// wildcards (literal once resolved), the escapes `${*}` and `${?}`, and broken
        /// variables (literal text).
        #[test]
        fn variable_matching_agrees_with_the_compiled_pattern(
            prefix in proptest::sample::select(vec!["", "arn:a:b::"]),
            pattern in proptest::strategy::Strategy::prop_map(proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "b", ":", "*", "?", "${aws:username}", "${aws:UserName}",
                    "${missing}", "${missing, 'a:b'}", "${missing, 'it''s'}", "${*}", "${?}",
                    "${$}", "${", "}", "'",
                    "${aws:TagKeys}", "arn:aws:s3:::",
                ]),
                0..8,
            ), |parts| parts.concat()),
            arn in "(arn:a:b::)?[ab:*]{0,10}",
            username in proptest::sample::select(vec!["a", "a:b", "*", "b?", ""]),
        ) {
            let mut ctx = Context::empty();
            ctx.set("aws:username", username);
            ctx.insert(
                "aws:TagKeys",
                crate::context::ContextValue::Many(vec!["a".into()]),
            );
            let pattern = format!("{prefix}{pattern}");
            proptest::prop_assert_eq!(
                matches_with_variables(&pattern, &arn, &ctx),
                ArnPattern::parse(&pattern, true).matches(&arn, &ctx),
                "{:?} against {:?}", pattern, arn
            );
        }
    }

    proptest::proptest! {
        /// A compiled pattern with five literal fields matches in one step as it does field
        /// by field.
        #[test]
        fn one_step_matching_agrees_with_field_by_field(
            prefix in proptest::sample::select(vec!["arn:a:b::", "arn:a:b:c:"]),
            rest in "[ab:*?é]{0,10}",
            arn in "(arn:a:b::|arn:a:b:c:)?[ab:é]{0,10}",
            variable in proptest::sample::select(vec!["", "${aws:username}", "${x, 'a:*'}"]),
        ) {
            let mut ctx = Context::empty();
            ctx.set("aws:username", "a:b");
            let text = format!("{prefix}{rest}{variable}");
            for variables in [false, true] {
                let pattern = ArnPattern::parse(&text, variables);
                if let ArnPattern::Fields(f) = &pattern {
                    proptest::prop_assert_eq!(
                        pattern.matches(&arn, &ctx),
                        f.matches_each(&arn, &ctx),
                        "{:?} against {:?}", text, arn
                    );
                }
            }
        }
    }

    fn m(p: &str, arn: &str) -> bool {
        ArnPattern::parse(p, true).matches(arn, &Context::empty())
    }

    #[test]
    fn fields() {
        assert!(m("*", "anything"));
        assert!(m("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b"));
        assert!(!m("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket"));
        assert!(m(
            "arn:aws:iam::*:role/*",
            "arn:aws:iam::123456789012:role/x"
        ));
        assert!(m(
            "arn:*:iam::123456789012:*",
            "arn:aws:iam::123456789012:user/a"
        ));
        // Wildcards do not cross fields.
        assert!(!m("arn:aws:iam::1*:user/a", "arn:aws:iam::1:x:user/a"));
        assert!(m(
            "arn:aws:sns:*:*:topic",
            "arn:aws:sns:us-east-1:123456789012:topic"
        ));
        // Case-sensitive.
        assert!(!m("arn:aws:s3:::Bucket", "arn:aws:s3:::bucket"));
        // The resource field keeps its colons.
        assert!(m(
            "arn:aws:logs:*:*:log-group:g:*",
            "arn:aws:logs:us-east-1:1:log-group:g:log-stream:s"
        ));
        // Fewer than six fields: one string.
        assert!(m("arn:aws:s3*", "arn:aws:s3:::b"));
        assert!(
            !m("arn:aws:s3:::b", "arn:aws:s3:::b:x:y:z") || m("arn:aws:s3:::b", "arn:aws:s3:::b")
        );
    }
}
