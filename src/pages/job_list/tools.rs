//! The list's tools besides the bulk actions: "New job", the list taken away as CSV or JSON
//! (as shown: filters, search and order applied), and — with the service's operator token —
//! the simulated data center's clock, moved forward N days (which runs retention).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::client::{Clock, Error, use_client};
use crate::components::ErrorNotice;
use crate::i18n::td_string;
use crate::i18n::{t_string, use_i18n};
use crate::logic::export::{jobs_csv, jobs_json};
use crate::logic::list::JobRow;
use crate::session::Session;
use crate::text::tr;
use crate::{format, routes, text};

/// Saves `contents` as a file named `name` (a download of a `blob:` URL).
fn download(name: &str, mime: &str, contents: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(a) = document()
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    // The download has its own copy once started.
    set_timeout(
        move || drop(web_sys::Url::revoke_object_url(&url)),
        std::time::Duration::from_secs(10),
    );
}

/// "New job", "Export CSV" and "Export JSON".
#[component]
pub fn ListTools(rows: RwSignal<Vec<JobRow>>, shown: Memo<Vec<usize>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let file = move |ext: &str| {
        let scope = session.scope_untracked();
        let rg = Some(scope.resource_group).filter(|g| !g.is_empty());
        let scope =
            rg.map_or(scope.subscription.clone(), |g| format!("{}-{g}", scope.subscription));
        format!("waybill-jobs-{scope}.{ext}")
    };
    let export_csv = move |_| {
        let locale = i18n.get_locale();
        let header = [
            t_string!(i18n, col_name),
            t_string!(i18n, col_type),
            t_string!(i18n, col_state),
            t_string!(i18n, cancel_requested),
            t_string!(i18n, col_account),
            t_string!(i18n, col_location),
            t_string!(i18n, col_drives),
            t_string!(i18n, col_created),
            t_string!(i18n, col_resource_id),
        ];
        let text = shown.with_untracked(|shown| {
            rows.with_untracked(|rows| {
                jobs_csv(
                    &header,
                    shown.iter().filter_map(|&i| rows.get(i)),
                    |r| {
                        let job_type = r.job_type.as_ref().map(|t| text::any_job_type(locale, t));
                        (job_type.unwrap_or_default(), text::any_state(locale, &r.state))
                    },
                    t_string!(i18n, yes),
                )
            })
        });
        download(&file("csv"), "text/csv;charset=utf-8", &text);
    };
    let export_json = move |_| {
        let text = shown.with_untracked(|shown| {
            rows.with_untracked(|rows| jobs_json(shown.iter().filter_map(|&i| rows.get(i))))
        });
        download(&file("json"), "application/json", &text);
    };
    view! {
        <div class="list-tools">
            <a class="button primary" href=routes::NEW_JOB>
                {tr(|l| td_string!(l, new_job))}
            </a>
            <div class="export" role="group" aria-label=tr(|l| td_string!(l, export_label))>
                <button type="button" class="button" on:click=export_csv>
                    {tr(|l| td_string!(l, export_csv))}
                </button>
                <button type="button" class="button" on:click=export_json>
                    {tr(|l| td_string!(l, export_json))}
                </button>
            </div>
        </div>
    }
}

/// The service's clock, moved forward by whole days; offered only with the operator token.
/// `on_moved` runs after a move (the sweep may have removed jobs).
#[component]
pub fn ServiceClock(on_moved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let client = use_client();
    let clock = RwSignal::new(None::<Clock>);
    let days = RwSignal::new("90".to_owned());
    let refused = RwSignal::new(None::<Error>);
    let moved = RwSignal::new(None::<u64>);
    {
        let client = client.clone();
        Effect::new(move |_| {
            if !session.has_operator() {
                return;
            }
            let Some(api) = client.operator() else { return };
            leptos::task::spawn_local(async move {
                if let Ok(c) = api.clock().await {
                    clock.set(Some(c));
                }
            });
        });
    }
    let advance = Action::new_local(move |days: &u32| {
        let (days, api) = (*days, client.operator());
        async move {
            let Some(api) = api else { return };
            match api.advance_clock(days).await {
                Ok(c) => {
                    refused.set(None);
                    moved.set(Some(c.removed_jobs.unwrap_or(0)));
                    clock.set(Some(c));
                    on_moved.run(());
                }
                Err(e) => refused.set(Some(e)),
            }
        }
    });
    let busy = advance.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(n) = days.get_untracked().trim().parse::<u32>() {
            advance.dispatch_local(n);
        }
    };
    let now = move || {
        let tag = text::tag(i18n.get_locale());
        clock.with(|c| c.as_ref().map(|c| format::date_text(tag, &c.now))).unwrap_or_default()
    };
    move || {
        session.has_operator().then(|| {
            view! {
                <form class="service-clock" on:submit=submit>
                    <span role="status">
                        {move || t_string!(i18n, service_clock, now = now()).to_string()}
                    </span>
                    <label for="clock-days">{tr(|l| td_string!(l, clock_days))}</label>
                    <input
                        id="clock-days"
                        type="number"
                        min="0"
                        max="36500"
                        prop:value=move || days.get()
                        on:input=move |ev| days.set(event_target_value(&ev))
                    />
                    <button type="submit" class="button" disabled=move || busy.get()>
                        {tr(|l| td_string!(l, move_clock))}
                    </button>
                    <span role="status">
                        {move || {
                            moved
                                .get()
                                .map(|n| {
                                    let tag = text::tag(i18n.get_locale());
                                    t_string!(
                                        i18n, clock_moved, n = format::number(tag, n as usize)
                                    )
                                        .to_string()
                                })
                        }}
                    </span>
                    {move || refused.get().map(|e| view! { <ErrorNotice error=e /> })}
                </form>
            }
        })
    }
}
