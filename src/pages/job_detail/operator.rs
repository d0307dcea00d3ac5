//! The simulated data center, on a job's page: offered only while the console holds the
//! service's operator token. It moves the job one step, on to a chosen state, or closes it
//! with errors — through the service's `/_emulator/` routes, where the rules decide; what it
//! offers is what `steps_to` allows from the job's state.

use leptos::prelude::*;
use waybill_rules::wire::{JobAddress, JobResponse};
use waybill_rules::{JobSnapshot, JobState, steps_to};

use crate::client::{Error, page_client};
use crate::components::ErrorNotice;
use crate::i18n::td_string;
use crate::i18n::{t_string, use_i18n};
use crate::session::Session;
use crate::state::expect_policy;
use crate::text;
use crate::text::tr;

/// The operator's panel, or nothing without the operator token.
#[component]
pub fn OperatorPanel(
    /// The job as last answered.
    job: JobResponse,
    /// The data center moved it: the job as answered.
    on_moved: Callback<JobResponse>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let policy = expect_policy();
    let client = page_client();
    let snapshot = JobSnapshot::of(&job).ok();
    let address = job.id.as_deref().and_then(JobAddress::from_resource_id);
    let refused = RwSignal::new(None::<Error>);
    let target = RwSignal::new(None::<JobState>);
    let in_flight = super::InFlight::of_page();
    let advance = Action::new_local(move |(address, to): &(JobAddress, Option<JobState>)| {
        let (address, to, api) = (address.clone(), *to, client.operator());
        async move {
            let Some(api) = api else { return };
            let _counted = in_flight.map(super::InFlight::start);
            match api.advance(&address, to).await {
                Ok(job) => {
                    refused.set(None);
                    on_moved.run(job);
                }
                Err(e) => refused.set(Some(e)),
            }
        }
    });
    let busy = advance.pending();
    // Where the rules let the data center take the job from here.
    let reachable = move || {
        let Some(job) = snapshot else { return Vec::new() };
        policy.with(|p| {
            JobState::ALL
                .into_iter()
                .filter(|s| steps_to(p, &job, Some(*s)).is_ok_and(|steps| !steps.is_empty()))
                .collect::<Vec<_>>()
        })
    };
    let why_not = move || {
        let job = snapshot?;
        let locale = i18n.get_locale();
        policy.with(|p| steps_to(p, &job, None).err()).map(|r| text::reason(locale, &r))
    };
    let run = move |to: Option<JobState>| {
        if let Some(address) = address.clone() {
            advance.dispatch_local((address, to));
        }
    };
    let (step, chosen, close) = (run.clone(), run.clone(), run);
    move || {
        (session.has_operator() && snapshot.is_some()).then(|| {
            let states = reachable();
            let can_step = why_not().is_none();
            let can_close = states.contains(&JobState::Closed);
            let first = states.first().copied();
            if target.get_untracked().is_none_or(|t| !states.contains(&t)) {
                target.set(first);
            }
            let (step, chosen, close) = (step.clone(), chosen.clone(), close.clone());
            view! {
                <section class="panel operator" aria-labelledby="operator-title">
                    <h2 id="operator-title">{tr(|l| td_string!(l, datacenter_title))}</h2>
                    <p class="hint">{tr(|l| td_string!(l, datacenter_hint))}</p>
                    {why_not().map(|r| view! { <p class="reason">{r}</p> })}
                    <div class="form-buttons">
                        <button
                            type="button"
                            class="button"
                            disabled=move || !can_step || busy.get()
                            on:click=move |_| step(None)
                        >
                            {tr(|l| td_string!(l, advance_step))}
                        </button>
                    </div>
                    {(!states.is_empty())
                        .then(|| {
                            let options = states
                                .iter()
                                .map(|&s| {
                                    view! {
                                        <option
                                            value=s.as_str()
                                            selected=move || target.get() == Some(s)
                                        >
                                            {move || text::state(i18n.get_locale(), s)}
                                        </option>
                                    }
                                })
                                .collect_view();
                            view! {
                                <div class="form-buttons">
                                    <label for="advance-target">
                                        {tr(|l| td_string!(l, advance_target))}
                                    </label>
                                    <select
                                        id="advance-target"
                                        on:change=move |ev| {
                                            target.set(event_target_value(&ev).parse().ok());
                                        }
                                    >
                                        {options}
                                    </select>
                                    <button
                                        type="button"
                                        class="button"
                                        disabled=move || busy.get()
                                        on:click=move |_| chosen(target.get_untracked())
                                    >
                                        {tr(|l| td_string!(l, advance_to))}
                                    </button>
                                    {can_close
                                        .then(|| {
                                            view! {
                                                <button
                                                    type="button"
                                                    class="button warn"
                                                    disabled=move || busy.get()
                                                    on:click=move |_| close(Some(JobState::Closed))
                                                >
                                                    {tr(|l| td_string!(l, close_with_errors))}
                                                </button>
                                            }
                                        })}
                                </div>
                            }
                        })}
                    {move || refused.get().map(|e| view! { <ErrorNotice error=e /> })}
                    <span class="visually-hidden" role="status">
                        {move || busy.get().then(|| t_string!(i18n, working))}
                    </span>
                </section>
            }
        })
    }
}
