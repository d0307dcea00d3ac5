//! Performance marks and measures, read by the console benchmark (`scripts/bench-console.sh`)
//! from `performance.getEntriesByType("measure")`. Cheap enough to stay on: a mark is a
//! timestamp in the browser's own timeline.

/// Marks the start of something called `name`.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Measures from the mark `start` to now, as `name`.
pub fn measure(name: &str, start: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.measure_with_start_mark(name, start);
    }
}

/// Measures from the mark `start` to the next animation frame (after the DOM work the change
/// caused, before the browser paints), as `name`.
pub fn measure_at_next_frame(name: &'static str, start: &'static str) {
    leptos::prelude::request_animation_frame(move || measure(name, start));
}

/// Measures from the mark `start` to the first task after the frame showing the change (its
/// layout and paint included), as `name`.
pub fn measure_after_paint(name: &'static str, start: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        leptos::prelude::set_timeout(move || measure(name, start), std::time::Duration::ZERO);
    });
}
