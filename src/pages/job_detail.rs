//! A job in detail (`/subscriptions/{sub}/resourceGroups/{rg}/jobs/{name}`): every property,
//! the lifecycle, the drives, the retention date, and the actions the rules allow.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map};
use waybill_rules::wire::JobResponse;
use waybill_rules::{JobSnapshot, JobState, removal_date};

use super::{ConnectPanel, Load, refresh_while_visible, set_if_changed};
use crate::api::{Api, Error, Requests};
use crate::components::{
    ConfirmDialog, DriveList, JobActions, Notice, NoticeKind, StateBadge, Timeline,
};
use crate::format;
use crate::routes::JobKey;
use crate::state::{expect_connection, expect_flash, expect_policy};

mod properties;
mod ship_form;

use properties::JobProperties;
use ship_form::ShipForm;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    Cancel,
    Delete,
}

/// The detail page.
#[component]
pub fn JobDetailPage() -> impl IntoView {
    let params = use_params_map();
    let key = Memo::new(move |_| {
        params.with(|p| JobKey::new(&p.get("sub")?, &p.get("rg")?, &p.get("name")?))
    });
    let connection = expect_connection();
    let policy = expect_policy();
    let flash = expect_flash();
    let navigate = use_navigate();
    let requests = Requests::for_page();
    let job = RwSignal::new(Load::<JobResponse>::Loading);
    let pending = RwSignal::new(None::<Pending>);
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<(NoticeKind, String)>);

    let api = {
        let requests = requests.clone();
        move || Api::new(&connection.get_untracked(), requests.clone())
    };
    let load = {
        let api = api.clone();
        move || {
            let Some(k) = key.get_untracked() else { return };
            let api = api();
            spawn_local(async move {
                let result = api.get_job(&k).await;
                if result != Err(Error::Aborted) {
                    set_if_changed(
                        job,
                        match result {
                            Ok(j) => Load::Ready(j),
                            Err(e) => Load::Failed(e),
                        },
                    );
                }
            });
        }
    };
    {
        let load = load.clone();
        Effect::new(move |_| {
            key.track();
            connection.track();
            load();
        });
    }

    {
        let load = load.clone();
        // Never while the user is deciding or a request runs: the dialog shows what they saw.
        refresh_while_visible(move || {
            if pending.get_untracked().is_none() && !busy.get_untracked() {
                load();
            }
        });
    }

    let snapshot = Signal::derive(move || match job.get() {
        Load::Ready(j) => JobSnapshot::of(&j),
        _ => JobSnapshot::in_state(JobState::Creating),
    });

    let confirm = {
        let api = api.clone();
        let load = load.clone();
        let navigate = navigate.clone();
        Callback::new(move |()| {
            let (Some(action), Some(k)) = (pending.get_untracked(), key.get_untracked()) else {
                return;
            };
            let api = api();
            let load = load.clone();
            let navigate = navigate.clone();
            busy.set(true);
            spawn_local(async move {
                match action {
                    Pending::Cancel => match api.cancel_job(&k).await {
                        Ok(updated) => {
                            job.set(Load::Ready(updated));
                            outcome.set(Some((
                                NoticeKind::Success,
                                format!("Cancellation of {} was requested. The data center stops the job on a best-effort basis; it then moves to Completed.", k.name),
                            )));
                        }
                        Err(e) => {
                            outcome.set(Some((NoticeKind::Error, e.message())));
                            load();
                        }
                    },
                    Pending::Delete => match api.delete_job(&k).await {
                        Ok(()) => {
                            flash.set(Some(format!("Job {} was deleted.", k.name)));
                            navigate(crate::routes::JOBS, NavigateOptions::default());
                        }
                        Err(e) => {
                            outcome.set(Some((NoticeKind::Error, e.message())));
                            load();
                        }
                    },
                }
                busy.set(false);
                pending.set(None);
            });
        })
    };

    let retention_days = move || policy.with(|p| p.retention_days);
    let dialog = move || {
        let name = key.get().map(|k| k.name).unwrap_or_default();
        pending.get().map(|action| match action {
            Pending::Cancel => view! {
                <ConfirmDialog title=format!("Cancel job {name}?") confirm_label="Cancel job"
                    busy=busy on_confirm=confirm on_close=Callback::new(move |()| pending.set(None))>
                    <p>"Cancellation is best effort: if drives are already transferring data, data may continue to be transferred after you cancel."</p>
                    <p>{format!("The job then moves to the Completed state and is kept for {} days, after which it is deleted.", retention_days())}</p>
                    <p>"A cancellation cannot be withdrawn."</p>
                </ConfirmDialog>
            }
            .into_any(),
            Pending::Delete => view! {
                <ConfirmDialog title=format!("Delete job {name}?") confirm_label="Delete job" danger=true
                    busy=busy on_confirm=confirm on_close=Callback::new(move |()| pending.set(None))>
                    <p>"Deleting a job is permanent: its information and status will no longer be available in the console or through the API."</p>
                </ConfirmDialog>
            }
            .into_any(),
        })
    };

    let body = move || {
        match job.get() {
        Load::Loading => view! { <p class="loading" role="status">"Loading the job…"</p> }.into_any(),
        Load::Failed(Error::NotFound(_)) => view! {
            <section class="panel">
                <h1>{key.get().map(|k| k.name).unwrap_or_default()}</h1>
                <Notice kind=NoticeKind::Info message="This job no longer exists. It was deleted, or removed after its retention period." />
                <a href=crate::routes::JOBS>"Back to all jobs"</a>
            </section>
        }
        .into_any(),
        Load::Failed(Error::Unauthorized(message)) => view! { <ConnectPanel message=message /> }.into_any(),
        Load::Failed(e) => {
            let retry = load.clone();
            view! {
                <Notice kind=NoticeKind::Error message=e.message()>
                    <button type="button" class="button" on:click=move |_| retry()>"Try again"</button>
                </Notice>
            }
            .into_any()
        }
        Load::Ready(j) => {
            let snap = JobSnapshot::of(&j);
            let name = j.name.clone().unwrap_or_default();
            let removal = removal_date(&policy.get(), &snap);
            view! {
                <article class="job-detail" aria-labelledby="job-title">
                    <header class="detail-header">
                        <h1 id="job-title">{name}</h1>
                        <StateBadge state=snap.state />
                        {snap.cancel_requested.then(|| view! { <span class="badge cancel-flag">"Cancel requested"</span> })}
                    </header>
                    <JobActions job=snapshot policy=policy busy=busy
                        on_cancel=Callback::new(move |()| { outcome.set(None); pending.set(Some(Pending::Cancel)) })
                        on_delete=Callback::new(move |()| { outcome.set(None); pending.set(Some(Pending::Delete)) }) />
                    {move || outcome.get().map(|(kind, message)| view! { <Notice kind=kind message=message /> })}
                    <section aria-labelledby="lifecycle-title">
                        <h2 id="lifecycle-title">"Lifecycle"</h2>
                        <Timeline state=snap.state cancel_requested=snap.cancel_requested />
                        <p class="retention">
                            {match removal {
                                Some(at) => format!("This job will be removed on {} ({}).", format::day(at), format::relative_time(at)),
                                None => "This job is not scheduled for removal.".to_owned(),
                            }}
                        </p>
                    </section>
                    <ShipForm job=j.clone() on_shipped=Callback::new(move |updated: JobResponse| {
                        job.set(Load::Ready(updated));
                        outcome.set(Some((NoticeKind::Success, "The job was marked as shipped.".into())));
                    }) />
                    <section aria-labelledby="drives-title">
                        <h2 id="drives-title">"Drives"</h2>
                        <DriveList drives=j.properties.as_ref().and_then(|p| p.drive_list.clone()).unwrap_or_default() />
                    </section>
                    <JobProperties job=j />
                </article>
            }
            .into_any()
        }
    }
    };

    view! {
        <nav class="crumbs" aria-label="Breadcrumb"><a href=crate::routes::JOBS>"All jobs"</a></nav>
        {move || if key.get().is_none() {
            view! { <Notice kind=NoticeKind::Error message="This address does not name a job." /> }.into_any()
        } else {
            body().into_any()
        }}
        {dialog}
    }
}
