//! One routed page per file; each owns its data and its actions.

mod connect;
mod job_detail;
mod job_list;
mod new_job;
mod settings;

pub use connect::ConnectPanel;
pub use job_detail::{JobDetailPage, JobDetailView, Outcome};
pub use job_list::{BulkDialog, JobListPage};
pub use new_job::NewJobPage;
pub use settings::SettingsPage;

/// How often a page refreshes its data while the browser tab is visible.
pub const REFRESH_MS: u64 = 5_000;

/// Writes `value` only when it differs, so an unchanged refresh re-renders nothing (and
/// keeps focus, scroll and selection).
pub fn set_if_changed<T: PartialEq + Send + Sync + 'static>(
    signal: leptos::prelude::RwSignal<T>,
    value: T,
) {
    use leptos::prelude::{Set, WithUntracked};
    if signal.with_untracked(|current| *current != value) {
        signal.set(value);
    }
}

/// True while the browser tab is visible.
pub fn page_visible() -> bool {
    leptos::prelude::document().visibility_state() == web_sys::VisibilityState::Visible
}

/// Runs `refresh` every [`REFRESH_MS`] while the tab is visible, until the page goes away.
pub fn refresh_while_visible(refresh: impl Fn() + 'static) {
    let handle = leptos::prelude::set_interval_with_handle(
        move || {
            if page_visible() {
                refresh();
            }
        },
        std::time::Duration::from_millis(REFRESH_MS),
    );
    leptos::prelude::on_cleanup(move || {
        if let Ok(h) = handle {
            h.clear();
        }
    });
}

/// Something loaded from the service.
#[derive(Debug, Clone, PartialEq)]
pub enum Load<T> {
    /// On its way.
    Loading,
    /// Here.
    Ready(T),
    /// It failed.
    Failed(crate::client::Error),
}
