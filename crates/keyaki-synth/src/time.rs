//! Timestamps as the AWS CLI prints them, computed from seconds since the Unix epoch.
//!
//! No clock is read: every time is an offset from a base derived from the seed.

use crate::ids::mix;

/// One day in seconds.
pub(crate) const DAY: i64 = 86_400;

/// 2019-01-01T00:00:00Z.
const EARLIEST: i64 = 1_546_300_800;

/// The span in which everything in a snapshot is created.
pub(crate) const HISTORY: i64 = 4 * 365 * DAY;

/// The start of an account's history: a day between 2019 and 2022 chosen by the seed.
pub(crate) fn epoch(seed: u64) -> i64 {
    EARLIEST + (mix(seed ^ 0x7133) % (3 * 365)) as i64 * DAY
}

/// `2021-03-04T05:06:07+00:00`, the AWS CLI's default `iso8601` timestamp format.
pub(crate) fn iso(ts: i64) -> String {
    let (y, m, d, hh, mm, ss) = civil(ts);
    format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}+00:00")
}

/// `2021-03-04 05:06:07 GMT`, as EC2 writes times into state transition reasons.
pub(crate) fn gmt(ts: i64) -> String {
    let (y, m, d, hh, mm, ss) = civil(ts);
    format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02} GMT")
}

fn civil(ts: i64) -> (i64, i64, i64, i64, i64, i64) {
    let days = ts.div_euclid(DAY);
    let secs = ts.rem_euclid(DAY);
    // Days since the epoch to a proleptic Gregorian date (era-based civil-from-days).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d, secs / 3600, secs / 60 % 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(iso(0), "1970-01-01T00:00:00+00:00");
        assert_eq!(iso(1_385_854_602), "2013-11-30T23:36:42+00:00");
        assert_eq!(iso(951_782_400), "2000-02-29T00:00:00+00:00");
        assert_eq!(gmt(1_385_854_602), "2013-11-30 23:36:42 GMT");
    }

    #[test]
    fn epoch_is_within_range() {
        for seed in 0..100 {
            let e = epoch(seed);
            assert!((EARLIEST..EARLIEST + 3 * 365 * DAY).contains(&e));
        }
    }
}
