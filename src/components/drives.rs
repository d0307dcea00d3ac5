//! A job's drives, one card each: state, copy progress, and everything the API says about the
//! drive (copy status, bytes copied, manifest and hashes, log blobs). All text; a log blob is a
//! link only when it is an https URL.

use leptos::prelude::*;
use waybill_rules::wire::DriveStatus;

use super::DriveStateBadge;
use crate::format;
use crate::i18n::{Locale, t_string, td_string, use_i18n};
use crate::text;
use crate::text::tr;

/// One property of a drive: a label in the current language and a value.
fn item(label: fn(Locale) -> &'static str, value: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    value.filter(|v| !v.trim().is_empty()).map(|v| {
        view! {
            <dt>{move || label(i18n.get_locale())}</dt>
            <dd>
                <code>{v}</code>
            </dd>
        }
    })
}

/// A log blob: a link when it is an https URL, else its text.
fn log(label: fn(Locale) -> &'static str, uri: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    uri.filter(|u| !u.trim().is_empty()).map(|uri| {
        let name = uri.rsplit('/').next().unwrap_or(&uri).to_owned();
        let link = uri.starts_with("https://").then(|| uri.clone());
        view! {
            <dt>{move || label(i18n.get_locale())}</dt>
            <dd>
                {match link {
                    Some(href) => {
                        view! {
                            <a href=href rel="noopener noreferrer" target="_blank">
                                {name}
                            </a>
                        }
                            .into_any()
                    }
                    None => view! { <code>{uri}</code> }.into_any(),
                }}
            </dd>
        }
    })
}

/// The drives of a job.
#[component]
pub fn DriveList(drives: Vec<DriveStatus>) -> impl IntoView {
    let i18n = use_i18n();
    if drives.is_empty() {
        return view! { <p class="empty">{tr(|l| td_string!(l, no_drives))}</p> }.into_any();
    }
    let cards = drives
        .into_iter()
        .map(|d| {
            let id = d.drive_id.clone().unwrap_or_default();
            let percent = d.percent_complete.unwrap_or(0).clamp(0, 100);
            let (label_id, title_id) = (id.clone(), id.clone());
            let label = move || {
                let tag = text::tag(i18n.get_locale());
                t_string!(
                    i18n,
                    drive_progress,
                    id = label_id.as_str(),
                    percent = format::percent(tag, percent)
                )
                .to_string()
            };
            let copy_status = d.copy_status.clone();
            let bytes = d.bytes_succeeded;
            view! {
                <li class="drive">
                    <div class="drive-head">
                        <h3>
                            {move || {
                                t_string!(i18n, drive_details, id = title_id.as_str()).to_string()
                            }}
                        </h3>
                        {d.state.clone().map(|s| view! { <DriveStateBadge state=s /> })}
                    </div>
                    <div
                        class="progress"
                        role="progressbar"
                        aria-valuemin="0"
                        aria-valuemax="100"
                        aria-valuenow=percent.to_string()
                        aria-label=label
                    >
                        <div class="bar" style:width=format!("{percent}%")></div>
                    </div>
                    <span class="percent">
                        {move || format::percent(text::tag(i18n.get_locale()), percent)}
                    </span>
                    <dl class="properties compact">
                        {copy_status
                            .map(|status| {
                                view! {
                                    <dt>{tr(|l| td_string!(l, col_copy_status))}</dt>
                                    <dd class="copy-status">
                                        {move || text::copy_status(i18n.get_locale(), &status)}
                                    </dd>
                                }
                            })}
                        {bytes
                            .map(|b| {
                                view! {
                                    <dt>{tr(|l| td_string!(l, drive_bytes))}</dt>
                                    <dd>
                                        {move || format::number(
                                            text::tag(i18n.get_locale()),
                                            b.max(0) as usize,
                                        )}
                                    </dd>
                                }
                            })}
                        {item(|l| td_string!(l, drive_manifest_file), d.manifest_file.clone())}
                        {item(|l| td_string!(l, drive_manifest_hash), d.manifest_hash.clone())}
                        {item(|l| td_string!(l, drive_header_hash), d.drive_header_hash.clone())}
                        {log(|l| td_string!(l, log_verbose), d.verbose_log_uri.clone())}
                        {log(|l| td_string!(l, log_error), d.error_log_uri.clone())}
                        {log(|l| td_string!(l, log_manifest), d.manifest_uri.clone())}
                    </dl>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="drives" aria-label=tr(|l| td_string!(l, drives_title))>
            {cards}
        </ul>
    }
    .into_any()
}
