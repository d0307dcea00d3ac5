//! The connection settings (`/settings`): service, token, and where they are kept.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::client::use_client;
use crate::i18n::td_string;
use crate::i18n::{t_string, use_i18n};
use crate::logic::service::{ServiceProblem, check_service};
use crate::session::{Session, SettingsForm, own_origin};
use crate::state::expect_list_address;
use crate::text::tr;

/// The settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let current = session.settings();
    let service = RwSignal::new(current.service.clone());
    let token = RwSignal::new(current.token.clone());
    let operator = RwSignal::new(current.operator.clone());
    let navigate = use_navigate();
    let list_address = expect_list_address();
    // What the page's own service lets it reach (its Content-Security-Policy): asked once.
    let allowed = RwSignal::new(None::<Vec<String>>);
    let api = use_client().unauthorized();
    spawn_local(async move { allowed.set(api.console_connect_sources().await) });
    let problem = RwSignal::new(None::<(String, ServiceProblem)>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = service.get_untracked();
        let own = own_origin();
        let new_service =
            match allowed.with_untracked(|a| check_service(&typed, &own, a.as_deref())) {
                Ok(origin) => origin,
                Err(p) => {
                    problem.set(Some((typed.trim().to_owned(), p)));
                    focus_by_id("service");
                    return;
                }
            };
        problem.set(None);
        session.save_settings(SettingsForm {
            service: new_service,
            token: token.get_untracked(),
            operator: operator.get_untracked(),
        });
        navigate(&list_address.get_untracked(), NavigateOptions::default());
    };
    let problem_text = move || {
        problem.get().map(|(typed, p)| match p {
            ServiceProblem::NotAnOrigin => t_string!(i18n, service_not_an_origin).to_owned(),
            ServiceProblem::NotAllowed(list) => t_string!(
                i18n,
                service_not_allowed,
                service = typed.as_str(),
                allowed = list.join(", ")
            )
            .to_string(),
        })
    };
    let in_effect = move || {
        let service = session.service_in_effect();
        t_string!(i18n, service_in_effect, service = service.as_str()).to_string()
    };
    let forget = move |_| {
        token.set(String::new());
        operator.set(String::new());
        session.forget_token();
    };
    view! {
        <section class="panel settings" aria-labelledby="settings-title">
            <h1 id="settings-title" tabindex="-1">
                {tr(|l| td_string!(l, settings_title))}
            </h1>
            <p class="in-effect" role="status">
                {in_effect}
            </p>
            <form on:submit=save novalidate>
                <label for="service">{tr(|l| td_string!(l, service_url))}</label>
                <input
                    id="service"
                    type="url"
                    placeholder=tr(|l| td_string!(l, service_placeholder))
                    aria-invalid=move || problem.with(Option::is_some).then_some("true")
                    aria-describedby="service-problem"
                    prop:value=move || service.get()
                    on:input=move |ev| service.set(event_target_value(&ev))
                />
                <p id="service-problem" class="field-error">
                    {problem_text}
                </p>
                <p class="hint">{tr(|l| td_string!(l, azure_hint))}</p>
                <label for="settings-token">{tr(|l| td_string!(l, access_token))}</label>
                <input
                    id="settings-token"
                    type="password"
                    autocomplete="off"
                    prop:value=move || token.get()
                    on:input=move |ev| token.set(event_target_value(&ev))
                />
                <p class="hint">{tr(|l| td_string!(l, token_hint))}</p>
                <label for="settings-operator">{tr(|l| td_string!(l, operator_token))}</label>
                <input
                    id="settings-operator"
                    type="password"
                    autocomplete="off"
                    aria-describedby="operator-hint"
                    prop:value=move || operator.get()
                    on:input=move |ev| operator.set(event_target_value(&ev))
                />
                <p id="operator-hint" class="hint">
                    {tr(|l| td_string!(l, operator_token_hint))}
                </p>
                <div class="form-buttons">
                    <button type="submit" class="button primary">
                        {tr(|l| td_string!(l, save))}
                    </button>
                    <button type="button" class="button" on:click=forget>
                        {tr(|l| td_string!(l, forget_token))}
                    </button>
                </div>
            </form>
        </section>
    }
}

fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) =
        document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
