//! Dates, relative times and numbers in the browser's language (through `Intl`).

use waybill_rules::Timestamp;

use crate::logic::time::relative;

fn date(ts: Timestamp) -> js_sys::Date {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ts.0 as f64 * 1000.0))
}

/// The instant now, by the browser's clock.
pub fn now() -> Timestamp {
    Timestamp((js_sys::Date::now() / 1000.0) as i64)
}

/// Date and time, e.g. "3/14/2024, 10:00:00 AM".
pub fn date_time(ts: Timestamp) -> String {
    date(ts).to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED).into()
}

/// Date only.
pub fn day(ts: Timestamp) -> String {
    date(ts).to_locale_date_string("default", &wasm_bindgen::JsValue::UNDEFINED).into()
}

/// "3 days ago", "in 2 months".
pub fn relative_time(ts: Timestamp) -> String {
    let (value, unit) = relative(ts, now());
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"numeric".into(), &"auto".into());
    let formatter = js_sys::Intl::RelativeTimeFormat::new(&js_sys::Array::new(), &options);
    formatter.format(value as f64, unit.as_str()).into()
}
