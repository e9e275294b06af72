//! Condition operators and their evaluation.
//!
//! Every operator of
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>,
//! the `...IfExists` forms, and the `ForAllValues:` / `ForAnyValue:` set operators of
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html>.
//!
//! Rules implemented:
//! - several values for one key are ORed; several keys, and several operators, are ANDed;
//! - a key missing from the request makes a condition false, except for negated operators
//!   (`StringNotEquals`, `NotIpAddress`, ...), which are then true; `...IfExists` is true when
//!   the key is missing; `Null` tests presence;
//! - a negated operator is true when the request value matches none of the policy values;
//! - `ForAllValues:` is true when every request value matches (and when the key is missing or
//!   has no values); `ForAnyValue:` when at least one does (false when missing or empty);
//! - policy variables are resolved only for string and ARN operators.

use std::fmt;
use std::net::IpAddr;

use serde::Serialize;

use crate::context::{Context, ContextValue};
use crate::pattern::{Pattern, Syntax};

/// The type an operator compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OperatorType {
    /// `String*`.
    String,
    /// `Numeric*`.
    Numeric,
    /// `Date*`.
    Date,
    /// `Bool`.
    Bool,
    /// `BinaryEquals`.
    Binary,
    /// `IpAddress`, `NotIpAddress`.
    Ip,
    /// `Arn*`.
    Arn,
    /// `Null`.
    Null,
}

/// The operator without its prefixes and suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[allow(missing_docs)]
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

impl BaseOperator {
    /// Every operator name, for "did you mean" hints.
    pub fn names() -> impl Iterator<Item = &'static str> {
        BASES.iter().map(|(_, n)| *n)
    }

    /// The type it compares.
    pub fn operator_type(self) -> OperatorType {
        use BaseOperator::*;
        match self {
            StringEquals
            | StringNotEquals
            | StringEqualsIgnoreCase
            | StringNotEqualsIgnoreCase
            | StringLike
            | StringNotLike => OperatorType::String,
            NumericEquals
            | NumericNotEquals
            | NumericLessThan
            | NumericLessThanEquals
            | NumericGreaterThan
            | NumericGreaterThanEquals => OperatorType::Numeric,
            DateEquals
            | DateNotEquals
            | DateLessThan
            | DateLessThanEquals
            | DateGreaterThan
            | DateGreaterThanEquals => OperatorType::Date,
            Bool => OperatorType::Bool,
            BinaryEquals => OperatorType::Binary,
            IpAddress | NotIpAddress => OperatorType::Ip,
            ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => OperatorType::Arn,
            Null => OperatorType::Null,
        }
    }

    /// Whether the operator is negated (true when nothing matches, and when the key is
    /// missing).
    pub fn is_negated(self) -> bool {
        use BaseOperator::*;
        matches!(
            self,
            StringNotEquals
                | StringNotEqualsIgnoreCase
                | StringNotLike
                | NumericNotEquals
                | DateNotEquals
                | NotIpAddress
                | ArnNotEquals
                | ArnNotLike
        )
    }
}

/// A set operator prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum SetOperator {
    /// `ForAllValues:`.
    ForAllValues,
    /// `ForAnyValue:`.
    ForAnyValue,
}

/// A condition operator: `[ForAllValues:|ForAnyValue:]Base[IfExists]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operator {
    /// The set operator, if any.
    pub set: Option<SetOperator>,
    /// The base operator.
    pub base: BaseOperator,
    /// Whether `IfExists` is appended.
    pub if_exists: bool,
}

/// Why an operator name was not understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OperatorError {
    Unknown,
    /// `NullIfExists` is not a thing.
    NullIfExists,
}

impl Operator {
    /// Parses an operator name. Names are matched exactly as AWS documents them; a name
    /// that differs only in case is also accepted, and `case_differs` says so.
    pub(crate) fn parse(name: &str) -> Result<(Operator, bool), OperatorError> {
        // Most operators are a base name as written, with no prefix or suffix (no base name
        // starts with a set prefix or ends with `IfExists`, so this is what the rest finds).
        if let Some(base) = exact_base(name) {
            let operator = Operator {
                set: None,
                base,
                if_exists: false,
            };
            return Ok((operator, false));
        }
        let mut case_differs = false;
        let mut rest = name;
        let mut set = None;
        for (prefix, op) in [
            ("ForAllValues:", SetOperator::ForAllValues),
            ("ForAnyValue:", SetOperator::ForAnyValue),
        ] {
            // As written first: a word compare, where ignoring case goes byte by byte.
            let written = rest.starts_with(prefix);
            if written
                || rest.len() >= prefix.len()
                    && rest.is_char_boundary(prefix.len())
                    && rest[..prefix.len()].eq_ignore_ascii_case(prefix)
            {
                case_differs |= !written;
                set = Some(op);
                rest = &rest[prefix.len()..];
                break;
            }
        }
        let mut if_exists = false;
        let suffix = "IfExists";
        let written = rest.len() > suffix.len() && rest.ends_with(suffix);
        if written
            || rest.len() > suffix.len()
                && rest.is_char_boundary(rest.len() - suffix.len())
                && rest[rest.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
        {
            case_differs |= !written;
            if_exists = true;
            rest = &rest[..rest.len() - suffix.len()];
        }
        let (base, exact) = exact_base(rest)
            .map(|b| (b, true))
            .or_else(|| {
                BASES
                    .iter()
                    .find(|(_, n)| n.eq_ignore_ascii_case(rest))
                    .map(|(b, _)| (*b, false))
            })
            .ok_or(OperatorError::Unknown)?;
        case_differs |= !exact;
        if base == BaseOperator::Null && if_exists {
            return Err(OperatorError::NullIfExists);
        }
        Ok((
            Operator {
                set,
                base,
                if_exists,
            },
            case_differs,
        ))
    }
}

/// The base operator named exactly `name`, as `BASES` lists it: a `match` compares the name
/// with constants in a few inlined loads (a search of `BASES` compared it with up to 27).
fn exact_base(name: &str) -> Option<BaseOperator> {
    use BaseOperator::*;
    Some(match name {
        "StringEquals" => StringEquals,
        "StringNotEquals" => StringNotEquals,
        "StringEqualsIgnoreCase" => StringEqualsIgnoreCase,
        "StringNotEqualsIgnoreCase" => StringNotEqualsIgnoreCase,
        "StringLike" => StringLike,
        "StringNotLike" => StringNotLike,
        "NumericEquals" => NumericEquals,
        "NumericNotEquals" => NumericNotEquals,
        "NumericLessThan" => NumericLessThan,
        "NumericLessThanEquals" => NumericLessThanEquals,
        "NumericGreaterThan" => NumericGreaterThan,
        "NumericGreaterThanEquals" => NumericGreaterThanEquals,
        "DateEquals" => DateEquals,
        "DateNotEquals" => DateNotEquals,
        "DateLessThan" => DateLessThan,
        "DateLessThanEquals" => DateLessThanEquals,
        "DateGreaterThan" => DateGreaterThan,
        "DateGreaterThanEquals" => DateGreaterThanEquals,
        "Bool" => Bool,
        "BinaryEquals" => BinaryEquals,
        "IpAddress" => IpAddress,
        "NotIpAddress" => NotIpAddress,
        "ArnEquals" => ArnEquals,
        "ArnLike" => ArnLike,
        "ArnNotEquals" => ArnNotEquals,
        "ArnNotLike" => ArnNotLike,
        "Null" => Null,
        _ => return None,
    })
}

/// The names of the operators, from one list: `BASES` (each base operator and its name),
/// `BaseOperator::name`, and `Operator::name`, every form an operator can be written in as a
/// constant (`concat!` of the base name and its prefix and suffix), so that naming an
/// operator in an explanation is a lookup, where a composed name was a string built each
/// time (and a search of `BASES` was most of the 188 instructions a failed condition's
/// explanation spent on it).
macro_rules! operator_names {
    ($($base:ident)*) => {
        const BASES: &[(BaseOperator, &str)] = &[$((BaseOperator::$base, stringify!($base)),)*];

        impl BaseOperator {
            /// The operator's name.
            pub fn name(self) -> &'static str {
                match self {
                    $(BaseOperator::$base => stringify!($base),)*
                }
            }
        }

        impl Operator {
            /// The operator as a policy writes it.
            pub(crate) fn name(&self) -> &'static str {
                use BaseOperator::*;
                use SetOperator::*;
                match (self.set, self.if_exists) {
                    (None, false) => self.base.name(),
                    (None, true) => match self.base {
                        $($base => concat!(stringify!($base), "IfExists"),)*
                    },
                    (Some(ForAllValues), false) => match self.base {
                        $($base => concat!("ForAllValues:", stringify!($base)),)*
                    },
                    (Some(ForAllValues), true) => match self.base {
                        $($base => concat!("ForAllValues:", stringify!($base), "IfExists"),)*
                    },
                    (Some(ForAnyValue), false) => match self.base {
                        $($base => concat!("ForAnyValue:", stringify!($base)),)*
                    },
                    (Some(ForAnyValue), true) => match self.base {
                        $($base => concat!("ForAnyValue:", stringify!($base), "IfExists"),)*
                    },
                }
            }
        }
    };
}

operator_names! {
    StringEquals StringNotEquals StringEqualsIgnoreCase StringNotEqualsIgnoreCase StringLike
    StringNotLike NumericEquals NumericNotEquals NumericLessThan NumericLessThanEquals
    NumericGreaterThan NumericGreaterThanEquals DateEquals DateNotEquals DateLessThan
    DateLessThanEquals DateGreaterThan DateGreaterThanEquals Bool BinaryEquals IpAddress
    NotIpAddress ArnEquals ArnLike ArnNotEquals ArnNotLike Null
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Operator {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One policy value of a condition, read for its operator.
#[derive(Debug, Clone)]
pub(crate) enum Operand {
    /// String operators (with wildcards for `*Like`, folded for `*IgnoreCase`).
    Text(Pattern),
    /// ARN operators: six patterns, one per ARN field.
    Arn(Box<crate::arn::ArnPattern>),
    Number(f64),
    /// Seconds since the epoch.
    Date(f64),
    Bool(bool),
    Binary(Vec<u8>),
    Cidr(IpAddr, u8),
    /// A value that does not parse as the operator's type: matches nothing.
    Invalid,
}

impl Operand {
    /// Reads the policy value `text` for `op`.
    pub(crate) fn parse(op: BaseOperator, text: &str, variables: bool) -> Operand {
        use BaseOperator::*;
        match op.operator_type() {
            OperatorType::String => {
                let wildcards = matches!(op, StringLike | StringNotLike);
                let fold = matches!(op, StringEqualsIgnoreCase | StringNotEqualsIgnoreCase);
                Operand::Text(Pattern::parse(
                    text,
                    Syntax {
                        wildcards,
                        variables,
                        fold,
                    },
                ))
            }
            OperatorType::Arn => Operand::Arn(Box::new(crate::arn::ArnPattern::parse_condition(
                text, variables,
            ))),
            OperatorType::Numeric => parse_number(text).map_or(Operand::Invalid, Operand::Number),
            OperatorType::Date => parse_date(text).map_or(Operand::Invalid, Operand::Date),
            OperatorType::Bool | OperatorType::Null => {
                parse_bool(text).map_or(Operand::Invalid, Operand::Bool)
            }
            OperatorType::Binary => base64_decode(text).map_or(Operand::Invalid, Operand::Binary),
            OperatorType::Ip => {
                parse_cidr(text).map_or(Operand::Invalid, |(a, p)| Operand::Cidr(a, p))
            }
        }
    }

    /// Whether the request value `v` matches this policy value under the positive form of
    /// `op`.
    fn matches(&self, op: BaseOperator, v: &str, ctx: &Context) -> bool {
        use BaseOperator::*;
        match self {
            Operand::Text(p) => {
                if matches!(op, StringEqualsIgnoreCase | StringNotEqualsIgnoreCase) {
                    p.matches(&v.to_lowercase(), ctx)
                } else {
                    p.matches(v, ctx)
                }
            }
            Operand::Arn(p) => p.matches(v, ctx),
            Operand::Number(n) => match parse_number(v) {
                Some(x) => match op {
                    NumericEquals | NumericNotEquals => x == *n,
                    NumericLessThan => x < *n,
                    NumericLessThanEquals => x <= *n,
                    NumericGreaterThan => x > *n,
                    NumericGreaterThanEquals => x >= *n,
                    _ => false,
                },
                None => false,
            },
            Operand::Date(d) => match parse_date(v) {
                Some(x) => match op {
                    DateEquals | DateNotEquals => x == *d,
                    DateLessThan => x < *d,
                    DateLessThanEquals => x <= *d,
                    DateGreaterThan => x > *d,
                    DateGreaterThanEquals => x >= *d,
                    _ => false,
                },
                None => false,
            },
            Operand::Bool(b) => parse_bool(v) == Some(*b),
            Operand::Binary(bytes) => match base64_decode(v) {
                Some(x) => x == *bytes,
                None => v.as_bytes() == bytes.as_slice(),
            },
            Operand::Cidr(net, prefix) => match v.trim().parse::<IpAddr>() {
                Ok(ip) => in_cidr(ip, *net, *prefix),
                Err(_) => false,
            },
            Operand::Invalid => false,
        }
    }
}

/// The result of one condition (one operator and one key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    True,
    False,
    /// False because the key is not in the request: another request could pass.
    FalseMissing,
}

/// Evaluates `op` on `key` with policy `values` against `ctx`.
pub(crate) fn evaluate(op: Operator, key: &str, values: &[Operand], ctx: &Context) -> Outcome {
    let value = ctx.get(key);
    if op.base == BaseOperator::Null {
        let present = value.is_some_and(|v| !v.values().is_empty());
        // Policy "true" means "the key is absent".
        let ok = values
            .iter()
            .any(|o| matches!(o, Operand::Bool(b) if *b != present));
        return if ok { Outcome::True } else { Outcome::False };
    }
    let any_match = |v: &str| values.iter().any(|o| o.matches(op.base, v, ctx));
    let test = |v: &str| any_match(v) != op.base.is_negated();
    let Some(value) = value else {
        return match op.set {
            Some(SetOperator::ForAllValues) => Outcome::True,
            _ if op.if_exists => Outcome::True,
            Some(SetOperator::ForAnyValue) => Outcome::FalseMissing,
            None if op.base.is_negated() => Outcome::True,
            None => Outcome::FalseMissing,
        };
    };
    let ok = match (op.set, value) {
        (Some(SetOperator::ForAllValues), v) => v.values().iter().all(|x| test(x)),
        (Some(SetOperator::ForAnyValue), v) => v.values().iter().any(|x| test(x)),
        (None, ContextValue::One(v)) => test(v),
        // A plain operator on a multivalued key: true when any request value matches;
        // negated, when none does.
        (None, ContextValue::Many(vs)) => {
            let any = vs.iter().any(|x| any_match(x));
            any != op.base.is_negated()
        }
    };
    if ok { Outcome::True } else { Outcome::False }
}

pub(crate) fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Reads a date as seconds since the epoch: an epoch number (`1700000000`) or ISO 8601
/// (`2020-01-01`, `2020-01-01T12:00:00Z`, with optional fraction and offset).
pub(crate) fn parse_date(text: &str) -> Option<f64> {
    let t = text.trim();
    if !t.is_empty()
        && t.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
        && !t[1..].contains('-')
    {
        return t.parse::<f64>().ok();
    }
    let b = t.as_bytes();
    let num = |s: &[u8]| -> Option<i64> {
        if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(s).ok()?.parse().ok()
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = num(&b[0..4])?;
    let month = num(&b[5..7])?;
    let day = num(&b[8..10])?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut secs = days_from_civil(year, month, day) as f64 * 86400.0;
    let rest = &b[10..];
    if rest.is_empty() {
        return Some(secs);
    }
    if rest[0] != b'T' && rest[0] != b't' && rest[0] != b' ' {
        return None;
    }
    let rest = &rest[1..];
    if rest.len() < 5 || rest[2] != b':' {
        return None;
    }
    let hour = num(&rest[0..2])?;
    let minute = num(&rest[3..5])?;
    let mut i = 5;
    let mut second = 0.0;
    if rest.get(i) == Some(&b':') {
        let start = i + 1;
        let mut end = start;
        while end < rest.len() && (rest[end].is_ascii_digit() || rest[end] == b'.') {
            end += 1;
        }
        second = std::str::from_utf8(&rest[start..end])
            .ok()?
            .parse::<f64>()
            .ok()?;
        i = end;
    }
    if hour > 24 || minute > 59 || second >= 61.0 {
        return None;
    }
    secs += hour as f64 * 3600.0 + minute as f64 * 60.0 + second;
    let zone = &rest[i..];
    match zone {
        [] | [b'Z'] | [b'z'] => Some(secs),
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let digits: Vec<u8> = tail.iter().copied().filter(|c| *c != b':').collect();
            if digits.len() != 4 && digits.len() != 2 {
                return None;
            }
            let h = num(&digits[0..2])?;
            let m = if digits.len() == 4 {
                num(&digits[2..4])?
            } else {
                0
            };
            let offset = (h * 3600 + m * 60) as f64;
            Some(if *sign == b'+' {
                secs - offset
            } else {
                secs + offset
            })
        }
        _ => None,
    }
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Reads `a.b.c.d/n`, `a:b::/n` or a bare address (a /32 or /128).
pub(crate) fn parse_cidr(text: &str) -> Option<(IpAddr, u8)> {
    let t = text.trim();
    let (addr, prefix) = match t.split_once('/') {
        Some((a, p)) => (a, Some(p.parse::<u8>().ok()?)),
        None => (t, None),
    };
    let ip: IpAddr = addr.parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let prefix = prefix.unwrap_or(max);
    (prefix <= max).then_some((ip, prefix))
}

fn in_cidr(ip: IpAddr, net: IpAddr, prefix: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = if prefix == 0 {
                0
            } else {
                u32::MAX << (32 - u32::from(prefix))
            };
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = if prefix == 0 {
                0
            } else {
                u128::MAX << (128 - u32::from(prefix))
            };
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

/// Standard base64 (RFC 4648), padding optional.
pub(crate) fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let t = text.trim().trim_end_matches('=');
    let mut out = Vec::with_capacity(t.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in t.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_reads_back_as_its_operator() {
        for base in BaseOperator::names().map(|n| exact_base(n).unwrap()) {
            for set in [
                None,
                Some(SetOperator::ForAllValues),
                Some(SetOperator::ForAnyValue),
            ] {
                for if_exists in [false, true] {
                    let op = Operator {
                        set,
                        base,
                        if_exists,
                    };
                    let prefix = match set {
                        Some(SetOperator::ForAllValues) => "ForAllValues:",
                        Some(SetOperator::ForAnyValue) => "ForAnyValue:",
                        None => "",
                    };
                    let suffix = if if_exists { "IfExists" } else { "" };
                    let written = [prefix, base.name(), suffix].concat();
                    assert_eq!(op.name(), written);
                    assert_eq!(op.to_string(), written);
                    if !(base == BaseOperator::Null && if_exists) {
                        assert_eq!(Operator::parse(op.name()), Ok((op, false)));
                    }
                }
            }
        }
    }

    #[test]
    fn parses_operators() {
        let (op, differs) = Operator::parse("ForAnyValue:StringLikeIfExists").unwrap();
        assert_eq!(op.set, Some(SetOperator::ForAnyValue));
        assert_eq!(op.base, BaseOperator::StringLike);
        assert!(op.if_exists && !differs);
        assert_eq!(op.to_string(), "ForAnyValue:StringLikeIfExists");
        assert!(Operator::parse("stringequals").unwrap().1);
        assert_eq!(Operator::parse("StringEqualz"), Err(OperatorError::Unknown));
        assert_eq!(
            Operator::parse("NullIfExists"),
            Err(OperatorError::NullIfExists)
        );
    }

    /// The names `exact_base` knows are those of `BASES`, and a name without a prefix or a
    /// suffix reads as it did by searching `BASES`; with them, the whole name still reads.
    #[test]
    fn exact_names_agree_with_the_list() {
        for (base, name) in BASES {
            assert_eq!(exact_base(name), Some(*base));
            assert_eq!(base.name(), *name);
            for prefix in ["", "ForAllValues:", "ForAnyValue:", "forallvalues:"] {
                for suffix in ["", "IfExists", "ifExists"] {
                    let written = format!("{prefix}{name}{suffix}");
                    for text in [written.clone(), written.to_ascii_lowercase()] {
                        let got = Operator::parse(&text);
                        if *base == BaseOperator::Null && !suffix.is_empty() {
                            assert_eq!(got, Err(OperatorError::NullIfExists));
                            continue;
                        }
                        let (op, differs) = got.unwrap();
                        assert_eq!(op.base, *base, "{text}");
                        assert_eq!(op.set.is_some(), !prefix.is_empty(), "{text}");
                        assert_eq!(op.if_exists, !suffix.is_empty(), "{text}");
                        assert_eq!(differs, text != format!("{}", op), "{text}");
                    }
                }
            }
        }
        for name in [
            "",
            "IfExists",
            "ForAllValues:",
            "Nul",
            "StringEquals ",
            "ForAllValues:x",
        ] {
            assert_eq!(Operator::parse(name), Err(OperatorError::Unknown), "{name}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01"), Some(0.0));
        assert_eq!(parse_date("1970-01-02T00:00:00Z"), Some(86400.0));
        assert_eq!(parse_date("1970-01-01T01:00:00+01:00"), Some(0.0));
        assert_eq!(parse_date("2020-01-01T00:00:00.5Z"), Some(1_577_836_800.5));
        assert_eq!(parse_date("1577836800"), Some(1_577_836_800.0));
        assert_eq!(parse_date("2020-02-30"), None);
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn cidrs() {
        let (n, p) = parse_cidr("203.0.113.0/24").unwrap();
        assert!(in_cidr("203.0.113.9".parse().unwrap(), n, p));
        assert!(!in_cidr("203.0.114.9".parse().unwrap(), n, p));
        let (n, p) = parse_cidr("2001:db8::/32").unwrap();
        assert!(in_cidr("2001:db8:1::1".parse().unwrap(), n, p));
        assert!(!in_cidr("203.0.113.9".parse().unwrap(), n, p));
        assert!(parse_cidr("10.0.0.0/33").is_none());
        let (n, p) = parse_cidr("0.0.0.0/0").unwrap();
        assert!(in_cidr("8.8.8.8".parse().unwrap(), n, p));
    }

    #[test]
    fn base64() {
        assert_eq!(base64_decode("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(base64_decode("aGVsbG8").unwrap(), b"hello");
        assert!(base64_decode("a b").is_none());
    }
}
