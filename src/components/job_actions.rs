//! The "Cancel job" and "Delete job" buttons, enabled or disabled at once by the shared rules,
//! with the reason beside a disabled one.

use leptos::prelude::*;
use waybill_rules::{CancelEffect, JobSnapshot, Policy, Reason, may_cancel, may_delete};

use crate::i18n::td_string;
use crate::i18n::use_i18n;
use crate::text;
use crate::text::tr;

/// The two actions that end a job early.
#[component]
pub fn JobActions(
    /// The job as the rules see it, or why they allow nothing on it (a state they do not know).
    #[prop(into)]
    job: Signal<Result<JobSnapshot, Reason>>,
    /// The policy in force.
    #[prop(into)]
    policy: Signal<Policy>,
    /// A request is running: both buttons wait.
    #[prop(into)]
    busy: Signal<bool>,
    /// "Cancel job" was pressed.
    on_cancel: Callback<()>,
    /// "Delete job" was pressed.
    on_delete: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let cancel = Memo::new(move |_| job.get().and_then(|j| may_cancel(&policy.get(), &j)));
    let delete = Memo::new(move |_| job.get().and_then(|j| may_delete(&policy.get(), &j)));
    let cancel_note = move || match job.get() {
        Ok(j) => text::cancel_refusal(i18n.get_locale(), &policy.get(), &j),
        Err(reason) => Some(text::reason(i18n.get_locale(), &reason)),
    };
    let cancel_disabled = move || busy.get() || !matches!(cancel.get(), Ok(CancelEffect::Request));
    let delete_note = move || delete.get().err().map(|r| text::reason(i18n.get_locale(), &r));
    view! {
        <div class="actions" role="group" aria-label=tr(|l| td_string!(l, job_actions))>
            <div class="action">
                <button
                    id="cancel-job"
                    type="button"
                    class="button warn"
                    disabled=cancel_disabled
                    aria-describedby="cancel-reason"
                    on:click=move |_| on_cancel.run(())
                >
                    {tr(|l| td_string!(l, cancel_job))}
                </button>
                <p id="cancel-reason" class="reason">
                    {cancel_note}
                </p>
            </div>
            <div class="action">
                <button
                    id="delete-job"
                    type="button"
                    class="button danger"
                    disabled=move || busy.get() || delete.get().is_err()
                    aria-describedby="delete-reason"
                    on:click=move |_| on_delete.run(())
                >
                    {tr(|l| td_string!(l, delete_job))}
                </button>
                <p id="delete-reason" class="reason">
                    {delete_note}
                </p>
            </div>
        </div>
    }
}
