//! The connection settings (`/settings`): service, token, and where they are kept.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::i18n::{t, t_string, use_i18n};
use crate::state::expect_connection;

/// The settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let connection = expect_connection();
    let current = connection.get_untracked();
    let service = RwSignal::new(current.service.clone());
    let token = RwSignal::new(current.token.clone());
    let navigate = use_navigate();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        connection.update(|c| {
            let new_service = service.get_untracked().trim().trim_end_matches('/').to_owned();
            if new_service != c.service {
                // Another service has other subscriptions.
                c.subscription.clear();
                c.resource_group.clear();
            }
            c.service = new_service;
            c.token = token.get_untracked().trim().to_owned();
            c.save();
        });
        navigate(crate::routes::JOBS, NavigateOptions::default());
    };
    let forget = move |_| {
        token.set(String::new());
        connection.update(|c| {
            c.token.clear();
            c.save();
        });
    };
    view! {
        <section class="panel settings" aria-labelledby="settings-title">
            <h1 id="settings-title">{t!(i18n, settings_title)}</h1>
            <form on:submit=save>
                <label for="service">{t!(i18n, service_url)}</label>
                <input id="service" type="url" placeholder=move || t_string!(i18n, service_placeholder)
                    prop:value=move || service.get() on:input=move |ev| service.set(event_target_value(&ev)) />
                <p class="hint">{t!(i18n, azure_hint)}</p>
                <label for="settings-token">{t!(i18n, access_token)}</label>
                <input id="settings-token" type="password" autocomplete="off"
                    prop:value=move || token.get() on:input=move |ev| token.set(event_target_value(&ev)) />
                <p class="hint">{t!(i18n, token_hint)}</p>
                <div class="form-buttons">
                    <button type="submit" class="button primary">{t!(i18n, save)}</button>
                    <button type="button" class="button" on:click=forget>{t!(i18n, forget_token)}</button>
                </div>
            </form>
        </section>
    }
}
