//! "Edit" and "Clone job" on the detail page. The edit form offers the properties an update may
//! change; a group the rules lock in the job's state is shown read-only with the rule's reason
//! (`validate_update` of a change to that group alone), and what is changed is checked as the
//! user types by the same `validate_update` the service runs.

use leptos::prelude::*;
use waybill_rules::JobSnapshot;
use waybill_rules::LOG_LEVELS;
use waybill_rules::wire::{JobAddress, JobResponse, UpdateJobParameters};

use crate::client::{Error, page_client};
use crate::components::{ErrorNotice, Field};
use crate::i18n::{Locale, t_string, td_string, use_i18n};
use crate::logic::job_form::{EditForm, EditGroup, FieldProblem, field_id};
use crate::pages::new_job::tag_editor;
use crate::state::expect_policy;
use crate::text::tr;
use crate::{routes, text};

/// An edit in progress: the values it started from and the values typed. Kept by the page, so
/// a refresh of the job while the user types keeps what was typed.
#[derive(Clone, Copy)]
pub struct Editing {
    original: StoredValue<EditForm>,
    values: RwSignal<EditForm>,
}

impl Editing {
    /// An edit of `job` as it is now.
    pub fn of(job: &JobResponse) -> Editing {
        let form = EditForm::of(job);
        Editing { original: StoredValue::new(form.clone()), values: RwSignal::new(form) }
    }
}

/// "Edit" (opening the form below) and "Clone job" (the new-job form filled from this job).
#[component]
pub fn JobTools(
    /// The job as last answered.
    job: JobResponse,
    /// The edit in progress, if any (the page's).
    editing: RwSignal<Option<Editing>>,
    /// The update was accepted: the job as the service answered it.
    on_saved: Callback<JobResponse>,
) -> impl IntoView {
    let _i18n = use_i18n();
    let address = job.id.as_deref().and_then(JobAddress::from_resource_id);
    let clone_href = address.as_ref().map(routes::clone_path);
    let snapshot = JobSnapshot::of(&job).ok();
    let open = {
        let job = job.clone();
        move |_| {
            if editing.with_untracked(Option::is_none) {
                editing.set(Some(Editing::of(&job)));
            }
        }
    };
    view! {
        <div class="job-tools">
            {snapshot
                .is_some()
                .then(|| {
                    view! {
                        <button
                            type="button"
                            class="button"
                            aria-expanded=move || editing.with(Option::is_some).to_string()
                            aria-controls="edit-job"
                            on:click=open
                        >
                            {tr(|l| td_string!(l, edit_job))}
                        </button>
                    }
                })}
            {clone_href
                .map(|href| {
                    view! {
                        <a class="button" href=href>
                            {tr(|l| td_string!(l, clone_job))}
                        </a>
                    }
                })}
        </div>
        {move || {
            let (Some(edit), Some(snapshot), Some(address)) = (
                editing.get(),
                snapshot,
                address.clone(),
            ) else {
                return None;
            };
            Some(
                view! {
                    <EditPanel
                        edit=edit
                        snapshot=snapshot
                        address=address
                        editing=editing
                        on_saved=on_saved
                    />
                },
            )
        }}
    }
}

#[component]
fn EditPanel(
    edit: Editing,
    snapshot: JobSnapshot,
    address: JobAddress,
    editing: RwSignal<Option<Editing>>,
    on_saved: Callback<JobResponse>,
) -> impl IntoView {
    let i18n = use_i18n();
    let policy = expect_policy();
    let client = page_client();
    let values = edit.values;
    let changed = Memo::new(move |_| values.with(|v| edit.original.with_value(|o| v.changed(o))));
    let problems = Memo::new(move |_| {
        let groups = changed.get();
        values.with(|v| policy.with(|p| v.problems(p, &snapshot, &groups)))
    });
    let submitted = RwSignal::new(false);
    let nothing = RwSignal::new(false);
    let refused = RwSignal::new(None::<Error>);
    let locked = move |group: EditGroup| {
        let locale = i18n.get_locale();
        values
            .with_untracked(|v| policy.with(|p| v.locked(p, &snapshot, group)))
            .map(|reason| text::reason(locale, &reason))
    };
    let message = move |target: &'static str| {
        Signal::derive(move || {
            let locale = i18n.get_locale();
            problems.with(|all: &Vec<FieldProblem>| {
                all.iter()
                    .find(|p| p.target == target)
                    .map(|p| text::field_problem(locale, &p.problem))
            })
        })
    };
    let in_flight = super::InFlight::of_page();
    let save = Action::new_local(move |request: &UpdateJobParameters| {
        let (request, api, address) = (request.clone(), client.authorized(), address.clone());
        async move {
            let Some(api) = api else { return };
            let _counted = in_flight.map(super::InFlight::start);
            match api.update_job(&address, &request).await {
                Ok(job) => {
                    editing.set(None);
                    on_saved.run(job);
                }
                Err(e) => refused.set(Some(e)),
            }
        }
    });
    let busy = save.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submitted.set(true);
        refused.set(None);
        let groups = changed.get_untracked();
        nothing.set(groups.is_empty());
        if groups.is_empty() {
            return;
        }
        if !problems.with_untracked(Vec::is_empty) {
            set_timeout(
                || {
                    use wasm_bindgen::JsCast;
                    if let Some(el) = document()
                        .query_selector("#edit-job [aria-invalid=\"true\"]")
                        .ok()
                        .flatten()
                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        let _ = el.focus();
                    }
                },
                std::time::Duration::ZERO,
            );
            return;
        }
        save.dispatch_local(values.with_untracked(|v| v.request(&groups)));
    };
    // One text field of the edit form, read-only while its group is locked.
    let field = move |target: &'static str,
                      label: fn(Locale) -> &'static str,
                      get: fn(&EditForm) -> &String,
                      set: fn(&mut EditForm) -> &mut String| {
        view! {
            <Field
                id=format!("edit-{}", field_id(target))
                label=Signal::derive(move || label(i18n.get_locale()).to_owned())
                value=Signal::derive(move || values.with(|v| get(v).clone()))
                on_input=Callback::new(move |v| values.update(|f| *set(f) = v))
                problem=message(target)
            />
        }
    };
    let group = move |g: EditGroup, legend: fn(Locale) -> &'static str, body: AnyView| {
        let reason = locked(g);
        let disabled = reason.is_some();
        view! {
            <fieldset disabled=disabled>
                <legend>{move || legend(i18n.get_locale())}</legend>
                {reason.map(|r| view! { <p class="reason">{r}</p> })}
                {body}
            </fieldset>
        }
    };
    let address_fields = view! {
        {field(
            "properties.returnAddress.recipientName",
            |l| td_string!(l, field_recipient),
            |f| &f.return_address.recipient_name,
            |f| &mut f.return_address.recipient_name,
        )}
        {field(
            "properties.returnAddress.streetAddress1",
            |l| td_string!(l, field_street1),
            |f| &f.return_address.street_address1,
            |f| &mut f.return_address.street_address1,
        )}
        {field(
            "properties.returnAddress.streetAddress2",
            |l| td_string!(l, field_street2),
            |f| &f.return_address.street_address2,
            |f| &mut f.return_address.street_address2,
        )}
        {field(
            "properties.returnAddress.city",
            |l| td_string!(l, field_city),
            |f| &f.return_address.city,
            |f| &mut f.return_address.city,
        )}
        {field(
            "properties.returnAddress.stateOrProvince",
            |l| td_string!(l, field_state_province),
            |f| &f.return_address.state_or_province,
            |f| &mut f.return_address.state_or_province,
        )}
        {field(
            "properties.returnAddress.postalCode",
            |l| td_string!(l, field_postal_code),
            |f| &f.return_address.postal_code,
            |f| &mut f.return_address.postal_code,
        )}
        {field(
            "properties.returnAddress.countryOrRegion",
            |l| td_string!(l, field_country),
            |f| &f.return_address.country_or_region,
            |f| &mut f.return_address.country_or_region,
        )}
        {field(
            "properties.returnAddress.phone",
            |l| td_string!(l, field_phone),
            |f| &f.return_address.phone,
            |f| &mut f.return_address.phone,
        )}
        {field(
            "properties.returnAddress.email",
            |l| td_string!(l, field_email),
            |f| &f.return_address.email,
            |f| &mut f.return_address.email,
        )}
    }
    .into_any();
    let shipping_fields = view! {
        {field(
            "properties.returnShipping.carrierName",
            |l| td_string!(l, field_return_carrier),
            |f| &f.return_shipping.carrier,
            |f| &mut f.return_shipping.carrier,
        )}
        {field(
            "properties.returnShipping.carrierAccountNumber",
            |l| td_string!(l, field_carrier_account),
            |f| &f.return_shipping.account,
            |f| &mut f.return_shipping.account,
        )}
    }
    .into_any();
    let package_fields = view! {
        {field(
            "properties.deliveryPackage.carrierName",
            |l| td_string!(l, carrier),
            |f| &f.delivery_package.carrier,
            |f| &mut f.delivery_package.carrier,
        )}
        {field(
            "properties.deliveryPackage.trackingNumber",
            |l| td_string!(l, tracking_number),
            |f| &f.delivery_package.tracking,
            |f| &mut f.delivery_package.tracking,
        )}
        {field(
            "properties.deliveryPackage.shipDate",
            |l| td_string!(l, field_ship_date),
            |f| &f.delivery_package.ship_date,
            |f| &mut f.delivery_package.ship_date,
        )}
    }
    .into_any();
    let log_fields = view! {
        <div class="field">
            <label for="edit-logLevel">{tr(|l| td_string!(l, field_log_level))}</label>
            <select
                id="edit-logLevel"
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
                id="edit-backupDriveManifest"
                type="checkbox"
                prop:checked=move || values.with(|f| f.backup_drive_manifest)
                on:change=move |ev| {
                    values.update(|f| f.backup_drive_manifest = event_target_checked(&ev))
                }
            />
            <label for="edit-backupDriveManifest">
                {tr(|l| td_string!(l, field_backup_manifest))}
            </label>
        </div>
    }
    .into_any();
    let log_reason = locked(EditGroup::LogLevel).or_else(|| locked(EditGroup::BackupDriveManifest));
    let log_locked = log_reason.is_some();
    view! {
        <section id="edit-job" class="panel edit" aria-labelledby="edit-title">
            <h2 id="edit-title">{tr(|l| td_string!(l, edit_title))}</h2>
            <form on:submit=submit novalidate>
                {group(EditGroup::ReturnAddress, |l| td_string!(l, section_return), address_fields)}
                {group(
                    EditGroup::ReturnShipping,
                    |l| td_string!(l, section_return_shipping),
                    shipping_fields,
                )}
                {group(
                    EditGroup::DeliveryPackage,
                    |l| td_string!(l, section_delivery_package),
                    package_fields,
                )}
                <fieldset disabled=log_locked>
                    <legend>{tr(|l| td_string!(l, section_options))}</legend>
                    {log_reason.map(|r| view! { <p class="reason">{r}</p> })}
                    {log_fields}
                </fieldset>
                {tag_editor(values, |f| &f.tags, |f| &mut f.tags, message("tags"))}
                <div class="form-buttons">
                    <button type="submit" class="button primary" disabled=move || busy.get()>
                        {move || {
                            if busy.get() {
                                t_string!(i18n, working)
                            } else {
                                t_string!(i18n, save_changes)
                            }
                        }}
                    </button>
                    <button type="button" class="button" on:click=move |_| editing.set(None)>
                        {tr(|l| td_string!(l, discard_changes))}
                    </button>
                </div>
                <p class="field-error" role="status">
                    {move || {
                        (submitted.get() && nothing.get()).then(|| t_string!(i18n, nothing_changed))
                    }}
                </p>
            </form>
            {move || refused.get().map(|e| view! { <ErrorNotice error=e /> })}
        </section>
    }
}
