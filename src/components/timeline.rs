//! The lifecycle as a picture: every state in order, the current one marked, and where a
//! requested cancellation leads.

use leptos::prelude::*;
use waybill_rules::JobState;

/// The timeline of a job in `state`.
#[component]
pub fn Timeline(state: JobState, cancel_requested: bool) -> impl IntoView {
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
            let note =
                (cancel_requested && s == JobState::Completed && state < JobState::Completed)
                    .then_some(" (next: cancelled)");
            let current = (s == state).then_some("step");
            view! {
                <li class=format!("step {status}") aria-current=current>
                    <span class="dot" aria-hidden="true"></span>
                    <span class="label">{s.as_str()}{note}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <ol class="timeline" aria-label="Lifecycle">
            {steps}
        </ol>
    }
}
