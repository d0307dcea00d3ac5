//! Dates, relative times, numbers and percentages in the chosen language (through `Intl`).

use wasm_bindgen::JsValue;
use waybill_rules::Timestamp;

use crate::logic::time::relative;

fn date(ts: Timestamp) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(ts.0 as f64 * 1000.0))
}

/// The instant now, by the browser's clock.
pub fn now() -> Timestamp {
    Timestamp((js_sys::Date::now() / 1000.0) as i64)
}

/// Date and time, e.g. "14. 3. 2024 10:00:00" in Czech.
pub fn date_time(tag: &str, ts: Timestamp) -> String {
    date(ts).to_locale_string(tag, &JsValue::UNDEFINED).into()
}

/// Date only.
pub fn day(tag: &str, ts: Timestamp) -> String {
    date(ts).to_locale_date_string(tag, &JsValue::UNDEFINED).into()
}

/// "3 days ago", "před 3 dny", "3 天前".
pub fn relative_time(tag: &str, ts: Timestamp) -> String {
    let (value, unit) = relative(ts, now());
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"numeric".into(), &"auto".into());
    let locales = js_sys::Array::of1(&JsValue::from_str(tag));
    let formatter = js_sys::Intl::RelativeTimeFormat::new(&locales, &options);
    formatter.format(value as f64, unit.as_str()).into()
}

fn number_format(tag: &str, options: &js_sys::Object, value: f64) -> String {
    let locales = js_sys::Array::of1(&JsValue::from_str(tag));
    let formatter = js_sys::Intl::NumberFormat::new(&locales, options);
    formatter
        .format()
        .call1(&JsValue::NULL, &JsValue::from_f64(value))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| value.to_string())
}

/// A whole number with the locale's grouping ("10,000", "10 000", "10.000").
pub fn number(tag: &str, value: usize) -> String {
    number_format(tag, &js_sys::Object::new(), value as f64)
}

/// A percentage from 0 to 100 ("50%", "50 %").
pub fn percent(tag: &str, value: i64) -> String {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"style".into(), &"percent".into());
    number_format(tag, &options, value as f64 / 100.0)
}
