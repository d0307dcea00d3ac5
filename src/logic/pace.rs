//! How fast the console reads a list: its read budget. A first load reads page after page as
//! fast as the service answers (the first rows show at once, the rest stream in); a refresh
//! without a live stream reads at most one page a second, so one open tab stays within about
//! 3,600 reads an hour whatever the list's size (Azure Resource Manager allows about 12,000 an
//! hour per subscription, shared by every user of it). When the service says its remaining
//! reads are running low (`x-ms-ratelimit-remaining-subscription-reads`) every read waits
//! longer, up to [`SLOWEST_GAP_MS`]; a `429` is waited out as its `Retry-After` says.

/// The least time between two reads of a refresh, in milliseconds.
pub const READ_GAP_MS: u32 = 1_000;
/// Below this many remaining reads the console slows down: what ARM's read bucket (250) gets
/// back in one second.
pub const LOW_READS: u64 = 25;
/// The pause between two reads when no read is left, in milliseconds.
pub const SLOWEST_GAP_MS: u32 = 10_000;
/// The longest `Retry-After` taken as said; a longer one is waited this long, then asked again.
pub const LONGEST_WAIT_MS: u32 = 300_000;

/// The least time between the previous read and the next: none for a first load that hurries
/// while reads are plentiful, else [`READ_GAP_MS`]; as the remaining reads fall below
/// [`LOW_READS`], longer in proportion, up to [`SLOWEST_GAP_MS`] with none left.
pub fn gap_before_read(hurry: bool, remaining: Option<u64>) -> u32 {
    match remaining {
        Some(left) if left < LOW_READS => {
            let missing = (LOW_READS - left) as f64 / LOW_READS as f64;
            let slowest = f64::from(SLOWEST_GAP_MS - READ_GAP_MS);
            READ_GAP_MS + (missing * slowest).round() as u32
        }
        _ if hurry => 0,
        _ => READ_GAP_MS,
    }
}

/// How long to wait after the `consecutive`-th `429` in a row (1 for the first): the
/// `Retry-After` seconds when the service said (at least 1 s, at most
/// [`LONGEST_WAIT_MS`]); otherwise 5 s, doubling with each refusal in a row, up to 60 s.
pub fn wait_after_throttle(retry_after_seconds: Option<u32>, consecutive: u32) -> u32 {
    match retry_after_seconds {
        Some(seconds) => seconds.saturating_mul(1_000).clamp(1_000, LONGEST_WAIT_MS),
        None => {
            let doublings = consecutive.saturating_sub(1).min(4);
            (5_000u32 << doublings).min(60_000)
        }
    }
}

/// Reads a `Retry-After` header given in seconds (the HTTP-date form is not one ARM sends;
/// it reads as absent, and the console backs off on its own).
pub fn retry_after_seconds(header: Option<&str>) -> Option<u32> {
    header?.trim().parse::<u32>().ok()
}

/// Reads `x-ms-ratelimit-remaining-subscription-reads`.
pub fn remaining_reads(header: Option<&str>) -> Option<u64> {
    header?.trim().parse::<u64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_load_hurries_and_a_refresh_reads_one_page_a_second() {
        assert_eq!(gap_before_read(true, None), 0);
        assert_eq!(gap_before_read(true, Some(LOW_READS)), 0);
        assert_eq!(gap_before_read(false, None), READ_GAP_MS);
        assert_eq!(gap_before_read(false, Some(11_999)), READ_GAP_MS);
    }

    #[test]
    fn reads_slow_down_as_the_remaining_reads_run_low_whoever_asks() {
        for hurry in [false, true] {
            assert_eq!(gap_before_read(hurry, Some(LOW_READS - 1)), READ_GAP_MS + 360);
            assert_eq!(gap_before_read(hurry, Some(LOW_READS / 2)), 5_680);
            assert_eq!(gap_before_read(hurry, Some(0)), SLOWEST_GAP_MS);
        }
        let gaps: Vec<u32> =
            (0..LOW_READS).rev().map(|left| gap_before_read(false, Some(left))).collect();
        assert!(gaps.windows(2).all(|w| w[0] <= w[1]), "fewer reads left never means faster");
    }

    #[test]
    fn a_throttled_read_waits_as_told_within_bounds_or_backs_off() {
        assert_eq!(wait_after_throttle(Some(7), 1), 7_000);
        assert_eq!(wait_after_throttle(Some(0), 1), 1_000);
        assert_eq!(wait_after_throttle(Some(86_400), 1), LONGEST_WAIT_MS);
        assert_eq!(wait_after_throttle(Some(u32::MAX), 3), LONGEST_WAIT_MS);
        let backoff: Vec<u32> = (1..=7).map(|n| wait_after_throttle(None, n)).collect();
        assert_eq!(backoff, [5_000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
        assert_eq!(wait_after_throttle(None, 0), 5_000);
    }

    #[test]
    fn headers_are_read_when_they_are_numbers() {
        assert_eq!(retry_after_seconds(Some(" 12 ")), Some(12));
        assert_eq!(retry_after_seconds(Some("Wed, 21 Oct 2026 07:28:00 GMT")), None);
        assert_eq!(retry_after_seconds(None), None);
        assert_eq!(remaining_reads(Some("11999")), Some(11_999));
        assert_eq!(remaining_reads(Some("-1")), None);
        assert_eq!(remaining_reads(Some("")), None);
    }
}
