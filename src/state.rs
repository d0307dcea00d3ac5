//! App-wide state besides the session, provided as context at the root: the policy in force,
//! the job list's last address, and a message for the next page. `provide_*` at the root,
//! `expect_*` where needed.

use leptos::prelude::*;
use waybill_rules::Policy;

use crate::client::use_client;
use crate::session::Session;

/// The policy in force (the rules' default until the service's arrives).
#[derive(Clone, Copy)]
pub struct PolicyContext(pub RwSignal<Policy>);

/// Provides the session (loaded from storage), the policy (fetched from the service whenever
/// the service or token changes), the flash message and the list's address.
pub fn provide_app_state() {
    let session = Session::provide();
    let policy = RwSignal::new(Policy::default());
    provide_context(PolicyContext(policy));
    provide_context(FlashContext(RwSignal::new(None)));
    provide_context(ListAddressContext(RwSignal::new(crate::routes::JOBS.to_owned())));
    let client = use_client();
    // The policy belongs to the service: asked again only when the service or token changes.
    let service = Memo::new(move |_| session.credentials());
    Effect::new(move |_| {
        service.track();
        let Some(api) = client.authorized() else { return };
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

/// The policy signal.
pub fn expect_policy() -> RwSignal<Policy> {
    expect_context::<PolicyContext>().0
}
