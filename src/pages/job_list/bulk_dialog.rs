//! Bulk cancel or delete: which jobs the rules let the action touch, which are skipped and
//! why; then each job's outcome.

use leptos::prelude::*;

use crate::client::{Error, use_client};
use crate::components::ConfirmDialog;
use crate::i18n::{t, t_string, use_i18n};
use crate::logic::bulk::{BulkAction, Skip, plan};
use crate::logic::list::JobRow;
use crate::state::expect_policy;
use crate::text;

/// Each job's name and what the service answered.
type Outcomes = Vec<(String, Result<(), Error>)>;

/// The bulk dialog; `on_close(changed)` says whether any job changed.
#[component]
pub fn BulkDialog(
    action: BulkAction,
    rows: Vec<JobRow>,
    on_close: Callback<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let policy = expect_policy();
    let client = use_client();
    crate::perf::mark("waybill:rules-start");
    let split = plan(&policy.get_untracked(), action, rows);
    crate::perf::measure("waybill:rules", "waybill:rules-start");

    let affected_names: Vec<String> = split.affected.iter().map(|r| r.key.name.clone()).collect();
    let skipped: Vec<(String, Skip)> =
        split.skipped.into_iter().map(|(r, skip)| (r.key.name, skip)).collect();
    let (n_affected, n_skipped) = (affected_names.len(), skipped.len());
    let affected_snapshot = split.affected.first().and_then(|r| r.snapshot.clone().ok());
    let jobs = split.affected;
    // The bulk run is a Leptos action: its pending state is the dialog's "busy", its value
    // each job's outcome.
    let run = Action::new_local(move |jobs: &Vec<JobRow>| {
        let (jobs, api) = (jobs.clone(), client.authorized());
        async move {
            let mut outcome = Vec::new();
            for row in jobs {
                let result = match &api {
                    None => Err(Error::Unauthorized(String::new())),
                    Some(api) => match action {
                        BulkAction::Cancel => api.cancel_job(&row.key).await.map(|_| ()),
                        BulkAction::Delete => api.delete_job(&row.key).await,
                    },
                };
                outcome.push((row.key.name.clone(), result));
            }
            outcome
        }
    });
    let busy: Signal<bool> = run.pending().into();
    // A bulk delete asks for the number of jobs it deletes, typed.
    let typed = RwSignal::new(String::new());
    let count_typed = move || {
        action != BulkAction::Delete
            || typed.with(|t| t.trim().parse::<usize>().ok() == Some(n_affected))
    };
    let results: Signal<Option<Outcomes>> = Signal::derive(move || run.value().get());
    let confirm = Callback::new(move |()| {
        if results.with_untracked(Option::is_some) {
            on_close.run(true);
            return;
        }
        run.dispatch_local(jobs.clone());
    });
    let title = move || match (results.with(Option::is_some), action) {
        (true, _) => t_string!(i18n, outcome_title),
        (false, BulkAction::Cancel) => t_string!(i18n, bulk_cancel_title),
        (false, BulkAction::Delete) => t_string!(i18n, bulk_delete_title),
    };
    // Counts in the language's digits and grouping.
    let number = move |n: usize| crate::format::number(text::tag(i18n.get_locale()), n);
    let confirm_label = move || {
        if results.get().is_some() {
            return t_string!(i18n, done).to_owned();
        }
        match action {
            BulkAction::Cancel => {
                t_string!(i18n, bulk_cancel_confirm, count = n_affected, n = number(n_affected))
                    .to_string()
            }
            BulkAction::Delete => {
                t_string!(i18n, bulk_delete_confirm, count = n_affected, n = number(n_affected))
                    .to_string()
            }
        }
    };
    // Where the cancellation takes the jobs, from the rules in force (the first affected
    // job's way; the data center ends every cancelled job alike).
    let first_affected = affected_snapshot;
    let consequences = move || match action {
        BulkAction::Cancel => {
            let locale = i18n.get_locale();
            let then = first_affected
                .map(|job| text::cancel_consequence(locale, &policy.get(), &job))
                .unwrap_or_default();
            format!("{} {then}", t_string!(i18n, bulk_cancel_best_effort)).trim_end().to_owned()
        }
        BulkAction::Delete => t_string!(i18n, bulk_delete_consequences).to_owned(),
    };
    let body = move || {
        match results.get() {
        None => {
            let locale = i18n.get_locale();
            view! {
                <p>{consequences}</p>
                {(action == BulkAction::Delete && n_affected > 0)
                    .then(|| {
                        view! {
                            <div class="field">
                                <label for="confirm-count">
                                    {t!(
                                        i18n, type_count_to_delete, n = crate::format::number(text::tag(locale), n_affected)
                                    )}
                                </label>
                                <input
                                    id="confirm-count"
                                    inputmode="numeric"
                                    autocomplete="off"
                                    prop:value=move || typed.get()
                                    on:input=move |ev| typed.set(event_target_value(&ev))
                                />
                            </div>
                        }
                    })}
                <h3>
                    {t!(
                        i18n, will_be_affected, count = move || n_affected, n = move || number(n_affected)
                    )}
                </h3>
                <ul class="affected">
                    {affected_names.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}
                </ul>
                {(n_skipped > 0)
                    .then(|| {
                        view! {
                            <h3>
                                {t!(
                                    i18n, will_be_skipped, count = move || n_skipped, n = move || number(n_skipped)
                                )}
                            </h3>
                            <ul class="skipped">
                                {skipped
                                    .iter()
                                    .map(|(name, skip)| {
                                        let why = match skip {
                                            Skip::Rule(reason) => text::reason(locale, reason),
                                            Skip::AlreadyCancelled => {
                                                t_string!(i18n, already_cancelled).to_owned()
                                            }
                                        };
                                        view! {
                                            <li>
                                                <strong>{name.clone()}</strong>
                                                ": "
                                                {why}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })}
            }
            .into_any()
        }
        Some(outcome) => view! {
            // The status region wraps the list, which keeps its list semantics.
            <div role="status">
                <ul class="outcome">
                    {outcome
                        .into_iter()
                        .map(|(name, r)| match r {
                            Ok(()) => {
                                view! {
                                    <li class="ok">
                                        {t_string!(i18n, outcome_done, name = name.as_str())
                                            .to_string()}
                                    </li>
                                }
                                    .into_any()
                            }
                            Err(e) => {
                                let message = text::error(i18n.get_locale(), &e);
                                view! {
                                    <li class="failed">
                                        {t_string!(
                                            i18n, outcome_failed, name = name.as_str(), message = message.as_str()
                                        )
                                            .to_string()}
                                    </li>
                                }
                                    .into_any()
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
        .into_any(),
    }
    };
    view! {
        <ConfirmDialog
            title=Signal::derive(move || title().to_owned())
            confirm_label=confirm_label
            danger=matches!(action, BulkAction::Delete)
            busy=busy
            confirm_disabled=Signal::derive(move || {
                n_affected == 0 || (results.with(Option::is_none) && !count_typed())
            })
            finished=Signal::derive(move || results.with(Option::is_some))
            on_confirm=confirm
            on_close=Callback::new(move |()| on_close.run(results.get_untracked().is_some()))
        >
            {body}
        </ConfirmDialog>
    }
}
