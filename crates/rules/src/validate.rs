//! Whole-request validation for create (PUT) and update (PATCH). Every problem is reported,
//! not just the first, so a client can fix a request in one go.

use std::collections::{BTreeMap, BTreeSet};

use crate::decide::{CancelEffect, ShipEffect, ShipSupplies, may_cancel, may_replace, may_ship};
use crate::policy::Policy;
use crate::reason::{Reason, ValueProblem};
use crate::snapshot::JobSnapshot;
use crate::state::{JobState, JobType, StateSet};
use crate::wire::{
    DeliveryPackageInformation, DriveStatus, Expandable, Export, JobDetails, PutJobParameters,
    ReturnAddress, ReturnShipping, UpdateJobParameters,
};

/// The values `logLevel` accepts; the first is the default.
pub const LOG_LEVELS: &[&str] = &["Error", "Verbose"];
/// The values `encryptionKey.kekType` accepts; the first is the default.
pub const KEK_TYPES: &[&str] = &["MicrosoftManaged", "CustomerManaged"];
/// The values `jobType` accepts.
pub const JOB_TYPES: &[&str] = &["Import", "Export"];
/// The most tags a job may carry (as in ARM).
pub const MAX_TAGS: usize = 50;
/// The longest tag name (as in ARM).
pub const MAX_TAG_NAME: usize = 512;
/// The longest tag value (as in ARM).
pub const MAX_TAG_VALUE: usize = 256;
/// The longest free-text property (addresses, names, tracking numbers).
pub const MAX_TEXT: usize = 1024;

/// What an accepted update does, besides storing the properties it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpdatePlan {
    /// The cancel the request asked for, if any.
    pub cancel: Option<CancelEffect>,
    /// The shipping the request asked for, if any.
    pub ship: Option<ShipEffect>,
}

/// Checks a whole update (PATCH) of `job` against the policy.
pub fn validate_update(
    policy: &Policy,
    job: &JobSnapshot,
    request: &UpdateJobParameters,
) -> Result<UpdatePlan, Vec<Reason>> {
    let mut problems = Vec::new();
    let mut plan = UpdatePlan { cancel: None, ship: None };
    if let Some(tags) = &request.tags {
        check_tags(tags, &mut problems);
    }
    let Some(props) = &request.properties else {
        return finish(plan, problems);
    };

    match props.cancel_requested {
        Some(false) => problems.push(Reason::CancelRequestedMustBeTrue),
        Some(true) => match may_cancel(policy, job) {
            Ok(effect) => plan.cancel = Some(effect),
            Err(reason) => problems.push(reason),
        },
        None => {}
    }

    let requested_state = props.state.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if let Some(text) = requested_state {
        match text.parse::<JobState>() {
            Ok(JobState::Shipping) if props.cancel_requested == Some(true) => {
                problems.push(Reason::ShipAfterCancel);
            }
            Ok(JobState::Shipping) => match may_ship(
                policy,
                job,
                ShipSupplies {
                    return_address: props.return_address.is_some(),
                    delivery_package: props.delivery_package.is_some(),
                },
            ) {
                Ok(effect) => plan.ship = Some(effect),
                Err(reasons) => problems.extend(reasons),
            },
            _ => problems.push(Reason::StateNotSettable { requested: text.to_owned() }),
        }
    }

    let mut editable = |present: bool, field: &'static str, allowed: StateSet| {
        if present && !allowed.contains(job.state) {
            problems.push(Reason::NotEditableInState { field, state: job.state, allowed });
        }
    };
    let edit = policy.editable_states;
    editable(props.return_address.is_some(), "properties.returnAddress", edit);
    editable(props.return_shipping.is_some(), "properties.returnShipping", edit);
    editable(props.log_level.is_some(), "properties.logLevel", edit);
    editable(props.backup_drive_manifest.is_some(), "properties.backupDriveManifest", edit);
    editable(
        props.delivery_package.is_some(),
        "properties.deliveryPackage",
        policy.delivery_package_editable_states,
    );
    editable(props.drive_list.is_some(), "properties.driveList", policy.drive_list_editable_states);

    if let Some(address) = &props.return_address {
        check_return_address(address, &mut problems);
    }
    if let Some(shipping) = &props.return_shipping {
        check_return_shipping(shipping, &mut problems);
    }
    if let Some(package) = &props.delivery_package {
        check_delivery_package(package, &mut problems);
    }
    if let Some(level) = &props.log_level {
        check_log_level(level, &mut problems);
    }
    if let Some(drives) = &props.drive_list {
        check_drives(policy, drives, &mut problems);
    }
    finish(plan, problems)
}

/// Checks a create (PUT). `existing` is the job of the same name, if there is one: replacing
/// it is allowed only in the policy's `replaceableStates`.
pub fn validate_create(
    policy: &Policy,
    existing: Option<&JobSnapshot>,
    request: &PutJobParameters,
) -> Result<(), Vec<Reason>> {
    let mut problems = Vec::new();
    if let Some(Err(reason)) = existing.map(|job| may_replace(policy, job)) {
        problems.push(reason);
    }
    required_text(request.location.as_ref(), "location", &mut problems);
    if let Some(tags) = &request.tags {
        check_tags(tags, &mut problems);
    }
    match &request.properties {
        None => problems.push(missing("properties")),
        Some(props) => check_create_properties(policy, props, &mut problems),
    }
    finish((), problems)
}

fn check_create_properties(policy: &Policy, props: &JobDetails, problems: &mut Vec<Reason>) {
    match props.storage_account_id.as_deref().map(str::trim) {
        None | Some("") => problems.push(missing("properties.storageAccountId")),
        Some(id) if !is_storage_account_id(id) => problems.push(Reason::InvalidValue {
            target: "properties.storageAccountId".into(),
            problem: ValueProblem::NotAStorageAccountId,
        }),
        Some(_) => {}
    }
    match props.job_type.as_ref().map(Expandable::known) {
        None => problems.push(missing("properties.jobType")),
        Some(None) => problems.push(Reason::InvalidValue {
            target: "properties.jobType".into(),
            problem: ValueProblem::NotOneOf(JOB_TYPES),
        }),
        Some(Some(JobType::Import)) => {
            match &props.drive_list {
                None => problems.push(missing("properties.driveList")),
                Some(drives) => check_drives(policy, drives, problems),
            }
            if props.export.is_some() {
                problems.push(Reason::InvalidValue {
                    target: "properties.export".into(),
                    problem: ValueProblem::NotForJobType(JobType::Import),
                });
            }
        }
        Some(Some(JobType::Export)) => {
            match &props.export {
                None => problems.push(missing("properties.export")),
                Some(export) => check_export(export, problems),
            }
            // An empty list is what Azure itself answers for an export job, so a job read and
            // sent back as it came is accepted.
            if props.drive_list.as_ref().is_some_and(|drives| !drives.is_empty()) {
                problems.push(Reason::InvalidValue {
                    target: "properties.driveList".into(),
                    problem: ValueProblem::NotForJobType(JobType::Export),
                });
            }
        }
    }
    if let Some(address) = &props.return_address {
        check_return_address(address, problems);
    }
    if let Some(shipping) = &props.return_shipping {
        check_return_shipping(shipping, problems);
    }
    if let Some(package) = &props.delivery_package {
        check_delivery_package(package, problems);
    }
    if let Some(level) = &props.log_level {
        check_log_level(level, problems);
    }
    if let Some(kek_type) = props.encryption_key.as_ref().and_then(|k| k.kek_type.as_ref())
        && canonical(KEK_TYPES, kek_type).is_none()
    {
        problems.push(Reason::InvalidValue {
            target: "properties.encryptionKey.kekType".into(),
            problem: ValueProblem::NotOneOf(KEK_TYPES),
        });
    }
}

/// The canonical spelling of `value` among `values`, compared as ARM compares enum values
/// (ignoring case and surrounding white space).
pub fn canonical(values: &[&'static str], value: &str) -> Option<&'static str> {
    values.iter().copied().find(|v| v.eq_ignore_ascii_case(value.trim()))
}

fn finish<T>(value: T, problems: Vec<Reason>) -> Result<T, Vec<Reason>> {
    if problems.is_empty() { Ok(value) } else { Err(problems) }
}

fn missing(target: &str) -> Reason {
    Reason::MissingProperty { target: target.to_owned() }
}

fn required_text(value: Option<&String>, target: &str, problems: &mut Vec<Reason>) {
    match value.map(|v| v.trim()) {
        None | Some("") => problems.push(missing(target)),
        Some(text) => check_length(text, target, problems),
    }
}

fn optional_text(value: Option<&String>, target: &str, problems: &mut Vec<Reason>) {
    if let Some(text) = value {
        check_length(text, target, problems);
    }
}

fn check_length(text: &str, target: &str, problems: &mut Vec<Reason>) {
    if text.chars().count() > MAX_TEXT {
        problems.push(Reason::InvalidValue {
            target: target.to_owned(),
            problem: ValueProblem::TooLong { max: MAX_TEXT },
        });
    }
}

fn is_storage_account_id(id: &str) -> bool {
    let lower = id.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    // "", "subscriptions", sub, "resourcegroups", rg, "providers", ns, "storageaccounts", name
    parts.len() == 9
        && parts[0].is_empty()
        && parts[1] == "subscriptions"
        && parts[3] == "resourcegroups"
        && parts[5] == "providers"
        && (parts[6] == "microsoft.storage" || parts[6] == "microsoft.classicstorage")
        && parts[7] == "storageaccounts"
        && [2, 4, 8].iter().all(|&i| !parts[i].is_empty())
}

fn check_return_address(address: &ReturnAddress, problems: &mut Vec<Reason>) {
    let base = "properties.returnAddress";
    for (value, name) in [
        (&address.recipient_name, "recipientName"),
        (&address.street_address1, "streetAddress1"),
        (&address.city, "city"),
        (&address.postal_code, "postalCode"),
        (&address.country_or_region, "countryOrRegion"),
        (&address.phone, "phone"),
        (&address.email, "email"),
    ] {
        required_text(value.as_ref(), &format!("{base}.{name}"), problems);
    }
    for (value, name) in [
        (&address.street_address2, "streetAddress2"),
        (&address.state_or_province, "stateOrProvince"),
    ] {
        optional_text(value.as_ref(), &format!("{base}.{name}"), problems);
    }
}

fn check_return_shipping(shipping: &ReturnShipping, problems: &mut Vec<Reason>) {
    required_text(
        shipping.carrier_name.as_ref(),
        "properties.returnShipping.carrierName",
        problems,
    );
    required_text(
        shipping.carrier_account_number.as_ref(),
        "properties.returnShipping.carrierAccountNumber",
        problems,
    );
}

fn check_delivery_package(package: &DeliveryPackageInformation, problems: &mut Vec<Reason>) {
    let base = "properties.deliveryPackage";
    required_text(package.carrier_name.as_ref(), &format!("{base}.carrierName"), problems);
    required_text(package.tracking_number.as_ref(), &format!("{base}.trackingNumber"), problems);
    optional_text(package.ship_date.as_ref(), &format!("{base}.shipDate"), problems);
    if package.drive_count.is_some_and(|n| n < 0) {
        problems.push(Reason::InvalidValue {
            target: format!("{base}.driveCount"),
            problem: ValueProblem::Negative,
        });
    }
}

fn check_log_level(level: &str, problems: &mut Vec<Reason>) {
    if canonical(LOG_LEVELS, level).is_none() {
        problems.push(Reason::InvalidValue {
            target: "properties.logLevel".into(),
            problem: ValueProblem::NotOneOf(LOG_LEVELS),
        });
    }
}

fn check_drives(policy: &Policy, drives: &[DriveStatus], problems: &mut Vec<Reason>) {
    let max = policy.max_drives as usize;
    if drives.is_empty() {
        problems.push(Reason::InvalidValue {
            target: "properties.driveList".into(),
            problem: ValueProblem::Blank,
        });
    }
    if drives.len() > max {
        problems.push(Reason::InvalidValue {
            target: "properties.driveList".into(),
            problem: ValueProblem::TooMany { max },
        });
    }
    let mut seen = BTreeSet::new();
    for (i, drive) in drives.iter().enumerate() {
        let base = format!("properties.driveList[{i}]");
        required_text(drive.drive_id.as_ref(), &format!("{base}.driveId"), problems);
        required_text(drive.bit_locker_key.as_ref(), &format!("{base}.bitLockerKey"), problems);
        required_text(drive.manifest_file.as_ref(), &format!("{base}.manifestFile"), problems);
        required_text(drive.manifest_hash.as_ref(), &format!("{base}.manifestHash"), problems);
        optional_text(
            drive.drive_header_hash.as_ref(),
            &format!("{base}.driveHeaderHash"),
            problems,
        );
        if let Some(id) = drive.drive_id.as_deref().map(str::trim).filter(|id| !id.is_empty())
            && !seen.insert(id.to_ascii_uppercase())
        {
            problems.push(Reason::InvalidValue {
                target: format!("{base}.driveId"),
                problem: ValueProblem::DuplicateDriveId(id.to_owned()),
            });
        }
    }
}

fn check_export(export: &Export, problems: &mut Vec<Reason>) {
    let listed = export.blob_list.as_ref().is_some_and(|list| {
        let non_empty = |v: &Option<Vec<String>>| v.as_ref().is_some_and(|v| !v.is_empty());
        non_empty(&list.blob_path) || non_empty(&list.blob_path_prefix)
    });
    let by_blob = export.blob_list_blob_path.as_deref().is_some_and(|p| !p.trim().is_empty());
    if !listed && !by_blob {
        problems.push(missing("properties.export.blobList"));
    }
}

fn check_tags(tags: &BTreeMap<String, String>, problems: &mut Vec<Reason>) {
    if tags.len() > MAX_TAGS {
        problems.push(Reason::InvalidValue {
            target: "tags".into(),
            problem: ValueProblem::TooMany { max: MAX_TAGS },
        });
    }
    for (name, value) in tags {
        if name.trim().is_empty() {
            problems
                .push(Reason::InvalidValue { target: "tags".into(), problem: ValueProblem::Blank });
        } else if name.chars().count() > MAX_TAG_NAME {
            problems.push(Reason::InvalidValue {
                target: "tags".into(),
                problem: ValueProblem::TooLong { max: MAX_TAG_NAME },
            });
        }
        if value.chars().count() > MAX_TAG_VALUE {
            problems.push(Reason::InvalidValue {
                target: format!("tags.{name}"),
                problem: ValueProblem::TooLong { max: MAX_TAG_VALUE },
            });
        }
    }
}
