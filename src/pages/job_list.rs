//! Every job of the scope (`/`): filter, search, sort, select, bulk cancel or delete; follows
//! `nextLink` to the end and refreshes itself while visible, keeping scroll, focus and
//! selection. Only the rows on screen are rendered.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{ConnectPanel, Load, refresh_while_visible, set_if_changed};
use crate::api::{Api, Error, Requests};
use crate::components::{ErrorNotice, Notice, NoticeKind};
use crate::i18n::{t, t_string, use_i18n};
use crate::logic::bulk::BulkAction;
use crate::logic::list::{JobRow, ListView, Selection};
use crate::state::{expect_connection, expect_flash, expect_list_address};
use crate::{format, text};

mod bulk_dialog;
mod filters;
mod row;
mod scope;
mod table;

pub use bulk_dialog::BulkDialog;
use filters::Filters;
use scope::ScopeBar;
use table::JobTable;

/// The job list page.
#[component]
pub fn JobListPage() -> impl IntoView {
    let i18n = use_i18n();
    let connection = expect_connection();
    let flash = expect_flash();
    let requests = Requests::for_page();
    let rows = RwSignal::new(Vec::<JobRow>::new());
    let load = RwSignal::new(Load::<()>::Loading);
    // The view (filters, search, order) lives in the address, so back, reload and a shared
    // link open the same list.
    let query = use_query_map();
    let from_address = move || query.with(|q| ListView::from_query(|k| q.get(k)));
    let list_view = RwSignal::new(query.with_untracked(|q| ListView::from_query(|k| q.get(k))));
    {
        let navigate = use_navigate();
        let list_address = expect_list_address();
        Effect::new(move |_| {
            let view = list_view.get();
            let query = view.to_query();
            let href = if query.is_empty() {
                crate::routes::JOBS.to_owned()
            } else {
                format!("/?{query}")
            };
            list_address.set(href.clone());
            if from_address() != view {
                let options =
                    NavigateOptions { replace: true, scroll: false, ..NavigateOptions::default() };
                navigate(&href, options);
            }
        });
        // Back and forward move the address: the view follows.
        Effect::new(move |_| {
            let view = from_address();
            if list_view.with_untracked(|v| *v != view) {
                list_view.set(view);
            }
        });
    }
    let selection = RwSignal::new(Selection::default());
    let bulk = RwSignal::new(None::<BulkAction>);
    // The connection whose jobs are loaded or on their way (so the effect below does not ask
    // again for what `refresh` is already fetching).
    let loading_for = StoredValue::new(None::<crate::state::Connection>);
    let flash_message = flash.get_untracked();
    flash.set(None);

    let refresh = {
        let requests = requests.clone();
        move || {
            let conn = connection.get_untracked();
            if !conn.has_token() {
                return;
            }
            let api = Api::new(&conn, requests.clone());
            spawn_local(async move {
                let mut conn = conn;
                if conn.subscription.is_empty() {
                    match api.subscriptions().await {
                        Ok(subs) if !subs.is_empty() => {
                            // The first subscription's jobs are asked for at once, in this
                            // task; the scope bar follows the connection meanwhile.
                            conn.subscription = subs[0].id.clone();
                            conn.save();
                            loading_for.set_value(Some(conn.clone()));
                            connection.set(conn.clone());
                        }
                        Ok(_) => return set_if_changed(load, Load::Ready(())),
                        Err(e) if e != Error::Aborted => {
                            return set_if_changed(load, Load::Failed(e));
                        }
                        Err(_) => return,
                    }
                }
                match api.list_all_jobs(&conn.subscription, &conn.resource_group).await {
                    Ok(jobs) => {
                        let fresh: Vec<JobRow> = jobs.iter().filter_map(JobRow::of).collect();
                        // The parsed documents go now (10,000 of them take ~10 ms to free),
                        // not in the middle of the first render.
                        drop(jobs);
                        let mut kept = selection.get_untracked();
                        kept.retain_present(&fresh);
                        set_if_changed(selection, kept);
                        crate::perf::mark("waybill:rows-set");
                        // A row whose job changed is rendered anew: if it held the focus, the
                        // same control of the new row takes it back.
                        let focused = focused_in_list();
                        set_if_changed(rows, fresh);
                        if let Some(focused) = focused {
                            request_animation_frame(move || refocus_in_list(&focused));
                        }
                        crate::perf::measure_at_next_frame(
                            "waybill:list-render",
                            "waybill:rows-set",
                        );
                        crate::perf::measure_after_paint(
                            "waybill:list-painted",
                            "waybill:rows-set",
                        );
                        set_if_changed(load, Load::Ready(()));
                    }
                    Err(Error::Aborted) => {}
                    Err(e) => set_if_changed(load, Load::Failed(e)),
                }
            });
        }
    };
    {
        let refresh = refresh.clone();
        Effect::new(move |_| {
            let conn = connection.get();
            if loading_for.with_value(|l| l.as_ref() == Some(&conn)) {
                return;
            }
            loading_for.set_value(Some(conn));
            load.set(Load::Loading);
            rows.set(Vec::new());
            refresh();
        });
    }
    {
        let refresh = refresh.clone();
        // A bulk action in progress is not disturbed by a refresh.
        refresh_while_visible(move || {
            if bulk.get_untracked().is_none() {
                refresh();
            }
        });
    }

    let shown = Memo::new(move |_| list_view.with(|v| rows.with(|r| v.apply(r))));
    let selected_rows = move || {
        let chosen = selection.get();
        rows.with(|r| r.iter().filter(|row| chosen.contains(&row.id)).cloned().collect::<Vec<_>>())
    };
    let summary = move || {
        let tag = text::tag(i18n.get_locale());
        let count = shown.with(Vec::len);
        let summary = t_string!(
            i18n,
            jobs_summary,
            count = count,
            shown = format::number(tag, count),
            total = format::number(tag, rows.with(Vec::len)),
            selected = format::number(tag, selection.with(Selection::len))
        )
        .to_string();
        // Bulk actions act on every selected job: say so when the filters hide some.
        let hidden = shown.with(|s| rows.with(|r| selection.with(|sel| sel.hidden(r, s))));
        if hidden == 0 {
            summary
        } else {
            let hidden_text = t_string!(
                i18n,
                selected_hidden,
                count = hidden,
                hidden = format::number(tag, hidden)
            );
            format!("{summary} · {hidden_text}")
        }
    };

    let content = {
        let refresh = refresh.clone();
        move || {
            let conn = connection.get();
            if !conn.has_token() {
                let message = Signal::derive(move || t_string!(i18n, needs_token).to_owned());
                return view! { <ConnectPanel message=message /> }.into_any();
            }
            match load.get() {
                Load::Failed(Error::Unauthorized(_)) => {
                    let message = Signal::derive(move || t_string!(i18n, arm_unauthorized).to_owned());
                    view! { <ConnectPanel message=message /> }.into_any()
                }
                // No jobs list at this address: the service URL is not a service's.
                Load::Failed(Error::NotFound(_)) => view! {
                    <Notice kind=NoticeKind::Error message=t_string!(i18n, list_not_found)>
                        <a href=crate::routes::SETTINGS>{t!(i18n, open_settings)}</a>
                    </Notice>
                }
                .into_any(),
                Load::Failed(e) if rows.with(Vec::is_empty) => {
                    let retry = refresh.clone();
                    view! { <ErrorNotice error=e retry=Callback::new(move |()| retry()) /> }.into_any()
                }
                Load::Loading => view! { <p class="loading" role="status">{t!(i18n, loading_jobs)}</p> }.into_any(),
                _ if conn.subscription.is_empty() => {
                    view! { <Notice kind=NoticeKind::Info message=t_string!(i18n, no_subscription) /> }.into_any()
                }
                other => view! {
                    {matches!(other, Load::Failed(_))
                        .then(|| view! { <Notice kind=NoticeKind::Error message=t_string!(i18n, refresh_failed) /> })}
                    <Filters list_view=list_view />
                    <div class="toolbar" role="toolbar" aria-label=move || t_string!(i18n, bulk_actions)>
                        <span class="count" role="status">{summary}</span>
                        <button type="button" class="button warn" disabled=move || selection.with(Selection::is_empty)
                            on:click=move |_| bulk.set(Some(BulkAction::Cancel))>{t!(i18n, cancel_selected)}</button>
                        <button type="button" class="button danger" disabled=move || selection.with(Selection::is_empty)
                            on:click=move |_| bulk.set(Some(BulkAction::Delete))>{t!(i18n, delete_selected)}</button>
                    </div>
                    {move || if shown.with(Vec::is_empty) {
                        if rows.with(Vec::is_empty) {
                            view! { <p class="empty">{t!(i18n, no_jobs_scope)}</p> }.into_any()
                        } else {
                            view! {
                                <div class="empty">
                                    <p>{t!(i18n, no_jobs_match)}</p>
                                    {list_view.with(ListView::is_filtered).then(|| view! {
                                        <button type="button" class="button"
                                            on:click=move |_| list_view.update(|v| *v = v.cleared())>
                                            {t!(i18n, clear_filters)}
                                        </button>
                                    })}
                                </div>
                            }
                            .into_any()
                        }
                    } else {
                        view! { <JobTable rows=rows shown=shown list_view=list_view selection=selection /> }.into_any()
                    }}
                }
                .into_any(),
            }
        }
    };

    view! {
        <section aria-labelledby="jobs-title" class="job-list">
            <div class="page-title">
                <h1 id="jobs-title" tabindex="-1">{t!(i18n, jobs_title)}</h1>
                <ScopeBar />
            </div>
            {flash_message.map(|m| view! { <Notice kind=NoticeKind::Success message=m /> })}
            {content}
        </section>
        {move || bulk.get().map(|action| view! {
            <BulkDialog action=action rows=selected_rows()
                on_close=Callback::new({
                    let refresh = refresh.clone();
                    move |changed: bool| {
                        bulk.set(None);
                        if changed {
                            selection.set(Selection::default());
                            refresh();
                        }
                    }
                }) />
        })}
    }
}

/// The control of the job table that has the focus, named by what identifies it across a
/// re-render: its accessible name (a row's checkbox) or its link.
fn focused_in_list() -> Option<(&'static str, String)> {
    let active = document().active_element()?;
    active.closest("table.jobs").ok()??;
    for attribute in ["aria-label", "href"] {
        if let Some(value) = active.get_attribute(attribute) {
            return Some((attribute, value));
        }
    }
    None
}

/// Focuses the table's control that `focused` names, unless focus is somewhere already.
fn refocus_in_list((attribute, value): &(&'static str, String)) {
    use wasm_bindgen::JsCast;
    let lost = document().active_element().is_none_or(|a| a.tag_name() == "BODY");
    if !lost {
        return;
    }
    let Ok(candidates) = document().query_selector_all("table.jobs input, table.jobs a") else {
        return;
    };
    let target = (0..candidates.length())
        .filter_map(|i| candidates.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .find(|el| el.get_attribute(attribute).as_deref() == Some(value.as_str()));
    if let Some(el) = target {
        let _ = el.focus();
    }
}
