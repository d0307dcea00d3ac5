//! # waybill-console
//!
//! Waybill's web console: a Leptos single-page app, compiled to WebAssembly by Trunk, that
//! lists Import/Export jobs, shows one job in detail, and cancels or deletes jobs. Whether an
//! action is possible is decided instantly, in the browser, by the very same rules crate the
//! service enforces (`waybill-rules`), with the policy the service publishes; the service has
//! the last word, and its message is shown as it was sent.
//!
//! Key decision: only [`api`] touches the network; pages own their data and actions;
//! components are presentational; list logic lives in plain types ([`logic`]) tested natively.

pub mod api;
pub mod components;
mod format;
pub mod logic;
pub mod pages;
pub mod routes;
pub mod state;

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

use crate::pages::{JobDetailPage, JobListPage, SettingsPage};

/// The root component: app state, layout and route table.
#[component]
pub fn App() -> impl IntoView {
    state::provide_app_state();
    view! {
        <Router>
            <a class="skip" href="#main">"Skip to content"</a>
            <header class="topbar">
                <a class="brand" href=routes::JOBS>"Waybill"</a>
                <span class="tagline">"Azure Import/Export jobs"</span>
                <nav aria-label="Main">
                    <A href=routes::JOBS>"Jobs"</A>
                    <A href=routes::SETTINGS>"Settings"</A>
                </nav>
            </header>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <p class="empty">"This page does not exist."</p> }>
                    <Route path=path!("/") view=JobListPage />
                    <Route path=path!("/settings") view=SettingsPage />
                    <Route path=path!("/subscriptions/:sub/resourceGroups/:rg/jobs/:name") view=JobDetailPage />
                </Routes>
            </main>
        </Router>
    }
}

/// Mounts the app into the page's body (called by the binary's `main`).
pub fn start() {
    leptos::mount::mount_to_body(App);
}
