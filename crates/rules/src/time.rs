//! Instants as whole seconds since the Unix epoch, in UTC, with RFC 3339 text.
//!
//! The rules never read a clock: callers pass `now`. Both the service and the console read and
//! write the API's timestamps through this one small type, so neither needs a date library.

use core::fmt;

/// Seconds in one day.
pub const SECONDS_PER_DAY: i64 = 86_400;

/// An instant, in whole seconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

/// Text that is not an RFC 3339 date-time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidTimestamp;

impl fmt::Display for InvalidTimestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not an RFC 3339 date-time such as 2024-05-01T12:00:00Z")
    }
}

impl Timestamp {
    /// The instant `days` whole days later (earlier when negative), saturating at the ends.
    pub const fn plus_days(self, days: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(days.saturating_mul(SECONDS_PER_DAY)))
    }

    /// The instant `seconds` later (earlier when negative), saturating at the ends.
    pub const fn plus_seconds(self, seconds: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(seconds))
    }

    /// The calendar date and time in UTC: (year, month 1-12, day 1-31, hour, minute, second).
    pub fn to_civil(self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.0.div_euclid(SECONDS_PER_DAY);
        let secs = self.0.rem_euclid(SECONDS_PER_DAY);
        let (y, m, d) = civil_from_days(days);
        // rem_euclid keeps `secs` in 0..86_400, so these casts cannot truncate.
        (y, m, d, (secs / 3600) as u32, (secs / 60 % 60) as u32, (secs % 60) as u32)
    }

    /// Parses RFC 3339 (`2020-02-03T01:01:01.1075056Z`, `...+02:00`); fractions are dropped.
    pub fn parse_rfc3339(text: &str) -> Result<Timestamp, InvalidTimestamp> {
        let b = text.trim().as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
            return Err(InvalidTimestamp);
        }
        if b[13] != b':' || b[16] != b':' {
            return Err(InvalidTimestamp);
        }
        let year = digits(&b[0..4])?;
        let month = digits(&b[5..7])?;
        let day = digits(&b[8..10])?;
        let hour = digits(&b[11..13])?;
        let minute = digits(&b[14..16])?;
        let second = digits(&b[17..19])?;
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return Err(InvalidTimestamp);
        }
        if hour > 23 || minute > 59 || second > 60 {
            return Err(InvalidTimestamp);
        }
        let mut rest = &b[19..];
        if rest.first() == Some(&b'.') {
            let digits_len = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits_len == 0 {
                return Err(InvalidTimestamp);
            }
            rest = &rest[1 + digits_len..];
        }
        let offset = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let hours = digits(&[*h1, *h2])?;
                let minutes = digits(&[*m1, *m2])?;
                if hours > 23 || minutes > 59 {
                    return Err(InvalidTimestamp);
                }
                let total = hours * 3600 + minutes * 60;
                if *sign == b'+' { total } else { -total }
            }
            _ => return Err(InvalidTimestamp),
        };
        let days = days_from_civil(year, month as u32, day as u32);
        let secs = days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second.min(59);
        Ok(Timestamp(secs - offset))
    }

    /// The RFC 3339 text in UTC with a `Z`, e.g. `2024-05-01T12:00:00Z`.
    pub fn to_rfc3339(self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, mo, d, h, mi, s) = self.to_civil();
        write!(f, "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    }
}

fn digits(bytes: &[u8]) -> Result<i64, InvalidTimestamp> {
    bytes.iter().try_fold(0i64, |acc, c| {
        if c.is_ascii_digit() { Ok(acc * 10 + i64::from(c - b'0')) } else { Err(InvalidTimestamp) }
    })
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

// Howard Hinnant's algorithms: exact for the proleptic Gregorian calendar.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(month) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}
