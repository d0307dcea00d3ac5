//! "Activity" on a job's page: who did what and when, from which state to which, and the
//! refused requests with their code, newest first — read from the activity log (Azure
//! Monitor's API, which Waybill's service answers too, so it works against Azure itself).

use leptos::prelude::*;
use leptos::task::spawn_local;
use waybill_rules::wire::{Expandable, JobAddress};
use waybill_rules::{JobState, Timestamp};

use crate::client::{ActivityEvent, Error, use_client};
use crate::components::{ErrorNotice, RegionTable};
use crate::format;
use crate::i18n::{Locale, td_string, use_i18n};
use crate::text::{self, tr};

/// What an event did, in the user's words: Waybill's action, else ARM's operation as sent.
fn what(locale: Locale, event: &ActivityEvent) -> String {
    let action = event.property("action").unwrap_or_default();
    let words = match action {
        "create" => td_string!(locale, action_create),
        "update" => td_string!(locale, action_update),
        "cancel" => td_string!(locale, action_cancel),
        "ship" => td_string!(locale, action_ship),
        "delete" => td_string!(locale, action_delete),
        "advance" => td_string!(locale, action_advance),
        "retention" => td_string!(locale, action_retention),
        "listBitLockerKeys" => td_string!(locale, action_keys),
        _ => {
            return if event.operation_text.is_empty() {
                event.operation.clone()
            } else {
                event.operation_text.clone()
            };
        }
    };
    words.to_owned()
}

/// The change an event made: "Transferring → Completed", a cancellation requested; empty
/// when the event says nothing of states.
fn change(locale: Locale, event: &ActivityEvent) -> String {
    let prop = |k: &str| event.property(k).map(str::to_owned);
    let state = |s: String| text::any_state(locale, &Expandable::<JobState>::parse(&s));
    let mut parts = Vec::new();
    match (prop("stateBefore"), prop("stateAfter")) {
        (Some(b), Some(a)) if b != a => parts.push(format!("{} → {}", state(b), state(a))),
        (Some(b), None) => parts.push(format!("{} → ∅", state(b))),
        (None, Some(a)) => parts.push(format!("→ {}", state(a))),
        _ => {}
    }
    if prop("cancelRequestedBefore").as_deref() == Some("false")
        && prop("cancelRequestedAfter").as_deref() == Some("true")
    {
        parts.push(td_string!(locale, cancel_requested).to_owned());
    }
    parts.join(" · ")
}

/// The outcome: "Succeeded", or "Refused: <code>" (the code as sent, or the HTTP status).
fn outcome(locale: Locale, event: &ActivityEvent) -> (bool, String) {
    if event.status.eq_ignore_ascii_case("Failed") {
        let code = event.property("code").unwrap_or(&event.sub_status).to_owned();
        (false, td_string!(locale, outcome_refused, code = code.as_str()).to_string())
    } else if event.status.eq_ignore_ascii_case("Succeeded") {
        (true, td_string!(locale, outcome_succeeded).to_owned())
    } else {
        (true, event.status.clone())
    }
}

/// The job's activity as last read, shared on the page (a context) so its lifecycle can draw
/// the path the job took from it; `None` until read.
#[derive(Debug, Clone, Copy)]
pub struct JobHistory(pub RwSignal<Option<Result<Vec<ActivityEvent>, Error>>>);

impl JobHistory {
    /// The page's history, made and provided when it has none yet.
    pub fn provide() -> JobHistory {
        use_context::<JobHistory>().unwrap_or_else(|| {
            let history = JobHistory(RwSignal::new(None));
            provide_context(history);
            history
        })
    }

    /// Where the job's cancellation took effect, as its history shows (the rules read the
    /// moves, oldest first); `None` when not read yet or not shown.
    pub fn cancelled_in(&self) -> Option<JobState> {
        let state =
            |e: &ActivityEvent, k: &str| Expandable::<JobState>::parse(e.property(k)?).known();
        self.0.with(|events| {
            let events = events.as_ref()?.as_ref().ok()?;
            let moves = events
                .iter()
                .rev()
                .filter(|e| e.status.eq_ignore_ascii_case("Succeeded"))
                .map(|e| (state(e, "stateBefore"), state(e, "stateAfter")));
            waybill_rules::cancelled_in_from_history(moves)
        })
    }
}

/// The job's activity, read again whenever `version` changes (the job's last change) and
/// whenever the page's last action failed (a refusal changes nothing else).
#[component]
pub fn JobActivity(
    /// The job.
    key: JobAddress,
    /// Changes whenever the job or the page's last outcome changes.
    #[prop(into)]
    version: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let client = use_client();
    let events = JobHistory::provide().0;
    Effect::new(move |_| {
        version.track();
        let Some(api) = client.authorized() else { return };
        let key = key.clone();
        spawn_local(async move {
            match api.activity(&key, format::now()).await {
                Err(Error::Aborted) => {}
                // A service without an activity log (an ARM proxy that does not route it):
                // nothing to show rather than an error.
                Err(Error::NotFound(_)) => events.set(Some(Ok(Vec::new()))),
                result => {
                    if events.with_untracked(|e| e.as_ref() != Some(&result)) {
                        events.set(Some(result));
                    }
                }
            }
        });
    });
    let rows = move || {
        let locale = i18n.get_locale();
        let tag = text::tag(locale);
        match events.get() {
            None => view! { <p class="loading">{tr(|l| td_string!(l, loading_activity))}</p> }
                .into_any(),
            Some(Err(e)) => view! { <ErrorNotice error=e /> }.into_any(),
            Some(Ok(list)) if list.is_empty() => {
                view! { <p class="empty">{tr(|l| td_string!(l, activity_empty))}</p> }.into_any()
            }
            Some(Ok(list)) => {
                let rows = list
                    .iter()
                    .map(|e| {
                        let when = Timestamp::parse_rfc3339(&e.event_timestamp)
                            .map(|t| format::date_time(tag, t))
                            .unwrap_or_else(|_| e.event_timestamp.clone());
                        let (ok, result) = outcome(locale, e);
                        view! {
                            <tr class=if ok { "" } else { "refused" }>
                                <td>{when}</td>
                                <td>{e.caller.clone()}</td>
                                <td>{what(locale, e)}</td>
                                <td>{change(locale, e)}</td>
                                <td>{result}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let columns: Vec<fn(Locale) -> &'static str> = vec![
                    |l| td_string!(l, col_when),
                    |l| td_string!(l, col_who),
                    |l| td_string!(l, col_what),
                    |l| td_string!(l, col_change),
                    |l| td_string!(l, col_outcome),
                ];
                view! {
                    <RegionTable
                        class="activity"
                        labelled_by="activity-title"
                        caption=|l| td_string!(l, activity_title)
                        columns=columns
                    >
                        {rows}
                    </RegionTable>
                }
                .into_any()
            }
        }
    };
    view! {
        <section aria-labelledby="activity-title">
            <h2 id="activity-title">{tr(|l| td_string!(l, activity_title))}</h2>
            {rows}
        </section>
    }
}
