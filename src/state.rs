//! App-wide state, provided as context: the connection (service, scope, token) and the policy
//! in force. `provide_*` at the root, `expect_*` where needed.

use leptos::prelude::*;
use waybill_rules::Policy;

use crate::api::{Api, Requests};

const TOKEN_KEY: &str = "waybill.token";
const SERVICE_KEY: &str = "waybill.service";
const SUBSCRIPTION_KEY: &str = "waybill.subscription";
const RESOURCE_GROUP_KEY: &str = "waybill.resourceGroup";
const LOCALE_KEY: &str = "waybill.locale";

/// The language the user picked from the menu, if they ever did (localStorage).
pub fn chosen_locale() -> Option<String> {
    Some(read(local(), LOCALE_KEY)).filter(|tag| !tag.is_empty())
}

/// Remembers the language the user picked.
pub fn remember_locale(tag: &str) {
    write(local(), LOCALE_KEY, tag);
}

/// Where the console sends its requests, and with which token.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Connection {
    /// The service's base URL; empty for the origin that served the console.
    pub service: String,
    /// The subscription shown; empty until chosen.
    pub subscription: String,
    /// The resource group shown; empty for every group of the subscription.
    pub resource_group: String,
    /// The bearer token; kept in sessionStorage only.
    pub token: String,
}

impl Connection {
    /// True when the console has a token to send.
    pub fn has_token(&self) -> bool {
        !self.token.trim().is_empty()
    }
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn read(storage: Option<web_sys::Storage>, key: &str) -> String {
    storage.and_then(|s| s.get_item(key).ok().flatten()).unwrap_or_default()
}

fn write(storage: Option<web_sys::Storage>, key: &str, value: &str) {
    if let Some(s) = storage {
        let _ = if value.is_empty() { s.remove_item(key) } else { s.set_item(key, value) };
    }
}

/// Takes a token from the address bar's fragment (`#token=...`, as the service prints it) into
/// sessionStorage and removes it from the address bar and the history at once.
fn take_token_from_fragment() -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let hash = location.hash().ok()?;
    let token = hash.strip_prefix("#token=")?.split('&').next()?.to_owned();
    let path = location.pathname().unwrap_or_else(|_| "/".into());
    let search = location.search().unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        );
    }
    (!token.is_empty()).then_some(token)
}

impl Connection {
    /// The connection as last saved, with a token from the address bar taking precedence.
    pub fn load() -> Connection {
        let mut connection = Connection {
            service: read(local(), SERVICE_KEY),
            subscription: read(local(), SUBSCRIPTION_KEY),
            resource_group: read(local(), RESOURCE_GROUP_KEY),
            token: read(session(), TOKEN_KEY),
        };
        if let Some(token) = take_token_from_fragment() {
            connection.use_printed_token(token);
        }
        connection
    }

    /// A token from a link the service printed: it is that service's, the one that served
    /// this page, so the connection goes back to it (a service chosen earlier in Settings, and
    /// its scope, are dropped), and is saved.
    pub fn use_printed_token(&mut self, token: String) {
        if !self.service.is_empty() {
            self.service.clear();
            self.subscription.clear();
            self.resource_group.clear();
        }
        self.token = token;
        self.save();
    }

    /// The service in effect: the one chosen in Settings, or the page's own origin.
    pub fn service_in_effect(&self) -> String {
        if self.service.is_empty() {
            web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
        } else {
            self.service.clone()
        }
    }

    /// Saves the connection: the token to sessionStorage, the rest to localStorage.
    pub fn save(&self) {
        write(session(), TOKEN_KEY, self.token.trim());
        write(local(), SERVICE_KEY, self.service.trim());
        write(local(), SUBSCRIPTION_KEY, &self.subscription);
        write(local(), RESOURCE_GROUP_KEY, &self.resource_group);
    }
}

/// The connection signal.
#[derive(Clone, Copy)]
pub struct ConnectionContext(pub RwSignal<Connection>);

/// The policy in force (the rules' default until the service's arrives).
#[derive(Clone, Copy)]
pub struct PolicyContext(pub RwSignal<Policy>);

/// Provides the connection (loaded from storage) and the policy (fetched from the service
/// whenever the connection changes).
pub fn provide_app_state() {
    let connection = RwSignal::new(Connection::load());
    provide_context(ConnectionContext(connection));
    // A printed link pasted into a tab that is already open changes only the fragment, so the
    // page does not load again: take the token whenever a fragment brings one.
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        if let Some(token) = take_token_from_fragment() {
            connection.update(|c| c.use_printed_token(token));
        }
    });
    on_cleanup(move || listener.remove());
    let policy = RwSignal::new(Policy::default());
    provide_context(PolicyContext(policy));
    provide_context(FlashContext(RwSignal::new(None)));
    provide_context(ListAddressContext(RwSignal::new(crate::routes::JOBS.to_owned())));
    // The policy belongs to the service: asked again only when the service or token changes.
    let service = Memo::new(move |_| connection.with(|c| (c.service.clone(), c.token.clone())));
    Effect::new(move |_| {
        service.track();
        let conn = connection.get_untracked();
        if !conn.has_token() {
            return;
        }
        let api = Api::new(&conn, Requests::for_page());
        leptos::task::spawn_local(async move {
            if let Ok(p) = api.policy().await {
                policy.set(p);
            }
        });
    });
}

/// The job list's address with its filters, search and order, as the list last showed it:
/// where "All jobs" and "Jobs" lead back to.
#[derive(Clone, Copy)]
pub struct ListAddressContext(pub RwSignal<String>);

/// The list's last address.
pub fn expect_list_address() -> RwSignal<String> {
    expect_context::<ListAddressContext>().0
}

/// A message for the next page to show once (e.g. "Job X was deleted." after a delete).
#[derive(Clone, Copy)]
pub struct FlashContext(pub RwSignal<Option<String>>);

/// The flash message signal.
pub fn expect_flash() -> RwSignal<Option<String>> {
    expect_context::<FlashContext>().0
}

/// The connection signal.
pub fn expect_connection() -> RwSignal<Connection> {
    expect_context::<ConnectionContext>().0
}

/// The policy signal.
pub fn expect_policy() -> RwSignal<Policy> {
    expect_context::<PolicyContext>().0
}
