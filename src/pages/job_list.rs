//! Every job of the scope (`/`): filter, search, sort, select, bulk cancel or delete; follows
//! `nextLink` to the end and refreshes itself while visible, keeping scroll, focus and
//! selection. Only the rows on screen are rendered.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{ConnectPanel, Load, refresh_while_visible};
use crate::client::{Error, use_client};
use crate::components::{ErrorNotice, Notice, NoticeKind};
use crate::i18n::td_string;
use crate::i18n::{t_string, use_i18n};
use crate::logic::bulk::BulkAction;
use crate::logic::list::{ListView, Selection};
use crate::session::Session;
use crate::state::{expect_flash, expect_list_address};
use crate::text::tr;
use crate::{format, text};

mod bulk_dialog;
mod filters;
mod row;
mod scope;
mod store;
mod table;
mod tools;
mod webhooks;

pub use bulk_dialog::BulkDialog;
use filters::Filters;
use scope::ScopeBar;
use store::{JobsStore, Progress};
use table::JobTable;
use tools::{ListTools, ServiceClock};
use webhooks::Webhooks;

/// The job list page.
#[component]
pub fn JobListPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let flash = expect_flash();
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
    let bulk = RwSignal::new(None::<BulkAction>);
    let flash_message = flash.get_untracked();
    flash.set(None);
    let store = JobsStore::new(use_client());
    let JobsStore { rows, load, selection, progress, .. } = store;
    let refresh = move || store.refresh();
    // Changes arrive by the live stream where the service has one; the list is read again
    // each time the stream (re)opens, so nothing between the last read and the stream is
    // missed, and polled only while there is no stream.
    let live = super::follow_live(
        use_client(),
        move || {
            let scope = session.scope();
            (session.has_token() && !scope.subscription.is_empty()).then_some(scope)
        },
        move |change| {
            if !store.apply(change) {
                refresh();
            }
        },
    );
    Effect::new(move |was_live: Option<bool>| {
        let now = live.get();
        if now && was_live == Some(false) {
            refresh();
        }
        now
    });
    {
        // A bulk action in progress is not disturbed by a refresh.
        refresh_while_visible(move || {
            if bulk.get_untracked().is_none() && !live.get_untracked() {
                store.poll();
            }
        });
    }

    // Made once for the page: the list's content is rendered anew as its loading goes.
    let clock_moved = Callback::new(move |()| refresh());
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
        let mut parts = vec![summary];
        if hidden != 0 {
            parts.push(
                t_string!(
                    i18n,
                    selected_hidden,
                    count = hidden,
                    hidden = format::number(tag, hidden)
                )
                .to_string(),
            );
        }
        match progress.get() {
            Progress::Idle => {}
            Progress::Loading { loaded } => parts.push(
                t_string!(i18n, list_loading_more, loaded = format::number(tag, loaded))
                    .to_string(),
            ),
            Progress::Throttled { seconds } => parts.push(
                t_string!(i18n, list_throttled, seconds = format::number(tag, seconds as usize))
                    .to_string(),
            ),
        }
        parts.join(" · ")
    };

    let content = {
        move || {
            if !session.has_token() {
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
                        <a href=crate::routes::SETTINGS>{tr(|l| td_string!(l, open_settings))}</a>
                    </Notice>
                }
                .into_any(),
                Load::Failed(e) if rows.with(Vec::is_empty) => {
                    let retry = refresh;
                    view! { <ErrorNotice error=e retry=Callback::new(move |()| retry()) /> }.into_any()
                }
                Load::Loading => view! {
                    <p class="loading" role="status">
                        {tr(|l| td_string!(l, loading_jobs))}
                    </p>
                }.into_any(),
                _ if session.scope().subscription.is_empty() => {
                    view! { <Notice kind=NoticeKind::Info message=t_string!(i18n, no_subscription) /> }.into_any()
                }
                other => view! {
                    {matches!(other, Load::Failed(_))
                        .then(|| {
                            view! {
                                <Notice
                                    kind=NoticeKind::Error
                                    message=t_string!(i18n, refresh_failed)
                                />
                            }
                        })}
                    <ListTools rows=rows shown=shown />
                    <ServiceClock on_moved=clock_moved />
                    <Webhooks />
                    <Filters list_view=list_view />
                    <div
                        class="toolbar"
                        role="toolbar"
                        aria-label=tr(|l| td_string!(l, bulk_actions))
                    >
                        // Busy while the pages stream in: screen readers say the count once
                        // it is whole, not at every page.
                        <span
                            class="count"
                            role="status"
                            aria-busy=move || {
                                if matches!(progress.get(), Progress::Loading { .. }) {
                                    "true"
                                } else {
                                    "false"
                                }
                            }
                        >
                            {summary}
                        </span>
                        <button
                            type="button"
                            class="button warn"
                            disabled=move || selection.with(Selection::is_empty)
                            on:click=move |_| bulk.set(Some(BulkAction::Cancel))
                        >
                            {tr(|l| td_string!(l, cancel_selected))}
                        </button>
                        <button
                            type="button"
                            class="button danger"
                            disabled=move || selection.with(Selection::is_empty)
                            on:click=move |_| bulk.set(Some(BulkAction::Delete))
                        >
                            {tr(|l| td_string!(l, delete_selected))}
                        </button>
                    </div>
                    {move || {
                        if shown.with(Vec::is_empty) {
                            if rows.with(Vec::is_empty) {
                                view! {
                                    <p class="empty">{tr(|l| td_string!(l, no_jobs_scope))}</p>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <div class="empty">
                                        <p>{tr(|l| td_string!(l, no_jobs_match))}</p>
                                        {list_view
                                            .with(ListView::is_filtered)
                                            .then(|| {
                                                view! {
                                                    <button
                                                        type="button"
                                                        class="button"
                                                        on:click=move |_| list_view.update(|v| *v = v.cleared())
                                                    >
                                                        {tr(|l| td_string!(l, clear_filters))}
                                                    </button>
                                                }
                                            })}
                                    </div>
                                }
                                    .into_any()
                            }
                        } else {
                            view! {
                                <JobTable
                                    rows=rows
                                    shown=shown
                                    list_view=list_view
                                    selection=selection
                                />
                            }
                                .into_any()
                        }
                    }}
                }
                .into_any(),
            }
        }
    };

    view! {
        <section aria-labelledby="jobs-title" class="job-list">
            <div class="page-title">
                <h1 id="jobs-title" tabindex="-1">
                    {tr(|l| td_string!(l, jobs_title))}
                </h1>
                <ScopeBar />
            </div>
            {flash_message.map(|m| view! { <Notice kind=NoticeKind::Success message=m /> })}
            {content}
        </section>
        {move || {
            bulk.get()
                .map(|action| {
                    view! {
                        <BulkDialog
                            action=action
                            rows=untrack(selected_rows)
                            on_close=Callback::new({
                                move |changed: bool| {
                                    bulk.set(None);
                                    if changed {
                                        selection.set(Selection::default());
                                        refresh();
                                    }
                                }
                            })
                        />
                    }
                })
        }}
    }
}
