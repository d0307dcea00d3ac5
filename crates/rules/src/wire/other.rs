//! The smaller resources: locations, operations, BitLocker keys and the ARM error envelope.

use serde::{Deserialize, Serialize};

/// `Location`: a data center that receives drives.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// `/providers/Microsoft.ImportExport/locations/{id}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Display name, e.g. `West US`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `Microsoft.ImportExport/locations`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// Address and carriers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<LocationProperties>,
}

/// `Location.properties`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocationProperties {
    /// Recipient.
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
    /// Extra instructions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_shipping_information: Option<String>,
    /// Carriers accepted here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supported_carriers: Option<Vec<String>>,
    /// Location ids to ship to instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternate_locations: Option<Vec<String>>,
}

/// `LocationsResponse`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LocationsResponse {
    /// The locations.
    #[serde(default)]
    pub value: Vec<Location>,
}

/// `Operation`: one operation the provider supports.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Operation {
    /// e.g. `Microsoft.ImportExport/jobs/read`.
    pub name: String,
    /// Display strings.
    pub display: OperationDisplay,
}

/// `Operation.display`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OperationDisplay {
    /// Provider display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Resource display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// Operation display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `ListOperationsResponse`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ListOperationsResponse {
    /// The operations.
    #[serde(default)]
    pub value: Vec<Operation>,
}

/// `DriveBitLockerKey`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DriveBitLockerKey {
    /// The key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bit_locker_key: Option<String>,
    /// The drive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drive_id: Option<String>,
}

/// `GetBitLockerKeysResponse`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GetBitLockerKeysResponse {
    /// One key per drive.
    #[serde(default)]
    pub value: Vec<DriveBitLockerKey>,
}

/// `ErrorResponse`: the ARM error envelope `{"error": {...}}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ErrorResponse {
    /// What went wrong (ARM puts it under `error`).
    pub error: ErrorBody,
}

/// `ErrorResponse.error`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Machine-readable ARM code, e.g. `JobCannotBeCanceled`.
    pub code: String,
    /// A sentence for people.
    pub message: String,
    /// The request part at fault, e.g. `properties.cancelRequested`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Every problem when there are several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Vec<ErrorDetail>>,
}

/// One entry of `ErrorResponse.error.details`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// ARM code.
    pub code: String,
    /// The request part at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// A sentence for people.
    pub message: String,
}
