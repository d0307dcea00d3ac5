//! The job resource and everything inside it, as the upstream 2021-01-01 schema names it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Expandable;
use crate::state::{DriveState, JobState, JobType};

/// `JobResponse`: one job as the API returns it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobResponse {
    /// Who created and last changed the job, and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_data: Option<SystemData>,
    /// `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ImportExport/jobs/{name}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The job's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Always `Microsoft.ImportExport/jobs`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// The Azure location, e.g. `West US`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Tags assigned to the job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<BTreeMap<String, String>>,
    /// The job's properties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<JobDetails>,
    /// The job's managed identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<IdentityDetails>,
}

/// `JobDetails`: the properties of a job.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobDetails {
    /// The storage account data is imported to or exported from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_account_id: Option<String>,
    /// Import or Export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_type: Option<Expandable<JobType>>,
    /// Where the drives go back to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_address: Option<ReturnAddress>,
    /// The carrier and account used to return the drives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_shipping: Option<ReturnShipping>,
    /// The data center the drives are shipped to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_information: Option<ShippingInformation>,
    /// The customer's package to the data center.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_package: Option<DeliveryPackageInformation>,
    /// The data center's package back to the customer; present once the drives were returned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_package: Option<PackageInformation>,
    /// Blob directory for copy logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagnostics_path: Option<String>,
    /// `Error` or `Verbose`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_level: Option<String>,
    /// Whether drive manifests are copied to blobs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_drive_manifest: Option<bool>,
    /// The job's current state. Read-only: a create ignores it (`""` included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<Expandable<JobState>>,
    /// True once a cancellation was requested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_requested: Option<bool>,
    /// Overall percentage completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent_complete: Option<i64>,
    /// Blob listing what an export could not fit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incomplete_blob_list_uri: Option<String>,
    /// Up to ten drives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drive_list: Option<Vec<DriveStatus>>,
    /// What an export job exports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub export: Option<Export>,
    /// ARM provisioning state, `Succeeded` once stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisioning_state: Option<String>,
    /// The encryption key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_key: Option<EncryptionKeyDetails>,
    /// Waybill extension (not in the upstream schema): when the job entered its current state,
    /// RFC 3339. The retention rules count from it; without it they count from
    /// `systemData.lastModifiedAt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_entered_at: Option<String>,
    /// Waybill extension (not in the upstream schema): the state the job was in when the data
    /// center carried out its cancellation, so the lifecycle shows the states it skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_in_state: Option<Expandable<JobState>>,
}

/// `ReturnAddress`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReturnAddress {
    /// Required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_name: Option<String>,
    /// Required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_address1: Option<String>,
    /// Optional second line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_address2: Option<String>,
    /// Required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_or_province: Option<String>,
    /// Required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_or_region: Option<String>,
    /// Required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// `ReturnShipping`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReturnShipping {
    /// Required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier_name: Option<String>,
    /// Required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier_account_number: Option<String>,
}

/// `ShippingInformation`: the data center's address (read-only for clients).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShippingInformation {
    /// Recipient at the data center.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_name: Option<String>,
    /// First address line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_address1: Option<String>,
    /// Second address line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_address2: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// State or province.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_or_province: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Country or region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_or_region: Option<String>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Extra instructions for the customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_information: Option<String>,
}

/// `DeliveryPackageInformation`: the customer's package to the data center.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryPackageInformation {
    /// Required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier_name: Option<String>,
    /// Required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
    /// Drives in the package.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drive_count: Option<i64>,
    /// Ship date as the customer wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_date: Option<String>,
}

/// `PackageInformation`: the return package (all four fields required upstream).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageInformation {
    /// Carrier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier_name: Option<String>,
    /// Tracking number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
    /// Drives in the package.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drive_count: Option<i64>,
    /// Ship date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_date: Option<String>,
}

/// `DriveStatus`: one drive.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DriveStatus {
    /// Hardware serial number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drive_id: Option<String>,
    /// BitLocker key (accepted on create, returned only by `listBitLockerKeys`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bit_locker_key: Option<String>,
    /// Manifest path on the drive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest_file: Option<String>,
    /// Manifest hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest_hash: Option<String>,
    /// Drive header hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drive_header_hash: Option<String>,
    /// The drive's state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<Expandable<DriveState>>,
    /// Detailed copy status, once transferring.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_status: Option<String>,
    /// Percentage copied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent_complete: Option<i64>,
    /// Verbose log blob.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verbose_log_uri: Option<String>,
    /// Error log blob.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_log_uri: Option<String>,
    /// Manifest blob.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest_uri: Option<String>,
    /// Bytes copied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes_succeeded: Option<i64>,
}

/// `Export`: what an export job copies out.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Export {
    /// Blob paths and prefixes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blob_list: Option<BlobList>,
    /// A blob that holds the list instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blob_list_blob_path: Option<String>,
}

/// `Export.blobList`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlobList {
    /// Exact blob paths.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blob_path: Option<Vec<String>>,
    /// Blob path prefixes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blob_path_prefix: Option<Vec<String>>,
}

/// `EncryptionKeyDetails`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EncryptionKeyDetails {
    /// `MicrosoftManaged` (default) or `CustomerManaged`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kek_type: Option<String>,
    /// Key URL for a customer-managed key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kek_url: Option<String>,
    /// Key vault resource id for a customer-managed key.
    #[serde(rename = "kekVaultResourceID", default, skip_serializing_if = "Option::is_none")]
    pub kek_vault_resource_id: Option<String>,
}

/// `IdentityDetails`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityDetails {
    /// `None`, `SystemAssigned` or `UserAssigned`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub identity_type: Option<String>,
    /// Principal id (read-only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal_id: Option<String>,
    /// Tenant id (read-only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
}

/// ARM `systemData`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SystemData {
    /// Creator's identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// `User`, `Application`, `ManagedIdentity` or `Key`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by_type: Option<String>,
    /// RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Last modifier's identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_by: Option<String>,
    /// Like `createdByType`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_by_type: Option<String>,
    /// RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_at: Option<String>,
}

/// `ListJobsResponse`: one page of jobs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListJobsResponse {
    /// Absolute URL of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_link: Option<String>,
    /// The jobs of this page.
    #[serde(default)]
    pub value: Vec<JobResponse>,
}

/// `PutJobParameters`: the body of a create (PUT).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PutJobParameters {
    /// Required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<BTreeMap<String, String>>,
    /// Required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<JobDetails>,
}

/// `UpdateJobParameters`: the body of an update (PATCH), which also cancels and ships.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateJobParameters {
    /// Replaces the tags when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<BTreeMap<String, String>>,
    /// The properties to change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<UpdateJobProperties>,
}

/// `UpdateJobParameters.properties`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateJobProperties {
    /// If specified, must be true: requests cancellation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_requested: Option<bool>,
    /// If specified and not empty, must be `Shipping`. Kept as text so that `""` (the official
    /// example sends it) and wrong values reach the rules, which explain them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// New return address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_address: Option<ReturnAddress>,
    /// New return carrier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_shipping: Option<ReturnShipping>,
    /// The customer's package to the data center.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_package: Option<DeliveryPackageInformation>,
    /// `Error` or `Verbose`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_level: Option<String>,
    /// Whether manifests are backed up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_drive_manifest: Option<bool>,
    /// Replaces the drive list (only before shipping).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drive_list: Option<Vec<DriveStatus>>,
}
