//! Relative times ("3 days ago", "in 2 months") as a value and a unit, which the view formats
//! with the browser's `Intl.RelativeTimeFormat` in the user's language.

use waybill_rules::Timestamp;

/// A unit of relative time, as `Intl.RelativeTimeFormat` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Seconds.
    Second,
    /// Minutes.
    Minute,
    /// Hours.
    Hour,
    /// Days.
    Day,
    /// Months (30 days).
    Month,
    /// Years (365 days).
    Year,
}

impl Unit {
    /// The name `Intl.RelativeTimeFormat` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Second => "second",
            Unit::Minute => "minute",
            Unit::Hour => "hour",
            Unit::Day => "day",
            Unit::Month => "month",
            Unit::Year => "year",
        }
    }
}

/// `then` relative to `now`: negative values are in the past.
pub fn relative(then: Timestamp, now: Timestamp) -> (i64, Unit) {
    let delta = then.0.saturating_sub(now.0);
    let size = delta.unsigned_abs();
    let (divisor, unit) = match size {
        0..60 => (1, Unit::Second),
        60..3_600 => (60, Unit::Minute),
        3_600..86_400 => (3_600, Unit::Hour),
        86_400..2_592_000 => (86_400, Unit::Day),
        2_592_000..31_536_000 => (2_592_000, Unit::Month),
        _ => (31_536_000, Unit::Year),
    };
    (delta / divisor, unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_largest_whole_unit() {
        let now = Timestamp(1_000_000_000);
        assert_eq!(relative(Timestamp(now.0 - 30), now), (-30, Unit::Second));
        assert_eq!(relative(Timestamp(now.0 - 7_200), now), (-2, Unit::Hour));
        assert_eq!(relative(now.plus_days(-3), now), (-3, Unit::Day));
        assert_eq!(relative(now.plus_days(90), now), (3, Unit::Month));
        assert_eq!(relative(now.plus_days(-800), now), (-2, Unit::Year));
    }
}
