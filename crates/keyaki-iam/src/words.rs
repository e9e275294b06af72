//! Bytes tested eight at a time, in one `u64` ("SIMD within a register"): the scans that run
//! for every string of a request (JSON strings, action names, ARN patterns) share these.
//!
//! The tests are those of <https://graphics.stanford.edu/~seander/bithacks.html#ZeroInWord>:
//! `(v - ONES) & !v & HIGHS` sets the high bit of each zero byte of `v`. A borrow can also set
//! it in a byte above a zero byte, never below one, so the *lowest* flag is exact, and that is
//! the only one the callers read (`trailing_zeros() / 8`).

/// 0x01 in every byte.
pub(crate) const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
/// 0x80 in every byte.
pub(crate) const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

/// The eight bytes of `bytes` from `at`, little-endian (the first byte is the lowest), or
/// `None` when fewer than eight are left (`at` is an offset into `bytes`, so `at + 8` cannot
/// overflow).
#[inline(always)]
pub(crate) fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let mut word = [0u8; 8];
    word.copy_from_slice(bytes.get(at..at + 8)?);
    Some(u64::from_le_bytes(word))
}

/// The high bit of each byte of `x` that is a `*` or a `?` (the lowest exact). Neither has
/// its high bit set, so the two zero-byte tests share one `!x` term.
#[inline(always)]
pub(crate) fn wildcards(x: u64) -> u64 {
    let star = (x ^ (ONES * u64::from(b'*'))).wrapping_sub(ONES);
    let one = (x ^ (ONES * u64::from(b'?'))).wrapping_sub(ONES);
    (star | one) & !x & HIGHS
}

/// The index of the byte that holds the lowest set bit of `flags` (a flag, or a difference
/// in `x ^ y`): 8 when none is set.
#[inline(always)]
pub(crate) fn first_flagged(flags: u64) -> usize {
    (flags.trailing_zeros() / 8) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_flag_the_first_star_or_question_mark() {
        for (text, first) in [
            (b"abcdefgh", 8),
            (b"abc*efgh", 3),
            (b"?bcdefg*", 0),
            (b"ab\x80?*\xff**", 3),
            (b"+)>*?@*?", 3),
        ] {
            let x = word_at(text, 0).expect("eight bytes");
            assert_eq!(first_flagged(wildcards(x)), first, "{text:?}");
        }
        assert_eq!(word_at(b"1234567", 0), None);
        assert_eq!(word_at(b"123456789", 1), word_at(b"23456789", 0));
    }
}
