//! A job's drives: state and copy progress.

use leptos::prelude::*;
use waybill_rules::wire::DriveStatus;

use super::DriveStateBadge;

/// The drives of a job.
#[component]
pub fn DriveList(drives: Vec<DriveStatus>) -> impl IntoView {
    if drives.is_empty() {
        return view! { <p class="empty">"No drives are listed for this job yet."</p> }.into_any();
    }
    let rows = drives
        .into_iter()
        .map(|d| {
            let id = d.drive_id.clone().unwrap_or_default();
            let percent = d.percent_complete.unwrap_or(0).clamp(0, 100);
            let label = format!("Drive {id}: {percent} % copied");
            view! {
                <tr>
                    <th scope="row">{id}</th>
                    <td>{d.state.map(|s| view! { <DriveStateBadge state=s /> })}</td>
                    <td>
                        <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
                            aria-valuenow=percent.to_string() aria-label=label>
                            <div class="bar" style=format!("width: {percent}%")></div>
                        </div>
                        <span class="percent">{format!("{percent} %")}</span>
                    </td>
                    <td>{d.copy_status.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="drives">
            <caption class="visually-hidden">"Drives"</caption>
            <thead>
                <tr>
                    <th scope="col">"Drive"</th>
                    <th scope="col">"State"</th>
                    <th scope="col">"Progress"</th>
                    <th scope="col">"Copy status"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
