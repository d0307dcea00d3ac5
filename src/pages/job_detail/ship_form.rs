//! "Mark as shipped": carrier and tracking number, offered only where the rules allow it.

use leptos::prelude::*;
use waybill_rules::wire::{JobAddress, JobResponse};
use waybill_rules::{JobSnapshot, ShipEffect, ShipSupplies, may_ship};

use crate::client::{DeliveryPackage, Error, page_client};
use crate::components::{ErrorNotice, Notice, NoticeKind};
use crate::i18n::td_string;
use crate::i18n::{t_string, use_i18n};
use crate::state::expect_policy;
use crate::text;
use crate::text::tr;

/// What went wrong with the form.
#[derive(Debug, Clone, PartialEq)]
enum Problem {
    Incomplete,
    Refused(Error),
}

/// What the ship form holds as typed; a page provides one so that it outlives a rendering.
#[derive(Clone, Copy)]
pub struct ShipDraft {
    carrier: RwSignal<String>,
    tracking: RwSignal<String>,
}

impl ShipDraft {
    /// An empty draft (the carrier suggested).
    pub fn new() -> ShipDraft {
        ShipDraft {
            carrier: RwSignal::new("FedEx".to_owned()),
            tracking: RwSignal::new(String::new()),
        }
    }
}

/// The form, or nothing when the job cannot be marked as shipped from its state.
#[component]
pub fn ShipForm(job: JobResponse, on_shipped: Callback<JobResponse>) -> impl IntoView {
    let i18n = use_i18n();
    let policy = expect_policy();
    let client = page_client();
    // A job in a state the rules do not know is never offered the form.
    let snapshot = JobSnapshot::of(&job).ok();
    let key = job.id.as_deref().and_then(JobAddress::from_resource_id);
    let drives =
        job.properties.as_ref().and_then(|p| p.drive_list.as_ref()).map_or(0, Vec::len) as i64;
    // What was typed outlives a rendering of the page (the job may change under the form).
    let ShipDraft { carrier, tracking } = use_context::<ShipDraft>().unwrap_or_else(ShipDraft::new);
    let problem = RwSignal::new(None::<Problem>);
    // Marking as shipped is a Leptos action: its pending state disables the button meanwhile.
    let in_flight = super::InFlight::of_page();
    let ship = Action::new_local(move |(key, package): &(JobAddress, DeliveryPackage)| {
        let (key, package, api) = (key.clone(), package.clone(), client.authorized());
        async move {
            let Some(api) = api else { return };
            let _counted = in_flight.map(super::InFlight::start);
            match api.mark_shipped(&key, &package).await {
                Ok(updated) => on_shipped.run(updated),
                Err(e) => problem.set(Some(Problem::Refused(e))),
            }
        }
    });
    let busy = ship.pending();
    // The form supplies the delivery package; what else is missing comes from the rules.
    let verdict =
        move || snapshot.map(|job| may_ship(&policy.get(), &job, ShipSupplies::DELIVERY_PACKAGE));
    let offered = move || {
        snapshot.is_some_and(|job| policy.with(|p| p.shippable_states.contains(job.state)))
            && !matches!(verdict(), Some(Ok(ShipEffect::AlreadyShipped)))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(key) = key.clone() else { return };
        let (c, t) = (carrier.get_untracked(), tracking.get_untracked());
        if c.trim().is_empty() || t.trim().is_empty() {
            problem.set(Some(Problem::Incomplete));
            return;
        }
        problem.set(None);
        let today = crate::format::now().to_rfc3339();
        let package = DeliveryPackage {
            carrier: c.trim().to_owned(),
            tracking: t.trim().to_owned(),
            drive_count: drives,
            ship_date: today[..10].to_owned(),
        };
        ship.dispatch_local((key, package));
    };
    move || {
        offered().then(|| {
            let problems = verdict().and_then(Result::err).unwrap_or_default();
            let blocked = !problems.is_empty();
            let locale = i18n.get_locale();
            view! {
                <section class="panel ship" aria-labelledby="ship-title">
                    <h2 id="ship-title">{tr(|l| td_string!(l, mark_shipped_title))}</h2>
                    {problems
                        .iter()
                        .map(|r| view! { <p class="reason">{text::reason(locale, r)}</p> })
                        .collect_view()}
                    // Each label stands over its own input, whatever the width or language.
                    <form on:submit=submit.clone()>
                        <div class="field">
                            <label for="carrier">{tr(|l| td_string!(l, carrier))}</label>
                            <input
                                id="carrier"
                                prop:value=move || carrier.get()
                                on:input=move |ev| carrier.set(event_target_value(&ev))
                            />
                        </div>
                        <div class="field">
                            <label for="tracking">{tr(|l| td_string!(l, tracking_number))}</label>
                            <input
                                id="tracking"
                                prop:value=move || tracking.get()
                                on:input=move |ev| tracking.set(event_target_value(&ev))
                            />
                        </div>
                        <div class="field submit">
                            <button
                                type="submit"
                                class="button primary"
                                disabled=move || blocked || busy.get()
                            >
                                {tr(|l| td_string!(l, mark_shipped_title))}
                            </button>
                        </div>
                    </form>
                    {move || {
                        problem
                            .get()
                            .map(|p| match p {
                                Problem::Incomplete => {
                                    view! {
                                        <Notice
                                            kind=NoticeKind::Error
                                            message=t_string!(i18n, ship_enter_both)
                                        />
                                    }
                                        .into_any()
                                }
                                Problem::Refused(e) => view! { <ErrorNotice error=e /> }.into_any(),
                            })
                    }}
                </section>
            }
        })
    }
}
