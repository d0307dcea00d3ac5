//! # waybill-console
//!
//! Waybill's web console: a Leptos single-page app, compiled to WebAssembly by Trunk, that
//! lists Import/Export jobs, shows one job in detail, and cancels or deletes jobs. Whether an
//! action is possible is decided instantly, in the browser, by the very same rules crate the
//! service enforces (`waybill-rules`), with the policy the service publishes; the service has
//! the last word, and its message is shown as it was sent.
//!
//! Key decisions: only [`client`] touches the network, and pages ask it for data (never the
//! [`session`] for the token); pages own their data and actions, mutations being Leptos
//! actions;
//! components are presentational; list logic lives in plain types ([`logic`]) tested natively;
//! every visible string comes from `locales/*.json` through the generated [`i18n`] module.

pub mod client;
pub mod components;
mod format;
pub mod logic;
pub mod pages;
mod perf;
pub mod routes;
pub mod session;
pub mod state;
pub mod text;

/// The translations, generated from `locales/*.json` by `build.rs` (leptos_i18n).
#[allow(missing_docs, clippy::all)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}
pub use generated::i18n;

use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_router::components::{A, Route, Router, Routes};

use crate::i18n::td_string;
use crate::i18n::{I18nContextProvider, Locale, use_i18n};
use crate::pages::{JobDetailPage, JobListPage, NewJobPage, SettingsPage};
use crate::text::tr;

/// The language menu: every locale by its own name; the choice is remembered (localStorage)
/// and `<html lang>` follows it.
#[component]
pub fn LanguageMenu() -> impl IntoView {
    let i18n = use_i18n();
    let options = Locale::get_all()
        .iter()
        .map(|&locale| {
            view! {
                <option
                    value=text::tag(locale)
                    selected=move || i18n.get_locale() == locale
                    lang=text::tag(locale)
                >
                    {text::endonym(locale)}
                </option>
            }
        })
        .collect_view();
    let change = move |ev: leptos::ev::Event| {
        let tag = event_target_value(&ev);
        if let Some(&locale) = Locale::get_all().iter().find(|l| text::tag(**l) == tag) {
            i18n.set_locale(locale);
            session::remember_locale(&tag);
        }
    };
    view! {
        <label class="language">
            <span class="visually-hidden">{tr(|l| td_string!(l, language))}</span>
            <select aria-label=tr(|l| td_string!(l, language)) on:change=change>
                {options}
            </select>
        </label>
    }
}

/// The app inside its i18n context: layout and route table.
#[component]
fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    state::provide_app_state();
    // A language picked earlier wins over the browser's (applied after the provider's own
    // effect, which sets the browser's choice).
    if let Some(&locale) = session::chosen_locale()
        .and_then(|tag| Locale::get_all().iter().find(|l| text::tag(**l) == tag))
    {
        Effect::new(move |_| i18n.set_locale(locale));
    }
    // The language's date and number formatters, made while the page waits for the service
    // (a task after the one whose effects send the first requests).
    Effect::new(move |_| {
        let tag = text::tag(i18n.get_locale());
        set_timeout(move || format::warm(tag), std::time::Duration::ZERO);
    });
    let list_address = state::expect_list_address();
    view! {
        <Router>
            <FocusOnNavigation />
            <a class="skip" href="#main">
                {tr(|l| td_string!(l, skip_to_content))}
            </a>
            <header class="topbar">
                <a class="brand" href=move || list_address.get()>
                    "Waybill"
                </a>
                <span class="tagline">{tr(|l| td_string!(l, tagline))}</span>
                <nav aria-label=tr(|l| td_string!(l, nav_main))>
                    <A href=move || list_address.get()>{tr(|l| td_string!(l, nav_jobs))}</A>
                    <A href=routes::SETTINGS>{tr(|l| td_string!(l, nav_settings))}</A>
                </nav>
                <LanguageMenu />
            </header>
            <main id="main" tabindex="-1">
                <Routes fallback=move || {
                    view! { <p class="empty">{tr(|l| td_string!(l, page_not_found))}</p> }
                }>
                    <Route path=routes::list_route() view=JobListPage />
                    <Route path=routes::settings_route() view=SettingsPage />
                    <Route path=routes::new_job_route() view=NewJobPage />
                    <Route path=routes::job_route() view=JobDetailPage />
                </Routes>
            </main>
        </Router>
    }
}

/// After a navigation, focus moves to the new page's heading (or its main region while the
/// page loads), so keyboard and screen-reader users start at the top of what they opened.
#[component]
fn FocusOnNavigation() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            set_timeout(
                || {
                    use wasm_bindgen::JsCast;
                    let target = document()
                        .query_selector("main h1")
                        .ok()
                        .flatten()
                        .or_else(|| document().get_element_by_id("main"));
                    if let Some(el) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        let _ = el.focus();
                    }
                },
                std::time::Duration::ZERO,
            );
        }
        path
    });
}

/// The root component. The initial language follows the browser's languages, or the choice
/// made earlier in the language menu.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider>
            <Shell />
        </I18nContextProvider>
    }
}

/// Mounts the app into the page's body (called by the binary's `main`).
pub fn start() {
    leptos::mount::mount_to_body(App);
}
