//! One row of the job list.

use leptos::prelude::*;

use crate::components::StateBadge;
use crate::i18n::td_string;
use crate::i18n::{t_string, use_i18n};
use crate::logic::list::{JobRow, Selection};
use crate::text::tr;
use crate::{format, text};

/// A job row: select box, name (link to the detail page), type, state, account, location,
/// drives, created.
#[component]
pub fn JobRowView(row: JobRow, selection: RwSignal<Selection>) -> impl IntoView {
    let i18n = use_i18n();
    let id = row.id.clone();
    let checked = {
        let id = id.clone();
        Memo::new(move |_| selection.with(|s| s.contains(&id)))
    };
    let name = row.key.name.clone();
    let label = move || t_string!(i18n, select_job, name = name.as_str()).to_string();
    let created = row.created;
    let job_type = row.job_type;
    view! {
        <tr class:selected=checked>
            <td class="check">
                <input
                    type="checkbox"
                    aria-label=label
                    prop:checked=checked
                    on:change=move |_| selection.update(|s| s.toggle(&id))
                />
            </td>
            <th scope="row" class="name">
                <a href=row.key.console_path() title=row.key.name.clone()>
                    {row.key.name.clone()}
                </a>
                {row
                    .cancel_requested
                    .then(|| {
                        view! {
                            <span class="badge cancel-flag">
                                <span class="icon" aria-hidden="true">
                                    "⊘"
                                </span>
                                <span class="flag-text">
                                    {tr(|l| td_string!(l, cancel_requested))}
                                </span>
                            </span>
                        }
                    })}
            </th>
            <td class="type">
                {move || {
                    job_type
                        .as_ref()
                        .map_or_else(
                            || "—".to_owned(),
                            |t| text::any_job_type(i18n.get_locale(), t),
                        )
                }}
            </td>
            <td class="state">
                <StateBadge state=row.state.clone() />
            </td>
            <td class="account">{row.storage_account.clone()}</td>
            <td>{row.location.clone()}</td>
            <td class="num">{row.drives}</td>
            <td>
                {move || {
                    created
                        .map(|t| {
                            let tag = text::tag(i18n.get_locale());
                            view! {
                                <time title=format::date_time(tag, t) datetime=t.to_rfc3339()>
                                    {format::relative_time(tag, t)}
                                </time>
                            }
                        })
                }}
            </td>
        </tr>
    }
}
