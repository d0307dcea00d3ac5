//! Event subscriptions, Waybill's extension (webhooks in the Event Grid event schema):
//!
//! - `PUT /_waybill/subscriptions/{sub}/eventSubscriptions/{name}`: create or replace; the
//!   endpoint must pass Event Grid's validation handshake first (when it is new or changed);
//! - `GET` and `DELETE` of the same path, `GET .../eventSubscriptions` (the list);
//! - `GET .../eventSubscriptions/{name}/deliveries[?status=&$top=&$skipToken=]`: what was sent,
//!   newest first, with each attempt's outcome;
//! - `GET /_waybill/eventSubscriptions`: every one, with `--webhook`'s (the operator's).
//!
//! Same bearer tokens and subscription rules as the job routes. Nothing is stored unless the
//! whole request is valid and the endpoint validated. The secret is never answered, nor the
//! endpoint's query (it may carry a key): answers show `endpointBaseUrl` and `hasSecret`.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use waybill_rules::Timestamp;
use waybill_rules::wire::ArmCode;

use crate::AppState;
use crate::auth::Caller;
use crate::db::{Delivery, EventSubscription};
use crate::error::ApiError;
use crate::extract::{ArmJson, ArmPath, ArmQuery, check_scope};
use crate::webhooks::endpoint::{Endpoint, EndpointError};
use crate::webhooks::{
    ALL_SUBSCRIPTIONS, Filter, HandshakeError, event_type_name, handshake, job_state_name, topic,
};

/// The retry budget's limits (Event Grid's): attempts 1–30, time to live 1–1440 minutes.
const MAX_ATTEMPTS: u32 = 30;
const MAX_TTL_MINUTES: u32 = 1440;
/// Deliveries answered per page.
const PAGE: u32 = 100;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PutBody {
    properties: Option<PutProperties>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PutProperties {
    endpoint_url: Option<String>,
    secret: Option<String>,
    filter: Option<PutFilter>,
    retry_policy: Option<PutRetry>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PutFilter {
    resource_group: Option<String>,
    included_event_types: Option<Vec<String>>,
    job_states: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PutRetry {
    max_delivery_attempts: Option<u32>,
    event_time_to_live_in_minutes: Option<u32>,
}

fn invalid(target: &str, message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, ArmCode::InvalidPropertyValue, message)
        .with_target(target)
}

/// An event subscription's name: 3 to 64 letters, digits and hyphens (as Event Grid's).
pub fn check_name(name: &str) -> Result<(), ApiError> {
    let ok = (3..=64).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            ArmCode::InvalidResourceName,
            format!(
                "The event subscription name '{name}' is invalid: use 3 to 64 letters, digits \
                 and hyphens."
            ),
        )
        .with_target("eventSubscriptionName"))
    }
}

fn endpoint_error(err: EndpointError) -> ApiError {
    match err {
        EndpointError::Malformed(m) => invalid("properties.endpointUrl", m),
        EndpointError::NotAllowed(m) => {
            ApiError::new(StatusCode::BAD_REQUEST, ArmCode::EndpointNotAllowed, m)
                .with_target("properties.endpointUrl")
        }
        EndpointError::Unreachable(m) => {
            ApiError::new(StatusCode::BAD_REQUEST, ArmCode::EndpointValidationFailed, m)
                .with_target("properties.endpointUrl")
        }
    }
}

/// Reads a PUT body into what will be stored (with everything checked but the handshake).
pub fn read_body(
    subscription: &str,
    name: &str,
    body: PutBody,
    now: Timestamp,
) -> Result<EventSubscription, ApiError> {
    let props = body.properties.ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ArmCode::MissingRequiredProperty,
            "The request needs 'properties' with an 'endpointUrl'.",
        )
        .with_target("properties")
    })?;
    let url = props.endpoint_url.filter(|u| !u.trim().is_empty()).ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ArmCode::MissingRequiredProperty,
            "The property 'endpointUrl' is required.",
        )
        .with_target("properties.endpointUrl")
    })?;
    Endpoint::parse(&url).map_err(endpoint_error)?;
    if let Some(secret) = &props.secret
        && (!(8..=256).contains(&secret.chars().count())
            || secret.chars().any(|c| c.is_whitespace() || c.is_control()))
    {
        return Err(invalid(
            "properties.secret",
            "A secret has 8 to 256 characters and no spaces or control characters.",
        ));
    }
    let filter = props.filter.unwrap_or_default();
    if let Some(group) = &filter.resource_group {
        waybill_rules::wire::check_name(waybill_rules::wire::AddressPart::ResourceGroup, group)
            .map_err(|bad| invalid("properties.filter.resourceGroup", bad.to_string()))?;
    }
    let event_types = filter
        .included_event_types
        .map(|types| {
            types
                .iter()
                .map(|t| {
                    event_type_name(t).map(str::to_owned).ok_or_else(|| {
                        invalid(
                            "properties.filter.includedEventTypes",
                            format!(
                                "'{t}' is not an event type; the types are {}.",
                                crate::webhooks::EVENT_TYPES.join(", ")
                            ),
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    let job_states = filter
        .job_states
        .map(|states| {
            states
                .iter()
                .map(|s| {
                    job_state_name(s).map(str::to_owned).ok_or_else(|| {
                        invalid("properties.filter.jobStates", format!("'{s}' is not a job state."))
                    })
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    let retry = props.retry_policy.unwrap_or_default();
    let max_attempts = retry.max_delivery_attempts.unwrap_or(MAX_ATTEMPTS);
    if !(1..=MAX_ATTEMPTS).contains(&max_attempts) {
        return Err(invalid(
            "properties.retryPolicy.maxDeliveryAttempts",
            "maxDeliveryAttempts is between 1 and 30.",
        ));
    }
    let ttl_minutes = retry.event_time_to_live_in_minutes.unwrap_or(MAX_TTL_MINUTES);
    if !(1..=MAX_TTL_MINUTES).contains(&ttl_minutes) {
        return Err(invalid(
            "properties.retryPolicy.eventTimeToLiveInMinutes",
            "eventTimeToLiveInMinutes is between 1 and 1440.",
        ));
    }
    Ok(EventSubscription {
        subscription: subscription.to_owned(),
        name: name.to_owned(),
        endpoint_url: url.trim().to_owned(),
        secret: props.secret,
        filter: Filter {
            resource_group: filter.resource_group.map(|g| g.to_ascii_lowercase()),
            event_types,
            job_states,
        },
        max_attempts,
        ttl_minutes,
        created_at: now.0,
        updated_at: now.0,
        cursor: 0,
    })
}

fn resource_id(subscription: &str, name: &str) -> String {
    if subscription == ALL_SUBSCRIPTIONS {
        format!("/_waybill/eventSubscriptions/{name}")
    } else {
        format!("/_waybill/subscriptions/{subscription}/eventSubscriptions/{name}")
    }
}

async fn answer(app: &AppState, s: &EventSubscription) -> Result<Value, ApiError> {
    let counts = app.db.delivery_counts(&s.subscription, &s.name).await?;
    let base = Endpoint::parse(&s.endpoint_url).map(|e| e.base_url).unwrap_or_default();
    let time = |t: i64| Timestamp(t).to_rfc3339();
    Ok(json!({
        "id": resource_id(&s.subscription, &s.name),
        "name": s.name,
        "type": "Waybill/eventSubscriptions",
        "properties": {
            "provisioningState": "Succeeded",
            "topic": topic(&s.subscription),
            "endpointType": "WebHook",
            "endpointBaseUrl": base,
            "hasSecret": s.secret.is_some(),
            "filter": {
                "resourceGroup": s.filter.resource_group,
                "includedEventTypes": s.filter.event_types,
                "jobStates": s.filter.job_states,
            },
            "retryPolicy": {
                "maxDeliveryAttempts": s.max_attempts,
                "eventTimeToLiveInMinutes": s.ttl_minutes,
            },
            "createdAt": time(s.created_at),
            "updatedAt": time(s.updated_at),
            "deliveries": {
                "pending": counts.pending,
                "delivered": counts.delivered,
                "deadLettered": counts.dead_lettered,
                "lastDeliveredAt": counts.last_delivered_at.map(time),
                "lastError": counts.last_error,
            },
        },
    }))
}

fn not_found(name: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ArmCode::ResourceNotFound,
        format!("The event subscription '{name}' was not found."),
    )
}

fn scope(caller: &Caller, sub: &str, name: Option<&str>) -> Result<String, ApiError> {
    check_scope(caller, sub, None)?;
    if let Some(name) = name {
        check_name(name)?;
    }
    Ok(sub.to_ascii_lowercase())
}

/// `PUT /_waybill/subscriptions/{sub}/eventSubscriptions/{name}`.
pub async fn put_event_subscription(
    State(app): State<AppState>,
    caller: Caller,
    ArmPath((sub, name)): ArmPath<(String, String)>,
    ArmJson(body): ArmJson<PutBody>,
) -> Result<Response, ApiError> {
    let sub = scope(&caller, &sub, Some(&name))?;
    let now = app.clock.now();
    let wanted = read_body(&sub, &name, body, now)?;
    let existing = app.db.event_subscription(&sub, &name).await?;
    if existing.as_ref().is_none_or(|e| e.endpoint_url != wanted.endpoint_url) {
        validate(&app, &wanted).await?;
    }
    let created = app.db.put_event_subscription(&wanted).await?;
    let stored = app.db.event_subscription(&sub, &name).await?.ok_or_else(|| not_found(&name))?;
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(answer(&app, &stored).await?)).into_response())
}

/// Runs the handshake with `s`'s endpoint; an ARM error when it fails.
pub async fn validate(app: &AppState, s: &EventSubscription) -> Result<(), ApiError> {
    handshake(&app.webhooks, &s.endpoint_url, &topic(&s.subscription), &s.name, app.clock.now())
        .await
        .map_err(|err| match err {
            HandshakeError::Endpoint(
                e @ (EndpointError::Malformed(_) | EndpointError::NotAllowed(_)),
            ) => endpoint_error(e),
            HandshakeError::Endpoint(EndpointError::Unreachable(m))
            | HandshakeError::NotValidated(m) => ApiError::new(
                StatusCode::BAD_REQUEST,
                ArmCode::EndpointValidationFailed,
                format!("Webhook validation handshake failed: {m}"),
            )
            .with_target("properties.endpointUrl"),
        })
}

/// `GET /_waybill/subscriptions/{sub}/eventSubscriptions/{name}`.
pub async fn get_event_subscription(
    State(app): State<AppState>,
    caller: Caller,
    ArmPath((sub, name)): ArmPath<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let sub = scope(&caller, &sub, Some(&name))?;
    let stored = app.db.event_subscription(&sub, &name).await?.ok_or_else(|| not_found(&name))?;
    Ok(Json(answer(&app, &stored).await?))
}

/// `DELETE /_waybill/subscriptions/{sub}/eventSubscriptions/{name}`: 200 when it was there,
/// 204 when it was not (as ARM answers deletes).
pub async fn delete_event_subscription(
    State(app): State<AppState>,
    caller: Caller,
    ArmPath((sub, name)): ArmPath<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let sub = scope(&caller, &sub, Some(&name))?;
    let gone = app.db.delete_event_subscription(&sub, &name).await?;
    Ok(if gone { StatusCode::OK } else { StatusCode::NO_CONTENT })
}

/// `GET /_waybill/subscriptions/{sub}/eventSubscriptions`.
pub async fn list_event_subscriptions(
    State(app): State<AppState>,
    caller: Caller,
    ArmPath(sub): ArmPath<String>,
) -> Result<Json<Value>, ApiError> {
    let sub = scope(&caller, &sub, None)?;
    let mut value = Vec::new();
    for s in app.db.event_subscriptions(Some(&sub)).await? {
        value.push(answer(&app, &s).await?);
    }
    Ok(Json(json!({ "value": value })))
}

/// `GET /_waybill/eventSubscriptions`: every event subscription (the operator's).
pub async fn list_all_event_subscriptions(
    State(app): State<AppState>,
    caller: Caller,
) -> Result<Json<Value>, ApiError> {
    caller.require_operator()?;
    let mut value = Vec::new();
    for s in app.db.event_subscriptions(None).await? {
        value.push(answer(&app, &s).await?);
    }
    Ok(Json(json!({ "value": value })))
}

fn delivery_json(d: &Delivery) -> Value {
    let time = |t: i64| Timestamp(t).to_rfc3339();
    let event: Value = serde_json::from_str(&d.payload).unwrap_or(Value::Null);
    json!({
        "eventId": d.event_id,
        "eventType": d.event_type,
        "subject": event.get("subject"),
        "status": d.status,
        "attempts": d.attempts,
        "queuedAt": time(d.created_at),
        "nextAttemptAt": (d.status == "Pending").then(|| time(d.next_attempt_at)),
        "lastAttemptAt": d.last_attempt_at.map(time),
        "lastHttpStatus": d.last_http_status,
        "lastError": d.last_error,
        "event": event,
    })
}

/// `GET .../eventSubscriptions/{name}/deliveries`.
pub async fn list_deliveries(
    State(app): State<AppState>,
    caller: Caller,
    ArmPath((sub, name)): ArmPath<(String, String)>,
    query: ArmQuery,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let sub = scope(&caller, &sub, Some(&name))?;
    if app.db.event_subscription(&sub, &name).await?.is_none() {
        return Err(not_found(&name));
    }
    let status = match query.get("status")? {
        None => None,
        Some(s) => Some(
            ["Pending", "Delivered", "DeadLettered"]
                .into_iter()
                .find(|k| k.eq_ignore_ascii_case(s.trim()))
                .ok_or_else(|| {
                    ApiError::new(
                        StatusCode::BAD_REQUEST,
                        ArmCode::InvalidQueryParameterValue,
                        format!("status '{s}' is not Pending, Delivered or DeadLettered."),
                    )
                })?,
        ),
    };
    let number = |key: &str| -> Result<Option<i64>, ApiError> {
        query
            .get(key)?
            .map(|v| {
                v.trim().parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
                    ApiError::new(
                        StatusCode::BAD_REQUEST,
                        ArmCode::InvalidQueryParameterValue,
                        format!("{key} must be a positive whole number."),
                    )
                })
            })
            .transpose()
    };
    let top = number("$top")?.map_or(PAGE, |n| n.min(i64::from(PAGE)) as u32);
    let before = number("$skipToken")?;
    let rows = app.db.deliveries(&sub, &name, status, before, top).await?;
    let mut body = json!({ "value": rows.iter().map(delivery_json).collect::<Vec<_>>() });
    if rows.len() == top as usize
        && let Some(last) = rows.last()
    {
        let mut link = format!(
            "{}/_waybill/subscriptions/{sub}/eventSubscriptions/{name}/deliveries?$top={top}&$skipToken={}",
            super::jobs::base_url(&app, &headers),
            last.id
        );
        if let Some(status) = status {
            link.push_str(&format!("&status={status}"));
        }
        body["nextLink"] = Value::String(link);
    }
    Ok(Json(body))
}
