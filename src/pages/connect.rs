//! Asks for a token when the console has none or the service refused it.

use leptos::prelude::*;

use crate::state::expect_connection;

/// The token prompt.
#[component]
pub fn ConnectPanel(#[prop(into)] message: String) -> impl IntoView {
    let connection = expect_connection();
    let token = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = token.get_untracked().trim().to_owned();
        if value.is_empty() {
            return;
        }
        connection.update(|c| {
            c.token = value;
            c.save();
        });
    };
    view! {
        <section class="panel connect" aria-labelledby="connect-title">
            <h1 id="connect-title">"Connect to the service"</h1>
            <p>{message}</p>
            <p class="hint">
                "Open the link that waybill-server printed when it started (it carries the token), or paste a token here."
            </p>
            <form on:submit=submit>
                <label for="token-input">"Access token"</label>
                <input id="token-input" type="password" autocomplete="off" required
                    prop:value=move || token.get()
                    on:input=move |ev| token.set(event_target_value(&ev)) />
                <button type="submit" class="button primary">"Connect"</button>
            </form>
        </section>
    }
}
