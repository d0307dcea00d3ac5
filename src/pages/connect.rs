//! Asks for a token when the console has none or the service refused it.

use leptos::prelude::*;

use crate::i18n::td_string;
use crate::i18n::use_i18n;
use crate::session::Session;
use crate::text::tr;

/// The token prompt; `message` says why it is shown.
#[component]
pub fn ConnectPanel(#[prop(into)] message: Signal<String>) -> impl IntoView {
    let _i18n = use_i18n();
    let session = Session::expect();
    let token = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = token.get_untracked().trim().to_owned();
        if value.is_empty() {
            return;
        }
        session.sign_in(value);
    };
    view! {
        <section class="panel connect" aria-labelledby="connect-title">
            <h1 id="connect-title">{tr(|l| td_string!(l, connect_title))}</h1>
            <p>{move || message.get()}</p>
            <p class="hint">{tr(|l| td_string!(l, connect_hint))}</p>
            <form on:submit=submit>
                <label for="token-input">{tr(|l| td_string!(l, access_token))}</label>
                <input
                    id="token-input"
                    type="password"
                    autocomplete="off"
                    required
                    prop:value=move || token.get()
                    on:input=move |ev| token.set(event_target_value(&ev))
                />
                <button type="submit" class="button primary">
                    {tr(|l| td_string!(l, connect))}
                </button>
            </form>
        </section>
    }
}
