//! Building and changing job documents. Every decision is the rules crate's; this module only
//! writes down what the rules allowed: a new job, an update, a data center step.

use waybill_rules::wire::{
    DriveBitLockerKey, EncryptionKeyDetails, GetBitLockerKeysResponse, IdentityDetails, JobDetails,
    JobResponse, PackageInformation, PutJobParameters, SystemData, UpdateJobParameters,
};
use waybill_rules::{CancelEffect, DriveState, JobState, ShipEffect, Step, Timestamp, UpdatePlan};

use crate::catalog;
use crate::db::JobKey;

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

/// The resource id of a job.
pub fn job_id(key: &JobKey) -> String {
    format!(
        "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ImportExport/jobs/{}",
        key.subscription, key.resource_group, key.name
    )
}

/// A new job from a validated create request, in `Creating`.
pub fn new_job(key: &JobKey, request: PutJobParameters, now: Timestamp) -> JobResponse {
    let created = now;
    build(key, request, created, now)
}

/// A job replaced by a validated create request: a fresh document that keeps the creation
/// time.
pub fn replace_job(
    key: &JobKey,
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
    build(key, request, created, now)
}

fn build(
    key: &JobKey,
    request: PutJobParameters,
    created: Timestamp,
    now: Timestamp,
) -> JobResponse {
    let location = request.location.unwrap_or_default();
    let mut props = request.properties.unwrap_or_default();
    // Read-only properties are the service's, whatever the request said.
    props.state = Some(JobState::Creating);
    props.cancel_requested = Some(false);
    props.provisioning_state = Some("Succeeded".into());
    props.shipping_information = catalog::shipping_information(&location);
    props.return_package = None;
    props.percent_complete = None;
    props.incomplete_blob_list_uri = None;
    props.state_entered_at = Some(now.to_rfc3339());
    props.encryption_key.get_or_insert_with(|| EncryptionKeyDetails {
        kek_type: Some("MicrosoftManaged".into()),
        ..Default::default()
    });
    if props.backup_drive_manifest.is_none() {
        props.backup_drive_manifest = Some(false);
    }
    if let Some(drives) = props.drive_list.as_mut() {
        for drive in drives {
            drive.state = Some(DriveState::Specified);
            drive.copy_status = None;
            drive.percent_complete = None;
            drive.bytes_succeeded = None;
        }
    }
    JobResponse {
        system_data: Some(system_data(created, now)),
        id: Some(job_id(key)),
        name: Some(key.name.clone()),
        resource_type: Some("Microsoft.ImportExport/jobs".into()),
        location: Some(location),
        tags: request.tags,
        properties: Some(props),
        identity: Some(IdentityDetails {
            identity_type: Some("None".into()),
            ..Default::default()
        }),
    }
}

fn touch(job: &mut JobResponse, now: Timestamp) {
    let system = job.system_data.get_or_insert_with(|| system_data(now, now));
    system.last_modified_by = Some(ACTOR.into());
    system.last_modified_by_type = Some("User".into());
    system.last_modified_at = Some(now.to_rfc3339());
}

fn enter_state(job: &mut JobResponse, state: JobState, now: Timestamp) {
    let props = job.properties.get_or_insert_with(Default::default);
    if props.state != Some(state) {
        props.state = Some(state);
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
            props.log_level = Some(v);
        }
        if let Some(v) = update.backup_drive_manifest {
            props.backup_drive_manifest = Some(v);
        }
        if let Some(mut drives) = update.drive_list {
            for drive in &mut drives {
                drive.state = Some(DriveState::Specified);
            }
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

/// Applies one data center step.
pub fn apply_step(job: &mut JobResponse, step: &Step, now: Timestamp) {
    enter_state(job, step.state, now);
    let job_name = job.name.clone().unwrap_or_default();
    let props = job.properties.get_or_insert_with(Default::default);
    let details = props.clone();
    let transferring = step.state >= JobState::Transferring && !step.ends_cancelled;
    if transferring || props.percent_complete.is_some() {
        props.percent_complete = Some(step.percent_complete);
    }
    if let (Some(drive_state), Some(drives)) = (step.drive_state, props.drive_list.as_mut()) {
        for drive in drives {
            drive.state = Some(drive_state);
            if transferring {
                let id = drive.drive_id.clone().unwrap_or_default();
                if drive.verbose_log_uri.is_none() {
                    drive.verbose_log_uri = Some(log_uri(&details, &job_name, &id, "verbose", now));
                    drive.error_log_uri = Some(log_uri(&details, &job_name, &id, "error", now));
                    drive.manifest_uri = Some(log_uri(&details, &job_name, &id, "manifest", now));
                }
                drive.percent_complete = Some(step.percent_complete);
                drive.copy_status = Some(match drive_state {
                    DriveState::Transferring => "InProgress".into(),
                    DriveState::CompletedMoreInfo => "CompletedWithErrors".into(),
                    _ => "Completed".into(),
                });
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
