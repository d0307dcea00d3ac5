//! Bulk cancel or delete: which jobs the rules let the action touch, which are skipped and
//! why; then each job's outcome.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{Api, Requests};
use crate::components::ConfirmDialog;
use crate::logic::bulk::{BulkAction, Skip, plan};
use crate::logic::list::JobRow;
use crate::state::{expect_connection, expect_policy};

/// The bulk dialog; `on_close(changed)` says whether any job changed.
#[component]
pub fn BulkDialog(
    action: BulkAction,
    rows: Vec<JobRow>,
    on_close: Callback<bool>,
) -> impl IntoView {
    let policy = expect_policy();
    let connection = expect_connection();
    let requests = Requests::for_page();
    let split = plan(&policy.get_untracked(), action, rows);
    let busy = RwSignal::new(false);
    let results = RwSignal::new(None::<Vec<(String, Result<(), String>)>>);
    let (verb, title) = match action {
        BulkAction::Cancel => ("Cancel", "Cancel the selected jobs?"),
        BulkAction::Delete => ("Delete", "Delete the selected jobs?"),
    };
    let affected = split.affected.clone();
    let confirm = Callback::new(move |()| {
        if results.get_untracked().is_some() {
            on_close.run(true);
            return;
        }
        let api = Api::new(&connection.get_untracked(), requests.clone());
        let jobs = affected.clone();
        busy.set(true);
        spawn_local(async move {
            let mut outcome = Vec::new();
            for row in jobs {
                let result = match action {
                    BulkAction::Cancel => api.cancel_job(&row.key).await.map(|_| ()),
                    BulkAction::Delete => api.delete_job(&row.key).await,
                };
                outcome.push((row.key.name.clone(), result.map_err(|e| e.message())));
            }
            results.set(Some(outcome));
            busy.set(false);
        });
    });
    let affected_names: Vec<String> = split.affected.iter().map(|r| r.key.name.clone()).collect();
    let skipped_notes: Vec<(String, String)> = split
        .skipped
        .iter()
        .map(|(r, skip)| {
            let why = match skip {
                Skip::Rule(reason) => reason.to_string(),
                Skip::AlreadyCancelled => "Cancellation was already requested.".to_owned(),
            };
            (r.key.name.clone(), why)
        })
        .collect();
    let n_affected = affected_names.len();
    let n_skipped = skipped_notes.len();
    let consequences = match action {
        BulkAction::Cancel => {
            "Cancellation is best effort: data may continue to be transferred after you cancel. Cancelled jobs move to Completed and are kept for a limited time, then deleted."
        }
        BulkAction::Delete => {
            "Deleting is permanent: the jobs' information and status will no longer be available."
        }
    };
    view! {
        <ConfirmDialog title=title
            confirm_label=move || if results.get().is_some() { "Done".to_owned() } else { format!("{verb} {n_affected} jobs") }
            danger=matches!(action, BulkAction::Delete) busy=busy on_confirm=confirm
            on_close=Callback::new(move |()| on_close.run(results.get_untracked().is_some()))>
            {move || match results.get() {
                None => view! {
                    <p>{consequences}</p>
                    <h3>{format!("Will be affected ({n_affected})")}</h3>
                    <ul class="affected">{affected_names.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
                    {(n_skipped > 0).then(|| view! {
                        <h3>{format!("Will be skipped ({n_skipped})")}</h3>
                        <ul class="skipped">{skipped_notes.iter().map(|(n, why)| view! { <li><strong>{n.clone()}</strong>": "{why.clone()}</li> }).collect_view()}</ul>
                    })}
                }.into_any(),
                Some(outcome) => view! {
                    <h3>"Outcome"</h3>
                    <ul class="outcome" role="status">
                        {outcome.into_iter().map(|(name, r)| match r {
                            Ok(()) => view! { <li class="ok">{format!("{name}: done")}</li> }.into_any(),
                            Err(m) => view! { <li class="failed">{format!("{name}: {m}")}</li> }.into_any(),
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </ConfirmDialog>
    }
}
