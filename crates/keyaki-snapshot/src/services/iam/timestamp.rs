//! Points in time as AWS outputs write them.
//!
//! IAM (a query-protocol service) returns ISO 8601 text (`2014-07-30T17:09:20Z`), which the
//! AWS CLI v2 prints as `2014-07-30T17:09:20+00:00`; the credential report writes
//! `2014-07-30T17:09:20+00:00`; JSON-protocol services such as AWS Organizations return
//! seconds since the epoch, which the AWS CLI prints as a number (`1481830215.45`) when its
//! `cli_timestamp_format` is `none`. [`Timestamp`] reads all of them and orders them by the
//! instant they name.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// An instant, with the text it was read from.
///
/// Two timestamps are equal when they name the same instant, whatever their text
/// (`2024-01-01T00:00:00Z` and `2024-01-01T00:00:00+00:00` are equal).
#[derive(Clone)]
pub struct Timestamp {
    text: Box<str>,
    seconds: i64,
    nanos: u32,
}

/// Text that is not an ISO 8601 date and time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid timestamp {input:?}: expected an ISO 8601 date and time such as 2024-05-01T12:00:00Z"
)]
pub struct InvalidTimestamp {
    /// The text that was given.
    pub input: String,
}

impl Timestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM|±HHMM|±HH]`. A space may stand for the
    /// `T`; a time without an offset is read as UTC.
    pub fn parse(text: &str) -> Result<Self, InvalidTimestamp> {
        let invalid = || InvalidTimestamp {
            input: text.to_owned(),
        };
        let (seconds, nanos) = parse_iso8601(text).ok_or_else(invalid)?;
        Ok(Self {
            text: text.into(),
            seconds,
            nanos,
        })
    }

    /// The instant `seconds` (and `nanos`) after 1970-01-01T00:00:00Z, written in ISO 8601.
    pub fn from_unix(seconds: i64, nanos: u32) -> Self {
        let nanos = nanos.min(999_999_999);
        let days = seconds.div_euclid(86_400);
        let secs = seconds.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let mut text = format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        );
        if nanos != 0 {
            let fraction = format!("{nanos:09}");
            text.push('.');
            text.push_str(fraction.trim_end_matches('0'));
        }
        text.push('Z');
        Self {
            text: text.into(),
            seconds,
            nanos,
        }
    }

    /// The text the timestamp was read from.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whole seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(&self) -> i64 {
        self.seconds
    }

    /// The fraction of the second, in nanoseconds.
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        (self.seconds, self.nanos) == (other.seconds, other.nanos)
    }
}
impl Eq for Timestamp {}
impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.seconds, self.nanos).cmp(&(other.seconds, other.nanos))
    }
}
impl Hash for Timestamp {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.seconds, self.nanos).hash(state);
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({})", self.text)
    }
}

impl std::str::FromStr for Timestamp {
    type Err = InvalidTimestamp;
    fn from_str(s: &str) -> Result<Self, InvalidTimestamp> {
        Self::parse(s)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;
        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ISO 8601 date and time, or seconds since the epoch")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse(v).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
                Ok(Timestamp::from_unix(v, 0))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
                i64::try_from(v)
                    .map(|v| Timestamp::from_unix(v, 0))
                    .map_err(|_| E::custom(format!("timestamp {v} is out of range")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Timestamp, E> {
                // Seconds since the epoch with a fraction, as JSON-protocol services send them.
                if !v.is_finite() || v.abs() > 1e15 {
                    return Err(E::custom(format!("timestamp {v} is out of range")));
                }
                // An f64 near 1.7e9 holds about six digits after the point: keep microseconds.
                let seconds = v.floor();
                let micros = ((v - seconds) * 1e6).round().min(999_999.0);
                Ok(Timestamp::from_unix(seconds as i64, micros as u32 * 1000))
            }
        }
        d.deserialize_any(TimestampVisitor)
    }
}

/// Seconds and nanoseconds since the epoch, or `None` if `text` is not ISO 8601.
fn parse_iso8601(text: &str) -> Option<(i64, u32)> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(range)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(part.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let year = digits(0..4)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let month = digits(5..7)?;
    let day = digits(8..10)?;
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let hour = digits(11..13)?;
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return None;
    }
    let minute = digits(14..16)?;
    let second = digits(17..19)?;
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut i = 19;
    let mut nanos: u32 = 0;
    if matches!(b.get(i), Some(b'.' | b',')) {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            if i - start < 9 {
                nanos = nanos * 10 + u32::from(b[i] - b'0');
            }
            i += 1;
        }
        if i == start {
            return None;
        }
        for _ in (i - start).min(9)..9 {
            nanos *= 10;
        }
    }
    let offset_seconds = match b.get(i) {
        None => 0,
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) => {
            let rest = &text[i + 1..];
            let (h, m) = match rest.len() {
                2 => (digits(i + 1..i + 3)?, 0),
                4 => (digits(i + 1..i + 3)?, digits(i + 3..i + 5)?),
                5 if rest.as_bytes()[2] == b':' => (digits(i + 1..i + 3)?, digits(i + 4..i + 6)?),
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            let offset = h * 3600 + m * 60;
            if *sign == b'+' { offset } else { -offset }
        }
        Some(_) => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_seconds;
    Some((seconds, nanos))
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of `days` since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ts(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn reads_the_forms_aws_writes() {
        // IAM's own text, the CLI v2 rendering, and the credential report's.
        assert_eq!(ts("2014-07-30T17:09:20Z").unix_seconds(), 1_406_740_160);
        assert_eq!(ts("2014-07-30T17:09:20+00:00"), ts("2014-07-30T17:09:20Z"));
        assert_eq!(ts("2014-07-30T19:09:20+02:00"), ts("2014-07-30T17:09:20Z"));
        assert_eq!(ts("2014-07-30T12:09:20-0500"), ts("2014-07-30T17:09:20Z"));
        let fraction = ts("2016-12-15T19:30:15.450Z");
        assert_eq!(fraction.subsec_nanos(), 450_000_000);
        assert_eq!(ts("2016-12-15 19:30:15").unix_seconds(), 1_481_830_215);
        assert_eq!(
            ts("2016-12-15T19:30:15+00:00").as_str(),
            "2016-12-15T19:30:15+00:00"
        );
    }

    #[test]
    fn reads_epoch_numbers() {
        let t: Timestamp = serde_json::from_str("1481830215.45").unwrap();
        assert_eq!(t.unix_seconds(), 1_481_830_215);
        assert_eq!(t.subsec_nanos(), 450_000_000);
        assert_eq!(t.as_str(), "2016-12-15T19:30:15.45Z");
        let t: Timestamp = serde_json::from_str("0").unwrap();
        assert_eq!(t.as_str(), "1970-01-01T00:00:00Z");
        let t: Timestamp = serde_json::from_str("\"2024-02-29T00:00:00Z\"").unwrap();
        assert_eq!(t.as_str(), "2024-02-29T00:00:00Z");
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for bad in [
            "",
            "N/A",
            "2014-07-30",
            "2014-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2014-07-30T24:00:00Z",
            "2014-07-30T17:09:20Q",
            "2014-07-30T17:09:20Zjunk",
            "2014-07-30T17:09:20.Z",
            "2014-07-30T17:09:20+5",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad:?} parsed");
        }
        let e = serde_json::from_str::<Timestamp>("\"yesterday\"").unwrap_err();
        assert!(
            e.to_string().contains("invalid timestamp \"yesterday\""),
            "{e}"
        );
    }

    proptest! {
        #[test]
        fn formatting_round_trips(seconds in -62_135_596_800i64..253_402_300_799, nanos in 0u32..1_000_000_000) {
            let t = Timestamp::from_unix(seconds, nanos);
            let back = Timestamp::parse(t.as_str()).unwrap();
            prop_assert_eq!(back.unix_seconds(), seconds);
            prop_assert_eq!(back.subsec_nanos(), nanos);
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,40}") {
            let _ = Timestamp::parse(&s);
        }
    }
}
