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

/// Follows the live stream of `scope`'s job changes while the page lives, calling `apply` for
/// each; answers whether the stream is up (pages poll only while it is not). A stream that
/// fails is opened again after a pause that doubles up to 30 s, resuming after the last event
/// seen; a service without streams (Azure itself answers 404) is asked again only every
/// 5 minutes. A new `scope` (the key of an effect) starts a new stream; the old one stops at
/// its next event.
pub fn follow_live(
    client: crate::client::Client,
    scope: impl Fn() -> Option<crate::session::Scope> + 'static,
    apply: impl Fn(crate::logic::live::LiveChange) + Clone + 'static,
) -> leptos::prelude::RwSignal<bool> {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};

    use leptos::prelude::*;
    let live = RwSignal::new(false);
    let current = Arc::new(AtomicU64::new(0));
    // Once the page is gone its stream must not call into it (its signals are disposed): no
    // generation matches any more.
    {
        let current = current.clone();
        on_cleanup(move || current.store(u64::MAX, Ordering::SeqCst));
    }
    Effect::new(move |_| {
        let Some(scope) = scope() else { return };
        let generation = current.load(Ordering::SeqCst).saturating_add(1);
        if generation == u64::MAX {
            return;
        }
        current.store(generation, Ordering::SeqCst);
        let (client, apply, current) = (client.clone(), apply.clone(), current.clone());
        leptos::task::spawn_local(async move {
            let mut last = None::<i64>;
            let mut pause = 1_000;
            while current.load(Ordering::SeqCst) == generation {
                let Some(api) = client.authorized() else { break };
                let result = api
                    .follow_changes(
                        &scope,
                        last,
                        || {
                            let _ = live.try_set(true);
                        },
                        |change| {
                            if current.load(Ordering::SeqCst) == generation {
                                last = Some(change.id);
                                apply(change);
                            }
                        },
                    )
                    .await;
                // The page may be gone, its signal with it.
                let _ = live.try_set(false);
                match result {
                    Err(crate::client::Error::Aborted) => break,
                    Err(crate::client::Error::NotFound(_)) => pause = 300_000,
                    _ => pause = (pause * 2).min(30_000),
                }
                sleep_ms(pause).await;
            }
        });
    });
    live
}

/// Waits `ms` milliseconds.
pub(crate) async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
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
