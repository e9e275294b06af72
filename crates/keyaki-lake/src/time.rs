//! Dates and times as the logs write them.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};

/// `YYYY-MM-DD` of an ISO 8601 time such as `2026-03-12T09:14:03Z`.
pub(crate) fn iso_date(s: &str) -> Option<String> {
    parse_iso(s).map(|t| t.format("%Y-%m-%d").to_string())
}

/// Parses ISO 8601 / RFC 3339 times, with or without fractional seconds or offset (UTC then).
pub(crate) fn parse_iso(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.fZ",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(Utc.from_utc_datetime(&t));
        }
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0).map(|t| Utc.from_utc_datetime(&t));
    }
    None
}

/// Converts a Joda-Time pattern (Athena's `parse_datetime`) to a chrono format string.
pub(crate) fn joda_to_chrono(p: &str) -> String {
    let chars: Vec<char> = p.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mut run = 1;
        while i + run < chars.len() && chars[i + run] == c {
            run += 1;
        }
        match c {
            '\'' => {
                // Quoted literal; '' is a quote.
                let mut j = i + 1;
                while j < chars.len() && chars[j] != '\'' {
                    out.push(chars[j]);
                    j += 1;
                }
                if j == i + 1 {
                    out.push('\'');
                }
                i = j + 1;
                continue;
            }
            'y' => out.push_str(if run == 2 { "%y" } else { "%Y" }),
            'M' => out.push_str(if run >= 3 { "%b" } else { "%m" }),
            'd' => out.push_str("%d"),
            'H' => out.push_str("%H"),
            'm' => out.push_str("%M"),
            's' => out.push_str("%S"),
            'S' => {
                if out.ends_with('.') {
                    out.pop();
                    out.push_str("%.f");
                } else {
                    out.push_str("%f");
                }
            }
            'Z' => out.push_str("%z"),
            '%' => out.push_str("%%"),
            _ => {
                for _ in 0..run {
                    out.push(c);
                }
            }
        }
        i += run;
    }
    out
}

/// Parses `s` with a Joda-Time pattern, as UTC.
pub(crate) fn parse_joda(s: &str, pattern: &str) -> Option<DateTime<Utc>> {
    let f = joda_to_chrono(pattern);
    if let Ok(t) = DateTime::parse_from_str(s, &f) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(s, &f) {
        return Some(Utc.from_utc_datetime(&t));
    }
    chrono::NaiveDate::parse_from_str(s, &f)
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| Utc.from_utc_datetime(&t))
}

/// `YYYY-MM-DD` of a Unix time in seconds.
pub(crate) fn unix_date(secs: i64) -> Option<String> {
    DateTime::from_timestamp(secs, 0).map(|t| t.format("%Y-%m-%d").to_string())
}

/// An nginx `$time_local` such as `12/Mar/2026:08:11:24 +0000`, as a UTC time.
pub(crate) fn parse_clf(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_str(s, "%d/%b/%Y:%H:%M:%S %z")
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The ISO 8601 text keyaki writes for derived times: `2026-03-12T09:14:03Z` (with
/// microseconds when there are any).
pub(crate) fn to_iso(t: DateTime<Utc>) -> String {
    if t.timestamp_subsec_micros() == 0 {
        t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    } else {
        t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
    }
}
