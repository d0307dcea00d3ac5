//! A table that scrolls on its own when wider than the page: a focusable region named by its
//! section's heading (so keyboard users can scroll it), with one column heading per
//! `columns` entry.

use leptos::prelude::*;

use crate::i18n::Locale;

/// The table, its column headings (words of the current language) and its rows.
#[component]
pub fn RegionTable(
    /// The table's class.
    class: &'static str,
    /// The id of the heading that names the region.
    labelled_by: &'static str,
    /// The table's name (a caption for screen readers; the heading shows it).
    caption: fn(Locale) -> &'static str,
    /// Each column's heading.
    columns: Vec<fn(Locale) -> &'static str>,
    /// The rows (`<tr>`s).
    children: Children,
) -> impl IntoView {
    let headings = columns
        .into_iter()
        .map(|key| view! { <th scope="col">{crate::text::tr(key)}</th> })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby=labelled_by>
            <table class=class>
                <caption class="visually-hidden">{crate::text::tr(caption)}</caption>
                <thead>
                    <tr>{headings}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
