//! What the detail page shows of a job: header, actions, outcome, lifecycle, retention date,
//! "Mark as shipped", drives, and every property. Props in, callbacks out.

use leptos::prelude::*;
use waybill_rules::wire::JobResponse;
use waybill_rules::{JobSnapshot, next_step, removal_date};

use super::properties::JobProperties;
use super::ship_form::ShipForm;
use crate::api::Error;
use crate::components::{
    DriveList, ErrorNotice, JobActions, Notice, NoticeKind, StateBadge, Timeline,
};
use crate::i18n::{t, t_string, use_i18n};
use crate::state::expect_policy;
use crate::{format, text};

/// What the last action came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A cancellation of the named job was requested.
    CancelRequested(String),
    /// The job was marked as shipped.
    Shipped,
    /// The service refused or could not be reached.
    Failed(Error),
}

/// A job in detail.
#[component]
pub fn JobDetailView(
    /// The job.
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
) -> impl IntoView {
    let i18n = use_i18n();
    let policy = expect_policy();
    let snap = JobSnapshot::of(&job);
    let name = job.name.clone().unwrap_or_default();
    // Where the requested cancellation takes the job, as the data center will move it.
    let cancelled_to = next_step(&policy.get_untracked(), &snap, false)
        .ok()
        .filter(|step| step.ends_cancelled)
        .map(|step| step.state);
    let removal = move || {
        let tag = text::tag(i18n.get_locale());
        match removal_date(&policy.get(), &snap) {
            Some(at) => t_string!(
                i18n,
                removal_on,
                date = format::day(tag, at),
                relative = format::relative_time(tag, at)
            )
            .to_string(),
            None => t_string!(i18n, not_scheduled).to_owned(),
        }
    };
    let outcome_view = move || {
        outcome.get().map(|o| match o {
            Outcome::CancelRequested(name) => {
                let message = t_string!(i18n, cancel_requested_outcome, name = name.as_str()).to_string();
                view! { <Notice kind=NoticeKind::Success message=message /> }.into_any()
            }
            Outcome::Shipped => view! { <Notice kind=NoticeKind::Success message=t_string!(i18n, shipped_outcome) /> }.into_any(),
            Outcome::Failed(e) => view! { <ErrorNotice error=e /> }.into_any(),
        })
    };
    let drives = job.properties.as_ref().and_then(|p| p.drive_list.clone()).unwrap_or_default();
    view! {
        <article class="job-detail" aria-labelledby="job-title">
            <header class="detail-header">
                <h1 id="job-title">{name}</h1>
                <StateBadge state=snap.state />
                {snap.cancel_requested.then(|| view! { <span class="badge cancel-flag">{t!(i18n, cancel_requested)}</span> })}
            </header>
            <JobActions job=Signal::stored(snap) policy=policy busy=busy on_cancel=on_cancel on_delete=on_delete />
            {outcome_view}
            <section aria-labelledby="lifecycle-title">
                <h2 id="lifecycle-title">{t!(i18n, lifecycle)}</h2>
                <Timeline state=snap.state cancelled_to=cancelled_to />
                <p class="retention">{removal}</p>
            </section>
            <ShipForm job=job.clone() on_shipped=on_shipped />
            <section aria-labelledby="drives-title">
                <h2 id="drives-title">{t!(i18n, drives_title)}</h2>
                <DriveList drives=drives />
            </section>
            <JobProperties job=job />
        </article>
    }
}
