//! What the detail page shows of a job: header, actions, outcome, lifecycle, retention date,
//! "Mark as shipped", drives, BitLocker keys, and every property. Props in, callbacks out.

use leptos::prelude::*;
use waybill_rules::wire::{Expandable, JobResponse};
use waybill_rules::{JobSnapshot, JobState, lifecycle};

use super::activity::JobHistory;
use super::keys::BitLockerKeys;
use super::properties::JobProperties;
use super::ship_form::ShipForm;
use crate::client::Error;
use crate::components::{
    DriveList, ErrorNotice, JobActions, Notice, NoticeKind, StateBadge, Timeline,
};
use crate::i18n::td_string;
use crate::i18n::{t_string, use_i18n};
use crate::state::expect_policy;
use crate::text;
use crate::text::tr;

/// What the last action came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A cancellation of the named job was requested; the state the rules say it ends in.
    CancelRequested(String, JobState),
    /// The job was marked as shipped.
    Shipped,
    /// An edit was saved.
    Saved,
    /// The service refused or could not be reached.
    Failed(Error),
}

/// A job in detail.
#[component]
pub fn JobDetailView(
    /// The job as the service last answered it.
    job: JobResponse,
    /// A request is running.
    #[prop(into)]
    busy: Signal<bool>,
    /// The last action's outcome.
    #[prop(into)]
    outcome: Signal<Option<Outcome>>,
    /// "Cancel job" was pressed.
    on_cancel: Callback<()>,
    /// "Delete job" was pressed.
    on_delete: Callback<()>,
    /// The job was marked as shipped; its new state.
    on_shipped: Callback<JobResponse>,
    /// More tools under the actions (edit, clone, the simulated data center).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let policy = expect_policy();
    let snap = JobSnapshot::of(&job);
    let props = job.properties.clone().unwrap_or_default();
    let state = props.state.clone().unwrap_or(Expandable::Known(JobState::Creating));
    let cancel_requested = props.cancel_requested.unwrap_or(false);
    let name = job.name.clone().unwrap_or_default();
    let lifecycle_view = {
        let snap = snap.clone();
        move || match &snap {
            Ok(s) => {
                let s = *s;
                // A finished cancelled job whose document does not say where it was cancelled
                // (Azure's do not): the path it took comes from its activity log.
                let history = use_context::<JobHistory>();
                let stages = move || {
                    let mut s = s;
                    if s.cancel_requested && s.state.is_final() && s.cancelled_in.is_none() {
                        s.cancelled_in = history.and_then(|h| h.cancelled_in());
                    }
                    lifecycle(&policy.get(), &s)
                };
                view! {
                    {move || view! { <Timeline stages=stages() finished=s.state.is_final() /> }}
                    <p class="retention">
                        {move || text::removal_sentence(i18n.get_locale(), &policy.get(), &s)}
                    </p>
                }
                .into_any()
            }
            Err(reason) => {
                let reason = reason.clone();
                view! { <p class="reason">{move || text::reason(i18n.get_locale(), &reason)}</p> }
                    .into_any()
            }
        }
    };
    let outcome_view = move || {
        outcome.get().map(|o| match o {
            Outcome::CancelRequested(name, end) => {
                let message = t_string!(
                    i18n,
                    cancel_requested_outcome,
                    name = name.as_str(),
                    state = text::state(i18n.get_locale(), end)
                )
                .to_string();
                view! { <Notice kind=NoticeKind::Success message=message /> }.into_any()
            }
            Outcome::Shipped => {
                view! { <Notice kind=NoticeKind::Success message=t_string!(i18n, shipped_outcome) /> }
                    .into_any()
            }
            Outcome::Saved => {
                view! { <Notice kind=NoticeKind::Success message=t_string!(i18n, saved_outcome) /> }
                    .into_any()
            }
            Outcome::Failed(e) => view! { <ErrorNotice error=e /> }.into_any(),
        })
    };
    // Arriving here by a link, focus is on the page or its main region: the heading takes it.
    Effect::new(move |_| {
        use wasm_bindgen::JsCast;
        let idle =
            document().active_element().is_none_or(|a| a.tag_name() == "BODY" || a.id() == "main");
        if idle
            && let Some(h) = document()
                .get_element_by_id("job-title")
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = h.focus();
        }
    });
    let drives = props.drive_list.clone().unwrap_or_default();
    let key = job.id.as_deref().and_then(waybill_rules::wire::JobAddress::from_resource_id);
    let has_drives = !drives.is_empty();
    view! {
        <article class="job-detail" aria-labelledby="job-title">
            <header class="detail-header">
                <h1 id="job-title" tabindex="-1">
                    {name}
                </h1>
                <StateBadge state=state />
                {cancel_requested
                    .then(|| {
                        view! {
                            <span class="badge cancel-flag">
                                {tr(|l| td_string!(l, cancel_requested))}
                            </span>
                        }
                    })}
            </header>
            <JobActions
                job=Signal::stored(snap)
                policy=policy
                busy=busy
                on_cancel=on_cancel
                on_delete=on_delete
            />
            {outcome_view}
            {children.map(|c| c())}
            <section aria-labelledby="lifecycle-title">
                <h2 id="lifecycle-title">{tr(|l| td_string!(l, lifecycle))}</h2>
                {lifecycle_view}
            </section>
            <ShipForm job=job.clone() on_shipped=on_shipped />
            <section aria-labelledby="drives-title">
                <h2 id="drives-title">{tr(|l| td_string!(l, drives_title))}</h2>
                <DriveList drives=drives />
                {has_drives.then(|| key.map(|key| view! { <BitLockerKeys key=key /> }))}
            </section>
            <JobProperties job=job />
        </article>
    }
}
