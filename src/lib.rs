//! # waybill-console
//!
//! Waybill's web console: a Leptos single-page app, compiled to WebAssembly by Trunk, that
//! lists Import/Export jobs, shows one job in detail, and cancels or deletes jobs. Whether an
//! action is possible is decided instantly, in the browser, by the very same rules crate the
//! service enforces (`waybill-rules`); the service has the last word.
//!
//! Key decision: only [`api`] touches the network; pages own their data and actions;
//! components are presentational; list logic lives in plain types tested natively.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The root component: layout and route table.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <header class="topbar">
                <a class="brand" href="/">"Waybill"</a>
                <span class="tagline">"Azure Import/Export jobs"</span>
            </header>
            <main id="main">
                <Routes fallback=|| view! { <p class="empty">"This page does not exist."</p> }>
                    <Route path=path!("/") view=HomePage />
                </Routes>
            </main>
        </Router>
    }
}

/// The start page.
#[component]
fn HomePage() -> impl IntoView {
    view! {
        <section aria-labelledby="jobs-title">
            <h1 id="jobs-title">"Jobs"</h1>
        </section>
    }
}

/// Mounts the app into the page's body (called by the binary's `main`).
pub fn start() {
    leptos::mount::mount_to_body(App);
}
