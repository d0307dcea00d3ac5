//! "Mark as shipped": carrier and tracking number, offered only where the rules allow it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waybill_rules::wire::JobResponse;
use waybill_rules::{JobSnapshot, ShipEffect, may_ship};

use crate::api::{Api, Requests};
use crate::components::{Notice, NoticeKind};
use crate::state::{expect_connection, expect_policy};

/// The form, or nothing when the job cannot be marked as shipped from its state.
#[component]
pub fn ShipForm(job: JobResponse, on_shipped: Callback<JobResponse>) -> impl IntoView {
    let policy = expect_policy();
    let connection = expect_connection();
    let requests = Requests::for_page();
    let snapshot = JobSnapshot::of(&job);
    let key = crate::routes::JobKey::of(&job);
    let drives =
        job.properties.as_ref().and_then(|p| p.drive_list.as_ref()).map_or(0, Vec::len) as i64;
    let carrier = RwSignal::new("FedEx".to_owned());
    let tracking = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // The form supplies the delivery package; what else is missing comes from the rules.
    let verdict = move || may_ship(&policy.get(), &snapshot, false, true);
    let offered = move || {
        policy.with(|p| p.shippable_states.contains(snapshot.state))
            && !matches!(verdict(), Ok(ShipEffect::AlreadyShipped))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(key) = key.clone() else { return };
        let (c, t) = (carrier.get_untracked(), tracking.get_untracked());
        if c.trim().is_empty() || t.trim().is_empty() {
            error.set(Some("Enter the carrier and the tracking number.".into()));
            return;
        }
        let api = Api::new(&connection.get_untracked(), requests.clone());
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let today = crate::format::now().to_rfc3339();
            match api.mark_shipped(&key, c.trim(), t.trim(), drives, &today[..10]).await {
                Ok(updated) => on_shipped.run(updated),
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    move || {
        offered().then(|| {
            let problems = verdict().err().unwrap_or_default();
            let blocked = !problems.is_empty();
            view! {
                <section class="panel ship" aria-labelledby="ship-title">
                    <h2 id="ship-title">"Mark as shipped"</h2>
                    {problems.into_iter().map(|r| view! { <p class="reason">{r.to_string()}</p> }).collect_view()}
                    <form on:submit=submit.clone()>
                        <label for="carrier">"Carrier"</label>
                        <input id="carrier" prop:value=move || carrier.get() on:input=move |ev| carrier.set(event_target_value(&ev)) />
                        <label for="tracking">"Tracking number"</label>
                        <input id="tracking" prop:value=move || tracking.get() on:input=move |ev| tracking.set(event_target_value(&ev)) />
                        <button type="submit" class="button primary" disabled=move || blocked || busy.get()>"Mark as shipped"</button>
                    </form>
                    {move || error.get().map(|m| view! { <Notice kind=NoticeKind::Error message=m /> })}
                </section>
            }
        })
    }
}
