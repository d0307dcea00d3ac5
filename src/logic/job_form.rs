//! The new-job and edit forms as plain values: what the user typed, the request it makes, and
//! what the rules say about it — the very `validate_create` and `validate_update` the service
//! runs, so no request is sent to learn that a field is missing or malformed. Each problem
//! names its field by the property path the rules use (`properties.returnAddress.city`), which
//! [`field_id`] turns into the input's id.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use waybill_rules::wire::{
    AddressPart, BadName, BlobList, DeliveryPackageInformation, DriveStatus, EncryptionKeyDetails,
    Expandable, Export, JobAddress, JobDetails, JobResponse, PutJobParameters, ReturnAddress,
    ReturnShipping, UpdateJobParameters, UpdateJobProperties, check_name,
};
use waybill_rules::{JobSnapshot, JobType, Policy, Reason, validate_create, validate_update};

use super::csv::DriveRow;

/// A problem with the form, at the field the rules name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The property path (`properties.driveList[1].bitLockerKey`) or, for the job's address,
    /// the parameter (`jobName`, `resourceGroupName`, `subscriptionId`).
    pub target: String,
    /// What is wrong.
    pub problem: Problem,
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The rules refuse the request for this.
    Rule(Reason),
    /// A name of the job's address has the wrong shape.
    Name(AddressPart),
}

/// The id of the input for a property path: every character but letters and digits becomes
/// `-` (`properties.driveList[0].driveId` → `properties-driveList-0--driveId`).
pub fn field_id(target: &str) -> String {
    target.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect()
}

/// The return address as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AddressForm {
    /// `recipientName`.
    pub recipient_name: String,
    /// `streetAddress1`.
    pub street_address1: String,
    /// `streetAddress2`.
    pub street_address2: String,
    /// `city`.
    pub city: String,
    /// `stateOrProvince`.
    pub state_or_province: String,
    /// `postalCode`.
    pub postal_code: String,
    /// `countryOrRegion`.
    pub country_or_region: String,
    /// `phone`.
    pub phone: String,
    /// `email`.
    pub email: String,
}

fn some(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn text(value: Option<&String>) -> String {
    value.cloned().unwrap_or_default()
}

impl AddressForm {
    /// The address of a job.
    pub fn of(address: Option<&ReturnAddress>) -> AddressForm {
        let Some(a) = address else { return AddressForm::default() };
        AddressForm {
            recipient_name: text(a.recipient_name.as_ref()),
            street_address1: text(a.street_address1.as_ref()),
            street_address2: text(a.street_address2.as_ref()),
            city: text(a.city.as_ref()),
            state_or_province: text(a.state_or_province.as_ref()),
            postal_code: text(a.postal_code.as_ref()),
            country_or_region: text(a.country_or_region.as_ref()),
            phone: text(a.phone.as_ref()),
            email: text(a.email.as_ref()),
        }
    }

    /// The wire's address; none when nothing was typed (a create may leave it for later).
    pub fn wire(&self) -> Option<ReturnAddress> {
        (self != &AddressForm::default()).then(|| ReturnAddress {
            recipient_name: some(&self.recipient_name),
            street_address1: some(&self.street_address1),
            street_address2: some(&self.street_address2),
            city: some(&self.city),
            state_or_province: some(&self.state_or_province),
            postal_code: some(&self.postal_code),
            country_or_region: some(&self.country_or_region),
            phone: some(&self.phone),
            email: some(&self.email),
        })
    }
}

/// One tag as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TagRow {
    /// The tag's name.
    pub name: String,
    /// Its value.
    pub value: String,
}

fn tags_wire(rows: &[TagRow]) -> Option<BTreeMap<String, String>> {
    let tags: BTreeMap<String, String> = rows
        .iter()
        .filter(|t| !(t.name.trim().is_empty() && t.value.trim().is_empty()))
        .map(|t| (t.name.trim().to_owned(), t.value.trim().to_owned()))
        .collect();
    (!tags.is_empty()).then_some(tags)
}

fn tag_rows(tags: Option<&BTreeMap<String, String>>) -> Vec<TagRow> {
    tags.into_iter()
        .flatten()
        .map(|(name, value)| TagRow { name: name.clone(), value: value.clone() })
        .collect()
}

/// The return shipping as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShippingForm {
    /// `carrierName`.
    pub carrier: String,
    /// `carrierAccountNumber`.
    pub account: String,
}

impl ShippingForm {
    fn of(shipping: Option<&ReturnShipping>) -> ShippingForm {
        shipping.map_or_else(ShippingForm::default, |s| ShippingForm {
            carrier: text(s.carrier_name.as_ref()),
            account: text(s.carrier_account_number.as_ref()),
        })
    }

    fn wire(&self) -> Option<ReturnShipping> {
        (self != &ShippingForm::default()).then(|| ReturnShipping {
            carrier_name: some(&self.carrier),
            carrier_account_number: some(&self.account),
        })
    }
}

/// Everything the new-job form holds; kept in the tab's storage as JSON so a reload keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct JobForm {
    /// The job's name.
    pub name: String,
    /// The subscription it is created in.
    pub subscription: String,
    /// Its resource group (an existing one, or a new name).
    pub resource_group: String,
    /// The location (`West US`).
    pub location: String,
    /// The storage account's resource id.
    pub storage_account_id: String,
    /// `Import` or `Export`.
    pub job_type: String,
    /// Import: the drives.
    pub drives: Vec<DriveRow>,
    /// Export: blob paths, one per line.
    pub blob_paths: String,
    /// Export: blob path prefixes, one per line.
    pub blob_prefixes: String,
    /// Export: a blob holding the list instead.
    pub blob_list_blob_path: String,
    /// Where the drives go back to.
    pub return_address: AddressForm,
    /// The carrier and account that return them.
    pub return_shipping: ShippingForm,
    /// Blob directory for copy logs.
    pub diagnostics_path: String,
    /// `Error` or `Verbose`.
    pub log_level: String,
    /// Copy the drive manifests to blobs.
    pub backup_drive_manifest: bool,
    /// `MicrosoftManaged` or `CustomerManaged`.
    pub kek_type: String,
    /// A customer-managed key's URL.
    pub kek_url: String,
    /// A customer-managed key's vault resource id.
    pub kek_vault_resource_id: String,
    /// The job's tags.
    pub tags: Vec<TagRow>,
    /// The job this form was cloned from (its resource id), empty for a new one.
    pub cloned_from: String,
}

impl Default for JobForm {
    fn default() -> JobForm {
        JobForm {
            name: String::new(),
            subscription: String::new(),
            resource_group: String::new(),
            location: String::new(),
            storage_account_id: String::new(),
            job_type: "Import".into(),
            drives: vec![DriveRow::default()],
            blob_paths: String::new(),
            blob_prefixes: String::new(),
            blob_list_blob_path: String::new(),
            return_address: AddressForm::default(),
            return_shipping: ShippingForm::default(),
            diagnostics_path: String::new(),
            log_level: "Error".into(),
            backup_drive_manifest: false,
            kek_type: "MicrosoftManaged".into(),
            kek_url: String::new(),
            kek_vault_resource_id: String::new(),
            tags: Vec::new(),
            cloned_from: String::new(),
        }
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// The longest job name ARM accepts.
const MAX_JOB_NAME: usize = 64;

impl JobForm {
    /// True for an export job (anything else is an import).
    pub fn is_export(&self) -> bool {
        self.job_type.eq_ignore_ascii_case("Export")
    }

    /// The form filled from `job` to create another like it: the same scope, location,
    /// account, drives and settings, a suggested name with `-copy`, and no BitLocker keys
    /// (a key belongs to one preparation of one drive).
    pub fn clone_of(job: &JobResponse) -> JobForm {
        let address = job.id.as_deref().and_then(JobAddress::from_resource_id);
        let props = job.properties.clone().unwrap_or_default();
        let name = job.name.clone().or_else(|| address.as_ref().map(|a| a.name.clone()));
        let mut base: String = name.unwrap_or_default().chars().take(MAX_JOB_NAME - 5).collect();
        while base.ends_with(['-', '_']) {
            base.pop();
        }
        let export = props.export.clone().unwrap_or_default();
        let list = export.blob_list.unwrap_or_default();
        let key = props.encryption_key.clone().unwrap_or_default();
        JobForm {
            name: format!("{base}-copy"),
            subscription: address.as_ref().map(|a| a.subscription.clone()).unwrap_or_default(),
            resource_group: address.as_ref().map(|a| a.resource_group.clone()).unwrap_or_default(),
            location: job.location.clone().unwrap_or_default(),
            storage_account_id: text(props.storage_account_id.as_ref()),
            job_type: props.job_type.as_ref().map(Expandable::to_string).unwrap_or_default(),
            drives: props
                .drive_list
                .iter()
                .flatten()
                .map(|d| DriveRow {
                    drive_id: text(d.drive_id.as_ref()),
                    bit_locker_key: String::new(),
                    manifest_file: text(d.manifest_file.as_ref()),
                    manifest_hash: text(d.manifest_hash.as_ref()),
                    drive_header_hash: text(d.drive_header_hash.as_ref()),
                })
                .collect(),
            blob_paths: list.blob_path.unwrap_or_default().join("\n"),
            blob_prefixes: list.blob_path_prefix.unwrap_or_default().join("\n"),
            blob_list_blob_path: text(export.blob_list_blob_path.as_ref()),
            return_address: AddressForm::of(props.return_address.as_ref()),
            return_shipping: ShippingForm::of(props.return_shipping.as_ref()),
            diagnostics_path: text(props.diagnostics_path.as_ref()),
            log_level: props.log_level.clone().unwrap_or_else(|| "Error".into()),
            backup_drive_manifest: props.backup_drive_manifest.unwrap_or(false),
            kek_type: key.kek_type.unwrap_or_else(|| "MicrosoftManaged".into()),
            kek_url: text(key.kek_url.as_ref()),
            kek_vault_resource_id: text(key.kek_vault_resource_id.as_ref()),
            tags: tag_rows(job.tags.as_ref()),
            cloned_from: job.id.clone().unwrap_or_default(),
        }
    }

    /// The job's address, when its three names have the right shape.
    pub fn address(&self) -> Option<JobAddress> {
        JobAddress::parse(self.subscription.trim(), self.resource_group.trim(), self.name.trim())
            .ok()
    }

    /// The create request (PUT) the form makes.
    pub fn request(&self) -> PutJobParameters {
        let export = self.is_export();
        let drives = (!export).then(|| {
            self.drives
                .iter()
                .map(|d| DriveStatus {
                    drive_id: some(&d.drive_id),
                    bit_locker_key: some(&d.bit_locker_key),
                    manifest_file: some(&d.manifest_file),
                    manifest_hash: some(&d.manifest_hash),
                    drive_header_hash: some(&d.drive_header_hash),
                    ..DriveStatus::default()
                })
                .collect()
        });
        let export = export.then(|| {
            let (paths, prefixes) = (lines(&self.blob_paths), lines(&self.blob_prefixes));
            Export {
                blob_list: (!paths.is_empty() || !prefixes.is_empty()).then(|| BlobList {
                    blob_path: (!paths.is_empty()).then_some(paths),
                    blob_path_prefix: (!prefixes.is_empty()).then_some(prefixes),
                }),
                blob_list_blob_path: some(&self.blob_list_blob_path),
            }
        });
        let customer_managed = self.kek_type == "CustomerManaged";
        PutJobParameters {
            location: some(&self.location),
            tags: tags_wire(&self.tags),
            properties: Some(JobDetails {
                storage_account_id: some(&self.storage_account_id),
                job_type: some(&self.job_type).map(|t| Expandable::parse(&t)),
                return_address: self.return_address.wire(),
                return_shipping: self.return_shipping.wire(),
                diagnostics_path: some(&self.diagnostics_path),
                log_level: some(&self.log_level),
                backup_drive_manifest: Some(self.backup_drive_manifest),
                drive_list: drives,
                export,
                encryption_key: Some(EncryptionKeyDetails {
                    kek_type: some(&self.kek_type),
                    kek_url: customer_managed.then(|| some(&self.kek_url)).flatten(),
                    kek_vault_resource_id: customer_managed
                        .then(|| some(&self.kek_vault_resource_id))
                        .flatten(),
                }),
                ..JobDetails::default()
            }),
        }
    }

    /// Every problem the rules find with the form, in the form's order: the address's names,
    /// then what `validate_create` says of the request (a customer-managed key also needs its
    /// URL, as the service's encryption needs it).
    pub fn problems(&self, policy: &Policy) -> Vec<FieldProblem> {
        let mut problems: Vec<FieldProblem> = [
            (AddressPart::Job, &self.name),
            (AddressPart::Subscription, &self.subscription),
            (AddressPart::ResourceGroup, &self.resource_group),
        ]
        .into_iter()
        .filter_map(|(part, value)| {
            check_name(part, value.trim()).err().map(|BadName { part, .. }| FieldProblem {
                target: part.parameter().to_owned(),
                problem: Problem::Name(part),
            })
        })
        .collect();
        if let Err(reasons) = validate_create(policy, None, &self.request()) {
            problems.extend(reasons.into_iter().map(rule_problem));
        }
        problems
    }
}

fn rule_problem(reason: Reason) -> FieldProblem {
    let target = match &reason {
        Reason::MissingProperty { target } | Reason::InvalidValue { target, .. } => target.clone(),
        Reason::NotEditableInState { field, .. } => (*field).to_owned(),
        _ => String::new(),
    };
    FieldProblem { target, problem: Problem::Rule(reason) }
}

/// What the edit form holds: the properties an update may change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditForm {
    /// Where the drives go back to.
    pub return_address: AddressForm,
    /// The carrier and account that return them.
    pub return_shipping: ShippingForm,
    /// The customer's package to the data center.
    pub delivery_package: PackageForm,
    /// `Error` or `Verbose`.
    pub log_level: String,
    /// Copy the drive manifests to blobs.
    pub backup_drive_manifest: bool,
    /// The job's tags.
    pub tags: Vec<TagRow>,
}

/// The delivery package as typed (its drive count is the job's, kept as it was).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageForm {
    /// `carrierName`.
    pub carrier: String,
    /// `trackingNumber`.
    pub tracking: String,
    /// `shipDate`.
    pub ship_date: String,
    /// `driveCount`, as the job has it.
    pub drive_count: Option<i64>,
}

impl PackageForm {
    fn of(package: Option<&DeliveryPackageInformation>) -> PackageForm {
        package.map_or_else(PackageForm::default, |p| PackageForm {
            carrier: text(p.carrier_name.as_ref()),
            tracking: text(p.tracking_number.as_ref()),
            ship_date: text(p.ship_date.as_ref()),
            drive_count: p.drive_count,
        })
    }

    fn wire(&self) -> DeliveryPackageInformation {
        DeliveryPackageInformation {
            carrier_name: some(&self.carrier),
            tracking_number: some(&self.tracking),
            drive_count: self.drive_count,
            ship_date: some(&self.ship_date),
        }
    }
}

/// A group of fields the edit form changes together, each one property of the update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditGroup {
    /// `properties.returnAddress`.
    ReturnAddress,
    /// `properties.returnShipping`.
    ReturnShipping,
    /// `properties.deliveryPackage`.
    DeliveryPackage,
    /// `properties.logLevel`.
    LogLevel,
    /// `properties.backupDriveManifest`.
    BackupDriveManifest,
    /// `tags`.
    Tags,
}

impl EditGroup {
    /// Every group, in the form's order.
    pub const ALL: [EditGroup; 6] = [
        EditGroup::ReturnAddress,
        EditGroup::ReturnShipping,
        EditGroup::DeliveryPackage,
        EditGroup::LogLevel,
        EditGroup::BackupDriveManifest,
        EditGroup::Tags,
    ];
}

impl EditForm {
    /// The job's values.
    pub fn of(job: &JobResponse) -> EditForm {
        let props = job.properties.clone().unwrap_or_default();
        EditForm {
            return_address: AddressForm::of(props.return_address.as_ref()),
            return_shipping: ShippingForm::of(props.return_shipping.as_ref()),
            delivery_package: PackageForm::of(props.delivery_package.as_ref()),
            log_level: props.log_level.unwrap_or_else(|| "Error".into()),
            backup_drive_manifest: props.backup_drive_manifest.unwrap_or(false),
            tags: tag_rows(job.tags.as_ref()),
        }
    }

    /// The groups whose values differ from `original`.
    pub fn changed(&self, original: &EditForm) -> Vec<EditGroup> {
        EditGroup::ALL
            .into_iter()
            .filter(|g| match g {
                EditGroup::ReturnAddress => self.return_address != original.return_address,
                EditGroup::ReturnShipping => self.return_shipping != original.return_shipping,
                EditGroup::DeliveryPackage => self.delivery_package != original.delivery_package,
                EditGroup::LogLevel => self.log_level != original.log_level,
                EditGroup::BackupDriveManifest => {
                    self.backup_drive_manifest != original.backup_drive_manifest
                }
                EditGroup::Tags => tags_wire(&self.tags) != tags_wire(&original.tags),
            })
            .collect()
    }

    /// The update (PATCH) that sends `groups` as they are in the form. Removing every tag
    /// sends an empty map, which replaces the tags.
    pub fn request(&self, groups: &[EditGroup]) -> UpdateJobParameters {
        let has = |g| groups.contains(&g);
        let mut props = UpdateJobProperties::default();
        if has(EditGroup::ReturnAddress) {
            props.return_address = Some(self.return_address.wire().unwrap_or_default());
        }
        if has(EditGroup::ReturnShipping) {
            props.return_shipping = Some(self.return_shipping.wire().unwrap_or_default());
        }
        if has(EditGroup::DeliveryPackage) {
            props.delivery_package = Some(self.delivery_package.wire());
        }
        if has(EditGroup::LogLevel) {
            props.log_level = Some(self.log_level.clone());
        }
        if has(EditGroup::BackupDriveManifest) {
            props.backup_drive_manifest = Some(self.backup_drive_manifest);
        }
        UpdateJobParameters {
            tags: has(EditGroup::Tags).then(|| tags_wire(&self.tags).unwrap_or_default()),
            properties: (props != UpdateJobProperties::default()).then_some(props),
        }
    }

    /// Why `group` may not change in the job's state, if the rules say so: `validate_update`
    /// of a request changing only that group.
    pub fn locked(&self, policy: &Policy, job: &JobSnapshot, group: EditGroup) -> Option<Reason> {
        validate_update(policy, job, &self.request(&[group]))
            .err()?
            .into_iter()
            .find(|r| matches!(r, Reason::NotEditableInState { .. }))
    }

    /// Every problem the rules find with the changes (`validate_update`).
    pub fn problems(
        &self,
        policy: &Policy,
        job: &JobSnapshot,
        groups: &[EditGroup],
    ) -> Vec<FieldProblem> {
        match validate_update(policy, job, &self.request(groups)) {
            Ok(_) => Vec::new(),
            Err(reasons) => reasons.into_iter().map(rule_problem).collect(),
        }
    }
}

/// The suggested job type for a wire value (`Import` unless it says `Export`).
pub fn job_type_of(value: &str) -> JobType {
    if value.eq_ignore_ascii_case("Export") { JobType::Export } else { JobType::Import }
}

#[cfg(test)]
mod tests {
    use waybill_rules::JobState;
    use waybill_rules::wire::ReturnAddress;

    use super::*;

    fn complete() -> JobForm {
        JobForm {
            name: "photos-2026".into(),
            subscription: "sub-1".into(),
            resource_group: "rg-1".into(),
            location: "West US".into(),
            storage_account_id:
                "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.Storage/storageAccounts/acct"
                    .into(),
            drives: vec![DriveRow {
                drive_id: "9WM35C2V".into(),
                bit_locker_key: "111111-222222".into(),
                manifest_file: "\\DriveManifest.xml".into(),
                manifest_hash: "AB12".into(),
                drive_header_hash: String::new(),
            }],
            ..JobForm::default()
        }
    }

    fn targets(problems: &[FieldProblem]) -> Vec<&str> {
        problems.iter().map(|p| p.target.as_str()).collect()
    }

    #[test]
    fn a_complete_import_form_has_no_problems_and_makes_the_rules_request() {
        let form = complete();
        assert_eq!(form.problems(&Policy::default()), vec![]);
        let request = form.request();
        let props = request.properties.expect("properties");
        assert_eq!(props.drive_list.expect("drives")[0].drive_header_hash, None);
        assert_eq!(props.export, None);
        assert_eq!(props.return_address, None);
        assert_eq!(form.address().expect("address").name, "photos-2026");
    }

    #[test]
    fn problems_name_their_fields_in_form_order() {
        let mut form = complete();
        form.name = "x!".into();
        form.drives.push(DriveRow { drive_id: "9wm35c2v".into(), ..DriveRow::default() });
        form.return_address.city = "Redmond".into();
        let problems = form.problems(&Policy::default());
        let targets = targets(&problems);
        assert_eq!(targets[0], "jobName");
        for t in [
            "properties.driveList[1].bitLockerKey",
            "properties.driveList[1].driveId",
            "properties.returnAddress.recipientName",
        ] {
            assert!(targets.contains(&t), "{t} in {targets:?}");
        }
        assert!(!targets.contains(&"properties.returnAddress.city"));
        assert_eq!(field_id("properties.driveList[1].driveId"), "properties-driveList-1--driveId");
    }

    #[test]
    fn an_export_form_needs_a_blob_list_and_sends_no_drives() {
        let mut form = complete();
        form.job_type = "Export".into();
        assert!(
            targets(&form.problems(&Policy::default())).contains(&"properties.export.blobList")
        );
        form.blob_prefixes = "/photos/\n\n /videos/ \n".into();
        assert_eq!(form.problems(&Policy::default()), vec![]);
        let props = form.request().properties.expect("properties");
        assert_eq!(props.drive_list, None);
        let list = props.export.expect("export").blob_list.expect("list");
        assert_eq!(list.blob_path_prefix, Some(vec!["/photos/".into(), "/videos/".into()]));
        assert_eq!(list.blob_path, None);
    }

    #[test]
    fn a_clone_keeps_the_job_but_not_its_keys_and_suggests_a_name() {
        let mut form = complete();
        form.tags = vec![TagRow { name: "team".into(), value: "media".into() }];
        let request = form.request();
        let job = JobResponse {
            id: Some(form.address().expect("address").resource_id()),
            name: Some(form.name.clone()),
            location: request.location,
            tags: request.tags,
            properties: request.properties,
            ..JobResponse::default()
        };
        let clone = JobForm::clone_of(&job);
        assert_eq!(clone.name, "photos-2026-copy");
        assert_eq!(clone.drives[0].bit_locker_key, "");
        assert_eq!(clone.drives[0].drive_id, "9WM35C2V");
        assert_eq!((clone.subscription.as_str(), clone.resource_group.as_str()), ("sub-1", "rg-1"));
        assert_eq!(clone.tags, form.tags);
        assert_eq!(clone.cloned_from, job.id.clone().expect("id"));
        let long = JobResponse { name: Some(format!("{}-x", "a".repeat(70))), ..job };
        let name = JobForm::clone_of(&long).name;
        assert!(check_name(AddressPart::Job, &name).is_ok(), "{name}");
    }

    #[test]
    fn an_edit_sends_only_what_changed_and_asks_the_rules_what_is_locked() {
        let job = JobResponse {
            tags: Some(BTreeMap::from([("team".into(), "media".into())])),
            properties: Some(JobDetails {
                return_address: Some(ReturnAddress {
                    city: Some("Redmond".into()),
                    ..ReturnAddress::default()
                }),
                ..JobDetails::default()
            }),
            ..JobResponse::default()
        };
        let original = EditForm::of(&job);
        let mut form = original.clone();
        form.log_level = "Verbose".into();
        form.tags.clear();
        let changed = form.changed(&original);
        assert_eq!(changed, vec![EditGroup::LogLevel, EditGroup::Tags]);
        let request = form.request(&changed);
        assert_eq!(request.tags, Some(BTreeMap::new()));
        assert_eq!(request.properties.expect("props").log_level.as_deref(), Some("Verbose"));
        let policy = Policy::default();
        let creating = JobSnapshot::in_state(JobState::Creating);
        let packaging = JobSnapshot::in_state(JobState::Packaging);
        assert_eq!(form.locked(&policy, &creating, EditGroup::ReturnAddress), None);
        assert!(form.locked(&policy, &packaging, EditGroup::ReturnAddress).is_some());
        assert_eq!(form.locked(&policy, &packaging, EditGroup::Tags), None);
        let received = JobSnapshot::in_state(JobState::Received);
        assert!(form.locked(&policy, &received, EditGroup::DeliveryPackage).is_some());
        assert_eq!(form.locked(&policy, &creating, EditGroup::DeliveryPackage), None);
        form.return_address.city.clear();
        let problems = form.problems(&policy, &creating, &[EditGroup::ReturnAddress]);
        assert!(targets(&problems).contains(&"properties.returnAddress.city"));
    }
}
