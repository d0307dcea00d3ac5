//! RFC 3339 time, read and written exactly: every field's bounds, offsets, fractions, leap
//! years and months of 30 days, against known instants. Also run under wasm32.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use waybill_rules::{InvalidTimestamp, SECONDS_PER_DAY, Timestamp};

fn parse(text: &str) -> Result<i64, InvalidTimestamp> {
    Timestamp::parse_rfc3339(text).map(|t| t.0)
}

#[test]
fn known_instants_read_and_write_exactly() {
    assert_eq!(parse("1970-01-01T00:00:00Z"), Ok(0));
    assert_eq!(parse("2024-05-01T12:00:00Z"), Ok(1_714_564_800));
    assert_eq!(parse("2000-03-01T00:00:00Z"), Ok(951_868_800));
    assert_eq!(parse("1969-12-31T23:59:59Z"), Ok(-1));
    assert_eq!(Timestamp(1_714_564_800).to_rfc3339(), "2024-05-01T12:00:00Z");
    assert_eq!(Timestamp(-1).to_rfc3339(), "1969-12-31T23:59:59Z");
    assert_eq!(Timestamp(951_868_800).to_string(), "2000-03-01T00:00:00Z");
}

#[test]
fn offsets_move_the_instant_to_utc_and_fractions_are_dropped() {
    assert_eq!(parse("2024-05-01T14:30:00+02:30"), Ok(1_714_564_800));
    assert_eq!(parse("2024-05-01T09:15:00-02:45"), Ok(1_714_564_800));
    assert_eq!(parse("2024-05-01T12:00:00.1075056Z"), Ok(1_714_564_800));
    assert_eq!(parse("2024-05-01t12:00:00z"), Ok(1_714_564_800));
    assert_eq!(parse("2024-05-01 12:00:00Z"), Ok(1_714_564_800));
    assert_eq!(parse("2024-05-01T12:00:60Z"), Ok(1_714_564_859), "a leap second reads as :59");
    assert_eq!(parse("2024-05-01T23:59:59+23:59"), parse("2024-05-01T00:00:59Z"));
}

#[test]
fn every_field_is_checked_against_its_bounds() {
    for text in [
        "2024-05-01T12:00:00",  // no zone
        "2024-05-01T12:00:0Z",  // too short
        "2024/05/01T12:00:00Z", // separators
        "2024-05/01T12:00:00Z",
        "2024-05-01X12:00:00Z",
        "2024-05-01T12-00:00Z",
        "2024-05-01T12:00-00Z",
        "2024-00-01T12:00:00Z", // month 0
        "2024-13-01T12:00:00Z", // month 13
        "2024-05-00T12:00:00Z", // day 0
        "2024-05-32T12:00:00Z", // day 32
        "2024-04-31T12:00:00Z", // April has 30 days
        "2024-06-31T12:00:00Z",
        "2024-09-31T12:00:00Z",
        "2024-11-31T12:00:00Z",
        "2023-02-29T12:00:00Z",      // not a leap year
        "1900-02-29T12:00:00Z",      // a century is not
        "2024-05-01T24:00:00Z",      // hour 24
        "2024-05-01T12:60:00Z",      // minute 60
        "2024-05-01T12:00:61Z",      // second 61
        "2024-05-01T12:00:00.Z",     // a point without digits
        "2024-05-01T12:00:00+24:00", // offset hours
        "2024-05-01T12:00:00+02:60", // offset minutes
        "2024-05-01T12:00:00+0200",
        "2024-05-01T12:00:00Zjunk",
        "2O24-05-01T12:00:00Z", // a letter for a digit
    ] {
        assert_eq!(parse(text), Err(InvalidTimestamp), "{text}");
    }
    for text in [
        "2024-02-29T12:00:00Z", // a leap year
        "2000-02-29T12:00:00Z", // every 400 years
        "2024-04-30T23:59:59Z",
        "2024-05-31T00:00:00Z",
        "2024-12-31T00:00:00Z",
        "2024-01-31T00:00:00Z",
        "2024-05-01T23:59:59Z",
    ] {
        assert!(parse(text).is_ok(), "{text}");
    }
}

#[test]
fn leap_days_count() {
    let day = |text: &str| parse(text).expect("valid") / SECONDS_PER_DAY;
    assert_eq!(day("2024-03-01T00:00:00Z") - day("2024-02-28T00:00:00Z"), 2);
    assert_eq!(day("2023-03-01T00:00:00Z") - day("2023-02-28T00:00:00Z"), 1);
    assert_eq!(day("2100-03-01T00:00:00Z") - day("2100-02-28T00:00:00Z"), 1);
    assert_eq!(day("2000-03-01T00:00:00Z") - day("2000-02-28T00:00:00Z"), 2);
}

#[test]
fn days_and_seconds_add_and_saturate() {
    let t = Timestamp(1_714_564_800);
    assert_eq!(t.plus_days(1).0 - t.0, SECONDS_PER_DAY);
    assert_eq!(t.plus_days(-1).0 - t.0, -SECONDS_PER_DAY);
    assert_eq!(t.plus_seconds(61).to_rfc3339(), "2024-05-01T12:01:01Z");
    assert_eq!(Timestamp(i64::MAX).plus_days(1), Timestamp(i64::MAX));
    assert_eq!(Timestamp(i64::MIN).plus_seconds(-1), Timestamp(i64::MIN));
    assert_eq!(t.to_civil(), (2024, 5, 1, 12, 0, 0));
}

#[test]
fn dates_at_the_edges_of_centuries_and_eras_write_back_as_read() {
    for text in [
        "2000-02-29T00:00:00Z", // the last day of a 400-year era
        "2000-03-01T00:00:00Z", // the first day of the next
        "1600-03-01T00:00:00Z",
        "1700-02-28T23:59:59Z",
        "1700-03-01T00:00:00Z",
        "1999-12-31T23:59:59Z",
        "2100-02-28T12:00:00Z",
        "2400-02-29T12:00:00Z",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
    ] {
        let t = Timestamp::parse_rfc3339(text).expect("valid");
        assert_eq!(t.to_rfc3339(), text);
    }
}
