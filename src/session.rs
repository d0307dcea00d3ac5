//! The session: where the console sends its requests (service, scope) and with which token,
//! kept in the browser's storage. No network here: [`crate::client`] builds its clients from
//! the session, and pages ask the client for data, never the session for the token.

use leptos::prelude::*;

const TOKEN_KEY: &str = "waybill.token";
const OPERATOR_KEY: &str = "waybill.operator";
const SERVICE_KEY: &str = "waybill.service";
const SUBSCRIPTION_KEY: &str = "waybill.subscription";
const RESOURCE_GROUP_KEY: &str = "waybill.resourceGroup";
const LOCALE_KEY: &str = "waybill.locale";
const DRAFT_KEY: &str = "waybill.newJobDraft";

/// The new-job form as the user left it in this tab (sessionStorage, so a reload keeps it and
/// closing the tab forgets it, BitLocker keys included).
pub fn job_draft() -> Option<String> {
    Some(read(session_storage(), DRAFT_KEY)).filter(|d| !d.is_empty())
}

/// Keeps the new-job form for a reload; an empty text forgets it.
pub fn save_job_draft(json: &str) {
    write(session_storage(), DRAFT_KEY, json);
}

/// The language the user picked from the menu, if they ever did (localStorage).
pub fn chosen_locale() -> Option<String> {
    Some(read(local(), LOCALE_KEY)).filter(|tag| !tag.is_empty())
}

/// Remembers the language the user picked.
pub fn remember_locale(tag: &str) {
    write(local(), LOCALE_KEY, tag);
}

/// The jobs shown: a subscription, and one of its resource groups or all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// The subscription shown; empty until chosen.
    pub subscription: String,
    /// The resource group shown; empty for every group of the subscription.
    pub resource_group: String,
}

/// Where requests go and with which token: what the session keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Connection {
    /// The service's base URL; empty for the origin that served the console.
    service: String,
    scope: Scope,
    /// The bearer token; kept in sessionStorage only.
    token: String,
    /// The service's operator token (its simulated data center), if the user gave it; kept
    /// in sessionStorage only.
    operator: String,
}

fn session_storage() -> Option<web_sys::Storage> {
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

/// Tokens from a link the service printed: the user's, and the operator's when the demo
/// printed it too (`#token=…&operator=…`).
struct PrintedTokens {
    token: String,
    operator: String,
}

/// Takes the tokens from the address bar's fragment (`#token=...`, as the service prints it)
/// and removes them from the address bar and the history at once.
fn take_token_from_fragment() -> Option<PrintedTokens> {
    let window = web_sys::window()?;
    let location = window.location();
    let hash = location.hash().ok()?;
    let mut parts = hash.strip_prefix("#token=")?.split('&');
    let token = parts.next()?.to_owned();
    let operator = parts
        .find_map(|p| p.strip_prefix("operator="))
        .and_then(|p| js_sys::decode_uri_component(p).ok())
        .map(String::from)
        .unwrap_or_default();
    let path = location.pathname().unwrap_or_else(|_| "/".into());
    let search = location.search().unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        );
    }
    (!token.is_empty()).then_some(PrintedTokens { token, operator })
}

impl Connection {
    /// The connection as last saved, with a token from the address bar taking precedence.
    fn load() -> Connection {
        let mut connection = Connection {
            service: read(local(), SERVICE_KEY),
            scope: Scope {
                subscription: read(local(), SUBSCRIPTION_KEY),
                resource_group: read(local(), RESOURCE_GROUP_KEY),
            },
            token: read(session_storage(), TOKEN_KEY),
            operator: read(session_storage(), OPERATOR_KEY),
        };
        if let Some(printed) = take_token_from_fragment() {
            connection.use_printed_token(printed);
        }
        connection
    }

    /// A token from a link the service printed: it is that service's, the one that served
    /// this page, so the connection goes back to it (a service chosen earlier in Settings, and
    /// its scope, are dropped), and is saved.
    fn use_printed_token(&mut self, PrintedTokens { token, operator }: PrintedTokens) {
        if !self.service.is_empty() {
            self.service.clear();
            self.scope = Scope::default();
        }
        self.token = token;
        self.operator = operator;
        self.save();
    }

    /// Saves the connection: the token to sessionStorage, the rest to localStorage.
    fn save(&self) {
        write(session_storage(), TOKEN_KEY, self.token.trim());
        write(session_storage(), OPERATOR_KEY, self.operator.trim());
        write(local(), SERVICE_KEY, self.service.trim());
        write(local(), SUBSCRIPTION_KEY, &self.scope.subscription);
        write(local(), RESOURCE_GROUP_KEY, &self.scope.resource_group);
    }

    fn has_token(&self) -> bool {
        !self.token.trim().is_empty()
    }
}

/// The page's own origin.
pub fn own_origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// What an authorised request needs: the service's base URL and the token. Only
/// [`crate::client`] reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Credentials {
    pub(crate) base: String,
    pub(crate) token: String,
}

/// The session, provided as context at the root ([`Session::provide`]); copy it freely.
#[derive(Clone, Copy)]
pub struct Session(RwSignal<Connection>);

/// What the settings form edits: the service typed there (empty for the page's own), and the
/// token — the one place the console shows it back, in a password field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsForm {
    /// The service's origin as typed (empty: the origin that served the page).
    pub service: String,
    /// The bearer token, shown back only in the settings form's password field.
    pub token: String,
    /// The service's operator token (empty: none), likewise.
    pub operator: String,
}

impl Session {
    /// Loads the session from storage (a token in the address bar's fragment wins), provides it,
    /// and takes a token whenever a printed link is pasted into the open tab.
    pub fn provide() -> Session {
        let session = Session(RwSignal::new(Connection::load()));
        provide_context(session);
        // A printed link pasted into a tab that is already open changes only the fragment, so
        // the page does not load again: take the token whenever a fragment brings one.
        let listener = window_event_listener(leptos::ev::hashchange, move |_| {
            if let Some(printed) = take_token_from_fragment() {
                session.0.update(|c| c.use_printed_token(printed));
            }
        });
        on_cleanup(move || listener.remove());
        session
    }

    /// The session of the app.
    pub fn expect() -> Session {
        expect_context::<Session>()
    }

    /// True when the console has a token to send (tracked).
    pub fn has_token(&self) -> bool {
        self.0.with(Connection::has_token)
    }

    /// [`Session::has_token`], untracked.
    pub fn has_token_untracked(&self) -> bool {
        self.0.with_untracked(Connection::has_token)
    }

    /// The jobs shown (tracked).
    pub fn scope(&self) -> Scope {
        self.0.with(|c| c.scope.clone())
    }

    /// The jobs shown, untracked.
    pub fn scope_untracked(&self) -> Scope {
        self.0.with_untracked(|c| c.scope.clone())
    }

    /// Shows another subscription (all of its resource groups).
    pub fn choose_subscription(&self, subscription: String) {
        self.change(|c| c.scope = Scope { subscription, resource_group: String::new() });
    }

    /// Shows one resource group of the subscription, or all of them (empty).
    pub fn choose_resource_group(&self, resource_group: String) {
        self.change(|c| c.scope.resource_group = resource_group);
    }

    /// Uses `token` from now on.
    pub fn sign_in(&self, token: String) {
        self.change(|c| c.token = token);
    }

    /// Forgets the token (and the operator's).
    pub fn forget_token(&self) {
        self.change(|c| {
            c.token.clear();
            c.operator.clear();
        });
    }

    /// True when the console holds the service's operator token (tracked).
    pub fn has_operator(&self) -> bool {
        self.0.with(|c| !c.operator.trim().is_empty())
    }

    /// What the settings form starts from.
    pub fn settings(&self) -> SettingsForm {
        self.0.with_untracked(|c| SettingsForm {
            service: c.service.clone(),
            token: c.token.clone(),
            operator: c.operator.clone(),
        })
    }

    /// Saves the settings form; another service has other subscriptions, so the scope goes.
    pub fn save_settings(&self, form: SettingsForm) {
        self.change(|c| {
            if form.service != c.service {
                c.scope = Scope::default();
            }
            c.service = form.service;
            c.token = form.token.trim().to_owned();
            c.operator = form.operator.trim().to_owned();
        });
    }

    /// The service in effect: the one chosen in Settings, or the page's own origin (tracked).
    pub fn service_in_effect(&self) -> String {
        self.0.with(|c| if c.service.is_empty() { own_origin() } else { c.service.clone() })
    }

    /// Where authorised requests go, when there is a token (tracked).
    pub(crate) fn credentials(&self) -> Option<Credentials> {
        self.0.with(Self::credentials_of)
    }

    /// [`Session::credentials`], untracked.
    pub(crate) fn credentials_untracked(&self) -> Option<Credentials> {
        self.0.with_untracked(Self::credentials_of)
    }

    fn credentials_of(c: &Connection) -> Option<Credentials> {
        c.has_token().then(|| Credentials {
            base: c.service.trim_end_matches('/').to_owned(),
            token: c.token.clone(),
        })
    }

    /// The operator's credentials, when the session holds its token (untracked).
    pub(crate) fn operator_credentials_untracked(&self) -> Option<Credentials> {
        self.0.with_untracked(|c| {
            (!c.operator.trim().is_empty()).then(|| Credentials {
                base: c.service.trim_end_matches('/').to_owned(),
                token: c.operator.trim().to_owned(),
            })
        })
    }

    fn change(&self, f: impl FnOnce(&mut Connection)) {
        self.0.update(|c| {
            f(c);
            c.save();
        });
    }
}
