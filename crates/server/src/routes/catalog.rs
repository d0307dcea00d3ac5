//! Locations and operations (no subscription; any valid token).

use axum::Json;
use axum::http::StatusCode;
use waybill_rules::wire::ArmCode;
use waybill_rules::wire::{ListOperationsResponse, Location, LocationsResponse};

use crate::auth::Caller;
use crate::catalog;
use crate::error::ApiError;
use crate::extract::ArmPath;
use crate::version::{ApiVersion, ImportExport};

/// `GET /providers/Microsoft.ImportExport/operations`.
pub async fn list_operations(
    _caller: Caller,
    _v: ApiVersion<ImportExport>,
) -> Json<ListOperationsResponse> {
    Json(ListOperationsResponse { value: catalog::operations() })
}

/// `GET /providers/Microsoft.ImportExport/locations`.
pub async fn list_locations(
    _caller: Caller,
    _v: ApiVersion<ImportExport>,
) -> Json<LocationsResponse> {
    Json(LocationsResponse { value: catalog::locations() })
}

/// `GET /providers/Microsoft.ImportExport/locations/{location}`.
pub async fn get_location(
    _caller: Caller,
    _v: ApiVersion<ImportExport>,
    ArmPath(name): ArmPath<String>,
) -> Result<Json<Location>, ApiError> {
    catalog::location(&name).map(Json).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            ArmCode::ResourceNotFound,
            format!("The location '{name}' is not an Import/Export location."),
        )
    })
}
