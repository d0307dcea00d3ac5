//! Dates, relative times, numbers and percentages in the chosen language (through `Intl`).
//!
//! Creating an `Intl` formatter is expensive (the first `Intl.NumberFormat` of a page cost
//! 15 ms in the console benchmark's profile, more than rendering the rows), so each one is made
//! once per language and kept; [`warm`] makes the current language's while the page waits for
//! the network.

use std::cell::RefCell;

use wasm_bindgen::{JsCast, JsValue};
use waybill_rules::Timestamp;

use crate::logic::time::relative;

/// The kinds of formatter the console uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Number,
    Percent,
    DateTime,
    Day,
    Relative,
}

impl Kind {
    const ALL: [Kind; 5] = [Kind::Number, Kind::Percent, Kind::DateTime, Kind::Day, Kind::Relative];

    /// A new formatter: the `format` function of a `NumberFormat` / `DateTimeFormat`, or the
    /// `RelativeTimeFormat` itself.
    fn make(self, tag: &str) -> JsValue {
        let locales = js_sys::Array::of1(&JsValue::from_str(tag));
        let options = js_sys::Object::new();
        let set = |key: &str, value: &str| {
            let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
        };
        match self {
            Kind::Number => js_sys::Intl::NumberFormat::new(&locales, &options).format().into(),
            Kind::Percent => {
                set("style", "percent");
                js_sys::Intl::NumberFormat::new(&locales, &options).format().into()
            }
            Kind::DateTime | Kind::Day => {
                // What `Date.toLocaleString` / `toLocaleDateString` show.
                for part in ["year", "month", "day"] {
                    set(part, "numeric");
                }
                if self == Kind::DateTime {
                    for part in ["hour", "minute", "second"] {
                        set(part, "numeric");
                    }
                }
                js_sys::Intl::DateTimeFormat::new(&locales, &options).format().into()
            }
            Kind::Relative => {
                set("numeric", "auto");
                js_sys::Intl::RelativeTimeFormat::new(&locales, &options).into()
            }
        }
    }
}

thread_local! {
    static FORMATTERS: RefCell<Vec<(Kind, String, JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// The formatter of `kind` for `tag`, made on first use.
fn formatter(kind: Kind, tag: &str) -> JsValue {
    let kept = FORMATTERS.with_borrow(|all| {
        all.iter().find(|(k, t, _)| *k == kind && t == tag).map(|(_, _, f)| f.clone())
    });
    kept.unwrap_or_else(|| {
        let made = kind.make(tag);
        FORMATTERS.with_borrow_mut(|all| all.push((kind, tag.to_owned(), made.clone())));
        made
    })
}

/// Makes every formatter of `tag` now, so the first render does not pay for them.
pub fn warm(tag: &str) {
    for kind in Kind::ALL {
        formatter(kind, tag);
    }
}

/// Calls a `format` function kept by [`formatter`].
fn call(kind: Kind, tag: &str, value: &JsValue) -> Option<String> {
    formatter(kind, tag)
        .unchecked_into::<js_sys::Function>()
        .call1(&JsValue::NULL, value)
        .ok()?
        .as_string()
}

fn date(ts: Timestamp) -> JsValue {
    js_sys::Date::new(&JsValue::from_f64(ts.0 as f64 * 1000.0)).into()
}

/// The instant now, by the browser's clock.
pub fn now() -> Timestamp {
    Timestamp((js_sys::Date::now() / 1000.0) as i64)
}

/// Date and time, e.g. "14. 3. 2024 10:00:00" in Czech.
pub fn date_time(tag: &str, ts: Timestamp) -> String {
    call(Kind::DateTime, tag, &date(ts)).unwrap_or_else(|| ts.to_rfc3339())
}

/// Date only.
pub fn day(tag: &str, ts: Timestamp) -> String {
    call(Kind::Day, tag, &date(ts)).unwrap_or_else(|| ts.to_rfc3339())
}

/// A date the API gave as text (RFC 3339, or a plain `YYYY-MM-DD` as customers write ship
/// dates), in the locale's words; text that is no date, as it is.
pub fn date_text(tag: &str, text: &str) -> String {
    let text = text.trim();
    let parsed = Timestamp::parse_rfc3339(text).ok().or_else(|| {
        (text.len() == 10)
            .then(|| Timestamp::parse_rfc3339(&format!("{text}T00:00:00Z")).ok())
            .flatten()
    });
    parsed.map_or_else(|| text.to_owned(), |ts| day(tag, ts))
}

/// "3 days ago", "před 3 dny", "3 天前".
pub fn relative_time(tag: &str, ts: Timestamp) -> String {
    let (value, unit) = relative(ts, now());
    formatter(Kind::Relative, tag)
        .unchecked_into::<js_sys::Intl::RelativeTimeFormat>()
        .format(value as f64, unit.as_str())
        .into()
}

/// A whole number with the locale's grouping ("10,000", "10 000", "10.000").
pub fn number(tag: &str, value: usize) -> String {
    call(Kind::Number, tag, &JsValue::from_f64(value as f64)).unwrap_or_else(|| value.to_string())
}

/// A percentage from 0 to 100 ("50%", "50 %").
pub fn percent(tag: &str, value: i64) -> String {
    call(Kind::Percent, tag, &JsValue::from_f64(value as f64 / 100.0))
        .unwrap_or_else(|| format!("{value}%"))
}
