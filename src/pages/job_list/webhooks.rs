//! The subscription's webhooks (Waybill's extension), under the list's tools: each one's
//! endpoint, what it asks for, and how its deliveries stand — delivered, waiting (being
//! retried) and given up on (dead-lettered) with the last error. Read when opened, and again
//! each time it is opened; a service without webhooks (Azure itself) says so.

use leptos::prelude::*;
use leptos::task::spawn_local;

use waybill_rules::wire::Expandable;

use crate::client::{Error, Webhook, use_client};
use crate::components::{ErrorNotice, RegionTable};
use crate::i18n::{Locale, td_string, use_i18n};
use crate::session::Session;
use crate::text::tr;
use crate::{format, text};

/// What a webhook asks for, in short: its event types (their last part), job states and
/// resource group, or "all job events".
fn sends(locale: Locale, w: &Webhook) -> String {
    let mut parts = Vec::new();
    if !w.event_types.is_empty() {
        let types: Vec<&str> =
            w.event_types.iter().map(|t| t.rsplit('.').next().unwrap_or(t)).collect();
        parts.push(types.join(", "));
    }
    if !w.job_states.is_empty() {
        let states: Vec<String> =
            w.job_states.iter().map(|s| text::any_state(locale, &Expandable::parse(s))).collect();
        parts.push(states.join(", "));
    }
    if let Some(group) = &w.resource_group {
        parts.push(group.clone());
    }
    if parts.is_empty() {
        td_string!(locale, webhooks_all_events).to_owned()
    } else {
        parts.join(" · ")
    }
}

/// "Webhooks": a disclosure read when opened.
#[component]
pub fn Webhooks() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let client = use_client();
    let hooks = RwSignal::new(None::<Result<Vec<Webhook>, Error>>);
    let on_toggle = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let open = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
            .is_some_and(|d| d.open());
        let Some(api) = client.authorized().filter(|_| open) else { return };
        let subscription = session.scope_untracked().subscription;
        spawn_local(async move {
            let result = api.webhooks(&subscription).await;
            if !matches!(result, Err(Error::Aborted)) {
                hooks.set(Some(result));
            }
        });
    };
    let body = move || {
        let locale = i18n.get_locale();
        let tag = text::tag(locale);
        match hooks.get() {
            None => view! { <p class="loading">{tr(|l| td_string!(l, loading_webhooks))}</p> }
                .into_any(),
            Some(Err(Error::NotFound(_))) => {
                view! { <p class="empty">{tr(|l| td_string!(l, webhooks_unavailable))}</p> }
                    .into_any()
            }
            Some(Err(e)) => view! { <ErrorNotice error=e /> }.into_any(),
            Some(Ok(list)) if list.is_empty() => {
                view! { <p class="empty">{tr(|l| td_string!(l, webhooks_empty))}</p> }.into_any()
            }
            Some(Ok(list)) => {
                let count = |n: u64| format::number(tag, usize::try_from(n).unwrap_or(usize::MAX));
                let rows = list
                    .iter()
                    .map(|w| {
                        let class = if w.dead_lettered > 0 { "refused" } else { "" };
                        view! {
                            <tr class=class>
                                <th scope="row">{w.name.clone()}</th>
                                <td class="endpoint">{w.endpoint.clone()}</td>
                                <td>{sends(locale, w)}</td>
                                <td class="num">{count(w.delivered)}</td>
                                <td class="num">{count(w.pending)}</td>
                                <td class="num">{count(w.dead_lettered)}</td>
                                <td>{w.last_error.clone().unwrap_or_default()}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let columns: Vec<fn(Locale) -> &'static str> = vec![
                    |l| td_string!(l, col_name),
                    |l| td_string!(l, col_endpoint),
                    |l| td_string!(l, col_sends),
                    |l| td_string!(l, col_delivered),
                    |l| td_string!(l, col_waiting),
                    |l| td_string!(l, col_given_up),
                    |l| td_string!(l, col_last_error),
                ];
                view! {
                    <RegionTable
                        class="webhooks"
                        labelled_by="webhooks-title"
                        caption=|l| td_string!(l, webhooks_title)
                        columns=columns
                    >
                        {rows}
                    </RegionTable>
                }
                .into_any()
            }
        }
    };
    view! {
        <details class="webhooks-panel" on:toggle=on_toggle>
            <summary id="webhooks-title">{tr(|l| td_string!(l, webhooks_title))}</summary>
            {body}
        </details>
    }
}
