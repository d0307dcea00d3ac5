//! A job's drives: state and copy progress.

use leptos::prelude::*;
use waybill_rules::wire::DriveStatus;

use super::DriveStateBadge;
use crate::format;
use crate::i18n::{t, t_string, use_i18n};
use crate::text;

/// The drives of a job.
#[component]
pub fn DriveList(drives: Vec<DriveStatus>) -> impl IntoView {
    let i18n = use_i18n();
    if drives.is_empty() {
        return view! { <p class="empty">{t!(i18n, no_drives)}</p> }.into_any();
    }
    let rows = drives
        .into_iter()
        .map(|d| {
            let id = d.drive_id.clone().unwrap_or_default();
            let percent = d.percent_complete.unwrap_or(0).clamp(0, 100);
            let label_id = id.clone();
            let label = move || {
                let tag = text::tag(i18n.get_locale());
                t_string!(i18n, drive_progress, id = label_id.as_str(), percent = format::percent(tag, percent)).to_string()
            };
            view! {
                <tr>
                    <th scope="row">{id}</th>
                    <td>{d.state.map(|s| view! { <DriveStateBadge state=s /> })}</td>
                    <td>
                        <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
                            aria-valuenow=percent.to_string() aria-label=label>
                            <div class="bar" style:width=format!("{percent}%")></div>
                        </div>
                        <span class="percent">{move || format::percent(text::tag(i18n.get_locale()), percent)}</span>
                    </td>
                    <td>{d.copy_status.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="drives">
            <caption class="visually-hidden">{t!(i18n, drives_title)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, col_drive)}</th>
                    <th scope="col">{t!(i18n, col_state)}</th>
                    <th scope="col">{t!(i18n, col_progress)}</th>
                    <th scope="col">{t!(i18n, col_copy_status)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
