//! Building and changing job documents. Every decision is the rules crate's; this module only
//! writes down what the rules allowed: a new job, an update, a data center step.

use waybill_rules::wire::{
    DriveBitLockerKey, DriveStatus, EncryptionKeyDetails, Expandable, GetBitLockerKeysResponse,
    IdentityDetails, JOBS_RESOURCE_TYPE, JobAddress, JobDetails, JobResponse, PackageInformation,
    PutJobParameters, SystemData, UpdateJobParameters,
};
use waybill_rules::{
    CancelEffect, DriveState, JobState, KEK_TYPES, LOG_LEVELS, ShipEffect, Step, Timestamp,
    UpdatePlan, canonical,
};

use crate::catalog;

/// Who the service records in `systemData`.
const ACTOR: &str = "waybill";

fn system_data(created: Timestamp, modified: Timestamp) -> SystemData {
    SystemData {
        created_by: Some(ACTOR.into()),
        created_by_type: Some("User".into()),
        created_at: Some(created.to_rfc3339()),
        last_modified_by: Some(ACTOR.into()),
        last_modified_by_type: Some("User".into()),
        last_modified_at: Some(modified.to_rfc3339()),
    }
}

/// A new job from a validated create request, in `Creating`.
pub fn new_job(address: &JobAddress, request: PutJobParameters, now: Timestamp) -> JobResponse {
    let created = now;
    build(address, request, created, now)
}

/// A job replaced by a validated create request: a fresh document that keeps the creation
/// time.
pub fn replace_job(
    address: &JobAddress,
    old: &JobResponse,
    request: PutJobParameters,
    now: Timestamp,
) -> JobResponse {
    let created = old
        .system_data
        .as_ref()
        .and_then(|s| s.created_at.as_deref())
        .and_then(|t| Timestamp::parse_rfc3339(t).ok())
        .unwrap_or(now);
    build(address, request, created, now)
}

fn build(
    address: &JobAddress,
    request: PutJobParameters,
    created: Timestamp,
    now: Timestamp,
) -> JobResponse {
    let location = request.location.unwrap_or_default();
    let mut props = request.properties.unwrap_or_default();
    // Read-only properties are the service's, whatever the request said (`"state": ""` too).
    props.state = Some(JobState::Creating.into());
    props.cancel_requested = Some(false);
    props.provisioning_state = Some("Succeeded".into());
    props.shipping_information = catalog::shipping_information(&location);
    props.return_package = None;
    props.percent_complete = None;
    props.incomplete_blob_list_uri = None;
    props.state_entered_at = Some(now.to_rfc3339());
    props.cancelled_in_state = None;
    // The schema's documented defaults, and enum values in their canonical spelling (ARM reads
    // them case-insensitively; the rules checked that each names a value).
    props.log_level = Some(canonical_or(LOG_LEVELS, props.log_level.as_deref()));
    let key_details = props.encryption_key.get_or_insert_with(EncryptionKeyDetails::default);
    key_details.kek_type = Some(canonical_or(KEK_TYPES, key_details.kek_type.as_deref()));
    if props.backup_drive_manifest.is_none() {
        props.backup_drive_manifest = Some(false);
    }
    if let Some(drives) = props.drive_list.as_mut() {
        drives.iter_mut().for_each(new_drive);
    }
    JobResponse {
        system_data: Some(system_data(created, now)),
        id: Some(address.resource_id()),
        name: Some(address.name.clone()),
        resource_type: Some(JOBS_RESOURCE_TYPE.into()),
        location: Some(location),
        tags: request.tags,
        properties: Some(props),
        identity: Some(IdentityDetails {
            identity_type: Some("None".into()),
            ..Default::default()
        }),
    }
}

/// `value` in its canonical spelling among `values`, or the first value (the default) when
/// absent.
fn canonical_or(values: &[&'static str], value: Option<&str>) -> String {
    value.and_then(|v| canonical(values, v)).unwrap_or(values[0]).to_owned()
}

/// A drive as a client lists it: what the data center reports about drives (state, copy
/// status, progress, bytes, log blobs) is the service's, never the client's.
fn new_drive(drive: &mut DriveStatus) {
    drive.state = Some(DriveState::Specified.into());
    drive.copy_status = None;
    drive.percent_complete = None;
    drive.bytes_succeeded = None;
    drive.verbose_log_uri = None;
    drive.error_log_uri = None;
    drive.manifest_uri = None;
}

fn touch(job: &mut JobResponse, now: Timestamp) {
    let system = job.system_data.get_or_insert_with(|| system_data(now, now));
    system.last_modified_by = Some(ACTOR.into());
    system.last_modified_by_type = Some("User".into());
    system.last_modified_at = Some(now.to_rfc3339());
}

fn enter_state(job: &mut JobResponse, state: JobState, now: Timestamp) {
    let props = job.properties.get_or_insert_with(Default::default);
    if props.state.as_ref().and_then(Expandable::known) != Some(state) {
        props.state = Some(state.into());
        props.state_entered_at = Some(now.to_rfc3339());
    }
}

/// Applies a validated update. Returns whether anything changed (a repeated cancel or an
/// empty update changes nothing and is not stored).
pub fn apply_update(
    job: &mut JobResponse,
    request: UpdateJobParameters,
    plan: UpdatePlan,
    now: Timestamp,
) -> bool {
    let before = job.clone();
    if let Some(tags) = request.tags {
        job.tags = Some(tags);
    }
    if let Some(update) = request.properties {
        let props = job.properties.get_or_insert_with(Default::default);
        if let Some(v) = update.return_address {
            props.return_address = Some(v);
        }
        if let Some(v) = update.return_shipping {
            props.return_shipping = Some(v);
        }
        if let Some(v) = update.delivery_package {
            props.delivery_package = Some(v);
        }
        if let Some(v) = update.log_level {
            props.log_level = Some(canonical_or(LOG_LEVELS, Some(&v)));
        }
        if let Some(v) = update.backup_drive_manifest {
            props.backup_drive_manifest = Some(v);
        }
        if let Some(mut drives) = update.drive_list {
            drives.iter_mut().for_each(new_drive);
            props.drive_list = Some(drives);
        }
        if plan.cancel == Some(CancelEffect::Request) {
            // As in Azure, the state stays until the data center acts on the request.
            props.cancel_requested = Some(true);
        }
        if plan.ship == Some(ShipEffect::Ship) {
            enter_state(job, JobState::Shipping, now);
        }
    }
    let changed = *job != before;
    if changed {
        touch(job, now);
    }
    changed
}

/// The blob the data center writes one of a drive's logs to, as Azure names them.
fn log_uri(
    props: &JobDetails,
    job_name: &str,
    drive_id: &str,
    kind: &str,
    now: Timestamp,
) -> String {
    let account = props
        .storage_account_id
        .as_deref()
        .and_then(|id| id.rsplit('/').next())
        .filter(|a| !a.is_empty())
        .unwrap_or("storage");
    let folder = props.diagnostics_path.as_deref().unwrap_or("waimportexport");
    let (y, mo, d, h, mi, s) = now.to_civil();
    format!(
        "https://{account}.blob.core.windows.net/{folder}/waies/{job_name}_{drive_id}_{y:04}{mo:02}{d:02}-{h:02}{mi:02}{s:02}_{kind}.xml"
    )
}

/// What the simulated data center copies per drive: `bytesSucceeded` grows with
/// `percentComplete` towards this.
const DRIVE_PAYLOAD_BYTES: i64 = 1 << 40;

/// Applies one data center step.
pub fn apply_step(job: &mut JobResponse, step: &Step, now: Timestamp) {
    let before = job.properties.as_ref().and_then(|p| p.state.as_ref()?.known());
    enter_state(job, step.state, now);
    let job_name = job.name.clone().unwrap_or_default();
    let props = job.properties.get_or_insert_with(Default::default);
    if step.ends_cancelled {
        props.cancelled_in_state = before.map(Expandable::from);
    }
    let details = props.clone();
    let transferring = step.state >= JobState::Transferring && !step.ends_cancelled;
    if transferring || props.percent_complete.is_some() {
        props.percent_complete = Some(step.percent_complete);
    }
    if let (Some(drive_state), Some(drives)) = (step.drive_state, props.drive_list.as_mut()) {
        for drive in drives {
            drive.state = Some(drive_state.into());
            if transferring {
                let id = drive.drive_id.clone().unwrap_or_default();
                if drive.verbose_log_uri.is_none() {
                    drive.verbose_log_uri = Some(log_uri(&details, &job_name, &id, "verbose", now));
                    drive.error_log_uri = Some(log_uri(&details, &job_name, &id, "error", now));
                    drive.manifest_uri = Some(log_uri(&details, &job_name, &id, "manifest", now));
                }
                drive.percent_complete = Some(step.percent_complete);
                drive.bytes_succeeded = Some(DRIVE_PAYLOAD_BYTES / 100 * step.percent_complete);
                drive.copy_status = Some(match drive_state {
                    DriveState::Transferring => "InProgress".into(),
                    DriveState::CompletedMoreInfo => "CompletedWithErrors".into(),
                    _ => "Completed".into(),
                });
            } else if step.ends_cancelled && drive.copy_status.as_deref() == Some("InProgress") {
                // The copy stopped where it was when the cancellation was carried out.
                drive.copy_status = Some("Cancelled".into());
            }
        }
    }
    if step.ships_back {
        let drive_count = props.drive_list.as_ref().map_or(0, |d| d.len() as i64);
        let carrier = props
            .return_shipping
            .as_ref()
            .and_then(|r| r.carrier_name.clone())
            .unwrap_or_else(|| "FedEx".into());
        props.return_package = Some(PackageInformation {
            carrier_name: Some(carrier),
            tracking_number: Some(format!("RT{:012}", now.0.rem_euclid(1_000_000_000_000))),
            drive_count: Some(drive_count),
            ship_date: Some(now.to_rfc3339()),
        });
    }
    touch(job, now);
}

/// The job as clients see it: drive BitLocker keys are only given by `listBitLockerKeys`.
pub fn public_view(mut job: JobResponse) -> JobResponse {
    if let Some(drives) = job.properties.as_mut().and_then(|p| p.drive_list.as_mut()) {
        for drive in drives {
            drive.bit_locker_key = None;
        }
    }
    job
}

/// Puts drive BitLocker keys (stored apart from the document) back onto the drives.
pub fn restore_bitlocker_keys(job: &mut JobResponse, keys: Vec<DriveBitLockerKey>) {
    let Some(drives) = job.properties.as_mut().and_then(|p| p.drive_list.as_mut()) else { return };
    for key in keys {
        if let Some(drive) =
            drives.iter_mut().find(|d| d.drive_id.is_some() && d.drive_id == key.drive_id)
        {
            drive.bit_locker_key = key.bit_locker_key;
        }
    }
}

/// The drives' BitLocker keys.
pub fn bitlocker_keys(job: &JobResponse) -> GetBitLockerKeysResponse {
    let drives = job.properties.as_ref().and_then(|p| p.drive_list.as_ref());
    GetBitLockerKeysResponse {
        value: drives
            .into_iter()
            .flatten()
            .map(|d| DriveBitLockerKey {
                bit_locker_key: d.bit_locker_key.clone(),
                drive_id: d.drive_id.clone(),
            })
            .collect(),
    }
}
