//! The jobs table: sortable headers, select-all, and only the rows in view rendered.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use super::row::JobRowView;
use crate::i18n::{Locale, td_string, use_i18n};
use crate::logic::list::{JobRow, ListView, Selection, SortKey};
use crate::logic::window::RowWindow;
use crate::text::tr;

/// Height of one table row, in pixels (the stylesheet sets the same).
pub const ROW_HEIGHT: f64 = 44.0;

/// The table of `shown` rows (indices into `rows`).
#[component]
pub fn JobTable(
    rows: RwSignal<Vec<JobRow>>,
    shown: Memo<Vec<usize>>,
    list_view: RwSignal<ListView>,
    selection: RwSignal<Selection>,
) -> impl IntoView {
    let i18n = use_i18n();
    let scroll_top = RwSignal::new(0.0);
    let viewport = RwSignal::new(600.0);
    let scroller = NodeRef::<html::Div>::new();
    // The viewport's height, told by a ResizeObserver after layout (reading `clientHeight`
    // here would force a layout in the middle of the first render) and on every resize.
    Effect::new(move |_| {
        let Some(el) = scroller.get() else { return };
        let seen = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if let Ok(entry) = entries.get(0).dyn_into::<web_sys::ResizeObserverEntry>() {
                viewport.set(entry.content_rect().height().max(200.0));
            }
        });
        let Ok(observer) = web_sys::ResizeObserver::new(seen.as_ref().unchecked_ref()) else {
            return;
        };
        observer.observe(&el);
        // The callback lives until the observer is disconnected (the browser is single-threaded:
        // the wrapper only states so).
        let seen = send_wrapper::SendWrapper::new(seen);
        on_cleanup(move || {
            observer.disconnect();
            drop(seen);
        });
    });
    let window =
        move || RowWindow { row_height: ROW_HEIGHT, viewport: viewport.get(), overscan: 8 };
    // The rows in view and the heights of the space above and below them.
    let visible = Memo::new(move |_| {
        let total = shown.with(Vec::len);
        let range = window().range(scroll_top.get(), total);
        let above = window().offset(&range);
        let below = window().total_height(total) - above - range.len() as f64 * ROW_HEIGHT;
        let items: Vec<JobRow> =
            rows.with(|r| shown.with(|s| s[range].iter().map(|&i| r[i].clone()).collect()));
        (items, above, below.max(0.0))
    });

    let header = move |key: SortKey, label: fn(Locale) -> &'static str| {
        let sort = move || {
            list_view.with(|v| match (v.sort == key, v.descending) {
                (false, _) => "none",
                (true, true) => "descending",
                (true, false) => "ascending",
            })
        };
        view! {
            <th scope="col" aria-sort=sort>
                <button
                    type="button"
                    class="sort"
                    on:click=move |_| list_view.update(|v| v.toggle_sort(key))
                >
                    {move || label(i18n.get_locale())}
                    <span aria-hidden="true" class="arrow">
                        {move || match sort() {
                            "ascending" => "▲",
                            "descending" => "▼",
                            _ => "",
                        }}
                    </span>
                </button>
            </th>
        }
    };
    let all_shown_selected = move || {
        let s = selection.get();
        shown
            .with(|idx| !idx.is_empty() && rows.with(|r| idx.iter().all(|&i| s.contains(&r[i].id))))
    };
    let toggle_all = move |_| {
        let ids: Vec<String> =
            rows.with(|r| shown.with(|idx| idx.iter().map(|&i| r[i].id.clone()).collect()));
        selection.update(|s| s.toggle_all(ids.iter().map(String::as_str)));
    };

    view! {
        <div
            class="table-scroll"
            node_ref=scroller
            on:scroll=move |ev| {
                crate::perf::mark("waybill:scroll-start");
                scroll_top.set(f64::from(event_target::<web_sys::Element>(&ev).scroll_top()));
                crate::perf::measure_at_next_frame("waybill:scroll", "waybill:scroll-start");
            }
        >
            <table class="jobs" aria-rowcount=move || (shown.with(Vec::len) + 1).to_string()>
                <caption class="visually-hidden">{tr(|l| td_string!(l, jobs_caption))}</caption>
                <thead>
                    <tr>
                        <th scope="col" class="check">
                            <input
                                type="checkbox"
                                aria-label=tr(|l| td_string!(l, select_all))
                                prop:checked=all_shown_selected
                                on:change=toggle_all
                            />
                        </th>
                        {header(SortKey::Name, |l| td_string!(l, col_name))}
                        {header(SortKey::Type, |l| td_string!(l, col_type))}
                        {header(SortKey::State, |l| td_string!(l, col_state))}
                        {header(SortKey::Account, |l| td_string!(l, col_account))}
                        {header(SortKey::Location, |l| td_string!(l, col_location))}
                        {header(SortKey::Drives, |l| td_string!(l, col_drives))}
                        {header(SortKey::Created, |l| td_string!(l, col_created))}
                    </tr>
                </thead>
                <tbody>
                    <tr
                        class="spacer"
                        aria-hidden="true"
                        style:height=move || px(visible.with(|v| v.1))
                    ></tr>
                    <For
                        each=move || visible.get().0
                        key=|row| (
                            row.id.clone(),
                            row.state.clone(),
                            row.cancel_requested,
                            row.drives,
                        )
                        children=move |row| view! { <JobRowView row=row selection=selection /> }
                    />
                    <tr
                        class="spacer"
                        aria-hidden="true"
                        style:height=move || px(visible.with(|v| v.2))
                    ></tr>
                </tbody>
            </table>
        </div>
    }
}

/// A CSS length in whole pixels (the spacers are whole rows high): formatting a float would
/// bring Rust's float printing into the bundle for nothing.
fn px(height: f64) -> String {
    format!("{}px", height.round() as i64)
}
