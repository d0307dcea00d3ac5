//! A new job (`/new`, or `/new?clone=<resource id>` filled from an existing job): one form for
//! import and export jobs, checked as the user types by the same `validate_create` the
//! service runs. The form is kept in the tab's storage, so a reload keeps what was typed.
//! Created → the job's detail page.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};
use waybill_rules::JobType;
use waybill_rules::wire::{JobAddress, Location, PutJobParameters};
use waybill_rules::{KEK_TYPES, LOG_LEVELS};

use super::ConnectPanel;
use crate::client::{Error, Subscription, use_client};
use crate::components::{ErrorNotice, Field};
use crate::i18n::td_string;
use crate::i18n::{t, t_string, use_i18n};
use crate::logic::csv::{self, DriveRow, DrivesCsvProblem};
use crate::logic::job_form::{FieldProblem, JobForm, TagRow, field_id};
use crate::session::{self, Session};
use crate::state::{expect_flash, expect_policy};
use crate::text::tr;
use crate::{routes, text};

/// The form's state besides its values: what the rules say, and what to show of it.
#[derive(Clone, Copy)]
struct Form {
    values: RwSignal<JobForm>,
    problems: Memo<Vec<FieldProblem>>,
    /// Fields the user typed in: their problems show at once.
    touched: RwSignal<BTreeSet<String>>,
    /// A create was attempted: every problem shows.
    submitted: RwSignal<bool>,
    /// The job name the service already has (checked before creating).
    taken: RwSignal<Option<String>>,
}

impl Form {
    /// The problem shown at `target`, in words.
    fn message(self, target: String) -> Signal<Option<String>> {
        let i18n = use_i18n();
        Signal::derive(move || {
            let locale = i18n.get_locale();
            if target == "jobName"
                && let Some(name) = self.taken.get()
                && self.values.with(|f| f.name.trim() == name)
            {
                return Some(t_string!(i18n, job_exists, name = name.as_str()).to_string());
            }
            if !self.submitted.get() && !self.touched.with(|t| t.contains(&target)) {
                return None;
            }
            self.problems.with(|all| {
                all.iter()
                    .find(|p| p.target == target)
                    .map(|p| text::field_problem(locale, &p.problem))
            })
        })
    }

    /// A text field bound to one value of the form.
    fn text(
        self,
        target: &'static str,
        label: Signal<String>,
        get: fn(&JobForm) -> &String,
        set: fn(&mut JobForm) -> &mut String,
    ) -> impl IntoView {
        self.field(target.to_owned(), label, get, set, false, None)
    }

    fn field(
        self,
        target: String,
        label: Signal<String>,
        get: fn(&JobForm) -> &String,
        set: fn(&mut JobForm) -> &mut String,
        multiline: bool,
        list: Option<&'static str>,
    ) -> impl IntoView {
        let touched = target.clone();
        view! {
            <Field
                id=field_id(&target)
                label=label
                value=Signal::derive(move || self.values.with(|f| get(f).clone()))
                on_input=Callback::new(move |v| {
                    self.values.update(|f| *set(f) = v);
                    self.touch(&touched);
                })
                problem=self.message(target)
                multiline=multiline
                list=list
            />
        }
    }

    fn remove_drive(self, i: usize) {
        self.values.update(|f| {
            if i < f.drives.len() {
                f.drives.remove(i);
            }
        });
    }

    fn touch(self, target: &str) {
        if !self.touched.with_untracked(|t| t.contains(target)) {
            self.touched.update(|t| {
                t.insert(target.to_owned());
            });
        }
    }
}

/// Moves focus to the form's first field with a problem (after the page shows them).
fn focus_first_invalid() {
    set_timeout(
        || {
            use wasm_bindgen::JsCast;
            if let Some(el) = document()
                .query_selector("form.job-form [aria-invalid=\"true\"]")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        },
        std::time::Duration::ZERO,
    );
}

/// The new-job page.
#[component]
pub fn NewJobPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::expect();
    let client = use_client();
    let policy = expect_policy();
    let flash = expect_flash();
    let navigate = use_navigate();
    let clone_of =
        use_query_map().with_untracked(|q| q.get(routes::CLONE)).filter(|c| !c.trim().is_empty());
    let draft = session::job_draft().and_then(|d| serde_json::from_str::<JobForm>(&d).ok());
    let draft = draft.filter(|d| d.cloned_from == clone_of.clone().unwrap_or_default());
    let loading = RwSignal::new(draft.is_none() && clone_of.is_some());
    let values = RwSignal::new(draft.unwrap_or_else(|| {
        let scope = session.scope_untracked();
        JobForm {
            subscription: scope.subscription,
            resource_group: scope.resource_group,
            ..JobForm::default()
        }
    }));
    let refused = RwSignal::new(None::<Error>);
    if loading.get_untracked()
        && let (Some(id), Some(api)) = (clone_of.clone(), client.authorized())
    {
        spawn_local(async move {
            let Some(address) = JobAddress::from_resource_id(&id) else {
                refused.set(Some(Error::NotFound(String::new())));
                return;
            };
            match api.get_job(&address).await {
                Ok(job) => values.set(JobForm::clone_of(&job)),
                Err(Error::Aborted) => return,
                Err(e) => refused.set(Some(e)),
            }
            loading.set(false);
        });
    }
    // Every change is kept for a reload of the tab.
    Effect::new(move |_| {
        if !loading.get() {
            values.with(|f| {
                if let Ok(json) = serde_json::to_string(f) {
                    session::save_job_draft(&json);
                }
            });
        }
    });
    let form = Form {
        values,
        problems: Memo::new(move |_| values.with(|f| policy.with(|p| f.problems(p)))),
        touched: RwSignal::new(BTreeSet::new()),
        submitted: RwSignal::new(false),
        taken: RwSignal::new(None),
    };

    // What the pickers offer: the token's subscriptions, the chosen one's resource groups,
    // and the locations with their addresses and carriers.
    let subscriptions = RwSignal::new(Vec::<Subscription>::new());
    let groups = RwSignal::new(Vec::<String>::new());
    let locations = RwSignal::new(Vec::<Location>::new());
    if let Some(api) = client.authorized() {
        spawn_local(async move {
            if let Ok(list) = api.subscriptions().await {
                subscriptions.set(list);
            }
            if let Ok(list) = api.locations().await {
                locations.set(list);
            }
        });
    }
    {
        let client = client.clone();
        let subscription = Memo::new(move |_| values.with(|f| f.subscription.trim().to_owned()));
        Effect::new(move |_| {
            let sub = subscription.get();
            let Some(api) = client.authorized().filter(|_| !sub.is_empty()) else { return };
            spawn_local(async move {
                if let Ok(list) = api.resource_groups(&sub).await {
                    groups.set(list);
                }
            });
        });
    }
    let location = Memo::new(move |_| {
        let chosen = values.with(|f| f.location.trim().to_owned());
        locations.with(|all| {
            all.iter()
                .find(|l| {
                    l.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(&chosen))
                        || l.id
                            .as_deref()
                            .and_then(|id| id.rsplit('/').next())
                            .is_some_and(|id| id.eq_ignore_ascii_case(&chosen))
                })
                .cloned()
        })
    });

    let create = Action::new_local(move |(address, request): &(JobAddress, PutJobParameters)| {
        let (address, request, api) = (address.clone(), request.clone(), client.authorized());
        let navigate = navigate.clone();
        async move {
            let Some(api) = api else { return };
            // A PUT over a job still in Creating would replace it: a new job's name must be free.
            match api.get_job(&address).await {
                Ok(_) => {
                    form.taken.set(Some(address.name.clone()));
                    focus_first_invalid();
                    return;
                }
                Err(Error::NotFound(_)) => {}
                Err(e) => {
                    refused.set(Some(e));
                    return;
                }
            }
            match api.create_job(&address, &request).await {
                Ok(_) => {
                    session::save_job_draft("");
                    flash.set(Some(
                        t_string!(i18n, job_created, name = address.name.as_str()).to_string(),
                    ));
                    navigate(&address.console_path(), NavigateOptions::default());
                }
                Err(e) => refused.set(Some(e)),
            }
        }
    });
    let busy = create.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submitted.set(true);
        refused.set(None);
        let values = values.get_untracked();
        match values.address() {
            Some(address) if form.problems.with_untracked(Vec::is_empty) => {
                create.dispatch_local((address, values.request()));
            }
            _ => focus_first_invalid(),
        }
    };
    let blocking = move || {
        let locale = i18n.get_locale();
        let mut labels: Vec<String> = Vec::new();
        form.problems.with(|all| {
            for p in all {
                let label = text::field_label(locale, &p.target);
                if !labels.contains(&label) {
                    labels.push(label);
                }
            }
        });
        (!labels.is_empty()).then(|| {
            view! {
                <div id="create-blocked" class="blocked">
                    <p>{tr(|l| td_string!(l, create_blocked))}</p>
                    <ul>{labels.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                </div>
            }
        })
    };
    let tr = move |key: fn(crate::i18n::Locale) -> &'static str| {
        Signal::derive(move || key(i18n.get_locale()).to_owned())
    };

    let location_problem = form.message("location".into());
    let basics = move || {
        view! {
            <fieldset>
                <legend>{tr(|l| td_string!(l, section_basics))}</legend>
                {form
                    .text(
                        "jobName",
                        tr(|l| crate::i18n::td_string!(l, field_job_name)),
                        |f| &f.name,
                        |f| &mut f.name,
                    )}
                {form
                    .field(
                        "subscriptionId".into(),
                        tr(|l| crate::i18n::td_string!(l, scope_subscription)),
                        |f| &f.subscription,
                        |f| &mut f.subscription,
                        false,
                        Some("subscription-options"),
                    )}
                <datalist id="subscription-options">
                    {move || {
                        subscriptions
                            .get()
                            .into_iter()
                            .map(|s| view! { <option value=s.id>{s.name}</option> })
                            .collect_view()
                    }}
                </datalist>
                <Field
                    id="resourceGroupName"
                    label=tr(|l| crate::i18n::td_string!(l, scope_resource_group))
                    value=Signal::derive(move || values.with(|f| f.resource_group.clone()))
                    on_input=Callback::new(move |v| {
                        values.update(|f| f.resource_group = v);
                        form.touch("resourceGroupName");
                    })
                    problem=form.message("resourceGroupName".into())
                    list=Some("group-options")
                    hint=tr(|l| crate::i18n::td_string!(l, resource_group_hint))
                />
                <datalist id="group-options">
                    {move || {
                        groups
                            .get()
                            .into_iter()
                            .map(|g| view! { <option value=g></option> })
                            .collect_view()
                    }}
                </datalist>
                <div class="field">
                    <label for="location">{tr(|l| td_string!(l, field_location))}</label>
                    <select
                        id="location"
                        aria-invalid=move || {
                            location_problem.with(Option::is_some).then_some("true")
                        }
                        aria-describedby="location-error location-info"
                        on:change=move |ev| {
                            values.update(|f| f.location = event_target_value(&ev));
                            form.touch("location");
                        }
                    >
                        <option value="" selected=move || values.with(|f| f.location.is_empty())>
                            {tr(|l| td_string!(l, choose_location))}
                        </option>
                        {move || {
                            let chosen = values.with_untracked(|f| f.location.clone());
                            let mut names: Vec<String> = locations
                                .get()
                                .into_iter()
                                .filter_map(|l| l.name)
                                .collect();
                            if !chosen.is_empty()
                                && !names.iter().any(|n| n.eq_ignore_ascii_case(&chosen))
                            {
                                names.push(chosen.clone());
                            }
                            names
                                .into_iter()
                                .map(|n| {
                                    let selected = n.eq_ignore_ascii_case(&chosen);
                                    let shown = n.clone();
                                    view! {
                                        <option value=n selected=selected>
                                            {shown}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                    <p id="location-error" class="field-error">
                        {move || location_problem.get()}
                    </p>
                    <div id="location-info" class="hint">
                        {move || {
                            location
                                .get()
                                .and_then(|l| l.properties)
                                .map(|p| {
                                    let lines: Vec<String> = [
                                        p.recipient_name,
                                        p.street_address1,
                                        p.street_address2,
                                        p.city,
                                        p.state_or_province,
                                        p.postal_code,
                                        p.country_or_region,
                                        p.phone,
                                    ]
                                        .into_iter()
                                        .flatten()
                                        .filter(|l| !l.trim().is_empty())
                                        .collect();
                                    let carriers = p
                                        .supported_carriers
                                        .unwrap_or_default()
                                        .join(", ");
                                    view! {
                                        <p>{tr(|l| td_string!(l, ships_to))}</p>
                                        <address>
                                            {lines
                                                .into_iter()
                                                .map(|l| {
                                                    view! {
                                                        {l}
                                                        <br />
                                                    }
                                                })
                                                .collect_view()}
                                        </address>
                                        <p>{t!(i18n, supported_carriers, carriers = carriers)}</p>
                                    }
                                })
                        }}
                    </div>
                </div>
                {form
                    .text(
                        "properties.storageAccountId",
                        tr(|l| crate::i18n::td_string!(l, field_storage_account)),
                        |f| &f.storage_account_id,
                        |f| &mut f.storage_account_id,
                    )}
                <div class="field">
                    <label for="properties-jobType">{tr(|l| td_string!(l, field_job_type))}</label>
                    <select
                        id="properties-jobType"
                        on:change=move |ev| values.update(|f| f.job_type = event_target_value(&ev))
                    >
                        {[JobType::Import, JobType::Export]
                            .into_iter()
                            .map(|t| {
                                view! {
                                    <option
                                        value=t.as_str()
                                        selected=move || {
                                            values.with(|f| f.job_type.eq_ignore_ascii_case(t.as_str()))
                                        }
                                    >
                                        {move || text::job_type(i18n.get_locale(), t)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
            </fieldset>
        }
    };

    view! {
        <nav class="crumbs" aria-label=tr(|l| td_string!(l, breadcrumb))>
            <a href=move || {
                crate::state::expect_list_address().get()
            }>{tr(|l| td_string!(l, all_jobs))}</a>
        </nav>
        <section class="panel new-job" aria-labelledby="new-job-title">
            <h1 id="new-job-title" tabindex="-1">
                {tr(|l| td_string!(l, new_job_title))}
            </h1>
            {move || {
                if !session.has_token() {
                    let message = Signal::derive(move || t_string!(i18n, needs_token).to_owned());
                    return view! { <ConnectPanel message=message /> }.into_any();
                }
                if loading.get() {
                    return view! {
                        <p class="loading" role="status">
                            {tr(|l| td_string!(l, loading_job))}
                        </p>
                    }
                        .into_any();
                }
                view! {
                    <form class="job-form" on:submit=submit novalidate>
                        {basics}
                        {move || {
                            if values.with(JobForm::is_export) {
                                export_fields(form).into_any()
                            } else {
                                drive_fields(form).into_any()
                            }
                        }}
                        {return_fields(form, location)}
                        {option_fields(form)}
                        {tag_fields(form)}
                        <div class="form-buttons">
                            <button
                                type="submit"
                                class="button primary"
                                aria-describedby="create-blocked"
                                disabled=move || busy.get()
                            >
                                {move || {
                                    if busy.get() {
                                        t_string!(i18n, working)
                                    } else {
                                        t_string!(i18n, create_job)
                                    }
                                }}
                            </button>
                        </div>
                        {blocking}
                    </form>
                }
                    .into_any()
            }}
            {move || refused.get().map(|e| view! { <ErrorNotice error=e /> })}
        </section>
    }
}

/// The drives of an import job: a row each, added and removed, or read at once from the
/// WAImportExport tool's drive summary (CSV).
fn drive_fields(form: Form) -> impl IntoView {
    let i18n = use_i18n();
    let pasted = RwSignal::new(String::new());
    let paste_problem = RwSignal::new(None::<DrivesCsvProblem>);
    let read = move |_| match csv::drives(&pasted.get_untracked()) {
        Ok(drives) => {
            paste_problem.set(None);
            form.values.update(|f| f.drives = drives);
            pasted.set(String::new());
        }
        Err(p) => paste_problem.set(Some(p)),
    };
    let count = move || form.values.with(|f| f.drives.len());
    let rows = move || {
        (0..count())
            .map(|i| {
                let cell = |field: &'static str,
                            label: fn(crate::i18n::Locale) -> &'static str,
                            get: fn(&DriveRow) -> &String,
                            set: fn(&mut DriveRow) -> &mut String| {
                    let target = format!("properties.driveList[{i}].{field}");
                    let touched = target.clone();
                    view! {
                        <Field
                            id=field_id(&target)
                            label=Signal::derive(move || label(i18n.get_locale()).to_owned())
                            value=Signal::derive(move || {
                                form.values
                                    .with(|f| {
                                        f.drives.get(i).map(|d| get(d).clone()).unwrap_or_default()
                                    })
                            })
                            on_input=Callback::new(move |v| {
                                form.values
                                    .update(|f| {
                                        if let Some(d) = f.drives.get_mut(i) {
                                            *set(d) = v;
                                        }
                                    });
                                form.touch(&touched);
                            })
                            problem=form.message(target)
                        />
                    }
                };
                let n = i + 1;
                view! {
                    <fieldset class="drive-row">
                        <legend>
                            {move || {
                                t_string!(
                                    i18n, drive_n, n = crate::format::number(text::tag(i18n.get_locale()), n)
                                )
                                    .to_string()
                            }}
                        </legend>
                        {cell(
                            "driveId",
                            |l| crate::i18n::td_string!(l, field_drive_id),
                            |d| &d.drive_id,
                            |d| &mut d.drive_id,
                        )}
                        {cell(
                            "bitLockerKey",
                            |l| crate::i18n::td_string!(l, field_bitlocker_key),
                            |d| &d.bit_locker_key,
                            |d| &mut d.bit_locker_key,
                        )}
                        {cell(
                            "manifestFile",
                            |l| crate::i18n::td_string!(l, field_manifest_file),
                            |d| &d.manifest_file,
                            |d| &mut d.manifest_file,
                        )}
                        {cell(
                            "manifestHash",
                            |l| crate::i18n::td_string!(l, field_manifest_hash),
                            |d| &d.manifest_hash,
                            |d| &mut d.manifest_hash,
                        )}
                        {cell(
                            "driveHeaderHash",
                            |l| crate::i18n::td_string!(l, field_drive_header_hash),
                            |d| &d.drive_header_hash,
                            |d| &mut d.drive_header_hash,
                        )}
                        <button type="button" class="button" on:click=move |_| form.remove_drive(i)>
                            {move || {
                                t_string!(
                                    i18n, remove_drive, n = crate::format::number(text::tag(i18n.get_locale()), n)
                                )
                                    .to_string()
                            }}
                        </button>
                    </fieldset>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset>
            <legend>{tr(|l| td_string!(l, section_drives))}</legend>
            <p id="properties-driveList-error" class="field-error">
                {move || form.message("properties.driveList".into()).get()}
            </p>
            {rows}
            <button
                type="button"
                class="button"
                on:click=move |_| form.values.update(|f| f.drives.push(DriveRow::default()))
            >
                {tr(|l| td_string!(l, add_drive))}
            </button>
            <div class="field">
                <label for="drive-summary">{tr(|l| td_string!(l, paste_drives))}</label>
                <textarea
                    id="drive-summary"
                    rows="4"
                    aria-describedby="drive-summary-hint drive-summary-error"
                    prop:value=move || pasted.get()
                    on:input=move |ev| pasted.set(event_target_value(&ev))
                ></textarea>
                <p id="drive-summary-hint" class="hint">
                    {tr(|l| td_string!(l, paste_drives_hint))}
                </p>
                <p id="drive-summary-error" class="field-error">
                    {move || {
                        paste_problem
                            .get()
                            .map(|p| match p {
                                DrivesCsvProblem::Empty => t_string!(i18n, drives_csv_empty),
                                DrivesCsvProblem::NoDriveIdColumn => {
                                    t_string!(i18n, drives_csv_no_id)
                                }
                            })
                    }}
                </p>
                <button type="button" class="button" on:click=read>
                    {tr(|l| td_string!(l, read_drives))}
                </button>
            </div>
        </fieldset>
    }
}

/// What an export job exports: blob paths and prefixes, or a blob that lists them.
fn export_fields(form: Form) -> impl IntoView {
    let i18n = use_i18n();
    let tr = move |key: fn(crate::i18n::Locale) -> &'static str| {
        Signal::derive(move || key(i18n.get_locale()).to_owned())
    };
    view! {
        <fieldset>
            <legend>{tr(|l| td_string!(l, section_export))}</legend>
            <p id="properties-export-blobList-error" class="field-error">
                {move || form.message("properties.export.blobList".into()).get()}
            </p>
            {form
                .field(
                    "properties.export.blobList.blobPath".into(),
                    tr(|l| crate::i18n::td_string!(l, field_blob_paths)),
                    |f| &f.blob_paths,
                    |f| &mut f.blob_paths,
                    true,
                    None,
                )}
            {form
                .field(
                    "properties.export.blobList.blobPathPrefix".into(),
                    tr(|l| crate::i18n::td_string!(l, field_blob_prefixes)),
                    |f| &f.blob_prefixes,
                    |f| &mut f.blob_prefixes,
                    true,
                    None,
                )}
            {form
                .text(
                    "properties.export.blobListBlobPath",
                    tr(|l| crate::i18n::td_string!(l, field_blob_list_blob)),
                    |f| &f.blob_list_blob_path,
                    |f| &mut f.blob_list_blob_path,
                )}
        </fieldset>
    }
}

/// Where the drives go back to, and with which carrier (one the location supports).
fn return_fields(form: Form, location: Memo<Option<Location>>) -> impl IntoView {
    let i18n = use_i18n();
    let tr = move |key: fn(crate::i18n::Locale) -> &'static str| {
        Signal::derive(move || key(i18n.get_locale()).to_owned())
    };
    let carriers = move || {
        location.with(|l| {
            l.as_ref()
                .and_then(|l| l.properties.as_ref())
                .and_then(|p| p.supported_carriers.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <fieldset>
            <legend>{tr(|l| td_string!(l, section_return))}</legend>
            {form
                .text(
                    "properties.returnAddress.recipientName",
                    tr(|l| crate::i18n::td_string!(l, field_recipient)),
                    |f| &f.return_address.recipient_name,
                    |f| &mut f.return_address.recipient_name,
                )}
            {form
                .text(
                    "properties.returnAddress.streetAddress1",
                    tr(|l| crate::i18n::td_string!(l, field_street1)),
                    |f| &f.return_address.street_address1,
                    |f| &mut f.return_address.street_address1,
                )}
            {form
                .text(
                    "properties.returnAddress.streetAddress2",
                    tr(|l| crate::i18n::td_string!(l, field_street2)),
                    |f| &f.return_address.street_address2,
                    |f| &mut f.return_address.street_address2,
                )}
            {form
                .text(
                    "properties.returnAddress.city",
                    tr(|l| crate::i18n::td_string!(l, field_city)),
                    |f| &f.return_address.city,
                    |f| &mut f.return_address.city,
                )}
            {form
                .text(
                    "properties.returnAddress.stateOrProvince",
                    tr(|l| crate::i18n::td_string!(l, field_state_province)),
                    |f| &f.return_address.state_or_province,
                    |f| &mut f.return_address.state_or_province,
                )}
            {form
                .text(
                    "properties.returnAddress.postalCode",
                    tr(|l| crate::i18n::td_string!(l, field_postal_code)),
                    |f| &f.return_address.postal_code,
                    |f| &mut f.return_address.postal_code,
                )}
            {form
                .text(
                    "properties.returnAddress.countryOrRegion",
                    tr(|l| crate::i18n::td_string!(l, field_country)),
                    |f| &f.return_address.country_or_region,
                    |f| &mut f.return_address.country_or_region,
                )}
            {form
                .text(
                    "properties.returnAddress.phone",
                    tr(|l| crate::i18n::td_string!(l, field_phone)),
                    |f| &f.return_address.phone,
                    |f| &mut f.return_address.phone,
                )}
            {form
                .text(
                    "properties.returnAddress.email",
                    tr(|l| crate::i18n::td_string!(l, field_email)),
                    |f| &f.return_address.email,
                    |f| &mut f.return_address.email,
                )}
        </fieldset>
        <fieldset>
            <legend>{tr(|l| td_string!(l, section_return_shipping))}</legend>
            {form
                .field(
                    "properties.returnShipping.carrierName".into(),
                    tr(|l| crate::i18n::td_string!(l, field_return_carrier)),
                    |f| &f.return_shipping.carrier,
                    |f| &mut f.return_shipping.carrier,
                    false,
                    Some("carrier-options"),
                )}
            <datalist id="carrier-options">
                {move || {
                    carriers()
                        .into_iter()
                        .map(|c| view! { <option value=c></option> })
                        .collect_view()
                }}
            </datalist>
            {form
                .text(
                    "properties.returnShipping.carrierAccountNumber",
                    tr(|l| crate::i18n::td_string!(l, field_carrier_account)),
                    |f| &f.return_shipping.account,
                    |f| &mut f.return_shipping.account,
                )}
        </fieldset>
    }
}

/// Diagnostics, log level, manifest backup and the encryption key.
fn option_fields(form: Form) -> impl IntoView {
    let i18n = use_i18n();
    let tr = move |key: fn(crate::i18n::Locale) -> &'static str| {
        Signal::derive(move || key(i18n.get_locale()).to_owned())
    };
    let values = form.values;
    let customer = move || values.with(|f| f.kek_type == "CustomerManaged");
    view! {
        <fieldset>
            <legend>{tr(|l| td_string!(l, section_options))}</legend>
            {form
                .text(
                    "properties.diagnosticsPath",
                    tr(|l| crate::i18n::td_string!(l, field_diagnostics)),
                    |f| &f.diagnostics_path,
                    |f| &mut f.diagnostics_path,
                )}
            <div class="field">
                <label for="properties-logLevel">{tr(|l| td_string!(l, field_log_level))}</label>
                <select
                    id="properties-logLevel"
                    on:change=move |ev| values.update(|f| f.log_level = event_target_value(&ev))
                >
                    {LOG_LEVELS
                        .iter()
                        .map(|&level| {
                            view! {
                                <option
                                    value=level
                                    selected=move || {
                                        values.with(|f| f.log_level.eq_ignore_ascii_case(level))
                                    }
                                >
                                    {level}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field check">
                <input
                    id="properties-backupDriveManifest"
                    type="checkbox"
                    prop:checked=move || values.with(|f| f.backup_drive_manifest)
                    on:change=move |ev| {
                        values.update(|f| f.backup_drive_manifest = event_target_checked(&ev))
                    }
                />
                <label for="properties-backupDriveManifest">
                    {tr(|l| td_string!(l, field_backup_manifest))}
                </label>
            </div>
            <div class="field">
                <label for="properties-encryptionKey-kekType">
                    {tr(|l| td_string!(l, field_encryption))}
                </label>
                <select
                    id="properties-encryptionKey-kekType"
                    on:change=move |ev| values.update(|f| f.kek_type = event_target_value(&ev))
                >
                    {KEK_TYPES
                        .iter()
                        .map(|&kind| {
                            view! {
                                <option
                                    value=kind
                                    selected=move || values.with(|f| f.kek_type == kind)
                                >
                                    {move || {
                                        if kind == "CustomerManaged" {
                                            t_string!(i18n, kek_customer)
                                        } else {
                                            t_string!(i18n, kek_microsoft)
                                        }
                                    }}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            {move || {
                customer()
                    .then(|| {
                        view! {
                            {form
                                .text(
                                    "properties.encryptionKey.kekUrl",
                                    tr(|l| crate::i18n::td_string!(l, field_kek_url)),
                                    |f| &f.kek_url,
                                    |f| &mut f.kek_url,
                                )}
                            {form
                                .text(
                                    "properties.encryptionKey.kekVaultResourceID",
                                    tr(|l| crate::i18n::td_string!(l, field_kek_vault)),
                                    |f| &f.kek_vault_resource_id,
                                    |f| &mut f.kek_vault_resource_id,
                                )}
                        }
                    })
            }}
        </fieldset>
    }
}

/// The job's tags: a name and a value per row.
fn tag_fields(form: Form) -> impl IntoView {
    tag_editor(form.values, |f| &f.tags, |f| &mut f.tags, form.message("tags".into()))
}

/// Tag rows over any form that holds tags (the new-job and the edit form).
pub fn tag_editor<F: Send + Sync + 'static>(
    values: RwSignal<F>,
    get: fn(&F) -> &Vec<TagRow>,
    set: fn(&mut F) -> &mut Vec<TagRow>,
    problem: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let count = move || values.with(|f| get(f).len());
    let rows = move || {
        (0..count())
            .map(|i| {
                let n = i + 1;
                let cell = move |which: bool| {
                    let id = format!("tag-{}-{i}", if which { "value" } else { "name" });
                    view! {
                        <Field
                            id=id
                            label=Signal::derive(move || {
                                let n = crate::format::number(text::tag(i18n.get_locale()), n);
                                if which {
                                    t_string!(i18n, tag_value_n, n = n).to_string()
                                } else {
                                    t_string!(i18n, tag_name_n, n = n).to_string()
                                }
                            })
                            value=Signal::derive(move || {
                                values
                                    .with(|f| {
                                        get(f)
                                            .get(i)
                                            .map(|t| {
                                                if which { t.value.clone() } else { t.name.clone() }
                                            })
                                            .unwrap_or_default()
                                    })
                            })
                            on_input=Callback::new(move |v| {
                                values
                                    .update(|f| {
                                        if let Some(t) = set(f).get_mut(i) {
                                            if which { t.value = v } else { t.name = v }
                                        }
                                    })
                            })
                            problem=Signal::derive(|| None::<String>)
                        />
                    }
                };
                view! {
                    <div class="tag-row">
                        {cell(false)} {cell(true)}
                        <button
                            type="button"
                            class="button"
                            on:click=move |_| {
                                values
                                    .update(|f| {
                                        if i < set(f).len() {
                                            set(f).remove(i);
                                        }
                                    })
                            }
                        >
                            {move || {
                                t_string!(
                                    i18n, remove_tag, n = crate::format::number(text::tag(i18n.get_locale()), n)
                                )
                                    .to_string()
                            }}
                        </button>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset>
            <legend>{tr(|l| td_string!(l, section_tags))}</legend>
            <p id="tags-error" class="field-error">
                {move || problem.get()}
            </p>
            {rows}
            <button
                type="button"
                class="button"
                on:click=move |_| values.update(|f| set(f).push(TagRow::default()))
            >
                {tr(|l| td_string!(l, add_tag))}
            </button>
        </fieldset>
    }
}
