//! A job in detail (`/subscriptions/{sub}/resourceGroups/{rg}/jobs/{name}`): loads the job,
//! keeps it fresh, and runs cancel and delete behind their confirmation dialogs. What is shown
//! is [`JobDetailView`]'s.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map};
use waybill_rules::wire::{JobAddress, JobResponse};
use waybill_rules::{JobSnapshot, JobState, expected_end, may_delete};

use super::{ConnectPanel, Load, refresh_while_visible, set_if_changed};
use crate::client::{Error, use_client};
use crate::components::{ConfirmDialog, ErrorNotice, Notice, NoticeKind};
use crate::i18n::td_string;
use crate::i18n::{t, t_string, use_i18n};
use crate::logic::live::LiveJob;
use crate::logic::pace::wait_after_throttle;
use crate::session::Session;
use crate::state::{expect_flash, expect_list_address, expect_policy};
use crate::text;
use crate::text::tr;

mod activity;
mod edit;
mod keys;
mod operator;
mod properties;
mod ship_form;
mod view;

pub use view::{JobDetailView, Outcome};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    Cancel,
    Delete,
}

/// How many of the page's requests are on their way (cancel or delete, edit, ship, the data
/// center): live changes and refreshes wait for them (re-rendering the job's view under a form
/// whose request runs left that form's next click sending nothing), then the job is read once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct InFlight(RwSignal<u32>);

impl InFlight {
    /// The page's counter (taken when a form is made).
    pub(crate) fn of_page() -> Option<InFlight> {
        use_context::<InFlight>()
    }

    /// Whether a request is on its way (tracked).
    fn running(self) -> bool {
        self.0.get() > 0
    }

    /// The same, untracked.
    fn running_untracked(self) -> bool {
        self.0.get_untracked() > 0
    }

    /// Counts a request until the guard is dropped (answered, or its form gone).
    pub(crate) fn start(self) -> InFlightGuard {
        self.0.try_update(|n| *n += 1);
        InFlightGuard(self.0)
    }
}

/// See [`InFlight::start`].
pub(crate) struct InFlightGuard(RwSignal<u32>);

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        self.0.try_update(|n| *n = n.saturating_sub(1));
    }
}

/// The detail page.
#[component]
pub fn JobDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = Memo::new(move |_| params.with(crate::routes::job_address));
    let session = Session::expect();
    let client = use_client();
    // The job's view is rendered anew when the job changes (a refresh, the live stream): its
    // forms' requests belong to the page, not to one rendering.
    provide_context(client.clone());
    provide_context(ship_form::ShipDraft::new());
    let in_flight = InFlight(RwSignal::new(0));
    provide_context(in_flight);
    // The activity read for its section also draws the lifecycle (one read for both).
    activity::JobHistory::provide();
    let policy = expect_policy();
    let flash = expect_flash();
    let list_address = expect_list_address();
    let navigate = use_navigate();
    let job = RwSignal::new(Load::<JobResponse>::Loading);
    let pending = RwSignal::new(None::<Pending>);
    let outcome = RwSignal::new(None::<Outcome>);
    let editing = RwSignal::new(None::<edit::Editing>);
    // What the history follows: the job's last change and the page's last outcome.
    let history_version = Signal::derive(move || {
        let changed = job.with(|j| match j {
            Load::Ready(j) => {
                let modified = j.system_data.as_ref().and_then(|d| d.last_modified_at.clone());
                let props = j.properties.as_ref();
                format!(
                    "{modified:?}{:?}{:?}",
                    props.and_then(|p| p.state.clone()),
                    props.and_then(|p| p.cancel_requested)
                )
            }
            Load::Failed(e) => format!("{e:?}"),
            Load::Loading => String::new(),
        });
        format!("{changed}{:?}", outcome.get())
    });
    // Deleting asks for the job's name, typed.
    let typed_name = RwSignal::new(String::new());
    // A message from the page before (e.g. "Job X was created.").
    let flash_message = flash.get_untracked();
    flash.set(None);

    // Every newer word on the job (an action's answer, the live stream) bumps this, so a read
    // sent before it cannot put an older job back when it answers late.
    let newer = StoredValue::new(0u64);
    let set_newer = move |next: Load<JobResponse>| {
        newer.update_value(|n| *n += 1);
        set_if_changed(job, next);
    };
    // A refresh the service refused with 429 waits as its `Retry-After` says (the read
    // budget's rule): no read before this time (ms since the epoch); how many in a row.
    let pause_until = StoredValue::new(0.0_f64);
    let throttled = StoredValue::new(0_u32);
    let load = {
        let client = client.clone();
        move || {
            let Some(k) = key.get_untracked() else { return };
            let Some(api) = client.authorized() else { return };
            let sent_at = newer.get_value();
            spawn_local(async move {
                let result = api.get_job(&k).await;
                if let Err(Error::Service { status: 429, retry_after, .. }) = &result {
                    throttled.update_value(|n| *n += 1);
                    let wait = wait_after_throttle(*retry_after, throttled.get_value());
                    pause_until.set_value(js_sys::Date::now() + f64::from(wait));
                    // The job shown stays; only a page with nothing to show says why.
                    if matches!(job.get_untracked(), Load::Ready(_)) {
                        return;
                    }
                } else if result.is_ok() {
                    throttled.set_value(0);
                }
                if result != Err(Error::Aborted) && newer.get_value() == sent_at {
                    set_if_changed(job, result.map_or_else(Load::Failed, Load::Ready));
                }
            });
        }
    };
    {
        let load = load.clone();
        Effect::new(move |_| {
            key.track();
            if session.has_token() {
                load();
            }
        });
    }

    // The confirmed action, run as a Leptos action: its pending state is the page's "busy".
    let run = {
        let load = load.clone();
        Action::new_local(move |(action, k): &(Pending, JobAddress)| {
            let (action, k) = (*action, k.clone());
            let api = client.authorized();
            let load = load.clone();
            let navigate = navigate.clone();
            async move {
                let Some(api) = api else { return };
                let _counted = in_flight.start();
                let failed = match action {
                    Pending::Cancel => match api.cancel_job(&k).await {
                        Ok(updated) => {
                            // Where the rules say the cancellation takes it.
                            let policy = policy.get_untracked();
                            let as_answered = JobSnapshot::of(&updated).unwrap_or(JobSnapshot {
                                cancel_requested: true,
                                ..JobSnapshot::in_state(JobState::Creating)
                            });
                            let end = expected_end(&policy, &as_answered);
                            set_newer(Load::Ready(updated));
                            outcome.set(Some(Outcome::CancelRequested(k.name.clone(), end)));
                            None
                        }
                        Err(e) => Some(e),
                    },
                    Pending::Delete => match api.delete_job(&k).await {
                        Ok(()) => {
                            flash.set(Some(
                                t_string!(i18n, job_deleted, name = k.name.as_str()).to_string(),
                            ));
                            navigate(&list_address.get_untracked(), NavigateOptions::default());
                            None
                        }
                        Err(e) => Some(e),
                    },
                };
                if let Some(e) = failed {
                    // The job may have moved on: show the service's answer and the job as it is now.
                    outcome.set(Some(Outcome::Failed(e)));
                    load();
                }
                pending.set(None);
            }
        })
    };
    let busy: Signal<bool> = run.pending().into();
    let confirm = Callback::new(move |()| {
        if let (Some(action), Some(k)) = (pending.get_untracked(), key.get_untracked()) {
            run.dispatch_local((action, k));
        }
    });
    // The job's changes arrive by the live stream of its resource group where the service
    // has one (read again when it opens); polled only while there is none. A change from the
    // stream counts as newer word (`set_newer`), so a read sent before it cannot answer late
    // with an older job.
    let missed = StoredValue::new(false);
    let load_again = load.clone();
    let live = super::follow_live(
        use_client(),
        move || {
            let k = key.get()?;
            session.has_token().then(|| crate::session::Scope {
                subscription: k.subscription.clone(),
                resource_group: k.resource_group.clone(),
            })
        },
        move |change: crate::logic::live::LiveChange| {
            let Some(k) = key.get_untracked() else { return };
            let is_this = waybill_rules::wire::JobAddress::from_resource_id(&change.resource_id)
                .is_some_and(|a| a.identity() == k.identity());
            if is_this && in_flight.running_untracked() {
                // Its answer is on its way and re-rendering under it would drop the form that
                // asked; the job is read once the request is over.
                missed.set_value(true);
            } else if is_this {
                match change.job {
                    LiveJob::Now(j) => set_newer(Load::Ready(*j)),
                    LiveJob::Gone => set_newer(Load::Failed(Error::NotFound(String::new()))),
                    // Read as any answer is (and shown as such).
                    LiveJob::Unreadable => load_again(),
                }
            }
        },
    );
    {
        let load = load.clone();
        Effect::new(move |_| {
            if !in_flight.running() && missed.get_value() {
                missed.set_value(false);
                load();
            }
        });
    }
    {
        let load = load.clone();
        Effect::new(move |was_live: Option<bool>| {
            let now = live.get();
            if now && was_live == Some(false) {
                load();
            }
            now
        });
    }
    {
        let load = load.clone();
        // Also while a dialog is open, so what it asks about is current (its confirm follows
        // the rules on the job as it is now); never while a request runs.
        refresh_while_visible(move || {
            if !in_flight.running_untracked()
                && session.has_token_untracked()
                && !live.get_untracked()
                && js_sys::Date::now() >= pause_until.get_value()
            {
                load();
            }
        });
    }

    // The job as the rules see it now, for the open dialog.
    let snapshot = Memo::new(move |_| {
        job.with(|j| match j {
            Load::Ready(job) => JobSnapshot::of(job).ok(),
            _ => None,
        })
    });
    // Why the open dialog's action is no longer possible, if the job moved on under it.
    let blocked = Memo::new(move |_| {
        let action = pending.get()?;
        let Some(job) = snapshot.get() else { return Some(String::new()) };
        let locale = i18n.get_locale();
        policy.with(|p| match action {
            Pending::Cancel => text::cancel_refusal(locale, p, &job),
            Pending::Delete => may_delete(p, &job).err().map(|r| text::reason(locale, &r)),
        })
    });
    let dialog = move || {
        // Rendered anew only when a dialog opens or closes: refreshes update its parts.
        let name = key.get_untracked().map(|k| k.name).unwrap_or_default();
        let consequence = move || {
            snapshot
                .get()
                .map(|s| text::cancel_consequence(i18n.get_locale(), &policy.get(), &s))
                .unwrap_or_default()
        };
        let note = move || {
            blocked.get().filter(|n| !n.is_empty()).map(|n| {
                view! {
                    <p class="reason" role="status">
                        {n}
                    </p>
                }
            })
        };
        let disabled = Signal::derive(move || blocked.with(Option::is_some));
        let typed_ok = {
            let name = name.clone();
            Signal::derive(move || typed_name.with(|t| t.trim() == name))
        };
        let delete_disabled = Signal::derive(move || disabled.get() || !typed_ok.get());
        typed_name.set(String::new());
        let close = Callback::new(move |()| pending.set(None));
        pending.get().map(|action| match action {
            Pending::Cancel => {
                let title = t_string!(i18n, cancel_dialog_title, name = name.as_str()).to_string();
                view! {
                    <ConfirmDialog
                        title=title
                        confirm_label=t_string!(i18n, cancel_job)
                        busy=busy
                        confirm_disabled=disabled
                        on_confirm=confirm
                        on_close=close
                    >
                        <p>{tr(|l| td_string!(l, cancel_best_effort))}</p>
                        <p>{consequence}</p>
                        <p>{tr(|l| td_string!(l, cancel_irreversible))}</p>
                        {note}
                    </ConfirmDialog>
                }
                .into_any()
            }
            Pending::Delete => {
                let title = t_string!(i18n, delete_dialog_title, name = name.as_str()).to_string();
                view! {
                    <ConfirmDialog
                        title=title
                        confirm_label=t_string!(i18n, delete_job)
                        danger=true
                        busy=busy
                        confirm_disabled=delete_disabled
                        on_confirm=confirm
                        on_close=close
                    >
                        <p>{tr(|l| td_string!(l, delete_permanent))}</p>
                        <div class="field">
                            <label for="confirm-name">
                                {t!(i18n, type_name_to_delete, name = name.clone())}
                            </label>
                            <input
                                id="confirm-name"
                                autocomplete="off"
                                spellcheck="false"
                                prop:value=move || typed_name.get()
                                on:input=move |ev| typed_name.set(event_target_value(&ev))
                            />
                        </div>
                        {note}
                    </ConfirmDialog>
                }
                .into_any()
            }
        })
    };

    // The view's callbacks belong to the page: the view is rendered anew whenever the job
    // changes (the live stream can do so while a form's request runs), and a callback made
    // inside one rendering would be gone when that request answers.
    let on_cancel = Callback::new(move |()| {
        outcome.set(None);
        pending.set(Some(Pending::Cancel))
    });
    let on_delete = Callback::new(move |()| {
        outcome.set(None);
        pending.set(Some(Pending::Delete))
    });
    let on_shipped = Callback::new(move |updated: JobResponse| {
        set_newer(Load::Ready(updated));
        outcome.set(Some(Outcome::Shipped));
    });
    let on_saved = Callback::new(move |updated: JobResponse| {
        set_newer(Load::Ready(updated));
        outcome.set(Some(Outcome::Saved));
    });
    let on_moved = Callback::new(move |updated: JobResponse| {
        outcome.set(None);
        set_newer(Load::Ready(updated));
    });
    let body = move || {
        if !session.has_token() {
            let message = Signal::derive(move || t_string!(i18n, needs_token).to_owned());
            return view! { <ConnectPanel message=message /> }.into_any();
        }
        match job.get() {
            Load::Loading => view! {
                <p class="loading" role="status">
                    {tr(|l| td_string!(l, loading_job))}
                </p>
            }
            .into_any(),
            Load::Failed(Error::NotFound(_)) => view! {
                <section class="panel">
                    <h1>{key.get().map(|k| k.name).unwrap_or_default()}</h1>
                    <Notice kind=NoticeKind::Info message=t_string!(i18n, job_gone) />
                    <a href=move || list_address.get()>{tr(|l| td_string!(l, all_jobs))}</a>
                </section>
            }
            .into_any(),
            Load::Failed(Error::Unauthorized(_)) => {
                let message = Signal::derive(move || t_string!(i18n, arm_unauthorized).to_owned());
                view! { <ConnectPanel message=message /> }.into_any()
            }
            Load::Failed(e) => {
                let retry = load.clone();
                view! { <ErrorNotice error=e retry=Callback::new(move |()| retry()) /> }.into_any()
            }
            Load::Ready(j) => view! {
                <JobDetailView
                    job=j.clone()
                    busy=busy
                    outcome=outcome
                    on_cancel=on_cancel
                    on_delete=on_delete
                    on_shipped=on_shipped
                >
                    <edit::JobTools job=j.clone() editing=editing on_saved=on_saved />
                    <operator::OperatorPanel job=j on_moved=on_moved />
                </JobDetailView>
            }
            .into_any(),
        }
    };

    view! {
        <nav class="crumbs" aria-label=tr(|l| td_string!(l, breadcrumb))>
            <a href=move || list_address.get()>{tr(|l| td_string!(l, all_jobs))}</a>
        </nav>
        {flash_message.map(|m| view! { <Notice kind=NoticeKind::Success message=m /> })}
        {move || {
            if key.get().is_none() {
                view! {
                    <Notice kind=NoticeKind::Error message=t_string!(i18n, not_a_job_address) />
                }
                    .into_any()
            } else {
                body().into_any()
            }
        }}
        // The job's history, kept across refreshes of the job (read again when it changes);
        // also for a job that is gone, whose history the log keeps.
        {move || {
            key.get()
                .filter(|_| session.has_token())
                .map(|k| view! { <activity::JobActivity key=k version=history_version /> })
        }}
        {dialog}
    }
}
