//! One row of the job list.

use leptos::prelude::*;

use crate::components::StateBadge;
use crate::format;
use crate::logic::list::{JobRow, Selection};

/// A job row: select box, name (link to the detail page), type, state, account, location,
/// drives, created.
#[component]
pub fn JobRowView(row: JobRow, selection: RwSignal<Selection>) -> impl IntoView {
    let id = row.id.clone();
    let checked = {
        let id = id.clone();
        Memo::new(move |_| selection.with(|s| s.contains(&id)))
    };
    let label = format!("Select {}", row.key.name);
    let (created, created_full) =
        row.created.map(|t| (format::relative_time(t), format::date_time(t))).unwrap_or_default();
    view! {
        <tr class:selected=checked>
            <td class="check">
                <input type="checkbox" aria-label=label prop:checked=checked
                    on:change=move |_| selection.update(|s| s.toggle(&id)) />
            </td>
            <th scope="row" class="name">
                <a href=row.key.detail_path()>{row.key.name.clone()}</a>
                {row.cancel_requested.then(|| view! { <span class="badge cancel-flag">"Cancel requested"</span> })}
            </th>
            <td>{row.job_type.map(|t| t.as_str()).unwrap_or("—")}</td>
            <td><StateBadge state=row.state /></td>
            <td class="account">{row.storage_account.clone()}</td>
            <td>{row.location.clone()}</td>
            <td class="num">{row.drives}</td>
            <td><time title=created_full.clone() datetime=row.created.map(|t| t.to_rfc3339()).unwrap_or_default()>{created}</time></td>
        </tr>
    }
}
