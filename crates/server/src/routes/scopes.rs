//! The two scope endpoints of Azure Resource Manager the console uses to offer subscriptions
//! and resource groups.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::{Caller, Subscriptions as Allowed};
use crate::error::ApiError;
use crate::extract::ArmPath;
use crate::extract::check_scope;
use crate::version::{ApiVersion, ResourceGroups, Subscriptions};

/// `GET /subscriptions`: the subscriptions the token may use (for a token that may use every
/// subscription: those that hold jobs).
pub async fn list_subscriptions(
    State(app): State<AppState>,
    caller: Caller,
    _v: ApiVersion<Subscriptions>,
) -> Result<Json<Value>, ApiError> {
    let ids: Vec<String> = match caller.subscriptions() {
        Allowed::All => app.db.subscriptions().await?,
        Allowed::Only(set) => set.into_iter().collect(),
    };
    let value: Vec<Value> = ids
        .iter()
        .map(|id| {
            json!({
                "id": format!("/subscriptions/{id}"),
                "subscriptionId": id,
                "tenantId": "00000000-0000-0000-0000-000000000000",
                "displayName": app.subscription_names.get(&id.to_ascii_lowercase()).cloned()
                    .unwrap_or_else(|| format!("Subscription {id}")),
                "state": "Enabled",
                "subscriptionPolicies": {"locationPlacementId": "Public_2014-09-01", "quotaId": "Waybill", "spendingLimit": "Off"},
                "authorizationSource": "RoleBased"
            })
        })
        .collect();
    Ok(Json(json!({"count": {"type": "Total", "value": value.len()}, "value": value})))
}

/// `GET /subscriptions/{sub}/resourcegroups`: the resource groups that hold jobs.
pub async fn list_resource_groups(
    State(app): State<AppState>,
    caller: Caller,
    _v: ApiVersion<ResourceGroups>,
    ArmPath(sub): ArmPath<String>,
) -> Result<Json<Value>, ApiError> {
    check_scope(&caller, &sub, None)?;
    let value: Vec<Value> = app
        .db
        .resource_groups(&sub)
        .await?
        .iter()
        .map(|rg| {
            json!({
                "id": format!("/subscriptions/{sub}/resourceGroups/{rg}"),
                "name": rg,
                "type": "Microsoft.Resources/resourceGroups",
                "location": "westus",
                "properties": {"provisioningState": "Succeeded"}
            })
        })
        .collect();
    Ok(Json(json!({"value": value})))
}
