//! "Show BitLocker keys": asks the service (`listBitLockerKeys`) only when the user asks, keeps
//! the keys in memory only while they are shown (never in storage), and offers to copy each.

use leptos::prelude::*;
use waybill_rules::wire::{DriveBitLockerKey, JobAddress};

use crate::client::{Error, use_client};
use crate::components::ErrorNotice;
use crate::i18n::td_string;
use crate::i18n::{t_string, use_i18n};
use crate::text::tr;

/// The keys of the job at `key`, hidden until revealed.
#[component]
pub fn BitLockerKeys(key: JobAddress) -> impl IntoView {
    let i18n = use_i18n();
    let client = use_client();
    let keys = RwSignal::new(None::<Vec<DriveBitLockerKey>>);
    let failed = RwSignal::new(None::<Error>);
    let copied = RwSignal::new(None::<String>);
    // Asking for the keys (`listBitLockerKeys` is a POST) is a Leptos action: its pending
    // state disables the button meanwhile.
    let reveal = Action::new_local(move |key: &JobAddress| {
        let (key, api) = (key.clone(), client.authorized());
        async move {
            let Some(api) = api else { return };
            match api.list_bitlocker_keys(&key).await {
                Ok(answer) => keys.set(Some(answer.value)),
                Err(e) => failed.set(Some(e)),
            }
        }
    });
    let busy = reveal.pending();
    let toggle = move |_| {
        if keys.get_untracked().is_some() {
            keys.set(None);
            copied.set(None);
            return;
        }
        failed.set(None);
        reveal.dispatch_local(key.clone());
    };
    let copy = move |id: String, secret: String| {
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&secret);
            copied.set(Some(id));
        }
    };
    let rows = move || {
        keys.get().map(|list| {
            let rows = list
                .into_iter()
                .map(|k| {
                    let id = k.drive_id.unwrap_or_default();
                    let secret = k.bit_locker_key.unwrap_or_default();
                    let (copy_id, label_id, shown_id) = (id.clone(), id.clone(), id.clone());
                    let is_copied = move || copied.get().as_deref() == Some(copy_id.as_str());
                    view! {
                        <tr>
                            <th scope="row">{id.clone()}</th>
                            <td>
                                <code class="secret">{secret.clone()}</code>
                            </td>
                            <td>
                                <button
                                    type="button"
                                    class="button small"
                                    aria-label=move || {
                                        t_string!(i18n, copy_key, id = label_id.as_str())
                                            .to_string()
                                    }
                                    on:click=move |_| copy(shown_id.clone(), secret.clone())
                                >
                                    {move || {
                                        if is_copied() {
                                            t_string!(i18n, copied)
                                        } else {
                                            t_string!(i18n, copy)
                                        }
                                    }}
                                </button>
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="keys">
                    <caption class="visually-hidden">{tr(|l| td_string!(l, keys_title))}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tr(|l| td_string!(l, col_drive))}</th>
                            <th scope="col">{tr(|l| td_string!(l, col_key))}</th>
                            <th scope="col">
                                <span class="visually-hidden">{tr(|l| td_string!(l, copy))}</span>
                            </th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    };
    view! {
        <div class="bitlocker">
            <button
                type="button"
                class="button"
                aria-expanded=move || keys.with(Option::is_some).to_string()
                disabled=move || busy.get()
                on:click=toggle
            >
                {move || {
                    if keys.with(Option::is_some) {
                        t_string!(i18n, hide_keys)
                    } else {
                        t_string!(i18n, show_keys)
                    }
                }}
            </button>
            <p class="hint">{tr(|l| td_string!(l, keys_note))}</p>
            {rows}
            {move || failed.get().map(|e| view! { <ErrorNotice error=e /> })}
        </div>
    }
}
