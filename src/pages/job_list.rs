//! Every job of the scope (`/`): filter, search, sort, select, bulk cancel or delete; follows
//! `nextLink` to the end and refreshes itself while visible, keeping scroll, focus and
//! selection. Only the rows on screen are rendered.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use waybill_rules::{JobState, JobType};

use super::{ConnectPanel, Load, refresh_while_visible, set_if_changed};
use crate::api::{Api, Error, Requests};
use crate::components::{Notice, NoticeKind};
use crate::logic::bulk::BulkAction;
use crate::logic::list::{JobRow, ListView, Selection, SortKey};
use crate::logic::window::RowWindow;
use crate::state::{expect_connection, expect_flash};

mod bulk_dialog;
mod row;
mod scope;

pub use bulk_dialog::BulkDialog;
use row::JobRowView;
use scope::ScopeBar;

/// Height of one table row, in pixels (the stylesheet sets the same).
pub const ROW_HEIGHT: f64 = 44.0;
/// The job list page.
#[component]
pub fn JobListPage() -> impl IntoView {
    let connection = expect_connection();
    let flash = expect_flash();
    let requests = Requests::for_page();
    let rows = RwSignal::new(Vec::<JobRow>::new());
    let load = RwSignal::new(Load::<()>::Loading);
    let list_view = RwSignal::new(ListView::default());
    let selection = RwSignal::new(Selection::default());
    let bulk = RwSignal::new(None::<BulkAction>);
    let scroll_top = RwSignal::new(0.0);
    let viewport = RwSignal::new(600.0);
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
                            conn.subscription = subs[0].clone();
                            conn.save();
                            connection.set(conn);
                        }
                        Ok(_) => set_if_changed(load, Load::Ready(())),
                        Err(e) if e != Error::Aborted => set_if_changed(load, Load::Failed(e)),
                        Err(_) => {}
                    }
                    return;
                }
                match api.list_all_jobs(&conn.subscription, &conn.resource_group).await {
                    Ok(jobs) => {
                        let fresh: Vec<JobRow> = jobs.iter().filter_map(JobRow::of).collect();
                        let mut kept = selection.get_untracked();
                        kept.retain_present(&fresh);
                        set_if_changed(selection, kept);
                        set_if_changed(rows, fresh);
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
            connection.track();
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
    let window =
        move || RowWindow { row_height: ROW_HEIGHT, viewport: viewport.get(), overscan: 8 };
    let visible = Memo::new(move |_| {
        let range = window().range(scroll_top.get(), shown.with(Vec::len));
        let offset = window().offset(&range);
        let total = window().total_height(shown.with(Vec::len));
        let items: Vec<JobRow> =
            rows.with(|r| shown.with(|s| s[range.clone()].iter().map(|&i| r[i].clone()).collect()));
        (items, offset, total - offset - range.len() as f64 * ROW_HEIGHT)
    });
    let scroller = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = scroller.get() {
            viewport.set(f64::from(el.client_height().max(200)));
        }
    });

    let selected_rows = move || {
        let chosen = selection.get();
        rows.with(|r| r.iter().filter(|row| chosen.contains(&row.id)).cloned().collect::<Vec<_>>())
    };

    let header = move |key: SortKey, label: &'static str| {
        let sort = move || {
            list_view.with(|v| match (v.sort == key, v.descending) {
                (false, _) => "none",
                (true, true) => "descending",
                (true, false) => "ascending",
            })
        };
        view! {
            <th scope="col" aria-sort=sort>
                <button type="button" class="sort" on:click=move |_| list_view.update(|v| v.toggle_sort(key))>
                    {label}
                    <span aria-hidden="true" class="arrow">{move || match sort() { "ascending" => "▲", "descending" => "▼", _ => "" }}</span>
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

    let filters = move || {
        view! {
            <div class="filters" role="search">
                <label>
                    "State"
                    <select on:change=move |ev| {
                        let value = event_target_value(&ev);
                        list_view.update(|v| v.state = value.parse::<JobState>().ok());
                    }>
                        <option value="">"All states"</option>
                        {JobState::ALL.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=move || list_view.with(|v| v.state == Some(s))>{s.as_str()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    "Type"
                    <select on:change=move |ev| {
                        let value = event_target_value(&ev);
                        list_view.update(|v| v.job_type = match value.as_str() { "Import" => Some(JobType::Import), "Export" => Some(JobType::Export), _ => None });
                    }>
                        <option value="">"All types"</option>
                        <option value="Import" selected=move || list_view.with(|v| v.job_type == Some(JobType::Import))>"Import"</option>
                        <option value="Export" selected=move || list_view.with(|v| v.job_type == Some(JobType::Export))>"Export"</option>
                    </select>
                </label>
                <label>
                    "Search by name"
                    <input type="search" placeholder="Job name"
                        prop:value=move || list_view.with(|v| v.search.clone())
                        on:input=move |ev| list_view.update(|v| v.search = event_target_value(&ev)) />
                </label>
            </div>
        }
    };

    let table = move || {
        view! {
            <div class="table-scroll" node_ref=scroller
                on:scroll=move |ev| scroll_top.set(f64::from(event_target::<web_sys::Element>(&ev).scroll_top()))>
                <table class="jobs" aria-rowcount=move || (shown.with(Vec::len) + 1).to_string()>
                    <caption class="visually-hidden">"Import/Export jobs"</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="check">
                                <input type="checkbox" aria-label="Select all shown jobs"
                                    prop:checked=all_shown_selected on:change=toggle_all />
                            </th>
                            {header(SortKey::Name, "Name")}
                            {header(SortKey::Type, "Type")}
                            {header(SortKey::State, "State")}
                            {header(SortKey::Account, "Storage account")}
                            {header(SortKey::Location, "Location")}
                            {header(SortKey::Drives, "Drives")}
                            {header(SortKey::Created, "Created")}
                        </tr>
                    </thead>
                    <tbody>
                        <tr class="spacer" aria-hidden="true" style=move || format!("height: {}px", visible.with(|v| v.1))></tr>
                        <For
                            each=move || visible.get().0
                            key=|row| (row.id.clone(), row.state, row.cancel_requested, row.drives)
                            children=move |row| view! { <JobRowView row=row selection=selection /> }
                        />
                        <tr class="spacer" aria-hidden="true" style=move || format!("height: {}px", visible.with(|v| v.2.max(0.0)))></tr>
                    </tbody>
                </table>
            </div>
        }
    };

    let content = {
        let refresh = refresh.clone();
        move || {
            let conn = connection.get();
            if !conn.has_token() {
                return view! { <ConnectPanel message="This console needs an access token to show your jobs." /> }.into_any();
            }
            match load.get() {
            Load::Failed(Error::Unauthorized(message)) => view! { <ConnectPanel message=message /> }.into_any(),
            Load::Failed(e) if rows.with(Vec::is_empty) => {
                let retry = refresh.clone();
                view! {
                    <Notice kind=NoticeKind::Error message=e.message()>
                        <button type="button" class="button" on:click=move |_| retry()>"Try again"</button>
                    </Notice>
                }.into_any()
            }
            Load::Loading => view! { <p class="loading" role="status">"Loading jobs…"</p> }.into_any(),
            _ if conn.subscription.is_empty() => view! {
                <Notice kind=NoticeKind::Info message="This token may not use any subscription that holds jobs. Choose another token or service in Settings." />
            }.into_any(),
            other => view! {
                {matches!(other, Load::Failed(_)).then(|| view! {
                    <Notice kind=NoticeKind::Error message="The list could not be refreshed; it shows the jobs as they were." />
                })}
                {filters()}
                <div class="toolbar" role="toolbar" aria-label="Bulk actions">
                    <span class="count" role="status">
                        {move || format!("{} of {} jobs shown · {} selected", shown.with(Vec::len), rows.with(Vec::len), selection.with(Selection::len))}
                    </span>
                    <button type="button" class="button warn" disabled=move || selection.with(Selection::is_empty)
                        on:click=move |_| bulk.set(Some(BulkAction::Cancel))>"Cancel selected"</button>
                    <button type="button" class="button danger" disabled=move || selection.with(Selection::is_empty)
                        on:click=move |_| bulk.set(Some(BulkAction::Delete))>"Delete selected"</button>
                </div>
                {move || if shown.with(Vec::is_empty) {
                    let message = if rows.with(Vec::is_empty) { "There are no jobs in this scope yet." } else { "No jobs match the filters." };
                    view! { <p class="empty">{message}</p> }.into_any()
                } else {
                    table().into_any()
                }}
            }.into_any(),
        }
        }
    };

    view! {
        <section aria-labelledby="jobs-title" class="job-list">
            <div class="page-title">
                <h1 id="jobs-title">"Jobs"</h1>
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
