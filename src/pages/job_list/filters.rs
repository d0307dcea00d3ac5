//! The list's filters: state, type, and search by name.

use leptos::prelude::*;
use waybill_rules::{JobState, JobType};

use crate::i18n::td_string;
use crate::i18n::use_i18n;
use crate::logic::list::ListView;
use crate::text;
use crate::text::tr;

/// State and type selects and the name search.
#[component]
pub fn Filters(list_view: RwSignal<ListView>) -> impl IntoView {
    let i18n = use_i18n();
    let states = JobState::ALL
        .into_iter()
        .map(|s| {
            view! {
                <option value=s.as_str() selected=move || list_view.with(|v| v.state == Some(s))>
                    {move || text::state(i18n.get_locale(), s)}
                </option>
            }
        })
        .collect_view();
    let type_option = move |job_type: JobType| {
        view! {
            <option
                value=job_type.as_str()
                selected=move || list_view.with(|v| v.job_type == Some(job_type))
            >
                {move || text::job_type(i18n.get_locale(), job_type)}
            </option>
        }
    };
    view! {
        <div class="filters" role="search">
            <label>
                {tr(|l| td_string!(l, filter_state))}
                <select on:change=move |ev| {
                    let value = event_target_value(&ev);
                    list_view.update(|v| v.state = value.parse::<JobState>().ok());
                }>
                    <option value="">{tr(|l| td_string!(l, all_states))}</option>
                    {states}
                </select>
            </label>
            <label>
                {tr(|l| td_string!(l, filter_type))}
                <select on:change=move |ev| {
                    let value = event_target_value(&ev);
                    list_view
                        .update(|v| {
                            v.job_type = match value.as_str() {
                                "Import" => Some(JobType::Import),
                                "Export" => Some(JobType::Export),
                                _ => None,
                            }
                        });
                }>
                    <option value="">{tr(|l| td_string!(l, all_types))}</option>
                    {type_option(JobType::Import)}
                    {type_option(JobType::Export)}
                </select>
            </label>
            <label>
                {tr(|l| td_string!(l, search_label))}
                <input
                    type="search"
                    placeholder=tr(|l| td_string!(l, search_placeholder))
                    prop:value=move || list_view.with(|v| v.search.clone())
                    on:input=move |ev| list_view.update(|v| v.search = event_target_value(&ev))
                />
            </label>
        </div>
    }
}
