//! The lifecycle as a picture: every state in order, the current one marked, and where a
//! requested cancellation leads.

use leptos::prelude::*;
use waybill_rules::JobState;

use crate::i18n::{t_string, use_i18n};
use crate::text;

/// The timeline of a job in `state`; `cancelled_to` is where the data center will take it
/// because its cancellation was requested (from the rules' `next_step`), if anywhere.
#[component]
pub fn Timeline(state: JobState, cancelled_to: Option<JobState>) -> impl IntoView {
    let i18n = use_i18n();
    // Completed and Closed are alternative ends: show the one the job reached, else Completed.
    let path: Vec<JobState> = JobState::ALL
        .into_iter()
        .filter(|s| match s {
            JobState::Closed => state == JobState::Closed,
            JobState::Completed => state != JobState::Closed,
            _ => true,
        })
        .collect();
    let steps = path
        .into_iter()
        .map(|s| {
            let status = if s == state {
                "current"
            } else if s < state {
                "done"
            } else {
                "todo"
            };
            let leads_to_cancel = cancelled_to == Some(s);
            let current = (s == state).then_some("step");
            view! {
                <li class=format!("step {status}") aria-current=current>
                    <span class="dot" aria-hidden="true"></span>
                    <span class="label">
                        {move || text::state(i18n.get_locale(), s)}
                        {move || leads_to_cancel.then(|| t_string!(i18n, next_cancelled))}
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <ol class="timeline" aria-label=move || t_string!(i18n, lifecycle)>
            {steps}
        </ol>
    }
}
